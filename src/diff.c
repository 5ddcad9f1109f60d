/* diff.c - what a plan changes, as a diff in git's format
 *
 * The contract: `git apply` in a copy of the root reproduces what apply
 * writes, links included, and `patch -p1` applies the file hunks. Files come
 * from tree_render(): the same text apply writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "linediff.h"
#include "plan.h"
#include "root.h"
#include "source.h"
#include "tree.h"
#include "util.h"

#define CONTEXT 3

#define C_META "\033[1m"
#define C_FRAG "\033[36m"
#define C_OLD "\033[31m"
#define C_NEW "\033[32m"
#define C_RESET "\033[m"

static void
put_line(FILE *f, char op, const struct line *l, bool color)
{
	const char *c = op == '-' ? C_OLD : op == '+' ? C_NEW : "";

	fprintf(f, "%s%c%.*s", color ? c : "", op, (int)(l->len - (l->s[l->len - 1] == '\n')),
		l->s);
	fputs(color && *c ? C_RESET "\n" : "\n", f);
	if (l->s[l->len - 1] != '\n')
		fputs("\\ No newline at end of file\n", f);
}

static void
range(FILE *f, long start, long count)
{
	/* an empty range names the line before it */
	if (count == 1)
		fprintf(f, "%ld", start + 1);
	else
		fprintf(f, "%ld,%ld", count == 0 ? start : start + 1, count);
}

/*
 * PREFIX + PATH as git writes a name: in double quotes with C escapes when
 * it holds a control byte, a quote, a backslash or a byte above 0x7e
 * (core.quotePath), so that git apply reads it back. Allocated.
 */
static char *
git_name(const char *prefix, const char *path)
{
	static const char esc[] = "\a\b\t\n\v\f\r";
	char *full = xasprintf("%s%s", prefix, path), *out, *o;
	bool quote = false;

	for (const unsigned char *c = (const unsigned char *)full; *c; c++)
		quote |= *c < 0x20 || *c == '"' || *c == '\\' || *c >= 0x7f;
	if (!quote)
		return full;
	out = xmalloc(4 * strlen(full) + 3);
	o = out;
	*o++ = '"';
	for (const unsigned char *c = (const unsigned char *)full; *c; c++) {
		if (*c >= '\a' && *c <= '\r') {
			*o++ = '\\';
			*o++ = esc[*c - '\a'];
		} else if (*c == '"' || *c == '\\') {
			*o++ = '\\';
			*o++ = (char)*c;
		} else if (*c < 0x20 || *c >= 0x7f) {
			o += sprintf(o, "\\%03o", *c);
		} else {
			*o++ = (char)*c;
		}
	}
	*o++ = '"';
	*o = '\0';
	free(full);
	return out;
}

/* git ends a ---/+++ line with a tab when the name has a space: patch(1) reads it then */
static const char *
name_end(const char *path)
{
	return strchr(path, ' ') ? "\t" : "";
}

char *
diff_text(const char *path, const char *old, const char *new, bool color)
{
	size_t n, m, nops, i = 0, len;
	struct line *a = line_split(old, strlen(old), &n), *b = line_split(new, strlen(new), &m);
	char *ops = line_diff(a, n, b, m, &nops), *out = NULL, *qa, *qb;
	long ai = 0, bi = 0; /* position in a and b at ops[i] */
	FILE *f;

	if (strspn(ops, " ") == nops) {
		free(a);
		free(b);
		free(ops);
		return NULL;
	}
	f = open_memstream(&out, &len);
	qa = git_name("a/", path);
	qb = git_name("b/", path);
	fprintf(f, "%sdiff --git %s %s\n--- %s%s\n+++ %s%s%s\n", color ? C_META : "", qa, qb, qa,
		name_end(path), qb, name_end(path), color ? C_RESET : "");
	free(qa);
	free(qb);
	while (i < nops) {
		size_t start, end, j;
		long as, bs, ac = 0, bc = 0;

		/* next change */
		while (i < nops && ops[i] == ' ')
			i++, ai++, bi++;
		if (i == nops)
			break;
		start = i >= CONTEXT ? i - CONTEXT : 0;
		as = ai - (long)(i - start);
		bs = bi - (long)(i - start);
		/* extend while the next change is at most 2*CONTEXT lines away */
		end = i;
		for (j = i; j < nops;) {
			size_t eq = 0;

			while (j < nops && ops[j] != ' ')
				j++;
			end = j;
			while (j + eq < nops && ops[j + eq] == ' ')
				eq++;
			if (j + eq == nops || eq > 2 * CONTEXT) {
				end = j + (eq < CONTEXT ? eq : CONTEXT);
				break;
			}
			j += eq;
		}
		for (j = start; j < end; j++) {
			ac += ops[j] != '+';
			bc += ops[j] != '-';
		}
		fprintf(f, "%s@@ -", color ? C_FRAG : "");
		range(f, as, ac);
		fputs(" +", f);
		range(f, bs, bc);
		fprintf(f, " @@%s\n", color ? C_RESET : "");
		ai = as;
		bi = bs;
		for (j = start; j < end; j++) {
			if (ops[j] == '+')
				put_line(f, '+', &b[bi++], color);
			else if (ops[j] == '-')
				put_line(f, '-', &a[ai++], color);
			else
				put_line(f, ' ', &a[ai++], color), bi++;
		}
		i = end;
	}
	fclose(f);
	free(a);
	free(b);
	free(ops);
	return out;
}

