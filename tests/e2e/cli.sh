#!/bin/sh
# cli.sh - the command line made of the one table: per-command help, the
# option check, did-you-mean, -v, colour, and the bash completion
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
commands=$($DEAFEN help --completion | sed -n 's/^commands //p')
[ -n "$commands" ] && pass "help --completion names the commands" || fail "help --completion" "$commands"

# the options of COMMAND, from the completion data (what the table says it takes)
cmd_opts() { $DEAFEN help --completion | sed -n "s/^command $1//p" | tr ' ' '\n' | sed 's/=$//' | grep .; }

# every line of every help fits 80 columns
run "--help" 0 $DEAFEN --help &&
	{ long=$(printf '%s\n' "$out" | awk 'length > 80'); [ -z "$long" ] &&
		pass "--help: every line fits 80 columns" || fail "--help: lines over 80 columns" "$long"; }
for c in $commands; do
	run "help $c" 0 $DEAFEN help "$c" || continue
	help=$out
	run "$c --help" 0 $DEAFEN "$c" --help || continue
	[ "$help" = "$out" ] && pass "help $c is $c --help" || fail "help $c differs from $c --help" "$help
---
$out"
	long=$(printf '%s\n' "$help" | awk 'length > 80')
	[ -z "$long" ] && pass "help $c: every line fits 80 columns" || fail "help $c: over 80 columns" "$long"
	printf '%s\n' "$help" | head -1 | grep -q "^usage: deafen $c\b" && pass "help $c: its usage first" ||
		fail "help $c: usage line" "$help"
	missing=
	for o in $(cmd_opts "$c"); do
		printf '%s\n' "$help" | grep -q -- "^  $o\b" || missing="$missing $o"
	done
	[ -z "$missing" ] && pass "help $c: each of its options with its help" ||
		fail "help $c lacks options:$missing" "$help"
	printf '%s\n' "$help" | grep -q '^  2   usage error' && pass "help $c: its exit statuses" ||
		fail "help $c: exit statuses" "$help"
	# no option of another command is offered
	for o in --exit-code --fix --yes --force --all --save-policy; do
		if printf '%s\n' "$help" | grep -q -- "^  $o\b"; then
			cmd_opts "$c" | grep -qx -- "$o" || fail "help $c shows $o, which $c refuses"
		fi
	done
done
run "help plan" 0 $DEAFEN help plan &&
	{ printf '%s\n' "$out" | grep -q '^  10  there are changes' && printf '%s\n' "$out" | grep -q -- '^  --stat' &&
		pass "help plan: --stat and exit 10" || fail "help plan" "$out"; }
run "help harden" 0 $DEAFEN help harden &&
	{ printf '%s\n' "$out" | grep -q '^  6   declined, nothing changed' && pass "help harden: exit 6" ||
		fail "help harden: exit 6" "$out"; }
run "help verify" 0 $DEAFEN help verify &&
	{ printf '%s\n' "$out" | grep -q '^  4   a service would start again' && pass "help verify: exit 4" ||
		fail "help verify: exit 4" "$out"; }
run "help without a root" 0 $DEAFEN --root /nonexistent help list && pass "help needs no root"

# the option check: what a command does not take, with where to look
root=$(copy_root debian)
before=$(listing "$root")
run "apply --exit-code" 2 $DEAFEN --root "$root" apply --disable telnet --exit-code &&
	{ [ "$err" = "deafen: apply takes no --exit-code (see 'deafen help apply')" ] &&
		pass "apply --exit-code: named, with the help to read" || fail "apply --exit-code" "$err"; }
run "rollback --disable" 2 $DEAFEN --root "$root" rollback --disable telnet &&
	{ printf '%s\n' "$err" | grep -q "rollback takes no --disable" && pass "rollback takes no policy" ||
		fail "rollback --disable" "$err"; }
run "help --format xml" 2 $DEAFEN --format xml help plan &&
	{ printf '%s\n' "$err" | grep -q "help takes no --format xml" && pass "help --format xml: refused" ||
		fail "help --format xml" "$err"; }
run "backups extra" 2 $DEAFEN --root "$root" backups foo &&
	{ printf '%s\n' "$err" | grep -q "unexpected argument 'foo'" && pass "backups takes no argument" ||
		fail "backups foo" "$err"; }
run "list --verdict bad" 2 $DEAFEN --root "$root" list --verdict bad &&
	{ printf '%s\n' "$err" | grep -q "expected dangerous, disable, keep, local or unrecognized, not 'bad'" &&
		pass "--verdict: its values named" || fail "--verdict bad" "$err"; }
run "list --all --enabled --verdict" 0 $DEAFEN --root "$root" list --all --enabled --verdict dangerous telnet &&
	pass "list takes --all, --enabled, --verdict and names"
run "plan --stat" 0 $DEAFEN --root "$root" plan --disable telnet --stat && pass "plan takes --stat"
run "list --stat" 2 $DEAFEN --root "$root" list --stat &&
	{ printf '%s\n' "$err" | grep -q "list takes no --stat" && pass "list takes no --stat" || fail "list --stat" "$err"; }

