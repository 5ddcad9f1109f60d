#!/bin/sh
# ansible.sh - end-to-end tests of the deafen.hardening collection
# (contrib/ansible), built and installed as a user would: playbooks run on
# localhost (connection: local) against fixture copies
. "$(dirname "$0")/lib.sh"

needs ansible "sh tests/deps.sh installs ansible-core" ansible-playbook ansible-galaxy

# Everything Ansible writes stays in $SCRATCH; no ansible.cfg but our empty one.
mkdir -p "$SCRATCH/home" "$SCRATCH/ansible-local" "$SCRATCH/ansible-remote"
: > "$SCRATCH/ansible.cfg"
export HOME="$SCRATCH/home" ANSIBLE_CONFIG="$SCRATCH/ansible.cfg" \
	ANSIBLE_LOCAL_TEMP="$SCRATCH/ansible-local" ANSIBLE_REMOTE_TEMP="$SCRATCH/ansible-remote" \
	ANSIBLE_COLLECTIONS_PATH="$SCRATCH/collections" ANSIBLE_NOCOLOR=1 \
	ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_LOCALHOST_WARNING=false \
	ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_PIPELINING=true

# the collection as a user installs it: built, then installed from its tarball
if ! { ansible-galaxy collection build "$TOP/contrib/ansible" --output-path "$SCRATCH" &&
	ansible-galaxy collection install --offline -p "$SCRATCH/collections" \
		"$SCRATCH"/deafen-hardening-*.tar.gz; } > "$SCRATCH/install.out" 2>&1; then
	fail "the collection does not build or install" "$(cat "$SCRATCH/install.out")"
	finish
	exit
fi

# $DEAFEN may be a command prefix ("valgrind ... /path/deafen"): the module's
# binary is one path, so a wrapper runs it.
BIN=$SCRATCH/deafen-bin
printf '#!/bin/sh\nexec %s "$@"\n' "$DEAFEN" > "$BIN"
chmod 0755 "$BIN"

# play NAME RESULT "REG..." [ansible-playbook options] < TASKS: runs the tasks (YAML,
# a list; deafen's binary is set for the collection's modules by module_defaults)
# in one play on localhost, then
# writes {REG: the result registered as REG, ...} as JSON to RESULT. A failing task
# does not stop the play (ignore_errors): its result says failed, msg, rc.
play() {
	pname=$1 result=$2 regs=$3
	shift 3
	dict=""
	for reg in $regs; do
		dict="$dict${dict:+, }'$reg': $reg"
	done
	{
		cat <<EOT
- hosts: localhost
  connection: local
  gather_facts: false
  ignore_errors: true
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/deafen.hardening.deafen:
      binary: $BIN
  tasks:
EOT
		sed 's/^/    /'
		cat <<EOT
    - name: keep the results
      copy:
        content: "{{ {$dict} | to_json }}"
        dest: $result
      check_mode: false
      diff: false
EOT
	} > "$SCRATCH/play.yml"
	rm -f "$result"
	(cd "$SCRATCH" && ansible-playbook -i localhost, "$@" play.yml) > "$SCRATCH/play.out" 2>&1
	if [ $? -ne 0 ] || [ ! -s "$result" ]; then
		fail "$pname: ansible-playbook failed" "$(cat "$SCRATCH/play.out")"
		return 1
	fi
}

# check LABEL RESULT PYTHON-EXPR: the expression holds for r = RESULT's object
check() {
	if python3 -c "import json,sys
r=json.load(open(sys.argv[1]))
sys.exit(0 if ($3) else 1)" "$2" 2> "$SCRATCH/perr"; then
		pass "$1"
	else
		fail "$1" "$(cat "$SCRATCH/perr")
$(cat "$2")"
	fi
}

orig=$(listing "$TOP/fixtures/debian")

if command -v ansible-doc > /dev/null; then
	(cd "$SCRATCH" && ansible-doc deafen.hardening.deafen) > "$SCRATCH/doc.out" 2>&1 && grep -q 'rolled_back' "$SCRATCH/doc.out" &&
		grep -q 'fail_on_drift' "$SCRATCH/doc.out" &&
		pass "ansible-doc deafen.hardening.deafen: its DOCUMENTATION, with state verified" ||
		fail "ansible-doc deafen.hardening.deafen" "$(cat "$SCRATCH/doc.out")"
else
	skip "ansible-doc: needs ansible-doc (sh tests/deps.sh installs ansible-core)"
fi

