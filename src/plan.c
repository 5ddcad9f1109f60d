/* plan.c - the edits of the tree that disable the selected services
 *
 * inetd: the entry gets Debian's "#<off># " prefix (update-inetd's mark, so
 * update-inetd --enable undoes it). xinetd: "disable = yes" in the block.
 * Init scripts: the runlevel links, the way the style's own tool does it.
 * systemd units: their links, the way systemctl disable (or mask) does it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "headers.h"
#include "inventory.h"
#include "plan.h"
#include "root.h"
#include "snapshot.h"
#include "systemd.h"
#include "tree.h"

int
plan_build(struct tree *t, const struct inventory *inv, const bool *selected,
	   const bool *template, enum style style, bool mask, struct plan *p)
{
	int r = 0;

	struct positions off = { 0 };

	memset(p, 0, sizeof(*p));
	p->style = style == STYLE_AUTO ? style_detect(t) : style;
	for (size_t i = 0; r == 0 && i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		struct action *a;

		if (s->ignored != NULL && (i == 0 || inv->v[i - 1].ignored == NULL ||
					   !streq(inv->v[i - 1].file, s->file)))
			strv_take(&p->warnings, xasprintf("%s: %s; its services are left alone",
							  s->file, s->ignored));
		if (!selected[i] || s->ignored != NULL)
			continue; /* what its daemon ignores is left alone */
		switch (s->kind) {
		case KIND_INETD:
			a = push(p, ACT_INETD_OFF, i);
			a->file = xstrdup(s->file);
			a->node = xasprintf("%s/disabled", s->node);
			set_later(&off, s->node); /* all at once, below */
			break;
		case KIND_XINETD:
			a = push(p, ACT_XINETD_OFF, i);
			a->file = xstrdup(s->file);
			/* the block's own disable attribute (inventory found it), or a new one */
			a->node = s->disable_node ? xstrdup(s->disable_node)
						  : xasprintf("%s/disable", s->node);
			if (aug_set(t->aug, a->node, "yes") < 0)
				r = aug_fail(t, a->node);
			break;
		case KIND_SYSV:
			/* masked as a unit, its links left: below */
			if (!(mask && masks_scripts(t)))
				r = plan_sysv(t, s->name, s->stop, i, p->style, p);
			break;
		case KIND_SYSTEMD:
			break; /* all together, below */
		}
	}
	if (r == 0)
		r = set_disabled(t, &off); /* frees off.file */
	else
		free(off.file);
	free(off.v);
	if (r == 0)
		r = plan_systemd(t, inv, selected, template, mask, p);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].file != NULL)
			strv_push(&p->files, p->v[i].file);
	strv_sort_uniq(&p->files);
	return r;
}
