#!/bin/sh
# apply.sh - end-to-end tests of apply, rollback and backups on fixture copies
. "$(dirname "$0")/lib.sh"

# roundtrip FIXTURE POLICY...: apply == git apply of the plan; rollback == before
roundtrip() {
	fixture=$1
	shift
	root=$(copy_root "$fixture")
	copy=$(copy_root "$fixture")
	bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
	before=$(listing "$root")
	$DEAFEN --root "$root" --color never plan "$@" > "$SCRATCH/plan.diff" 2> /dev/null
	(cd "$copy" && git apply "$SCRATCH/plan.diff")
	run "apply $fixture" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply "$@" || return
	if [ "$(listing "$root")" = "$(listing "$copy")" ]; then
		pass "apply $fixture $*: the root is what git apply of the plan makes, no temp file left"
	else
		fail "apply $fixture $*: differs from the plan" "$(listing "$root" | diff - /dev/stdin <<EOT
$(listing "$copy")
EOT
)"
	fi
	# patch -p1 of the plan's file hunks gives the same files as apply
	file_hunks "$SCRATCH/plan.diff" > "$SCRATCH/files.diff"
	patched=$(copy_root "$fixture")
	if [ -s "$SCRATCH/files.diff" ]; then
		(cd "$patched" && patch -p1 -s -f < "$SCRATCH/files.diff" > /dev/null 2>&1)
		same=yes
		for f in $(sed -n 's/^+++ b\///p' "$SCRATCH/files.diff"); do
			cmp -s "$root/$f" "$patched/$f" || same=no
		done
		[ "$same" = yes ] && pass "apply $fixture: patch -p1 of the plan's file hunks gives the same files" ||
			fail "apply $fixture: patch -p1 differs from apply"
	fi
	run "apply again $fixture" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply "$@" &&
		[ "$(ls "$bk" | wc -l)" -eq 1 ] && printf '%s' "$err" | grep -q 'nothing to do' &&
		pass "apply $fixture: a second apply does nothing and writes no backup" ||
		fail "apply $fixture: second apply" "$err"
	run "rollback $fixture" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback || return
	same_listing "$root" "$before" "rollback $fixture: every file, mode, owner and link exactly as before"
	$DEAFEN --root "$root" --color never plan "$@" 2> /dev/null | cmp -s - "$SCRATCH/plan.diff" &&
		pass "rollback $fixture: plan shows the same diff as before apply" ||
		fail "rollback $fixture: plan differs after rollback"
	run "rollback twice $fixture" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
		[ "$(listing "$root")" = "$before" ] && pass "rollback $fixture: a second rollback is harmless"
}

roundtrip bigcat --keep ssh,x11,printer,netbios-ssn
roundtrip debian --keep ssh
roundtrip redhat --disable telnet,rsh,httpd,rsync,sshd
roundtrip debian --style debian-legacy --disable ssh,rpcbind --force # nfs-kernel-server needs rpcbind

# mode and owner survive apply and rollback; the default backup directory
root=$(copy_root debian)
chown 1234:5678 "$root/etc/inetd.conf" && chmod 0640 "$root/etc/inetd.conf"
before=$(listing "$root")
run "apply default backup dir" 0 $DEAFEN --root "$root" apply --disable telnet &&
	[ "$(stat -c '%a %u %g' "$root/etc/inetd.conf")" = "640 1234 5678" ] &&
	pass "apply keeps the mode and owner of the file it replaces" || fail "apply mode/owner" "$(stat -c '%a %u %g' "$root/etc/inetd.conf")"
[ "$(stat -c '%a' "$root/var/backups/deafen/$(ls "$root/var/backups/deafen")")" = 700 ] &&
	pass "the backup directory is ROOT/var/backups/deafen/ID, mode 0700" || fail "backup dir mode"
