#!/bin/sh
# layers.sh - the load path's modules depend on each other one way only:
# tree at the bottom, what the sources fill above it, the sources, the
# table of sources, inventory and plan on top (source.h). Read from the
# objects (nm: who calls whom) and from the #include lines; also: no cycle
# between any two modules of src/. LAYERS_OBJDIR: another build's src/.
. "$(dirname "$0")/lib.sh"

OBJ=${LAYERS_OBJDIR:-$TOP/src}

if ! command -v nm > /dev/null || ! command -v python3 > /dev/null; then
	skip "layers: needs nm (binutils) and python3"
	printf '%s passed, %s failed\n' "$passed" "$failed"
	exit 0
fi
if ! ls "$OBJ"/tree.o > /dev/null 2>&1; then
	fail "layers: no objects in $OBJ (make first)"
	printf '%s passed, %s failed\n' "$passed" "$failed"
	exit 1
fi

# "MODULE CALLEE SYMBOL", one line a symbol a module takes from another
for o in "$OBJ"/*.o; do
	m=$(basename "$o" .o)
	nm -P --defined-only "$o" |
		awk -v m="$m" '$2 ~ /^[DR]$/ && $1 ~ /^[a-z0-9]+_source$/ { print "S", m, $1 }' >> "$SCRATCH/sources"
	nm -P --defined-only "$o" | awk -v m="$m" '$2 ~ /^[TDRBCV]$/ { print "D", m, $1 }'
	nm -P --undefined-only "$o" | awk -v m="$m" '{ print "U", m, $1 }'
done | awk '$1 == "D" { def[$3] = $2; next } { use[n++] = $2 " " $3 }
	END { for (i = 0; i < n; i++) { split(use[i], a, " ");
		if ((a[2] in def) && def[a[2]] != a[1]) print a[1], def[a[2]], a[2] } }' |
	sort -u > "$SCRATCH/calls"

# MODULE INCLUDED-HEADER (without .h), from the sources
for c in "$TOP"/src/*.c "$TOP"/src/*.h; do
	m=$(basename "$c"); m=${m%.?}
	sed -n 's/^#include "\([a-z_-]*\)\.h"$/\1/p' "$c" | sed "s/^/$m /"
done | sort -u > "$SCRATCH/includes"

python3 - "$SCRATCH/calls" "$SCRATCH/includes" "$SCRATCH/sources" > "$SCRATCH/verdict" <<'EOF'
import sys
# the load path, bottom up; a module may call only modules of a lower rank
RANK = {
    'tree': 1,
    'services': 2, 'action': 2, 'headers': 2,  # /etc/services; a plan's actions; init script headers
    'service': 3, 'daemonconf': 3, 'rclinks': 3,  # a row's names and ports; rc links and their edits
    'inetd': 4, 'xinetd': 4, 'sysv': 4,
    'unitdirs': 4,  # the unit directories read: their links join the rc links' tree
    'systemctl': 5,  # systemctl's semantics over them
    'systemd': 6,  # over sysv: Debian's systemctl turns init scripts' links too
    'source': 7,
    'inventory': 8, 'plan': 8, 'enable': 8,
}
# a module that defines a struct source (NAME_source, source.h) is a source: layer 4 unless listed
for line in open(sys.argv[3]):
    if line.startswith('S '):
        RANK.setdefault(line.split()[1], 4)
# cycles outside the load path, listed so that a new one fails: the table of commands
# (commands.c) lists help, which prints that table (help.c), as git's does
KNOWN = [{'help', 'commands'}]

calls, syms = {}, {}
for line in open(sys.argv[1]):
    a, b, s = line.split()
    calls.setdefault(a, set()).add(b)
    syms.setdefault((a, b), []).append(s)
bad = []
# 1. no call upwards or sideways between ranked modules
for (a, b), ss in sorted(syms.items()):
    if a in RANK and b in RANK and RANK[b] >= RANK[a]:
        bad.append('%s (layer %d) calls %s (layer %d): %s' % (a, RANK[a], b, RANK[b], ' '.join(sorted(ss))))
# 2. nor through an unranked module (util, root, ...) that calls back up
def reach(m, seen):
    for n in calls.get(m, ()):
        if n not in seen:
            seen.add(n)
            reach(n, seen)
    return seen
for a in sorted(RANK):
    for x in sorted(calls.get(a, ())):
        if x in RANK:
            continue
        for b in sorted(reach(x, set())):
            if b in RANK and RANK[b] >= RANK[a]:
                bad.append('%s calls %s, which reaches %s (layer %d >= %d)' % (a, x, b, RANK[b], RANK[a]))
# 3. tree and the pieces under the sources include no header of a layer above theirs
for line in open(sys.argv[2]):
    a, h = line.split()
    if a in RANK and RANK[a] <= 3 and h in RANK and RANK[h] > RANK[a]:
        bad.append('%s includes %s.h (layer %d > %d)' % (a, h, RANK[h], RANK[a]))
# 4. no cycle anywhere (strongly connected components, Tarjan)
index, low, stack, on, sccs, n = {}, {}, [], set(), [], [0]
def strong(v):
    index[v] = low[v] = n[0]; n[0] += 1
    stack.append(v); on.add(v)
    for w in calls.get(v, ()):
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = set()
        while True:
            w = stack.pop(); on.discard(w); c.add(w)
            if w == v:
                break
        if len(c) > 1:
            sccs.append(c)
sys.setrecursionlimit(10000)
for v in sorted(set(calls) | {b for s in calls.values() for b in s}):
    if v not in index:
        strong(v)
for c in sccs:
    if c not in KNOWN:
        bad.append('cycle: ' + ' <-> '.join(sorted(c)))
for b in bad:
    print('BAD', b)
print('MODULES', len(set(calls)), 'CALLS', len(syms), 'KNOWN', ' '.join('/'.join(sorted(c)) for c in sccs if c in KNOWN))
EOF

if grep -q '^BAD' "$SCRATCH/verdict"; then
	fail "layers: the load path depends one way" "$(sed -n 's/^BAD //p' "$SCRATCH/verdict")"
else
	pass "layers: the load path depends one way ($(sed -n 's/^MODULES \([0-9]*\) CALLS \([0-9]*\).*/\1 modules, \2 calls/p' "$SCRATCH/verdict"))"
fi
known=$(sed -n 's/^MODULES .* KNOWN *//p' "$SCRATCH/verdict")
[ -n "$known" ] && printf 'note: known cycles outside the load path: %s\n' "$known"

printf '%s passed, %s failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
