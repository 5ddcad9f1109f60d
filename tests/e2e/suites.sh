#!/bin/sh
# suites.sh - tests/run-suites.sh itself, on made-up suites: side by side,
# each one's output whole and in the order given, every count in the table
# and the total line, a suite that says no summary failed, a skip failed
# under CI=true, and lib.sh's sockets_alone keeping two suites apart.
. "$(dirname "$0")/lib.sh"

S=$SCRATCH/s
mkdir "$S"
# slow.sh ends after the suites behind it
cat > "$S/slow.sh" << EOT
date +%s.%N > "$S/slow.start"
sleep 2
date +%s.%N > "$S/slow.end"
echo "ok   slow one"
echo "ok   slow two"
echo "2 passed, 0 failed"
EOT
cat > "$S/bad.sh" << EOT
date +%s.%N > "$S/bad.start"
echo "FAIL bad one"
echo "ok   bad two"
echo "1 passed, 1 failed"
exit 1
EOT
cat > "$S/mute.sh" << 'EOT'
echo "no summary here"
exit 3
EOT
cat > "$S/skips.sh" << 'EOT'
echo "SKIP needs a thing (sh tests/deps.sh installs it)"
echo "3 passed, 0 failed, 1 skipped"
EOT
# two suites, the first two (started together), that each hold the sockets
# for a second, noting when
for n in lock1 lock2; do
	cat > "$S/$n.sh" << EOT
. "$TOP/tests/e2e/lib.sh"
sockets_alone
echo "start \$(date +%s.%N)" >> "$S/$n.times"
sleep 1
echo "end \$(date +%s.%N)" >> "$S/$n.times"
finish
EOT
done

# suites JOBS [VAR=VALUE...]: run-suites.sh on the made-up suites; its output in $SCRATCH/out
suites() {
	jobs=$1
	shift
	env JOBS="$jobs" VALGRIND= DEAFEN=true "$@" sh "$TOP/tests/run-suites.sh" \
		"$S/lock1.sh" "$S/lock2.sh" "$S/slow.sh" "$S/bad.sh" "$S/mute.sh" "$S/skips.sh" \
		> "$SCRATCH/out" 2>&1
}

suites 2 CI=
status=$?
out=$(cat "$SCRATCH/out")
order=$(sed -n 's/^=== e2e //p' "$SCRATCH/out" | tr '\n' ' ')
[ "$order" = "lock1.sh lock2.sh slow.sh bad.sh mute.sh skips.sh " ] &&
	pass "run-suites.sh, 2 at a time: each suite's output under its header, in the order given (slow.sh ends after the three behind it)" ||
	fail "suites: order" "$out"
# each suite's lines stay together, after its own header
awk '/^=== /{s = $3} /^ok   slow/ && s != "slow.sh" {bad = 1} /^FAIL bad one/ && s != "bad.sh" {bad = 1}
	/^no summary here/ && s != "mute.sh" {bad = 1} END {exit bad}' "$SCRATCH/out" &&
	pass "... and each one's lines whole under it" || fail "suites: lines mixed" "$out"
row() { grep -E "^e2e $1 +$2 " "$SCRATCH/out" > /dev/null; }
row slow.sh "2 +0 +0" && row bad.sh "1 +1 +0" && row skips.sh "3 +0 +1" && row lock1.sh "0 +0 +0" &&
	grep -Eq "^e2e mute.sh +0 +1 +0 .*no 'N passed, N failed' line \(exit 3\)" "$SCRATCH/out" &&
	pass "the table: each suite's counts; one that prints no summary line is a failure, with its exit status" ||
	fail "suites: table" "$out"
[ "$(tail -n 1 "$SCRATCH/out")" = "total: 6 passed, 2 failed, 1 skipped" ] && [ "$status" -eq 1 ] &&
	grep -q '^6 suites, 2 at a time: ' "$SCRATCH/out" &&
	pass "the total line adds them up; exit 1 on a failure" || fail "suites: total (exit $status)" "$out"

