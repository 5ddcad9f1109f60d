#!/bin/sh
# systemd.sh - end-to-end tests of systemd units on copies of fixtures/systemd (a Debian 12 root):
# disable and mask must leave the same links under etc/systemd as systemctl --root does
. "$(dirname "$0")/lib.sh"
FIX=systemd
UNITDIR=$TOP/fixtures/$FIX/lib/systemd/system

# links DIR [SUB]: every symlink under DIR/SUB (default etc/systemd), "path -> target",
# and every directory, sorted
links() {
	(cd "$1" && find "${2:-etc/systemd}" \( -type l -printf '%p -> %l\n' \) -o \
		\( -type d -printf '%p/\n' \) 2> /dev/null | sort)
}

# same_links LABEL A B [SUB]: pass/fail on whether A and B hold the same links under SUB
same_links() {
	links "$2" "${4:-}" > "$SCRATCH/links.a"
	links "$3" "${4:-}" > "$SCRATCH/links.b"
	if cmp -s "$SCRATCH/links.a" "$SCRATCH/links.b"; then
		pass "$1"
	else
		fail "$1: links differ (- ${5:-A}, + ${6:-B})" "$(diff -u "$SCRATCH/links.a" "$SCRATCH/links.b" | tail -n +3)"
	fi
}

# units NAME: the fixture's unit files of base name NAME (.service, .socket, .path)
units() {
	u=""
	for t in service socket path; do
		[ -f "$UNITDIR/$1.$t" ] && u="$u $1.$t"
	done
	printf '%s\n' "${u# }"
}

