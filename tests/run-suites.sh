#!/bin/sh
# run-suites.sh - runs the test suites of `make check`, JOBS at a time (the
# number of CPUs unless JOBS is set), each suite's output shown whole once it
# ends, in the order given; then a table of passed, failed and skipped per
# suite with the seconds it took, and last one line `total: N passed,
# N failed, N skipped`.
#
# Usage (the Makefile's check targets): VALGRIND=CMD DEAFEN=CMD [JOBS=N] sh tests/run-suites.sh ITEM...
#   lenses/tests/test_*.aug  an augparse lens test; all of them are one suite,
#                            which also checks that every lens has its test
#   tests/unit/test_*        a cmocka binary (its "[  PASSED  ]" and
#                            "[  FAILED  ]" lines are counted)
#   tests/fuzz/replay_*      a corpus replay; all of them are one suite
#   tests/e2e/*.sh           an end-to-end script, run with sh; its last line
#                            'N passed, N failed[, N skipped]' is counted
# $VALGRIND (empty, or valgrind and its options) runs each binary; $DEAFEN
# is passed to the scripts as it is. A suite that cannot run here is skipped
# and says what would enable it; a script calls lib.sh's `skip REASON`, which
# its summary line counts and its "SKIP REASON" line explains.
#
# Suites run side by side because CI has two cores and the valgrind run is
# CPU-bound; each has its own scratch directories. The few that start
# listeners or compare whole socket tables take lib.sh's sockets_alone lock.
# xargs runs each suite as `run-suites.sh --one NNN` (its items on the line
# NNN of $RUN_SUITES_TMP/specs) into $RUN_SUITES_TMP/NNN (out, table, done).
#
# Exit status 1 when anything failed; with CI=true also when anything was
# skipped, so that CI never passes on a machine that lacks a dependency.

set -u
cd "$(dirname "$0")/.." || exit 1
VALGRIND=${VALGRIND:-}
DEPS="sh tests/deps.sh"
if [ "${1:-}" = --one ]; then
	TMP=$RUN_SUITES_TMP/$2
	mkdir "$TMP" || exit 1
else
	TMP=$(mktemp -d /tmp/deafen-suites.XXXXXX)
	trap 'rm -rf "$TMP"' EXIT
	trap 'exit 130' INT TERM HUP
fi
: > "$TMP/table"
started=$(date +%s)
run_started=$started

# record NAME PASSED FAILED SKIPPED NOTE: one row of the table, with the
# seconds since the suite's header (CI's time limit is spent per suite)
record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" \
		"$(($(date +%s) - started))" >> "$TMP/table"
}

# capture CMD...: runs CMD, its output (stderr too) to the terminal and to
# $TMP/log; returns its exit status
capture() {
	{
		"$@" 2>&1
		echo $? > "$TMP/rc"
	} | tee "$TMP/log"
	return "$(cat "$TMP/rc")"
}

# sum: the sum of the numbers on stdin, one a line
sum() {
	awk '{ n += $1 } END { print n + 0 }'
}

header() {
	started=$(date +%s)
	printf '\n=== %s\n' "$1"
}

# run_lenses TEST...: augparse each lens test; every lens must have one
run_lenses() {
	header "augparse lens tests"
	if ! command -v augparse > /dev/null; then
		echo "SKIP needs augparse"
		record "augparse lens tests" 0 0 1 "skipped: needs augparse ($DEPS installs augeas-tools)"
		return
	fi
	p=0 f=0
	for t in "$@"; do
		if augparse -I lenses "$t" > "$TMP/aug" 2>&1; then
			p=$((p + 1))
			echo "ok   augparse $t"
		else
			f=$((f + 1))
			echo "FAIL augparse $t"
			sed 's/^/     /' "$TMP/aug"
		fi
	done
	for l in lenses/*.aug; do
		t=lenses/tests/test_${l##*/}
		[ -f "$t" ] && continue
		f=$((f + 1))
		echo "FAIL $l has no test $t"
	done
	record "augparse lens tests" "$p" "$f" 0 ""
}

# run_unit BINARY: one cmocka binary (it may run several groups)
run_unit() {
	name="unit ${1##*/}"
	header "$name"
	# shellcheck disable=SC2086 # $VALGRIND is a command and its options
	capture $VALGRIND "./$1"
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$TMP/log" | sum)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' "$TMP/log" | sum)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s), listed below:$/\1/p' "$TMP/log" | sum)
	note=""
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		note="exit $rc"
	elif [ $((p + f + s)) -eq 0 ]; then
		f=1
		note="no cmocka summary"
	fi
	record "$name" "$p" "$f" "$s" "$note"
}

# run_fuzz REPLAY...: every corpus file through every harness
run_fuzz() {
	header "fuzz corpus replay"
	p=0 f=0
	for r in "$@"; do
		# shellcheck disable=SC2086
		if $VALGRIND "./$r" tests/fuzz/corpus/* > "$TMP/fz" 2>&1; then
			p=$((p + 1))
			echo "ok   ${r##*/}: $(sed -n 's/.*: \([0-9]* inputs replayed\)/\1/p' "$TMP/fz" | tail -n 1)"
		else
			f=$((f + 1))
			echo "FAIL ${r##*/}"
			sed 's/^/     /' "$TMP/fz"
		fi
	done
	record "fuzz corpus replay" "$p" "$f" 0 ""
}

