/* rollback_only.c - rollback ID --only NAME: one service's part of a backup
 *
 * A link step is NAME's when its target or its name is NAME's script or
 * unit; a directory step goes with the links in it. A file (inetd.conf, an
 * xinetd file) may hold many services: the hunks between its copy before
 * apply (old) and after (new) are each one service's (an inetd.conf line's
 * first field, the xinetd block around it), and only NAME's are undone,
 * merged into the file as it is now: the lines of the others stay as they
 * are, whoever changed them. The result goes through rollback_steps() like
 * a whole rollback's (same checks, journal, temporary files, --force); the
 * backup's new copy then holds what the root holds under the rest of the
 * backup, for a later rollback.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "linediff.h"
#include "root.h"

/* The lines of a text, and the text. */
struct text {
	char *data;
	size_t len, n;
	struct line *v;
	long *blk; /* xinetd_block_service()'s, made on first use */
};

static void
text_set(struct text *t, char *data, size_t len)
{
	t->data = data;
	t->len = len;
	t->v = line_split(data, len, &t->n);
}

static void
text_free(struct text *t)
{
	free(t->data);
	free(t->v);
	free(t->blk);
	memset(t, 0, sizeof(*t));
}

/* NAME without a unit's type suffix, or NULL. */
static bool
unit_base_is(const char *unit, const char *name)
{
	static const char *const types[] = { ".service", ".socket", ".path", ".timer" };
	size_t n = strlen(name);

	for (size_t i = 0; i < ELEMENTSOF(types); i++)
		if (strncmp(unit, name, n) == 0 && streq(unit + n, types[i]))
			return true;
	return false;
}

/* Is link name or target base WORD (an rc link's S20/K80 cut) NAME's? */
static bool
word_is(const char *word, const char *name)
{
	if (word == NULL)
		return false;
	if ((word[0] == 'S' || word[0] == 'K') && isdigit((unsigned char)word[1]) &&
	    isdigit((unsigned char)word[2]) &&
	    (streq(word + 3, name) || unit_base_is(word + 3, name)))
		return true;
	return streq(word, name) || unit_base_is(word, name);
}

static bool
link_step_is(const struct step *s, const char *name)
{
	return word_is(base_name(s->target), name) || word_is(s->from, name) ||
	       word_is(s->to, name);
}

/* The service a line of an inetd.conf names: "telnet", "rstatd" of rstatd/1-3, "23" of 127.0.0.1:23. */
static char *
inetd_line_service(const struct line *l)
{
	const char *s = l->s, *end = l->s + l->len, *colon, *slash;
	size_t k;

	if ((size_t)(end - s) >= 8 && strncmp(s, "#<off># ", 8) == 0)
		s += 8;
	if (s >= end || *s == '#' || isspace((unsigned char)*s))
		return NULL;
	for (k = 0; s + k < end && !isspace((unsigned char)s[k]); k++)
		;
	colon = memrchr(s, ':', k);
	if (colon != NULL) {
		k -= (size_t)(colon + 1 - s);
		s = colon + 1;
	}
	/* the '/' within the field: strcspn ran on to the next '/' of the whole
	 * text, quadratic on a file of lines without one */
	slash = memchr(s, '/', k);
	return xstrndup(s, slash != NULL ? (size_t)(slash - s) : k);
}

/* The service a line "service NAME" of an xinetd file names, or NULL. */
static char *
xinetd_service_line(const struct line *l)
{
	const char *s = l->s, *end = s + l->len;
	size_t n;

	while (s < end && isspace((unsigned char)*s))
		s++;
	if ((size_t)(end - s) < 8 || strncmp(s, "service", 7) != 0 || !isspace((unsigned char)s[7]))
		return NULL;
	s += 7;
	while (s < end && isspace((unsigned char)*s))
		s++;
	for (n = 0; s + n < end && !isspace((unsigned char)s[n]); n++)
		;
	return n ? xstrndup(s, n) : NULL;
}

