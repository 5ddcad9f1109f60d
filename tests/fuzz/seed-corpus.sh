#!/bin/sh
# seed-corpus.sh - (re)makes the seed-* files of tests/fuzz/corpus from the
# fixtures; crash-* files (regressions) and the scan samples are left alone.
# Needs ./deafen built (a real manifest comes from `deafen apply`).
# Run from the top of the tree: sh tests/fuzz/seed-corpus.sh
set -eu
C=tests/fuzz/corpus
F=fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seed() { # HARNESS NAME FILE [PREFIX-BYTE]
	mkdir -p "$C/$1"
	[ -f "$3" ] && [ "$(wc -c < "$3")" -le 16384 ] || return 0
	if [ $# -ge 4 ]; then
		{ printf "\\$(printf %03o "$4")"; cat "$3"; } > "$C/$1/seed-$2"
	else
		cp "$3" "$C/$1/seed-$2"
	fi
}
seed_text() { # HARNESS NAME TEXT
	mkdir -p "$C/$1"
	printf '%b' "$3" > "$C/$1/seed-$2"
}

rm -f "$C"/*/seed-*

# the lenses, and the tree loader with the file picked by the first byte
for fx in bigcat debian systemd; do
	seed fuzz_lens_inetd "$fx-inetd.conf" "$F/$fx/etc/inetd.conf"
	seed fuzz_tree "inetd-$fx" "$F/$fx/etc/inetd.conf" 0
	seed fuzz_tree "inetd-$fx-mask-redhat" "$F/$fx/etc/inetd.conf" 28
done
for f in $F/broken/*/root/etc/inetd.conf; do
	case $f in *nul*|*10mb*|*binary*) continue ;; esac
	n=$(basename "$(dirname "$(dirname "$(dirname "$f")")")")
	seed fuzz_lens_inetd "broken-$n" "$f"
done
for fx in debian redhat; do
	seed fuzz_lens_xinetd "$fx-xinetd.conf" "$F/$fx/etc/xinetd.conf"
	for f in "$F/$fx"/etc/xinetd.d/*; do
		seed fuzz_lens_xinetd "$fx-$(basename "$f")" "$f"
		seed fuzz_tree "xinetd-$fx-$(basename "$f")" "$f" 1
	done
done
for f in $F/broken/*xinetd*/root/etc/xinetd.d/* $F/broken/*xinetd*/root/etc/xinetd.conf; do
	case $f in *nul*|*binary*) continue ;; esac
	n=$(echo "$f" | sed 's|.*/broken/\([^/]*\)/.*|\1|')
	seed fuzz_lens_xinetd "broken-$n-$(basename "$f")" "$f"
done
# the changed nodes spliced against the whole put (fuzz_put): every
# fixture's xinetd files and inetd.conf under three edit seeds, and the
# corners by hand; the first byte picks the file (0 xinetd, 1 inetd.conf)
seed_put() { # NAME FILE WHICH SEED
	mkdir -p "$C/fuzz_put"
	[ -f "$2" ] && [ "$(wc -c < "$2")" -le 16384 ] || return 0
	{ printf "\\$(printf %03o "$3")\\$(printf %03o "$4")"; cat "$2"; } > "$C/fuzz_put/seed-$1"
}
for f in $F/*/etc/xinetd.d/* $F/*/root/etc/xinetd.d/* $F/*/*/root/etc/xinetd.d/* \
	$F/*/etc/inetd.conf $F/*/root/etc/inetd.conf $F/*/*/root/etc/inetd.conf; do
	[ -f "$f" ] || continue
	case $f in *nul*|*binary*|*10mb*) continue ;; esac
	case $f in */inetd.conf) w=1 ;; *) w=0 ;; esac
	n=$(echo "$f" | sed 's|^'"$F"'/||; s|/root/|-|; s|/etc/|-|; s|/|-|g')
	for s in 85 170 255; do seed_put "$n-$s" "$f" $w $s; done
