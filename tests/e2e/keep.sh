#!/bin/sh
# keep.sh - what stays with what stays (issue 16, 3): what a kept service
# needs (LSB Required-Start, a unit's Requires=, knowledge.tab's needs),
# --disable of such a service (--force), the access services (ssh, VPN
# endpoints) that --keep and harden keep, and the sshd of this session
# (--allow-lockout), with a fake /proc of sshd parents (DEAFEN_PROC)
. "$(dirname "$0")/lib.sh"

# has TEXT WORDS...: every word is in the text (one grep each, fixed strings)
has() {
	t=$1
	shift
	for w; do printf '%s\n' "$t" | grep -qF -- "$w" || return 1; done
}

# lsb_script ROOT NAME DESCRIPTION HEADER-LINE...: a Debian init script with
# an LSB header, started in runlevel 2 (S04NAME)
lsb_script() {
	r=$1 name=$2 desc=$3
	shift 3
	{
		printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides:          %s\n' "$name"
		printf '%s\n' "$@"
		printf '# Default-Start:     2 3 4 5\n# Default-Stop:      0 1 6\n'
		printf '# Short-Description: %s\n### END INIT INFO\n' "$desc"
	} > "$r/etc/init.d/$name"
	chmod 755 "$r/etc/init.d/$name"
	ln -s "../init.d/$name" "$r/etc/rc2.d/S04$name"
}

# ---- what a kept service needs ----

# bigcat: nfs has no LSB header; knowledge.tab says NFS needs the portmapper
root=$(copy_root bigcat)
if run "bigcat plan --keep ssh,nfs" 0 $DEAFEN --root "$root" plan --keep ssh,nfs; then
	! printf '%s\n' "$err" | grep -q '^deafen: disable portmap' &&
		! printf '%s\n' "$out" | grep -q 'portmap' &&
		printf '%s\n' "$err" | grep -q '^deafen: keep portmap .*needed by nfs (known need: rpc.mountd(8)' &&
		pass "bigcat --keep ssh,nfs: portmap stays, needed by nfs (knowledge.tab), and plan says why" ||
		fail "bigcat --keep ssh,nfs: portmap" "$err"
fi
if run "bigcat plan --keep ssh,nfs json" 0 $DEAFEN --root "$root" --format json plan --keep ssh,nfs; then
	printf '%s\n' "$out" > "$SCRATCH/plan.json"
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
k = [s for s in d["keep"] if s["name"] == "portmap"]
assert k and "needed by nfs" in k[0]["why"] and k[0]["kind"] == "sysv", d["keep"]
assert not any(s["name"] == "portmap" for s in d["disable"])
assert d["warnings"] == []' "$SCRATCH/plan.json" 2> "$SCRATCH/perr" &&
		pass "plan --format json: keep [{name: portmap, why: needed by nfs ...}], not in disable" ||
		fail "plan json keep" "$(cat "$SCRATCH/perr")"
	if /usr/bin/python3 -c 'import jsonschema' 2> /dev/null; then
		printf 'plan keep\tplan\tvalues\t%s\t-\t0\t0\t-\n' "$SCRATCH/plan.json" > "$SCRATCH/plan.manifest"
		/usr/bin/python3 "$TOP/tests/e2e/schema_check.py" "$TOP/schema" "$SCRATCH/plan.manifest" \
			"$SCRATCH/plan.results" --some && grep -qx 'pass	plan keep' "$SCRATCH/plan.results" &&
			pass "plan --format json with keep and warnings: valid against schema/plan.schema.json" ||
			fail "plan json schema" "$(cat "$SCRATCH/plan.results")"
	else
		skip "plan json schema: needs python3-jsonschema (sh tests/deps.sh installs it)"
	fi
fi
if run "bigcat apply --keep ssh,nfs" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.1" --format json apply --keep ssh,nfs --no-reload; then
	printf '%s\n' "$out" | python3 -c 'import json,sys
d = json.load(sys.stdin)
assert [s["name"] for s in d["keep"]] == ["portmap"] and "needed by nfs" in d["keep"][0]["why"], d["keep"]
assert "portmap" not in [s["name"] for s in d["disabled"]]' 2> "$SCRATCH/perr" &&
		pass "apply --format json: keep [portmap, needed by nfs] beside disabled" ||
		fail "apply json keep" "$(cat "$SCRATCH/perr")"
	[ -L "$root/etc/rc.d/rc3.d/S11portmap" ] && [ -L "$root/etc/rc.d/rc3.d/S60nfs" ] &&
		[ ! -L "$root/etc/rc.d/rc3.d/S55named" ] &&
		pass "bigcat apply --keep ssh,nfs: portmap and nfs still start, named does not" ||
		fail "bigcat apply --keep ssh,nfs" "$(ls "$root/etc/rc.d/rc3.d")"
