#!/bin/sh
# live.sh - deafen against real openbsd-inetd and xinetd started by this test
# on private configuration files, serving 127.0.0.1 high ports; a standalone
# daemon of a fixture init script. Every process started here is stopped by
# pid at the end, also when a test fails. No traffic beyond loopback.
. "$(dirname "$0")/lib.sh"

INETD=${INETD:-/usr/sbin/inetd}
XINETD=${XINETD:-/opt/deafen-test/xinetd/usr/sbin/xinetd}
[ -x "$XINETD" ] || XINETD=$(command -v xinetd || true)
need=
[ -x "$INETD" ] || need="$need openbsd-inetd ($INETD)"
[ -n "$XINETD" ] && [ -x "$XINETD" ] || need="$need xinetd (/opt/deafen-test/xinetd)"
[ -x /usr/bin/python3 ] || need="$need python3"
if [ -n "$need" ]; then
	skip "live tests: needs$need (sh tests/deps.sh installs it)"
	finish
	exit
fi

sockets_alone
started=""
cleanup() {
	for p in $started; do kill "$p" 2> /dev/null; done
	sleep 0.2
	for p in $started; do kill -9 "$p" 2> /dev/null; done
	rm -rf "$SCRATCH"
}
trap cleanup EXIT INT TERM

base=$((30000 + ($$ % 2000) * 10))
P1=$base P2=$((base + 1)) P3=$((base + 2)) P4=$((base + 3)) P5=$((base + 4)) P6=$((base + 5))

is_open() { grep -q ":$(printf '%04X' "$1") 00000000:0000 0A" /proc/net/tcp; }
wait_open() {
	for p in "$@"; do
		i=0
		while ! is_open "$p" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		is_open "$p" || return 1
	done
}

# a root: inetd.conf, xinetd.conf + xinetd.d, an init script, its daemon
make_root() {
	r=$(mktemp -d "$SCRATCH/live.XXXXXX")
	mkdir -p "$r/etc/xinetd.d" "$r/etc/init.d" "$r/etc/rc2.d" "$r/usr/sbin"
	cat > "$r/etc/inetd.conf" << EOT
# private inetd of the deafen live test
127.0.0.1:$P1	stream	tcp	nowait	nobody	/bin/cat	cat
127.0.0.1:$P2	stream	tcp	nowait	nobody	/bin/date	date
EOT
	# the blocks sit in xinetd.conf itself: an includedir names a path that
	# xinetd (on this host) and deafen (inside the root) would read differently
	cat > "$r/etc/xinetd.conf" << EOT
defaults
{
	instances = 10
}
EOT
	for pair in "catty $P3" "datey $P4"; do
		set -- $pair
		cat >> "$r/etc/xinetd.conf" << EOT
service $1
{
	type		= UNLISTED
	socket_type	= stream
	protocol	= tcp
	wait		= no
	user		= nobody
	server		= /bin/cat
	port		= $2
	bind		= 127.0.0.1
	disable		= no
}
EOT
	done
	printf 'discard\t\t9/tcp\n' > "$r/etc/services"
	mkdir -p "$r/var/run"
	cat > "$r/etc/init.d/mydaemon" << EOT
#!/bin/sh
### BEGIN INIT INFO
# Provides:          mydaemon
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
### END INIT INFO
# The test runs it by hand: paths are the scratch root's.
case "\$1" in
start)
	$r/usr/sbin/mydaemon -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $P5)); s.listen(5); time.sleep(120)" > /dev/null 2>&1 &
	echo \$! > $r/var/run/mydaemon.pid
	;;
esac
EOT
	chmod 755 "$r/etc/init.d/mydaemon"
	ln -s ../init.d/mydaemon "$r/etc/rc2.d/S05mydaemon"
	cp "$(readlink -f /usr/bin/python3)" "$r/usr/sbin/mydaemon"
	printf '%s\n' "$r"
}

