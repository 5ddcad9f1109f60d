#!/bin/sh
# enable.sh - end-to-end tests of deafen enable and plan --enable on fixture copies:
# apply --disable X then enable X gives back the original bytes and links, each kind
# compared with its own tool (update-inetd --enable, update-rc.d enable, systemctl
# --root enable / unmask) on a second copy; rollback of an enable; plan --enable is
# the diff git apply makes into the same root.
. "$(dirname "$0")/lib.sh"

# links DIR [SUB]: every symlink and directory under DIR/SUB (default etc), sorted
links() {
	(cd "$1" && find "${2:-etc}" \( -type l -printf '%p -> %l\n' \) -o \( -type d -printf '%p/\n' \) |
		sort)
}

# disabled FIXTURE DEAFEN-APPLY-ARGS...: a copy with the services disabled; prints its path
disabled() {
	fx=$1
	shift
	d=$(copy_root "$fx")
	# shellcheck disable=SC2068
	$DEAFEN --root "$d" --backup-dir "$d.bk" -q apply --no-reload $@ > /dev/null 2>&1
	printf '%s\n' "$d"
}

# back LABEL FIXTURE "APPLY-ARGS" "ENABLE-ARGS": apply then enable == the fixture
back() {
	a=$(disabled "$2" "$3")
	orig=$(copy_root "$2")
	if [ "$(listing "$a")" = "$(listing "$orig")" ]; then
		fail "$1: apply $3 changed nothing: the fixture is not what the test expects"
		return
	fi
	# shellcheck disable=SC2086
	run "$1: enable $4" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" enable --no-reload $4 || return
	same_listing "$a" "$(listing "$orig")" "$1: apply --disable then enable gives back every byte and link"
	LAST=$a
}

# like_systemctl LABEL A B SUB ENABLE-ARGS VERB...: systemctl --root A VERB, each in turn,
# and deafen enable ENABLE-ARGS on B make the same links and directories under SUB
like_systemctl() {
	label=$1 sa=$2 sb=$3 sub=$4 args=$5
	shift 5
	: > "$SCRATCH/sc"
	for verb in "$@"; do
		# SYSTEMCTL_SKIP_SYSV=1: its update-rc.d enable of the script is not run (3) checks it)
		# shellcheck disable=SC2086
		SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$sa" $verb >> "$SCRATCH/sc" 2>&1 || {
			fail "$label: systemctl --root $verb failed" "$(cat "$SCRATCH/sc")"
			return
		}
	done
	# shellcheck disable=SC2086
	run "$label: deafen enable $args" 0 $DEAFEN --root "$sb" --backup-dir "$sb.bk" enable $args --no-reload
	links "$sa" "$sub" > "$SCRATCH/links.a"
	links "$sb" "$sub" > "$SCRATCH/links.b"
	cmp -s "$SCRATCH/links.a" "$SCRATCH/links.b" && pass "$label" ||
		fail "$label: differs (< systemctl, > deafen)" "$(diff "$SCRATCH/links.a" "$SCRATCH/links.b")"
}

# 1) inetd: the #<off># prefix goes, as update-inetd --enable takes it away
back "inetd telnet" debian "--disable telnet" telnet
a=$(disabled debian --disable telnet)
if command -v update-inetd > /dev/null; then
	DEBIAN_FRONTEND=noninteractive update-inetd --file "$a/etc/inetd.conf" --multi --enable telnet \
		> /dev/null 2>&1
	b=$(disabled debian --disable telnet)
	run "inetd: enable telnet" 0 $DEAFEN --root "$b" --backup-dir "$b.bk" enable telnet --no-reload &&
		if cmp -s "$a/etc/inetd.conf" "$b/etc/inetd.conf"; then
			pass "inetd: deafen enable telnet == update-inetd --enable telnet (same bytes)"
		else
			fail "inetd: deafen enable differs from update-inetd --enable" \
				"$(diff "$a/etc/inetd.conf" "$b/etc/inetd.conf")"
		fi
