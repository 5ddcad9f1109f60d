#!/bin/sh
# schema.sh - the JSON of every command on every fixture root, validated
# against schema/*.json with python3-jsonschema, and the XML of the same
# run: well-formed (xmllint) and with the same names. Every document is made
# first, then one python process checks them all (tests/e2e/schema_check.py).
# Under valgrind (make check VALGRIND=1) only debian and latin1, without the
# broken cases (broken.sh runs them): each run costs a second there.
# SCHEMA_KEEP=DIR keeps a copy of the documents in DIR.
. "$(dirname "$0")/lib.sh"

# Debian's python3 (its python3-jsonschema) first, then whatever python3 is first on PATH
PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import jsonschema' > /dev/null 2>&1; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ] || ! command -v xmllint > /dev/null 2>&1; then
	skip "schema.sh needs python3-jsonschema and xmllint (sh tests/deps.sh installs them)"
	finish
	exit
fi

D=$SCRATCH/docs
mkdir -p "$D"
: > "$SCRATCH/steps"

# doc FORMAT ID ARGS...: deafen --format FORMAT ARGS (as the user $as says,
# if set); stdout in $D/ID.FORMAT, stderr in $D/ID.FORMAT.err, the exit
# status in $D/ID.FORMAT.rc
as=
doc() {
	_f=$1 _id=$2
	shift 2
	# shellcheck disable=SC2086 # $DEAFEN may be "valgrind ... deafen"
	$as $DEAFEN --color never --format "$_f" "$@" > "$D/$_id.$_f" 2> "$D/$_id.$_f.err"
	echo $? > "$D/$_id.$_f.rc"
}

# step SCHEMA MODE LABEL ARGS...: one command of a sequence (see sequence);
# the JSON run records it for the checker
step() {
	_s=$1 _m=$2 _l=$3
	shift 3
	k=$((k + 1))
	doc "$fmt" "$fx.$k" --root "$r" --backup-dir "$b" "$@"
	[ "$fmt" = json ] && printf '%s\t%s\t%s\t%s\n' "$fx: $_l" "$_s" "$_m" "$fx.$k" >> "$SCRATCH/steps"
}

# sequence FORMAT FIXTURE: every command, in an order where each has
# something to say, on a fresh copy of fixtures/FIXTURE (or $SCRATCH/FIXTURE.src);
# the same path for both formats, so that only backup ids and times differ
# between the two runs
sequence() {
	fmt=$1 fx=$2 k=0
	r=$SCRATCH/$fx/root b=$SCRATCH/$fx/backups
	src=$TOP/fixtures/$fx
	[ -d "$SCRATCH/$fx.src" ] && src=$SCRATCH/$fx.src
	rm -rf "${SCRATCH:?}/$fx"
	mkdir -p "$SCRATCH/$fx"
	cp -a "$src" "$r"
	step list values "list" list
	step list values "list --all" list --all
	step list values "list --enabled --verdict dangerous" list --enabled --verdict dangerous
	step plan values "plan --keep ssh" plan --keep ssh
	step plan values "plan --stat" plan --keep ssh --stat
	# a family word, a port: plan's "expansions" (#16 §1)
	step plan values "plan: expansions" plan --keep ssh,mail,nfs --disable 23,www
	step scan names "scan" scan
	step verify values "verify --keep ssh (before apply)" verify --keep ssh
	step apply shape "apply --keep ssh" apply --keep ssh --no-reload --no-confirm
	step apply values "apply again: nothing to do" apply --keep ssh --no-reload --no-confirm
	step verify values "verify (the backup's policy)" verify
	step backups shape "backups" backups
	step rollback shape "rollback" rollback --no-reload --no-confirm
	step rollback shape "rollback again: nothing to restore" rollback --no-reload --no-confirm
	step harden shape "harden --yes" harden --yes --no-reload --no-confirm
	step backups shape "backups: two" backups
	step rollback shape "rollback of harden" rollback --no-reload --no-confirm
	if [ "$fx" = systemd ]; then
		step apply shape "apply --mask" apply --disable cups --mask --no-reload --no-confirm
		step rollback shape "rollback of --mask" rollback --no-reload --no-confirm
		step plan shape "plan --enable" plan --enable telnet
		step enable shape "enable" enable telnet --no-reload --no-confirm
		step rollback shape "rollback of enable" rollback --no-reload --no-confirm
	fi
	if [ "$fx" = debian ]; then
		# #17: rollback --only, and the states backups tells: partly rolled back, overridden, failed
		step apply shape "apply telnet,exim4" apply --disable telnet,exim4 --no-reload --no-confirm
		step rollback shape "rollback --only telnet" rollback "$(ls "$b" | sort | tail -1)" --only telnet --no-reload --no-confirm
		step backups shape "backups: partly rolled back" backups
		step apply shape "apply finger" apply --disable finger --no-reload --no-confirm
		step rollback shape "rollback --force of the older" rollback "$(ls "$b" | sort | tail -2 | head -1)" --force --no-reload --no-confirm
		export DEAFEN_FAIL_WRITE=K02ssh
		step error shape "error: a failed apply" apply --disable ssh --no-reload --no-confirm
		unset DEAFEN_FAIL_WRITE
		step backups shape "backups: overridden, failed" backups
	fi
	if [ "$fx" = latin1 ]; then
		step error values "error: --disable caf\\xe9" plan --disable "$(printf 'caf\351')"
	fi
	step error values "error: plan --disable nosuchservice" plan --disable nosuchservice
	step error values "error: rollback of an unknown id" rollback 20000101T000000.000000Z
	step error values "error: list --bogus" list --bogus
}

