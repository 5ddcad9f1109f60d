/* tree.c - one Augeas session over a root: the files the sources (source.h) add, and links
 *
 * Only the lenses and files deafen needs are loaded (AUG_NO_MODL_AUTOLOAD):
 * the stock autoload compiles ~230 modules and costs ~250 ms. Every path is
 * resolved inside the root first, so Augeas never follows a link out of it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "root.h"
#include "tree.h"

char *
tree_escape(const struct tree *t, const char *rel)
{
	struct strv parts = { 0 };
	char *out = xstrdup("");

	strv_split(&parts, rel, "/");
	for (size_t i = 0; i < parts.n; i++) {
		char *esc = NULL, *next;

		if (aug_escape_name(t->aug, parts.v[i], &esc) < 0)
			esc = NULL;
		next = xasprintf("%s%s%s", out, i ? "/" : "", esc ? esc : parts.v[i]);
		free(esc);
		free(out);
		out = next;
	}
	strv_free(&parts);
	return out;
}

char *
tree_file_path(const struct tree *t, const char *file)
{
	char *esc = tree_escape(t, file), *p = xasprintf("/files/%s", esc);

	free(esc);
	return p;
}

size_t
tree_nodes(const struct tree *t, const char *pattern, struct tree_kv **out)
{
	static const char var[] = "deafen_nodes";
	int n = aug_defvar(t->aug, var, pattern);
	struct tree_kv *kv;

	if (n < 0)
		n = 0;
	kv = xcalloc((size_t)n + 1, sizeof(*kv));
	for (int i = 0; i < n; i++) {
		aug_ns_label(t->aug, var, i, &kv[i].label, NULL);
		aug_ns_value(t->aug, var, i, &kv[i].value);
	}
	aug_defvar(t->aug, var, NULL);
	*out = kv;
	return (size_t)n;
}

const char *
tree_kv_get(const struct tree_kv *kv, size_t n, const char *label, bool nocase)
{
	for (size_t i = 0; i < n; i++)
		if (kv[i].label != NULL &&
		    (nocase ? strcasecmp(kv[i].label, label) : strcmp(kv[i].label, label)) == 0)
			return kv[i].value;
	return NULL;
}

const char *
tree_get(const struct tree *t, const char *path)
{
	const char *v = NULL;

	if (aug_get(t->aug, path, &v) != 1)
		return NULL;
	return v;
}

/* Backup and package-manager leftovers that no daemon reads. */
bool
tree_ignored_name(const char *name)
{
	static const char *const suffixes[] = {
		"~", ".augnew", ".augsave", ".dpkg-old", ".dpkg-new", ".dpkg-dist",
		".dpkg-bak", ".dpkg-tmp", ".rpmnew", ".rpmsave", ".rpmorig", ".orig",
		".bak", ".swp",
	};
	size_t n = strlen(name);

	if (name[0] == '.')
		return true;
	for (size_t i = 0; i < ELEMENTSOF(suffixes); i++) {
		size_t k = strlen(suffixes[i]);

		if (n >= k && strcmp(name + n - k, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static int
set_lens(const struct tree *t, const char *name)
{
	char *p = xasprintf("/augeas/load/%s/lens", name);
	char *v = xasprintf("%s.lns", name);
	int r = aug_set(t->aug, p, v);

	free(p);
	free(v);
	return r < 0 ? errorf(-EIO, "augeas: %s", aug_error_message(t->aug)) : 0;
}

/*
 * Bytes 1 to 4 are Augeas's own: put encodes the tree with them, so a label
 * or value holding one is read by get and can never be written back (put
 * fails to match the tree, and apply would stop with "augeas cannot write
 * it"). A file that holds one is refused before it is loaded, like a NUL.
 */
static int
check_reserved(const char *file, const char *buf, size_t len)
{
	int line = 1;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			line++;
		else if (buf[i] >= 1 && buf[i] <= 4)
			return errorf(-EBADMSG, "%s:%d: a control byte (0x%02x): not a text file",
				      file, line, (unsigned)buf[i]);
	}
	return 0;
}

/* "/" + REL, glob characters escaped: incl and excl are globs; "x[1]" must mean itself. */
static char *
glob_escape(const char *rel)
{
	char *out = xmalloc(2 * strlen(rel) + 2), *o = out;

	*o++ = '/';
	for (const char *c = rel; *c != '\0'; c++) {
		if (strchr("[]*?\\", *c) != NULL)
			*o++ = '\\';
		*o++ = *c;
	}
	*o = '\0';
	return out;
}

/*
 * FILE is fit for LENS's transform (0) when it is a readable regular text file:
 * a FIFO would block the load, a directory or an unreadable file is no
 * configuration, a NUL byte would silently end the file early for Augeas,
 * and bytes 1 to 4 it cannot write. 1: the source of the file left it out
 * (t->check, source.h: an xinetd file with CRLF line ends). KEEP (may be
 * NULL) gets the text checked, when fit, with the last newline aug_load adds.
 */
static int
check_file(struct tree *t, const char *lens, const char *file, int dirfd, char **keep)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	/* DIRFD >= 0: FILE's directory, opened beneath the root once for all its files */
	r = dirfd >= 0 ? read_input(dirfd, base_name(file), O_NOFOLLOW, file, &text, &len)
		       : root_read_input(t->root, file, file, &text, &len);
	if (r < 0)
		r = -EBADMSG;
	else if (t->check != NULL && (r = t->check(t, lens, file, text, len)) != 0)
		r = r < 0 ? r : 1;
	else
		r = check_text(file, text, len) < 0 ? -EBADMSG : check_reserved(file, text, len);
	if (r == 0 && keep != NULL) {
		/* as aug_load reads it: a missing last newline added, to an empty file too */
		if (len == 0 || text[len - 1] != '\n') {
			text = xrealloc(text, len + 2);
			memcpy(text + len, "\n", 2);
		}
		*keep = text;
		text = NULL;
	}
	free(text);
	return r;
}

/* Adds an incl or excl PATTERN (a glob) to LENS's transform. */
static int
add_pattern(const struct tree *t, const char *lens, const char *kind, const char *pattern)
{
	char *p = xasprintf("/augeas/load/%s/lens", lens);
	int r = aug_match(t->aug, p, NULL);

	free(p);
	/* a lens is compiled only for a root that has its files */
	if (r == 0 && (r = set_lens(t, lens)) < 0)
		return r;
	p = xasprintf("/augeas/load/%s/%s[last()+1]", lens, kind);
	r = aug_set(t->aug, p, pattern);
	free(p);
	return r < 0 ? errorf(-EIO, "augeas: %s", aug_error_message(t->aug)) : 0;
}

/* FILE (with or without a leading '/') for LENS's aug_load: check_read looks for it after. */
static void
by_load_push(struct tree *t, const char *lens, const char *file)
{
	while (*file == '/')
		file++;
	strv_take(&t->by_load, xasprintf("%s\t%s", lens, file));
}

int
tree_add_file(struct tree *t, const char *lens, const char *file)
{
	char *pat;
	int r = check_file(t, lens, file, -1, NULL);

	if (r != 0)
		return r < 0 ? r : 0;
	pat = glob_escape(file);
	r = add_pattern(t, lens, "incl", pat);
	free(pat);
	if (r == 0)
		by_load_push(t, lens, file);
	return r;
}

int
tree_defer_file(struct tree *t, const char *lens, const char *file)
{
	int r = check_file(t, lens, file, -1, NULL);

	if (r == 0)
		strv_take(&t->deferred, xasprintf("%s\t%s", lens, file));
	return r < 0 ? r : 0;
}

/* Is FILE in the sorted vector V of N strings? */
bool
tree_sorted_has(char *const *v, size_t n, const char *file)
{
	return n > 0 && bsearch(&file, v, n, sizeof(*v), strp_cmp) != NULL;
}

char *
tree_dir_part(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup("");
}

/* DIR could not be opened (R): reported once, with it. */
static int
dir_error(const char *dir, int r)
{
	return errorf(r, "%s: %s", dir,
		      r == -EXDEV ? "a link points outside the root" : strerror(-r));
}

/*
 * The entries of D->dir that are not its files (dot names aside: the glob
 * does not match them) and not added on their own through a link from
 * another directory (t->by_load: LENS's excl would drop them), into
 * *OTHERS as "DIR/NAME".
 */
static int
dir_others(struct tree *t, const struct tree_dir *d, struct strv *others)
{
	struct strv own = { 0 };
	struct dirent *de;
	size_t n = strlen(d->module);
	DIR *dir;
	int r = root_opendir(t->root, d->dir, &dir);

	if (r < 0)
		return dir_error(d->dir, r);
	/* by_load's files of this lens, sorted, borrowed: a bsearch an entry */
	for (size_t i = 0; i < t->by_load.n; i++) {
		const char *e = t->by_load.v[i];

		if (strncmp(e, d->module, n) == 0 && e[n] == '\t')
			strv_push(&own, e + n + 1);
	}
	strv_sort(&own);
	while ((de = readdir(dir)) != NULL) {
		char *rel;

		if (de->d_name[0] == '.' || tree_sorted_has(d->names.v, d->names.n, de->d_name))
			continue;
		rel = xasprintf("%s/%s", d->dir, de->d_name);
		if (tree_sorted_has(own.v, own.n, rel))
			free(rel);
		else
			strv_take(others, rel);
	}
	closedir(dir);
	strv_free(&own);
	return 0;
}

/*
 * Augeas matches each file its globs find against every incl and excl of
 * the lens (fnmatch): one glob DIR/x with an excl an other entry costs
 * (files + others) x (others + 1), an incl a file files x files. The
 * cheaper of the two (*EACH: the incls), in matches a file read.
 */
static size_t
filter_cost(size_t files, size_t others, bool *each)
{
	size_t glob = (files + others) * (others + 1), incl = files * files;

	*each = incl < glob;
	return (*each ? incl : glob) / (files ? files : 1);
}

/*
 * D's files for aug_load, by the cheaper filter (filter_cost): one glob
 * with OTHERS excluded, or an incl a file. A directory of 200 files and
 * 16,000 names xinetd skips (foo.dpkg-old) took 79 s by the glob.
 */
static int
add_dir_patterns(struct tree *t, const struct tree_dir *d, const struct strv *others)
{
	size_t n = d->names.n;
	bool each;
	char *full;
	int r = 0;

	(void)filter_cost(n, others->n, &each);
	if (!each) {
		char *dir = glob_escape(d->dir), *pat = xasprintf("%s/*", dir);

		r = add_pattern(t, d->module, "incl", pat);
		free(pat);
		free(dir);
	}
	for (size_t i = 0; r == 0 && i < (each ? n : others->n); i++) {
		char *rel = each ? xasprintf("%s/%s", d->dir, d->names.v[i]) : NULL;

		full = glob_escape(each ? rel : others->v[i]);
		r = add_pattern(t, d->module, each ? "incl" : "excl", full);
		free(full);
		free(rel);
	}
	return r;
}

static int
name_cmp(const void *a, const void *b, void *v)
{
	const char *const *names = v;

	return strcmp(names[*(const size_t *)a], names[*(const size_t *)b]);
}

int
tree_add_files(struct tree *t, const char *lens, const char *dir, const struct strv *files)
{
	struct strv here = { 0 }, texts = { 0 };
	struct tree_dir *d;
	size_t *by_name;
	int r = 0, dirfd = *dir != '\0' ? root_dir(t->root, dir) : -1;

	for (size_t i = 0; r == 0 && i < files->n; i++) {
		char *fd = tree_dir_part(files->v[i]), *text = NULL;

		if (streq(fd, dir) && (r = check_file(t, lens, files->v[i], dirfd, &text)) == 0) {
			strv_push(&here, base_name(files->v[i]));
			strv_take(&texts, text);
		} else if (r == 1) {
			r = 0; /* left out */
		} else if (r == 0) {
			r = tree_add_file(t, lens, files->v[i]); /* reached through a link */
		}
		free(fd);
	}
	if (dirfd >= 0)
		close(dirfd);
	if (r < 0 || here.n == 0) {
		strv_free(&here);
		strv_free(&texts);
		return r;
	}
	/* the load reads them in one text, by name */
	by_name = xcalloc(here.n, sizeof(*by_name));
	for (size_t i = 0; i < here.n; i++)
		by_name[i] = i;
	qsort_r(by_name, here.n, sizeof(*by_name), name_cmp, here.v);
	t->dirs = xrealloc(t->dirs, (t->ndirs + 1) * sizeof(*t->dirs));
	d = &t->dirs[t->ndirs++];
	*d = (struct tree_dir){ .module = xstrdup(lens), .dir = xstrdup(dir) };
	for (size_t i = 0; i < here.n; i++) {
		strv_push(&d->names, here.v[by_name[i]]);
		strv_push(&d->texts, texts.v[by_name[i]]);
	}
	free(by_name);
	strv_free(&here);
	strv_free(&texts);
	return 0;
}

static void
dir_free(struct tree_dir *d)
{
	free(d->module);
	free(d->dir);
	strv_free(&d->names);
	strv_free(&d->texts);
}

void
tree_forget_dirs(struct tree *t, size_t n)
{
	while (t->ndirs > n)
		dir_free(&t->dirs[--t->ndirs]);
}

/* Is REL a path aug_text_store takes as it is, a pathx and a path of labels alike? */
static bool
plain_path(const char *rel)
{
	struct strv parts = { 0 };
	bool ok = *rel != '\0' && strspn(rel, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					       "0123456789._-/") == strlen(rel);

	strv_split(&parts, rel, "/");
	for (size_t i = 0; ok && i < parts.n; i++)
		ok = !streq(parts.v[i], ".") && !streq(parts.v[i], "..");
	ok = ok && parts.n > 0;
	strv_free(&parts);
	return ok;
}

/*
 * D's files into /files/D->dir through D->module's view dir, in one text,
 * each after TREE_DIR_MARKER NAME (0). 1, nothing stored, where that text
 * would not read as aug_load reads each file: a path Augeas would take
 * otherwise, a directory already in the tree (the store replaces it), a
 * name with a newline, a file holding the marker, a text the view does
 * not parse or splits otherwise. aug_load then reads them, and reports.
 */
static int
store_dir(struct tree *t, const struct tree_dir *d)
{
	static const char text_node[] = "/deafen/dir/text";
	char *node = xasprintf("/files/%s", d->dir), *view = xasprintf("%s.dir", d->module);
	char *all = NULL, *pat = xasprintf("%s/*", node);
	size_t len = 0, nk;
	struct tree_kv *kids = NULL;
	FILE *f = open_memstream(&all, &len);
	bool ok = f != NULL && plain_path(d->dir) && aug_match(t->aug, node, NULL) == 0;

	for (size_t i = 0; ok && i < d->names.n; i++) {
		ok = strchr(d->names.v[i], '\n') == NULL && strstr(d->texts.v[i], "@@deafen@@") == NULL;
		if (ok)
			fprintf(f, TREE_DIR_MARKER "%s\n%s", d->names.v[i], d->texts.v[i]);
	}
	if (f != NULL && fclose(f) != 0)
		ok = false;
	ok = ok && aug_set(t->aug, text_node, all) == 0 &&
	     aug_text_store(t->aug, view, text_node, node) == 0;
	/* one node a file, each named as the file it was read from */
	if (ok) {
		nk = tree_nodes(t, pat, &kids);
		ok = nk == d->names.n;
		for (size_t i = 0; ok && i < nk; i++)
			ok = kids[i].label != NULL && streq(kids[i].label, d->names.v[i]);
		free(kids);
		if (!ok)
			(void)aug_rm(t->aug, node);
	}
	(void)aug_rm(t->aug, "/deafen/dir");
	{
		/* where aug_text_store notes how it went */
		char *meta = xasprintf("/augeas/text%s", node);

		(void)aug_rm(t->aug, meta);
		free(meta);
	}
	free(pat);
	free(all);
	free(view);
	free(node);
	return ok ? 0 : 1;
}

/* D's one file, relative to the root ("inetd.conf" in the root's own directory). */
static char *
single_file(const struct tree_dir *d)
{
	return *d->dir != '\0' ? xasprintf("%s/%s", d->dir, d->names.v[0]) : xstrdup(d->names.v[0]);
}

/*
 * D's one file into /files/D->dir/NAME through D->module's lns. 1, nothing
 * stored, where aug_load would read it otherwise: a path Augeas would
 * take otherwise, a node already there, a text the lens does not parse.
 */
static int
store_file(struct tree *t, const struct tree_dir *d)
{
	static const char text_node[] = "/deafen/file/text";
	char *rel = single_file(d), *node = xasprintf("/files/%s", rel);
	char *lens = xasprintf("%s.lns", d->module), *meta = xasprintf("/augeas/text%s", node);
	bool fresh = plain_path(rel) && aug_match(t->aug, node, NULL) == 0;
	bool ok = fresh && aug_set(t->aug, text_node, d->texts.v[0]) == 0 &&
		  aug_text_store(t->aug, lens, text_node, node) == 0;

	if (fresh && !ok)
		(void)aug_rm(t->aug, node); /* what a failed store left; a node there before stays */
	(void)aug_rm(t->aug, "/deafen/file");
	(void)aug_rm(t->aug, meta); /* where aug_text_store notes how it went */
	free(meta);
	free(lens);
	free(node);
	free(rel);
	return ok ? 0 : 1;
}

/* D's one file: stored, else for aug_load. */
static int
load_single(struct tree *t, struct tree_dir *d)
{
	char *rel, *pat;
	int r;

	d->stored = store_file(t, d) == 0;
	if (d->stored)
		return 0;
	rel = single_file(d);
	pat = glob_escape(rel);
	r = add_pattern(t, d->module, "incl", pat);
	if (r == 0)
		by_load_push(t, d->module, rel);
	free(pat);
	free(rel);
	return r;
}

/*
 * D's files: in one text from store_min files, or where Augeas's filter
 * would cost more than TREE_FILTER_MAX fnmatch a file; else, or where the
 * store failed, for aug_load.
 */
static int
load_many(struct tree *t, struct tree_dir *d)
{
	struct strv others = { 0 };
	bool big = d->names.n >= t->store_min;
	int r = big ? 0 : dir_others(t, d, &others);
	bool each;

	if (r == 0 && (big || filter_cost(d->names.n, others.n, &each) > TREE_FILTER_MAX))
		d->stored = store_dir(t, d) == 0;
	if (r == 0 && !d->stored && big)
		r = dir_others(t, d, &others);
	if (r == 0 && !d->stored)
		r = add_dir_patterns(t, d, &others);
	for (size_t j = 0; r == 0 && !d->stored && j < d->names.n; j++) {
		char *f = xasprintf("%s/%s", d->dir, d->names.v[j]);

		by_load_push(t, d->module, f);
		free(f);
	}
	strv_free(&others);
	return r;
}

/* The directories added since the last load: stored, else added for aug_load. */
static int
load_dirs(struct tree *t)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < t->ndirs; i++) {
		struct tree_dir *d = &t->dirs[i];

		if (d->loaded)
			continue;
		d->loaded = true;
		r = d->single ? load_single(t, d) : load_many(t, d);
		if (!d->stored)
			strv_free(&d->texts); /* aug_load reads the files */
	}
	return r;
}

