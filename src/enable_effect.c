/* enable_effect.c - what enable does after its steps: the saved policy follows;
 * reload, start, and the ports open again
 *
 * The mirror of apply's: SIGHUP to the super-servers that read the changed
 * files, the daemons of the scripts and units turned back on started (on
 * root "/"; --no-start leaves them), then a rescan until the ports they
 * serve are open again. Which ports: those an earlier apply closed (its
 * backup recorded them, with the address they had), else those the
 * service's configuration names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"
#include "journal.h"
#include "names.h"
#include "plan.h"
#include "reload.h"
#include "savedpolicy.h"
#include "source.h"

/* Does a rule of P (KEEP: a keep rule, else a disable rule) select S? */
static bool
rule_selects(const struct policy *p, const struct inventory *inv, const struct service *s,
	     bool keep)
{
	for (size_t k = 0; k < p->n; k++)
		if (p->v[k].keep == keep && names_selects(inv, p->v[k].name, s))
			return true;
	return false;
}

int
enable_policy_follow(struct deafen *d, const bool *selected, const struct backup *b)
{
	struct policy old = { 0 }, new = { 0 };
	bool changed = false;
	int r;

	if (!saved_policy_exists(d->root))
		return 0;
	r = saved_policy_load(d->root, &old);
	/* a disable rule that selects a service turned back on goes */
	for (size_t k = 0; r == 0 && k < old.n; k++) {
		bool drop = false;

		for (size_t i = 0; !old.v[k].keep && !drop && i < d->inv.n; i++)
			drop = selected[i] && names_selects(&d->inv, old.v[k].name, &d->inv.v[i]);
		if (drop) {
			note(d, "%s: 'disable %s' removed", SAVED_POLICY, old.v[k].name);
			changed = true;
		} else {
			r = policy_add_list(&new, old.v[k].name, old.v[k].keep);
		}
	}
	/* a --keep policy disables every other network service: this one is kept now */
	for (size_t i = 0; r == 0 && old.nkeep > 0 && i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];

		if (!selected[i] || !s->network || s->superserver ||
		    rule_selects(&new, &d->inv, s, true))
			continue;
		note(d, "%s: 'keep %s' added", SAVED_POLICY, s->name);
		r = policy_add_list(&new, s->name, true);
		changed = true;
	}
	new.mask = old.mask;
	if (r == 0 && changed)
		r = saved_policy_write(d->root, &new, b);
	if (r == 0 && changed)
		fprintf(d->out, "policy updated in %s (verify no longer disables what was enabled)\n",
			SAVED_POLICY);
	policy_free(&old);
	policy_free(&new);
	return r;
}

static void
push_target(struct target **v, size_t *n, const struct target *t)
{
	struct target *c;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	c = &(*v)[(*n)++];
	*c = *t;
	c->comm = xstrdup(t->comm ? t->comm : "?");
	c->service = xstrdup(t->service);
	c->where = xstrdup(t->where);
	c->open = false;
}

/* The listeners of S the newest backup that closed some recorded; how many. */
static size_t
recorded(const struct backup *v, size_t nb, const struct service *s, struct target **t,
	 size_t *nt)
{
	bool daemon = source_daemon(s);
	size_t found = 0;

	for (size_t b = nb; b-- > 0 && found == 0;)
		for (size_t k = 0; k < v[b].ntargets; k++) {
			const struct target *r = &v[b].targets[k];

			if (streq(r->service, s->name) && r->daemon == daemon) {
				push_target(t, nt, r);
				found++;
			}
		}
	return found;
}

