/* cmd_verify.c - deafen verify [POLICY]: would a disabled service come back at boot?
 *
 * The seed: "be sure to check after your next reboot" - before it, and in
 * every runlevel, not only the next boot's. For every service the policy
 * disables: an enabled inetd or xinetd entry, a start link in any runlevel
 * that runs it, a unit a target wants or the default target pulls in
 * (startlevels.h says where and in which runlevels or targets). Without a
 * policy, the one of the newest backup of this root.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"
#include "emit.h"
#include "journal.h"
#include "plan.h"
#include "rclinks.h"
#include "session.h"
#include "source.h"
#include "startlevels.h"
#include "sysv.h"
#include "systemd.h"

/* The policy of the newest backup of this root, if any. */
static int
policy_from_backup(struct deafen *d)
{
	char *base = NULL;
	struct backup b = { .journal = -1, .dirfd = -1 };
	struct strv w = { 0 };
	int r;

	r = backup_open_base(d->root, d->backup_dir, false, &base);
	if (r == 0)
		r = backup_load(&b, base, NULL, d->root);
	if (r < 0) {
		error_clear();
		if (base == NULL)
			base = backup_base(d->root, d->backup_dir);
		r = errorf(-EINVAL, "verify needs a policy (--disable, --keep, --policy), and %s "
				    "holds no backup of %s to take it from",
			   base, d->root);
		goto out;
	}
	strv_split(&w, b.policy, " ");
	for (size_t i = 0; r == 0 && i < w.n; i++) {
		if (streq(w.v[i], "--mask"))
			d->mask = d->policy.mask = true;
		else if (i + 1 < w.n && (r = policy_add_list(&d->policy, w.v[i + 1],
							    streq(w.v[i], "--keep"))) == 0)
			i++;
	}
	if (r == 0)
		note(d, "policy of backup %s: %s", b.id, b.policy);
out:
	strv_free(&w);
	backup_free(&b);
	free(base);
	return r;
}

/* What apply keeps with what stays (needs.c) is no service the policy disables. */
static void
unselect_needed(const struct deafen *d, bool *selected)
{
	struct session sess;
	struct needs n;

	session_find(&sess);
	needs_resolve(&d->policy, &d->inv, &sess, d->allow_lockout, selected, &n);
	needs_free(&n);
	session_free(&sess);
}

/* One service verify looks at: a row of the matrix, a finding if it comes back. */
struct row {
	size_t service;
	bool disable; /* the policy disables it */
	bool back;    /* ... and it starts in some runlevel or target: drift */
	struct starts st;
};

/* " [runlevels 2 3 4 5: at the next boot]" for a finding, allocated. */
static char *
where_text(const struct boot *b, const struct service *s, const struct starts *st)
{
	char *lv = starts_levels_text(st), *w, *next;
	/* runlevels are one character, targets are unit names */
	const char *what = st->levels.n == 0 || strlen(st->levels.v[0]) > 1 ? ""
			   : st->levels.n == 1				       ? "runlevel "
									       : "runlevels ";

	if (st->next_boot)
		next = xstrdup("at the next boot");
	else if (b->target != NULL)
		next = xasprintf("not at the next boot (%s)", b->target);
	else
		next = xasprintf("not at the next boot (runlevel %c)", b->level);
	if (st->levels.n == 0)
		w = xasprintf(" [%s]", next);
	else
		w = xasprintf(" [%s%s%s: %s]",
			      source_daemon(s) ? "" : "its super-server in ",
			      what, lv, next);
	free(lv);
	free(next);
	return w;
}

static void
emit_levels(struct emit *e, const char *key, const struct strv *levels)
{
	emit_array(e, key, "runlevel");
	for (size_t i = 0; i < levels->n; i++)
		emit_string(e, NULL, levels->v[i]);
	emit_end(e);
}

/* Is S a row of block K of the matrix: 0 scripts, 1 units, 2 inetd and xinetd entries? */
static bool
in_block(const struct service *s, int k)
{
	const struct source *src = source_of(s->kind);

	return k == 0 ? src->scripts : k == 1 ? src->units : src->superserver;
}

/* The columns of the matrix: the runlevels checked (their rc directory there), or the targets. */
static void
matrix_columns(const struct tree *t, const struct inventory *inv, const struct boot *b,
	       const struct row *rows, size_t n, bool units, struct strv *cols)
{
	if (!units) {
		for (const char *c = b->levels; *c; c++) {
			char lv[2] = { *c, '\0' };

			if (rclinks_own(t)->rcdir[strchr(RC_LEVELS, *c) - RC_LEVELS] != NULL)
				strv_push(cols, lv);
		}
		return;
	}
	strv_push(cols, b->target);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; in_block(&inv->v[rows[i].service], 1) && k < rows[i].st.levels.n; k++)
			strv_push_unique(cols, rows[i].st.levels.v[k]);
}

