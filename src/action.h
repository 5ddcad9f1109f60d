/* action.h - a plan: the actions that change a root, as the sources push them */
#ifndef DEAFEN_ACTION_H
#define DEAFEN_ACTION_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct tree;

enum style {
	STYLE_AUTO,
	STYLE_DEBIAN,        /* update-rc.d disable: SNN -> KNN */
	STYLE_DEBIAN_LEGACY, /* old sysv-rc: SNN -> K(100-NN) */
	STYLE_REDHAT,        /* chkconfig off: every link -> K<stop> in 2345 */
};

enum link_op { LINK_RENAME, LINK_DELETE, LINK_CREATE };

/* One change of one link; DIR is the real rc directory relative to the root. */
struct link_edit {
	enum link_op op;
	char level;
	char *dir;
	char *from;   /* RENAME, DELETE: existing name */
	char *to;     /* RENAME, CREATE: new name */
	char *target; /* the link's target (kept on RENAME) */
};

enum action_kind { ACT_INETD_OFF, ACT_XINETD_OFF, ACT_LINK };

struct action {
	enum action_kind kind;
	size_t service;        /* index in the inventory */
	char *file;            /* INETD/XINETD: the file it edits (relative to the root) */
	char *node;            /* INETD/XINETD: the node it sets */
	const char *value;     /* XINETD: the value it gives the node (a literal); NULL: removed */
	bool added;            /* XINETD: the node is new, the last of its block */
	struct link_edit link; /* ACT_LINK */
};

struct plan {
	struct action *v;
	size_t n;
	enum style style;
	struct strv files; /* the files the plan changes, sorted */
	struct strv warnings; /* what the plan cannot do, for people */
};

/* A new action of service SERVICE (an inventory row), else zero. */
struct action *plan_push(struct plan *p, enum action_kind kind, size_t service);

/* Makes link EDITS in the tree as actions of service I (takes the edits). */
int plan_push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p);

/* Which of services 0..N-1 the plan masks (a link to /dev/null): N flags, allocated. */
bool *plan_masked(const struct plan *p, size_t n);

void plan_free(struct plan *p);

/* Appends one link edit (its strings copied) to *EDITS, *N of them. */
void link_edit_push(struct link_edit **edits, size_t *n, enum link_op op, char level,
		    const char *dir, const char *from, const char *to, const char *target);

void link_edits_free(struct link_edit *e, size_t n);

#endif
