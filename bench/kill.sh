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
# Issue #17 adds three, after an apply of three services of each fixture (not
# killed): enable of two of them killed at each point, then rollback of the
# enable's backup (the root must be as after the apply; a later enable must
# leave what an enable on the untouched root leaves); rollback of a whole
# enable killed, then run again; rollback ID --only NAME killed, then run again
# (the root must be as after an --only not killed, and a whole rollback after it
# the original), for a service of a file (an inetd line) and for one whose
# disable moved links (rc links, .wants links: the second of enabled_of).
#   KILL_FIXTURES="debian systemd" KILL_WHAT="enable" sh bench/kill.sh
# KILL_WHAT picks among: apply rollback undo enable enable-rollback only.
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

printf '| fixture | what is killed | kill points | killed | root exact after rollback | later apply works (#17 rows: later enable, or whole rollback after --only, exact) |\n' > "$out"
printf '| --- | --- | ---: | ---: | ---: | ---: |\n' >> "$out"
all=0 allok=0
KILL_WHAT=${KILL_WHAT:-apply rollback undo enable enable-rollback only}
wants() { case " $KILL_WHAT " in *" $1 "*) return 0 ;; esac; return 1; }
# the services of each fixture #17's loops disable, and the two enable turns back on
disabled_of() {
	case $1 in
	debian) echo telnet,swat,exim4 ;;
	redhat) echo telnet,rsync,httpd ;;
	systemd) echo daytime,cups,identd ;;
	bigcat) echo ftp,telnet,sendmail ;;
	esac
}
enabled_of() {
	case $1 in
	debian) echo telnet,exim4 ;;
	redhat) echo telnet,httpd ;;
	systemd) echo daytime,cups ;;
	bigcat) echo ftp,sendmail ;;
	esac
}
newest() { ls "$bk" | sort | tail -1; }
# row FIXTURE WHAT N KILLED EXACT LATER
row() {
	all=$((all + $3))
	[ "$4" = "$3" ] && [ "$5" = "$3" ] && [ "$6" = "$3" ] && allok=$((allok + $3))
	printf '| %s | %s | %s | %s | %s (%s %%) | %s (%s %%) |\n' "$1" "$2" "$3" "$4" "$5" \
		$(($3 ? $5 * 100 / $3 : 0)) "$6" $(($3 ? $6 * 100 / $3 : 0)) | tee -a "$out"
}
# exact_is WANT: after a kill ($st) and the recovery (its output in $SCRATCH/rb), the root is
# the listing WANT; counted, or said
exact_is() {
	[ $st = 99 ] && killed=$((killed + 1))
	if listing "$root" | cmp -s - "$1"; then
		exact=$((exact + 1))
	else
		echo "$fixture: $what killed at point $k (exit $st): the root differs after the recovery:" >&2
		listing "$root" | diff "$1" - | head -5 >&2
		sed 's/^/    /' "$SCRATCH/rb" >&2
	fi
}
# later_was STATUS: the later command (its output in $SCRATCH/ap) worked and left what it should
later_was() {
	if [ "$1" = 0 ]; then
		later=$((later + 1))
	else
		echo "$fixture: $what killed at point $k: the later command failed or differs:" >&2
		sed 's/^/    /' "$SCRATCH/ap" >&2
	fi
	k=$((k + 1))
}
for fixture in ${KILL_FIXTURES:-bigcat debian redhat systemd}; do
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
		case $what in apply) wants apply || continue ;; rollback) wants rollback || continue ;;
		*) wants undo || continue ;; esac
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
			exact_is "$SCRATCH/before"
			dea apply $POLICY > "$SCRATCH/ap" 2>&1 && listing "$root" | cmp -s - "$SCRATCH/applied"
			later_was $?
		done
		row $fixture "$what" "$n" $killed $exact $later
	done
	# #17: enable, the rollback of an enable, rollback --only (after an apply not killed)
	dis=$(disabled_of $fixture) en=$(enabled_of $fixture)
	fresh $fixture
	dea apply --disable "$dis" --no-reload > /dev/null 2>&1
	listing "$root" > "$SCRATCH/disabled"
	A=$(newest)
	ne=$(DEAFEN_CRASH_AT=count dea enable "$en" --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
	listing "$root" > "$SCRATCH/enabled"
	E=$(newest)
	ner=$(DEAFEN_CRASH_AT=count dea rollback "$E" --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
	for what in enable "enable's rollback" "rollback --only $en"; do
		case $what in enable) wants enable || continue; n=$ne ;;
		"enable's rollback") wants enable-rollback || continue; n=$ner ;;
		*) wants only || continue ;; esac
		# rollback --only: of a file's service, then of one whose links moved
		for one in $(echo "$en" | tr , ' '); do
		if [ "$what" = "rollback --only $en" ]; then
			what="rollback --only $one"
			fresh $fixture
			dea apply --disable "$dis" --no-reload > /dev/null 2>&1
			A=$(newest)
			n=$(DEAFEN_CRASH_AT=count dea rollback "$A" --only "$one" --no-reload 2>&1 | sed -n 's/^deafen: crash points: //p')
			listing "$root" > "$SCRATCH/only"
		fi
		killed=0 exact=0 later=0 k=1
		while [ $k -le "$n" ]; do
			fresh $fixture
			dea apply --disable "$dis" --no-reload > /dev/null 2>&1
			A=$(newest)
			case $what in
			enable)
				DEAFEN_CRASH_AT=$k dea enable "$en" --no-reload > /dev/null 2>&1
				st=$?
				dea rollback "$(newest)" --no-reload > "$SCRATCH/rb" 2>&1
				want=$SCRATCH/disabled ;;
			"enable's rollback")
				dea enable "$en" --no-reload > /dev/null 2>&1
				E=$(newest)
				DEAFEN_CRASH_AT=$k dea rollback "$E" --no-reload > /dev/null 2>&1
				st=$?
				dea rollback "$E" --no-reload > "$SCRATCH/rb" 2>&1
				want=$SCRATCH/disabled ;;
			*)
				DEAFEN_CRASH_AT=$k dea rollback "$A" --only "$one" --no-reload > /dev/null 2>&1
				st=$?
				dea rollback "$A" --only "$one" --no-reload > "$SCRATCH/rb" 2>&1
				want=$SCRATCH/only ;;
			esac
			exact_is "$want"
			# later: enable works (and leaves what it leaves untouched); after --only, the
			# whole rollback gives the original back
			if [ "$what" = "rollback --only $one" ]; then
				dea rollback "$A" --no-reload > "$SCRATCH/ap" 2>&1 && listing "$root" | cmp -s - "$SCRATCH/before"
			else
				dea enable "$en" --no-reload > "$SCRATCH/ap" 2>&1 && listing "$root" | cmp -s - "$SCRATCH/enabled"
			fi
			later_was $?
		done
		row $fixture "$what" "$n" $killed $exact $later
		case $what in "rollback --only"*) what="rollback --only $en" ;; *) break ;; esac
		done
	done
done
printf '\n%s of %s kills recovered exactly, with a later apply that works.\n' $allok $all | tee -a "$out"
[ $allok = $all ]
