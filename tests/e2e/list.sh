#!/bin/sh
# list.sh - list's default view, its filters, the static state of systemd
# units, and lines that fit a terminal; on fixture copies and on a copy of
# this machine's /lib/systemd/system (read only there)
. "$(dirname "$0")/lib.sh"

# rows OUT: the table's rows, header left out
rows() { printf '%s\n' "$1" | sed 1d; }
nrows() { rows "$1" | grep -c .; }

root=$(copy_root systemd)

# the default view: what serves the network or might; the count on stderr
if run "default view" 0 $DEAFEN --root "$root" list; then
	printf '%s\n' "$out" | grep -Eq '^cron.service +systemd +enabled +unrecognized ' &&
	printf '%s\n' "$out" | grep -Eq '^telnet +inetd +disabled +dangerous ' &&
	printf '%s\n' "$out" | grep -Eq '^inetd.service .*\[super-server\]$' &&
	! printf '%s\n' "$out" | grep -q '^systemd-journald.socket ' &&
	[ "$(nrows "$out")" -eq 18 ] && ! printf '%s\n' "$out" | grep -q 'shown' &&
	printf '%s\n' "$err" | grep -qx 'deafen: 18 shown, 1 hidden (--all shows them)' &&
		pass "list: network services, enabled unrecognized ones and super-servers; 1 hidden, said on stderr" ||
		fail "default view" "$out
$err"
fi
if run "--all" 0 $DEAFEN --root "$root" list --all; then
	printf '%s\n' "$out" | grep -Eq '^systemd-journald.socket +systemd +static +local .*\(socket, static \(sockets.target\)\)' &&
	printf '%s\n' "$out" | grep -Eq '^rsync.service +systemd +masked ' &&
	[ "$(nrows "$out")" -eq 19 ] && printf '%s\n' "$err" | grep -qx 'deafen: 19 shown' &&
		pass "list --all: every service; a unit without [Install] is static, a masked one masked" ||
		fail "--all" "$out
$err"
fi
if run "--enabled" 0 $DEAFEN --root "$root" list --enabled; then
	[ "$(rows "$out" | awk '$3 != "enabled"' | grep -c .)" -eq 0 ] && [ "$(nrows "$out")" -eq 15 ] &&
		pass "list --enabled: the 15 enabled ones only" || fail "--enabled" "$out"
fi
if run "--verdict" 0 $DEAFEN --root "$root" list --verdict dangerous; then
	[ "$(rows "$out" | awk '{print $1}' | tr '\n' ' ')" = "telnet rpcbind.service rpcbind.socket " ] &&
		pass "list --verdict dangerous: telnet and rpcbind's units" || fail "--verdict" "$out"
fi
run "--verdict unrecognized --all" 0 $DEAFEN --root "$root" list --verdict unrecognized --all &&
	{ [ "$(rows "$out" | awk '{print $1}' | tr '\n' ' ')" = "cron.service " ] &&
		pass "list --verdict unrecognized --all: cron (journald's socket is on paths: local)" ||
		fail "--verdict unrecognized --all" "$out"; }
run "--verdict local --all" 0 $DEAFEN --root "$root" list --verdict local --all &&
	{ [ "$(rows "$out" | awk '{print $1 " " $5}' | tr '\n' ' ')" = "avahi-daemon.socket /run/avahi-daemon/socket cups.socket /run/cups/cups.sock systemd-journald.socket /run/systemd/journal/stdout,/run/systemd/journal/socket " ] &&
		pass "list --verdict local --all: the sockets on paths alone, shown as their paths" ||
		fail "--verdict local --all" "$out"; }
run "--verdict bad" 2 $DEAFEN --root "$root" list --verdict bogus &&
	pass "list --verdict bogus: usage error (exit 2)"
run "plan --all" 2 $DEAFEN --root "$root" plan --all --disable telnet &&
	pass "plan takes no --all (exit 2)"
if run "names" 0 $DEAFEN --root "$root" list telnet ssh; then
	[ "$(rows "$out" | awk '{print $1}' | tr '\n' ' ')" = "telnet ssh.service ssh.socket " ] &&
		pass "list telnet ssh: those services" || fail "names" "$out"
fi
run "unknown name" 2 $DEAFEN --root "$root" list telnet telent &&
	{ printf '%s\n' "$err" | grep -q "unknown service 'telent'" &&
		pass "list NAME: an unknown name is a usage error (exit 2)" || fail "unknown name" "$err"; }
