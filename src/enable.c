/* enable.c - the edits of the tree that turn the selected services back on
 *
 * The inverse of plan.c, each kind the way its own tool enables it:
 * inetd.conf: update-inetd --enable (the "#<off># " prefix goes, nothing
 * else changes); xinetd: "disable = no" in the block, or the line apply
 * added removed; init scripts: update-rc.d enable (K links back to S in
 * the levels of Default-Start) or chkconfig on; systemd units: systemctl
 * enable (the [Install] links), with UNMASK systemctl unmask first.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "enable.h"
#include "headers.h"
#include "inventory.h"
#include "lsborder.h"
#include "plan.h"
#include "rclinks.h"
#include "root.h"
#include "snapshot.h"
#include "systemd.h"
#include "tree.h"

static int
aug_fail(const struct tree *t, const char *what)
{
	return errorf(-EIO, "augeas: %s: %s", what, aug_error_message(t->aug));
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

static int
enable_xinetd(struct tree *t, const struct service *s, size_t i, struct plan *p)
{
	struct action *a;

	if (s->disable_node == NULL)
		return 0;
	a = plan_push(p, ACT_XINETD_OFF, i);
	a->file = xstrdup(s->file);
	a->node = xstrdup(s->disable_node);
	if (xinetd_line_added(t, s))
		return aug_rm(t->aug, a->node) < 0 ? aug_fail(t, a->node) : 0;
	return aug_set(t->aug, a->node, "no") < 0 ? aug_fail(t, a->node) : 0;
}

/* The header value KEY ("lsb/Default-Start") of SCRIPT, or NULL. */
static const char *
script_header(const struct tree *t, const char *script, const char *key)
{
	for (size_t k = 0; k < t->scripts.n; k++)
		if (streq(t->scripts.v[k], script))
			return snode_value(headers_of(t, k), key);
	return NULL;
}

/* The runlevels of "2 3 4 5" or "2345" into LEVELS ("2345"). */
static void
levels_of(const char *v, char *levels, size_t size)
{
	size_t n = 0;

	for (; v != NULL && *v != '\0' && n + 1 < size; v++)
		if (strchr(RC_LEVELS, toupper((unsigned char)*v)) != NULL &&
		    strchr(levels, toupper((unsigned char)*v)) == NULL) {
			levels[n++] = (char)toupper((unsigned char)*v);
			levels[n] = '\0';
		}
}

static bool
level_has(const struct tree *t, size_t li, const char *name)
{
	for (size_t k = 0; k < t->nlinks; k++)
		if (t->links[k].level == li && streq(t->links[k].name, name))
			return true;
	return false;
}

/* chkconfig on in level LI: S<START> the one link of SCRIPT there. */
static void
redhat_on(const struct tree *t, size_t li, const char *script, int start,
	  struct link_edit **edits, size_t *n)
{
	char *want = xasprintf("S%02d%s", start, script), *target = xasprintf("../init.d/%s", script);
	size_t nl = 0, one = 0;
	bool there = false;

	for (size_t k = 0; k < t->nlinks; k++)
		if (t->links[k].level == li && rclink_of(t->links[k].name, script)) {
			nl++;
			one = k;
			there = there || (streq(t->links[k].name, want) &&
					  streq(t->links[k].target, target));
		}
	if (nl == 1 && !there && streq(t->links[one].target, target)) {
		rclinks_push_edit(edits, n, LINK_RENAME, RC_LEVELS[li], t->rcdir[li], t->links[one].name, want,
			 target);
	} else {
		for (size_t k = 0; k < t->nlinks; k++)
			if (t->links[k].level == li && rclink_of(t->links[k].name, script) &&
			    !(there && streq(t->links[k].name, want)))
				rclinks_push_edit(edits, n, LINK_DELETE, RC_LEVELS[li], t->rcdir[li],
					 t->links[k].name, NULL, t->links[k].target);
		if (!there)
			rclinks_push_edit(edits, n, LINK_CREATE, RC_LEVELS[li], t->rcdir[li], NULL, want,
				 target);
	}
	free(want);
	free(target);
}

/*
 * update-rc.d SCRIPT enable: in each level of Default-Start where the
 * script has no start link, its K link becomes S with the same number
 * (debian-legacy: K(100-NN) -> SNN). chkconfig on (redhat): S<start>.
 */
