/* cmd_harden.c - deafen harden [POLICY] [--yes]: the one-shot
 *
 * The seed's walk-through in one command: the diff, what goes and why, a
 * question on the terminal with the counts, then apply, reload and confirm,
 * and how to undo it; the answer no exits 6. Without a policy it keeps ssh only, and says so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deafen.h"
#include "diff.h"
#include "knowledge.h"
#include "plan.h"
#include "source.h"

static const char *
reason(const struct service *s)
{
	for (size_t i = 0; i < s->names.n; i++) {
		const struct known *k = knowledge_find(s->names.v[i]);

		if (k != NULL)
			return k->why;
	}
	return "not recognized: the seed's rule is that it goes";
}

/*
 * The question, with what it decides: "disable 16 services (7 inetd, 9 init
 * scripts), keep ssh?", allocated.
 */
static char *
question(const struct deafen *d, const bool *selected)
{
	size_t n = 0, kept = 0;
	char *q, *next;

	for (size_t i = 0; i < d->inv.n; i++)
		n += selected[i];
	q = xasprintf("disable %zu service%s (", n, n == 1 ? "" : "s");
	for (size_t k = 0, first = 1; sources[k] != NULL; k++) {
		const struct source *src = sources[k];
		size_t count = 0;

		for (size_t i = 0; i < d->inv.n; i++)
			count += selected[i] && d->inv.v[i].kind == src->kind;
		if (count == 0)
			continue;
		/* inetd and xinetd entries are not pluralised: "7 inetd" */
		next = xasprintf("%s%s%zu %s%s%s", q, first ? "" : ", ", count, src->noun,
				 !src->superserver && count != 1 ? "s" : "",
				 src->units && d->mask ? " masked" : "");
		free(q);
		q = next;
		first = 0;
	}
	next = xasprintf("%s)", q);
	free(q);
	q = next;
	for (size_t i = 0, first = 1; i < d->policy.n; i++) {
		if (!d->policy.v[i].keep)
			continue;
		next = xasprintf("%s%s%s", q, first ? ", keep " : ", ", d->policy.v[i].name);
		free(q);
		q = next;
		first = 0;
	}
	/* what stays with them (needs.c): said above, counted here */
	for (size_t i = 0; d->needs.why != NULL && i < d->inv.n; i++)
		kept += d->needs.why[i] != NULL;
	if (kept > 0) {
		next = xasprintf("%s (and %zu more that stay%s, see above)", q, kept,
				 kept == 1 ? "s" : "");
		free(q);
		q = next;
	}
	return q;
}

static bool
confirmed(const char *q)
{
	char line[16];

	tprintf(stderr, "deafen: %s? [y/N] ", q);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL) {
		fputc('\n', stderr); /* end of input: the answer is no, on a line of its own */
		return false;
	}
	return line[0] == 'y' || line[0] == 'Y';
}

/*
 * The diff first (stdout), then on stderr each service with why it goes,
 * then the question with the counts: what a person must read before
 * answering stays above the prompt, not scrolled away by a long diff.
 */
int
cmd_harden(struct deafen *d)
{
	bool *selected = NULL, guessed = false;
	struct plan p = { 0 };
	char *q = NULL;
	size_t n = 0;
	int r;

	if (policy_empty(&d->policy)) {
		guessed = true;
		if ((r = policy_add_list(&d->policy, "ssh", true)) < 0)
			return r;
	}
	r = select_and_plan(d, &selected, &p);
	if (r == 0)
		r = needs_refused(d);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < d->inv.n; i++)
		n += selected[i];
	/* with --format json or xml, stdout is the report alone: the reasons stay on stderr */
	if (n > 0 && d->format == FORMAT_TEXT &&
	    (r = diff_plan(&d->tree, &p, stdout, d->color)) < 0)
		goto out;
	fflush(stdout);
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		char *w;

		if (!selected[i])
			continue;
		w = service_where(s);
		tprintf(stderr, "deafen: disable %-12s %-26s %s\n", s->name, w, reason(s));
		free(w);
	}
	if (guessed)
		note(d, "NO POLICY GIVEN: keeping ssh only (with the ways in and what stays with "
			"them, see above); every other enabled network service is disabled");
	if (n == 0) {
		/* json and xml: the report of an apply that had nothing to do */
		if (d->format != FORMAT_TEXT)
			r = apply_planned(d, selected, &p);
		else
			note(d, "nothing to do");
		goto out;
	}
	q = question(d, selected);
	if (!d->yes) {
		if (!isatty(STDIN_FILENO) || d->format != FORMAT_TEXT) {
			r = errorf(-EINVAL, "harden: no terminal to ask on: nothing changed (--yes "
					    "applies without asking)");
			goto out;
		}
		if (!confirmed(q)) {
			note(d, "harden: declined, nothing changed");
			r = EXIT_DECLINED;
			goto out;
		}
	} else {
		note(d, "--yes: %s", q);
	}
	d->save_policy = true; /* the one-shot is what verify and the apt hook check */
	r = apply_planned(d, selected, &p);
out:
	free(q);
	plan_free(&p);
	free(selected);
	return r;
}
