/* unitdirs.c - the unit directories: unit files, drop-ins and links, read into the tree
 *
 * systemd's search path, each real directory once; the unit files and
 * drop-ins are read in C (unitfile.c; through the Deafen_unit lens only for
 * list --format xml); the links join the rc links under LINKS_TREE at their
 * real location: /links/etc/systemd/system/multi-user.target.wants/ssh.service
 * = "/lib/systemd/system/ssh.service". What it read is struct systemd_own.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "action.h"
#include "arena.h"
#include "daemonconf.h"
#include "listen.h"
#include "rclinks.h"
#include "root.h"
#include "service.h"
#include "snapshot.h"
#include "source.h"
#include "startlevels.h"
#include "systemd.h"
#include "sysv.h"
#include "tree.h"
#include "unitfile.h"

/* The key of systemd_own in the tree (tree_own). */
static const char own_key;

struct systemd_own *
systemd_own(const struct tree *t)
{
	return tree_own(t, &own_key, sizeof(struct systemd_own));
}

static struct systemd_own *
own(const struct tree *t)
{
	return systemd_own(t);
}

/*
 * systemd's system unit search path, the administrator's first (Debian 12
 * merges /lib into /usr/lib: the same directory is read once).
 */
static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/usr/local/lib/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
};

static const char *const unit_suffixes[] = {
	".service", ".socket", ".target", ".path", ".timer", ".mount", ".automount",
	".swap", ".slice", ".scope", ".device",
};

static const char *
unit_suffix(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL || dot == name)
		return NULL;
	for (size_t i = 0; i < ELEMENTSOF(unit_suffixes); i++)
		if (streq(dot, unit_suffixes[i]))
			return dot;
	return NULL;
}

/* A name systemd would take for a unit: known suffix, its own characters only. */
static bool
unit_name_valid(const char *name)
{
	const char *dot = unit_suffix(name);

	return dot != NULL && strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					   "0123456789:-_.\\@") == strlen(name);
}

/* Of a type deafen lists: service, socket or path. */
static bool
unit_type_listed(const char *name)
{
	const char *dot = unit_suffix(name);

	return dot != NULL && (streq(dot, ".service") || streq(dot, ".socket") || streq(dot, ".path"));
}

bool
unit_listed_type(const char *name)
{
	return strchr(name, '@') == NULL && unit_type_listed(name);
}

bool
unit_is_instance(const char *name)
{
	const char *at = strchr(name, '@'), *dot = unit_suffix(name);

	return at != NULL && at > name && dot != NULL && at + 1 < dot && unit_type_listed(name);
}

char *
unit_template(const char *instance)
{
	const char *at = strchr(instance, '@');

	return xasprintf("%.*s%s", (int)(at + 1 - instance), instance, unit_suffix(instance));
}

/* The unit files that deafen reads: device-like units are not services. Templates
 * (foo@.service) are read for their instances (foo@bar.service); timers for
 * the unit each starts (list: "static (pulled in by apt-daily.timer)"). */
static bool
unit_file_wanted(const char *name)
{
	const char *dot = unit_suffix(name);

	return dot != NULL && unit_name_valid(name) &&
	       (unit_type_listed(name) || streq(dot, ".target") || streq(dot, ".timer"));
}

int
unit_cmp(const void *x, const void *y)
{
	return strcmp(((const struct unit_file *)x)->name, ((const struct unit_file *)y)->name);
}

/* The real unit directories of the root, each once (/lib may be a link to usr/lib). */
static int
real_unit_dirs(struct tree *t, struct strv *out)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < ELEMENTSOF(unit_dirs); i++) {
		char *real = NULL;
		struct stat st;

		/* a loop is a directory systemd cannot read either: it skips it */
		r = root_resolve(t->root, unit_dirs[i], &real);
		if (r == -ENOENT || r == -ENOTDIR || r == -ELOOP) {
			free(real);
			r = 0;
			continue;
		}
		if (r < 0) {
			free(real);
			r = errorf(r, "%s: %s", unit_dirs[i] + 1,
				   r == -EXDEV ? "a link points outside the root" : strerror(-r));
			break;
		}
		if (root_lstat(t->root, real, &st) == 0 && S_ISDIR(st.st_mode) &&
		    !strv_contains(out, real)) {
			if (i == 0)
				own(t)->unitdir = xstrdup(real);
			strv_push(out, real);
		}
		free(real);
	}
	return r;
}

