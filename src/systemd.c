/* systemd.c - unit files and their enablement links, with systemctl's semantics
 *
 * Unit files are read in C (unitfile.c; through the Deafen_unit lens only
 * for list --format xml); the links of the unit
 * directories join the rc links under LINKS_TREE at their real location:
 * /links/etc/systemd/system/multi-user.target.wants/ssh.service =
 * "/lib/systemd/system/ssh.service". Enabling is links, so disabling is
 * removing links and masking is adding one, as systemctl does.
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

struct systemd_own *
systemd_own(const struct tree *t)
{
	return tree_own(t, &systemd_source, sizeof(struct systemd_own));
}

static struct systemd_own *
own(const struct tree *t)
{
	return systemd_own(t);
}
#include "unitfile.h"

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

static int
cmp_unit(const void *x, const void *y)
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

static mode_t
lstat_type(const char *root, const char *dir, const char *name)
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
 * The drop-ins of DIR/SUB (SUB: "UNIT.d") not yet seen in a directory
 * before it; their files go into FILES (to load).
 */
static int
load_dropins(struct tree *t, const char *dir, const char *sub, struct strv *files)
{
	char *dd = xasprintf("%s/%s", dir, sub), *unit = xstrndup(sub, strlen(sub) - 2);
	struct strv names = { 0 };
	int r = sorted_names(t->root, dd, &names);

	for (size_t i = 0; r == 0 && i < names.n; i++) {
		char *rel = xasprintf("%s/%s", dd, names.v[i]), *real = NULL;
		struct unit_dropin key = { .unit = unit, .name = names.v[i] }, *d;
		mode_t m = lstat_type(t->root, dd, names.v[i]);
		bool seen = false, masked = false;

		for (size_t k = 0; k < own(t)->ndropins && !seen; k++)
			seen = cmp_dropin(&key, &own(t)->dropins[k]) == 0;
		if (seen || !endswith(names.v[i], ".conf")) {
			free(rel);
			continue;
		}
		if (m == S_IFREG) {
			real = xstrdup(rel);
		} else if (m == S_IFLNK) {
			/* a link to /dev/null masks the drop-in; another is followed in the root */
			char target[4096], *joined = NULL;
			ssize_t k = root_readlink(t->root, rel, target, sizeof(target) - 1);

			target[k < 0 ? 0 : k] = '\0';
			masked = streq(target, "/dev/null");
			r = link_real(t, dd, names.v[i], target, &joined, &real);
			if (masked || (r != -EXDEV && (r < 0 || lstat_type(t->root, "", real) != S_IFREG)))
				r = 0, free(real), real = NULL; /* dangling, or not a file: systemd skips it */
			free(joined);
		}
		if (r == 0 && (real != NULL || masked)) {
			own(t)->dropins = xrealloc(own(t)->dropins, (own(t)->ndropins + 1) * sizeof(*own(t)->dropins));
			d = &own(t)->dropins[own(t)->ndropins++];
			d->unit = xstrdup(unit);
			d->name = xstrdup(names.v[i]);
			d->file = real;
			if (real != NULL)
				strv_push(files, real);
		} else {
			free(real);
		}
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
	int r = 0;

	if (own(t)->unit_trees == NULL) {
		own(t)->unit_trees = xcalloc(1, sizeof(*own(t)->unit_trees));
		own(t)->unit_trees->label = xstrdup("units");
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
		snode_adopt(own(t)->unit_trees, &one);
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
	struct strv dirs = { 0 };
	int r = real_unit_dirs(t, &dirs);

	for (size_t d = 0; d < dirs.n; d++)
		strv_push(&own(t)->unit_dirs, dirs.v[d]);

	for (size_t d = 0; r == 0 && d < dirs.n; d++) {
		struct strv names = { 0 }, files = { 0 };

		r = sorted_names(t->root, dirs.v[d], &names);
		for (size_t i = 0; r == 0 && i < names.n; i++) {
			struct unit_file *u;
			bool seen = false;

			if (endswith(names.v[i], ".d")) {
				char *unit = xstrndup(names.v[i], strlen(names.v[i]) - 2);
				struct strv dfiles = { 0 };

				mode_t m = lstat_type(t->root, dirs.v[d], names.v[i]);

				if (unit_file_wanted(unit) && m == S_IFLNK)
					r = dir_link_inside(t, dirs.v[d], names.v[i]);
				if (r == 0 && unit_file_wanted(unit) && m == S_IFDIR)
					r = load_dropins(t, dirs.v[d], names.v[i], &dfiles);
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
			    lstat_type(t->root, dirs.v[d], names.v[i]) != S_IFREG)
				continue;
			for (size_t k = 0; k < own(t)->nunits && !seen; k++)
				seen = streq(own(t)->units[k].name, names.v[i]);
			if (seen)
				continue; /* the administrator's copy in etc comes first */
			own(t)->units = xrealloc(own(t)->units, (own(t)->nunits + 1) * sizeof(*own(t)->units));
			u = &own(t)->units[own(t)->nunits++];
			u->name = xstrdup(names.v[i]);
			u->file = xasprintf("%s/%s", dirs.v[d], names.v[i]);
			u->local = own(t)->unitdir != NULL && streq(dirs.v[d], own(t)->unitdir);
			strv_push(&files, u->file);
		}
		if (r == 0)
			r = read_units(t, &files);
		strv_free(&files);
		strv_free(&names);
	}
	strv_free(&dirs);
	if (own(t)->unit_trees != NULL)
		snode_index(own(t)->unit_trees);
	if (own(t)->nunits > 1)
		qsort(own(t)->units, own(t)->nunits, sizeof(*own(t)->units), cmp_unit);
	if (own(t)->ndropins > 1)
		qsort(own(t)->dropins, own(t)->ndropins, sizeof(*own(t)->dropins), cmp_dropin);
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
	own(t)->ulinks = xrealloc(own(t)->ulinks, (own(t)->nulinks + 1) * sizeof(*own(t)->ulinks));
	l = &own(t)->ulinks[own(t)->nulinks++];
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
	struct strv names = { 0 };
	int r = sorted_names(t->root, dir, &names);

	for (size_t i = 0; r == 0 && i < names.n; i++) {
		const char *n = names.v[i];
		mode_t m = lstat_type(t->root, dir, n);
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

			size_t first = own(t)->nulinks;

			r = sorted_names(t->root, sub, &links);
			for (size_t k = 0; r == 0 && k < links.n; k++)
				if (unit_name_valid(links.v[k]) &&
				    lstat_type(t->root, sub, links.v[k]) == S_IFLNK)
					r = add_link(t, sub, links.v[k], local, owner, true);
			if (r == 0)
				r = rclinks_store(t, sub, own(t)->ulinks + first, own(t)->nulinks - first,
						  sizeof(*own(t)->ulinks), offsetof(struct unit_link, name),
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
	size_t *v = xcalloc(own(t)->nulinks + 1, sizeof(*v));

	for (size_t i = 0; i < own(t)->nulinks; i++)
		v[i] = i;
	if (own(t)->nulinks > 1)
		qsort_r(v, own(t)->nulinks, sizeof(*v), by_dest ? cmp_by_dest : cmp_by_name, own(t)->ulinks);
	return v;
}

/* The links named NAME (BY_DEST: ending at unit NAME), *N of them from the entry returned. */
static const size_t *
links_of(const struct tree *t, const char *name, bool by_dest, size_t *n)
{
	const size_t *v = by_dest ? own(t)->ulink_by_dest : own(t)->ulink_by_name;
	size_t lo = 0, hi = own(t)->nulinks, first;

	*n = 0;
	if (v == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct unit_link *l = &own(t)->ulinks[v[mid]];

		if (strcmp(by_dest ? l->dest : l->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < own(t)->nulinks &&
	       streq(by_dest ? own(t)->ulinks[v[lo]].dest : own(t)->ulinks[v[lo]].name, name))
		lo++;
	*n = lo - first;
	return v + first;
}

int
systemd_links_load(struct tree *t)
{
	int r = 0;

	for (size_t d = 0; r == 0 && d < own(t)->unit_dirs.n; d++)
		r = load_links(t, own(t)->unit_dirs.v[d],
			       own(t)->unitdir != NULL && streq(own(t)->unit_dirs.v[d], own(t)->unitdir));
	/* a unit's links found by name, not by a pass over every link a unit */
	own(t)->ulink_by_name = link_index(t, false);
	own(t)->ulink_by_dest = link_index(t, true);
	return r;
}

void
systemd_free(struct tree *t)
{
	for (size_t i = 0; i < own(t)->nunits; i++) {
		free(own(t)->units[i].name);
		free(own(t)->units[i].file);
	}
	free(own(t)->units);
	for (size_t i = 0; i < own(t)->ndropins; i++) {
		free(own(t)->dropins[i].unit);
		free(own(t)->dropins[i].name);
		free(own(t)->dropins[i].file);
	}
	free(own(t)->dropins);
	for (size_t i = 0; i < own(t)->nulinks; i++) {
		free(own(t)->ulinks[i].dir);
		free(own(t)->ulinks[i].name);
		free(own(t)->ulinks[i].target);
		free(own(t)->ulinks[i].dest);
		free(own(t)->ulinks[i].owner);
	}
	free(own(t)->ulinks);
	free(own(t)->ulink_by_name);
	free(own(t)->ulink_by_dest);
	free(own(t)->unitdir);
	strv_free(&own(t)->unit_dirs);
	snapshot_free(own(t)->unit_trees);
	free(own(t)->unit_trees);
}

bool
systemd_present(const struct tree *t)
{
	return own(t)->nunits > 0;
}

/* A link directly in a unit directory (not in a .wants one): alias, linked unit or mask. */
static bool
top_level(const struct unit_link *l)
{
	return l->owner == NULL;
}

/* The unit file named NAME itself, or NULL. */
static const struct unit_file *
unit_named(const struct tree *t, const char *name)
{
	const struct systemd_own *o = own(t);
	struct unit_file key = { .name = (char *)name };

	return o->nunits ? bsearch(&key, o->units, o->nunits, sizeof(*o->units), cmp_unit) : NULL;
}

const struct unit_file *
unit_find(const struct tree *t, const char *name)
{
	const struct unit_file *u = unit_named(t, name);
	const size_t *idx;
	size_t n;

	if (u != NULL)
		return u;
	idx = links_of(t, name, false, &n);
	for (size_t i = 0; i < n; i++) {
		const struct unit_link *l = &own(t)->ulinks[idx[i]];

		if (top_level(l) && l->dest[0] != '\0' &&
		    !streq(l->dest, name))
			return unit_named(t, l->dest);
	}
	return NULL;
}

void
unit_alias_links(const struct tree *t, const char *name, struct strv *out)
{
	size_t n;
	const size_t *idx = links_of(t, name, true, &n);

	for (size_t i = 0; i < n; i++) {
		const struct unit_link *l = &own(t)->ulinks[idx[i]];

		if (top_level(l) && !streq(l->name, name))
			strv_push_unique(out, l->name);
	}
}

/*
 * The first directory of the search path that has NAME decides, as for
 * systemd: the administrator's unit file in etc outranks a /dev/null link
 * in lib, and a mask in etc outranks the unit file in lib.
 */
bool
unit_masked(const struct tree *t, const char *name)
{
	const struct unit_file *u = unit_named(t, name);
	size_t n;
	const size_t *idx = links_of(t, name, false, &n);

	for (size_t d = 0; d < own(t)->unit_dirs.n; d++) {
		const char *dir = own(t)->unit_dirs.v[d];
		size_t k = strlen(dir);

		for (size_t i = 0; i < n; i++)
			if (streq(own(t)->ulinks[idx[i]].dir, dir))
				return own(t)->ulinks[idx[i]].dest[0] == '\0';
		if (u != NULL && strncmp(u->file, dir, k) == 0 && u->file[k] == '/' &&
		    streq(u->file + k + 1, name))
			return false;
	}
	/* nothing of the instance's own name: systemd reads its template */
	if (unit_is_instance(name)) {
		char *tpl = unit_template(name);
		bool masked = unit_masked(t, tpl);

		free(tpl);
		return masked;
	}
	return false;
}

const struct unit_file *
unit_instance_file(const struct tree *t, const char *name)
{
	struct unit_file key = { .name = (char *)name };
	const struct unit_file *u;

	if (!unit_is_instance(name) || own(t)->nunits == 0)
		return NULL;
	u = bsearch(&key, own(t)->units, own(t)->nunits, sizeof(*own(t)->units), cmp_unit);
	if (u == NULL) {
		key.name = unit_template(name);
		u = bsearch(&key, own(t)->units, own(t)->nunits, sizeof(*own(t)->units), cmp_unit);
		free(key.name);
	}
	return u;
}

void
systemd_instances(const struct tree *t, struct strv *out)
{
	for (size_t i = 0; i < own(t)->nulinks; i++)
		if (unit_is_instance(own(t)->ulinks[i].name))
			strv_push(out, own(t)->ulinks[i].name);
	for (size_t i = 0; i < own(t)->nunits; i++)
		if (unit_is_instance(own(t)->units[i].name))
			strv_push(out, own(t)->units[i].name);
	strv_sort_uniq(out);
}

void
unit_add_value(struct strv *acc, const char *section, const char *value)
{
	char *v, *c;

	if (value == NULL || value[strspn(value, " \t")] == '\0') {
		/* an empty assignment resets the list; a dependency's cannot be reset */
		if (!streq(section, "Unit"))
			strv_free(acc);
		return;
	}
	/* a value continued on the next line: systemd reads "\<newline>" as a blank */
	v = xstrdup(value);
	for (c = v; (c = strstr(c, "\\\n")) != NULL; c += 2)
		c[0] = c[1] = ' ';
	strv_split(acc, v, " \t");
	free(v);
}

static int
cmp_dropin_name(const void *x, const void *y)
{
	const struct unit_dropin *const *a = x, *const *b = y;

	return strcmp((*a)->name, (*b)->name);
}

void
unit_dropin_files(const struct tree *t, const char *name, struct strv *out)
{
	char *tpl = unit_is_instance(name) ? unit_template(name) : NULL;
	const struct unit_dropin **v = xcalloc(own(t)->ndropins + 1, sizeof(*v));
	size_t n = 0;

	/* an instance's own drop-in outranks its template's of the same name */
	for (int pass = 0; pass < (tpl ? 2 : 1); pass++)
		for (size_t i = 0; i < own(t)->ndropins; i++) {
			const struct unit_dropin *d = &own(t)->dropins[i];
			bool seen = false;

			if (!streq(d->unit, pass == 0 ? name : tpl))
				continue;
			for (size_t k = 0; k < n && !seen; k++)
				seen = streq(v[k]->name, d->name);
			if (!seen)
				v[n++] = d;
		}
	/* applied in the order of their names, whichever directory holds them */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_dropin_name);
	for (size_t i = 0; i < n; i++)
		if (v[i]->file != NULL)
			strv_push(out, v[i]->file);
	free(v);
	free(tpl);
}

void
unit_values(const struct tree *t, const struct unit_file *u, const char *section,
	    const char *key, struct strv *out)
{
	struct strv files = { 0 }, acc = { 0 };

	strv_push(&files, u->file);
	unit_dropin_files(t, u->name, &files);
	for (size_t f = 0; f < files.n; f++) {
		const struct snode *ut = unit_tree(t, files.v[f]);

		for (size_t i = 0; ut != NULL && i < ut->n; i++) {
			const struct snode *sec = &ut->kids[i];

			for (size_t k = 0; streq(sec->label, section) && k < sec->n; k++)
				if (streq(sec->kids[k].label, key))
					unit_add_value(&acc, section, sec->kids[k].value);
		}
	}
	for (size_t i = 0; i < acc.n; i++)
		strv_push(out, acc.v[i]);
	strv_free(&acc);
	strv_free(&files);
}

/*
 * The units whose .wants/.requires link starts NAME into OUT (NULL: only
 * counted), those under etc/systemd/system alone with LOCAL; returns how
 * many links, *VENDOR whether one is the distribution's.
 */
static size_t
wanting(const struct tree *t, const char *name, bool local, struct strv *out, bool *vendor)
{
	size_t nn, nd, found = 0;
	const size_t *byname = links_of(t, name, false, &nn), *bydest = links_of(t, name, true, &nd);

	*vendor = false;
	for (size_t i = 0; i < nn + nd; i++) {
		const struct unit_link *l = &own(t)->ulinks[i < nn ? byname[i] : bydest[i - nn]];

		if (top_level(l) || (local && !l->local))
			continue;
		if (out != NULL)
			strv_push_unique(out, l->owner);
		*vendor |= !l->local;
		found++;
	}
	return found;
}

void
unit_wanted_by(const struct tree *t, const char *name, struct strv *out, bool *vendor)
{
	wanting(t, name, false, out, vendor);
}

void
unit_wanted_by_local(const struct tree *t, const char *name, struct strv *out)
{
	bool vendor;

	wanting(t, name, true, out, &vendor);
}

bool
unit_wanted_locally(const struct tree *t, const char *name)
{
	bool vendor;

	return wanting(t, name, true, NULL, &vendor) > 0;
}

/* NAME and, transitively, the Also= units of its [Install] section, into SET. */
static void
with_also(const struct tree *t, const char *name, struct strv *set)
{
	const struct unit_file *u;
	struct strv also = { 0 };

	if (strv_contains(set, name) || unit_masked(t, name))
		return;
	strv_push(set, name);
	if ((u = unit_find(t, name)) == NULL)
		return;
	unit_values(t, u, "Install", "Also", &also);
	for (size_t i = 0; i < also.n; i++)
		with_also(t, also.v[i], set);
	strv_free(&also);
}

static int
mask_edits(const struct tree *t, const struct strv *units, struct link_edit **edits, size_t *n)
{
	for (size_t i = 0; i < units->n; i++) {
		const char *u = units->v[i];
		mode_t m;

		if (unit_masked(t, u))
			continue;
		if (own(t)->unitdir == NULL)
			return errorf(-ENOENT, "etc/systemd/system: no such directory; cannot mask %s",
				      u);
		m = lstat_type(t->root, own(t)->unitdir, u);
		if (m == S_IFLNK)
			return errorf(-EEXIST, "%s/%s: a link is already there (an alias or a linked "
					       "unit); systemctl mask would refuse too",
				      own(t)->unitdir, u);
		if (m != 0)
			return errorf(-EEXIST, "%s/%s: the administrator's unit file; masking it "
					       "would need it moved away first",
				      own(t)->unitdir, u);
		link_edit_push(edits, n, LINK_CREATE, 0, own(t)->unitdir, NULL, u, "/dev/null");
	}
	return 0;
}

int
systemd_disable(const struct tree *t, const struct strv *units, bool mask,
		struct link_edit **edits, size_t *n)
{
	struct strv set = { 0 };

	if (mask)
		return mask_edits(t, units, edits, n);
	for (size_t i = 0; i < units->n; i++)
		with_also(t, units->v[i], &set);
	for (size_t i = 0; i < own(t)->nulinks; i++) {
		const struct unit_link *l = &own(t)->ulinks[i];

		if (!l->local || l->dest[0] == '\0')
			continue;
		if (strv_contains(&set, l->name) || strv_contains(&set, l->dest))
			link_edit_push(edits, n, LINK_DELETE, 0, l->dir, l->name, NULL, l->target);
	}
	strv_free(&set);
	return 0;
}

/* What unit NAME pulls in: its .wants/.requires links and its Wants=/Requires=. */
static void
pulls(const struct tree *t, const char *name, struct strv *todo)
{
	const struct unit_file *u = unit_find(t, name);

	for (size_t i = 0; i < own(t)->nulinks; i++) {
		const struct unit_link *l = &own(t)->ulinks[i];

		if (l->owner != NULL && streq(l->owner, name) && l->dest[0] != '\0')
			strv_push(todo, l->name);
	}
	if (u != NULL) {
		unit_values(t, u, "Unit", "Wants", todo);
		unit_values(t, u, "Unit", "Requires", todo);
	}
	/* a socket or a path unit starts its service when it fires */
	if (endswith(name, ".socket") || endswith(name, ".path")) {
		bool sock = endswith(name, ".socket");
		struct strv named = { 0 };

		if (u != NULL)
			unit_values(t, u, sock ? "Socket" : "Path", sock ? "Service" : "Unit",
				    &named);
		if (named.n == 0)
			strv_take(&named, xasprintf("%.*s.service",
						    (int)(strrchr(name, '.') - name), name));
		for (size_t i = 0; i < named.n; i++)
			strv_push(todo, named.v[i]);
		strv_free(&named);
	}
}

/* The default.target link systemd would follow: the first in its search order, or NULL. */
static const struct unit_link *
default_link(const struct tree *t)
{
	for (size_t i = 0; i < own(t)->nulinks; i++)
		if (top_level(&own(t)->ulinks[i]) && streq(own(t)->ulinks[i].name, "default.target") &&
		    own(t)->ulinks[i].dest[0] != '\0')
			return &own(t)->ulinks[i];
	return NULL;
}

char *
systemd_default_file(const struct tree *t)
{
	const struct unit_link *dl = default_link(t);
	const struct unit_file *u;

	if (dl != NULL)
		return xasprintf("%s/%s", dl->dir, dl->name);
	u = unit_find(t, "default.target");
	return u != NULL ? xstrdup(u->file) : NULL;
}

void
systemd_boot_units(const struct tree *t, struct strv *out, struct strv *by, char **def)
{
	struct strv todo = { 0 }, from = { 0 };
	const struct unit_link *dl = default_link(t);

	*def = xstrdup("");
	if (dl != NULL) {
		free(*def);
		*def = xstrdup(dl->dest);
	} else if (unit_find(t, "default.target") != NULL) {
		free(*def);
		*def = xstrdup("default.target");
	}
	if ((*def)[0] != '\0') {
		strv_push(&todo, *def);
		strv_push(&from, "");
	}
	for (size_t i = 0; i < todo.n; i++) {
		const char *name = todo.v[i];
		const struct unit_file *u;

		if (strv_contains(out, name) || unit_masked(t, name))
			continue;
		strv_push(out, name);
		strv_push(by, from.v[i]);
		/* an alias pulls in what its unit does */
		u = unit_find(t, name);
		if (u != NULL && !streq(u->name, name))
			strv_push(&todo, u->name);
		pulls(t, name, &todo);
		while (from.n < todo.n)
			strv_push(&from, name);
	}
	strv_free(&todo);
	strv_free(&from);
}

/*
 * unit_values() from the snapshot (no lookup from the root a value): the
 * unit file and its drop-ins are PARTS, in the order systemd reads them.
 */
static void
snap_values(const struct snode *const *parts, size_t np, const char *section, const char *key,
	    struct strv *out)
{
	struct strv acc = { 0 };

	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; parts[p] != NULL && i < parts[p]->n; i++)
			if (streq(parts[p]->kids[i].label, section))
				for (size_t k = 0; k < parts[p]->kids[i].n; k++)
					if (streq(parts[p]->kids[i].kids[k].label, key))
						unit_add_value(&acc, section,
							       parts[p]->kids[i].kids[k].value);
	for (size_t i = 0; i < acc.n; i++)
		strv_push(out, acc.v[i]);
	strv_free(&acc);
}

/*
 * A socket unit's listeners: ListenStream= (tcp), ListenDatagram= (udp),
 * ListenSequentialPacket= (a UNIX-domain socket), after the drop-ins.
 */
static void
socket_ports(const struct snode *const *parts, size_t np, struct service *s)
{
	static const char *const keys[][2] = { { "ListenStream", "tcp" },
					      { "ListenDatagram", "udp" },
					      { "ListenSequentialPacket", "seqpacket" } };

	for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		snap_values(parts, np, "Socket", keys[k][0], &v);
		for (size_t i = 0; i < v.n; i++) {
			if (streq(keys[k][1], "seqpacket")) {
				if (v.v[i][0] == '/' || v.v[i][0] == '@')
					listen_add_path(s, v.v[i]);
			} else if (listen_add_systemd(s, v.v[i], keys[k][1]) > 0) {
				s->network = true;
			}
		}
		strv_free(&v);
	}
}

/*
 * S's state as systemctl is-enabled says it, and for people: "enabled
 * (multi-user.target)", "enabled by the vendor (sysinit.target)" (a link
 * disable cannot remove), "static (sockets.target)", "static (pulled in by
 * apt-daily.timer)", "masked", "disabled". PARTS are its unit file and
 * drop-ins, PULLED the units that name it. S->enabled: a link starts it.
 */
static char *
unit_state(const struct tree *t, const struct snode *const *parts, size_t np,
	   const struct strv *pulled, struct service *s)
{
	/* the rules of an [Install] section (systemd's install_info_has_rules) */
	static const char *const rules[] = { "WantedBy", "RequiredBy", "UpheldBy", "Alias", "Also" };
	bool vendor, install = false;
	char *by, *d;

	if (unit_masked(t, s->name)) {
		s->state = STATE_MASKED;
		return xstrdup("masked");
	}
	unit_wanted_by(t, s->name, &s->wanted_by, &vendor);
	for (size_t i = 0; i < pulled->n; i++)
		strv_push_unique(&s->pulled_by, pulled->v[i]);
	for (size_t i = 0; i < ELEMENTSOF(rules) && !install; i++) {
		struct strv v = { 0 };

		snap_values(parts, np, "Install", rules[i], &v);
		install = v.n > 0;
		strv_free(&v);
	}
	s->enabled = s->wanted_by.n > 0;
	if (unit_wanted_locally(t, s->name))
		s->state = STATE_ENABLED;
	else
		s->state = install ? (s->enabled ? STATE_ENABLED : STATE_DISABLED) : STATE_STATIC;
	if (s->wanted_by.n > 0) {
		by = strv_join(&s->wanted_by, " ");
		d = xasprintf("%s (%s)",
			      s->state == STATE_STATIC ? "static"
			      : vendor && !unit_wanted_locally(t, s->name) ? "enabled by the vendor"
									 : "enabled",
			      by);
	} else if (s->state == STATE_STATIC && s->pulled_by.n > 0) {
		by = strv_join(&s->pulled_by, " ");
		d = xasprintf("static (pulled in by %s)", by);
	} else {
		return xstrdup(state_name(s->state));
	}
	free(by);
	return d;
}

/*
 * The init script of service unit S (base name BASE, aliases ALIASES): the
 * script of the same name, else one named like an alias (Debian's
 * nfs-kernel-server of nfs-server.service through the alias
 * nfs-kernel-server.service). systemd-sysv-generator leaves it alone, but
 * under a sysvinit boot its S links start the service even when the unit is
 * disabled or masked: then S is enabled all the same, and disable turns the
 * links K, as systemctl disable does through systemd-sysv-install.
 */
static void
unit_script(const struct tree *t, const char *base,
	    const struct strv *aliases, struct service *s)
{
	char levels[16];

	for (size_t a = 0; s->script == NULL && a <= aliases->n; a++) {
		const char *want = a == 0 ? base : aliases->v[a - 1], *dot = strrchr(want, '.');
		size_t len = a == 0 || dot == NULL ? strlen(want) : (size_t)(dot - want);
		const struct unit_file *own = a > 0 ? unit_find(t, want) : NULL;

		/* an alias name that is a unit file of its own has that unit's script */
		if (a > 0 && (!streq(want + len, ".service") || (own != NULL && streq(own->name, want))))
			continue;
		for (size_t k = 0; t->initdir != NULL && k < t->scripts.n; k++)
			if (strlen(t->scripts.v[k]) == len && strncmp(t->scripts.v[k], want, len) == 0) {
				s->script = xstrdup(t->scripts.v[k]);
				sysv_script_provides(t, k, s);
				break;
			}
	}
	if (s->script != NULL && !s->enabled &&
	    rclinks_started(t, s->script, levels, sizeof(levels))) {
		char *d = xasprintf("%s; S links of %s/%s in %s", s->detail, t->initdir, s->script,
				    levels);

		s->enabled = true;
		free(s->detail);
		s->detail = d;
	}
}

/*
 * A unit's Requires=, BindsTo=, Requisite= (needs) and Wants= (wants),
 * after its drop-ins; an instance's %i and %I are its instance name, a
 * value with another specifier is left out.
 */
static void
unit_needs(const struct snode *const *parts, size_t np, const char *name, struct service *s)
{
	static const char *const keys[] = { "Requires", "BindsTo", "Requisite", "Wants" };
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	char *inst = at != NULL && dot > at ? xstrndup(at + 1, (size_t)(dot - at - 1)) : NULL;

	for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		snap_values(parts, np, "Unit", keys[k], &v);
		for (size_t i = 0; i < v.n; i++) {
			char *dep = xstrdup(v.v[i]), *pc;

			while (inst != NULL &&
			       ((pc = strstr(dep, "%i")) != NULL || (pc = strstr(dep, "%I")) != NULL)) {
				char *next = xasprintf("%.*s%s%s", (int)(pc - dep), dep, inst, pc + 2);

				free(dep);
				dep = next;
			}
			if (strchr(dep, '%') == NULL)
				strv_take(k == 3 ? &s->wants : &s->needs,
					  xasprintf("%s\t%s", keys[k], dep));
			free(dep);
		}
		strv_free(&v);
	}
	free(inst);
}

/*
 * One unit NAME, read from unit file U: a unit's own, or the template an
 * instance runs from (openvpn-server@office.service from
 * openvpn-server@.service: the instance is what links enable, so it is the
 * service; "openvpn-server" names every instance).
 */
static void
inventory_unit(const struct tree *t, const char *name,
	       const struct unit_file *u, const struct strv *pulled, struct inventory *inv)
{
	const char *dot = strrchr(name, '.'), *at = strchr(name, '@');
	char *base = xstrndup(name, (size_t)(dot - name)), *node = tree_file_path(t, u->file);
	char *state;
	struct strv v = { 0 }, dropins = { 0 };
	struct service *s = service_new(inv, KIND_SYSTEMD, name, u->file, node);
	const struct snode **parts;
	size_t np = 1;

	unit_dropin_files(t, name, &dropins);
	parts = xcalloc(dropins.n + 1, sizeof(*parts));
	parts[0] = unit_tree(t, u->file);
	for (size_t k = 0; k < dropins.n; k++)
		parts[np++] = unit_tree(t, dropins.v[k]);

	state = unit_state(t, parts, np, pulled, s);
	s->masked = s->state == STATE_MASKED;
	s->detail = xasprintf("%s, %s", dot + 1, state);
	free(state);
	strv_push(&s->own, name);
	strv_push_unique(&s->own, base);
	if (at != NULL) { /* the template's prefix and name: systemctl disable foo@.service */
		strv_take(&s->own, xstrndup(name, (size_t)(at - name)));
		strv_take(&s->own, xasprintf("%.*s%s", (int)(at + 1 - name), name, dot));
	} else {
		snap_values(parts, np, "Install", "Alias", &v); /* an instance's would hold %i */
		unit_alias_links(t, name, &v); /* openbsd-inetd.service -> inetd.service */
	}
	for (size_t k = 0; k < v.n; k++) {
		const char *adot = strrchr(v.v[k], '.');

		strv_push_unique(&s->own, v.v[k]);
		if (adot != NULL)
			strv_take(&s->own, xstrndup(v.v[k], (size_t)(adot - v.v[k])));
	}
	if (streq(dot, ".service") && at == NULL)
		unit_script(t, base, &v, s);
	strv_free(&v);
	for (size_t k = 0; k < s->own.n; k++)
		strv_push_unique(&s->names, s->own.v[k]);
	unit_needs(parts, np, name, s);
	snap_values(parts, np, "Service", "ExecStart", &v);
	if (v.n > 0) {
		/* "-/usr/sbin/sshd": the prefixes say how to run it, not what */
		const char *prog = v.v[0] + strspn(v.v[0], "-@:+!");

		s->program = xstrdup(base_name(prog));
		strv_push_unique(&s->names, s->program);
	}
	strv_free(&v);
	service_expand_names(s, &inv->services);
	if (streq(dot, ".socket"))
		socket_ports(parts, np, s);
	else if (streq(dot, ".service") && daemonconf_listen(t, s) != 0)
		service_daemon_ports(s, &inv->services);
	listen_finish(s);
	free(parts);
	strv_free(&dropins);
	free(base);
	free(node);
}

/*
 * What each unit file names to start with it, as pairs: PULLED[i] is pulled
 * in by BY[i]. Wants= and Requires=, a timer's or a path's Unit=, a
 * socket's Service= (by default the service of the same name). Read once
 * for every unit, from the snapshot.
 */
static void
pull_map(const struct tree *t, struct strv *pulled, struct strv *by)
{
	static const char *const keys[][2] = { { "Unit", "Wants" }, { "Unit", "Requires" },
					      { "Unit", "BindsTo" }, { "Timer", "Unit" },
					      { "Path", "Unit" }, { "Socket", "Service" } };

	for (size_t i = 0; i < own(t)->nunits; i++) {
		const char *name = own(t)->units[i].name, *dot = strrchr(name, '.');
		struct strv dropins = { 0 }, v = { 0 };
		const struct snode **parts;
		size_t np = 1;
		bool fires;

		if (dot == NULL || strstr(name, "@.") != NULL) /* a template names no one unit */
			continue;
		fires = streq(dot, ".timer") || streq(dot, ".path") || streq(dot, ".socket");
		unit_dropin_files(t, name, &dropins);
		parts = xcalloc(dropins.n + 1, sizeof(*parts));
		parts[0] = unit_tree(t, own(t)->units[i].file);
		for (size_t k = 0; k < dropins.n; k++)
			parts[np++] = unit_tree(t, dropins.v[k]);
		for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
			size_t before = v.n;

			snap_values(parts, np, keys[k][0], keys[k][1], &v);
			/* a timer's, path's or socket's own section: the default */
			if (fires && v.n == before && strcasecmp(dot + 1, keys[k][0]) == 0)
				strv_take(&v, xasprintf("%.*s.service", (int)(dot - name), name));
		}
		for (size_t k = 0; k < v.n; k++) {
			strv_push(pulled, v.v[k]);
			strv_push(by, name);
		}
		strv_free(&v);
		strv_free(&dropins);
		free(parts);
	}
}

static int
inventory_systemd(const struct tree *t, const struct snode *files, struct inventory *inv)
{
	struct strv instances = { 0 }, pulled = { 0 }, by = { 0 };

	(void)files; /* unit files are read in C: unit_tree() */

	pull_map(t, &pulled, &by);
	for (size_t i = 0; i < own(t)->nunits; i++)
		if (unit_listed_type(own(t)->units[i].name)) {
			struct strv mine = { 0 };

			for (size_t k = 0; k < pulled.n; k++)
				if (streq(pulled.v[k], own(t)->units[i].name))
					strv_push_unique(&mine, by.v[k]);
			inventory_unit(t, own(t)->units[i].name, &own(t)->units[i], &mine, inv);
			strv_free(&mine);
		}
	systemd_instances(t, &instances);
	for (size_t i = 0; i < instances.n; i++) {
		const struct unit_file *u = unit_instance_file(t, instances.v[i]);
		struct strv mine = { 0 };

		for (size_t k = 0; k < pulled.n; k++)
			if (streq(pulled.v[k], instances.v[i]))
				strv_push_unique(&mine, by.v[k]);
		if (u != NULL) /* no template: nothing systemd could start */
			inventory_unit(t, instances.v[i], u, &mine, inv);
		strv_free(&mine);
	}
	strv_free(&instances);
	strv_free(&pulled);
	strv_free(&by);
	return 0;
}

/* The selected service whose unit a link edit is about, for the report. */
static size_t
unit_owner(const struct tree *t, const struct inventory *inv, const bool *selected,
	   const struct link_edit *e)
{
	const char *name = e->op == LINK_CREATE ? e->to : e->from;
	size_t first = inv->n;

	for (size_t i = 0; i < inv->n; i++) {
		if (!selected[i] || inv->v[i].kind != KIND_SYSTEMD)
			continue;
		if (first == inv->n)
			first = i;
		if (streq(inv->v[i].name, name))
			return i;
		for (size_t k = 0; k < own(t)->nulinks; k++)
			if (streq(own(t)->ulinks[k].dir, e->dir) && streq(own(t)->ulinks[k].name, name) &&
			    streq(own(t)->ulinks[k].dest, inv->v[i].name))
				return i;
	}
	return first;
}

/*
 * Does --mask mask an init script without a unit, as systemctl mask does
 * (NAME.service -> /dev/null)? Where systemd is there to read the link.
 */
static bool
masks_scripts(const struct tree *t)
{
	return systemd_present(t) && own(t)->unitdir != NULL;
}

/*
 * All selected units at once, as one systemctl disable (or mask) of them:
 * a link two of them share (Also=) goes once. A unit's init script of the
 * same name loses its start links too, as Debian's systemctl does through
 * systemd-sysv-install.
 */
static int
plan_systemd(struct tree *t, const struct inventory *inv, const bool *selected,
	     const bool *template, bool mask, struct plan *p)
{
	struct strv units = { 0 };
	struct link_edit *edits = NULL;
	size_t n = 0, *owners = xcalloc(inv->n + 1, sizeof(*owners));
	int r;

	for (size_t i = 0; i < inv->n; i++) {
		char *u = NULL;

		if (!selected[i])
			continue;
		if (inv->v[i].kind == KIND_SYSTEMD)
			u = mask && template != NULL && template[i] ? unit_template(inv->v[i].name)
								   : xstrdup(inv->v[i].name);
		else if (inv->v[i].kind == KIND_SYSV && mask && masks_scripts(t))
			u = xasprintf("%s.service", inv->v[i].name);
		if (u != NULL && !strv_contains(&units, u)) {
			owners[units.n] = i;
			strv_push(&units, u);
		}
		free(u);
	}
	if (units.n == 0) {
		free(owners);
		return 0;
	}
	r = systemd_disable(t, &units, mask, &edits, &n);
	/* one action per edit, each the service's it is about */
	for (size_t k = 0; r == 0 && k < n; k++) {
		size_t owner = unit_owner(t, inv, selected, &edits[k]);
		struct link_edit *one = xmalloc(sizeof(*one));

		/* a mask: the service that asked for it (a script, an instance's template) */
		for (size_t u = 0; mask && u < units.n; u++)
			if (edits[k].to != NULL && streq(edits[k].to, units.v[u]))
				owner = owners[u];

		*one = edits[k];
		memset(&edits[k], 0, sizeof(edits[k]));
		r = plan_push_links(t, one, 1, owner, p);
	}
	strv_free(&units);
	free(owners);
	link_edits_free(edits, n);
	/* the distribution's own links (lib/systemd/system/X.wants) are not disable's to remove */
	for (size_t i = 0; r == 0 && !mask && i < inv->n; i++) {
		struct strv by = { 0 };
		bool vendor = false;

		if (selected[i] && inv->v[i].kind == KIND_SYSTEMD) {
			unit_wanted_by(t, inv->v[i].name, &by, &vendor);
			if (vendor)
				strv_take(&p->warnings,
					  xasprintf("%s: started by the distribution's links, "
						    "which disable leaves; --mask stops it for good",
						    inv->v[i].name));
		}
		strv_free(&by);
	}
	for (size_t i = 0; r == 0 && i < inv->n; i++)
		if (selected[i] && inv->v[i].kind == KIND_SYSTEMD && inv->v[i].script != NULL &&
		    !mask)
			r = sysv_disable_script(t, inv->v[i].script, -1, i, p->style, p);
	/* mask, as systemctl mask, leaves a script's start links: a sysvinit boot follows them */
	for (size_t i = 0; r == 0 && mask && i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const char *script = s->kind == KIND_SYSV ? s->name : s->script;
		char levels[16];

		if (selected[i] && script != NULL && (s->kind == KIND_SYSTEMD || masks_scripts(t)) &&
		    rclinks_started(t, script, levels, sizeof(levels)))
			strv_take(&p->warnings,
				  xasprintf("%s: masked for systemd; as after systemctl mask, the start "
					    "links of %s/%s still start it under sysvinit (runlevels %s): "
					    "--disable without --mask turns them off",
					    s->name, t->initdir, script, levels));
	}
	return r;
}

/*
 * Has init script NAME a native unit? Then systemd-sysv-generator leaves
 * it alone and the unit is the service (NAME.service, or an alias of it).
 * *MASKED: no unit file, only NAME.service -> /dev/null (systemctl mask of
 * a script-only service): the generator leaves it alone too, but it stays
 * a script, listed as masked.
 */
static bool
script_has_unit(const struct tree *t, const char *name, bool *masked)
{
	char *unit = xasprintf("%s.service", name);
	bool file = unit_find(t, unit) != NULL;

	*masked = !file && unit_masked(t, unit);
	free(unit);
	return file;
}

/*
 * An alias of a service unit is a name of that unit as its base name is:
 * "mysql" (mysql.service -> mariadb.service) also selects mariadb.socket,
 * as "mariadb" does. A socket left startable would still listen for the
 * service (rpcbind.socket on 111), or start it (ssh.socket). Each sibling
 * (NAME.socket, NAME.path of a NAME.service) gets the aliases' base names.
 */
static void
alias_siblings(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const char *dot = strrchr(s->name, '.');
		size_t blen = dot != NULL ? (size_t)(dot - s->name) : 0;

		if (s->kind != KIND_SYSTEMD || dot == NULL || !streq(dot, ".service") ||
		    strchr(s->name, '@') != NULL)
			continue;
		for (size_t j = 0; j < inv->n; j++) {
			struct service *u = &inv->v[j];
			const char *udot = strrchr(u->name, '.');

			if (j == i || u->kind != KIND_SYSTEMD || udot == NULL ||
			    (size_t)(udot - u->name) != blen || strncmp(u->name, s->name, blen) != 0)
				continue;
			for (size_t k = 0; k < s->own.n; k++) {
				const char *a = s->own.v[k];

				if (endswith(a, ".service") || strv_contains(&u->own, a))
					continue;
				strv_push(&u->own, a);
				strv_push_unique(&u->names, a);
			}
		}
	}
}

