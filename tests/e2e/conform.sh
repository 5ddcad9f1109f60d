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
# its .socket and .path (above); disabling a unit by any of its names turns off the
# scripts of its other names too (README, "A unit's alias": the real side gets
# update-rc.d X disable for them); `--disable X` of what a service that stays needs
# (README, "What stays with what stays") changes nothing and exits 2 naming it, then
# with --force does what the real tools do. A mismatch that is known (KNOWN below,
# each with its point of #16) is printed and counted, not failed; any other fails.
. "$(dirname "$0")/lib.sh"
FIX=debian12
FROOT=$TOP/fixtures/$FIX
UNITDIR=$FROOT/lib/systemd/system

# KNOWN: "ACTION NAME: why (issue point)", the mismatches left; the list shrinks as
# they are fixed (an entry that agrees is reported so, and can go)
KNOWN=""

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

# the services: every init script, every unit base name (aliases included: the links in
# lib/systemd/system and those Alias= made in etc/systemd/system) that is no template
names=${CONFORM_NAMES:-}
[ -n "$names" ] || names=$( (ls "$FROOT/etc/init.d"; cd "$UNITDIR" && ls | grep -E '^[^@]+\.(service|socket|path)$' |
	sed 's/\.[a-z]*$//'; cd "$FROOT/etc/systemd/system" && find . -maxdepth 1 -type l -name '*.service' |
	sed 's|^\./||; s/\.service$//') | sort -u)

# units NAME: NAME's units in lib/systemd/system (files or alias links) or etc/systemd/system
# (the links Alias= made)
units() {
	u=""
	for t in service socket path; do
		for d in "$UNITDIR" "$FROOT/etc/systemd/system"; do
			if [ -e "$d/$1.$t" ] || [ -L "$d/$1.$t" ]; then
				u="$u $1.$t"
				break
			fi
		done
	done
	printf '%s\n' "${u# }"
}

# tree DIR: every file, link (with target) and directory under DIR/etc
tree() {
	(cd "$1" && find etc \( -type l -printf '%p -> %l\n' \) -o \( -type d -printf '%p/ %m\n' \) \
		-o -printf '%p %m\n' | sort)
}

# real ACTION NAME DIR: the real tools' ACTION of NAME on DIR (output in $W/real); 0 or
# their failure. `update-rc.d NAME defaults`, which systemd-sysv-install runs first, is
# left out: it makes links only for a script that has none, and every script here has.
real() {
	u=$(units "$2")
	: > "$W/doc"
	if [ "$1" = mask ]; then
		# documented (README, "A unit's alias, masked"): the unit an alias stands for
		# is masked (systemctl masks the alias name only, or refuses an Alias= link)
		t=$(aliases "$2" | head -n 1)
		if [ "$t" != "$2" ]; then
			u=$(units "$t")
			printf ' systemctl mask %s' "$u" > "$W/doc"
		fi
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$3" mask ${u:-$2.service} > "$W/real" 2>&1
		return
	fi
	: > "$W/real"
	# documented (README, "A unit's alias"): an alias is a name of the unit it stands
	# for, as its base name is: its .socket and .path go too (rpcbind.socket for portmap)
	t=$(aliases "$2" | head -n 1)
	if [ -n "$u" ] && [ "$t" != "$2" ]; then
		u=$(units "$t")
		printf ' systemctl disable %s' "$u" > "$W/doc"
	fi
	if [ -n "$u" ]; then
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$3" disable $u > "$W/real" 2>&1 || return
	fi
	if [ -f "$3/etc/init.d/$2" ]; then
		DPKG_ROOT=$3 _SKIP_SYSTEMD_NATIVE=1 perl "$URC" "$2" disable >> "$W/real" 2>&1 || return
	fi
	# documented (README, "A unit's alias"): deafen turns off the script of a unit's
	# other names too (systemd-sysv-install goes by the name given only)
	[ -n "$u" ] || return 0
	for x in $(aliases "$2"); do
		[ "$x" != "$2" ] && [ -f "$3/etc/init.d/$x" ] || continue
		DPKG_ROOT=$3 _SKIP_SYSTEMD_NATIVE=1 perl "$URC" "$x" disable >> "$W/real" 2>&1 || return
		printf ' + update-rc.d %s disable' "$x" >> "$W/doc"
	done
}