start_all() {
	"$INETD" -d "$1/etc/inetd.conf" > "$SCRATCH/inetd.log" 2>&1 &
	inetd_pid=$!
	"$XINETD" -f "$1/etc/xinetd.conf" -pidfile "$SCRATCH/xinetd.pid" -dontfork \
		-filelog "$SCRATCH/xinetd.log" > /dev/null 2>&1 &
	xinetd_pid=$!
	# the standalone daemon, started by its init script
	"$1/etc/init.d/mydaemon" start
	daemon_pid=$(cat "$1/var/run/mydaemon.pid")
	started="$started $inetd_pid $xinetd_pid $daemon_pid"
	wait_open "$P1" "$P2" "$P3" "$P4" "$P5"
}

root=$(make_root)
if ! start_all "$root"; then
	fail "live: the private inetd, xinetd and daemon did not start" "$(cat "$SCRATCH"/*.log)"
	finish
	exit 1
fi

# scan attributes every port to the right entry
if run "live scan" 0 $DEAFEN --root "$root" scan; then
	ok=1
	for want in "127.0.0.1:$P1 .* $inetd_pid +inetd +[a-z-]+ +etc/inetd.conf:2\$" \
		"127.0.0.1:$P2 .* $inetd_pid +inetd +[a-z-]+ +etc/inetd.conf:3\$" \
		"127.0.0.1:$P3 .* $xinetd_pid +xinetd +[a-z-]+ +etc/xinetd.conf\$" \
		"127.0.0.1:$P4 .* $xinetd_pid +xinetd +[a-z-]+ +etc/xinetd.conf\$" \
		"127.0.0.1:$P5 .* $daemon_pid +mydaemon +[a-z-]+ +etc/init.d/mydaemon \(S in 2\)\$"; do
		printf '%s\n' "$out" | grep -Eq "$want" || { ok=0; fail "live scan: no line like '$want'" "$out"; }
	done
	[ $ok = 1 ] && pass "scan attributes each port to its inetd.conf line, xinetd.conf or init script"
fi

# a second inetd on another root's file: never signalled by apply on this root
other=$(make_root)
sed -i "s/:$P1/:$P6/; /:$P2/d" "$other/etc/inetd.conf"
"$INETD" -d "$other/etc/inetd.conf" > "$SCRATCH/other.log" 2>&1 &
other_pid=$!
started="$started $other_pid"
wait_open "$P6"
other_lines=$(wc -l < "$SCRATCH/other.log")

# apply closes exactly the disabled services' ports
bk=$SCRATCH/bk
if run "live apply" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable "$P1,catty,mydaemon"; then
	printf '%s\n' "$out" | grep -q "^reloaded inetd (pid $inetd_pid" &&
	printf '%s\n' "$out" | grep -q "^reloaded xinetd (pid $xinetd_pid" &&
	printf '%s\n' "$out" | grep -q "^stopped mydaemon (pid $daemon_pid" &&
		pass "apply: SIGHUP to the verified inetd and xinetd, the daemon stopped" || fail "live apply: actions" "$out"
	for p in $P1 $P3 $P5; do
		printf '%s\n' "$out" | grep -q "^closed tcp 127.0.0.1:$p " || fail "live apply: $p not reported closed" "$out"
	done
	! is_open $P1 && ! is_open $P3 && ! is_open $P5 && is_open $P2 && is_open $P4 && is_open $P6 &&
		pass "apply: the disabled ports are closed (rescanned), the others stay open" ||
		fail "live apply: ports" "$(ss -ltn 2> /dev/null)"
fi
[ "$(wc -l < "$SCRATCH/other.log")" = "$other_lines" ] && kill -0 "$other_pid" &&
	pass "apply: the inetd of another root's file was not signalled" || fail "live: other inetd signalled"

# rollback opens the super-servers' ports again; the daemon of a root that
# is not / is not restarted by deafen: exit 4, said
if run "live rollback" 4 $DEAFEN --root "$root" --backup-dir "$bk" rollback; then
	is_open $P1 && is_open $P3 && printf '%s\n' "$out" | grep -q "^open again tcp 127.0.0.1:$P1 " &&
	printf '%s\n' "$out" | grep -q "^NOT open again tcp 127.0.0.1:$P5 " &&
	printf '%s\n' "$out" | grep -q "^not restarted: mydaemon" &&
		pass "rollback: inetd and xinetd ports open again; the stopped daemon is named, exit 4" ||
		fail "live rollback" "$out"
