#!/bin/sh
# harden.sh - the one-shot harden, and verify, on fixture copies
. "$(dirname "$0")/lib.sh"

# no terminal, no --yes: the plan is shown, nothing is changed, exit 2
root=$(copy_root bigcat)
before=$(listing "$root")
run "harden no tty" 2 $DEAFEN --root "$root" harden < /dev/null &&
	{ printf '%s' "$err" | grep -q 'NO POLICY GIVEN: keeping ssh only' &&
	  printf '%s' "$err" | grep -q 'disable telnet .*etc/inetd.conf:31 .*use sshd' &&
	  printf '%s' "$err" | grep -q 'no terminal to ask on' && printf '%s\n' "$out" | grep -q '^diff --git' &&
	  [ "$(listing "$root")" = "$before" ] &&
		pass "harden without a terminal: says the default policy, shows plan and reasons, changes nothing (exit 2)" ||
		fail "harden no tty" "$err"; }

# --yes: the seed's decision for bigcat, applied as plan shows it
root=$(copy_root bigcat)
copy=$(copy_root bigcat)
$DEAFEN --root "$copy" plan --keep ssh,x11,printer,netbios-ssn 2> /dev/null > "$SCRATCH/plan.diff"
(cd "$copy" && git apply "$SCRATCH/plan.diff")
if run "harden yes" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk" harden --yes --keep ssh,x11,printer,netbios-ssn; then
	# and the policy it saved for verify and the apt hook
	grep -qx 'keep ssh' "$root/etc/deafen/policy" && grep -qx 'keep netbios-ssn' "$root/etc/deafen/policy" &&
		pass "harden --yes: saves its policy in etc/deafen/policy" ||
		fail "harden --yes: no saved policy" "$(cat "$root/etc/deafen/policy" 2>&1)"
	mkdir -p "$copy/etc/deafen" && cp -p "$root/etc/deafen/policy" "$copy/etc/deafen/policy"
	same_listing "$root" "$(listing "$copy")" "harden --yes: the root is what the plan shows (and the saved policy)"
	printf '%s\n' "$out" | grep -q '^undo with: deafen --root .* rollback [0-9T.]*Z$' &&
	printf '%s\n' "$out" | grep -q '^disabled telnet (inetd etc/inetd.conf:31)$' &&
		pass "harden --yes: reports what was disabled where, and the rollback command" || fail "harden report" "$out"
fi

# on a terminal it asks; "n" changes nothing, "y" applies
if command -v script > /dev/null; then
	root=$(copy_root debian)
	before=$(listing "$root")
	printf 'n\n' | script -qec "$DEAFEN --root $root harden --disable telnet" /dev/null > "$SCRATCH/tty" 2>&1
	status=$?
	grep -q 'disable 1 service (1 inetd)? \[y/N\]' "$SCRATCH/tty" && [ "$(listing "$root")" = "$before" ] &&
	grep -q 'harden: declined, nothing changed' "$SCRATCH/tty" && [ "$status" -eq 6 ] &&
		pass "harden on a terminal asks with the count; 'n' changes nothing (exit 6)" ||
		fail "harden tty n: exit $status" "$(cat "$SCRATCH/tty")"
	# the end of input is no too
	script -qec "$DEAFEN --root $root harden --disable telnet" /dev/null < /dev/null > "$SCRATCH/tty" 2>&1
	status=$?
	[ "$status" -eq 6 ] && [ "$(listing "$root")" = "$before" ] &&
		pass "harden on a terminal: end of input declines (exit 6), nothing changed" ||
		fail "harden tty eof: exit $status" "$(cat "$SCRATCH/tty")"
	# the diff first, then each service and why, then the question with the counts
	printf 'n\n' | script -qec "$DEAFEN --root $root harden" /dev/null > "$SCRATCH/tty" 2>&1
	tr -d '\r' < "$SCRATCH/tty" > "$SCRATCH/tty.lf"
	diffline=$(grep -n 'diff --git' "$SCRATCH/tty.lf" | tail -1 | cut -d: -f1)
	why=$(grep -n '^deafen: disable telnet .*use sshd' "$SCRATCH/tty.lf" | cut -d: -f1)
	ask=$(grep -n '^deafen: disable 14 services (5 inetd, 3 xinetd, 6 init scripts), keep ssh? \[y/N\]' \
		"$SCRATCH/tty.lf" | cut -d: -f1)
	nopol=$(grep -n 'NO POLICY GIVEN' "$SCRATCH/tty.lf" | cut -d: -f1)
	[ -n "$diffline" ] && [ -n "$why" ] && [ -n "$ask" ] && [ -n "$nopol" ] &&
	[ "$diffline" -lt "$why" ] && [ "$why" -lt "$nopol" ] && [ "$nopol" -lt "$ask" ] &&
		pass "harden: the diff, then the reasons and the default policy, then the question with the counts" ||
		fail "harden order: diff $diffline, reason $why, policy $nopol, question $ask" "$(tail -20 "$SCRATCH/tty.lf")"
	[ "$(listing "$root")" = "$before" ] || fail "harden order: the root changed"
	printf 'y\n' | script -qec "$DEAFEN --root $root harden --disable telnet" /dev/null > "$SCRATCH/tty" 2>&1
	grep -q '^#<off># telnet' "$root/etc/inetd.conf" && pass "harden on a terminal: 'y' applies" ||
		fail "harden tty y" "$(cat "$SCRATCH/tty")"
