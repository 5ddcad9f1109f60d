#!/bin/sh
# bigdir.sh - a directory of TREE_STORE_MIN (2,000) xinetd files goes into the tree
# in one text through Deafen_xinetd.dir (tree.c, struct tree_dir) instead of one
# aug_load a file: plan = git apply = apply, and rollback gives the root back.
# The unit test test_treedir compares that tree with aug_load's, file by file.
. "$(dirname "$0")/lib.sh"

n=2000
root=$(mktemp -d "$SCRATCH/big.XXXXXX")
sh "$TOP/bench/gen-root.sh" "$root" "$n" 0
pristine=$(mktemp -d "$SCRATCH/pristine.XXXXXX")
copy=$(mktemp -d "$SCRATCH/copy.XXXXXX")
cp -a "$root/." "$pristine/"
cp -a "$root/." "$copy/"
bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")

if run "plan of $n xinetd files" 0 $DEAFEN -v --root "$root" --color never plan --keep ssh; then
	cp "$SCRATCH/out" "$SCRATCH/plan.diff"
	printf '%s\n' "$err" | grep -q "lens Deafen_xinetd.dir read the $n files of /etc/xinetd.d in one text" &&
		pass "plan: the $n files read in one text (-v says so)" || fail "plan: -v" "$err"
	[ "$(grep -c '^+	disable = yes$' "$SCRATCH/plan.diff")" -eq "$n" ] &&
		pass "plan: each of the $n services gets disable = yes" || fail "plan: the diff" "$(head -20 "$SCRATCH/plan.diff")"
	(cd "$copy" && git apply "$SCRATCH/plan.diff") || fail "git apply of the plan"
fi
if run "apply of $n xinetd files" 0 $DEAFEN --root "$root" --backup-dir "$bk" apply --keep ssh; then
	diff -r "$root" "$copy" > /dev/null &&
		pass "apply: the root is what git apply of the plan makes" ||
		fail "apply: differs from the plan" "$(diff -r "$root" "$copy" | head -20)"
fi
if run "rollback of $n xinetd files" 0 $DEAFEN --root "$root" --backup-dir "$bk" rollback; then
	diff -r "$root" "$pristine" > /dev/null &&
		pass "rollback: every file as it was" || fail "rollback" "$(diff -r "$root" "$pristine" | head -20)"
fi

finish
