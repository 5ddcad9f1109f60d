#!/bin/sh
# rctarget.sh - an rc link runs the script its target names, not the one its
# name says (the rc script runs every S link; the kernel follows it). A link
# made by hand, S99x -> ../init.d/exim4, starts exim4: verify reports it,
# list counts it, plan turns it off. A link whose name says exim4 but whose
# target is elsewhere (missing, a loop) starts no exim4. Everything under the
# root is hostile: absolute targets, chains and loops are followed beneath the
# root only. On copies of fixtures/debian and fixtures/redhat12.
. "$(dirname "$0")/lib.sh"

# --- an administrator disabled exim4; someone made odd-named links to it since
root=$(copy_root debian)
bk=$SCRATCH/bk
run "apply --disable exim4" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable exim4 --no-reload &&
	pass "apply --disable exim4"
run "verify right after" 0 $DEAFEN --root "$root" --backup-dir "$bk" verify --disable exim4 &&
	pass "verify after apply: permanent"

ln -s ../init.d/exim4 "$root/etc/rc2.d/S99x"
if run "verify, S99x -> ../init.d/exim4" 4 $DEAFEN --root "$root" --backup-dir "$bk" verify --disable exim4; then
	printf '%s\n' "$out" | grep -q '^comes back: exim4 .*etc/rc2.d/S99x starts it \[runlevel 2: at the next boot\]' &&
		pass "verify: a link named S99x whose target is init.d/exim4 starts exim4 (exit 4, names the link)" ||
		fail "verify: S99x not named" "$out"
fi
run "list exim4" 0 $DEAFEN --root "$root" list exim4 &&
	printf '%s\n' "$out" | grep -q '^exim4 .*enabled .*(S in 2)' &&
	pass "list: exim4 enabled, S in 2 (by S99x's target)" || fail "list: exim4 not enabled by S99x" "$out"
rm "$root/etc/rc2.d/S99x"

# an absolute target, read beneath the root
ln -s /etc/init.d/exim4 "$root/etc/rc3.d/S99abs"
run "verify, S99abs -> /etc/init.d/exim4" 4 $DEAFEN --root "$root" verify --disable exim4 &&
	printf '%s\n' "$out" | grep -q '^comes back: exim4 .*etc/rc3.d/S99abs starts it' &&
	pass "verify: an absolute target is the root's /etc/init.d/exim4" || fail "verify: absolute target missed" "$out"
rm "$root/etc/rc3.d/S99abs"

# a chain: rc4.d/S99chain -> ../rc5.d/S98hop -> ../init.d/exim4 (both start it)
ln -s ../init.d/exim4 "$root/etc/rc5.d/S98hop"
ln -s ../rc5.d/S98hop "$root/etc/rc4.d/S99chain"
run "verify, a chain of links" 4 $DEAFEN --root "$root" verify --disable exim4 &&
	printf '%s\n' "$out" | grep -q '^comes back: exim4 .*etc/rc4.d/S99chain starts it \[runlevels 4 5:' &&
	pass "verify: a chain of links to init.d/exim4 starts it (runlevels 4 5)" || fail "verify: chain missed" "$out"
rm "$root/etc/rc5.d/S98hop" "$root/etc/rc4.d/S99chain"

# what starts no exim4: a loop, a missing file, a file out of init.d, all named after exim4
ln -s S50exim4 "$root/etc/rc2.d/S51exim4"
ln -s S51exim4 "$root/etc/rc2.d/S50exim4"
ln -s ../init.d/exim4.gone "$root/etc/rc3.d/S50exim4"
mkdir -p "$root/usr/local/sbin"
printf '#!/bin/sh\n' > "$root/usr/local/sbin/exim4"
ln -s ../../usr/local/sbin/exim4 "$root/etc/rc5.d/S50exim4"
run "verify, links named after exim4 that run none" 0 $DEAFEN --root "$root" verify --disable exim4 &&
	printf '%s\n' "$out" | grep -q '^permanent' &&
	pass "verify: a loop, a missing file and a file out of init.d named S50exim4 start no exim4" ||
	fail "verify: a link's name taken for its target" "$out"
