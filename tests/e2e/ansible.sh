#!/bin/sh
# ansible.sh - end-to-end tests of the Ansible module contrib/ansible/library/deafen.py:
# playbooks run on localhost (connection: local) against fixture copies
. "$(dirname "$0")/lib.sh"

if ! command -v ansible-playbook > /dev/null; then
	skip "ansible: needs ansible-playbook (sh tests/deps.sh installs ansible-core)"
	finish
	exit
fi

# Everything Ansible writes stays in $SCRATCH; no ansible.cfg but our empty one.
mkdir -p "$SCRATCH/home" "$SCRATCH/ansible-local" "$SCRATCH/ansible-remote"
: > "$SCRATCH/ansible.cfg"
export HOME="$SCRATCH/home" ANSIBLE_CONFIG="$SCRATCH/ansible.cfg" \
	ANSIBLE_LOCAL_TEMP="$SCRATCH/ansible-local" ANSIBLE_REMOTE_TEMP="$SCRATCH/ansible-remote" \
	ANSIBLE_LIBRARY="$TOP/contrib/ansible/library" ANSIBLE_NOCOLOR=1 \
	ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_LOCALHOST_WARNING=false \
	ANSIBLE_INVENTORY_UNPARSED_WARNING=false ANSIBLE_PIPELINING=true

# $DEAFEN may be a command prefix ("valgrind ... /path/deafen"): the module's
# binary is one path, so a wrapper runs it.
BIN=$SCRATCH/deafen-bin
printf '#!/bin/sh\nexec %s "$@"\n' "$DEAFEN" > "$BIN"
chmod 0755 "$BIN"

# play NAME RESULT "REG..." [ansible-playbook options] < TASKS: runs the tasks (YAML,
# a list; deafen's binary is set by module_defaults) in one play on localhost, then
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
    deafen:
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
	(cd "$SCRATCH" && ansible-doc deafen) > "$SCRATCH/doc.out" 2>&1 && grep -q 'rolled_back' "$SCRATCH/doc.out" &&
		pass "ansible-doc parses the module's DOCUMENTATION" || fail "ansible-doc deafen" "$(cat "$SCRATCH/doc.out")"
else
	skip "ansible-doc: needs ansible-doc (sh tests/deps.sh installs ansible-core)"
fi

# a) check mode changes nothing, and says it would; d) diff mode shows exactly
# deafen plan's diff (ansible-playbook --check --diff, the first task without diff)
root=$(copy_root debian)
play "check" "$SCRATCH/a.json" "check diff" --check --diff <<EOT &&
- deafen: {root: $root, keep: [ssh]}
  diff: false
  register: check
- deafen: {root: $root, keep: [ssh]}
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
	$DEAFEN --root "$want" --backup-dir "$SCRATCH/bk-want-$fixture" apply "$@" > /dev/null 2>&1
	root=$(copy_root "$fixture")
	bk=$SCRATCH/bk-$fixture
	play "$label" "$SCRATCH/b.json" "run again" <<EOT || return 1
- deafen: {root: $root, backup_dir: $bk, $args}
  register: run
- deafen: {root: $root, backup_dir: $bk, $args}
  register: again
EOT
	check "$label: changed=true, the backup id, what was disabled" "$SCRATCH/b.json" \
		"r['run']['changed'] is True and not r['run'].get('failed') and r['run']['backup'] == '$(ls "$bk" 2> /dev/null)' and len(r['run']['disabled']) > 0 and r['run']['ports'] == [] and r['run']['ports_closed'] == []"
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

# e) rolled_back restores the root; a second one is changed=false (check mode too)
play "rollback" "$SCRATCH/e.json" "check1 roll1 roll2 check2" <<EOT &&
- deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  check_mode: true
  register: check1
- deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  register: roll1
- deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  register: roll2
- deafen: {root: $droot, backup_dir: $dbk, state: rolled_back}
  check_mode: true
  register: check2
EOT
	check "rolled_back: check mode says changed=true, then the rollback is changed=true" "$SCRATCH/e.json" \
		"r['check1']['changed'] is True and r['roll1']['changed'] is True and not r['roll1'].get('failed') and r['roll1']['backup'] == '$(ls "$dbk")' and r['roll1']['restored'] > 0" &&
	check "rolled_back twice: changed=false, no error, and so says check mode" "$SCRATCH/e.json" \
		"r['roll2']['changed'] is False and not r['roll2'].get('failed') and r['roll2']['restored'] == 0 and r['check2']['changed'] is False"
same_listing "$droot" "$orig" "rolled_back: every file and link as before"

# f) deafen's errors fail the task with its message and exit status
root=$(copy_root debian)
play "errors" "$SCRATCH/f.json" "unknown nopolicy nobackup" <<EOT &&
- deafen: {root: $root, disable: [telnet, nosuch]}
  register: unknown
- deafen: {root: $root}
  register: nopolicy
- deafen: {root: $root, state: rolled_back}
  register: nobackup
EOT
	check "an unknown name fails with deafen's message and rc 2" "$SCRATCH/f.json" \
		"r['unknown'].get('failed') is True and r['unknown']['rc'] == 2 and r['unknown']['msg'] == \"deafen: --disable: unknown service 'nosuch'\"" &&
	check "state=applied without a policy fails" "$SCRATCH/f.json" "r['nopolicy'].get('failed') is True and 'disable' in r['nopolicy']['msg']" &&
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
- deafen: {root: $root, disable: [telnet], binary: $SCRATCH/still-open}
  register: open
EOT
	check "apply exit 4: fails with the port still open, rc 4, changed=true and the backup id" "$SCRATCH/g.json" \
		"r['open'].get('failed') is True and r['open']['rc'] == 4 and r['open']['changed'] is True and r['open']['backup'] == '20260101T000000.000000Z' and 'STILL OPEN tcp 0.0.0.0:23' in r['open']['msg'] and r['open']['msg'].startswith('deafen: some ports are still open') and r['open']['ports_closed'] == []"

finish
