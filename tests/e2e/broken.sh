#!/bin/sh
# broken.sh - the corpus of broken inputs, fixtures/broken/NN-name: each case a
# small root with one defect. For each: copy root/ (cp -a), run setup on the
# copy if there is one, take the listing, run
#   $DEAFEN --root COPY --color never ARGS
# and check the exit status (file exit), that stderr matches the extended
# regexp of file message, and that the copy's listing did not change.
# fixtures/broken/README.md describes the files of a case.
. "$(dirname "$0")/lib.sh"

CASES=$TOP/fixtures/broken
# a hang is a failure, not a stuck test run; the 10 MB cases take ~2.5 s of
# CPU (more under ASan, and on a busy machine): the limit is for hangs only
case $DEAFEN in
*valgrind*) limit=${BROKEN_TIMEOUT:-120} ;;
*) limit=${BROKEN_TIMEOUT:-30} ;;
esac
start=$(date +%s)

# runas cases run deafen as nobody, for whom a mode 000 file means something
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null 2>&1; then
	as_nobody='setpriv --reuid=65534 --regid=65534 --clear-groups'
else
	as_nobody=
fi

# show FILE: its first lines, printable, for a FAIL report
show() {
	head -c 600 "$1" | cut -c1-200 | cat -v
}

for CASE in "$CASES"/[0-9][0-9]-*; do
	[ -d "$CASE" ] || continue
	name=${CASE##*/}
	# the 10 MB lines take minutes under valgrind; the plain and ASan runs cover them
	case "$DEAFEN:$name" in
	*valgrind*:07-* | *valgrind*:08-*)
		echo "skip $name under valgrind"
		continue
		;;
	esac
	WORK=$SCRATCH/$name
	ROOT=$WORK/root
	export CASE WORK ROOT DEAFEN
	if ! { mkdir "$WORK" && cp -a "$CASE/root" "$ROOT"; }; then
		fail "$name: cannot copy the root"
		continue
	fi

	prefix=
	if [ -f "$CASE/runas" ]; then
		# world-readable copy; setup then takes the rights of one file away
		chmod 755 "$SCRATCH" "$WORK" && chmod -R a+rX "$ROOT"
		prefix=$as_nobody
	fi

	if [ -f "$CASE/setup" ]; then
		(cd "$ROOT" && sh "$CASE/setup") > "$WORK/setup.log" 2>&1
		rc=$?
		if [ "$rc" -eq 77 ]; then
			printf 'skip %s: %s\n' "$name" "setup says it cannot run here (not root?)"
			chmod -R u+rwX "$WORK" 2> /dev/null
			continue
		elif [ "$rc" -ne 0 ]; then
			fail "$name: setup failed ($rc)" "$(show "$WORK/setup.log")"
			chmod -R u+rwX "$WORK" 2> /dev/null
			continue
		fi
	fi

	want=$(cat "$CASE/exit")
	pattern=$(cat "$CASE/message")
	eval "set -- $(cat "$CASE/args")"
	before=$(listing "$ROOT" 2> /dev/null)

	# shellcheck disable=SC2086 # $prefix and $DEAFEN are command words
	timeout -k 2 "$limit" $prefix $DEAFEN --root "$ROOT" --color never "$@" \
		> "$WORK/out" 2> "$WORK/err"
	status=$?

	why=
	if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
		why="hangs: killed after ${limit}s (expected exit $want)"
	elif [ "$status" -ne "$want" ]; then
		why="exit $status, expected $want"
	fi
	if ! grep -Eaq -e "$pattern" "$WORK/err"; then
		why="${why:+$why; }stderr does not match /$pattern/"
	fi
	after=$(listing "$ROOT" 2> /dev/null)
	if [ "$after" != "$before" ]; then
		printf '%s\n' "$before" > "$WORK/before"
		printf '%s\n' "$after" > "$WORK/after"
		why="${why:+$why; }the root changed"
		changed=$(diff "$WORK/before" "$WORK/after" | head -20)
	else
		changed=
	fi

	if [ -z "$why" ]; then
		pass "$name"
	else
		detail="case: $(cat "$CASE/about" 2> /dev/null)
stderr: $(show "$WORK/err")"
		[ -n "$changed" ] && detail="$detail
root: $changed"
		fail "$name: $why" "$detail"
	fi
	chmod -R u+rwX "$WORK" 2> /dev/null
	rm -rf "$WORK"
done

printf 'broken.sh: %s s\n' "$(($(date +%s) - start))"
finish