rm "$root/etc/rc2.d/S50exim4" "$root/etc/rc2.d/S51exim4" "$root/etc/rc3.d/S50exim4" "$root/etc/rc5.d/S50exim4"

# a link out of the root stays refused, named
ln -s ../../../../../../../../../../etc/init.d/exim4 "$root/etc/rc2.d/S99out"
run "verify, a link out of the root" 3 $DEAFEN --root "$root" verify --disable exim4 &&
	printf '%s\n' "$err" | grep -q 'etc/rc2.d/S99out: link to .* points outside the root' &&
	pass "verify: a link out of the root is refused, named" || fail "verify: link out of the root" "$out
$err"
rm "$root/etc/rc2.d/S99out"

# --- plan and apply turn an odd-named link off too, and rollback brings it back
root=$(copy_root debian)
ln -s ../init.d/exim4 "$root/etc/rc2.d/S99x"
ln -s /etc/init.d/exim4 "$root/etc/rc3.d/S99abs"
before=$(listing "$root")
if run "plan --disable exim4 (odd links)" 0 $DEAFEN --root "$root" plan --disable exim4; then
	[ "$(printf '%s\n' "$out" | grep -cxE 'rename (from etc/rc2.d/S99x|to etc/rc2.d/K99x|to etc/rc3.d/K99abs|to etc/rc2.d/K03exim4)')" -eq 4 ] &&
		pass "plan: S99x -> K99x and S99abs -> K99abs beside S03exim4 -> K03exim4" ||
		fail "plan: the odd links are not turned" "$out"
fi
bk=$SCRATCH/bk2
if run "apply --disable exim4 (odd links)" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable exim4 --no-reload; then
	[ -L "$root/etc/rc2.d/K99x" ] && [ ! -e "$root/etc/rc2.d/S99x" ] && [ "$(readlink "$root/etc/rc3.d/K99abs")" = /etc/init.d/exim4 ] &&
		pass "apply: the odd links are K links, targets kept" || fail "apply: odd links" "$(ls -l "$root/etc/rc2.d" "$root/etc/rc3.d")"
fi
run "verify after apply (odd links)" 0 $DEAFEN --root "$root" --backup-dir "$bk" verify --disable exim4 &&
	pass "verify after apply: permanent"
run "rollback (odd links)" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --no-reload &&
	same_listing "$root" "$before" "rollback: the odd links back as they were"

# --- Red Hat (chkconfig style): the odd link goes, K<stop>NAME is made
root=$(copy_root redhat12)
rm -f "$root"/etc/rc.d/rc[2345].d/S50haproxy
ln -s ../init.d/haproxy "$root/etc/rc.d/rc4.d/S99x"
if run "verify redhat12, S99x -> ../init.d/haproxy" 4 $DEAFEN --root "$root" verify --disable haproxy; then
	printf '%s\n' "$out" | grep -q '^comes back: haproxy .*etc/rc.d/rc4.d/S99x starts it \[runlevel 4: not at the next boot' &&
		pass "verify redhat12: S99x starts haproxy" || fail "verify redhat12: S99x missed" "$out"
fi
bk=$SCRATCH/bk3
run "apply redhat12 --disable haproxy" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable haproxy --no-reload &&
	[ ! -e "$root/etc/rc.d/rc4.d/S99x" ] && ls "$root/etc/rc.d/rc4.d" | grep -q '^K[0-9][0-9]haproxy$' &&
	pass "apply redhat12: S99x removed, a K link of haproxy made in rc4.d" ||
	fail "apply redhat12: rc4.d" "$(ls -l "$root/etc/rc.d/rc4.d")"
run "verify redhat12 after apply" 0 $DEAFEN --root "$root" verify --disable haproxy && pass "verify redhat12 after apply: permanent"

finish