static int
systemd_rows(const struct row_ctx *c, struct inventory *inv)
{
	int r = inventory_systemd(c->t, c->files, inv);

	if (r == 0)
		alias_siblings(inv);
	return r;
}

static int
systemd_disable_all(struct tree *t, const struct inventory *inv, const struct disable_ctx *c,
		    struct plan *p)
{
	return plan_systemd(t, inv, c->selected, c->template, c->mask, p);
}

/* Is there a link DIR/NAME among the unit links, or an edit of the plan making it? */
static bool
unit_link_there(const struct tree *t, const struct plan *p, const char *dir, const char *name)
{
	for (size_t k = 0; k < own(t)->nulinks; k++)
		if (streq(own(t)->ulinks[k].dir, dir) && streq(own(t)->ulinks[k].name, name))
			return true;
	for (size_t k = 0; k < p->n; k++)
		if (p->v[k].kind == ACT_LINK && p->v[k].link.op == LINK_CREATE &&
		    streq(p->v[k].link.dir, dir) && streq(p->v[k].link.to, name))
			return true;
	return false;
}

/* systemctl enable UNIT: its [Install] links under etc/systemd/system, Also= units too. */
static int
enable_unit(struct tree *t, const char *unit, size_t i, struct strv *seen, struct plan *p)
{
	static const struct {
		const char *key, *suffix;
	} keys[] = { { "WantedBy", ".wants" }, { "RequiredBy", ".requires" }, { "Alias", NULL } };
	const struct unit_file *u;
	struct strv also = { 0 };
	char *target;
	int r = 0;

	if (strv_contains(seen, unit))
		return 0;
	strv_push(seen, unit);
	u = unit_find(t, unit);
	if (u == NULL || own(t)->unitdir == NULL) {
		strv_take(&p->warnings, xasprintf("%s: no unit file to enable", unit));
		return 0;
	}
	target = xasprintf("/%s", u->file);
	for (size_t k = 0; r == 0 && k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		unit_values(t, u, "Install", keys[k].key, &v);
		for (size_t j = 0; r == 0 && j < v.n; j++) {
			char *dir = keys[k].suffix ? xasprintf("%s/%s%s", own(t)->unitdir, v.v[j],
							       keys[k].suffix)
						   : xstrdup(own(t)->unitdir);
			const char *name = keys[k].suffix ? unit : v.v[j];
			struct link_edit *e;
			size_t n = 0;

			if (!unit_link_there(t, p, dir, name)) {
				e = NULL;
				link_edit_push(&e, &n, LINK_CREATE, 0, dir, NULL, name, target);
				r = plan_push_links(t, e, n, i, p);
			}
			free(dir);
		}
		strv_free(&v);
	}
	free(target);
	unit_values(t, u, "Install", "Also", &also);
	for (size_t k = 0; r == 0 && k < also.n; k++)
		r = enable_unit(t, also.v[k], i, seen, p);
	strv_free(&also);
	return r;
}