done
seed_text fuzz_put x-no-disable '\0\125service a\n{\n\tport = 1\n}\n'
seed_text fuzz_put x-blanks-before-close '\0\125service a\n{\n\tdisable = no\n\n\n  \n}\n'
seed_text fuzz_put x-blanks-empty-block '\0\125service a\n{\n\n\n}\n'
seed_text fuzz_put x-crlf '\0\125service a\r\n{\r\n\tdisable = no\r\n\tport = 1\r\n}\r\n'
seed_text fuzz_put x-crlf-brace '\0\125service a\n{\n\tdisable = no\r\n}\n'
seed_text fuzz_put x-no-last-newline '\0\125service a\n{\n\tdisable = no\n}'
seed_text fuzz_put x-several '\0\125# x\nservice a\n{\n\tdisable = no\n}\n\nservice b {\n  port=2\n}\ndefaults\n{\n}\nservice c\n\n{\n\tDisable\t=\tno  \n\tdisable = no\n}\n'
seed_text fuzz_put x-spelled '\0\252service a\n{\n\tDISABLE = no\n\t# c\n\tDisable = yes\n}\n'
seed_text fuzz_put x-ops '\0\377service a\n{\n\tlog_on_failure += USERID\n\tx -= y\n\tserver_args =\n\tdisable=no\n}\n'
seed_text fuzz_put x-includes '\0\125includedir /etc/xinetd.d\ninclude /x\nservice a\n{\n\tdisable = no\n}\n'
seed_text fuzz_put x-brace-same-line '\0\125service a {  \n\tdisable = no\n  }  \n'
seed_text fuzz_put x-close-name '\0\125service }\n{\n\tdisable = no\n}\n'
seed_text fuzz_put i-continuation '\1\377telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd -h\n#<off># ftp stream tcp nowait root /usr/sbin/tcpd in.ftpd\n'
seed_text fuzz_put i-crlf '\1\377telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\r\n# c\r\n'
seed_text fuzz_put i-no-last-newline '\1\377telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd # x'
seed_text fuzz_put i-address '\1\125127.0.0.1:\n*:ftp stream tcp nowait root /usr/sbin/tcpd in.ftpd\n\n#<off>#   echo stream tcp nowait root internal\n/run/s stream unix nowait root /bin/x x\n'
# more entries than inetd.c puts at once from copies (AT_ONCE)
{ printf '\001\125'; i=0; while [ $i -lt 520 ]; do
	printf 'svc%d stream tcp nowait root /usr/sbin/tcpd in.svc%d\n' $i $i; i=$((i + 1)); done
} > "$C/fuzz_put/seed-i-many-entries"
# every fixture's init scripts, once, in initscripts/: the seeds of both
# fuzz_headers (the header cutter) and fuzz_lens_initscript (run.sh gives
# them that directory too; make check replays every directory anyway)
for fx in bigcat debian redhat systemd; do
	for f in "$F/$fx"/etc/init.d/*; do
		[ -L "$f" ] && continue
		seed initscripts "$fx-$(basename "$f")" "$f"
	done
done
# the header cutter's odd ones: header-like lines in the body, an unclosed block, no last newline, a NUL
seed_text fuzz_headers odd-body '#!/bin/sh\nset -e\n### BEGIN INIT INFO\n# Provides: a\n#\tcont\n#\n# Foo bar\n#Foo: x\n# 9: y\n\n### END INIT INFO\ncat <<EOF\n# chkconfig: on\n### BEGIN INIT INFO\nEOF\n'
seed_text fuzz_headers unclosed '#!/bin/sh\n# chkconfig: 2345 10 90\n# description: x \\\n#   y\n### BEGIN INIT INFO\n# Provides: b\nexec b\n'
seed_text fuzz_headers no-newline '### BEGIN INIT INFO\n### END INIT INFO'
seed_text fuzz_headers nul '# pidfile: /a\0# chkconfig: 1 2 3\n'
for f in $F/debian/etc/init.d/ssh $F/debian/etc/init.d/openbsd-inetd $F/redhat/etc/init.d/httpd \
	 $F/redhat/etc/init.d/portmap $F/bigcat/etc/rc.d/init.d/sshd; do
	seed fuzz_tree "initscript-$(basename "$f")" "$f" 2
	seed fuzz_tree "initscript-$(basename "$f")-redhat" "$f" 26
done
for f in $F/broken/*initscript*/root/etc/init.d/* $F/broken/*chkconfig*/root/etc/init.d/*; do
	case $f in *binary*) continue ;; esac
	n=$(echo "$f" | sed 's|.*/broken/\([^/]*\)/.*|\1|')
	seed fuzz_lens_initscript "broken-$n" "$f"
