#!/bin/sh
# report.sh - deafen report: one page for a small fleet of fixture roots
#
# Six hosts: debian as it is (telnet open: dangerous), debian applied with
# bind9 turned back on by hand after apply (drift), redhat applied --keep
# ssh, redhat as it is (telnet open in xinetd), systemd as it is, and a host
# whose list is in a file of another name with a "host" member. Each host's
# list, scan and verify JSON go to files, then report reads them all; the
# totals are counted again here with python from the same files. Then
# Debian's chromium, headless, loads the page: with scripts on (the sort and
# the filter a link gives), with scripts off, and for a screenshot.
. "$(dirname "$0")/lib.sh"

F=$SCRATCH/fleet
mkdir -p "$F"
PY=/usr/bin/python3

# host NAME FIXTURE: a fresh root; its list, scan, verify JSON in $F/NAME.KIND.json
docs() {
	for k in list scan verify; do
		$DEAFEN --root "$2" --format json $k > "$F/$1.$k.json" 2> /dev/null
	done
}
web1=$(copy_root debian)
web2=$(copy_root debian)
rh1=$(copy_root redhat)
rh2=$(copy_root redhat)
sd1=$(copy_root systemd)
$DEAFEN --root "$web2" apply --disable telnet,bind9 --no-reload > /dev/null 2>&1 ||
	fail "setup: apply on web2"
mv "$web2/etc/rc2.d/K02bind9" "$web2/etc/rc2.d/S02bind9" # turned back on: drift
$DEAFEN --root "$rh1" apply --keep ssh --no-reload > /dev/null 2>&1 || fail "setup: apply on rh1"
docs web1 "$web1"
docs web2 "$web2"
docs rh1 "$rh1"
docs rh2 "$rh2"
docs sd1 "$sd1"
$DEAFEN --root "$web2" --format json backups > "$F/web2.backups.json" 2> /dev/null
# web1's scan: a telnet listener that inetd started (the live scan here shows this machine's)
cat > "$F/web1.scan.json" << 'EOT'
{"format_version": 1,
 "listeners": [{"port": 23, "proto": "tcp", "address": "0.0.0.0", "service": "telnet", "pids": [411], "program": "inetd", "verdict": "dangerous", "where": {"file": "etc/inetd.conf", "line": 23, "link": null}, "provenance": "etc/inetd.conf:23 (telnet)"}]}
EOT
# a host named by its document's "host" member, list and scan in one file
{
	sed '1s/^{/{"host": "db<1>", /' "$F/sd1.list.json"
	$DEAFEN --root "$sd1" --format json scan 2> /dev/null | sed '1s/^{/{"host": "db<1>", /'
} > "$F/collected-by-ansible.json"

files="$F/web1.list.json $F/web1.scan.json $F/web1.verify.json $F/web2.list.json $F/web2.scan.json
$F/web2.verify.json $F/web2.backups.json $F/rh1.list.json $F/rh1.scan.json $F/rh1.verify.json
$F/rh2.list.json $F/rh2.scan.json $F/sd1.list.json $F/sd1.scan.json $F/sd1.verify.json $F/collected-by-ansible.json"

# what the page must say, counted from the same files
# shellcheck disable=SC2086 # our file names, without blanks
$PY - $files > "$SCRATCH/expected" << 'EOT'
import json, os, re, sys
hosts, opn, closed, dang, drift, rows = set(), 0, 0, 0, 0, 0
for path in sys.argv[1:]:
    text = open(path).read()
    dec, i = json.JSONDecoder(), 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        d, i = dec.raw_decode(text, i)
        name = d.get("host") or re.sub(r"\.(list|scan|verify|backups)$", "", os.path.basename(path)[:-5])
        hosts.add(name)
        for s in d.get("services", []):
            rows += 1
            if s["enabled"]:
                opn += 1
                dang += s["verdict"] == "dangerous"
            else:
                closed += 1
        drift += len(d.get("comes_back", []))