# aliases NAME: the names of NAME.service's unit: the unit it is a link to (or itself)
# and every link to that unit in lib/systemd/system and etc/systemd/system
aliases() {
	t=$1.service
	for d in "$UNITDIR" "$FROOT/etc/systemd/system"; do
		if [ -L "$d/$t" ]; then
			t=$(basename "$(readlink "$d/$t")")
			break
		fi
	done
	printf '%s\n' "${t%.service}"
	for d in "$UNITDIR" "$FROOT/etc/systemd/system"; do
		find "$d" -maxdepth 1 -type l -name '*.service' -lname "*/$t" -printf '%f\n' -o \
			-maxdepth 1 -type l -name '*.service' -lname "$t" -printf '%f\n'
	done | sed 's/\.service$//'
}

# deafen_apply ACT NAME DIR [--force]: deafen's ACT of NAME on DIR; its exit status
deafen_apply() {
	flag=--disable
	[ "$1" = mask ] && flag="--mask --disable"
	# shellcheck disable=SC2086
	$DEAFEN --root "$3" --backup-dir "$W/bk" -q apply $flag "$2" --no-reload ${4:-} > "$W/out" 2>&1
	st=$?
	rm -rf "$W/bk"
	return $st
}

# worker ACT PART: ACT of every other name (PART 0: the first, third...; 1: the second...),
# in its own directory $SCRATCH/ACT.PART; its output, then a line "counts PASSED FAILED
# AGREE KNOWN" and the table rows "NAME<TAB>ACT:RESULT" in files
worker() {
	act=$1 W=$SCRATCH/$1.$2 passed=0 failed=0 agree=0 known=0 i=0
	mkdir "$W" "$W/done"
	: > "$W/rows"
	for n in $(printf '%s\n' $names | awk -v part="$2" 'NR % 2 != part'); do
		# the last pair goes aside (rm -rf of each is slow here; lib.sh's trap removes it)
		i=$((i + 1))
		[ -d "$W/a" ] && mv "$W/a" "$W/done/a$i" && mv "$W/b" "$W/done/b$i"
		a=$W/a b=$W/b
		cp -al "$BASE" "$a"
		cp -al "$BASE" "$b"
		k=$(printf '%s\n' "$KNOWN" | grep "^$act $n: " | head -1)
		if ! real "$act" "$n" "$a"; then
			if [ -n "$k" ]; then
				known=$((known + 1))
				printf 'KNOWN %s\n' "$k"
				sed 's/^/     /' "$W/real"
				printf '%s\t%s:KNOWN(real-refuses)\n' "$n" "$act" >> "$W/rows"
			else
				fail "$act $n: the real tools failed" "$(cat "$W/real")"
				printf '%s\t%s:real-failed\n' "$n" "$act" >> "$W/rows"
			fi
			continue
		fi
		deafen_apply "$act" "$n" "$b"
		st=$?
		n2=$n
		# documented: what a service that stays needs is refused without --force
		if [ $st -eq 2 ] && grep -q 'is needed by .*, which stays' "$W/out"; then
			tree "$b" > "$W/t.b"
			refused_intact "$act $n" "$SCRATCH/t.fixture" "$W/t.b"
			mv "$b" "$W/done/refused$i"
			cp -al "$BASE" "$b"
			deafen_apply "$act" "$n" "$b" --force
			st=$?
			n2="$n --force"
		fi
		tree "$a" > "$W/t.a"
		tree "$b" > "$W/t.b"
		if cmp -s "$W/t.a" "$W/t.b"; then
			agree=$((agree + 1))
			same=""
			cmp -s "$W/t.a" "$SCRATCH/t.fixture" && same=" (both change nothing)"
			doc=""
			[ -s "$W/doc" ] && doc=" (with the README's alias rule:$(cat "$W/doc"))"
			pass "$act $n2: deafen == the real tools$doc$same${k:+ (now agrees: its KNOWN entry can go)}"
			printf '%s\t%s:agree\n' "$n" "$act" >> "$W/rows"
		elif [ -n "$k" ]; then
			known=$((known + 1))
			printf 'KNOWN %s\n' "$k"
			diff "$W/t.a" "$W/t.b" | grep '^[<>]' | sed 's/^/     /'
			printf '%s\t%s:KNOWN\n' "$n" "$act" >> "$W/rows"
		else
			fail "$act $n2: deafen (exit $st) differs from the real tools (< real, > deafen)" \
				"$(diff "$W/t.a" "$W/t.b" | grep '^[<>]')
$(head -5 "$W/out")"
			printf '%s\t%s:DIFFER\n' "$n" "$act" >> "$W/rows"
		fi
	done
	printf 'counts %s %s %s %s\n' "$passed" "$failed" "$agree" "$known" > "$W/counts"
}