/*
 * Resolves PATH inside the root. Absent is not an error (*real = NULL);
 * a link out of the root is.
 */
int
tree_resolve(struct tree *t, const char *path, char **real)
{
	int r = root_resolve(t->root, path, real);

	if (r == -ENOENT || r == -ENOTDIR) {
		*real = NULL;
		return 0;
	}
	if (r == -EXDEV)
		return errorf(-EXDEV, "%s: a link points outside the root", path + 1);
	if (r < 0)
		return errorf(r, "%s: %s", path + 1, strerror(-r));
	return 0;
}

bool
tree_is_type(struct tree *t, const char *rel, mode_t type)
{
	struct stat st;

	return root_lstat(t->root, rel, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

int
tree_list_dir(struct tree *t, const char *dir, bool (*skip)(const char *), struct strv *names,
	 struct strv *real)
{
	struct strv found = { 0 }, regular = { 0 };
	struct dirent *de;
	DIR *d;
	int r = root_opendir(t->root, dir, &d);

	if (r < 0)
		return dir_error(dir, r);
	while ((de = readdir(d)) != NULL)
		if (!skip(de->d_name)) {
			strv_push(&found, de->d_name);
			if (de->d_type == DT_REG)
				strv_push(&regular, de->d_name);
		}
	closedir(d);
	strv_sort(&found);
	strv_sort(&regular);
	for (size_t i = 0; r == 0 && i < found.n; i++) {
		char *abs, *where = NULL;

		/* a regular file of DIR (real) is where it is: no link to follow, nothing to
		 * stat (every open is beneath the root and does not follow a link anyway) */
		if (tree_sorted_has(regular.v, regular.n, found.v[i])) {
			strv_push(names, found.v[i]);
			strv_take(real, xasprintf("%s/%s", dir, found.v[i]));
			continue;
		}
		abs = xasprintf("/%s/%s", dir, found.v[i]);
		r = tree_resolve(t, abs, &where);
		if (r == 0 && where != NULL && tree_is_type(t, where, S_IFREG)) {
			strv_push(names, found.v[i]);
			strv_take(real, where);
			where = NULL;
		}
		free(where);
		free(abs);
	}
	strv_free(&found);
	strv_free(&regular);
	return r;
}

int
tree_add_path(struct tree *t, const char *lens, const char *path, char **real)
{
	char *f = NULL;
	int r;

	r = tree_resolve(t, path, &f);
	if (r < 0 || f == NULL)
		return r;
	r = tree_add_file(t, lens, f);
	if (r == 0 && real != NULL)
		*real = f;
	else
		free(f);
	return r;
}

int
tree_add_stored(struct tree *t, const char *lens, const char *path, char **real)
{
	char *f = NULL, *text = NULL;
	struct tree_dir *d;
	int r = tree_resolve(t, path, &f);

	if (r < 0 || f == NULL)
		return r;
	if ((r = check_file(t, lens, f, -1, &text)) != 0) {
		/* 1: left out, and where it is said, as tree_add_path does */
		if (r == 1 && real != NULL)
			*real = f;
		else
			free(f);
		return r < 0 ? r : 0;
	}
	t->dirs = xrealloc(t->dirs, (t->ndirs + 1) * sizeof(*t->dirs));
	d = &t->dirs[t->ndirs++];
	*d = (struct tree_dir){ .module = xstrdup(lens), .dir = tree_dir_part(f), .single = true };
	strv_push(&d->names, base_name(f));
	strv_take(&d->texts, text);
	if (real != NULL)
		*real = f;
	else
		free(f);
	return 0;
}

/*
 * The message of a file that does not parse, FILE:LINE first. Augeas's
 * lenses here are iterations of lines: "Iterated lens matched less than it
 * should" means that LINE is where the text stops making sense, past the
 * last line when the file ends too early (an unclosed block).
 */
static int
parse_error(const struct tree *t, const char *file, int line, const char *msg)
{
	static const char iter[] = "Iterated lens matched less than it should";
	char *text = NULL;
	size_t len = 0;
	int lines = 0, r = 0;

	if (line <= 0)
		return errorf(-EBADMSG, "%s: %s", file, msg);
	if (root_read_file(t->root, file, &text, &len) == 0)
		for (size_t i = 0; i < len; i++)
			lines += text[i] == '\n' || (i + 1 == len && text[i] != '\n');
	if (lines > 0 && line > lines) {
		free(text);
		return errorf(-EBADMSG, "%s:%d: the file ends too early (augeas: %s)", file, lines, msg);
	}
	if (t->explain != NULL && (r = t->explain(t, file, line, msg, text)) > 0)
		r = 0;
	free(text);
	if (r < 0)
		return r;
	if (streq(msg, iter))
		return errorf(-EBADMSG, "%s:%d: this line does not parse (augeas: %s)", file, line, msg);
	return errorf(-EBADMSG, "%s:%d: %s", file, line, msg);
}

int
tree_check_errors(struct tree *t)
{
	char **m = NULL;
	int n, r = 0;

	n = aug_match(t->aug, "/augeas/files//error", &m);
	for (int i = 0; i < n; i++) {
		if (r == 0) {
			const char *file = m[i] + strlen("/augeas/files/");
			const char *msg = NULL, *line = NULL, *kind = NULL;
			char *p;

			aug_get(t->aug, m[i], &kind);
			p = xasprintf("%s/message", m[i]);
			aug_get(t->aug, p, &msg);
			free(p);
			p = xasprintf("%s/line", m[i]);
			aug_get(t->aug, p, &line);
			free(p);
			p = xstrndup(file, strlen(file) - strlen("/error"));
			/* a daemon's own file: it gets its default (daemonconf.c) */
			if (t->lenient == NULL || !t->lenient(t, p))
				r = parse_error(t, p, line ? atoi(line) : 0, msg ? msg : kind);
			free(p);
		}
		free(m[i]);
	}
	free(m);
	return r;
}

/*
 * A stored file is no transform's, so Augeas cannot see that another lens
 * reads it too (an xinetd include of inetd.conf, a daemon's file linked to
 * it): the other's aug_load would replace its tree. Said as Augeas says it
 * of two transforms.
 */
static int
check_stored(const struct tree *t)
{
	for (size_t i = 0; i < t->ndirs; i++) {
		const struct tree_dir *d = &t->dirs[i];
		char *rel, *esc, *p;
		const char *other = NULL;
		int n;

		if (!d->single || !d->stored)
			continue;
		rel = single_file(d);
		esc = tree_escape(t, rel);
		p = xasprintf("/augeas/files/%s/lens", esc);
		n = aug_get(t->aug, p, &other);
		free(p);
		free(esc);
		if (n == 1 && other != NULL) {
			if (*other == '@')
				other++;
			n = errorf(-EBADMSG, "%s: Lenses %s.lns and %s%s could be used to load this file",
				   rel, d->module, other, strchr(other, '.') ? "" : ".lns");
			free(rel);
			return n;
		}
		free(rel);
	}
	return 0;
}

/* A lens that does not compile (or is not found) is an installation error. */
static int
check_lenses(const struct tree *t)
{
	char **m = NULL;
	int n, r = 0;

	n = aug_match(t->aug, "/augeas/load/*/error", &m);
	for (int i = 0; i < n; i++) {
		const char *msg = NULL, *name = m[i] + strlen("/augeas/load/");

		aug_get(t->aug, m[i], &msg);
		if (r == 0)
			r = errorf(-ENOENT, "lens %.*s (lens dir %s): %s",
				   (int)(strlen(name) - strlen("/error")), name, t->lensdir,
				   msg ? msg : "error");
		free(m[i]);
	}
	free(m);
	return r;
}

/* "/augeas/files/etc/x\\ y/path" as a plain "etc/x y" (*N of them, sorted). */
static char **
files_read(const struct tree *t, size_t *n)
{
	static const char pre[] = "/augeas/files/", post[] = "/path";
	char **m = NULL;
	int k = aug_match(t->aug, "/augeas/files//path", &m);

	*n = 0;
	if (k < 0)
		return NULL;
	for (int i = 0; i < k; i++) {
		char *o = m[i], *c = m[i] + strlen(pre);
		size_t len = strlen(m[i]);

		if (len < strlen(pre) + strlen(post) || !streq(m[i] + len - strlen(post), post)) {
			free(m[i]); /* a file's own "path" node is its last label */
			continue;
		}
		m[i][len - strlen(post)] = '\0';
		for (; *c != '\0'; c++) /* pathx escapes a character with a backslash */
			*o++ = *c == '\\' && c[1] != '\0' ? *++c : *c;
		*o = '\0';
		m[(*n)++] = m[i];
	}
	if (*n > 1)
		qsort(m, *n, sizeof(*m), strp_cmp);
	return m;
}

/*
 * Every file checked for aug_load (FILES and MORE, which may be NULL:
 * "LENS\tFILE") is in what it read. Augeas leaves out what
 * is not a regular file when it loads: a file swapped for a FIFO since
 * deafen checked it would be missing from the tree without a word.
 * Checked again, it says what it is now.
 */
static int
check_read(struct tree *t, const struct strv *files, const struct strv *more)
{
	size_t n, nf = files->n + (more ? more->n : 0);
	char **read = files_read(t, &n);
	int r = 0;

	if (read == NULL && nf > 0)
		return errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	for (size_t i = 0; r == 0 && i < nf; i++) {
		const char *entry = i < files->n ? files->v[i] : more->v[i - files->n];
		const char *tab = strchr(entry, '\t'), *file = tab + 1;
		char *lens, *esc;
		bool lenient;

		while (*file == '/') /* a deferred file may be named from the root */
			file++;
		if (tree_sorted_has(read, n, file))
			continue;
		esc = tree_escape(t, file);
		lenient = t->lenient != NULL && t->lenient(t, esc);
		free(esc);
		if (lenient)
			continue; /* a daemon's own file: missing, it gets its default */
		lens = xstrndup(entry, (size_t)(tab - entry));
		if ((r = check_file(t, lens, file, -1, NULL)) >= 0)
			r = errorf(-EBADMSG, "%s: changed while deafen read the root: run it again", file);
		else
			r = -EBADMSG; /* what it is now, said */
		free(lens);
	}
	for (size_t i = 0; i < n; i++)
		free(read[i]);
	free(read);
	return r;
}

int
tree_open(struct tree *t, const char *root, const char *lensdir)
{
	memset(t, 0, sizeof(*t));
	t->root = xstrdup(root);
	t->lensdir = lensdir;
	t->store_min = TREE_STORE_MIN;
	t->aug = aug_init(root, lensdir, AUG_NO_MODL_AUTOLOAD | AUG_NO_LOAD | AUG_NO_ERR_CLOSE);
	if (t->aug == NULL || aug_error(t->aug) != AUG_NOERROR)
		return errorf(-EIO, "augeas: cannot start: %s",
			      t->aug ? aug_error_message(t->aug) : "out of memory");

	return 0;
}

int
tree_load(struct tree *t)
{
	/* stored before the load: the view's lens stays compiled for it (aug_text_store
	 * keeps a lens's regexps, aug_load frees them at its end) */
	int r = load_dirs(t);

	if (r < 0)
		return r;
	if (aug_load(t->aug) < 0)
		return errorf(-EIO, "augeas: %s: %s", aug_error_message(t->aug),
			      aug_error_details(t->aug) ? aug_error_details(t->aug) : "");
	if ((r = check_lenses(t)) < 0 || (r = check_stored(t)) < 0 || (r = tree_check_errors(t)) < 0 ||
	    (r = check_read(t, &t->by_load, NULL)) < 0)
		return r;
	return 0;
}

int
tree_load_deferred(const struct tree *t)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < t->deferred.n; i++) {
		const char *tab = strchr(t->deferred.v[i], '\t');
		char *lens = xstrndup(t->deferred.v[i], (size_t)(tab - t->deferred.v[i]));
		char *pat = glob_escape(tab + 1);

		r = add_pattern(t, lens, "incl", pat);
		free(pat);
		free(lens);
	}
	if (r == 0 && t->deferred.n > 0 && aug_load(t->aug) < 0)
		r = errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	if (r == 0 && t->deferred.n > 0 &&
	    ((r = check_lenses((struct tree *)t)) < 0 || (r = check_stored(t)) < 0 ||
	     (r = tree_check_errors((struct tree *)t)) < 0 ||
	     (r = check_read((struct tree *)t, &t->by_load, &t->deferred)) < 0))
		return r;
	return r;
}