print(len(hosts), opn, dang, closed, drift, rows)
EOT
read -r n_hosts n_open n_dang n_closed n_drift n_rows < "$SCRATCH/expected"
[ "$n_hosts" = 6 ] && [ "$n_drift" -ge 1 ] && [ "$n_dang" -ge 1 ] && [ "$n_closed" -ge 1 ] ||
	fail "setup: the fleet is not what this test needs" "$(cat "$SCRATCH/expected")"

# every check runs, also when the run failed (each is then red)
# shellcheck disable=SC2086
run "report" 0 $DEAFEN report $files
printf '%s\n' "$out" > "$SCRATCH/page.html"
{
	if xmllint --html --noout "$SCRATCH/page.html" > "$SCRATCH/xmllint" 2>&1 && ! [ -s "$SCRATCH/xmllint" ]; then
		pass "report: the page is well-formed HTML (xmllint --html, not a warning)"
	else
		fail "report: xmllint --html" "$(head -n 20 "$SCRATCH/xmllint")"
	fi
	grep -qi '<!DOCTYPE html>' "$SCRATCH/page.html" && grep -q '<style>' "$SCRATCH/page.html" &&
		! grep -Eqi '<link|src=|url\(|https?:' "$SCRATCH/page.html" &&
		pass "report: self-contained: inline CSS, nothing fetched from a network" ||
		fail "report: not self-contained" "$(grep -Ei '<link|src=|url\(|https?:' "$SCRATCH/page.html")"
	# the page read with an HTML parser: totals, the matrix's cells, the host sections
	$PY - "$SCRATCH/page.html" "$n_hosts" "$n_open" "$n_dang" "$n_closed" "$n_drift" > "$SCRATCH/check" 2>&1 << 'EOT'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.stack, self.rows, self.text, self.in_script = {}, [], [], [], False
        self.head = []
        self.matrix = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "table" and a.get("id") == "matrix":
            self.matrix = True
        if self.matrix and tag == "tr":
            self.rows.append([])
        if self.matrix and tag in ("td", "th"):
            self.rows[-1].append([a.get("class", ""), ""])
        if tag == "script":
            self.in_script = True
    def handle_endtag(self, tag):
        if tag == "table":
            self.matrix = False
        if tag == "script":
            self.in_script = False
        while self.stack and self.stack.pop()[0] != tag:
            pass
    def handle_data(self, data):
        if self.stack and "id" in self.stack[-1][1]:
            self.ids[self.stack[-1][1]["id"]] = data.strip()
        if self.matrix and self.rows and self.rows[-1]:
            self.rows[-1][-1][1] += data.strip()
        if not self.in_script:
            self.text.append(data)

p = Page()
p.feed(open(sys.argv[1]).read())
want = dict(zip(["total-hosts", "total-open", "total-dangerous", "total-closed", "total-drift"], sys.argv[2:]))
got = {k: p.ids.get(k) for k in want}
print("totals", "ok" if got == want else "bad: got %s, want %s" % (got, want))
head = [c[1] for c in p.rows[0]]
cell = lambda host, svc: next((r[head.index(svc)] for r in p.rows[1:] if r[0][1] == host), None)
t = cell("web1", "telnet")
print("dangerous", "ok" if t and t[0].split()[:2] == ["open", "dangerous"] and t[1] == "OPEN!" else "bad: %s" % t)
# open and dangerous first: the first column and the first row
print("order", "ok" if p.rows[1][0][1] in ("web1", "web2") and cell("rh1", head[4]) is not None else "bad: %s" % head[:6])
b = cell("web2", "bind9")
print("drift", "ok" if b and "drift" in b[0].split() and b[0].startswith("open") else "bad: %s" % b)
c = cell("web2", "telnet")
print("closed", "ok" if c and c[0].startswith("closed ") else "bad: %s" % c)
text = " ".join(" ".join(p.text).split())
print("ports", "ok" if "etc/inetd.conf:23 (telnet)" in text and "inetd" in text else "bad")
print("driftlist", "ok" if "bind9 (sysv), by etc/rc2.d/S02bind9" in text else "bad")
print("backup", "ok" if "Last backup: 2" in text else "bad")
print("hostname", "ok" if "db<1>" in text and any(r[0][1] == "db<1>" for r in p.rows[1:]) else "bad")
EOT
	check() { grep -qx "$1 ok" "$SCRATCH/check" && pass "$2" || fail "$2" "$(cat "$SCRATCH/check")"; }
	check totals "report: the totals at the top are the counts of the files (hosts, open, dangerous, closed, drift)"
	check dangerous "report: web1's open telnet is in the matrix as class 'open dangerous', OPEN!"
	check order "report: the hosts with open dangerous services come first"
	check drift "report: web2's bind9, turned back on after apply, is a drift cell"
	check closed "report: web2's telnet, disabled by apply, is a closed cell"
	check ports "report: web1's open ports from its scan, with what starts them"
	check driftlist "report: web2's drift, with what starts it again"
	check backup "report: web2's last backup from its backups document"
	check hostname "report: a document's \"host\" member names its host (escaped in the page)"
}

