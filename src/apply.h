/* apply.h - carrying out a plan on disk, and undoing it from its backup */
#ifndef DEAFEN_APPLY_H
#define DEAFEN_APPLY_H

#include <stdbool.h>

#include "journal.h"

struct tree;
struct plan;

/*
 * The steps of PLAN with, for each file, its text now (OLD) and as the tree
 * would save it (NEW). Arrays are indexed like the steps.
 */
struct changes {
	struct step *steps;
	size_t n;
	char **old, **new;
	size_t *oldlen, *newlen;
};

int changes_from_plan(const struct tree *t, const struct plan *p, struct changes *c);
void changes_free(struct changes *c);

/* What a failed apply_steps() left. */
enum applied {
	APPLIED_NOTHING, /* the steps made were undone: the root is as it was */
	APPLIED_PART,    /* the undo failed too: the root is half changed */
	APPLIED_ALL,     /* every step made and journaled, the complete line not written */
};

/*
 * Makes the steps of B under ROOT, journaling each. If one fails, the ones
 * made are undone and the error is returned; *DONE says what the root is.
 */
int apply_steps(struct backup *b, const char *root, enum applied *done,
		struct strv *undo);

/*
 * Undoes the steps of B under ROOT, newest first, checking the state of
 * each file and link rather than trusting the journal (a run may have been
 * killed between a change and its journal line). Files changed by someone
 * else since apply are conflicts: listed, nothing is done, unless FORCE
 * (the newer file is kept in the backup). Only the first UPTO steps are
 * looked at (b->n: all). *CHANGED counts what was restored; RESTORED (if
 * not NULL) gets the path of each file and link restored.
 */
int rollback_steps(struct backup *b, const char *root, bool force, size_t upto,
		   size_t *changed, struct strv *restored);

/*
 * rollback --only NAME: undoes the steps of B that are NAME's (its links,
 * the directories they are in, its hunks of each file merged into the file
 * as it is now), with rollback_steps()'s checks; journaled "only NAME" ...
 * "only-done NAME". -EINVAL when B changed nothing of NAME.
 */
int rollback_only(struct backup *b, const char *root, const char *name, bool force,
		  size_t *changed, struct strv *restored);

/*
 * The journal's "only-done NAME" lines that are not so are dropped from
 * B->ONLY, each said in WARNINGS with its journal line: the journal is
 * under the root. Believed is a NAME whose links are as before apply under
 * ROOT, whose hunks are gone from the backup's new copies (as rollback
 * --only leaves them) and that is something of the backup (a link step, a
 * line of a file's old copy).
 */
void rollback_only_check(struct backup *b, const char *root, struct strv *warnings);

/* Is step I of B undone under ROOT (as apply found it)? */
bool rollback_step_undone(const struct backup *b, const char *root, size_t i);

/* Is every step of B undone under ROOT (rollback --only of each of its services)? */
bool rollback_nothing_left(const struct backup *b, const char *root);

/* What step S changes: a file, a directory, or DIR/NAME of a link. */
char *step_name(const struct step *s);

#endif
