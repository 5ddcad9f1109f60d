#!/bin/sh
# scan.sh - deafen scan against listeners this test starts on 127.0.0.1
. "$(dirname "$0")/lib.sh"

sockets_alone
pids=""
cleanup() { for p in $pids; do kill "$p" 2> /dev/null; done; rm -rf "$SCRATCH"; }
trap cleanup EXIT

# a daemon named like its init script: a copy of Debian's python3 called mydaemon
cp "$(readlink -f /usr/bin/python3)" "$SCRATCH/mydaemon"
tport=$((20000 + $$ % 10000))
uport=$((tport + 1))
"$SCRATCH/mydaemon" -c "
import socket, time
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(('127.0.0.1', $tport)); t.listen(5)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', $uport))
time.sleep(60)" &
pids="$pids $!"
dpid=$!
root=$(copy_root debian)
cat > "$root/etc/init.d/mydaemon" << 'EOT'
#!/bin/sh
### BEGIN INIT INFO
# Provides:          mydaemon
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
### END INIT INFO
EOT
chmod 755 "$root/etc/init.d/mydaemon"
ln -s ../init.d/mydaemon "$root/etc/rc2.d/S05mydaemon"
i=0
hex=$(printf '%04X' "$tport")
while ! grep -q ":$hex 00000000:0000 0A" /proc/net/tcp && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

if run "scan" 0 $DEAFEN --root "$root" scan; then
	printf '%s\n' "$out" | grep -Eq "^tcp +127\.0\.0\.1:$tport +- +$dpid +mydaemon +[a-z-]+ +etc/init\.d/mydaemon \(S in 2\)$" &&
		pass "scan: a TCP listener with its pid, program and the init script that starts it" ||
		fail "scan: tcp listener" "$out"
	printf '%s\n' "$out" | grep -Eq "^udp +127\.0\.0\.1:$uport +- +$dpid +mydaemon +[a-z-]+ " &&
		pass "scan: a bound UDP socket" || fail "scan: udp socket" "$out"
	netlink=$out
	if run "scan proc" 0 env DEAFEN_SCAN_PROC=1 $DEAFEN --root "$root" scan; then
		[ "$out" = "$netlink" ] && pass "scan: /proc/net fallback gives the same table as sock_diag" ||
			fail "scan: proc and netlink differ" "$(printf '%s\n' "$netlink" | diff - /dev/stdin <<EOT
$out
EOT
)"
	fi
fi
if run "scan json" 0 $DEAFEN --root "$root" --format json scan; then
	printf '%s\n' "$out" | python3 -c "import json,sys; d=json.load(sys.stdin); assert any(l['port']==$tport and $dpid in l['pids'] and l['provenance']=='etc/init.d/mydaemon (S in 2)' and l['where']=={'file': 'etc/init.d/mydaemon', 'line': None, 'link': None} for l in d['listeners'])" &&
		pass "scan --format json parses and holds the listener" || fail "scan json" "$out"
fi
# a pid file named by a script's "# pidfile:" header says whose daemon it is
mkdir -p "$root/var/run"
printf '#!/bin/sh\n# chkconfig: 2345 10 90\n# pidfile: /var/run/other.pid\n' > "$root/etc/init.d/other"
chmod 755 "$root/etc/init.d/other"
echo "$dpid" > "$root/var/run/other.pid"
run "scan pidfile" 0 $DEAFEN --root "$root" scan &&
	{ printf '%s\n' "$out" | grep -Eq "^tcp +127\.0\.0\.1:$tport +- +$dpid +mydaemon +[a-z-]+ +etc/init\.d/other " &&
		pass "scan: the script whose pid file holds the pid starts it" || fail "scan pidfile" "$out"; }
rm "$root/var/run/other.pid" "$root/etc/init.d/other"

# services named from the root's /etc/services, not the host's
sed -i "s/^rsync.*/rsync		$tport\/tcp/" "$root/etc/services"
run "scan service" 0 $DEAFEN --root "$root" scan &&
	{ printf '%s\n' "$out" | grep -Eq "^tcp +127\.0\.0\.1:$tport +rsync " &&
		pass "scan: the service name comes from the root's /etc/services" || fail "scan service" "$out"; }
# a listener no entry of the root starts
run "scan unknown" 0 $DEAFEN --root "$TOP/fixtures/redhat" scan &&
	{ printf '%s\n' "$out" | grep -Eq "^tcp +127\.0\.0\.1:$tport .* local +unknown \(.*/mydaemon\)$" &&
		pass "scan: unknown, with the executable, when no entry of the root starts it; local, for it is bound to 127.0.0.1" || fail "scan unknown" "$out"; }

# not root: sockets still listed, owners of others' sockets said to be hidden
if command -v setpriv > /dev/null && [ "$(id -u)" = 0 ]; then
	chmod 755 "$SCRATCH" "$root"
	run "scan unprivileged" 0 setpriv --reuid=65534 --regid=65534 --clear-groups $DEAFEN --root "$root" scan &&
		{ printf '%s\n' "$out" | grep -Eq "^tcp +127\.0\.0\.1:$tport +.* +- +- +[a-z-]+ +unknown" &&
		  printf '%s' "$err" | grep -q "owners of other users' sockets are not shown" &&
			pass "scan without privileges: the socket is listed, its owner hidden, and it says so" ||
			fail "scan unprivileged" "$out
$err"; }
fi

finish
