#!/bin/sh
# journal.sh - a backup's journal lies under the root (var/backups/deafen): an
# attacker who writes it must not make `backups` tell a lie. A forged
# "only-done NAME" line is believed only when the backup and the root agree
# (NAME's links are back, its hunks gone from the backup's new copies, NAME is
# something of the backup); else backups shows the true state and warns,
# naming the journal's line. On copies of fixtures/debian.
. "$(dirname "$0")/lib.sh"

root=$(copy_root debian)
bk=$root/var/backups/deafen # the default: under the root
run "apply --disable telnet,cups,exim4" 0 $DEAFEN --root "$root" apply --disable telnet,cups,exim4 --no-reload &&
	pass "apply --disable telnet,cups,exim4"
id=$(ls "$bk")
journal=$bk/$id/journal

# forged: exim4's links (rc links) were never rolled back
printf 'only\texim4\nonly-done\texim4\n' >> "$journal"
line=$(grep -n '^only-done' "$journal" | cut -d: -f1)
if run "backups, forged only-done exim4" 0 $DEAFEN --root "$root" backups; then
	printf '%s\n' "$out" | grep -q "^$id .* complete " && ! printf '%s\n' "$out" | grep -q 'partly' &&
		pass "backups: a forged 'only-done exim4' (links as apply left them) leaves the state complete" ||
		fail "backups: forged only-done believed" "$out"
	printf '%s\n' "$err" | grep -q "warning: $journal:$line: 'only-done exim4' is not so (etc/rc2.d/S03exim4 is not back as apply found it): not taken" &&
		pass "backups: warns, naming the journal's line and the link" || fail "backups: no warning of the forged line" "$err"
fi
if run "backups --format json, forged" 0 $DEAFEN --root "$root" --format json backups; then
	printf '%s\n' "$out" | grep -q '"state": *"complete"' && printf '%s\n' "$out" | grep -q '"only": *\[ *\]' &&
		pass "backups --format json: state complete, only []" || fail "backups json: forged line believed" "$out"
fi

# forged NAME WHY LABEL: "only NAME", "only-done NAME" appended to the journal;
# backups must not say "partly rolled back" and must warn with the line and WHY
forged() {
	printf 'only\t%s\nonly-done\t%s\n' "$1" "$1" >> "$journal"
	line=$(grep -n "^only-done	$1\$" "$journal" | cut -d: -f1)
	run "backups, forged only-done $1" 0 $DEAFEN --root "$root" backups &&
		! printf '%s\n' "$out" | grep -q 'partly' &&
		printf '%s\n' "$err" | grep -qF "$journal:$line: 'only-done $1' is not so ($2)" &&
		pass "backups: a forged 'only-done $1' ($3) is not taken, said" ||
		fail "backups: forged only-done $1" "$out
$err"
}
# its inetd.conf line (a file's hunk) is still in the backup's new copy
forged telnet "the backup's copy of etc/inetd.conf still holds its change" "its hunk still in the new copy"
# a name the backup holds nothing of
forged ssh "backup $id holds nothing of ssh" "nothing of the backup"

# the real thing is still believed, and the forged lines still not
run "rollback --only cups" 0 $DEAFEN --root "$root" rollback "$id" --only cups --no-reload && pass "rollback --only cups"
run "rollback --only telnet" 0 $DEAFEN --root "$root" rollback "$id" --only telnet --no-reload && pass "rollback --only telnet"
if run "backups after real rollbacks --only" 0 $DEAFEN --root "$root" backups; then
	printf '%s\n' "$out" | grep -q "^$id .*partly rolled back (telnet,cups)" &&
		pass "backups: the real rollbacks --only are believed (partly rolled back (telnet,cups))" ||
		fail "backups: real rollback --only" "$out"
	printf '%s\n' "$err" | grep -q "'only-done exim4' is not so" && ! printf '%s\n' "$err" | grep -q "'only-done telnet'" &&
		pass "backups: still warns of exim4's forged line, no more of telnet's" || fail "backups: warnings after" "$err"
fi

# a real one made false later: cups's links turned off again by hand
for l in 2 3 4 5; do mv "$root/etc/rc$l.d/S02cups" "$root/etc/rc$l.d/K02cups"; done
run "backups, cups off again" 0 $DEAFEN --root "$root" backups &&
	printf '%s\n' "$out" | grep -q "^$id .*partly rolled back (telnet) " &&
	printf '%s\n' "$err" | grep -q "'only-done cups' is not so (etc/rc2.d/S02cups is not back as apply found it)" &&
	pass "backups: only what holds now (telnet); cups's line said not so" || fail "backups: cups off again" "$out
$err"

finish
