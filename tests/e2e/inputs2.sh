#!/bin/sh
# inputs2.sh - inputs of an untrusted root that must not hang or explode,
# and inputs the real daemons accept (issues 15 and 16). Every command runs
# under `timeout 10`: a hang fails (status 124) instead of blocking the suite.
. "$(dirname "$0")/lib.sh"

T="timeout 10"

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

finish
