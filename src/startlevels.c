/* startlevels.c - in which runlevels or targets a service starts at boot
 *
 * The seed: "be sure to check after your next reboot" - and after the one
 * into another runlevel. A script starts in each runlevel whose rc
 * directory has an S link of it (rclinks.h says which runlevels run them),
 * a unit with each target that wants it, an inetd or xinetd entry with its
 * super-server. The next boot's runlevel or target is marked apart.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "rclinks.h"
#include "root.h"
#include "startlevels.h"
#include "systemd.h"
#include "tree.h"

/* id:N:initdefault: of etc/inittab: the level, 0 for none, '!' unreadable input, '?' no level. */
static char
inittab_level(const struct tree *t, int *line)
{
	char *real = NULL, *text = NULL, *l, *s;
	char level = 0;
	int r;

	*line = 0;
	if (root_resolve(t->root, "/etc/inittab", &real) < 0) {
		free(real);
		return 0;
	}
	/* a FIFO there is refused, never waited on; an unreadable one is none */
	r = root_read_input(t->root, real, "etc/inittab", &text, NULL);
	if (r == -EBADMSG)
		level = '!';
	else if (r < 0)
		error_clear();
	else
		for (s = text; level == 0 && (l = strsep(&s, "\n")) != NULL;) {
			char *f[4] = { 0 };
			int n = 0;

			(*line)++;
			for (char *p = l; n < 4 && p != NULL; n++)
				f[n] = strsep(&p, ":");
			if (n == 4 && streq(f[2], "initdefault"))
				level = isdigit((unsigned char)f[1][0]) && f[1][1] == '\0' ? f[1][0] : '?';
		}
	free(text);
	free(real);
	return level;
}

int
boot_read(const struct tree *t, char fallback, struct boot *b)
{
	char target[PATH_MAX];
	int line;
	ssize_t k;

	memset(b, 0, sizeof(*b));
	b->levels = rclinks_boot_levels(t);
	if (systemd_present(t))
		systemd_boot_units(t, &b->units, &b->by, &b->target);
	if (b->target != NULL && b->target[0] != '\0') {
		/* the link it really read: lib/systemd/system/default.target on many roots */
		b->from = systemd_default_file(t);
		if (b->from == NULL)
			b->from = xstrdup("default.target");
		b->levels = "2345"; /* what systemd-sysv-generator reads */
		return 0;
	}
	free(b->target);
	b->target = NULL;
	b->level = inittab_level(t, &line);
	if (b->level == '!')
		return -EBADMSG; /* etc/inittab: not a regular file, said */
	if (b->level == '?')
		return errorf(-EBADMSG, "etc/inittab:%d: the initdefault line names no runlevel 0-9",
			      line);
	if (b->level != 0) {
		b->from = xstrdup("etc/inittab");
		return 0;
	}
	k = root_readlink(t->root, "etc/systemd/system/default.target", target, sizeof(target) - 1);
	if (k > 0) {
		target[k] = '\0';
		if (strstr(target, "graphical") || strstr(target, "runlevel5"))
			b->level = '5';
		else if (strstr(target, "multi-user") || strstr(target, "runlevel3"))
			b->level = '3';
	}
	if (b->level != 0) {
		b->from = xstrdup("etc/systemd/system/default.target");
		return 0;
	}
	b->level = fallback;
	b->from = xstrdup("no inittab or default.target: the distribution's default");
	return 0;
}

void
boot_free(struct boot *b)
{
	strv_free(&b->units);
	strv_free(&b->by);
	free(b->target);
	free(b->from);
	memset(b, 0, sizeof(*b));
}

void
starts_free(struct starts *st)
{
	free(st->by);
	strv_free(&st->levels);
	memset(st, 0, sizeof(*st));
}

char *
starts_levels_text(const struct starts *st)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < st->levels.n; i++)
		len += strlen(st->levels.v[i]) + 1;
	s = xcalloc(len, 1);
	for (size_t i = 0; i < st->levels.n; i++) {
		if (i > 0)
			strcat(s, " ");
		strcat(s, st->levels.v[i]);
	}
	return s;
}

/* Is LEVEL one the next boot runs: the default runlevel and rcS.d, or what the default target reaches? */
static bool
next_boot_level(const struct boot *b, char level)
{
	if (b->target == NULL)
		return level == b->level || level == 'S';
	/* the generator: runlevel 2-4 is multi-user.target, 5 graphical.target */
	if (strv_contains(&b->units, "graphical.target"))
		return strchr("2345", level) != NULL;
	return strv_contains(&b->units, "multi-user.target") && strchr("234", level) != NULL;
}

