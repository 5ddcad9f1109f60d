#!/bin/sh
# run.sh - end-to-end tests of deafen on copies of the fixture roots
. "$(dirname "$0")/lib.sh"
EXP=$TOP/tests/e2e/expected

# plan FIXTURE EXPECTED.diff ARGS...: the diff is the hand-written one, the
# root is unchanged to the byte, and git apply of the diff leaves nothing to do.
check_plan() {
	fixture=$1 expected=$2
	shift 2
	root=$(copy_root "$fixture")
	before=$(listing "$root")
	if run "plan $expected" 0 $DEAFEN --root "$root" --color never plan "$@"; then
		if printf '%s\n' "$out" | diff -u "$EXP/$expected" - > "$SCRATCH/d"; then
			pass "plan $expected: diff as written by hand"
		else
			fail "plan $expected: diff differs from $EXP/$expected" "$(cat "$SCRATCH/d")"
		fi
	fi
	same_listing "$root" "$before" "plan $expected: root unchanged, no temp or .augnew file"
	# git apply in a copy reproduces the plan; then the same plan has nothing to do
	cp "$SCRATCH/out" "$SCRATCH/plan.diff"
	if (cd "$root" && git apply "$SCRATCH/plan.diff") 2> "$SCRATCH/gerr"; then
		if run "replan $expected" 0 $DEAFEN --root "$root" plan "$@" && [ -z "$out" ] &&
		   printf '%s' "$err" | grep -q 'nothing to do'; then
			pass "plan $expected: git apply reproduces it; planning again: nothing to do"
		else
			fail "plan $expected: after git apply, plan still changes" "$out"
		fi
	else
		fail "plan $expected: git apply failed" "$(cat "$SCRATCH/gerr")"
	fi
	# patch -p1 applies the file hunks (patch refuses symlinks: those are git's);
	# the result equals git apply's
	file_hunks "$SCRATCH/plan.diff" > "$SCRATCH/files.diff"
	root2=$(copy_root "$fixture")
	if [ ! -s "$SCRATCH/files.diff" ]; then
		pass "plan $expected: no file hunks for patch -p1"
	elif (cd "$root2" && patch -p1 -s -f < "$SCRATCH/files.diff" > "$SCRATCH/perr" 2>&1); then
		bad=""
		for f in $(sed -n 's/^+++ b\///p' "$SCRATCH/files.diff"); do
			cmp -s "$root/$f" "$root2/$f" || bad="$bad $f"
		done
		[ -z "$bad" ] && pass "plan $expected: patch -p1 applies the file hunks, same result as git apply" ||
			fail "plan $expected: patch -p1 and git apply differ on$bad"
	else
		fail "plan $expected: patch -p1 failed" "$(cat "$SCRATCH/perr")"
	fi
}

check_plan bigcat bigcat-keep.diff --keep ssh,x11,printer,netbios-ssn
check_plan debian debian-keep-ssh.diff --keep ssh
check_plan debian debian-disable.diff --disable telnet,echo-stream,swat,rpcbind
check_plan redhat redhat-disable.diff --disable telnet,rsh,httpd,rsync,sshd
check_plan debian debian-legacy.diff --style debian-legacy --disable ssh,rpcbind

# --keep never touches what serves no network
root=$(copy_root bigcat)
if run "keep boot scripts" 0 $DEAFEN --root "$root" plan --keep ssh; then
	if printf '%s\n' "$out" | grep -E '(crond|syslog|network|keytable|inet)$'; then
		fail "plan --keep touched a script that serves no network (or the super-server)"
	else
		pass "plan --keep leaves crond, syslog, network, keytable and inet alone"
	fi
	printf '%s\n' "$err" | grep -q 'style redhat' && pass "style auto picks redhat on bigcat" ||
		fail "style auto on bigcat" "$err"
fi
root=$(copy_root debian)
run "style debian" 0 $DEAFEN --root "$root" plan --disable ssh &&
	{ printf '%s\n' "$err" | grep -q 'style debian)' && pass "style auto picks debian on a Debian root" ||
		fail "style auto on debian" "$err"; }

