/* inetd.c - the inetd source: /etc/inetd.conf, its entries and their edits
 *
 * The file is read and written through Deafen_inetd. Disabling an entry is
 * Debian's "#<off># " prefix (update-inetd's mark, so update-inetd --enable
 * undoes it): the node's "disabled" flag.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "daemon.h"
#include "inetdtext.h"
#include "listen.h"
#include "root.h"
#include "service.h"
#include "snapshot.h"
#include "source.h"
#include "tree.h"

/* What inetd.c keeps in the tree (tree_own). */
struct inetd_own {
	char *conf; /* inetd.conf's real location, relative to the root; NULL if absent */
};

static struct inetd_own *
own(const struct tree *t)
{
	return tree_own(t, &inetd_source, sizeof(struct inetd_own));
}

/* Are A and B the same subtree, but for a "disabled" child of the top? */
static bool
same_entry(const struct snode *a, const struct snode *b, bool top)
{
	size_t i = 0, j = 0;

	if (!streq(a->label ? a->label : "", b->label ? b->label : "") ||
	    !streq(a->value ? a->value : "\1", b->value ? b->value : "\1"))
		return false;
	for (;;) {
		while (top && i < a->n && streq(a->kids[i].label ? a->kids[i].label : "", "disabled"))
			i++;
		while (top && j < b->n && streq(b->kids[j].label ? b->kids[j].label : "", "disabled"))
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		if (!same_entry(&a->kids[i++], &b->kids[j++], false))
			return false;
	}
}

static bool
has_disabled(const struct snode *n)
{
	for (size_t i = 0; i < n->n; i++)
		if (n->kids[i].label != NULL && streq(n->kids[i].label, "disabled"))
			return true;
	return false;
}