/*
 * The xinetd service whose block holds line I of T: the nearest "service
 * NAME" above. T->blk, each line's, is made once: a scan up from every line
 * of a hunk was quadratic (60,000 changed lines of a forged backup: 42 s).
 */
static char *
xinetd_block_service(struct text *t, size_t i)
{
	if (t->blk == NULL) {
		long at = -1;
		char *who;

		t->blk = xcalloc(t->n + 1, sizeof(*t->blk));
		for (size_t k = 0; k < t->n; k++) {
			if ((who = xinetd_service_line(&t->v[k])) != NULL)
				at = (long)k;
			free(who);
			t->blk[k] = at;
		}
	}
	return i < t->n && t->blk[i] >= 0 ? xinetd_service_line(&t->v[t->blk[i]]) : NULL;
}

/* One change between old and new: lines [os, oe) of old became [ns, ne) of new. */
struct hunk {
	size_t os, oe, ns, ne;
};

/* The hunks of the edit script OPS (old -> new). */
static struct hunk *
hunks_of(const char *ops, size_t nops, size_t *n)
{
	struct hunk *v = NULL;
	size_t i = 0, j = 0;

	*n = 0;
	for (size_t k = 0; k < nops;) {
		struct hunk h;

		if (ops[k] == ' ') {
			i++, j++, k++;
			continue;
		}
		h.os = i, h.ns = j;
		for (; k < nops && ops[k] != ' '; k++)
			ops[k] == '-' ? i++ : j++;
		h.oe = i, h.ne = j;
		v = xrealloc(v, (*n + 1) * sizeof(*v));
		v[(*n)++] = h;
	}
	return v;
}

/* Is hunk H of file PATH NAME's? */
static bool
hunk_is(const char *path, struct text *o, struct text *nw, const struct hunk *h,
	const char *name)
{
	bool inetd = streq(base_name(path), "inetd.conf"), is = false;
	char *who;

	for (size_t k = h->os; k < h->oe && !is; k++) {
		who = inetd ? inetd_line_service(&o->v[k]) : xinetd_block_service(o, k);
		is = who != NULL && streq(who, name);
		free(who);
	}
	for (size_t k = h->ns; k < h->ne && !is; k++) {
		who = inetd ? inetd_line_service(&nw->v[k]) : xinetd_block_service(nw, k);
		is = who != NULL && streq(who, name);
		free(who);
	}
	return is;
}

/* MAP[j]: the line of B that line j of A is (diff A -> B), or -1. */
static long *
line_map(const struct text *a, const struct text *b)
{
	size_t nops, i = 0, j = 0;
	char *ops = line_diff(a->v, a->n, b->v, b->n, &nops);
	long *map = xcalloc(a->n + 1, sizeof(*map));

	for (size_t k = 0; k < nops; k++) {
		if (ops[k] == ' ')
			map[i++] = (long)j++;
		else if (ops[k] == '-')
			map[i++] = -1;
		else
			j++;
	}
	free(ops);
	return map;
}

/*
 * Where lines [S, E) of A are in B, consecutive and unchanged: *CS, *CE.
 * An empty range is where its neighbours meet.
 */
static bool
range_in(const long *map, size_t na, size_t nb, size_t s, size_t e, size_t *cs, size_t *ce)
{
	if (s == e) {
		long before = s == 0 ? -1 : map[s - 1], after = e < na ? map[e] : (long)nb;

		if ((s > 0 && before < 0) || after < 0 || after != before + 1)
			return false;
		*cs = *ce = (size_t)after;
		return true;
	}
	for (size_t k = s; k < e; k++)
		if (map[k] < 0 || (k > s && map[k] != map[k - 1] + 1))
			return false;
	*cs = (size_t)map[s];
	*ce = (size_t)map[e - 1] + 1;
	return true;
}

/* --force: the lines of B between the unchanged neighbours of [S, E) of A. */
static void
range_between(const long *map, size_t na, size_t nb, size_t s, size_t e, size_t *cs, size_t *ce)
{
	size_t k = s;

	*cs = 0;
	while (k-- > 0)
		if (map[k] >= 0) {
			*cs = (size_t)map[k] + 1;
			break;
		}
	*ce = nb;
	for (k = e; k < na; k++)
		if (map[k] >= 0) {
			*ce = (size_t)map[k];
			break;
		}
	if (*ce < *cs)
		*ce = *cs;
}

