#!/bin/sh
# rhconform.sh - every service of the Red Hat fixtures (fixtures/redhat12, built from real
# package files with links by the real chkconfig, see its README; fixtures/redhat)
# turned off, masked and on by deafen, compared with what the real chkconfig does there
# (#16 Acceptance, #17):
#   disable NAME  deafen apply --disable NAME   == chkconfig NAME off
#   mask NAME     deafen apply --mask --disable == chkconfig NAME off (no systemd on the
#                 root: nothing to mask with, --mask turns the links off, README)
#   enable NAME   deafen enable NAME            == chkconfig NAME on
#   offon NAME    apply --disable, then enable  == chkconfig NAME off; chkconfig NAME on
# The real chkconfig's results are golden data, tests/e2e/expected/chkconfig-FIX.txt,
# recorded by tests/oracle/chkconfig.sh (CI cannot fetch chkconfig to build it). Where
# the built chkconfig is on this machine (/opt/deafen-test/chkconfig, made by
# tests/oracle/chkconfig-build.sh), it is run again and must still give the golden data;
# else one line says the live oracle was not there. Links, files and bytes are compared
# (tests/oracle/rhdelta.sh), xinetd files by what the real xinetd 2.3.15 serves: chkconfig
# rewrites the whole file, deafen the one line (README). A known mismatch (KNOWN below,
# each with its reason) is printed and counted, not failed; any other fails.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/oracle/rhdelta.sh"
CHK=${CHKCONFIG:-/opt/deafen-test/chkconfig/chkconfig}
FIXTURES=${RHCONFORM_FIXTURES:-redhat12 redhat}
# under valgrind (make check VALGRIND=1) the small root only: valgrind checks deafen's
# memory, the same code paths as on redhat12, in minutes instead of a quarter-hour
case $DEAFEN in *valgrind*) FIXTURES=${RHCONFORM_FIXTURES:-redhat} ;; esac

# DELIBERATE: "FIX ACTION NAME: why", where deafen differs on purpose (README, "Where
# deafen goes further"): printed and counted, not failed
DELIBERATE="redhat12 disable rsync: rsync is an init script and an xinetd service: chkconfig takes the script (it looks in init.d first), deafen turns off both
redhat12 mask rsync: as disable rsync"
# KNOWN: "FIX ACTION NAME: why", mismatches left to fix (none now)
KNOWN=""

if rh_xinetd_ok; then
	XI=yes
else
	XI=no
	skip "what xinetd serves: needs xinetd in /opt/deafen-test/xinetd (sh tests/deps.sh), script, and unshare -n (root)"
fi

# own NAME: the lines of a delta about NAME (its links, its script, its xinetd file,
# what xinetd serves); others NAME: the rest (another service's links)
own() { grep -E "^(serves: |[-+~] (etc/rc\.d/rc[0-6]\.d/[SK][0-9][0-9]|etc/rc\.d/init\.d/|etc/xinetd\.d/)$1( |\$))"; }
others() { grep -v '^#' | grep -vE "^(serves: |[-+~] (etc/rc\.d/rc[0-6]\.d/[SK][0-9][0-9]|etc/rc\.d/init\.d/|etc/xinetd\.d/)$1( |\$))"; }

# norm DELTA NAME BASE: DELTA's lines about NAME but "~" ones, and what xinetd serves
# (BASE's line when nothing under etc/xinetd.d changed)
norm() {
	own "$2" < "$1" | grep -v '^~ \|^serves: '
	if [ "$XI" = yes ]; then
		s=$(grep '^serves: ' "$1")
		printf '%s\n' "${s:-$3}"
	fi
}

# deafen_do ACT NAME DIR [--force]: deafen's ACT of NAME on DIR; its exit status
deafen_do() {
	# shellcheck disable=SC2086 # ${4:-}: --force or no word at all
	case $1 in
	disable) $DEAFEN --root "$3" --backup-dir "$3.bk" -q apply --disable "$2" --no-reload ${4:-} ;;
	mask) $DEAFEN --root "$3" --backup-dir "$3.bk" -q apply --mask --disable "$2" --no-reload ${4:-} ;;
	enable) $DEAFEN --root "$3" --backup-dir "$3.bk" -q enable "$2" --no-reload ;;
	offon) $DEAFEN --root "$3" --backup-dir "$3.bk" -q apply --disable "$2" --no-reload ${4:-} &&
		$DEAFEN --root "$3" --backup-dir "$3.bk" -q enable "$2" --no-reload ;;
	esac > "$W/out" 2>&1
}

