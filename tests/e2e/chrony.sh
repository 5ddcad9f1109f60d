#!/bin/sh
# chrony.sh - the ports deafen says chronyd listens on, against the real
# chronyd 4.3 of Debian 12 (unpacked by tests/deps.sh into
# /opt/deafen-test/chrony) started here on the same files: NTP only with an
# allow, a peer or a broadcast, per address family; port 0 and cmdport 0;
# confdir, sourcedir and include files. Each chronyd runs as root with -x
# (the clock untouched), no time source, on 127.0.0.1 and ::1 high ports,
# and is stopped by its pid. No traffic beyond loopback.
. "$(dirname "$0")/lib.sh"

CHRONYD=${CHRONYD:-/opt/deafen-test/chrony/usr/sbin/chronyd}
if [ ! -x "$CHRONYD" ] || [ "$(id -u)" != 0 ] || ! command -v ss > /dev/null; then
	skip "chrony against chronyd: needs root, ss and chronyd in /opt/deafen-test/chrony (sh tests/deps.sh)"
	finish
	exit
fi
sockets_alone
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2> /dev/null
	rm -rf "$SCRATCH"
}
trap cleanup EXIT INT TERM

P=$((40000 + ($$ % 2000) * 2)) Q=$((P + 1))
# without IPv6 loopback chronyd binds no ::1: the IPv4 listeners alone are
# compared, and no case opens IPv6 on every address
v6=1
grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2> /dev/null || v6=0
v4only() { if [ $v6 = 1 ]; then cat; else grep -v '^\['; fi; }

# what deafen says of chrony.service on ROOT: "ADDR:PORT/udp" a line, sorted
said() {
	$DEAFEN --root "$1" --format json list 2> /dev/null | python3 -c '
import json, sys
for s in json.load(sys.stdin)["services"]:
    if s["name"] == "chrony.service":
        for p in s["ports"]:
            a = p.get("address") or "*"
            print(("[%s]" % a if ":" in a else a) + ":%d/%s" % (p["port"], p["proto"]))' | v4only | sort
}

# what the chronyd of pid $pid listens on, as said() writes it
real() {
	ss -H -u -l -n -p 2> /dev/null | awk -v pid="pid=$pid," 'index($0, pid) { print $4 "/udp" }' | v4only | sort
}

