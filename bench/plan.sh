#!/bin/sh
# plan.sh - `deafen plan --keep ssh` on every fixture root (fixtures/debian12:
# the real Debian 12 package files) against augtool, in one hyperfine run a
# root: augtool default (every stock module autoloaded,
# `print /files/etc/inetd.conf`) and the floor, `augtool --noautoload` with only
# the lenses and files deafen writes (inetd.conf, the xinetd files). Then the
# instructions of each (callgrind), steadier than time on a shared machine.
# Usage: bench/plan.sh [RESULT.md]; DEAFEN=path to bench another build,
# PLAN_ROOTS="bigcat debian" for fewer roots, PLAN_CALLGRIND=0 to skip callgrind.
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-plan.md}
deafen=${DEAFEN:-./deafen}
roots=${PLAN_ROOTS:-bigcat debian redhat systemd debian12}
command -v hyperfine > /dev/null || { echo "bench/plan.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -x "$deafen" ] || make deafen > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# instructions COMMAND...: callgrind's count of instructions for COMMAND
instructions() {
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$@" > /dev/null 2> "$tmp/cg.err" || true
	sed -n 's/.*Collected : *//p' "$tmp/cg.err"
}

: > "$out"
summary="| root | deafen plan ms | augtool default ms | x (time) | augtool floor ms | deafen M instr. | augtool default M instr. | x (instr.) | floor M instr. |
|:---|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in $roots; do
	root=$PWD/fixtures/$name
	script=$tmp/floor-$name
	{
		if [ -e "$root/etc/inetd.conf" ]; then
			echo 'set /augeas/load/Deafen_inetd/lens Deafen_inetd.lns'
			echo 'set /augeas/load/Deafen_inetd/incl /etc/inetd.conf'
		fi
		if [ -e "$root/etc/xinetd.conf" ]; then
			echo 'set /augeas/load/Deafen_xinetd/lens Deafen_xinetd.lns'
			echo 'set /augeas/load/Deafen_xinetd/incl[1] /etc/xinetd.conf'
			echo 'set /augeas/load/Deafen_xinetd/incl[2] /etc/xinetd.d/*'
		fi
		echo 'load'
		echo 'match /files/etc/inetd.conf/service'
	} > "$script"
	plan="$deafen --root $root -q plan --keep ssh"
	floor="augtool -A -I lenses -r $root -f $script"
	default="augtool -r $root print /files/etc/inetd.conf"
	echo "### $name" >> "$out"
	echo >> "$out"
	hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$tmp/md" --export-json "$tmp/json" \
		-n "deafen plan --keep ssh" "$plan" \
		-n "augtool --noautoload (what deafen writes)" "$floor" \
		-n "augtool default (autoload)" "$default" > /dev/null
	cat "$tmp/md" >> "$out"
	echo >> "$out"
	ms=$(jq -r '[.results[].mean * 1000 | . * 10 | round / 10] | @tsv' "$tmp/json")
	set -- $ms
	tplan=$1 tfloor=$2 tdef=$3
	ip=- ifl=- idef=- xi=-
	if [ "${PLAN_CALLGRIND:-1}" != 0 ] && command -v valgrind > /dev/null; then
		ip=$(instructions $plan | tr -d ,)
		ifl=$(instructions $floor | tr -d ,)
		idef=$(instructions $default | tr -d ,)
		xi=$(echo "$idef $ip" | awk '{printf "%.1f", $1 / $2}')
		ip=$(echo "$ip" | awk '{printf "%.1f", $1 / 1e6}')
		ifl=$(echo "$ifl" | awk '{printf "%.1f", $1 / 1e6}')
		idef=$(echo "$idef" | awk '{printf "%.1f", $1 / 1e6}')
	fi
	xt=$(echo "$tdef $tplan" | awk '{printf "%.1f", $1 / $2}')
	summary="$summary
| $name | $tplan | $tdef | **$xt** | $tfloor | $ip | $idef | **$xi** | $ifl |"
done
{
	echo "$summary"
	echo
	echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), augeas $(augtool --version 2>&1 | head -1 | cut -d' ' -f2), $(date -u +%Y-%m-%d)"
} >> "$out"
cat "$out"
