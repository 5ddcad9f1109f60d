/* diff.h - what a plan changes, as a diff in git's format */
#ifndef DEAFEN_DIFF_H
#define DEAFEN_DIFF_H

#include <stdbool.h>
#include <stdio.h>

struct tree;
struct plan;
struct link_edit;

/* A unified diff of OLD and NEW (3 lines of context) under git's header for PATH; NULL if equal. */
char *diff_text(const char *path, const char *old, const char *new, bool color);

/* The git diff entry of one link edit (rename, deleted or new symlink). */
char *diff_link(const struct link_edit *e, bool color);

/*
 * Prints the diff of the whole plan: every changed file (as the tree would
 * save it) and every link edit, sorted by path. Returns the number of
 * entries printed, or a negative errno.
 */
int diff_plan(const struct tree *t, const struct plan *p, FILE *out, bool color);

#endif
