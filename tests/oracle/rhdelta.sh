# rhdelta.sh - what an action changed on a Red Hat root, in one readable form that
# tests/oracle/chkconfig.sh records from the real chkconfig and tests/e2e/rhconform.sh
# computes for deafen (sourced by both; needs $SCRATCH).
#   - PATH -> TARGET / + PATH -> TARGET   a link removed / made
#   - PATH / + PATH                       a file or directory removed / made
#   ~ PATH                                a file whose bytes changed
#   serves: ID...                         what the real xinetd 2.3.15 serves afterwards
#                                         (only after a change under etc/xinetd.d)
# chkconfig rewrites a whole xinetd file (mode 0600, blank lines dropped); deafen changes
# the one line: so xinetd files are compared by what xinetd serves, not by their bytes.
XINETD=${XINETD:-/opt/deafen-test/xinetd/usr/sbin/xinetd}

# rh_listing DIR: every link (with target), directory and file (with its sha256) under DIR/etc
rh_listing() {
	(cd "$1" && {
		find etc \( -type l -printf 'L %p -> %l\n' \) -o \( -type d -printf 'D %p/\n' \)
		find etc -type f -print0 | xargs -0 -r sha256sum | awk '{ print "F " $2 " " substr($1, 1, 16) }'
	} | LC_ALL=C sort)
}

# rh_delta BEFORE AFTER: the lines above (without serves:) from two listings
rh_delta() {
	diff "$1" "$2" | awk '
		/^< F / { fm[$3] = 1; next }
		/^> F / { fp[$3] = 1; next }
		/^< [LD] / { print "- " substr($0, 5); next }
		/^> [LD] / { print "+ " substr($0, 5); next }
		END {
			for (p in fm) print ((p in fp) ? "~ " : "- ") p
			for (p in fp) if (!(p in fm)) print "+ " p
		}' | LC_ALL=C sort -k2
}

# rh_xinetd_ok: 0 when the real xinetd can be run for rh_serves (xinetd unpacked by
# tests/deps.sh, script(1), and unshare -n: it binds its ports in a network namespace
# of its own, never on this machine's)
rh_xinetd_ok() {
	[ -x "$XINETD" ] && command -v script > /dev/null 2>&1 && unshare -n true 2> /dev/null
}

# rh_serves DIR: "serves: ID..." - the services the real xinetd starts from DIR's
# etc/xinetd.conf and etc/xinetd.d (includedir pointed there; every server = made
# /bin/true in the scratch copy, as xinetd refuses a service whose server this machine
# lacks, and that is not what is compared)
rh_serves() {
	# the same files give the same answer: kept by their sha256 in $SCRATCH/serves.d
	rk=$(cd "$1/etc" && find xinetd.conf xinetd.d -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-32)
	mkdir -p "$SCRATCH/serves.d"
	if [ -s "$SCRATCH/serves.d/$rk" ]; then
		cat "$SCRATCH/serves.d/$rk"
		return
	fi
	rh_serves_run "$1" > "$SCRATCH/serves.d/$rk.$$"
	mv "$SCRATCH/serves.d/$rk.$$" "$SCRATCH/serves.d/$rk"
	cat "$SCRATCH/serves.d/$rk"
}

rh_serves_run() {
	rx=$(mktemp -d "$SCRATCH/xi.XXXXXX")
	cp -a "$1/etc/xinetd.d" "$rx/d"
	find "$rx/d" -type f -exec sed -i 's|^\([[:space:]]*server[[:space:]]*=\).*|\1 /bin/true|' {} +
	sed "s|^[[:space:]]*includedir.*|includedir $rx/d|" "$1/etc/xinetd.conf" > "$rx/conf"
	timeout 30 unshare -n script -qc "$XINETD -d -dontfork -f $rx/conf -pidfile $rx/pid" /dev/null > "$rx/log" 2>&1 &
	rp=$!
	ri=0
	while [ $ri -lt 300 ] && ! grep -q "Started working" "$rx/log" 2> /dev/null; do
		sleep 0.05
		ri=$((ri + 1))
	done
	# the xinetd this function started, by its pid file; timeout is the last guard
	[ -s "$rx/pid" ] && kill "$(cat "$rx/pid")" 2> /dev/null
	wait "$rp" 2> /dev/null
	if ! grep -q "Started working" "$rx/log" 2> /dev/null; then
		printf 'serves: (xinetd did not start: %s)\n' "$(grep -a -m1 -i 'error\|fatal' "$rx/log")"
		return
	fi
	rids=$(grep -a 'Started service: ' "$rx/log" | sed 's/.*Started service: //' | tr -d '\r' | LC_ALL=C sort | tr '\n' ' ')
	printf 'serves: %s\n' "${rids:-(none) }" | sed 's/ $//'
	rm -rf "$rx"
}

# rh_names DIR: the names chkconfig knows on DIR: init scripts, then xinetd files
# (chkconfig looks in init.d first: a name in both is the script)
rh_names() {
	{
		find "$1/etc/rc.d/init.d/" -maxdepth 1 -type f -printf '%f\n'
		find "$1/etc/xinetd.d/" -maxdepth 1 -type f ! -name '*.*' ! -name '*~' -printf '%f\n'
	} | LC_ALL=C sort -u
}
