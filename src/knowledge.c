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
    {"ssh sshd openssh-server", "dropbear", KNOWN_NETWORK, "the way to log in remotely", NULL},
    {"shell rsh cmd in.rshd rshd", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS,
     "r-command: antiquated, very dangerous", NULL},
    {"login rlogin in.rlogind rlogind", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS,
     "r-command: antiquated, very dangerous", NULL},
    {"exec rexec in.rexecd rexecd", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS,
     "r-command: antiquated, very dangerous", NULL},
    {"telnet in.telnetd telnetd", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS,
     "no reason for this anymore: use sshd", NULL},
    {"ftp in.ftpd ftpd", "vsftpd proftpd pure-ftpd wu-ftpd", KNOWN_NETWORK | KNOWN_DANGEROUS,
     "ftp clients need no server", NULL},
    {"tftp in.tftpd tftpd", "tftpd-hpa atftpd", KNOWN_NETWORK | KNOWN_DANGEROUS,
     "unauthenticated file transfer", "udp"},
    {"finger in.fingerd fingerd", "cfingerd", KNOWN_NETWORK | KNOWN_DANGEROUS,
     "tells strangers who is logged in", NULL},
    {"auth identd in.identd ident", "oidentd", KNOWN_NETWORK, "rarely needed", NULL},
    {"sunrpc portmap rpcbind portmapper", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS, "RPC: NFS and NIS",
     "tcp udp"},
    {"nfs nfs-kernel-server nfs-server nfsd rpc.nfsd rpc.mountd mountd", NULL,
     KNOWN_NETWORK | KNOWN_DANGEROUS, "RPC: NFS server", "tcp udp"},
    {"nfs-common rpc.statd statd nfslock", NULL, KNOWN_NETWORK, "RPC: NFS locking", "tcp udp"},
    {"domain named bind bind9", "unbound dnsmasq", KNOWN_NETWORK | KNOWN_DANGEROUS,
     "BIND is the number one crack target: caching only, and restricted", "tcp udp"},
    {"smtp mail mta", "sendmail exim exim4 postfix qmail", KNOWN_NETWORK,
     "not needed unless this host receives mail directly", NULL},
    {"http www httpd apache apache2", "nginx lighttpd", KNOWN_NETWORK, "a web server", NULL},
    {"printer spooler lpd in.lpd", "lprng", KNOWN_NETWORK, "only with a printer attached", NULL},
    {"ipp cups cupsd", NULL, KNOWN_NETWORK, "only with a printer attached", NULL},
    {"cups-browsed", NULL, KNOWN_NETWORK, "printer discovery", NULL},
    {"netbios-ssn smbd smb samba nmbd", NULL, KNOWN_NETWORK, "only with Windows hosts on the LAN",
     NULL},
    {"x11 X Xorg", "xdm gdm gdm3 kdm lightdm sddm prefdm", KNOWN_NETWORK, "a desktop only", NULL},
    {"xfs", NULL, KNOWN_NETWORK, "X font server", NULL},
    {"pop-3 pop3", "ipop3d pop3d dovecot", KNOWN_NETWORK, "mail server", NULL},
    {"imap2 imap", "imapd dovecot", KNOWN_NETWORK, "mail server", NULL},
    {"ntp", "ntpd chrony chronyd openntpd", KNOWN_NETWORK, "time server", "udp"},
    {"snmp snmpd", NULL, KNOWN_NETWORK, "management agent", "udp"},
    {"mysql mysqld", "mariadb", KNOWN_NETWORK, "database server", NULL},
    {"postgresql postgres", NULL, KNOWN_NETWORK, "database server", NULL},
    {"mdns avahi-daemon avahi", NULL, KNOWN_NETWORK, "zero-configuration announcements", "udp"},
    {"rsync rsyncd", NULL, KNOWN_NETWORK, "file server", NULL},
    {"swat", NULL, KNOWN_NETWORK, "Samba web administration", NULL},
    {"talk in.talkd", NULL, KNOWN_NETWORK, "antiquated", "udp"},
    {"ntalk in.ntalkd", NULL, KNOWN_NETWORK, "antiquated", "udp"},
    {"biff comsat in.comsat", NULL, KNOWN_NETWORK, "antiquated", "udp"},
    {"rstatd rpc.rstatd", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS, "RPC", "udp"},
    {"ypserv", NULL, KNOWN_NETWORK | KNOWN_DANGEROUS, "RPC: NIS server", NULL},
    {"nis ypbind", NULL, KNOWN_NETWORK, "RPC: NIS client", NULL},
    {"squid squid3", NULL, KNOWN_NETWORK, "proxy", NULL},
    {"isc-dhcp-server dhcpd", NULL, KNOWN_NETWORK, "DHCP server", "udp"},
    {"echo", NULL, KNOWN_NETWORK, "internal test service", NULL},
    {"discard", NULL, KNOWN_NETWORK, "internal test service", NULL},
    {"daytime", NULL, KNOWN_NETWORK, "internal test service", NULL},
    {"chargen", NULL, KNOWN_NETWORK, "internal test service", NULL},
    {"time timserver", NULL, KNOWN_NETWORK, "internal test service", NULL},
    {"inetd inet openbsd-inetd inetutils-inetd", NULL, KNOWN_SUPERSERVER, "super-server", NULL},
    {"xinetd", NULL, KNOWN_SUPERSERVER, "super-server", NULL},
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
		struct strv row = {0};

		if (!row_has(&table[i], name))
			continue;
		strv_split(&row, table[i].names, " ");
		for (size_t k = 0; k < row.n; k++)
			strv_push_unique(names, row.v[k]);
		strv_free(&row);
	}
}
