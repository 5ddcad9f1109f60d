/* knowledge.c - what deafen knows of well-known services (from the seed)
 *
 * One row per service: the names that mean it (its /etc/services name first,
 * then aliases, its daemon, init scripts, packages), its rival
 * implementations, and whether it serves the network. The names are
 * interchangeable in a policy; an implementation names only itself, plus
 * the service: "smtp" selects exim4 and postfix, "postfix" only postfix.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge.h"

static const struct known table[] = {
#include "knowledge-table.h"
};

/*
 * Every word of the table's names and impls, sorted, with its row: a
 * lookup was a pass over every row's words, for each name of each service
 * (8 M instructions of a plan on a Debian server).
 */
struct word {
	const char *w; /* in the table's string, LEN bytes */
	size_t len, row;
	bool impl;
};

static struct word *words;
static size_t nwords;

static int
word_cmp(const void *x, const void *y)
{
	const struct word *a = x, *b = y;
	int c = strncmp(a->w, b->w, a->len < b->len ? a->len : b->len);

	if (c == 0 && a->len != b->len)
		c = a->len < b->len ? -1 : 1;
	return c != 0 ? c : (a->row > b->row) - (a->row < b->row);
}

static void
add_words(const char *s, size_t row, bool impl)
{
	while (s != NULL && *s != '\0') {
		size_t w = strcspn(s, " ");

		if (w > 0) {
			words = xrealloc(words, (nwords + 1) * sizeof(*words));
			words[nwords++] = (struct word){ s, w, row, impl };
		}
		s += w;
		s += strspn(s, " ");
	}
}

/* The index's entries for NAME: *N of them from the returned one, by row. */
static const struct word *
lookup(const char *name, size_t *n)
{
	struct word key = { name, strlen(name), 0, false };
	size_t lo = 0, hi;

	if (words == NULL) {
		for (size_t i = 0; i < ELEMENTSOF(table); i++) {
			add_words(table[i].names, i, false);
			add_words(table[i].impls, i, true);
		}
		qsort(words, nwords, sizeof(*words), word_cmp);
	}
	hi = nwords;
	while (lo < hi) { /* the first entry not below NAME (row 0) */
		size_t mid = lo + (hi - lo) / 2;

		if (word_cmp(&words[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < nwords && words[hi].len == key.len && memcmp(words[hi].w, name, key.len) == 0;)
		hi++;
	*n = hi - lo;
	return words + lo;
}

const struct known *
knowledge_find(const char *name)
{
	size_t n;
	const struct word *w = lookup(name, &n);

	return n > 0 ? &table[w[0].row] : NULL;
}

void
knowledge_expand(const char *name, struct strv *names)
{
	size_t n;
	const struct word *w = lookup(name, &n);

	for (size_t j = 0; j < n; j++) {
		struct strv row = {0};
		size_t i = w[j].row;

		if (j > 0 && w[j - 1].row == i)
			continue; /* a word twice in a row */
		strv_split(&row, table[i].names, " ");
		for (size_t k = 0; k < row.n; k++)
			strv_push_unique(names, row.v[k]);
		strv_free(&row);
	}
}

void
knowledge_synonyms(const char *name, struct strv *names)
{
	size_t n;
	const struct word *w = lookup(name, &n);

	for (size_t j = 0; j < n; j++) {
		struct strv row = {0};
		size_t i = w[j].row;

		if (w[j].impl || (j > 0 && w[j - 1].row == i && !w[j - 1].impl))
			continue; /* its names only, once a row */
		strv_split(&row, table[i].names, " ");
		for (size_t k = 0; k < row.n; k++)
			strv_push_unique(names, row.v[k]);
		strv_free(&row);
	}
}
