/* plan.h - the edits of the tree that disable the selected services */
#ifndef DEAFEN_PLAN_H
#define DEAFEN_PLAN_H

#include <stdbool.h>

#include "action.h"

struct tree;
struct inventory;

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

#endif