static int
sorted_names(const char *root, const char *dir, struct strv *out)
{
	struct dirent *de;
	DIR *d;
	int r = root_opendir(root, dir, &d);

	if (r < 0)
		return errorf(r, "%s: %s", dir,
			      r == -EXDEV ? "a link points outside the root" : strerror(-r));
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strv_push(out, de->d_name);
	closedir(d);
	strv_sort(out);
	return 0;
}

mode_t
unit_lstat(const char *root, const char *dir, const char *name)
{
	char *rel = xasprintf("%s/%s", dir, name);
	struct stat st;
	mode_t m = root_lstat(root, rel, &st) == 0 ? st.st_mode & S_IFMT : 0;

	free(rel);
	return m;
}

/*
 * Where the link DIR/NAME to TARGET ends in the root: *REAL ("dev/null" for
 * the target /dev/null), and *JOINED, TARGET joined to DIR. -ENOENT and the
 * like: dangling; -EXDEV: out of the root (said).
 */
static int
link_real(const struct tree *t, const char *dir, const char *name, const char *target,
	  char **joined, char **real)
{
	char *abs;
	int r;

	*joined = *real = NULL;
	if (streq(target, "/dev/null")) {
		*real = xstrdup("dev/null");
		return 0;
	}
	if (root_join_target(dir, target, joined) < 0)
		return errorf(-EXDEV, "%s/%s: link to '%s' points outside the root", dir, name,
			      target);
	abs = xasprintf("/%s", *joined);
	r = root_resolve(t->root, abs, real);
	if (r == -EXDEV)
		r = errorf(-EXDEV, "%s/%s: link to '%s' points outside the root", dir, name,
			   target);
	free(abs);
	return r;
}

/*
 * A .wants, .requires or drop-in directory DIR/NAME that is a link: one
 * out of the root is refused (-EXDEV, said), as a link on rc2.d is.
 */
static int
dir_link_inside(const struct tree *t, const char *dir, const char *name)
{
	char *rel = xasprintf("%s/%s", dir, name);
	char target[4096], *joined = NULL, *real = NULL;
	ssize_t k = root_readlink(t->root, rel, target, sizeof(target) - 1);
	int r = 0;

	if (k >= 0) {
		target[k] = '\0';
		r = link_real(t, dir, name, target, &joined, &real);
		r = r == -EXDEV ? r : 0; /* dangling: nothing systemd reads */
	}
	free(joined);
	free(real);
	free(rel);
	return r;
}

static int
cmp_dropin(const void *x, const void *y)
{
	const struct unit_dropin *a = x, *b = y;
	int c = strcmp(a->unit, b->unit);

	return c != 0 ? c : strcmp(a->name, b->name);
}

/*
 * The drop-ins of DIR/SUB (SUB: "UNIT.d"; DIR the RANKth unit directory)
 * not yet seen in a directory before it (SEEN: "UNIT/NAME" of each, a hash
 * set: a scan of all the drop-ins a name made 8,000 of them quadratic);
 * their files go into FILES (to load).
 */
static int
load_dropins(struct tree *t, const char *dir, size_t rank, const char *sub,
	     struct strpool *seen_in, struct strv *files)
{
	struct systemd_own *o = own(t);
	char *dd = xasprintf("%s/%s", dir, sub), *unit = xstrndup(sub, strlen(sub) - 2);
	struct strv names = { 0 };
	int r = sorted_names(t->root, dd, &names);

