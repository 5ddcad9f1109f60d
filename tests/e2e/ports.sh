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

# fixtures/debian12 (#16 Acceptance): `list` against what each daemon's default
# configuration says, as its Debian 12 package ships it (fixtures/debian12/CONFIGS.sh;
# FILE:LINE below are lines of the fixture's files, copies of the packages')
d12='exim4|25/tcp|disable|exim4-base 4.96: no file of the package sets an address (update-exim4.conf.conf is written at install): exim(8) every address, 25 (/etc/services smtp); see D12_KNOWN
isc-dhcp-server|67/udp|disable|etc/dhcp/dhcpd.conf (isc-dhcp-server 4.4.3): no local-port, no local-address (stock lens Dhcpd): dhcpd.conf(5) 67/udp, every address
nbd-server|10809/tcp|disable|nbd-server 3.24 ships no config (its postinst writes /etc/nbd-server/config): nbd-server(5) port 10809
slapd|389/tcp,/var/run/slapd/ldapi|disable|etc/default/slapd:24 SLAPD_SERVICES="ldap:/// ldapi:///" (slapd(8) -h: ldap 389 every address, ldapi socket)
tftpd-hpa|69/udp|dangerous|tftpd-hpa 5.2: TFTP_ADDRESS=":69" (its debconf default for /etc/default/tftpd-hpa; in.tftpd(8) --address)
apache2.service|80/tcp|disable|etc/apache2/ports.conf:5 Listen 80 (:8, :12 Listen 443 only with mod_ssl, not enabled by default)
avahi-daemon.service|5353/udp|disable|etc/avahi/avahi-daemon.conf:25-26 use-ipv4=yes, use-ipv6=yes; avahi-daemon(8) mDNS 5353/udp
avahi-daemon.socket|/run/avahi-daemon/socket|local|lib/systemd/system/avahi-daemon.socket:22 ListenStream=/run/avahi-daemon/socket
chrony.service|127.0.0.1:323/udp,[::1]:323/udp|local|etc/chrony/chrony.conf (chrony 4.3): no allow, peer or broadcast, so no NTP port (chrony.conf(5) port); cmdport 323 on 127.0.0.1 and ::1 (bindcmdaddress); no file in confdir etc/chrony/conf.d (chrony.sh: the same as chronyd)
cups.service|localhost:631/tcp|local|etc/cups/cupsd.conf:18 Listen localhost:631, :19 Listen /run/cups/cups.sock (cupsd.conf.default of cups-daemon 2.4.2; stock lens Cups)
cups.socket|/run/cups/cups.sock|local|lib/systemd/system/cups.socket:6 ListenStream=/run/cups/cups.sock
dovecot.service|143/tcp,993/tcp,110/tcp,995/tcp|disable|etc/dovecot/dovecot.conf:30 #listen = *, :: (every address); etc/dovecot/conf.d/10-master.conf:19 #port = 143, :22 993, :40 110, :43 995 (stock lens Dovecot; served with dovecot-imapd, dovecot-pop3d)
dovecot.socket|143/tcp,993/tcp|disable|lib/systemd/system/dovecot.socket:7-10 ListenStream=0.0.0.0:143, [::]:143, 0.0.0.0:993, [::]:993
haproxy.service|-|disable|etc/haproxy/haproxy.cfg (haproxy 2.6.12): global and defaults only, no frontend, no bind line: nothing listens (a network daemon: knowledge.tab)
lighttpd.service|80/tcp|disable|etc/lighttpd/lighttpd.conf:14 server.port = 80, no server.bind (every address)
mariadb.service|127.0.0.1:3306/tcp|local|etc/mysql/mariadb.conf.d/50-server.cnf:27 bind-address = 127.0.0.1, port commented out: 3306 (stock lens MySQL)
mariadb.socket|@mariadb,/run/mysqld/mysqld.sock,3306/tcp|disable|lib/systemd/system/mariadb.socket:23-25 ListenStream=@mariadb, /run/mysqld/mysqld.sock, 3306
memcached.service|127.0.0.1:11211/tcp|local|etc/memcached.conf:26 -p 11211, :35 -l 127.0.0.1 (stock lens Memcached)
minidlna.service|8200/tcp,1900/udp|disable|etc/minidlna.conf:74 port=8200; minidlnad(8) SSDP 1900/udp
munin-node.service|4949/tcp|disable|etc/munin/munin-node.conf:59 host *, :63 port 4949
nagios-nrpe-server.service|5666/tcp|disable|etc/nagios/nrpe.cfg:52 server_port=5666, :61 #server_address=127.0.0.1 (commented: every address; stock lens Nrpe)
named.service|53/tcp,53/udp|dangerous|etc/bind/named.conf.options:23 listen-on-v6 { any; }; named.conf(5) listen-on default any, port 53 (rndc 953 on loopback not listed)
nfs-server.service|2049/tcp,2049/udp|dangerous|rpc.nfsd(8): 2049, every address (nfs-kernel-server 2.6.2 ships no nfs.conf [nfsd] port)
nginx.service|80/tcp|disable|etc/nginx/sites-available/default:22 listen 80 default_server, :23 listen [::]:80
nmbd.service|137/udp,138/udp|disable|nmbd(8): 137/udp, 138/udp (etc/samba/smb.conf: no interfaces, no bind interfaces only)
postfix.service|25/tcp|disable|etc/postfix/master.cf:12 smtp inet n - y - - smtpd; postconf(5) inet_interfaces = all
proftpd.service|21/tcp|dangerous|etc/proftpd/proftpd.conf:46 Port 21 (proftpd-core 1.3.8 template)
proftpd.socket|21/tcp|dangerous|lib/systemd/system/proftpd.socket:12 ListenStream=21
redis-server.service|127.0.0.1:6379/tcp,[::1]:6379/tcp|local|etc/redis/redis.conf:87 bind 127.0.0.1 -::1, :138 port 6379 (stock lens Redis, those lines cut out)
rpcbind.service|111/tcp,111/udp|dangerous|etc/default/rpcbind:6 OPTIONS="-w" (no -h: every address); rpcbind(8) 111
rpcbind.socket|/run/rpcbind.sock,111/tcp,111/udp|dangerous|lib/systemd/system/rpcbind.socket:6 ListenStream=/run/rpcbind.sock, :10-13 0.0.0.0:111 and [::]:111 stream and datagram
samba-ad-dc.service|53/tcp,53/udp,88/tcp,88/udp,135/tcp,137/udp,138/udp,139/tcp,389/tcp,389/udp,445/tcp,464/tcp,464/udp,636/tcp,3268/tcp,3269/tcp|disable|samba(8) as an AD DC: the Samba wiki'"'"'s AD DC port usage (no smb.conf of the package provisions a DC)
smbd.service|139/tcp,445/tcp|disable|etc/samba/smb.conf (samba-common 4.17.12): no smb ports (smb.conf(5): 445 139), :36 ;interfaces commented out (stock lens Samba)
snmpd.service|127.0.0.1:161/udp,[::1]:161/udp|local|etc/snmp/snmpd.conf:49 agentaddress 127.0.0.1,[::1] (snmpd.conf(5): udp 161; stock lens Spacevars)
squid.service|3128/tcp|disable|etc/squid/squid.conf:2106 http_port 3128 (stock lens Squid, the http_port lines cut out; etc/squid/conf.d/debian.conf sets none)
ssh.service|22/tcp|disable|sshd_config(5) Port 22, ListenAddress every address (openssh-server writes sshd_config at install, all commented)
ssh.socket|22/tcp|disable|lib/systemd/system/ssh.socket:7 ListenStream=22
tinyproxy.service|8888/tcp|disable|etc/tinyproxy/tinyproxy.conf:23 Port 8888, :30 #Listen 192.168.0.1 (commented: every address)
vsftpd.service|21/tcp|dangerous|etc/vsftpd.conf:14 listen=NO, :22 listen_ipv6=YES (every address, v4 too), no listen_port: 21 (stock lens Vsftpd)'
check_table "$TOP/fixtures/debian12" "debian12 " "$d12"
# D12_KNOWN: where the daemon on a real install listens elsewhere than `list` says, and
# why deafen cannot see it in the package's files; each errs on the side of exposed
# (--keep and harden disable it). Checked as deafen says it, so that a change shows.
d12known='exim4|25/tcp|disable|real: 127.0.0.1:25 and [::1]:25, dc_local_interfaces of update-exim4.conf.conf, written by exim4-config'"'"'s debconf at install: no package file says it
postgresql.service|5432/tcp|disable|real: postgresql.service runs /bin/true; the cluster postgresql@15-main listens on localhost:5432 (postgresql.conf written by pg_createcluster)
openvpn.service|1194/tcp,1194/udp|disable|real: openvpn.service runs /bin/true; openvpn@NAME instances listen as /etc/openvpn/NAME.conf says (the package ships none)
rsync.service|873/tcp|disable|real: not started: ConditionPathExists=/etc/rsyncd.conf, which rsync does not ship
nfs-mountd.service|2049/tcp,2049/udp|dangerous|real: rpc.mountd on a port the portmapper hands out (nfs.conf [mountd] port unset); 2049 is nfsd'"'"'s'
check_table "$TOP/fixtures/debian12" "debian12 (known: deafen errs on the exposed side) " "$d12known"