else
	skip "inetd: needs update-inetd (sh tests/deps.sh installs it)"
fi

# a line commented out by hand is left alone, and named
r=$(copy_root debian)
sed -i 's/^finger\t/#finger\t/' "$r/etc/inetd.conf"
cp "$r/etc/inetd.conf" "$SCRATCH/inetd.hand"
run "enable by hand" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" enable finger --no-reload &&
	cmp -s "$r/etc/inetd.conf" "$SCRATCH/inetd.hand" &&
	printf '%s' "$err" | grep -q 'etc/inetd.conf:31: finger is commented out by hand' &&
	pass "inetd: a line commented out by hand is left alone and named" ||
	fail "inetd: a line commented out by hand" "$err"

# 2) xinetd: the line apply added goes; a "disable = no" apply turned to yes is no again
back "xinetd swat (apply added the line)" debian "--disable swat" swat
back "xinetd rsync (disable = no -> yes -> no)" debian "--disable rsync" rsync

# 3) Debian init scripts: K links back to S, as update-rc.d enable
back "sysv exim4,bind9" debian "--disable exim4,bind9" exim4,bind9
URC=$SCRATCH/update-rc.d
if [ -f /usr/sbin/update-rc.d ] && command -v perl > /dev/null; then
	sed 's|foreach my \$file ("/etc/insserv/overrides/\$name", "/etc/init.d/\$name",|foreach my $file ("$dpkg_root/etc/insserv/overrides/$name", "$dpkg_root/etc/init.d/$name",|' \
		/usr/sbin/update-rc.d > "$URC"
	grep -q 'dpkg_root/etc/init.d/\$name' "$URC" || URC=
else
	URC=
fi
if [ -n "$URC" ]; then
	a=$(disabled debian --disable exim4)
	b=$(disabled debian --disable exim4)
	if DPKG_ROOT=$a _SKIP_SYSTEMD_NATIVE=1 perl "$URC" exim4 enable > "$SCRATCH/urc" 2>&1; then
		run "sysv: enable exim4" 0 $DEAFEN --root "$b" --backup-dir "$b.bk" enable exim4 --no-reload
		if [ "$(links "$a")" = "$(links "$b")" ]; then
			pass "sysv: deafen enable exim4 == update-rc.d exim4 enable (same links)"
		else
			fail "sysv: deafen enable differs from update-rc.d enable" \
				"$(links "$a" | diff - /dev/stdin <<EOT
$(links "$b")
EOT
)"
		fi
	else
		fail "sysv: update-rc.d exim4 enable failed" "$(cat "$SCRATCH/urc")"
	fi
	# debian-legacy: K(100-NN) back to SNN, as old sysv-rc's enable
	a=$(copy_root debian)
	orig=$(listing "$a")
	$DEAFEN --root "$a" --backup-dir "$a.bk" -q --style debian-legacy apply --disable exim4 --no-reload > /dev/null 2>&1
	run "legacy enable" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" --style debian-legacy enable exim4 --no-reload &&
		same_listing "$a" "$orig" "sysv debian-legacy: apply then enable gives back the links"
else
	skip "sysv: needs update-rc.d and perl"
fi

# Red Hat: chkconfig on (S<start> in 2345); the other service disabled with them stays off
a=$(disabled redhat --disable telnet,httpd,rsync,sshd,portmap)
orig=$(copy_root redhat)
run "redhat enable" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" enable telnet,httpd,rsync,sshd --no-reload &&
	[ "$(cd "$a" && ls etc/rc.d/rc3.d | grep -E 'httpd|sshd|portmap' | tr '\n' ' ')" = "K87portmap S55sshd S85httpd " ] &&
	[ "$(links "$a" etc/rc.d | grep -v portmap)" = "$(links "$orig" etc/rc.d | grep -v portmap)" ] &&
	cmp -s "$a/etc/xinetd.d/telnet" "$orig/etc/xinetd.d/telnet" &&
	cmp -s "$a/etc/xinetd.d/rsync" "$orig/etc/xinetd.d/rsync" &&
	pass "redhat: enable gives back the links and xinetd files of the services named, portmap stays off" ||
	fail "redhat enable" "$(cd "$a" && ls etc/rc.d/rc3.d)"

