#!/bin/sh
# fleet.sh - a fleet of host roots hardened by the deafen.hardening collection
# with ansible-playbook over the local connection, then one deafen report.
#
# Usage: sh bench/fleet.sh [-n HOSTS] [-f FORKS] [-o DIR]
#   -n  how many hosts (default 200); -f  ansible-playbook's forks (default 10)
#   -o  keep everything in DIR (made; default: a temporary directory, removed)
# $DEAFEN: the deafen to run (default ./deafen; a command prefix such as
# "valgrind ... ./deafen" works too).
#
# Host i (host000...) is a copy of fixtures/debian, redhat, systemd or bigcat
# (i mod 4), with variations:
#   telnet  i mod 5 = 1: telnet kept on (deafen_keep: [ssh, telnet]; on the
#           systemd roots, where it is off, turned on first)
#   drift   i mod 7 = 3: after the hardening, a service is turned on again as a
#           package would (an inetd.conf line, the xinetd rsync file)
#   apt     the Debian and systemd roots have etc/apt: the role installs the
#           apt hook there
# Then, each run of ansible-playbook -f FORKS timed:
#   check   the role in --check mode (the roots must not change)
#   apply   the role
#   again   the role again (changed=0 on every host)
#   gather  state=verified and deafen_info, one JSON file a host in DIR/reports
# and deafen report on DIR/reports: fleet.html, fleet.json. DIR/summary holds
# the figures (key=value); DIR/recap-RUN each run's PLAY RECAP;
# DIR/drift.expected the hosts planted with drift; DIR/tree-before-check and
# DIR/tree-after-check the roots' checksums around the check run.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
hosts=200 forks=10 out=
start=$(date +%s.%N)
while getopts n:f:o: opt; do
	case $opt in
	n) hosts=$OPTARG ;;
	f) forks=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "usage: sh bench/fleet.sh [-n HOSTS] [-f FORKS] [-o DIR]" >&2; exit 2 ;;
	esac
done
for tool in ansible-playbook ansible-galaxy; do
	command -v $tool > /dev/null || { echo "fleet.sh: needs $tool (sh tests/deps.sh installs ansible-core)" >&2; exit 1; }
done
DEAFEN=${DEAFEN:-$TOP/deafen}
if [ -z "$out" ]; then
	out=$(mktemp -d /tmp/deafen-fleet.XXXXXX)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/hosts" "$out/reports" "$out/collections"
mkdir -p "$out/hosts" "$out/reports" "$out/home" "$out/tmp"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# the deafen every module runs: one path, so a prefix goes in a wrapper
bin=$out/deafen
printf '#!/bin/sh\nexec %s "$@"\n' "$DEAFEN" > "$bin"
chmod 0755 "$bin"

# nothing of this machine's Ansible configuration: everything in $out
: > "$out/ansible.cfg"
export HOME="$out/home" ANSIBLE_CONFIG="$out/ansible.cfg" ANSIBLE_LOCAL_TEMP="$out/tmp" \
	ANSIBLE_REMOTE_TEMP="$out/tmp" ANSIBLE_COLLECTIONS_PATH="$out/collections" \
	ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=false ANSIBLE_PIPELINING=true \
	ANSIBLE_HOST_KEY_CHECKING=false ANSIBLE_LOCALHOST_WARNING=false \
	ANSIBLE_INVENTORY_UNPARSED_WARNING=false FLEET_REPORTS="$out/reports"

# the collection, built and installed as a user would
ansible-galaxy collection build contrib/ansible --output-path "$out" --force > "$out/build.log"
ansible-galaxy collection install --offline -p "$out/collections" "$out"/deafen-hardening-*.tar.gz \
	> "$out/install.log" 2>&1

