#!/bin/sh
# names.sh - a name means what the administrator means (#16 §1), on copies of
# fixtures/names/debian (a Debian 12 root of real package files: apache2 and nginx,
# smbd, nmbd and samba-ad-dc, openbsd-inetd and xinetd, openvpn and
# openvpn-server@office, ssh.socket moved to 2222 by a drop-in, a socket on port 7)
# and fixtures/names/redhat (smb and nmb with chkconfig links). An exact name selects
# that service only, as update-rc.d, chkconfig and systemctl do; where the real tools
# are here, the test runs them on one copy and deafen apply on another: same files.
. "$(dirname "$0")/lib.sh"
DEB=names/debian
RH=names/redhat

# selected ROOT ARGS...: the names plan --stat selects, sorted, one line
selected() {
	r=$1
	shift
	$DEAFEN --root "$r" plan "$@" --stat 2> "$SCRATCH/sel.err" | awk '{print $2}' | sort | tr '\n' ' ' |
		sed 's/ $//'
}

# selects LABEL FIXTURE "WANT" ARGS...: plan ARGS selects exactly WANT (sorted names)
selects() {
	label=$1 fix=$2 want=$3
	shift 3
	got=$(selected "$TOP/fixtures/$fix" "$@")
	if [ "$got" = "$want" ]; then
		pass "$label"
	else
		fail "$label: selects '$got', expected '$want'" "$(cat "$SCRATCH/sel.err")"
	fi
}

# 1) an exact name selects that service only (the issue's examples)
selects "--disable apache2 is apache2.service, not nginx" $DEB "apache2.service" --disable apache2
selects "--disable smbd is smbd.service, not nmbd nor samba-ad-dc" $DEB "smbd.service" --disable smbd
selects "--disable smbd --mask masks smbd.service alone" $DEB "smbd.service" --disable smbd --mask
selects "--disable openbsd-inetd (an alias link of inetd.service) is not xinetd" $DEB "inetd.service" \
	--disable openbsd-inetd
selects "--disable inetd is inetd.service, not xinetd (whose LSB header provides inetd)" $DEB \
	"inetd.service" --disable inetd
selects "--disable openvpn is openvpn.service, not openvpn-server@office.service" $DEB \
	"openvpn.service" --disable openvpn
selects "--disable smb (Debian: an alias link of smbd.service) is smbd.service alone" $DEB \
	"smbd.service" --disable smb
selects "--disable samba (Debian: an alias of samba-ad-dc.service) is samba-ad-dc alone, as systemctl" \
	$DEB "samba-ad-dc.service" --disable samba
selects "Red Hat: --disable smb is the smb script, not nmb" $RH "smb" --disable smb
selects "Red Hat: --disable nmb is the nmb script, not smb" $RH "nmb" --disable nmb
# a unit's base name keeps its .socket; the unit's own name is that unit
selects "--disable ssh is ssh.service and ssh.socket" $DEB "ssh.service ssh.socket" --disable ssh
selects "--disable ssh.service is that unit alone" $DEB "ssh.service" --disable ssh.service
selects "--disable openvpn-server (template prefix) is its instance" $DEB \
	"openvpn-server@office.service" --disable openvpn-server

# 2) --keep: a kept name keeps that service only (what else --keep keeps, the ways in and
# what kept services need, is #16 §3's: only apache2 and nginx are looked at here)
got=$(selected "$TOP/fixtures/$DEB" --keep apache2,ssh,inetd,openvpn)
case " $got " in
*" nginx.service "*" smbd.service "*) case " $got " in
	*" apache2.service "*) fail "--keep apache2: apache2.service is disabled" "$got" ;;
	*) pass "--keep apache2,ssh,inetd,openvpn: nginx and smbd go, apache2 stays" ;;
	esac ;;
