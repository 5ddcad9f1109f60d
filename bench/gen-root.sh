#!/bin/sh
# gen-root.sh ROOT NXINETD NSCRIPTS [NUNITS [NINETD [LINKS [NSKIP [NINCLUDE [NDROPIN]]]]]]: a synthetic Debian-style
# root for the scaling bench: NXINETD xinetd.d files (each one enabled service
# on its own port), NSCRIPTS init scripts with LSB headers and, unless LINKS is
# "nolinks", links in 7 runlevels; NUNITS systemd services (lib/systemd/system,
# each enabled by a link in multi-user.target.wants); NINETD enabled entries
# in etc/inetd.conf (none: no inetd.conf); NSKIP names in xinetd.d that
# xinetd skips (oldN.dpkg-old, oldN~), each a text no lens reads; NINCLUDE
# files in etc/xinetd.inc, each an enabled service named by an include line;
# NDROPIN drop-ins of u0.service (needs NUNITS > 0), half in etc, half in lib.
set -e
r=$1; nx=$2; ns=$3; nu=${4:-0}; ni=${5:-0}; links=${6:-links}; skip=${7:-0}; ninc=${8:-0}; ndrop=${9:-0}
rm -rf "$r"; mkdir -p "$r/etc/xinetd.d" "$r/etc/init.d"
for l in 0 1 2 3 4 5 6 S; do mkdir -p "$r/etc/rc$l.d"; done
printf 'defaults\n{\n}\nincludedir /etc/xinetd.d\n' > "$r/etc/xinetd.conf"
printf 'ssh 22/tcp\n' > "$r/etc/services"
awk -v r="$r" -v nx="$nx" -v ns="$ns" -v nu="$nu" -v ni="$ni" -v skip="$skip" -v ninc="$ninc" -v ndrop="$ndrop" 'BEGIN {
	for (i = 0; i < nx; i++) {
		f = r "/etc/xinetd.d/svc" i
		printf "service svc%d\n{\n\tdisable = no\n\tsocket_type = stream\n\twait = no\n\tuser = root\n\tserver = /usr/sbin/svc%d\n\tport = %d\n}\n", i, i, 10000 + i > f
		close(f)
	}
	for (i = 0; i < ns; i++) {
		f = r "/etc/init.d/d" i
		printf "#!/bin/sh\n### BEGIN INIT INFO\n# Provides:          d%d\n# Default-Start:     2 3 4 5\n# Default-Stop:      0 1 6\n### END INIT INFO\necho hi\n", i > f
		close(f)
	}
	if (nu > 0)
		system("mkdir -p " r "/lib/systemd/system " r "/etc/systemd/system/multi-user.target.wants")
	for (i = 0; i < nu; i++) {
		f = r "/lib/systemd/system/u" i ".service"
		printf "[Unit]\nDescription=unit %d\nAfter=network.target\n\n[Service]\nExecStart=/usr/sbin/u%d -p %d\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n", i, i, 20000 + i > f
		close(f)
	}
	for (i = 0; i < skip; i++) {
		f = r "/etc/xinetd.d/old" i (i % 2 ? "~" : ".dpkg-old")
		printf "service {{{\n" > f
		close(f)
	}
	if (ninc > 0)
		system("mkdir -p " r "/etc/xinetd.inc")
	for (i = 0; i < ninc; i++) {
		printf "include /etc/xinetd.inc/inc%d\n", i >> (r "/etc/xinetd.conf")
		f = r "/etc/xinetd.inc/inc" i
		printf "service inc%d\n{\n\tdisable = no\n\tsocket_type = stream\n\twait = no\n\tuser = root\n\tserver = /usr/sbin/inc%d\n\tport = %d\n}\n", i, i, 30000 + i > f
		close(f)
	}
	if (ndrop > 0)
		system("mkdir -p " r "/etc/systemd/system/u0.service.d " r "/lib/systemd/system/u0.service.d")
	for (i = 0; i < ndrop; i++) {
		f = r (i % 2 ? "/lib" : "/etc") "/systemd/system/u0.service.d/" sprintf("%05d", i) ".conf"
		printf "[Service]\nEnvironment=D%d=1\n", i > f
		close(f)
	}
	if (ni > 0) {
		f = r "/etc/inetd.conf"
		for (i = 0; i < ni; i++)
			printf "svc%d\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/svc%d\n", i, i > f
		close(f)
	}
}'
if [ "$links" != nolinks ]; then
	i=0
	while [ $i -lt "$ns" ]; do
		for l in 2 3 4 5; do ln -s ../init.d/d$i "$r/etc/rc$l.d/S02d$i"; done
		for l in 0 1 6; do ln -s ../init.d/d$i "$r/etc/rc$l.d/K01d$i"; done
		i=$((i + 1))
	done
fi
i=0
while [ $i -lt "$nu" ]; do
	ln -s /lib/systemd/system/u$i.service "$r/etc/systemd/system/multi-user.target.wants/u$i.service"
	i=$((i + 1))
done
