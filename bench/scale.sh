#!/bin/sh
# scale.sh - time and peak RSS of list, plan and apply+rollback on synthetic roots
# of growing size (bench/gen-root.sh), and the fitted growth exponent of each;
# then plan on a growing inetd.conf and apply of a growing policy file.
# Usage: bench/scale.sh [RESULT.md]; SCALE_PARTS=inputs runs only the last two
# (the inetd.conf entries and the policy lines of issue 15 case 16).
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-scale.md}
[ -x /usr/bin/time ] || { echo "bench/scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -x ./deafen ] || make deafen > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data

# measure LABEL CMD...: "seconds maxrss_kb" of one run
measure() {
	shift
	/usr/bin/time -f "%e %M" "$@" 2>&1 > /dev/null | tail -1
}

: > "$out"
if [ "${SCALE_PARTS:-all}" = all ]; then
{
	echo "| xinetd files | init scripts | list s | list RSS KB | plan --keep ssh s | plan RSS KB | apply s | rollback s | apply RSS KB |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$out"
: > "$data"
for size in "100 100" "1000 100" "5000 100" "100 1000" "1000 1000" "5000 1000"; do
	set -- $size
	sh bench/gen-root.sh "$work/r" "$1" "$2"
	l=$(measure list ./deafen --root "$work/r" -q list)
	p=$(measure plan ./deafen --root "$work/r" -q plan --keep ssh)
	a=$(measure apply ./deafen --root "$work/r" --backup-dir "$work/bk" -q apply --keep ssh --no-reload)
	b=$(measure rollback ./deafen --root "$work/r" --backup-dir "$work/bk" -q rollback --no-reload)
	rm -rf "$work/bk"
	echo "| $1 | $2 | ${l% *} | ${l#* } | ${p% *} | ${p#* } | ${a% *} | ${b% *} | ${a#* } |" >> "$out"
	echo "$(($1 + $2)) ${l% *} ${p% *} ${a% *} ${b% *}" >> "$data"
done
# the exponent k of time = c * files^k
python3 bench/fit.py "$data" files "list: time" "plan: time" "apply: time" "rollback: time" >> "$out"
fi

# issue 15 case 16: plan --keep ssh on fixtures/debian with N extra inetd.conf
# entries (was quadratic: 130 s at 20,000), and apply of a policy file of N
# lines (policy_describe was quadratic: past 120 s at 1.1M). CPU seconds
# (user + sys), steadier than the wall clock on a shared machine.
cpu() {
	/usr/bin/time -f "%U %S %M" "$@" 2>&1 > /dev/null | tail -1 |
		awk '{ printf "%.2f %s\n", $1 + $2, $3 }'
}
# fit FILE: the exponent k of time = c * n^k over its "n seconds" lines
fit() {
	python3 - "$1" << 'PY'
import math, sys
pts = [tuple(map(float, l.split()[:2])) for l in open(sys.argv[1]) if l.strip()]
pts = [(math.log(n), math.log(max(t, 0.005))) for n, t in pts]
mx = sum(x for x, _ in pts) / len(pts); my = sum(y for _, y in pts) / len(pts)
print(f"{sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts):.2f}")
PY
}
{
	echo
	echo "| extra inetd.conf entries | plan --keep ssh CPU s | plan RSS KB |"
	echo "|---:|---:|---:|"
} >> "$out"
: > "$work/inetd"
for n in 2500 5000 10000 20000; do
	rm -rf "$work/r"
	cp -a fixtures/debian "$work/r"
	awk -v n=$n 'BEGIN { for (i = 0; i < n; i++)
		printf "svc%d\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/svc%d\n", i, i }' \
		>> "$work/r/etc/inetd.conf"
	p=$(cpu ./deafen --root "$work/r" -q plan --keep ssh)
	echo "| $n | ${p% *} | ${p#* } |" >> "$out"
	echo "$n ${p% *}" >> "$work/inetd"
done
echo "- plan --keep ssh: time grows as entries^$(fit "$work/inetd")" >> "$out"
{
	echo
	echo "| policy file lines | apply --policy CPU s | apply RSS KB |"
	echo "|---:|---:|---:|"
} >> "$out"
: > "$work/policy"
for n in 137500 275000 550000 1100000; do
	rm -rf "$work/r" "$work/bk"
	cp -a fixtures/debian "$work/r"
	awk -v n=$n 'BEGIN { print "keep ssh"; for (i = 0; i < n; i++) print "disable telnet" }' > "$work/policy.txt"
	a=$(cpu ./deafen --root "$work/r" --backup-dir "$work/bk" -q apply --policy "$work/policy.txt" --no-reload)
	echo "| $n | ${a% *} | ${a#* } |" >> "$out"
	echo "$n ${a% *}" >> "$work/policy"
done
echo "- apply --policy: time grows as lines^$(fit "$work/policy")" >> "$out"
{
	echo
	echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d)"
} >> "$out"
cat "$out"
