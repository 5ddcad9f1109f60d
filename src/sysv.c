/* sysv.c - the SysV init source: init scripts, their headers and rc links, and their edits
 *
 * The scripts' headers are cut in C and read through the header lens
 * (headers.c); the runlevel links are read in C (rclinks.c). Disabling a
 * script is its links, the way the style's own tool (update-rc.d,
 * chkconfig) does it.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "daemonconf.h"
#include "headers.h"
#include "listen.h"
#include "lsborder.h"
#include "rclinks.h"
#include "root.h"
#include "service.h"
#include "snapshot.h"
#include "startlevels.h"
#include "source.h"
#include "sysv.h"
#include "tree.h"


static int
setup_initscripts(struct tree *t)
{
	struct scripts_own *sc = scripts_own(t);
	static const char *const dirs[] = { "/etc/init.d", "/etc/rc.d/init.d" };
	int r;

	for (size_t i = 0; i < ELEMENTSOF(dirs) && sc->initdir == NULL; i++) {
		r = tree_resolve(t, dirs[i], &sc->initdir);
		if (r < 0)
			return r;
		if (sc->initdir != NULL && !tree_is_type(t, sc->initdir, S_IFDIR)) {
			free(sc->initdir);
			sc->initdir = NULL;
		}
	}
	if (sc->initdir == NULL)
		return 0;
	r = tree_list_dir(t, sc->initdir, tree_ignored_name, &sc->scripts, &sc->script_files);
	return r;
}

void
sysv_script_provides(const struct tree *t, size_t i, struct service *s)
{
	const char *v = snode_value(headers_of(t, i), "lsb/Provides");
	struct strv words = { 0 };

	if (v != NULL)
		strv_split(&words, v, " \t");
	for (size_t k = 0; k < words.n; k++) {
		strv_push(&s->names, words.v[k]);
		if (!strv_contains(&s->own, words.v[k]))
			strv_push_unique(&s->provides, words.v[k]);
	}
	strv_free(&words);
}

/* "HOW\tNAME" for each word of VALUE, into V. */
static void
push_needs(struct strv *v, const char *how, const char *value)
{
	struct strv w = { 0 };

	strv_split(&w, value, " \t");
	for (size_t i = 0; i < w.n; i++)
		strv_take(v, xasprintf("%s\t%s", how, w.v[i]));
	strv_free(&w);
}

/* The LSB header's Required-Start (needs) and Should-Start (wants). */
static void
script_needs(const struct snode *sn, struct service *s)
{
	const char *v;

	if ((v = snode_value(sn, "lsb/Required-Start")) != NULL)
		push_needs(&s->needs, "Required-Start", v);
	if ((v = snode_value(sn, "lsb/Should-Start")) != NULL)
		push_needs(&s->wants, "Should-Start", v);
}

static int
sysv_rows(const struct row_ctx *c, struct inventory *inv)
{
	const struct tree *t = c->t;
	struct scripts_own *sc = scripts_own(t);

	for (size_t i = 0; sc->initdir != NULL && i < sc->scripts.n; i++) {
		const char *name = sc->scripts.v[i], *v;
		const struct snode *sn;
		char *file, *node;
		char levels[16];
		struct service *s;
		bool started, header, masked;

		if (c->script_claimed(t, name, &masked))
			continue; /* counted once: as its unit */
		file = xasprintf("%s/%s", sc->initdir, name);
		node = tree_file_path(t, sc->script_files.v[i]);
		sn = headers_of(t, i);
		started = rclinks_started(t, name, levels, sizeof(levels));
		header = snode_child(sn, "lsb") != NULL || snode_child(sn, "chkconfig") != NULL;
		/* a library such as Red Hat's "functions": neither a header nor links */
		if (!header && !rclinks_any(t, name)) {
			free(file);
			free(node);
			continue;
		}
		s = service_new(inv, KIND_SYSV, name, file, node);
		s->enabled = started;
		s->masked = masked;
		s->detail = xasprintf("%s%s%s", masked ? "masked, " : "",
				      started ? "S in " : "no S link", started ? levels : "");
		strv_push(&s->names, name);
		strv_push(&s->own, name);
		sysv_script_provides(t, i, s);
		if ((v = snode_value(sn, "processname")) != NULL) {
			s->program = xstrdup(base_name(v));
			strv_push_unique(&s->names, s->program);
		}
		if ((v = snode_value(sn, "pidfile")) != NULL && v[0] == '/')
			s->pidfile = root_path(t->root, v);
		if ((v = snode_value(sn, "chkconfig/stop")) != NULL && isdigit((unsigned char)*v))
			s->stop = atoi(v);
		script_needs(sn, s);
		service_expand_names(s, &inv->services);
		service_daemon_ports(s, &inv->services);
		(void)daemonconf_listen(t, s);
		listen_finish(s);
		free(file);
		free(node);
	}
	return 0;
}

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

	if (rclinks_own(t)->rc_d_layout)
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