# did you mean
run "lsit" 2 $DEAFEN --root "$root" lsit &&
	{ printf '%s\n' "$err" | grep -q "unknown command 'lsit'; did you mean 'list'?" &&
		pass "lsit: did you mean 'list'?" || fail "lsit" "$err"; }
run "help lsit" 2 $DEAFEN help lsit &&
	{ printf '%s\n' "$err" | grep -q "did you mean 'list'?" && pass "help lsit: did you mean" || fail "help lsit" "$err"; }
run "frobnicate" 2 $DEAFEN --root "$root" frobnicate &&
	{ printf '%s\n' "$err" | grep -q "did you mean" && fail "frobnicate: a far suggestion" "$err" ||
		pass "frobnicate: no suggestion for what is far from every command"; }
run "--maks" 2 $DEAFEN --root "$root" plan --disable telnet --maks &&
	{ printf '%s\n' "$err" | grep -q "unknown option '--maks'; did you mean '--mask'?" &&
		pass "--maks: did you mean '--mask'?" || fail "--maks" "$err"; }
run "telent" 2 $DEAFEN --root "$root" plan --disable telent &&
	{ printf '%s\n' "$err" | grep -q "unknown service 'telent'; did you mean 'telnet'?" &&
		pass "--disable telent: did you mean 'telnet'?" || fail "telent" "$err"; }
run "shh" 2 $DEAFEN --root "$root" plan --keep shh &&
	{ printf '%s\n' "$err" | grep -q "unknown service 'shh'; did you mean 'ssh'?" &&
		pass "--keep shh: did you mean 'ssh'?" || fail "shh" "$err"; }
run "list telent" 2 $DEAFEN --root "$root" list telent &&
	{ printf '%s\n' "$err" | grep -q "list: unknown service 'telent'; did you mean 'telnet'?" &&
		pass "list telent: did you mean 'telnet'?" || fail "list telent" "$err"; }
sroot=$(copy_root systemd)
run "cpus" 2 $DEAFEN --root "$sroot" plan --disable cpus &&
	{ printf '%s\n' "$err" | grep -q "did you mean 'cups'?" && pass "systemd root: cpus -> cups" ||
		fail "cpus" "$err"; }
same_listing "$root" "$before" "usage errors change nothing"

# -v: what was read, by which lens, how long each phase took; nothing without it
run "-v plan" 0 $DEAFEN -v --root "$root" plan --disable telnet &&
	{ printf '%s\n' "$err" | grep -q '^deafen: lens Deafen_inetd.lns read 1 file: /etc/inetd.conf' &&
		printf '%s\n' "$err" | grep -q '^deafen: read: inetd.conf etc/inetd.conf, 8 xinetd files' &&
		printf '%s\n' "$err" | grep -q '^deafen: inventory: 32 services' &&
		printf '%s\n' "$err" | grep -q '^deafen: time: tree load [0-9.]* ms' &&
		printf '%s\n' "$err" | grep -q '^deafen: time: diff [0-9.]* ms' &&
		pass "-v: files, lenses, counts and phase times" || fail "-v" "$err"; }
run "plan" 0 $DEAFEN --root "$root" plan --disable telnet &&
	{ printf '%s\n' "$err" | grep -q 'time:\|lens ' && fail "times without -v" "$err" || pass "no -v, no times"; }

# colour: --color always forces it, NO_COLOR counts when non-empty, TERM=dumb gets none
in_tty() { script -qec "$1" /dev/null < /dev/null | tr -d '\r'; }
if command -v script > /dev/null 2>&1; then
	out=$(in_tty "env TERM=xterm NO_COLOR= $DEAFEN --root $root list")
	printf '%s\n' "$out" | grep -q "${ESC}\[31mdangerous${ESC}\[m" &&
		pass "list on a terminal: dangerous in red (NO_COLOR empty does not count)" || fail "list colour on a tty" "$out"
	out=$(in_tty "env TERM=xterm NO_COLOR=1 $DEAFEN --root $root list")
	printf '%s\n' "$out" | grep -q "$ESC" && fail "NO_COLOR=1 coloured" "$out" || pass "NO_COLOR=1: no colour"
	out=$(in_tty "env -u NO_COLOR TERM=dumb $DEAFEN --root $root list")
	printf '%s\n' "$out" | grep -q "$ESC" && fail "TERM=dumb coloured" "$out" || pass "TERM=dumb: no colour"
	out=$(in_tty "env -u NO_COLOR TERM=xterm $DEAFEN --root $root --color never list")
	printf '%s\n' "$out" | grep -q "$ESC" && fail "--color never coloured" "$out" || pass "--color never: no colour"
	out=$(in_tty "env -u NO_COLOR TERM=xterm $DEAFEN --root $root plan --disable telnet")
	printf '%s\n' "$out" | grep -q "$ESC" && pass "plan on a terminal: a coloured diff" || fail "plan colour on a tty" "$out"
