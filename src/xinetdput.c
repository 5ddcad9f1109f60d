/* xinetdput.c - the xinetd files a plan changes, written through the lens node by node
 *
 * Why: every aug_text_retrieve compiles the lens's regexps anew (Augeas
 * frees them after each call) and parses the whole original text into a
 * skeleton before it writes a byte; a plan that sets "disable" in 5,000
 * files spent over a million instructions a file there. Deafen's edits of
 * an xinetd file are local: an attribute of a service block gets a value,
 * or a new attribute goes in as the block's last line. In Augeas's put a
 * node of a star is written from its own skeleton (the lines it was read
 * from, matched by label and rank among the block's nodes) or, new, from
 * the lens's defaults; the other lines come out as they were read. So the
 * changed attributes alone, read from their lines into a tree of their
 * own (Deafen_xinetd.attributes), given their new values and written back
 * in one put for the whole plan, are the bytes the whole-file put writes
 * for them; the rest of each file is its text. tests/fuzz/fuzz_xinetdput.c
 * checks that against the whole-file put.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "tree.h"
#include "util.h"
#include "xinetdput.h"
#include "xinetdtext.h"

static const char lens[] = "Deafen_xinetd.attributes";
static const char text_node[] = "/deafen/xput/text", group[] = "/deafen/xput/g";

/* One changed attribute: its lines in file FILE's text, or a new one at OFF. */
struct piece {
	size_t file;       /* index in P->files */
	size_t off, len;   /* len 0: added at OFF */
	const char *label; /* in the action's node */
	size_t label_len;
	const char *value;
	char *out; /* what the lens wrote for it */
};

struct pieces {
	struct piece *v;
	size_t n, cap;
};

static int
action_cmp(const void *a, const void *b)
{
	const struct action *x = *(const struct action *const *)a,
			    *y = *(const struct action *const *)b;

	return strcmp(x->file, y->file);
}

/*
 * The service block and attribute of NODE below file node FNODE:
 * "service[K]/NAME[1]" (or "service/..." when the file has one block; no
 * "[1]" for an added one). false for any other node.
 */
static bool
parse_node(const char *node, const char *fnode, bool added, size_t nblocks, size_t *block,
	   const char **label, size_t *label_len)
{
	size_t n = strlen(fnode);
	const char *s = node + n;
	char *end;

	if (strncmp(node, fnode, n) != 0 || !startswith(s, "/service"))
		return false;
	s += strlen("/service");
	*block = 1;
	if (*s == '[') {
		unsigned long k = strtoul(s + 1, &end, 10);

		if (end == s + 1 || *end != ']' || k == 0)
			return false;
		*block = k;
		s = end + 1;
	} else if (nblocks != 1) {
		return false;
	}
	if (*block > nblocks || *s++ != '/')
		return false;
	*label = s;
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
	       *s == '_')
		s++;
	*label_len = (size_t)(s - *label);
	return added ? *s == '\0' : streq(s, "[1]");
}

/*
 * The pieces of file I of P, its text TEXT, from its actions A[0..N):
 * appended to PS; false (PS as it was) where an action is not a set or an
 * add of a service block's attribute the text shows where to write.
 */
static bool
file_pieces(const struct tree *t, const struct plan *p, size_t i, const char *text,
	    struct action *const *a, size_t n, struct pieces *ps)
{
	char *fnode = tree_file_path(t, p->files.v[i]);
	struct xinetd_block *b = NULL;
	long nb = xinetd_blocks(text, &b);
	size_t first = ps->n;
	bool ok = nb >= 0;

	for (size_t k = 0; ok && k < n; k++) {
		struct piece pc = { .file = i, .value = a[k]->value };
		size_t blk = 0;
		char *name;

		ok = a[k]->value != NULL &&
		     parse_node(a[k]->node, fnode, a[k]->added, (size_t)nb, &blk, &pc.label,
				&pc.label_len);
		if (!ok)
			break;
		name = xstrndup(pc.label, pc.label_len);
		if (a[k]->added) {
			/* a new node of a label the block has no line of: the last line */
			ok = !xinetd_attribute(text, &b[blk - 1], name, &pc.off, &pc.len);
			pc.off = b[blk - 1].close;
			pc.len = 0;
		} else {
			ok = xinetd_attribute(text, &b[blk - 1], name, &pc.off, &pc.len);
		}
		free(name);
		/* one change a node, one node added a block */
		for (size_t j = first; ok && j < ps->n; j++)
			ok = ps->v[j].off != pc.off;
		if (ok) {
			if (ps->n == ps->cap)
				ps->v = xrealloc(ps->v, (ps->cap = ps->cap ? 2 * ps->cap : 16) *
							     sizeof(*ps->v));
			ps->v[ps->n++] = pc;
		}
	}
	if (!ok)
		ps->n = first;
	free(b);
	free(fnode);
	return ok;
}