# json and xml make the same choice as the text
if run "json" 0 $DEAFEN --root "$root" --format json list --verdict dangerous; then
	printf '%s\n' "$out" | python3 -c 'import json, sys; print(" ".join(s["name"] for s in json.load(sys.stdin)["services"]))' \
		> "$SCRATCH/names" 2>&1
	[ "$(cat "$SCRATCH/names")" = "telnet rpcbind.service rpcbind.socket" ] &&
		pass "list --format json: the same selection as the text" || fail "json" "$(cat "$SCRATCH/names")"
fi
run "json all" 0 $DEAFEN --root "$root" --format json list --all &&
	{ [ "$(printf '%s\n' "$out" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["services"]))')" = 19 ] &&
		pass "list --format json --all: every service" || fail "json all" "$out"; }
if run "xml" 0 $DEAFEN --root "$root" --format xml list; then
	[ "$(printf '%s\n' "$out" | xmllint --xpath 'count(/deafen/services/service)' -)" -eq 18 ] &&
	[ "$(printf '%s\n' "$out" | xmllint --xpath 'string(/deafen/services/service[name="rsync.service"]/state/state)' -)" = masked ] &&
		pass "list --format xml: the same selection, the state masked" || fail "xml" "$out"
fi

# a unit that only a timer, a socket or another unit pulls in
u="$root/lib/systemd/system"
printf '[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/fetchd\n' > "$u/fetch.service"
printf '[Timer]\nOnCalendar=daily\n[Install]\nWantedBy=timers.target\n' > "$u/fetch.timer"
printf '[Service]\nExecStart=/usr/bin/helperd\n' > "$u/helper.service"
printf '[Unit]\nWants=helper.service\n[Service]\nExecStart=/usr/bin/maind\n[Install]\nWantedBy=multi-user.target\n' > "$u/main.service"
printf '[Service]\nExecStart=/usr/bin/lonely\n' > "$u/lonely.service"
printf '[Socket]\nListenStream=7777\n' > "$u/echo7.socket"
printf '[Service]\nExecStart=/usr/bin/echo7\n' > "$u/echo7.service"
mkdir -p "$root/etc/systemd/system/timers.target.wants"
ln -s /lib/systemd/system/fetch.timer "$root/etc/systemd/system/timers.target.wants/fetch.timer"
if run "pulled" 0 $DEAFEN --root "$root" list --all; then
	printf '%s\n' "$out" | grep -Eq '^fetch.service +systemd +static .*\(service, static \(pulled in by fetch.timer\)\)' &&
	printf '%s\n' "$out" | grep -Eq '^helper.service +systemd +static .*\(service, static \(pulled in by main.service\)\)' &&
	printf '%s\n' "$out" | grep -Eq '^echo7.service +systemd +static .*\(service, static \(pulled in by echo7.socket\)\)' &&
	printf '%s\n' "$out" | grep -Eq '^echo7.socket +systemd +static .* 7777/tcp .*\(socket, static\)$' &&
	printf '%s\n' "$out" | grep -Eq '^lonely.service +systemd +static .*\(service, static\) \[no' &&
	printf '%s\n' "$out" | grep -Eq '^main.service +systemd +disabled ' &&
		pass "a static unit says what pulls it in: a timer, a socket, another unit's Wants=" ||
		fail "pulled" "$out"