else
	printf 'skip colour on a terminal: script(1) (util-linux) is not installed\n'
fi
run "color always" 0 env NO_COLOR=1 TERM=dumb $DEAFEN --root "$root" --color always list &&
	{ printf '%s\n' "$out" | grep -q "${ESC}\[31mdangerous" && pass "--color always: forced, even with NO_COLOR and TERM=dumb" ||
		fail "--color always" "$out"; }
run "color auto pipe" 0 env -u NO_COLOR TERM=xterm $DEAFEN --root "$root" list &&
	{ printf '%s\n' "$out" | grep -q "$ESC" && fail "colour on a pipe" "$out" || pass "no colour on a pipe"; }
plain=$($DEAFEN --root "$root" list 2>/dev/null | sed 's/  */ /g')
coloured=$($DEAFEN --root "$root" --color always list 2>/dev/null | sed "s/${ESC}\[[0-9;]*m//g; s/  */ /g")
[ "$plain" = "$coloured" ] && pass "colour changes no column" || fail "colour moved columns" "$coloured"

# the bash completion, called as bash calls it, without bash-completion's helpers
COMPLETION=$TOP/contrib/bash-completion/deafen
if command -v bash > /dev/null 2>&1; then
	# complete WORD...: what _deafen offers for the last word
	complete_words() {
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _deafen
			printf "%s\n" "${COMPREPLY[@]}"' sh "$COMPLETION" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
	}
	bin=${DEAFEN##* }
	got=$(complete_words "$bin" "")
	[ "$got" = "$(printf '%s\n' $commands | sort | tr '\n' ' ' | sed 's/ $//')" ] &&
		pass "completion: the commands" || fail "completion: commands" "$got"
	got=$(complete_words "$bin" ls)
	[ -z "$got" ] && pass "completion: nothing for what no command starts with" || fail "completion ls" "$got"
	for c in $commands; do
		got=$(complete_words "$bin" --root "$root" "$c" --)
		bad=
		for o in $got; do
			case $o in
			--root | --format | --style | --backup-dir | --color | --quiet | --verbose | --help | --version) ;;
			*) cmd_opts "$c" | grep -qx -- "$o" || bad="$bad $o" ;;
			esac
		done
		[ -z "$bad" ] && pass "completion: $c is offered only its own options" ||
			fail "completion offers $c what it refuses:$bad" "$got"
	done
	got=$(complete_words "$bin" apply --)
	case " $got " in
	*" --exit-code "* | *" --fix "*) fail "completion offers apply --exit-code/--fix" "$got" ;;
	*" --save-policy "*) pass "completion: apply gets --save-policy, not --exit-code" ;;
	*) fail "completion: apply options" "$got" ;;
	esac
	got=$(complete_words "$bin" --root "$root" plan --disable tel)
	[ "$got" = telnet ] && pass "completion: service names of the root after --disable" || fail "completion --disable tel" "$got"
	got=$(complete_words "$bin" --root "$root" plan --keep ssh,tel)
	[ "$got" = ssh,telnet ] && pass "completion: the name after a comma" || fail "completion --keep ssh,tel" "$got"
	got=$(complete_words "$bin" --root = "$sroot" apply --disable cu)
	case " $got " in
	*" cups.service "*) pass "completion: --root=DIR is read (a systemd root's units)" ;;
	*) fail "completion --root=DIR" "$got" ;;
	esac
	got=$(complete_words "$bin" list --verdict d)
	[ "$got" = "dangerous disable" ] && pass "completion: --verdict values" || fail "completion --verdict" "$got"
	got=$(complete_words "$bin" --format "")
	[ "$got" = "json text xml" ] && pass "completion: --format values" || fail "completion --format" "$got"
	got=$(complete_words "$bin" help pl)
	[ "$got" = plan ] && pass "completion: help COMMAND" || fail "completion help pl" "$got"
	mkdir "$SCRATCH/pol.d" && : > "$SCRATCH/pol.d/policy.txt"
	got=$(cd "$SCRATCH" && complete_words "$bin" plan --policy pol.d/po)
	[ "$got" = pol.d/policy.txt ] && pass "completion: file names after --policy" || fail "completion --policy" "$got"
	got=$(cd "$SCRATCH" && complete_words "$bin" --root po)
	[ "$got" = pol.d ] && pass "completion: directories after --root" || fail "completion --root" "$got"
	aroot=$(copy_root debian)
	run "apply for ids" 0 $DEAFEN --root "$aroot" apply --disable telnet --no-reload &&
		{ id=$($DEAFEN --root "$aroot" backups --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["backups"][0]["id"])')
		got=$(complete_words "$bin" --root "$aroot" rollback "")
		[ -n "$id" ] && [ "$got" = "$id" ] && pass "completion: backup ids after rollback" ||
			fail "completion rollback" "id $id, got $got"; }
else
	printf 'skip completion: bash is not installed\n'
fi

finish