# The page in a real browser: Debian's chromium, headless, in a profile of
# its own, no network at all (every name unresolvable, a proxy that is not
# there): it loads the page from the file and dumps the DOM its scripts made.
# browse OUT URL [FLAGS...]: the DOM into $SCRATCH/OUT.dom, the log into OUT.log
browse() {
	b_out=$1 b_url=$2
	shift 2
	HOME=$SCRATCH/chromium-home timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$SCRATCH/chromium" --no-first-run --no-default-browser-check \
		--disable-extensions --disable-sync --disable-background-networking \
		--host-resolver-rules='MAP * ~NOTFOUND' --proxy-server=127.0.0.1:9 \
		--enable-logging=stderr --v=0 "$@" "$b_url" > "$SCRATCH/$b_out.dom" 2> "$SCRATCH/$b_out.log"
}
if ! command -v chromium > /dev/null; then
	skip "report in a browser: needs chromium (sh tests/deps.sh installs it)"
else
	page_url="file://$SCRATCH/page.html"
	browse on "$page_url" --dump-dom || fail "chromium --dump-dom: exit $?" "$(tail -n 5 "$SCRATCH/on.log")"
	browse view "$page_url#filter=web2&sort=host" --dump-dom || fail "chromium --dump-dom #filter: exit $?"
	# scripts off: chromium's switches that turn them off stop --dump-dom too; the
	# page's own bytes with a Content-Security-Policy that lets no script run
	sed 's|<head>|<head><meta http-equiv="Content-Security-Policy" content="script-src '"'none'"'">|' \
		"$SCRATCH/page.html" > "$SCRATCH/noscript.html"
	browse off "file://$SCRATCH/noscript.html" --dump-dom || fail "chromium scripts off: exit $?"
	browse shot "$page_url" --screenshot="$SCRATCH/report.png" --window-size=1200,760 --hide-scrollbars ||
		fail "chromium --screenshot: exit $?"
	$PY - "$SCRATCH" "$n_hosts" "$n_open" "$n_dang" "$n_closed" "$n_drift" > "$SCRATCH/dom" 2>&1 << 'EOT'
import struct, sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    """the ids' text, the body's and the filter box's attributes, the matrix's rows"""
    def __init__(self):
        super().__init__()
        self.ids, self.attrs, self.rows, self.head, self.cur, self.where = {}, {}, [], [], None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body" or a.get("id") == "filter":
            self.attrs[a.get("id", tag)] = a
        if tag == "table":
            self.where = a.get("id")
        if self.where == "matrix" and tag == "tr":
            self.rows.append({"style": a.get("style", ""), "cells": []})
        if self.where == "matrix" and tag in ("th", "td"):
            self.rows[-1]["cells"].append([a, ""])
        self.cur = a.get("id")
    def handle_endtag(self, tag):
        if tag == "table":
            self.where = None
        self.cur = None
    def handle_data(self, data):
        if self.cur:
            self.ids[self.cur] = self.ids.get(self.cur, "") + data.strip()
        if self.where == "matrix" and self.rows and self.rows[-1]["cells"]:
            self.rows[-1]["cells"][-1][1] += data.strip()