# 4) systemd: systemctl enable, and unmask first with --unmask
back "systemd ssh.service" systemd "--disable ssh.service" ssh.service
# cups.service: apply removed the .wants directories it emptied; enable makes them again
back "systemd cups.service (directories made again)" systemd "--disable cups.service,avahi-daemon.service" \
	cups.service,avahi-daemon.service
back "systemd --mask rpcbind then enable --unmask" systemd "--mask --disable rpcbind" "--unmask rpcbind"
if command -v systemctl > /dev/null; then
	like_systemctl "systemd: deafen enable ssh.service == systemctl --root enable (same links under etc/systemd)" \
		"$(disabled systemd --disable ssh.service)" "$(disabled systemd --disable ssh.service)" \
		etc/systemd ssh.service "enable ssh.service"
	like_systemctl "systemd: deafen enable cups.service == systemctl --root enable (links and directories)" \
		"$(disabled systemd --disable cups.service)" "$(disabled systemd --disable cups.service)" \
		etc/systemd cups.service "enable cups.service"
	# rsync.service is masked in the fixture: unmask then enable, as systemctl does
	like_systemctl "systemd: deafen enable --unmask == systemctl unmask + enable (same links)" \
		"$(copy_root systemd)" "$(copy_root systemd)" etc "--unmask rsync.service" \
		"unmask rsync.service" "enable rsync.service"
else
	skip "systemd: needs systemctl"
fi
r=$(copy_root systemd)
before=$(listing "$r")
if run "masked without --unmask" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" enable rsync.service --no-reload &&
	printf '%s' "$err" | grep -q 'rsync.service is masked: --unmask unmasks it first'; then
	same_listing "$r" "$before" "systemd: a masked unit without --unmask is named, nothing changed"
else
	fail "systemd: masked without --unmask" "$err"
fi

# 5) rollback of an enable: back to the disabled root, byte for byte
a=$(disabled debian --disable telnet,swat,exim4)
before=$(listing "$a")
run "enable for rollback" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" enable telnet,swat,exim4 --no-reload &&
	run "rollback of enable" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" rollback --no-reload &&
	same_listing "$a" "$before" "rollback of an enable gives back the disabled root"
run "backups after enable" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" backups &&
	printf '%s' "$out" | grep -q 'enable telnet,swat,exim4' &&
	pass "backups: the enable's backup says what it enabled" ||
	fail "backups: the enable's policy" "$out"

# kill after each step of enable: rollback gives back the disabled root exactly
a=$(disabled debian --disable telnet,swat,exim4)
before=$(listing "$a")
c=$(copy_root debian)
rm -rf "$c" && cp -a "$a" "$c"
$DEAFEN --root "$c" --backup-dir "$c.bk2" -q enable telnet,swat,exim4 --no-reload > /dev/null 2>&1
[ "$(listing "$c")" != "$before" ] && ok=yes || ok="no (enable changed nothing)"
k=0
while [ "$ok" = yes ] && [ $k -le 10 ]; do
	c=$(copy_root debian)
	rm -rf "$c" && cp -a "$a" "$c"
	DEAFEN_CRASH_AFTER=$k $DEAFEN --root "$c" --backup-dir "$c.bk2" -q enable telnet,swat,exim4 --no-reload > /dev/null 2>&1
	$DEAFEN --root "$c" --backup-dir "$c.bk2" -q rollback --no-reload > /dev/null 2>&1
	[ "$(listing "$c")" = "$before" ] || ok="no (after step $k)"
	k=$((k + 1))
done
[ "$ok" = yes ] && pass "enable killed after each of steps 0..10: rollback gives back the root exactly" ||
	fail "enable killed, then rollback: $ok"

