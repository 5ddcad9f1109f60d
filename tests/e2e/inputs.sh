#!/bin/sh
# inputs.sh - real-world oddities of a root's files, each a regression test
. "$(dirname "$0")/lib.sh"

# names that are globs or need escaping in Augeas paths
root=$(copy_root debian)
sed 's/^# Provides:.*/# Provides:          foo1/' "$root/etc/init.d/ssh" > "$root/etc/init.d/x[1]"
chmod 755 "$root/etc/init.d/x[1]"
ln -s '../init.d/x[1]' "$root/etc/rc2.d/S02x[1]"
run "glob name" 0 $DEAFEN --root "$root" plan --disable foo1 &&
	{ printf '%s\n' "$out" | grep -q '^rename to etc/rc2.d/K02x\[1\]$' &&
		pass "an init script named x[1] is read as itself (Augeas incl is a glob)" || fail "glob name" "$out"; }
cp "$root/etc/xinetd.d/swat" "$root/etc/xinetd.d/sw at"
sed -i 's/service swat/service swat2/' "$root/etc/xinetd.d/sw at"
run "space name" 0 $DEAFEN --root "$root" plan --disable swat2 &&
	{ printf '%s\n' "$out" | grep -q "$(printf '^+++ b/etc/xinetd.d/sw at\t$')" &&
		pass "an xinetd file with a space in its name is planned" || fail "space name" "$out"; }

# an xinetd file named with Augeas path characters, changed alone (one render) and
# with four others (one render of the directory)
root=$(copy_root debian)
sed 's/service swat/service brk/' "$root/etc/xinetd.d/swat" > "$root/etc/xinetd.d/a[1](x)"
if run "a[1](x)" 0 $DEAFEN --root "$root" plan --disable brk; then
	printf '%s\n' "$out" | grep -q '^+++ b/etc/xinetd.d/a\[1\](x)$' &&
		pass "an xinetd file named a[1](x) is planned" || fail "a[1](x)" "$out"
fi
for n in 2 3 4 5; do
	sed "s/service swat/service brk$n/" "$root/etc/xinetd.d/swat" > "$root/etc/xinetd.d/b$n"
done
if run "a[1](x) and 4 more" 0 $DEAFEN --root "$root" plan --disable brk,brk2,brk3,brk4,brk5; then
	[ "$(printf '%s\n' "$out" | grep -c '^+++ b/etc/xinetd.d/')" -eq 5 ] &&
		pass "... and with four other changed files of its directory (one render of it)" ||
		fail "a[1](x) and 4 more" "$out"
fi

# names git quotes ("caf\303\251") or ends with a tab (a space): the same headers
# as git's own diff, and both git apply and patch -p1 take the plan
root=$(copy_root debian)
sed 's/service swat/service brk/' "$root/etc/xinetd.d/swat" > "$root/etc/xinetd.d/x y"
sed 's/service swat/service caf/' "$root/etc/xinetd.d/swat" > "$root/etc/xinetd.d/café"
if run "quoted names" 0 $DEAFEN --root "$root" plan --disable brk,caf; then
	printf '%s\n' "$out" > "$SCRATCH/q.diff"
	g=$(copy_root debian)
	cp "$root/etc/xinetd.d/x y" "$root/etc/xinetd.d/café" "$g/etc/xinetd.d/"
	p=$(copy_root debian)
	cp "$root/etc/xinetd.d/x y" "$root/etc/xinetd.d/café" "$p/etc/xinetd.d/"
	(cd "$g" && git init -q && git add -A && git -c user.email=t@t -c user.name=t commit -qm x &&
		git apply "$SCRATCH/q.diff" && git diff) > "$SCRATCH/g.diff" 2>&1
	(cd "$p" && patch -p1 -s < "$SCRATCH/q.diff") > "$SCRATCH/p.out" 2>&1
	grep -a '^diff\|^---\|^+++' "$SCRATCH/q.diff" > "$SCRATCH/q.h"
	grep -a '^diff\|^---\|^+++' "$SCRATCH/g.diff" > "$SCRATCH/g.h"
	if cmp -s "$SCRATCH/q.h" "$SCRATCH/g.h" && [ -s "$SCRATCH/q.h" ] &&
		grep -q 'disable = yes' "$p/etc/xinetd.d/x y" && grep -q 'disable = yes' "$p/etc/xinetd.d/café"; then
		pass "names git quotes or tabs: git's own headers; git apply and patch -p1 both take the plan"
	else
		fail "quoted names" "$(diff "$SCRATCH/q.h" "$SCRATCH/g.h"; cat "$SCRATCH/p.out")"
	fi