# list: every listener of the seed's netstat has its entry, with where and ports
root=$(copy_root bigcat)
if run "list bigcat" 0 $DEAFEN --root "$root" list; then
	for want in 'exec +inetd +enabled +512/tcp +etc/inetd.conf:[0-9]+' \
		'login +inetd +enabled +513/tcp' 'shell +inetd +enabled +514/tcp' \
		'printer +inetd +enabled +515/tcp' 'time +inetd +enabled +37/tcp' \
		'telnet +inetd +enabled +23/tcp' 'finger +inetd +enabled +79/tcp' \
		'ftp +inetd +enabled +21/tcp' 'xdm +sysv +enabled +6000/tcp[^ ]* +etc/rc.d/init.d/xdm' \
		'httpd +sysv +enabled +80/tcp' 'named +sysv +enabled +53/tcp,53/udp' \
		'sshd +sysv +enabled +22/tcp +etc' 'crond +sysv +enabled +- +.*no network known' \
		'inet +sysv +enabled +- +.*super-server' 'identd +sysv +enabled +113/tcp' \
		'portmap +sysv +enabled +111/tcp' 'sendmail +sysv +enabled +25/tcp' \
		'nfs +sysv +enabled' 'smb +sysv +enabled +139/tcp'; do
		# the VERDICT column stands between STATE and PORTS
		want=$(printf '%s' "$want" | sed 's/+enabled +/+enabled +[a-z-]+ +/')
		printf '%s\n' "$out" | grep -Eq "^$want" || fail "list bigcat: no line like '$want'" "$out"
	done
	pass "list bigcat: every listener of the seed's netstat output is found"
	# the line number points at the entry
	line=$(printf '%s\n' "$out" | sed -n 's/^telnet .*etc\/inetd.conf:\([0-9]*\).*/\1/p')
	sed -n "${line}p" "$root/etc/inetd.conf" | grep -q '^telnet' &&
		pass "list: etc/inetd.conf:$line is the telnet line" ||
		fail "list: etc/inetd.conf:$line is not the telnet line"
fi
root=$(copy_root debian)
if run "list debian" 0 $DEAFEN --root "$root" list; then
	printf '%s\n' "$out" | grep -Eq '^talk +inetd +disabled' &&
		pass "list: a #<off># line is a disabled inetd service" || fail "list: talk not disabled" "$out"
	printf '%s\n' "$out" | grep -q 'telnet.dpkg-old\|rsync~' &&
		fail "list: files xinetd ignores were read" "$out" ||
		pass "list: xinetd.d names with '.' or '~' are skipped, as xinetd does"
	printf '%s\n' "$out" | grep -Eq '^echo +xinetd +enabled .*id=echo-stream' &&
	printf '%s\n' "$out" | grep -Eq '^echo +xinetd +disabled .*id=echo-dgram' &&
		pass "list: both blocks of xinetd.d/echo, each with its own state" ||
		fail "list: echo blocks" "$out"
fi
if run "list json" 0 $DEAFEN --root "$root" --format json list; then
	printf '%s\n' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(s["name"]=="telnet" and s["kind"]=="inetd" and s["enabled"] for s in d["services"])' &&
		pass "list --format json parses and holds telnet" || fail "list json" "$out"
fi

# the seed's verdicts: keep (by policy), dangerous, disable, unrecognized
root=$(copy_root bigcat)
printf 'frobd\tstream\ttcp\tnowait\troot\t/usr/sbin/frobd\tfrobd\n' >> "$root/etc/inetd.conf"
if run "verdicts" 0 $DEAFEN --root "$root" list --keep ssh,x11,printer,netbios-ssn; then
	ok=1
	for want in 'printer +inetd +enabled +keep ' 'telnet +inetd +enabled +dangerous ' \
		'shell +inetd +enabled +dangerous ' 'httpd +sysv +enabled +disable ' \
		'sshd +sysv +enabled +keep ' 'crond +sysv +enabled +- ' 'frobd +inetd +enabled +unrecognized '; do
		printf '%s\n' "$out" | grep -Eq "^$want" || { ok=0; fail "verdicts: no line like '$want'" "$out"; }
	done
	[ $ok = 1 ] && pass "list shows the seed's verdict: keep, dangerous, disable, unrecognized"
	printf '%s\n' "$out" | grep -q '^frobd' && $DEAFEN --root "$root" plan --keep ssh 2> /dev/null |
		grep -q '^+#<off># frobd' && pass "an unrecognized service goes under --keep, as the seed says" ||
		fail "unrecognized not disabled"
fi

# reports: every command that takes --format json gives JSON a real parser reads;
# list --format xml is well-formed XML holding the services and the tree
root=$(copy_root bigcat)
ok=1
for cmd in "list" "list --keep ssh" "scan" "plan --keep ssh" "verify --keep ssh" "apply --disable telnet" \
	"backups" "rollback" "harden --yes --disable finger"; do
	$DEAFEN --root "$root" --format json $cmd > "$SCRATCH/j" 2> /dev/null
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$SCRATCH/j" 2> "$SCRATCH/jerr" ||
		{ ok=0; fail "--format json $cmd: not JSON" "$(cat "$SCRATCH/jerr")"; }