fi

# super-servers only: apply, rollback, exit 0 both ways
bk=$SCRATCH/bk2
run "live apply 2" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable "$P2,datey" &&
	{ ! is_open $P2 && ! is_open $P4 && pass "apply closes an inetd and an xinetd port (exit 0)" ||
		fail "live apply 2: ports" "$out"; }
run "live rollback 2" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback &&
	{ is_open $P2 && is_open $P4 && pass "rollback opens them again (exit 0)" || fail "live rollback 2: ports" "$out"; }

# a port that stays open: exit 4 (inetd stopped from reloading: SIGSTOP)
bk=$SCRATCH/bk3
kill -STOP "$inetd_pid"
run "still open" 4 $DEAFEN --root "$root" --backup-dir "$bk" --confirm-timeout 1 apply --disable "$P2" &&
	printf '%s\n' "$out" | grep -q "^STILL OPEN tcp 127.0.0.1:$P2 .*pid $inetd_pid inetd" &&
	pass "a port still open after the rescan is named with its pid, exit 4" || fail "still open" "$out"
kill -CONT "$inetd_pid"
$DEAFEN --root "$root" --backup-dir "$bk" rollback > /dev/null 2>&1
kill -0 "$inetd_pid" && kill -0 "$xinetd_pid" && pass "inetd and xinetd survived every reload" ||
	fail "a super-server died"

# enable: SIGHUP to inetd and xinetd, the ports open again, rescanned (#17)
bk=$SCRATCH/bk-en
run "enable: apply first" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable "$P2,datey" &&
	! is_open $P2 && ! is_open $P4 || fail "enable: apply did not close $P2 and $P4" "$out"
if run "live enable" 0 $DEAFEN --root "$root" --backup-dir "$bk" enable "$P2,datey"; then
	printf '%s\n' "$out" | grep -q "^reloaded inetd (pid $inetd_pid" &&
	printf '%s\n' "$out" | grep -q "^reloaded xinetd (pid $xinetd_pid" &&
		pass "enable: SIGHUP to the verified inetd and xinetd" || fail "live enable: reloads" "$out"
	is_open $P2 && is_open $P4 && printf '%s\n' "$out" | grep -q "^open again tcp 127.0.0.1:$P2 " &&
	printf '%s\n' "$out" | grep -q "^open again tcp 127.0.0.1:$P4 " &&
		pass "enable: the inetd and xinetd ports are open again, the rescan says so (exit 0)" ||
		fail "live enable: ports" "$out"
fi
# the JSON report: the ports with "open": true, as apply's with false
$DEAFEN --root "$root" --backup-dir "$bk" -q apply --disable "$P2" > /dev/null 2>&1
if run "live enable json" 0 $DEAFEN --root "$root" --backup-dir "$bk" --format json enable "$P2"; then
	printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
p = [x for x in d["ports"] if x["port"] == int(sys.argv[1])]
assert p and p[0]["open"] is True and p[0]["address"] == "127.0.0.1", d["ports"]
assert d["enabled"][0]["name"] == sys.argv[1], d["enabled"]
assert any(l.startswith("open again tcp 127.0.0.1:") for l in d["log"]), d["log"]' "$P2" &&
		pass "enable --format json: the port reported open again" || fail "live enable json" "$out"
fi
# a port that does not come back: exit 4, named (inetd stopped from reloading: SIGSTOP)
$DEAFEN --root "$root" --backup-dir "$bk" -q apply --disable "$P2" > /dev/null 2>&1
kill -STOP "$inetd_pid"
run "enable not open" 4 $DEAFEN --root "$root" --backup-dir "$bk" --confirm-timeout 1 enable "$P2" &&
	printf '%s\n' "$out" | grep -q "^NOT open again tcp 127.0.0.1:$P2 " &&
	printf '%s\n' "$err" | grep -q "did not open again" &&
	pass "enable: a port that does not open again is named, exit 4" || fail "enable not open" "$out
