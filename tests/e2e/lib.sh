# lib.sh - helpers of the end-to-end tests: scratch roots, listings, verdicts
# Every test works on a copy of a fixture in a scratch directory, never on /.

: "${DEAFEN:?set DEAFEN to the deafen binary}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=$(mktemp -d /tmp/deafen-e2e.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
# no test is the session of an administrator: the sshd guard (session.c)
# reads a /proc of the test's own making, if any, and no SSH_CONNECTION
DEAFEN_PROC=$SCRATCH/proc
export DEAFEN_PROC
unset SSH_CONNECTION
passed=0
failed=0
skipped=0

pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
# skip REASON: a part that cannot run here; REASON says what would enable it,
# e.g. "needs xinetd (sh tests/deps.sh installs it)". Counted, not failed:
# tests/run-suites.sh shows it, and fails it when CI=true.
skip() { skipped=$((skipped + 1)); printf 'SKIP %s\n' "$1"; }

# sockets_alone: runs this script again from its start, holding the lock of
# the host's sockets (/tmp/deafen-sockets.lock) once no other suite holds it.
# tests/run-suites.sh runs suites side by side; one that starts listeners, or
# compares two readings of the whole socket table, calls it first. flock -o
# holds the lock in flock's own process, so no daemon the script starts keeps
# it; 15 minutes at most (then exit 75: the suite fails, no summary line).
sockets_alone() {
	[ -n "${DEAFEN_SOCKETS_HELD:-}" ] && return 0
	DEAFEN_SOCKETS_HELD=1
	export DEAFEN_SOCKETS_HELD
	lock=${DEAFEN_SOCKETS_LOCK:-/tmp/deafen-sockets.lock}
	rm -rf "$SCRATCH" # the run below makes its own
	flock -n "$lock" true 2> /dev/null || echo "note waiting for the sockets lock $lock"
	exec flock -o -w 900 -E 75 "$lock" sh "$0"
}

# copy_root FIXTURE: a fresh copy of fixtures/FIXTURE; prints its path
copy_root() {
	d=$(mktemp -d "$SCRATCH/root.XXXXXX")
	cp -a "$TOP/fixtures/$1/." "$d/"
	printf '%s\n' "$d"
}

# listing DIR: every entry with its type, mode, owner, link target and sha256
listing() {
	(cd "$1" && find . -printf '%p %y %m %U %G %l\n' | sort | while read -r p y rest; do
		if [ "$y" = f ]; then
			printf '%s %s %s %s\n' "$p" "$y" "$rest" "$(sha256sum < "$p" | cut -c1-64)"
		else
			printf '%s %s %s\n' "$p" "$y" "$rest"
		fi
	done)
}

# file_hunks DIFF: the entries of a git diff that patch(1) can apply (files,
# not the symlink renames, creations and deletions it refuses)
file_hunks() {
	awk 'function flush() { if (text != "" && files) printf "%s", text; text = "" }
	     /^diff --git /{flush(); files = 1}
	     /^(rename from|new file mode 120000|deleted file mode 120000)/{files = 0}
	     {text = text $0 "\n"} END {flush()}' "$1"
}

# same_listing ROOT BEFORE: pass/fail LABEL on whether ROOT's listing is BEFORE
same_listing() {
	listing "$1" > "$SCRATCH/listing.now"
	printf '%s\n' "$2" > "$SCRATCH/listing.before"
	if cmp -s "$SCRATCH/listing.now" "$SCRATCH/listing.before"; then
		pass "$3"
	else
		fail "$3: root differs" "$(diff "$SCRATCH/listing.before" "$SCRATCH/listing.now")"
	fi
}

# refused_intact LABEL BEFORE AFTER: after `--disable X` refused (exit 2, X "is needed by
# ..., which stays"), pass when the listings BEFORE and AFTER are the same
refused_intact() {
	if cmp -s "$2" "$3"; then
		pass "$1: needed by a service that stays: nothing changed, exit 2 (README)"
	else
		fail "$1: refused (exit 2) but the root changed" "$(diff "$2" "$3")"
	fi
}

# run NAME EXPECTED_STATUS CMD...: runs CMD, keeps stdout/stderr in $out/$err
run() {
	name=$1 want=$2
	shift 2
	"$@" > "$SCRATCH/out" 2> "$SCRATCH/err"
	status=$?
	out=$(cat "$SCRATCH/out")
	err=$(cat "$SCRATCH/err")
	if [ "$status" -eq "$want" ]; then
		return 0
	fi
	fail "$name: exit $status, expected $want" "$out
$err"
	return 1
}

# real_update_rc_d: prints the path of a copy of /usr/sbin/update-rc.d that reads the LSB
# headers of DPKG_ROOT's etc/init.d (the real one reads the host's /etc/init.d even with
# DPKG_ROOT), or nothing when update-rc.d or perl is missing. Run the copy as
# DPKG_ROOT=ROOT _SKIP_SYSTEMD_NATIVE=1 perl COPY NAME disable
real_update_rc_d() {
	[ -f /usr/sbin/update-rc.d ] && command -v perl > /dev/null || return 0
	sed -e 's|"/etc/insserv/overrides/\$name"|"$dpkg_root/etc/insserv/overrides/$name"|' \
		-e 's|"/etc/init.d/\$name"|"$dpkg_root/etc/init.d/$name"|g' \
		/usr/sbin/update-rc.d > "$SCRATCH/update-rc.d"
	grep -q 'dpkg_root/etc/init.d/\$name' "$SCRATCH/update-rc.d" && printf '%s\n' "$SCRATCH/update-rc.d"
}

finish() {
	printf '%s passed, %s failed, %s skipped\n' "$passed" "$failed" "$skipped"
	[ "$failed" -eq 0 ]
}

# needs WHAT HINT TOOL...: where a TOOL is not in PATH, the whole suite is
# skipped (counted, finished, exit), saying what HINT would install it
needs() {
	what=$1 hint=$2
	shift 2
	for tool in "$@"; do
		command -v "$tool" > /dev/null && continue
		skip "$what: needs $tool ($hint)"
		finish
		exit
	done
}
