/* xinetd.c - the xinetd source: xinetd.conf, what it includes, its blocks and their edits
 *
 * The files are read and written through Deafen_xinetd; includedir and
 * include are followed the way xinetd does. Disabling a block is
 * "disable = yes" in it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "arena.h"
#include "daemon.h"
#include "listen.h"
#include "root.h"
#include "service.h"
#include "snapshot.h"
#include "source.h"
#include "tree.h"
#include "xinetdput.h"

/* What xinetd.c keeps in the tree (tree_own). */
struct xinetd_own {
	struct strv files; /* xinetd.conf first, then what it includes */
	struct strv crlf;  /* those with CRLF line ends: not loaded, xinetd serves none of their services */
	bool predicted;    /* their include lines were followed before the load: */
	struct strv includes; /* those lines, "FILE INDEX\tLABEL\tVALUE" */
	struct strv scanned; /* until then, FILE and its include lines ("LABEL\tVALUE\n"...) in pairs, as checked */
	const struct plan *edited; /* the plan whose edits are made in the tree (xinetd_render) */
};

static struct xinetd_own *
own(const struct tree *t)
{
	return tree_own(t, &xinetd_source, sizeof(struct xinetd_own));
}

/* xinetd's own rule for includedir: skip names with a dot or ending in a tilde. */
static bool
xinetd_skips(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '.') != NULL || (n > 0 && name[n - 1] == '~');
}

/* The first line of FILE (relative to the root) that holds TEXT, for messages; 0 if none. */
static int
line_of(const struct tree *t, const char *file, const char *text)
{
	char *buf = NULL, *hit;
	int line = 0;

	if (root_read_file(t->root, file, &buf, NULL) == 0 && (hit = strstr(buf, text)) != NULL) {
		line = 1;
		for (const char *c = buf; c < hit; c++)
			line += *c == '\n';
	}
	free(buf);
	return line;
}

/* An include or includedir line of xinetd file FILE (an index of own(t)->files). */
struct include_hit {
	char *label, *value;
	size_t file, seq;
};

static int
include_hit_cmp(const void *a, const void *b)
{
	const struct include_hit *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
include_hits_free(struct include_hit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].value);
	}
	free(v);
}

/* Orders indices of the strings V (qsort_r). */
static int
index_cmp(const void *x, const void *y, void *v)
{
	char *const *s = v;

	return strcmp(s[*(const size_t *)x], s[*(const size_t *)y]);
}

/*
 * The include and includedir nodes of the xinetd files FROM..TO, in file
 * order then document order: per directory, the files that have some
 * (one aug_match per file cost 1.3 G instructions for 5,000 files), then
 * each one's through a variable (a path a node, include[N], made 8,000
 * include lines of one file quadratic).
 */
static size_t
match_includes(struct tree *t, size_t from, size_t to, struct include_hit **out)
{
	static const char files_var[] = "deafen_incf";
	const struct strv *xf = &own(t)->files;
	struct strv dirs = { 0 };
	size_t *by = xcalloc(to - from + 1, sizeof(*by)), n = 0;
	struct include_hit *v = NULL;

	for (size_t i = from; i < to; i++) {
		strv_take(&dirs, tree_dir_part(xf->v[i]));
		by[i - from] = i;
	}
	qsort_r(by, to - from, sizeof(*by), index_cmp, xf->v);
	strv_sort_uniq(&dirs);
	for (size_t k = 0; k < dirs.n; k++) {
		char *dn = tree_file_path(t, dirs.v[k]);
		char *pat = xasprintf("%s/*[*[label() = 'includedir' or label() = 'include']]", dn);
		int nf = aug_defvar(t->aug, files_var, pat);

		for (int f = 0; f < nf; f++) {
			const char *name = NULL;
			char *rel;
			size_t lo = 0, hi = to - from;

			if (aug_ns_label(t->aug, files_var, f, &name, NULL) < 0 || name == NULL)
				continue;
			rel = *dirs.v[k] ? xasprintf("%s/%s", dirs.v[k], name) : xstrdup(name);
			while (lo < hi) { /* the file's index among FROM..TO */
				size_t mid = lo + (hi - lo) / 2;

				if (strcmp(xf->v[by[mid]], rel) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < to - from && streq(xf->v[by[lo]], rel)) {
				char *hp = xasprintf("$%s[%d]/*[label() = 'includedir' or label() = 'include']",
						     files_var, f + 1);
				struct tree_kv *kv;
				size_t nh = tree_nodes(t, hp, &kv);

				v = xrealloc(v, (n + nh + 1) * sizeof(*v));
				for (size_t j = 0; j < nh; j++, n++)
					v[n] = (struct include_hit){ xstrdup(kv[j].label ? kv[j].label : ""),
								     kv[j].value ? xstrdup(kv[j].value) : NULL,
								     by[lo], n };
				free(kv);
				free(hp);
			}
			free(rel);
		}
		aug_defvar(t->aug, files_var, NULL);
		free(pat);
		free(dn);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), include_hit_cmp);
	free(by);
	strv_free(&dirs);
	*out = v;
	return n;
}