# latin1: a root whose xinetd file is named sw\xe9t (a Latin-1 byte: no
# UTF-8), with the services swat and caf\xe9 (whose program is caf\xe9d)
L1=$SCRATCH/latin1.src
mkdir -p "$L1/etc/xinetd.d"
printf 'defaults\n{\n}\nincludedir /etc/xinetd.d\n' > "$L1/etc/xinetd.conf"
for s in 'swat 901' 'caf\351 902'; do
	# shellcheck disable=SC2086 # a name and a port
	set -- $s
	printf 'service %b\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n' "$1"
	printf '\tserver = /usr/sbin/%bd\n\tport = %s\n\tdisable = no\n}\n' "$1" "$2"
done > "$L1/etc/xinetd.d/sw$(printf '\351')t"

start=$(date +%s)
fixtures="bigcat debian redhat systemd latin1"
case $DEAFEN in *valgrind*) fixtures="debian latin1" ;; esac
for fx in $fixtures; do
	sequence json "$fx"
	sequence xml "$fx"
done

# the Latin-1 names: python's own json module reads list's JSON, where each
# is U+FFFD with every byte in KEY_hex; the XML says the same
hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
fhex=$(hex "etc/xinetd.d/sw$(printf '\351')t")
if python3 -c 'import json, sys
d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
s = {x["name"]: x for x in d["services"]}
w = s["swat"]["where"]
assert w["file"] == "etc/xinetd.d/sw\ufffdt" and w["file_hex"] == sys.argv[2], w
c = s["caf\ufffd"]
assert c["name_hex"] == "636166e9" and c["program"] == "caf\ufffdd" and c["program_hex"] == "636166e964", c
assert c["where"] == w, c["where"]' "$D/latin1.1.json" "$fhex" > "$SCRATCH/py.out" 2>&1; then
	pass "latin1: list --format json is UTF-8 python reads; sw\\xe9t is sw\\ufffdt with file_hex, caf\\xe9 with name_hex"
else
	fail "latin1: list --format json" "$(cat "$SCRATCH/py.out")"
