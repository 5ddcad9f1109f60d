#!/bin/sh
# ports.sh - true ports, read from the service's own configuration (#16 §2):
# on fixtures/ports (inetd, xinetd and socket units, and the default
# configuration files of five Debian 12 daemons read with their stock lenses),
# every service's listeners (port, address, or the path of a UNIX-domain
# socket) and its verdict, each with the source of the expectation; "local" for what listens on loopback or paths only: kept by
# --keep and harden, disabled when named.
. "$(dirname "$0")/lib.sh"
FIX=ports
root=$(copy_root $FIX)

# The table: service | PORTS as list shows them | verdict | source of the expectation
table='telnet|127.0.0.1:23/tcp|local|inetd.conf "127.0.0.1:telnet" (inetd(8): ADDR: before the service)
ftp|21/tcp|dangerous|inetd.conf protocol "tcp,rcvbuf=8192" (inetd(8)): tcp, /etc/services ftp 21/tcp
echo|[::1]:7/tcp|local|inetd.conf "[::1]:echo ... tcp6"
/run/finger.sock|/run/finger.sock|local|inetd.conf protocol "unix": the name is the socket path, not network (in.fingerd is no danger there)
daytime|127.0.0.1:13/tcp|local|inetd.conf "127.0.0.1:" alone on the line above it (inetd(8): default address)
discard|9/tcp|disable|inetd.conf "*:" above it: every address again
login|513/tcp|dangerous|inetd.conf, /etc/services login 513/tcp
rsync|127.0.0.1:873/tcp|local|xinetd.d/rsync "bind = 127.0.0.1" (xinetd.conf(5))
tftp|192.0.2.10:69/udp|dangerous|xinetd.d/tftp "bind = 192.0.2.10", protocol udp
chargen-local|[::1]:10019/tcp|local|xinetd.d/chargen-local "port = 10019", "interface = ::1" (a synonym of bind)
ssh.socket|2222/tcp|disable|ssh.socket ListenStream=22, reset and set to 2222 by ssh.socket.d/port.conf (systemd.socket(5))
cups.socket|/run/cups/cups.sock|local|cups.socket (cups-daemon 2.4.2) ListenStream=/run/cups/cups.sock
local-cache.socket|127.0.0.1:11311/tcp,[::1]:11311/tcp|local|local-cache.socket ListenStream=127.0.0.1:11311 and [::1]:11311
seq-test.socket|@seq-test,/run/seq-test.sock|local|seq-test.socket ListenSequentialPacket=/run/seq-test.sock, ListenStream=@seq-test (abstract)
syslog.socket|/run/systemd/journal/syslog|local|syslog.socket (systemd 252) ListenDatagram=/run/systemd/journal/syslog: never "dangerous" (its name is an alias of shell 514/tcp)
memcached.service|127.0.0.1:11211/tcp|local|memcached 1.6.18 memcached.conf "-p 11211", "-l 127.0.0.1" (stock lens Memcached)
nagios-nrpe-server.service|5666/tcp|disable|nagios-nrpe-server 4.1.0 nrpe.cfg "server_port=5666", server_address commented out (stock lens Nrpe)
vsftpd.service|21/tcp|dangerous|vsftpd 3.0.3 vsftpd.conf: no listen_port (vsftpd.conf(5): 21), no listen_address (stock lens Vsftpd)
squid.service|3128/tcp|disable|squid 5.7 squid.conf:2106 "http_port 3128": its http_port lines alone go to the stock lens Squid (augeas 1.14 stops at the include line, :1546)
redis-server.service|127.0.0.1:6379/tcp,[::1]:6379/tcp|local|redis 7.0.15 redis.conf:87 "bind 127.0.0.1 -::1" (-ADDR: optional), :138 "port 6379": those lines alone go to the stock lens Redis (augeas 1.14 cannot read the whole file: :87, :410, :1344)
smbd.service|139/tcp,445/tcp|disable|samba 4.17.12 smb.conf: no smb ports (smb.conf(5): 445 139), interfaces and bind interfaces only commented out (stock lens Samba)
nmbd.service|137/udp,138/udp|disable|samba 4.17.12 nmbd.service: nmbd(8) 137/udp, 138/udp (/etc/services netbios-ns, netbios-dgm)
slapd|389/tcp,/var/run/slapd/ldapi|disable|slapd 2.5.13 (init script): /etc/default/slapd SLAPD_SERVICES="ldap:/// ldapi:///" (stock lens Shellvars; slapd(8) -h)
isc-dhcp-server|67/udp|disable|isc-dhcp-server 4.4.3 (init script): dhcpd(8) port 67
nbd-server|10809/tcp|disable|nbd-server 3.24 (init script): nbd-server(5) port 10809
munin-node.service|4949/tcp|disable|munin-node 2.0.73: munin-node.conf port 4949, host *
tinyproxy.service|8888/tcp|disable|tinyproxy 1.11.1: tinyproxy.conf Port 8888
minidlna.service|8200/tcp,1900/udp|disable|minidlna 1.3.0: minidlna.conf port=8200, SSDP 1900/udp
snmptrapd.service|162/udp|disable|snmptrapd 5.9.3: ExecStart ... udp:162 udp6:162
snmptrapd.socket|162/udp|disable|snmptrapd 5.9.3: snmptrapd.socket ListenDatagram=0.0.0.0:162 and [::]:162'