/*
 * The include and includedir lines of TEXT (xinetd file FILE), as
 * Deafen_xinetd reads them from a file it parses: outside the blocks, the
 * keyword, blanks, the rest of the line without its trailing blanks. A
 * block starts at a "service" or "defaults" line and ends at a line that
 * is "}" alone (the lens's block_close; no attribute or comment line can
 * be). Appended to *V (*N of them).
 */
static void
scan_includes(const char *text, size_t len, size_t file, struct include_hit **v, size_t *n)
{
	bool in_block = false;

	for (const char *p = text, *end = text + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *s = p, *e;
		size_t k;

		eol = eol ? eol : end;
		e = eol;
		p = eol < end ? eol + 1 : end;
		s += strspn(s, " \t");
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (in_block) {
			in_block = !(e - s == 1 && *s == '}');
			continue;
		}
		if (e - s >= 8 && (strncmp(s, "service", 7) == 0 || strncmp(s, "defaults", 8) == 0)) {
			in_block = true;
			continue;
		}
		k = e - s > 10 && strncmp(s, "includedir", 10) == 0 ? 10
		    : e - s > 7 && strncmp(s, "include", 7) == 0 ? 7 : 0;
		if (k == 0 || (s[k] != ' ' && s[k] != '\t'))
			continue;
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[*n] = (struct include_hit){ xstrndup(s, k), NULL, file, *n };
		s += k + strspn(s + k, " \t");
		(*v)[*n].value = xstrndup(s, (size_t)(e - s));
		(*n)++;
	}
}

/* The include lines M[0..N), "FILE INDEX\tLABEL\tVALUE" each, appended to OUT. */
static void
include_lines(const struct include_hit *m, size_t n, struct strv *out)
{
	for (size_t j = 0; j < n; j++)
		strv_take(out, xasprintf("%zu\t%s\t%s", m[j].file, m[j].label,
					 m[j].value ? m[j].value : ""));
}

/* Is there a directory of Deafen_xinetd's files DIR in the tree already? */
static bool
has_dir(const struct tree *t, const char *dir)
{
	for (size_t i = 0; i < t->ndirs; i++)
		if (streq(t->dirs[i].module, "Deafen_xinetd") && streq(t->dirs[i].dir, dir))
			return true;
	return false;
}

/*
 * The files of include lines FILES (sorted), one directory at a time: a
 * directory of its own for tree_add_files, where it has none yet (aug_load
 * matches each file against every pattern: one incl a file made 4,000
 * include lines quadratic), else each file alone.
 */
static int
add_included(struct tree *t, const struct strv *files)
{
	int r = 0;

	for (size_t i = 0, j; r == 0 && i < files->n; i = j) {
		char *dir = tree_dir_part(files->v[i]);
		struct strv group = { 0 };

		for (j = i; j < files->n; j++) {
			char *d = tree_dir_part(files->v[j]);
			bool same = streq(d, dir);

			free(d);
			if (!same)
				break;
			strv_push(&group, files->v[j]);
		}
		r = tree_add_files(t, "Deafen_xinetd", has_dir(t, dir) ? "" : dir, &group);
		strv_free(&group);
		free(dir);
	}
	return r;
}

/*
 * Follows the include lines M[0..N) the way xinetd does: the files they
 * name that are not known yet are added to own(t)->files and to the
 * load (*ADDED counts them), an includedir's as it comes, the include
 * lines' files after them.
 */