fi
x() { xmllint --xpath "string($1)" "$D/latin1.1.xml" 2>&1; }
if xmllint --noout "$D/latin1.1.xml" > "$SCRATCH/xl.out" 2>&1 &&
	[ "$(x '//service[name="swat"]/where/file')" = "etc/xinetd.d/sw$(printf '\357\277\275')t" ] &&
	[ "$(x '//service[name="swat"]/where/file_hex')" = "$fhex" ] &&
	[ "$(x '//service[name_hex="636166e9"]/name')" = "caf$(printf '\357\277\275')" ] &&
	[ "$(x '//service[name_hex="636166e9"]/program_hex')" = 636166e964 ]; then
	pass "latin1: list --format xml well-formed, with the same U+FFFD and KEY_hex"
else
	fail "latin1: list --format xml" "$(cat "$SCRATCH/xl.out"; grep -a -A3 '<where>' "$D/latin1.1.xml" | head -n 12)"
fi

# the broken roots of fixtures/broken (see broken.sh): each case's command,
# its document or its error document; not the 10 MB cases (slow, and the
# same documents as 01); those run as nobody only when this is root
for CASE in "$TOP"/fixtures/broken/[0-9][0-9]-*; do
	case $DEAFEN in *valgrind*) break ;; esac
	name=${CASE##*/}
	as=
	if [ -f "$CASE/runas" ]; then
		[ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null 2>&1 || continue
		as='setpriv --reuid=65534 --regid=65534 --clear-groups'
	fi
	case $name in 07-* | 08-*) continue ;; esac
	mode=values
	[ -f "$CASE/setup" ] && mode=shape # a backup made by setup: another id each time
	for fmt in json xml; do
		WORK=$SCRATCH/broken/$name # the same path for both formats
		ROOT=$WORK/root
		export CASE WORK ROOT DEAFEN
		rm -rf "$WORK"
		mkdir -p "$WORK" && cp -a "$CASE/root" "$ROOT" || continue
		# world-readable for nobody; setup then takes the rights of one file away
		[ -n "$as" ] && chmod 755 "$SCRATCH" "$SCRATCH/broken" "$WORK" && chmod -R a+rX "$ROOT"
		if [ -f "$CASE/setup" ]; then
			(cd "$ROOT" && sh "$CASE/setup") > "$WORK/setup.log" 2>&1 || continue
		fi
		eval "set -- $(cat "$CASE/args")"
		doc "$fmt" "broken.$name" --root "$ROOT" "$@"
		chmod -R u+rwX "$WORK" 2> /dev/null
	done
	[ -f "$D/broken.$name.xml.rc" ] || { fail "$name: its setup failed"; continue; }
	rc=$(cat "$D/broken.$name.json.rc")
	schema=error
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ]; then
		schema=$(for w in $(cat "$CASE/args"); do
			case $w in list | plan | apply | verify | rollback) echo "$w" && break ;; esac
		done)
	fi
	printf '%s\t%s\t%s\t%s\n' "broken/$name${as:+ (as nobody)}" "$schema" "$mode" "broken.$name" \
		>> "$SCRATCH/steps"
done
as=
rm -rf "$SCRATCH/broken"

# deliberately broken documents, each made from a real one: the checker must reject them
L=$D/debian.1.json
X=$D/debian.1.xml
sed 's/, "link": null}/}/' "$L" > "$D/bad-where.json"
sed 's/"format_version": 1/"format_version": 2/' "$L" > "$D/bad-version.json"
sed 's/{"port": 23, "proto": "tcp", "address": null}/"23\/tcp"/' "$L" > "$D/bad-port.json"
sed 's/"line": 26,/"line": "26",/' "$L" > "$D/bad-line.json"
sed 's/"name": "telnet"/"name": "tel\xe9net"/' "$L" > "$D/bad-utf8.json"
sed 's/"root": /"root": 1, "root": /' "$L" > "$D/bad-duplicate.json"
sed 's/<superserver>/<super_server>/; s/<\/superserver>/<\/super_server>/' "$X" > "$D/bad-name.xml"
sed '0,/<link null="true"\/>/s//<link\/>/' "$X" > "$D/bad-null.xml"
sed 's/<enabled>true</<enabled>yes</' "$X" > "$D/bad-bool.xml"
grep -v '</services>' "$X" > "$D/bad-unclosed.xml"
for bad in where version port line utf8 duplicate; do
	printf 'reject bad-%s.json\tlist\treject\t%s\t-\t0\t0\t-\n' "$bad" "$D/bad-$bad.json"