/* The stored directory (or single file) FILE is in (*AT: its index in its names), or NULL. */
static const struct tree_dir *
stored_dir(const struct tree *t, const char *file, size_t *at)
{
	const struct tree_dir *found = NULL;
	char *dir = tree_dir_part(file);

	for (size_t i = 0; i < t->ndirs && found == NULL; i++) {
		const struct tree_dir *d = &t->dirs[i];
		char *const *hit;

		if (!d->stored || !streq(d->dir, dir))
			continue;
		hit = bsearch(&(const char *){ base_name(file) }, d->names.v, d->names.n,
			      sizeof(*d->names.v), strp_cmp);
		if (hit != NULL) {
			found = d;
			*at = (size_t)(hit - d->names.v);
		}
	}
	free(dir);
	return found;
}

/* The text of FILE as aug_load parsed it: a missing last newline is added. */
int
tree_loaded_text(const struct tree *t, const char *file, char **text)
{
	size_t len = 0, at;
	const struct tree_dir *d = stored_dir(t, file, &at);
	int r;

	/* a stored file: the very text its view (or lns) read */
	if (d != NULL) {
		*text = xstrdup(d->texts.v[at]);
		return 0;
	}
	r = root_read_input(t->root, file, file, text, &len);

	if (r < 0)
		return r;
	/* as aug_load read it: Augeas adds a missing last newline, to an empty file too */
	if (len == 0 || (*text)[len - 1] != '\n') {
		char *t2 = xasprintf("%s\n", *text);

		free(*text);
		*text = t2;
	}
	return 0;
}

