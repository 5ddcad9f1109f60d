#!/bin/sh
# attack.sh - the code of #17 and #19 tried as an attacker would (#15's rule:
# everything under --root, a backup and a host document is hostile): rollback
# --only on hostile current files and forged backups, forged journals, verify
# on hostile rc and .wants directories, enable on another root, and report on
# hostile host documents. Each check is named for its attack; none may write
# outside the root, hang, crash, or lose a byte.
. "$(dirname "$0")/lib.sh"

dea() { $DEAFEN --root "$r" --backup-dir "$r.bk" "$@"; }
# a slow machine or valgrind: the limit of a run that must not hang
limit=20
[ -n "${VALGRIND:-}" ] && limit=120
# esc_free FILE: no raw ESC, BEL or CR byte in FILE (terminal output is escaped)
esc_free() { ! LC_ALL=C grep -q "$(printf '[\033\007\r]')" "$1"; }

# --- rollback --only on a hostile current file -----------------------------

# fresh: a debian root with telnet and finger disabled by one backup $A
fresh() {
	r=$(copy_root debian)
	dea -q apply --disable telnet,finger --no-reload > /dev/null 2>&1 || fail "setup: apply telnet,finger"
	A=$(ls "$r.bk")
}
# want_telnet_back: a copy of $r's inetd.conf with telnet's line as in the fixture
want_telnet_back() {
	sed 's/^#<off># telnet\t/telnet\t/' "$r/etc/inetd.conf" > "$SCRATCH/want"
}

# a NUL byte in another line of the current file: not a change of telnet's line
fresh
printf 'foo\000bar\tstream\ttcp\tnowait\troot\t/x\n' >> "$r/etc/inetd.conf"
want_telnet_back
if run "NUL in the current file" 0 dea rollback "$A" --only telnet --no-reload; then
	cmp -s "$SCRATCH/want" "$r/etc/inetd.conf" &&
		pass "rollback --only, a NUL byte in another line of inetd.conf: telnet back, every other byte kept" ||
		fail "NUL in the current file: bytes" "$(cmp "$SCRATCH/want" "$r/etc/inetd.conf")"
fi

# a forged backup whose copies hold a NUL byte (apply refuses such a file; a forger does not)
fresh
for f in "$r.bk/$A/old/etc/inetd.conf" "$r.bk/$A/new/etc/inetd.conf" "$r/etc/inetd.conf"; do
	printf 'nul\000x\tstream\ttcp\tnowait\troot\t/x\n' >> "$f"
done
want_telnet_back
if run "NUL in the backup" 0 dea rollback "$A" --only telnet --no-reload; then
	cmp -s "$SCRATCH/want" "$r/etc/inetd.conf" &&
		pass "rollback --only, a NUL byte in the backup's copies and the file: telnet back, every other byte kept" ||
		fail "NUL in the backup: bytes" "$(cmp "$SCRATCH/want" "$r/etc/inetd.conf")"
fi

# CRLF line ends and a 1 MB line: kept as they are
fresh
printf 'crlf\tstream\ttcp\tnowait\troot\t/x\r\n' >> "$r/etc/inetd.conf"
head -c 1048576 /dev/zero | tr '\0' x >> "$r/etc/inetd.conf"
printf '\n' >> "$r/etc/inetd.conf"
want_telnet_back
if run "CRLF and a 1 MB line" 0 dea rollback "$A" --only telnet --no-reload; then
	cmp -s "$SCRATCH/want" "$r/etc/inetd.conf" &&
		pass "rollback --only, a CRLF line and a 1 MB line in inetd.conf: kept, byte for byte" ||
		fail "CRLF and a 1 MB line: bytes" "$(cmp "$SCRATCH/want" "$r/etc/inetd.conf")"
fi

# the current file swapped for a link out of the root, or a FIFO: refused even with --force
for what in link fifo; do
	fresh
	printf 'outside\n' > "$SCRATCH/outside"
	rm "$r/etc/inetd.conf"
	if [ $what = link ]; then ln -s "$SCRATCH/outside" "$r/etc/inetd.conf"; else mkfifo "$r/etc/inetd.conf"; fi
	before=$(listing "$r")
	timeout $limit $DEAFEN --root "$r" --backup-dir "$r.bk" rollback "$A" --only telnet --force --no-reload \
		> "$SCRATCH/out" 2> "$SCRATCH/err"
	status=$?
	if [ $status -ne 0 ] && [ $status -ne 124 ] && grep -q 'etc/inetd.conf' "$SCRATCH/err" &&
		[ "$(cat "$SCRATCH/outside")" = outside ]; then
		pass "rollback --only --force, inetd.conf a $what: refused (exit $status), naming the file"
	else
		fail "rollback --only --force, inetd.conf a $what: exit $status" "$(cat "$SCRATCH/out" "$SCRATCH/err")"
	fi
	same_listing "$r" "$before" "rollback --only --force, inetd.conf a $what: the root unchanged"
