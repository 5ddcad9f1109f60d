#!/bin/sh
# fleet.sh - a small fleet (bench/fleet.sh -n 20: 20 host roots, 8 under
# valgrind) hardened by the deafen.hardening collection with ansible-playbook
# -f 10 over the local connection, each host with its own root: check mode
# changes no root, a second run is changed=0 on every host, state=verified
# finds the planted drift on exactly the hosts that have it, and deafen report
# makes one page of the fleet
. "$(dirname "$0")/lib.sh"

needs fleet "sh tests/deps.sh installs ansible-core" ansible-playbook ansible-galaxy

n=${FLEET_HOSTS:-20}
[ -n "${VALGRIND:-}" ] && n=8
out=$SCRATCH/fleet
if ! DEAFEN="$DEAFEN" sh "$TOP/bench/fleet.sh" -n "$n" -f 10 -o "$out" > "$SCRATCH/fleet.out" 2>&1; then
	fail "bench/fleet.sh -n $n" "$(tail -30 "$SCRATCH/fleet.out")"
	finish
	exit
fi
cat "$SCRATCH/fleet.out"
. "$out/summary"

# recap RUN EXPR: every host of RUN's PLAY RECAP has ok/changed/failed/... such that EXPR holds
recap() {
	awk -v n="$n" '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		hosts++; if (!('"$2"')) { bad = bad " " $1 } }
		END { if (bad != "" || hosts != n) { print "hosts: " hosts " of " n ";" bad; exit 1 } }' "$out/recap-$1"
}

for run in check apply again gather; do
	eval "status=\$status_$run"
	[ "$status" = 0 ] && pass "fleet $run: ansible-playbook exits 0" ||
		fail "fleet $run: ansible-playbook exits $status" "$(tail -30 "$out/$run.log")"
done
if cmp -s "$out/tree-before-check" "$out/tree-after-check"; then
	pass "fleet check mode (--check --diff): no file or link of the $n roots changed"
else
	fail "fleet check mode changed a root"
fi
r=$(recap check 'v["changed"] > 0 && v["failed"] == 0') &&
	pass "fleet check mode: every host says it would change" || fail "fleet check mode: changed" "$r"
r=$(recap apply 'v["changed"] > 0 && v["failed"] == 0') &&
	pass "fleet apply: every host changed, none failed" || fail "fleet apply" "$r"
r=$(recap again 'v["changed"] == 0 && v["failed"] == 0') &&
	pass "fleet, second run: changed=0 on every host" || fail "fleet, second run: not idempotent" "$r"

# the drift: what verify found on each host, from the documents it wrote
if N=$n python3 - "$out" > "$SCRATCH/drift.out" 2>&1 <<'EOT'
import glob, json, os, sys
out = sys.argv[1]
want = sorted(line.split()[0] for line in open(os.path.join(out, 'drift.expected')))
found, telnet = [], []
for path in sorted(glob.glob(os.path.join(out, 'reports', '*.json'))):
    host = os.path.basename(path)[:-5]
    dec, text, docs, i = json.JSONDecoder(), open(path).read(), [], 0
    while text[i:].strip():
        while text[i].isspace():
            i += 1
        doc, i = dec.raw_decode(text, i)
        docs.append(doc)
    verify = [d for d in docs if 'comes_back' in d]
    if verify and verify[0]['comes_back']:
        found.append(host)
    services = [d for d in docs if 'services' in d][0]['services']
    if any(s['name'] == 'telnet' and s['state']['state'] == 'enabled' for s in services):
        telnet.append(host)
print('drift expected', want)
print('drift found', found)
wtelnet = sorted('host%03d' % i for i in range(int(os.environ['N'])) if i % 5 == 1)
print('telnet on: expected', wtelnet, 'found', telnet)
sys.exit(0 if found == want and telnet == wtelnet and want else 1)
EOT
then
	pass "fleet verified: the planted drift on exactly the hosts that have it; telnet on where it is kept"
else
	fail "fleet verified: drift or telnet" "$(cat "$SCRATCH/drift.out")"
fi

# the one page: its totals, and valid HTML
ndrift=$(wc -l < "$out/drift.expected")
if python3 -c "import json,sys
t=json.load(open(sys.argv[1]))['totals']
sys.exit(0 if t['hosts'] == $n and t['in_drift'] == $ndrift else 1)" "$out/fleet.json"; then
	pass "deafen report of the fleet: $n hosts, $ndrift in drift"
else
	fail "deafen report's totals" "$(head -c 600 "$out/fleet.json")"
fi
if command -v xmllint > /dev/null; then
	xmllint --html --noout "$out/fleet.html" > "$SCRATCH/xmllint.out" 2>&1 && [ ! -s "$SCRATCH/xmllint.out" ] &&
		pass "deafen report's page of the fleet: HTML xmllint --html reads without a word" ||
		fail "deafen report's page: xmllint" "$(head -20 "$SCRATCH/xmllint.out")"
else
	skip "the fleet page's HTML: needs xmllint (sh tests/deps.sh installs libxml2-utils)"
fi
echo "fleet: $n hosts, check $time_check s, apply $time_apply s, again $time_again s, gather $time_gather s, report $time_report s ($report_bytes bytes)"

finish
