#!/bin/sh
# scale.sh - time and peak RSS of list and plan on synthetic roots of growing size
# Usage: bench/scale.sh [RESULT.md]
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-scale.md}
[ -x ./deafen ] || make deafen > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
	echo "| xinetd files | init scripts | list s | list max RSS KB | plan --keep ssh s | plan max RSS KB |"
	echo "|---:|---:|---:|---:|---:|---:|"
} > "$out"
for size in "100 100" "1000 100" "1000 1000" "5000 1000"; do
	set -- $size
	sh bench/gen-root.sh "$work/r" "$1" "$2"
	l=$(/usr/bin/time -f "%e %M" ./deafen --root "$work/r" -q list 2>&1 > /dev/null | tail -1)
	p=$(/usr/bin/time -f "%e %M" ./deafen --root "$work/r" -q plan --keep ssh 2>&1 > /dev/null | tail -1)
	echo "| $1 | $2 | ${l% *} | ${l#* } | ${p% *} | ${p#* } |" >> "$out"
done
echo >> "$out"
echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)" >> "$out"
cat "$out"