done

# a forged backup: 60,000 changed lines in an xinetd file's copies (no service
# line among them), and in inetd.conf's (no '/' in them)
for kind in xinetd inetd; do
	r=$(copy_root debian)
	if [ $kind = xinetd ]; then svc=swat f=etc/xinetd.d/swat; else svc=telnet f=etc/inetd.conf; fi
	dea -q apply --disable $svc --no-reload > /dev/null 2>&1
	A=$(ls "$r.bk")
	python3 - "$r.bk/$A" $f << 'EOT'
import sys
for side, c in (("old", "a"), ("new", "b")):
    with open(sys.argv[1] + "/" + side + "/" + sys.argv[2], "w") as f:
        if "xinetd" in sys.argv[2]:
            f.write("service swat\n{\n" + "".join(f"{c}{i} = 1\n" for i in range(60000)) + "}\n")
        else:
            f.write("".join(f"{c}{i} stream tcp nowait root x\n" for i in range(60000)))
EOT
	timeout $limit $DEAFEN --root "$r" --backup-dir "$r.bk" rollback "$A" --only nothere --no-reload > "$SCRATCH/out" 2> "$SCRATCH/err"
	status=$?
	[ $status -eq 2 ] && grep -q "nothing of nothere" "$SCRATCH/err" &&
		pass "rollback --only on a forged backup of 60,000 changed lines in $f: answered in time (linear)" ||
		fail "forged backup of 60,000 lines in $f: exit $status (124: timed out)" "$(cat "$SCRATCH/err")"
done

# service names that are paths, globs or regular expressions: nothing matched by them
fresh
before=$(listing "$r")
for name in '../../etc/passwd' '*' 'tel.*' '[t]elnet' '#<off>#' ''; do
	dea rollback "$A" --only "$name" --no-reload > "$SCRATCH/out" 2> "$SCRATCH/err"
	status=$?
	[ $status -eq 2 ] || fail "rollback --only '$name': exit $status, expected 2" "$(cat "$SCRATCH/err")"
done
same_listing "$r" "$before" "rollback --only with a path, a glob, a regex or nothing for a name: usage errors, the root unchanged"

# a .wants directory swapped for a link out of the root just before rollback --only writes in it
r=$(copy_root systemd)
dea -q apply --disable cups --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
wants=$(cd "$r" && find etc/systemd/system -name '*.wants' -type d | head -n 1)
[ -d "$r/$wants" ] || fail "setup: no .wants directory in the systemd fixture"
mkdir "$SCRATCH/wout"
env DEAFEN_PAUSE_BEFORE=.wants $DEAFEN --root "$r" --backup-dir "$r.bk" rollback "$A" --only cups --no-reload \
	> "$SCRATCH/out" 2> "$SCRATCH/err" &
pid=$!
i=0
while [ $i -lt $((limit * 20)) ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2> /dev/null)" != T ] && kill -0 $pid 2> /dev/null; do
	sleep 0.05
	i=$((i + 1))
done
if [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2> /dev/null)" = T ]; then
	for w in $(cd "$r" && find etc/systemd/system -name '*.wants' -type d); do
		mkdir -p "$SCRATCH/wout/$w" && cp -a "$r/$w/." "$SCRATCH/wout/$w/" && rm -rf "${r:?}/$w" && ln -s "$SCRATCH/wout/$w" "$r/$w"
	done
	before_out=$(listing "$SCRATCH/wout")
	kill -CONT $pid
	wait $pid
	status=$?
	[ "$(listing "$SCRATCH/wout")" = "$before_out" ] && [ $status -ne 0 ] &&
		pass "rollback --only cups, its .wants directory swapped for a link out of the root mid-run: refused (exit $status), nothing written outside" ||
		fail "rollback --only, .wants swapped: exit $status" "$(cat "$SCRATCH/err"; listing "$SCRATCH/wout")"
else
	kill -KILL $pid 2> /dev/null
	wait $pid
	fail "rollback --only cups did not stop before a write in a .wants directory (DEAFEN_PAUSE_BEFORE)" "$(cat "$SCRATCH/err")"
fi

# --- a forged journal --------------------------------------------------------

r=$(copy_root debian)
dea -q apply --disable telnet --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
printf 'overridden\t\033]0;pwned\007\033[2J\noverridden\t99991231T235959.999999Z\n' >> "$r.bk/$A/journal"
if run "forged overridden" 0 dea backups; then
	printf '%s\n' "$out" > "$SCRATCH/b"
	grep -q "$A.*complete" "$SCRATCH/b" && esc_free "$SCRATCH/b" &&
		pass "backups, a journal forged 'overridden' by escape codes or a newer id: complete, not overridden" ||
		fail "forged overridden" "$out"
