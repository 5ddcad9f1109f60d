#!/bin/sh
# inputs2.sh - inputs of an untrusted root that must not hang or explode,
# and inputs the real daemons accept (issues 15 and 16). Every command runs
# under `timeout 10`: a hang fails (status 124) instead of blocking the suite.
. "$(dirname "$0")/lib.sh"
# openbsd-inetd and xinetd below listen on 127.0.0.1:12451-12461
sockets_alone

T="timeout 10"
set -- $DEAFEN
wrapped=$(($# > 1)) # under valgrind (a command before deafen): slower, and no gdb
[ $wrapped = 1 ] && T="timeout 120"

# refused NAME STATUS WORD CMD...: CMD exits STATUS, naming WORD and "not a regular file"
refused() {
	name=$1 want=$2 word=$3
	shift 3
	if run "$name" "$want" $T "$@"; then
		case $err in
		*"$word"*"not a regular file"*) pass "$name: refused (exit $want), naming it" ;;
		*) fail "$name: the message does not name $word" "$err" ;;
		esac
	fi
}

# --- issue 15 case 15: a FIFO, a device, a directory where a file is read ---
root=$(copy_root debian)
mkdir -p "$root/etc/deafen"
mkfifo "$root/etc/deafen/policy"
refused "saved policy a FIFO: verify" 3 etc/deafen/policy $DEAFEN --root "$root" verify
refused "saved policy a FIFO: plan" 3 etc/deafen/policy $DEAFEN --root "$root" plan
rm "$root/etc/deafen/policy"
mkdir "$root/etc/deafen/policy"
refused "saved policy a directory: verify" 3 etc/deafen/policy $DEAFEN --root "$root" verify
rmdir "$root/etc/deafen/policy"

mkfifo "$SCRATCH/pol.fifo"
refused "--policy a FIFO: plan" 2 pol.fifo $DEAFEN --root "$root" plan --policy "$SCRATCH/pol.fifo"
refused "--policy a FIFO: verify" 2 pol.fifo $DEAFEN --root "$root" verify --policy "$SCRATCH/pol.fifo"
refused "--policy a character device" 2 /dev/null $DEAFEN --root "$root" plan --policy /dev/null
refused "--policy a directory" 2 "$SCRATCH" $DEAFEN --root "$root" plan --policy "$SCRATCH"
# the administrator's own policy file may be a link: it is followed
printf 'keep ssh\n' > "$SCRATCH/pol.real"
ln -s pol.real "$SCRATCH/pol.link"
run "--policy a link" 0 $T $DEAFEN --root "$root" plan --policy "$SCRATCH/pol.link" &&
	pass "--policy through a link to a regular file is read"

# inputs the tree loads
root=$(copy_root debian)
rm "$root/etc/inetd.conf"
mkfifo "$root/etc/inetd.conf"
refused "inetd.conf a FIFO: plan" 3 etc/inetd.conf $DEAFEN --root "$root" plan --keep ssh
refused "inetd.conf a FIFO: verify" 3 etc/inetd.conf $DEAFEN --root "$root" verify --keep ssh
root=$(copy_root debian)
mkfifo "$root/etc/inittab.fifo"
rm -f "$root/etc/inittab"
mv "$root/etc/inittab.fifo" "$root/etc/inittab"
refused "inittab a FIFO: verify" 3 etc/inittab $DEAFEN --root "$root" verify --keep ssh
# files swapped after deafen checked them, before Augeas loads the root (gdb
# pauses deafen at aug_load). inetd.conf was read before: the tree holds that
# text and nothing reads the file again. xinetd's files aug_load reads: Augeas
# leaves out what is no longer a regular file without a word, so deafen
# checks that it read every file it checked, and refuses, never waits.
if [ $wrapped = 1 ]; then
	printf 'note swaps before the load: left out under valgrind (gdb would stop valgrind)\n'
