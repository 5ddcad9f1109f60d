/* needs.c - what stays with what stays
 *
 * The seed's rule disables what is not kept. An expert keeps more than the
 * names given: what a kept service cannot start without (nfs and the
 * portmapper), the ways in (ssh, a VPN endpoint: losing one may lock the
 * administrator out), and never the sshd the session runs through. Hard
 * needs only: Should-Start and Wants= are wishes (smbd's Should-Start
 * names cups), and the service starts without them; they are noted.
 */
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "needs.h"
#include "policy.h"
#include "relations.h"
#include "session.h"
#include "source.h"

/*
 * LSB's system facilities, as Debian's insserv.conf defines them. Only
 * $portmap is a need: an RPC daemon registers with the portmapper of its
 * own host. The others order the boot ($named: a name server, which may
 * well be another host; $time, $syslog, $network): they keep nothing, and
 * plan notes what of them goes, as of Should-Start. $all and the boot's own
 * ($local_fs, $remote_fs) are no network service's.
 */
static const struct {
	const char *name, *providers;
	bool needed;
} facilities[] = {
	{ "$portmap", "rpcbind portmap", true },
	{ "$named", "named bind9 dnsmasq unbound lwresd", false },
	{ "$time", "hwclock", false },
	{ "$syslog", "rsyslog sysklogd syslog-ng dsyslog inetutils-syslogd syslog", false },
	{ "$network", "networking network", false },
};

/* Is the requirement "HOW\tNAME" a need, or only an order of the boot (or a wish)? */
static bool
hard(const char *entry)
{
	const char *name = strchr(entry, '\t') + 1;

	if (name[0] != '$')
		return true;
	for (size_t i = 0; i < ELEMENTSOF(facilities); i++)
		if (streq(facilities[i].name, name))
			return facilities[i].needed;
	return false;
}

/* Does the requirement NAME (of HOW: "Required-Start", "Requires", ...) mean S? */
static bool
means(const struct service *s, const char *how, const char *name)
{
	const char *dot = strrchr(name, '.');

	if (name[0] == '$') {
		if (streq(name, "$all"))
			return false;
		for (size_t i = 0; i < ELEMENTSOF(facilities); i++)
			if (streq(facilities[i].name, name))
				return service_called_any(s, facilities[i].providers);
		return service_called(s, name); /* a script that provides the facility itself */
	}
	if (startswith(how, "Required") || startswith(how, "Should") || dot == NULL)
		return service_called(s, name);
	/* a unit: that unit (or an alias of it), or the init script of a .service */
	if (streq(s->name, name) || strv_contains(&s->names, name))
		return true;
	return source_of(s->kind)->scripts && streq(dot, ".service") &&
	       strlen(s->name) == (size_t)(dot - name) &&
	       strncmp(s->name, name, (size_t)(dot - name)) == 0;
}

/* "Required-Start: $portmap", "Requires=rpcbind.socket", allocated, from "HOW\tNAME". */
static char *
said(const char *entry)
{
	const char *tab = strchr(entry, '\t');
	int n = (int)(tab - entry);

	if (startswith(entry, "Required") || startswith(entry, "Should"))
		return xasprintf("%.*s: %s", n, entry, tab + 1);
	return xasprintf("%.*s=%s", n, entry, tab + 1);
}

struct walk {
	const struct policy *p;
	const struct inventory *inv;
	bool *selected;
	const bool *named; /* --disable names it */
	struct needs *n;
	bool changed;
	struct strv said; /* "I J": a conflict of I and J is said */
};

/* Service I, which stays, requires J (as WHY says): J stays too, or it is a conflict. */
static void
requires(struct walk *w, size_t i, size_t j, const char *why)
{
	const struct service *s = &w->inv->v[i], *t = &w->inv->v[j];

	if (i == j || !w->selected[j])
		return;
	if (w->named[j]) {
		const struct rule *r = policy_rule(w->p, w->inv, t, false);
		char *pair = xasprintf("%zu %zu", i, j);

		/* one line a pair: its first reason */
		if (!strv_contains(&w->said, pair))
			strv_take(&w->n->conflicts,
				  xasprintf("%s %s: %s is needed by %s, which stays (%s)", r->origin,
					    r->name, t->name, s->name, why));
		strv_take(&w->said, pair);
		return;
	}
	w->selected[j] = false;
	w->n->why[j] = xasprintf("needed by %s (%s)", s->name, why);
	w->changed = true;
}