fi

if run "bigcat list --keep ssh,nfs" 0 $DEAFEN --root "$root" list --keep ssh,nfs portmap named; then
	printf '%s\n' "$out" | grep -q '^portmap  *sysv  *enabled  *keep ' &&
		printf '%s\n' "$out" | grep -q '^named  *sysv  *[a-z]*  *dangerous ' &&
		pass "list --keep ssh,nfs: portmap's verdict is keep (needed by nfs), named's still dangerous" ||
		fail "list --keep ssh,nfs verdicts" "$out"
fi

# Debian: nfs-kernel-server's Required-Start: $portmap is rpcbind (Provides: rpcbind portmap)
root=$(copy_root debian)
if run "debian plan --keep ssh,nfs-kernel-server" 0 $DEAFEN --root "$root" plan --keep ssh,nfs-kernel-server; then
	printf '%s\n' "$err" | grep -q '^deafen: keep rpcbind .*needed by nfs-kernel-server (Required-Start: \$portmap)' &&
		! printf '%s\n' "$err" | grep -q '^deafen: disable rpcbind' &&
		printf '%s\n' "$err" | grep -q '^deafen: disable bind9 ' &&
		printf '%s\n' "$err" | grep -q '^deafen: note: bind9 goes, though nfs-kernel-server (which stays) would like it (Should-Start: \$named)' &&
		! printf '%s\n' "$err" | grep -q 'though cron' &&
		pass "Debian: Required-Start: \$portmap keeps rpcbind, and plan quotes the header; Should-Start: \$named (bind9) only a note" ||
		fail "Debian Required-Start" "$err"
fi
# an unknown script's Required-Start of a plain script name, and Should-Start keeps nothing
lsb_script "$root" mirror 'keeps a mirror of the web site' \
	'# Required-Start:    $remote_fs apache2 $named' '# Should-Start:      cups'
if run "debian plan --keep ssh (mirror needs apache2)" 0 $DEAFEN --root "$root" plan --keep ssh; then
	printf '%s\n' "$err" | grep -q '^deafen: keep apache2 .*needed by mirror (Required-Start: apache2)' &&
		printf '%s\n' "$err" | grep -q '^deafen: disable cups ' &&
		printf '%s\n' "$err" | grep -q '^deafen: disable bind9 ' &&
		pass "a script --keep never touches keeps its Required-Start (apache2); its Should-Start (cups) and \$named (bind9) go" ||
		fail "Required-Start of a plain name" "$err"
fi

# systemd: a kept unit's Requires= keeps the socket; transitively from a unit --keep never touches
FIX=systemd
root=$(copy_root $FIX)
if run "systemd plan --keep ssh,rpcbind.service" 0 $DEAFEN --root "$root" plan --keep ssh,rpcbind.service; then
	printf '%s\n' "$err" | grep -q '^deafen: keep rpcbind.socket .*needed by rpcbind.service (Requires=rpcbind.socket)' &&
		! printf '%s\n' "$err" | grep -q '^deafen: disable rpcbind' &&
		pass "systemd: a kept unit's Requires= (rpcbind.service -> rpcbind.socket) stays" ||
		fail "systemd Requires=" "$err"
fi
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
cat > "$root/etc/systemd/system/nfs-mounts.service" << 'EOF'
[Unit]
Description=mount the NFS shares
BindsTo=rpcbind.service
Wants=cups.service

[Service]
ExecStart=/usr/local/sbin/nfs-mounts

[Install]
WantedBy=multi-user.target
EOF
ln -s /etc/systemd/system/nfs-mounts.service "$root/etc/systemd/system/multi-user.target.wants/nfs-mounts.service"
if run "systemd plan --keep ssh (nfs-mounts binds to rpcbind)" 0 $DEAFEN --root "$root" plan --keep ssh; then
	printf '%s\n' "$err" | grep -q '^deafen: keep rpcbind.service .*needed by nfs-mounts.service (BindsTo=rpcbind.service)' &&
		printf '%s\n' "$err" | grep -q '^deafen: keep rpcbind.socket .*needed by rpcbind.service (Requires=rpcbind.socket)' &&
		printf '%s\n' "$err" | grep -q '^deafen: disable cups.service' &&
		pass "systemd: BindsTo= of a unit that stays, transitively (rpcbind.service, then its socket); Wants= keeps nothing" ||
		fail "systemd transitive" "$err"
