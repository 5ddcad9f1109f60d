/* plan.c - the edits of the tree that disable the selected services
 *
 * inetd: the entry gets Debian's "#<off># " prefix (update-inetd's mark, so
 * update-inetd --enable undoes it). xinetd: "disable = yes" in the block.
 * Init scripts: the runlevel links, the way the style's own tool does it.
 * systemd units: their links, the way systemctl disable (or mask) does it.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "headers.h"
#include "inventory.h"
#include "plan.h"
#include "root.h"
#include "snapshot.h"
#include "systemd.h"
#include "tree.h"

/*
 * Red Hat when the root uses /etc/rc.d, or when its scripts mostly carry
 * chkconfig headers: one third-party script with such a header does not
 * make a Debian root a Red Hat one.
 */
enum style
style_detect(const struct tree *t)
{
	size_t *idx = NULL, n;
	int chk = 0, lsb = 0;

	if (t->rc_d_layout)
		return STYLE_REDHAT;
	/* each script file once: two names may lead to one file */
	n = headers_unique(t, &idx);
	for (size_t k = 0; k < n; k++) {
		const struct snode *h = headers_of(t, idx[k]);

		if (snode_child(h, "chkconfig") != NULL)
			chk++;
		else if (snode_child(h, "lsb") != NULL)
			lsb++;
	}
	free(idx);
	return chk > lsb ? STYLE_REDHAT : STYLE_DEBIAN;
}

static struct action *
push(struct plan *p, enum action_kind kind, size_t service)
{
	struct action *a;

	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	a = &p->v[p->n++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->service = service;
	return a;
}

static int
aug_fail(const struct tree *t, const char *what)
{
	return errorf(-EIO, "augeas: %s: %s", what, aug_error_message(t->aug));
}

static int
link_in_tree(struct tree *t, const struct link_edit *e)
{
	char *from = e->from ? rclinks_node(t, e->dir, e->from) : NULL, *to;
	int r = 0;

	switch (e->op) {
	case LINK_RENAME:
		if (aug_rename(t->aug, from, e->to) < 0)
			r = aug_fail(t, from);
		break;
	case LINK_DELETE:
		if (aug_rm(t->aug, from) < 0)
			r = aug_fail(t, from);
		break;
	case LINK_CREATE:
		to = rclinks_node(t, e->dir, e->to);
		if (aug_set(t->aug, to, e->target) < 0)
			r = aug_fail(t, to);
		free(to);
		break;
	}
	free(from);
	return r;
}

/* Makes link EDITS in the tree as actions of service I; takes the edits. */
static int
push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p)
{
	int r = 0;

	/* a name the plan gives a link must be free: not a file someone put there */
	for (size_t k = 0; r == 0 && k < n; k++) {
		struct stat st;
		char *rel;

		if (edits[k].op == LINK_DELETE)
			continue;
		rel = xasprintf("%s/%s", edits[k].dir, edits[k].to);
		if (root_lstat(t->root, rel, &st) == 0 && !S_ISLNK(st.st_mode))
			r = errorf(-EEXIST, "%s: already there and not a link; move it away first",
				   rel);
		free(rel);
	}
	for (size_t k = 0; r == 0 && k < n; k++) {
		struct action *a = push(p, ACT_LINK, i);

		a->link = edits[k];
		memset(&edits[k], 0, sizeof(edits[k]));
		r = link_in_tree(t, &a->link);
	}
	link_edits_free(edits, n);
	return r;
}

/*
 * Does a header of SCRIPT give its runlevels: an LSB Default-Start with a
 * level, or a chkconfig line? update-rc.d refuses a script without
 * ("Default-Start contains no runlevels"), chkconfig too.
 */
static bool
script_has_levels(const struct tree *t, const char *script)
{
	bool has = false;

	for (size_t k = 0; k < t->scripts.n && !has; k++) {
		const struct snode *h = headers_of(t, k);
		const char *v;

		if (!streq(t->scripts.v[k], script))
			continue;
		v = snode_value(h, "lsb/Default-Start");
		has = (v != NULL && v[strspn(v, " \t")] != '\0') || snode_child(h, "chkconfig") != NULL;
	}
	return has;
}

/*
 * chkconfig off of SCRIPT with an LSB header: K<STOP> of its chkconfig line or
 * 50 (*STOP), and its links in 0, 1 and 6 renumbered (rclinks_redhat_renumber)
 * into *EDITS. 0, or -1 for a script without an LSB header (*STOP as it was).
 */
static int
redhat_lsb(const struct tree *t, const char *script, int *stop, struct link_edit **edits,
	   size_t *n)
{
	for (size_t k = 0; k < t->scripts.n; k++) {
		const struct snode *h = headers_of(t, k);
		const char *v;
		int start = 50;

		if (!streq(t->scripts.v[k], script) || snode_child(h, "lsb") == NULL)
			continue;
		if ((v = snode_value(h, "chkconfig/start")) != NULL && isdigit((unsigned char)*v))
			start = atoi(v);
		if (*stop < 0)
			*stop = 50;
		/* LSB Default-Start first, as chkconfig reads them */
		v = snode_value(h, "lsb/Default-Start");
		if (v == NULL || v[strspn(v, " \t")] == '\0')
			v = snode_value(h, "chkconfig/levels");
		rclinks_redhat_renumber(t, script, v != NULL ? v : "", start, *stop, edits, n);
		return 0;
	}
	return -1;
}