*) fail "--keep apache2,ssh,inetd,openvpn: nginx or smbd kept" "$got" ;;
esac
if run "list --keep apache2 --verdict keep" 0 $DEAFEN --root "$TOP/fixtures/$DEB" list --keep apache2 \
	--verdict keep; then
	n=$(printf '%s\n' "$out" | awk 'NR > 1 {print $1}' | tr '\n' ' ')
	case " $n " in
	*" apache2.service "*) case " $n " in
		*" nginx.service "*) fail "list --keep apache2: nginx has the verdict keep too" "$n" ;;
		*) pass "list --keep apache2: apache2.service has the verdict keep, nginx not" ;;
		esac ;;
	*) fail "list --keep apache2: apache2.service has not the verdict keep" "$n" ;;
	esac
fi
if run "list apache2" 0 $DEAFEN --root "$TOP/fixtures/$DEB" list apache2; then
	n=$(printf '%s\n' "$out" | awk 'NR > 1 {print $1}' | tr '\n' ' ')
	[ "$n" = "apache2.service " ] && pass "list apache2 shows apache2.service, not nginx" ||
		fail "list apache2 shows '$n'"
fi

# 3) only a name that is no service expands: port numbers, /etc/services, families
selects "--disable 7: inetd's echo entries and the socket unit on 7/tcp" $DEB "echo echo kecho.socket" \
	--disable 7
selects "--disable 2222: ssh.socket, moved to 2222 by a drop-in" $DEB "ssh.socket" --disable 2222
grep -q -- '^deafen: --disable 2222 (port 2222): ssh.socket$' "$SCRATCH/sel.err" &&
	pass "plan says what --disable 2222 was taken for: port 2222, ssh.socket" ||
	fail "plan --disable 2222: no word of the port" "$(cat "$SCRATCH/sel.err")"
selects "--disable http (/etc/services): both web servers" $DEB "apache2.service nginx.service" --disable http
# what listens on the port: smbd (139/tcp), nmbd (137/udp), and samba-ad-dc, which as an
# AD DC serves both itself (knowledge.tab's listen line: samba(8)); not nmbd for 139
selects "--disable netbios-ssn (/etc/services): what serves 139/tcp, smbd and samba-ad-dc, not nmbd" $DEB \
	"samba-ad-dc.service smbd.service" --disable netbios-ssn
selects "--disable netbios-ns (/etc/services): what serves 137/udp, nmbd and samba-ad-dc, not smbd" $DEB \
	"nmbd.service samba-ad-dc.service" --disable netbios-ns
selects "--disable vpn (family): openvpn and openvpn-server@office" $DEB \
	"openvpn-server@office.service openvpn.service" --disable vpn
$DEAFEN --root "$TOP/fixtures/$DEB" plan --disable vpn --stat 2>&1 >/dev/null |
	grep -q -- '^deafen: --disable vpn (family vpn): openvpn.service, openvpn-server@office.service$' &&
	pass "plan says what the family word vpn expanded to" ||
	fail "plan --disable vpn: no expansion said" "$($DEAFEN --root "$TOP/fixtures/$DEB" plan --disable vpn --stat 2>&1)"
selects "--disable www (family, and /etc/services' alias of http): both web servers" $DEB \
	"apache2.service nginx.service" --disable www
selects "Red Hat: --disable samba (family, no service of that name): smb and nmb" $RH "nmb smb" --disable samba
$DEAFEN --root "$TOP/fixtures/$RH" plan --disable samba --stat 2>&1 >/dev/null |
	grep -q -- '^deafen: --disable samba (family samba): nmb, smb$' &&
	pass "Red Hat: plan says what the family word samba expanded to" ||
	fail "Red Hat: plan --disable samba: no expansion said" "$($DEAFEN --root "$TOP/fixtures/$RH" plan --disable samba --stat 2>&1)"
selects "Red Hat: --disable nmbd (its daemon) is nmb, not smb" $RH "nmb" --disable nmbd

