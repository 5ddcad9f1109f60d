/* savedpolicy.h - the policy apply recorded in ROOT/etc/deafen/policy */
#ifndef DEAFEN_SAVEDPOLICY_H
#define DEAFEN_SAVEDPOLICY_H

#include <stdbool.h>

struct policy;
struct backup;

#define SAVED_POLICY "etc/deafen/policy"

/* Is there a saved policy under ROOT? */
bool saved_policy_exists(const char *root);

/* Reads ROOT's saved policy into P (its lines are named in messages). */
int saved_policy_load(const char *root, struct policy *p);

/* Can the policy be saved under ROOT (no link on its way)? Before any change. */
int saved_policy_check(const char *root);

/*
 * Writes P as ROOT's saved policy (atomically, 0644), after the apply of
 * backup B: B keeps what it replaced (policy.before, or nothing if there
 * was none) and what it wrote (policy.saved), for rollback. B NULL: an
 * apply that had nothing to do, and so nothing to roll back.
 */
int saved_policy_write(const char *root, const struct policy *p, const struct backup *b);

/*
 * Rollback of B: if B saved the policy and the file still holds what it
 * saved, the one before comes back (or the file goes). *CHANGED says so.
 */
int saved_policy_restore(const char *root, const struct backup *b, bool *changed);

#endif