/* What service I, which stays, requires: by its header or unit, and by knowledge.tab. */
static void
requirements(struct walk *w, size_t i)
{
	const struct service *s = &w->inv->v[i];

	for (size_t k = 0; k < s->needs.n; k++) {
		const char *name = strchr(s->needs.v[k], '\t') + 1;
		char *why;

		if (!hard(s->needs.v[k]))
			continue; /* an order of the boot: a wish */
		why = said(s->needs.v[k]);
		for (size_t j = 0; j < w->inv->n; j++)
			if (w->selected[j] && means(&w->inv->v[j], s->needs.v[k], name))
				requires(w, i, j, why);
		free(why);
	}
	for (size_t r = 0; r < n_rels; r++) {
		char *why;

		if (!streq(rels[r].kind, "need") || !service_called_any(s, rels[r].who))
			continue;
		why = xasprintf("known need: %s", rels[r].why);
		for (size_t j = 0; j < w->inv->n; j++)
			if (w->selected[j] && service_called_any(&w->inv->v[j], rels[r].what))
				requires(w, i, j, why);
		free(why);
	}
	/* an inetd or xinetd entry kept by name is served by its super-server */
	if (source_of(s->kind)->superserver && policy_rule(w->p, w->inv, s, true) != NULL)
		for (size_t j = 0; j < w->inv->n; j++) {
			const struct service *t = &w->inv->v[j];

			if (w->selected[j] && t->superserver && source_serves(t, s, service_called))
				requires(w, i, j, "its super-server");
		}
}

/* What goes that service I, which stays, would like (ENTRY: "HOW\tNAME"): a note each. */
static void
wish(struct walk *w, size_t i, const char *entry)
{
	const struct service *s = &w->inv->v[i];
	const char *name = strchr(entry, '\t') + 1;
	char *why = said(entry);

	for (size_t j = 0; j < w->inv->n; j++) {
		char *note;

		if (j == i || !w->selected[j] || !means(&w->inv->v[j], entry, name))
			continue;
		note = xasprintf("%s goes, though %s (which stays) would like it (%s): it "
				 "starts without it",
				 w->inv->v[j].name, s->name, why);
		strv_push_unique(&w->n->notes, note);
		free(note);
	}
	free(why);
}

/* Its Should-Start and Wants=, and the facilities of its Required-Start that only order */
static void
wishes(struct walk *w, size_t i)
{
	const struct service *s = &w->inv->v[i];

	for (size_t k = 0; k < s->wants.n; k++)
		wish(w, i, s->wants.v[k]);
	for (size_t k = 0; k < s->needs.n; k++)
		if (!hard(s->needs.v[k]))
			wish(w, i, s->needs.v[k]);
}

void
needs_resolve(const struct policy *p, const struct inventory *inv, const struct session *sess,
	      bool allow_lockout, bool *selected, struct needs *n)
{
	bool *named = xcalloc(inv->n + 1, sizeof(*named));
	struct walk w = { p, inv, selected, named, n, true, { 0 } };

	memset(n, 0, sizeof(*n));
	n->n = inv->n;
	n->why = xcalloc(inv->n + 1, sizeof(*n->why));
	for (size_t i = 0; i < inv->n; i++)
		named[i] = policy_rule(p, inv, &inv->v[i], false) != NULL;
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const char *a;

		if (!selected[i])
			continue;
		if (session_carries(sess, s) && allow_lockout)
			strv_take(&n->notes, xasprintf("%s carries this session (%s): it goes "
						       "(--allow-lockout)",
						       s->name, sess->how));
		if (session_carries(sess, s) && named[i] && !allow_lockout) {
			strv_take(&n->lockout,
				  xasprintf("%s carries this session (%s): disabling it cuts the "
					    "connection deafen runs on",
					    s->name, sess->how));
		} else if (session_carries(sess, s) && !named[i] && !allow_lockout) {
			selected[i] = false;
			n->why[i] = xasprintf("carries this session (%s)", sess->how);
		} else if (p->nkeep > 0 && !named[i] && (a = access_why(s)) != NULL) {
			selected[i] = false;
			n->why[i] = xasprintf("a way in: %s; --disable %s disables it", a, s->name);
		}
	}
	while (w.changed) {
		w.changed = false;
		for (size_t i = 0; i < inv->n; i++)
			if (inv->v[i].enabled && !selected[i])
				requirements(&w, i);
	}
	/* the wishes of what is kept or serves the network: cron's Should-Start: $named is no news */
	for (size_t i = 0; i < inv->n; i++)
		if (inv->v[i].enabled && !selected[i] &&
		    (inv->v[i].network || n->why[i] != NULL ||
		     policy_rule(p, inv, &inv->v[i], true) != NULL))
			wishes(&w, i);
	strv_free(&w.said);
	free(named);
}

void
needs_free(struct needs *n)
{
	for (size_t i = 0; n->why != NULL && i < n->n; i++)
		free(n->why[i]);
	free(n->why);
	strv_free(&n->conflicts);
	strv_free(&n->lockout);
	strv_free(&n->notes);
	memset(n, 0, sizeof(*n));
}
