/* inventory.c - every service the root's configuration can start
 *
 * One pass over the tree: each source (source.h) appends its rows, inetd
 * entries, xinetd blocks, init scripts, units. Each service gets every
 * name an administrator may call it by, so that a policy can say "rsh" for
 * inetd's "shell" or "named" for bind9.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "snapshot.h"
#include "source.h"
#include "tree.h"

/* Does a source run init script NAME itself? (row_ctx.script_claimed) */
static bool
script_claimed(const struct tree *t, const char *name, bool *masked)
{
	*masked = false;
	for (size_t i = 0; sources[i] != NULL; i++)
		if (sources[i]->claims_script != NULL && sources[i]->claims_script(t, name, masked))
			return true;
	return false;
}

/* What its daemon ignores (never changed) is listed last, in its order. */
static void
ignored_last(struct inventory *inv)
{
	struct service *v = xcalloc(inv->n + 1, sizeof(*v));
	size_t k = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < inv->n; i++)
			if ((inv->v[i].ignored != NULL) == (pass == 1))
				v[k++] = inv->v[i];
	free(inv->v);
	inv->v = v;
}

int
inventory_build(const struct tree *t, struct inventory *inv)
{
	struct snode files;
	int r;

	memset(inv, 0, sizeof(*inv));
	/* one copy of the files' trees, walked without a lookup from the root a node */
	if ((r = snapshot_take(t, "/files", &files)) < 0)
		return r;
	r = services_load(t, &inv->services);
	for (size_t i = 0; r == 0 && sources[i] != NULL; i++) {
		struct row_ctx c = { t, &files, script_claimed };

		if (sources[i]->rows != NULL)
			r = sources[i]->rows(&c, inv);
	}
	if (r == 0)
		ignored_last(inv);
	snapshot_free(&files);
	for (size_t i = 0; i < inv->n; i++)
		if (!source_of(inv->v[i].kind)->own_state)
			inv->v[i].state = inv->v[i].masked    ? STATE_MASKED
					  : inv->v[i].enabled ? STATE_ENABLED
							      : STATE_DISABLED;
	return r;
}

void
inventory_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n; i++) {
		struct service *s = &inv->v[i];

		free(s->name);
		free(s->file);
		free(s->node);
		free(s->detail);
		free(s->program);
		free(s->pidfile);
		free(s->script);
		free(s->disable_node);
		free(s->ignored);
		free(s->ports_from);
		strv_free(&s->names);
		strv_free(&s->own);
		strv_free(&s->provides);
		strv_free(&s->ports);
		strv_free(&s->listen);
		strv_free(&s->wanted_by);
		strv_free(&s->pulled_by);
		strv_free(&s->needs);
		strv_free(&s->wants);
	}
	free(inv->v);
	services_free(&inv->services);
	memset(inv, 0, sizeof(*inv));
}
