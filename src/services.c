/* services.c - the root's /etc/services, read from the tree (stock Services lens) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services.h"
#include "tree.h"

int
services_load(const struct tree *t, struct services *s)
{
	struct tree_kv *names, *kids;
	size_t n, nk, k = 0;
	char *f, *pat;

	memset(s, 0, sizeof(*s));
	if (t->services_file == NULL)
		return 0;
	f = tree_file_path(t, t->services_file);
	pat = xasprintf("%s/service-name", f);
	n = tree_nodes(t, pat, &names);
	free(pat);
	pat = xasprintf("%s/service-name/*", f);
	nk = tree_nodes(t, pat, &kids);
	free(pat);
	free(f);
	s->v = xcalloc(n + 1, sizeof(*s->v));
	/* the children come in document order, each entry's "port" first */
	for (size_t i = 0; i < n; i++) {
		struct svcent *e = &s->v[s->n++];
		const char *proto = NULL;

		e->name = xstrdup(names[i].value ? names[i].value : "");
		if (k < nk && streq(kids[k].label, "port"))
			e->port = kids[k++].value ? atoi(kids[k - 1].value) : 0;
		for (; k < nk && !streq(kids[k].label, "port"); k++) {
			if (streq(kids[k].label, "protocol"))
				proto = kids[k].value;
			else if (streq(kids[k].label, "alias") && kids[k].value != NULL)
				strv_push(&e->aliases, kids[k].value);
		}
		e->proto = xstrdup(proto ? proto : "");
	}
	free(names);
	free(kids);
	return 0;
}

void
services_free(struct services *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].proto);
		strv_free(&s->v[i].aliases);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int
entry_is(const struct svcent *e, const char *name)
{
	return streq(e->name, name) || strv_contains(&e->aliases, name);
}

const struct svcent *
services_find(const struct services *s, const char *name, const char *proto)
{
	for (size_t i = 0; i < s->n; i++)
		if (entry_is(&s->v[i], name) && (proto == NULL || streq(s->v[i].proto, proto)))
			return &s->v[i];
	return NULL;
}

void
services_expand(const struct services *s, const char *name, struct strv *names)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct svcent *e = &s->v[i];
		char port[16];

		if (!entry_is(e, name))
			continue;
		strv_push_unique(names, e->name);
		for (size_t k = 0; k < e->aliases.n; k++)
			strv_push_unique(names, e->aliases.v[k]);
		snprintf(port, sizeof(port), "%d", e->port);
		strv_push_unique(names, port);
	}
}

int
services_setup(struct tree *t)
{
	return tree_add_path(t, "Services", "/etc/services", &t->services_file);
}