# dovecot and isc-dhcp-server read with the stock lenses Dovecot and Dhcpd (#16 §2), changed
dc=$(copy_root debian12)
sed -i 's/^#listen = \*, ::$/listen = 127.0.0.1, ::1/' "$dc/etc/dovecot/dovecot.conf"
sed -i '19s/#port = 143/port = 1143/' "$dc/etc/dovecot/conf.d/10-master.conf"
printf 'local-port 6767;\nlocal-address 192.0.2.1;\n' >> "$dc/etc/dhcp/dhcpd.conf"
d12changed='dovecot.service|127.0.0.1:1143/tcp,[::1]:1143/tcp,127.0.0.1:993/tcp,[::1]:993/tcp,127.0.0.1:110/tcp,[::1]:110/tcp,127.0.0.1:995/tcp,[::1]:995/tcp|local|dovecot.conf "listen = 127.0.0.1, ::1", 10-master.conf:19 "port = 1143" (inet_listener imap: its default alone replaced; imaps, pop3, pop3s keep theirs)
isc-dhcp-server|192.0.2.1:6767/udp|disable|dhcpd.conf "local-port 6767;", "local-address 192.0.2.1;"'
check_table "$dc" "debian12 changed " "$d12changed"
rm "$dc/etc/dovecot/dovecot.conf" "$dc/etc/dhcp/dhcpd.conf"
d12gone='dovecot.service|1143/tcp,993/tcp,110/tcp,995/tcp|disable|no dovecot.conf: 10-master.conf alone, every address
isc-dhcp-server|67/udp|disable|no dhcpd.conf: the default'
check_table "$dc" "debian12 files gone " "$d12gone"