# --keep of a family word that is also a service (#16 §1, README "--keep samba"): on
# Debian 12 samba.service is samba-ad-dc's alias; --keep samba keeps the file server
# (smbd, nmbd) too, and leaves samba-ad-dc as it is (disabled, its script's links on)
D12=$TOP/fixtures/debian12
kept=$($DEAFEN --root "$D12" plan --keep ssh,samba --stat 2> "$SCRATCH/ks.err" | awk '{print $2}')
if ! printf '%s\n' "$kept" | grep -qx -e smbd.service -e nmbd.service -e samba-ad-dc.service -e 'samba-ad-dc'; then
	pass "debian12 --keep ssh,samba: smbd, nmbd and samba-ad-dc stay (none is disabled)"
else
	fail "debian12 --keep ssh,samba disables part of samba" "$kept"
fi
grep -qx -- 'deafen: --keep samba (family samba, and the service samba): nmbd.service, samba-ad-dc.service, smbd.service' \
	"$SCRATCH/ks.err" && pass "plan says what --keep samba kept, and why" ||
	fail "plan --keep samba: no expansion said" "$(cat "$SCRATCH/ks.err")"
if $DEAFEN --root "$D12" --format json plan --keep ssh,samba --disable 7 > "$SCRATCH/ks.json" 2> /dev/null; [ $? -le 1 ] &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
e = {x["name"]: x for x in d["expansions"]}
assert e["samba"]["rule"] == "keep" and e["samba"]["origin"] == "--keep", e
assert e["samba"]["taken_for"] == "family samba, and the service samba", e
assert sorted(s["name"] for s in e["samba"]["services"]) == ["nmbd.service", "samba-ad-dc.service", "smbd.service"], e
assert e["7"]["taken_for"] == "port 7" and e["7"]["rule"] == "disable", e
assert {s["where"]["file"] for s in e["7"]["services"]} == {"etc/xinetd.d/echo", "etc/xinetd.d/echo-udp"}, e
assert "ssh" not in e, e' "$SCRATCH/ks.json" 2> "$SCRATCH/ks.perr"; then
	pass "plan --format json: expansions [{rule, origin, name, taken_for, services}] for a family word and a port"
else
	fail "plan json expansions" "$(cat "$SCRATCH/ks.perr")"
fi
root=$(copy_root debian12)
$DEAFEN --root "$root" --backup-dir "$SCRATCH/ksb" -q apply --keep ssh,samba --no-reload --no-confirm > /dev/null 2>&1
if [ -L "$root/etc/systemd/system/multi-user.target.wants/smbd.service" ] &&
	[ -L "$root/etc/systemd/system/multi-user.target.wants/nmbd.service" ] &&
	[ ! -e "$root/etc/systemd/system/samba-ad-dc.service" ] && [ ! -L "$root/etc/systemd/system/samba-ad-dc.service" ] &&
	[ -L "$root/etc/rc2.d/S01samba-ad-dc" ] && [ ! -L "$root/etc/systemd/system/multi-user.target.wants/apache2.service" ]; then
	pass "debian12 apply --keep ssh,samba: smbd and nmbd stay enabled, samba-ad-dc untouched, apache2 goes"
else
	fail "debian12 apply --keep ssh,samba" "$(ls -l "$root/etc/systemd/system" "$root/etc/systemd/system/multi-user.target.wants" "$root/etc/rc2.d" | grep -i -e samba -e smb -e nmb -e apache)"
fi
selects "--disable sshd (an alias link of ssh.service) is ssh.service and its ssh.socket, as ssh (README, A unit's alias)" $DEB "ssh.service ssh.socket" --disable sshd
run "--disable frobnicate is a usage error" 2 $DEAFEN --root "$TOP/fixtures/$DEB" plan --disable frobnicate &&
	pass "an unknown name is still a usage error (exit 2)"

# 4) LSB Provides: names a script only where no service has that name
root=$(copy_root $DEB)
rm -f "$root/lib/systemd/system/inetd.service" "$root/lib/systemd/system/openbsd-inetd.service" \
	"$root/etc/systemd/system/multi-user.target.wants/inetd.service" "$root/etc/init.d/openbsd-inetd" \
	"$root"/etc/rc?.d/[SK]01openbsd-inetd
