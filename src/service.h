/* service.h - one row of the inventory, as every source (source.h) fills it */
#ifndef DEAFEN_SERVICE_H
#define DEAFEN_SERVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "services.h"
#include "util.h"

struct snode;
struct tree_kv;

enum kind { KIND_INETD, KIND_XINETD, KIND_SYSV, KIND_SYSTEMD };

/*
 * What starts a service, as systemctl is-enabled says it: a link or an
 * uncommented entry (enabled), none (disabled), a unit with no [Install]
 * section, started only by what pulls it in (static), a unit linked to
 * /dev/null (masked).
 */
enum state { STATE_DISABLED, STATE_ENABLED, STATE_STATIC, STATE_MASKED };

struct service {
	enum kind kind;
	char *name;       /* service name, init script name, or unit name ("ssh.service") */
	char *file;       /* real location relative to the root */
	char *node;       /* its tree node: the entry, the block or the script */
	int line;         /* inetd.conf line, 0 when not known */
	char *detail;     /* "stream/tcp", "S in 2345", ... for people */
	bool enabled;
	bool network;     /* counts for --keep */
	bool superserver; /* inetd/xinetd's own init script */
	char *program;    /* basename of the daemon, if known */
	char *pidfile;    /* sysv: "# pidfile:" as a path on this host, if given */
	int stop;         /* sysv: stop priority from "# chkconfig:", or -1 */
	char *script;     /* systemd: the init script of the same name, whose links go too */
	bool masked;      /* systemd: linked to /dev/null; sysv: NAME.service linked to /dev/null */
	enum state state;
	struct strv wanted_by; /* systemd: the units whose .wants/.requires link starts it */
	struct strv pulled_by; /* systemd: the units whose Wants=, Requires=, Unit= or Service= name it */
	char *disable_node; /* xinetd: the block's "disable" attribute as written (Disable), if any */
	char *ignored;      /* why its daemon ignores it (an xinetd file with CRLF line ends): never changed */
	struct strv names; /* every name it is known by: its own, its daemon's, deafen's knowledge */
	struct strv own;   /* its own names, each selecting it alone (names.h): script, unit, base, alias */
	struct strv provides; /* sysv: LSB Provides, its names where no service's own name is one */
	struct strv ports; /* "23/tcp" */
	struct strv listen; /* listen.h: "23/tcp", "127.0.0.1:11211/tcp", "/run/x.sock" */
	bool local;        /* every listener on loopback or a UNIX-domain socket: not exposed */
	char *ports_from;  /* daemonconf.h: the file its listeners were read from, or why a default */
	/*
	 * What it says it requires, "HOW\tNAME": "Required-Start\t$portmap"
	 * (an init script's LSB header), "Requires\trpcbind.socket" (a unit's
	 * Requires=, BindsTo=, Requisite=); WANTS the same for the soft ones
	 * (Should-Start, Wants=): it starts without them.
	 */
	struct strv needs;
	struct strv wants;
};

struct inventory {
	struct service *v;
	size_t n;
	struct services services;
};

const char *kind_name(enum kind k);
/* "enabled", "disabled", "static", "masked" */
const char *state_name(enum state st);
bool service_matches(const struct service *s, const char *name);

/* The entry that starts S: "etc/inetd.conf:23", "etc/xinetd.d/telnet", "etc/init.d/ssh". */
char *service_where(const struct service *s);


/* A new row of INV (kind KIND, NAME, FILE, NODE copied), else zero; its stop priority -1. */
struct service *service_new(struct inventory *inv, enum kind kind, const char *name,
			    const char *file, const char *node);

/* Every name a person may use for S, from its base names outwards (and whether it is a network service). */
void service_expand_names(struct service *s, const struct services *db);

/* The port of /etc/services entry E (may be NULL), at ADDR (NULL: every address). */
void service_add_port(struct service *s, const char *addr, const struct svcent *e);

/* A daemon's ports: the /etc/services entries of its names, for the protocols it uses. */
void service_daemon_ports(struct service *s, const struct services *db);

/* The (label, value) pairs of N's children, borrowed from the snapshot; *OUT allocated. */
size_t snode_kids_kv(const struct snode *n, struct tree_kv **out);

/* Is WORD one of the blank-separated words of LIST? */
bool word_in(const char *list, const char *word);

#endif
