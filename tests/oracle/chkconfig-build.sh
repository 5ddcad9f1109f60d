#!/bin/sh
# chkconfig-build.sh - build the real chkconfig (github.com/fedora-sysv/chkconfig) as an
# oracle for tests/e2e/rhconform.sh: the same C code, with its compile-time paths made
# relative, so that it works on the root that is its current directory:
#     (cd ROOT && /opt/deafen-test/chkconfig/chkconfig NAME off)
# Usage: sh tests/oracle/chkconfig-build.sh [SRC] [DEST]
#   SRC: a chkconfig source tree (default: git clone of github.com/fedora-sysv/chkconfig
#        into a scratch directory; CI cannot reach GitHub, so it goes without the oracle)
#   DEST: where the binary goes (default /opt/deafen-test/chkconfig); DEST/COMMIT says
#        which source it was built from
# Needs libpopt-dev, libselinux1-dev, libsepol-dev (tests/deps.sh installs them).
# Nothing of chkconfig enters the repository: the source is only read here.
#
# What is changed from the upstream build (sed on a scratch copy, checked below):
#   leveldb.h RUNLEVELS "/etc" -> "etc", XINETDDIR "/etc/xinetd.d" -> "etc/xinetd.d",
#     SYSTEMD_SERVICE_PATH and SYSTEMD_LOCAL_SERVICE_PATH -> "lib/systemd/system",
#     "etc/systemd/system" (relative: the root is the current directory);
#   leveldb.c isConfigured() reads the link's type and priority at the fixed offsets 11
#     and 12 of "/etc/rcN.d/XNN..." -> offsets from the length of RUNLEVELS;
#   "/run/systemd/system/" and "/sbin/init" -> the root's (no systemd in a test root, so
#     it never forwards to the host's systemctl);
#   "/sbin/service xinetd reload" -> "true" (never reload the host's xinetd).
set -eu
SRC=${1:-}
DEST=${2:-/opt/deafen-test/chkconfig}
W=$(mktemp -d /tmp/chkconfig-build.XXXXXX)
trap 'rm -rf "$W"' EXIT
if [ -z "$SRC" ]; then
	git clone -q https://github.com/fedora-sysv/chkconfig "$W/git"
	SRC=$W/git
fi
commit=$(git -C "$SRC" rev-parse HEAD 2> /dev/null || echo unknown)
mkdir "$W/src"
cp "$SRC/leveldb.c" "$SRC/leveldb.h" "$SRC/chkconfig.c" "$SRC/chkconfig.spec" "$W/src/"
cd "$W/src"
sed -i 's|^#define RUNLEVELS "/etc"$|#define RUNLEVELS "etc"|; s|^#define XINETDDIR "/etc/xinetd.d"$|#define XINETDDIR "etc/xinetd.d"|;
	s|^#define SYSTEMD_SERVICE_PATH "/lib/systemd/system"$|#define SYSTEMD_SERVICE_PATH "lib/systemd/system"|;
	s|^#define SYSTEMD_LOCAL_SERVICE_PATH "/etc/systemd/system"$|#define SYSTEMD_LOCAL_SERVICE_PATH "etc/systemd/system"|' leveldb.h
sed -i 's|gl_pathv\[0\]\[11\]|gl_pathv[0][sizeof(RUNLEVELS) + 6]|; s|gl_pathv\[0\] + 12|gl_pathv[0] + sizeof(RUNLEVELS) + 7|;
	s|"/run/systemd/system/"|"run/systemd/system/"|; s|"/sbin/init"|"sbin/init"|' leveldb.c
sed -i 's|"/sbin/service xinetd reload >/dev/null 2>&1"|"true"|' chkconfig.c
# every change must have happened: a new upstream that moved one fails here, loudly
for check in 'leveldb.h:#define RUNLEVELS "etc"' 'leveldb.h:#define XINETDDIR "etc/xinetd.d"' \
	'leveldb.h:#define SYSTEMD_SERVICE_PATH "lib/systemd/system"' 'leveldb.h:#define SYSTEMD_LOCAL_SERVICE_PATH "etc/systemd/system"' \
	'leveldb.c:gl_pathv[0][sizeof(RUNLEVELS) + 6]' 'leveldb.c:gl_pathv[0] + sizeof(RUNLEVELS) + 7' \
	'leveldb.c:"run/systemd/system/"' 'leveldb.c:"sbin/init"' 'chkconfig.c:system("true")'; do
	if ! grep -qF "${check#*:}" "${check%%:*}"; then
		echo "chkconfig-build.sh: ${check%%:*}: no '${check#*:}' after the edit (upstream changed?)" >&2
		exit 1
	fi
done
if grep -n '"/etc\|"/run\|"/lib\|"/sbin/service\|"/sbin/init' leveldb.c leveldb.h chkconfig.c | grep -v 'bindtextdomain\|/usr/share/locale'; then
	echo "chkconfig-build.sh: an absolute path is left (above)" >&2
	exit 1
fi
version=$(awk '/^Version:/ { print $2 }' chkconfig.spec)
cc -O2 -g -w -D_GNU_SOURCE "-DVERSION=\"$version\"" -o chkconfig chkconfig.c leveldb.c -lpopt -lselinux -lsepol
mkdir -p "$DEST"
install -m 755 chkconfig "$DEST/chkconfig"
printf '%s %s\n' "$commit" "$version" > "$DEST/COMMIT"
echo "chkconfig-build.sh: $DEST/chkconfig (chkconfig $version, $commit)"
