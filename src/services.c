/* services.c - the root's /etc/services, read in C
 *
 * deafen only reads /etc/services: the stock Services lens cost ~12 M
 * instructions to compile and ~100 K a line to read (a third of a plan on
 * a small root). services_parse accepts exactly the lines the lens does
 * (tests/fuzz/fuzz_services compares the two) and builds the same tree;
 * the lens reads the file only for list --format xml (tree_load_deferred).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "root.h"
#include "services.h"
#include "snapshot.h"
#include "tree.h"

/* Services.lns's word_re: [a-zA-Z0-9_.+*\/:-] */
static bool
word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("_.+*/:-", c) != NULL);
}

static bool
alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

static size_t
span(const char *s, size_t n, bool (*ok)(char))
{
	size_t i = 0;

	while (i < n && ok(s[i]))
		i++;
	return i;
}

static size_t
blanks(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/*
 * S (N bytes, the rest of a line after "#" and blanks): 0 when it is blanks
 * only (Util.empty, or a record's "#" alone: no comment); 1 with *LEN the
 * comment's text when it is one Util.comment reads (a text that neither
 * starts nor ends with a CR, then blanks, then a CR perhaps: its doseol);
 * -1 otherwise.
 */
static int
comment_text(const char *s, size_t n, size_t *len)
{
	size_t m = n;

	while (m > 0 && (s[m - 1] == ' ' || s[m - 1] == '\t'))
		m--;
	*len = 0;
	if (m == 0)
		return 0;
	m = n;
	if (s[m - 1] == '\r')
		m--;
	while (m > 0 && (s[m - 1] == ' ' || s[m - 1] == '\t'))
		m--;
	*len = m;
	return m == 0 || s[0] == '\r' || s[m - 1] == '\r' ? -1 : 1;
}

/* A record: NAME PORT[-END]/PROTO [ALIAS...] [# COMMENT]; false if L (N bytes) is none. */
static bool
parse_record(const char *l, size_t n, struct snode *out)
{
	size_t i = span(l, n, word_char), k, c;
	struct snode *rec;

	if (i == 0 || (k = blanks(l + i, n - i)) == 0)
		return false;
	rec = snode_add(out, "service-name", l, i);
	i += k;
	if ((k = span(l + i, n - i, digit)) == 0)
		return false;
	if (i + k < n && l[i + k] == '-') {
		snode_add(rec, "start", l + i, k);
		i += k + 1;
		if ((k = span(l + i, n - i, digit)) == 0)
			return false;
		snode_add(rec, "end", l + i, k);
	} else {
		snode_add(rec, "port", l + i, k);
	}
	i += k;
	if (i == n || l[i] != '/' || (k = span(l + i + 1, n - i - 1, alpha)) == 0)
		return false;
	snode_add(rec, "protocol", l + i + 1, k);
	i += 1 + k;
	for (;;) {
		k = blanks(l + i, n - i);
		if (i + k == n)
			return true;
		if (l[i + k] == '#') {
			i += k + 1;
			i += blanks(l + i, n - i);
			switch (comment_text(l + i, n - i, &c)) {
			case 1:
				snode_add(rec, "#comment", l + i, c);
				/* fall through */
			case 0:
				return true;
			default:
				return false;
			}
		}
		if (k == 0 || (c = span(l + i + k, n - i - k, word_char)) == 0)
			return false;
		snode_add(rec, "alias", l + i + k, c);
		i += k + c;
	}
}

int
services_parse(const char *file, const char *text, size_t len, struct snode *out)
{
	size_t line = 0;

	memset(out, 0, sizeof(*out));
	out->label = xstrdup("services");
	for (size_t at = 0; at < len;) {
		const char *l = text + at, *nl = memchr(l, '\n', len - at);
		size_t n = nl ? (size_t)(nl - l) : len - at, k = blanks(l, n), c;
		bool ok;

		line++;
		at += n + 1;
		if (k < n && l[k] == '#') {
			k++;
			k += blanks(l + k, n - k);
			ok = comment_text(l + k, n - k, &c) >= 0;
			if (ok && c > 0)
				snode_add(out, "#comment", l + k, c);
		} else if (k == n) {
			ok = true; /* blank: Util.empty, no node */
		} else {
			ok = k == 0 && parse_record(l, n, out);
		}
		if (!ok) {
			snapshot_free(out);
			return errorf(-EBADMSG, "%s:%zu: this line does not parse: not NAME PORT/PROTOCOL "
						"[ALIAS...] [# COMMENT], a comment or a blank line",
				      file, line);
		}
	}
	snode_index(out);
	return 0;
}

/* Word K of entry E: 0 its name, then its aliases. */
static const char *
word_of(const struct services *s, size_t e, size_t k)
{
	return k == 0 ? s->v[e].name : s->v[e].aliases.v[k - 1];
}

static int
pair_cmp(const void *x, const void *y, void *services)
{
	const size_t *a = x, *b = y;
	int c = strcmp(word_of(services, a[0], a[1]), word_of(services, b[0], b[1]));

	return c != 0 ? c : (a[0] > b[0]) - (a[0] < b[0]);
}

/*
 * An index of every name and alias: services_find and services_expand
 * were a pass over the 361 entries of netbase's file for each name of
 * each service.
 */
static void
index_words(struct services *s)
{
	size_t n = 0;

	for (size_t e = 0; e < s->n; e++)
		n += 1 + s->v[e].aliases.n;
	s->byname = xcalloc(2 * n + 2, sizeof(*s->byname));
	for (size_t e = 0; e < s->n; e++)
		for (size_t k = 0; k <= s->v[e].aliases.n; k++) {
			s->byname[2 * s->nbyname] = e;
			s->byname[2 * s->nbyname++ + 1] = k;
		}
	qsort_r(s->byname, s->nbyname, 2 * sizeof(*s->byname), pair_cmp, s);
}

/* The entries NAME is the name or an alias of, in file order: *N pairs from the one returned. */
static const size_t *
lookup(const struct services *s, const char *name, size_t *n)
{
	size_t lo = 0, hi = s->nbyname, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(word_of(s, s->byname[2 * mid], s->byname[2 * mid + 1]), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < s->nbyname &&
		       streq(word_of(s, s->byname[2 * end], s->byname[2 * end + 1]), name);)
		end++;
	*n = end - lo;
	return s->byname + 2 * lo;
}

int
services_load(const struct tree *t, struct services *s)
{
	struct snode tree;
	char *text = NULL;
	size_t len = 0;
	int r;

	memset(s, 0, sizeof(*s));
	if (t->services_file == NULL)
		return 0;
	if ((r = root_read_input(t->root, t->services_file, t->services_file, &text, &len)) < 0)
		return r;
	r = services_parse(t->services_file, text, len, &tree);
	free(text);
	if (r < 0)
		return r;
	s->v = xcalloc(tree.n + 1, sizeof(*s->v));
	for (size_t i = 0; i < tree.n; i++) {
		const struct snode *rec = &tree.kids[i];
		struct svcent *e;
		const char *v;

		if (!streq(rec->label, "service-name"))
			continue;
		e = &s->v[s->n++];
		e->name = xstrdup(rec->value);
		e->port = (v = snode_value(rec, "port")) != NULL ? atoi(v) : 0;
		e->proto = xstrdup(snode_value(rec, "protocol"));
		for (size_t k = 0; k < rec->n; k++)
			if (streq(rec->kids[k].label, "alias"))
				strv_push(&e->aliases, rec->kids[k].value);
	}
	snapshot_free(&tree);
	index_words(s);
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
	free(s->byname);
	memset(s, 0, sizeof(*s));
}

const struct svcent *
services_find(const struct services *s, const char *name, const char *proto)
{
	size_t n;
	const size_t *p = lookup(s, name, &n);

	/* the first in the file: pairs of one word are in file order */
	for (size_t i = 0; i < n; i++)
		if (proto == NULL || streq(s->v[p[2 * i]].proto, proto))
			return &s->v[p[2 * i]];
	return NULL;
}

void
services_expand(const struct services *s, const char *name, struct strv *names)
{
	size_t n, last = SIZE_MAX;
	const size_t *p = lookup(s, name, &n);

	for (size_t i = 0; i < n; i++) {
		const struct svcent *e = &s->v[p[2 * i]];
		char port[16];

		if (p[2 * i] == last)
			continue; /* a name that is also its own alias */
		last = p[2 * i];
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
	int r = tree_resolve(t, "/etc/services", &t->services_file);

	/* read in C (services_load); through the lens only for the whole tree */
	if (r < 0 || t->services_file == NULL)
		return r;
	return tree_defer_file(t, "Services", t->services_file);
}
