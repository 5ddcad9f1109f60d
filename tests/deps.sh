#!/bin/sh
# deps.sh - install what the build and every test of `make check` need, on
# Debian 12, as root. Idempotent: a second run finds everything in place and
# neither updates the package lists nor downloads anything.
#
# - the build and test packages, from apt (libpopt-dev, libselinux1-dev and
#   libsepol-dev build the real chkconfig as an oracle, tests/oracle/chkconfig-build.sh,
#   where its source can be fetched; rhconform.sh runs without it on golden data;
#   ansible-core and what its ansible-test sanity and units need for
#   contrib/ansible: pylint, yamllint, pycodestyle, voluptuous, pytest with
#   xdist and forked, venv);
# - openbsd-inetd, which live.sh starts on private files: installed under a
#   policy-rc.d that exits 101, so that it is not started as a service;
# - xinetd and inetutils-inetd, which conflict with openbsd-inetd as packages:
#   downloaded and unpacked (dpkg -x) into /opt/deafen-test/{xinetd,inetutils},
#   where live.sh looks for them; nothing of them is installed or started.
#   chrony likewise into /opt/deafen-test/chrony, for chrony.sh: installed, it
#   would remove systemd-timesyncd and start; its libraries are in PKGS.
set -eu

PKGS="build-essential pkg-config libaugeas-dev augeas-tools augeas-lenses libxml2-dev
	libxml2-utils libcmocka-dev git patch python3 python3-jsonschema valgrind util-linux
	bsdutils iproute2 procps groff-base apt systemd ansible-core attr acl gdb update-inetd
	init-system-helpers hyperfine chromium fonts-dejavu-core libpopt-dev
	libselinux1-dev libsepol-dev libcap2 libgnutls30 libnettle8 libseccomp2
	pylint yamllint pycodestyle python3-voluptuous python3-pytest python3-pytest-xdist
	python3-pytest-forked python3-venv"
PRIVATE=/opt/deafen-test

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: run as root (it installs packages)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2> /dev/null)" = installed ]
}

updated=no
update_once() {
	[ "$updated" = yes ] && return
	echo "deps.sh: apt-get update"
	apt-get update -q
	updated=yes
}

missing=
for p in $PKGS; do
	installed "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	update_once
	echo "deps.sh: installing$missing"
	# shellcheck disable=SC2086 # one word per package
	apt-get install -y -q --no-install-recommends $missing
fi

# openbsd-inetd: a policy-rc.d that says no to every start while it is
# installed; one already there is put back afterwards, also on failure.
if ! installed openbsd-inetd; then
	update_once
	policy=/usr/sbin/policy-rc.d
	saved=
	if [ -e "$policy" ] || [ -L "$policy" ]; then
		saved=$(mktemp /usr/sbin/policy-rc.d.deafen.XXXXXX)
		mv -f "$policy" "$saved"
	fi
	restore() {
		rm -f "$policy"
		if [ -n "$saved" ]; then mv -f "$saved" "$policy"; fi
	}
	trap 'restore' EXIT
	trap 'exit 1' INT TERM HUP
	printf '#!/bin/sh\n# deafen tests/deps.sh: start no service while installing\nexit 101\n' > "$policy"
	chmod 755 "$policy"
	echo "deps.sh: installing openbsd-inetd (not started: policy-rc.d exits 101)"
	apt-get install -y -q --no-install-recommends openbsd-inetd
	restore
	trap - EXIT INT TERM HUP
fi

# the private unpacks: each is made in a scratch directory and moved into
# place whole, so a directory present is a complete one
for spec in xinetd:xinetd:usr/sbin/xinetd inetutils-inetd:inetutils:usr/sbin/inetutils-inetd \
	chrony:chrony:usr/sbin/chronyd; do
	pkg=${spec%%:*}
	rest=${spec#*:}
	dir=$PRIVATE/${rest%%:*}
	bin=${rest#*:}
	[ -x "$dir/$bin" ] && continue
	update_once
	echo "deps.sh: unpacking $pkg into $dir"
	mkdir -p "$PRIVATE"
	dl=$(mktemp -d)
	trap 'rm -rf "$dl"' EXIT
	trap 'exit 1' INT TERM HUP
	# root downloads: _apt could not write into the mktemp directory
	(cd "$dl" && apt-get download -q -o APT::Sandbox::User=root "$pkg" > /dev/null)
	dpkg -x "$dl/${pkg}"_*.deb "$dl/tree"
	[ -x "$dl/tree/$bin" ] || { echo "deps.sh: $pkg has no $bin" >&2; exit 1; }
	rm -rf "$dir"
	mv "$dl/tree" "$dir"
	rm -rf "$dl"
	trap - EXIT INT TERM HUP
done
echo "deps.sh: everything the build and the tests need is in place"