# src/knowledge.tab (#16 §2): at least 80 daemon rows, each with its source; and some
# of the daemons it now knows, as units of their packages' names on a small root
KT=$TOP/src/knowledge.tab
rows=$(grep -v -E '^[[:space:]]*(#|$)' "$KT" | grep -c -v -E '^(need|access|listen)[[:space:]]*\|')
nosrc=$(grep -v -E '^[[:space:]]*(#|$)' "$KT" | awk -F'|' '!/^(need|access|listen)[ \t]*\|/ && (NF != 6 || $6 ~ /^[ \t]*$/)' | wc -l)
[ "$rows" -ge 80 ] && [ "$nosrc" -eq 0 ] && pass "knowledge.tab: $rows daemon rows (>= 80), each with its source" ||
	fail "knowledge.tab: $rows daemon rows, $nosrc without a source (want >= 80, 0)"
kr=$SCRATCH/known-root
mkdir -p "$kr/lib/systemd/system" "$kr/etc/systemd/system/multi-user.target.wants" "$kr/etc"
cp "$TOP/fixtures/debian12/etc/services" "$kr/etc/"
for u in xrdp:/usr/sbin/xrdp krb5-kdc:/usr/sbin/krb5kdc freeradius:/usr/sbin/freeradius spamd:/usr/sbin/spamd \
	prometheus-node-exporter:/usr/bin/prometheus-node-exporter mosquitto:/usr/sbin/mosquitto \
	distcc:/usr/bin/distccd haproxy:/usr/sbin/haproxy zabbix-agent:/usr/sbin/zabbix_agentd; do
	printf '[Unit]\nDescription=%s\n[Service]\nExecStart=%s\n[Install]\nWantedBy=multi-user.target\n' \
		"${u%%:*}" "${u#*:}" > "$kr/lib/systemd/system/${u%%:*}.service"
	ln -s "/lib/systemd/system/${u%%:*}.service" "$kr/etc/systemd/system/multi-user.target.wants/"
