/* tree.c - one Augeas tree of a root: configuration files and rc links
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

#include "headers.h"
#include "inetdtext.h"
#include "daemonconf.h"
#include "rclinks.h"
#include "snapshot.h"
#include "root.h"
#include "systemd.h"
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
static bool
ignored_name(const char *name)
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
set_lens(struct tree *t, const char *name)
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
 * and bytes 1 to 4 it cannot write. 1: an xinetd file with CRLF line ends,
 * which xinetd 2.3.15 reads but serves nothing of ("Bad socket type:
 * stream" and the like for every attribute, the CR being part of each
 * value): it is left out of the load and alone, its services listed as
 * ignored, and the rest of the root goes on.
 */
static int
check_file(struct tree *t, const char *lens, const char *file)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	if ((r = root_read_input(t->root, file, file, &text, &len)) < 0)
		r = -EBADMSG;
	else if (streq(lens, "Deafen_xinetd") && memmem(text, len, "\r\n", 2) != NULL)
		r = 1; /* xinetd reads every value with its CR: it serves none of the file */
	else
		r = check_text(file, text, len) < 0 ? -EBADMSG : check_reserved(file, text, len);
	free(text);
	return r;
}

/* Adds an incl or excl PATTERN (a glob) to LENS's transform. */
static int
add_pattern(struct tree *t, const char *lens, const char *kind, const char *pattern)
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

int
tree_add_file(struct tree *t, const char *lens, const char *file)
{
	char *pat;
	int r = check_file(t, lens, file);

	if (r == 1)
		strv_push(&t->xinetd_crlf, file);
	if (r != 0)
		return r < 0 ? r : 0;
	pat = glob_escape(file);
	r = add_pattern(t, lens, "incl", pat);
	free(pat);
	return r;
}

/* Is FILE in the sorted vector V of N strings? */
static bool
sorted_has(char *const *v, size_t n, const char *file)
{
	return n > 0 && bsearch(&file, v, n, sizeof(*v), strp_cmp) != NULL;
}

/* The directory part of REL, "" for a name alone. */
static char *
dir_part(const char *rel)
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

int
tree_add_files(struct tree *t, const char *lens, const char *dir, const struct strv *files)
{
	struct strv here = { 0 };
	struct dirent *de;
	char *full, *pat;
	int r = 0;
	DIR *d;

	for (size_t i = 0; r == 0 && i < files->n; i++) {
		char *fd = dir_part(files->v[i]);

		if (streq(fd, dir) && (r = check_file(t, lens, files->v[i])) == 0)
			strv_push(&here, base_name(files->v[i]));
		else if (r == 1)
			r = 0, strv_push(&t->xinetd_crlf, files->v[i]); /* left out */
		else if (r == 0)
			r = tree_add_file(t, lens, files->v[i]); /* reached through a link */
		free(fd);
	}
	if (r < 0 || here.n == 0) {
		strv_free(&here);
		return r;
	}
	strv_sort(&here);
	/* one glob for the directory, and out with what is not ours: one
	 * incl per file made the load quadratic (every file is matched
	 * against every pattern) */
	r = root_opendir(t->root, dir, &d);
	if (r < 0) {
		strv_free(&here);
		return dir_error(dir, r);
	}
	full = glob_escape(dir);
	pat = xasprintf("%s/*", full);
	r = add_pattern(t, lens, "incl", pat);
	free(full);
	free(pat);
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || sorted_has(here.v, here.n, de->d_name))
			continue; /* the glob does not match dot names */
		pat = xasprintf("%s/%s", dir, de->d_name);
		full = glob_escape(pat);
		r = add_pattern(t, lens, "excl", full);
		free(full);
		free(pat);
	}
	closedir(d);
	strv_free(&here);
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

static bool
is_type(struct tree *t, const char *rel, mode_t type)
{
	struct stat st;

	return root_lstat(t->root, rel, &st) == 0 && (st.st_mode & S_IFMT) == type;
}

/*
 * The entries of DIR (relative) that are regular files, following links
 * inside the root as init and xinetd do; sorted by name. NAMES gets the
 * names, REAL their real locations. A link out of the root is an error.
 */
static int
list_dir(struct tree *t, const char *dir, bool (*skip)(const char *), struct strv *names,
	 struct strv *real)
{
	struct strv found = { 0 };
	struct dirent *de;
	DIR *d;
	int r = root_opendir(t->root, dir, &d);