done
for f in $F/systemd/lib/systemd/system/* $F/systemd/etc/systemd/system/*; do
	[ -f "$f" ] && [ ! -L "$f" ] || continue
	seed fuzz_lens_unit "$(basename "$f")" "$f"
done
for u in ssh.service cups.socket cups.service avahi-daemon.socket openbsd-inetd.service; do
	f=$F/systemd/lib/systemd/system/$u
	seed fuzz_tree "unit-$u" "$f" 3
	seed fuzz_tree "unit-$u-mask" "$f" 7
done

# the readers in C against their lenses, and the shell variables reader
# (first line: the variable)
seed_readers() {
	for f in $F/*/etc/services $F/names/*/etc/services $F/broken/*services*/root/etc/services; do
		seed fuzz_services "$(echo "$f" | sed 's|^fixtures/||; s|/|-|g')" "$f"
	done
	for f in $F/systemd/lib/systemd/system/* $F/systemd/etc/systemd/system/* \
		$F/debian12/lib/systemd/system/* $F/debian12/lib/systemd/system/*.d/* $F/ports/lib/systemd/system/*; do
		[ -f "$f" ] && [ ! -L "$f" ] || continue
		seed fuzz_unitfile "$(echo "$f" | sed 's|^fixtures/||; s|/|-|g')" "$f"
	done
	seed_text fuzz_unitfile continued '[Service]\nExecStart=/bin/a \\\n  -b \\\n  -c\nX=\n  ; c\n[Install]\nWantedBy = a.target  \n'
	for f in $F/debian12/etc/default/* $F/ports/etc/default/*; do
		[ -f "$f" ] || continue
		mkdir -p "$C/fuzz_shellvars"
		{ sed -n 's/^\(export \)*\([A-Za-z_][A-Za-z0-9_]*\)=.*/\2/p' "$f" | head -n 1; cat "$f"; } \
			> "$C/fuzz_shellvars/seed-$(basename "$f")"
	done
	seed_text fuzz_shellvars quotes 'A\nA="x y"\n  export A='"'"'a "b" c'"'"'\nA=1;B=2\nA="multi\nline" # c\nA=\\"x\n'
}
seed_readers

