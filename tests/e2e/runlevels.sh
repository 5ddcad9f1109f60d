#!/bin/sh
# runlevels.sh - verify over every runlevel and target (#17): after harden, a
# start link re-made in a runlevel the next boot does not use (a target it
# does not reach) is drift all the same: verify names it with its runlevel,
# -v prints the chkconfig --list-like matrix, --format json the runlevels as
# an array, --fix turns it off. A K link, or an S link of a kept service, is
# no drift. On copies of fixtures/bigcat, debian, redhat and systemd.
. "$(dirname "$0")/lib.sh"

# hardened FIXTURE: a copy of FIXTURE after harden --yes (backups in ROOT.bk); prints its path
hardened() {
	h=$(copy_root "$1")
	$DEAFEN --root "$h" --backup-dir "$h.bk" harden --yes --no-reload > "$SCRATCH/h.out" 2>&1 ||
		fail "$1: harden --yes" "$(cat "$SCRATCH/h.out")"
	printf '%s\n' "$h"
}

# json_levels FIX NAME LEVELS NEXT: verify --format json on ROOT: NAME comes back in LEVELS
# (a JSON list), next_boot NEXT, and its matrix row says so
json_levels() {
	run "$1: json $2" 4 $DEAFEN --root "$root" --backup-dir "$root.bk" --format json verify || return
	printf '%s\n' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
b = {x["name"]: x for x in d["comes_back"]}
m = {x["name"]: x for x in d["matrix"]}
x = b.get(sys.argv[1])
sys.exit(0 if x is not None and x["runlevels"] == json.loads(sys.argv[2]) and
         x["next_boot"] == (sys.argv[3] == "true") and m[sys.argv[1]]["comes_back"] and
         m[sys.argv[1]]["policy"] == "disable" and not d["permanent"] else 1)' "$2" "$3" "$4" &&
		pass "$1: --format json: $2 comes back in runlevels $3, next_boot $4" ||
		fail "$1: --format json: $2 not in $3" "$out"
}

