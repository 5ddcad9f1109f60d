/* knowledge.c - what deafen knows of well-known services (from the seed)
 *
 * One row per service: the names that mean it (its /etc/services name first,
 * then aliases, its daemon, init scripts, packages), its rival
 * implementations, and whether it serves the network. The names are
 * interchangeable in a policy; an implementation names only itself, plus
 * the service: "smtp" selects exim4 and postfix, "postfix" only postfix.
 */
#include <string.h>

#include "knowledge.h"

static const struct known table[] = {
#include "knowledge-table.h"
};

static int
word_has(const char *s, const char *name)
{
	size_t n = strlen(name);

	while (*s != '\0') {
		size_t w = strcspn(s, " ");

		if (w == n && strncmp(s, name, n) == 0)
			return 1;
		s += w;
		s += strspn(s, " ");
	}
	return 0;
}

static int
row_has(const struct known *k, const char *name)
{
	return word_has(k->names, name) || (k->impls != NULL && word_has(k->impls, name));
}

const struct known *
knowledge_find(const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(table); i++)
		if (row_has(&table[i], name))
			return &table[i];
	return NULL;
}

void
knowledge_expand(const char *name, struct strv *names)
{
	for (size_t i = 0; i < ELEMENTSOF(table); i++) {
		struct strv row = {0};

		if (!row_has(&table[i], name))
			continue;
		strv_split(&row, table[i].names, " ");
		for (size_t k = 0; k < row.n; k++)
			strv_push_unique(names, row.v[k]);
		strv_free(&row);
	}
}

void
knowledge_synonyms(const char *name, struct strv *names)
{
	for (size_t i = 0; i < ELEMENTSOF(table); i++) {
		struct strv row = {0};

		if (!word_has(table[i].names, name))
			continue;
		strv_split(&row, table[i].names, " ");
		for (size_t k = 0; k < row.n; k++)
			strv_push_unique(names, row.v[k]);
		strv_free(&row);
	}
}