static int
follow_includes(struct tree *t, const struct include_hit *m, size_t n, size_t *added)
{
	struct strv *xf = &own(t)->files, included = { 0 };
	/* the files known so far, to look up in */
	struct arena known_in = { 0 };
	struct strpool known = { .arena = &known_in };
	int r = 0;

	for (size_t i = 0; i < xf->n; i++)
		(void)strpool_index(&known, xf->v[i]);
	for (size_t j = 0; r == 0 && j < n; j++) {
		const char *label = m[j].label, *v = m[j].value, *file = xf->v[m[j].file];
		struct strv names = { 0 }, files = { 0 }, fresh = { 0 };
		bool dir = streq(label, "includedir");
		char *real = NULL;

		if (v != NULL && v[0] == '/' && root_resolve(t->root, v, &real) == -EXDEV)
			r = errorf(-EXDEV, "%s:%d: %s %s: points outside the root",
				   file, line_of(t, file, v), label, v);
		free(real);
		real = NULL;
		if (r == 0 && v != NULL && v[0] == '/')
			r = tree_resolve(t, v, &real);
		if (r == 0 && real != NULL) {
			if (!dir && tree_is_type(t, real, S_IFREG))
				strv_push(&files, real);
			else if (dir && tree_is_type(t, real, S_IFDIR))
				r = tree_list_dir(t, real, xinetd_skips, &names, &files);
		}
		for (size_t k = 0; r == 0 && k < files.n; k++) {
			if (strpool_has(&known, files.v[k]))
				continue;
			strv_push(dir ? &fresh : &included, files.v[k]);
			strv_push(xf, files.v[k]);
			(void)strpool_index(&known, files.v[k]);
			(*added)++;
		}
		/* one directory of the tree a directory: a second one's files each alone */
		if (r == 0 && dir)
			r = tree_add_files(t, "Deafen_xinetd", real && !has_dir(t, real) ? real : "",
					   &fresh);
		strv_free(&fresh);
		strv_free(&names);
		strv_free(&files);
		free(real);
	}
	strpool_free(&known);
	arena_free(&known_in);
	strv_sort(&included);
	if (r == 0)
		r = add_included(t, &included);
	strv_free(&included);
	return r;
}

/*
 * Follows includedir and include the way xinetd does. Files are added in
 * rounds and loaded with one aug_load a round (it skips files already
 * loaded): aug_load_file a file costs a pass over every transform, which
 * made 1,000 files quadratic. After predict_includes, which has put in the
 * first load every file these lines name, the tree's include lines are
 * the ones it followed: nothing to follow again, no second aug_load (any
 * other line, and it follows them all as before).
 */
static int
load_xinetd_includes(struct tree *t)
{
	struct xinetd_own *x = own(t);
	size_t scanned = 0;
	int r = 0;

	while (r == 0 && scanned < x->files.n) {
		size_t end = x->files.n, added = 0;
		struct include_hit *m = NULL;
		size_t n = match_includes(t, scanned, end, &m);
		struct strv lines = { 0 };

		/* the lines predict_includes followed, the same in the tree: nothing new */
		if (scanned == 0 && x->predicted) {
			include_lines(m, n, &lines);
			if (lines.n == x->includes.n) {
				size_t k = 0;

				while (k < lines.n && streq(lines.v[k], x->includes.v[k]))
					k++;
				if (k == lines.n) {
					strv_free(&lines);
					include_hits_free(m, n);
					return 0;
				}
			}
			strv_free(&lines);
		}
		r = follow_includes(t, m, n, &added);
		include_hits_free(m, n);
		scanned = end;
		if (r == 0 && added > 0)
			r = tree_load(t);
	}
	return r;
}

/*
 * The include lines xinetd_check found in xinetd file I as the check read
 * it, appended to *V (*N); *AT: where to look first in own(t)->scanned
 * (pairs FILE, lines), in the order the files were checked. A file not
 * there (CRLF: left out of the tree) has none.
 */
static void
scanned_includes(const struct tree *t, size_t i, size_t *at, struct include_hit **v, size_t *n)
{
	const struct strv *sc = &own(t)->scanned;
	const char *file = own(t)->files.v[i];
	size_t k = *at;
	char *s, *eol;

	while (k + 1 < sc->n && !streq(sc->v[k], file))
		k += 2;
	if (k + 1 >= sc->n) {
		for (k = 0; k + 1 < sc->n && !streq(sc->v[k], file); k += 2)
			;
		if (k + 1 >= sc->n)
			return;
	}
	*at = k + 2;
	for (s = sc->v[k + 1]; (eol = strchr(s, '\n')) != NULL; s = eol + 1) {
		const char *tab = strchr(s, '\t');

		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[*n] = (struct include_hit){ xstrndup(s, (size_t)(tab - s)),
						 xstrndup(tab + 1, (size_t)(eol - tab - 1)), i, *n };
		(*n)++;
	}
}

