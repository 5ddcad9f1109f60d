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

static int
add_tree(xmlNodePtr parent, xmlDocPtr doc, const struct tree *t, const char *path)
{
	xmlNode *x = NULL;

	if (aug_to_xml(t->aug, path, &x, 0) < 0 || x == NULL)
		return errorf(-EIO, "augeas: cannot turn %s into XML: %s", path,
			      aug_error_message(t->aug));
	xmlAddChild(parent, xmlDocCopyNode(x, doc, 1));
	xmlFreeNode(x);
	return 0;
}

int
tree_xml(const struct tree *t, char **xml)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr tree = xmlNewNode(NULL, BAD_CAST "tree");
	xmlBufferPtr buf = xmlBufferCreate();
	int r;

	*xml = NULL;
	xmlDocSetRootElement(doc, tree);
	r = add_tree(tree, doc, t, "/files");
	if (r == 0)
		r = add_tree(tree, doc, t, LINKS_TREE);
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
