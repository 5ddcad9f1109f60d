#!/bin/sh
# chkconfig.sh - record what the real chkconfig does to every service of a Red Hat
# fixture, as the golden data of tests/e2e/rhconform.sh:
#   sh tests/oracle/chkconfig.sh FIXTURE [OUT]     (OUT default: stdout)
# e.g. sh tests/oracle/chkconfig.sh redhat12 > tests/e2e/expected/chkconfig-redhat12.txt
# CHKCONFIG (default /opt/deafen-test/chkconfig/chkconfig) is the real chkconfig built
# by tests/oracle/chkconfig-build.sh; it runs in a copy of fixtures/FIXTURE as its
# current directory. For every name chkconfig knows there (init scripts, then xinetd
# files; rh_names in rhdelta.sh), each on a fresh copy:
#   off NAME      chkconfig NAME off            (deafen apply --disable / --mask --disable)
#   on NAME       chkconfig NAME on             (deafen enable NAME)
#   offon NAME    chkconfig NAME off; chkconfig NAME on  (apply --disable, then enable)
# and writes what changed, in rhdelta.sh's form, under "== ACTION NAME"; lines that
# begin with "#" (chkconfig's version, its exit status and messages) are for the reader.
set -eu
FIX=${1:?usage: chkconfig.sh FIXTURE [OUT]}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CHK=${CHKCONFIG:-/opt/deafen-test/chkconfig/chkconfig}
[ -x "$CHK" ] || { echo "chkconfig.sh: no chkconfig at $CHK (sh tests/oracle/chkconfig-build.sh)" >&2; exit 1; }
SCRATCH=$(mktemp -d /tmp/chkconfig-oracle.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
. "$TOP/tests/oracle/rhdelta.sh"
rh_xinetd_ok || { echo "chkconfig.sh: needs xinetd in /opt/deafen-test/xinetd, script and unshare -n (root)" >&2; exit 1; }
[ $# -ge 2 ] && exec > "$2"
FROOT=$TOP/fixtures/$FIX
rh_listing "$FROOT" > "$SCRATCH/l.fixture"
printf '# what the real chkconfig does on fixtures/%s: tests/oracle/chkconfig.sh %s\n' "$FIX" "$FIX"
printf '# chkconfig %s\n' "$(cat "$(dirname "$CHK")/COMMIT" 2> /dev/null || "$CHK" --version)"
printf '== fixture\n%s\n' "$(rh_serves "$FROOT")"

# chk DIR ARGS...: chkconfig ARGS in DIR; its exit status and messages as "#" lines
chk() {
	d=$1
	shift
	st=0
	(cd "$d" && "$CHK" "$@") > "$d.msg" 2>&1 || st=$?
	printf '# chkconfig %s: exit %s\n' "$*" "$st"
	sed 's/^/#   /' "$d.msg"
}

# record PART: the records of every third name from the PART-th, each name's in
# $SCRATCH/rec/NAME (three side by side: chkconfig reads every script each time)
record() {
	for n in $(rh_names "$FROOT" | awk -v p="$1" 'NR % 3 == p'); do
		for act in off on offon; do
			r=$SCRATCH/root.$n.$act
			# hard links to the fixture's copy: chkconfig replaces the links and
			# files it changes (unlink, symlink; a new xinetd file renamed over)
			cp -al "$SCRATCH/base" "$r"
			printf '== %s %s\n' "$act" "$n"
			case $act in
			off) chk "$r" "$n" off ;;
			on) chk "$r" "$n" on ;;
			offon) chk "$r" "$n" off && chk "$r" "$n" on ;;
			esac
			rh_listing "$r" > "$SCRATCH/l.$1"
			rh_delta "$SCRATCH/l.fixture" "$SCRATCH/l.$1" > "$SCRATCH/d.$1"
			cat "$SCRATCH/d.$1"
			if grep -q ' etc/xinetd\.d/' "$SCRATCH/d.$1"; then
				rh_serves "$r"
			fi
		done > "$SCRATCH/rec/$n"
	done
}

cp -a "$FROOT" "$SCRATCH/base"
mkdir "$SCRATCH/rec"
for part in 0 1 2; do
	record $part &
done
wait
for n in $(rh_names "$FROOT"); do
	cat "$SCRATCH/rec/$n"
done
if [ "$(rh_listing "$SCRATCH/base")" != "$(cat "$SCRATCH/l.fixture")" ]; then
	echo "chkconfig.sh: a file of the shared copy was written through a hard link" >&2
	exit 1
fi
