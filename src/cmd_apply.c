/* cmd_apply.c - deafen apply POLICY: backup, change, reload, confirm
 *
 * Exactly the plan that `deafen plan` shows: the same tree edits, written
 * with a journal and a backup made first. Then the super-servers that read
 * the changed files get SIGHUP, the daemons of disabled scripts are
 * stopped, and a rescan proves that their ports are closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "deafen.h"
#include "plan.h"
#include "reload.h"

/* Reload, stop, and rescan until the targets are closed: exit 4 if not. */
static int
take_effect(struct deafen *d, const struct plan *p, struct target *t, size_t nt)
{
	int r;

	r = reload_superservers(d->root, &p->files, stdout);
	if (r == 0)
		r = stop_daemons(d->root, t, nt, stdout);
	if (r < 0 || d->no_confirm)
		return r;
	r = targets_wait(t, nt, false, d->confirm_ms);
	if (r < 0)
		return r;
	if (report_targets(t, nt, false, stdout) > 0) {
		note(d, "some ports are still open (see above)");
		return EXIT_STILL_OPEN;
	}
	return 0;
}

int
cmd_apply(struct deafen *d)
{
	bool *selected = xcalloc(d->inv.n + 1, sizeof(*selected));
	struct backup b = { .journal = -1 };
	struct strv unmatched = { 0 };
	struct target *t = NULL;
	struct changes c = { 0 };
	struct plan p = { 0 };
	char *base = NULL, *policy = NULL;
	size_t nt = 0;
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
	/* what listens now because of the services that go: to close, and to reopen on rollback */
	if (!d->no_reload && (r = targets_find(&d->inv, d->root, selected, &t, &nt)) < 0)
		goto out;
	base = backup_base(d->root, d->backup_dir);
	policy = policy_describe(&d->policy);
	r = backup_create(&b, base, d->root, policy, style_name(p.style), c.steps, c.n, c.old,
			  c.oldlen, c.new, c.newlen, t, nt);
	c.steps = NULL; /* the backup owns them now */
	t = NULL;
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
	if (d->no_reload)
		note(d, "--no-reload: nothing reloaded or stopped; the change takes effect at the "
			"next reload or boot");
	else
		r = take_effect(d, &p, b.targets, b.ntargets);
out:
	backup_free(&b);
	changes_free(&c);
	plan_free(&p);
	targets_free(t, nt);
	free(selected);
	strv_free(&unmatched);
	free(base);
	free(policy);
	return r;
}
