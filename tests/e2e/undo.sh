#!/bin/sh
# undo.sh - backups as an undo stack (#17): rollback without an id unstacks,
# enable gives back one service's bytes and links, rollback ID --only NAME
# restores one service of a backup, and backups tells each backup's true state
# (overridden, failed, partly rolled back), in text and JSON.
. "$(dirname "$0")/lib.sh"

# services of each kind per fixture, for the stack and for enable
stack_of() {
	case $1 in
	debian) echo "telnet swat exim4" ;;
	redhat) echo "telnet rsync httpd" ;;
	systemd) echo "daytime cups identd" ;;
	bigcat) echo "ftp telnet sendmail" ;;
	esac
}
dea() { $DEAFEN --root "$r" --backup-dir "$r.bk" "$@"; }
json_get() { python3 -c 'import json, sys; d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# 1) three applies, then three rollbacks without an id: the original bytes and
# links exactly, each rollback taking the newest backup not rolled back yet
for fx in debian redhat systemd bigcat; do
	r=$(copy_root $fx)
	orig=$(listing "$r")
	set -- $(stack_of $fx)
	after1=
	for x in "$@"; do
		dea -q apply --disable "$x" --no-reload > "$SCRATCH/ap" 2>&1 || fail "$fx: apply --disable $x" "$(cat "$SCRATCH/ap")"
		[ -z "$after1" ] && after1=$(listing "$r")
	done
	ids=$(ls "$r.bk")
	got=
	for k in 1 2 3; do
		dea rollback --no-reload > "$SCRATCH/rb" 2>&1 || fail "$fx: rollback $k" "$(cat "$SCRATCH/rb")"
		got="$got $(sed -n 's/^rolled back \([^:]*\):.*/\1/p' "$SCRATCH/rb")"
		[ $k = 2 ] && same_listing "$r" "$after1" "$fx: after two rollbacks, the root is as after the first apply"
	done
	want=$(printf '%s\n' $ids | sort -r | tr '\n' ' ')
	[ "$(echo $got)" = "$(echo $want)" ] && pass "$fx: rollbacks without an id take the backups newest first" ||
		fail "$fx: rollback order" "got:$got
want: $want"
	same_listing "$r" "$orig" "$fx: three applies, three rollbacks: the original bytes and links"
done

# 2) enable after apply: that service's original bytes and links, the others
# still disabled (the root is as an apply of the others alone leaves it)
for fx in debian redhat systemd bigcat; do
	set -- $(stack_of $fx)
	all=$(echo "$@" | tr ' ' ,)
	r=$(copy_root $fx)
	dea -q apply --disable "$all" --no-reload > /dev/null 2>&1 || fail "$fx: apply --disable $all"
	left="$*"
	for x in "$@"; do
		left=$(echo $left | tr ' ' '\n' | grep -vx "$x" | tr '\n' ' ')
		ref=$(copy_root $fx)
		if [ -n "$left" ]; then
			$DEAFEN --root "$ref" --backup-dir "$ref.bk" -q apply --disable "$(echo $left | tr ' ' ,)" --no-reload > /dev/null 2>&1
		fi
		if run "$fx: enable $x" 0 dea enable "$x" --no-reload; then
			same_listing "$r" "$(listing "$ref")" "$fx: enable $x after apply: its bytes and links as before, ${left:-nothing} still disabled"
		fi
	done
done

# 3) backups tells the truth: a backup a forced rollback overrode
r=$(copy_root debian)
dea -q apply --disable telnet --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
dea -q apply --disable finger --no-reload > /dev/null 2>&1
B=$(ls "$r.bk" | grep -vx "$A")
run "rollback A refused" 1 dea rollback "$A" --no-reload &&
	printf '%s' "$err" | grep -q 'etc/inetd.conf: changed since apply' &&
	pass "rollback of an older backup whose file a later apply changed: refused" || fail "rollback A refused" "$err"
if run "rollback A --force" 0 dea rollback "$A" --force --no-reload; then
	run "backups overridden" 0 dea backups &&
		printf '%s\n' "$out" | grep -Eq "^$B .*overridden by $A" &&
		printf '%s\n' "$out" | grep -Eq "^$A .*rolled back" &&
		pass "backups: the later backup the forced rollback undid is 'overridden by $A'" ||
		fail "backups overridden" "$out"
	run "backups overridden json" 0 dea --format json backups &&
		[ "$(printf '%s' "$out" | json_get '[(b["state"], b["overridden_by"]) for b in d["backups"] if b["id"] == "'"$B"'"][0]')" = "('overridden', '$A')" ] &&
		pass "backups --format json: state overridden, overridden_by $A" || fail "backups overridden json" "$out"
fi

# a failed apply whose steps were undone: failed, not rolled back
r=$(copy_root debian)
DEAFEN_FAIL_WRITE=K03exim4 dea apply --disable telnet,exim4 --no-reload > /dev/null 2>&1
if [ $? = 1 ] && run "backups failed" 0 dea backups; then
	printf '%s\n' "$out" | grep -q "failed (nothing changed)" && ! printf '%s\n' "$out" | grep -q "rolled back" &&
		pass "backups: a failed apply, undone, is 'failed (nothing changed)'" || fail "backups failed" "$out"
	run "backups failed json" 0 dea --format json backups &&
		[ "$(printf '%s' "$out" | json_get 'd["backups"][0]["state"]')" = "failed (nothing changed)" ] &&
		pass "backups --format json: a failed apply's state is failed" || fail "backups failed json" "$out"
else
	fail "a failed apply: DEAFEN_FAIL_WRITE did not make it fail" "$out"
fi

# 4) rollback ID --only NAME: one service of a backup, its lines and links
r=$(copy_root debian)
orig=$(listing "$r")
dea -q apply --disable telnet,finger,exim4,swat --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
ref=$(copy_root debian)
$DEAFEN --root "$ref" --backup-dir "$ref.bk" -q apply --disable finger,exim4,swat --no-reload > /dev/null 2>&1
if run "--only telnet" 0 dea rollback "$A" --only telnet --no-reload; then
	same_listing "$r" "$(listing "$ref")" "rollback --only telnet: its inetd.conf line as before, finger, exim4, swat still off"
fi
ref=$(copy_root debian)
$DEAFEN --root "$ref" --backup-dir "$ref.bk" -q apply --disable finger,swat --no-reload > /dev/null 2>&1
if run "--only exim4" 0 dea rollback "$A" --only exim4 --no-reload; then
	same_listing "$r" "$(listing "$ref")" "rollback --only exim4: its rc links as before, inetd.conf untouched"
fi
run "backups partly" 0 dea backups &&
	printf '%s\n' "$out" | grep -Eq "^$A .*partly rolled back \(telnet,exim4\)" &&
	pass "backups: 'partly rolled back (telnet,exim4)'" || fail "backups partly" "$out"
run "backups partly json" 0 dea --format json backups &&
	[ "$(printf '%s' "$out" | json_get '(d["backups"][0]["state"], d["backups"][0]["only"])')" = "('partly rolled back', ['telnet', 'exim4'])" ] &&
	pass "backups --format json: partly rolled back, only [telnet, exim4]" || fail "backups partly json" "$out"
run "--only again" 0 dea rollback "$A" --only telnet --no-reload &&
	printf '%s\n' "$out" | grep -q "^rolled back telnet of $A: 0 changes restored" && pass "rollback --only twice: nothing more to restore" ||
	fail "--only again" "$out"
run "whole after --only" 0 dea rollback "$A" --no-reload &&
	same_listing "$r" "$orig" "rollback of the rest after --only: the original bytes and links"

# --only on an older backup whose file a later apply changed too: the later one's lines
# stay, and it is not overridden
r=$(copy_root debian)
dea -q apply --disable telnet --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
dea -q apply --disable finger --no-reload > /dev/null 2>&1
B=$(ls "$r.bk" | grep -vx "$A")
run "--only under a later apply" 0 dea rollback "$A" --only telnet --no-reload &&
	grep -q '^telnet' "$r/etc/inetd.conf" && grep -q '^#<off># finger' "$r/etc/inetd.conf" &&
	run "backups after --only under a later apply" 0 dea backups &&
	printf '%s\n' "$out" | grep -Eq "^$B .* complete " &&
	pass "rollback --only telnet of an older backup: finger's later change stays, its backup is not overridden" ||
	fail "--only under a later apply" "$out"

# --only: refused when that service's lines changed since, not when another's did
r=$(copy_root debian)
dea -q apply --disable telnet,finger --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
sed -i 's/^#<off># finger\(.*\)$/#<off># finger\1 -l/' "$r/etc/inetd.conf"
run "--only other changed" 0 dea rollback "$A" --only telnet --no-reload &&
	grep -q '^telnet' "$r/etc/inetd.conf" && grep -q '^#<off># finger.* -l$' "$r/etc/inetd.conf" &&
	pass "rollback --only telnet: a hand edit of finger's line since is kept" || fail "--only other changed" "$out"
r=$(copy_root debian)
dea -q apply --disable telnet,finger --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
sed -i 's/^#<off># telnet\(.*\)$/#<off># telnet\1 -h/' "$r/etc/inetd.conf"
cp "$r/etc/inetd.conf" "$SCRATCH/edited"
run "--only changed" 1 dea rollback "$A" --only telnet --no-reload &&
	printf '%s' "$err" | grep -q 'etc/inetd.conf: the lines of telnet changed since apply' &&
	cmp -s "$r/etc/inetd.conf" "$SCRATCH/edited" &&
	pass "rollback --only telnet: refused when telnet's line changed since, nothing written" ||
	fail "--only changed" "$err"
run "--only changed --force" 0 dea rollback "$A" --only telnet --force --no-reload &&
	grep -q '^telnet.*in.telnetd$' "$r/etc/inetd.conf" && grep -q '^#<off># finger' "$r/etc/inetd.conf" &&
	ls "$r.bk/$A/newer/etc/" | grep -q 'inetd.conf' &&
	pass "rollback --only telnet --force: telnet's line as before, finger's still off, the edited file kept in the backup" ||
	fail "--only changed --force" "$out
$err"
run "--only unknown" 2 dea rollback "$A" --only ssh --no-reload &&
	printf '%s' "$err" | grep -q "nothing of ssh in backup $A" &&
	pass "rollback --only NAME that the backup did not change: usage error, named" || fail "--only unknown" "$err"

# --only in an xinetd file of two blocks: the block of that service alone, whether
# apply changed its disable line or added one
r=$(mktemp -d "$SCRATCH/xroot.XXXXXX")
mkdir -p "$r/etc"
printf 'defaults\n{\n\tinstances = 10\n}\n' > "$r/etc/xinetd.conf"
printf 'service catty\n{\n\ttype = UNLISTED\n\tsocket_type = stream\n\tprotocol = tcp\n\twait = no\n\tuser = nobody\n\tserver = /bin/cat\n\tport = 30003\n\tdisable = no\n}\n' >> "$r/etc/xinetd.conf"
printf 'service datey\n{\n\ttype = UNLISTED\n\tsocket_type = stream\n\tprotocol = tcp\n\twait = no\n\tuser = nobody\n\tserver = /bin/date\n\tport = 30004\n}\n' >> "$r/etc/xinetd.conf"
cp "$r/etc/xinetd.conf" "$SCRATCH/x.orig"
dea -q apply --disable catty,datey --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
cp "$r/etc/xinetd.conf" "$SCRATCH/x.applied"
if run "--only xinetd datey" 0 dea rollback "$A" --only datey --no-reload; then
	# datey's block as before (the disable line apply added goes), catty's still disabled
	awk '/^service datey/,/^}/' "$r/etc/xinetd.conf" > "$SCRATCH/x.d1"
	awk '/^service datey/,/^}/' "$SCRATCH/x.orig" > "$SCRATCH/x.d2"
	awk '/^service catty/,/^}/' "$r/etc/xinetd.conf" > "$SCRATCH/x.c1"
	awk '/^service catty/,/^}/' "$SCRATCH/x.applied" > "$SCRATCH/x.c2"
	cmp -s "$SCRATCH/x.d1" "$SCRATCH/x.d2" && cmp -s "$SCRATCH/x.c1" "$SCRATCH/x.c2" &&
		pass "rollback --only datey in a shared xinetd.conf: its block as before, catty's as apply left it" ||
		fail "--only xinetd datey" "$(diff "$SCRATCH/x.orig" "$r/etc/xinetd.conf")"
fi
run "--only xinetd catty" 0 dea rollback "$A" --only catty --no-reload &&
	cmp -s "$r/etc/xinetd.conf" "$SCRATCH/x.orig" &&
	pass "rollback --only catty then: the file as before apply, byte for byte" ||
	fail "--only xinetd catty" "$(diff "$SCRATCH/x.orig" "$r/etc/xinetd.conf")"
run "backups after the last --only" 0 dea backups &&
	printf '%s\n' "$out" | grep -Eq "^$A .* rolled back " &&
	pass "backups: once --only restored its last service, the backup is rolled back" || fail "backups after the last --only" "$out"

finish
