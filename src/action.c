/* action.c - one action of a plan, and the plan's list of them
 *
 * What the sources (source.h) push when they disable or enable a service:
 * a node set in the tree, or a link edit made in the tree's link subtree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "root.h"
#include "tree.h"

static struct action *
push(struct plan *p, enum action_kind kind, size_t service)
{
	struct action *a;

	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	a = &p->v[p->n++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->service = service;
	return a;
}

static int
aug_fail(const struct tree *t, const char *what)
{
	return errorf(-EIO, "augeas: %s: %s", what, aug_error_message(t->aug));
}

static int
link_in_tree(struct tree *t, const struct link_edit *e)
{
	char *from = e->from ? rclinks_node(t, e->dir, e->from) : NULL, *to;
	int r = 0;

	switch (e->op) {
	case LINK_RENAME:
		if (aug_rename(t->aug, from, e->to) < 0)
			r = aug_fail(t, from);
		break;
	case LINK_DELETE:
		if (aug_rm(t->aug, from) < 0)
			r = aug_fail(t, from);
		break;
	case LINK_CREATE:
		to = rclinks_node(t, e->dir, e->to);
		if (aug_set(t->aug, to, e->target) < 0)
			r = aug_fail(t, to);
		free(to);
		break;
	}
	free(from);
	return r;
}

/* Makes link EDITS in the tree as actions of service I; takes the edits. */
static int
push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p)
{
	int r = 0;

	/* a name the plan gives a link must be free: not a file someone put there */
	for (size_t k = 0; r == 0 && k < n; k++) {
		struct stat st;
		char *rel;

		if (edits[k].op == LINK_DELETE)
			continue;
		rel = xasprintf("%s/%s", edits[k].dir, edits[k].to);
		if (root_lstat(t->root, rel, &st) == 0 && !S_ISLNK(st.st_mode))
			r = errorf(-EEXIST, "%s: already there and not a link; move it away first",
				   rel);
		free(rel);
	}
	for (size_t k = 0; r == 0 && k < n; k++) {
		struct action *a = push(p, ACT_LINK, i);

		a->link = edits[k];
		memset(&edits[k], 0, sizeof(edits[k]));
		r = link_in_tree(t, &a->link);
	}
	link_edits_free(edits, n);
	return r;
}

struct action *
plan_push(struct plan *p, enum action_kind kind, size_t service)
{
	return push(p, kind, service);
}

int
plan_push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p)
{
	return push_links(t, edits, n, i, p);
}

bool
plan_masks(const struct plan *p, size_t i)
{
	for (size_t k = 0; k < p->n; k++)
		if (p->v[k].service == i && p->v[k].kind == ACT_LINK &&
		    p->v[k].link.op == LINK_CREATE && p->v[k].link.target != NULL &&
		    streq(p->v[k].link.target, "/dev/null"))
			return true;
	return false;
}

void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].file);
		free(p->v[i].node);
		free(p->v[i].link.dir);
		free(p->v[i].link.from);
		free(p->v[i].link.to);
		free(p->v[i].link.target);
	}
	free(p->v);
	strv_free(&p->files);
	strv_free(&p->warnings);
	memset(p, 0, sizeof(*p));
}