# the daemons' listen settings read in C against their stock lenses: the
# first byte picks the setting (the table of fuzz_daemonread.c), the rest
# is the file; redis.conf and squid.conf (100 KB, 340 KB): their first 100
# lines and the lines that set it (what the reader and the cut read)
dseed() { # INDEX NAME FILE [WORDS]
	[ -f "$3" ] || return 0
	mkdir -p "$C/fuzz_daemonread"
	{
		printf "\\$(printf %03o "$1")"
		if [ $# -ge 4 ]; then
			head -n 100 "$3"
			grep -E "^[[:blank:]]*($4)([[:blank:]]|\$)" "$3"
		else
			cat "$3"
		fi
	} > "$C/fuzz_daemonread/seed-$2"
}
dtext() { # INDEX NAME TEXT
	mkdir -p "$C/fuzz_daemonread"
	{ printf "\\$(printf %03o "$1")"; printf '%b' "$3"; } > "$C/fuzz_daemonread/seed-$2"
}
seed_daemons() {
	for fx in debian12 ports; do
		e=$F/$fx/etc
		dseed 0 "$fx-memcached-p" "$e/memcached.conf"
		dseed 1 "$fx-memcached-l" "$e/memcached.conf"
		dseed 2 "$fx-redis-port" "$e/redis/redis.conf" 'port|bind'
		dseed 3 "$fx-redis-bind" "$e/redis/redis.conf" 'port|bind'
		dseed 4 "$fx-squid" "$e/squid/squid.conf" 'http_port'
		dseed 5 "$fx-vsftpd-port" "$e/vsftpd.conf"
		dseed 6 "$fx-vsftpd-address" "$e/vsftpd.conf"
		dseed 7 "$fx-nrpe-port" "$e/nagios/nrpe.cfg"
		dseed 8 "$fx-nrpe-address" "$e/nagios/nrpe.cfg"
		dseed 9 "$fx-samba-ports" "$e/samba/smb.conf"
		dseed 10 "$fx-samba-interfaces" "$e/samba/smb.conf"
		dseed 11 "$fx-dhcpd-port" "$e/dhcp/dhcpd.conf"
		dseed 12 "$fx-dhcpd-address" "$e/dhcp/dhcpd.conf"
		dseed 13 "$fx-dovecot-master" "$e/dovecot/conf.d/10-master.conf"
		dseed 14 "$fx-dovecot-listen" "$e/dovecot/dovecot.conf"
		dseed 15 "$fx-mariadb-port" "$e/mysql/mariadb.conf.d/50-server.cnf"
		dseed 16 "$fx-mariadb-bind" "$e/mysql/mariadb.conf.d/50-server.cnf"
		dseed 17 "$fx-cups" "$e/cups/cupsd.conf"
		dseed 18 "$fx-snmpd" "$e/snmp/snmpd.conf"
		dseed 19 "$fx-dovecot-imap" "$e/dovecot/conf.d/10-master.conf"
		dseed 20 "$fx-dovecot-pop3s" "$e/dovecot/conf.d/10-master.conf"
		for k in 19:port 20:bindaddress 21:cmdport 22:bindcmdaddress 23:include 24:allow \
			25:peer 26:broadcast 27:confdir 28:sourcedir; do
			dseed "${k%%:*}" "$fx-chrony-${k#*:}" "$e/chrony/chrony.conf"
		done
	done
	# odd ones, by hand: what ports.sh writes, and forms each reader must refuse or read
	dtext 0 odd-memcached '# c\n-p 11212 # a comment\n-p\n-p   \n-l 0.0.0.0\n-p11211\n'
	dtext 1 odd-memcached-l '-l 127.0.0.1\n -l 10.0.0.1\n-l 1.2.3.4 x\nlogfile /var/log/m.log\n'
	dtext 2 odd-redis 'port 6380\nbind 127.0.0.1 -::1 {\n'
	dtext 3 odd-redis-bind '  bind 127.0.0.1 -::1\nbind "::1"\nport 6379 # no\nbind\nbind 10.0.0.1\t::\n'
	dtext 4 odd-squid 'http_port 127.0.0.1:3129\nhttp_port 8080 transparent  \n  http_port  [::1]:3128\nhttp_port\n'
	dtext 5 odd-vsftpd 'listen=NO\nlisten_port=2121\nlisten_port=21 \n listen_port=3\nlisten_address=192.0.2.7\n'
	dtext 8 odd-nrpe 'server_port=5666\nserver_address = 127.0.0.1\nserver_address=a b  c\n#server_address=1\ninclude_dir=/etc/nagios/nrpe.d/\ncommand[x]=/bin/true\n'
	dtext 9 odd-samba '[global]\n   smb ports = 445 139 ; comment\n   smb ports =\n[homes]\n   smb ports = 1\n[global]\nsmb ports=446\n'
	dtext 10 odd-samba-interfaces '[global]\n   interfaces = lo 127.0.0.1/8\n   bind interfaces only = yes\n[printers]\n   interfaces = eth0\n[global]\n   interfaces = eth1\n   bind interfaces only = no\n'
	dtext 11 odd-dhcpd 'option domain-name "a;{b}";\nlocal-port 6767;\nsubnet 10.0.0.0 netmask 255.0.0.0 {\n  local-port 1;\n}\nlocal-port 68 ; # c\n'
	dtext 12 odd-dhcpd-address 'local-address 192.0.2.1;\nddns-update-style none; local-address 10.0.0.1;\n'
	dtext 13 odd-dovecot 'service imap-login {\n  inet_listener imap {\n    port = 1143\n  }\n  inet_listener imaps {\n    #port = 993\n    port =\n  }\n}\nservice lmtp {\n  unix_listener lmtp {\n    mode = 0600\n  }\n}\nprotocol imap {\n  listen = 10.0.0.1\n}\n'
	dtext 19 odd-dovecot-imap 'service imap-login {\n  inet_listener imap {\n    port = 1143\n  }\n  inet_listener  imaps  {\n    port = 1993\n  }\n}\nservice imap {\n  inet_listener imap {\n    port = 2143\n  }\n}\n'
	dtext 20 odd-dovecot-pop3s 'service pop3-login {\n  inet_listener pop3s {\n    port = 1995\n  }\n  inet_listener "pop3s" {\n  }\n}\n'
	dtext 14 odd-dovecot-listen '!include_try /usr/share/dovecot/protocols.d/*.protocol\nlisten = 127.0.0.1, ::1\nauth_username_format = %%{user}\n!include conf.d/*.conf\n'
	dtext 15 odd-mariadb '# c\n[client]\nport = 1\n[mysqld]\nport\t\t= 3307\nskip-networking\nport: 3308 # c\nbind-address = 127.0.0.1\n!includedir /etc/mysql/conf.d/\n'
	dtext 17 odd-cups 'Listen localhost:631\nListen /run/cups/cups.sock\nPort 632\n<Location />\n  Listen 1\n  Order allow,deny\n</Location>\nListen 0.0.0.0:631 [::]:631\n'
	dtext 24 odd-chrony-allow 'allow\nallow all\n  allow 10.0.0.0/8\nallow all ::/0\nAllow 1.2.3\n! allow 9.9.9.9\ndeny 1.2.3.4\nallowed 1\n'
	dtext 19 odd-chrony-port 'port 1123\n  port\t0  \ncmdport 0\nport 123 # c\n'
	dtext 25 odd-chrony-peer 'peer 127.0.0.2 iburst\npeer\nserver 10.0.0.1\npeer ntp.example.org minpoll 4\n'
	dtext 26 odd-chrony-broadcast 'broadcast 30 192.168.1.255\nbroadcast 60 ff02::101 123\nbroadcast 30\n'
	dtext 27 odd-chrony-confdir 'confdir /etc/chrony/conf.d /usr/lib/chrony/conf.d\nsourcedir /run/chrony-dhcp\nconfdir\n'
	dtext 22 odd-chrony-bindcmd 'bindcmdaddress 0.0.0.0\nbindcmdaddress ::\nbindcmdaddress /var/run/chrony/chronyd.sock\nbindaddress 192.0.2.1\n'
	dtext 18 odd-snmpd 'agentaddress  127.0.0.1,[::1]\nagentaddress udp:161,tcp6:[::1]:1161 \n  agentaddress 1\nagentaddress\n'
}
seed_daemons

# the policy file
for f in $F/broken/*policy*/policy; do
	case $f in *nul*) continue ;; esac
	seed fuzz_policy "broken-$(basename "$(dirname "$f")")" "$f"