def dom(name):
    d = Dom()
    d.feed(open("%s/%s.dom" % (sys.argv[1], name), encoding="utf-8").read())
    return d

def say(key, ok, why=""):
    print(key, "ok" if ok else "bad: %s" % (why,))

def uncaught(name):
    return [l for l in open("%s/%s.log" % (sys.argv[1], name), errors="replace")
            if ":CONSOLE" in l and ("Uncaught" in l or "Error" in l)]

want = dict(zip(["total-hosts", "total-open", "total-dangerous", "total-closed", "total-drift"], sys.argv[2:7]))
on, view, off = dom("on"), dom("view"), dom("off")
head = [c[1] for c in on.rows[0]["cells"]]
body = on.rows[1:]
cell = lambda rows, host, svc: next((r["cells"][head.index(svc)] for r in rows if r["cells"][0][1] == host), None)
got = {k: on.ids.get(k) for k in want}
say("on-totals", got == want, "got %s, want %s" % (got, want))
say("on-rows", sorted(r["cells"][0][1] for r in body) == sorted(["web1", "web2", "rh1", "rh2", "sd1", "db<1>"]),
    [r["cells"][0][1] for r in body])
t1, t2, b2 = cell(body, "web1", "telnet"), cell(body, "rh2", "telnet"), cell(body, "web2", "bind9")
say("on-cells", t1 and t1[0]["class"] == "open dangerous" and t1[1] == "OPEN!" and
    t2 and t2[0]["class"] == "open dangerous" and "xinetd" in t2[0]["title"] and
    b2 and b2[0]["class"].split()[0] == "open" and "drift" in b2[0]["class"].split() and b2[1] == "OPEN! +drift", (t1, t2, b2))
say("on-script", on.attrs.get("body", {}).get("data-script") == "ready" and "filter" in on.attrs and
    not uncaught("on") and not uncaught("view"), (on.attrs, uncaught("on") + uncaught("view")))
shown = [r["cells"][0][1] for r in view.rows[1:] if "none" not in r["style"]]
hosts = [r["cells"][0][1] for r in view.rows[1:]]
say("view-filter", shown == ["web2"] and view.attrs.get("filter", {}).get("data-shown") == "1",
    (shown, view.attrs.get("filter")))
say("view-sort", hosts == sorted(hosts, key=str.lower) and hosts != [r["cells"][0][1] for r in body] and
    view.rows[0]["cells"][0][0].get("data-dir") == "asc", (hosts, view.rows[0]["cells"][0][0]))
got = {k: off.ids.get(k) for k in want}
blocked = [l for l in open("%s/off.log" % sys.argv[1], errors="replace") if "Content Security Policy" in l]
say("off", got == want and "filter" not in off.attrs and "data-script" not in off.attrs.get("body", {}) and
    len(off.rows) == len(on.rows) and blocked, (got, off.attrs, len(off.rows), blocked))
png = open("%s/report.png" % sys.argv[1], "rb").read()
w, h = struct.unpack(">II", png[16:24]) if png[:8] == b"\x89PNG\r\n\x1a\n" else (0, 0)
say("shot", (w, h) == (1200, 760) and len(png) > 20000, (w, h, len(png)))
EOT
	check() { grep -qx "$1 ok" "$SCRATCH/dom" && pass "$2" || fail "$2" "$(cat "$SCRATCH/dom")"; }
	check on-totals "chromium: the totals of the page it loaded are the counts of the files"
	check on-rows "chromium: one matrix row a host, the hosts named in their documents"
	check on-cells "chromium: web1's and rh2's open telnet are 'OPEN!' cells, web2's bind9 an open drift cell"
	check on-script "chromium: the page's script ran to its end (body data-script, the filter box), no error in the console"
	check view-filter "chromium: #filter=web2 leaves web2's row alone shown"
	check view-sort "chromium: #sort=host sorts the matrix by host name (the header data-dir=asc)"
	check off "chromium, scripts off: the totals and every row are in the page itself, no filter box"
	check shot "chromium: a screenshot of the page (1200x760 PNG)"
	if [ -n "${REPORT_SCREENSHOT:-}" ]; then # to update the README's: REPORT_SCREENSHOT=$PWD/doc/report.png
		cp "$SCRATCH/report.png" "$REPORT_SCREENSHOT"
	fi