/* The ports S's configuration names ("127.0.0.1:23/tcp", "23/tcp": any address). */
static void
configured(const struct service *s, struct target **t, size_t *nt)
{
	char *where = source_stop_where(s);

	for (size_t i = 0; i < s->listen.n; i++) {
		const char *l = s->listen.v[i], *slash = strrchr(l, '/'), *colon, *p;
		struct target x = { .service = s->name, .where = where, .comm = s->program };
		char *end;
		long port;

		if (l[0] == '/' || l[0] == '@' || slash == NULL)
			continue; /* a UNIX-domain socket */
		colon = memrchr(l, ':', (size_t)(slash - l));
		p = colon ? colon + 1 : l;
		port = strtol(p, &end, 10);
		if (end == p || end != slash || port <= 0 || port > 65535)
			continue;
		x.port = (unsigned)port;
		x.daemon = source_daemon(s);
		if (colon == NULL)
			snprintf(x.addr, sizeof(x.addr), "*");
		else if (l[0] == '[')
			snprintf(x.addr, sizeof(x.addr), "%.*s", (int)(colon - l - 2), l + 1);
		else
			snprintf(x.addr, sizeof(x.addr), "%.*s", (int)(colon - l), l);
		snprintf(x.proto, sizeof(x.proto), "%.3s%s", slash + 1,
			 strchr(x.addr, ':') ? "6" : "");
		push_target(t, nt, &x);
	}
	free(where);
}

/*
 * What should listen once the services SELECTED are on: a super-server's
 * port if a super-server of the root runs to open it; a daemon's unless
 * --no-start, and, when only its configuration says it, on root "/" only
 * (elsewhere deafen starts nothing, and knows no daemon ran there).
 */
static void
expected(struct deafen *d, const bool *selected, struct target **t, size_t *nt)
{
	struct backup *v = NULL;
	char *base = NULL;
	size_t nb = 0;

	if (backup_open_base(d->root, d->backup_dir, false, &base) < 0 ||
	    backup_list(base, d->root, &v, &nb) < 0)
		error_clear();
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		bool daemon = source_daemon(s);

		if (!selected[i] || (!daemon && !superserver_serves(d->root, s)))
			continue;
		if (daemon && d->no_start) {
			note(d, "--no-start: %s not started", s->name);
			continue;
		}
		if (recorded(v, nb, s, t, nt) == 0 && (!daemon || streq(d->root, "/")))
			configured(s, t, nt);
	}
	for (size_t i = 0; i < nb; i++)
		backup_free(&v[i]);
	free(v);
	free(base);
}

/* The daemons of the scripts and units SELECTED: started on root "/"; elsewhere said. */
static int
start_selected(struct deafen *d, const bool *selected, const struct target *t, size_t nt)
{
	struct strv units = { 0 };
	struct target *scripts = NULL;
	size_t ns = 0;
	int r;

	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];
		bool listed = false;

		if (!selected[i] || d->no_start)
			continue;
		if (source_of(s->kind)->units) {
			strv_push(&units, s->name);
			continue;
		}
		if (!source_of(s->kind)->scripts)
			continue;
		/* one start a script, its port known or not */
		for (size_t k = 0; k < nt && !listed; k++)
			listed = t[k].daemon && streq(t[k].service, s->name);
		if (!listed) {
			struct target x = { .service = s->name, .where = s->file,
					    .comm = s->program ? s->program : s->name, .daemon = true };

			push_target(&scripts, &ns, &x);
		}
	}
	r = systemd_take_effect(d->root, &units, true, d->out);
	if (r == 0)
		r = start_daemons(d->root, t, nt, d->out);
	if (r == 0)
		r = start_daemons(d->root, scripts, ns, d->out);
	targets_free(scripts, ns);
	strv_free(&units);
	return r;
}

int
enable_take_effect(struct deafen *d, const bool *selected, const struct plan *p,
		   struct target **t, size_t *nt)
{
	int r = reload_superservers(d->root, &p->files, d->out);

	*t = NULL;
	*nt = 0;
	if (r == 0) {
		expected(d, selected, t, nt);
		r = start_selected(d, selected, *t, *nt);
	}
	phase_end(d, "reload and start");
	if (r < 0 || d->no_confirm || *nt == 0)
		return r;
	r = targets_wait(*t, *nt, true, d->confirm_ms);
	phase_end(d, "rescan");
	if (r < 0)
		return r;
	if (report_targets(*t, *nt, true, d->out) > 0) {
		note(d, "some ports did not open again (see above)");
		return EXIT_STILL_OPEN;
	}
	return 0;
}