done
[ $ok = 1 ] && pass "--format json: scan, list, plan, verify, apply, backups, rollback, harden all parse"
$DEAFEN --root "$root" --format json apply --disable shell 2> /dev/null |
	python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["disabled"][0]["name"]=="shell" and d["backup"] and any("backup" in l for l in d["log"])' &&
	pass "apply --format json: the backup id, what was disabled, and the report's lines" || fail "apply json"
$DEAFEN --root "$root" plan --keep ssh 2> /dev/null > "$SCRATCH/text.diff"
$DEAFEN --root "$root" --format json plan --keep ssh 2> /dev/null |
	python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["diff"])' | cmp -s - "$SCRATCH/text.diff" &&
	pass "plan --format json carries the same diff as the text plan" || fail "plan json diff differs"
if command -v xmllint > /dev/null; then
	$DEAFEN --root "$root" --format xml list > "$SCRATCH/x.xml" 2> /dev/null
	xmllint --noout "$SCRATCH/x.xml" &&
	[ "$(xmllint --xpath 'string(//services/service[name="telnet"]/verdict)' "$SCRATCH/x.xml")" = dangerous ] &&
	[ -n "$(xmllint --xpath '//tree//node[@label="inetd.conf"]/node[@label="service"]' "$SCRATCH/x.xml" 2> /dev/null)" ] &&
		pass "list --format xml: well-formed (xmllint), services with verdicts, the Augeas tree" ||
		fail "list xml" "$(head -c 2000 "$SCRATCH/x.xml")"
	# bytes XML cannot carry, from the root's files and names: U+FFFD, and the bytes in hex
	r2=$(copy_root debian)
	printf 'service odd\n{\n\tdisable = no\n\tserver = /bin/true\n}\n' > "$r2/etc/xinetd.d/od$(printf '\001')d"
	printf '# caf\351\n' >> "$r2/etc/inetd.conf"
	$DEAFEN --root "$r2" --format xml list > "$SCRATCH/x2.xml" 2> /dev/null
	xmllint --noout "$SCRATCH/x2.xml" 2> "$SCRATCH/xerr" &&
	[ "$(xmllint --xpath 'string(//services/service[name="odd"]/where/file_hex)' "$SCRATCH/x2.xml")" = 6574632f78696e6574642e642f6f640164 ] &&
	grep -q "<value>caf$(printf '\357\277\275')</value>" "$SCRATCH/x2.xml" &&
	grep -q '<value_hex>636166e9</value_hex>' "$SCRATCH/x2.xml" &&
		pass "list --format xml: a control byte in a name and a Latin-1 comment come out as U+FFFD with their bytes in hex, well-formed" ||
		fail "list xml with bytes XML cannot carry" "$(cat "$SCRATCH/xerr"; grep -a -n 'odd\|caf' "$SCRATCH/x2.xml")"
else
	fail "xmllint is not installed (libxml2-utils)"
fi
# a name from the root cannot drive the terminal: control bytes come out \xHH
r3=$(copy_root debian)
esc=$(printf '\033')
printf 'service odd\n{\n\tdisable = no\n\tserver = /bin/true\n}\n' > "$r3/etc/xinetd.d/od${esc}[2Jd"
$DEAFEN --root "$r3" list > "$SCRATCH/t.out" 2>&1
$DEAFEN --root "$r3" plan --disable odd 2>> "$SCRATCH/t.out" > /dev/null
printf 'service bad\n{\n\tdisable no\n}\n' > "$r3/etc/xinetd.d/b${esc}ad"
$DEAFEN --root "$r3" list >> "$SCRATCH/t.out" 2>&1
if ! grep -q "$esc" "$SCRATCH/t.out" && grep -q 'etc/xinetd.d/od\\x1B\[2Jd' "$SCRATCH/t.out" &&
   grep -q '^deafen: disable odd .*od\\x1B\[2Jd' "$SCRATCH/t.out" &&
   grep -q '^deafen: etc/xinetd.d/b\\x1Bad:3: ' "$SCRATCH/t.out"; then
	pass "an ESC in a file name: list, plan and the error message write it \\x1B, never the byte"
else
	fail "control bytes reach the terminal" "$(cat -v "$SCRATCH/t.out")"
fi
run "json exit code" 10 $DEAFEN --root "$root" --format json plan --exit-code --disable telnet &&
	pass "plan --format json --exit-code: 10 on changes"