# a) check mode changes nothing, and says it would; d) diff mode shows exactly
# deafen plan's diff (ansible-playbook --check --diff, the first task without diff)
root=$(copy_root debian)
play "check" "$SCRATCH/a.json" "check diff" --check --diff <<EOT &&
- deafen.hardening.deafen: {root: $root, keep: [ssh]}
  diff: false
  register: check
- deafen.hardening.deafen: {root: $root, keep: [ssh]}
  register: diff
EOT
	check "check mode: changed=true, no backup, no diff without --diff" "$SCRATCH/a.json" \
		"r['check']['changed'] is True and r['check']['backup'] is None and not r['check'].get('failed') and 'diff' not in r['check'] and 'telnet' in [d['name'] for d in r['check']['disabled']]"
python3 -c "import json,sys
sys.stdout.write(json.load(open(sys.argv[1]))['diff']['diff']['prepared'])" "$SCRATCH/a.json" > "$SCRATCH/d.diff"
$DEAFEN --root "$root" --color never plan --keep ssh > "$SCRATCH/plan.diff" 2> /dev/null
if [ -s "$SCRATCH/plan.diff" ] && cmp -s "$SCRATCH/d.diff" "$SCRATCH/plan.diff"; then
	pass "diff mode: the module's diff is byte for byte deafen plan's stdout"
else
	fail "diff mode: differs from deafen plan" "$(diff "$SCRATCH/plan.diff" "$SCRATCH/d.diff" | head -20)"
fi
grep -q '^+#<off># telnet' "$SCRATCH/play.out" &&
	pass "diff mode: ansible-playbook --diff prints the plan" || fail "diff mode: no diff printed" "$(cat "$SCRATCH/play.out")"
same_listing "$root" "$orig" "check and diff mode: the root is unchanged"

# b) a real run changes the root as deafen apply does; c) a second run changes nothing
# real FIXTURE LABEL DEAFEN-POLICY... < MODULE-ARGS (a YAML flow mapping's inside)
real() {
	fixture=$1 label=$2
	shift 2
	args=$(cat)
	want=$(copy_root "$fixture")
	$DEAFEN --root "$want" --backup-dir "$want.bk" apply "$@" > /dev/null 2>&1
	root=$(copy_root "$fixture")
	bk=$(mktemp -d "$SCRATCH/bk-$fixture.XXXXXX")
	play "$label" "$SCRATCH/b.json" "run again" <<EOT || return 1
- deafen.hardening.deafen: {root: $root, backup_dir: $bk, $args}
  register: run
- deafen.hardening.deafen: {root: $root, backup_dir: $bk, $args}
  register: again
EOT
	check "$label: changed=true, the backup id, what was disabled" "$SCRATCH/b.json" \
		"r['run']['changed'] is True and not r['run'].get('failed') and r['run']['backup'] == '$(ls "$bk" 2> /dev/null)' and len(r['run']['disabled']) > 0 and r['run']['ports'] == []"
	same_listing "$root" "$(listing "$want")" "$label: the root is what deafen apply $* makes"
	check "$label, second run: changed=false, no backup" "$SCRATCH/b.json" \
		"r['again']['changed'] is False and not r['again'].get('failed') and r['again']['backup'] is None and r['again']['disabled'] == []"
	[ "$(ls "$bk" | wc -l)" -eq 1 ] && pass "$label, second run: no second backup" ||
		fail "$label, second run: backups" "$(ls "$bk")"
}

real debian "debian keep ssh" --keep ssh <<EOT
keep: [ssh]
EOT
droot=$root dbk=$bk
real systemd "systemd mask cups" --disable cups --mask <<EOT
disable: [cups], mask: true
EOT
real debian "debian-legacy style, files only" --style debian-legacy --disable cups,exim4 --no-reload <<EOT
disable: [cups, exim4], style: debian-legacy, reload: false, confirm_timeout: 1
EOT

# e) rolled_back restores the root; a second one is changed=false (check mode too)
play "rollback" "$SCRATCH/e.json" "check1 roll1 roll2 check2" <<EOT &&
- deafen.hardening.deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  check_mode: true
  register: check1
- deafen.hardening.deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  register: roll1
- deafen.hardening.deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  register: roll2
- deafen.hardening.deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  check_mode: true
  register: check2
EOT
	check "rolled_back: check mode says changed=true, then the rollback is changed=true" "$SCRATCH/e.json" \
		"r['check1']['changed'] is True and r['roll1']['changed'] is True and not r['roll1'].get('failed') and r['roll1']['backup'] == '$(ls "$dbk")' and len(r['roll1']['restored']) > 0" &&
	check "rolled_back twice: changed=false, no error, and so says check mode" "$SCRATCH/e.json" \
		"r['roll2']['changed'] is False and not r['roll2'].get('failed') and r['roll2']['restored'] == [] and r['check2']['changed'] is False"