fi

# an xinetd file without its last newline
root=$(copy_root debian)
printf '%s' "$(cat "$root/etc/xinetd.d/swat")" > "$root/etc/xinetd.d/swat"
run "no newline" 0 $DEAFEN --root "$root" plan --disable swat &&
	{ printf '%s\n' "$out" | grep -q '^+	disable = yes$' &&
		pass "an xinetd file without a final newline is planned" || fail "no newline" "$out"; }
cp "$root/etc/xinetd.d/swat" "$SCRATCH/swat.before"
$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk1" apply --disable swat > /dev/null 2>&1 &&
	$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk1" rollback > /dev/null 2>&1 &&
	cmp -s "$root/etc/xinetd.d/swat" "$SCRATCH/swat.before" &&
	pass "... and rollback gives it back without the newline" || fail "no newline rollback"

# an xinetd attribute name in capitals: the block's own Disable line changes
root=$(copy_root debian)
sed -i 's/^{$/{\n\tDISABLE\t\t= no/' "$root/etc/xinetd.d/swat"
if run "DISABLE" 0 $DEAFEN --root "$root" plan --disable swat; then
	printf '%s\n' "$out" | grep -q '^+[[:space:]]*DISABLE[[:space:]]*= yes$' &&
		[ "$(printf '%s\n' "$out" | grep -c '^[-+][^-+]')" -eq 2 ] &&
		pass "DISABLE = no becomes DISABLE = yes: the one line, in its case" ||
		fail "DISABLE in capitals" "$out"
fi

# inetd.conf with a default-address line: line numbers still right
root=$(copy_root debian)
sed -i '1i 127.0.0.1:' "$root/etc/inetd.conf"
if run "address line" 0 $DEAFEN --root "$root" list; then
	line=$(printf '%s\n' "$out" | sed -n 's/^finger .*etc\/inetd.conf:\([0-9]*\).*/\1/p')
	sed -n "${line}p" "$root/etc/inetd.conf" | grep -q '^finger' &&
		pass "an ADDR: line does not shift inetd.conf line numbers" || fail "address line: line $line" "$out"
fi

# xinetd defaults' disabled list names ids
root=$(copy_root debian)
sed -i '/^{/,/^}/ s/^}/\tdisabled = echo-stream\n}/' "$root/etc/xinetd.conf"
if run "disabled ids" 0 $DEAFEN --root "$root" list; then
	printf '%s\n' "$out" | grep -Eq '^echo +xinetd +disabled .*id=echo-stream' &&
		pass "defaults' 'disabled = echo-stream' disables the block with that id" || fail "disabled ids" "$out"
fi

# an init script and /etc/services that are links inside the root
root=$(copy_root debian)
mkdir -p "$root/lib/init" "$root/usr/share/netbase"
mv "$root/etc/init.d/ssh" "$root/lib/init/ssh" && ln -s ../../lib/init/ssh "$root/etc/init.d/ssh"
mv "$root/etc/services" "$root/usr/share/netbase/services" && ln -s ../usr/share/netbase/services "$root/etc/services"
if run "linked script" 0 $DEAFEN --root "$root" list; then
	printf '%s\n' "$out" | grep -Eq '^ssh +sysv +enabled +[a-z-]+ +22/tcp' &&
		pass "a linked init script and a linked /etc/services are followed inside the root" ||
		fail "linked script" "$out"
