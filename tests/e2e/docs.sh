#!/bin/sh
# docs.sh - README's synopsis, `deafen --help` and deafen.8 say the same thing:
# the same commands, per command the same options, the same global options
# and the same exit statuses
. "$(dirname "$0")/lib.sh"

README=$TOP/README.md
MAN=$TOP/deafen.8

# synopsis_cmds: from a --help-shaped synopsis on stdin, "COMMAND OPTION..."
# a line (a command's usage may go on over lines indented by 6; the summary
# starts after a run of 3 blanks)
synopsis_cmds() {
	awk '/^commands:/ { on = 1; next }
	     on && /^POLICY:/ { exit }
	     on && /^  [a-z]/ { if (cmd != "") print cmd opts; split($0, a, "   "); cmd = $1; opts = ""; rest = a[1] }
	     on && /^      \[/ { rest = $0 }
	     on && rest != "" { while (match(rest, /--[a-z-]+/)) { opts = opts " " substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH) } rest = "" }
	     END { if (cmd != "") print cmd opts }' | norm
}

# synopsis_global: the options of the usage lines (before "commands:")
synopsis_global() {
	awk '/^commands:/ { exit } { print }' | grep -o -- '--[a-z-]*\|-[qv]\b' | sort -u | tr '\n' ' '
}

# norm: each line's options sorted, lines sorted
norm() {
	while read -r cmd opts; do
		printf '%s %s\n' "$cmd" "$(printf '%s\n' $opts | sort -u | tr '\n' ' ')"
	done | sort
}

# the README's block: the fenced block after "## Commands"
readme_block() {
	awk '/^## Commands/ { on = 1; next } on && /^```/ { if (inside) exit; inside = 1; next } inside { print }' "$README"
}

# the man page: SYNOPSIS's options, and each command's .TP line in COMMANDS
man_global() {
	awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH/ { on = 0 } on' "$MAN" | sed 's/\\//g' |
		grep -o -- '--[a-z-]*\|-[qv]\b' | sort -u | tr '\n' ' '
}
man_cmds() {
	awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH/ { on = 0 }
	     on && /^\.TP/ { tp = 1; next }
	     on && tp { tp = 0; line = $0; gsub(/\\/, "", line); gsub(/"/, " ", line);
	                n = split(line, w, " "); cmd = w[2]; opts = "";
	                while (match(line, /--[a-z-]+/)) { opts = opts " " substr(line, RSTART, RLENGTH); line = substr(line, RSTART + RLENGTH) }
	                print cmd opts }' "$MAN" | norm
}

# exit statuses: the codes each one lists
help_exits() { $DEAFEN --help | awk '/^exit status:/ { on = 1 } on && /^$/ { exit } on' | tr '\n' ' ' |
	grep -o '\(:\|,\) [0-9]\+ ' | grep -o '[0-9]\+' | sort -n | tr '\n' ' '; }
readme_exits() { awk '/^## Exit status/ { on = 1; next } /^## / { on = 0 } on' "$README" |
	sed -n 's/^| \([0-9]\+\) |.*/\1/p' | sort -n | tr '\n' ' '; }
man_exits() { awk '/^\.SH EXIT STATUS/ { on = 1; next } /^\.SH/ { on = 0 } on && /^\.TP/ { getline; print $2 }' "$MAN" |
	sort -n | tr '\n' ' '; }

$DEAFEN --help > "$SCRATCH/help" || fail "deafen --help failed"
help_cmds=$(synopsis_cmds < "$SCRATCH/help")
readme_cmds=$(readme_block | synopsis_cmds)
mancmds=$(man_cmds)

[ -n "$help_cmds" ] && [ "$(printf '%s\n' "$help_cmds" | wc -l)" -ge 9 ] &&
	pass "--help: the commands and their options read" || fail "--help: no commands read" "$help_cmds"
printf '%s\n' "$help_cmds" | grep -q '^plan --allow-lockout --enable --exit-code --force --mask --stat --unmask $' &&
	pass "--help: plan's options read" || fail "--help: plan's options" "$help_cmds"

for doc in README deafen.8; do
	case $doc in
	README) theirs=$readme_cmds ;;
	*) theirs=$mancmds ;;
	esac
	printf '%s\n' "$help_cmds" | cut -d' ' -f1 > "$SCRATCH/a"
	printf '%s\n' "$theirs" | cut -d' ' -f1 > "$SCRATCH/b"
	cmp -s "$SCRATCH/a" "$SCRATCH/b" && pass "$doc: the commands of --help" ||
		fail "$doc: commands differ from --help (< --help, > $doc)" "$(diff "$SCRATCH/a" "$SCRATCH/b")"
	printf '%s\n' "$help_cmds" > "$SCRATCH/a"
	printf '%s\n' "$theirs" > "$SCRATCH/b"
	cmp -s "$SCRATCH/a" "$SCRATCH/b" && pass "$doc: per command, the options of --help" ||
		fail "$doc: options differ from --help (< --help, > $doc)" "$(diff "$SCRATCH/a" "$SCRATCH/b")"
