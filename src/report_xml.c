/* report_xml.c - deafen --format xml list: the inventory and the tree itself
 *
 * The services as deafen sees them, then the Augeas tree they were read
 * from (aug_to_xml of /files and of the links subtree): one document an
 * auditor can query with XPath.
 */
#include <errno.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"

static void
prop(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST(value ? value : ""));
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
list_xml(const struct deafen *d)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "deafen"), services, tree;
	xmlChar *text = NULL;
	int len = 0, r;

	xmlDocSetRootElement(doc, root);
	prop(root, "root", d->root);
	services = xmlNewChild(root, NULL, BAD_CAST "services", NULL);
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		xmlNodePtr n = xmlNewChild(services, NULL, BAD_CAST "service", NULL);
		char *w = service_where(s);

		prop(n, "name", s->name);
		prop(n, "kind", kind_name(s->kind));
		prop(n, "where", w);
		prop(n, "state", s->enabled ? "enabled" : "disabled");
		prop(n, "verdict", policy_verdict(&d->policy, s));
		for (size_t k = 0; k < s->ports.n; k++)
			xmlNewChild(n, NULL, BAD_CAST "port", BAD_CAST s->ports.v[k]);
		free(w);
	}
	tree = xmlNewChild(root, NULL, BAD_CAST "tree", NULL);
	r = add_tree(tree, doc, &d->tree, "/files");
	if (r == 0)
		r = add_tree(tree, doc, &d->tree, LINKS_TREE);
	if (r == 0) {
		xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
		if (text != NULL)
			fwrite(text, 1, (size_t)len, stdout);
		xmlFree(text);
	}
	xmlFreeDoc(doc);
	return r;
}
