#!/bin/sh
# applyfail.sh - a failed apply says the cause first, then what was undone:
# a full disk (the DEAFEN_FAIL_WRITE hook of fsutil.c) on a file and on a
# link, and a user other than root on a root that is root's ("must run as
# root to change ROOT" first); the error document of --format json carries
# the same message; the root is left exactly as it was
. "$(dirname "$0")/lib.sh"

# line N: the Nth line of $err, after plan's warnings (rpcbind, which
# nfs-kernel-server and rstatd need, goes by --force: keep.sh tests that)
line() { printf '%s\n' "$err" | grep -v '^deafen: warning: ' | sed -n "${1}p"; }
# json_error: the "error" of the document in $out
json_error() { printf '%s\n' "$out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["error"])'; }

# ENOSPC on a link rename: telnet's and swat's files were changed before it, and are put back
root=$(copy_root debian)
before=$(listing "$root")
if run "ENOSPC on a link" 1 env DEAFEN_FAIL_WRITE=K02rpcbind $DEAFEN --root "$root" \
	--backup-dir "$SCRATCH/bk1" apply --disable telnet,swat,rpcbind --force --no-reload --no-confirm; then
	[ "$(line 1)" = "deafen: etc/rcS.d/K02rpcbind: rename: No space left on device" ] &&
	[ "$(line 2)" = "deafen: undone: etc/xinetd.d/swat restored" ] &&
	[ "$(line 3)" = "deafen: undone: etc/inetd.conf restored" ] &&
	line 4 | grep -q '^deafen: nothing changed: the steps made were undone (backup ' &&
	[ "$(printf '%s\n' "$err" | grep -vc '^deafen: warning: ')" -eq 4 ] &&
		pass "ENOSPC on a link: the cause first, then each file put back, then 'nothing changed'" ||
		fail "ENOSPC on a link: stderr" "$err"
fi
same_listing "$root" "$before" "ENOSPC on a link: the root is as it was"

# ENOSPC on the root's own inetd.conf (not on its backup copy): the first step
root=$(copy_root debian)
before=$(listing "$root")
if run "ENOSPC on a file" 1 env DEAFEN_FAIL_WRITE="$root/etc/inetd.conf" $DEAFEN --root "$root" \
	--backup-dir "$SCRATCH/bk2" apply --disable telnet,rpcbind --force --no-reload --no-confirm; then
	[ "$(line 1)" = "deafen: etc/inetd.conf: write: No space left on device" ] &&
	line 2 | grep -q '^deafen: nothing changed: the steps made were undone (backup ' &&
		pass "ENOSPC on etc/inetd.conf: 'etc/inetd.conf: write: No space left on device' first" ||
		fail "ENOSPC on a file: stderr" "$err"
fi
same_listing "$root" "$before" "ENOSPC on a file: the root is as it was"
if run "ENOSPC json" 1 env DEAFEN_FAIL_WRITE=K02rpcbind $DEAFEN --root "$root" \
	--backup-dir "$SCRATCH/bk3" --format json apply --disable telnet,swat,rpcbind --force --no-reload --no-confirm; then
	[ "deafen: $(json_error)" = "$(line 1)" ] && [ "$(line 1)" != "deafen: " ] &&
		pass "ENOSPC, --format json: the document's error is the first line of stderr" ||
		fail "ENOSPC json" "$out
$err"
fi
same_listing "$root" "$before" "ENOSPC, --format json: the root is as it was"

# as nobody, on a copy of a fixture that is root's
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv > /dev/null 2>&1; then
	skip "not as another user: needs root and setpriv (util-linux)"
	finish
	exit
fi
nobody='setpriv --reuid=65534 --regid=65534 --clear-groups'
chmod 755 "$SCRATCH"
root=$(copy_root debian)
chmod 755 "$(dirname "$root")" "$root"
chmod -R a+rX "$root"
before=$(listing "$root")
# shellcheck disable=SC2086 # $nobody is a command
if run "nobody, default backup dir" 1 $nobody $DEAFEN --root "$root" apply --disable telnet \
	--no-reload --no-confirm; then
	[ "$(line 1)" = "deafen: must run as root to change $root" ] &&
	[ "$(line 2)" = "deafen: backup directory $root/var/backups/deafen: Permission denied" ] &&
		pass "nobody: 'must run as root to change ROOT' first, then the backup directory refused" ||
		fail "nobody, default backup dir: stderr" "$err"
fi
same_listing "$root" "$before" "nobody: the root is as it was"

# a backup directory of nobody's own: the backup is made, the first write refused, undone
mkdir -m 700 "$SCRATCH/bk-nobody" && chown 65534:65534 "$SCRATCH/bk-nobody"
# shellcheck disable=SC2086
if run "nobody, own backup dir" 1 $nobody $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk-nobody" \
	apply --disable telnet,rpcbind --force --no-reload --no-confirm; then
	[ "$(line 1)" = "deafen: must run as root to change $root" ] &&
	[ "$(line 2)" = "deafen: etc/inetd.conf: write: Permission denied" ] &&
	line 3 | grep -q '^deafen: nothing changed: the steps made were undone (backup ' &&
		pass "nobody, own backup dir: must run as root, then the write refused, then 'nothing changed'" ||
		fail "nobody, own backup dir: stderr" "$err"
fi
# shellcheck disable=SC2086
if run "nobody json" 1 $nobody $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk-nobody" \
	--format json apply --disable telnet,rpcbind --force --no-reload --no-confirm; then
	[ "$(json_error)" = "must run as root to change $root" ] &&
	[ "deafen: $(json_error)" = "$(line 1)" ] &&
		pass "nobody, --format json: the document's error is 'must run as root to change ROOT'" ||
		fail "nobody json" "$out
$err"
fi
same_listing "$root" "$before" "nobody, own backup dir: the root is as it was"

# rollback of root's apply, as nobody: the same first line
$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk-root" apply --disable telnet --no-reload \
	--no-confirm > /dev/null 2>&1
chmod 755 "$SCRATCH/bk-root"
after=$(listing "$root")
# shellcheck disable=SC2086
if run "nobody rollback" 1 $nobody $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk-root" rollback \
	--no-reload --no-confirm; then
	[ "$(line 1)" = "deafen: must run as root to change $root" ] &&
		pass "nobody, rollback of root's apply: 'must run as root to change ROOT' first" ||
		fail "nobody rollback: stderr" "$err"
fi
same_listing "$root" "$after" "nobody, rollback: the root is as apply left it"

# a root of nobody's own, with a backup directory open to others: no word of root
mine=$(copy_root debian)
chown -R 65534:65534 "$mine"
chmod 755 "$(dirname "$mine")"
mkdir -m 770 "$mine/bk" && chown 65534:65534 "$mine/bk"
# shellcheck disable=SC2086
if run "nobody, own root" 1 $nobody $DEAFEN --root "$mine" --backup-dir "$mine/bk" apply \
	--disable telnet --no-reload --no-confirm; then
	[ "$(line 1)" = "deafen: backup directory $mine/bk: group or world writable (mode 0770)" ] &&
		pass "nobody on its own root: a refusal that root would get too says no word of root" ||
		fail "nobody, own root: stderr" "$err"
fi
finish