/* A script's S links in B's runlevels; BY the next boot's first, else the first. */
static bool
starts_script(const struct tree *t, const struct boot *b, const char *script, struct starts *out)
{
	for (const char *c = b->levels; *c; c++) {
		const char *dir = NULL, *link = rclinks_start_link(t, *c, script, &dir);
		char lv[2] = { *c, '\0' };
		bool next;

		if (link == NULL)
			continue;
		next = next_boot_level(b, *c);
		strv_push(&out->levels, lv);
		if (out->by == NULL || (next && !out->next_boot)) {
			free(out->by);
			out->by = xasprintf("%s/%s", dir, link);
			out->is_link = true;
		}
		out->next_boot |= next;
	}
	/* keep RC_LEVELS order (S last), as chkconfig --list */
	return out->levels.n > 0;
}

/* The link of a .wants/.requires directory that starts NAME, owned by a unit of OWNERS (NULL: any, under etc). */
static const struct unit_link *
wants_link(const struct tree *t, const struct strv *owners, const char *name)
{
	for (size_t i = 0; i < t->nulinks; i++) {
		const struct unit_link *l = &t->ulinks[i];

		if ((streq(l->name, name) || streq(l->dest, name)) && l->owner != NULL &&
		    (owners != NULL ? strv_contains(owners, l->owner) : l->local))
			return l;
	}
	return NULL;
}

/*
 * A unit: pulled in by the default target (transitively), or linked by any
 * target under etc/systemd/system; LEVELS are the units whose links want it
 * (the distribution's too), else the default target that pulls it in.
 */
static bool
starts_unit(const struct tree *t, const struct boot *b, const struct service *s,
	    struct starts *out)
{
	struct strv local = { 0 };
	const struct unit_link *l;
	bool vendor, boot, starts;

	if (b->target == NULL || s->masked)
		return false; /* a root that does not boot with systemd; a masked unit never starts */
	boot = strv_contains(&b->units, s->name);
	unit_wanted_by(t, s->name, &out->levels, &vendor);
	unit_wanted_by_local(t, s->name, &local);
	if (out->levels.n == 0 && boot)
		strv_push(&out->levels, b->target);
	out->next_boot = boot;
	l = wants_link(t, boot ? &b->units : NULL, s->name);
	if (l != NULL) {
		out->by = xasprintf("%s/%s", l->dir, l->name);
		out->is_link = true;
	}
	for (size_t i = 0; out->by == NULL && boot && i < b->units.n; i++)
		if (streq(b->units.v[i], s->name) && b->by.v[i][0] != '\0')
			out->by = xasprintf("%s (pulled in by %s)", s->name, b->by.v[i]);
	if (out->by == NULL)
		out->by = xstrdup(s->name);
	starts = boot || local.n > 0;
	strv_free(&local);
	return starts;
}

/* An enabled entry, with its super-server's runlevels (xinetd's for xinetd). */
static bool
starts_entry(const struct tree *t, const struct boot *b, const struct inventory *inv,
	     const struct service *s, struct starts *out)
{
	bool known = false;

	if (!s->enabled)
		return false;
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *ss = &inv->v[i];
		struct starts st = { 0 };

		if (!ss->superserver || (ss->kind != KIND_SYSV && ss->kind != KIND_SYSTEMD) ||
		    (strstr(ss->name, "xinetd") != NULL) != (s->kind == KIND_XINETD))
			continue;
		known = true;
		if (starts_of(t, b, inv, ss, &st)) {
			for (size_t k = 0; k < st.levels.n; k++)
				strv_push_unique(&out->levels, st.levels.v[k]);
			out->next_boot |= st.next_boot;
		}
		starts_free(&st);
	}
	out->next_boot |= !known; /* no super-server found: the entry counts as at the next boot */
	out->by = service_where(s);
	return true;
}

bool
starts_of(const struct tree *t, const struct boot *b, const struct inventory *inv,
	  const struct service *s, struct starts *out)
{
	memset(out, 0, sizeof(*out));
	switch (s->kind) {
	case KIND_INETD:
	case KIND_XINETD:
		return starts_entry(t, b, inv, s, out);
	case KIND_SYSV:
		/* NAME.service -> /dev/null: the generator makes no unit of it */
		if (b->target != NULL && s->masked)
			return false;
		return starts_script(t, b, s->name, out);
	case KIND_SYSTEMD:
		return starts_unit(t, b, s, out);
	}
	return false;
}