/* systemctl unmask UNIT: its link to /dev/null under etc/systemd/system goes. */
static int
unmask_unit(struct tree *t, const char *unit, size_t i, struct plan *p)
{
	for (size_t k = 0; own(t)->unitdir != NULL && k < own(t)->nulinks; k++) {
		const struct unit_link *l = &own(t)->ulinks[k];
		struct link_edit *e = NULL;
		size_t n = 0;

		if (!streq(l->dir, own(t)->unitdir) || !streq(l->name, unit) || l->dest[0] != '\0')
			continue;
		link_edit_push(&e, &n, LINK_DELETE, 0, l->dir, l->name, NULL, l->target);
		return plan_push_links(t, e, n, i, p);
	}
	return 0;
}

/* systemctl enable (the [Install] links), after systemctl unmask with --unmask. */
static int
systemd_enable(struct tree *t, const struct inventory *inv, size_t i, struct enable_ctx *c,
	       struct plan *p)
{
	const struct service *s = &inv->v[i];
	int r = 0;

	if (c->unmask && s->masked)
		r = unmask_unit(t, s->name, i, p);
	if (r == 0)
		r = enable_unit(t, s->name, i, &c->done, p);
	/* systemd-sysv-install enable: update-rc.d enable of the script too */
	if (r == 0 && s->script != NULL)
		r = sysv_enable_script(t, s->script, i, p->style, p);
	return r;
}