/*
 * The files xinetd.conf includes, found before the load from the texts'
 * include lines (scan_includes), so that one aug_load reads them all: each
 * aug_load compiles Deafen_xinetd anew (10 M instructions). Only when
 * every step goes through: on any error (a link out of the root, a file
 * that cannot be read or holds a NUL...) what it added is taken back and
 * load_xinetd_includes meets the error after the load, in its rounds, as
 * it always has.
 */
static void
predict_includes(struct tree *t)
{
	struct xinetd_own *x = own(t);
	size_t files0 = x->files.n, crlf0 = x->crlf.n, dirs0 = t->ndirs, by0 = t->by_load.n;
	size_t scanned = 0, at = 0;
	int load0 = aug_match(t->aug, "/augeas/load/Deafen_xinetd/*", NULL), r = 0;

	if (error_message()[0] != '\0')
		return; /* errorf keeps the first message: not ours to clear */
	while (r == 0 && scanned < x->files.n) {
		size_t end = x->files.n, added = 0, n = 0;
		struct include_hit *m = NULL;

		for (size_t i = scanned; i < end; i++)
			scanned_includes(t, i, &at, &m, &n);
		if (r == 0)
			r = follow_includes(t, m, n, &added);
		if (r == 0)
			include_lines(m, n, &x->includes);
		include_hits_free(m, n);
		scanned = end;
	}
	x->predicted = r == 0;
	strv_free(&x->scanned); /* the rounds after the load follow the tree */
	if (r == 0)
		return;
	strv_free(&x->includes);
	strv_truncate(&x->files, files0);
	strv_truncate(&x->crlf, crlf0);
	strv_truncate(&t->by_load, by0);
	tree_forget_dirs(t, dirs0);
	if (load0 > 0) {
		char *p = xasprintf("/augeas/load/Deafen_xinetd/*[position() > %d]", load0);

		(void)aug_rm(t->aug, p);
		free(p);
	}
	error_clear();
}

/* Copies SRC to DST and keeps of its children those at positions FROM..TO
 * (1-based, TO included); SRC may be DST, to cut it in place. */
static int
copy_range(const struct tree *t, const char *src, const char *dst, size_t from, size_t to)
{
	char *cut = xasprintf("%s/*[position() < %zu or position() > %zu]", dst, from, to);
	int r = 0;

	if ((!streq(src, dst) && aug_cp(t->aug, src, dst) < 0) || aug_rm(t->aug, cut) < 0)
		r = errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	free(cut);
	return r;
}

static const char marker[] = TREE_DIR_MARKER;

/*
 * Puts the tree at NODE, the files FILES of DIR (their texts, in order,
 * each after a marker line) through Deafen_xinetd.dir and hands the texts
 * of WANT (sorted) to OUTS; *DONE counts them.
 */
static int
render_group(const struct tree *t, const char *dir, const char *node, char *const *files,
	     size_t nf, char *const *want, size_t n, char **outs, size_t *done)
{
	char *text = xstrdup(""), *all = NULL, *p;
	size_t len = 0;
	int r = 0;

	for (size_t i = 0; r == 0 && i < nf; i++) {
		char *one = NULL, *head;
		size_t h, m;

		if ((r = tree_loaded_text(t, files[i], &one)) == 0) {
			head = xasprintf("%s%s\n", marker, base_name(files[i]));
			h = strlen(head);
			m = strlen(one);
			text = xrealloc(text, len + h + m + 1);
			memcpy(text + len, head, h);
			memcpy(text + len + h, one, m + 1);
			len += h + m;
			free(head);
		}
		free(one);
	}
	if (r == 0)
		r = tree_retrieve(t, "Deafen_xinetd.dir", node, text, dir, &all);
	for (p = all; r == 0 && p != NULL && *p != '\0';) {
		char *eol, *next, *file, *const *hit;

		if (!startswith(p, marker) || (eol = strchr(p, '\n')) == NULL) {
			r = errorf(-EIO, "%s: augeas wrote the files back out of order", dir);
			break;
		}
		next = strstr(eol, "\n@@deafen@@ ");
		next = next ? next + 1 : eol + strlen(eol);
		file = xasprintf("%s/%.*s", dir, (int)(eol - p - strlen(marker)), p + strlen(marker));
		hit = n ? bsearch(&file, want, n, sizeof(*want), strp_cmp) : NULL;
		if (hit != NULL && outs[hit - want] == NULL) {
			outs[hit - want] = xstrndup(eol + 1, (size_t)(next - eol - 1));
			(*done)++;
		}
		free(file);
		p = next;
	}
	free(all);
	free(text);
	return r;
}

