/* enable.h - the edits of the tree that turn the selected services back on */
#ifndef DEAFEN_ENABLE_H
#define DEAFEN_ENABLE_H

#include <stdbool.h>

#include "rclinks.h"
#include "util.h"

struct tree;
struct inventory;
struct plan;

/*
 * Builds the actions that enable the services SELECTED marks, the way
 * their own tools do (update-inetd --enable, update-rc.d enable, chkconfig
 * on, systemctl enable; UNMASK: systemctl unmask first), and makes them in
 * the tree: the tree then is what apply writes, as plan_build's.
 */
int enable_plan(struct tree *t, const struct inventory *inv, const bool *selected,
		enum style style, bool unmask, struct plan *p);

/* Notes on enabling NAME that the sources' files explain (a line of inetd.conf commented out by hand), into OUT. */
void enable_notes(const char *root, const char *name, struct strv *out);

#endif