/* The lens that read FILE, as "Module.lns" (*LENS allocated). */
static int
file_lens(const struct tree *t, const char *file, char **lens)
{
	char *esc = tree_escape(t, file), *info = xasprintf("/augeas/files/%s/lens", esc);
	const char *v = NULL;

	free(esc);
	*lens = NULL;
	if (aug_get(t->aug, info, &v) != 1 || v == NULL) {
		size_t at;
		const struct tree_dir *d = stored_dir(t, file, &at);

		free(info);
		/* a stored file: no /augeas/files entry */
		if (d == NULL)
			return errorf(-EIO, "%s: no lens recorded for it", file);
		*lens = xasprintf("%s.lns", d->module);
		return 0;
	}
	free(info);
	if (v[0] == '@')
		v++;
	*lens = strchr(v, '.') ? xstrdup(v) : xasprintf("%s.lns", v);
	return 0;
}

int
tree_retrieve(const struct tree *t, const char *lens, const char *node, const char *text,
	 const char *what, char **out)
{
	const char *v = NULL;
	int r = 0;

	if (aug_set(t->aug, "/deafen/text/in", text) < 0 ||
	    aug_text_retrieve(t->aug, lens, "/deafen/text/in", node, "/deafen/text/out") < 0 ||
	    aug_get(t->aug, "/deafen/text/out", &v) != 1 || v == NULL)
		r = errorf(-EIO, "%s: augeas cannot write it: %s%s%s", what,
			   aug_error_message(t->aug), aug_error_details(t->aug) ? ": " : "",
			   aug_error_details(t->aug) ? aug_error_details(t->aug) : "");
	else
		*out = xstrdup(v);
	return r;
}