done
known='xrdp.service|3389/tcp|disable|knowledge.tab: ms-wbt-server xrdp; /etc/services ms-wbt-server 3389/tcp
krb5-kdc.service|88/tcp,88/udp|disable|knowledge.tab: kerberos krb5-kdc; /etc/services kerberos 88/tcp 88/udp
freeradius.service|1812/udp,1813/udp|disable|knowledge.tab: radius radius-acct freeradius; /etc/services radius 1812/udp, radius-acct 1813/udp
spamd.service|127.0.0.1:783/tcp|local|knowledge.tab listen line: spamd(1) --listen 127.0.0.1 --port 783 by default
prometheus-node-exporter.service|9100/tcp|disable|knowledge.tab listen line: --web.listen-address=:9100
mosquitto.service|127.0.0.1:1883/tcp,[::1]:1883/tcp|local|knowledge.tab listen line: mosquitto 2.0 without a listener binds loopback
distcc.service|3632/tcp|dangerous|knowledge.tab: distcc distccd, dangerous; /etc/services distcc 3632/tcp
haproxy.service|-|disable|knowledge.tab: haproxy, a network daemon whose ports are its frontends (none here)
zabbix-agent.service|10050/tcp|disable|knowledge.tab: zabbix-agent; /etc/services zabbix-agent 10050/tcp'
check_table "$kr" "known daemons " "$known"
# xrdp is a way in (an access line): --keep ssh keeps it, as it keeps ssh
got=$($DEAFEN --root "$kr" plan --keep ssh --stat 2> "$SCRATCH/kr.err" | awk '{print $2}' | sort | tr '\n' ' ')
[ "$got" = "distcc.service freeradius.service haproxy.service krb5-kdc.service prometheus-node-exporter.service zabbix-agent.service " ] &&
	grep -q '^deafen: keep xrdp.service .*a remote desktop (RDP)' "$SCRATCH/kr.err" &&
	pass "plan --keep ssh: the exposed known daemons go; xrdp (access: a remote desktop) and the local spamd, mosquitto stay" ||
	fail "plan --keep ssh on the known daemons: '$got'" "$(cat "$SCRATCH/kr.err")"

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
		printf '%s\n' "$err" | grep -qx 'deafen: etc/memcached.conf: read in C (its stock lens only for list --format xml)' &&
		printf '%s\n' "$err" | grep -qx 'deafen: etc/redis/redis.conf (the lines of port bind): read in C' &&
		! printf '%s\n' "$err" | grep -q 'lens Memcached.lns read' &&
		pass "-v: Debian 12's redis.conf and squid.conf read (their lines in C); memcached.conf read in C, not by its lens" ||
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
# read in C (daemonread.c): a line that sets a port in a form the reader does not
# know sends the file to its lens, which says why it cannot read it, with the line;
# a line the lens cannot read that sets nothing deafen reads does not hide the port
printf -- '-p 11212 x\n' > "$c/etc/memcached.conf"
printf 'listen_port=2121\nno_such_option=1\n' > "$c/etc/vsftpd.conf"
if run "-v read in C" 0 $DEAFEN -v --root "$c" list --all; then
	printf '%s\n' "$err" | grep -qx 'deafen: etc/memcached.conf:1: its stock lens cannot read it (augeas: Iterated lens matched less than it should): its daemon gets its default, on every address' &&
		printf '%s\n' "$out" | grep -q '^memcached.service .* 11211/tcp .*\[ports: the documented default (etc/memcached.conf: its stock lens cannot read it)\]$' &&
		pass "a memcached.conf line the reader in C does not know: its lens reads the file, the default and why" ||
		fail "read in C: a line it does not know" "$out$err"
	printf '%s\n' "$out" | grep -q '^vsftpd.service .* 192.0.2.7:2121/tcp\| 2121/tcp ' &&
		printf '%s\n' "$err" | grep -qx 'deafen: etc/vsftpd.conf: read in C (its stock lens only for list --format xml)' &&
		pass "a vsftpd.conf line its lens cannot read, that sets no port: listen_port=2121 read all the same" ||
		fail "read in C: a line that sets nothing deafen reads" "$out$err"
fi
run "xml of a file its lens cannot read" 0 $DEAFEN --root "$c" list --format xml &&
	printf '%s\n' "$out" | grep -q '<node label="nrpe.cfg"' &&
	pass "list --format xml: the daemon files through their lenses, one the lens cannot read no error of the root" ||
	fail "xml of a daemon file its lens cannot read" "$out$err"
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