# side by side: bad.sh began while slow.sh ran
if awk -v s="$(cat "$S/slow.start")" -v e="$(cat "$S/slow.end")" -v b="$(cat "$S/bad.start")" 'BEGIN { exit !(s < b && b < e) }'; then
	pass "JOBS=2: two suites at the same time (bad.sh began while slow.sh ran)"
else
	fail "suites: not side by side" "slow $(cat "$S/slow.start")-$(cat "$S/slow.end"), bad $(cat "$S/bad.start")"
fi
# the two suites that took the lock never overlapped
t1=$(tr '\n' ' ' < "$S/lock1.times") t2=$(tr '\n' ' ' < "$S/lock2.times")
# shellcheck disable=SC2086 # "start T end T"
set -- $t1 $t2
if [ $# -eq 8 ] && awk -v s1="$2" -v e1="$4" -v s2="$6" -v e2="$8" 'BEGIN { exit !(e1 <= s2 || e2 <= s1) }'; then
	pass "sockets_alone: two suites that take it run one after the other"
else
	fail "sockets_alone: overlapped" "$t1 / $t2"
fi

# one at a time, and CI=true: a skip alone fails the run
rm -f "$S"/lock*.times
printf 'echo "SKIP needs a thing"\necho "0 passed, 0 failed, 1 skipped"\n' > "$S/skips.sh"
printf 'echo "1 passed, 0 failed"\n' > "$S/bad.sh"
printf 'echo "1 passed, 0 failed"\n' > "$S/mute.sh"
suites 1 CI=true
status=$?
[ "$status" -eq 1 ] && grep -q '^CI=true: what was skipped counts as failed' "$SCRATCH/out" &&
	[ "$(tail -n 1 "$SCRATCH/out")" = "total: 4 passed, 0 failed, 1 skipped" ] &&
	grep -q '^6 suites, 1 at a time: ' "$SCRATCH/out" &&
	pass "JOBS=1 and CI=true: a skip alone fails the run, and says so" || fail "suites: CI=true skip (exit $status)" "$(cat "$SCRATCH/out")"
printf 'echo "1 passed, 0 failed"\n' > "$S/skips.sh"
suites 2 CI=true
status=$?
[ "$status" -eq 0 ] && [ "$(tail -n 1 "$SCRATCH/out")" = "total: 5 passed, 0 failed, 0 skipped" ] &&
	pass "nothing failed or skipped: exit 0" || fail "suites: all good (exit $status)" "$(cat "$SCRATCH/out")"

# xargs killed while a suite runs: that one did not end (it ends later,
# unseen), the ones after it never ran; each counted as failed, saying which
printf 'echo "1 passed, 0 failed"\n' > "$S/first.sh"
# its own run's xargs: the nearest process above it that is one
cat > "$S/killer.sh" << 'EOT'
p=$$
while [ "$p" -gt 1 ]; do
	p=$(ps -o ppid= -p "$p" | tr -d ' ')
	case $(tr '\0' ' ' < "/proc/$p/cmdline") in
	"xargs -n 1 -P "*) kill -KILL "$p"; break ;;
	esac
done
sleep 5
echo "1 passed, 0 failed"
EOT
printf 'echo "1 passed, 0 failed"\n' > "$S/after.sh"
env JOBS=1 VALGRIND= DEAFEN=true CI= sh "$TOP/tests/run-suites.sh" "$S/first.sh" "$S/killer.sh" "$S/after.sh" \
	> "$SCRATCH/out" 2>&1
status=$?
grep -Eq '^e2e first.sh +1 +0 +0 ' "$SCRATCH/out" &&
	grep -Eq '^.*killer.sh +0 +1 +0 .*did not end \(killed\?\)' "$SCRATCH/out" &&
	grep -Eq '^.*after.sh +0 +1 +0 .*not run \(xargs stopped' "$SCRATCH/out" && [ "$status" -eq 1 ] &&
	pass "xargs killed: the suite then running did not end, the one after it not run, both failed" ||
	fail "suites: xargs killed (exit $status)" "$(cat "$SCRATCH/out")"

finish
