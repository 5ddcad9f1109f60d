/* systemd.c - the systemd source: units as inventory rows, their disable and enable
 *
 * Unit files are read in C (unitfile.c; through the Deafen_unit lens only
 * for list --format xml); the links of the unit directories join the rc
 * links under LINKS_TREE at their real location (unitdirs.c):
 * /links/etc/systemd/system/multi-user.target.wants/ssh.service =
 * "/lib/systemd/system/ssh.service". Enabling is links, so disabling is
 * removing links and masking is adding one, as systemctl does (systemctl.c).
 */
#include <sys/stat.h>

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
#include "headers.h"
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
	struct scripts_own *sc = scripts_own(t);
	char levels[16];

	for (size_t a = 0; s->script == NULL && a <= aliases->n; a++) {
		const char *want = a == 0 ? base : aliases->v[a - 1], *dot = strrchr(want, '.');
		size_t len = a == 0 || dot == NULL ? strlen(want) : (size_t)(dot - want);
		const struct unit_file *own = a > 0 ? unit_find(t, want) : NULL;

		/* an alias name that is a unit file of its own has that unit's script */
		if (a > 0 && (!streq(want + len, ".service") || (own != NULL && streq(own->name, want))))
			continue;
		for (size_t k = 0; sc->initdir != NULL && k < sc->scripts.n; k++)
			if (strlen(sc->scripts.v[k]) == len && strncmp(sc->scripts.v[k], want, len) == 0) {
				s->script = xstrdup(sc->scripts.v[k]);
				sysv_script_provides(t, k, s);
				break;
			}
	}
	if (s->script != NULL && !s->enabled &&
	    rclinks_started(t, s->script, levels, sizeof(levels))) {
		char *d = xasprintf("%s; S links of %s/%s in %s", s->detail, sc->initdir, s->script,
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
	struct systemd_own *o = own(t);
	static const char *const keys[][2] = { { "Unit", "Wants" }, { "Unit", "Requires" },
					      { "Unit", "BindsTo" }, { "Timer", "Unit" },
					      { "Path", "Unit" }, { "Socket", "Service" } };

	for (size_t i = 0; i < o->nunits; i++) {
		const char *name = o->units[i].name, *dot = strrchr(name, '.');
		struct strv dropins = { 0 }, v = { 0 };
		const struct snode **parts;
		size_t np = 1;
		bool fires;

		if (dot == NULL || strstr(name, "@.") != NULL) /* a template names no one unit */
			continue;
		fires = streq(dot, ".timer") || streq(dot, ".path") || streq(dot, ".socket");
		unit_dropin_files(t, name, &dropins);
		parts = xcalloc(dropins.n + 1, sizeof(*parts));
		parts[0] = unit_tree(t, o->units[i].file);
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
	struct systemd_own *o = own(t);
	struct strv instances = { 0 }, pulled = { 0 }, by = { 0 };

	(void)files; /* unit files are read in C: unit_tree() */

	pull_map(t, &pulled, &by);
	for (size_t i = 0; i < o->nunits; i++)
		if (unit_listed_type(o->units[i].name)) {
			struct strv mine = { 0 };

			for (size_t k = 0; k < pulled.n; k++)
				if (streq(pulled.v[k], o->units[i].name))
					strv_push_unique(&mine, by.v[k]);
			inventory_unit(t, o->units[i].name, &o->units[i], &mine, inv);
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
	struct systemd_own *o = own(t);
	const char *name = e->op == LINK_CREATE ? e->to : e->from;
	size_t first = inv->n;

	for (size_t i = 0; i < inv->n; i++) {
		if (!selected[i] || inv->v[i].kind != KIND_SYSTEMD)
			continue;
		if (first == inv->n)
			first = i;
		if (streq(inv->v[i].name, name))
			return i;
		for (size_t k = 0; k < o->nulinks; k++)
			if (streq(o->ulinks[k].dir, e->dir) && streq(o->ulinks[k].name, name) &&
			    streq(o->ulinks[k].dest, inv->v[i].name))
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
					    s->name, scripts_own(t)->initdir, script, levels));
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
/* The length of unit NAME's base name (without ".type"). */
static size_t
base_len(const char *name)
{
	return (size_t)(strrchr(name, '.') - name);
}

/* Orders units A and B by base name. */
static int
base_order(const char *a, const char *b)
{
	size_t na = base_len(a), nb = base_len(b);
	int c = strncmp(a, b, na < nb ? na : nb);

	return c != 0 ? c : (na > nb) - (na < nb);
}

/* Orders indices of INV's units by base name, then by index. */
static int
base_cmp(const void *x, const void *y, void *v)
{
	const struct inventory *inv = v;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = base_order(inv->v[i].name, inv->v[j].name);

	return c != 0 ? c : (i > j) - (i < j);
}

/* U gets S's own names that are no service's (aliases' base names). */
static void
share_aliases(const struct service *s, struct service *u)
{
	for (size_t k = 0; k < s->own.n; k++) {
		const char *a = s->own.v[k];

		if (endswith(a, ".service") || strv_contains(&u->own, a))
			continue;
		strv_push(&u->own, a);
		strv_push_unique(&u->names, a);
	}
}

static void
alias_siblings(struct inventory *inv)
{
	/* the units by base name: siblings side by side (one scan of all a unit was quadratic) */
	size_t *by = xcalloc(inv->n + 1, sizeof(*by)), n = 0;

	for (size_t i = 0; i < inv->n; i++)
		if (inv->v[i].kind == KIND_SYSTEMD && strrchr(inv->v[i].name, '.') != NULL)
			by[n++] = i;
	qsort_r(by, n, sizeof(*by), base_cmp, inv);
	for (size_t g = 0, e; g < n; g = e) {
		for (e = g + 1; e < n && base_order(inv->v[by[e]].name, inv->v[by[g]].name) == 0; e++)
			;
		for (size_t i = g; i < e; i++) {
			const struct service *s = &inv->v[by[i]];

			if (!endswith(s->name, ".service") || strchr(s->name, '@') != NULL)
				continue;
			for (size_t j = g; j < e; j++)
				if (j != i)
					share_aliases(s, &inv->v[by[j]]);
		}
	}
	free(by);
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
	struct systemd_own *o = own(t);
	for (size_t k = 0; k < o->nulinks; k++)
		if (streq(o->ulinks[k].dir, dir) && streq(o->ulinks[k].name, name))
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
	struct systemd_own *o = own(t);
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
	if (u == NULL || o->unitdir == NULL) {
		strv_take(&p->warnings, xasprintf("%s: no unit file to enable", unit));
		return 0;
	}
	target = xasprintf("/%s", u->file);
	for (size_t k = 0; r == 0 && k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		unit_values(t, u, "Install", keys[k].key, &v);
		for (size_t j = 0; r == 0 && j < v.n; j++) {
			char *dir = keys[k].suffix ? xasprintf("%s/%s%s", o->unitdir, v.v[j],
							       keys[k].suffix)
						   : xstrdup(o->unitdir);
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
	struct systemd_own *o = own(t);
	for (size_t k = 0; o->unitdir != NULL && k < o->nulinks; k++) {
		const struct unit_link *l = &o->ulinks[k];
		struct link_edit *e = NULL;
		size_t n = 0;

		if (!streq(l->dir, o->unitdir) || !streq(l->name, unit) || l->dest[0] != '\0')
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
	struct systemd_own *o = own(t);
	for (size_t i = 0; i < o->nulinks; i++) {
		const struct unit_link *l = &o->ulinks[i];

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
	struct systemd_own *o = own(t);
	return xasprintf("%zu units, %zu unit links, %zu drop-ins", o->nunits, o->nulinks,
			 o->ndropins);
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
