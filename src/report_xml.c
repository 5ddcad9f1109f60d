/* report_xml.c - deafen --format xml list: the inventory and the tree itself
 *
 * The services as deafen sees them, then the Augeas tree they were read
 * from (aug_to_xml of /files and of the links subtree): one document an
 * auditor can query with XPath. A byte XML cannot carry (a control byte, a
 * byte of no UTF-8 character: a Latin-1 comment, a name with \001 in it)
 * is written as the four characters \xHH, so the document stays
 * well-formed.
 */
#include <errno.h>
#include <libxml/chvalid.h>
#include <libxml/tree.h>
#include <libxml/xmlstring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"

/* S with each byte XML cannot carry written \xHH; NULL when S is fine. */
static xmlChar *
xml_safe(const xmlChar *s)
{
	size_t n = strlen((const char *)s), at = 0;
	xmlChar *out = NULL;

	for (size_t i = 0; i < n;) {
		int len = n - i < 4 ? (int)(n - i) : 4;
		int c = xmlGetUTF8Char(s + i, &len);

		if (c >= 0 && xmlIsCharQ(c)) {
			if (out != NULL)
				memcpy(out + at, s + i, (size_t)len);
			at += out != NULL ? (size_t)len : 0;
			i += (size_t)len;
			continue;
		}
		if (out == NULL) { /* the first bad byte: room for all of them bad */
			out = xmalloc(4 * n + 1);
			memcpy(out, s, i);
			at = i;
		}
		snprintf((char *)out + at, 5, "\\x%02X", s[i]);
		at += 4;
		i++;
	}
	if (out != NULL)
		out[at] = '\0';
	return out;
}

/* Makes every attribute and text of N and below safe (see xml_safe). */
static void
make_safe(xmlNodePtr n)
{
	for (; n != NULL; n = n->next) {
		xmlChar *fixed;

		if (n->type == XML_TEXT_NODE && n->content != NULL &&
		    (fixed = xml_safe(n->content)) != NULL) {
			xmlNodeSetContent(n, NULL);
			xmlNodeAddContent(n, fixed);
			free(fixed);
		}
		if (n->type == XML_ELEMENT_NODE)
			for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
				make_safe(a->children);
		make_safe(n->children);
	}
}

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
		xmlNodePtr n;
		char *w;

		if (!list_shows(d, s))
			continue;
		n = xmlNewChild(services, NULL, BAD_CAST "service", NULL);
		w = service_where(s);

		prop(n, "name", s->name);
		prop(n, "kind", kind_name(s->kind));
		prop(n, "where", w);
		prop(n, "state", state_name(s->state));
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
		make_safe(root);
		xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
		if (text != NULL)
			fwrite(text, 1, (size_t)len, stdout);
		xmlFree(text);
	}
	xmlFreeDoc(doc);
	return r;
}