/*
 * -v: a `chkconfig --list` of what verify looked at, one block per kind of
 * start (runlevels, targets, super-server entries): service x column on/off,
 * the next boot's column marked *, then what the policy says of it.
 */
static void
print_matrix(const struct deafen *d, const struct boot *b, const struct row *rows, size_t n)
{
	static const char *const blocks[] = { "runlevels", "targets", "inetd and xinetd entries" };

	for (int k = 0; k < 3; k++) {
		struct strv cols = { 0 };
		size_t width = 12;
		bool any = false;

		for (size_t i = 0; i < n && !any; i++)
			any = in_block(&d->inv.v[rows[i].service], k);
		if (!any || (k == 1 && b->target == NULL))
			continue;
		if (k < 2)
			matrix_columns(&d->tree, &d->inv, b, rows, n, k == 1, &cols);
		if (k == 0 && b->target == NULL)
			printf("%s (* the next boot's: %c, from %s):\n", blocks[k], b->level, b->from);
		else if (k < 2)
			printf("%s (* the next boot's: %s, from %s):\n", blocks[k], b->target, b->from);
		else
			printf("%s:\n", blocks[k]);
		for (size_t i = 0; i < n; i++)
			if (in_block(&d->inv.v[rows[i].service], k) &&
			    strlen(d->inv.v[rows[i].service].name) > width)
				width = strlen(d->inv.v[rows[i].service].name);
		for (size_t i = 0; i < n; i++) {
			const struct row *r = &rows[i];
			const struct service *s = &d->inv.v[r->service];

			if (!in_block(s, k))
				continue;
			tprintf(stdout, "%-*s", (int)width, s->name);
			for (size_t c = 0; c < cols.n; c++) {
				bool mark = k == 0 ? b->target == NULL && cols.v[c][0] == b->level
						   : streq(cols.v[c], b->target);
				bool on = strv_contains(&r->st.levels, cols.v[c]) ||
					  (k == 1 && mark && r->st.next_boot);
				char *cell = xasprintf("%s%s:%s", cols.v[c], mark ? "*" : "",
						       on ? "on" : "off");

				printf(" %-*s", k == 0 ? 6 : (int)strlen(cols.v[c]) + 5, cell);
				free(cell);
			}
			if (k == 2) {
				char *w = service_where(s);

				tprintf(stdout, " %-3s  %-24s", s->enabled ? "on" : "off", w);
				free(w);
			}
			printf("  %s%s\n", r->disable ? "disable" : "keep",
			       r->back ? "  comes back" : "");
		}
		strv_free(&cols);
	}
}

/*
 * Looks at every service that starts or the policy disables: reports each
 * one the policy disables that would start in some runlevel or target, and
 * how many in *BACK (*NEXT of them at the next boot). Services disabled now
 * count too: a unit with no link of its own may be pulled in by another.
 */