/* The lines of entries E[0..N) of TEXT, one after another (*LEN bytes); NULL: no memory. */
static char *
entries_text(const char *text, const struct inetd_entry *e, size_t n, size_t *len)
{
	char *in = NULL;
	FILE *f = open_memstream(&in, len);

	if (f == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		fwrite(text + e[i].off, 1, e[i].len, f);
	if (fclose(f) != 0) {
		free(in);
		return NULL;
	}
	return in;
}

/*
 * Writes the tree at G (the nodes of entries E[0..N) of TEXT, their lines
 * IN, LEN bytes) back through the lens, OUTS[i] entry i's lines: as many
 * as it had (a disable or an enable changes its first line only).
 */
static int
put_entries(const struct tree *t, const char *file, const char *text,
	    const struct inetd_entry *e, size_t n, const char *g, const char *in, size_t len,
	    char **outs)
{
	char *all = NULL, *p;
	int r = tree_retrieve(t, "Deafen_inetd.services", g, in, file, &all);

	if (r == 0 && count_lines(all, strlen(all)) != count_lines(in, len))
		r = -EAGAIN;
	p = all;
	for (size_t i = 0; r == 0 && i < n; i++) {
		size_t lines = count_lines(text + e[i].off, e[i].len), l = 0;
		char *q = p;

		while (l < lines && (q = strchr(q, '\n')) != NULL)
			q++, l++;
		outs[i] = xstrndup(p, (size_t)(q - p));
		p = q;
	}
	free(all);
	return r;
}

/*
 * The entries E[0..N) of inetd.conf, whose service nodes in the tree are
 * WANT[0..N): their lines are read into a tree of their own, each gets
 * the "disabled" flag of its node in WANT, and the lens writes them back;
 * OUTS[i] gets entry i's lines (as many as it had: a disable or an enable
 * changes its first line only). -EAGAIN when a node differs from its
 * lines by more than that flag.
 */
static int
render_inetd_group(const struct tree *t, const char *file, const char *text,
		   const struct inetd_entry *e, const struct snode *const *want, size_t n,
		   char **outs)
{
	static const char g[] = "/deafen/inetd/g";
	struct snode got = { 0 };
	size_t len = 0, k = 0;
	char *in = entries_text(text, e, n, &len);
	int r = 0;

	if (in == NULL)
		return -ENOMEM;
	(void)aug_rm(t->aug, g);
	if (aug_set(t->aug, "/deafen/inetd/text", in) < 0 ||
	    aug_text_store(t->aug, "Deafen_inetd.services", "/deafen/inetd/text", g) < 0)
		r = -EAGAIN;
	if (r == 0 && snapshot_take(t, g, &got) < 0) {
		error_clear();
		r = -EAGAIN;
	}
	for (size_t i = 0; r == 0 && i < got.n; i++) {
		const struct snode *c = &got.kids[i];
		char *node;

		if (c->label == NULL || !streq(c->label, "service"))
			continue;
		if (k == n || !same_entry(c, want[k], true)) {
			r = -EAGAIN;
			break;
		}
		node = xasprintf("%s/service[%zu]/disabled", g, k + 1);
		if (has_disabled(want[k]) && !has_disabled(c))
			r = aug_set(t->aug, node, NULL) < 0 ? -EAGAIN : 0;
		else if (!has_disabled(want[k]) && has_disabled(c))
			r = aug_rm(t->aug, node) < 0 ? -EAGAIN : 0;
		free(node);
		k++;
	}
	snapshot_free(&got);
	if (r == 0 && k != n)
		r = -EAGAIN;
	if (r == 0)
		r = put_entries(t, file, text, e, n, g, in, len, outs);
	free(in);
	return r;
}

/*
 * The entries PICK[0..N) (indices) of FILE, whose N_ALL service nodes
 * are the file's, lines E[0..N) of TEXT: their nodes copied as they are
 * (an aug_cp walks the file's nodes: for a file of few entries) and
 * written back through the lens at once, from their own lines; OUTS[i]
 * gets entry i's lines. -EAGAIN as render_inetd_group.
 */
static int
render_inetd_copies(const struct tree *t, const char *file, const char *text,
		    const struct inetd_entry *e, const size_t *pick, size_t n, size_t n_all,
		    char **outs)
{
	static const char g[] = "/deafen/inetd/g";
	char *fnode, *in;
	size_t len = 0;
	int r = 0;

	if ((in = entries_text(text, e, n, &len)) == NULL)
		return -ENOMEM;
	fnode = tree_file_path(t, file);
	(void)aug_rm(t->aug, g);
	for (size_t i = 0; r == 0 && i < n; i++) {
		char *src = n_all > 1 ? xasprintf("%s/service[%zu]", fnode, pick[i] + 1)
				      : xasprintf("%s/service", fnode);
		char *dst = xasprintf("%s/service[%zu]", g, i + 1);

		if (aug_cp(t->aug, src, dst) < 0)
			r = -EAGAIN;
		free(src);
		free(dst);
	}
	if (r == 0)
		r = put_entries(t, file, text, e, n, g, in, len, outs);
	free(in);
	free(fnode);
	return r;
}

/*
 * inetd.conf with many entries: Augeas's put is quadratic in the number of
 * siblings it writes (20,000 entries: over a minute), and so is a copy of
 * a part of them; and a put of the whole file compiles the whole lens and
 * parses every line again (29 M instructions of a plan on fixtures/debian,
 * for three entries). So the entries go through the lens in groups, each
 * read anew from its lines and given the flag of its node (the one thing
 * plan changes in inetd.conf); the lines between entries (comments,
 * blanks) stay as read, as the whole-file put writes them. Only the
 * entries PICK[0..NPICK) (indices, increasing) go through the lens, the
 * others stay as read too: those are the ones plan flagged; PICK NULL:
 * every entry, when there are over AT_ONCE. -EAGAIN when the tree differs
 * from the text by more than the flags: the whole file through the lens.
 */
static int
render_inetd(const struct tree *t, const char *file, const char *text, const size_t *pick,
	     size_t npick, char **out)
{
	enum { AT_ONCE = 512, GROUP = 256 };
	char *node = tree_file_path(t, file);
	const struct snode **want = NULL, **wsel = NULL;
	struct inetd_entry *e = NULL, *esel = NULL;
	size_t n = inetd_entries(text, &e), k = 0, at = 0, ns = 0;
	struct snode snap = { 0 };
	char **outs = NULL;
	int r = -EAGAIN;

	if (pick == NULL && n <= AT_ONCE)
		goto out;
	if (snapshot_take(t, node, &snap) < 0) {
		error_clear();
		goto out;
	}
	want = xcalloc(n + 1, sizeof(*want));
	for (size_t i = 0; i < snap.n; i++)
		if (snap.kids[i].label != NULL && streq(snap.kids[i].label, "service")) {
			if (k == n) {
				k++;
				break;
			}
			want[k++] = &snap.kids[i];
		}
	if (k != n)
		goto out;
	/* the entries that go through the lens, in order */
	esel = xcalloc(n + 1, sizeof(*esel));
	wsel = xcalloc(n + 1, sizeof(*wsel));
	for (size_t i = 0; i < (pick ? npick : n); i++) {
		size_t j = pick ? pick[i] : i;

		if (j >= n || (ns > 0 && pick && j <= pick[i - 1]))
			goto out;
		esel[ns] = e[j];
		wsel[ns++] = want[j];
	}
	outs = xcalloc(ns + 1, sizeof(*outs));
	r = 0;
	if (pick != NULL && n <= AT_ONCE)
		r = render_inetd_copies(t, file, text, esel, pick, ns, n, outs);
	for (size_t i = 0; pick == NULL || n > AT_ONCE ? r == 0 && i < ns : false; i += GROUP)
		r = render_inetd_group(t, file, text, esel + i, wsel + i,
				       ns - i < GROUP ? ns - i : GROUP, outs + i);
	if (r == 0) {
		size_t len = 0;
		FILE *f = open_memstream(out, &len);

		for (size_t i = 0; f != NULL && i <= ns; i++) {
			size_t end = i < ns ? esel[i].off : strlen(text);

			fwrite(text + at, 1, end - at, f); /* the lines between */
			if (i < ns) {
				fputs(outs[i], f);
				at = esel[i].off + esel[i].len;
			}
		}
		if (f == NULL || fclose(f) != 0)
			r = -ENOMEM;
	}
out:
	for (size_t i = 0; outs != NULL && i < ns; i++)
		free(outs[i]);
	free(outs);
	free(want);
	free(wsel);
	free(esel);
	snapshot_free(&snap);
	free(e);
	free(node);
	return r;
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The entries of FILE the actions of plan P flag or unflag, as indices
 * (increasing, each once) into *PICK; false when an action's node is not
 * "service[K]/disabled" (or "service/disabled") below FILE's node.
 */
static bool
picked_entries(const struct tree *t, const struct plan *p, const char *file, size_t **pick,
	       size_t *npick)
{
	char *fnode = tree_file_path(t, file);
	size_t fl = strlen(fnode), n = 0;
	bool ok = true;

	*pick = xcalloc(p->n + 1, sizeof(**pick));
	for (size_t i = 0; ok && i < p->n; i++) {
		const struct action *a = &p->v[i];
		const char *s = a->node;
		unsigned long k = 1;
		char *end = NULL;

		if (a->kind != ACT_INETD_OFF || a->file == NULL || !streq(a->file, file))
			continue;
		ok = s != NULL && strncmp(s, fnode, fl) == 0 && startswith(s + fl, "/service");
		if (ok) {
			s += fl + strlen("/service");
			if (*s == '[') {
				k = strtoul(s + 1, &end, 10);
				ok = end != s + 1 && *end == ']' && k > 0;
				s = end + 1;
			}
		}
		if (ok && (ok = streq(s, "/disabled")))
			(*pick)[n++] = k - 1;
	}
	if (ok && n > 1) {
		size_t u = 1;

		qsort(*pick, n, sizeof(**pick), size_cmp);
		for (size_t i = 1; i < n; i++)
			if ((*pick)[i] != (*pick)[u - 1])
				(*pick)[u++] = (*pick)[i];
		n = u;
	}
	*npick = n;
	free(fnode);
	return ok;
}

/*
 * The listeners of inetd entry S: NAME on PROTO ("tcp", "udp6",
 * "tcp,rcvbuf=8192", "rpc/tcp", "unix") at ADDR ("host,host", NULL: every
 * address). A unix entry's name is its socket's path.
 */
static void
inetd_listen(struct service *s, const struct services *db, const char *addr, const char *proto)
{
	struct strv hosts = { 0 };
	char pr[16];

	if (proto != NULL && streq(proto, "unix")) {
		listen_add_path(s, s->name);
		return;
	}
	/* "tcp6", "rpc/udp" and "tcp,rcvbuf=N" name the /etc/services protocol too */
	snprintf(pr, sizeof(pr), "%s", proto ? base_name(proto) : "tcp");
	pr[strcspn(pr, "46,")] = '\0';
	if (addr != NULL)
		strv_split(&hosts, addr, ",");
	if (hosts.n == 0)
		strv_push(&hosts, "*");
	for (size_t h = 0; h < hosts.n; h++) {
		if (s->name[0] != '\0' && strspn(s->name, "0123456789") == strlen(s->name))
			listen_add(s, hosts.v[h], atoi(s->name), pr); /* "12345 stream ..." */
		else
			service_add_port(s, hosts.v[h], services_find(db, s->name, pr));
	}
	strv_free(&hosts);
}

static int
inetd_rows(const struct row_ctx *c, struct inventory *inv)
{
	const struct tree *t = c->t;
	const struct snode *files = c->files;
	char *file = own(t)->conf, *text = NULL, *fp;
	const struct snode *fn;
	const char *defaddr = NULL; /* "ADDR:" alone on a line: the lines after it (inetd(8)) */
	size_t nlines = 0, nsvc = 0, k = 0;
	struct inetd_entry *lines = NULL;
	int r;

	if (file == NULL)
		return 0;
	/* the text the tree holds, not the file again: it may have changed since */
	if ((r = tree_loaded_text(t, file, &text)) < 0)
		return r;
	nlines = inetd_entries(text, &lines);
	free(text);

	/* the snapshot, not a lookup of service[i] each: that walks i siblings
	 * (20,000 entries took a minute) */
	fn = snode_at(files, file);
	for (size_t i = 0; fn != NULL && i < fn->n; i++)
		nsvc += fn->kids[i].label != NULL && streq(fn->kids[i].label, "service");
	fp = tree_file_path(t, file);
	for (size_t i = 0; fn != NULL && i < fn->n; i++) {
		const struct snode *e = &fn->kids[i];
		const char *name = e->value, *cmd, *proto, *sock, *prog, *addr;
		char *node;
		struct tree_kv *kv;
		struct service *s;
		size_t nkv;

		if (e->label != NULL && streq(e->label, "address"))
			defaddr = e->value; /* "*:" is every address again */
		if (e->label == NULL || !streq(e->label, "service"))
			continue;
		/* the path aug_match gives: an index only among several */
		node = nsvc > 1 ? xasprintf("%s/service[%zu]", fp, k + 1)
				: xasprintf("%s/service", fp);
		nkv = snode_kids_kv(e, &kv);
		cmd = tree_kv_get(kv, nkv, "command", false);
		proto = tree_kv_get(kv, nkv, "protocol", false);
		sock = tree_kv_get(kv, nkv, "socket", false);
		addr = tree_kv_get(kv, nkv, "address", false);
		prog = cmd;
		s = service_new(inv, KIND_INETD, name ? name : "", file, node);
		free(node);
		s->line = k < nlines ? lines[k].line : 0;
		k++;
		s->enabled = true;
		for (size_t j = 0; j < nkv; j++)
			if (kv[j].label != NULL && streq(kv[j].label, "disabled"))
				s->enabled = false;
		s->network = true;
		/* tcpd wraps the real daemon: its first argument names it. */
		if (cmd != NULL && streq(base_name(cmd), "tcpd"))
			prog = snode_value(e, "arguments/1");
		if (prog != NULL && !streq(prog, "internal")) {
			s->program = xstrdup(base_name(prog));
			strv_push(&s->names, s->program);
		}
		strv_push(&s->names, s->name);
		if (s->name[0] != '\0')
			strv_push(&s->own, s->name);
		s->detail = xasprintf("%s/%s", sock ? sock : "?", proto ? proto : "?");
		inetd_listen(s, &inv->services, addr != NULL ? addr : defaddr, proto);
		service_expand_names(s, &inv->services);
		listen_finish(s);
		free(kv);
	}
	free(fp);
	free(lines);
	return 0;
}

/* The positions of inetd.conf's service nodes to flag "disabled", and the file's node. */
struct positions {
	size_t *v, n;
	char *file;
};

/* Notes NODE ("/files/etc/inetd.conf/service[K]", or without [K] when alone). */
static void
set_later(struct positions *o, const char *node)
{
	const char *b = strrchr(node, '[');

	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n++] = b != NULL ? strtoul(b + 1, NULL, 10) : 1;
	if (o->file == NULL)
		o->file = b != NULL ? xstrndup(node, (size_t)(b - node)) : xstrdup(node);
}


/*
 * Flags the noted services "disabled", one aug_setm a run of neighbours:
 * an aug_set of service[K] walks all N services of the file, so one a
 * service made plan --keep ssh on 20,000 entries quadratic. The lens keeps
 * the flag last, where aug_setm puts it.
 */
static int
set_disabled(struct tree *t, struct positions *o)
{
	int r = 0;

	if (o->n > 1)
		qsort(o->v, o->n, sizeof(*o->v), size_cmp);
	for (size_t i = 0; r == 0 && i < o->n;) {
		size_t j = i;
		char *base;

		while (j + 1 < o->n && o->v[j + 1] <= o->v[j] + 1)
			j++;
		base = xasprintf("%s[position() >= %zu and position() <= %zu]", o->file, o->v[i],
				 o->v[j]);
		if (aug_setm(t->aug, base, "disabled", NULL) < 0)
			r = tree_fail(t, base);
		free(base);
		i = j + 1;
	}
	free(o->file);
	return r;
}

/* Does line LINE (from 1) of TEXT start with a blank and go on with more than blanks? */
static bool
starts_blank(const char *text, int line)
{
	for (int l = 1; text != NULL && l < line; l++) {
		text = strchr(text, '\n');
		text = text ? text + 1 : NULL;
	}
	return text != NULL && (*text == ' ' || *text == '\t') &&
	       text[strspn(text, " \t")] != '\n' && text[strspn(text, " \t")] != '\0';
}

static int
inetd_setup(struct tree *t)
{
	/* stored: Deafen_inetd's regexps stay compiled for inetd_render's put (-5 M instructions) */
	return tree_add_stored(t, "Deafen_inetd", "/etc/inetd.conf", &own(t)->conf);
}

static int
inetd_parse_error(const struct tree *t, const char *file, int line, const char *msg,
		  const char *text)
{
	if (own(t)->conf == NULL || !streq(file, own(t)->conf) ||
	    !streq(msg, "Iterated lens matched less than it should") || !starts_blank(text, line))
		return 0;
	return errorf(-EBADMSG,
		      "%s:%d: a line that starts with blanks continues the entry above, and "
		      "there is none (after a comment or a blank line inetd reads it as an "
		      "entry of its own, which deafen does not): start it at column 0",
		      file, line);
}

static void
inetd_free(struct tree *t)
{
	free(own(t)->conf);
	own(t)->conf = NULL;
}

static char *
inetd_summary(const struct tree *t)
{
	return xasprintf("inetd.conf %s", own(t)->conf ? own(t)->conf : "(none)");
}

/* inetd.conf among P's files: the entries P flags, in groups (render_inetd). */
static int
inetd_render(const struct tree *t, const struct plan *p, char **outs)
{
	const struct strv *files = &p->files;
	int r = 0;

	for (size_t i = 0; r == 0 && own(t)->conf != NULL && i < files->n; i++) {
		char *text = NULL;

		if (!streq(files->v[i], own(t)->conf))
			continue;
		if ((r = tree_loaded_text(t, files->v[i], &text)) == 0) {
			size_t *pick = NULL, npick = 0;

			/* the entries the plan flags, else all when many */
			if (!picked_entries(t, p, files->v[i], &pick, &npick)) {
				free(pick);
				pick = NULL;
			}
			r = render_inetd(t, files->v[i], text, pick, npick, &outs[i]);
			free(pick);
			(void)aug_rm(t->aug, "/deafen");
			if (r == -EAGAIN)
				r = 0; /* small, or more than flags: the whole file through the lens */
		}
		free(text);
	}
	return r;
}

static int
inetd_disable(struct tree *t, const struct inventory *inv, size_t i, const struct disable_ctx *c,
	      struct plan *p)
{
	const struct service *s = &inv->v[i];
	struct action *a = plan_push(p, ACT_INETD_OFF, i);

	(void)t;
	(void)c;
	a->file = xstrdup(s->file);
	a->node = xasprintf("%s/disabled", s->node);
	return 0; /* flagged all at once: inetd_disable_all */
}

/* The entries' "disabled" flags, a run of neighbours at once (set_disabled). */
static int
inetd_disable_all(struct tree *t, const struct inventory *inv, const struct disable_ctx *c,
		  struct plan *p)
{
	struct positions off = { 0 };
	int r;

	(void)c;
	for (size_t k = 0; k < p->n; k++)
		if (p->v[k].kind == ACT_INETD_OFF)
			set_later(&off, inv->v[p->v[k].service].node);
	r = set_disabled(t, &off); /* frees off.file */
	free(off.v);
	return r;
}

/* update-inetd --enable: the "#<off># " prefix goes, nothing else changes. */
static int
inetd_enable(struct tree *t, const struct inventory *inv, size_t i, struct enable_ctx *c,
	     struct plan *p)
{
	const struct service *s = &inv->v[i];
	struct action *a = plan_push(p, ACT_INETD_OFF, i);

	(void)c;
	a->file = xstrdup(s->file);
	a->node = xasprintf("%s/disabled", s->node);
	return aug_rm(t->aug, a->node) < 0 ? tree_fail(t, a->node) : 0;
}

/* Lines of etc/inetd.conf commented out by hand ("#telnet ..."), not by update-inetd: left alone. */
static void
inetd_enable_notes(const char *root, const char *name, struct strv *out)
{
	char *real = NULL, *buf = NULL, *line, *s;
	size_t len = 0, nl = strlen(name);
	int lineno = 0;

	/* a link inside the root followed, as the load did */
	if (root_resolve(root, "/etc/inetd.conf", &real) == 0 &&
	    root_read_file(root, real, &buf, &len) == 0) {
		for (s = buf; (line = strsep(&s, "\n")) != NULL;) {
			char *w = line + 1;

			lineno++;
			if (line[0] != '#' || startswith(line, "#<off>#"))
				continue;
			while (*w == ' ' || *w == '\t')
				w++;
			if (strncmp(w, name, nl) == 0 && (w[nl] == ' ' || w[nl] == '\t'))
				strv_take(out, xasprintf("etc/inetd.conf:%d: %s is commented out by "
							 "hand, not by update-inetd; left alone",
							 lineno, name));
		}
	}
	free(buf);
	free(real);
}

/* inetd.conf's entries: served by the inetd (or xinetd -inetd_compat) that reads that file. */
static int
inetd_superservers(const char *root, const struct service *s, pid_t **pids, size_t *n)
{
	return superservers_for(root, s->file, SUPER_INETD, pids, n);
}

const struct source inetd_source = {
	.name = "inetd",
	.noun = "inetd",
	.kind = KIND_INETD,
	.superserver = true,
	.superservers = inetd_superservers,
	.setup = inetd_setup,
	.parse_error = inetd_parse_error,
	.free = inetd_free,
	.summary = inetd_summary,
	.rows = inetd_rows,
	.disable = inetd_disable,
	.disable_all = inetd_disable_all,
	.enable = inetd_enable,
	.enable_notes = inetd_enable_notes,
	.render = inetd_render,
};
