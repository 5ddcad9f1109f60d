/* knowledge.c - what deafen knows of well-known services (from the seed)
 *
 * One row per service: the names that mean it (its /etc/services name first,
 * then aliases, daemons, init scripts, packages) and whether it serves the
 * network. The names of one row are interchangeable in a policy.
 */
#include <string.h>

#include "knowledge.h"

static const struct known table[] = {
	{ "ssh sshd openssh-server", KNOWN_NETWORK, "the way to log in remotely" },
	{ "shell rsh cmd in.rshd rshd", KNOWN_NETWORK, "r-command: antiquated, very dangerous" },
	{ "login rlogin in.rlogind rlogind", KNOWN_NETWORK, "r-command: antiquated, very dangerous" },
	{ "exec rexec in.rexecd rexecd", KNOWN_NETWORK, "r-command: antiquated, very dangerous" },
	{ "telnet in.telnetd telnetd", KNOWN_NETWORK, "no reason for this anymore: use sshd" },
	{ "ftp in.ftpd ftpd vsftpd proftpd pure-ftpd wu-ftpd", KNOWN_NETWORK,
	  "ftp clients need no server" },
	{ "tftp in.tftpd tftpd tftpd-hpa atftpd", KNOWN_NETWORK, "unauthenticated file transfer" },
	{ "finger in.fingerd fingerd cfingerd", KNOWN_NETWORK, "tells strangers who is logged in" },
	{ "auth identd in.identd ident oidentd", KNOWN_NETWORK, "rarely needed" },
	{ "sunrpc portmap rpcbind portmapper", KNOWN_NETWORK, "RPC: NFS and NIS" },
	{ "nfs nfs-kernel-server nfs-server nfsd rpc.nfsd rpc.mountd mountd nfslock nfs-common "
	  "rpc.statd",
	  KNOWN_NETWORK, "RPC: NFS" },
	{ "domain named bind bind9", KNOWN_NETWORK,
	  "BIND is the number one crack target: caching only, and restricted" },
	{ "smtp sendmail exim exim4 postfix qmail mta", KNOWN_NETWORK,
	  "not needed unless this host receives mail directly" },
	{ "http httpd apache apache2 nginx lighttpd www", KNOWN_NETWORK, "a web server" },
	{ "printer lpd in.lpd spooler lprng", KNOWN_NETWORK, "only with a printer attached" },
	{ "ipp cups cupsd cups-browsed", KNOWN_NETWORK, "only with a printer attached" },
	{ "netbios-ssn smbd smb samba nmbd", KNOWN_NETWORK, "only with Windows hosts on the LAN" },
	{ "x11 xdm gdm gdm3 kdm lightdm sddm prefdm xfs X Xorg", KNOWN_NETWORK,
	  "a desktop only" },
	{ "pop-3 pop3 ipop3d pop3d", KNOWN_NETWORK, "mail server" },
	{ "imap2 imap imapd dovecot", KNOWN_NETWORK, "mail server" },
	{ "ntp ntpd chrony chronyd openntpd", KNOWN_NETWORK, "time server" },
	{ "snmp snmpd", KNOWN_NETWORK, "management agent" },
	{ "mysql mysqld mariadb", KNOWN_NETWORK, "database server" },
	{ "postgresql postgres", KNOWN_NETWORK, "database server" },
	{ "mdns avahi-daemon avahi", KNOWN_NETWORK, "zero-configuration announcements" },
	{ "rsync rsyncd", KNOWN_NETWORK, "file server" },
	{ "swat", KNOWN_NETWORK, "Samba web administration" },
	{ "talk in.talkd", KNOWN_NETWORK, "antiquated" },
	{ "ntalk in.ntalkd", KNOWN_NETWORK, "antiquated" },
	{ "biff comsat in.comsat", KNOWN_NETWORK, "antiquated" },
	{ "rstatd rpc.rstatd", KNOWN_NETWORK, "RPC" },
	{ "ypserv nis ypbind", KNOWN_NETWORK, "RPC: NIS" },
	{ "squid squid3", KNOWN_NETWORK, "proxy" },
	{ "isc-dhcp-server dhcpd", KNOWN_NETWORK, "DHCP server" },
	{ "echo", KNOWN_NETWORK, "internal test service" },
	{ "discard", KNOWN_NETWORK, "internal test service" },
	{ "daytime", KNOWN_NETWORK, "internal test service" },
	{ "chargen", KNOWN_NETWORK, "internal test service" },
	{ "time timserver", KNOWN_NETWORK, "internal test service" },
	{ "inetd inet openbsd-inetd inetutils-inetd", KNOWN_SUPERSERVER, "super-server" },
	{ "xinetd", KNOWN_SUPERSERVER, "super-server" },
};

static int
row_has(const struct known *k, const char *name)
{
	size_t n = strlen(name);
	const char *s = k->names;

	while (*s != '\0') {
		size_t w = strcspn(s, " ");

		if (w == n && strncmp(s, name, n) == 0)
			return 1;
		s += w;
		s += strspn(s, " ");
	}
	return 0;
}

const struct known *
knowledge_find(const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(table); i++)
		if (row_has(&table[i], name))
			return &table[i];
	return NULL;
}

void
knowledge_expand(const char *name, struct strv *names)
{
	for (size_t i = 0; i < ELEMENTSOF(table); i++) {
		struct strv row = { 0 };

		if (!row_has(&table[i], name))
			continue;
		strv_split(&row, table[i].names, " ");
		for (size_t k = 0; k < row.n; k++)
			strv_push_unique(names, row.v[k]);
		strv_free(&row);
	}
}