same_listing "$droot" "$orig" "rolled_back: every file and link as before"

# f) deafen's errors fail the task with its message and exit status
root=$(copy_root debian)
play "errors" "$SCRATCH/f.json" "unknown nopolicy nobackup" <<EOT &&
- deafen.hardening.deafen: {root: $root, disable: [telnet, nosuch]}
  register: unknown
- deafen.hardening.deafen: {root: $root}
  register: nopolicy
- deafen.hardening.deafen: {root: $root, state: rolled_back}
  register: nobackup
EOT
	check "an unknown name fails with deafen's message and rc 2" "$SCRATCH/f.json" \
		"r['unknown'].get('failed') is True and r['unknown']['rc'] == 2 and r['unknown']['msg'] == \"deafen: --disable: unknown service 'nosuch'\"" &&
	check "state=applied without a policy or a saved one fails with deafen's message" "$SCRATCH/f.json" \
		"r['nopolicy'].get('failed') is True and r['nopolicy']['rc'] == 2 and r['nopolicy']['msg'].startswith('deafen: apply needs a policy')" &&
	check "rolled_back with no backup: changed=false, no error" "$SCRATCH/f.json" \
		"r['nobackup']['changed'] is False and not r['nobackup'].get('failed') and r['nobackup']['backup'] is None"
same_listing "$root" "$orig" "errors: the root is unchanged"

# exit 4 of apply (a port stayed open; no fixture root can show it): a stand-in
# that prints what apply prints then (format_version 1, schema/apply.schema.json),
# to check the module's side of the contract
cat > "$SCRATCH/still-open.json" <<'EOT'
{"format_version": 1,
 "backup": "20260101T000000.000000Z",
 "disabled": [{"name": "telnet", "kind": "inetd", "where": {"file": "etc/inetd.conf", "line": 23, "link": null}}],
 "ports": [{"port": 23, "proto": "tcp", "address": "0.0.0.0", "service": "telnet", "where": {"file": "etc/inetd.conf", "line": 23, "link": null}, "open": true}],
 "log": ["disabled telnet (inetd etc/inetd.conf:23)", "STILL OPEN tcp 0.0.0.0:23 (telnet, etc/inetd.conf:23; pid 42 inetd)"]}
EOT
cat > "$SCRATCH/still-open" <<EOT
#!/bin/sh
case " \$* " in
*" apply "*)
	cat "$SCRATCH/still-open.json"
	echo 'deafen: some ports are still open (see above)' >&2
	exit 4 ;;
esac
exit 1
EOT
chmod 0755 "$SCRATCH/still-open"
# the stand-in's document is one apply prints: its schema says so
if /usr/bin/python3 -c 'import jsonschema' 2> /dev/null; then
	printf 'still-open stub\tapply\tvalues\t%s\t-\t4\t4\t-\n' "$SCRATCH/still-open.json" > "$SCRATCH/stub.manifest"
	/usr/bin/python3 "$TOP/tests/e2e/schema_check.py" "$TOP/schema" "$SCRATCH/stub.manifest" \
		"$SCRATCH/stub.results" --some &&
		grep -qx 'pass	still-open stub' "$SCRATCH/stub.results" &&
		pass "the exit-4 stand-in prints a document schema/apply.schema.json accepts" ||
		fail "the exit-4 stand-in's document" "$(cat "$SCRATCH/stub.results")"
else
	skip "the exit-4 stand-in's schema: needs python3-jsonschema (sh tests/deps.sh installs it)"
fi
play "still open" "$SCRATCH/g.json" "open" <<EOT &&
- deafen.hardening.deafen: {root: $root, disable: [telnet], binary: $SCRATCH/still-open}
  register: open
EOT
	check "apply exit 4: fails with the port still open, rc 4, changed=true and the backup id" "$SCRATCH/g.json" \
		"r['open'].get('failed') is True and r['open']['rc'] == 4 and r['open']['changed'] is True and r['open']['backup'] == '20260101T000000.000000Z' and 'STILL OPEN tcp 0.0.0.0:23' in r['open']['msg'] and r['open']['msg'].startswith('deafen: some ports are still open') and r['open']['ports'][0]['open'] is True"

