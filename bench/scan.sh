#!/bin/sh
# scan.sh - deafen scan with 10,000 listening sockets in 200 processes on
# 127.0.0.1, against ss -ltnup and netstat -tulpn in the same run (hyperfine).
# Usage: bench/scan.sh [RESULT.md]   (needs hyperfine, iproute2, net-tools)
set -eu
cd "$(dirname "$0")/.."
out=${1:-/tmp/deafen-bench-scan.md}
for t in hyperfine ss netstat python3; do
	command -v $t > /dev/null || { echo "bench/scan.sh: needs $t" >&2; exit 1; }
done
[ -x ./deafen ] || make deafen > /dev/null
ready=$(mktemp -d)
pids=""
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$ready"' EXIT
i=0
while [ $i -lt 200 ]; do
	python3 -c "
import socket, time, os
s = []
for _ in range(50):
    x = socket.socket(); x.bind(('127.0.0.1', 0)); x.listen(1); s.append(x)
open('$ready/%d' % os.getpid(), 'w').close()
time.sleep(600)" &
	pids="$pids $!"
	i=$((i + 1))
done
while [ "$(ls "$ready" | wc -l)" -lt 200 ]; do sleep 0.2; done
echo "listening: $(ss -ltn | wc -l) sockets"
hyperfine -N --warmup 2 --runs 10 --export-markdown "$out" \
	-n "deafen scan" "./deafen --root fixtures/debian -q scan" \
	-n "ss -ltnup" "ss -ltnup" \
	-n "netstat -tulpn" "netstat -tulpn"
echo >> "$out"
echo "Machine: $(nproc) cores, $(uname -m), $(. /etc/os-release && echo "$PRETTY_NAME"), $(date -u +%Y-%m-%d); 10,000 sockets in 200 processes" >> "$out"
cat "$out"