static int
plan_sysv(struct tree *t, const char *script, int stop, size_t i, enum style style,
	  struct plan *p)
{
	struct link_edit *edits = NULL;
	size_t n = 0;
	int r;

	if (style == STYLE_REDHAT && redhat_lsb(t, script, &stop, &edits, &n) < 0 && stop < 0) {
		/* no LSB header nor chkconfig line: stop in the mirror slot of the start */
		int start = rclinks_start_number(t, script);

		stop = start > 0 ? 100 - start : 50;
		if (stop > 99)
			stop = 99;
	}
	r = rclinks_disable(t, style, script, stop, &edits, &n);
	if (r < 0) {
		link_edits_free(edits, n);
		return r;
	}
	/* the service must go all the same; the administrator learns why the tool would not */
	if (n > 0 && !script_has_levels(t, script))
		strv_take(&p->warnings,
			  xasprintf("%s/%s: no LSB header or chkconfig line gives its runlevels "
				    "(%s refuses it); its start links are turned off all the same",
				    t->initdir, script,
				    style == STYLE_REDHAT ? "chkconfig" : "update-rc.d"));
	return push_links(t, edits, n, i, p);
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
		for (size_t k = 0; k < t->nulinks; k++)
			if (streq(t->ulinks[k].dir, e->dir) && streq(t->ulinks[k].name, name) &&
			    streq(t->ulinks[k].dest, inv->v[i].name))
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
	return systemd_present(t) && t->unitdir != NULL;
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
		r = push_links(t, one, 1, owner, p);
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
			r = plan_sysv(t, inv->v[i].script, -1, i, p->style, p);
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

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
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
			r = aug_fail(t, base);
		free(base);
		i = j + 1;
	}
	free(o->file);
	return r;
}

int
plan_build(struct tree *t, const struct inventory *inv, const bool *selected,
	   const bool *template, enum style style, bool mask, struct plan *p)
{
	int r = 0;

	struct positions off = { 0 };

	memset(p, 0, sizeof(*p));
	p->style = style == STYLE_AUTO ? style_detect(t) : style;
	for (size_t i = 0; r == 0 && i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		struct action *a;

		if (s->ignored != NULL && (i == 0 || inv->v[i - 1].ignored == NULL ||
					   !streq(inv->v[i - 1].file, s->file)))
			strv_take(&p->warnings, xasprintf("%s: %s; its services are left alone",
							  s->file, s->ignored));
		if (!selected[i] || s->ignored != NULL)
			continue; /* what its daemon ignores is left alone */
		switch (s->kind) {
		case KIND_INETD:
			a = push(p, ACT_INETD_OFF, i);
			a->file = xstrdup(s->file);
			a->node = xasprintf("%s/disabled", s->node);
			set_later(&off, s->node); /* all at once, below */
			break;
		case KIND_XINETD:
			a = push(p, ACT_XINETD_OFF, i);
			a->file = xstrdup(s->file);
			/* the block's own disable attribute (inventory found it), or a new one */
			a->node = s->disable_node ? xstrdup(s->disable_node)
						  : xasprintf("%s/disable", s->node);
			if (aug_set(t->aug, a->node, "yes") < 0)
				r = aug_fail(t, a->node);
			break;
		case KIND_SYSV:
			/* masked as a unit, its links left: below */
			if (!(mask && masks_scripts(t)))
				r = plan_sysv(t, s->name, s->stop, i, p->style, p);
			break;
		case KIND_SYSTEMD:
			break; /* all together, below */
		}
	}
	if (r == 0)
		r = set_disabled(t, &off); /* frees off.file */
	else
		free(off.file);
	free(off.v);
	if (r == 0)
		r = plan_systemd(t, inv, selected, template, mask, p);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].file != NULL)
			strv_push(&p->files, p->v[i].file);
	strv_sort_uniq(&p->files);
	return r;
}

struct action *
plan_push(struct plan *p, enum action_kind kind, size_t service)
{
	return push(p, kind, service);
}

int
plan_push_links(struct tree *t, struct link_edit *edits, size_t n, size_t i, struct plan *p)
{
	return push_links(t, edits, n, i, p);
}

bool
plan_masks(const struct plan *p, size_t i)
{
	for (size_t k = 0; k < p->n; k++)
		if (p->v[k].service == i && p->v[k].kind == ACT_LINK &&
		    p->v[k].link.op == LINK_CREATE && p->v[k].link.target != NULL &&
		    streq(p->v[k].link.target, "/dev/null"))
			return true;
	return false;
}

void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].file);
		free(p->v[i].node);
		free(p->v[i].link.dir);
		free(p->v[i].link.from);
		free(p->v[i].link.to);
		free(p->v[i].link.target);
	}
	free(p->v);
	strv_free(&p->files);
	strv_free(&p->warnings);
	memset(p, 0, sizeof(*p));
}