# g) save_policy, then state=verified: the saved policy holds, then a package
# brings finger back (its inetd.conf line on again): verified fails naming it,
# or with fail_on_drift: false reports it; it never changes the root
root=$(copy_root debian)
play "verified" "$SCRATCH/v.json" "save again clean" <<EOT &&
- deafen.hardening.deafen: {root: $root, keep: [ssh], save_policy: true}
  register: save
- deafen.hardening.deafen: {root: $root, keep: [ssh], save_policy: true}
  register: again
- deafen.hardening.deafen: {root: $root, state: verified}
  register: clean
EOT
	check "save_policy: changed, the policy saved; again: changed=false" "$SCRATCH/v.json" \
		"r['save']['changed'] is True and r['again']['changed'] is False and open('$root/etc/deafen/policy').read().endswith('keep ssh\\n')" &&
	check "verified on the hardened root: no drift, changed=false, deafen verify's document" "$SCRATCH/v.json" \
		"not r['clean'].get('failed') and r['clean']['changed'] is False and r['clean']['drift'] == [] and r['clean']['verify']['permanent'] is True"
sed -i 's/^#<off># finger/finger/' "$root/etc/inetd.conf"
before=$(listing "$root")
play "drift" "$SCRATCH/w.json" "drift report checkdrift" <<EOT &&
- deafen.hardening.deafen: {root: $root, state: verified}
  register: drift
- deafen.hardening.deafen: {root: $root, state: verified, fail_on_drift: false}
  register: report
- deafen.hardening.deafen: {root: $root, state: verified, fail_on_drift: false}
  check_mode: true
  register: checkdrift
EOT
	check "verified with drift: failed, naming finger and what starts it, changed=false" "$SCRATCH/w.json" \
		"r['drift'].get('failed') is True and r['drift']['changed'] is False and [d['name'] for d in r['drift']['drift']] == ['finger'] and 'finger (etc/inetd.conf:' in r['drift']['msg']" &&
	check "verified, fail_on_drift=false: the drift reported, not failed (check mode too)" "$SCRATCH/w.json" \
		"not r['report'].get('failed') and [d['name'] for d in r['report']['drift']] == ['finger'] and r['report']['verify']['permanent'] is False and r['checkdrift']['drift'] == r['report']['drift']"
same_listing "$root" "$before" "verified changes nothing on the root"

# h) enable: a service turned back on, once; the saved policy follows, so
# verified does not call it drift
root=$(copy_root debian)
play "enable" "$SCRATCH/e2.json" "apply checkon turnon onagain verify" --diff <<EOT &&
- deafen.hardening.deafen: {root: $root, keep: [ssh], save_policy: true}
  diff: false
  register: apply
- deafen.hardening.deafen: {root: $root, enable: [telnet]}
  check_mode: true
  register: checkon
- deafen.hardening.deafen: {root: $root, enable: [telnet]}
  register: turnon
- deafen.hardening.deafen: {root: $root, enable: [telnet]}
  register: onagain
- deafen.hardening.deafen: {root: $root, state: verified}
  register: verify
EOT
	check "enable in check mode: changed, the plan --enable diff, nothing written" "$SCRATCH/e2.json" \
		"r['checkon']['changed'] is True and [e['name'] for e in r['checkon']['enabled']] == ['telnet'] and '+telnet' in r['checkon']['diff']['prepared'] and r['checkon']['backup'] is None" &&
	check "enable: telnet back on with a backup; again: changed=false" "$SCRATCH/e2.json" \
		"r['turnon']['changed'] is True and [e['name'] for e in r['turnon']['enabled']] == ['telnet'] and r['turnon']['backup'] is not None and r['onagain']['changed'] is False and r['onagain']['enabled'] == []" &&
	check "after enable, verified finds no drift (the saved policy keeps telnet now)" "$SCRATCH/e2.json" \
		"not r['verify'].get('failed') and r['verify']['drift'] == []"
grep -q '^telnet' "$root/etc/inetd.conf" &&
	check "enable: the inetd.conf line apply turned off is on again" "$SCRATCH/e2.json" \
		"'telnet' in [d['name'] for d in r['apply']['disabled']]" ||
	fail "enable: telnet's line" "$(grep telnet "$root/etc/inetd.conf")"
play "enable clash" "$SCRATCH/e3.json" "clash" <<EOT &&
- deafen.hardening.deafen: {root: $root, disable: [telnet], enable: [telnet]}
  register: clash
EOT
	check "disable and enable of one name fail, each run would undo the other" "$SCRATCH/e3.json" \
		"r['clash'].get('failed') is True and 'telnet' in r['clash']['msg']"