elif command -v gdb > /dev/null 2>&1; then
	# swapped REL HOW [XML]: deafen list with REL swapped by the shell command
	# HOW (@: the file) at aug_load; XML: list --format xml, swapped at its
	# second aug_load (the whole tree's); its output in $SCRATCH/swap.out
	swapped() {
		root=$(copy_root debian)
		how=$(printf '%s\n' "$2" | sed "s|@|$root/$1|g")
		{
			printf 'set pagination off\nbreak aug_load\nrun\n'
			[ -n "${3:-}" ] && printf 'continue\n'
			printf 'shell %s\ndelete\ncontinue\nquit\n' "$how"
		} > "$SCRATCH/swap.gdb"
		# LeakSanitizer cannot run under ptrace (a SANITIZE=1 build)
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
			timeout 20 gdb -q -batch -x "$SCRATCH/swap.gdb" --args $DEAFEN --root "$root" \
			${3:+--format xml} list > "$SCRATCH/swap.out" 2>&1
	}
	swapped etc/inetd.conf 'rm @ && mkfifo @'
	if grep -q 'exited normally' "$SCRATCH/swap.out" && grep -q '^telnet  *inetd  *enabled .* etc/inetd.conf:23 ' "$SCRATCH/swap.out" &&
		[ "$(grep -c ' inetd  ' "$SCRATCH/swap.out")" -eq 6 ]; then
		pass "inetd.conf swapped for a FIFO after it was read: its six entries and their lines as read, nothing waits"
	else
		fail "inetd.conf swapped after it was read" "$(tail -5 "$SCRATCH/swap.out")"
	fi
	for c in 'etc/xinetd.conf|rm @ && mkfifo @|not a regular file (a FIFO)|' \
		'etc/xinetd.d/swat|rm @ && mkfifo @|not a regular file (a FIFO)|' \
		'etc/xinetd.d/swat|rm @|No such file or directory|' \
		'etc/xinetd.d/swat|rm @ && mkfifo @|not a regular file (a FIFO)|xml'; do
		rel=${c%%|*} rest=${c#*|}
		xml=${rest##*|} rest=${rest%|*}
		swapped "$rel" "${rest%|*}" "$xml"
		what="'${rest%|*}' between the check and the ${xml:+second (--format xml) }load"
		if grep -q "^deafen: $rel: ${rest#*|}\$" "$SCRATCH/swap.out" && grep -q 'exited with code 03' "$SCRATCH/swap.out"; then
			pass "$rel: $what: exit 3 naming it"
		else
			fail "$rel: $what" "$(tail -5 "$SCRATCH/swap.out")"
		fi
	done
else
	skip "swaps before the load: needs gdb (apt-get install gdb)"
fi
# every file checked is in what aug_load read (tree.c check_read), and no
# other message takes the place of the real one: an include followed, then
# an includedir with a link out of the root (the includes found before the
# load are taken back); a file reached through a link into another
# includedir that leaves its name out (old.rpmsave): read, as xinetd does
root=$(copy_root debian)
mkdir -p "$root/etc/xinetd.extra" "$root/etc/bad.d"
sed 's/service rsync/service rsync2/' "$root/etc/xinetd.d/rsync" > "$root/etc/xinetd.extra/good"
ln -s ../../../../../../../../../etc/passwd "$root/etc/bad.d/evil"
printf 'include /etc/xinetd.extra/good\nincludedir /etc/bad.d\n' >> "$root/etc/xinetd.conf"
run "include, then a link out of the root" 3 $T $DEAFEN --root "$root" list &&
	{ [ "$err" = "deafen: etc/bad.d/evil: a link points outside the root" ] &&
		pass "an include, then an includedir with a link out of the root: that link's error alone" ||
		fail "include, then a link out" "$err"; }
root=$(copy_root debian)
mkdir -p "$root/etc/xinetd.extra"
sed 's/service rsync/service oldsvc/' "$root/etc/xinetd.d/rsync" > "$root/etc/xinetd.extra/old.rpmsave"
ln -s ../xinetd.extra/old.rpmsave "$root/etc/xinetd.d/zz"
printf 'includedir /etc/xinetd.extra\n' >> "$root/etc/xinetd.conf"
run "a link into an includedir" 0 $T $DEAFEN --root "$root" list &&
	{ printf '%s\n' "$out" | grep -q '^oldsvc  *xinetd .*etc/xinetd.extra/old.rpmsave' &&
		pass "xinetd.d/zz a link to old.rpmsave of another includedir, which leaves that name out: read through the link" ||
		fail "a link into an includedir" "$out$err"; }
# the files of include lines go to the load a directory at a time (one
# pattern a file made the load quadratic): the files of that directory no
# line names are not read, whatever they hold, by a glob with an exclude
# each (one other file) or by an include a file (two); a file named by an
# include line in a directory an includedir reads, and a directory
# included file by file and then by an includedir, are read once, whole
inc_root() {
	root=$(copy_root debian)
	mkdir -p "$root/etc/xinetd.inc"
	for i in 1 2 3; do
		sed "s/service rsync/service inc$i/; s/port.*=.*/port = 1500$i/" "$root/etc/xinetd.d/rsync" \
			> "$root/etc/xinetd.inc/a$i"
		printf 'include /etc/xinetd.inc/a%s\n' $i >> "$root/etc/xinetd.conf"
	done
	printf 'service {{{\n' > "$root/etc/xinetd.inc/unnamed"
}
# plan_reads NAME WANT...: plan --keep ssh exits 0 and turns off each service of WANT
plan_reads() {
	name=$1
	shift
	run "$name" 0 $T $DEAFEN --root "$root" plan --keep ssh || return 0
	for s in "$@"; do
		printf '%s\n' "$err" | grep -q "disable $s  *xinetd" ||
			{ fail "$name: $s not turned off" "$err"; return 0; }
	done
	pass "$name: $* turned off, nothing else read"
}
inc_root
plan_reads "include lines of one directory, a file of it no line names" inc1 inc2 inc3
inc_root
printf 'service }}}\n' > "$root/etc/xinetd.inc/junk~"
plan_reads "include lines of one directory, two files of it no line names" inc1 inc2 inc3
inc_root
printf 'includedir /etc/xinetd.inc\n' >> "$root/etc/xinetd.inc/a1"
rm "$root/etc/xinetd.inc/unnamed"
sed 's/service rsync/service inc4/; s/port.*=.*/port = 15004/' "$root/etc/xinetd.d/rsync" \
	> "$root/etc/xinetd.inc/a4"
plan_reads "a directory included file by file (a glob, an exclude for a4), then by an includedir" \
	inc1 inc2 inc3 inc4
root=$(copy_root debian)
sed 's/service rsync/service extra/' "$root/etc/xinetd.d/rsync" > "$root/etc/xinetd.d/extra.conf"
printf 'include /etc/xinetd.d/extra.conf\n' >> "$root/etc/xinetd.conf"
# (xinetd.d's 7 files by a glob, an exclude for each of rsync~, telnet.dpkg-old: not extra.conf)
plan_reads "an include line naming a file an includedir leaves out" extra rsync swat
# a FIFO, a socket or a directory among the files of a directory: not a file, left out
root=$(copy_root debian)
mkfifo "$root/etc/xinetd.d/zfifo" "$root/etc/init.d/zfifo"
mkdir "$root/etc/xinetd.d/zdir"
if run "FIFO in xinetd.d and init.d" 0 $T $DEAFEN --root "$root" plan --keep ssh; then
	printf '%s\n' "$out" | grep -q '^+++ b/etc/xinetd.d/swat' &&
		pass "a FIFO in xinetd.d and init.d, a directory in xinetd.d: left out, the rest planned" ||
		fail "FIFO in xinetd.d" "$out"
fi
run "FIFO in xinetd.d: verify" 4 $T $DEAFEN --root "$root" verify --keep ssh &&
	pass "... and verify does not wait on them either"

# --- issue 16 section 5: inputs the real daemons accept ---

# inetd.conf continuation lines: a line starting with blanks goes on with the entry above
root=$(copy_root debian)
awk '{ if ($1 == "telnet") { print "telnet\t\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd"; print "\t\t/usr/sbin/in.telnetd -h" }
       else if ($1 == "finger") { print "finger\t\tstream\ttcp"; print "  nowait\tnobody\t/usr/sbin/tcpd\t/usr/sbin/in.fingerd" }
       else print }' "$root/etc/inetd.conf" > "$SCRATCH/inetd.cont"
cp "$SCRATCH/inetd.cont" "$root/etc/inetd.conf"
if run "continuation: list" 0 $T $DEAFEN --root "$root" list telnet finger ident; then
	printf '%s\n' "$out" | grep -q '^telnet .* enabled .*etc/inetd.conf:23 ' &&
		printf '%s\n' "$out" | grep -q '^finger .* enabled .*etc/inetd.conf:32 ' &&
		printf '%s\n' "$out" | grep -q '^ident .*etc/inetd.conf:34 ' &&
		pass "continuation lines: the entries are read, each at its first line" ||
		fail "continuation: list" "$out"
fi
if run "continuation: plan" 0 $T $DEAFEN --root "$root" plan --disable telnet,finger; then
	[ "$(printf '%s\n' "$out" | grep -c '^[-+][^-+]')" -eq 4 ] &&
		printf '%s\n' "$out" | grep -q '^+#<off># telnet		stream	tcp	nowait	root	/usr/sbin/tcpd$' &&
		printf '%s\n' "$out" | grep -q '^+#<off># finger		stream	tcp$' &&
		pass "continuation lines: disable prefixes the first line only, as update-inetd does" ||
		fail "continuation: plan" "$out"
fi
before=$(listing "$root")
run "continuation: apply" 0 $T $DEAFEN --root "$root" --backup-dir "$SCRATCH/bkc" apply --disable telnet,finger --no-reload &&
	run "continuation: list after" 0 $T $DEAFEN --root "$root" list telnet &&
	{ printf '%s\n' "$out" | grep -q '^telnet .* disabled ' && pass "... apply, and the entry reads back disabled" ||
		fail "continuation: after apply" "$out"; }
run "continuation: rollback" 0 $T $DEAFEN --root "$root" --backup-dir "$SCRATCH/bkc" rollback --no-reload &&
	same_listing "$root" "$before" "... rollback gives the file back byte for byte"
# what openbsd-inetd itself serves from such a file, before and after
if command -v inetd > /dev/null 2>&1; then
	r=$(mktemp -d "$SCRATCH/iroot.XXXXXX")
	mkdir -p "$r/etc"
	printf '127.0.0.1:12451 stream tcp nowait nobody\n\t/bin/cat cat\n127.0.0.1:12452 stream tcp\n  nowait nobody /bin/cat cat\n127.0.0.1:12453 stream tcp nowait nobody /bin/cat cat\n' > "$r/etc/inetd.conf"
	served() { timeout 2 inetd -d "$r/etc/inetd.conf" 2>&1 | sed -n 's/^ADD: 127.0.0.1:\([0-9]*\) .*/\1/p' | sort | tr '\n' ' '; }
	a=$(served)
	run "continuation: real inetd" 0 $T $DEAFEN --root "$r" --backup-dir "$SCRATCH/bki" apply --disable 12451,12452 --no-reload
	b=$(served)
	if [ "$a" = "12451 12452 12453 " ] && [ "$b" = "12453 " ]; then
		pass "openbsd-inetd serves the three entries before, and only the one left after deafen disabled two with continuation lines"
	else
		fail "continuation: real inetd" "before: $a; after: $b
$(cat "$r/etc/inetd.conf")"
	fi
else
	skip "continuation: real inetd: needs openbsd-inetd (sh tests/deps.sh installs it)"
fi

# a large inetd.conf (over 512 entries: rendered in groups), with continuation
# lines, comments, blank lines and disabled entries: git apply of the plan in a
# copy and apply itself leave the same file, and only the entries' first lines change
root=$(copy_root debian)
awk 'BEGIN { for (i = 0; i < 700; i++) {
	if (i % 7 == 0) print "# comment " i
	if (i % 11 == 0) print ""
	if (i % 13 == 0) printf "#<off># "
	if (i % 5 == 0) printf "svc%d\tstream\ttcp\tnowait\n\troot\t/usr/sbin/tcpd /usr/sbin/svc%d\n", i, i
	else printf "svc%d\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/svc%d\n", i, i } }' >> "$root/etc/inetd.conf"