fi
# on a static unit and the others, deafen's STATE is systemctl's
# is_enabled_all ROOT: each systemd row of list --all whose STATE differs from systemctl's
is_enabled_all() {
	$DEAFEN --root "$1" list --all 2> /dev/null | awk 'NR > 1 && $2 == "systemd" {print $1, $3}' |
		while read -r name state; do
			sc=$(SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$1" is-enabled "$name" 2> /dev/null)
			[ "$sc" = "$state" ] || printf '%s deafen %s systemctl %s\n' "$name" "$state" "$sc"
		done
}
if command -v systemctl > /dev/null; then
	bad=$(is_enabled_all "$root")
	[ -z "$bad" ] && pass "every unit's state of fixtures/systemd and the new ones is systemctl is-enabled's" ||
		fail "state differs from systemctl" "$bad"
fi

# a copy of this machine's /lib/systemd/system (Debian 12's): its static
# internals are static, and the default view is not flooded by them
if [ -d /lib/systemd/system ] && [ -f /lib/systemd/system/emergency.service ]; then
	host=$(mktemp -d "$SCRATCH/host.XXXXXX")
	mkdir -p "$host/lib/systemd" "$host/etc"
	cp -a /lib/systemd/system "$host/lib/systemd/"
	if run "host --all" 0 $DEAFEN --root "$host" list --all; then
		all=$(nrows "$out")
		static=$(rows "$out" | awk '$3 == "static"' | grep -c .)
		printf '%s\n' "$out" | grep -Eq '^emergency.service +systemd +static ' &&
		printf '%s\n' "$out" | grep -Eq '^rescue.service +systemd +static ' &&
		! rows "$out" | awk '$2 == "systemd" && $3 == "disabled"' | grep -Eq '^(initrd-|emergency|rescue)' &&
		[ "$static" -ge 20 ] &&
			pass "a copy of this host's /lib/systemd/system: $static of $all units static (emergency, rescue, initrd-*)" ||
			fail "host --all ($static static of $all)" "$out"
	fi
	if run "host default" 0 $DEAFEN --root "$host" list; then
		shown=$(nrows "$out")
		! printf '%s\n' "$out" | grep -Eq '^(initrd-|emergency|rescue|systemd-)' &&
		[ "$shown" -le 10 ] && [ "$all" -ge 40 ] &&
		printf '%s\n' "$err" | grep -qx "deafen: $shown shown, $((all - shown)) hidden (--all shows them)" &&
			pass "the host copy's default view: $shown rows of $all, no initrd-*, rescue, emergency, systemd-*" ||
			fail "host default ($shown of $all)" "$out
$err"
	fi
	if command -v systemctl > /dev/null; then
		bad=$(is_enabled_all "$host")
		[ -z "$bad" ] && pass "every unit's state of the host copy is systemctl is-enabled's" ||
			fail "host state differs from systemctl" "$bad"
	fi
fi

# on a terminal a line fits its width, WHERE cut with "..."; piped, nothing is cut
if command -v script > /dev/null; then
	script -qec "stty cols 110; $DEAFEN --root $root --color never list" /dev/null > "$SCRATCH/tty" 2>&1
	tr -d '\r' < "$SCRATCH/tty" > "$SCRATCH/tty.lf"
	long=$(awk 'length > 110' "$SCRATCH/tty.lf")
	[ -z "$long" ] && grep -q '\.\.\.$' "$SCRATCH/tty.lf" && grep -q '^cups.service ' "$SCRATCH/tty.lf" &&
		pass "list on a terminal of 110 columns: every line fits, WHERE cut with ..." ||
		fail "tty width" "$(cat "$SCRATCH/tty.lf")"
	# too narrow for the other columns: their end is cut too, rather than wrap
	script -qec "stty cols 60; $DEAFEN --root $root --color never list" /dev/null > "$SCRATCH/tty" 2>&1
	[ -z "$(tr -d '\r' < "$SCRATCH/tty" | awk 'length > 60')" ] && grep -q '^telnet .*\.\.\.' "$SCRATCH/tty" &&
		pass "list on a terminal of 60 columns: every line fits" || fail "tty 60" "$(cat "$SCRATCH/tty")"
	# a control byte of a name is cut as the terminal gets it (\xHH)
	esc=$(copy_root debian)
	printf 'service x\033y\n{\n\tsocket_type = stream\n\tprotocol = tcp\n\tport = 7000\n\tdisable = no\n}\n' \
		> "$esc/etc/xinetd.d/esc"
	script -qec "stty cols 70; $DEAFEN --root $esc --color never list --all" /dev/null > "$SCRATCH/tty" 2>&1
	[ -z "$(tr -d '\r' < "$SCRATCH/tty" | awk 'length > 70')" ] && grep -q 'x\\x1By' "$SCRATCH/tty" &&
	! grep -q "$(printf '\033')" "$SCRATCH/tty" &&
		pass "list on a terminal: a name's escape byte written \\x1B, and the line still fits" ||
		fail "tty esc" "$(cat -A "$SCRATCH/tty")"
	# no window size (script without a terminal): $COLUMNS
	COLUMNS=100 script -qec "$DEAFEN --root $root --color never list" /dev/null < /dev/null > "$SCRATCH/tty" 2>&1
	[ -z "$(tr -d '\r' < "$SCRATCH/tty" | awk 'length > 100')" ] && grep -q '\.\.\.' "$SCRATCH/tty" &&
		pass "list on a terminal without a size: \$COLUMNS (100)" || fail "COLUMNS" "$(cat "$SCRATCH/tty")"
fi
run "piped" 0 env COLUMNS=100 $DEAFEN --root "$root" list &&
	{ [ -n "$(printf '%s\n' "$out" | awk 'length > 110')" ] && ! printf '%s\n' "$out" | grep -q '\.\.\.$' &&
		pass "list into a pipe: nothing cut" || fail "piped" "$out"; }

finish
