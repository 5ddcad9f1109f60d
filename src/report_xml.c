/* report_xml.c - list --format xml's <tree>: the Augeas tree the services were read from
 *
 * aug_to_xml of /files and of the links subtree, in one element an auditor
 * can query with XPath. Its text and labels are made safe the way emit.c
 * makes every string: U+FFFD for what XML cannot carry, and the bytes in a
 * sibling: a label_hex attribute, a <value_hex> element after <value>.
 */
#include <errno.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"
#include "emit.h"
#include "headers.h"
#include "snapshot.h"

/* Makes every attribute and text of N and below safe (see above). */
static void
make_safe(xmlNodePtr n)
{
	for (xmlNodePtr next; n != NULL; n = next) {
		char *clean, *hex, *name;

		next = n->next;
		if (n->type == XML_ELEMENT_NODE) {
			for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
				xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

				if (v != NULL && emit_clean((const char *)v, &clean, &hex)) {
					name = xasprintf("%s_hex", (const char *)a->name);
					xmlSetProp(n, a->name, BAD_CAST clean);
					xmlSetProp(n, BAD_CAST name, BAD_CAST hex);
					free(name);
					free(hex);
				}
				if (v != NULL)
					free(clean);
				xmlFree(v);
			}
			make_safe(n->children);
		} else if (n->type == XML_TEXT_NODE && n->content != NULL) {
			xmlNodePtr parent = n->parent, h;

			if (!emit_clean((const char *)n->content, &clean, &hex)) {
				free(clean); /* always made, even when nothing changed */
				continue;
			}
			xmlNodeSetContent(n, NULL);
			xmlNodeAddContent(n, BAD_CAST clean);
			if (parent != NULL && parent->type == XML_ELEMENT_NODE) {
				name = xasprintf("%s_hex", (const char *)parent->name);
				h = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, BAD_CAST hex);
				xmlAddNextSibling(parent, h);
				free(name);
			}
			free(clean);
			free(hex);
		}
	}
}

/* aug_to_xml of PATH, copied under PARENT; *TOP (may be NULL): its <node> for PATH itself. */
static int
add_tree(xmlNodePtr parent, xmlDocPtr doc, const struct tree *t, const char *path,
	 xmlNodePtr *top)
{
	xmlNode *x = NULL, *copy;

	if (aug_to_xml(t->aug, path, &x, 0) < 0 || x == NULL)
		return errorf(-EIO, "augeas: cannot turn %s into XML: %s", path,
			      aug_error_message(t->aug));
	copy = xmlAddChild(parent, xmlDocCopyNode(x, doc, 1));
	xmlFreeNode(x);
	if (top != NULL)
		*top = xmlFirstElementChild(copy);
	return 0;
}

/* The <node label=LABEL> child of P, made at the end if missing. */
static xmlNodePtr
child_node(xmlNodePtr p, const char *label)
{
	xmlNodePtr c;

	for (c = xmlFirstElementChild(p); c != NULL; c = xmlNextElementSibling(c)) {
		xmlChar *l = xmlGetProp(c, BAD_CAST "label");
		bool hit = l != NULL && streq((const char *)l, label);

		xmlFree(l);
		if (hit)
			return c;
	}
	c = xmlNewChild(p, NULL, BAD_CAST "node", NULL);
	xmlSetProp(c, BAD_CAST "label", BAD_CAST label);
	return c;
}

/* N and what is below it as aug_to_xml writes a node: <node label><value/><node/>...</node>. */
static xmlNodePtr
snode_xml(const struct snode *n, const char *label)
{
	xmlNodePtr x = xmlNewNode(NULL, BAD_CAST "node");

	xmlSetProp(x, BAD_CAST "label", BAD_CAST label);
	if (n->value != NULL)
		xmlNewTextChild(x, NULL, BAD_CAST "value", BAD_CAST n->value);
	for (size_t i = 0; i < n->n; i++)
		xmlAddChild(x, snode_xml(&n->kids[i], n->kids[i].label));
	return x;
}

/*
 * The init scripts' headers, read outside /files (headers.h), where each
 * script is under FILES: <node label="ssh"> in etc/init.d, as when the
 * whole script was a file of the tree.
 */
static int
add_headers(xmlNodePtr files, const struct tree *t)
{
	xmlNodePtr dir = NULL;
	char *dirname = NULL;
	size_t *idx = NULL, n;

	if (scripts_own(t)->headers == NULL || files == NULL)
		return 0;
	n = headers_unique(t, &idx);
	for (size_t k = 0; k < n; k++) {
		const char *file = scripts_own(t)->script_files.v[idx[k]], *slash = strrchr(file, '/');
		const struct snode *h = headers_of(t, idx[k]);

		if (h == NULL)
			continue;
		if (dirname == NULL || slash == NULL || strlen(dirname) != (size_t)(slash - file) ||
		    strncmp(dirname, file, (size_t)(slash - file)) != 0) {
			struct strv parts = { 0 };

			free(dirname);
			dirname = xstrndup(file, slash ? (size_t)(slash - file) : 0);
			strv_split(&parts, dirname, "/");
			dir = files;
			for (size_t p = 0; p < parts.n; p++)
				dir = child_node(dir, parts.v[p]);
			strv_free(&parts);
		}
		xmlAddChild(dir, snode_xml(h, slash ? slash + 1 : file));
	}
	free(dirname);
	free(idx);
	return 0;
}

int
tree_xml(const struct tree *t, char **xml)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr tree = xmlNewNode(NULL, BAD_CAST "tree"), files = NULL;
	xmlBufferPtr buf = xmlBufferCreate();
	int r;

	*xml = NULL;
	xmlDocSetRootElement(doc, tree);
	/* what deafen reads in C is in the tree too, read by its lens for this view */
	r = tree_load_deferred(t);
	if (r == 0)
		r = add_tree(tree, doc, t, "/files", &files);
	if (r == 0)
		r = add_headers(files, t);
	if (r == 0)
		r = add_tree(tree, doc, t, LINKS_TREE, NULL);
	if (r == 0) {
		make_safe(tree);
		if (buf == NULL || xmlNodeDump(buf, doc, tree, 1, 1) < 0)
			r = errorf(-ENOMEM, "cannot write the tree as XML");
		else
			*xml = xstrdup((const char *)xmlBufferContent(buf));
	}
	if (buf != NULL)
		xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return r;
}
