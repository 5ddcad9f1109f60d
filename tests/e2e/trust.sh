#!/bin/sh
# trust.sh - the root is untrusted input (issue #15, cases 1-5 and 17): tried as
# an attacker would, nothing outside the root is written, nor read into it
. "$(dirname "$0")/lib.sh"

# outside_same DIR BEFORE LABEL: DIR (outside the root) is as it was
outside_same() {
	if [ "$(listing "$1")" = "$2" ]; then
		pass "$3"
	else
		fail "$3: written outside the root" "$(listing "$1")"
	fi
}

# wait_stopped PID: until the process is stopped (SIGSTOP of DEAFEN_PAUSE_BEFORE), 10 s at
# most (60 under valgrind); one that never stops is killed: a test never hangs
wait_stopped() {
	i=0 n=200
	[ -n "${VALGRIND:-}" ] && n=1200
	while [ $i -lt $n ]; do
		[ "$(cut -d' ' -f3 "/proc/$1/stat" 2> /dev/null)" = T ] && return 0
		kill -0 "$1" 2> /dev/null || return 1
		sleep 0.05
		i=$((i + 1))
	done
	kill -KILL "$1" 2> /dev/null
	return 1
}

# swap_out ROOT DIR OUT: DIR of ROOT moved to OUT (outside) and replaced by a link to it
swap_out() {
	cp -a "$1/$2" "$3" && rm -rf "${1:?}/$2" && ln -s "$3" "$1/$2"
}

# paused NAME WANT STEP DIR CMD...: runs CMD until it stops before STEP, swaps DIR
# of $root for a link out of the root, resumes it; checks that it stopped, failed
# with WANT and wrote nothing outside
paused() {
	pname=$1 pwant=$2 pstep=$3 pdir=$4
	shift 4
	out_dir="$SCRATCH/out.$(printf %s "$pname" | tr " /" "__")"
	env DEAFEN_PAUSE_BEFORE="$pstep" "$@" > "$SCRATCH/out" 2> "$SCRATCH/err" &
	pid=$!
	if wait_stopped $pid; then
		pass "$pname: deafen stops before its write in $pstep (DEAFEN_PAUSE_BEFORE)"
	else
		fail "$pname: deafen did not stop before $pstep"
	fi
	swap_out "$root" "$pdir" "$out_dir"
	before_out=$(listing "$out_dir")
	kill -CONT $pid 2> /dev/null
	wait $pid
	status=$?
	err=$(cat "$SCRATCH/err")
	outside_same "$out_dir" "$before_out" "$pname: nothing written through $pdir swapped for a link"
	if [ "$status" -eq "$pwant" ] && printf '%s' "$err" | grep -q "$pdir.*link"; then
		pass "$pname: fails cleanly (exit $pwant), naming $pdir"
	else
		fail "$pname: exit $status, expected $pwant naming $pdir" "$err"
	fi
}

# ---- case 1: the default backup place leads out through a link ----
root=$(copy_root debian)
mkdir "$SCRATCH/outside1"
rm -rf "$root/var" && ln -s ../outside1 "$root/var"
run "case 1 relative var link" 3 $DEAFEN --root "$root" apply --no-reload --keep ssh &&
	printf '%s' "$err" | grep -q "var.*link" && pass "case 1: ROOT/var -> ../outside refused, the link named"
[ -z "$(ls -A "$SCRATCH/outside1")" ] && pass "case 1: nothing written in the directory ROOT/var leads to" ||
	fail "case 1: written outside through ROOT/var" "$(ls -AR "$SCRATCH/outside1")"

root=$(copy_root debian)
mkdir -p "$SCRATCH/outside1b" "$root/var"
ln -s "$SCRATCH/outside1b" "$root/var/backups"
$DEAFEN --root "$root" apply --no-reload --keep ssh > /dev/null 2>&1
[ -z "$(ls -A "$SCRATCH/outside1b")" ] && pass "case 1: nothing written through an absolute ROOT/var/backups link" ||
	fail "case 1: written outside through ROOT/var/backups -> $SCRATCH/outside1b" "$(ls -AR "$SCRATCH/outside1b")"

# an absolute link that stays in the root is followed in the root
root=$(copy_root debian)
mkdir -p "$root/var" "$root/srv/bk"
ln -s /srv/bk "$root/var/backups"
run "case 1 link inside" 0 $DEAFEN --root "$root" apply --no-reload --keep ssh &&
	[ -f "$root/srv/bk/deafen/"*/manifest ] &&
	run "case 1 rollback inside" 0 $DEAFEN --root "$root" rollback &&
	pass "case 1: ROOT/var/backups -> /srv/bk resolved in the root (ROOT/srv/bk), and rolled back from there"