g=$(copy_root debian)
cp "$root/etc/inetd.conf" "$g/etc/inetd.conf"
if run "large inetd.conf: plan" 0 $T $DEAFEN --root "$root" plan --keep ssh,svc3; then
	printf '%s\n' "$out" > "$SCRATCH/large.diff"
	# 700 entries, 54 already off, svc3 kept: 645 lines, and the fixture's 5 entries
	changed=$(grep -c '^+#<off># svc' "$SCRATCH/large.diff")
	run "large inetd.conf: apply" 0 $T $DEAFEN --root "$root" --backup-dir "$SCRATCH/bkl" apply --keep ssh,svc3 --no-reload
	(cd "$g" && git init -q && git apply "$SCRATCH/large.diff") > "$SCRATCH/large.out" 2>&1
	if [ "$changed" -eq 645 ] && cmp -s "$root/etc/inetd.conf" "$g/etc/inetd.conf" &&
		[ "$(awk '/^diff --git/ { f = $3 == "a/etc/inetd.conf" } f && /^-[^-]/' "$SCRATCH/large.diff" | wc -l)" -eq 650 ]; then
		pass "a large inetd.conf with continuation lines: rendered in groups, git apply of the plan = apply, first lines only"
	else
		fail "large inetd.conf" "changed $changed; $(cat "$SCRATCH/large.out"; cmp "$root/etc/inetd.conf" "$g/etc/inetd.conf")"
	fi
