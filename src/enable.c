/* enable.c - the edits of the tree that turn the selected services back on
 *
 * The inverse of plan.c: each selected row goes to its source's enable
 * (source.h), which does what its own tool does: update-inetd --enable
 * (inetd.c), "disable = no" or the line apply added removed (xinetd.c),
 * update-rc.d enable or chkconfig on (sysv.c), systemctl enable, after
 * systemctl unmask with UNMASK (systemd.c).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "enable.h"
#include "inventory.h"
#include "lsborder.h"
#include "plan.h"
#include "root.h"
#include "source.h"
#include "sysv.h"
#include "tree.h"

int
enable_plan(struct tree *t, const struct inventory *inv, const bool *selected, enum style style,
	    bool unmask, struct plan *p)
{
	struct enable_ctx c = { unmask, { 0 } };
	int r = 0;

	memset(p, 0, sizeof(*p));
	p->style = style == STYLE_AUTO ? style_detect(t) : style;
	for (size_t i = 0; r == 0 && i < inv->n; i++) {
		const struct source *src = source_of(inv->v[i].kind);

		if (selected[i] && inv->v[i].ignored == NULL && src->enable != NULL)
			r = src->enable(t, inv, i, &c, p);
	}
	strv_free(&c.done);
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