# the same with the directories enable makes (cups.service on the systemd fixture)
a=$(disabled systemd --disable cups.service)
before=$(listing "$a")
ok=yes
k=0
while [ "$ok" = yes ] && [ $k -le 12 ]; do
	c=$(copy_root systemd)
	rm -rf "$c" && cp -a "$a" "$c"
	DEAFEN_CRASH_AFTER=$k $DEAFEN --root "$c" --backup-dir "$c.bk2" -q enable cups.service --no-reload > /dev/null 2>&1
	[ $k -eq 12 ] && [ "$(listing "$c")" = "$before" ] && ok="no (enable changed nothing)"
	$DEAFEN --root "$c" --backup-dir "$c.bk2" -q rollback --no-reload > /dev/null 2>&1
	[ "$(listing "$c")" = "$before" ] || ok="no (after step $k)"
	k=$((k + 1))
done
[ "$ok" = yes ] && pass "enable cups.service killed after each of steps 0..12 (mkdir among them): rollback = exact" ||
	fail "enable cups.service killed, then rollback: $ok"

# 6) plan --enable: the diff git apply makes into the same root as enable
for fx in debian systemd; do
	if [ $fx = debian ]; then args="--disable telnet,swat,rsync,exim4"; en=telnet,swat,rsync,exim4; else
		args="--mask --disable ssh.service,rpcbind --disable cups.service"
		en="ssh.service,rpcbind,cups.service --unmask"; fi
	a=$(disabled $fx $args)
	c=$(disabled $fx $args)
	# shellcheck disable=SC2086
	$DEAFEN --root "$a" --color never plan --enable $en > "$SCRATCH/plan.diff" 2> "$SCRATCH/plan.err"
	(cd "$c" && git apply "$SCRATCH/plan.diff") 2> "$SCRATCH/gitapply.err"
	# shellcheck disable=SC2086
	run "enable $fx" 0 $DEAFEN --root "$a" --backup-dir "$a.bk" enable --no-reload $en &&
		same_listing "$c" "$(listing "$a")" "plan --enable $fx: git apply of the diff == enable"
	[ -s "$SCRATCH/plan.diff" ] && pass "plan --enable $fx: the diff is not empty" ||
		fail "plan --enable $fx: empty diff" "$(cat "$SCRATCH/plan.err")"
done
r=$(copy_root debian)
run "plan --enable json" 0 $DEAFEN --root "$r" --format json plan --enable talk &&
	printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if [s["name"] for s in d["enable"]] == ["talk"] and "+talk" in d["diff"] else 1)' &&
	pass "plan --enable --format json: the services to enable and the diff" ||
	fail "plan --enable json" "$out"
run "enable json" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" --format json enable talk --no-reload &&
	printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if [s["name"] for s in d["enabled"]] == ["talk"] and d["backup"] else 1)' &&
	pass "enable --format json: the services enabled and the backup" ||
	fail "enable json" "$out"

# 7) usage: an unknown name is refused, a policy with plan --enable too
r=$(copy_root debian)
run "unknown" 2 $DEAFEN --root "$r" enable no-such-thing &&
	printf '%s' "$err" | grep -q "enable: unknown service 'no-such-thing'" &&
	pass "enable: an unknown name exits 2, named" || fail "enable unknown name" "$err"
run "no name" 2 $DEAFEN --root "$r" enable && printf '%s' "$err" | grep -q 'enable needs a service name' &&
	pass "enable: no name exits 2" || fail "enable without a name" "$err"
run "plan --enable with policy" 2 $DEAFEN --root "$r" plan --enable telnet --disable ftp &&
	printf '%s' "$err" | grep -q 'plan --enable takes no policy' &&
	pass "plan --enable with a policy exits 2" || fail "plan --enable with a policy" "$err"

# 9) the saved policy follows: verify no longer reports what enable turned on, and
# verify --fix does not disable it again; the enable's rollback puts the policy back
r=$(copy_root debian)
$DEAFEN --root "$r" --backup-dir "$r.bk" -q apply --disable telnet,exim4 --save-policy --no-reload > /dev/null 2>&1
cp "$r/etc/deafen/policy" "$SCRATCH/policy.before"
run "enable with a saved policy" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" enable telnet --no-reload &&
	! grep -q 'telnet' "$r/etc/deafen/policy" && grep -q '^disable exim4$' "$r/etc/deafen/policy" &&
	pass "saved policy: enable telnet removes 'disable telnet', the rest stays" ||
	fail "saved policy after enable" "$(cat "$r/etc/deafen/policy")"
