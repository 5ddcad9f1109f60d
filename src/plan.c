/* plan.c - the edits of the tree that disable the selected services
 *
 * Each selected row goes to its source's disable (source.h), in inventory
 * order; then each source makes what it makes all at once: inetd.c the
 * entries' "#<off># " flags, systemd.c one systemctl disable (or mask) of
 * every selected unit.
 */
#include <string.h>

#include "inventory.h"
#include "plan.h"
#include "source.h"
#include "sysv.h"
#include "tree.h"

int
plan_build(struct tree *t, const struct inventory *inv, const bool *selected,
	   const bool *template, enum style style, bool mask, struct plan *p)
{
	struct disable_ctx c = { selected, template, mask, false };
	int r = 0;

	memset(p, 0, sizeof(*p));
	p->style = style == STYLE_AUTO ? style_detect(t) : style;
	for (size_t k = 0; mask && sources[k] != NULL; k++)
		if (sources[k]->masks_scripts != NULL && sources[k]->masks_scripts(t))
			c.mask_scripts = true;
	for (size_t i = 0; r == 0 && i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const struct source *src = source_of(s->kind);

		if (s->ignored != NULL && (i == 0 || inv->v[i - 1].ignored == NULL ||
					   !streq(inv->v[i - 1].file, s->file)))
			strv_take(&p->warnings, xasprintf("%s: %s; its services are left alone",
							  s->file, s->ignored));
		if (!selected[i] || s->ignored != NULL)
			continue; /* what its daemon ignores is left alone */
		if (src->disable != NULL)
			r = src->disable(t, inv, i, &c, p);
	}
	/* what each source does all at once, after every row's */
	for (size_t k = 0; r == 0 && sources[k] != NULL; k++)
		if (sources[k]->disable_all != NULL)
			r = sources[k]->disable_all(t, inv, &c, p);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].file != NULL)
			strv_push(&p->files, p->v[i].file);
	strv_sort_uniq(&p->files);
	return r;
}