fi

# ---- --disable of what a service that stays needs: a warning, and --force ----

root=$(copy_root bigcat)
before=$(listing "$root")
if run "bigcat plan --disable portmap" 0 $DEAFEN --root "$root" plan --disable portmap; then
	printf '%s\n' "$err" | grep -q '^deafen: warning: --disable portmap: portmap is needed by nfs, which stays .*--force' &&
		pass "plan --disable portmap with nfs on: warns by name, says --force" ||
		fail "plan --disable portmap warning" "$err"
fi
if run "bigcat plan --disable portmap --force" 0 $DEAFEN --root "$root" plan --disable portmap --force; then
	printf '%s\n' "$err" | grep -q '^deafen: warning: --disable portmap: portmap is needed by nfs, which stays .*; --force: it goes$' &&
		printf '%s\n' "$err" | grep -q '^deafen: disable portmap ' &&
		pass "plan --disable portmap --force: plan takes apply's --force, and says portmap goes anyway" ||
		fail "plan --force" "$err"
fi
if run "bigcat apply --disable portmap" 2 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.2" apply --disable portmap --no-reload; then
	has "$err" "portmap is needed by nfs" "nothing changed" "--force" &&
		[ "$(listing "$root")" = "$before" ] && [ ! -d "$SCRATCH/bk.2" ] &&
		pass "apply --disable portmap with nfs on: refused (exit 2), nothing changed, says --force" ||
		fail "apply --disable portmap refusal" "$err"
fi
if run "bigcat harden --disable portmap" 2 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.2" harden --yes --keep ssh,nfs --disable portmap --no-reload; then
	has "$err" "portmap is needed by nfs" "--force" && [ "$(listing "$root")" = "$before" ] &&
		pass "harden --keep ssh,nfs --disable portmap: refused too (exit 2), nothing changed" ||
		fail "harden --disable portmap refusal" "$err"
fi
if run "bigcat apply --disable portmap --force" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.2" apply --disable portmap --force --no-reload; then
	[ ! -L "$root/etc/rc.d/rc3.d/S11portmap" ] && [ -L "$root/etc/rc.d/rc3.d/S60nfs" ] &&
		printf '%s\n' "$err" | grep -q -- '--force: it goes' &&
		pass "apply --disable portmap --force: portmap goes, nfs stays" ||
		fail "apply --force" "$err $(ls "$root/etc/rc.d/rc3.d")"
fi
if run "bigcat apply --keep telnet --disable inet" 2 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.2" apply --keep telnet --disable inet --no-reload; then
	has "$err" "warning: --disable inet: inet is needed by telnet, which stays (its super-server)" "--force" &&
		pass "apply --keep telnet --disable inet: the kept inetd entry needs its super-server; refused (exit 2)" ||
		fail "super-server need" "$err"
fi
root=$(copy_root $FIX)
before=$(listing "$root")
if run "systemd apply --disable rpcbind.socket" 2 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.3" apply --disable rpcbind.socket --no-reload; then
	has "$err" "rpcbind.socket is needed by rpcbind.service, which stays (Requires=rpcbind.socket)" &&
		[ "$(listing "$root")" = "$before" ] &&
		pass "systemd apply --disable rpcbind.socket while rpcbind.service stays: refused (exit 2)" ||
		fail "systemd --disable rpcbind.socket" "$err"
fi

# ---- the access services ----

root=$(copy_root $FIX)
if run "systemd plan --keep ssh" 0 $DEAFEN --root "$root" plan --keep ssh; then
	! printf '%s\n' "$err" | grep -q '^deafen: disable \(wg-quick@wg0\|openvpn-server@office\)' &&
		! printf '%s\n' "$out" | grep -q 'wg-quick@wg0\|openvpn-server@office' &&
		printf '%s\n' "$err" | grep -q '^deafen: keep wg-quick@wg0.service .*WireGuard' &&
		printf '%s\n' "$err" | grep -q '^deafen: keep openvpn-server@office.service .*OpenVPN' &&
		pass "systemd --keep ssh: wg-quick@wg0 and openvpn-server@office stay (access), and plan says so" ||
		fail "systemd --keep ssh access" "$err"
fi
if run "systemd plan --keep ssh --disable wg-quick@wg0" 0 $DEAFEN --root "$root" plan --keep ssh --disable wg-quick@wg0; then
	printf '%s\n' "$err" | grep -q '^deafen: disable wg-quick@wg0.service' &&
		! printf '%s\n' "$err" | grep -q '^deafen: disable openvpn-server@office' &&
		pass "systemd --keep ssh --disable wg-quick@wg0: that one goes, openvpn stays" ||
		fail "systemd --disable wg-quick@wg0" "$err"
