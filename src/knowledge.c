/* knowledge.c - what deafen knows of well-known services (from the seed)
 *
 * One row per service: the names that mean it (its /etc/services name first,
 * then aliases, its daemon, init scripts, packages), its rival
 * implementations, and whether it serves the network. The names are
 * interchangeable in a policy; an implementation names only itself, plus
 * the service: "smtp" selects exim4 and postfix, "postfix" only postfix.
 */
#include <string.h>

#include "knowledge.h"

static const struct known table[] = {
	{ "ssh sshd openssh-server", "dropbear", KNOWN_NETWORK, "the way to log in remotely" },
	{ "shell rsh cmd in.rshd rshd", NULL, KNOWN_NETWORK, "r-command: antiquated, very dangerous" },
	{ "login rlogin in.rlogind rlogind", NULL, KNOWN_NETWORK,
	  "r-command: antiquated, very dangerous" },
	{ "exec rexec in.rexecd rexecd", NULL, KNOWN_NETWORK, "r-command: antiquated, very dangerous" },
	{ "telnet in.telnetd telnetd", NULL, KNOWN_NETWORK, "no reason for this anymore: use sshd" },
	{ "ftp in.ftpd ftpd", "vsftpd proftpd pure-ftpd wu-ftpd", KNOWN_NETWORK,
	  "ftp clients need no server" },
	{ "tftp in.tftpd tftpd", "tftpd-hpa atftpd", KNOWN_NETWORK, "unauthenticated file transfer" },
	{ "finger in.fingerd fingerd", "cfingerd", KNOWN_NETWORK, "tells strangers who is logged in" },
	{ "auth identd in.identd ident", "oidentd", KNOWN_NETWORK, "rarely needed" },
	{ "sunrpc portmap rpcbind portmapper", NULL, KNOWN_NETWORK, "RPC: NFS and NIS" },
	{ "nfs nfs-kernel-server nfs-server nfsd rpc.nfsd rpc.mountd mountd", NULL, KNOWN_NETWORK,
	  "RPC: NFS server" },
	{ "nfs-common rpc.statd statd nfslock", NULL, KNOWN_NETWORK, "RPC: NFS locking" },
	{ "domain named bind bind9", "unbound dnsmasq", KNOWN_NETWORK,
	  "BIND is the number one crack target: caching only, and restricted" },
	{ "smtp mail mta", "sendmail exim exim4 postfix qmail", KNOWN_NETWORK,
	  "not needed unless this host receives mail directly" },
	{ "http www httpd apache apache2", "nginx lighttpd", KNOWN_NETWORK, "a web server" },
	{ "printer spooler lpd in.lpd", "lprng", KNOWN_NETWORK, "only with a printer attached" },
	{ "ipp cups cupsd", NULL, KNOWN_NETWORK, "only with a printer attached" },
	{ "cups-browsed", NULL, KNOWN_NETWORK, "printer discovery" },
	{ "netbios-ssn smbd smb samba nmbd", NULL, KNOWN_NETWORK, "only with Windows hosts on the LAN" },
	{ "x11 X Xorg", "xdm gdm gdm3 kdm lightdm sddm prefdm", KNOWN_NETWORK, "a desktop only" },
	{ "xfs", NULL, KNOWN_NETWORK, "X font server" },
	{ "pop-3 pop3", "ipop3d pop3d dovecot", KNOWN_NETWORK, "mail server" },
	{ "imap2 imap", "imapd dovecot", KNOWN_NETWORK, "mail server" },
	{ "ntp", "ntpd chrony chronyd openntpd", KNOWN_NETWORK, "time server" },
	{ "snmp snmpd", NULL, KNOWN_NETWORK, "management agent" },
	{ "mysql mysqld", "mariadb", KNOWN_NETWORK, "database server" },
	{ "postgresql postgres", NULL, KNOWN_NETWORK, "database server" },
	{ "mdns avahi-daemon avahi", NULL, KNOWN_NETWORK, "zero-configuration announcements" },
	{ "rsync rsyncd", NULL, KNOWN_NETWORK, "file server" },
	{ "swat", NULL, KNOWN_NETWORK, "Samba web administration" },
	{ "talk in.talkd", NULL, KNOWN_NETWORK, "antiquated" },
	{ "ntalk in.ntalkd", NULL, KNOWN_NETWORK, "antiquated" },
	{ "biff comsat in.comsat", NULL, KNOWN_NETWORK, "antiquated" },
	{ "rstatd rpc.rstatd", NULL, KNOWN_NETWORK, "RPC" },
	{ "ypserv", NULL, KNOWN_NETWORK, "RPC: NIS server" },
	{ "nis ypbind", NULL, KNOWN_NETWORK, "RPC: NIS client" },
	{ "squid squid3", NULL, KNOWN_NETWORK, "proxy" },
	{ "isc-dhcp-server dhcpd", NULL, KNOWN_NETWORK, "DHCP server" },
	{ "echo", NULL, KNOWN_NETWORK, "internal test service" },
	{ "discard", NULL, KNOWN_NETWORK, "internal test service" },
	{ "daytime", NULL, KNOWN_NETWORK, "internal test service" },
	{ "chargen", NULL, KNOWN_NETWORK, "internal test service" },
	{ "time timserver", NULL, KNOWN_NETWORK, "internal test service" },
	{ "inetd inet openbsd-inetd inetutils-inetd", NULL, KNOWN_SUPERSERVER, "super-server" },
	{ "xinetd", NULL, KNOWN_SUPERSERVER, "super-server" },
};

static int
word_has(const char *s, const char *name)
{
	size_t n = strlen(name);

	while (*s != '\0') {
		size_t w = strcspn(s, " ");

		if (w == n && strncmp(s, name, n) == 0)
			return 1;
		s += w;
		s += strspn(s, " ");
	}
	return 0;
}

static int
row_has(const struct known *k, const char *name)
{
	return word_has(k->names, name) || (k->impls != NULL && word_has(k->impls, name));
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
