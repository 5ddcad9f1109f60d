/* cmd_enable.c - deafen enable NAME[,NAME...]: turn named services back on
 *
 * The names select services as a policy's do (names.h), among those that
 * are off; enable.c makes the inverse edits in the tree, and apply's own
 * machinery (backup, journal, lock, rollback, report) writes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"
#include "enable.h"
#include "plan.h"
#include "source.h"
#include "sysv.h"

/* Has SCRIPT an S link in each of rc2.d-rc5.d? */
static bool
on_2345(struct deafen *d, const char *script)
{
	char levels[8];

	rclinks_started(&d->tree, script, levels, sizeof(levels));
	return strspn("2345", levels) == 4;
}

/* SELECTED[i]: a service D->enable names that is off (masked: with --unmask). */
static int
enable_select(struct deafen *d, bool *selected)
{
	struct policy q = { 0 };
	struct strv unmatched = { 0 }, hand = { 0 };
	bool redhat;
	int r = 0;

	for (size_t i = 0; r == 0 && i < d->enable.n; i++) {
		r = policy_add_list(&q, d->enable.v[i], false);
		enable_notes(d->root, d->enable.v[i], &hand);
	}
	for (size_t i = 0; i < q.n; i++) {
		free(q.v[i].origin);
		q.v[i].origin = xstrdup("enable");
	}
	q.all = true;
	if (r == 0)
		r = policy_select(&q, &d->inv, selected, &unmatched);
	for (size_t i = 0; i < hand.n; i++)
		note(d, "%s", hand.v[i]);
	for (size_t i = 0; r == 0 && i < unmatched.n; i++)
		note(d, "warning: no service on this root answers to %s", unmatched.v[i]);
	redhat = (d->style == STYLE_AUTO ? style_detect(&d->tree) : d->style) == STYLE_REDHAT;
	for (size_t i = 0; r == 0 && i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];

		if (!selected[i])
			continue;
		if (s->masked && !d->unmask) {
			note(d, "%s is masked: --unmask unmasks it first", s->name);
			selected[i] = false;
		} else if (s->enabled && !s->masked && !(source_of(s->kind)->scripts && redhat && !on_2345(d, s->name))) {
			/* chkconfig NAME on still makes the S links of 2345 it lacks (portmap
			 * on in 345 only) */
			note(d, "%s is enabled already", s->name);
			selected[i] = false;
		} else if (s->state == STATE_STATIC) {
			note(d, "%s is static: nothing to enable (what pulls it in starts it)",
			     s->name);
			selected[i] = false;
		}
	}
	strv_free(&unmatched);
	strv_free(&hand);
	policy_free(&q);
	return r;
}

int
enable_select_and_plan(struct deafen *d, bool **selected, struct plan *p)
{
	int r;

	*selected = xcalloc(d->inv.n + 1, sizeof(**selected));
	memset(p, 0, sizeof(*p));
	r = enable_select(d, *selected);
	if (r == 0)
		r = enable_plan(&d->tree, &d->inv, *selected, d->style, d->unmask, p);
	for (size_t i = 0; r == 0 && i < p->warnings.n; i++)
		note(d, "warning: %s", p->warnings.v[i]);
	return r;
}

int
cmd_enable(struct deafen *d)
{
	bool *selected = NULL;
	struct plan p = { 0 };
	int r = 0;

	for (size_t i = 0; i < d->n_names; i++)
		strv_split(&d->enable, d->names[i], ",");
	if (d->enable.n == 0)
		return errorf(-EINVAL, "enable needs a service name (see 'deafen help enable')");
	r = enable_select_and_plan(d, &selected, &p);
	phase_end(d, "plan");
	if (r == 0)
		r = apply_planned(d, selected, &p);
	plan_free(&p);
	free(selected);
	return r;
}