got=$(selected "$root" --disable inetd)
[ "$got" = "xinetd" ] && pass "Provides: with no service called inetd, --disable inetd is xinetd (it provides inetd)" ||
	fail "Provides: --disable inetd on a root without openbsd-inetd selects '$got'" "$(cat "$SCRATCH/sel.err")"

# 5) the real tools: the same files touched. update-rc.d reads the LSB header from the
# host's /etc/init.d even with DPKG_ROOT: a copy that reads the root's.
URC=$(real_update_rc_d)

# conform LABEL "SYSTEMCTL-ARGS" "SCRIPTS" DEAFEN-ARGS [SUB]: systemctl --root SYSTEMCTL-ARGS
# (if any) and update-rc.d SCRIPT disable (each) on one copy, deafen apply DEAFEN-ARGS on
# another: the same files, links and modes under SUB (default etc)
conform() {
	label=$1 sc=$2 scripts=$3 args=$4 sub=${5:-etc}
	a=$(copy_root $DEB)
	b=$(copy_root $DEB)
	# shellcheck disable=SC2086
	if [ -n "$sc" ] && ! SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$a" $sc > "$SCRATCH/sc" 2>&1; then
		fail "$label: systemctl --root $sc failed" "$(cat "$SCRATCH/sc")"
		return
	fi
	for s in $scripts; do
		if ! DPKG_ROOT=$a _SKIP_SYSTEMD_NATIVE=1 perl "$URC" "$s" disable > "$SCRATCH/urc" 2>&1; then
			fail "$label: update-rc.d $s disable failed" "$(cat "$SCRATCH/urc")"
			return
		fi
	done
	# the reference must itself change something, else the test proves nothing
	if [ "$(listing "$a/$sub")" = "$(listing "$TOP/fixtures/$DEB/$sub")" ]; then
		fail "$label: the real tools changed nothing: the fixture is not what the test expects"
		return
	fi
	# shellcheck disable=SC2086
	run "$label: apply $args" 0 $DEAFEN --root "$b" --backup-dir "$SCRATCH/bk.$$" -q apply $args \
		--no-reload || return
	rm -rf "$SCRATCH/bk.$$"
	listing "$a/$sub" > "$SCRATCH/l.a"
	listing "$b/$sub" > "$SCRATCH/l.b"
	if cmp -s "$SCRATCH/l.a" "$SCRATCH/l.b"; then
		pass "$label"
	else
		fail "$label: files differ (- real tools, + deafen)" "$(diff -u "$SCRATCH/l.a" "$SCRATCH/l.b" | tail -n +3)"
	fi
}

if command -v systemctl > /dev/null && [ -n "$URC" ]; then
	conform "systemctl disable apache2.service + update-rc.d apache2 disable == deafen --disable apache2" \
		"disable apache2.service" "apache2" "--disable apache2"
	conform "systemctl disable nginx.service + update-rc.d nginx disable == deafen --disable nginx" \
		"disable nginx.service" "nginx" "--disable nginx"
	conform "systemctl disable smbd.service + update-rc.d smbd disable == deafen --disable smbd" \
		"disable smbd.service" "smbd" "--disable smbd"
	conform "systemctl disable openvpn.service + update-rc.d openvpn disable == deafen --disable openvpn" \
		"disable openvpn.service" "openvpn" "--disable openvpn"
	conform "systemctl disable nmbd.service + update-rc.d nmbd disable == deafen --disable nmbd" \
		"disable nmbd.service" "nmbd" "--disable nmbd"
	conform "systemctl disable samba-ad-dc.service + update-rc.d samba-ad-dc disable == deafen --disable samba-ad-dc" \
		"disable samba-ad-dc.service" "samba-ad-dc" "--disable samba-ad-dc"
	# a unit's base name is its .service and its .socket (deafen's improvement on systemctl)
	conform "systemctl disable ssh.service ssh.socket + update-rc.d ssh disable == deafen --disable ssh" \
		"disable ssh.service ssh.socket" "ssh" "--disable ssh"
	conform "update-rc.d xinetd disable == deafen --disable xinetd" "" "xinetd" "--disable xinetd"
	# systemctl mask leaves the rc links: compare the units' links
	conform "systemctl mask smbd.service == deafen --disable smbd --mask (etc/systemd)" \
		"mask smbd.service" "" "--disable smbd --mask" etc/systemd
	# an alias's own script (openbsd-inetd) has its links turned off by systemd-sysv-install
	# (#16 §4): here, the units' links and xinetd's rc links
	conform "systemctl disable openbsd-inetd.service == deafen --disable openbsd-inetd (etc/systemd)" \
		"disable openbsd-inetd.service" "" "--disable openbsd-inetd" etc/systemd
	conform "systemctl disable inetd.service == deafen --disable inetd (etc/systemd)" \
		"disable inetd.service" "" "--disable inetd" etc/systemd
	conform "systemctl disable samba.service == deafen --disable samba (etc/systemd)" \
		"disable samba.service" "" "--disable samba" etc/systemd