fi

# an xinetd file with CRLF line ends: its services ignored (as xinetd does), the rest read
root=$(copy_root debian)
printf 'service c1\r\n{\r\n\tport = 12462\r\n\tsocket_type = stream\r\n\tprotocol = tcp\r\n\twait = no\r\n\tuser = nobody\r\n\tserver = /bin/cat\r\n}\r\n' > "$root/etc/xinetd.d/crlf"
cp "$root/etc/xinetd.d/crlf" "$SCRATCH/crlf.before"
if run "CRLF xinetd: list" 0 $T $DEAFEN --root "$root" list c1; then
	printf '%s\n' "$out" | grep -q '^c1 .*disabled .*etc/xinetd.d/crlf:1 (ignored by xinetd: CRLF line ends' &&
		pass "an xinetd file with CRLF line ends: its service listed as ignored, with the reason" ||
		fail "CRLF xinetd: list" "$out"
fi
if run "CRLF xinetd: plan" 0 $T $DEAFEN --root "$root" plan --keep ssh; then
	printf '%s\n' "$out" | grep -q '^+++ b/etc/xinetd.d/swat' &&
		! printf '%s\n' "$out" | grep -q 'crlf' &&
		printf '%s\n' "$err" | grep -q 'etc/xinetd.d/crlf: CRLF line ends.*left alone' &&
		pass "... plan goes on with the rest of the root, leaves it alone and says so" ||
		fail "CRLF xinetd: plan" "$out
