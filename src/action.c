/* action.c - one action of a plan, and the plan's list of them
 *
 * What the sources (source.h) push when they disable or enable a service:
 * a node set in the tree, or a link edit made in the tree's link subtree.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "root.h"
#include "tree.h"

struct action *
plan_push(struct plan *p, enum action_kind kind, size_t service)
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
link_in_tree(struct tree *t, const struct link_edit *e)
{
	char *from = e->from ? tree_link_node(t, e->dir, e->from) : NULL, *to;
	int r = 0;

	switch (e->op) {
	case LINK_RENAME:
		if (aug_rename(t->aug, from, e->to) < 0)
			r = tree_fail(t, from);
		break;
	case LINK_DELETE:
		if (aug_rm(t->aug, from) < 0)
			r = tree_fail(t, from);
		break;
	case LINK_CREATE:
		to = tree_link_node(t, e->dir, e->to);
		if (aug_set(t->aug, to, e->target) < 0)
			r = tree_fail(t, to);
		free(to);
		break;
	}
	free(from);
	return r;
}

int
plan_push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p)
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
		struct action *a = plan_push(p, ACT_LINK, i);

		a->link = edits[k];
		memset(&edits[k], 0, sizeof(edits[k]));
		r = link_in_tree(t, &a->link);
	}
	link_edits_free(edits, n);
	return r;
}

bool *
plan_masked(const struct plan *p, size_t n)
{
	bool *masked = xcalloc(n + 1, sizeof(*masked));

	/* one pass over the actions: a lookup a service was quadratic in them */
	for (size_t k = 0; k < p->n; k++)
		if (p->v[k].service < n && p->v[k].kind == ACT_LINK &&
		    p->v[k].link.op == LINK_CREATE && p->v[k].link.target != NULL &&
		    streq(p->v[k].link.target, "/dev/null"))
			masked[p->v[k].service] = true;
	return masked;
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

void
link_edit_push(struct link_edit **edits, size_t *n, enum link_op op, char level, const char *dir,
	       const char *from, const char *to, const char *target)
{
	struct link_edit *e;

	*edits = xrealloc(*edits, (*n + 1) * sizeof(**edits));
	e = &(*edits)[(*n)++];
	e->op = op;
	e->level = level;
	e->dir = xstrdup(dir);
	e->from = from ? xstrdup(from) : NULL;
	e->to = to ? xstrdup(to) : NULL;
	e->target = target ? xstrdup(target) : NULL;
}

void
link_edits_free(struct link_edit *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].dir);
		free(e[i].from);
		free(e[i].to);
		free(e[i].target);
	}
	free(e);
}
