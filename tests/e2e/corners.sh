#!/bin/sh
# corners.sh - the real tools' semantics in the corners (issue #16, section 4), on copies of
# fixtures/corners (a Debian 12 root made from real package files), each compared with the
# real tool run on another copy: update-rc.d (DPKG_ROOT), systemctl --root, update-inetd --file
. "$(dirname "$0")/lib.sh"
FIX=corners

# links DIR: every symlink under DIR/etc, "path -> target", sorted
links() {
	(cd "$1" && find etc -type l -printf '%p -> %l\n' | sort)
}

# same_etc LABEL A B: pass/fail on whether A and B hold the same files, links,
# directories and modes under etc
same_etc() {
	listing "$2/etc" > "$SCRATCH/etc.a"
	listing "$3/etc" > "$SCRATCH/etc.b"
	if cmp -s "$SCRATCH/etc.a" "$SCRATCH/etc.b"; then
		pass "$1"
	else
		fail "$1: etc differs (- real tool, + deafen)" "$(diff -u "$SCRATCH/etc.a" "$SCRATCH/etc.b" | tail -n +3)"
	fi
}

URCD=$(real_update_rc_d)

# urcd ROOT ARGS...: the real update-rc.d on ROOT (no systemctl call)
urcd() {
	r=$1
	shift
	DPKG_ROOT=$r _SKIP_SYSTEMD_NATIVE=1 perl "$URCD" "$@"
}

# sysctl ROOT VERB UNITS...: systemctl --root=ROOT VERB UNITS as on a real host, where it
# runs systemd-sysv-install (update-rc.d NAME defaults; update-rc.d NAME VERB) for each
# unit that has an init script of the name given. Offline, systemd-sysv-install would
# chroot into the root (no perl there): the names systemctl hands it are read from a run
# on a throw-away copy ("Executing: ... --root=X VERB NAME"), update-rc.d runs as urcd,
# then systemctl with SYSTEMCTL_SKIP_SYSV=1 does the units' part. SYSV: the names, after.
sysctl() {
	r=$1
	shift
	t=$(mktemp -d "$SCRATCH/sc.XXXXXX")
	cp -a "$r/." "$t/"
	SYSV=$(systemctl --root="$t" "$@" 2>&1 | sed -n 's/^Executing: .*systemd-sysv-install --root=[^ ]* [a-z]* //p')
	for n in $SYSV; do
		urcd "$r" "$n" defaults > /dev/null 2>&1 && urcd "$r" "$n" "$1" > /dev/null 2>&1 ||
			{ printf 'update-rc.d %s %s failed\n' "$n" "$1" >&2; return 1; }
	done
	SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$r" "$@" > /dev/null 2>&1
}

# conform SYSTEMCTL-ARGS DEAFEN-ARGS [SETUP]: systemctl (with its sysv part) on one copy and
# deafen apply on another leave the same links under etc; SETUP: systemctl arguments run on
# both copies first
conform() {
	a=$(copy_root $FIX)
	b=$(copy_root $FIX)
	if [ -n "${3:-}" ]; then
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$a" $3 > /dev/null 2>&1
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$b" $3 > /dev/null 2>&1
	fi
	before=$(links "$a")
	# shellcheck disable=SC2086
	if ! sysctl "$a" $1 2> "$SCRATCH/sc"; then
		fail "systemctl --root $1 failed" "$(cat "$SCRATCH/sc")"
		return 1
	fi
	# the reference must itself change something, else the test proves nothing
	if [ "$(links "$a")" = "$before" ]; then
		fail "systemctl $1 changed no link: the fixture is not what the test expects"
		return 1
	fi
	# shellcheck disable=SC2086
	run "apply $2" 0 $DEAFEN --root "$b" --backup-dir "$SCRATCH/bk.conform" -q apply $2 --no-reload ||
		return 1
	same_etc "systemctl ${1}${3:+ (after $3)} == deafen apply $2 (every file, link and mode under etc)" "$a" "$b"
}

if ! command -v systemctl > /dev/null || [ -z "$URCD" ]; then
	skip "corners: needs systemctl, perl and update-rc.d (sh tests/deps.sh installs them)"
	finish
	exit
fi

# 1) a unit that is disabled (rsync.service as shipped) or masked, whose init script still
# has S links: a sysvinit boot starts it. systemctl disable runs update-rc.d rsync disable
# through systemd-sysv-install: S01rsync -> K01rsync. deafen does the same.
conform "disable rsync.service" "--disable rsync"
conform "disable rsync.service" "--disable rsync" "mask rsync.service"
root=$(copy_root $FIX)
if run "list json" 0 $DEAFEN --root "$root" --format json list; then
	printf '%s\n' "$out" | python3 -c 'import json,sys
S=json.load(sys.stdin)["services"]
sys.exit(0 if any(s["name"]=="rsync.service" and s["enabled"] and "S links of etc/init.d/rsync in 2345" in s["detail"] for s in S) else 1)' &&
		pass "list: rsync.service (disabled unit, S links) is enabled, and says the S links start it" ||
		fail "list: rsync.service" "$out"