# copy DIR: a copy of the fixture: hard links to one private copy (cp -al is many times
# faster than cp -a here); deafen replaces a file it changes, never writes it in place
# (checked at the end: no file of the private copy changed)
copy() {
	cp -al "$BASE" "$1"
}

# worker FIX PART PARTS: every PARTS-th name of fixtures/FIX from the PART-th, in its own
# directory; its output, then "counts PASSED FAILED DISABLE MASK ENABLE OFFON KNOWN
# DELIBERATE RENUMBERED" in $W/counts
worker() {
	FIX=$1 W=$SCRATCH/$1.$2 passed=0 failed=0 known=0 deliberate=0 renumbered=0 i=0
	agree_disable=0 agree_mask=0 agree_enable=0 agree_offon=0
	G=$SCRATCH/$FIX/gold
	base=$(grep '^serves: ' "$G/fixture.")
	mkdir -p "$W/done"
	for n in $(rh_names "$BASE" | awk -v p="$2" -v m="$3" 'NR % m == p'); do
		for act in disable mask enable offon; do
			case $act in
			disable | mask) g=$G/off.$n ;;
			enable) g=$G/on.$n ;;
			offon) g=$G/offon.$n ;;
			esac
			if [ ! -f "$g" ]; then
				fail "$FIX $act $n: no golden record (re-record: sh tests/oracle/chkconfig.sh $FIX > $GOLD)"
				continue
			fi
			i=$((i + 1))
			r=$W/r$i
			copy "$r"
			st=0
			deafen_do "$act" "$n" "$r" || st=$?
			n2=$n
			if [ $st -eq 2 ] && grep -q 'is needed by .*, which stays' "$W/out"; then
				rh_listing "$r" > "$W/l.after"
				refused_intact "$FIX $act $n" "$L0" "$W/l.after"
				mv "$r" "$W/done/refused$i"
				copy "$r"
				st=0
				deafen_do "$act" "$n" "$r" --force || st=$?
				n2="$n --force"
			fi
			rh_listing "$r" > "$W/l.after"
			rh_delta "$L0" "$W/l.after" > "$W/d"
			if [ "$XI" = yes ] && grep -q ' etc/xinetd\.d/' "$W/d"; then
				rh_serves "$r" >> "$W/d"
			fi
			norm "$g" "$n" "$base" > "$W/n.real"
			norm "$W/d" "$n" "$base" > "$W/n.deafen"
			# deafen changes no xinetd file chkconfig leaves alone, no other service's links
			extra=$(grep '^~ ' "$W/d" | while read -r _ p; do grep -qxF "~ $p" "$g" || printf '%s ' "$p"; done)
			mine=$(others "$n" < "$W/d")
			theirs=$(others "$n" < "$g" | sed -n 's|^[-+] etc/rc\.d/rc[0-6]\.d/[SK][0-9][0-9]\([^ ]*\) .*|\1|p' | sort -u | tr '\n' ' ')
			note=""
			if [ -n "$theirs" ]; then
				note=" (chkconfig also renumbered ${theirs% }: deafen leaves other services, README)"
				renumbered=$((renumbered + 1))
			fi
			k=$(printf '%s\n' "$KNOWN" | grep "^$FIX $act $n: " | head -1)
			dl=$(printf '%s\n' "$DELIBERATE" | grep "^$FIX $act $n: " | head -1)
			if cmp -s "$W/n.real" "$W/n.deafen" && [ -z "$extra" ] && [ -z "$mine" ]; then
				eval "agree_$act=\$((agree_$act + 1))"
				same=""
				[ -s "$W/d" ] || same=" (both change nothing)"
				pass "$FIX $act $n2: deafen == chkconfig$same$note${k:+ (now agrees: its KNOWN entry can go)}${dl:+ (now agrees: its DELIBERATE entry can go)}"
			elif [ -n "$dl$k" ] && [ -z "$mine" ]; then
				if [ -n "$dl" ]; then
					deliberate=$((deliberate + 1))
					printf 'DELIBERATE %s\n' "$dl"
				else
					known=$((known + 1))
					printf 'KNOWN %s\n' "$k"
				fi
				diff "$W/n.real" "$W/n.deafen" | grep '^[<>]' | sed 's/^/     /'
			else
				fail "$FIX $act $n2: deafen (exit $st) differs from chkconfig (< chkconfig, > deafen)" \
					"$(diff "$W/n.real" "$W/n.deafen" | grep '^[<>]')${extra:+