/* The link of a .wants/.requires directory that starts NAME, owned by a unit of OWNERS (NULL: any, under etc). */
static const struct unit_link *
wants_link(const struct tree *t, const struct strv *owners, const char *name)
{
	for (size_t i = 0; i < own(t)->nulinks; i++) {
		const struct unit_link *l = &own(t)->ulinks[i];

		if ((streq(l->name, name) || streq(l->dest, name)) && l->owner != NULL &&
		    (owners != NULL ? strv_contains(owners, l->owner) : l->local))
			return l;
	}
	return NULL;
}

/*
 * A unit: pulled in by the default target (transitively), or linked by any
 * target under etc/systemd/system; LEVELS are the units whose links want it
 * (the distribution's too), else the default target that pulls it in.
 */
static bool
systemd_starts(const struct tree *t, const struct boot *b, const struct service *s,
	    struct starts *out)
{
	struct strv local = { 0 };
	const struct unit_link *l;
	bool vendor, boot, starts;

	if (b->target == NULL || s->masked)
		return false; /* a root that does not boot with systemd; a masked unit never starts */
	boot = strv_contains(&b->units, s->name);
	unit_wanted_by(t, s->name, &out->levels, &vendor);
	unit_wanted_by_local(t, s->name, &local);
	if (out->levels.n == 0 && boot)
		strv_push(&out->levels, b->target);
	out->next_boot = boot;
	l = wants_link(t, boot ? &b->units : NULL, s->name);
	if (l != NULL) {
		out->by = xasprintf("%s/%s", l->dir, l->name);
		out->is_link = true;
	}
	for (size_t i = 0; out->by == NULL && boot && i < b->units.n; i++)
		if (streq(b->units.v[i], s->name) && b->by.v[i][0] != '\0')
			out->by = xasprintf("%s (pulled in by %s)", s->name, b->by.v[i]);
	if (out->by == NULL)
		out->by = xstrdup(s->name);
	starts = boot || local.n > 0;
	strv_free(&local);
	return starts;
}

static char *
systemd_summary(const struct tree *t)
{
	return xasprintf("%zu units, %zu unit links, %zu drop-ins", own(t)->nunits, own(t)->nulinks,
			 own(t)->ndropins);
}

const struct source systemd_source = {
	.name = "systemd",
	.noun = "systemd unit",
	.kind = KIND_SYSTEMD,
	.own_state = true,
	.units = true,
	.setup = systemd_load,
	.load = systemd_links_load,
	.free = systemd_free,
	.summary = systemd_summary,
	.claims_script = script_has_unit,
	.masks_scripts = masks_scripts,
	.rows = systemd_rows,
	.disable_all = systemd_disable_all,
	.enable = systemd_enable,
	.starts = systemd_starts,
};