static int
label_cmp(const struct piece *x, const struct piece *y)
{
	int c = strncmp(x->label, y->label, x->label_len < y->label_len ? x->label_len : y->label_len);

	return c != 0 ? c : (x->label_len > y->label_len) - (x->label_len < y->label_len);
}

/*
 * Orders the set pieces by value, then by their lines in TEXTS (V), then as
 * they came; the added ones last, by value and label.
 */
static int
piece_cmp(const void *a, const void *b, void *v)
{
	const struct piece *x = a, *y = b;
	const char *const *texts = v;
	int c;

	if ((x->len == 0) != (y->len == 0))
		return x->len == 0 ? 1 : -1;
	if ((c = strcmp(x->value, y->value)) != 0)
		return c;
	if (x->len == 0 && (c = label_cmp(x, y)) != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->len > 0 && (c = memcmp(texts[x->file] + x->off, texts[y->file] + y->off, x->len)) != 0)
		return c;
	return x->file != y->file ? (x->file < y->file ? -1 : 1) : (x->off > y->off) - (x->off < y->off);
}

/* Do set pieces X and Y (TEXTS) have the same lines and value: the same output? */
static bool
same_set(const char *const *texts, const struct piece *x, const struct piece *y)
{
	return x->len > 0 && x->len == y->len && streq(x->value, y->value) &&
	       memcmp(texts[x->file] + x->off, texts[y->file] + y->off, x->len) == 0;
}

static bool
same_new(const struct piece *x, const struct piece *y)
{
	return x->len == 0 && y->len == 0 && streq(x->value, y->value) && label_cmp(x, y) == 0;
}

/*
 * Puts the pieces PS (sorted: piece_cmp) through the lens at once: their
 * lines read into a tree of their own, each set piece given its value, one
 * node for each kind of added piece (a label and value: Augeas writes a
 * new node from the lens's defaults alone), and written back. -EAGAIN
 * when Augeas does not take them as read.
 */
static int
put_pieces(const struct tree *t, const char *const *texts, struct pieces *ps)
{
	char *in = NULL, *out = NULL, *q;
	const char *v = NULL;
	size_t len = 0, nset = 0;
	FILE *f = open_memstream(&in, &len);
	int r = 0;

	if (f == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < ps->n && ps->v[i].len > 0; i++, nset++)
		fwrite(texts[ps->v[i].file] + ps->v[i].off, 1, ps->v[i].len, f);
	if (fclose(f) != 0) {
		free(in);
		return -ENOMEM;
	}
	if (aug_set(t->aug, text_node, in) < 0 ||
	    (nset > 0 && aug_text_store(t->aug, lens, text_node, group) < 0) ||
	    (nset == 0 && aug_set(t->aug, group, NULL) < 0))
		r = -EAGAIN;
	{
		char *all = xasprintf("%s/*", group);

		if (r == 0 && aug_match(t->aug, all, NULL) != (int)nset)
			r = -EAGAIN;
		free(all);
	}
	/* the values, one aug_setm a run of pieces of the same value */
	for (size_t i = 0; r == 0 && i < nset;) {
		size_t j = i;
		char *sub;

		while (j + 1 < nset && streq(ps->v[j + 1].value, ps->v[i].value))
			j++;
		sub = xasprintf("*[position() >= %zu and position() <= %zu]", i + 1, j + 1);
		if (aug_setm(t->aug, group, sub, ps->v[i].value) != (int)(j - i + 1))
			r = -EAGAIN;
		free(sub);
		i = j + 1;
	}
	/* a node for each kind of added piece, after the others */
	for (size_t i = nset; r == 0 && i < ps->n; i++)
		if (i == nset || !same_new(&ps->v[i - 1], &ps->v[i])) {
			char *node = xasprintf("%s/%.*s[last()+1]", group, (int)ps->v[i].label_len,
					       ps->v[i].label);

			if (aug_set(t->aug, node, ps->v[i].value) < 0)
				r = -EAGAIN;
			free(node);
		}
	if (r == 0 && (aug_text_retrieve(t->aug, lens, text_node, group, "/deafen/xput/out") < 0 ||
		       aug_get(t->aug, "/deafen/xput/out", &v) != 1 || v == NULL))
		r = -EAGAIN;
	if (r == 0)
		out = xstrdup(v);
	/* each set piece keeps its count of lines, an added one is one line */
	q = out;
	for (size_t i = 0; r == 0 && i < ps->n; i++) {
		const char *e = q;
		size_t want = ps->v[i].len > 0 ?
			count_lines(texts[ps->v[i].file] + ps->v[i].off, ps->v[i].len) : 1;

		if (ps->v[i].len == 0 && i > nset && same_new(&ps->v[i - 1], &ps->v[i])) {
			ps->v[i].out = xstrdup(ps->v[i - 1].out);
			continue;
		}
		for (size_t l = 0; e != NULL && l < want; l++)
			if ((e = strchr(e, '\n')) != NULL)
				e++;
		if (e == NULL) {
			r = -EAGAIN;
			break;
		}
		ps->v[i].out = xstrndup(q, (size_t)(e - q));
		q = (char *)e;
	}
	if (r == 0 && *q != '\0')
		r = -EAGAIN;
	(void)aug_rm(t->aug, "/deafen/xput");
	free(out);
	free(in);
	return r;
}

