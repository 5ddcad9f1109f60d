/* plan.h - the edits of the tree that disable the selected services */
#ifndef DEAFEN_PLAN_H
#define DEAFEN_PLAN_H

#include <stdbool.h>

#include "rclinks.h"
#include "util.h"

struct tree;
struct inventory;

enum action_kind { ACT_INETD_OFF, ACT_XINETD_OFF, ACT_LINK };

struct action {
	enum action_kind kind;
	size_t service;        /* index in the inventory */
	char *file;            /* INETD/XINETD: the file it edits (relative to the root) */
	char *node;            /* INETD/XINETD: the node it sets */
	struct link_edit link; /* ACT_LINK */
};

struct plan {
	struct action *v;
	size_t n;
	enum style style;
	struct strv files; /* the files the plan changes, sorted */
	struct strv warnings; /* what the plan cannot do, for people */
};

/* Redhat when the root uses /etc/rc.d or chkconfig headers, else debian. */
enum style style_detect(const struct tree *t);

/*
 * Builds the actions that disable the services SELECTED marks, and makes
 * them in the tree (nothing on disk): the tree then is what apply writes.
 * MASK: systemd units are masked rather than disabled, and so is an init
 * script without a unit on a root with etc/systemd/system (NAME.service ->
 * /dev/null, its rc links left, as systemctl mask does); TEMPLATE (NULL:
 * none) marks the instances whose template is masked rather than them.
 */
int plan_build(struct tree *t, const struct inventory *inv, const bool *selected,
	       const bool *template, enum style style, bool mask, struct plan *p);

/* Does the plan mask service I (a link to /dev/null)? */
bool plan_masks(const struct plan *p, size_t i);
void plan_free(struct plan *p);

/* For enable.c, which builds the inverse plan: a new action of service SERVICE. */
struct action *plan_push(struct plan *p, enum action_kind kind, size_t service);
/* Makes link EDITS in the tree as actions of service I (takes the edits). */
int plan_push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p);

#endif