run "xml plan" 0 $DEAFEN --root "$root" --format xml plan --disable telnet &&
	printf '%s\n' "$out" | xmllint --xpath 'string(/deafen/disable/service/name)' - | grep -qx telnet &&
	pass "plan --format xml: the services it disables, well-formed" || fail "plan xml" "$out"

# errors: unknown names, bad policies, files that do not parse, links out of the root
root=$(copy_root debian)
before=$(listing "$root")
run "unknown name" 2 $DEAFEN --root "$root" plan --disable telnet,frobnicate &&
	{ printf '%s\n' "$err" | grep -q "unknown service 'frobnicate'" && pass "an unknown NAME is exit 2 and named" ||
		fail "unknown name message" "$err"; }
printf 'keep ssh\ndisable\n' > "$SCRATCH/policy"
run "policy error" 2 $DEAFEN --root "$root" plan --policy "$SCRATCH/policy" &&
	{ printf '%s\n' "$err" | grep -q "policy:2: expected" && pass "a bad policy line is exit 2 with file:line" ||
		fail "policy error message" "$err"; }
printf '# comment\nkeep ssh\n\ndisable telnet   # too old\n' > "$SCRATCH/policy"
run "policy file" 0 $DEAFEN --root "$root" plan --policy "$SCRATCH/policy" &&
	{ printf '%s\n' "$out" | grep -q '^+#<off># telnet' && pass "--policy FILE works like --keep/--disable" ||
		fail "policy file" "$out"; }
run "keep and disable" 2 $DEAFEN --root "$root" plan --keep telnet --disable in.telnetd &&
	{ printf '%s' "$err" | grep -q 'both kept (by --keep telnet) and disabled (by --disable in.telnetd)' &&
		pass "a service both kept and disabled is exit 2, naming both rules" || fail "keep and disable" "$err"; }
run "no policy" 2 $DEAFEN --root "$root" plan && pass "plan without a policy is exit 2"
run "no command" 2 $DEAFEN --root "$root" && pass "no command is exit 2"
run "exit code" 10 $DEAFEN --root "$root" plan --exit-code --disable telnet && pass "plan --exit-code: 10 on changes"
run "exit code 0" 0 $DEAFEN --root "$root" plan --exit-code --disable talk &&
	{ [ -z "$out" ] && pass "plan --exit-code: 0 when the service is already disabled" ||
		fail "exit code 0: output" "$out"; }
run "options after command" 0 $DEAFEN plan --disable telnet --root "$root" --color never &&
	{ printf '%s' "$out" | grep -q '^+#<off># telnet' && pass "global options after the command" ||
		fail "options after command" "$out"; }
printf 'service broken\n{\n\tdisable = no\n\tserver = /bin/true\n' > "$root/etc/xinetd.d/broken"
before=$(listing "$root")
run "parse error" 3 $DEAFEN --root "$root" plan --disable telnet &&
	{ printf '%s\n' "$err" | grep -Eq '^deafen: etc/xinetd.d/broken:[0-9]+: ' &&
		pass "a file that does not parse: exit 3, deafen: FILE:LINE: message" || fail "parse error message" "$err"; }
[ -z "$out" ] && [ "$(listing "$root")" = "$before" ] && pass "parse error: nothing printed on stdout, nothing written" ||
	fail "parse error: output or change"
rm "$root/etc/xinetd.d/broken"
ln -s ../../../../../../../../etc/passwd "$root/etc/rc2.d/S99evil"
run "escaping link" 3 $DEAFEN --root "$root" list &&
	{ printf '%s\n' "$err" | grep -q 'etc/rc2.d/S99evil: link to .* points outside the root' &&
		pass "a link out of the root is refused, named" || fail "escaping link message" "$err"; }
rm "$root/etc/rc2.d/S99evil"
ln -s /etc "$root/etc/inetd.conf.d" && rm "$root/etc/inetd.conf" && ln -s ../../../../../../../etc/inetd.conf "$root/etc/inetd.conf"
run "escaping config link" 3 $DEAFEN --root "$root" list &&
	{ printf '%s' "$err" | grep -q 'etc/inetd.conf: a link points outside the root' &&
		pass "an inetd.conf link out of the root is refused" || fail "escaping config link" "$err"; }

# colour only when asked for or on a terminal
root=$(copy_root debian)
run "color always" 0 $DEAFEN --root "$root" --color always plan --disable ssh &&
	{ printf '%s\n' "$out" | grep -q "$(printf '\033')\[" && pass "--color always colours the diff" ||
		fail "--color always: no escape sequence" "$out"; }
