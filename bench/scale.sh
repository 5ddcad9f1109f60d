#!/bin/sh
# scale.sh - time and peak RSS of list, plan and apply+rollback on synthetic roots
# of growing size (bench/gen-root.sh), and the fitted growth exponent of each.
# Usage: bench/scale.sh [RESULT.md]
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
# the exponent k of time = c * files^k, least squares on the logs
python3 - "$data" >> "$out" << 'PY'
import math, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
print()
for col, name in ((1, "list"), (2, "plan"), (3, "apply"), (4, "rollback")):
    pts = [(math.log(r[0]), math.log(max(r[col], 0.005))) for r in rows]
    n = len(pts); mx = sum(x for x, _ in pts) / n; my = sum(y for _, y in pts) / n
    k = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    print(f"- {name}: time grows as files^{k:.2f}")
PY
{
	echo
	echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d)"
} >> "$out"
cat "$out"
