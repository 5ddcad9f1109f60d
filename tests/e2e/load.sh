#!/bin/sh
# load.sh - what the load reads of init scripts (issue 18): only their
# headers go through the lens, so a body the lens cannot parse still loads,
# and an init script is never written (apply and rollback leave its bytes).
# Every command runs under `timeout 10`: a hang fails (status 124).
. "$(dirname "$0")/lib.sh"

T="timeout 10"

# header NAME: a script's LSB header, the body left to the caller
header() {
	printf '#!/bin/sh\nset -e\n### BEGIN INIT INFO\n# Provides:          %s\n' "$1"
	printf '# Required-Start:    $network\n# Default-Start:     2 3 4 5\n'
	printf '# Default-Stop:      0 1 6\n### END INIT INFO\n'
}

# provides ROOT NAME: the Provides of init script NAME (wherever its file is) in list --format xml's tree
provides() {
	$T $DEAFEN --root "$1" --format xml list --all 2> /dev/null |
		xmllint --xpath "string(//node[@label='$2']/node[@label='lsb']/node[@label='Provides']/value)" - 2> /dev/null
}

# loads NAME ROOT SCRIPT: list --all loads ROOT, lists SCRIPT, and its header is in the tree
loads() {
	if run "$1: list" 0 $T $DEAFEN --root "$2" --color never list --all; then
		if printf '%s\n' "$out" | grep -q "^$3 .*etc/init.d/$3"; then
			pass "$1: loads, the script listed"
		else
			fail "$1: the script is not listed" "$out"
		fi
		[ "$(provides "$2" "$3")" = "$3" ] && pass "$1: its header is in the tree (list --format xml)" ||
			fail "$1: no Provides in the XML tree"
	fi
}

root=$(copy_root debian)
s=$root/etc/init.d

# a here document that holds what looks like a header line, malformed
{ header heredoc; printf 'usage() {\n\tcat <<EOF\n# chkconfig: see chkconfig(8)\nEOF\n}\n'; } > "$s/heredoc"
# a script that writes another one: a second BEGIN, never closed
{ header writer; printf 'cat > /tmp/x <<EOF\n### BEGIN INIT INFO\nEOF\n'; } > "$s/writer"
# odd quoting, a CR, Augeas's own bytes 1 to 4, a NUL after the header
{ header quoting; printf 'echo "it'"'"'s \\"odd\r\n\001\002\003\004 `\n'; printf 'x\000y\n'; } > "$s/quoting"
# a line of 3 MB in the body
{ header huge; head -c 3000000 /dev/zero | tr '\0' a; printf '\n'; } > "$s/huge"
chmod 755 "$s/heredoc" "$s/writer" "$s/quoting" "$s/huge"
before=$(cd "$s" && sha256sum heredoc writer quoting huge)

for name in heredoc writer quoting huge; do
	one=$(copy_root debian)
	cp -p "$s/$name" "$one/etc/init.d/$name"
	loads "script with a body the lens cannot read ($name)" "$one" "$name"
done

# apply and rollback on the root with all of them: no init script is written
bk=$(mktemp -d "$SCRATCH/bk.XXXXXX")
scripts_before=$(cd "$s" && sha256sum ./* | sort)
if run "apply with odd scripts" 0 $T $DEAFEN --root "$root" --backup-dir "$bk" apply --keep ssh; then
	[ "$(cd "$s" && sha256sum ./* | sort)" = "$scripts_before" ] &&
		pass "apply: every init script's bytes unchanged" ||
		fail "apply: an init script changed" "$(cd "$s" && sha256sum ./* | sort | diff - /dev/stdin <<EOT
$scripts_before
EOT
)"
	[ ! -e "$root/headers" ] && [ ! -e "$root/headers-text" ] &&
		pass "apply: nothing written for the headers' tree" || fail "apply: a headers file in the root"
	if run "rollback with odd scripts" 0 $T $DEAFEN --root "$root" --backup-dir "$bk" rollback; then
		[ "$(cd "$s" && sha256sum heredoc writer quoting huge)" = "$before" ] &&
			[ "$(cd "$s" && sha256sum ./* | sort)" = "$scripts_before" ] &&
			pass "rollback: every init script's bytes unchanged" ||
			fail "rollback: an init script changed"
	fi
fi

# the header itself is still checked: a malformed chkconfig line in it is named by its line
bad=$(copy_root debian)
printf '#!/bin/sh\n# chkconfig: on\n### BEGIN INIT INFO\n# Provides: bad\n### END INIT INFO\n' > "$bad/etc/init.d/bad"
if run "malformed chkconfig in the header" 3 $T $DEAFEN --root "$bad" list; then
	case $err in
	"deafen: etc/init.d/bad:2: "*) pass "malformed chkconfig in the header: refused, its line named" ;;
	*) fail "malformed chkconfig in the header: message" "$err" ;;
	esac
fi

# a link in init.d to a script elsewhere in the root: read once, where it is
lnk=$(copy_root debian)
mkdir -p "$lnk/opt/pkg"
header pkg > "$lnk/opt/pkg/pkg"
ln -s ../../opt/pkg/pkg "$lnk/etc/init.d/pkg"
loads "script reached through a link in the root" "$lnk" pkg

finish
