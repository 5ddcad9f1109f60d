/* startlevels.h - in which runlevels or targets a service starts at boot */
#ifndef DEAFEN_STARTLEVELS_H
#define DEAFEN_STARTLEVELS_H

#include <stdbool.h>
#include <string.h>

#include "util.h"

struct tree;
struct inventory;
struct service;

/* How this root boots: the next boot's runlevel or target, and what can start. */
struct boot {
	char level;         /* the next boot's runlevel ('0'-'9', 'S'); 0 under systemd */
	char *target;       /* under systemd: the default target; NULL otherwise */
	char *from;         /* where that was read ("etc/inittab"), allocated */
	const char *levels; /* the runlevels whose start links are checked */
	struct strv units;  /* systemd: every unit the default target pulls in ... */
	struct strv by;     /* ... and the unit that pulls each in ("" the target) */
};

/*
 * Reads the next boot's runlevel (etc/inittab's initdefault, else
 * default.target's runlevel, else FALLBACK) or, on a root with unit
 * files and a default target, that target and what it pulls in.
 * -EBADMSG (error set) when etc/inittab is not a regular file or names
 * no runlevel.
 */
int boot_read(const struct tree *t, char fallback, struct boot *b);
void boot_free(struct boot *b);

/* Where and in which runlevels or targets one service starts. */
struct starts {
	char *by;           /* the link or entry that starts it, for people; allocated */
	bool is_link;       /* BY is a link's path */
	struct strv levels; /* runlevels ("3", "S") or targets ("multi-user.target") */
	bool next_boot;     /* one of them is the next boot's (an inetd entry: unknown = yes) */
};

/*
 * Does S start at some boot: a sysv script by an S link in one of B's
 * runlevels (under systemd, those the generator reads); a unit by a target
 * the next boot reaches or a .wants/.requires link of etc/systemd/system
 * (what systemctl disable removes); an inetd or xinetd entry when enabled,
 * in its super-server's runlevels. Fills *OUT (starts_free) either way.
 */
bool starts_of(const struct tree *t, const struct boot *b, const struct inventory *inv,
	       const struct service *s, struct starts *out);
void starts_free(struct starts *st);

/* Is LEVEL one the next boot runs: the default runlevel and rcS.d, or what the default target reaches? */
static inline bool
boot_next_level(const struct boot *b, char level)
{
	if (b->target == NULL)
		return level == b->level || level == 'S';
	/* the generator: runlevel 2-4 is multi-user.target, 5 graphical.target */
	if (strv_contains(&b->units, "graphical.target"))
		return strchr("2345", level) != NULL;
	return strv_contains(&b->units, "multi-user.target") && strchr("234", level) != NULL;
}

/* "2 3 4 5", "multi-user.target sockets.target": LEVELS joined by spaces, allocated. */
char *starts_levels_text(const struct starts *st);

#endif