fi
if run "systemd list --keep ssh" 0 $DEAFEN --root "$root" --format json list --keep ssh; then
	printf '%s\n' "$out" | python3 -c 'import json,sys
d = {s["name"]: s["verdict"] for s in json.load(sys.stdin)["services"]}
assert d["wg-quick@wg0.service"] == "keep" and d["openvpn-server@office.service"] == "keep", d
assert d["cups.service"] != "keep", d' 2> "$SCRATCH/perr" &&
		pass "list --keep ssh: the access services' verdict is keep" ||
		fail "list --keep ssh verdicts" "$(cat "$SCRATCH/perr")"
fi
if run "systemd harden --yes" 0 $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.4" harden --yes --no-reload; then
	w=$root/etc/systemd/system/multi-user.target.wants
	[ -L "$w/wg-quick@wg0.service" ] && [ -L "$w/openvpn-server@office.service" ] && [ -L "$w/ssh.service" ] &&
		[ ! -L "$w/cups.service" ] &&
		printf '%s\n' "$err" | grep -q -- '--yes: disable .*, keep ssh (and 2 more that stay, see above)$' &&
		pass "harden (keeps ssh): wg-quick@wg0 and openvpn-server@office still start; its summary counts them" ||
		fail "harden access" "$(ls "$w")"
fi
if run "verify after harden" 0 $DEAFEN --root "$root" verify; then
	pass "verify after harden: what stays with ssh is no drift"
fi
# an init script of a VPN endpoint (Debian's openvpn)
root=$(copy_root debian)
lsb_script "$root" openvpn 'Openvpn VPN service' '# Required-Start:    $network $remote_fs $syslog'
if run "debian plan --keep ssh (openvpn script)" 0 $DEAFEN --root "$root" plan --keep ssh; then
	printf '%s\n' "$err" | grep -q '^deafen: keep openvpn .*OpenVPN' &&
		! printf '%s\n' "$err" | grep -q '^deafen: disable openvpn' &&
		pass "Debian --keep ssh: the openvpn init script stays (access)" ||
		fail "debian openvpn access" "$err"
fi

# ---- the session deafen runs in ----