# check_table ROOT PREFIX TABLE: one check a row of TABLE, on list --all of ROOT
check_table() {
	run "list --all $2" 0 $DEAFEN --root "$1" list --all || return
	printf '%s\n' "$out" > "$SCRATCH/list"
	printf '%s\n' "$3" | while IFS='|' read -r name ports verdict source; do
		got=$(awk -v n="$name" '$1 == n {print $5 "|" $4}' "$SCRATCH/list")
		if [ "$got" = "$ports|$verdict" ]; then
			echo "ok|$2$name: $ports, $verdict ($source)"
		else
			echo "FAIL|$2$name: '$got', expected '$ports|$verdict' ($source)"
		fi
	done > "$SCRATCH/checks"
	while IFS='|' read -r res label; do
		if [ "$res" = ok ]; then pass "$label"; else fail "$label" "$out"; fi
	done < "$SCRATCH/checks"
}
check_table "$root" "" "$table"

# the settings read, changed: each lens's tree gives the listener
cp -a "$root" "$SCRATCH/changed"
c=$SCRATCH/changed
sed -i 's/^-p 11211/-p 11212/; s/^-l 127.0.0.1/-l 0.0.0.0/' "$c/etc/memcached.conf"
# in the packages' own files (the lines the stock lenses get cut out of them)
sed -i 's/^bind 127.0.0.1 -::1$/bind 127.0.0.1 ::1/; s/^port 6379$/port 6380/' "$c/etc/redis/redis.conf"
sed -i 's/^http_port 3128$/http_port 127.0.0.1:3129\nhttp_port 8080/' "$c/etc/squid/squid.conf"
sed -i 's/^#server_address=127.0.0.1/server_address=127.0.0.1/' "$c/etc/nagios/nrpe.cfg"
printf 'listen_port=2121\nlisten_address=192.0.2.7\n' >> "$c/etc/vsftpd.conf"
sed -i 's|^;   interfaces = 127.0.0.0/8 eth0|   interfaces = lo 127.0.0.1/8|; s|^;   bind interfaces only = yes|   bind interfaces only = yes\n   smb ports = 445|' "$c/etc/samba/smb.conf"
sed -i 's|^SLAPD_SERVICES=.*|SLAPD_SERVICES="ldap://127.0.0.1/ ldaps://[::1]:6636/ ldapi://%2Frun%2Fldapi/"|' "$c/etc/default/slapd"
changed='memcached.service|11212/tcp|disable|memcached.conf "-p 11212", "-l 0.0.0.0"
redis-server.service|127.0.0.1:6380/tcp,[::1]:6380/tcp|local|Debian 12 redis.conf with "bind 127.0.0.1 ::1", "port 6380"
squid.service|127.0.0.1:3129/tcp,8080/tcp|disable|Debian 12 squid.conf (its include line kept) with "http_port 127.0.0.1:3129", "http_port 8080"
nagios-nrpe-server.service|127.0.0.1:5666/tcp|local|nrpe.cfg "server_address=127.0.0.1"
vsftpd.service|192.0.2.7:2121/tcp|dangerous|vsftpd.conf "listen_port=2121", "listen_address=192.0.2.7"
smbd.service|127.0.0.1:445/tcp,[::1]:445/tcp|local|smb.conf "interfaces = lo 127.0.0.1/8", "bind interfaces only = yes", "smb ports = 445"
slapd|127.0.0.1:389/tcp,[::1]:6636/tcp,/run/ldapi|local|/etc/default/slapd SLAPD_SERVICES="ldap://127.0.0.1/ ldaps://[::1]:6636/ ldapi://%2Frun%2Fldapi/"'
check_table "$c" "changed " "$changed"
# a daemon's file that does not parse is no error of the root; one that is absent: the default
rm "$c/etc/memcached.conf"
printf 'port 6380\nbind 127.0.0.1 -::1 {\n' > "$c/etc/redis/redis.conf"
if run "unparsed" 0 $DEAFEN --root "$c" list --all; then
	[ "$(printf '%s\n' "$out" | awk '$1 == "memcached.service" || $1 == "redis-server.service" {print $5}' | tr '\n' ' ')" = "11211/tcp 6379/tcp " ] &&
		pass "no memcached.conf, a redis.conf the lens cannot parse: their defaults (every address), the root read" ||
		fail "unparsed: not the defaults" "$out"