/*
 * Does a header of SCRIPT give its runlevels: an LSB Default-Start with a
 * level, or a chkconfig line? update-rc.d refuses a script without
 * ("Default-Start contains no runlevels"), chkconfig too.
 */
static bool
script_has_levels(const struct tree *t, const char *script)
{
	struct scripts_own *sc = scripts_own(t);
	bool has = false;

	for (size_t k = 0; k < sc->scripts.n && !has; k++) {
		const struct snode *h = headers_of(t, k);
		const char *v;

		if (!streq(sc->scripts.v[k], script))
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
	struct scripts_own *sc = scripts_own(t);
	for (size_t k = 0; k < sc->scripts.n; k++) {
		const struct snode *h = headers_of(t, k);
		const char *v;
		int start = 50;

		if (!streq(sc->scripts.v[k], script) || snode_child(h, "lsb") == NULL)
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

int
sysv_disable_script(struct tree *t, const char *script, int stop, size_t i, enum style style,
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
				    scripts_own(t)->initdir, script,
				    style == STYLE_REDHAT ? "chkconfig" : "update-rc.d"));
	return plan_push_links(t, edits, n, i, p);
}

static int
sysv_load(struct tree *t)
{
	int r = headers_load(t);

	return r < 0 ? r : rclinks_load(t);
}

static void
sysv_free(struct tree *t)
{
	struct rclinks_own *rl = rclinks_own(t);
	struct scripts_own *sc = scripts_own(t);
	strv_free(&sc->script_files);
	free(sc->initdir);
	strv_free(&sc->scripts);
	for (size_t i = 0; i < ELEMENTSOF(rl->rcdir); i++)
		free(rl->rcdir[i]);
	for (size_t i = 0; i < rl->nlinks; i++) {
		free(rl->links[i].name);
		free(rl->links[i].target);
		free(rl->links[i].script);
	}
	free(rl->links);
	free(rl->link_index);
	if (sc->headers != NULL)
		snapshot_free(sc->headers);
	free(sc->headers);
}

static int
sysv_disable(struct tree *t, const struct inventory *inv, size_t i, const struct disable_ctx *c,
	     struct plan *p)
{
	/* masked as a unit, its links left: systemd.c */
	if (c->mask_scripts)
		return 0;
	return sysv_disable_script(t, inv->v[i].name, inv->v[i].stop, i, p->style, p);
}

static int
sysv_enable(struct tree *t, const struct inventory *inv, size_t i, struct enable_ctx *c,
	    struct plan *p)
{
	(void)c;
	return sysv_enable_script(t, inv->v[i].name, i, p->style, p);
}

/* The header value KEY ("lsb/Default-Start") of SCRIPT, or NULL. */
static const char *
script_header(const struct tree *t, const char *script, const char *key)
{
	struct scripts_own *sc = scripts_own(t);
	for (size_t k = 0; k < sc->scripts.n; k++)
		if (streq(sc->scripts.v[k], script))
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
	struct rclinks_own *rl = rclinks_own(t);
	for (size_t k = 0; k < rl->nlinks; k++)
		if (rl->links[k].level == li && streq(rl->links[k].name, name))
			return true;
	return false;
}

/* chkconfig on in level LI: S<START> the one link of SCRIPT there. */
static void
redhat_on(const struct tree *t, size_t li, const char *script, int start,
	  struct link_edit **edits, size_t *n)
{
	struct rclinks_own *rl = rclinks_own(t);
	char *want = xasprintf("S%02d%s", start, script), *target = xasprintf("../init.d/%s", script);
	size_t nl = 0, one = 0;
	bool there = false;

	for (size_t k = 0; k < rl->nlinks; k++)
		if (rl->links[k].level == li && rclink_of(rl->links[k].name, script)) {
			nl++;
			one = k;
			there = there || (streq(rl->links[k].name, want) &&
					  streq(rl->links[k].target, target));
		}
	if (nl == 1 && !there && streq(rl->links[one].target, target)) {
		link_edit_push(edits, n, LINK_RENAME, RC_LEVELS[li], rl->rcdir[li], rl->links[one].name, want,
			 target);
	} else {
		for (size_t k = 0; k < rl->nlinks; k++)
			if (rl->links[k].level == li && rclink_of(rl->links[k].name, script) &&
			    !(there && streq(rl->links[k].name, want)))
				link_edit_push(edits, n, LINK_DELETE, RC_LEVELS[li], rl->rcdir[li],
					 rl->links[k].name, NULL, rl->links[k].target);
		if (!there)
			link_edit_push(edits, n, LINK_CREATE, RC_LEVELS[li], rl->rcdir[li], NULL, want,
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
int
sysv_enable_script(struct tree *t, const char *script, size_t i, enum style style, struct plan *p)
{
	struct rclinks_own *rl = rclinks_own(t);
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

		if (rl->rcdir[li] == NULL || strchr(levels, RC_LEVELS[li]) == NULL)
			continue;
		if (style == STYLE_REDHAT && RC_LEVELS[li] != 'S' && start >= 0) {
			redhat_on(t, li, script, start, &edits, &n);
			continue;
		}
		for (size_t k = 0; k < rl->nlinks; k++)
			if (rl->links[k].level == li && rclink_of(rl->links[k].name, script) &&
			    rl->links[k].name[0] == 'S')
				started = true;
		for (size_t k = 0; !started && k < rl->nlinks; k++) {
			const struct rclink_entry *e = &rl->links[k];
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
				link_edit_push(&edits, &n, LINK_RENAME, RC_LEVELS[li], rl->rcdir[li], e->name,
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

/* A script's S links in B's runlevels; BY the next boot's first, else the first. */
static bool
sysv_starts(const struct tree *t, const struct boot *b, const struct service *s,
	    struct starts *out)
{
	const char *script = s->name;

	/* NAME.service -> /dev/null: the generator makes no unit of it */
	if (b->target != NULL && s->masked)
		return false;
	for (const char *c = b->levels; *c; c++) {
		const char *dir = NULL, *link = rclinks_start_link(t, *c, script, &dir);
		char lv[2] = { *c, '\0' };
		bool next;

		if (link == NULL)
			continue;
		next = boot_next_level(b, *c);
		strv_push(&out->levels, lv);
		if (out->by == NULL || (next && !out->next_boot)) {
			free(out->by);
			out->by = xasprintf("%s/%s", dir, link);
			out->is_link = true;
		}
		out->next_boot |= next;
	}
	/* keep RC_LEVELS order (S last), as chkconfig --list */
	return out->levels.n > 0;
}

static char *
sysv_summary(const struct tree *t)
{
	return xasprintf("%zu init scripts, %zu rc links", scripts_own(t)->scripts.n,
			 rclinks_own(t)->nlinks);
}

const struct source sysv_source = {
	.name = "sysv",
	.noun = "init script",
	.kind = KIND_SYSV,
	.scripts = true,
	.setup = setup_initscripts,
	.load = sysv_load,
	.free = sysv_free,
	.summary = sysv_summary,
	.rows = sysv_rows,
	.disable = sysv_disable,
	.enable = sysv_enable,
	.starts = sysv_starts,
};