fi

# shellcheck disable=SC2086
run "report csv" 0 $DEAFEN --format csv report $files
printf '%s\n' "$out" > "$SCRATCH/page.csv"
{
	[ "$(head -n 1 "$SCRATCH/page.csv")" = "host,service,kind,state,verdict,ports" ] &&
		[ "$(($(wc -l < "$SCRATCH/page.csv") - 1))" = "$n_rows" ] &&
		pass "report --format csv: the header and one row per service ($n_rows)" ||
		fail "report csv rows" "$(head -n 3 "$SCRATCH/page.csv"; wc -l < "$SCRATCH/page.csv")"
	grep -qx 'web1,telnet,inetd,enabled,dangerous,23/tcp' "$SCRATCH/page.csv" &&
		grep -q '^db<1>,' "$SCRATCH/page.csv" &&
		pass "report --format csv: web1's telnet row" || fail "report csv telnet" "$(head "$SCRATCH/page.csv")"
}

# shellcheck disable=SC2086
run "report json" 0 $DEAFEN --format json report $files
printf '%s\n' "$out" > "$SCRATCH/report.json"
{
	$PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
assert [t["hosts"], t["services_open"], t["dangerous_open"], t["services_closed"], t["in_drift"]] == [int(x) for x in sys.argv[2:7]], t
assert sum(len(h["services"]) for h in d["hosts"]) == int(sys.argv[7])
w2 = [h for h in d["hosts"] if h["host"] == "web2"][0]
assert [x["name"] for x in w2["drift"]] == ["bind9"], w2["drift"]
' "$SCRATCH/report.json" "$n_hosts" "$n_open" "$n_dang" "$n_closed" "$n_drift" "$n_rows" 2> "$SCRATCH/jerr" &&
		pass "report --format json: the same totals, services and drift" ||
		fail "report json totals" "$(cat "$SCRATCH/jerr")"
	if $PY -c 'import jsonschema' 2> /dev/null; then
		printf 'report\treport\tvalues\t%s\t-\t0\t0\t-\n' "$SCRATCH/report.json" > "$SCRATCH/manifest"
		$PY "$TOP/tests/e2e/schema_check.py" "$TOP/schema" "$SCRATCH/manifest" "$SCRATCH/results" --some &&
			grep -qx 'pass	report' "$SCRATCH/results" &&
			pass "report --format json: valid against schema/report.schema.json" ||
			fail "report json schema" "$(cat "$SCRATCH/results")"
	else
		skip "report json schema: needs python3-jsonschema (sh tests/deps.sh installs it)"
	fi
}

# A fleet of 2,000 hosts made of these documents (bench/gen-fleet.py, as
# bench/report.sh makes 10,000): the page streamed, its memory a few KB a
# host (the whole tree of the page was 226 MB at 2,000). Its memory is not
# measured under valgrind or ASan, whose own memory it would be.
T=$SCRATCH/templates
mkdir -p "$T"
cp "$F/web1.list.json" "$T/debian.asis.list.json"
cp "$F/web1.verify.json" "$T/debian.asis.verify.json"
cp "$F/web2.list.json" "$T/debian.applied.list.json"
cp "$F/web2.verify.json" "$T/debian.applied.verify.json"
cp "$F/web2.backups.json" "$T/debian.applied.backups.json"
cp "$F/rh2.list.json" "$T/redhat.asis.list.json"
cp "$F/rh2.verify.json" "$T/redhat.asis.verify.json"
cp "$F/rh1.list.json" "$T/redhat.applied.list.json"
cp "$F/rh1.verify.json" "$T/redhat.applied.verify.json"
cp "$F/sd1.list.json" "$T/systemd.asis.list.json"
cp "$F/sd1.verify.json" "$T/systemd.asis.verify.json"
$PY "$TOP/bench/gen-fleet.py" "$T" "$SCRATCH/big" 2000
# shellcheck disable=SC2086 # $DEAFEN: valgrind and its options, or one word
$PY - "$SCRATCH/big" $DEAFEN > "$SCRATCH/big.out" 2>&1 << 'EOT'
import glob, resource, subprocess, sys
files = sorted(glob.glob(sys.argv[1] + "/*.json"))
with open(sys.argv[1] + ".html", "wb") as out:
    rc = subprocess.run(sys.argv[2:] + ["report"] + files, stdout=out).returncode
