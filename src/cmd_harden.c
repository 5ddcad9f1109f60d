/* cmd_harden.c - deafen harden [POLICY] [--yes]: the one-shot
 *
 * The seed's walk-through in one command: what listens and why it goes,
 * the diff, a question on the terminal, then apply, reload and confirm,
 * and how to undo it. Without a policy it keeps ssh only, and says so.
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

static bool
confirmed(void)
{
	char line[16];

	fputs("deafen: apply these changes? [y/N] ", stderr);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

int
cmd_harden(struct deafen *d)
{
	bool *selected = NULL;
	struct plan p = { 0 };
	size_t n = 0;
	int r;

	if (policy_empty(&d->policy)) {
		note(d, "NO POLICY GIVEN: keeping ssh only; every other enabled network service "
			"is disabled");
		if ((r = policy_add_list(&d->policy, "ssh", true)) < 0)
			return r;
	}
	r = select_and_plan(d, &selected, &p);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		char *w;

		if (!selected[i])
			continue;
		w = service_where(s);
		tprintf(stderr, "deafen: disable %-12s %-26s %s\n", s->name, w, reason(s));
		free(w);
		n++;
	}
	if (n == 0) {
		note(d, "nothing to do");
		goto out;
	}
	/* with --format json, stdout is the report alone: the reasons stay on stderr */
	if (d->format != FORMAT_JSON && (r = diff_plan(&d->tree, &p, stdout, d->color)) < 0)
		goto out;
	fflush(stdout);
	if (!d->yes) {
		if (!isatty(STDIN_FILENO) || d->format == FORMAT_JSON) {
			r = errorf(-EINVAL, "harden: no terminal to ask on: nothing changed (--yes "
					    "applies without asking)");
			goto out;
		}
		if (!confirmed()) {
			note(d, "nothing changed");
			r = 0;
			goto out;
		}
	}
	d->save_policy = true; /* the one-shot is what verify and the apt hook check */
	r = apply_planned(d, selected, &p);
out:
	plan_free(&p);
	free(selected);
	return r;
}
