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
#include <unistd.h>

#include "apply.h"
#include "deafen.h"
#include "plan.h"
#include "reload.h"
#include "root.h"
#include "savedpolicy.h"
#include "session.h"
#include "source.h"

/* Reload, stop, and rescan until the targets are closed: exit 4 if not. */
static int
take_effect(struct deafen *d, const bool *selected, const struct plan *p, struct target *t,
	    size_t nt)
{
	struct strv units = { 0 };
	int r;

	for (size_t i = 0; i < d->inv.n; i++)
		if (selected[i] && source_of(d->inv.v[i].kind)->units)
			strv_push(&units, d->inv.v[i].name);
	r = reload_superservers(d->root, &p->files, d->out);
	if (r == 0)
		r = systemd_take_effect(d->root, &units, false, d->out);
	strv_free(&units);
	if (r == 0)
		r = stop_daemons(d->root, t, nt, d->out);
	phase_end(d, "reload and stop");
	if (r < 0 || d->no_confirm)
		return r;
	r = targets_wait(t, nt, false, d->confirm_ms);
	phase_end(d, "rescan");
	if (r < 0)
		return r;
	if (report_targets(t, nt, false, d->out) > 0) {
		note(d, "some ports are still open (see above)");
		return EXIT_STILL_OPEN;
	}
	return 0;
}

/* "disabled", "masked", "enabled": what apply or enable did to S (MASKED: the plan masked it). */
static const char *
done_word(const struct deafen *d, const struct service *s, bool masked)
{
	if (d->enable.n > 0)
		return d->unmask && s->masked ? "unmasked and enabled" : "enabled";
	return (d->mask && source_of(s->kind)->units) || masked ? "masked" : "disabled";
}

/* "enable a,b" for the backup's manifest. */
static char *
enable_describe(const struct deafen *d)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		return xstrdup("enable");
	fputs(d->unmask ? "enable --unmask" : "enable", f);
	for (size_t i = 0; i < d->enable.n; i++)
		fprintf(f, "%s%s", i == 0 ? " " : ",", d->enable.v[i]);
	fclose(f);
	return out;
}

/*
 * Not over an apply or a rollback that was interrupted: that one is to be
 * rolled back (again) first. Checked before "nothing to do" too: a root
 * half changed may well have nothing to do for the plan.
 */
static int
check_interrupted(struct deafen *d)
{
	struct backup *v = NULL;
	char *base = NULL;
	size_t n = 0;
	int r = backup_open_base(d->root, d->backup_dir, false, &base);

	if (r == 0)
		r = backup_list(base, d->root, &v, &n);
	if (r < 0) {
		/* none yet, or a place apply will refuse (saying why) if it has something to do */
		error_clear();
		r = 0;
	}
	if (n > 0 && v[n - 1].state == BACKUP_INTERRUPTED)
		r = errorf(-EBUSY,
			   "backup %s: its apply was interrupted; run deafen --root %s%s%s rollback "
			   "first",
			   v[n - 1].id, d->root, d->backup_dir ? " --backup-dir " : "",
			   d->backup_dir ? d->backup_dir : "");
	else if (n > 0 && v[n - 1].state == BACKUP_ROLLING_BACK && v[n - 1].pending_only)
		r = errorf(-EBUSY,
			   "backup %s: its rollback --only %s did not finish; run deafen --root "
			   "%s%s%s rollback %s --only %s again first",
			   v[n - 1].id, v[n - 1].pending_only, d->root,
			   d->backup_dir ? " --backup-dir " : "", d->backup_dir ? d->backup_dir : "",
			   v[n - 1].id, v[n - 1].pending_only);
	else if (n > 0 && v[n - 1].state == BACKUP_ROLLING_BACK)
		r = errorf(-EBUSY,
			   "backup %s: its rollback did not finish; run deafen --root %s%s%s "
			   "rollback %s again first",
			   v[n - 1].id, d->root, d->backup_dir ? " --backup-dir " : "",
			   d->backup_dir ? d->backup_dir : "", v[n - 1].id);
	for (size_t i = 0; i < n; i++)
		backup_free(&v[i]);
	free(v);
	free(base);
	return r;
}

/* Not where the tree reads (a backup dir under etc/ would be read as configuration). */
static int
check_backup_place(struct deafen *d, char **base)
{
	char *etc, *place = NULL, *etcreal = NULL, *realetc, *rroot;
	int r;

	/* where it resolves, as the root resolves it, before anything is made there */
	r = backup_place(d->root, d->backup_dir, &place);
	if (r < 0)
		return r;
	realetc = root_resolve(d->root, "/etc", &etcreal) == 0 ? etcreal : "etc";
	rroot = realpath(d->root, NULL);
	etc = root_path(rroot ? rroot : d->root, realetc);
	free(rroot);
	if (streq(place, etc) || (startswith(place, etc) && place[strlen(etc)] == '/'))
		r = errorf(-EINVAL, "backup directory %s: inside %s, which deafen reads",
			   d->backup_dir ? d->backup_dir : place, etc);
	free(etcreal);
	free(etc);
	free(place);
	if (r == 0)
		r = backup_open_base(d->root, d->backup_dir, true, base);
	return r;
}

