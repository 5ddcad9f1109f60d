#!/bin/sh
# kill.sh - a kill at every crash point of apply and of rollback, on the four
# fixtures, then rollback (or a re-run of the killed rollback): the root must be
# exactly as it was, and a later apply must work and leave what an apply on the
# untouched root leaves (#15). Run by hand, not by make check (it takes minutes):
#   sh bench/kill.sh [RESULT.md]
# DEAFEN_CRASH_AT=K makes deafen _exit(99) at its K-th crash point (src/fsutil.c):
# after the manifest, after each journal line (begin, temp NAME, done N, complete,
# mkdir, rollback, rolled-back), after each step is made and before it is
# journaled, after each temporary file is made and before its rename, after each
# step rollback undoes, after the mkdir of a directory rollback makes again.
# DEAFEN_CRASH_AT=count tells how many a run has. A third loop kills apply's own
# undo: the write of its last link fails (DEAFEN_FAIL_WRITE=NAME), apply puts back
# what it made, and is killed at each point of that, then rollback.
set -u
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-kill.md}
DEAFEN=${DEAFEN:-$PWD/deafen}
[ -x "$DEAFEN" ] || make deafen > /dev/null
POLICY="--keep ssh --save-policy --no-reload"
SCRATCH=$(mktemp -d /tmp/deafen-kill.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT

listing() {
	(cd "$1" && find . -printf '%p %y %m %U %G %l\n' | sort && find . -type f -exec sha256sum {} + | sort)
}
# fresh FIXTURE: a copy in $root, its backup dir $bk (outside the root, absent)
fresh() {
	rm -rf "$SCRATCH/root" "$SCRATCH/bk"
	cp -a "fixtures/$1" "$SCRATCH/root"
	root=$SCRATCH/root bk=$SCRATCH/bk
}
dea() { $DEAFEN --root "$root" --backup-dir "$bk" "$@"; }

printf '| fixture | what is killed | kill points | killed | root exact after rollback | later apply works |\n' > "$out"
printf '| --- | --- | ---: | ---: | ---: | ---: |\n' >> "$out"
all=0 allok=0
for fixture in bigcat debian redhat systemd; do
	fresh $fixture
	listing "$root" > "$SCRATCH/before"
	# what a later apply must leave: an apply on the untouched root
	fresh $fixture
	dea apply $POLICY > /dev/null 2>&1
	listing "$root" > "$SCRATCH/applied"
	fresh $fixture
	na=$(DEAFEN_CRASH_AT=count dea apply $POLICY 2>&1 | sed -n 's/^deafen: crash points: //p')
	nr=$(DEAFEN_CRASH_AT=count dea rollback --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
	# the last link apply changes: its write fails, and apply undoes the rest
	last=$(awk -F'\t' '$1 == "rename" || $1 == "delete" { n = $4 != "" ? $4 : $3 } $1 == "create" { n = $4 }
		END { print n }' "$bk"/*/manifest)
	fresh $fixture
	nu=$(DEAFEN_FAIL_WRITE=$last DEAFEN_CRASH_AT=count dea apply $POLICY 2>&1 | sed -n 's/^deafen: crash points: //p')
	for what in apply rollback "apply's undo"; do
		n=$na
		[ "$what" = rollback ] && n=$nr
		[ "$what" = "apply's undo" ] && n=$nu
		killed=0 exact=0 later=0 k=1
		while [ $k -le "$n" ]; do
			fresh $fixture
			if [ "$what" = apply ]; then
				DEAFEN_CRASH_AT=$k dea apply $POLICY > /dev/null 2>&1
				st=$?
				dea rollback --no-reload > "$SCRATCH/rb" 2>&1
			elif [ "$what" = "apply's undo" ]; then
				DEAFEN_FAIL_WRITE=$last DEAFEN_CRASH_AT=$k dea apply $POLICY > /dev/null 2>&1
				st=$?
				dea rollback --no-reload > "$SCRATCH/rb" 2>&1
			else
				dea apply $POLICY > /dev/null 2>&1
				DEAFEN_CRASH_AT=$k dea rollback --no-reload > /dev/null 2>&1
				st=$?
				dea rollback --no-reload > "$SCRATCH/rb" 2>&1
			fi
			[ $st = 99 ] && killed=$((killed + 1))
			if listing "$root" | cmp -s - "$SCRATCH/before"; then
				exact=$((exact + 1))
			else
				echo "$fixture: $what killed at point $k (exit $st): the root differs after rollback:" >&2
				listing "$root" | diff "$SCRATCH/before" - | head -5 >&2
				sed 's/^/    /' "$SCRATCH/rb" >&2
			fi
			if dea apply $POLICY > "$SCRATCH/ap" 2>&1 && listing "$root" | cmp -s - "$SCRATCH/applied"; then
				later=$((later + 1))
			else
				echo "$fixture: $what killed at point $k: the later apply failed or differs:" >&2
				sed 's/^/    /' "$SCRATCH/ap" >&2
			fi
			k=$((k + 1))
		done
		all=$((all + n))
		[ $killed = "$n" ] && [ $exact = "$n" ] && [ $later = "$n" ] && allok=$((allok + n))
		printf '| %s | %s | %s | %s | %s (%s %%) | %s (%s %%) |\n' $fixture "$what" "$n" $killed $exact \
			$((n ? exact * 100 / n : 0)) $later $((n ? later * 100 / n : 0)) | tee -a "$out"
	done
done
printf '\n%s of %s kills recovered exactly, with a later apply that works.\n' $allok $all | tee -a "$out"
[ $allok = $all ]