done
seed_text fuzz_policy keep 'keep ssh\n'
seed_text fuzz_policy bigcat '# the seed s host\nkeep ssh\nkeep x11\t# X\nkeep printer\nkeep netbios-ssn\n'
seed_text fuzz_policy disable-crlf 'disable telnet\r\ndisable rpcbind\r\n'
seed_text fuzz_policy mixed '  keep\tssh  \n\ndisable finger # no\n#keep all\nkeep 22\n'

# names: k = --keep, d = --disable, m = --mask, else a name looked up
seed_text fuzz_names keep 'kssh,x11,printer,netbios-ssn\n'
seed_text fuzz_names disable 'dtelnet,rpcbind,finger\nm\n'
seed_text fuzz_names both 'kssh\ndssh\n'
seed_text fuzz_names lookups 'telnet\nsmtp\npostfix\nexim4\n22\nnetbios-ssn\nsshd\nportmap\nsunrpc\n'
seed_text fuzz_names unknown 'kssh,nosuchservice\n'
seed_text fuzz_names units 'dcups\nm\ncups.socket\nssh.service\n'
seed_text fuzz_names families 'dsamba\nkwww,vpn\ndmta\nnfs\n7\n2222\n65535\n0\n99999\nrsh\ndftp,shell\nkmail\nd513,514\ninetd\n'

# the JSON and XML writer: a line's first byte picks the calls around it (fuzz_json.c)
seed_text fuzz_json latin1 'etc/xinetd.d/sw\351t\ncaf\351\n1caf\351d\n3sw\351t\n'
seed_text fuzz_json control 'x\033[2J\n\001\002\003\004\n1\177\x7f\n3\t\r\n\033\n'
seed_text fuzz_json markup '<a href="x">&amp;</a>\n]]>\n\047q\047 "dq" \\\\ b\\\\s\n3<&>\n1"\\\\\n'
seed_text fuzz_json utf8-bad '\300\257\n\340\200\257\n3\355\240\200\n\364\220\200\200\n1\342\202\n\200\n\377\376\n'
seed_text fuzz_json utf8-good 'caf\303\251\n3\342\202\254\n\360\237\230\200\n\357\277\276\357\277\277\n\302\205\n'
seed_text fuzz_json nesting '1a\n1b\n1c\n1d\n1e\n1f\n1g\n1h\n1i\n1j\n1k\n1l\n1m\n2x\n5y\n3z\n4w\n'
seed_text fuzz_json empty '\n\n1\n3\n5\n'

