#!/bin/sh
# conform.sh - every service of fixtures/debian12 (real Debian 12 packages, see its
# README) disabled and masked by deafen and by the real tools, on two copies each:
# the same files, links and link targets under etc/ (#16, Acceptance).
#   disable NAME: systemctl --root disable of NAME's units (NAME.service, .socket,
#     .path: a base name selects all three, deafen's documented improvement on
#     systemctl), then, for an init script NAME, what systemctl runs through
#     systemd-sysv-install: update-rc.d NAME defaults; update-rc.d NAME disable.
#   mask NAME: systemctl --root mask of the same units (NAME.service for a script
#     with no unit; systemctl leaves the rc links).
# Deliberate differences (README) are compared as documented: a NAME's base name takes
# its .socket and .path (above); `--disable X` of what a service that stays needs
# (README, "What stays with what stays") changes nothing and exits 2 naming it, then
# with --force does what the real tools do. A mismatch that is known (KNOWN below,
# each with its point of #16) is printed and counted, not failed; any other fails.
. "$(dirname "$0")/lib.sh"
FIX=debian12
FROOT=$TOP/fixtures/$FIX
UNITDIR=$FROOT/lib/systemd/system

# KNOWN: "ACTION NAME: why (issue point)", the mismatches left; the list shrinks as
# they are fixed (an entry that agrees is reported so, and can go)
KNOWN="mask exim4: script only: systemctl mask makes exim4.service -> /dev/null and leaves the S links; deafen turns them K (#16 §4, script-only --mask)
mask isc-dhcp-server: script only, as exim4 (#16 §4, script-only --mask)
mask nbd-server: script only, as exim4 (#16 §4, script-only --mask)
mask slapd: script only, as exim4 (#16 §4, script-only --mask)
mask tftpd-hpa: script only, as exim4 (#16 §4, script-only --mask)
mask xinetd: script only, as exim4 (#16 §4, script-only --mask)
disable nfs-kernel-server: alias unit (-> nfs-server.service) with a script of its name: systemd-sysv-install turns S01nfs-kernel-server K, deafen leaves it (#16 §4, alias units)
disable openbsd-inetd: alias unit (-> inetd.service) with a script of its name: as nfs-kernel-server (#16 §4, alias units)
disable samba-ad-dc: unit disabled (as the package ships it), script with S links: systemd-sysv-install turns them K, deafen says nothing to do (#16 §4, disabled unit with S links)
disable mysql: alias of mariadb.service, no script mysql: systemctl leaves mariadb's S links (sysv-install goes by the name given), deafen turns them K (#16 §4, alias units)
disable mysqld: alias of mariadb.service, as mysql (#16 §4, alias units)
disable nmb: alias of nmbd.service, as mysql: deafen turns nmbd's S links K (#16 §4, alias units)
disable smb: alias of smbd.service, as mysql: deafen turns smbd's S links K (#16 §4, alias units)
mask mysql: alias: systemctl masks the alias name (mysql.service -> /dev/null, which leaves mariadb.service startable), deafen masks mariadb.service (#16 §4, alias units)
mask mysqld: alias, as mask mysql (#16 §4, alias units)
mask nmb: alias, as mask mysql: deafen masks nmbd.service (#16 §4, alias units)
mask smb: alias, as mask mysql: deafen masks smbd.service (#16 §4, alias units)
mask samba: alias of samba-ad-dc.service, as mask mysql (#16 §4, alias units)
mask nfs-kernel-server: alias, as mask mysql: deafen masks nfs-server.service (#16 §4, alias units)
mask openbsd-inetd: alias, as mask mysql: deafen masks inetd.service (#16 §4, alias units)
mask portmap: alias of rpcbind.service, as mask mysql (#16 §4, alias units)
disable portmap: alias of rpcbind.service, as mysql (after --force: rpcbind is needed by nfs-server): deafen turns rpcbind's rcS link K (#16 §4, alias units)"

if ! command -v systemctl > /dev/null || [ ! -f /usr/sbin/update-rc.d ] || ! command -v perl > /dev/null; then
	skip "conformance with the real tools: needs systemctl, update-rc.d and perl (sh tests/deps.sh)"
	finish
	exit
fi
# update-rc.d reads the LSB header from the host's /etc/init.d even with DPKG_ROOT:
# a copy that reads the root's
URC=$SCRATCH/update-rc.d
sed 's|foreach my \$file ("/etc/insserv/overrides/\$name", "/etc/init.d/\$name",|foreach my $file ("$dpkg_root/etc/insserv/overrides/$name", "$dpkg_root/etc/init.d/$name",|' \
	/usr/sbin/update-rc.d > "$URC"
if ! grep -q 'dpkg_root/etc/init.d/\$name' "$URC"; then
	skip "conformance with the real tools: this update-rc.d has no header lookup to point into a root"
	finish
	exit
fi

# the services: every init script, every unit base name (aliases included) that is no template
names=${CONFORM_NAMES:-}
[ -n "$names" ] || names=$( (ls "$FROOT/etc/init.d"; cd "$UNITDIR" && ls | grep -E '^[^@]+\.(service|socket|path)$' |
	sed 's/\.[a-z]*$//') | sort -u)

# units NAME: NAME's units in lib/systemd/system (files or alias links)
units() {
	u=""
	for t in service socket path; do
		[ -e "$UNITDIR/$1.$t" ] || [ -L "$UNITDIR/$1.$t" ] && u="$u $1.$t"
	done
	printf '%s\n' "${u# }"
}

# tree DIR: every file, link (with target) and directory under DIR/etc
tree() {
	(cd "$1" && find etc \( -type l -printf '%p -> %l\n' \) -o \( -type d -printf '%p/ %m\n' \) \
		-o -printf '%p %m\n' | sort)
}

# real ACTION NAME DIR: the real tools' ACTION of NAME on DIR; 0 or their failure
real() {
	u=$(units "$2")
	if [ "$1" = mask ]; then
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$3" mask ${u:-$2.service} > "$SCRATCH/real" 2>&1
		return
	fi
	if [ -n "$u" ]; then
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$3" disable $u > "$SCRATCH/real" 2>&1 || return
	fi
	if [ -f "$3/etc/init.d/$2" ]; then
		{ DPKG_ROOT=$3 _SKIP_SYSTEMD_NATIVE=1 perl "$URC" "$2" defaults &&
			DPKG_ROOT=$3 _SKIP_SYSTEMD_NATIVE=1 perl "$URC" "$2" disable; } >> "$SCRATCH/real" 2>&1
	fi
}

# the copies: hard links to one private copy of the fixture (cp -al is 15 times faster
# than cp -a here); the tools only make, rename and remove links, and a check at the end
# proves that no file of that copy was written through a hard link
BASE=$SCRATCH/base
cp -a "$FROOT" "$BASE"
agree_disable=0 agree_mask=0 known=0 total=0
: > "$SCRATCH/table"
tree "$FROOT" > "$SCRATCH/t.fixture"
for n in $names; do
	total=$((total + 1))
	row=$n
	for act in disable mask; do
		a=$SCRATCH/a b=$SCRATCH/b
		rm -rf "$a" "$b"
		cp -al "$BASE" "$a"
		cp -al "$BASE" "$b"
		if ! real $act "$n" "$a"; then
			fail "$act $n: the real tools failed" "$(cat "$SCRATCH/real")"
			row="$row	$act:real-failed"
			continue
		fi
		flag=--disable
		[ $act = mask ] && flag="--mask --disable"
		# shellcheck disable=SC2086
		$DEAFEN --root "$b" --backup-dir "$SCRATCH/bk" -q apply $flag "$n" --no-reload \
			> "$SCRATCH/out" 2>&1
		st=$?
		rm -rf "$SCRATCH/bk"
		# documented: what a service that stays needs is refused without --force
		if [ $st -eq 2 ] && grep -q 'is needed by .*, which stays' "$SCRATCH/out"; then
			tree "$b" > "$SCRATCH/t.b"
			if cmp -s "$SCRATCH/t.b" "$SCRATCH/t.fixture"; then
				pass "$act $n: needed by a service that stays: nothing changed, exit 2 (README)"
			else
				fail "$act $n: refused (exit 2) but the root changed" "$(diff "$SCRATCH/t.fixture" "$SCRATCH/t.b")"
			fi
			rm -rf "$b"
			cp -al "$BASE" "$b"
			# shellcheck disable=SC2086
			$DEAFEN --root "$b" --backup-dir "$SCRATCH/bk" -q apply $flag "$n" --no-reload --force \
				> "$SCRATCH/out" 2>&1
			st=$?
			rm -rf "$SCRATCH/bk"
			n2="$n --force"
		else
			n2=$n
		fi
		tree "$a" > "$SCRATCH/t.a"
		tree "$b" > "$SCRATCH/t.b"
		k=$(printf '%s\n' "$KNOWN" | grep "^$act $n: " | head -1)
		if cmp -s "$SCRATCH/t.a" "$SCRATCH/t.b"; then
			[ $act = disable ] && agree_disable=$((agree_disable + 1)) || agree_mask=$((agree_mask + 1))
			same=""
			cmp -s "$SCRATCH/t.a" "$SCRATCH/t.fixture" && same=" (both change nothing)"
			pass "$act $n2: deafen == the real tools$same${k:+ (now agrees: its KNOWN entry can go)}"
			row="$row	$act:agree"
		elif [ -n "$k" ]; then
			known=$((known + 1))
			printf 'KNOWN %s\n' "$k"
			diff "$SCRATCH/t.a" "$SCRATCH/t.b" | grep '^[<>]' | sed 's/^/     /'
			row="$row	$act:KNOWN"
		else
			fail "$act $n2: deafen (exit $st) differs from the real tools (< real, > deafen)" \
				"$(diff "$SCRATCH/t.a" "$SCRATCH/t.b" | grep '^[<>]')
$(head -5 "$SCRATCH/out")"
			row="$row	$act:DIFFER"
		fi
	done
	printf '%s\n' "$row" >> "$SCRATCH/table"
done
listing "$FROOT" > "$SCRATCH/l.fixture"
listing "$BASE" > "$SCRATCH/l.base"
if cmp -s "$SCRATCH/l.fixture" "$SCRATCH/l.base"; then
	pass "no file of the shared copy was written through a hard link"
else
	fail "a tool wrote a file of the shared copy through a hard link" "$(diff "$SCRATCH/l.fixture" "$SCRATCH/l.base")"
fi
printf '\nconformance on fixtures/%s (%s services):\n' "$FIX" "$total"
expand -t 28 "$SCRATCH/table"
printf 'disable: %s of %s agree; mask: %s of %s agree; %s known mismatches\n' \
	"$agree_disable" "$total" "$agree_mask" "$total" "$known"
finish