# json_check LABEL PYTHON-EXPR: the expression holds for d = the last list's JSON
json_check() {
	if python3 -c "import json,sys
d=json.load(open(sys.argv[1])); S=d['services']
sys.exit(0 if ($2) else 1)" "$SCRATCH/list.json" 2> "$SCRATCH/perr"; then
		pass "$1"
	else
		fail "$1" "$(cat "$SCRATCH/perr")
$(python3 -c 'import json,sys
for s in json.load(open(sys.argv[1]))["services"]: print(s.get("name"), s.get("kind"), s.get("enabled"), s.get("where"))' "$SCRATCH/list.json" 2>&1)"
	fi
}

# conform SYSTEMCTL-ARGS DEAFEN-ARGS [OVERLAY]: systemctl --root SYSTEMCTL-ARGS on one copy
# of the fixture and deafen apply DEAFEN-ARGS on another leave the same links under
# etc/systemd; OVERLAY: a directory of files put on both copies first
conform() {
	a=$(copy_root $FIX)
	b=$(copy_root $FIX)
	if [ -n "${3:-}" ]; then
		cp -a "$3/." "$a/"
		cp -a "$3/." "$b/"
	fi
	# shellcheck disable=SC2086
	if ! SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$a" $1 > "$SCRATCH/sc" 2>&1; then
		fail "systemctl --root $1 failed" "$(cat "$SCRATCH/sc")"
		return
	fi
	# the reference must itself change something, else the test proves nothing
	if [ "$(links "$a")" = "$(links "$orig")" ]; then
		fail "systemctl $1 changed no link: the fixture is not what the test expects"
		return
	fi
	# shellcheck disable=SC2086
	run "apply $2" 0 $DEAFEN --root "$b" --backup-dir "$SCRATCH/bk.conform" -q apply $2 --no-reload ||
		return
	same_links "conformance: systemctl $1 == deafen apply $2 (links and directories under etc/systemd)" \
		"$a" "$b" "" systemctl deafen
}

orig=$(copy_root $FIX)

# a) conformance: deafen's disable and mask leave the links systemctl leaves.
# systemctl --root works offline; SYSTEMCTL_SKIP_SYSV=1 keeps it from running
# systemd-sysv-install (which would chroot into the root to run update-rc.d).
# Links and directories: systemctl disable removes a .wants directory it empties
# (cups: printer.target.wants), mask removes no link, it only adds NAME -> /dev/null.
if command -v systemctl > /dev/null; then
	for svc in inetd ssh cups rpcbind avahi-daemon; do
		conform "disable $(units $svc)" "--disable $svc"
		conform "mask $(units $svc)" "--disable $svc --mask"
	done
else
	printf 'skip: systemctl not installed (apt-get install systemd)\n'
fi

# a2) instances of template units (openvpn-server@office, wg-quick@wg0 from the
# templates openvpn-server@.service, wg-quick@.service): the instance is the
# service; the template's prefix names every instance, as systemctl's
# disable of the template does. Each case: systemctl's arguments, then deafen's.
if command -v systemctl > /dev/null; then
	conform "disable openvpn-server@office.service" "--disable openvpn-server@office"
	conform "disable wg-quick@.service" "--disable wg-quick"
	conform "mask wg-quick@wg0.service" "--disable wg-quick@wg0 --mask"
	conform "disable openvpn-server@office.service wg-quick@wg0.service" \
		"--keep ssh,cups,rpcbind,avahi,inetd,rsync --disable openvpn-server@office,wg-quick@wg0"
	# a masked template masks its instances: systemd reads the template for them
	root=$(copy_root $FIX)
	systemctl --root="$root" mask wg-quick@.service > /dev/null 2>&1
	if run "list, template masked" 0 $DEAFEN --root "$root" --format json list; then
		printf '%s\n' "$out" > "$SCRATCH/list.json"
		json_check "list: wg-quick@wg0.service of a masked template is masked, not enabled" \
			'any(s["name"]=="wg-quick@wg0.service" and not s["enabled"] and "masked" in s["detail"] for s in S)'
	fi
fi
root=$(copy_root $FIX)
before=$(listing "$root")
bk=$SCRATCH/bk.a3
if run "apply --disable wg-quick" 0 $DEAFEN --root "$root" --backup-dir "$bk" -q apply --disable wg-quick --no-reload; then
	[ ! -L "$root/etc/systemd/system/multi-user.target.wants/wg-quick@wg0.service" ] &&
	[ -L "$root/etc/systemd/system/multi-user.target.wants/openvpn-server@office.service" ] &&
		pass "--disable wg-quick: the instance's link is gone, another template's instance stays" ||
		fail "--disable wg-quick: links" "$(links "$root" | grep @)"
	run "rollback wg-quick" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --no-reload -q &&
		same_listing "$root" "$before" "disable wg-quick, rollback: every file, mode and link as before"
fi

# a3) drop-ins (UNIT.d/*.conf), read in the order of their names across the unit
# directories; etc's file of a name hides lib's; a link to /dev/null masks one;
# an empty assignment resets a list. systemctl 252 follows an Also= of a drop-in.
ov=$SCRATCH/overlay.also
mkdir -p "$ov/etc/systemd/system/ssh.service.d"
printf '[Install]\nAlso=cups.socket\n' > "$ov/etc/systemd/system/ssh.service.d/also.conf"
command -v systemctl > /dev/null && conform "disable ssh.service" "--disable ssh" "$ov"
root=$(copy_root $FIX)
mkdir -p "$root/etc/systemd/system/ssh.socket.d" "$root/lib/systemd/system/ssh.socket.d" \
	"$root/etc/systemd/system/ssh.service.d"
printf '[Socket]\nListenStream=\nListenStream=2222\n' > "$root/etc/systemd/system/ssh.socket.d/port.conf"
printf '[Socket]\nListenStream=4444\n' > "$root/lib/systemd/system/ssh.socket.d/port.conf"
printf '[Socket]\nListenStream=3333\n' > "$root/lib/systemd/system/ssh.socket.d/zz.conf"
printf '[Socket]\nListenDatagram=5555\n' > "$root/lib/systemd/system/ssh.socket.d/masked.conf"
ln -s /dev/null "$root/etc/systemd/system/ssh.socket.d/masked.conf"
printf '[Service]\nExecStart=\nExecStart=/usr/sbin/dropbear -F\n' > "$root/etc/systemd/system/ssh.service.d/exec.conf"
if run "list with drop-ins" 0 $DEAFEN --root "$root" --format json list; then
	printf '%s\n' "$out" > "$SCRATCH/list.json"
	json_check "drop-ins: ssh.socket listens on 2222 and 3333 (22 reset, lib's port.conf hidden, masked.conf masked)" \
		'any(s["name"]=="ssh.socket" and sorted(p["port"] for p in s["ports"])==[2222,3333] and all(p["proto"]=="tcp" for p in s["ports"]) for s in S)'
	json_check "drop-ins: ExecStart= reset, then dropbear: ssh.service's program is dropbear" \
		'any(s["name"]=="ssh.service" and s.get("program")=="dropbear" for s in S)'
fi
ln -s ../../../../../../../etc/passwd "$root/etc/systemd/system/ssh.socket.d/escape.conf"
run "list, a drop-in link out of the root" 3 $DEAFEN --root "$root" list &&
	printf '%s\n' "$err" | grep -q 'etc/systemd/system/ssh.socket.d/escape.conf: link to .* points outside the root' &&
	pass "a drop-in link out of the root: exit 3, named" ||
	fail "a drop-in link out of the root: message" "$err"

# b0) disable cups empties printer.target.wants: the directory goes (as systemctl and
# git apply of the plan do) and rollback makes it again, mode and owner as they were;
# a kill after each step, then rollback: the root as it was
for n in none 0 1 5 9; do
	root=$(copy_root $FIX)
	chmod 0750 "$root/etc/systemd/system/printer.target.wants"
	before=$(listing "$root")
	bk=$SCRATCH/bk.b0.$n
	if [ $n = none ]; then
		run "apply --disable cups (printer.target.wants emptied)" 0 $DEAFEN --root "$root" \
			--backup-dir "$bk" -q apply --disable cups --no-reload || continue
		[ ! -e "$root/etc/systemd/system/printer.target.wants" ] &&
		[ -d "$root/etc/systemd/system/multi-user.target.wants" ] &&
			pass "disable cups: the emptied printer.target.wants is removed, the others stay" ||
			fail "disable cups: directories" "$(links "$root")"
	else
		DEAFEN_CRASH_AFTER=$n $DEAFEN --root "$root" --backup-dir "$bk" apply --disable cups \
			--no-reload > /dev/null 2>&1
		[ $? -eq 99 ] || fail "disable cups, killed after step $n: not killed"
	fi
	run "rollback cups ($n)" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --no-reload -q &&
		same_listing "$root" "$before" "disable cups${n#none}, rollback: every file, mode, directory and link as before${n#none}"
done

# b) disable ssh: the unit's links go, and the init script's rc links too (S01ssh -> K01ssh
# in rc2..rc5, as update-rc.d disable through systemd-sysv-install); rollback restores all
root=$(copy_root $FIX)
before=$(listing "$root")
bk=$SCRATCH/bk.b
if run "apply --disable ssh" 0 $DEAFEN --root "$root" --backup-dir "$bk" -q apply --disable ssh --no-reload; then
	bad=""
	for l in 2 3 4 5; do
		[ "$(readlink "$root/etc/rc$l.d/K01ssh")" = ../init.d/ssh ] && [ ! -L "$root/etc/rc$l.d/S01ssh" ] ||
			bad="$bad rc$l.d"
	done
	[ -z "$bad" ] && pass "disable ssh: S01ssh became K01ssh in rc2.d..rc5.d" ||
		fail "disable ssh: rc links not turned off in$bad" "$(links "$root" etc | grep ssh)"
	[ "$(links "$root" etc | grep -c 'init.d/ssh$')" -eq 4 ] && pass "disable ssh: no rc link added or lost" ||
		fail "disable ssh: rc links of ssh" "$(links "$root" etc | grep 'init.d/ssh$')"
	[ ! -L "$root/etc/systemd/system/multi-user.target.wants/ssh.service" ] &&
	[ ! -L "$root/etc/systemd/system/sshd.service" ] &&
		pass "disable ssh: the WantedBy link and the Alias link sshd.service are gone" ||
		fail "disable ssh: unit links left" "$(links "$root" | grep ssh)"
	[ "$(links "$root" etc/init.d)$(links "$root" lib)" = "$(links "$orig" etc/init.d)$(links "$orig" lib)" ] &&
		pass "disable ssh: nothing under lib/ or etc/init.d changed" || fail "disable ssh: vendor links changed"
	if run "list after disable" 0 $DEAFEN --root "$root" --format json list; then
		printf '%s\n' "$out" > "$SCRATCH/list.json"
		json_check "list after disable ssh: ssh.service is not enabled" \
			'any(s["kind"]=="systemd" and s["name"] in ("ssh","ssh.service") and not s["enabled"] for s in S) and not any(s["kind"]=="systemd" and s["name"] in ("ssh","ssh.service") and s["enabled"] for s in S)'
	fi
	run "rollback ssh" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --no-reload -q &&
		same_listing "$root" "$before" "disable ssh, rollback: every file, mode and link as before"
fi

# c) plan changes nothing; git apply of its diff makes the links apply makes
for pol in "cups" "ssh" "cups --mask"; do
	root=$(copy_root $FIX)
	before=$(listing "$root")
	run "plan --disable $pol" 0 $DEAFEN --root "$root" --color never plan --disable $pol || continue
	cp "$SCRATCH/out" "$SCRATCH/plan.diff"
	same_listing "$root" "$before" "plan --disable $pol: root unchanged"
	case $pol in
	*--mask)
		grep -q '^new file mode 120000' "$SCRATCH/plan.diff" && grep -q '^+/dev/null$' "$SCRATCH/plan.diff" &&
			pass "plan --disable $pol: links to /dev/null as new file mode 120000" ||
			fail "plan --disable $pol: no symlink creation in the diff" "$(cat "$SCRATCH/plan.diff")" ;;
	*)
		grep -q '^deleted file mode 120000' "$SCRATCH/plan.diff" &&
			pass "plan --disable $pol: link deletions as deleted file mode 120000" ||
			fail "plan --disable $pol: no symlink deletion in the diff" "$(cat "$SCRATCH/plan.diff")" ;;
	esac
	copy=$(copy_root $FIX)
	applied=$(copy_root $FIX)
	if (cd "$copy" && git apply "$SCRATCH/plan.diff") 2> "$SCRATCH/gerr"; then
		run "apply --disable $pol" 0 $DEAFEN --root "$applied" --backup-dir "$SCRATCH/bk.c" -q \
			apply --disable $pol --no-reload &&
			same_links "plan --disable $pol: git apply of the plan gives the links apply gives (whole root)" \
				"$copy" "$applied" . "git apply" apply
	else
		fail "plan --disable $pol: git apply failed" "$(cat "$SCRATCH/gerr")"
	fi
