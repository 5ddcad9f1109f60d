/* systemctl.c - systemctl's semantics over the unit directories read
 *
 * Which unit a name is (aliases, instances of templates), whether it is
 * masked, what wants it, what its file and drop-ins say, the links
 * systemctl disable and mask change, and the units the next boot starts.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include "unitfile.h"

static struct systemd_own *
own(const struct tree *t)
{
	return systemd_own(t);
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

	return o->nunits ? bsearch(&key, o->units, o->nunits, sizeof(*o->units), unit_cmp) : NULL;
}

const struct unit_file *
unit_find(const struct tree *t, const char *name)
{
	const struct unit_file *u = unit_named(t, name);
	const size_t *idx;
	size_t n;

	if (u != NULL)
		return u;
	idx = unit_links_of(t, name, false, &n);
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
	const size_t *idx = unit_links_of(t, name, true, &n);

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
	struct systemd_own *o = own(t);
	const struct unit_file *u = unit_named(t, name);
	size_t n;
	const size_t *idx = unit_links_of(t, name, false, &n);

	for (size_t d = 0; d < o->unit_dirs.n; d++) {
		const char *dir = o->unit_dirs.v[d];
		size_t k = strlen(dir);

		for (size_t i = 0; i < n; i++)
			if (streq(o->ulinks[idx[i]].dir, dir))
				return o->ulinks[idx[i]].dest[0] == '\0';
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
	struct systemd_own *o = own(t);
	struct unit_file key = { .name = (char *)name };
	const struct unit_file *u;

	if (!unit_is_instance(name) || o->nunits == 0)
		return NULL;
	u = bsearch(&key, o->units, o->nunits, sizeof(*o->units), unit_cmp);
	if (u == NULL) {
		key.name = unit_template(name);
		u = bsearch(&key, o->units, o->nunits, sizeof(*o->units), unit_cmp);
		free(key.name);
	}
	return u;
}

void
systemd_instances(const struct tree *t, struct strv *out)
{
	struct systemd_own *o = own(t);
	for (size_t i = 0; i < o->nulinks; i++)
		if (unit_is_instance(o->ulinks[i].name))
			strv_push(out, o->ulinks[i].name);
	for (size_t i = 0; i < o->nunits; i++)
		if (unit_is_instance(o->units[i].name))
			strv_push(out, o->units[i].name);
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

/* The drop-ins of UNIT in O's (sorted by unit, then name): *N from the one returned. */
static const struct unit_dropin *
dropins_of(const struct systemd_own *o, const char *unit, size_t *n)
{
	size_t lo = 0, hi = o->ndropins, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(o->dropins[mid].unit, unit) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < o->ndropins && streq(o->dropins[end].unit, unit); end++)
		;
	*n = end - lo;
	return o->dropins + lo;
}

void
unit_dropin_files(const struct tree *t, const char *name, struct strv *out)
{
	const struct systemd_own *o = own(t);
	char *tpl = unit_is_instance(name) ? unit_template(name) : NULL;
	size_t na, nb = 0, i = 0, j = 0;
	const struct unit_dropin *a = dropins_of(o, name, &na), *b = tpl ? dropins_of(o, tpl, &nb) : NULL;

	/*
	 * applied in the order of their names, whichever directory holds them.
	 * Of an instance's and its template's of the same name, the one in the
	 * earlier unit directory is taken, the instance's in the same one:
	 * systemd lists each directory's instance.d then template.d, and the
	 * first file of a name wins (src/shared/dropin.c, conf_files_list_strv).
	 */
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i].name, b[j].name);
		bool mine = c < 0 || (c == 0 && a[i].rank <= b[j].rank);
		const struct unit_dropin *d = mine ? &a[i] : &b[j];

		i += c <= 0;
		j += c >= 0;
		if (d->file != NULL)
			strv_push(out, d->file);
	}
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
	const size_t *byname = unit_links_of(t, name, false, &nn);
	const size_t *bydest = unit_links_of(t, name, true, &nd);

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
	struct systemd_own *o = own(t);
	for (size_t i = 0; i < units->n; i++) {
		const char *u = units->v[i];
		mode_t m;

		if (unit_masked(t, u))
			continue;
		if (o->unitdir == NULL)
			return errorf(-ENOENT, "etc/systemd/system: no such directory; cannot mask %s",
				      u);
		m = unit_lstat(t->root, o->unitdir, u);
		if (m == S_IFLNK)
			return errorf(-EEXIST, "%s/%s: a link is already there (an alias or a linked "
					       "unit); systemctl mask would refuse too",
				      o->unitdir, u);
		if (m != 0)
			return errorf(-EEXIST, "%s/%s: the administrator's unit file; masking it "
					       "would need it moved away first",
				      o->unitdir, u);
		link_edit_push(edits, n, LINK_CREATE, 0, o->unitdir, NULL, u, "/dev/null");
	}
	return 0;
}

int
systemd_disable(const struct tree *t, const struct strv *units, bool mask,
		struct link_edit **edits, size_t *n)
{
	struct systemd_own *o = own(t);
	struct strv set = { 0 };

	if (mask)
		return mask_edits(t, units, edits, n);
	for (size_t i = 0; i < units->n; i++)
		with_also(t, units->v[i], &set);
	for (size_t i = 0; i < o->nulinks; i++) {
		const struct unit_link *l = &o->ulinks[i];

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
	struct systemd_own *o = own(t);
	const struct unit_file *u = unit_find(t, name);

	for (size_t i = 0; i < o->nulinks; i++) {
		const struct unit_link *l = &o->ulinks[i];

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
	struct systemd_own *o = own(t);
	for (size_t i = 0; i < o->nulinks; i++)
		if (top_level(&o->ulinks[i]) && streq(o->ulinks[i].name, "default.target") &&
		    o->ulinks[i].dest[0] != '\0')
			return &o->ulinks[i];
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