# ---- case 2: rollback copies from outside into the root ----
# plant ROOT ID: a backup of ROOT in its default place whose old copy of etc/shadow says EVIL
plant() {
	bk=$1
	mkdir -p "$bk/new/etc"
	printf 'deafen-backup\t1\nid\t%s\ntime\t2030-01-01T00:00:00Z\nroot\t%s\npolicy\t--keep ssh\nstyle\tdebian\nfile\tetc/shadow\t0644\t0\t0\nend\n' \
		"$(basename "$bk")" "$2" > "$bk/manifest"
	printf 'begin\ndone 1\ncomplete\n' > "$bk/journal"
	cp "$2/etc/shadow" "$bk/new/etc/shadow"
}
evil_etc() {
	mkdir -p "$1" && printf 'root:EVIL:1:0:99999:7:::\n' > "$1/shadow"
}

root=$(copy_root debian)
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow" && chmod 0640 "$root/etc/shadow"
shadow=$(listing "$root/etc")
evil_etc "$SCRATCH/evil2a/etc"
mkdir -p -m 0700 "$root/var/backups/deafen"
plant "$root/var/backups/deafen/20300101T000000.000000Z" "$root"
ln -s "$SCRATCH/evil2a" "$root/var/backups/deafen/20300101T000000.000000Z/old"
run "case 2 old link" 1 $DEAFEN --root "$root" --no-reload rollback
same_listing "$root/etc" "$shadow" "case 2: a planted backup whose old/ is a link outside: etc/shadow not written"

root=$(copy_root debian)
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow" && chmod 0640 "$root/etc/shadow"
shadow=$(listing "$root/etc")
evil_etc "$SCRATCH/evil2b"
mkdir -p -m 0700 "$root/var/backups/deafen"
plant "$root/var/backups/deafen/20300101T000000.000000Z" "$root"
mkdir -p "$root/var/backups/deafen/20300101T000000.000000Z/old"
ln -s "$SCRATCH/evil2b" "$root/var/backups/deafen/20300101T000000.000000Z/old/etc"
run "case 2 old/etc link" 1 $DEAFEN --root "$root" --no-reload rollback
same_listing "$root/etc" "$shadow" "case 2: a planted backup whose old/etc is a link outside: etc/shadow not written"

# the backup-id directory itself a link out of the root
root=$(copy_root debian)
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow" && chmod 0640 "$root/etc/shadow"
shadow=$(listing "$root/etc")
evil_etc "$SCRATCH/evil2c/old/etc"
plant "$SCRATCH/evil2c" "$root"
evil_before=$(listing "$SCRATCH/evil2c")
mkdir -p -m 0700 "$root/var/backups/deafen"
ln -s "$SCRATCH/evil2c" "$root/var/backups/deafen/20300101T000000.000000Z"
run "case 2 id link" 3 $DEAFEN --root "$root" --no-reload rollback &&
	printf '%s' "$err" | grep -q "a link" && pass "case 2: a backup-id directory that is a link is refused, named"
run "case 2 id link, by id" 3 $DEAFEN --root "$root" --no-reload rollback 20300101T000000.000000Z
same_listing "$root/etc" "$shadow" "case 2: a backup-id directory that is a link: etc/shadow not written"
outside_same "$SCRATCH/evil2c" "$evil_before" "case 2: a backup-id directory that is a link: its journal not written"

# a tampered external --backup-dir: old/etc/shadow a link to a file outside
root=$(copy_root debian)
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow" && chmod 0640 "$root/etc/shadow"
shadow=$(listing "$root/etc")
evil_etc "$SCRATCH/evil2d"
mkdir -m 0700 "$SCRATCH/ext2"
plant "$SCRATCH/ext2/20300101T000000.000000Z" "$root"
mkdir -p "$SCRATCH/ext2/20300101T000000.000000Z/old"
ln -s "$SCRATCH/evil2d" "$SCRATCH/ext2/20300101T000000.000000Z/old/etc"
run "case 2 external" 1 $DEAFEN --root "$root" --backup-dir "$SCRATCH/ext2" --no-reload rollback
same_listing "$root/etc" "$shadow" "case 2: a tampered --backup-dir (old/etc a link outside): etc/shadow not written"

# ---- case 3: a directory swapped for a link while deafen runs ----
for dir in etc/rc3.d etc/xinetd.d; do
	root=$(copy_root debian)
	before=$(listing "$root")
	bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
	paused "case 3 apply $dir" 3 "$dir" "$dir" $DEAFEN --root "$root" --backup-dir "$bk" apply --no-reload --keep ssh
	printf '%s' "$err" | grep -q "nothing changed" && pass "case 3 apply $dir: the steps made before are undone" ||
		fail "case 3 apply $dir: not undone" "$err"
done

# the same where openat2 is missing: the O_NOFOLLOW walk
root=$(copy_root debian)
bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
paused "case 3 apply without openat2" 3 etc/rc3.d etc/rc3.d env DEAFEN_NO_OPENAT2=1 $DEAFEN --root "$root" --backup-dir "$bk" apply --no-reload --keep ssh

# rollback: its directories checked up front, then one swapped before its write
for dir in etc/rc3.d etc/xinetd.d; do
	root=$(copy_root debian)
	bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
	run "case 3 apply for rollback" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --no-reload --keep ssh
	paused "case 3 rollback $dir" 3 "$dir" "$dir" $DEAFEN --root "$root" --backup-dir "$bk" --no-reload rollback