static int
enable_sysv(struct tree *t, const char *script, size_t i, enum style style, struct plan *p)
{
	char levels[16] = "";
	struct link_edit *edits = NULL;
	size_t n = 0;
	int start = -1, stop = -1;
	bool lsb = false;

	levels_of(script_header(t, script, "lsb/Default-Start"), levels, sizeof(levels));
	if (style == STYLE_REDHAT) {
		/* chkconfig NAME on: levels 2345 whatever the header says; an LSB
		 * script's numbers from its dependency order */
		const char *v = script_header(t, script, "chkconfig/start");

		lsb = lsborder_on(t, script, &start, &stop) == 0;
		if (!lsb && v != NULL && isdigit((unsigned char)*v))
			start = atoi(v);
		strcpy(levels, "2345");
	}
	if (levels[0] == '\0') {
		strv_take(&p->warnings,
			  xasprintf("%s: no runlevels in its header (Default-Start); its links are "
				    "left as they are",
				    script));
		return 0;
	}
	for (size_t li = 0; li < strlen(RC_LEVELS); li++) {
		bool started = false;

		if (t->rcdir[li] == NULL || strchr(levels, RC_LEVELS[li]) == NULL)
			continue;
		if (style == STYLE_REDHAT && RC_LEVELS[li] != 'S' && start >= 0) {
			redhat_on(t, li, script, start, &edits, &n);
			continue;
		}
		for (size_t k = 0; k < t->nlinks; k++)
			if (t->links[k].level == li && rclink_of(t->links[k].name, script) &&
			    t->links[k].name[0] == 'S')
				started = true;
		for (size_t k = 0; !started && k < t->nlinks; k++) {
			const struct rclink_entry *e = &t->links[k];
			int nr;
			char *want;

			if (e->level != li || !rclink_of(e->name, script) || e->name[0] != 'K')
				continue;
			nr = (e->name[1] - '0') * 10 + (e->name[2] - '0');
			/* legacy, and redhat without a header: apply stopped in the mirror slot */
			if (style == STYLE_DEBIAN_LEGACY || style == STYLE_REDHAT)
				nr = 100 - nr;
			want = xasprintf("S%02d%s", nr, script);
			if (!level_has(t, li, want))
				rclinks_push_edit(&edits, &n, LINK_RENAME, RC_LEVELS[li], t->rcdir[li], e->name,
					 want, e->target);
			free(want);
			break; /* one start link a level */
		}
	}
	/* and, as off does, its links in 0, 1 and 6 renumbered */
	if (lsb)
		rclinks_redhat_renumber(t, script, script_header(t, script, "lsb/Default-Start") ?: "",
					start, stop, &edits, &n);
	return plan_push_links(t, edits, n, i, p);
}

/* Is there a link DIR/NAME among the unit links, or an edit of the plan making it? */
static bool
unit_link_there(const struct tree *t, const struct plan *p, const char *dir, const char *name)
{
	for (size_t k = 0; k < t->nulinks; k++)
		if (streq(t->ulinks[k].dir, dir) && streq(t->ulinks[k].name, name))
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
	if (u == NULL || t->unitdir == NULL) {
		strv_take(&p->warnings, xasprintf("%s: no unit file to enable", unit));
		return 0;
	}
	target = xasprintf("/%s", u->file);
	for (size_t k = 0; r == 0 && k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		unit_values(t, u, "Install", keys[k].key, &v);
		for (size_t j = 0; r == 0 && j < v.n; j++) {
			char *dir = keys[k].suffix ? xasprintf("%s/%s%s", t->unitdir, v.v[j],
							       keys[k].suffix)
						   : xstrdup(t->unitdir);
			const char *name = keys[k].suffix ? unit : v.v[j];
			struct link_edit *e;
			size_t n = 0;

			if (!unit_link_there(t, p, dir, name)) {
				e = NULL;
				rclinks_push_edit(&e, &n, LINK_CREATE, 0, dir, NULL, name, target);
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
	for (size_t k = 0; t->unitdir != NULL && k < t->nulinks; k++) {
		const struct unit_link *l = &t->ulinks[k];
		struct link_edit *e = NULL;
		size_t n = 0;

		if (!streq(l->dir, t->unitdir) || !streq(l->name, unit) || l->dest[0] != '\0')
			continue;
		rclinks_push_edit(&e, &n, LINK_DELETE, 0, l->dir, l->name, NULL, l->target);
		return plan_push_links(t, e, n, i, p);
	}
	return 0;
}

int
enable_plan(struct tree *t, const struct inventory *inv, const bool *selected, enum style style,
	    bool unmask, struct plan *p)
{
	struct strv seen = { 0 };
	int r = 0;

	memset(p, 0, sizeof(*p));
	p->style = style == STYLE_AUTO ? style_detect(t) : style;
	for (size_t i = 0; r == 0 && i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		struct action *a;
		char *node;

		if (!selected[i] || s->ignored != NULL)
			continue;
		switch (s->kind) {
		case KIND_INETD:
			a = plan_push(p, ACT_INETD_OFF, i);
			a->file = xstrdup(s->file);
			a->node = xasprintf("%s/disabled", s->node);
			node = a->node;
			if (aug_rm(t->aug, node) < 0)
				r = aug_fail(t, node);
			break;
		case KIND_XINETD:
			r = enable_xinetd(t, s, i, p);
			break;
		case KIND_SYSV:
			r = enable_sysv(t, s->name, i, p->style, p);
			break;
		case KIND_SYSTEMD:
			if (unmask && s->masked)
				r = unmask_unit(t, s->name, i, p);
			if (r == 0)
				r = enable_unit(t, s->name, i, &seen, p);
			/* systemd-sysv-install enable: update-rc.d enable of the script too */
			if (r == 0 && s->script != NULL)
				r = enable_sysv(t, s->script, i, p->style, p);
			break;
		}
	}
	strv_free(&seen);
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i].file != NULL)
			strv_push(&p->files, p->v[i].file);
	strv_sort_uniq(&p->files);
	return r;
}

/* Lines of ETC/INETD.CONF commented out by hand ("#telnet ..."), not by update-inetd. */
void
enable_hand_commented(const char *root, const char *name, struct strv *out)
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
