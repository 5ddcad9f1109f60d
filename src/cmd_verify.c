/* cmd_verify.c - deafen verify [POLICY]: would a disabled service come back at boot?
 *
 * The seed: "be sure to check after your next reboot" - before it. For every
 * service the policy disables: an enabled inetd or xinetd entry, a start
 * link in the default runlevel or rcS.d, or under systemd a unit the
 * default target pulls in (transitively) and an init script the generator
 * would start. Without a policy, the one of the newest backup of this root.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deafen.h"
#include "emit.h"
#include "journal.h"
#include "plan.h"
#include "rclinks.h"
#include "root.h"
#include "session.h"
#include "sysv.h"
#include "source.h"
#include "systemd.h"

static int inittab_line; /* the initdefault line, for messages */

/* id:N:initdefault: of /etc/inittab, or systemd's default.target, else the style's own. */
static char
default_runlevel(const struct deafen *d, const char **from)
{
	char *real = NULL, *text = NULL, *line, *s, target[PATH_MAX];
	char level = 0;
	ssize_t k;

	if (root_resolve(d->root, "/etc/inittab", &real) == 0) {
		/* a FIFO there is refused, never waited on; an unreadable one is none */
		int r = root_read_input(d->root, real, "etc/inittab", &text, NULL);

		if (r == -EBADMSG)
			level = '!';
		else if (r < 0)
			error_clear();
		else
			for (s = text; level == 0 && (line = strsep(&s, "\n")) != NULL;) {
				char *f[4] = { 0 };
				int n = 0;

				inittab_line++;
				for (char *p = line; n < 4 && p != NULL; n++)
					f[n] = strsep(&p, ":");
				if (n == 4 && streq(f[2], "initdefault"))
					level = isdigit((unsigned char)f[1][0]) && f[1][1] == '\0' ? f[1][0]
												     : '?';
			}
		free(text);
		free(real);
		if (level != 0) {
			*from = "etc/inittab";
			return level;
		}
	} else {
		free(real);
	}
	k = root_readlink(d->root, "etc/systemd/system/default.target", target, sizeof(target) - 1);
	if (k > 0) {
		target[k] = '\0';
		*from = "etc/systemd/system/default.target";
		if (strstr(target, "graphical") || strstr(target, "runlevel5"))
			return '5';
		if (strstr(target, "multi-user") || strstr(target, "runlevel3"))
			return '3';
	}
	*from = "no inittab or default.target: the distribution's default";
	return style_detect(&d->tree) == STYLE_REDHAT ? '3' : '2';
}

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

/* The first start link of SCRIPT in LEVEL's directory, or NULL. */
static const char *
start_link(const struct tree *t, char level, const char *script, const char **dir)
{
	const char *idx = strchr(RC_LEVELS, level);

	if (idx == NULL || t->rcdir[idx - RC_LEVELS] == NULL)
		return NULL;
	for (size_t i = 0; i < t->nlinks; i++)
		if (t->links[i].level == (size_t)(idx - RC_LEVELS) && t->links[i].name[0] == 'S' &&
		    rclink_of(t->links[i].name, script)) {
			*dir = t->rcdir[idx - RC_LEVELS];
			return t->links[i].name;
		}
	return NULL;
}

/* The link of a .wants/.requires directory of a unit in BOOT that starts NAME, or NULL. */
static const struct unit_link *
boot_link(const struct tree *t, const struct strv *boot, const char *name)
{
	for (size_t i = 0; i < t->nulinks; i++) {
		const struct unit_link *l = &t->ulinks[i];

		if ((streq(l->name, name) || streq(l->dest, name)) && l->owner != NULL &&
		    strv_contains(boot, l->owner))
			return l;
	}
	return NULL;
}

/*
 * What brings S back at boot under systemd: for a unit, being pulled in
 * by the default target; for an init script without a unit, the
 * generator's view (S links in rc2-4 for multi-user, rc5 for graphical).
 * *BY (allocated) says where; NULL when it stays off.
 */
