#!/bin/sh
# plan.sh - deafen plan on fixtures/bigcat against augtool loading the same files,
# default (every stock module autoloaded) and --noautoload (only the lenses named),
# in one hyperfine run. Usage: bench/plan.sh [RESULT.md]
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-plan.md}
root=$PWD/fixtures/bigcat
command -v hyperfine > /dev/null || { echo "bench/plan.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
[ -x ./deafen ] || make deafen > /dev/null

# the same files deafen reads: inetd.conf, services, inittab, every init script
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
	echo 'set /augeas/load/Deafen_inetd/lens Deafen_inetd.lns'
	echo 'set /augeas/load/Deafen_inetd/incl /etc/inetd.conf'
	echo 'set /augeas/load/Services/lens Services.lns'
	echo 'set /augeas/load/Services/incl /etc/services'
	echo 'set /augeas/load/Deafen_initscript/lens Deafen_initscript.lns'
	echo 'set /augeas/load/Deafen_initscript/incl /etc/rc.d/init.d/*'
	echo 'load'
	echo 'match /files/etc/inetd.conf/service'
} > "$script"

hyperfine -N --warmup 3 --runs 30 --export-markdown "$out" \
	-n "deafen plan" "./deafen --root $root -q plan --keep ssh,x11,printer,netbios-ssn" \
	-n "augtool --noautoload (same lenses, same files)" "augtool -A -I lenses -r $root -f $script" \
	-n "augtool default (autoload)" "augtool -r $root match /files/etc/inetd.conf/*"
{
	echo
	echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), augeas $(augtool --version 2>&1 | head -1 | cut -d' ' -f2), $(date -u +%Y-%m-%d)"
} >> "$out"
cat "$out"