# the copies: hard links to one private copy of the fixture (cp -al is 15 times faster
# than cp -a here); the tools only make, rename and remove links, and a check at the end
# proves that no file of that copy was written through a hard link
BASE=$SCRATCH/base
cp -a "$FROOT" "$BASE"
tree "$FROOT" > "$SCRATCH/t.fixture"
total=$(printf '%s\n' $names | wc -l)
# four workers side by side (disable and mask, each in two halves): a busy machine
# gives each process its share, and the suite stays under a minute
for w in "disable 0" "disable 1" "mask 0" "mask 1"; do
	# shellcheck disable=SC2086
	worker $w > "$SCRATCH/log.${w% *}.${w#* }" 2>&1 &
done
wait
known=0 agree_disable=0 agree_mask=0
for w in disable.0 disable.1 mask.0 mask.1; do
	cat "$SCRATCH/log.$w"
	if ! read -r _ p f ag kn < "$SCRATCH/$w/counts"; then
		fail "the worker $w ended without its counts"
		continue
	fi
	passed=$((passed + p)) failed=$((failed + f)) known=$((known + kn))
	case $w in
	disable.*) agree_disable=$((agree_disable + ag)) ;;
	*) agree_mask=$((agree_mask + ag)) ;;
	esac
done
sort "$SCRATCH"/disable.?/rows > "$SCRATCH/rows.disable"
sort "$SCRATCH"/mask.?/rows > "$SCRATCH/rows.mask"
join -t "$(printf '\t')" "$SCRATCH/rows.disable" "$SCRATCH/rows.mask" > "$SCRATCH/table"
listing "$FROOT" > "$SCRATCH/l.fixture"
listing "$BASE" > "$SCRATCH/l.base"
if cmp -s "$SCRATCH/l.fixture" "$SCRATCH/l.base"; then
	pass "no file of the shared copy was written through a hard link"
else
	fail "a tool wrote a file of the shared copy through a hard link" "$(diff "$SCRATCH/l.fixture" "$SCRATCH/l.base")"
fi
# Why the alias rule differs from a plain `systemctl mask ALIAS` (README, "A unit's alias,
# masked"): on a copy, the real tool masks the alias name alone and leaves the unit it
# stands for enabled (mysql, portmap), or refuses a name an Alias= link holds (sshd,
# dbus-org.freedesktop.Avahi); the service would still start at boot, which a hardening
# tool cannot accept. These checks pin the real tool's behaviour that rule answers.
P=$SCRATCH/plainmask
cp -a "$FROOT" "$P"
for pair in mysql:mariadb.service portmap:rpcbind.service; do
	n=${pair%%:*} t=${pair#*:}
	if SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$P" mask "$n.service" > /dev/null 2>&1 &&
		[ "$(readlink "$P/etc/systemd/system/$n.service")" = /dev/null ] &&
		[ "$(SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$P" is-enabled "$t" 2>/dev/null)" = enabled ]; then
		pass "plain systemctl mask $n: masks the alias name, $t stays enabled (deafen masks $t)"
	else
		fail "plain systemctl mask $n: no longer leaves $t enabled: revisit README's alias rule"
	fi
done
for pair in sshd:ssh.service dbus-org.freedesktop.Avahi:avahi-daemon.service; do
	n=${pair%%:*} t=${pair#*:}
	if ! SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$P" mask "$n.service" > /dev/null 2>&1; then
		pass "plain systemctl mask $n: refused (an Alias= link of $t holds the name; deafen masks $t)"
	else
		fail "plain systemctl mask $n: no longer refused: revisit README's alias rule"
	fi
done
printf '\nconformance on fixtures/%s (%s services):\n' "$FIX" "$total"
expand -t 28 "$SCRATCH/table"
printf 'disable: %s of %s agree; mask: %s of %s agree; %s known mismatches\n' \
	"$agree_disable" "$total" "$agree_mask" "$total" "$known"
finish