fi

# --yes says what it decided, with the counts; --mask says the units are masked
root=$(copy_root systemd)
run "harden yes mask" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bkm" harden --yes --mask --no-reload --disable cups,discard &&
	{ printf '%s\n' "$err" | grep -qx 'deafen: --yes: disable 4 services (1 inetd, 3 systemd units masked)' &&
		pass "harden --yes --mask: the counts, the units masked" || fail "harden yes mask" "$err"; }

# verify: what would start at the next boot
root=$(copy_root bigcat)
run "verify before" 4 $DEAFEN --root "$root" verify --keep ssh,x11,printer,netbios-ssn &&
	{ printf '%s\n' "$out" | grep -q '^comes back: telnet .*etc/inetd.conf:31 is enabled \[its super-server in runlevels 3 4 5: at the next boot\]$' &&
	  printf '%s\n' "$out" | grep -q '^comes back: httpd .*etc/rc.d/rc5.d/S85httpd starts it \[runlevels 3 4 5: at the next boot\]$' &&
	  printf '%s' "$err" | grep -q 'runlevel 5, from etc/inittab' &&
		pass "verify before hardening: each service that would start, with its entry or link (exit 4)" ||
		fail "verify before" "$out$err"; }
run "verify no policy" 2 $DEAFEN --root "$root" --backup-dir "$SCRATCH/none" verify &&
	pass "verify without a policy or a backup to take it from: exit 2"
$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk2" apply --keep ssh,x11,printer,netbios-ssn > /dev/null 2>&1
run "verify after" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk2" verify &&
	{ printf '%s\n' "$out" | grep -q '^permanent: ' && printf '%s' "$err" | grep -q 'policy of backup' &&
		pass "verify after apply: permanent, with the policy of the newest backup (exit 0)" ||
		fail "verify after" "$out$err"; }
# what a package upgrade does: an S link back in the default runlevel, an inetd line back
ln -s ../init.d/httpd "$root/etc/rc.d/rc5.d/S85httpd"
sed -i 's/^#<off># telnet/telnet/' "$root/etc/inetd.conf"
run "verify drift" 4 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk2" verify &&
	{ printf '%s\n' "$out" | grep -q '^comes back: telnet ' && printf '%s\n' "$out" | grep -q '^comes back: httpd .*S85httpd' &&
	  [ "$(printf '%s\n' "$out" | grep -c '^comes back')" -eq 2 ] &&
		pass "verify names exactly what came back (exit 4)" || fail "verify drift" "$out"; }
# a start link in another runlevel only: drift all the same, not at the next boot (#17)
root=$(copy_root bigcat)
$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk3" apply --disable httpd > /dev/null 2>&1
ln -s ../init.d/httpd "$root/etc/rc.d/rc3.d/S85httpd"
run "verify other level" 4 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk3" verify &&
	{ printf '%s\n' "$out" | grep -q '^comes back: httpd .*rc3.d/S85httpd starts it \[runlevel 3: not at the next boot (runlevel 5)\]$' &&
		pass "a start link in runlevel 3 only: drift (exit 4), not at the next boot of runlevel 5" ||
		fail "verify other level" "$out"; }

finish