done

# d) mask, then rollback: the root is byte-exact as before
for svc in cups ssh; do
	root=$(copy_root $FIX)
	before=$(listing "$root")
	bk=$SCRATCH/bk.d.$svc
	run "apply --mask $svc" 0 $DEAFEN --root "$root" --backup-dir "$bk" -q apply --disable $svc --mask --no-reload ||
		continue
	[ "$(readlink "$root/etc/systemd/system/$svc.service")" = /dev/null ] &&
		pass "mask $svc: etc/systemd/system/$svc.service -> /dev/null" ||
		fail "mask $svc: no /dev/null link" "$(links "$root")"
	run "rollback mask $svc" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback --no-reload -q &&
		same_listing "$root" "$before" "mask $svc, rollback: every file, mode and link as before"
done

# e) f) list: units are kind systemd; an init script with a unit (same name, or a vendor
# Alias such as openbsd-inetd.service -> inetd.service) is not listed again as sysv;
# identd (no unit) is sysv; the masked rsync.service is not enabled; an instance
# is listed with its template's file, a template not at all
root=$(copy_root $FIX)
if run "list json" 0 $DEAFEN --root "$root" --format json list; then
	printf '%s\n' "$out" > "$SCRATCH/list.json"
	json_check "list: ssh.service is kind systemd, enabled" \
		'any(s["kind"]=="systemd" and (s["name"]=="ssh.service" or (s["name"]=="ssh" and str(s.get("file","")).endswith("ssh.service"))) and s["enabled"] for s in S)'
	json_check "list: the init script identd (no unit) is kind sysv" \
		'any(s["kind"]=="sysv" and s["name"]=="identd" and s["enabled"] for s in S)'
	json_check "list: init scripts with a unit (ssh, cups, cron, openbsd-inetd) are not listed as sysv" \
		'not any(s["kind"]=="sysv" and s["name"] in ("ssh","cups","cron","openbsd-inetd") for s in S)'
	json_check "list: the masked rsync.service is listed, not enabled" \
		'any(s["kind"]=="systemd" and s["name"] in ("rsync","rsync.service") for s in S) and not any(s["name"] in ("rsync","rsync.service") and s["enabled"] for s in S)'
	json_check "list: ssh.socket (shipped disabled) is listed, not enabled" \
		'any(s["kind"]=="systemd" and s["name"]=="ssh.socket" and not s["enabled"] for s in S)'
	json_check "list: openvpn-server@office.service is kind systemd, enabled, read from its template" \
		'any(s["kind"]=="systemd" and s["name"]=="openvpn-server@office.service" and s["enabled"] and s["where"]["file"]=="lib/systemd/system/openvpn-server@.service" and {"port": 1194, "proto": "udp", "address": None} in s["ports"] for s in S)'
	json_check "list: templates are not services of their own" \
		'not any("@." in s["name"] for s in S)'
	# the sysv entries are exactly the units systemd-sysv-generator makes of the root
	gen=/lib/systemd/system-generators/systemd-sysv-generator
	if [ -x "$gen" ]; then
		g=$SCRATCH/gen
		mkdir -p "$g"
		SYSTEMD_SYSVINIT_PATH="$root/etc/init.d" SYSTEMD_SYSVRCND_PATH="$root/etc" \
			SYSTEMD_UNIT_PATH="$root/etc/systemd/system:$root/lib/systemd/system" "$gen" "$g" "$g" "$g" > /dev/null 2>&1
		gwant=$(cd "$g" && ls -- *.service 2> /dev/null | sed 's/\.service$//' | sort | tr '\n' ' ')
		got=$(python3 -c 'import json,sys
print(" ".join(sorted(s["name"] for s in json.load(open(sys.argv[1]))["services"] if s["kind"]=="sysv")), end=" ")' "$SCRATCH/list.json")
		[ "$gwant" = "$got" ] && pass "list: the sysv entries are what systemd-sysv-generator generates ($gwant)" ||
			fail "list: sysv entries differ from systemd-sysv-generator's" "generator: $gwant
deafen:    $got"
	else
		printf 'skip: %s not installed (apt-get install systemd)\n' "$gen"
	fi
fi

# g) --disable rsync on the masked unit: nothing to do, nothing changed, no backup
root=$(copy_root $FIX)
before=$(listing "$root")
if run "apply --disable rsync" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.g" apply --disable rsync --no-reload; then
	printf '%s\n' "$err" | grep -q 'nothing to do' && [ -z "$(ls -A "$SCRATCH/bk.g" 2> /dev/null)" ] &&
		pass "--disable rsync (masked): nothing to do, no backup" ||
		fail "--disable rsync (masked): not 'nothing to do'" "$out
$err"
	same_listing "$root" "$before" "--disable rsync (masked): root unchanged"
fi

# h) verify: the default target and what it pulls in, transitively
root=$(copy_root $FIX)
if run "verify --keep ssh before apply" 4 $DEAFEN --root "$root" verify --keep ssh; then
	printf '%s\n' "$out" | grep -q 'comes back: cups.socket .*etc/systemd/system/sockets.target.wants/cups.socket' &&
		printf '%s\n' "$out" | grep -q 'comes back: identd .*etc/rc2.d/S01identd' &&
		! printf '%s\n' "$out" | grep -q 'ssh' &&
		pass "verify before apply: cups.socket (sockets.target, via basic.target) and identd (generator: rc2.d) come back, ssh kept" ||
		fail "verify before apply: wrong report" "$out"
fi
$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h" -q apply --keep ssh --no-reload > /dev/null 2>&1
if run "verify --keep ssh after apply" 0 $DEAFEN --root "$root" verify --keep ssh; then
	printf '%s\n' "$out" | grep -q 'permanent: .*graphical.target' &&
		pass "verify after apply: permanent (graphical.target)" ||
		fail "verify after apply: no 'permanent' line" "$out"
fi
# what an upgrade does: the postinst enables cups.socket again, update-rc.d defaults identd
mkdir -p "$root/etc/systemd/system/sockets.target.wants" # apply removed it, emptied
ln -s /lib/systemd/system/cups.socket "$root/etc/systemd/system/sockets.target.wants/cups.socket"
mv "$root/etc/rc3.d/K01identd" "$root/etc/rc3.d/S01identd"
if run "verify after a package re-enabled cups.socket and identd" 4 $DEAFEN --root "$root" --format json verify --keep ssh; then
	printf '%s\n' "$out" | python3 -c 'import json,sys
d=json.load(sys.stdin); b={x["name"]: x["by"] for x in d["comes_back"]}
sys.exit(0 if d["target"] == "graphical.target" and not d["permanent"] and
  b == {"cups.socket": "etc/systemd/system/sockets.target.wants/cups.socket", "identd": "etc/rc3.d/S01identd",
        "cups.service": "cups.service (pulled in by cups.socket)"} else 1)' &&
		pass "verify --format json: exactly cups.socket, the cups.service it activates, and identd come back, each with what starts it" ||
		fail "verify --format json: wrong report" "$out"
fi
# a unit only a target outside the boot wants does not come back
rm "$root/etc/systemd/system/sockets.target.wants/cups.socket"
mv "$root/etc/rc3.d/S01identd" "$root/etc/rc3.d/K01identd"
mkdir -p "$root/etc/systemd/system/rescue.target.wants"
ln -s /lib/systemd/system/cups.service "$root/etc/systemd/system/rescue.target.wants/cups.service"
run "verify: a link in rescue.target.wants" 4 $DEAFEN --root "$root" verify --keep ssh &&
	{ printf '%s\n' "$out" | grep -q '^comes back: cups.service .*rescue.target.wants/cups.service starts it \[rescue.target: not at the next boot (graphical.target)\]$' &&
		pass "verify: a unit wanted only by a target the boot does not reach: drift all the same, with its target (#17)" ||
		fail "verify: rescue.target.wants" "$out"; }

# h2) review cases: the administrator's unit in etc outranks a /dev/null link in lib;
# verify --fix cannot undo the distribution's links (exit 4, and it says so);
# an Also= list continued on the next line is one list, as for systemctl
root=$(copy_root $FIX)
printf '[Unit]\nDescription=foo\n[Service]\nExecStart=/usr/sbin/foo\n[Install]\nWantedBy=multi-user.target\n' > "$root/etc/systemd/system/foo.service"
ln -s /dev/null "$root/lib/systemd/system/foo.service"
ln -s /etc/systemd/system/foo.service "$root/etc/systemd/system/multi-user.target.wants/foo.service"
if run "list: foo in etc, mask in lib" 0 $DEAFEN --root "$root" list; then
	printf '%s\n' "$out" | grep -q '^foo.service .* enabled .*etc/systemd/system/foo.service (service, enabled (multi-user.target))' &&
		pass "a unit file in etc outranks a /dev/null link of the same name in lib (enabled, not masked)" ||
		fail "etc unit vs lib mask" "$out"
fi
# vendor_food: a copy of the fixture with food.service, which only the
# distribution's own link (lib/.../multi-user.target.wants) starts; prints its path
vendor_food() {
	r=$(copy_root $FIX)
	printf '[Unit]\nDescription=x\n[Service]\nExecStart=/usr/sbin/food\n' > "$r/lib/systemd/system/food.service"
	mkdir -p "$r/lib/systemd/system/multi-user.target.wants"
	ln -s ../food.service "$r/lib/systemd/system/multi-user.target.wants/food.service"
	printf '%s\n' "$r"
}
root=$(vendor_food)
if run "verify --fix, vendor link" 4 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h2" verify --disable food --fix --no-reload; then
	printf '%s\n' "$err" | grep -q 'still comes back after --fix' &&
		pass "verify --fix of a unit the distribution's links start: still exit 4, and says --mask" ||
		fail "verify --fix, vendor link: no word" "$err"
fi
# a saved policy that says mask: verify --fix masks again what came back
root=$(vendor_food)
if run "apply --mask --save-policy" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h4" -q apply --disable food --mask --save-policy --no-reload; then
	[ "$(readlink "$root/etc/systemd/system/food.service")" = /dev/null ] &&
	grep -qx 'mask' "$root/etc/deafen/policy" && grep -qx 'disable food' "$root/etc/deafen/policy" &&
	$DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h4" backups 2> /dev/null | grep -q -- '--disable food --mask' &&
		pass "apply --mask --save-policy: masked, and the saved policy and the backup say mask" ||
		fail "mask not recorded" "$(cat "$root/etc/deafen/policy"; $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h4" backups)"
	rm "$root/etc/systemd/system/food.service" # systemctl unmask
	run "verify after unmask" 4 $DEAFEN --root "$root" verify &&
	run "verify --fix, saved mask" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h4" verify --fix --no-reload &&
	[ "$(readlink "$root/etc/systemd/system/food.service")" = /dev/null ] &&
		pass "verify --fix with a saved policy that says mask: the unit its vendor link starts is masked again, exit 0" ||
		fail "verify --fix did not mask again" "$err"