$err"
kill -CONT "$inetd_pid"
wait_open $P2 || fail "enable: inetd did not open $P2 once continued"
# the daemon of a script: --no-start leaves it stopped (exit 0); without, on a root
# that is not /, it is not started by deafen: named, exit 4 as rollback
"$root/etc/init.d/mydaemon" start
daemon_pid=$(cat "$root/var/run/mydaemon.pid")
started="$started $daemon_pid"
wait_open $P5
run "enable: apply mydaemon" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --disable mydaemon &&
	! is_open $P5 || fail "enable: apply did not stop mydaemon" "$out"
if run "enable --no-start" 0 $DEAFEN --root "$root" --backup-dir "$bk" enable --no-start mydaemon; then
	! is_open $P5 && ! printf '%s\n' "$out" | grep -q "open again" &&
	printf '%s\n%s\n' "$out" "$err" | grep -q "no-start: mydaemon not started" &&
	[ -L "$root/etc/rc2.d/S05mydaemon" ] &&
		pass "enable --no-start: the link is back, the daemon left stopped and not awaited (exit 0)" ||
		fail "enable --no-start" "$out
$err"
fi
$DEAFEN --root "$root" --backup-dir "$bk" -q rollback --no-reload > /dev/null 2>&1
[ -L "$root/etc/rc2.d/K95mydaemon" ] || [ -L "$root/etc/rc2.d/K05mydaemon" ] ||
	fail "enable: rollback of the enable did not put the K link back" "$(ls "$root/etc/rc2.d")"
run "enable daemon" 4 $DEAFEN --root "$root" --backup-dir "$bk" --confirm-timeout 1 enable mydaemon &&
	printf '%s\n' "$out" | grep -q "^not restarted: mydaemon" &&
	printf '%s\n' "$out" | grep -q "^NOT open again tcp 127.0.0.1:$P5 " &&
	pass "enable: the daemon of another root is named, not started, its port not open: exit 4" ||
	fail "enable daemon" "$out
$err"
kill -0 "$inetd_pid" && kill -0 "$xinetd_pid" && pass "inetd and xinetd survived every enable" ||
	fail "a super-server died under enable"

# inetutils-inetd, unpacked privately by tests/deps.sh: the same, through its own file
INETUTILS=${INETUTILS:-/opt/deafen-test/inetutils/usr/sbin/inetutils-inetd}
if [ -x "$INETUTILS" ]; then
	iroot=$(make_root)
	P7=$((base + 6)) P8=$((base + 7))
	printf '127.0.0.1:%s stream tcp nowait nobody /bin/cat cat\n127.0.0.1:%s stream tcp nowait nobody /bin/cat cat\n' \
		"$P7" "$P8" > "$iroot/etc/inetd.conf"
	: > "$iroot/etc/xinetd.conf"
	"$INETUTILS" -d --pidfile="$SCRATCH/iu.pid" "$iroot/etc/inetd.conf" > "$SCRATCH/iu.log" 2>&1 &
	iu_pid=$!
	started="$started $iu_pid"
	if wait_open "$P7" "$P8"; then
		run "inetutils apply" 0 $DEAFEN --root "$iroot" --backup-dir "$SCRATCH/bk-iu" apply --disable "$P7" &&
			{ printf '%s\n' "$out" | grep -q "^reloaded inetutils-inetd (pid $iu_pid" && ! is_open "$P7" &&
			  is_open "$P8" && pass "inetutils-inetd: verified, reloaded, the port closed" ||
				fail "inetutils apply" "$out"; }
		run "inetutils rollback" 0 $DEAFEN --root "$iroot" --backup-dir "$SCRATCH/bk-iu" rollback &&
			{ is_open "$P7" && pass "inetutils-inetd: rollback opens it again" || fail "inetutils rollback" "$out"; }
	else
		fail "inetutils-inetd did not start" "$(cat "$SCRATCH/iu.log")"
	fi
else
	skip "inetutils-inetd: needs $INETUTILS (sh tests/deps.sh unpacks it)"
fi

finish