/* One replacement in the current text: its lines [cs, ce) by old's [os, oe). */
struct put {
	size_t cs, ce, os, oe;
};

static int
put_cmp(const void *a, const void *b)
{
	const struct put *x = a, *y = b;

	return x->cs < y->cs ? -1 : x->cs > y->cs;
}

/* CUR with the replacements P (sorted, not overlapping) made, lines from OLD. */
static char *
replaced(const struct text *cur, const struct text *old, struct put *p, size_t np, size_t *len)
{
	char *out = NULL;
	size_t at = 0;
	FILE *f = open_memstream(&out, len);

	qsort(p, np, sizeof(*p), put_cmp);
	for (size_t i = 0; i < np; i++) {
		for (; at < p[i].cs && at < cur->n; at++)
			fwrite(cur->v[at].s, 1, cur->v[at].len, f);
		for (size_t k = p[i].os; k < p[i].oe; k++)
			fwrite(old->v[k].s, 1, old->v[k].len, f);
		if (p[i].ce > at)
			at = p[i].ce;
	}
	for (; at < cur->n; at++)
		fwrite(cur->v[at].s, 1, cur->v[at].len, f);
	fclose(f);
	return out;
}

/*
 * File step S for NAME: *O set (what the file must become, what it must hold
 * now), *N_AFTER the backup's new copy with NAME's hunks undone. 0 when NAME
 * has no hunk there (*INVOLVED false).
 */
static int
file_part(const struct backup *b, const char *root, const struct step *s, const char *name,
	  struct copy_over *o, char **n_after, size_t *n_after_len, bool *involved)
{
	struct text old = { 0 }, nw = { 0 }, cur = { 0 }, done = { 0 };
	struct put *todo = NULL, *back = NULL, *forced = NULL;
	struct hunk *h = NULL;
	size_t nh = 0, ntodo = 0, nback = 0, nforced = 0, nops, shift = 0;
	long *map = NULL, *dmap = NULL;
	char *data, *ops;
	size_t len;
	bool conflict = false;
	int r, fd;