fi
r=$(copy_root debian)
dea -q apply --disable telnet --no-reload > /dev/null 2>&1
A=$(ls "$r.bk")
printf 'only\t\033[2J\033]0;x\007\n' >> "$r.bk/$A/journal"
run "forged only" 0 dea rollback --no-reload && same_listing "$r" "$(listing "$(copy_root debian)")" \
	"rollback, a journal forged 'only' with escape codes: not blocked behind a name no one can type, the root as before"

# --- verify on hostile rc and .wants directories -----------------------------

# init scripts named with escape codes, a newline and bytes not UTF-8, started in rc3.d and rc5.d
r=$(copy_root debian)
for n in "$(printf 'e\033[2J\033]0;x\007vil')" "$(printf 'n\nl\r')" "$(printf 'b\377\376d')"; do
	cp "$r/etc/init.d/exim4" "$r/etc/init.d/$n"
	ln -s "../init.d/$n" "$r/etc/rc3.d/S20$n"
	ln -s "../init.d/$n" "$r/etc/rc5.d/S20$n"
done
dea -v verify --disable exim4 > "$SCRATCH/v" 2>&1
status=$?
[ $status -eq 4 ] && esc_free "$SCRATCH/v" && grep -q 'x1B' "$SCRATCH/v" &&
	pass "verify -v, init scripts and rc links named with escape codes, a newline, bytes not UTF-8: shown escaped (exit $status)" ||
	fail "verify -v, hostile link names: exit $status" "$(cat -v "$SCRATCH/v" | tail -n 20)"
dea --format json verify --disable exim4 > "$SCRATCH/vj" 2> /dev/null
python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$SCRATCH/vj" 2> "$SCRATCH/py" &&
	pass "verify --format json, the same names: valid UTF-8 JSON" || fail "verify json, hostile names" "$(cat "$SCRATCH/py")"

# rc3.d a link out of the root; a .wants directory a loop
r=$(copy_root debian)
mv "$r/etc/rc3.d" "$SCRATCH/rc3.out"
ln -s ../../rc3.out "$r/etc/rc3.d"
run "rc3.d out" 3 dea verify --disable exim4 && printf '%s' "$err" | grep -q 'rc3.d' &&
	pass "verify, etc/rc3.d a link out of the root: refused (exit 3), naming it"
r=$(copy_root systemd)
ln -s . "$r/etc/systemd/system/loop.target.wants"
ln -s loop.target.wants "$r/etc/systemd/system/multi-user.target.wants/x.wants"
timeout $limit $DEAFEN --root "$r" verify --disable cups > "$SCRATCH/out" 2> "$SCRATCH/err"
status=$?
[ $status -ne 124 ] && [ $status -lt 5 ] &&
	pass "verify, a .wants directory that is a loop: answered (exit $status)" ||
	fail "verify, a .wants loop: exit $status" "$(cat "$SCRATCH/err")"

# thousands of start links
r=$(copy_root debian)
for i in $(seq 1 4000); do ln -s ../init.d/exim4 "$r/etc/rc3.d/S99x$i"; done
timeout $limit $DEAFEN --root "$r" verify --disable exim4 > "$SCRATCH/out" 2> "$SCRATCH/err"
status=$?
[ $status -ne 124 ] && [ $status -lt 5 ] &&
	pass "verify, 4,000 start links in rc3.d: answered in time (exit $status)" ||
	fail "verify, 4,000 links: exit $status" "$(head -n 5 "$SCRATCH/err")"

# --- enable on another root starts nothing -----------------------------------

# the root's init script would leave a mark if anything ran it
r=$(copy_root debian)
dea -q apply --disable exim4,telnet --no-reload > /dev/null 2>&1
sed -i "2i touch '$SCRATCH/ran'; exit 0" "$r/etc/init.d/exim4"
if run "enable on a copy" 0 dea enable exim4,telnet; then
	[ ! -e "$SCRATCH/ran" ] && printf '%s\n' "$out" | grep -q 'exim4.*belongs to the root' &&
		pass "enable (no --no-start) on a root that is not /: its init script not run, said so" ||
		fail "enable on a root that is not /" "$out"
fi
bad=0
for name in '../init.d/exim4' '*' 'exim.*'; do
	run "plan --enable '$name'" 2 dea plan --enable "$name" || bad=1
done
[ $bad = 0 ] && pass "plan --enable with a path, a glob or a regex: usage errors"

# --- the command line ---------------------------------------------------------

