/* names.h - what a name in a policy means on this root */
#ifndef DEAFEN_NAMES_H
#define DEAFEN_NAMES_H

#include <stdbool.h>

#include "util.h"

struct inventory;
struct service;

/* How a name selected what it did (names_select). */
enum name_how {
	NAME_NONE,     /* nothing on this root */
	NAME_EXACT,    /* a service's own name: that service only */
	NAME_PROVIDES, /* an LSB Provides no service's own name is */
	NAME_EXPANDED, /* a family word, an /etc/services name or alias, a port, a daemon */
};

/*
 * Marks in SEL (one entry a service of INV, cleared first) the services
 * NAME selects, by the rule of README's "Names":
 *  - a service's own name (an init script, a unit, its base name or an
 *    alias, a template's prefix for its instances, an inetd or xinetd
 *    service) selects the services of that name, and only them;
 *  - else the init scripts whose LSB Provides is NAME;
 *  - else NAME expands: a family word to its members' own names, an
 *    /etc/services name or alias to what serves its ports, a port number
 *    to what listens on it, a name deafen knows for a service to the
 *    services of its other names (not its rivals), a daemon to what runs it.
 * WHY (if not NULL) gets, for an expansion, what NAME was taken for:
 * "family samba", "port 2222", allocated. Returns how.
 */
enum name_how names_select(const struct inventory *inv, const char *name, bool *sel, char **why);

/*
 * names_select() for a rule of a policy: a --keep of a family word that is
 * also a service's own name (Debian 12's samba.service, an alias of
 * samba-ad-dc) keeps that service and the family's members too (smbd,
 * nmbd): keeping more is what the administrator means, and costs nothing
 * (a service kept is left as it is). --disable keeps the exact rule.
 */
enum name_how names_select_rule(const struct inventory *inv, const char *name, bool keep,
				bool *sel, char **why);
bool names_selects_rule(const struct inventory *inv, const char *name, bool keep,
			const struct service *s);

/* Does NAME select S, a service of INV? */
bool names_selects(const struct inventory *inv, const char *name, const struct service *s);

/* Is NAME something deafen can make sense of on this root (selecting nothing maybe)? */
bool names_known(const struct inventory *inv, const char *name);

/* The members of family WORD ("smbd nmbd ..."), NULL if WORD is no family word. */
const char *names_family(const char *word);

#endif