/* Is one of FILES in WANT (sorted)? */
static bool
group_wanted(char *const *files, size_t nf, char *const *want, size_t n)
{
	for (size_t i = 0; i < nf; i++)
		if (tree_sorted_has(want, n, files[i]))
			return true;
	return false;
}

/*
 * The files FILES, whose nodes are the children of NODE, in groups of at
 * most GROUP: more are cut in two halves, each a copy under /deafen (or
 * NODE itself, once a copy of ours), and so on. Augeas's put works out the
 * path of every node it writes, a walk over all the siblings of its file
 * (5,000 files in one put: 7 G instructions); halving keeps the copies at
 * N log N. aug_cp drops nodes without a label: the xinetd lens makes none
 * (its blank lines are "#empty").
 */
static int
render_split(const struct tree *t, const char *dir, const char *node, bool ours, int depth,
	     char *const *files, size_t nf, char *const *want, size_t n, char **outs,
	     size_t *done)
{
	enum { GROUP = 200 };
	size_t half = nf / 2;
	char *lo, *hi;
	int r;

	if (!group_wanted(files, nf, want, n))
		return 0;
	if (nf <= GROUP)
		return render_group(t, dir, node, files, nf, want, n, outs, done);
	lo = xasprintf("/deafen/render/%d/lo", depth);
	hi = ours ? xstrdup(node) : xasprintf("/deafen/render/%d/hi", depth);
	r = copy_range(t, node, lo, 1, half);
	if (r == 0)
		r = render_split(t, dir, lo, true, depth + 1, files, half, want, n, outs, done);
	(void)aug_rm(t->aug, lo);
	if (r == 0)
		r = copy_range(t, node, hi, half + 1, nf);
	if (r == 0)
		r = render_split(t, dir, hi, true, depth + 1, files + half, nf - half, want, n, outs,
				 done);
	free(lo);
	free(hi);
	return r;
}

/*
 * The xinetd files of directory DIR, all at once: the directory's node
 * goes through Deafen_xinetd.dir over the texts of all its files, each
 * after a marker line "@@deafen@@ NAME" no xinetd file can hold, and the
 * output is cut at the markers. Each aug_text_retrieve compiles the lens's
 * regexps anew (~11 M instructions), which made 5,000 changed files take
 * ten seconds; a large directory goes in groups (render_split). WANT
 * (sorted, all in DIR) get their text in OUTS; -EAGAIN when the directory
 * holds more than xinetd files (XS: those, sorted).
 */
static int
render_xinetd_dir(const struct tree *t, const char *dir, char *const *xs, size_t nxs,
		  char *const *want, size_t n, char **outs)
{
	char *node = tree_file_path(t, dir), *pat = xasprintf("%s/*", node);
	struct tree_kv *kids = NULL;
	size_t nk = tree_nodes(t, pat, &kids), done = 0;
	struct strv files = { 0 };
	int r = 0;

	/* the directory's files, in the tree's order */
	for (size_t i = 0; r == 0 && i < nk; i++) {
		if (kids[i].label == NULL || strchr(kids[i].label, '\n') != NULL)
			r = -EAGAIN;
		else
			strv_take(&files, xasprintf("%s/%s", dir, kids[i].label));
		if (r == 0 && !tree_sorted_has(xs, nxs, files.v[files.n - 1]))
			r = -EAGAIN;
	}
	if (r == 0)
		r = render_split(t, dir, node, false, 0, files.v, files.n, want, n, outs, &done);
	if (r == 0 && done != n)
		r = errorf(-EIO, "%s: augeas wrote %zu of %zu files back", dir, done, n);
	(void)aug_rm(t->aug, "/deafen");
	strv_free(&files);
	free(kids);
	free(pat);
	free(node);
	return r;
}

/*
 * The edits of P's xinetd actions in the files not spliced (OUTS[i] NULL),
 * made in the tree for their whole-file put. Once a plan: harden renders it
 * for the diff, then for apply, and a removal made twice could take another
 * node. A tree takes one plan (the other sources edit it as it is built).
 */
static int
edit_unspliced(const struct tree *t, const struct plan *p, char *const *outs)
{
	int r = 0;

	if (own(t)->edited == p)
		return 0;
	own(t)->edited = p;
	for (size_t k = 0; r == 0 && k < p->n; k++) {
		const struct action *a = &p->v[k];
		char *const *at;

		if (a->kind != ACT_XINETD_OFF || a->file == NULL || a->node == NULL)
			continue;
		at = bsearch(&a->file, p->files.v, p->files.n, sizeof(*p->files.v), strp_cmp);
		if (at != NULL && outs[at - p->files.v] != NULL)
			continue; /* spliced: its text is written, the tree is not read */
		if ((a->value != NULL ? aug_set(t->aug, a->node, a->value) : aug_rm(t->aug, a->node)) < 0)
			r = tree_fail(t, a->node);
	}
	return r;
}