fi
root=$(copy_root $FIX)
sed -i 's/^Also=.*/Also=cups.socket\\\ncups.path/' "$root/lib/systemd/system/cups.service"
if command -v systemctl > /dev/null && grep -q '^cups.path$' "$root/lib/systemd/system/cups.service"; then
	other=$(copy_root $FIX)
	cp "$root/lib/systemd/system/cups.service" "$other/lib/systemd/system/cups.service"
	SYSTEMCTL_SKIP_SYSV=1 systemctl --root="$other" disable cups.service > /dev/null 2>&1
	run "apply --disable cups.service, Also= continued" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.h3" -q apply --disable cups.service --no-reload &&
		same_links "Also= continued on a second line: the same links as systemctl disable" "$other" "$root"
fi

# a unit directory that is a link loop is skipped, as systemd skips it
root=$(copy_root $FIX)
mkdir -p "$root/usr/local/lib/systemd"
ln -s system2 "$root/usr/local/lib/systemd/system"
ln -s system "$root/usr/local/lib/systemd/system2"
run "unit dir loop" 0 $DEAFEN --root "$root" list && pass "a unit directory that is a link loop is skipped"

# i) --mask also masks the disabled sibling units of a name (ssh.socket)
root=$(copy_root $FIX)
if run "plan --disable ssh --mask" 0 $DEAFEN --root "$root" plan --disable ssh --mask; then
	printf '%s\n' "$out" | grep -q '^+++ b/etc/systemd/system/ssh.socket' &&
		pass "plan --disable ssh --mask: ssh.socket (shipped disabled) is masked too" ||
		fail "plan --disable ssh --mask: ssh.socket not masked" "$out"