# drift FIX LINK LEVEL NEXT: ROOT, hardened FIX, with the start link LINK
# planted (etc/rc3.d/S55named: runlevel LEVEL 3; etc/systemd/system/
# rescue.target.wants/cups.service: LEVEL rescue.target); the next boot's
# is NEXT. verify exits 4 with exactly that finding, names its runlevel or
# target, -v's matrix says LEVEL:on, --format json its runlevels [LEVEL]
# (run sets $name: SVC is the script or unit)
drift() {
	root=$(hardened "$1")
	case $2 in
	*/systemd/*) svc=$(basename "$2") to=/lib/systemd/system/$svc said=$3 ;;
	*) svc=$(basename "$2" | cut -c4-) to=../init.d/$svc said="runlevel $3" next="runlevel $4" ;;
	esac
	mkdir -p "$(dirname "$root/$2")"
	ln -s "$to" "$root/$2"
	if run "$1: verify, $2 planted" 4 $DEAFEN --root "$root" --backup-dir "$root.bk" verify -v; then
		printf '%s\n' "$out" | grep -q "^comes back: $svc .*$2 starts it \\[$said: not at the next boot (${next:-$4})\\]\$" &&
			[ "$(printf '%s\n' "$out" | grep -c '^comes back')" -eq 1 ] &&
			pass "$1: verify finds $2 (exit 4), and names its runlevel or target" ||
			fail "$1: verify, $2: wrong report" "$out"
		printf '%s\n' "$out" | grep -q "^$svc .* $3:on .* disable  comes back\$" &&
			pass "$1: verify -v, the matrix: $svc $3:on, disabled by the policy, comes back" ||
			fail "$1: verify -v: no matrix row '$svc ... $3:on ... comes back'" "$out"
	fi
	json_levels "$1" "$svc" "[\"$3\"]" false
	next=
}

# finds LABEL LINE: verify on ROOT exits 4 and says "comes back: LINE" (a regex); pass LABEL
finds() {
	run "$1" 4 $DEAFEN --root "$root" --backup-dir "$root.bk" verify &&
		printf '%s\n' "$out" | grep -q "^comes back: $2" && pass "$1" || fail "$1" "$out"
}

# fixed FIX WHAT: verify --fix on ROOT exits 0, verify after it is clean, WHAT is gone
fixed() {
	run "$1: verify --fix" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify --fix --no-reload &&
		printf '%s\n' "$out" | grep -q '^after --fix:' && printf '%s\n' "$out" | grep -q '^permanent' &&
		pass "$1: verify --fix turns it off, permanent after" ||
		fail "$1: verify --fix" "$out$err"
	run "$1: verify after --fix" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify &&
		[ ! -e "$root/$2" ] && [ ! -L "$root/$2" ] &&
		pass "$1: verify clean after --fix, $2 gone" ||
		fail "$1: after --fix" "$(ls -l "$(dirname "$root/$2")")"
}

# 1) bigcat: the next boot is runlevel 5 (etc/inittab); the issue's rc3.d/S55named
root=$(hardened bigcat)
run "bigcat: verify after harden" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify &&
	pass "bigcat: verify after harden: permanent"
drift bigcat etc/rc.d/rc3.d/S55named 3 5
run "bigcat: verify -v" 4 $DEAFEN --root "$root" --backup-dir "$root.bk" verify -v
printf '%s\n' "$out" | grep -q '^runlevels (\* the next boot.s: 5, from etc/inittab):$' &&
	printf '%s\n' "$out" | grep -q '^sshd .* 5\*:on .* keep$' &&
	pass "bigcat: verify -v, the matrix marks runlevel 5 as the next boot's, sshd kept" ||
	fail "bigcat: matrix header or kept row" "$out"
# Red Hat's rc runs the S links of every runlevel: one in rc1.d is drift too
ln -s ../init.d/httpd "$root/etc/rc.d/rc1.d/S85httpd"
finds "bigcat: an S link in rc1.d is drift on a Red Hat root (its rc starts every S link)" 'httpd .*etc/rc.d/rc1.d/S85httpd starts it \[runlevel 1: '
fixed bigcat etc/rc.d/rc3.d/S55named
[ ! -e "$root/etc/rc.d/rc1.d/S85httpd" ] && [ -L "$root/etc/rc.d/rc1.d/K15httpd" ] &&
	pass "bigcat: --fix turned rc1.d/S85httpd off as chkconfig --level 1 httpd off (K15httpd, stop 15 of its header)" ||
	fail "bigcat: rc1.d after --fix" "$(ls "$root/etc/rc.d/rc1.d")"

# a K link, and an S link of a service the policy keeps, are no drift
root=$(hardened bigcat)
ln -s ../init.d/named "$root/etc/rc.d/rc4.d/K10named"
ln -s ../init.d/sshd "$root/etc/rc.d/rc1.d/S55sshd"
run "bigcat: K link, kept S link" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify -v &&
	printf '%s\n' "$out" | grep -q '^sshd .* 1:on .* keep$' && printf '%s\n' "$out" | grep -q '^named .* 4:off .* disable$' &&
	pass "bigcat: a K link of disabled named and an S link of kept sshd in rc1.d: no drift (exit 0), the matrix says so" ||
	fail "bigcat: K link, kept S link" "$out"

# 2) debian: no inittab, the next boot is 2; a start link in rc4.d, one in rcS.d
drift debian etc/rc4.d/S02bind9 4 2
fixed debian etc/rc4.d/S02bind9
ln -s ../init.d/cups "$root/etc/rcS.d/S20cups"
finds "debian: an S link in rcS.d starts at every boot: at the next boot" 'cups .*etc/rcS.d/S20cups starts it \[runlevel S: at the next boot\]$'
run "debian: --fix rcS.d" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify --fix --no-reload &&
	[ ! -e "$root/etc/rcS.d/S20cups" ] && pass "debian: --fix turned rcS.d/S20cups off" ||
	fail "debian: rcS.d after --fix" "$(ls "$root/etc/rcS.d")"
# Debian's rc runs rc0.d and rc6.d's S links with "stop": no drift there
root=$(hardened debian)
ln -s ../init.d/bind9 "$root/etc/rc6.d/S02bind9"
ln -s ../init.d/ssh "$root/etc/rc1.d/S02ssh"
run "debian: rc6.d S link, kept ssh" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify -v &&
	printf '%s\n' "$out" | grep -q '^bind9  *2\*:off 3:off  4:off  5:off  S:off  *disable$' &&
	pass "debian: an S link in rc6.d (run with stop) and one of kept ssh: no drift; the matrix has 2-5 and S" ||
	fail "debian: rc6.d, kept ssh" "$out"

# 3) redhat: the next boot is 3 (etc/inittab); a start link in rc5.d, one in rc6.d
drift redhat etc/rc.d/rc5.d/S85httpd 5 3
ln -s ../init.d/named "$root/etc/rc.d/rc6.d/S55named"
finds "redhat: an S link in rc6.d is drift (chkconfig's levels are 0-6)" 'named .*etc/rc.d/rc6.d/S55named starts it \[runlevel 6: '
fixed redhat etc/rc.d/rc5.d/S85httpd
[ ! -e "$root/etc/rc.d/rc6.d/S55named" ] && pass "redhat: --fix turned rc6.d/S55named off" ||
	fail "redhat: rc6.d after --fix" "$(ls "$root/etc/rc.d/rc6.d")"

# 4) systemd: the next boot is graphical.target; a unit a target outside it wants
root=$(hardened systemd)
run "systemd: verify after harden" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify &&
	pass "systemd: verify after harden: permanent"
drift systemd etc/systemd/system/rescue.target.wants/cups.service rescue.target graphical.target
run "systemd: verify -v" 4 $DEAFEN --root "$root" --backup-dir "$root.bk" verify -v &&
	printf '%s\n' "$out" | grep -q '^cups.service .*graphical.target\*:off .*rescue.target:on .*disable  comes back$' &&
	printf '%s\n' "$out" | grep -q '^ssh.service .*graphical.target\*:on .*keep$' &&
	pass "systemd: verify -v, the matrix of units x targets, graphical.target marked, ssh kept" ||
	fail "systemd: target matrix" "$out"
fixed systemd etc/systemd/system/rescue.target.wants/cups.service
# RequiredBy= links count as well: .requires
mkdir -p "$root/etc/systemd/system/multi-user.target.requires"
ln -s /lib/systemd/system/rpcbind.socket "$root/etc/systemd/system/multi-user.target.requires/rpcbind.socket"
finds "systemd: a .requires link (RequiredBy=) of the next boot's target: at the next boot" 'rpcbind.socket .*multi-user.target.requires/rpcbind.socket starts it \[multi-user.target: at the next boot\]$'
run "systemd: --fix .requires" 0 $DEAFEN --root "$root" --backup-dir "$root.bk" verify --fix --no-reload &&
	[ ! -L "$root/etc/systemd/system/multi-user.target.requires/rpcbind.socket" ] &&
	pass "systemd: --fix removed the .requires link" || fail "systemd: .requires after --fix" "$out$err"
# a script's S link in rc5.d: the generator makes it part of graphical.target
root=$(hardened systemd)
mv "$root/etc/rc5.d/K01identd" "$root/etc/rc5.d/S01identd" 2> /dev/null ||
	ln -s ../init.d/identd "$root/etc/rc5.d/S01identd"
finds "systemd: identd's S link in rc5.d: runlevel 5, graphical.target, at the next boot" 'identd .*etc/rc5.d/S01identd starts it \[runlevel 5: at the next boot\]$'

finish