/*
 * The xinetd files among P's files: those whose actions only set or add
 * attributes, the changed attributes alone (xinetdput.c); the others a
 * directory's at once where DIR_AT_ONCE or more of them changed
 * (render_xinetd_dir), else left to tree_render.
 */
static int
xinetd_render(const struct tree *t, const struct plan *p, char **outs)
{
	/* below this many changed files in a directory, one call each is cheaper */
	enum { DIR_AT_ONCE = 4 };
	const struct strv *files = &p->files;
	char **xs;
	bool *done;
	int r = xinetd_put_changed(t, p, outs); /* the changed attributes alone */

	if (r == 0)
		r = edit_unspliced(t, p, outs);
	if (r < 0)
		return r;
	xs = xcalloc(own(t)->files.n + 1, sizeof(*xs));
	done = xcalloc(files->n + 1, sizeof(*done));
	for (size_t i = 0; i < files->n; i++)
		done[i] = outs[i] != NULL;

	for (size_t i = 0; i < own(t)->files.n; i++)
		xs[i] = own(t)->files.v[i];
	qsort(xs, own(t)->files.n, sizeof(*xs), strp_cmp);
	for (size_t i = 0; r == 0 && i < files->n; i++) {
		struct strv group = { 0 };
		size_t *at;
		char *dir, **gouts;

		if (done[i])
			continue; /* spliced (an array of FILES->n each: quadratic) */
		at = xcalloc(files->n + 1, sizeof(*at));
		dir = tree_dir_part(files->v[i]);

		/* the other changed xinetd files of the same directory */
		for (size_t k = i; !done[i] && k < files->n; k++) {
			char *kd = tree_dir_part(files->v[k]);

			if (!done[k] && streq(kd, dir) &&
			    tree_sorted_has(xs, own(t)->files.n, files->v[k])) {
				at[group.n] = k;
				strv_push(&group, files->v[k]);
			}
			free(kd);
		}
		gouts = xcalloc(group.n + 1, sizeof(*gouts));
		if (group.n >= DIR_AT_ONCE) {
			strv_sort(&group); /* files->v is sorted: AT stays in step */
			r = render_xinetd_dir(t, dir, xs, own(t)->files.n, group.v, group.n, gouts);
			if (r == -EAGAIN)
				r = 0;
			else
				for (size_t k = 0; k < group.n; k++) {
					outs[at[k]] = gouts[k];
					done[at[k]] = true;
				}
		}
		done[i] = true;
		free(gouts);
		free(at);
		free(dir);
		strv_free(&group);
	}
	free(done);
	free(xs);
	return r;
}

