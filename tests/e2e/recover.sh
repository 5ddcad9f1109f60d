#!/bin/sh
# recover.sh - recovery that never dead-ends (#15, cases 6 to 14): a kill at any
# point of apply or rollback, a journal line that cannot be written, a journal
# lost, a blocked rollback, rc directories that are one. Each ends, after
# rollback (or a re-run of it), with the root exactly as it was, and a later
# apply works. The exhaustive kill loops are bench/kill.sh; this suite kills
# at the first, middle and last crash point of one fixture per init system.
. "$(dirname "$0")/lib.sh"

# fresh FIXTURE: ROOT (a copy), BK (its backup directory), BEFORE (its listing)
fresh() {
	root=$(copy_root "$1")
	bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
	rmdir "$bk"
	before=$(listing "$root")
}
dea() { $DEAFEN --root "$root" --backup-dir "$bk" "$@"; }
state() { dea backups 2> /dev/null | awk 'NR > 1 { $1 = $2 = $3 = $4 = ""; print }' | tail -1 | sed 's/^ *//'; }
# later_apply LABEL POLICY...: a later apply works (exit 0), and leaves what a clean one leaves
later_apply() {
	label=$1
	shift
	clean=$(copy_root "$fixture")
	$DEAFEN --root "$clean" --backup-dir "$SCRATCH/bk-clean" apply --no-reload "$@" > /dev/null 2>&1
	rm -rf "$SCRATCH/bk-clean"
	run "$label: a later apply" 0 dea apply --no-reload "$@" || return
	if [ "$(listing "$root")" = "$(listing "$clean")" ]; then
		pass "$label: a later apply works and leaves what an apply on the untouched root leaves"
	else
		fail "$label: a later apply differs from a clean one" "$(listing "$clean" | diff - /dev/stdin <<EOT
$(listing "$root")
EOT
)"
	fi
}

# --- 6: killed right after the journal's begin: rollback closes the backup ---
fixture=debian
fresh $fixture
DEAFEN_CRASH_AFTER=0 dea apply --disable telnet --no-reload > /dev/null 2>&1
run "6: rollback after a kill right after begin" 0 dea rollback --no-reload &&
	printf '%s' "$out" | grep -q ': 0 of 1 change restored' && [ "$(state)" = "rolled back --disable telnet" ] &&
	pass "6: a kill right after begin: rollback restores 0 changes and marks the backup rolled back" ||
	fail "6: rollback after begin" "$out $(state)"
same_listing "$root" "$before" "6: the root is as it was"
later_apply "6" --disable telnet

