#!/bin/sh
# install.sh - make install into a DESTDIR; the installed binary works from elsewhere
. "$(dirname "$0")/lib.sh"

dest=$SCRATCH/dest
if make -C "$TOP" -s install PREFIX=/usr/local DESTDIR="$dest" > "$SCRATCH/mk" 2>&1; then
	for f in usr/local/bin/deafen usr/local/share/deafen/lenses/deafen_inetd.aug \
		usr/local/share/deafen/lenses/deafen_xinetd.aug \
		usr/local/share/deafen/lenses/deafen_initscript.aug usr/local/share/man/man8/deafen.8 \
		usr/local/share/bash-completion/completions/deafen; do
		[ -f "$dest/$f" ] || fail "install: $f missing"
	done
	pass "make install DESTDIR: binary, lenses, man page, bash completion"
	root=$(copy_root bigcat)
	# from another directory, without the source tree's lenses next to it
	(cd / && "$dest/usr/local/bin/deafen" --root "$root" plan --keep ssh,x11,printer,netbios-ssn) \
		> "$SCRATCH/inst.diff" 2> "$SCRATCH/inst.err"
	cmp -s "$SCRATCH/inst.diff" "$TOP/tests/e2e/expected/bigcat-keep.diff" &&
		pass "the installed binary, run from /, finds its lenses and plans bigcat" ||
		fail "installed binary" "$(cat "$SCRATCH/inst.err")"
	DEAFEN_LENS_DIR=/nonexistent "$dest/usr/local/bin/deafen" --root "$root" list > /dev/null 2> "$SCRATCH/e"
	grep -q 'lens dir /nonexistent' "$SCRATCH/e" && pass "DEAFEN_LENS_DIR overrides the lens path" ||
		fail "DEAFEN_LENS_DIR" "$(cat "$SCRATCH/e")"
	if command -v groff > /dev/null; then
		groff -man -Tutf8 -ww "$dest/usr/local/share/man/man8/deafen.8" > "$SCRATCH/man" 2> "$SCRATCH/manerr" &&
		[ ! -s "$SCRATCH/manerr" ] && sed 's/.\x08//g' "$SCRATCH/man" | grep -q 'EXIT STATUS' &&
			pass "deafen.8 renders without a warning" || fail "man page" "$(cat "$SCRATCH/manerr")"
	else
		skip "man page rendering: needs groff (sh tests/deps.sh installs groff-base)"
	fi
	bash -n "$dest/usr/local/share/bash-completion/completions/deafen" &&
		pass "the bash completion parses" || fail "bash completion syntax"
	# every command of --help is in the man page and the completion
	for c in $("$dest/usr/local/bin/deafen" --help | sed -n 's/^  \([a-z]\+\).*/\1/p'); do
		grep -q "^\.BR* $c\b" "$dest/usr/local/share/man/man8/deafen.8" ||
			fail "man page lacks the command $c"
		grep -q "\b$c\b" "$dest/usr/local/share/bash-completion/completions/deafen" ||
			fail "completion lacks the command $c"
	done
	pass "--help, the man page and the completion list the same commands"
	# the apt hook: installed, parsed by apt, silent without a saved policy,
	# names what came back with one, and never fails the package operation
	hook=$dest/usr/local/lib/deafen/apt-hook
	conf=$dest/etc/apt/apt.conf.d/99deafen
	if [ -x "$hook" ] && [ -f "$conf" ] && grep -q '/usr/local/lib/deafen/apt-hook' "$conf"; then
		pass "make install: the apt hook and its apt.conf.d snippet"
	else
		fail "make install: apt hook missing" "$(ls -R "$dest/etc" "$dest/usr/local/lib" 2>&1)"
	fi
	if command -v apt-config > /dev/null; then
		apt-config -c "$conf" dump 2> "$SCRATCH/aerr" | grep -q '^DPkg::Post-Invoke' &&
			pass "apt-config reads the snippet: DPkg::Post-Invoke" ||
			fail "apt-config does not read the snippet" "$(cat "$SCRATCH/aerr")"
	else
		skip "apt.conf.d snippet: needs apt-config (apt, on Debian only)"
	fi
	hroot=$(copy_root debian)
	# the hook runs the binary at its installed path: here, the copy under DESTDIR
	sed "s|/usr/local/bin/deafen|$dest/usr/local/bin/deafen|" "$hook" > "$SCRATCH/hook"
	DEAFEN_HOOK_ROOT=$hroot sh "$SCRATCH/hook" > "$SCRATCH/h.out" 2>&1 && [ ! -s "$SCRATCH/h.out" ] &&
		pass "apt hook without a saved policy: silent, exit 0" ||
		fail "apt hook without a saved policy" "$(cat "$SCRATCH/h.out")"
	"$dest/usr/local/bin/deafen" --root "$hroot" --backup-dir "$SCRATCH/hbk" -q apply --keep ssh --save-policy --no-reload > /dev/null 2>&1
	sed -i 's/^#<off># telnet/telnet/' "$hroot/etc/inetd.conf"
	DEAFEN_HOOK_ROOT=$hroot sh "$SCRATCH/hook" > "$SCRATCH/h.out" 2>&1 &&
		grep -q '^comes back: telnet .*etc/inetd.conf:23' "$SCRATCH/h.out" && grep -q 'verify --fix' "$SCRATCH/h.out" &&
		pass "apt hook after a package re-enabled telnet: names it and where, exit 0" ||
		fail "apt hook after drift" "$(cat "$SCRATCH/h.out")"
else
	fail "make install failed" "$(cat "$SCRATCH/mk")"
fi

finish