$err"
fi
run "CRLF xinetd: apply" 0 $T $DEAFEN --root "$root" --backup-dir "$SCRATCH/bkx" apply --keep ssh --no-reload &&
	cmp -s "$root/etc/xinetd.d/crlf" "$SCRATCH/crlf.before" && grep -q 'disable.*= yes' "$root/etc/xinetd.d/swat" &&
	pass "... apply changes the others and not one byte of it"
XINETD=${XINETD:-/opt/deafen-test/xinetd/usr/sbin/xinetd}
if [ -x "$XINETD" ] && command -v script > /dev/null 2>&1; then
	x=$(mktemp -d "$SCRATCH/x.XXXXXX")
	mkdir "$x/d"
	printf 'defaults\n{\n}\nincludedir %s/d\n' "$x" > "$x/xinetd.conf"
	cp "$SCRATCH/crlf.before" "$x/d/crlf"
	printf 'service a1\n{\n\ttype = UNLISTED\n\tport = 12461\n\tsocket_type = stream\n\tprotocol = tcp\n\twait = no\n\tuser = nobody\n\tserver = /bin/cat\n}\n' > "$x/d/good"
	# until it has read both files (a loaded machine is slow), then stop the
	# xinetd this test started, by its pid file; timeout only as a last guard
	timeout 60 script -qc "$XINETD -d -dontfork -f $x/xinetd.conf -pidfile $x/pid" /dev/null > "$x/log" 2>&1 &
	tpid=$!
	i=0
	while [ $i -lt 400 ] && ! { grep -q 'Service configuration: a1' "$x/log" && grep -q 'Bad socket type' "$x/log"; }; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$x/pid" ] && kill "$(cat "$x/pid")" 2> /dev/null
	wait "$tpid" 2> /dev/null
	# what it accepts (a busy port would only stop it from starting one)
	if grep -q 'Service configuration: a1' "$x/log" && ! grep -q 'Service configuration: c1' "$x/log" &&
		grep -q 'Bad socket type' "$x/log"; then
		pass "the real xinetd 2.3.15 agrees: it serves the other file and none of the CRLF one"
	else
		fail "CRLF xinetd: real xinetd" "$(grep -i 'service\|bad' "$x/log" | head)"
	fi
else
	skip "CRLF xinetd: real xinetd: needs xinetd in /opt/deafen-test/xinetd (sh tests/deps.sh)"
fi

# verify names the default.target it read
root=$(copy_root systemd)
rm "$root/etc/systemd/system/default.target"
ln -s multi-user.target "$root/lib/systemd/system/default.target"
run "verify default.target" 4 $T $DEAFEN --root "$root" verify --keep ssh &&
	{ printf '%s\n' "$err" | grep -q '(multi-user.target, from lib/systemd/system/default.target)' &&
		pass "verify names lib/systemd/system/default.target when that is the link it read" ||
		fail "verify default.target" "$err"; }

# apply into a root without /var: var/ and var/backups made as a real /var is (0755)
root=$(copy_root debian)
rm -rf "$root/var"
run "no /var: apply" 0 $T $DEAFEN --root "$root" apply --keep ssh --no-reload &&
	run "no /var: rollback" 0 $T $DEAFEN --root "$root" rollback --no-reload &&
	{ [ "$(stat -c %a "$root/var" "$root/var/backups" "$root/var/backups/deafen" | tr '\n' ' ')" = "755 755 700 " ] &&
		pass "a root without /var: apply makes var/ and var/backups/ 0755, only var/backups/deafen 0700" ||
		fail "no /var" "$(stat -c '%n %a' "$root/var" "$root/var/backups" "$root/var/backups/deafen")"; }

finish
