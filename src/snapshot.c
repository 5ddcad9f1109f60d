/* snapshot.c - a read-only copy of part of the tree, for one pass over many nodes */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "snapshot.h"
#include "tree.h"

/* below this many children a node is searched in order */
enum { INDEX_FROM = 8 };

/* Indices into KIDS (qsort_r's context) by label, then in document order. */
static int
cmp_kid(const void *x, const void *y, void *kids)
{
	const struct snode *k = kids;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(k[a].label, k[b].label);

	return c != 0 ? c : (a < b ? -1 : a > b);
}

static void
convert(xmlNodePtr x, struct snode *out)
{
	xmlChar *label = xmlGetProp(x, BAD_CAST "label");
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	out->label = xstrdup(label ? (const char *)label : "");
	xmlFree(label);
	for (xmlNodePtr c = x->children; c != NULL; c = c->next)
		n += c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "node");
	out->kids = xcalloc(n + 1, sizeof(*out->kids));
	for (xmlNodePtr c = x->children, next; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(c->name, BAD_CAST "node")) {
			convert(c, &out->kids[out->n++]);
			/* the copy is made: the XML of it can go (peak memory: one, not both) */
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (xmlStrEqual(c->name, BAD_CAST "value") && out->value == NULL) {
			xmlChar *v = xmlNodeGetContent(c);

			out->value = xstrdup(v ? (const char *)v : "");
			xmlFree(v);
		}
	}
	if (out->n >= INDEX_FROM) {
		out->byname = xcalloc(out->n, sizeof(*out->byname));
		for (size_t i = 0; i < out->n; i++)
			out->byname[i] = i;
		qsort_r(out->byname, out->n, sizeof(*out->byname), cmp_kid, out->kids);
	}
}

int
snapshot_take(const struct tree *t, const char *path, struct snode *root)
{
	xmlNodePtr x = NULL, top = NULL;

	memset(root, 0, sizeof(*root));
	if (aug_to_xml(t->aug, path, &x, 0) < 0 || x == NULL)
		return errorf(-EIO, "augeas: cannot copy %s: %s", path, aug_error_message(t->aug));
	for (xmlNodePtr c = x->children; c != NULL && top == NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "node"))
			top = c;
	if (top != NULL)
		convert(top, root);
	else
		root->label = xstrdup("");
	xmlFreeNode(x);
	return 0;
}

void
snapshot_free(struct snode *root)
{
	if (root == NULL)
		return;
	for (size_t i = 0; i < root->n; i++)
		snapshot_free(&root->kids[i]);
	free(root->kids);
	free(root->byname);
	free(root->label);
	free(root->value);
	memset(root, 0, sizeof(*root));
}

const struct snode *
snode_child(const struct snode *n, const char *label)
{
	size_t lo = 0, hi;

	if (n == NULL)
		return NULL;
	if (n->byname == NULL) {
		for (size_t i = 0; i < n->n; i++)
			if (streq(n->kids[i].label, label))
				return &n->kids[i];
		return NULL;
	}
	/* the first of that label: the lowest in the index */
	hi = n->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(n->kids[n->byname[mid]].label, label) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n->n && streq(n->kids[n->byname[lo]].label, label) ? &n->kids[n->byname[lo]]
									 : NULL;
}

const struct snode *
snode_at(const struct snode *n, const char *rel)
{
	char *copy = xstrdup(rel), *s = copy, *part;

	while (n != NULL && (part = strsep(&s, "/")) != NULL)
		if (*part != '\0')
			n = snode_child(n, part);
	free(copy);
	return n;
}

const char *
snode_value(const struct snode *n, const char *rel)
{
	n = snode_at(n, rel);
	return n ? n->value : NULL;
}

struct snode *
snode_adopt(struct snode *parent, struct snode *child)
{
	/* grown by powers of two: the count is the capacity's only record */
	if ((parent->n & (parent->n - 1)) == 0)
		parent->kids = xrealloc(parent->kids, (parent->n ? 2 * parent->n : 1) * sizeof(*child));
	parent->kids[parent->n] = *child;
	memset(child, 0, sizeof(*child));
	return &parent->kids[parent->n++];
}

struct snode *
snode_add(struct snode *parent, const char *label, const char *value, size_t vlen)
{
	struct snode c = { .label = xstrdup(label), .value = value ? xstrndup(value, vlen) : NULL };

	return snode_adopt(parent, &c);
}

void
snode_index(struct snode *n)
{
	for (size_t i = 0; i < n->n; i++)
		snode_index(&n->kids[i]);
	free(n->byname);
	n->byname = NULL;
	if (n->n >= INDEX_FROM) {
		n->byname = xcalloc(n->n, sizeof(*n->byname));
		for (size_t i = 0; i < n->n; i++)
			n->byname[i] = i;
		qsort_r(n->byname, n->n, sizeof(*n->byname), cmp_kid, n->kids);
	}
}