int
tree_render(const struct tree *t, const char *file, char **out)
{
	char *node = tree_file_path(t, file), *text = NULL, *lens = NULL;
	int r;

	if ((r = tree_loaded_text(t, file, &text)) == 0 && (r = file_lens(t, file, &lens)) == 0)
		r = tree_retrieve(t, lens, node, text, file, out);
	(void)aug_rm(t->aug, "/deafen");
	free(node);
	free(text);
	free(lens);
	return r;
}

void
tree_close(struct tree *t)
{
	if (t->aug != NULL)
		aug_close(t->aug);
	free(t->root);
	free(t->services_file);
	strv_free(&t->deferred);
	strv_free(&t->by_load);
	strv_free(&t->daemon_conf);
	tree_forget_dirs(t, 0);
	free(t->dirs);
	for (size_t i = 0; i < TREE_OWN; i++)
		free(t->own[i].state);
	memset(t, 0, sizeof(*t));
}

char *
tree_link_node(const struct tree *t, const char *dir, const char *name)
{
	char *rel = xasprintf("%s/%s", dir, name), *esc = tree_escape(t, rel);
	char *p = xasprintf(LINKS_TREE "/%s", esc);

	free(rel);
	free(esc);
	return p;
}

int
tree_fail(const struct tree *t, const char *what)
{
	return errorf(-EIO, "augeas: %s: %s", what, aug_error_message(t->aug));
}

void *
tree_own(const struct tree *t, const void *key, size_t size)
{
	/* the slots are the modules' own: a const tree keeps them too (an object never defined const) */
	struct tree *w = (struct tree *)t;
	size_t i = 0;

	while (i < TREE_OWN && w->own[i].key != NULL && w->own[i].key != key)
		i++;
	if (i == TREE_OWN)
		abort(); /* TREE_OWN is too small: a new module keeps state */
	if (w->own[i].key == NULL) {
		w->own[i].key = key;
		w->own[i].state = xcalloc(1, size);
	}
	return w->own[i].state;
}
