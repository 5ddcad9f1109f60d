#!/bin/sh
# ansible-test.sh - the deafen.hardening collection (contrib/ansible) builds
# with ansible-galaxy, and passes ansible-test sanity and units (Debian's
# ansible-core; sanity through tests/ansible-test-offline, whose venvs see
# the Debian packages tests/deps.sh installs instead of pip's)
. "$(dirname "$0")/lib.sh"

needs ansible-test "sh tests/deps.sh installs ansible-core" ansible-galaxy ansible-test

# ansible-test keeps its venvs in ~/.ansible/test; Debian's python3 first,
# whatever else PATH has (ansible-core is installed for it)
mkdir -p "$SCRATCH/home"
export HOME="$SCRATCH/home" ANSIBLE_NOCOLOR=1 PATH="/usr/bin:/bin:$PATH"
ATEST="/usr/bin/python3 $TOP/tests/ansible-test-offline"

# the build: what a user installs, with the role's apt hook files as files
if ansible-galaxy collection build "$TOP/contrib/ansible" --output-path "$SCRATCH" > "$SCRATCH/build.out" 2>&1; then
	tar=$SCRATCH/deafen-hardening-1.0.0.tar.gz
	tar -xzf "$tar" -C "$SCRATCH" --one-top-level=built 2> "$SCRATCH/tar.err"
	if [ -f "$SCRATCH/built/plugins/modules/deafen.py" ] && [ -f "$SCRATCH/built/plugins/modules/deafen_info.py" ] &&
		[ -f "$SCRATCH/built/plugins/module_utils/deafen.py" ] && [ -f "$SCRATCH/built/roles/harden/tasks/main.yml" ] &&
		[ ! -L "$SCRATCH/built/roles/harden/files/apt-hook.in" ] &&
		cmp -s "$SCRATCH/built/roles/harden/files/apt-hook.in" "$TOP/contrib/apt/apt-hook.in" &&
		cmp -s "$SCRATCH/built/roles/harden/files/99deafen.in" "$TOP/contrib/apt/99deafen.in"; then
		pass "ansible-galaxy collection build: modules, module_utils, the role and contrib/apt's hook as files"
	else
		fail "the built collection" "$(tar -tzvf "$tar")"
	fi
else
	fail "ansible-galaxy collection build" "$(cat "$SCRATCH/build.out")"
fi

# ansible-test works on a tree under ansible_collections/NAMESPACE/NAME; the
# role's links to contrib/apt are copied as the files (as the build does)
coll() {
	c=$SCRATCH/$1/ansible_collections/deafen/hardening
	mkdir -p "$c"
	cp -RL "$TOP/contrib/ansible/." "$c/"
	rm -rf "$c/tests/output"
	printf '%s\n' "$c"
}

c=$(coll src)
if (cd "$c" && nice -n 10 $ATEST sanity --local --python 3.11) > "$SCRATCH/sanity.out" 2>&1; then
	n=$(grep -c '^Running sanity test' "$SCRATCH/sanity.out")
	pass "ansible-test sanity: $n tests, none failed"
else
	fail "ansible-test sanity" "$(grep -v '^Running sanity test' "$SCRATCH/sanity.out" | tail -30)"
fi
# the tests that matter most ran, and found their files
for t in validate-modules pylint pep8 yamllint import ansible-doc; do
	grep -q "^Running sanity test \"$t\"" "$SCRATCH/sanity.out" &&
		pass "ansible-test sanity ran $t" || fail "ansible-test sanity did not run $t" "$(cat "$SCRATCH/sanity.out")"
done

# sanity can fail: a module with a line pep8 refuses and a DOCUMENTATION that
# lacks an option the module takes
c=$(coll bad)
sed -i 's/^import difflib$/import difflib ;import sys/' "$c/plugins/modules/deafen.py"
sed -i '/^  fail_on_drift:$/,/^    default: true$/d' "$c/plugins/modules/deafen.py"
if (cd "$c" && nice -n 10 $ATEST sanity --local --python 3.11 --test pep8 --test validate-modules) > "$SCRATCH/bad.out" 2>&1; then
	fail "ansible-test sanity passes a broken module" "$(cat "$SCRATCH/bad.out")"
elif grep -q 'E231\|E702\|E703' "$SCRATCH/bad.out" && grep -q 'undocumented-parameter.*fail_on_drift' "$SCRATCH/bad.out"; then
	pass "ansible-test sanity fails a module pep8 refuses and one with an undocumented option"
else
	fail "ansible-test sanity on a broken module: not the errors planted" "$(cat "$SCRATCH/bad.out")"
fi

c=$(coll src)
if (cd "$c" && nice -n 10 $ATEST units --local --python 3.11) > "$SCRATCH/units.out" 2>&1; then
	n=$(sed -n 's/^=* \([0-9][0-9]*\) passed.*/\1/p' "$SCRATCH/units.out" | tail -1)
	if [ "${n:-0}" -ge 31 ]; then
		pass "ansible-test units: $n passed"
	else
		fail "ansible-test units: ${n:-no} tests passed, 31 or more expected" "$(tail -20 "$SCRATCH/units.out")"
	fi
else
	fail "ansible-test units" "$(tail -40 "$SCRATCH/units.out")"
fi

finish