# report's reader (fuzz_report.c): what list, scan, verify, backups write, one after the other
if [ -x ./deafen ]; then
	cp -a $F/debian "$tmp/rroot"
	./deafen --root "$tmp/rroot" --format json list > "$tmp/r.list" 2>/dev/null || :
	seed fuzz_report list-debian "$tmp/r.list"
	./deafen --root "$tmp/rroot" --format json verify > "$tmp/r.verify" 2>/dev/null || :
	seed fuzz_report verify-error "$tmp/r.verify"
	./deafen --root "$tmp/rroot" --backup-dir "$tmp/rbackups" apply --no-reload --no-confirm \
		--disable telnet,bind9 >/dev/null 2>&1 || :
	mv "$tmp/rroot/etc/rc2.d/K02bind9" "$tmp/rroot/etc/rc2.d/S02bind9"
	{
		./deafen --root "$tmp/rroot" --backup-dir "$tmp/rbackups" --format json verify || :
		./deafen --root "$tmp/rroot" --backup-dir "$tmp/rbackups" --format json backups || :
	} > "$tmp/r.more" 2>/dev/null
	seed fuzz_report verify-backups "$tmp/r.more"
fi
seed_text fuzz_report scan '{"format_version": 1, "host": "h\\u00e9", "listeners": [{"port": 23, "proto": "tcp", "address": "*", "service": null, "pids": [1], "program": "inetd", "verdict": "dangerous", "where": {"file": "etc/inetd.conf", "line": 3, "link": null}, "provenance": "etc/inetd.conf:3"}]}\n'
seed_text fuzz_report strict '[1.5e3, -0, "\\ud83d\\ude00\\n", {"a": [true, false, null]}, {}] {"b": "x"} 12 "s"'
seed_text fuzz_report bad '{"format_version": 1, "services": [{"name": "x", "ports": [{"port": 1e99, "proto": 3}]}],}'

# a real manifest and journal, from apply on a copy of a fixture
if [ -x ./deafen ]; then
	cp -a $F/debian "$tmp/root"
	./deafen --root "$tmp/root" --backup-dir "$tmp/backups" apply --no-reload --no-confirm \
		--disable telnet,rpcbind,time >/dev/null 2>&1
	b=$(ls -d "$tmp"/backups/*/ | head -n 1)
	mkdir -p "$C/fuzz_manifest"
	{ cat "$b/manifest"; printf '\000'; cat "$b/journal"; } > "$C/fuzz_manifest/seed-debian"
	cp "$b/manifest" "$C/fuzz_manifest/seed-debian-no-journal"
	{ cat "$b/manifest"; printf '\000begin\ndone 0\ncomplete\nrolled-back\n'; } \
		> "$C/fuzz_manifest/seed-debian-rolled-back"
	head -n 5 "$b/manifest" > "$C/fuzz_manifest/seed-debian-cut"
	{ head -n 5 "$b/manifest"; printf '\000begin\n'; } > "$C/fuzz_manifest/seed-debian-cut-begun"
	sed 's|^file\tetc/inetd.conf|file\t../outside|' "$b/manifest" > "$C/fuzz_manifest/seed-path-escape"
	cp -a $F/systemd "$tmp/sroot"
	./deafen --root "$tmp/sroot" --backup-dir "$tmp/sbackups" apply --no-reload --no-confirm \
		--disable cups --mask >/dev/null 2>&1
	b=$(ls -d "$tmp"/sbackups/*/ | head -n 1)
	{ cat "$b/manifest"; printf '\000'; cat "$b/journal"; } > "$C/fuzz_manifest/seed-systemd-mask"
fi
seed_text fuzz_manifest escapes 'deafen-backup\t1\nid\tx\nroot\t/fuzz/root\npolicy\t--keep a\\\\tb\\n\nlistener\ttcp\t*\t23\t1\ttelnet\tetc/inetd.conf:3\tinetd\nrename\tetc/rc2.d\tS01x\tK01x\t../init.d/x\ndelete\tetc/systemd/system/multi-user.target.wants\tcups.path\t\t/lib/systemd/system/cups.path\ncreate\tetc/systemd/system\t\tcups.service\t/dev/null\nend\n\000begin\ndone 0\n'
