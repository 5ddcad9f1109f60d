/* cmd_rollback.c - deafen rollback [ID] [--force]: restore a backup exactly
 *
 * The newest backup not rolled back yet unless ID is given. Works on a backup whose apply was
 * interrupted; running it twice is harmless. It needs no parsing of the
 * root's files, so it works even when one of them no longer parses. Then
 * the super-servers reload, and a rescan proves that the listeners apply
 * closed are open again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "deafen.h"
#include "reload.h"
#include "savedpolicy.h"
#include "systemd.h"

/* A link of a unit's wants directory: its unit is enabled again. */
static bool
in_wants_dir(const char *dir)
{
	char *owner = unit_wants_owner(dir);
	bool in = owner != NULL;

	free(owner);
	return in;
}

/* Is target T NAME's (rollback --only NAME; NULL: every target is)? */
static bool
target_is(const struct target *t, const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return name == NULL || streq(t->service, name) ||
	       (strncmp(t->service, name, n) == 0 && t->service[n] == '.');
}

static int
take_effect(struct deafen *d, struct backup *b, const struct strv *restored)
{
	struct strv files = { 0 }, units = { 0 };
	struct target *t = NULL;
	size_t nt = 0;
	int r;

	for (size_t i = 0; i < b->n; i++) {
		char *name = step_name(&b->steps[i]);

		if (b->steps[i].kind == STEP_FILE && strv_contains(restored, name))
			strv_push(&files, name);
		else if (b->steps[i].kind == STEP_DELETE && in_wants_dir(b->steps[i].dir) &&
			 (d->only == NULL || strv_contains(restored, name)))
			strv_push_unique(&units, b->steps[i].from); /* enabled again */
		free(name);
	}
	/* --only: its listeners alone are awaited */
	for (size_t i = 0; i < b->ntargets; i++)
		if (target_is(&b->targets[i], d->only)) {
			t = xrealloc(t, (nt + 1) * sizeof(*t));
			t[nt++] = b->targets[i];
		}
	for (size_t i = 0; i < nt; i++)
		if (startswith(t[i].where, "unit "))
			strv_push_unique(&units, t[i].where + 5);
	r = reload_superservers(d->root, &files, d->out);
	strv_free(&files);
	if (r == 0)
		r = systemd_take_effect(d->root, &units, true, d->out);
	strv_free(&units);
	if (r == 0)
		r = start_daemons(d->root, t, nt, d->out);
	if (r == 0 && !d->no_confirm && nt > 0 && (r = targets_wait(t, nt, true, d->confirm_ms)) == 0 &&
	    report_targets(t, nt, true, d->out) > 0) {
		note(d, "some listeners that were open before apply are not back (see above)");
		r = EXIT_STILL_OPEN;
	}
	/* the copies share their strings with B's; their open state goes back for the report */
	for (size_t i = 0, k = 0; i < b->ntargets && k < nt; i++)
		if (target_is(&b->targets[i], d->only))
			b->targets[i].open = t[k++].open;
	free(t);
	return r;
}

/*
 * What the backup's state allows: --only on an apply that finished (or the
 * same --only again); a whole rollback not over an unfinished --only.
 * 1: nothing to do, said.
 */
static int
check_state(struct deafen *d, const struct backup *b)
{
	const char *bd = d->backup_dir ? d->backup_dir : "";

	if (b->pending_only != NULL && (d->only == NULL || !streq(d->only, b->pending_only)))
		return errorf(-EBUSY,
			      "backup %s: its rollback --only %s did not finish; run deafen --root "
			      "%s%s%s rollback %s --only %s again first",
			      b->id, b->pending_only, d->root, *bd ? " --backup-dir " : "", bd,
			      b->id, b->pending_only);
	if (d->only == NULL || b->pending_only != NULL || b->state == BACKUP_COMPLETE)
		return 0;
	if (b->state == BACKUP_ROLLED_BACK || b->state == BACKUP_FAILED) {
		note(d, "backup %s is %s: nothing of %s to restore", b->id,
		     backup_state_name(b->state), d->only);
		return 1;
	}
	return errorf(-EBUSY, "backup %s is %s: roll it back whole (deafen rollback %s)", b->id,
		      backup_state_name(b->state), b->id);
}

/*
 * The backups newer than B that changed one of the files or links
 * RESTORED: what they did is undone by this rollback, and their journal
 * says so (backups shows them "overridden by B"). Not a file --only
 * restored: it merged NAME's lines into the file, the others' stay.
 */