done

g_help=$(synopsis_global < "$SCRATCH/help")
g_readme=$(readme_block | synopsis_global)
g_man=$(man_global)
[ -n "$g_help" ] && [ "$g_help" = "$g_readme" ] && pass "README: the global options of --help" ||
	fail "README: global options differ" "--help: $g_help
README: $g_readme"
[ "$g_help" = "$g_man" ] && pass "deafen.8: the global options of --help" ||
	fail "deafen.8: global options differ" "--help: $g_help
deafen.8: $g_man"

e_help=$(help_exits)
e_readme=$(readme_exits)
e_man=$(man_exits)
[ "$e_help" = "0 1 2 3 4 5 6 10 " ] && pass "--help: the exit statuses" || fail "--help: exit statuses" "$e_help"
[ "$e_help" = "$e_readme" ] && pass "README: the exit statuses of --help" || fail "README: exit statuses" "$e_help / $e_readme"
[ "$e_help" = "$e_man" ] && pass "deafen.8: the exit statuses of --help" || fail "deafen.8: exit statuses" "$e_help / $e_man"
# exit 4 of verify, exit 6 of harden: in all three
for doc in help README man; do
	case $doc in
	help) text=$(cat "$SCRATCH/help") ;;
	README) text=$(awk '/^## Exit status/ { on = 1; next } /^## / { on = 0 } on' "$README") ;;
	man) text=$(awk '/^\.SH EXIT STATUS/ { on = 1; next } /^\.SH/ { on = 0 } on' "$MAN") ;;
	esac
	printf '%s\n' "$text" | tr '\n' ' ' | grep -q 'verify: a service would start' &&
		printf '%s\n' "$text" | grep -q 'declined' &&
		pass "$doc: verify's exit 4 and harden's exit 6" || fail "$doc: verify's 4 or harden's 6 missing" "$text"
done

# the bash completion offers each command's options of --help, and service names
# after the options that take them (#17: enable --no-start, rollback --only)
if command -v bash > /dev/null 2>&1 && command -v python3 > /dev/null 2>&1; then
	complete_words() {
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _deafen
			printf "%s\n" "${COMPREPLY[@]}"' sh "$TOP/contrib/bash-completion/deafen" "$@" | sort -u | tr '\n' ' '
	}
	bin=${DEAFEN##* }
	printf '%s\n' "$help_cmds" | while read -r cmd opts; do
		[ -n "$opts" ] || continue
		got=$(complete_words "$bin" "$cmd" --)
		missing=
		for o in $opts; do
			case " $got " in *" $o "*) ;; *) missing="$missing $o" ;; esac
		done
		[ -z "$missing" ] && echo "ok $cmd" || echo "missing $cmd:$missing"
	done > "$SCRATCH/compl"
	grep -q '^missing' "$SCRATCH/compl" && fail "completion: options of --help it does not offer" "$(grep '^missing' "$SCRATCH/compl")" ||
		pass "completion: every option of every command's --help ($(grep -c '^ok' "$SCRATCH/compl") commands)"
	r=$(copy_root debian)
	got=$(complete_words "$bin" --root "$r" rollback 1 --only tel)
	[ "$got" = "telnet " ] && pass "completion: rollback --only NAME completes service names" ||
		fail "completion: rollback --only tel" "$got"
else
	skip "completion: needs bash and python3"
fi

# the README's own synopsis block is --help's, word for word
sed -n '1,/^POLICY:/p' "$SCRATCH/help" > "$SCRATCH/a"
readme_block | sed -n '1,/^POLICY:/p' > "$SCRATCH/b"
cmp -s "$SCRATCH/a" "$SCRATCH/b" && pass "README's synopsis block is --help's" ||
	fail "README's synopsis block differs from --help (< --help)" "$(diff "$SCRATCH/a" "$SCRATCH/b")"

finish