r=$(copy_root debian)
run "-- list" 0 $DEAFEN --root "$r" -- list && pass "deafen -- list: the words after '--' taken once (getopt went back to them: a heap overflow)"
run "list -- x" 2 $DEAFEN --root "$r" list -- x && printf '%s' "$err" | grep -q "unexpected argument 'x'" &&
	pass "deafen list -- x: x an argument, refused"

# --- report on hostile host documents ---------------------------------------

r=$(copy_root debian)
$DEAFEN --root "$r" --format json list > "$SCRATCH/list.json"
python3 - "$SCRATCH" << 'EOT'
import json, sys
d = sys.argv[1]
base = json.load(open(d + "/list.json"))
def doc(name, **kw):
    x = json.loads(json.dumps(base)); x.update(kw); return x
inj = doc("inj", host="h</script><script>alert(1)</script><!--")
inj["services"][0]["name"] = "x</script><!--<script>"
inj["services"][0]["program"] = "p</style><b>]]>"
json.dump(inj, open(d + "/inj.json", "w"))
json.dump(doc("ok", host="plain"), open(d + "/plain.json", "w"))
json.dump(doc("big", host="A" * 2000000), open(d + "/big.json", "w"))
big = doc("bigsvc", host="s"); big["services"][0]["name"] = "S" * 2000000
json.dump(big, open(d + "/bigsvc.json", "w"))
port = doc("port", host="port")
port["services"][0]["ports"] = [{"port": 1.5e300, "proto": "tcp", "address": None},
                                {"port": -7, "proto": "udp", "address": None},
                                {"port": 70000.5, "proto": "tcp", "address": None}]
open(d + "/port.json", "w").write(json.dumps(port).replace("1.5e+300", "1e999999"))
open(d + "/deep.json", "w").write("[" * 100000)
open(d + "/dup.json", "w").write('{"format_version": 1, "host": "a", "host": "b", "services": []}')
open(d + "/utf8.json", "wb").write(b'{"format_version": 1, "host": "\xff\xc0\x80", "services": []}')
EOT
if run "report, injected names" 0 $DEAFEN report "$SCRATCH/plain.json" "$SCRATCH/inj.json"; then
	printf '%s\n' "$out" > "$SCRATCH/inj.html"
	$DEAFEN report "$SCRATCH/plain.json" > "$SCRATCH/plain.html"
	# the page's own script and style, as in a page of plain names; one of each
	python3 - "$SCRATCH/inj.html" "$SCRATCH/plain.html" > "$SCRATCH/py" 2>&1 << 'EOT'
import re, sys
pages = [open(p).read() for p in sys.argv[1:]]
def parts(t, tag): return re.findall(r"<%s\b[^>]*>(.*?)</%s>" % (tag, tag), t, re.S | re.I)
for tag in ("script", "style"):
    a, b = parts(pages[0], tag), parts(pages[1], tag)
    assert len(a) == 1 and a == b, (tag, len(a), len(b))
    assert pages[0].lower().count("<" + tag) == 1, tag
assert "<!--" not in pages[0] and "alert(1)</script>" not in pages[0]
EOT
	[ $? -eq 0 ] && xmllint --html --noout "$SCRATCH/inj.html" 2> /dev/null &&
		pass "report, '</script>', '<!--' and '</style>' in host and service names: the page's script and markup intact" ||
		fail "report, injected names" "$(cat "$SCRATCH/py")"
fi
for f in big bigsvc; do
	run "report, a 2 MB name ($f)" 3 $DEAFEN report "$SCRATCH/$f.json" &&
		printf '%s' "$err" | grep -q "$f.json.*longer than" &&
		pass "report, a 2 MB name in $f.json (repeated in every cell): refused, naming the file"
done
if run "report, hostile ports" 0 $DEAFEN report "$SCRATCH/port.json"; then
	printf '%s' "$out" | grep -Eq -- '-[0-9]+/(tcp|udp)|9223372036854775808|70000' &&
		fail "report, ports 1e999999, -7 and 70000.5: shown" "$(printf '%s' "$out" | grep -Eo -- '-?[0-9]+/(tcp|udp)' | sort -u)" ||
		pass "report, ports 1e999999, -7 and 70000.5: not shown as ports"
fi
for f in deep dup utf8; do
	timeout $limit $DEAFEN report "$SCRATCH/$f.json" > /dev/null 2> "$SCRATCH/err"
	status=$?
	[ $status -eq 3 ] && grep -q "$f.json:1:[0-9]" "$SCRATCH/err" &&
		pass "report, a host document $f: refused (exit 3) with its line and column" ||
		fail "report, $f: exit $status" "$(cat "$SCRATCH/err")"
done

finish
