#!/bin/sh
# report.sh - time and peak RSS of `deafen report` on N synthetic host documents
# (bench/gen-fleet.py: real list, verify and backups output of the fixture
# roots, as they are and after apply --keep ssh, with variations; a scan made
# from each list), for N = 1,000 .. 10,000, the HTML page and --format json
# and csv; then the fitted growth exponent. Goal (issue 19): 10,000 hosts in
# under 2 s and 256 MB, growing linearly.
# Usage: bench/report.sh [RESULT.md]; DEAFEN=path to bench another build,
# REPORT_SIZES="1000 10000" for other sizes, REPORT_RUNS=3 runs a size (the
# best of them: the machine is shared; CPU seconds, user + sys, are steadier
# than the wall clock there), REPORT_KEEP=DIR keeps the fleet in DIR.
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-report.md}
deafen=${DEAFEN:-./deafen}
sizes=${REPORT_SIZES:-1000 2000 5000 10000}
runs=${REPORT_RUNS:-3}
# a build of another tree (DEAFEN=) finds its lenses here
DEAFEN_LENS_DIR=${DEAFEN_LENS_DIR:-$PWD/lenses}
export DEAFEN_LENS_DIR
[ -x /usr/bin/time ] || { echo "bench/report.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -x "$deafen" ] || make deafen > /dev/null
if [ -n "${REPORT_KEEP:-}" ]; then # keep the fleet there, to profile
	work=$REPORT_KEEP
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
t=$work/templates
mkdir -p "$t"

# the templates: what deafen writes on each fixture root, as it is and applied
for name in debian redhat systemd bigcat; do
	cp -a "fixtures/$name" "$work/root"
	"$deafen" --root "$work/root" --format json list > "$t/$name.asis.list.json"
	"$deafen" --root "$work/root" --format json verify --keep ssh > "$t/$name.asis.verify.json" || true
	"$deafen" --root "$work/root" --backup-dir "$work/bk" -q apply --keep ssh --no-reload > /dev/null
	"$deafen" --root "$work/root" --format json list > "$t/$name.applied.list.json"
	"$deafen" --root "$work/root" --backup-dir "$work/bk" --format json verify --keep ssh \
		> "$t/$name.applied.verify.json" || true
	"$deafen" --root "$work/root" --backup-dir "$work/bk" --format json backups > "$t/$name.applied.backups.json"
	rm -rf "$work/root" "$work/bk"
done
max=0
for n in $sizes; do [ "$n" -gt "$max" ] && max=$n; done
python3 bench/gen-fleet.py "$t" "$work/fleet" "$max"

# best LOG: "wall cpu maxrss_kb", the least of each over the runs in LOG
best() {
	printf '%s %s %s\n' "$(sort -n -k1 "$1" | head -1 | cut -d' ' -f1)" \
		"$(sort -n -k2 "$1" | head -1 | cut -d' ' -f2)" "$(sort -n -k3 "$1" | head -1 | cut -d' ' -f3)"
}
# measure N FORMAT: best of $runs runs of report on the first N hosts
measure() {
	: > "$work/log"
	for _ in $(seq "$runs"); do
		# shellcheck disable=SC2046 # the file names have no blanks
		/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$deafen" --format "$2" report \
			$(ls "$work/fleet" | head -n "$1" | sed "s|^|$work/fleet/|") > "$work/page"
		awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time" >> "$work/log"
	done
	best "$work/log"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }

{
	echo "| hosts | documents MB | page s | page CPU s | page RSS MB | page MB | json CPU s | json RSS MB | csv CPU s | csv RSS MB |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$out"
: > "$work/data"
# shellcheck disable=SC2046 # measure's three numbers, split on purpose
for n in $sizes; do
	docs=$(ls "$work/fleet" | head -n "$n" | sed "s|^|$work/fleet/|" | xargs cat | wc -c)
	set -- $(measure "$n" text)
	size=$(wc -c < "$work/page")
	hw=$1 hc=$2 hr=$3
	set -- $(measure "$n" json)
	jc=$2 jr=$3
	set -- $(measure "$n" csv)
	echo "| $n | $(awk -v b="$docs" 'BEGIN { printf "%.1f", b / 1048576 }') | $hw | $hc | $(mb "$hr") | $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1048576 }') | $jc | $(mb "$jr") | $2 | $(mb "$3") |" >> "$out"
	echo "$n $hc $hr $jc $2" >> "$work/data"
done
python3 bench/fit.py "$work/data" hosts "page CPU time:" "page RSS:" "json CPU time:" "csv CPU time:" >> "$out"
{
	echo
	echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d)"
} >> "$out"
cat "$out"