static int
check_boot(struct deafen *d, size_t *back)
{
	bool *selected = xcalloc(d->inv.n + 1, sizeof(*selected));
	struct row *rows = xcalloc(d->inv.n + 1, sizeof(*rows));
	struct boot b = { 0 };
	struct emit *e = NULL;
	size_t n = 0, next = 0;
	char lv[2] = { 0 };
	int r;

	*back = 0;
	d->policy.all = true;
	r = policy_select(&d->policy, &d->inv, selected, NULL);
	d->policy.all = false;
	if (r < 0)
		goto out;
	unselect_needed(d, selected);
	r = boot_read(&d->tree, style_detect(&d->tree) == STYLE_REDHAT ? '3' : '2', &b);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		struct row *w = &rows[n];
		bool starts = starts_of(&d->tree, &b, &d->inv, s, &w->st);

		if (!selected[i] && !s->network && !s->superserver) {
			starts_free(&w->st);
			continue; /* neither disabled by the policy nor one of the network's */
		}
		w->service = i;
		w->disable = selected[i];
		w->back = selected[i] && starts;
		n++;
		if (w->back) {
			(*back)++;
			next += w->st.next_boot;
		}
	}
	lv[0] = b.level;
	if (d->format != FORMAT_TEXT) {
		struct strv cols = { 0 };

		matrix_columns(&d->tree, &d->inv, &b, rows, n, false, &cols);
		e = report_open(d);
		emit_string(e, "runlevel", b.level != 0 ? lv : NULL);
		emit_string(e, "target", b.target);
		emit_string(e, "from", b.from);
		emit_levels(e, "runlevels", &cols);
		strv_free(&cols);
		emit_array(e, "comes_back", "service");
	}
	for (size_t i = 0; i < n; i++) {
		const struct service *s = &d->inv.v[rows[i].service];
		const struct starts *st = &rows[i].st;

		if (!rows[i].back)
			continue;
		if (e != NULL) {
			emit_object(e, NULL);
			emit_string(e, "name", s->name);
			emit_string(e, "kind", kind_name(s->kind));
			/* a start link ("etc/rc2.d/S20x", "etc/systemd/system/x.wants/y"), or text */
			emit_where(e, "where", s->file, s->line, st->is_link ? st->by : NULL);
			emit_string(e, "by", st->by);
			emit_levels(e, "runlevels", &st->levels);
			emit_bool(e, "next_boot", st->next_boot);
			emit_end(e);
		} else {
			char *w = where_text(&b, s, st);

			tprintf(stdout, "comes back: %-12s %s %s%s\n", s->name, st->by,
				source_daemon(s) ? "starts it" : "is enabled",
				w);
			free(w);
		}
	}
	if (e != NULL) {
		emit_end(e);
		emit_array(e, "matrix", "service");
		for (size_t i = 0; i < n; i++) {
			const struct service *s = &d->inv.v[rows[i].service];

			emit_object(e, NULL);
			emit_string(e, "name", s->name);
			emit_string(e, "kind", kind_name(s->kind));
			emit_string(e, "policy", rows[i].disable ? "disable" : "keep");
			emit_levels(e, "runlevels", &rows[i].st.levels);
			emit_bool(e, "next_boot", rows[i].st.next_boot && rows[i].st.levels.n > 0);
			emit_bool(e, "comes_back", rows[i].back);
			emit_end(e);
		}
		emit_end(e);
		emit_bool(e, "permanent", *back == 0);
		r = emit_close(e);
		e = NULL;
	} else {
		char *when = b.target != NULL ? xasprintf("%s, from %s", b.target, b.from)
					      : xasprintf("runlevel %c, from %s", b.level, b.from);

		if (*back == 0)
			printf("permanent: nothing the policy disables starts in any %s "
			       "(the next boot: %s)\n",
			       b.target != NULL ? "target" : "runlevel", when);
		if (d->verbosity >= 1)
			print_matrix(d, &b, rows, n);
		if (*back > 0)
			note(d, "%zu service%s the policy disables would start: %zu at the next boot "
				"(%s), %zu in other %s only",
			     *back, *back == 1 ? "" : "s", next, when, *back - next,
			     b.target != NULL ? "targets" : "runlevels");
		free(when);
	}
out:
	for (size_t i = 0; i < n; i++)
		starts_free(&rows[i].st);
	free(rows);
	boot_free(&b);
	free(selected);
	return r;
}

int
cmd_verify(struct deafen *d)
{
	size_t back = 0;
	int r = 0;

	if (d->fix && d->format != FORMAT_TEXT)
		r = errorf(-EINVAL, "verify --fix: --format %s is not supported (text only)",
			   d->format == FORMAT_JSON ? "json" : "xml");
	if (r == 0 && policy_empty(&d->policy))
		r = policy_from_backup(d);
	if (r == 0)
		r = check_boot(d, &back);
	if (r < 0 || back == 0)
		return r;
	if (!d->fix)
		return EXIT_STILL_OPEN;
	/* apply again: the same policy, with a backup like any apply */
	note(d, "--fix: disabling again what would come back");
	r = cmd_apply(d);
	if (r < 0)
		return r;
	/* and look again: what apply cannot undo (a unit pulled in by another
	 * or by the distribution's links) still comes back */
	inventory_free(&d->inv);
	sources_close(&d->tree);
	r = sources_open(&d->tree, d->root, d->lensdir);
	if (r == 0)
		r = inventory_build(&d->tree, &d->inv);
	if (r == 0) {
		printf("after --fix:\n");
		r = check_boot(d, &back);
	}
	if (r == 0 && back > 0) {
		note(d, "still comes back after --fix: disable cannot remove another unit's "
			"Wants= or the distribution's links; --mask (apply) stops such a unit");
		r = EXIT_STILL_OPEN;
	}
	return r;
}