fi

run "-v" 0 $DEAFEN -v --root "$root" list &&
	{ ! printf '%s\n' "$err" | grep -q 'stock lens cannot read' &&
		printf '%s\n' "$err" | grep -qx 'deafen: lens Memcached.lns read 1 file: /etc/memcached.conf' &&
		pass "-v: Debian 12's redis.conf and squid.conf read (their cut); the lens that read memcached.conf" ||
		fail "-v: the daemon files" "$err"; }
# where the port comes from: the file read, or the default and why (#16 §3)
if run "-v unparsed" 0 $DEAFEN -v --root "$c" list --all; then
	printf '%s\n' "$err" | grep -qx 'deafen: etc/redis/redis.conf:2 (the lines of port bind): its stock lens cannot read it (augeas: Iterated lens matched less than it should): its daemon gets its default, on every address' &&
		pass "-v: a cut the stock lens cannot read, with the line of the file" ||
		fail "-v unparsed: the cut's error" "$err"
	printf '%s\n' "$out" | grep -q '^redis-server.service .* \[ports: the documented default (etc/redis/redis.conf:2 (the lines of port bind): its stock lens cannot read it)\]$' &&
		printf '%s\n' "$out" | grep -q '^memcached.service .* \[ports: the documented default (no readable etc/memcached.conf)\]$' &&
		printf '%s\n' "$out" | grep -q '^squid.service .*(multi-user.target))$' &&
		pass "list says when a port is the documented default, and why (no file; the lens cannot read it)" ||
		fail "list: the source of a default port" "$out"
fi
if run "json ports_from" 0 $DEAFEN --root "$root" --format json list; then
	printf '%s\n' "$out" | python3 -c 'import json,sys
d = {s["name"]: s for s in json.load(sys.stdin)["services"]}
assert d["redis-server.service"]["ports_from"] == "etc/redis/redis.conf (the lines of port bind)", d["redis-server.service"]
assert d["squid.service"]["ports_from"] == "etc/squid/squid.conf (the lines of http_port)", d["squid.service"]
assert d["memcached.service"]["ports_from"] == "etc/memcached.conf"
assert d["nbd-server"]["ports_from"] == "the documented default"
assert "ports_from" not in d["ssh.service"]' 2> "$SCRATCH/pf.err" &&
		pass "list --format json: ports_from, the file read or the documented default" ||
		fail "json ports_from" "$(cat "$SCRATCH/pf.err")"
fi

# --keep ssh: the services exposed go, the local ones stay; cups.socket goes
# with cups.service, which it starts
sel() { $DEAFEN --root "$root" plan "$@" --stat 2> "$SCRATCH/sel.err" | awk '{print $2}' | sort | tr '\n' ' ' | sed 's/ $//'; }
got=$(sel --keep ssh)
want="cups.service cups.socket discard ftp isc-dhcp-server login minidlna.service munin-node.service nagios-nrpe-server.service nbd-server nmbd.service slapd smbd.service snmptrapd.service snmptrapd.socket squid.service tftp tinyproxy.service vsftpd.service"
[ "$got" = "$want" ] && pass "plan --keep ssh: the exposed services (slapd, nbd-server, munin-node... too), and cups.socket with the cups.service it starts; no local one" ||
	fail "plan --keep ssh selects '$got', expected '$want'" "$(cat "$SCRATCH/sel.err")"
grep -qx 'deafen: local memcached.service not exposed (127.0.0.1:11211/tcp): --keep leaves it' "$SCRATCH/sel.err" &&
	grep -qx 'deafen: local /run/finger.sock not exposed (/run/finger.sock): --keep leaves it' "$SCRATCH/sel.err" &&
	[ "$(grep -c '^deafen: local ' "$SCRATCH/sel.err")" -eq 10 ] &&
	pass "plan --keep ssh says each local service it leaves, with where it listens" ||
	fail "plan --keep ssh: the local services not said" "$(cat "$SCRATCH/sel.err")"
got=$(sel --disable rsync,seq-test.socket,telnet,memcached)
[ "$got" = "memcached.service rsync seq-test.socket telnet" ] && pass "plan --disable rsync,seq-test.socket,telnet,memcached: a local service named is disabled" ||
	fail "plan --disable of local services selects '$got'" "$(cat "$SCRATCH/sel.err")"