# fake_proc DIR CHAIN...: DIR/self/stat and "PID:COMM[=EXE][:UNIT]" parents,
# each the child of the next (UNIT, which may hold colons, in its cgroup)
fake_proc() {
	dir=$1
	shift
	rm -rf "$dir"
	mkdir -p "$dir/self"
	child=self
	for p; do
		pid=${p%%:*}
		rest=${p#*:}
		comm=${rest%%:*}
		unit=
		case $rest in *:*) unit=${rest#*:} ;; esac
		exe=
		case $comm in *=*) exe=${comm#*=} comm=${comm%%=*} ;; esac
		c=$([ "$child" = self ] && echo deafen || cat "$dir/$child/comm")
		printf '%s (%s) S %s 1 1 0 -1\n' "$([ "$child" = self ] && echo 99999 || echo "$child")" "$c" "$pid" > "$dir/$child/stat"
		mkdir -p "$dir/$pid"
		printf '%s\n' "$comm" > "$dir/$pid/comm"
		[ -n "$unit" ] && printf '0::/system.slice/%s\n' "$unit" > "$dir/$pid/cgroup"
		[ -n "$exe" ] && ln -s "$exe" "$dir/$pid/exe"
		child=$pid
	done
	printf '%s (%s) S 0 0 0 0 -1\n' "$child" "$(cat "$dir/$child/comm")" > "$dir/$child/stat"
}

# over ssh: bash <- sshd (session) <- sshd (ssh.service) <- systemd
fake_proc "$SCRATCH/sshproc" 4241:bash 4240:sshd 900:sshd:ssh.service 1:systemd
root=$(copy_root $FIX)
before=$(listing "$root")
if run "session plan --disable ssh" 0 env DEAFEN_PROC="$SCRATCH/sshproc" $DEAFEN --root "$root" plan --disable ssh; then
	printf '%s\n' "$err" | grep -q '^deafen: warning: ssh.service carries this session (sshd pid 4240, sshd pid 900 (ssh.service)).*--allow-lockout' &&
		pass "over ssh (fake sshd parents): plan --disable ssh warns that ssh.service carries the session" ||
		fail "session plan warning" "$err"
fi
if run "session plan --allow-lockout" 0 env DEAFEN_PROC="$SCRATCH/sshproc" $DEAFEN --root "$root" plan --disable ssh --allow-lockout; then
	printf '%s\n' "$err" | grep -q '^deafen: note: ssh.service carries this session (.*): it goes (--allow-lockout)$' &&
		! printf '%s\n' "$err" | grep -q 'warning' &&
		pass "over ssh: plan --disable ssh --allow-lockout notes it, no warning" ||
		fail "session plan --allow-lockout" "$err"
fi
if run "session apply --disable ssh" 2 env DEAFEN_PROC="$SCRATCH/sshproc" $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.5" apply --disable ssh --no-reload; then
	has "$err" "ssh.service carries this session" "nothing changed" "--allow-lockout" &&
		[ "$(listing "$root")" = "$before" ] &&
		pass "over ssh: apply --disable ssh refused (exit 2), nothing changed, says --allow-lockout" ||
		fail "session apply refusal" "$err"
fi
if run "session harden --disable ssh" 2 env DEAFEN_PROC="$SCRATCH/sshproc" $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.5" harden --yes --disable ssh --no-reload; then
	has "$err" "carries this session" "--allow-lockout" && [ "$(listing "$root")" = "$before" ] &&
		pass "over ssh: harden --disable ssh refused too (exit 2)" ||
		fail "session harden refusal" "$err"
fi
if run "session apply --allow-lockout" 0 env DEAFEN_PROC="$SCRATCH/sshproc" $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.5" apply --disable ssh --allow-lockout --no-reload; then
	[ ! -L "$root/etc/systemd/system/multi-user.target.wants/ssh.service" ] &&
		pass "over ssh: apply --disable ssh --allow-lockout disables it" ||
		fail "session --allow-lockout" "$(ls "$root/etc/systemd/system/multi-user.target.wants")"
fi
# socket-activated: one sshd a connection, in ssh@....service of ssh.socket
fake_proc "$SCRATCH/sockproc" 5001:bash '5000:sshd:ssh@0-192.0.2.1:22-192.0.2.9:50000.service' 1:systemd
root=$(copy_root $FIX)
if run "session socket plan --mask" 0 env DEAFEN_PROC="$SCRATCH/sockproc" $DEAFEN --root "$root" plan --disable ssh.socket --mask; then
	printf '%s\n' "$err" | grep -q '^deafen: warning: ssh.socket carries this session (sshd pid 5000 (ssh@0-192.0.2.1:22-192.0.2.9:50000.service))' &&
		pass "over ssh through ssh.socket (sshd in ssh@...service): plan --mask of ssh.socket warns" ||
		fail "session socket" "$err"
fi
# an init script's sshd (bigcat: processname sshd), found by the exe of a parent named otherwise
fake_proc "$SCRATCH/exeproc" 700:bash 650:priv=/usr/sbin/sshd:ssh.service 1:init
root=$(copy_root bigcat)
before=$(listing "$root")
if run "session bigcat apply --disable sshd" 2 env DEAFEN_PROC="$SCRATCH/exeproc" $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.6" apply --disable sshd --no-reload; then
	has "$err" "sshd carries this session (sshd pid 650" && [ "$(listing "$root")" = "$before" ] &&
		pass "over ssh (a parent whose exe is sshd): apply --disable sshd of an init script refused" ||
		fail "session exe" "$err"
fi
# SSH_CONNECTION alone (tmux, su): no sshd among the parents
if run "session SSH_CONNECTION" 2 env SSH_CONNECTION="192.0.2.9 50000 192.0.2.1 22" $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.6" apply --disable sshd --no-reload; then
	has "$err" "SSH_CONNECTION=192.0.2.9 50000 192.0.2.1 22" "--allow-lockout" &&
		[ "$(listing "$root")" = "$before" ] &&
		pass "SSH_CONNECTION set, no sshd parent: apply --disable sshd refused" ||
		fail "session SSH_CONNECTION" "$err"
fi
# not over ssh: nothing in the way
fake_proc "$SCRATCH/localproc" 300:bash 200:login 1:init
if run "no session" 0 env DEAFEN_PROC="$SCRATCH/localproc" $DEAFEN --root "$root" --backup-dir "$SCRATCH/bk.6" apply --disable sshd --no-reload; then
	[ ! -L "$root/etc/rc.d/rc3.d/S55sshd" ] && ! printf '%s\n' "$err" | grep -q 'carries this session' &&
		pass "on a console (no sshd parent, no SSH_CONNECTION): apply --disable sshd disables it" ||
		fail "no session" "$err"
fi

finish
