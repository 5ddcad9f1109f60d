/* cmd_apply.c - deafen apply POLICY: backup, change, and tell how to undo
 *
 * Exactly the plan that `deafen plan` shows: the same tree edits, written
 * with a journal and a backup made first. Reloading the super-servers and
 * confirming by rescan are not done yet: apply behaves as --no-reload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "deafen.h"
#include "plan.h"

int
cmd_apply(struct deafen *d)
{
	bool *selected = xcalloc(d->inv.n + 1, sizeof(*selected));
	struct changes c = { 0 };
	struct backup b = { .journal = -1 };
	struct strv unmatched = { 0 };
	struct plan p = { 0 };
	char *base = NULL, *policy = NULL;
	int r;

	r = policy_select(&d->policy, &d->inv, selected, &unmatched);
	for (size_t i = 0; i < unmatched.n; i++)
		note(d, "warning: no service on this root answers to %s", unmatched.v[i]);
	if (r == 0)
		r = plan_build(&d->tree, &d->inv, selected, d->style, &p);
	if (r == 0)
		r = changes_from_plan(&d->tree, &p, &c);
	if (r < 0)
		goto out;
	if (c.n == 0) {
		note(d, "nothing to do");
		goto out;
	}
	base = backup_base(d->root, d->backup_dir);
	policy = policy_describe(&d->policy);
	r = backup_create(&b, base, d->root, policy, style_name(p.style), c.steps, c.n, c.old,
			  c.oldlen, c.new, c.newlen);
	c.steps = NULL; /* the backup owns them now */
	if (r == 0)
		r = apply_steps(&b, d->root);
	if (r < 0) {
		if (b.id != NULL)
			note(d, "backup %s kept; the root is as it was", b.id);
		goto out;
	}
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];

		if (selected[i])
			printf("disabled %s (%s %s%s%.0d)\n", s->name, kind_name(s->kind), s->file,
			       s->line ? ":" : "", s->line);
	}
	printf("backup %s (%zu file%s, %zu link%s) in %s\n", b.id, b.nfiles,
	       b.nfiles == 1 ? "" : "s", b.nlinks, b.nlinks == 1 ? "" : "s", base);
	note(d, "undo with: deafen --root %s%s%s rollback %s", d->root,
	     d->backup_dir ? " --backup-dir " : "", d->backup_dir ? d->backup_dir : "", b.id);
	note(d, "inetd/xinetd were not reloaded and no daemon was stopped (not built yet): "
		"the change takes effect at the next reload or boot");
out:
	backup_free(&b);
	changes_free(&c);
	plan_free(&p);
	free(selected);
	strv_free(&unmatched);
	free(base);
	free(policy);
	return r;
}