got=$(sel --keep ssh --disable in.fingerd)
[ "$got" = "/run/finger.sock cups.service cups.socket discard ftp isc-dhcp-server login minidlna.service munin-node.service nagios-nrpe-server.service nbd-server nmbd.service slapd smbd.service snmptrapd.service snmptrapd.socket squid.service tftp tinyproxy.service vsftpd.service" ] &&
	pass "plan --keep ssh --disable in.fingerd: the unix entry only when named (by its daemon)" ||
	fail "plan --keep ssh --disable in.fingerd selects '$got'" "$(cat "$SCRATCH/sel.err")"

# a port number read from a daemon's file selects it (the name rule's port expansion)
got=$(sel --disable 11211)
[ "$got" = "memcached.service" ] && pass "plan --disable 11211: memcached, its port read from memcached.conf" ||
	fail "plan --disable 11211 selects '$got'" "$(cat "$SCRATCH/sel.err")"

# harden (keep ssh) leaves the local services enabled, and closes the exposed ones
h=$(copy_root $FIX)
if run "harden" 0 $DEAFEN --root "$h" --backup-dir "$SCRATCH/bk" harden --yes; then
	w=$h/etc/systemd/system
	[ -L "$w/multi-user.target.wants/memcached.service" ] && [ -L "$w/sockets.target.wants/local-cache.socket" ] &&
		grep -q '^127.0.0.1:telnet' "$h/etc/inetd.conf" && grep -q '^/run/finger.sock' "$h/etc/inetd.conf" &&
		grep -q 'disable.*= no' "$h/etc/xinetd.d/rsync" &&
		[ -L "$w/multi-user.target.wants/redis-server.service" ] && grep -q '^#<off># ftp' "$h/etc/inetd.conf" &&
		[ ! -e "$w/multi-user.target.wants/squid.service" ] && [ ! -e "$h/etc/rc2.d/S01slapd" ] &&
		pass "harden --yes: memcached, redis (127.0.0.1 and ::1, redis.conf:87), local-cache.socket, 127.0.0.1:telnet, the unix entry, rsync on loopback stay; squid, ftp, slapd go" ||
		fail "harden --yes: the local services" "$out
$err
$(ls "$w/multi-user.target.wants" "$h/etc/rc2.d"; cat "$h/etc/inetd.conf" "$h/etc/xinetd.d/rsync")"
fi

# list --verdict local, and the default view shows the enabled local ones
if run "--verdict local" 0 $DEAFEN --root "$root" list --verdict local; then
	got=$(printf '%s\n' "$out" | sed 1d | awk '{print $1}' | tr '\n' ' ')
	[ "$got" = "telnet echo /run/finger.sock daytime chargen-local rsync cups.socket local-cache.socket memcached.service redis-server.service seq-test.socket " ] &&
		pass "list --verdict local: the enabled local services (syslog.socket is static: --all)" ||
		fail "list --verdict local: '$got'" "$out"
fi

# JSON: the address of each port, the paths as sockets
if run "json" 0 $DEAFEN --root "$root" --format json list --all; then
	printf '%s\n' "$out" > "$SCRATCH/list.json"
	if python3 - "$SCRATCH/list.json" > "$SCRATCH/py" 2>&1 <<'PY'
import json, sys
S = {s["name"]: s for s in json.load(open(sys.argv[1]))["services"]}
want = {
    "telnet": ([{"port": 23, "proto": "tcp", "address": "127.0.0.1"}], []),
    "echo": ([{"port": 7, "proto": "tcp", "address": "::1"}], []),
    "discard": ([{"port": 9, "proto": "tcp", "address": None}], []),
    "/run/finger.sock": ([], ["/run/finger.sock"]),
    "local-cache.socket": ([{"port": 11311, "proto": "tcp", "address": "127.0.0.1"},
                            {"port": 11311, "proto": "tcp", "address": "::1"}], []),
    "syslog.socket": ([], ["/run/systemd/journal/syslog"]),
}
bad = [(n, S[n]["ports"], S[n]["sockets"]) for n, (p, k) in want.items()
       if S[n]["ports"] != p or S[n]["sockets"] != k]
bad += [(n, "network") for n in ("/run/finger.sock", "syslog.socket", "seq-test.socket") if S[n]["network"]]
bad += [(n, "verdict") for n in ("telnet", "syslog.socket") if S[n]["verdict"] != "local"]
print(bad)
sys.exit(1 if bad else 0)
PY
	then
		pass "list --format json: ports with their address (null: every address), UNIX-domain sockets as paths, not network"
	else
		fail "list --format json: ports and sockets" "$(cat "$SCRATCH/py")"
	fi
fi

finish