char *
diff_link(const struct link_edit *e, bool color)
{
	const char *meta = color ? C_META : "", *reset = color ? C_RESET : "";
	char *from = e->from ? xasprintf("%s/%s", e->dir, e->from) : NULL;
	char *to = e->to ? xasprintf("%s/%s", e->dir, e->to) : NULL;
	/* a deletion names its old link twice, a creation its new one */
	const char *one = e->op == LINK_CREATE ? to : from, *two = e->op == LINK_DELETE ? from : to;
	char *qa = git_name("a/", one), *qb = git_name("b/", two);
	char *rf = git_name("", one), *rt = git_name("", two), *out = NULL;

	switch (e->op) {
	case LINK_RENAME:
		out = xasprintf("%sdiff --git %s %s\nsimilarity index 100%%\n"
				"rename from %s\nrename to %s%s\n",
				meta, qa, qb, rf, rt, reset);
		break;
	case LINK_DELETE:
		out = xasprintf("%sdiff --git %s %s\ndeleted file mode 120000\n--- %s%s\n"
				"+++ /dev/null%s\n%s@@ -1 +0,0 @@%s\n%s-%s%s\n"
				"\\ No newline at end of file\n",
				meta, qa, qb, qa, name_end(one), reset, color ? C_FRAG : "", reset,
				color ? C_OLD : "", e->target, reset);
		break;
	case LINK_CREATE:
		out = xasprintf("%sdiff --git %s %s\nnew file mode 120000\n--- /dev/null\n"
				"+++ %s%s%s\n%s@@ -0,0 +1 @@%s\n%s+%s%s\n"
				"\\ No newline at end of file\n",
				meta, qa, qb, qb, name_end(two), reset, color ? C_FRAG : "", reset,
				color ? C_NEW : "", e->target, reset);
		break;
	}
	free(from);
	free(to);
	free(qa);
	free(qb);
	free(rf);
	free(rt);
	return out;
}

struct entry {
	char *key;
	int rank; /* on one path, a deletion before a creation */
	char *text;
};

static int
cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c != 0 ? c : a->rank - b->rank;
}

int
diff_plan(const struct tree *t, const struct plan *p, FILE *out, bool color)
{
	struct entry *v = xcalloc(p->n + p->files.n + 1, sizeof(*v));
	char **news = xcalloc(p->files.n + 1, sizeof(*news));
	size_t n = 0;
	int r;

	r = sources_render_files(t, p, news);
	root_cache(true); /* only reads: the directories of thousands of files resolved once */
	for (size_t i = 0; r == 0 && i < p->files.n; i++) {
		const char *file = p->files.v[i];
		char *old = NULL;

		r = root_read_input(t->root, file, file, &old, NULL);
		if (r == 0 && (v[n].text = diff_text(file, old, news[i], color)) != NULL)
			v[n++].key = xstrdup(file);
		free(old);
	}
	root_cache(false);
	for (size_t i = 0; i < p->files.n; i++)
		free(news[i]);
	free(news);
	for (size_t i = 0; r == 0 && i < p->n; i++) {
		const struct link_edit *e = &p->v[i].link;

		if (p->v[i].kind != ACT_LINK)
			continue;
		v[n].key = xasprintf("%s/%s", e->dir, e->from ? e->from : e->to);
		v[n].rank = e->op == LINK_DELETE ? 0 : 1;
		v[n++].text = diff_link(e, color);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_entry);
	for (size_t i = 0; i < n; i++) {
		if (r == 0 && fputs(v[i].text, out) < 0)
			r = errorf(-EIO, "write error: %s", strerror(errno));
		free(v[i].key);
		free(v[i].text);
	}
	free(v);
	return r < 0 ? r : (int)n;
}