	if (r < 0)
		return dir_error(dir, r);
	while ((de = readdir(d)) != NULL)
		if (!skip(de->d_name))
			strv_push(&found, de->d_name);
	closedir(d);
	strv_sort(&found);
	for (size_t i = 0; r == 0 && i < found.n; i++) {
		char *abs = xasprintf("/%s/%s", dir, found.v[i]), *where = NULL;

		r = tree_resolve(t, abs, &where);
		if (r == 0 && where != NULL && is_type(t, where, S_IFREG)) {
			strv_push(names, found.v[i]);
			strv_take(real, where);
			where = NULL;
		}
		free(where);
		free(abs);
	}
	strv_free(&found);
	return r;
}

/* xinetd's own rule for includedir: skip names with a dot or ending in a tilde. */
static bool
xinetd_skips(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '.') != NULL || (n > 0 && name[n - 1] == '~');
}

static int
setup_initscripts(struct tree *t)
{
	static const char *const dirs[] = { "/etc/init.d", "/etc/rc.d/init.d" };
	int r;

	for (size_t i = 0; i < ELEMENTSOF(dirs) && t->initdir == NULL; i++) {
		r = tree_resolve(t, dirs[i], &t->initdir);
		if (r < 0)
			return r;
		if (t->initdir != NULL && !is_type(t, t->initdir, S_IFDIR)) {
			free(t->initdir);
			t->initdir = NULL;
		}
	}
	if (t->initdir == NULL)
		return 0;
	r = list_dir(t, t->initdir, ignored_name, &t->scripts, &t->script_files);
	return r;
}

static int
setup_file(struct tree *t, const char *lens, const char *path, char **real)
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

/*
 * The message of a file that does not parse, FILE:LINE first. Augeas's
 * lenses here are iterations of lines: "Iterated lens matched less than it
 * should" means that LINE is where the text stops making sense, past the
 * last line when the file ends too early (an unclosed block).
 */
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
parse_error(struct tree *t, const char *file, int line, const char *msg)
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
	if (streq(msg, iter) && t->inetd_conf != NULL && streq(file, t->inetd_conf) &&
	    starts_blank(text, line))
		r = errorf(-EBADMSG,
			   "%s:%d: a line that starts with blanks continues the entry above, and "
			   "there is none (after a comment or a blank line inetd reads it as an "
			   "entry of its own, which deafen does not): start it at column 0",
			   file, line);
	free(text);
	if (r < 0)
		return r;
	if (streq(msg, iter))
		return errorf(-EBADMSG, "%s:%d: this line does not parse (augeas: %s)", file, line, msg);
	return errorf(-EBADMSG, "%s:%d: %s", file, line, msg);
}

/* Reports the first file Augeas could not read or parse, as path:line: message. */
static int
check_errors(struct tree *t)
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
			if (!daemonconf_is(t, p))
				r = parse_error(t, p, line ? atoi(line) : 0, msg ? msg : kind);
			free(p);
		}
		free(m[i]);
	}
	free(m);
	return r;
}

/* A lens that does not compile (or is not found) is an installation error. */
static int
check_lenses(struct tree *t)
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

struct include_hit {
	char *node;
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

/*
 * The include and includedir nodes of the xinetd files FROM..TO, in file
 * order then document order: one aug_match per directory, not one per
 * file (5,000 files: 1.3 G instructions).
 */
static size_t
match_includes(struct tree *t, size_t from, size_t to, struct include_hit **out)
{
	struct strv dirs = { 0 }, fp = { 0 };
	struct include_hit *v = NULL;
	size_t n = 0;

	for (size_t i = from; i < to; i++) {
		strv_take(&dirs, dir_part(t->xinetd_files.v[i]));
		strv_take(&fp, tree_file_path(t, t->xinetd_files.v[i]));
	}
	strv_sort_uniq(&dirs);
	for (size_t k = 0; k < dirs.n; k++) {
		char *dn = tree_file_path(t, dirs.v[k]);
		char *pat = xasprintf("%s/*/*[label() = 'includedir' or label() = 'include']", dn);
		char **hits = NULL;
		int nh = aug_match(t->aug, pat, &hits);

		for (int j = 0; j < nh; j++) {
			/* the file's node is the match without its last step */
			size_t len = (size_t)(strrchr(hits[j], '/') - hits[j]), i;

			for (i = 0; i < fp.n; i++)
				if (strlen(fp.v[i]) == len && strncmp(fp.v[i], hits[j], len) == 0)
					break;
			if (i == fp.n) {
				free(hits[j]);
				continue;
			}
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n] = (struct include_hit){ hits[j], from + i, n };
			n++;
		}
		free(hits);
		free(pat);
		free(dn);
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), include_hit_cmp);
	strv_free(&fp);
	strv_free(&dirs);
	*out = v;
	return n;
}