/* What stays with what stays (needs.c), and why, on stderr. */
static void
keep_needed(struct deafen *d, bool *selected)
{
	struct session sess;

	session_find(&sess);
	needs_free(&d->needs);
	needs_resolve(&d->policy, &d->inv, &sess, d->allow_lockout, selected, &d->needs);
	session_free(&sess);
	for (size_t i = 0; i < d->inv.n; i++)
		if (d->needs.why[i] != NULL)
			note(d, "keep %-12s %s", d->inv.v[i].name, d->needs.why[i]);
	for (size_t i = 0; i < d->needs.conflicts.n; i++)
		note(d, "warning: %s; %s", d->needs.conflicts.v[i],
		     d->force ? "--force: it goes" : "apply disables it only with --force");
	for (size_t i = 0; i < d->needs.lockout.n; i++)
		note(d, "warning: %s; apply disables it only with --allow-lockout",
		     d->needs.lockout.v[i]);
	for (size_t i = 0; i < d->needs.notes.n; i++)
		note(d, "note: %s", d->needs.notes.v[i]);
}

int
needs_refused(const struct deafen *d)
{
	const struct needs *n = &d->needs;

	if (n->lockout.n > 0)
		return errorf(-EINVAL, "%s: nothing changed (--allow-lockout disables it anyway)",
			      n->lockout.v[0]);
	if (n->conflicts.n > 0 && !d->force)
		return errorf(-EINVAL, "%s: nothing changed (--force disables it anyway)%s",
			      n->conflicts.v[0], n->conflicts.n > 1 ? "; and more, see above" : "");
	return 0;
}

/* --keep: the enabled services left because they listen on loopback or paths only. */
static void
note_local(const struct deafen *d, const bool *selected)
{
	for (size_t i = 0; d->policy.nkeep > 0 && i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		char *where;

		if (!s->local || !s->enabled || selected[i] || streq(verdict_of(d, s), "keep"))
			continue;
		where = xstrdup("");
		for (size_t k = 0; k < s->listen.n; k++) {
			char *next = xasprintf("%s%s%s", where, k ? "," : "", s->listen.v[k]);

			free(where);
			where = next;
		}
		note(d, "local %-12s not exposed (%s): --keep leaves it", s->name, where);
		free(where);
	}
}

int
select_and_plan(struct deafen *d, bool **selected, struct plan *p)
{
	struct strv unmatched = { 0 };
	int r;

	*selected = xcalloc(d->inv.n + 1, sizeof(**selected));
	memset(p, 0, sizeof(*p));
	r = policy_select(&d->policy, &d->inv, *selected, &unmatched);
	for (size_t i = 0; i < unmatched.n; i++)
		note(d, "warning: no service on this root answers to %s", unmatched.v[i]);
	strv_free(&unmatched);
	if (r == 0)
		policy_expansions(&d->policy, &d->inv, &unmatched);
	/* a name that is no service here: what it was taken for */
	for (size_t i = 0; i < unmatched.n; i++)
		note(d, "%s", unmatched.v[i]);
	strv_free(&unmatched);
	if (r == 0)
		keep_needed(d, *selected);
	if (r == 0)
		note_local(d, *selected);
	if (r == 0) {
		bool *tpl = xcalloc(d->inv.n + 1, sizeof(*tpl));

		for (size_t i = 0; d->mask && i < d->inv.n; i++)
			tpl[i] = policy_names_template(&d->policy, &d->inv.v[i]);
		r = plan_build(&d->tree, &d->inv, *selected, tpl, d->style, d->mask, p);
		free(tpl);
	}
	for (size_t i = 0; r == 0 && i < p->warnings.n; i++)
		note(d, "warning: %s", p->warnings.v[i]);
	return r;
}

