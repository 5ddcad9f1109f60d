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
#include "source.h"
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

/* Does the name of row S hold DAEMON ("xinetd-compat")? */
static bool
name_has(const struct service *s, const char *daemon)
{
	return strstr(s->name, daemon) != NULL;
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

		if (!ss->superserver || source_of(ss->kind)->superserver ||
		    !source_serves(ss, s, name_has))
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
	const struct source *src = source_of(s->kind);

	memset(out, 0, sizeof(*out));
	/* an entry of a super-server starts with it; the others, as their source says */
	if (src->superserver)
		return starts_entry(t, b, inv, s, out);
	return src->starts != NULL && src->starts(t, b, s, out);
}