static void
mark_overridden(struct deafen *d, const char *base, const struct backup *b,
		const struct strv *restored)
{
	struct backup *v = NULL;
	size_t n = 0;

	if (restored->n == 0 || backup_list(base, d->root, &v, &n) < 0) {
		error_clear();
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		bool hit = false;

		if (strcmp(v[i].id, b->id) <= 0 || v[i].state != BACKUP_COMPLETE ||
		    v[i].overridden != NULL)
			continue;
		for (size_t k = 0; k < v[i].n && !hit; k++) {
			char *name;

			if (d->only != NULL && v[i].steps[k].kind == STEP_FILE)
				continue;
			name = step_name(&v[i].steps[k]);

			hit = strv_contains(restored, name);
			free(name);
		}
		if (!hit)
			continue;
		if (backup_open_journal(&v[i]) == 0 &&
		    backup_mark_path(&v[i], "overridden", b->id) == 0)
			note(d, "backup %s: overridden (what it changed there is as before %s now)",
			     v[i].id, b->id);
		else {
			note(d, "warning: backup %s is overridden, but its journal could not say so: "
				"%s",
			     v[i].id, error_message());
			error_clear();
		}
	}
	for (size_t i = 0; i < n; i++)
		backup_free(&v[i]);
	free(v);
}

/*
 * No ID: the newest backup of the root not rolled back yet (or whose
 * rollback was interrupted), so that
 * rollbacks after applies unstack them; NULL (backup_load's newest, a
 * harmless second rollback) when every one is, or one cannot be read.
 */
static char *
newest_not_rolled_back(const char *base, const char *root)
{
	struct backup *v = NULL;
	char *id = NULL;
	size_t n = 0;

	if (backup_list(base, root, &v, &n) == 0)
		for (size_t i = n; i-- > 0 && id == NULL;) {
			if (v[i].state == BACKUP_UNREADABLE)
				break;
			if (v[i].state == BACKUP_COMPLETE || v[i].state == BACKUP_INTERRUPTED ||
			    v[i].state == BACKUP_ROLLING_BACK)
				id = xstrdup(v[i].id);
		}
	for (size_t i = 0; i < n; i++)
		backup_free(&v[i]);
	free(v);
	return id;
}

int
cmd_rollback(struct deafen *d)
{
	bool policy_back = false, whole = true;
	char *base = NULL, *newest = NULL;
	struct backup b = { .journal = -1, .dirfd = -1 };
	struct strv restored = { 0 };
	size_t changed = 0, loglen;
	char *log;
	int r;

	report_begin(d, &log, &loglen);
	r = backup_open_base(d->root, d->backup_dir, false, &base);
	if (r == 0 && d->arg == NULL)
		newest = newest_not_rolled_back(base, d->root);
	if (r == 0)
		r = backup_load(&b, base, d->arg ? d->arg : newest, d->root);
	if (r < 0)
		goto out;
	if (b.state == BACKUP_INCOMPLETE) {
		note(d, "backup %s is incomplete: its apply changed nothing", b.id);
		goto out;
	}
	if (b.no_journal)
		note(d, "backup %s: its journal is missing or empty; what apply changed is read from "
			"its manifest and the root",
		     b.id);
	/* the journal names the temporary files rollback makes, before it makes them */
	if ((r = backup_open_journal(&b)) < 0) {
		r = errorf(r, "backup %s/journal: %s", b.dir, strerror(-r));
		goto out;
	}
	if ((r = check_state(d, &b)) != 0) {
		r = r > 0 ? 0 : r;
		goto out;
	}
	if (d->only != NULL)
		r = rollback_only(&b, d->root, d->only, d->force, &changed, &restored);
	else
		r = rollback_steps(&b, d->root, d->force, b.n, &changed, &restored);
	/* --only of the last of its services: the whole backup is rolled back */
	whole = d->only == NULL || (r == 0 && rollback_nothing_left(&b, d->root));
	if (r == 0 && d->only != NULL && whole)
		note(d, "backup %s: nothing of it is left applied: rolled back", b.id);
	if (r == 0 && whole)
		r = saved_policy_restore(d->root, &b, &policy_back);
	if (r < 0)
		goto out;
	if (policy_back)
		fprintf(d->out, "restored %s as it was before %s\n", SAVED_POLICY, b.id);
	/* even with 0 changes (killed right after begin): it is done, a later apply may go on */
	if (whole && backup_mark(&b, "rolled-back") < 0) {
		note(d, "warning: could not record the rollback in %s/journal: %s", b.dir,
		     error_message());
		error_clear();
	}
	if (d->only != NULL)
		fprintf(d->out, "rolled back %s of %s: %zu change%s restored; the rest stays applied\n",
			d->only, b.id, changed, changed == 1 ? "" : "s");
	else
		fprintf(d->out, "rolled back %s: %zu of %zu change%s restored\n", b.id, changed,
			b.n, b.n == 1 ? "" : "s");
	mark_overridden(d, base, &b, &restored);
	if (!d->no_reload && changed > 0)
		r = take_effect(d, &b, &restored);
out:
	if (r >= 0) {
		int w = report_end(d, &log, b.id, NULL, b.targets, b.ntargets, &restored);

		r = w < 0 ? w : r;
	} else if (d->out != stdout)
		fclose(d->out), d->out = stdout, free(log);
	strv_free(&restored);
	backup_free(&b);
	free(base);
	free(newest);
	return r;
}