int
apply_planned(struct deafen *d, const bool *selected, const struct plan *p)
{
	struct backup b = { .journal = -1, .dirfd = -1 };
	struct target *t = NULL, *on = NULL;
	struct changes c = { 0 };
	struct strv undo = { 0 };
	char *base = NULL, *policy = NULL, *log;
	size_t nt = 0, non = 0, loglen;
	enum applied done = APPLIED_NOTHING;
	bool *masked;
	int r;

	report_begin(d, &log, &loglen);
	r = d->save_policy || (d->enable.n > 0 && saved_policy_exists(d->root))
		    ? saved_policy_check(d->root)
		    : 0;
	if (r == 0)
		r = check_interrupted(d);
	if (r == 0)
		r = changes_from_plan(&d->tree, p, &c);
	if (r < 0)
		goto out;
	if (c.n == 0) {
		note(d, "nothing to do");
		if (d->save_policy && (r = saved_policy_write(d->root, &d->policy, NULL)) == 0)
			fprintf(d->out, "policy saved in %s (verify and apply take it)\n",
				SAVED_POLICY);
		goto out;
	}
	/* what listens now because of the services that go: to close, and to reopen on rollback */
	if (!d->no_reload && d->enable.n == 0 &&
	    (r = targets_find(&d->inv, d->root, selected, &t, &nt)) < 0)
		goto out;
	policy = d->enable.n > 0 ? enable_describe(d) : policy_describe(&d->policy);
	if ((r = check_backup_place(d, &base)) < 0)
		goto out;
	r = backup_create(&b, base, d->root, policy, style_name(p->style), c.steps, c.n, c.old,
			  c.oldlen, c.new, c.newlen, t, nt);
	c.steps = NULL; /* the backup owns them now */
	t = NULL;
	nt = 0;
	if (r < 0) {
		backup_discard(&b);
		goto out;
	}
	r = apply_steps(&b, d->root, &done, &undo);
	phase_end(d, "backup and apply");
	if (r < 0) {
		const char *bd = d->backup_dir ? d->backup_dir : "";

		/* the cause first, then what was undone */
		report_error(d, r, true);
		for (size_t i = 0; i < undo.n; i++)
			note(d, "undone: %s restored", undo.v[i]);
		if (done == APPLIED_NOTHING)
			note(d, "nothing changed: the steps made were undone (backup %s)", b.id);
		else if (done == APPLIED_ALL)
			note(d, "every change was made and journaled (backup %s), but apply could not "
				"be recorded complete: the root IS changed, nothing was reloaded or "
				"stopped. The backup reads as complete: deafen --root %s%s%s rollback "
				"%s undoes it, and a later apply goes on from it",
			     b.id, d->root, *bd ? " --backup-dir " : "", bd, b.id);
		else
			note(d, "the root is NOT as it was: run deafen --root %s%s%s rollback %s",
			     d->root, *bd ? " --backup-dir " : "", bd, b.id);
		goto out;
	}
	if (d->enable.n > 0 && (r = enable_policy_follow(d, selected, &b)) < 0)
		goto out;
	if (d->save_policy) {
		r = saved_policy_write(d->root, &d->policy, &b);
		if (r < 0)
			goto out;
		fprintf(d->out, "policy saved in %s (verify and apply take it)\n", SAVED_POLICY);
	}
	masked = plan_masked(p, d->inv.n);
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];

		if (selected[i])
			tprintf(d->out, "%s %s (%s %s%s%.0d)\n", done_word(d, s, masked[i]), s->name,
				kind_name(s->kind), s->file, s->line ? ":" : "", s->line);
	}
	free(masked);
	fprintf(d->out, "backup %s (%zu file%s, %zu link%s) in %s\n", b.id, b.nfiles,
	       b.nfiles == 1 ? "" : "s", b.nlinks, b.nlinks == 1 ? "" : "s", base);
	fprintf(d->out, "undo with: deafen --root %s%s%s rollback %s\n", d->root,
	       d->backup_dir ? " --backup-dir " : "", d->backup_dir ? d->backup_dir : "", b.id);
	if (d->no_reload)
		note(d, "--no-reload: nothing reloaded or stopped; the change takes effect at the "
			"next reload or boot");
	else if (d->enable.n > 0)
		r = enable_take_effect(d, selected, p, &on, &non);
	else
		r = take_effect(d, selected, p, b.targets, b.ntargets);
out:
	if (r >= 0) {
		/* enable: the ports it opens again; apply: those it closed */
		int w = report_end(d, &log, b.id, b.id ? selected : NULL, on ? on : b.targets,
				   on ? non : b.ntargets, NULL);

		r = w < 0 ? w : r;
	} else if (d->out != stdout)
		fclose(d->out), d->out = stdout, free(log);
	backup_free(&b);
	changes_free(&c);
	strv_free(&undo);
	targets_free(t, nt);
	targets_free(on, non);
	free(base);
	free(policy);
	return r;
}

int
cmd_apply(struct deafen *d)
{
	bool *selected = NULL;
	struct plan p;
	int r;

	r = select_and_plan(d, &selected, &p);
	phase_end(d, "plan");
	if (r == 0)
		r = needs_refused(d);
	if (r == 0)
		r = apply_planned(d, selected, &p);
	plan_free(&p);
	free(selected);
	return r;
}