run "backups" 0 $DEAFEN --root "$root" backups &&
	printf '%s\n' "$out" | grep -Eq '^[0-9]{8}T[0-9.]+Z +[-0-9T:Z]+ +1 +0 +complete +--disable telnet$' &&
	pass "backups lists id, time, files, links, state and policy" || fail "backups" "$out"
run "rollback default" 0 $DEAFEN --root "$root" rollback &&
	[ "$(listing "$root" | grep -v '^\./var')" = "$(printf '%s\n' "$before" | grep -v '^\./var')" ] &&
	pass "rollback restores content, mode 0640 and owner 1234:5678" || fail "rollback mode/owner"

# a file changed after apply is not overwritten without --force
root=$(copy_root debian)
bk=$SCRATCH/bk-conflict
$DEAFEN --root "$root" --backup-dir "$bk" apply --disable telnet,ssh > /dev/null 2>&1
echo '# local change' >> "$root/etc/inetd.conf"
changed=$(listing "$root")
run "conflict" 1 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	printf '%s' "$err" | grep -q 'etc/inetd.conf: changed since apply' && [ "$(listing "$root")" = "$changed" ] &&
	pass "rollback refuses a file changed since apply, names it, restores nothing" || fail "conflict" "$err"
run "force" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --force &&
	cmp -s "$root/etc/inetd.conf" "$TOP/fixtures/debian/etc/inetd.conf" &&
	grep -rq 'local change' "$bk"/*/newer/ &&
	pass "rollback --force restores it and keeps the newer file in the backup" || fail "force" "$err"

# a link out of the root stops apply before anything is written
root=$(copy_root debian)
ln -s ../../../../../../../../etc/passwd "$root/etc/rc3.d/S99evil"
before=$(listing "$root")
run "escaping link" 3 $DEAFEN --root "$root" apply --disable telnet &&
	[ "$(listing "$root")" = "$before" ] && pass "apply with a link out of the root: exit 3, nothing written" ||
	fail "escaping link apply" "$err"

# the lock: one deafen at a time on a root
root=$(copy_root debian)
if command -v flock > /dev/null; then
	flock "$root" sleep 3 &
	sleep 0.5
	run "locked" 5 $DEAFEN --root "$root" apply --disable telnet &&
		printf '%s' "$err" | grep -q 'another deafen holds the lock' && pass "a second deafen on the same root exits 5"
	wait
fi

# a backup directory others can write to is refused; nothing changes
root=$(copy_root debian)
before=$(listing "$root")
mkdir -m 0777 "$SCRATCH/open" && chmod 0777 "$SCRATCH/open"
run "open backup dir" 1 $DEAFEN --root "$root" --backup-dir "$SCRATCH/open" apply --disable telnet &&
	printf '%s' "$err" | grep -q 'world writable' && [ "$(listing "$root")" = "$before" ] &&
	pass "a group/world-writable backup directory is refused, root untouched" || fail "open backup dir" "$err"

mkdir -m 0700 "$SCRATCH/theirs" && chown 1234 "$SCRATCH/theirs"
run "foreign backup dir" 1 $DEAFEN --root "$root" --backup-dir "$SCRATCH/theirs" apply --disable telnet &&
	printf '%s' "$err" | grep -q 'owned by uid 1234' && [ "$(listing "$root")" = "$before" ] &&
	pass "a backup directory owned by someone else is refused, root untouched" || fail "foreign backup dir" "$err"

# write failures: in the backup (a full disk), on a file, on a link: root unchanged
for what in manifest old/etc etc/inetd.conf K02rpcbind journal; do
	root=$(copy_root debian)
	before=$(listing "$root")
	run "fail $what" 1 env DEAFEN_FAIL_WRITE=$what $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk-fail-$what" \
		apply --disable telnet,swat,rpcbind --force &&
		printf '%s' "$err" | grep -q 'No space left' && [ "$(listing "$root")" = "$before" ] &&
		pass "a write failure ($what): clear error, root exactly as it was" || fail "write failure $what" "$err"
done

# --- what rollback must not trust ---
# a manifest that points out of the root is refused; nothing outside is written
root=$(copy_root debian)
bk=$SCRATCH/bk-evil
$DEAFEN --root "$root" --backup-dir "$bk" apply --disable telnet > /dev/null 2>&1
evil="$bk/29991231T000000.000000Z"
mkdir -m 0700 "$evil"
printf 'deafen-backup\t1\nroot\t%s\nfile\t../../../../../../tmp/deafen-evil-%s\t4755\t0\t0\nend\n' "$root" $$ > "$evil/manifest"
printf 'begin\ncomplete\n' > "$evil/journal"
run "evil manifest" 3 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	[ ! -e "/tmp/deafen-evil-$$" ] && printf '%s' "$err" | grep -q 'cannot be read' &&
	pass "a manifest with ../ paths is refused; rollback writes nothing outside the root" || fail "evil manifest" "$err"
rm -rf "$evil"
# a backup directory opened to others since apply is refused by rollback too
chmod 0777 "$bk"
run "open bk rollback" 1 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	printf '%s' "$err" | grep -q 'world writable' && pass "rollback refuses a backup directory others can write" ||
	fail "open bk rollback" "$err"
chmod 0700 "$bk"
# a shared backup directory: each root takes its own backups
other=$(copy_root redhat)
$DEAFEN --root "$other" --backup-dir "$bk" apply --disable telnet > /dev/null 2>&1
mkdir "$bk/lost+found"
run "shared bk" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	cmp -s "$root/etc/inetd.conf" "$TOP/fixtures/debian/etc/inetd.conf" &&
	! cmp -s "$other/etc/xinetd.d/telnet" "$TOP/fixtures/redhat/etc/xinetd.d/telnet" &&
	pass "rollback takes the newest backup of its own root, not another root's, not lost+found" ||
	fail "shared bk" "$out$err"
# a directory that became a link since apply: rollback refuses to write through it
root=$(copy_root debian)
bk=$SCRATCH/bk-swap
$DEAFEN --root "$root" --backup-dir "$bk" apply --disable telnet,ssh > /dev/null 2>&1
mkdir -p "$SCRATCH/outside/rc2.d"
mv "$root/etc" "$root/etc.real" && ln -s ../outside "$root/etc"
ln -s "$SCRATCH/outside" "$(dirname "$root")/outside" 2> /dev/null
run "swapped dir" 3 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	[ -z "$(ls -A "$SCRATCH/outside/rc2.d")" ] && [ ! -e "$SCRATCH/outside/inetd.conf" ] &&
	pass "rollback refuses a path whose directory became a link; nothing written through it" ||
	fail "swapped dir" "$err"
# an entry where the plan wants to put a link: refused before anything is written
root=$(copy_root debian)
echo junk > "$root/etc/rc3.d/K02ssh"
before=$(listing "$root")
run "occupied name" 1 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk-occ" apply --disable telnet,ssh &&
	printf '%s' "$err" | grep -q 'etc/rc3.d/K02ssh: already there and not a link' &&
	[ "$(listing "$root")" = "$before" ] && pass "a file at a link's new name stops apply before any change" ||
	fail "occupied name" "$err"
# a failed backup leaves no directory behind to shadow the previous backup
root=$(copy_root debian)
bk=$SCRATCH/bk-shadow
$DEAFEN --root "$root" --backup-dir "$bk" apply --disable telnet > /dev/null 2>&1
DEAFEN_FAIL_WRITE=manifest $DEAFEN --root "$root" --backup-dir "$bk" apply --disable ssh > /dev/null 2>&1
[ "$(ls "$bk" | wc -l)" -eq 1 ] && pass "a backup that could not be written is removed" || fail "failed backup left" "$(ls "$bk")"
# an interrupted apply must be rolled back before the next one
root=$(copy_root debian)
bk=$SCRATCH/bk-int
DEAFEN_CRASH_AFTER=1 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable telnet,ssh > /dev/null 2>&1
run "after interrupt" 1 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable swat &&
	printf '%s' "$err" | grep -q 'was interrupted; run deafen' && pass "apply refuses to stack on an interrupted apply" ||
	fail "after interrupt" "$err"
# a damaged newest manifest stops rollback instead of restoring an older backup
root=$(copy_root debian)
bk=$SCRATCH/bk-bad
$DEAFEN --root "$root" --backup-dir "$bk" apply --disable telnet > /dev/null 2>&1
$DEAFEN --root "$root" --backup-dir "$bk" apply --disable ssh > /dev/null 2>&1
newest=$(ls "$bk" | tail -1)
sed -i '2a garbage' "$bk/$newest/manifest"
run "bad manifest" 3 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	printf '%s' "$err" | grep -q "newest backup $newest cannot be read" && pass "a damaged newest backup stops rollback, named" ||
	fail "bad manifest" "$err"
run "backups bad" 0 $DEAFEN --root "$root" --backup-dir "$bk" backups &&
	printf '%s' "$out" | grep -q "$newest .*unreadable" && pass "backups lists a damaged backup as unreadable" ||
	fail "backups bad" "$out"
# a backup directory where deafen reads configuration is refused
root=$(copy_root debian)
run "bk in etc" 2 $DEAFEN --root "$root" --backup-dir "$root/etc/bk" apply --disable telnet &&
	pass "a backup directory under ROOT/etc is refused"

# crash right after each step, then rollback: the original, byte for byte
root=$(copy_root bigcat)
steps=$($DEAFEN --root "$root" --color never plan --keep ssh,x11,printer,netbios-ssn 2>/dev/null | grep -c '^diff --git')
ok=0
n=0
while [ "$n" -le "$steps" ]; do
	root=$(copy_root bigcat)
	before=$(listing "$root")
	bk=$SCRATCH/bk-crash-$n
	DEAFEN_CRASH_AFTER=$n $DEAFEN --root "$root" --backup-dir "$bk" apply --keep ssh,x11,printer,netbios-ssn > /dev/null 2>&1
	st=$?
	$DEAFEN --root "$root" --backup-dir "$bk" rollback > /dev/null 2> "$SCRATCH/rb"
	if [ "$st" -eq 99 ] && [ "$(listing "$root")" = "$before" ]; then
		ok=$((ok + 1))
	else
		fail "crash after step $n (exit $st): rollback did not restore the root" "$(cat "$SCRATCH/rb")"
	fi
	n=$((n + 1))
done
[ "$ok" -eq $((steps + 1)) ] && pass "apply killed after each of steps 0..$steps: rollback restores the root exactly ($ok runs)"
root=$(copy_root bigcat)
DEAFEN_CRASH_AFTER=3 $DEAFEN --root "$root" apply --keep ssh > /dev/null 2>&1
$DEAFEN --root "$root" backups | grep -q interrupted && pass "backups shows an interrupted apply as interrupted" ||
	fail "interrupted state not shown"

# SIGKILL from outside at varied moments
ok=0
for delay in 0 0.002 0.004 0.006 0.008 0.010 0.012 0.015 0.020 0.030; do
	root=$(copy_root bigcat)
	before=$(listing "$root")
	bk=$SCRATCH/bk-kill-$delay
	$DEAFEN --root "$root" --backup-dir "$bk" apply --keep ssh,x11,printer,netbios-ssn > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	if [ -d "$bk" ] && [ -n "$(ls "$bk")" ]; then
		$DEAFEN --root "$root" --backup-dir "$bk" rollback > /dev/null 2> "$SCRATCH/rb"
	fi
	if [ "$(listing "$root")" = "$before" ]; then
		ok=$((ok + 1))
	else
		fail "SIGKILL after ${delay}s: root not restored" "$(cat "$SCRATCH/rb")"
	fi
done
[ "$ok" -eq 10 ] && pass "apply killed with SIGKILL at 10 moments: rollback restores the root each time"

finish