static int
inventory_xinetd(const struct tree *t, const struct snode *files, struct inventory *inv)
{
	const char *disabled = NULL, *enabled = NULL;
	const struct snode *defaults = NULL;
	struct tree_kv *dkv;
	size_t ndkv;

	/* "disabled" and "enabled" of the defaults block apply to every service */
	for (size_t f = 0; f < own(t)->files.n && defaults == NULL; f++)
		defaults = snode_child(snode_at(files, own(t)->files.v[f]), "defaults");
	ndkv = snode_kids_kv(defaults, &dkv);
	disabled = tree_kv_get(dkv, ndkv, "disabled", true);
	enabled = tree_kv_get(dkv, ndkv, "enabled", true);
	for (size_t f = 0; f < own(t)->files.n; f++) {
		const char *file = own(t)->files.v[f];
		const struct snode *fn = snode_at(files, file);
		size_t nblocks = 0, k = 0;
		char *fp;

		for (size_t i = 0; fn != NULL && i < fn->n; i++)
			nblocks += streq(fn->kids[i].label, "service");
		fp = tree_file_path(t, file);
		for (size_t i = 0; fn != NULL && i < fn->n; i++) {
			const struct snode *b = &fn->kids[i];
			struct tree_kv *kv;
			size_t nkv;
			const char *dis, *id, *port, *server, *type, *sock, *proto, *bind;
			struct service *s;
			char *node;

			if (!streq(b->label, "service"))
				continue;
			/* the path aug_match gives: an index only among several blocks */
			k++;
			node = nblocks > 1 ? xasprintf("%s/service[%zu]", fp, k)
					   : xasprintf("%s/service", fp);
			nkv = snode_kids_kv(b, &kv);
			dis = tree_kv_get(kv, nkv, "disable", true);
			id = tree_kv_get(kv, nkv, "id", true);
			port = tree_kv_get(kv, nkv, "port", true);
			server = tree_kv_get(kv, nkv, "server", true);
			type = tree_kv_get(kv, nkv, "type", true);
			sock = tree_kv_get(kv, nkv, "socket_type", true);
			proto = tree_kv_get(kv, nkv, "protocol", true);
			s = service_new(inv, KIND_XINETD, b->value ? b->value : "", file, node);
			/* the attribute plan sets, in the case it is written in (one lookup less a block) */
			for (size_t a = 0; a < b->n && s->disable_node == NULL; a++)
				if (strcasecmp(b->kids[a].label, "disable") == 0)
					s->disable_node = xasprintf("%s/%s[1]", node, b->kids[a].label);
			free(node);
			/* defaults' lists name the service id, which defaults to its name */
			s->enabled = !(dis != NULL && strcasecmp(dis, "yes") == 0) &&
				     !(disabled != NULL && word_in(disabled, id ? id : s->name)) &&
				     !(enabled != NULL && !word_in(enabled, id ? id : s->name));
			s->network = true;
			strv_push(&s->names, s->name);
			strv_push(&s->own, s->name);
			if (id != NULL) {
				strv_push_unique(&s->names, id);
				strv_push_unique(&s->own, id);
			}
			if (server != NULL && !(type != NULL && strcasestr(type, "INTERNAL"))) {
				s->program = xstrdup(base_name(server));
				strv_push_unique(&s->names, s->program);
			}
			if (proto == NULL && sock != NULL)
				proto = streq(sock, "dgram") ? "udp" : "tcp";
			s->detail = xasprintf("%s/%s%s%s", sock ? sock : "?", proto ? proto : "?",
					      id ? " id=" : "", id ? id : "");
			/* "bind" (or its synonym "interface"): the one address it listens on */
			bind = tree_kv_get(kv, nkv, "bind", true);
			if (bind == NULL)
				bind = tree_kv_get(kv, nkv, "interface", true);
			if (port != NULL) {
				listen_add(s, bind, atoi(port), proto ? proto : "tcp");
				strv_push_unique(&s->names, port);
			} else {
				service_add_port(s, bind, services_find(&inv->services, s->name, proto));
			}
			service_expand_names(s, &inv->services);
			listen_finish(s);
			free(kv);
		}
		free(fp);
	}
	free(dkv);
	return 0;
}

/*
 * The services of the xinetd files with CRLF line ends, which the tree
 * left out: listed as xinetd treats them (ignored: every attribute is
 * refused, "Bad socket type: stream" with its CR) and never changed.
 */
static void
inventory_xinetd_crlf(const struct tree *t, struct inventory *inv)
{
	for (size_t f = 0; f < own(t)->crlf.n; f++) {
		const char *file = own(t)->crlf.v[f];
		char *text = NULL, *s, *line;
		int n = 0;

		if (root_read_file(t->root, file, &text, NULL) < 0)
			continue;
		for (s = text; (line = strsep(&s, "\n")) != NULL;) {
			struct strv w = { 0 };
			struct service *sv;

			n++;
			strv_split(&w, line, " \t\r");
			if (w.n >= 2 && streq(w.v[0], "service")) {
				sv = service_new(inv, KIND_XINETD, w.v[1], file, "");
				sv->line = n;
				sv->ignored = xstrdup("CRLF line ends: xinetd refuses every attribute");
				sv->detail = xasprintf("ignored by xinetd: %s", sv->ignored);
				sv->network = true;
				strv_push(&sv->names, sv->name);
				strv_push(&sv->own, sv->name);
			}
			strv_free(&w);
		}
		free(text);
	}
}

static int
xinetd_setup(struct tree *t)
{
	char *xconf = NULL;
	int r = tree_add_path(t, "Deafen_xinetd", "/etc/xinetd.conf", &xconf);

	if (xconf != NULL)
		strv_take(&own(t)->files, xconf);
	if (r == 0 && xconf != NULL)
		predict_includes(t);
	return r;
}

/*
 * An xinetd file with CRLF line ends, which xinetd 2.3.15 reads but serves
 * nothing of ("Bad socket type: stream" and the like for every attribute,
 * the CR being part of each value): it is left out of the load and alone,
 * its services listed as ignored, and the rest of the root goes on.
 */