	for (size_t i = 0; r == 0 && i < names.n; i++) {
		char *rel = xasprintf("%s/%s", dd, names.v[i]), *real = NULL;
		char *key = xasprintf("%s/%s", unit, names.v[i]);
		struct unit_dropin *d;
		mode_t m;
		bool masked = false;

		if (strpool_has(seen_in, key) || !endswith(names.v[i], ".conf")) {
			free(key);
			free(rel);
			continue;
		}
		m = unit_lstat(t->root, dd, names.v[i]);
		if (m == S_IFREG) {
			real = xstrdup(rel);
		} else if (m == S_IFLNK) {
			/* a link to /dev/null masks the drop-in; another is followed in the root */
			char target[4096], *joined = NULL;
			ssize_t k = root_readlink(t->root, rel, target, sizeof(target) - 1);

			target[k < 0 ? 0 : k] = '\0';
			masked = streq(target, "/dev/null");
			r = link_real(t, dd, names.v[i], target, &joined, &real);
			if (masked || (r != -EXDEV && (r < 0 || unit_lstat(t->root, "", real) != S_IFREG)))
				r = 0, free(real), real = NULL; /* dangling, or not a file: systemd skips it */
			free(joined);
		}
		if (r == 0 && (real != NULL || masked)) {
			o->dropins = xrealloc(o->dropins, (o->ndropins + 1) * sizeof(*o->dropins));
			d = &o->dropins[o->ndropins++];
			d->unit = xstrdup(unit);
			d->name = xstrdup(names.v[i]);
			d->file = real;
			d->rank = rank;
			if (real != NULL)
				strv_push(files, real);
			(void)strpool_index(seen_in, key);
		} else {
			free(real);
		}
		free(key);
		free(rel);
	}
	strv_free(&names);
	free(unit);
	free(dd);
	return r;
}

/*
 * Reads FILES (unit files or drop-ins, real, relative to the root) in C
 * into own(t)->unit_trees; the lens reads them only for the whole tree.
 */
static int
read_units(struct tree *t, const struct strv *files)
{
	struct systemd_own *o = own(t);
	int r = 0;

	if (o->unit_trees == NULL) {
		o->unit_trees = xcalloc(1, sizeof(*o->unit_trees));
		o->unit_trees->label = xstrdup("units");
	}
	for (size_t i = 0; r == 0 && i < files->n; i++) {
		const char *f = files->v[i];
		struct snode one;
		char *text = NULL;
		size_t len = 0;

		if ((r = tree_defer_file(t, "Deafen_unit", f)) < 0 ||
		    (r = root_read_input(t->root, f, f, &text, &len)) < 0)
			break;
		r = unitfile_parse(f, text, len, &one);
		free(text);
		if (r < 0)
			break;
		free(one.label);
		one.label = xstrdup(f);
		snode_adopt(o->unit_trees, &one);
	}
	return r;
}

const struct snode *
unit_tree(const struct tree *t, const char *file)
{
	return snode_child(own(t)->unit_trees, file);
}

int
systemd_load(struct tree *t)
{
	struct systemd_own *o = own(t);
	struct strv dirs = { 0 };
	/* the units and drop-ins met so far, by name: an earlier directory's come first */
	struct arena names_in = { 0 };
	struct strpool units_seen = { .arena = &names_in }, dropins_seen = { .arena = &names_in };
	int r = real_unit_dirs(t, &dirs);

	for (size_t d = 0; d < dirs.n; d++)
		strv_push(&o->unit_dirs, dirs.v[d]);

	for (size_t d = 0; r == 0 && d < dirs.n; d++) {
		struct strv names = { 0 }, files = { 0 };

		r = sorted_names(t->root, dirs.v[d], &names);
		for (size_t i = 0; r == 0 && i < names.n; i++) {
			struct unit_file *u;

			if (endswith(names.v[i], ".d")) {
				char *unit = xstrndup(names.v[i], strlen(names.v[i]) - 2);
				struct strv dfiles = { 0 };

				mode_t m = unit_lstat(t->root, dirs.v[d], names.v[i]);

				if (unit_file_wanted(unit) && m == S_IFLNK)
					r = dir_link_inside(t, dirs.v[d], names.v[i]);
				if (r == 0 && unit_file_wanted(unit) && m == S_IFDIR)
					r = load_dropins(t, dirs.v[d], d, names.v[i], &dropins_seen, &dfiles);
				if (r == 0 && dfiles.n > 0) {
					char *dd = xasprintf("%s/%s", dirs.v[d], names.v[i]);

					r = read_units(t, &dfiles);
					free(dd);
				}
				strv_free(&dfiles);
				free(unit);
				continue;
			}
			if (!unit_file_wanted(names.v[i]) ||
			    unit_lstat(t->root, dirs.v[d], names.v[i]) != S_IFREG)
				continue;
			if (strpool_has(&units_seen, names.v[i]))
				continue; /* the administrator's copy in etc comes first */
			(void)strpool_index(&units_seen, names.v[i]);
			o->units = xrealloc(o->units, (o->nunits + 1) * sizeof(*o->units));
			u = &o->units[o->nunits++];
			u->name = xstrdup(names.v[i]);
			u->file = xasprintf("%s/%s", dirs.v[d], names.v[i]);
			u->local = o->unitdir != NULL && streq(dirs.v[d], o->unitdir);
			strv_push(&files, u->file);
		}
		if (r == 0)
			r = read_units(t, &files);
		strv_free(&files);
		strv_free(&names);
	}
	strv_free(&dirs);
	strpool_free(&units_seen);
	strpool_free(&dropins_seen);
	arena_free(&names_in);
	if (o->unit_trees != NULL)
		snode_index(o->unit_trees);
	if (o->nunits > 1)
		qsort(o->units, o->nunits, sizeof(*o->units), unit_cmp);
	if (o->ndropins > 1)
		qsort(o->dropins, o->ndropins, sizeof(*o->dropins), cmp_dropin);
	return r;
}