/* Orders the pieces by file, then by where they go in it. */
static int
place_cmp(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return (x->off > y->off) - (x->off < y->off);
}

/* TEXT with the pieces V[0..N) (in place order) written in, into *OUT. */
static int
splice(const char *text, const struct piece *v, size_t n, char **out)
{
	size_t at = 0, len = 0;
	FILE *f;

	*out = NULL;
	if ((f = open_memstream(out, &len)) == NULL)
		return -ENOMEM;
	for (size_t k = 0; k < n; k++) {
		fwrite(text + at, 1, v[k].off - at, f);
		fputs(v[k].out, f);
		at = v[k].off + v[k].len;
	}
	fputs(text + at, f);
	if (fclose(f) != 0) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}

int
xinetd_put_changed(const struct tree *t, const struct plan *p, char **outs)
{
	/*
	 * Pieces a put: Augeas's put works out the path of every node it
	 * writes, a count of its siblings of the same label (quadratic in
	 * them); a put costs a compile of the small lens (~0.5 M instructions)
	 * and ~100 K a piece (1,000 pieces in groups of 64 or 256: the same)
	 */
	enum { GROUP = 256 };
	struct action **a = xcalloc(p->n + 1, sizeof(*a));
	char **texts = xcalloc(p->files.n + 1, sizeof(*texts));
	bool *mine = xcalloc(p->files.n + 1, sizeof(*mine));
	struct pieces ps = { 0 };
	size_t na = 0, k = 0;
	bool outs_ok = true;
	int r = 0;

	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].kind == ACT_XINETD_OFF && p->v[i].file != NULL && p->v[i].node != NULL)
			a[na++] = &p->v[i];
	qsort(a, na, sizeof(*a), action_cmp);
	/* p->files is sorted, and so are the actions by file: one walk */
	for (size_t i = 0; r == 0 && i < p->files.n; i++) {
		size_t from;
		int c = 1;

		while (k < na && (c = strcmp(a[k]->file, p->files.v[i])) < 0)
			k++;
		if (c != 0 || outs[i] != NULL)
			continue;
		for (from = k; k < na && streq(a[k]->file, p->files.v[i]);)
			k++;
		if ((r = tree_loaded_text(t, p->files.v[i], &texts[i])) < 0)
			break;
		mine[i] = file_pieces(t, p, i, texts[i], a + from, k - from, &ps);
	}
	if (r == 0 && ps.n > 0) {
		struct pieces uniq = { 0 };

		qsort_r(ps.v, ps.n, sizeof(*ps.v), piece_cmp, texts);
		/*
		 * A set piece is written from its own lines and value alone: the
		 * same lines and value, the same bytes (5,000 files' "\tdisable
		 * = no" in one put of one)
		 */
		uniq.v = xcalloc(ps.n + 1, sizeof(*uniq.v));
		for (size_t i = 0; i < ps.n; i++)
			if (uniq.n == 0 || !same_set((const char *const *)texts, &uniq.v[uniq.n - 1], &ps.v[i]))
				uniq.v[uniq.n++] = ps.v[i];
		for (size_t i = 0; r == 0 && i < uniq.n; i += GROUP) {
			struct pieces some = { uniq.v + i, uniq.n - i < GROUP ? uniq.n - i : GROUP, 0 };

			r = put_pieces(t, (const char *const *)texts, &some);
		}
		for (size_t i = 0, u = 0; r == 0 && i < ps.n; i++) {
			while (!same_set((const char *const *)texts, &uniq.v[u], &ps.v[i]) &&
			       !(uniq.v[u].file == ps.v[i].file && uniq.v[u].off == ps.v[i].off &&
				 uniq.v[u].len == ps.v[i].len))
				u++;
			ps.v[i].out = xstrdup(uniq.v[u].out);
		}
		for (size_t i = 0; i < uniq.n; i++)
			free(uniq.v[i].out);
		free(uniq.v);
		if (r == -EAGAIN)
			r = 0, outs_ok = false; /* not as read: each file whole through the lens */
		else
			qsort(ps.v, ps.n, sizeof(*ps.v), place_cmp);
		/* each file's pieces, a run of them */
		for (size_t i = 0, at = 0; r == 0 && outs_ok && i < p->files.n; i++) {
			size_t from = at;

			while (at < ps.n && ps.v[at].file == i)
				at++;
			if (mine[i])
				r = splice(texts[i], ps.v + from, at - from, &outs[i]);
		}
	}
	for (size_t i = 0; i < ps.n; i++)
		free(ps.v[i].out);
	free(ps.v);
	for (size_t i = 0; i < p->files.n; i++)
		free(texts[i]);
	free(texts);
	free(mine);
	free(a);
	return r;
}