grep -q '^telnet' "$r/etc/inetd.conf" && run "verify after enable" 0 $DEAFEN --root "$r" verify &&
	pass "saved policy: verify does not report the enabled service as drift" ||
	fail "saved policy: verify after enable" "$out"

cp "$r/etc/inetd.conf" "$SCRATCH/inetd.enabled"
grep -q '^telnet' "$r/etc/inetd.conf" &&
	run "verify --fix after enable" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" verify --fix --no-reload &&
	cmp -s "$r/etc/inetd.conf" "$SCRATCH/inetd.enabled" &&
	pass "saved policy: verify --fix does not disable the enabled service again" ||
	fail "verify --fix after enable" "$(diff "$SCRATCH/inetd.enabled" "$r/etc/inetd.conf")"
run "rollback of enable with policy" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" rollback --no-reload &&
	cmp -s "$r/etc/deafen/policy" "$SCRATCH/policy.before" &&
	pass "saved policy: the enable's rollback puts the policy back" ||
	fail "rollback of enable: policy" "$(cat "$r/etc/deafen/policy")"
# a --keep policy: the enabled service is kept from then on
r=$(copy_root debian)
$DEAFEN --root "$r" --backup-dir "$r.bk" -q apply --keep ssh --save-policy --no-reload > /dev/null 2>&1
run "enable exim4 under --keep ssh" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" enable exim4 --no-reload &&
	grep -q '^keep exim4$' "$r/etc/deafen/policy" &&
	run "verify under keep" 0 $DEAFEN --root "$r" verify &&
	pass "saved --keep policy: enable adds 'keep exim4', verify is content" ||
	fail "saved --keep policy after enable" "$(cat "$r/etc/deafen/policy")
$out
$err"

# 10) rollback without an id unstacks: three applies (two on one file), three rollbacks
r=$(copy_root debian)
orig=$(listing "$r")
for x in telnet exim4 finger; do
	$DEAFEN --root "$r" --backup-dir "$r.bk" -q apply --disable $x --no-reload > /dev/null 2>&1
done
ok=yes
for k in 1 2 3; do
	$DEAFEN --root "$r" --backup-dir "$r.bk" -q rollback --no-reload > "$SCRATCH/rb.$k" 2>&1 || ok=no
done
[ $ok = yes ] && same_listing "$r" "$orig" "undo stack: three rollbacks without an id undo three applies, newest first" ||
	fail "undo stack: a rollback failed" "$(cat "$SCRATCH"/rb.*)"
run "backups after the stack" 0 $DEAFEN --root "$r" --backup-dir "$r.bk" backups &&
	[ "$(printf '%s\n' "$out" | grep -c 'rolled back')" -eq 3 ] &&
	pass "undo stack: backups shows the three rolled back" || fail "undo stack: backups" "$out"

# 8) the bash completion offers the root's service names to enable and plan --enable
if command -v bash > /dev/null 2>&1 && command -v python3 > /dev/null 2>&1; then
	complete_words() {
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _deafen
			printf "%s\n" "${COMPREPLY[@]}"' sh "$TOP/contrib/bash-completion/deafen" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
	}
	bin=${DEAFEN##* }
	r=$(copy_root debian)
	got=$(complete_words "$bin" --root "$r" enable tel)
	[ "$got" = telnet ] && pass "completion: enable NAME" || fail "completion: enable tel" "$got"
	got=$(complete_words "$bin" --root "$r" plan --enable swat,tel)
	[ "$got" = swat,telnet ] && pass "completion: plan --enable NAME,NAME" || fail "completion: plan --enable" "$got"
else
	skip "completion: needs bash and python3"
fi

finish
