#!/bin/sh
# scale.sh - CPU time and peak RSS of list, plan, apply and rollback on synthetic
# roots (bench/gen-root.sh) growing along one axis at a time: xinetd files, init
# scripts, rc links, unit files, inetd.conf entries, names xinetd skips in
# xinetd.d (beside 200 files), include lines, drop-ins of a unit; the fitted growth exponent
# of each command on each axis; the plan of 5,000 xinetd files + 1,000 init
# scripts; then plan on fixtures/debian with a growing inetd.conf and apply of a
# growing policy file (issue 15 case 16).
# Usage: bench/scale.sh [RESULT.md]; SCALE_PARTS=inputs runs only the last two,
# SCALE_PARTS=axes all but them;
# SCALE_SIZES="...", SCALE_INETD="...", SCALE_SKIP="...", SCALE_INCLUDE="..." and SCALE_DROPIN="..."
# change the sizes of the axes; SCALE_ONLY="NAME" runs that axis alone;
# SCALE_RUNS=N: list and plan take the best of N runs (3).
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-scale.md}
[ -x /usr/bin/time ] || { echo "bench/scale.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -x ./deafen ] || make deafen > /dev/null
# on tmpfs where there is one: ext4 after many deleted files spends seconds of kernel
# time finding a free inode for each file apply creates (bench/RESULTS.md), not deafen's
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then TMPDIR=/dev/shm; export TMPDIR; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data

# cpu N CMD...: "CPU-seconds maxrss_kb" of the best of N runs of CMD (user +
# sys: steadier than the wall clock on a shared machine, and the least of a
# few runs the least disturbed by it). apply and rollback change the root:
# one run each.
runs=${SCALE_RUNS:-3}
cpu() {
	n=$1
	shift
	best=
	for _ in $(seq "$n"); do
		got=$(/usr/bin/time -f "%U %S %M" "$@" 2>&1 > /dev/null | tail -1 |
			awk '{ printf "%.2f %s\n", $1 + $2, $3 }')
		if [ -z "$best" ] || [ "$(echo "$got $best" | awk '{ print ($1 < $3) }')" = 1 ]; then
			best=$got
		fi
	done
	echo "$best"
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

# axis NAME UNIT "SIZES" GEN-ARGS: for each size N, a root from
# bench/gen-root.sh with GEN-ARGS (N in it replaced by the size), then list,
# plan --keep ssh, apply --keep ssh and rollback on it; a table and the
# fitted exponent of each command.
axis() {
	name=$1 unit=$2 sizes=$3 gen=$4
	[ "${SCALE_ONLY:-$name}" = "$name" ] || return 0
	{
		echo
		echo "| $unit | list CPU s | plan CPU s | apply CPU s | rollback CPU s | plan RSS KB | apply RSS KB |"
		echo "|---:|---:|---:|---:|---:|---:|---:|"
	} >> "$out"
	for c in list plan apply rollback; do : > "$work/fit-$c"; done
	for n in $sizes; do
		# shellcheck disable=SC2046
		sh bench/gen-root.sh "$work/r" $(echo "$gen" | sed "s/N/$n/g")
		l=$(cpu "$runs" ./deafen --root "$work/r" -q list)
		p=$(cpu "$runs" ./deafen --root "$work/r" -q plan --keep ssh)
		a=$(cpu 1 ./deafen --root "$work/r" --backup-dir "$work/bk" -q apply --keep ssh --no-reload)
		b=$(cpu 1 ./deafen --root "$work/r" --backup-dir "$work/bk" -q rollback --no-reload)
		rm -rf "$work/bk"
		echo "| $n | ${l% *} | ${p% *} | ${a% *} | ${b% *} | ${p#* } | ${a#* } |" >> "$out"
		echo "$n ${l% *}" >> "$work/fit-list"
		echo "$n ${p% *}" >> "$work/fit-plan"
		echo "$n ${a% *}" >> "$work/fit-apply"
		echo "$n ${b% *}" >> "$work/fit-rollback"
	done
	echo >> "$out"
	echo "- $name: list n^$(fit "$work/fit-list"), plan n^$(fit "$work/fit-plan"), apply n^$(fit "$work/fit-apply"), rollback n^$(fit "$work/fit-rollback")" >> "$out"
	echo "$name $(fit "$work/fit-list") $(fit "$work/fit-plan") $(fit "$work/fit-apply") $(fit "$work/fit-rollback")" >> "$work/exponents"
}

: > "$out"
: > "$work/exponents"
if [ "${SCALE_PARTS:-all}" = all ] || [ "${SCALE_PARTS:-all}" = axes ]; then
	# gen-root.sh ROOT NXINETD NSCRIPTS NUNITS NINETD [nolinks [NSKIP [NINCLUDE [NDROPIN]]]]
	axis "xinetd files" "xinetd files (+ 10 scripts)" "${SCALE_SIZES:-625 1250 2500 5000}" "N 10 0 0"
	axis "init scripts" "init scripts, no rc link" "${SCALE_SIZES:-625 1250 2500 5000}" "10 N 0 0 nolinks"
	axis "rc links" "init scripts, 7 rc links each" "${SCALE_SIZES:-625 1250 2500 5000}" "10 N 0 0"
	axis "unit files" "unit files (each enabled by a link)" "${SCALE_SIZES:-625 1250 2500 5000}" "10 10 N 0"
	axis "inetd.conf entries" "inetd.conf entries" "${SCALE_INETD:-1250 2500 5000 10000}" "0 10 0 N"
	axis "skipped names" "names xinetd skips, beside 200 xinetd files" "${SCALE_SKIP:-2500 5000 10000 20000}" "200 10 0 0 links N"
	axis "include lines" "include lines of xinetd.conf, a file each" "${SCALE_INCLUDE:-1000 2000 4000 8000}" "0 10 0 0 links 0 N"
	axis "drop-ins" "drop-ins of one unit (beside 10 units)" "${SCALE_DROPIN:-2000 4000 8000 16000}" "0 10 10 0 links 0 0 N"
	{
		echo
		echo "| axis | list | plan | apply | rollback |"
		echo "|:---|---:|---:|---:|---:|"
		awk '{ k = NF; printf "| %s", $1; for (i = 2; i <= k - 4; i++) printf " %s", $i; printf " | %s | %s | %s | %s |\n", $(k-3), $(k-2), $(k-1), $k }' "$work/exponents"
	} >> "$out"
	# issue 7's goal: plan of 5,000 xinetd files + 1,000 init scripts under 1 s, RSS under 64 MB
	[ -z "${SCALE_ONLY:-}" ] || { cat "$out"; exit 0; }
	sh bench/gen-root.sh "$work/r" 5000 1000
	best=
	for i in 1 2 3; do
		t=$(/usr/bin/time -f "%e %U %S %M" ./deafen --root "$work/r" -q plan --keep ssh 2>&1 > /dev/null | tail -1)
		if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $5) }')" = 1 ]; then best=$t; fi
	done
	set -- $best
	{
		echo
		echo "- plan --keep ssh, 5,000 xinetd files + 1,000 init scripts (best of 3): $1 s wall, $(echo "$2 $3" | awk '{ printf "%.2f", $1 + $2 }') s CPU, $4 KB RSS"
	} >> "$out"
fi

if [ "${SCALE_PARTS:-all}" = axes ]; then
	cat "$out"
	exit 0
fi

# issue 15 case 16: plan --keep ssh on fixtures/debian with N extra inetd.conf
# entries (was quadratic: 130 s at 20,000), and apply of a policy file of N
# lines (policy_describe was quadratic: past 120 s at 1.1M). CPU seconds
# (user + sys), steadier than the wall clock on a shared machine.
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
	p=$(cpu "$runs" ./deafen --root "$work/r" -q plan --keep ssh)
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
	a=$(cpu 1 ./deafen --root "$work/r" --backup-dir "$work/bk" -q apply --policy "$work/policy.txt" --no-reload)
	echo "| $n | ${a% *} | ${a#* } |" >> "$out"
	echo "$n ${a% *}" >> "$work/policy"
done
echo "- apply --policy: time grows as lines^$(fit "$work/policy")" >> "$out"
{
	echo
	echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d)"
} >> "$out"
cat "$out"