page = open(sys.argv[1] + ".html", encoding="utf-8").read()
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, page.count('<th><a href="#host-'),
      page.count('class="host"'))
EOT
read -r big_rc big_mb big_rows big_hosts < "$SCRATCH/big.out"
if [ -n "${VALGRIND:-}" ] || ldd "${DEAFEN##* }" 2> /dev/null | grep -q libasan; then
	big_limit=100000 big_say="its memory not measured (valgrind or ASan)"
else
	big_limit=64 big_say="in $big_mb MB (under 64)"
fi
[ "$big_rc" = 0 ] && [ "$big_rows" = 2000 ] && [ "$big_hosts" = 2000 ] && [ "$big_mb" -lt "$big_limit" ] &&
	pass "report of 2,000 hosts: one row and one section each, $big_say" ||
	fail "report of 2,000 hosts: exit, MB, rows, sections" "$(cat "$SCRATCH/big.out")"

# what is no JSON of deafen's: an error that names the file
head -c 200 "$F/web1.list.json" > "$F/cut.json"
run "report cut" 3 $DEAFEN report "$F/web1.list.json" "$F/cut.json" &&
	printf '%s\n' "$err" | grep -q "^deafen: $F/cut.json:[0-9]*:[0-9]*: " && [ -z "$out" ] &&
	pass "report: a cut JSON file is exit 3, named with its line and column, nothing on stdout" ||
	fail "report cut: message" "$err"
printf '{"format_version": 1, "hosts": []}\n' > "$F/other.json"
run "report other" 3 $DEAFEN report "$F/other.json" &&
	printf '%s\n' "$err" | grep -q "^deafen: $F/other.json: not a document of deafen list, scan" &&
	pass "report: a JSON document that is none of deafen's is exit 3, naming the file" ||
	fail "report other: message" "$err"
printf '{"format_version": 1, "services": [{"kind": "inetd"}]}\n' > "$F/noname.json"
run "report noname" 3 $DEAFEN report "$F/noname.json" &&
	printf '%s\n' "$err" | grep -q "^deafen: $F/noname.json: services\[0\] is no object with a \"name\" string" &&
	pass "report: a service without a name is exit 3, naming the file and the item" ||
	fail "report noname: message" "$err"
run "report missing" 1 $DEAFEN report "$F/nothere.json" &&
	printf '%s\n' "$err" | grep -q "^deafen: $F/nothere.json: No such file" &&
	pass "report: a missing file is exit 1, named" || fail "report missing: message" "$err"
run "report none" 2 $DEAFEN report && printf '%s\n' "$err" | grep -q "^deafen: report needs FILE arguments" &&
	pass "report without a FILE is a usage error (exit 2)" || fail "report none: message" "$err"
run "report xml" 2 $DEAFEN --format xml report "$F/web1.list.json" &&
	printf '%s\n' "$err" | grep -q "^deafen: report takes no --format xml" &&
	pass "report takes no --format xml (exit 2)" || fail "report xml: message" "$err"
run "list csv" 2 $DEAFEN --root "$web1" --format csv list &&
	printf '%s\n' "$err" | grep -q "^deafen: list takes no --format csv" &&
	pass "list takes no --format csv (exit 2)" || fail "list csv: message" "$err"

finish