# i) deafen_info: list, scan and backups as deafen prints them, changing nothing
root=$(copy_root debian)
$DEAFEN --root "$root" -q apply --disable telnet --no-reload > /dev/null 2>&1
before=$(listing "$root")
play "info" "$SCRATCH/i.json" "info some" <<EOT &&
- deafen.hardening.deafen_info: {root: $root}
  register: info
- deafen.hardening.deafen_info: {root: $root, gather: [list], all: true}
  check_mode: true
  register: some
EOT
	$DEAFEN --root "$root" --format json list > "$SCRATCH/list.json" 2> /dev/null &&
	$DEAFEN --root "$root" --format json list --all > "$SCRATCH/listall.json" 2> /dev/null &&
	$DEAFEN --root "$root" --format json backups > "$SCRATCH/backups.json" 2> /dev/null &&
	check "deafen_info: list and backups are deafen's documents, scan has its listeners" "$SCRATCH/i.json" \
		"r['info']['list'] == json.load(open('$SCRATCH/list.json')) and r['info']['backups'] == json.load(open('$SCRATCH/backups.json')) and isinstance(r['info']['scan']['listeners'], list) and r['info']['changed'] is False" &&
	check "deafen_info gather: [list], all: true (check mode): list --all only" "$SCRATCH/i.json" \
		"r['some']['list'] == json.load(open('$SCRATCH/listall.json')) and 'scan' not in r['some'] and 'backups' not in r['some']"
same_listing "$root" "$before" "deafen_info changes nothing on the root"

# j) the role: keep-list, saved policy, and the apt hook under the root, which
# names a service a package brings back
root=$(copy_root debian)
cat > "$SCRATCH/role.yml" <<EOT
- hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  roles:
    - role: deafen.hardening.harden
      deafen_root: $root
      deafen_keep: [ssh, printer]
      deafen_binary: $BIN
      deafen_bindir: $SCRATCH/bindir
      deafen_apt_hook: always
EOT
mkdir -p "$SCRATCH/bindir"
ln -sf "$BIN" "$SCRATCH/bindir/deafen"
(cd "$SCRATCH" && ansible-playbook -i localhost, role.yml) > "$SCRATCH/role1.out" 2>&1 &&
	(cd "$SCRATCH" && ansible-playbook -i localhost, role.yml) > "$SCRATCH/role2.out" 2>&1
if grep -q 'localhost.*changed=[1-9].*failed=0' "$SCRATCH/role1.out" &&
	grep -q 'localhost.*changed=0.*failed=0' "$SCRATCH/role2.out"; then
	pass "role harden: a run changes, a second run is changed=0"
else
	fail "role harden: changed, then changed=0" "$(tail -5 "$SCRATCH/role1.out"; tail -5 "$SCRATCH/role2.out")"
fi
hook=$root/usr/local/lib/deafen/apt-hook
if sed "s|@BINDIR@|$SCRATCH/bindir|g" "$TOP/contrib/apt/apt-hook.in" | cmp -s - "$hook" && [ -x "$hook" ] &&
	sed 's|@LIBEXECDIR@|/usr/local/lib/deafen|g' "$TOP/contrib/apt/99deafen.in" | cmp -s - "$root/etc/apt/apt.conf.d/99deafen" &&
	printf '# written by deafen apply --save-policy; deafen verify reads it\nkeep ssh\nkeep printer\n' | cmp -s - "$root/etc/deafen/policy"; then
	pass "role harden: the saved policy, the apt hook and apt's configuration under the root, as make install writes them"
else
	fail "role harden: hook or policy" "$(ls -lR "$root/usr/local" "$root/etc/apt" "$root/etc/deafen" 2>&1)"
fi
DEAFEN_HOOK_ROOT=$root sh "$hook" > "$SCRATCH/hook0.out" 2>&1
sed -i 's/^#<off># finger/finger/' "$root/etc/inetd.conf"
DEAFEN_HOOK_ROOT=$root sh "$hook" > "$SCRATCH/hook1.out" 2>&1
if ! grep -q 'came back' "$SCRATCH/hook0.out" && grep -q 'finger' "$SCRATCH/hook1.out" &&
	grep -q "the services above came back" "$SCRATCH/hook1.out"; then
	pass "role harden: its apt hook is quiet on the hardened root and names finger once a package brings it back"
else
	fail "role harden: the hook" "$(cat "$SCRATCH/hook0.out" "$SCRATCH/hook1.out")"
fi

finish