run "color auto" 0 $DEAFEN --root "$root" plan --disable ssh &&
	{ printf '%s\n' "$out" | grep -q "$(printf '\033')" && fail "colour on a pipe" "$out" ||
		pass "no colour on a pipe by default"; }

run "help" 0 $DEAFEN --help &&
	{ printf '%s\n' "$out" | grep -q '^  plan POLICY' && printf '%s\n' "$out" | grep -q '^  list' &&
		pass "--help lists the commands from the table" || fail "--help" "$out"; }
root=$(copy_root debian)
run "missing lenses" 1 env DEAFEN_LENS_DIR=/nonexistent $DEAFEN --root "$root" list &&
	{ printf '%s\n' "$err" | grep -q 'lens Deafen_' && pass "missing lenses: a clear error" || fail "missing lenses" "$err"; }

# a directory of many xinetd files is rendered in groups of copies; what
# each changed file becomes must not depend on it: disabling all of 420
# files at once gives the diffs that three roots of 140 of them (each one
# group) give
mkxinetd() { # DIR FROM TO: xinetd files gFROM..gTO-1, in four layouts
	i=$2
	while [ $i -lt $3 ]; do
		n=$(printf 'g%03d' $i)
		case $((i % 4)) in
		0) printf 'service %s\n{\n  disable   =   no\n\tsocket_type = stream\n   port=%d\n}\n' $n $((20000 + i)) ;;
		1) printf '# %s\n\nservice %s\n{\n  socket_type     = stream\n  wait            = no\n\n  server          = /bin/true\n  port = %d\n}\n' $n $n $((20000 + i)) ;;
		2) printf 'service %s {\n\tserver = /bin/true\n\tport = %d\n\tdisable = no\n}\n\n' $n $((20000 + i)) ;;
		3) printf 'service %s\n{\n\tport = %d\n\tdisable = no\n}\nservice %s\n{\n\tport = %d\n\tprotocol = udp\n}\n' $n $((20000 + i)) $n $((20000 + i)) ;;
		esac > "$1/etc/xinetd.d/$n"
		i=$((i + 1))
	done
}
: > "$SCRATCH/parts"
for part in "0 140" "140 280" "280 420"; do
	root=$(copy_root redhat)
	mkxinetd "$root" $part
	$DEAFEN --root "$root" --color never plan --disable "$(cd "$root/etc/xinetd.d" && ls | grep '^g' | paste -sd, -)" \
		>> "$SCRATCH/parts" 2> /dev/null
done
root=$(copy_root redhat)
mkxinetd "$root" 0 420
run "plan of a big xinetd.d" 0 $DEAFEN --root "$root" --color never plan \
	--disable "$(cd "$root/etc/xinetd.d" && ls | grep '^g' | paste -sd, -)" &&
	{ [ "$(grep -c '^diff --git' "$SCRATCH/out")" -eq 420 ] && [ "$(grep -c '^diff --git' "$SCRATCH/parts")" -eq 420 ] &&
	  printf '%s\n' "$out" | diff - "$SCRATCH/parts" > /dev/null &&
		pass "420 xinetd files disabled at once, in render groups: as three roots of 140 give them" ||
		fail "grouped render differs" "$(printf '%s\n' "$out" | diff - "$SCRATCH/parts" | head -20)"; }

# plan --stat: the services it disables, name, kind and where, and no diff
root=$(copy_root bigcat)
before=$(listing "$root")
if run "plan --stat" 0 $DEAFEN --root "$root" plan --stat --keep ssh,x11,printer,netbios-ssn; then
	printf '%s\n' "$out" | grep -Eq '^disable telnet +inetd +etc/inetd.conf:31$' &&
	printf '%s\n' "$out" | grep -Eq '^disable httpd +sysv +etc/rc.d/init.d/httpd$' &&
	! printf '%s\n' "$out" | grep -q '^diff --git' && [ "$(printf '%s\n' "$out" | wc -l)" -eq 13 ] &&
		pass "plan --stat: one line a service (name, kind, where), no diff" || fail "plan --stat" "$out"
fi
same_listing "$root" "$before" "plan --stat: root unchanged"
run "plan --stat --exit-code" 10 $DEAFEN --root "$root" plan --stat --exit-code --keep ssh &&
	pass "plan --stat --exit-code: 10 when there are changes"
run "list --stat" 2 $DEAFEN --root "$root" list --stat && pass "list takes no --stat (exit 2)"

finish