	*involved = false;
	memset(o, 0, sizeof(*o));
	if ((r = backup_read_copy(b, "old", s->path, &data, &len)) < 0)
		return errorf(r, "%s: the backup copy cannot be read: %s", s->path, strerror(-r));
	text_set(&old, data, len);
	if ((r = backup_read_copy(b, "new", s->path, &data, &len)) < 0) {
		text_free(&old);
		return errorf(r, "%s: the backup copy cannot be read: %s", s->path, strerror(-r));
	}
	text_set(&nw, data, len);
	ops = line_diff(old.v, old.n, nw.v, nw.n, &nops);
	h = hunks_of(ops, nops, &nh);
	free(ops);
	/* new with NAME's hunks undone: the backup's new copy after this */
	back = xcalloc(nh + 1, sizeof(*back));
	for (size_t i = 0; i < nh; i++)
		if (hunk_is(s->path, &old, &nw, &h[i], name))
			back[nback++] = (struct put){ h[i].ns, h[i].ne, h[i].os, h[i].oe };
	if (nback == 0)
		goto out;
	*involved = true;
	*n_after = replaced(&nw, &old, back, nback, n_after_len);
	text_set(&done, xmemdup(*n_after, *n_after_len), *n_after_len);
	/* the file now: a file that is gone is empty here (the merge then conflicts) */
	fd = root_open_input(root, s->path);
	data = NULL;
	len = 0;
	if (fd < 0 && fd != -ENOENT) {
		/* a link, a FIFO: not "changed lines" (--force would write the hunks alone) */
		r = errorf(fd, "%s: %s", s->path,
			   fd == -EXDEV	       ? "a link, not the file apply wrote"
			   : fd == -EFTYPE_INPUT ? "not a regular file"
						 : strerror(-fd));
		goto out;
	}
	if (fd >= 0 && (r = read_file_fd(fd, &data, &len)) < 0) {
		r = errorf(r, "%s: %s", s->path, strerror(-r));
		goto out;
	}
	text_set(&cur, data ? data : xstrdup(""), len);
	map = line_map(&nw, &cur);
	dmap = line_map(&done, &cur);
	todo = xcalloc(nback + 1, sizeof(*todo));
	forced = xcalloc(nback + 1, sizeof(*forced));
	for (size_t i = 0; i < nback; i++) {
		struct put *p = &back[i];
		size_t cs, ce, ds = p->cs + shift, de = ds + (p->oe - p->os);

		shift += (p->oe - p->os) - (p->ce - p->cs);
		if (range_in(map, nw.n, cur.n, p->cs, p->ce, &cs, &ce)) {
			todo[ntodo++] = (struct put){ cs, ce, p->os, p->oe };
			forced[nforced++] = (struct put){ cs, ce, p->os, p->oe };
		} else if (!range_in(dmap, done.n, cur.n, ds, de, &cs, &ce)) {
			/* neither as apply left it nor as it was: changed since */
			conflict = true;
			range_between(map, nw.n, cur.n, p->cs, p->ce, &cs, &ce);
			forced[nforced++] = (struct put){ cs, ce, p->os, p->oe };
		}
	}
	o->path = s->path;
	if (conflict) {
		/* as apply left it, which the file is not: rollback_steps refuses (or --force) */
		o->new = xmemdup(nw.data, nw.len);
		o->newlen = nw.len;
		o->old = replaced(&cur, &old, forced, nforced, &o->oldlen);
		o->why = xasprintf("%s: the lines of %s changed since apply", s->path, name);
	} else {
		o->new = xmemdup(cur.data, cur.len);
		o->newlen = cur.len;
		o->old = replaced(&cur, &old, todo, ntodo, &o->oldlen);
	}
out:
	text_free(&old);
	text_free(&nw);
	text_free(&cur);
	text_free(&done);
	free(h);
	free(back);
	free(todo);
	free(forced);
	free(map);
	free(dmap);
	return r;
}

int
rollback_only(struct backup *b, const char *root, const char *name, bool force,
	      size_t *changed, struct strv *restored)
{
	bool *want = xcalloc(b->n + 1, sizeof(*want)), any = false;
	struct copy_over *over = xcalloc(b->n + 1, sizeof(*over));
	char **after = xcalloc(b->n + 1, sizeof(*after));
	size_t *afterlen = xcalloc(b->n + 1, sizeof(*afterlen)), nover = 0;
	int r = 0;

	*changed = 0;
	for (size_t i = 0; i < b->n; i++) {
		const struct step *s = &b->steps[i];

		if (s->kind == STEP_RENAME || s->kind == STEP_DELETE || s->kind == STEP_CREATE)
			want[i] = link_step_is(s, name);
	}
	/* a directory apply removed or enable made goes with the links in it */
	for (size_t i = 0; i < b->n; i++)
		for (size_t k = 0; k < b->n && (b->steps[i].kind == STEP_RMDIR ||
						 b->steps[i].kind == STEP_MKDIR);
		     k++)
			want[i] |= want[k] && b->steps[k].dir != NULL &&
				   streq(b->steps[k].dir, b->steps[i].dir);
	for (size_t i = 0; r == 0 && i < b->n; i++) {
		if (b->steps[i].kind != STEP_FILE)
			continue;
		r = file_part(b, root, &b->steps[i], name, &over[nover], &after[i], &afterlen[i],
			      &want[i]);
		if (r == 0 && want[i])
			nover++;
	}
	for (size_t i = 0; i < b->n; i++)
		any |= want[i];
	/* restored already (its hunks are gone from the new copies): done, or finish the record */
	if (r == 0 && !any && b->pending_only != NULL && streq(b->pending_only, name)) {
		r = backup_mark_path(b, "only-done", name);
		goto out;
	}
	if (r == 0 && !any && strv_contains(&b->only, name))
		goto out;
	if (r == 0 && !any)
		r = errorf(-EINVAL, "rollback --only %s: nothing of %s in backup %s", name, name,
			   b->id);
	if (r < 0)
		goto out;
	/* begun: a kill from here leaves "rollback --only NAME interrupted" */
	if ((r = backup_mark_path(b, "only", name)) < 0)
		goto out;
	b->only_steps = want;
	b->over = over;
	b->nover = nover;
	r = rollback_steps(b, root, force, b->n, changed, restored);
	b->only_steps = NULL;
	b->over = NULL;
	b->nover = 0;
	/* what a later rollback of the rest finds: the new copies less NAME's hunks */
	for (size_t i = 0; r == 0 && i < b->n; i++)
		if (after[i] != NULL)
			r = backup_replace_copy(b, "new", b->steps[i].path, after[i], afterlen[i]);
	if (r == 0)
		r = backup_mark_path(b, "only-done", name);
out:
	for (size_t i = 0; i < nover; i++) {
		free(over[i].old);
		free(over[i].new);
		free(over[i].why);
	}
	for (size_t i = 0; i < b->n; i++)
		free(after[i]);
	free(after);
	free(afterlen);
	free(over);
	free(want);
	return r;
}