done > "$SCRATCH/manifest"
for bad in name null bool unclosed; do
	printf 'reject bad-%s.xml\tlist\treject\t%s\t%s\t0\t0\t-\n' "$bad" "$L" "$D/bad-$bad.xml"
done >> "$SCRATCH/manifest"
# the sed above must each have changed something, or the rejection proves nothing
for f in where version port line utf8 duplicate; do
	cmp -s "$L" "$D/bad-$f.json" && fail "bad-$f.json: the sed changed nothing"
done
for f in name null bool unclosed; do
	cmp -s "$X" "$D/bad-$f.xml" && fail "bad-$f.xml: the sed changed nothing"
done

# report: the summary of every list, scan, verify and backups document made above (JSON only)
awk -F'\t' '$2 == "list" || $2 == "scan" || $2 == "verify" || $2 == "backups" { print $4 }' "$SCRATCH/steps" |
	while read -r id; do printf '%s\n' "$D/$id.json"; done > "$SCRATCH/report.files"
# shellcheck disable=SC2046,SC2086 # the file names are ours, without blanks
$DEAFEN --format json report $(cat "$SCRATCH/report.files") > "$D/report.json" 2> "$D/report.json.err"
rc=$?
printf 'report: %s documents\treport\tvalues\t%s\t-\t%s\t0\t%s\n' "$(wc -l < "$SCRATCH/report.files")" \
	"$D/report.json" "$rc" "$D/report.json.err" >> "$SCRATCH/manifest"

# every pair made above
while IFS='	' read -r label schema mode id; do
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$schema" "$mode" "$D/$id.json" "$D/$id.xml" \
		"$(cat "$D/$id.json.rc")" "$(cat "$D/$id.xml.rc")" "$D/$id.json.err"
done < "$SCRATCH/steps" >> "$SCRATCH/manifest"
printf 'schema.sh: %s documents made in %s s\n' "$(($(wc -l < "$SCRATCH/steps") * 2))" \
	"$(($(date +%s) - start))"

# xmllint: every XML document well-formed (one run), the broken one not
for f in "$D"/*.xml; do
	case $f in */bad-*) ;; *) printf '%s\n' "$f" ;; esac
done > "$SCRATCH/xmls"
if xargs xmllint --noout < "$SCRATCH/xmls" > "$SCRATCH/xmllint.out" 2>&1; then
	pass "xmllint: all $(wc -l < "$SCRATCH/xmls") XML documents are well-formed"
else
	fail "xmllint: some XML documents are not well-formed" "$(head -n 20 "$SCRATCH/xmllint.out")"
fi
if xmllint --noout "$D/bad-unclosed.xml" > /dev/null 2>&1; then
	fail "xmllint accepts an unclosed element"
else
	pass "xmllint rejects an unclosed element"
fi

[ -n "${SCHEMA_KEEP:-}" ] && cp -a "$D" "$SCHEMA_KEEP"
# under valgrind, two roots only: enable runs on systemd, so not every schema is used
"$PY" "$(dirname "$0")/schema_check.py" "$TOP/schema" "$SCRATCH/manifest" "$SCRATCH/results" ${VALGRIND:+--some} ||
	fail "schema_check.py failed"
while IFS='	' read -r verdict label why; do
	case $verdict in
	pass) pass "$label" ;;
	fail) fail "$label" "$why" ;;
	esac
done < "$SCRATCH/results"
printf 'schema.sh: %s s\n' "$(($(date +%s) - start))"
finish