# --- 7: a half-applied systemd root: apply does not say "nothing to do" ---
# killed after each of the last steps but one (the issue's 16-21 of 22: the rc links
# of cups, the emptied .wants directories)
fixture=systemd
fresh $fixture
dea apply --keep ssh --no-reload > /dev/null 2>&1
steps=$(grep -cE '^(file|rename|delete|create|rmdir)	' "$bk"/*/manifest)
for n in $((steps - 4)) $((steps - 2)) $((steps - 1)); do
	fresh $fixture
	DEAFEN_CRASH_AFTER=$n dea apply --keep ssh --no-reload > /dev/null 2>&1
	id=$(ls "$bk")
	run "7: apply after a kill at step $n" 1 dea apply --keep ssh --no-reload &&
		printf '%s' "$err" | grep -q "backup $id: its apply was interrupted; run deafen .* rollback first" &&
		! printf '%s' "$err" | grep -q 'nothing to do' &&
		pass "7: after a kill at step $n of $steps, apply names the interrupted backup and refuses" ||
		fail "7: apply after a kill at step $n" "$err"
	run "7: rollback after step $n" 0 dea rollback --no-reload && same_listing "$root" "$before" \
		"7: rollback after a kill at step $n: S01cups and the .wants directories exactly as before"
done
later_apply "7" --keep ssh

# --- 8: the complete line cannot be written: apply says what is true ---
fixture=debian
fresh $fixture
run "8: complete line fails" 1 env DEAFEN_FAIL_WRITE=journal:complete $DEAFEN --root "$root" --backup-dir "$bk" \
	apply --keep ssh --no-reload &&
	! printf '%s' "$err" | grep -q 'nothing changed' && printf '%s' "$err" | grep -q 'the root IS changed' &&
	printf '%s' "$err" | grep -q "rollback $(ls "$bk") undoes it" &&
	pass "8: a failed complete line: apply says the root is changed and how to undo it, not 'nothing changed'" ||
	fail "8: complete line fails" "$err"
[ "$(state)" = "complete --keep ssh" ] && pass "8: the backup reads as complete (its journal has every step done)" ||
	fail "8: state after a failed complete line" "$(state)"
run "8: apply after it" 0 dea apply --keep ssh --no-reload && printf '%s' "$err" | grep -q 'nothing to do' &&
	pass "8: the next apply works from there (nothing to do)" || fail "8: next apply" "$err"
run "8: rollback" 0 dea rollback --no-reload && same_listing "$root" "$before" "8: rollback restores the root exactly"

# --- 9: a rollback killed after making a .wants directory, before its chmod ---
fixture=systemd
fresh $fixture
wants=$root/etc/systemd/system/sockets.target.wants
dea apply --keep ssh --no-reload > /dev/null 2>&1
run "9: rollback killed at mkdir" 99 env DEAFEN_CRASH_AT=mkdir $DEAFEN --root "$root" --backup-dir "$bk" \
	rollback --no-reload && [ "$(stat -c %a "$wants")" = 700 ] &&
	run "9: rollback again" 0 dea rollback --no-reload && [ "$(stat -c %a "$wants")" = 755 ] &&
	pass "9: a rollback killed between mkdir and chmod: the re-run leaves the .wants directory 0755" ||
	fail "9: mode after a re-run" "$(stat -c %a "$wants") $err"
same_listing "$root" "$before" "9: the re-run restores the root exactly"
# the state such a kill leaves, made by hand: the directory there, 0700, its links not yet back
fresh $fixture
wants=$root/etc/systemd/system/sockets.target.wants
dea apply --keep ssh --no-reload > /dev/null 2>&1
mkdir -m 0700 "$wants"
run "9: rollback over a 0700 directory" 0 dea rollback --no-reload && [ "$(stat -c %a "$wants")" = 755 ] &&
	pass "9: a directory made 0700 by a killed rollback is given its mode back" || fail "9: 0700 left" "$(stat -c %a "$wants")"
same_listing "$root" "$before" "9: and the root is exactly as it was"

# --- 10: --save-policy killed while writing the policy ---
fixture=debian
fresh $fixture
run "10: killed writing the policy" 99 env DEAFEN_CRASH_AT="rename policy" $DEAFEN --root "$root" \
	--backup-dir "$bk" apply --keep ssh --save-policy --no-reload &&
	[ -n "$(find "$root/etc/deafen" -name '.deafen-??????')" ] && run "10: rollback" 0 dea rollback --no-reload &&
	same_listing "$root" "$before" "10: rollback after a kill mid-write of the saved policy: no etc/deafen, no temporary file" ||
	fail "10: kill in the policy write" "$err"
later_apply "10" --keep ssh --save-policy
# the same state by hand: the policy not yet renamed into place, its temporary named in the journal
fresh $fixture
dea apply --keep ssh --save-policy --no-reload > /dev/null 2>&1
id=$(ls "$bk")
rm "$root/etc/deafen/policy"
echo 'keep ssh' > "$root/etc/deafen/.deafen-Tq3zP0"
printf 'temp\tetc/deafen/.deafen-Tq3zP0\n' >> "$bk/$id/journal"
grep -q '^mkdir	etc/deafen$' "$bk/$id/journal" || printf 'mkdir\tetc/deafen\n' >> "$bk/$id/journal"
run "10: rollback, policy half-written" 0 dea rollback --no-reload &&
	same_listing "$root" "$before" "10: rollback removes the etc/deafen it made and the temporary its journal names"

# --- 11: a file of the root's that looks like a temporary stays ---
fresh debian
echo 'mine' > "$root/etc/.deafen-abcdef"
echo 'mine too' > "$root/etc/xinetd.d/.deafen-Zz0099"
before=$(listing "$root")
dea apply --keep ssh --no-reload > /dev/null 2>&1
run "11: rollback" 0 dea rollback --no-reload &&
	same_listing "$root" "$before" "11: rollback removes only the temporaries the journal names: etc/.deafen-abcdef stays"

# --- 12: the journal deleted or emptied: the manifest says what changed ---
# lose_journal HOW: a fresh debian root applied, its journal then deleted or emptied; ID
lose_journal() {
	fresh debian
	dea apply --keep ssh --no-reload > /dev/null 2>&1
	id=$(ls "$bk")
	if [ "$1" = deleted ]; then rm "$bk/$id/journal"; else : > "$bk/$id/journal"; fi
}
fixture=debian
for how in deleted emptied; do
	for arg in newest ID; do
		lose_journal $how
		run "12: rollback ($arg), journal $how" 0 dea rollback $([ $arg = ID ] && echo "$id") --no-reload &&
			printf '%s' "$out" | grep -q "rolled back $id: 25 of 25 changes restored" &&
			printf '%s' "$err" | grep -q 'journal is missing or empty' &&
			same_listing "$root" "$before" "12: journal $how, rollback ($arg): the manifest says what changed; the root exactly as it was" ||
			fail "12: journal $how, rollback ($arg)" "$out $err"
	done
done
later_apply "12" --keep ssh

# --- 13: a blocked rollback says it is partial, what is left, and that a re-run finishes ---
fixture=debian
fresh $fixture
dea apply --keep ssh --no-reload > /dev/null 2>&1
id=$(ls "$bk")
if chattr +i "$root/etc/inetd.conf" 2> /dev/null; then
	block="chattr +i etc/inetd.conf"
	unblock() { chattr -i "$root/etc/inetd.conf"; }
	run "13: blocked rollback" 1 dea rollback --no-reload
else
	block="DEAFEN_FAIL_RESTORE=etc/inetd.conf (no chattr +i here)"
	unblock() { :; }
	run "13: blocked rollback" 1 env DEAFEN_FAIL_RESTORE=etc/inetd.conf $DEAFEN --root "$root" --backup-dir "$bk" \
		rollback --no-reload
fi
printf '%s' "$err" | grep -q "rollback $id is partial: 24 of 25 changes restored, 1 left (etc/inetd.conf): restore etc/inetd.conf: Operation not permitted" &&
	printf '%s' "$err" | grep -q "rollback $id again restores the rest" &&
	pass "13: a blocked rollback ($block) says it is partial, what is left, and that running it again finishes" ||
	fail "13: blocked rollback message" "$err"
[ "$(listing "$root/etc/rc2.d")" = "$(listing "$TOP/fixtures/debian/etc/rc2.d")" ] &&
	[ "$(listing "$root/etc/xinetd.d")" = "$(listing "$TOP/fixtures/debian/etc/xinetd.d")" ] &&
	pass "13: the rest is restored around the blocked file (rc2.d, xinetd.d)" || fail "13: the rest not restored" "$(ls -l "$root/etc/rc2.d")"
[ "$(state)" = "rollback interrupted --keep ssh" ] &&
	run "13: apply after a partial rollback" 1 dea apply --keep ssh --no-reload &&
	printf '%s' "$err" | grep -q "backup $id: its rollback did not finish; run deafen .* rollback $id again first" &&
	pass "13: apply refuses to stack on a partial rollback, naming it" || fail "13: apply after partial" "$(state) $err"
unblock
run "13: rollback again" 0 dea rollback --no-reload && same_listing "$root" "$before" \
	"13: once the block is lifted, the re-run finishes: the root exactly as it was"
later_apply "13" --keep ssh

# --- 14: etc/rc2.d -> rc3.d: one directory, each rename planned once ---
fixture=debian
fresh $fixture
rm -r "$root/etc/rc2.d"
ln -s rc3.d "$root/etc/rc2.d"
before=$(listing "$root")
$DEAFEN --root "$root" --color never plan --disable ssh,apache2 > "$SCRATCH/plan14" 2> /dev/null
[ "$(grep -c '^rename from etc/rc3.d/S02ssh$' "$SCRATCH/plan14")" = 1 ] && ! grep -q 'rc2.d' "$SCRATCH/plan14" &&
	pass "14: with etc/rc2.d -> rc3.d the plan renames each link of rc3.d once" ||
	fail "14: plan" "$(grep -E '^rename (from|to)' "$SCRATCH/plan14")"
run "14: apply" 0 dea apply --disable ssh,apache2 --no-reload &&
	[ "$(readlink "$root/etc/rc3.d/K02ssh")" = ../init.d/ssh ] && [ ! -e "$root/etc/rc3.d/S02ssh" ] &&
	pass "14: apply disables ssh in the one directory (exit 0)" || fail "14: apply" "$err"
run "14: rollback" 0 dea rollback --no-reload && same_listing "$root" "$before" "14: rollback restores it exactly"

# --- kills sampled: the first, middle and last crash point of apply and of rollback ---
# fixture policy: one per init system (bigcat: rc.d + inetd, debian: sysv + inetd +
# xinetd, redhat: xinetd + chkconfig, systemd: units); bench/kill.sh tries every point.
# Under valgrind (make check VALGRIND=1) the middle point only: the same code, 4x fewer runs
case $DEAFEN in *valgrind*) under_valgrind=yes ;; *) under_valgrind=no ;; esac
for fixture in bigcat debian redhat systemd; do
	fresh $fixture
	total=$(DEAFEN_CRASH_AT=count dea apply --keep ssh --save-policy --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
	rtotal=$(DEAFEN_CRASH_AT=count dea rollback --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
	if [ -z "$total" ] || [ -z "$rtotal" ]; then
		fail "kills on $fixture: DEAFEN_CRASH_AT=count told no number"
		continue
	fi
	bad=""
	points="1 $((total / 2)) $total" rpoints="1 $((rtotal / 2)) $rtotal"
	[ $under_valgrind = yes ] && points=$((total / 2)) rpoints=$((rtotal / 2))
	for k in $points; do
		fresh $fixture
		DEAFEN_CRASH_AT=$k dea apply --keep ssh --save-policy --no-reload > /dev/null 2>&1
		st=$?
		dea rollback --no-reload > /dev/null 2>&1
		[ $st = 99 ] && [ "$(listing "$root")" = "$before" ] &&
			dea apply --keep ssh --save-policy --no-reload > /dev/null 2>&1 || bad="$bad apply@$k($st)"
	done
	for k in $rpoints; do
		fresh $fixture
		dea apply --keep ssh --save-policy --no-reload > /dev/null 2>&1
		DEAFEN_CRASH_AT=$k dea rollback --no-reload > /dev/null 2>&1
		st=$?
		dea rollback --no-reload > /dev/null 2>&1
		[ $st = 99 ] && [ "$(listing "$root")" = "$before" ] &&
			dea apply --keep ssh --save-policy --no-reload > /dev/null 2>&1 || bad="$bad rollback@$k($st)"
	done
	[ -z "$bad" ] &&
		pass "kills on $fixture: at crash point $(echo $points | sed 's/ /, /g') of $total of apply and $(echo $rpoints | sed 's/ /, /g') of $rtotal of rollback, then rollback: the root exactly as it was, and a later apply works" ||
		fail "kills on $fixture:$bad"
done


# --- rollback --only of a service whose disable moved links, killed (sampled) ---
# (debian exim4: rc links; systemd cups: .wants links and its socket): after the kill,
# backups says the --only is interrupted (or, killed after its last line, done); run
# again, the root is exactly as after an --only not killed; a whole rollback then
# gives the untouched fixture. bench/kill.sh tries every point, on the four fixtures.
for case in "debian telnet,swat,exim4 exim4" "systemd daytime,cups,identd cups"; do
	set -- $case
	fixture=$1 dis=$2 one=$3
	fresh $fixture
	orig=$before
	dea apply --disable "$dis" --no-reload > /dev/null 2>&1
	applied=$(listing "$root")
	A=$(ls "$bk")
	n=$(DEAFEN_CRASH_AT=count dea rollback "$A" --only "$one" --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
	after=$(listing "$root")
	if [ -z "$n" ] || [ "$after" = "$applied" ]; then
		fail "rollback --only $one on $fixture: no crash points, or it moved nothing"
		continue
	fi
	points="1 $(((n + 1) / 2)) $n"
	[ $under_valgrind = yes ] && points=$((n / 2))
	bad=""
	for k in $points; do
		fresh $fixture
		dea apply --disable "$dis" --no-reload > /dev/null 2>&1
		A=$(ls "$bk")
		DEAFEN_CRASH_AT=$k dea rollback "$A" --only "$one" --no-reload > /dev/null 2>&1
		st=$?
		state=$(dea backups 2>/dev/null | grep "^$A ")
		case $state in
		*"rollback --only $one interrupted"*) ;;
		*"partly rolled back ($one)"*) [ "$(listing "$root")" = "$after" ] || state="" ;;
		*) state="" ;;
		esac
		dea rollback "$A" --only "$one" --no-reload > /dev/null 2>&1
		[ $st = 99 ] && [ -n "$state" ] && [ "$(listing "$root")" = "$after" ] &&
			dea rollback "$A" --no-reload > /dev/null 2>&1 && [ "$(listing "$root")" = "$orig" ] ||
			bad="$bad @$k($st)"
	done
	[ -z "$bad" ] &&
		pass "rollback --only $one on $fixture killed at crash point $(echo $points | sed 's/ /, /g') of $n: said interrupted, run again exactly as after it, a whole rollback the original" ||
		fail "rollback --only $one on $fixture killed:$bad"
done

finish