# run_e2e SCRIPT: one end-to-end script
run_e2e() {
	name="e2e ${1##*/}"
	header "$name"
	capture sh "$1"
	rc=$?
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$TMP/log" | tail -n 1)
	note=""
	if [ -z "$last" ]; then
		p=0 f=1 s=0
		note="no 'N passed, N failed' line (exit $rc)"
	else
		# shellcheck disable=SC2086 # the words of the summary line
		set -- $last
		p=$1 f=$3
		s=${5:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
			note="exit $rc"
		fi
	fi
	# lib.sh's skip prints "SKIP REASON"; other "skip" lines (broken.sh's
	# cases left out under valgrind by design) are not counted
	ns=$(grep -c '^SKIP ' "$TMP/log")
	reason=$(sed -n 's/^SKIP //p' "$TMP/log" | head -n 1)
	if [ -n "$reason" ]; then
		[ "$ns" -gt 1 ] && reason="$reason (and $((ns - 1)) more above)"
		note="${note:+$note; }skipped: $reason"
	fi
	record "$name" "$p" "$f" "$s" "$note"
}

# run_one ITEM...: one suite, as the parent's spec line names it
run_one() {
	case $1 in
	*.aug) run_lenses "$@" ;;
	tests/fuzz/replay_*) run_fuzz "$@" ;;
	*.sh) run_e2e "$1" ;;
	tests/unit/*) run_unit "$1" ;;
	*)
		header "$1"
		echo "run-suites.sh: $1: not a suite" >&2
		record "$1" 0 1 0 "not a suite"
		;;
	esac
}

if [ "${1:-}" = --one ]; then
	# its items from the spec line: xargs passes the number alone
	items=$(sed -n "s/^$2 //p" "$RUN_SUITES_TMP/specs")
	# shellcheck disable=SC2086 # paths of the source tree, without spaces
	set -- $items
	run_one "$@" > "$TMP/out" 2>&1
	: > "$TMP/done"
	exit 0
fi

# one spec line a suite, NNN first: the lens tests and the corpus replays
# are one suite each, where the first of them stands
lens_tests=""
fuzz_replays=""
for item in "$@"; do
	case $item in
	*.aug) lens_tests="$lens_tests $item" ;;
	tests/fuzz/replay_*) fuzz_replays="$fuzz_replays $item" ;;
	esac
done
n=0
: > "$TMP/specs"
spec() {
	n=$((n + 1))
	printf '%03d %s\n' "$n" "$*" >> "$TMP/specs"
}
# shellcheck disable=SC2086 # paths of the source tree, without spaces
[ -n "$lens_tests" ] && spec $lens_tests
for item in "$@"; do
	case $item in
	*.aug) ;;
	tests/fuzz/replay_*)
		# shellcheck disable=SC2086
		[ -n "$fuzz_replays" ] && spec $fuzz_replays
		fuzz_replays=""
		;;
	*) spec "$item" ;;
	esac
done

JOBS=${JOBS:-$(nproc 2> /dev/null || echo 1)}
[ "$JOBS" -ge 1 ] 2> /dev/null || JOBS=1
RUN_SUITES_TMP=$TMP
export RUN_SUITES_TMP VALGRIND
cut -d ' ' -f 1 "$TMP/specs" > "$TMP/numbers"
xargs -n 1 -P "$JOBS" sh tests/run-suites.sh --one < "$TMP/numbers" &
xpid=$!

# kill_tree PID: PID and every process below it, the deepest first. A
# background job of this shell ignores SIGINT, and so does every suite
# under it: ^C reaches this shell alone, which ends them with SIGTERM
# (their traps stop what they started).
kill_tree() {
	for c in $(pgrep -P "$1" 2> /dev/null); do
		kill_tree "$c"
	done
	kill -TERM "$1" 2> /dev/null
}
trap 'kill_tree "$xpid"; exit 130' INT TERM HUP
# each suite's output in the given order, as soon as it and those before it end
while read -r k items; do
	while [ ! -e "$TMP/$k/done" ] && kill -0 "$xpid" 2> /dev/null; do
		sleep 1
	done
	if [ -e "$TMP/$k/done" ]; then
		cat "$TMP/$k/out"
		cat "$TMP/$k/table" >> "$TMP/table"
	elif [ -d "$TMP/$k" ]; then
		printf '\n=== %s\n' "$items"
		[ -f "$TMP/$k/out" ] && cat "$TMP/$k/out"
		record "${items%% *}" 0 1 0 "did not end (killed?)"
	else
		printf '\n=== %s\n' "$items"
		record "${items%% *}" 0 1 0 "not run (xargs stopped: a runner before it was killed?)"
	fi
done < "$TMP/specs"
wait "$xpid"

printf '\n%-28s %7s %7s %7s %7s\n' suite passed failed skipped seconds
awk -F '\t' '{ printf "%-28s %7d %7d %7d %7d%s\n", $1, $2, $3, $4, $6, $5 == "" ? "" : "  " $5 }' "$TMP/table"
# shellcheck disable=SC2046 # three numbers
set -- $(awk -F '\t' '{ p += $2; f += $3; s += $4 } END { print p + 0, f + 0, s + 0 }' "$TMP/table")
status=0
[ "$2" -eq 0 ] || status=1
if [ "$3" -gt 0 ] && [ "${CI:-}" = true ]; then
	echo "CI=true: what was skipped counts as failed (the table says what would enable it)"
	status=1
fi
printf '%s suites, %s at a time: %s s\n' "$n" "$JOBS" "$(($(date +%s) - run_started))"
printf 'total: %s passed, %s failed, %s skipped\n' "$1" "$2" "$3"
exit "$status"