# case NAME WANT: ROOT's chrony files given; deafen must say WANT (a line a
# listener, "-" for none) and chronyd, started on them, must listen on that
case_() {
	name=$1 want=$2
	got=$(said "$root")
	[ "$want" = - ] && want=
	if [ "$got" != "$(printf '%s\n' "$want" | sed '/^$/d')" ]; then
		fail "chrony $name: deafen says" "$(printf 'want:\n%s\ngot:\n%s' "$want" "$got")"
		return
	fi
	# chronyd reads the same files where they are in the scratch root
	sed "s|/etc/chrony|$root/etc/chrony|g" "$root/etc/chrony/chrony.conf" > "$root/chronyd.conf"
	printf 'pidfile %s/chronyd.pid\nbindcmdaddress /\n' "$root" >> "$root/chronyd.conf"
	"$CHRONYD" -d -x -u root -f "$root/chronyd.conf" > "$root/chronyd.log" 2>&1 &
	pid=$!
	i=0 now=
	while [ $i -lt 50 ]; do
		now=$(real)
		[ -n "$got" ] && [ "$now" = "$got" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	sleep 0.3 # anything it opens later shows too
	now=$(real)
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	pid=
	if [ "$now" = "$got" ]; then
		pass "chrony $name: deafen says what chronyd listens on ($(printf '%s' "${got:-none}" | tr '\n' ' '))"
	else
		fail "chrony $name: chronyd listens elsewhere" "$(printf 'deafen:\n%s\nchronyd:\n%s\nlog:\n%s' "$got" "$now" "$(cat "$root/chronyd.log")")"
	fi
}

# a fresh root of fixtures/debian12 (chrony 4.3's files), chrony.conf holding
# its own lines but its time sources and the files chronyd would write or
# read on this host (driftfile, ntsdumpdir, logdir: /var/lib, /var/log), then
# LINES (printf format) on loopback high ports
fresh() {
	root=$(copy_root debian12)
	binds="bindaddress 127.0.0.1\nbindcmdaddress 127.0.0.1\n"
	[ $v6 = 1 ] && binds="${binds}bindaddress ::1\nbindcmdaddress ::1\n"
	{
		grep -v -E '^(pool|server|peer|sourcedir|rtcsync|makestep|leapsectz|driftfile|ntsdumpdir|dumpdir|logdir|keyfile)' \
			"$TOP/fixtures/debian12/etc/chrony/chrony.conf"
		printf "port $P\ncmdport $Q\n$binds"
		printf "$1"
	} > "$root/etc/chrony/chrony.conf"
	mkdir -p "$root/etc/chrony/conf.d"
}

c4=127.0.0.1:$Q/udp c6= n4=127.0.0.1:$P/udp n6=
[ $v6 = 1 ] && c6="[::1]:$Q/udp" n6="[::1]:$P/udp"
cmd=$(printf '%s\n%s' "$c4" "$c6" | sort)

fresh ''
case_ "as Debian ships it (no allow)" "$cmd"
fresh 'allow 127.0.0.1\n'
case_ "allow 127.0.0.1 (IPv4 only)" "$(printf '%s\n%s' "$cmd" "$n4" | sort)"
if [ $v6 = 1 ]; then
	fresh 'allow\n'
	case_ "allow (every address)" "$(printf '%s\n%s\n%s' "$cmd" "$n4" "$n6" | sort)"
fi
fresh 'allow 127.0.0.1\nport 0\n'
case_ "allow, port 0" "$cmd"
fresh 'allow 127.0.0.1\ncmdport 0\n'
case_ "allow, cmdport 0" "$n4"
fresh ''
printf 'allow 10.0.0.0/8\n' > "$root/etc/chrony/conf.d/lan.conf"
case_ "allow in confdir's lan.conf" "$(printf '%s\n%s' "$cmd" "$n4" | sort)"
fresh 'confdir /etc/chrony/a /etc/chrony/b\n'
mkdir -p "$root/etc/chrony/a" "$root/etc/chrony/b"
printf '# nothing\n' > "$root/etc/chrony/a/x.conf"
printf 'allow\n' > "$root/etc/chrony/b/x.conf"
printf 'allow\n' > "$root/etc/chrony/b/x.conf.off"
case_ "confdir: of two x.conf the first directory's, *.conf only" "$cmd"
fresh 'sourcedir /etc/chrony/sources.d\n'
mkdir -p "$root/etc/chrony/sources.d"
printf 'peer 127.0.0.2 port %s\n' "$P" > "$root/etc/chrony/sources.d/p.sources"
case_ "a peer in sourcedir's p.sources" "$(printf '%s\n%s' "$cmd" "$n4" | sort)"
fresh 'include /etc/chrony/extra/*.conf\n'
mkdir -p "$root/etc/chrony/extra"
printf 'allow 127.0.0.0/8\n' > "$root/etc/chrony/extra/a.conf"
case_ "allow in an include glob's file" "$(printf '%s\n%s' "$cmd" "$n4" | sort)"
fresh 'broadcast 3600 127.255.255.255\n'
case_ "broadcast" "$(printf '%s\n%s' "$cmd" "$n4" | sort)"
if [ $v6 = 1 ]; then
	fresh 'allow ::1\n'
	case_ "allow ::1 (IPv6 only)" "$(printf '%s\n%s' "$cmd" "$n6" | sort)"
fi

# deafen's own reading, no chronyd: what chrony.conf says decides the verdict
root=$(copy_root debian12)
run "chrony: list" 0 $DEAFEN --root "$root" list &&
	{ printf '%s\n' "$out" | grep -Eq '^chrony.service +systemd +enabled +local +127\.0\.0\.1:323/udp,\[::1\]:323/udp ' &&
		pass "chrony as Debian 12 ships it: local (127.0.0.1:323/udp, [::1]:323/udp), --keep leaves it" ||
		fail "chrony: list" "$out"; }
printf 'allow 192.168.0.0/16\n' >> "$root/etc/chrony/chrony.conf"
run "chrony: plan" 0 $DEAFEN --root "$root" plan --keep ssh &&
	{ printf '%s\n' "$err" | grep -q 'disable chrony.service' &&
		pass "... with an allow line: an NTP server on 123/udp, disabled by plan --keep ssh" ||
		fail "chrony: plan" "$err"; }
printf 'port 123 # a comment\n' >> "$root/etc/chrony/chrony.conf"
run "chrony: unreadable" 0 $DEAFEN --root "$root" list &&
	{ printf '%s\n' "$out" | grep -Eq '^chrony.service .* 123/udp,127\.0\.0\.1:323/udp,\[::1\]:323/udp .*documented default \(etc/chrony/chrony.conf: its stock lens cannot read it\)' &&
		pass "a chrony.conf neither the reader nor the lens reads: the default, exposed (123/udp too), and why" ||
		fail "chrony: unreadable" "$out"; }

finish