fi
# --keep: the disabled unit whose script starts it goes too
root=$(copy_root $FIX)
if run "apply --keep exim4" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.1" -q apply --keep exim4 --no-reload; then
	[ -L "$root/etc/rc2.d/K01rsync" ] && [ ! -e "$root/etc/rc2.d/S01rsync" ] &&
		pass "--keep exim4: rsync's S links are turned K too" ||
		fail "--keep exim4: rsync's links" "$(links "$root" | grep rsync)"
fi

# 2) a unit reached by an alias: Debian's nfs-kernel-server.service -> nfs-server.service,
# openbsd-inetd.service -> inetd.service. systemctl disable by the alias name turns the
# script's S links K; deafen does the same by either name (systemctl disable by the unit's
# own name leaves them: deafen goes further, the service must go)
conform "disable nfs-kernel-server.service" "--disable nfs-kernel-server"
conform "disable nfs-kernel-server.service" "--disable nfs-server"
conform "disable openbsd-inetd.service" "--disable openbsd-inetd"
conform "disable openbsd-inetd.service" "--disable inetd"
# an alias name that another unit file holds in a directory before it is that unit's:
# its script is not the first unit's (systemctl disable inetd.service: no sysv part)
a=$(copy_root $FIX)
b=$(copy_root $FIX)
for r in "$a" "$b"; do
	mkdir -p "$r/etc/systemd/system"
	cp "$r/lib/systemd/system/inetd.service" "$r/etc/systemd/system/openbsd-inetd.service"
done
sysctl "$a" disable inetd.service
if run "apply --disable inetd.service (openbsd-inetd.service a unit of its own)" 0 $DEAFEN --root "$b" \
	--backup-dir "$SCRATCH/bk.2b" -q apply --disable inetd.service --no-reload; then
	[ -z "$SYSV" ] && [ -L "$b/etc/rc2.d/S01openbsd-inetd" ] &&
		same_etc "an alias name that is a unit file of its own: its script is not inetd.service's (== systemctl disable inetd.service)" "$a" "$b" ||
		fail "an alias name that is a unit file of its own: openbsd-inetd's links" "$SYSV $(links "$b" | grep openbsd)"
fi
a=$(copy_root $FIX)
sysctl "$a" disable nfs-server.service
[ -L "$a/etc/rc2.d/S01nfs-kernel-server" ] && [ -z "$SYSV" ] &&
	pass "systemctl disable nfs-server.service (the unit's own name) leaves S01nfs-kernel-server: where deafen goes further" ||
	fail "systemctl disable nfs-server.service: the oracle changed" "$SYSV $(links "$a" | grep nfs)"

# 3) --mask of a service with an init script only (exim4): systemctl makes
# etc/systemd/system/exim4.service -> /dev/null and leaves the rc links; --mask of a
# template's name masks the template (systemctl mask wg-quick@.service), of an instance's
# name the instance
conform "mask exim4.service" "--disable exim4 --mask"
conform "mask wg-quick@.service" "--disable wg-quick --mask"
conform "mask wg-quick@.service" "--disable wg-quick@.service --mask"
conform "mask wg-quick@wg0.service" "--disable wg-quick@wg0 --mask"
root=$(copy_root $FIX)
before=$(listing "$root")
if run "apply --mask exim4" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.3" -q apply --disable exim4 --mask --no-reload; then
	run "rollback mask exim4" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.3" rollback --no-reload -q &&
		same_listing "$root" "$before" "mask exim4, rollback: every file, mode and link as before"
fi
# the masked script stays a service: listed masked, verify content, a second --mask has
# nothing to do, and --disable turns its links K as systemctl disable exim4.service does
# (systemd-sysv-install: update-rc.d exim4 disable; the mask stays)
conform "disable exim4.service" "--disable exim4"
conform "disable exim4.service" "--disable exim4" "mask exim4.service"
root=$(copy_root $FIX)
bk=$SCRATCH/bk.3b
if run "apply --mask exim4 --save-policy" 0 $DEAFEN --root "$root" --backup-dir "$bk" -q apply --disable exim4 --mask --save-policy --no-reload; then
	run "list after mask exim4" 0 $DEAFEN --root "$root" list &&
		printf '%s\n' "$out" | grep -q '^exim4  *sysv  *masked .*etc/init.d/exim4 (masked, S in 2345)' &&
		pass "list after --mask exim4: exim4 is a masked sysv service, its S links said" ||
		fail "list after --mask exim4" "$out"
	run "verify after mask exim4" 0 $DEAFEN --root "$root" verify &&
		printf '%s\n' "$out" | grep -q '^permanent:' &&
		pass "verify after --mask exim4: permanent (systemd-sysv-generator makes no unit of a masked script)"
	run "plan again, saved policy with mask" 0 $DEAFEN --root "$root" plan &&
		[ -z "$out" ] && printf '%s\n' "$err" | grep -q 'nothing to do' &&
		pass "plan with the saved mask policy after --mask exim4: nothing to do" ||
		fail "plan again after mask exim4" "$out