/*
 * Follows includedir and include the way xinetd does. Files are added in
 * rounds and loaded with one aug_load a round (it skips files already
 * loaded): aug_load_file a file costs a pass over every transform, which
 * made 1,000 files quadratic.
 */
static int
load_xinetd_includes(struct tree *t)
{
	size_t scanned = 0;
	int r = 0;

	while (r == 0 && scanned < t->xinetd_files.n) {
		size_t end = t->xinetd_files.n, added = 0;
		struct include_hit *m = NULL;
		size_t n = match_includes(t, scanned, end, &m);

		for (size_t j = 0; j < n; j++) {
			const char *label = NULL, *v = NULL, *file = t->xinetd_files.v[m[j].file];
			struct strv names = { 0 }, files = { 0 }, fresh = { 0 }, known = { 0 };
			char *real = NULL;

			aug_label(t->aug, m[j].node, &label);
			aug_get(t->aug, m[j].node, &v);
			if (r == 0 && v != NULL && v[0] == '/' &&
			    root_resolve(t->root, v, &real) == -EXDEV)
				r = errorf(-EXDEV, "%s:%d: %s %s: points outside the root",
					   file, line_of(t, file, v), label, v);
			free(real);
			real = NULL;
			if (r == 0 && v != NULL && v[0] == '/')
				r = tree_resolve(t, v, &real);
			if (r == 0 && real != NULL) {
				if (streq(label, "include") && is_type(t, real, S_IFREG))
					strv_push(&files, real);
				else if (streq(label, "includedir") && is_type(t, real, S_IFDIR))
					r = list_dir(t, real, xinetd_skips, &names, &files);
			}
			/* a sorted view of the files known so far, to look up in */
			known.v = xcalloc(t->xinetd_files.n + 1, sizeof(*known.v));
			memcpy(known.v, t->xinetd_files.v, t->xinetd_files.n * sizeof(*known.v));
			known.n = t->xinetd_files.n;
			strv_sort(&known);
			for (size_t k = 0; r == 0 && k < files.n; k++) {
				if (sorted_has(known.v, known.n, files.v[k]))
					continue;
				strv_push(&fresh, files.v[k]);
				strv_push(&t->xinetd_files, files.v[k]);
				added++;
			}
			free(known.v); /* the strings are t->xinetd_files' */
			if (r == 0)
				r = tree_add_files(t, "Deafen_xinetd",
						   streq(label, "includedir") && real ? real : "", &fresh);
			strv_free(&fresh);
			strv_free(&names);
			strv_free(&files);
			free(real);
			free(m[j].node);
		}
		free(m);
		scanned = end;
		if (r == 0 && added > 0) {
			if (aug_load(t->aug) < 0)
				r = errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
			else
				r = check_errors(t);
		}
	}
	return r;
}