fi

# j) a unit the distribution's own links start: disable warns, mask is the way
root=$(copy_root $FIX)
if run "plan --disable systemd-journald" 0 $DEAFEN --root "$root" plan --disable systemd-journald; then
	[ -z "$out" ] && printf '%s\n' "$err" | grep -q "systemd-journald.socket: started by the distribution's links" &&
		pass "plan --disable of a vendor-enabled socket: empty diff and a warning naming --mask" ||
		fail "plan --disable systemd-journald: no warning" "$out
$err"
fi

# k) --mask is refused by commands that build no plan
if run "verify --mask" 2 $DEAFEN --root "$root" verify --keep ssh --mask; then
	printf '%s\n' "$err" | grep -q 'verify takes no --mask' && pass "verify --mask: usage error" ||
		fail "verify --mask: message does not say why" "$err"
fi

# l) apply on a root other than /: the units change on disk, nothing live is touched
root=$(copy_root $FIX)
if run "apply --disable cups (reload on)" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.l" apply --disable cups --no-confirm; then
	printf '%s\n' "$out" | grep -q "systemd units of $root: not this host's; nothing reloaded, stopped or started" &&
		! printf '%s\n' "$out" | grep -q 'systemctl ' &&
		[ ! -L "$root/etc/systemd/system/sockets.target.wants/cups.socket" ] &&
		pass "apply on another root: links changed, no systemctl run, and it says so" ||
		fail "apply on another root: wrong report" "$out"
fi

finish
