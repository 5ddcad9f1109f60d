#!/bin/sh
# gen-root.sh ROOT NXINETD NSCRIPTS: a synthetic Debian-style root for the scaling bench:
# NXINETD xinetd.d files (each one enabled service on its own port) and NSCRIPTS
# init scripts with LSB headers and links in 7 runlevels.
set -e
r=$1; nx=$2; ns=$3
rm -rf "$r"; mkdir -p "$r/etc/xinetd.d" "$r/etc/init.d"
for l in 0 1 2 3 4 5 6 S; do mkdir -p "$r/etc/rc$l.d"; done
printf 'defaults\n{\n}\nincludedir /etc/xinetd.d\n' > "$r/etc/xinetd.conf"
printf 'ssh 22/tcp\n' > "$r/etc/services"
i=0
while [ $i -lt $nx ]; do
	printf 'service svc%d\n{\n\tdisable = no\n\tsocket_type = stream\n\twait = no\n\tuser = root\n\tserver = /usr/sbin/svc%d\n\tport = %d\n}\n' $i $i $((10000 + i)) > "$r/etc/xinetd.d/svc$i"
	i=$((i + 1))
done
i=0
while [ $i -lt $ns ]; do
	printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides:          d%d\n# Default-Start:     2 3 4 5\n# Default-Stop:      0 1 6\n### END INIT INFO\necho hi\n' $i > "$r/etc/init.d/d$i"
	for l in 2 3 4 5; do ln -s ../init.d/d$i "$r/etc/rc$l.d/S02d$i"; done
	for l in 0 1 6; do ln -s ../init.d/d$i "$r/etc/rc$l.d/K01d$i"; done
	i=$((i + 1))
done