done

# ---- case 4: --backup-dir through a link into etc ----
root=$(copy_root debian)
ln -s etc "$root/bk"
run "case 4" 2 $DEAFEN --root "$root" --backup-dir "$root/bk/x" apply --no-reload --keep ssh &&
	printf '%s' "$err" | grep -q "inside.*etc" && pass "case 4: --backup-dir ROOT/bk/x with ROOT/bk -> etc refused"
[ ! -e "$root/etc/x" ] && pass "case 4: nothing made in ROOT/etc" || fail "case 4: ROOT/etc/x made"
# the default place through a link into etc, absolute as the root sees it
root=$(copy_root debian)
mkdir -p "$root/var"
ln -s /etc "$root/var/backups"
run "case 4 default" 2 $DEAFEN --root "$root" apply --no-reload --keep ssh &&
	[ ! -e "$root/etc/deafen" ] && pass "case 4: ROOT/var/backups -> /etc refused, nothing made in ROOT/etc"

# ---- case 5: a .wants or drop-in directory that links out of the root ----
root=$(copy_root systemd)
mkdir "$SCRATCH/wants5"
mv "$root/etc/systemd/system/multi-user.target.wants" "$SCRATCH/wants5/w"
ln -s ../../../../wants5/w "$root/etc/systemd/system/multi-user.target.wants"
for cmd in plan verify; do
	run "case 5 .wants $cmd" 3 $DEAFEN --root "$root" $cmd --keep ssh &&
		printf '%s' "$err" | grep -q "multi-user.target.wants.*outside the root" &&
		pass "case 5: $cmd refuses a .wants directory that links out of the root, naming it"
done
root=$(copy_root systemd)
mkdir -p "$SCRATCH/dropin5"
printf '[Service]\nExecStart=\n' > "$SCRATCH/dropin5/x.conf"
ln -s ../../../../dropin5 "$root/etc/systemd/system/cups.service.d"
run "case 5 drop-in dir" 3 $DEAFEN --root "$root" plan --keep ssh &&
	printf '%s' "$err" | grep -q "cups.service.d.*outside the root" &&
	pass "case 5: a drop-in directory that links out of the root is refused, named"

# ---- case 17: extended attributes and ACLs ----
if command -v setfattr > /dev/null && command -v setfacl > /dev/null; then
	root=$(copy_root debian)
	bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
	f="$root/etc/inetd.conf"
	setfattr -n user.deafen -v label17 "$f" && setfacl -m u:1234:r "$f"
	# a security.* attribute (the namespace of security.selinux), where this file system takes one
	setfattr -n security.deafen -v sec17 "$f" 2> /dev/null && sec=yes || sec=no
	acl=$(getfacl -c "$f" 2> /dev/null)
	run "case 17 apply" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --no-reload --keep ssh
	[ "$(getfattr --only-values -n user.deafen "$f" 2> /dev/null)" = label17 ] &&
		pass "case 17: apply keeps the user.* attribute of the file it rewrites" ||
		fail "case 17: user.deafen lost by apply"
	[ "$(getfacl -c "$f" 2> /dev/null)" = "$acl" ] && pass "case 17: apply keeps the ACL" ||
		fail "case 17: ACL lost by apply" "$(getfacl -c "$f")"
	if [ $sec = yes ]; then
		[ "$(getfattr --only-values -n security.deafen "$f" 2> /dev/null)" = sec17 ] &&
			pass "case 17: apply keeps a security.* attribute" ||
			fail "case 17: security.deafen lost by apply"
	fi
	# taken away after apply: rollback puts back what the backup kept
	setfattr -x user.deafen "$f" && setfacl -b "$f"
	run "case 17 rollback" 0 $DEAFEN --root "$root" --backup-dir "$bk" --no-reload rollback
	[ "$(getfattr --only-values -n user.deafen "$f" 2> /dev/null)" = label17 ] &&
		[ "$(getfacl -c "$f" 2> /dev/null)" = "$acl" ] &&
		pass "case 17: rollback puts back the attribute and the ACL from the backup" ||
		fail "case 17: rollback lost the attribute or the ACL" "$(getfattr -d "$f"; getfacl -c "$f")"
else
	skip "case 17: needs setfattr and setfacl (sh tests/deps.sh installs attr and acl)"
fi

# case 3, reads: etc/systemd/system an absolute link out of the root; verify's default
# runlevel is read in the root (where it leads to nothing), not from the outside directory
root=$(copy_root debian)
o=$(mktemp -d "$SCRATCH/out.XXXXXX")
mkdir -p "$o/system" "$root/etc/systemd" && ln -s graphical.target "$o/system/default.target" &&
	ln -s "$o/system" "$root/etc/systemd/system"
if run "case 3 read: verify" 4 $DEAFEN --root "$root" verify --disable telnet; then
	case "$err" in
	*"runlevel 5"* | *"from etc/systemd/system/default.target"*)
		fail "case 3 read: default.target read outside the root" "$err"
		;;
	*) pass "case 3 read: verify reads no default.target outside the root" ;;
	esac
fi

finish