$err"
fi
root=$(copy_root $FIX)
if run "plan --disable exim4 --mask" 0 $DEAFEN --root "$root" plan --disable exim4 --mask; then
	printf '%s\n' "$err" | grep -q '^deafen: mask exim4 ' &&
		pass "plan --disable exim4 --mask: says mask exim4" ||
		fail "plan --disable exim4 --mask: the line" "$err"
	printf '%s\n' "$err" | grep -q 'warning: exim4: masked for systemd; .* etc/init.d/exim4 still start it under sysvinit (runlevels 2345)' &&
		pass "plan --disable exim4 --mask: warns that the S links still start it under sysvinit" ||
		fail "plan --disable exim4 --mask: no sysvinit warning" "$err"
fi

# 4) a script with no LSB header and no chkconfig line (oldd): update-rc.d refuses it (exit
# 1, "Default-Start contains no runlevels"); deafen still turns its S links K (the service
# must go) and says in plan that no header gave its runlevels
a=$(copy_root $FIX)
urcd "$a" oldd disable > "$SCRATCH/urcd" 2>&1
st=$?
[ $st -eq 1 ] && grep -q 'oldd Default-Start contains no runlevels' "$SCRATCH/urcd" &&
	pass "update-rc.d oldd disable: exit 1, Default-Start contains no runlevels" ||
	fail "update-rc.d oldd disable: exit $st" "$(cat "$SCRATCH/urcd")"
root=$(copy_root $FIX)
if run "plan --disable oldd" 0 $DEAFEN --root "$root" --color never plan --disable oldd; then
	printf '%s\n' "$err" | grep -q 'warning: etc/init.d/oldd: no LSB header or chkconfig line gives its runlevels' &&
		pass "plan --disable oldd: a warning names the script and says no header gave its runlevels" ||
		fail "plan --disable oldd: no warning" "$err"
	[ "$(printf '%s\n' "$out" | grep -c '^rename to etc/rc[2345].d/K20oldd$')" -eq 4 ] &&
		pass "plan --disable oldd: S20oldd -> K20oldd in rc2.d..rc5.d all the same" ||
		fail "plan --disable oldd: renames" "$out"
fi
root=$(copy_root $FIX)
if run "plan --disable exim4" 0 $DEAFEN --root "$root" plan --disable exim4; then
	! printf '%s\n' "$err" | grep -q 'gives its runlevels' &&
		pass "plan --disable exim4 (an LSB header): no such warning" ||
		fail "plan --disable exim4: a warning it should not have" "$err"
fi

# 5) inetd.conf entries update-inetd does not match by the service name (an address or a
# host-list prefix, an RPC version range, tcpmux/+name): update-inetd --disable NAME leaves
# them; deafen disables them (deliberately: README, "Where deafen goes further")
command -v update-inetd > /dev/null ||
	skip "corners 5: needs update-inetd (sh tests/deps.sh installs it)"
command -v update-inetd > /dev/null &&
for pair in telnet:127.0.0.1:telnet ftp:192.168.1.10,10.0.0.1:ftp rstatd:rstatd/1-3 \
	walld:walld/1 tcpmux:tcpmux/+scp-only finger:finger; do
	svc=${pair%%:*} entry=${pair#*:}
	a=$(copy_root $FIX)
	b=$(copy_root $FIX)
	UPDATE_INETD_FAKE_IT=1 DEBIAN_FRONTEND=noninteractive update-inetd --file "$a/etc/inetd.conf" \
		--multi --disable "$svc" > /dev/null 2>&1
	run "apply --disable $svc" 0 $DEAFEN --root "$b" --backup-dir "$SCRATCH/bk.5" -q apply --disable "$svc" --no-reload ||
		continue
	off=$(grep -c "^#<off># ${entry}[[:space:]]" "$b/etc/inetd.conf")
	if [ "$svc" = finger ]; then
		cmp -s "$a/etc/inetd.conf" "$b/etc/inetd.conf" && [ "$off" -eq 1 ] &&
			pass "finger (a plain entry): update-inetd --disable and deafen leave the same inetd.conf" ||
			fail "finger: inetd.conf differs" "$(diff "$a/etc/inetd.conf" "$b/etc/inetd.conf")"
	else
		cmp -s "$a/etc/inetd.conf" "$TOP/fixtures/$FIX/etc/inetd.conf" && [ "$off" -eq 1 ] &&
			[ "$(diff "$TOP/fixtures/$FIX/etc/inetd.conf" "$b/etc/inetd.conf" | grep -c '^>')" -eq 1 ] &&
			pass "$entry: update-inetd --disable $svc leaves it, deafen disables it (one line)" ||
			fail "$entry: update-inetd / deafen" "$(diff "$a/etc/inetd.conf" "$b/etc/inetd.conf")"
	fi
done

finish
