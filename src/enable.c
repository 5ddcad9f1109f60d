/* enable.c - the edits of the tree that turn the selected services back on
 *
 * The inverse of plan.c: each selected row goes to its source's enable
 * (source.h), which does what its own tool does: update-inetd --enable
 * (inetd.c), "disable = no" or the line apply added removed (xinetd.c),
 * update-rc.d enable or chkconfig on (sysv.c), systemctl enable, after
 * systemctl unmask with UNMASK (systemd.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "enable.h"
#include "inventory.h"
#include "lsborder.h"
#include "plan.h"
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

void
enable_notes(const char *root, const char *name, struct strv *out)
{
	for (size_t k = 0; sources[k] != NULL; k++)
		if (sources[k]->enable_notes != NULL)
			sources[k]->enable_notes(root, name, out);
}
