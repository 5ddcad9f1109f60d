/* service.c - one row of the inventory: what every source fills in the same way
 *
 * A row's names (its own, its daemon's, deafen's knowledge, /etc/services)
 * and ports; the sources (source.h) make the rows, the inventory holds them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge.h"
#include "listen.h"
#include "service.h"
#include "snapshot.h"
#include "tree.h"

const char *
state_name(enum state st)
{
	static const char *const names[] = { "disabled", "enabled", "static", "masked" };

	return names[st];
}

struct service *
service_new(struct inventory *inv, enum kind kind, const char *name, const char *file,
	    const char *node)
{
	struct service *s;

	inv->v = xrealloc(inv->v, (inv->n + 1) * sizeof(*inv->v));
	s = &inv->v[inv->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->name = xstrdup(name);
	s->file = xstrdup(file);
	s->node = xstrdup(node);
	s->stop = -1;
	return s;
}

/* Every name a person may use for S, from its base names outwards. */
void
service_expand_names(struct service *s, const struct services *db)
{
	struct strv base = { 0 };

	for (size_t i = 0; i < s->names.n; i++)
		strv_push(&base, s->names.v[i]);
	for (size_t i = 0; i < base.n; i++) {
		const struct known *k = knowledge_find(base.v[i]);

		knowledge_expand(base.v[i], &s->names);
		if (k != NULL) {
			s->network |= (k->flags & KNOWN_NETWORK) != 0;
			s->superserver |= (k->flags & KNOWN_SUPERSERVER) != 0;
		}
	}
	for (size_t i = 0, n = s->names.n; i < n; i++)
		services_expand(db, s->names.v[i], &s->names);
	strv_free(&base);
}

/* The port of /etc/services entry E (may be NULL), at ADDR (NULL: every address). */
void
service_add_port(struct service *s, const char *addr, const struct svcent *e)
{
	if (e != NULL)
		listen_add(s, addr, e->port, e->proto);
}

/* The (label, value) pairs of N's children, borrowed from the snapshot. */
size_t
snode_kids_kv(const struct snode *n, struct tree_kv **out)
{
	struct tree_kv *kv = xcalloc((n ? n->n : 0) + 1, sizeof(*kv));

	for (size_t i = 0; n != NULL && i < n->n; i++) {
		kv[i].label = n->kids[i].label;
		kv[i].value = n->kids[i].value;
	}
	*out = kv;
	return n ? n->n : 0;
}

bool
word_in(const char *list, const char *word)
{
	struct strv v = { 0 };
	bool in;

	strv_split(&v, list, " \t");
	in = strv_contains(&v, word);
	strv_free(&v);
	return in;
}

/*
 * A daemon's ports: the /etc/services entries of its names, for the
 * protocols it uses (sshd: 22/tcp, though 22/udp is listed too).
 */
void
service_daemon_ports(struct service *s, const struct services *db)
{
	for (size_t k = 0; s->network && k < s->names.n; k++) {
		const struct known *kn = knowledge_find(s->names.v[k]);
		const char *protos = kn && kn->protos ? kn->protos : "tcp";

		for (size_t e = 0; e < db->n; e++)
			if (streq(db->v[e].name, s->names.v[k]) && word_in(protos, db->v[e].proto))
				service_add_port(s, NULL, &db->v[e]);
	}
}

char *
service_where(const struct service *s)
{
	if (s->line > 0)
		return xasprintf("%s:%d", s->file, s->line);
	return xstrdup(s->file);
}

bool
service_matches(const struct service *s, const char *name)
{
	return strv_contains(&s->names, name);
}
