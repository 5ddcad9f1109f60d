/* rclinks.h - runlevel links (rcN.d/[SK]NNname) as a subtree of the tree */
#ifndef DEAFEN_RCLINKS_H
#define DEAFEN_RCLINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"

struct tree;

/* Runlevel directories, in the order the inventory reports them. */
#define RC_LEVELS "0123456S"

/* A link of an rc directory as it was read (the tree holds the same). */
struct rclink_entry {
	size_t level; /* index in RC_LEVELS */
	char *name;
	char *target;
	/*
	 * The init script it runs (rclinks_load: its target followed, not its
	 * name: S99x -> ../init.d/exim4 runs exim4); "" for none (a missing
	 * file, a loop, a file out of the init.d directory); NULL: NAME + 3.
	 */
	char *script;
};

/* The script E runs: its target's, or as its name says when that is unknown. */
static inline const char *
rclink_script(const struct rclink_entry *e)
{
	return e->script != NULL ? e->script : e->name + 3;
}

/* What rclinks.c keeps in the tree (tree_own). */
struct rclinks_own {
	char *rcdir[8];           /* real rc directory per RC_LEVELS, NULL if absent */
	bool rc_d_layout;         /* Red Hat's /etc/rc.d/rcN.d */
	struct rclink_entry *links; /* every link read, by level then name */
	size_t nlinks;
	size_t *link_index;       /* LINKS by script name, then level: a script's links in a row */
};

/* T's, allocated the first time. */
struct rclinks_own *rclinks_own(const struct tree *t);

int style_parse(const char *s, enum style *out);
const char *style_name(enum style s);

/* One existing link of a script in one level. */
struct rclink {
	const char *name;
	const char *target;
};

/* Reads every rc?.d directory of the root into LINKS_TREE. */
int rclinks_load(struct tree *t);

/* Is NAME a link of SCRIPT ("S20ssh" of "ssh")? */
int rclink_of(const char *link, const char *script);

/*
 * The runlevels whose S links start a service on this root: 2345S, and on
 * Red Hat's rc.d layout 0-6 and S (its rc runs every S link with "start").
 */
const char *rclinks_boot_levels(const struct tree *t);

/*
 * The first start link of SCRIPT in runlevel LEVEL ('0'-'6', 'S'), borrowed
 * from the tree, and in *DIR (if not NULL) its rc directory; NULL if none.
 */
const char *rclinks_start_link(const struct tree *t, char level, const char *script,
			       const char **dir);

/*
 * Does SCRIPT have a start link in a boot level (rclinks_boot_levels)?
 * LEVELS gets those levels ("235S"), in RC_LEVELS order.
 */
int rclinks_started(const struct tree *t, const char *script, char *levels, size_t size);

/*
 * The edits that disable SCRIPT in one LEVEL, given its LINKS there, the
 * way STYLE's tool does it. STOP is the stop priority for redhat (0-99).
 * Appends to *EDITS / *N; pure, so that tests can call it.
 */
void rclinks_disable_level(enum style style, char level, const char *dir, const char *script,
			   const struct rclink *links, size_t nlinks, int stop,
			   struct link_edit **edits, size_t *n);

/* All edits that disable SCRIPT on the root (reads the links from the tree). */
int rclinks_disable(const struct tree *t, enum style style, const char *script, int stop,
		    struct link_edit **edits, size_t *n);

/*
 * chkconfig off of a script with an LSB header re-runs its dependency order
 * (frobDependencies) with the script on in no level like another's, so no
 * dependency moves it: START and STOP are its chkconfig line's numbers or 50.
 * It also renumbers the script's link in 0, 1 and 6 to them (its letter kept),
 * and makes one where there is none (S where the header's levels ONLEVELS,
 * "2 3 4 5" or "2345", have that level, else K). Those edits.
 */
void rclinks_redhat_renumber(const struct tree *t, const char *script, const char *onlevels,
			     int start, int stop, struct link_edit **edits, size_t *n);

/* Has SCRIPT any S or K link in any level? */
bool rclinks_any(const struct tree *t, const char *script);

/* The S number of SCRIPT's first start link, or -1. */
int rclinks_start_number(const struct tree *t, const char *script);

/*
 * Reads the N links of DIR (real, relative to the root, a directory not yet
 * in the tree) into the tree under LINKS_TREE, each a struct of SIZE bytes
 * at LINKS whose char * fields at offsets NAME_AT and TARGET_AT are the
 * link's name and target (struct rclink_entry, struct unit_link):
 * all in one aug_text_store of Deafen_links, not an aug_set each, which
 * walked every link of the directory before it (5,000 links: 1.6 G
 * instructions, growing as the square); one by one, as before, if a link
 * holds what that lens cannot (a tab, a newline, a byte 1-4).
 */
int rclinks_store(struct tree *t, const char *dir, const void *links, size_t n, size_t size,
		  size_t name_at, size_t target_at);

#endif