int
tree_open(struct tree *t, const char *root, const char *lensdir)
{
	char *xconf = NULL;
	int r;

	memset(t, 0, sizeof(*t));
	t->root = xstrdup(root);
	t->lensdir = lensdir;
	t->aug = aug_init(root, lensdir, AUG_NO_MODL_AUTOLOAD | AUG_NO_LOAD | AUG_NO_ERR_CLOSE);
	if (t->aug == NULL || aug_error(t->aug) != AUG_NOERROR)
		return errorf(-EIO, "augeas: cannot start: %s",
			      t->aug ? aug_error_message(t->aug) : "out of memory");

	if ((r = setup_file(t, "Deafen_inetd", "/etc/inetd.conf", &t->inetd_conf)) < 0)
		return r;
	r = setup_file(t, "Deafen_xinetd", "/etc/xinetd.conf", &xconf);
	if (xconf != NULL)
		strv_take(&t->xinetd_files, xconf);
	if (r < 0 || (r = setup_file(t, "Services", "/etc/services", &t->services_file)) < 0 ||
	    (r = setup_initscripts(t)) < 0 || (r = systemd_load(t)) < 0 ||
	    (r = daemonconf_setup(t)) < 0)
		return r;

	if (aug_load(t->aug) < 0)
		return errorf(-EIO, "augeas: %s: %s", aug_error_message(t->aug),
			      aug_error_details(t->aug) ? aug_error_details(t->aug) : "");
	if ((r = check_lenses(t)) < 0 || (r = check_errors(t)) < 0)
		return r;
	if ((r = load_xinetd_includes(t)) < 0 || (r = headers_load(t)) < 0 ||
	    (r = rclinks_load(t)) < 0 || (r = daemonconf_load(t)) < 0)
		return r;
	return systemd_links_load(t);
}

/* The text of FILE as aug_load parsed it: a missing last newline is added. */
static int
loaded_text(const struct tree *t, const char *file, char **text)
{
	size_t len = 0;
	int r = root_read_input(t->root, file, file, text, &len);

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
		free(info);
		return errorf(-EIO, "%s: no lens recorded for it", file);
	}
	free(info);
	if (v[0] == '@')
		v++;
	*lens = strchr(v, '.') ? xstrdup(v) : xasprintf("%s.lns", v);
	return 0;
}

