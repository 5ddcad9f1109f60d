/* enable.c - the edits of the tree that turn the selected services back on
 *
 * The inverse of plan.c, each kind the way its own tool enables it:
 * inetd.conf: update-inetd --enable (the "#<off># " prefix goes, nothing
 * else changes); xinetd: "disable = no" in the block, or the line apply
 * added removed; init scripts: update-rc.d enable (K links back to S in
 * the levels of Default-Start) or chkconfig on; systemd units: systemctl
 * enable (the [Install] links), with UNMASK systemctl unmask first.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "enable.h"
#include "headers.h"
#include "inventory.h"
#include "plan.h"
#include "rclinks.h"
#include "root.h"
#include "snapshot.h"
#include "sysv.h"
#include "systemd.h"
#include "tree.h"

static int
aug_fail(const struct tree *t, const char *what)
{
	return errorf(-EIO, "augeas: %s: %s", what, aug_error_message(t->aug));
}

int
enable_plan(struct tree *t, const struct inventory *inv, const bool *selected, enum style style,
	    bool unmask, struct plan *p)
{
	struct strv seen = { 0 };
	int r = 0;

	memset(p, 0, sizeof(*p));
	p->style = style == STYLE_AUTO ? style_detect(t) : style;
	for (size_t i = 0; r == 0 && i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		struct action *a;
		char *node;

		if (!selected[i] || s->ignored != NULL)
			continue;
		switch (s->kind) {
		case KIND_INETD:
			a = plan_push(p, ACT_INETD_OFF, i);
			a->file = xstrdup(s->file);
			a->node = xasprintf("%s/disabled", s->node);
			node = a->node;
			if (aug_rm(t->aug, node) < 0)
				r = aug_fail(t, node);
			break;
		case KIND_XINETD:
			r = enable_xinetd(t, s, i, p);
			break;
		case KIND_SYSV:
			r = enable_sysv(t, s->name, i, p->style, p);
			break;
		case KIND_SYSTEMD:
			if (unmask && s->masked)
				r = unmask_unit(t, s->name, i, p);
			if (r == 0)
				r = enable_unit(t, s->name, i, &seen, p);
			/* systemd-sysv-install enable: update-rc.d enable of the script too */
			if (r == 0 && s->script != NULL)
				r = enable_sysv(t, s->script, i, p->style, p);
			break;
		}
	}
	strv_free(&seen);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].file != NULL)
			strv_push(&p->files, p->v[i].file);
	strv_sort_uniq(&p->files);
	return r;
}

/* Lines of ETC/INETD.CONF commented out by hand ("#telnet ..."), not by update-inetd. */
void
enable_hand_commented(const char *root, const char *name, struct strv *out)
{
	char *real = NULL, *buf = NULL, *line, *s;
	size_t len = 0, nl = strlen(name);
	int lineno = 0;

	/* a link inside the root followed, as the load did */
	if (root_resolve(root, "/etc/inetd.conf", &real) == 0 &&
	    root_read_file(root, real, &buf, &len) == 0) {
		for (s = buf; (line = strsep(&s, "\n")) != NULL;) {
			char *w = line + 1;

			lineno++;
			if (line[0] != '#' || startswith(line, "#<off>#"))
				continue;
			while (*w == ' ' || *w == '\t')
				w++;
			if (strncmp(w, name, nl) == 0 && (w[nl] == ' ' || w[nl] == '\t'))
				strv_take(out, xasprintf("etc/inetd.conf:%d: %s is commented out by "
							 "hand, not by update-inetd; left alone",
							 lineno, name));
		}
	}
	free(buf);
	free(real);
}