else
	skip "the real tools: needs systemctl and update-rc.d (apt-get install systemd init-system-helpers)"
fi
# xinetd's links stay whichever inetd name is said
for n in inetd openbsd-inetd; do
	root=$(copy_root $DEB)
	before=$(cd "$root" && ls etc/rc?.d | grep xinetd | tr '\n' ' ')
	run "apply --disable $n" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.x.$n" -q apply \
		--disable $n --no-reload &&
		[ "$(cd "$root" && ls etc/rc?.d | grep xinetd | tr '\n' ' ')" = "$before" ] &&
		pass "apply --disable $n: xinetd's rc links as they were" ||
		fail "apply --disable $n: xinetd's rc links changed" "$(cd "$root" && ls etc/rc?.d | grep xinetd)"
done
# chkconfig smb off: smb's links in 2345 become K35smb; nmb's stay
root=$(copy_root $RH)
if run "Red Hat: apply --disable smb" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.rh" -q apply \
	--disable smb --no-reload; then
	want='rc0.d: K35nmb K35smb; rc1.d: K35nmb K35smb; rc2.d: K35smb S91nmb; rc3.d: K35smb S91nmb; rc4.d: K35smb S91nmb; rc5.d: K35smb S91nmb; rc6.d: K35nmb K35smb; '
	got=$(cd "$root/etc/rc.d" && for d in rc?.d; do printf '%s: %s; ' "$d" "$(ls "$d" | tr '\n' ' ' | sed 's/ $//')"; done)
	[ "$got" = "$want" ] &&
		pass "Red Hat: --disable smb turns smb's links K35smb (chkconfig smb off), nmb's S91 stay" ||
		fail "Red Hat: --disable smb links" "got:  $got
want: $want"
fi

# 6) the documentation lists the family words as src/families.def has them
sed -n 's/^FAMILY("\([^"]*\)", "\([^"]*\)")$/\1: \2/p' "$TOP/src/families.def" > "$SCRATCH/fam.def"
sed -n 's/^- `\([a-z]*\)`: \(.*\)$/\1: \2/p' "$TOP/README.md" > "$SCRATCH/fam.readme"
awk '/^\.IP \\fB[a-z]*\\fR$/ {w = $2; sub(/^\\fB/, "", w); sub(/\\fR$/, "", w); getline; print w ": " $0}' \
	"$TOP/deafen.8" > "$SCRATCH/fam.man"
[ -s "$SCRATCH/fam.def" ] && cmp -s "$SCRATCH/fam.def" "$SCRATCH/fam.readme" &&
	pass "README lists every family word of src/families.def with its members, in order" ||
	fail "README's family words differ from src/families.def" "$(diff "$SCRATCH/fam.def" "$SCRATCH/fam.readme")"
[ -s "$SCRATCH/fam.def" ] && cmp -s "$SCRATCH/fam.def" "$SCRATCH/fam.man" &&
	pass "deafen.8 lists every family word of src/families.def with its members, in order" ||
	fail "deafen.8's family words differ from src/families.def" "$(diff "$SCRATCH/fam.def" "$SCRATCH/fam.man")"

finish