/* Puts the tree at NODE through LENS over TEXT; *OUT allocated. WHAT names it in errors. */
static int
retrieve(const struct tree *t, const char *lens, const char *node, const char *text,
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

static size_t
count_lines(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
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
	char *in = NULL, *all = NULL, *p;
	struct snode got = { 0 };
	size_t len = 0, k = 0;
	FILE *f = open_memstream(&in, &len);
	int r = 0;

	if (f == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		fwrite(text + e[i].off, 1, e[i].len, f);
	if (fclose(f) != 0) {
		free(in);
		return -ENOMEM;
	}
	(void)aug_rm(t->aug, g);
	if (aug_set(t->aug, "/deafen/inetd/text", in) < 0 ||
	    aug_text_store(t->aug, "Deafen_inetd.lns", "/deafen/inetd/text", g) < 0)
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
		r = retrieve(t, "Deafen_inetd.lns", g, in, file, &all);
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
	free(in);
	free(all);
	return r;
}

/*
 * inetd.conf with many entries: Augeas's put is quadratic in the number of
 * siblings it writes (20,000 entries: over a minute), and so is a copy of
 * a part of them. So the entries go through the lens in groups, each read
 * anew from its lines and given the flag of its node (the one thing plan
 * changes in inetd.conf); the lines between entries (comments, blanks)
 * stay as read. -EAGAIN when the file is small or the tree differs from
 * its text by more than the flags: the whole file goes through the lens.
 */
static int
render_inetd(const struct tree *t, const char *file, const char *text, char **out)
{
	enum { AT_ONCE = 512, GROUP = 256 };
	char *node = tree_file_path(t, file);
	const struct snode **want = NULL;
	struct inetd_entry *e = NULL;
	size_t n = inetd_entries(text, &e), k = 0, at = 0;
	struct snode snap = { 0 };
	char **outs = NULL;
	int r = -EAGAIN;

	if (n <= AT_ONCE)
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
	outs = xcalloc(n + 1, sizeof(*outs));
	r = 0;
	for (size_t i = 0; r == 0 && i < n; i += GROUP)
		r = render_inetd_group(t, file, text, e + i, want + i, n - i < GROUP ? n - i : GROUP,
				       outs + i);
	if (r == 0) {
		size_t len = 0;
		FILE *f = open_memstream(out, &len);

		for (size_t i = 0; f != NULL && i <= n; i++) {
			size_t end = i < n ? e[i].off : strlen(text);

			fwrite(text + at, 1, end - at, f); /* the lines between entries */
			if (i < n) {
				fputs(outs[i], f);
				at = e[i].off + e[i].len;
			}
		}
		if (f == NULL || fclose(f) != 0)
			r = -ENOMEM;
	}
out:
	for (size_t i = 0; outs != NULL && i < n; i++)
		free(outs[i]);
	free(outs);
	free(want);
	snapshot_free(&snap);
	free(e);
	free(node);
	return r;
}

int
tree_render(const struct tree *t, const char *file, char **out)
{
	char *node = tree_file_path(t, file), *text = NULL, *lens = NULL;
	int r;

	if ((r = loaded_text(t, file, &text)) == 0 && t->inetd_conf != NULL &&
	    streq(file, t->inetd_conf)) {
		r = render_inetd(t, file, text, out);
		(void)aug_rm(t->aug, "/deafen");
		if (r != -EAGAIN)
			goto out;
		r = 0;
	}
	if (r == 0 && (r = file_lens(t, file, &lens)) == 0)
		r = retrieve(t, lens, node, text, file, out);
out:
	(void)aug_rm(t->aug, "/deafen");
	free(node);
	free(text);
	free(lens);
	return r;
}

static const char marker[] = "@@deafen@@ ";

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

		if ((r = loaded_text(t, files[i], &one)) == 0) {
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
		r = retrieve(t, "Deafen_xinetd.dir", node, text, dir, &all);
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
		if (sorted_has(want, n, files[i]))
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
		if (r == 0 && !sorted_has(xs, nxs, files.v[files.n - 1]))
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

int
tree_render_files(const struct tree *t, const struct strv *files, char **outs)
{
	/* below this many changed files in a directory, one call each is cheaper */
	enum { DIR_AT_ONCE = 4 };
	char **xs = xcalloc(t->xinetd_files.n + 1, sizeof(*xs));
	bool *done = xcalloc(files->n + 1, sizeof(*done));
	int r = 0;

	for (size_t i = 0; i < t->xinetd_files.n; i++)
		xs[i] = t->xinetd_files.v[i];
	qsort(xs, t->xinetd_files.n, sizeof(*xs), strp_cmp);
	for (size_t i = 0; i < files->n; i++)
		outs[i] = NULL;
	for (size_t i = 0; r == 0 && i < files->n; i++) {
		struct strv group = { 0 };
		size_t *at = xcalloc(files->n + 1, sizeof(*at));
		char *dir = dir_part(files->v[i]), **gouts;

		/* the other changed xinetd files of the same directory */
		for (size_t k = i; !done[i] && k < files->n; k++) {
			char *kd = dir_part(files->v[k]);

			if (!done[k] && streq(kd, dir) &&
			    sorted_has(xs, t->xinetd_files.n, files->v[k])) {
				at[group.n] = k;
				strv_push(&group, files->v[k]);
			}
			free(kd);
		}
		gouts = xcalloc(group.n + 1, sizeof(*gouts));
		if (group.n >= DIR_AT_ONCE) {
			strv_sort(&group); /* files->v is sorted: AT stays in step */
			r = render_xinetd_dir(t, dir, xs, t->xinetd_files.n, group.v, group.n, gouts);
			if (r == -EAGAIN)
				r = 0;
			else
				for (size_t k = 0; k < group.n; k++) {
					outs[at[k]] = gouts[k];
					done[at[k]] = true;
				}
		}
		if (r == 0 && !done[i])
			r = tree_render(t, files->v[i], &outs[i]);
		done[i] = true;
		free(gouts);
		free(at);
		free(dir);
		strv_free(&group);
	}
	if (r < 0)
		for (size_t i = 0; i < files->n; i++) {
			free(outs[i]);
			outs[i] = NULL;
		}
	free(done);
	free(xs);
	return r;
}

void
tree_close(struct tree *t)
{
	if (t->aug != NULL)
		aug_close(t->aug);
	free(t->root);
	free(t->inetd_conf);
	free(t->services_file);
	strv_free(&t->xinetd_files);
	strv_free(&t->xinetd_crlf);
	strv_free(&t->daemon_conf);
	strv_free(&t->script_files);
	free(t->initdir);
	strv_free(&t->scripts);
	for (size_t i = 0; i < ELEMENTSOF(t->rcdir); i++)
		free(t->rcdir[i]);
	for (size_t i = 0; i < t->nlinks; i++) {
		free(t->links[i].name);
		free(t->links[i].target);
	}
	free(t->links);
	free(t->link_index);
	systemd_free(t);
	if (t->headers != NULL)
		snapshot_free(t->headers);
	free(t->headers);
	memset(t, 0, sizeof(*t));
}