/* The unit a link in DIR with TARGET ends at: "" for /dev/null (a mask). */
static int
link_dest(const struct tree *t, const char *dir, const char *name, const char *target,
	  char **dest)
{
	char *joined = NULL, *real = NULL;
	int r = link_real(t, dir, name, target, &joined, &real);

	*dest = NULL;
	if (r == 0)
		*dest = xstrdup(streq(real, "dev/null") ? "" : base_name(real));
	else if (r != -EXDEV) /* dangling: systemctl judges it by the name it points to */
		*dest = xstrdup(base_name(joined)), r = 0;
	free(real);
	free(joined);
	return r;
}

/*
 * Reads the link DIR/NAME; OWNER: the unit whose wants directory DIR is, or
 * NULL. Into the tree too, unless DEFER (rclinks_store does it for a
 * directory's links).
 */
static int
add_link(struct tree *t, const char *dir, const char *name, bool local, const char *owner,
	 bool defer)
{
	struct systemd_own *o = own(t);
	char *rel = xasprintf("%s/%s", dir, name);
	char target[4096], *dest = NULL, *node;
	struct unit_link *l;
	ssize_t k;
	int r;

	k = root_readlink(t->root, rel, target, sizeof(target) - 1);
	free(rel);
	if (k < 0)
		return 0;
	target[k] = '\0';
	if ((r = link_dest(t, dir, name, target, &dest)) < 0)
		return r;
	node = tree_link_node(t, dir, name);
	if (!defer && aug_set(t->aug, node, target) < 0)
		r = errorf(-EIO, "augeas: %s: %s", node, aug_error_message(t->aug));
	free(node);
	o->ulinks = xrealloc(o->ulinks, (o->nulinks + 1) * sizeof(*o->ulinks));
	l = &o->ulinks[o->nulinks++];
	l->dir = xstrdup(dir);
	l->name = xstrdup(name);
	l->target = xstrdup(target);
	l->dest = dest;
	l->local = local;
	l->owner = owner ? xstrdup(owner) : NULL;
	return r;
}

char *
unit_wants_owner(const char *dir)
{
	const char *base = base_name(dir);

	if (endswith(base, ".wants"))
		return xstrndup(base, strlen(base) - strlen(".wants"));
	if (endswith(base, ".requires"))
		return xstrndup(base, strlen(base) - strlen(".requires"));
	return NULL;
}