fi
run "linked script plan" 0 $DEAFEN --root "$root" plan --disable ssh &&
	{ printf '%s\n' "$out" | grep -q '^rename to etc/rc2.d/K02ssh$' && pass "... and the linked script is disabled" ||
		fail "linked script plan" "$out"; }
ln -sf /../../../outside "$root/etc/init.d/evil"
run "script link out" 3 $DEAFEN --root "$root" list &&
	pass "an init script linking out of the root is refused"

# a script without headers but with links is a service; without either it is a library
root=$(copy_root debian)
printf '#!/bin/sh\necho\n' > "$root/etc/init.d/plain"
printf '# sourced by others\n' > "$root/etc/init.d/functions"
ln -s ../init.d/plain "$root/etc/rc0.d/K01plain"
run "headerless" 0 $DEAFEN --root "$root" list --all &&
	{ printf '%s\n' "$out" | grep -Eq '^plain +sysv +disabled ' && ! printf '%s\n' "$out" | grep -q '^functions ' &&
		pass "a header-less script with only K links is listed; a library without links is not" ||
		fail "headerless" "$out"; }

# an init script without its last newline reads as with it (aug_load adds the
# newline): the header on its last line counts, and the listing is the same
root=$(copy_root debian)
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: nonl\n# Default-Start: 2 3 4 5\n### END INIT INFO' \
	> "$root/etc/init.d/nonl"
ln -s ../init.d/nonl "$root/etc/rc2.d/S02nonl"
if run "script without newline" 0 $DEAFEN --root "$root" list; then
	without=$out
	echo >> "$root/etc/init.d/nonl"
	run "script with newline" 0 $DEAFEN --root "$root" list &&
		printf '%s\n' "$without" | grep -Eq '^nonl +sysv +enabled ' && [ "$out" = "$without" ] &&
		pass "an init script without its last newline is read, and listed as with it" ||
		fail "script without newline" "$without
---
$out"
fi

# one script with a chkconfig header does not make a Debian root Red Hat
root=$(copy_root debian)
printf '#!/bin/sh\n# chkconfig: 2345 20 80\n' > "$root/etc/init.d/thirdparty"
run "style vote" 0 $DEAFEN --root "$root" plan --disable ssh &&
	{ printf '%s' "$err" | grep -q 'style debian)' && printf '%s\n' "$out" | grep -q 'K02ssh' &&
		pass "style auto: one chkconfig header among LSB scripts stays debian" || fail "style vote" "$err"; }

# rival implementations are not one service
root=$(copy_root debian)
run "rival" 0 $DEAFEN --root "$root" plan --disable postfix &&
	{ [ -z "$out" ] && printf '%s' "$err" | grep -q "no service on this root answers to --disable postfix" &&
		pass "--disable postfix leaves exim4 alone and says nothing matched" || fail "rival" "$out$err"; }
run "generic" 0 $DEAFEN --root "$root" plan --disable smtp &&
	{ printf '%s\n' "$out" | grep -q 'K03exim4' && pass "--disable smtp selects exim4" || fail "generic" "$out"; }
run "keep rival" 0 $DEAFEN --root "$root" plan --keep ssh,postfix &&
	{ printf '%s\n' "$out" | grep -q 'K03exim4' && pass "--keep ssh,postfix does not keep exim4" || fail "keep rival" "$out"; }

# write errors on stdout are errors, also with --exit-code
root=$(copy_root debian)
if [ -w /dev/full ]; then
	$DEAFEN --root "$root" plan --exit-code --disable telnet > /dev/full 2> "$SCRATCH/e"
	[ $? -eq 1 ] && grep -q 'write error' "$SCRATCH/e" && pass "a full stdout is exit 1, also with --exit-code" ||
		fail "dev full" "$(cat "$SCRATCH/e")"
fi

run "missing arg" 2 $DEAFEN list --root &&
	{ printf '%s' "$err" | grep -q "option '--root' needs an argument" && pass "a missing option argument is named" ||
		fail "missing arg" "$err"; }

finish