# the roots and the inventory
fixtures="debian redhat systemd bigcat"
: > "$out/drift.expected"
{
	echo "[fleet]"
	i=0
	while [ "$i" -lt "$hosts" ]; do
		h=$(printf 'host%03d' "$i")
		set -- $fixtures
		shift $((i % 4))
		fx=$1
		r=$out/hosts/$h
		cp -a "fixtures/$fx" "$r"
		keep='["ssh"]'
		if [ $((i % 5)) -eq 1 ]; then
			keep='["ssh","telnet"]'
			[ "$fx" = systemd ] && sed -i 's/^#<off># telnet/telnet/' "$r/etc/inetd.conf"
		fi
		case $fx in debian | systemd) mkdir -p "$r/etc/apt" ;; esac
		[ $((i % 7)) -eq 3 ] && echo "$h $fx" >> "$out/drift.expected"
		echo "$h deafen_root=$r fixture=$fx deafen_keep='$keep'"
		i=$((i + 1))
	done
	echo "[fleet:vars]"
	echo "ansible_connection=local"
	echo "ansible_python_interpreter=/usr/bin/python3"
	echo "deafen_binary=$bin"
	echo "deafen_bindir=$out"
	echo "deafen_reload=true"
} > "$out/inventory"

# treesum: one checksum of every root: paths, types, modes, link targets, contents
treesum() {
	(cd "$out/hosts" && { find . -printf '%p %y %m %l\n' | sort; find . -type f -print0 | sort -z |
		xargs -0 sha256sum; } | sha256sum | cut -c1-64)
}

# play RUN PLAYBOOK [OPTIONS]: one timed ansible-playbook run; its output in
# $out/RUN.log, its PLAY RECAP lines in $out/recap-RUN
play() {
	run=$1 book=$2
	shift 2
	t0=$(now)
	status=0
	ansible-playbook -i "$out/inventory" -f "$forks" "$@" "bench/fleet/$book" > "$out/$run.log" 2>&1 ||
		status=$?
	t1=$(now)
	sed -n '/^PLAY RECAP/,$p' "$out/$run.log" | grep ' : ok=' > "$out/recap-$run" || true
	echo "time_$run=$(secs "$t0" "$t1")" >> "$out/summary"
	echo "status_$run=$status" >> "$out/summary"
	printf 'fleet: %-6s %4s hosts, -f %s: %s s (rc %s)\n' "$run" "$hosts" "$forks" "$(secs "$t0" "$t1")" "$status"
}

{
	echo "hosts=$hosts"
	echo "forks=$forks"
} > "$out/summary"
treesum > "$out/tree-before-check"
play check harden.yml --check --diff
treesum > "$out/tree-after-check"
play apply harden.yml
play again harden.yml

# drift: what a package would do after the hardening
while read -r h fx; do
	r=$out/hosts/$h
	case $fx in
	debian | bigcat) sed -i 's/^#<off># finger/finger/' "$r/etc/inetd.conf" ;;
	systemd) sed -i 's/^#<off># daytime/daytime/' "$r/etc/inetd.conf" ;;
	redhat) sed -i 's/\([Dd]isable[[:space:]]*=[[:space:]]*\)yes/\1no/' "$r/etc/xinetd.d/rsync" ;;
	esac
done < "$out/drift.expected"

play gather gather.yml

t0=$(now)
"$bin" report "$out"/reports/*.json > "$out/fleet.html"
t1=$(now)
"$bin" --format json report "$out"/reports/*.json > "$out/fleet.json"
{
	echo "time_report=$(secs "$t0" "$t1")"
	echo "report_bytes=$(wc -c < "$out/fleet.html")"
	echo "reports_bytes=$(cat "$out"/reports/*.json | wc -c)"
} >> "$out/summary"
printf 'fleet: report of %s hosts: %s s, %s bytes of HTML\n' "$hosts" "$(secs "$t0" "$t1")" \
	"$(wc -c < "$out/fleet.html")"
echo "time_total=$(secs "$start" "$(now)")" >> "$out/summary"
printf 'fleet: the whole run, %s hosts: %s s\n' "$hosts" "$(secs "$start" "$(now)")"
