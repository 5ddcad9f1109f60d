/* needs.h - what stays with what stays: the ways in, what kept services
 * require, the sshd of this session */
#ifndef DEAFEN_NEEDS_H
#define DEAFEN_NEEDS_H

#include <stdbool.h>

#include "util.h"

struct inventory;
struct policy;
struct service;
struct session;

struct needs {
	char **why;   /* per service of the inventory: why it stays though the policy would
			 disable it ("needed by nfs (...)"), or NULL */
	size_t n;
	/* for people, each a line: */
	struct strv conflicts; /* --disable names what a service that stays requires: --force */
	struct strv lockout;   /* --disable names the sshd of this session: --allow-lockout */
	struct strv notes;     /* what goes that a service that stays would like (Wants=) */
};

/*
 * Unselects from SELECTED (policy_select's) what must stay with what stays,
 * and says why in N->why:
 *  - with --keep, the access services --disable does not name;
 *  - the services that carry SESS (unless ALLOW_LOCKOUT);
 *  - transitively, what each enabled service that stays requires: its
 *    init script's Required-Start (a "$facility" is the scripts that
 *    provide it), its unit's Requires=, BindsTo=, Requisite=, and the
 *    "need" lines of knowledge.tab.
 * What --disable names is not unselected: it goes to N->conflicts (a
 * service that stays requires it) or N->lockout (it carries SESS).
 */
void needs_resolve(const struct policy *p, const struct inventory *inv,
		   const struct session *sess, bool allow_lockout, bool *selected, struct needs *n);
void needs_free(struct needs *n);

#endif