static char *
systemd_comes_back(const struct tree *t, const struct strv *boot, const struct strv *by,
		   const struct service *s)
{
	const char *levels = strv_contains(boot, "graphical.target")    ? "2345"
			     : strv_contains(boot, "multi-user.target") ? "234"
									: "";
	const struct unit_link *l;

	if (s->kind == KIND_SYSTEMD) {
		if (s->masked || !strv_contains(boot, s->name))
			return NULL;
		l = boot_link(t, boot, s->name);
		if (l != NULL)
			return xasprintf("%s/%s", l->dir, l->name);
		for (size_t i = 0; i < boot->n; i++)
			if (streq(boot->v[i], s->name))
				return xasprintf("%s (pulled in by %s)", s->name, by->v[i]);
		return xstrdup(s->name);
	}
	if (s->kind == KIND_SYSV) {
		/* NAME.service -> /dev/null: the generator makes no unit of it */
		for (const char *c = s->masked ? "" : levels; *c; c++) {
			const char *dir = NULL, *link = start_link(t, *c, s->name, &dir);

			if (link != NULL)
				return xasprintf("%s/%s", dir, link);
		}
		return NULL;
	}
	return service_where(s);
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

/*
 * Reports each service the policy disables that would start at the next
 * boot, and how many in *BACK. Services disabled now count too: a unit
 * with no link of its own may be pulled in by another (Wants=, its socket).
 */
static int
check_boot(struct deafen *d, size_t *back)
{
	bool *selected = xcalloc(d->inv.n + 1, sizeof(*selected));
	struct strv boot = { 0 }, by = { 0 };
	const char *from = NULL;
	char *deftarget = NULL, *deffile = NULL;
	struct emit *e = NULL;
	char level = 0;
	int r;

	*back = 0;
	d->policy.all = true;
	r = policy_select(&d->policy, &d->inv, selected, NULL);
	d->policy.all = false;
	if (r < 0)
		goto out;
	unselect_needed(d, selected);
	if (systemd_present(&d->tree))
		systemd_boot_units(&d->tree, &boot, &by, &deftarget);
	if (deftarget == NULL || deftarget[0] == '\0') {
		level = default_runlevel(d, &from);
		if (level == '!') {
			r = -EBADMSG; /* etc/inittab: not a regular file */
			goto out;
		}
		if (level == '?') {
			r = errorf(-EBADMSG,
				   "etc/inittab:%d: the initdefault line names no runlevel 0-9",
				   inittab_line);
			goto out;
		}
	} else {
		/* the link it really read: lib/systemd/system/default.target on many roots */
		deffile = systemd_default_file(&d->tree);
		from = deffile != NULL ? deffile : "default.target";
	}
	if (d->format != FORMAT_TEXT) {
		char lv[2] = { level, '\0' };

		e = report_open(d);
		emit_string(e, "runlevel", level != 0 ? lv : NULL);
		emit_string(e, "target", level == 0 ? deftarget : NULL);
		emit_string(e, "from", from);
		emit_array(e, "comes_back", "service");
	}
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		const char *link = NULL, *dir = NULL;
		char *w;

		if (!selected[i])
			continue;
		if ((s->kind == KIND_INETD || s->kind == KIND_XINETD) && !s->enabled)
			continue; /* an entry starts with its super-server only when enabled */
		if (level == 0) {
			w = systemd_comes_back(&d->tree, &boot, &by, s);
			if (w == NULL)
				continue;
		} else if (s->kind == KIND_SYSV) {
			link = start_link(&d->tree, 'S', s->name, &dir);
			if (link == NULL)
				link = start_link(&d->tree, level, s->name, &dir);
			if (link == NULL)
				continue; /* started only in other runlevels: not at this boot */
			w = xasprintf("%s/%s", dir, link);
		} else if (s->kind == KIND_SYSTEMD) {
			continue; /* a unit on a root that does not boot with systemd */
		} else {
			w = service_where(s);
		}
		if (e != NULL) {
			/* a start link ("etc/rc2.d/S20x", "etc/systemd/system/x.wants/y"), or text */
			bool is_link = (s->kind == KIND_SYSV || s->kind == KIND_SYSTEMD) &&
				       strchr(w, '/') != NULL && strchr(w, ' ') == NULL;

			emit_object(e, NULL);
			emit_string(e, "name", s->name);
			emit_string(e, "kind", kind_name(s->kind));
			emit_where(e, "where", s->file, s->line, is_link ? w : NULL);
			emit_string(e, "by", w);
			emit_end(e);
		} else {
			tprintf(stdout, "comes back: %-12s %s %s\n", s->name, w,
			       s->kind == KIND_SYSV || s->kind == KIND_SYSTEMD ? "starts it"
									: "is enabled");
		}
		free(w);
		(*back)++;
	}
	if (e != NULL) {
		emit_end(e);
		emit_bool(e, "permanent", *back == 0);
		r = emit_close(e);
		e = NULL;
	} else if (*back == 0) {
		if (level != 0)
			printf("permanent: nothing the policy disables starts at the next boot "
			       "(runlevel %c, from %s)\n",
			       level, from);
		else
			printf("permanent: nothing the policy disables starts at the next boot "
			       "(%s, from %s)\n",
			       deftarget, from);
	}
	if (*back > 0) {
		if (level != 0)
			note(d, "%zu service%s the policy disables would start at the next boot "
				"(runlevel %c, from %s)",
			     *back, *back == 1 ? "" : "s", level, from);
		else
			note(d, "%zu service%s the policy disables would start at the next boot "
				"(%s, from %s)",
			     *back, *back == 1 ? "" : "s", deftarget, from);
	}
out:
	strv_free(&boot);
	strv_free(&by);
	free(deftarget);
	free(deffile);
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