xinetd files deafen changed and chkconfig did not: $extra}${mine:+
deafen changed other services: $mine}
$(head -5 "$W/out")"
			fi
			# aside, not removed: rm -rf of each is slow here (lib.sh's trap removes them)
			mv "$r" "$W/done/"
		done
	done
	printf 'counts %s %s %s %s %s %s %s %s %s\n' "$passed" "$failed" "$agree_disable" "$agree_mask" \
		"$agree_enable" "$agree_offon" "$known" "$deliberate" "$renumbered" > "$W/counts"
}

for FIX in $FIXTURES; do
	FROOT=$TOP/fixtures/$FIX
	GOLD=$TOP/tests/e2e/expected/chkconfig-$FIX.txt
	mkdir -p "$SCRATCH/$FIX/gold"
	# the golden records, one file each: gold/ACTION.NAME
	awk -v d="$SCRATCH/$FIX/gold" '/^== /{ f = d "/" $2 "." $3; printf "" > f; next } f { print > f }' "$GOLD"
	BASE=$SCRATCH/$FIX/base
	cp -a "$FROOT" "$BASE"
	L0=$SCRATCH/$FIX/l.fixture
	rh_listing "$FROOT" > "$L0"
	total=$(rh_names "$FROOT" | wc -l)
	# three workers side by side: a busy machine gives each its share
	for part in 0 1 2; do
		worker "$FIX" $part 3 > "$SCRATCH/log.$FIX.$part" 2>&1 &
	done
	wait
	set -- 0 0 0 0 0 0 0
	for part in 0 1 2; do
		cat "$SCRATCH/log.$FIX.$part"
		if ! read -r _ p f a1 a2 a3 a4 kn de rn < "$SCRATCH/$FIX.$part/counts"; then
			fail "$FIX: the worker $part ended without its counts"
			continue
		fi
		passed=$((passed + p)) failed=$((failed + f))
		set -- $(($1 + a1)) $(($2 + a2)) $(($3 + a3)) $(($4 + a4)) $(($5 + kn)) $(($6 + de)) $(($7 + rn))
	done
	if [ "$(rh_listing "$BASE")" = "$(cat "$L0")" ]; then
		pass "$FIX: no file of the shared copy was written through a hard link"
	else
		fail "$FIX: a file of the shared copy was written through a hard link"
	fi
	printf '\nchkconfig conformance on fixtures/%s (%s services): disable %s, mask %s, enable %s, off+on %s agree of %s each; %s deliberate differences, %s known mismatches; %s times chkconfig also renumbered other services (deafen leaves them)\n\n' \
		"$FIX" "$total" "$1" "$2" "$3" "$4" "$total" "$6" "$5" "$7"
	# the golden data must still be what the real chkconfig does
	if [ ! -x "$CHK" ]; then
		printf 'live oracle not available: no chkconfig at %s (sh tests/oracle/chkconfig-build.sh builds it); fixtures/%s compared with the golden data only\n' "$CHK" "$FIX"
	elif [ "$XI" = no ]; then
		printf 'live oracle not run: it needs xinetd (above)\n'
	elif ! sh "$TOP/tests/oracle/chkconfig.sh" "$FIX" > "$SCRATCH/live.txt" 2> "$SCRATCH/live.err"; then
		fail "$FIX: the live chkconfig oracle failed" "$(cat "$SCRATCH/live.err")"
	else
		grep -v '^#' "$GOLD" > "$SCRATCH/live.gold"
		grep -v '^#' "$SCRATCH/live.txt" > "$SCRATCH/live.now"
		if cmp -s "$SCRATCH/live.gold" "$SCRATCH/live.now"; then
			pass "$FIX: the real chkconfig ($(sed -n 's/^# chkconfig //p' "$SCRATCH/live.txt" | head -1)) still does what $(basename "$GOLD") says"
		else
			fail "$FIX: the real chkconfig now differs from $(basename "$GOLD") (< golden, > now; re-record with tests/oracle/chkconfig.sh)" \
				"$(diff "$SCRATCH/live.gold" "$SCRATCH/live.now")"
		fi
	fi
done
finish