static int
xinetd_check(struct tree *t, const char *lens, const char *file, const char *text, size_t len)
{
	struct include_hit *m = NULL;
	size_t n = 0;
	char *lines = xstrdup("");

	if (!streq(lens, "Deafen_xinetd")) {
		free(lines);
		return 0;
	}
	if (memmem(text, len, "\r\n", 2) != NULL) {
		free(lines);
		strv_push(&own(t)->crlf, file);
		return 1;
	}
	/* its include lines, for predict_includes: each file is read once */
	scan_includes(text, len, 0, &m, &n);
	for (size_t j = 0; j < n; j++) {
		char *next = xasprintf("%s%s\t%s\n", lines, m[j].label, m[j].value);

		free(lines);
		lines = next;
	}
	include_hits_free(m, n);
	strv_push(&own(t)->scanned, file);
	strv_take(&own(t)->scanned, lines);
	return 0;
}

static void
xinetd_free(struct tree *t)
{
	strv_free(&own(t)->files);
	strv_free(&own(t)->crlf);
	strv_free(&own(t)->includes);
	strv_free(&own(t)->scanned);
}

static int
xinetd_rows(const struct row_ctx *c, struct inventory *inv)
{
	int r = inventory_xinetd(c->t, c->files, inv);

	if (r == 0)
		inventory_xinetd_crlf(c->t, inv); /* ignored: listed last (inventory.c) */
	return r;
}

static int
xinetd_disable(struct tree *t, const struct inventory *inv, size_t i, const struct disable_ctx *c,
	       struct plan *p)
{
	const struct service *s = &inv->v[i];
	struct action *a = plan_push(p, ACT_XINETD_OFF, i);

	(void)t;
	(void)c;
	a->file = xstrdup(s->file);
	/* the block's own disable attribute (inventory found it), or a new one */
	a->node = s->disable_node ? xstrdup(s->disable_node) : xasprintf("%s/disable", s->node);
	a->value = "yes";
	a->added = s->disable_node == NULL;
	/* made in the tree only for a file not spliced (xinetd_render): an aug_set
	 * scans every file of the directory for the path, quadratic in them */
	return 0;
}

/*
 * Did apply add the block's disable line? It appends "\tdisable = yes" as
 * the block's last line when the block had none: the text says so.
 */
static bool
xinetd_line_added(const struct tree *t, const struct service *s)
{
	char *buf = NULL, *m, *q;
	size_t len = 0;
	bool added = false;

	if (root_read_file(t->root, s->file, &buf, &len) == 0) {
		q = xasprintf("%s/following-sibling::*", s->disable_node);
		m = strstr(buf, "\n\tdisable = yes\n}");
		/* the last attribute, and that text in the block of this service */
		if (m != NULL && aug_match(t->aug, q, NULL) == 0) {
			char *head = xasprintf("service %s", s->name), *b = strstr(buf, head);

			added = b != NULL && b < m && strchr(b, '}') == m + strlen("\n\tdisable = yes\n");
			free(head);
		}
		free(q);
	}
	free(buf);
	return added;
}

/* "disable = no" in the block, or the line apply added removed. */
static int
xinetd_enable(struct tree *t, const struct inventory *inv, size_t i, struct enable_ctx *c,
	      struct plan *p)
{
	const struct service *s = &inv->v[i];
	struct action *a;

	(void)c;

	if (s->disable_node == NULL)
		return 0;
	a = plan_push(p, ACT_XINETD_OFF, i);
	a->file = xstrdup(s->file);
	a->node = xstrdup(s->disable_node);
	/* a value NULL: the line apply added goes (xinetd_render makes the edit) */
	if (!xinetd_line_added(t, s))
		a->value = "no";
	return 0;
}

/* An xinetd.d file's entries: served by the xinetd of the root's xinetd.conf. */
static int
xinetd_superservers(const char *root, const struct service *s, pid_t **pids, size_t *n)
{
	(void)s;
	return superservers_for(root, "etc/xinetd.conf", SUPER_XINETD, pids, n);
}

static char *
xinetd_summary(const struct tree *t)
{
	return xasprintf("%zu xinetd files", own(t)->files.n);
}

const struct source xinetd_source = {
	.name = "xinetd",
	.noun = "xinetd",
	.kind = KIND_XINETD,
	.superserver = true,
	.daemon = "xinetd",
	.superservers = xinetd_superservers,
	.setup = xinetd_setup,
	.check = xinetd_check,
	.load = load_xinetd_includes,
	.free = xinetd_free,
	.summary = xinetd_summary,
	.rows = xinetd_rows,
	.disable = xinetd_disable,
	.enable = xinetd_enable,
	.render = xinetd_render,
};
