/* cmd_plan.c - deafen plan POLICY: the diff of everything apply would change
 *
 * The diff alone goes to stdout, so that `deafen plan ... | git apply` works
 * in a copy of the root; what will be disabled and why goes to stderr.
 * With --stat, stdout gets that list alone (name, kind, where), no diff.
 * Nothing under the root is written: the edits live in the tree only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "deafen.h"
#include "diff.h"
#include "emit.h"
#include "plan.h"
#include "source.h"

/*
 * {"style", "disable": [{name, kind, where}], "keep", "warnings",
 * "expansions", "diff"}: the diff as one string.
 */
static int
plan_doc(struct deafen *d, const bool *selected, const struct plan *p)
{
	char *diff = NULL;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&diff, &len);
	int r = diff_plan(&d->tree, p, f, false);
	struct emit *e;

	fclose(f);
	if (r < 0) {
		free(diff);
		return r;
	}
	e = report_open(d);
	emit_string(e, "style", style_name(p->style));
	emit_selected(e, d->enable.n > 0 ? "enable" : "disable", d, selected);
	emit_kept(e, d);
	emit_expansions(e, d);
	emit_string(e, "diff", diff);
	free(diff);
	r = emit_close(e);
	for (size_t i = 0; i < d->inv.n; i++)
		n += selected[i];
	if (r < 0)
		return r;
	return d->exit_code && n > 0 ? EXIT_CHANGES : EXIT_OK;
}

/* What the plan does to S (MASKED: a link to /dev/null): "disable", "mask", "enable", "unmask" (PAD: 7 columns). */
static const char *
plan_word(const struct deafen *d, const struct service *s, bool masked, bool pad)
{
	if (d->enable.n > 0 && d->unmask && s->masked)
		return pad ? "unmask " : "unmask";
	if (d->enable.n > 0)
		return pad ? "enable " : "enable";
	if ((d->mask && source_of(s->kind)->units) || masked)
		return pad ? "mask   " : "mask";
	return "disable";
}

int
cmd_plan(struct deafen *d)
{
	bool *selected = NULL, *masked = NULL;
	struct plan p = { 0 };
	size_t nsel = 0;
	int r;

	if (d->unmask && d->enable.n == 0) {
		r = errorf(-EINVAL, "plan takes --unmask with --enable only");
		goto out;
	}
	r = d->enable.n > 0 ? enable_select_and_plan(d, &selected, &p)
			    : select_and_plan(d, &selected, &p);
	phase_end(d, "plan");
	if (r < 0)
		goto out;
	if (d->format != FORMAT_TEXT) {
		r = plan_doc(d, selected, &p);
		goto out;
	}
	masked = plan_masked(&p, d->inv.n);
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];

		if (!selected[i])
			continue;
		nsel++;
		if (d->stat)
			tprintf(stdout, "%s %-12s %-7s %s%s%.0d\n",
				plan_word(d, s, masked[i], true), s->name,
				kind_name(s->kind), s->file, s->line ? ":" : "", s->line);
		else if (d->verbosity >= 0)
			tprintf(stderr, "deafen: %s %-12s %-6s %s%s%.0d\n",
				plan_word(d, s, masked[i], false), s->name,
				kind_name(s->kind), s->file, s->line ? ":" : "", s->line);
	}
	/* --stat: the services alone on stdout, for a reader who does not want the diff */
	if (d->stat)
		r = nsel > 0;
	else
		r = diff_plan(&d->tree, &p, stdout, d->color);
	phase_end(d, "diff");
	if (r < 0)
		goto out;
	if (nsel == 0)
		note(d, "nothing to do");
	else
		note(d, "%zu service%s to %s (style %s); nothing was changed", nsel,
		     nsel == 1 ? "" : "s", d->enable.n > 0 ? "enable" : "disable",
		     style_name(p.style));
	r = d->exit_code && r > 0 ? EXIT_CHANGES : EXIT_OK;
out:
	plan_free(&p);
	free(masked);
	free(selected);
	return r;
}
