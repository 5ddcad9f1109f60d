#!/bin/sh
# drift.sh - the saved policy, and what a package upgrade brings back: verify
# names each service that came back and where, verify --fix disables it
# again, rollback still works. On copies of fixtures/debian.
. "$(dirname "$0")/lib.sh"

root=$(copy_root debian)
bk=$SCRATCH/bk
before=$(listing "$root")

# apply --save-policy records the policy under the root
if run "apply --keep ssh --save-policy" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --keep ssh --save-policy --no-reload; then
	id1=$(printf '%s\n' "$out" | sed -n 's/^backup \([^ ]*\) .*/\1/p')
	grep -qx 'keep ssh' "$root/etc/deafen/policy" && [ "$(grep -vc '^#' "$root/etc/deafen/policy")" -eq 1 ] &&
		pass "apply --save-policy: etc/deafen/policy holds 'keep ssh'" ||
		fail "apply --save-policy: policy file" "$(cat "$root/etc/deafen/policy" 2>&1)"
fi

# verify, plan and apply take the saved policy when given none
if run "verify (saved policy)" 0 $DEAFEN --root "$root" --backup-dir "$bk" verify; then
	printf '%s\n' "$err" | grep -q 'policy of etc/deafen/policy' && printf '%s\n' "$out" | grep -q '^permanent' &&
		pass "verify without a policy: takes etc/deafen/policy, permanent" ||
		fail "verify without a policy: did not take the saved policy" "$out
$err"
fi
run "plan (saved policy)" 0 $DEAFEN --root "$root" plan &&
	[ -z "$out" ] && pass "plan without a policy: the saved one, nothing left to do" ||
	fail "plan without a policy after apply: not empty" "$out"

# what a package upgrade does: update-rc.d defaults makes S links again,
# a new xinetd file has disable = no, the inetd line is back
for l in 2 3 4 5; do
	rm "$root/etc/rc$l.d/K02cups"
	ln -s ../init.d/cups "$root/etc/rc$l.d/S02cups"
done
cp "$TOP/fixtures/debian/etc/xinetd.d/swat" "$root/etc/xinetd.d/swat" # the package's, disable = no
sed -i 's/^#<off># telnet/telnet/' "$root/etc/inetd.conf"
upgraded=$(listing "$root")

if run "verify after the upgrade" 4 $DEAFEN --root "$root" --backup-dir "$bk" verify; then
	printf '%s\n' "$out" | grep -q '^comes back: cups .*etc/rc2.d/S02cups starts it' &&
		printf '%s\n' "$out" | grep -q '^comes back: swat .*etc/xinetd.d/swat is enabled' &&
		printf '%s\n' "$out" | grep -q '^comes back: telnet .*etc/inetd.conf:23 is enabled' &&
		[ "$(printf '%s\n' "$out" | grep -c '^comes back')" -eq 3 ] &&
		pass "verify after the upgrade: exit 4, exactly cups (rc2.d/S02cups), swat (xinetd.d/swat), telnet (inetd.conf:23)" ||
		fail "verify after the upgrade: wrong report" "$out"
fi

if run "verify --fix" 0 $DEAFEN --root "$root" --backup-dir "$bk" verify --fix --no-reload; then
	id2=$(printf '%s\n' "$out" | sed -n 's/^backup \([^ ]*\) .*/\1/p')
	[ -n "$id2" ] && [ "$id2" != "$id1" ] && pass "verify --fix: applied again, with a backup of its own" ||
		fail "verify --fix: no backup" "$out"
fi
run "verify after --fix" 0 $DEAFEN --root "$root" --backup-dir "$bk" verify &&
	pass "verify after --fix: permanent again"

# rollback: the fix first (back to the upgraded state), then the first apply
if run "rollback the fix" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --no-reload; then
	same_listing "$root" "$upgraded" "rollback of the fix: the root as the upgrade left it"
fi
# the upgrade changed inetd.conf and swat after the first apply: rollback says so
if run "rollback the first apply" 1 $DEAFEN --root "$root" --backup-dir "$bk" rollback "$id1" --no-reload; then
	printf '%s\n' "$err$out" | grep -q 'changed since apply' &&
		pass "rollback of the first apply: refuses the files changed since, without --force" ||
		fail "rollback of the first apply: no word of the changed files" "$out
$err"
fi
if run "rollback --force the first apply" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback "$id1" --force --no-reload; then
	printf '%s\n' "$out" | grep -q 'restored etc/deafen/policy' &&
		pass "rollback --force: the saved policy goes with its apply" ||
		fail "rollback --force: policy not restored" "$out"
	same_listing "$root" "$before" "rollback --force of the first apply: the root as it was, saved policy gone"
fi

# a saved policy that does not parse is an error that names it
root=$(copy_root debian)
mkdir -p "$root/etc/deafen"
printf 'keep ssh\nbogus line here\n' > "$root/etc/deafen/policy"
if run "verify, bad saved policy" 2 $DEAFEN --root "$root" verify; then
	printf '%s\n' "$err" | grep -q "etc/deafen/policy:2: expected 'keep NAME', 'disable NAME' or 'mask'" &&
		pass "a saved policy with an error: exit 2, file and line named" ||
		fail "a saved policy with an error: message" "$err"
fi

# etc/deafen a link out of the root: refused before anything changes
root=$(copy_root debian)
mkdir "$SCRATCH/outside"
ln -s "$SCRATCH/outside" "$root/etc/deafen"
before=$(listing "$root")
if run "save through a link" 3 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.l" apply --disable telnet --save-policy --no-reload; then
	printf '%s\n' "$err" | grep -q 'etc/deafen/policy: a link (or no directory) on its way' &&
		[ -z "$(ls -A "$SCRATCH/outside")" ] &&
		pass "apply --save-policy with etc/deafen a link out of the root: refused, nothing written there" ||
		fail "save through a link" "$err
$(ls -la "$SCRATCH/outside")"
	same_listing "$root" "$before" "... and the root unchanged (checked before the first change)"
fi

# --save-policy and --fix only where they mean something
run "plan --save-policy" 2 $DEAFEN --root "$root" plan --keep ssh --save-policy && pass "plan --save-policy: usage error"
run "apply --fix" 2 $DEAFEN --root "$root" apply --keep ssh --fix && pass "apply --fix: usage error"

finish