/*
 * Why "only-done NAME" is not so of B and the root now (allocated), or NULL.
 * A forged line alone must not make a backup "partly rolled back".
 */
static char *
only_doubt(const struct backup *b, const char *root, const char *name)
{
	char *why = NULL;
	bool of = false;

	for (size_t i = 0; i < b->n && why == NULL; i++) {
		const struct step *s = &b->steps[i];
		struct text old = { 0 }, nw = { 0 };
		struct hunk *h, whole;
		char *data, *ops;
		size_t len, nh, nops;

		if (s->kind == STEP_RENAME || s->kind == STEP_DELETE || s->kind == STEP_CREATE) {
			if (!link_step_is(s, name))
				continue;
			of = true;
			if (!rollback_step_undone(b, root, i)) {
				char *what = step_name(s);

				why = xasprintf("%s is not back as apply found it", what);
				free(what);
			}
			continue;
		}
		if (s->kind != STEP_FILE || backup_read_copy(b, "old", s->path, &data, &len) < 0)
			continue;
		text_set(&old, data, len);
		if (backup_read_copy(b, "new", s->path, &data, &len) < 0) {
			text_free(&old);
			continue;
		}
		text_set(&nw, data, len);
		/* rollback --only takes NAME's hunks out of the new copy before only-done */
		ops = line_diff(old.v, old.n, nw.v, nw.n, &nops);
		h = hunks_of(ops, nops, &nh);
		free(ops);
		for (size_t k = 0; k < nh && why == NULL; k++)
			if (hunk_is(s->path, &old, &nw, &h[k], name))
				why = xasprintf("the backup's copy of %s still holds its change", s->path);
		free(h);
		whole = (struct hunk){ 0, old.n, 0, 0 };
		of = of || hunk_is(s->path, &old, &nw, &whole, name);
		text_free(&old);
		text_free(&nw);
	}
	if (why == NULL && !of)
		why = xasprintf("backup %s holds nothing of %s", b->id, name);
	return why;
}

void
rollback_only_check(struct backup *b, const char *root, struct strv *warnings)
{
	for (size_t i = 0; i < b->only.n;) {
		char *why = only_doubt(b, root, b->only.v[i]);

		if (why == NULL) {
			i++;
			continue;
		}
		strv_take(warnings, xasprintf("%s/journal:%zu: 'only-done %s' is not so (%s): "
					      "not taken",
					      b->dir, b->only_line[i], b->only.v[i], why));
		free(why);
		free(b->only.v[i]);
		b->only.n--;
		memmove(&b->only.v[i], &b->only.v[i + 1], (b->only.n - i) * sizeof(*b->only.v));
		memmove(&b->only_line[i], &b->only_line[i + 1],
			(b->only.n - i) * sizeof(*b->only_line));
	}
}