/* The links of one unit directory: its own, and those of its .wants/.requires directories. */
static int
load_links(struct tree *t, const char *dir, bool local)
{
	struct systemd_own *o = own(t);
	struct strv names = { 0 };
	int r = sorted_names(t->root, dir, &names);

	for (size_t i = 0; r == 0 && i < names.n; i++) {
		const char *n = names.v[i];
		mode_t m = unit_lstat(t->root, dir, n);
		char *owner = m == S_IFDIR ? unit_wants_owner(n) : NULL;
		char *linked = m == S_IFLNK ? unit_wants_owner(n) : NULL;

		if (linked != NULL && (r = dir_link_inside(t, dir, n)) < 0) {
			free(linked);
			break;
		}
		free(linked);
		if (m == S_IFLNK && unit_name_valid(n)) {
			r = add_link(t, dir, n, local, NULL, false);
		} else if (owner != NULL) {
			char *sub = xasprintf("%s/%s", dir, n);
			struct strv links = { 0 };

			size_t first = o->nulinks;

			r = sorted_names(t->root, sub, &links);
			for (size_t k = 0; r == 0 && k < links.n; k++)
				if (unit_name_valid(links.v[k]) &&
				    unit_lstat(t->root, sub, links.v[k]) == S_IFLNK)
					r = add_link(t, sub, links.v[k], local, owner, true);
			if (r == 0)
				r = rclinks_store(t, sub, o->ulinks + first, o->nulinks - first,
						  sizeof(*o->ulinks), offsetof(struct unit_link, name),
						  offsetof(struct unit_link, target));
			strv_free(&links);
			free(sub);
		}
		free(owner);
	}
	strv_free(&names);
	return r;
}

/* Indices into LINKS (qsort_r's context) by name, or by the unit they end at. */
static int
cmp_keys(const char *a, const char *b, size_t i, size_t j)
{
	int c = strcmp(a, b);

	/* equal keys keep the links' order: search-path order */
	return c != 0 ? c : (i > j) - (i < j);
}

static int
cmp_by_name(const void *x, const void *y, void *links)
{
	const struct unit_link *l = links;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	return cmp_keys(l[i].name, l[j].name, i, j);
}

static int
cmp_by_dest(const void *x, const void *y, void *links)
{
	const struct unit_link *l = links;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	return cmp_keys(l[i].dest, l[j].dest, i, j);
}

static size_t *
link_index(const struct tree *t, bool by_dest)
{
	struct systemd_own *o = own(t);
	size_t *v = xcalloc(o->nulinks + 1, sizeof(*v));

	for (size_t i = 0; i < o->nulinks; i++)
		v[i] = i;
	if (o->nulinks > 1)
		qsort_r(v, o->nulinks, sizeof(*v), by_dest ? cmp_by_dest : cmp_by_name, o->ulinks);
	return v;
}

const size_t *
unit_links_of(const struct tree *t, const char *name, bool by_dest, size_t *n)
{
	const struct systemd_own *o = own(t);
	const size_t *v = by_dest ? o->ulink_by_dest : o->ulink_by_name;
	size_t lo = 0, hi = o->nulinks, first;

	*n = 0;
	if (v == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct unit_link *l = &o->ulinks[v[mid]];

		if (strcmp(by_dest ? l->dest : l->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < o->nulinks &&
	       streq(by_dest ? o->ulinks[v[lo]].dest : o->ulinks[v[lo]].name, name))
		lo++;
	*n = lo - first;
	return v + first;
}

int
systemd_links_load(struct tree *t)
{
	struct systemd_own *o = own(t);
	int r = 0;

	for (size_t d = 0; r == 0 && d < o->unit_dirs.n; d++)
		r = load_links(t, o->unit_dirs.v[d],
			       o->unitdir != NULL && streq(o->unit_dirs.v[d], o->unitdir));
	/* a unit's links found by name, not by a pass over every link a unit */
	o->ulink_by_name = link_index(t, false);
	o->ulink_by_dest = link_index(t, true);
	return r;
}

void
systemd_free(struct tree *t)
{
	struct systemd_own *o = own(t);
	for (size_t i = 0; i < o->nunits; i++) {
		free(o->units[i].name);
		free(o->units[i].file);
	}
	free(o->units);
	for (size_t i = 0; i < o->ndropins; i++) {
		free(o->dropins[i].unit);
		free(o->dropins[i].name);
		free(o->dropins[i].file);
	}
	free(o->dropins);
	for (size_t i = 0; i < o->nulinks; i++) {
		free(o->ulinks[i].dir);
		free(o->ulinks[i].name);
		free(o->ulinks[i].target);
		free(o->ulinks[i].dest);
		free(o->ulinks[i].owner);
	}
	free(o->ulinks);
	free(o->ulink_by_name);
	free(o->ulink_by_dest);
	free(o->unitdir);
	strv_free(&o->unit_dirs);
	snapshot_free(o->unit_trees);
	free(o->unit_trees);
}

bool
systemd_present(const struct tree *t)
{
	return own(t)->nunits > 0;
}
