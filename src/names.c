/* names.c - what a name in a policy means on this root
 *
 * update-rc.d X disable, chkconfig X off and systemctl disable X touch X
 * and nothing else: a name that is a service on the root means that
 * service. Only a name that is none expands, to what the administrator
 * means by it: a family word to its members, an /etc/services name or a
 * port number to what listens there, a name deafen knows for a service
 * to the services of its other names, a daemon to what runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "knowledge.h"
#include "names.h"

static const struct family {
	const char *word;
	const char *members;
} families[] = {
#define FAMILY(word, members) { word, members },
#include "families.def"
#undef FAMILY
};

const char *
names_family(const char *word)
{
	for (size_t i = 0; i < ELEMENTSOF(families); i++)
		if (streq(families[i].word, word))
			return families[i].members;
	return NULL;
}

/* Marks the services whose own names (PROVIDES: LSB Provides) hold NAME; how many do. */
static size_t
mark_named(const struct inventory *inv, const char *name, bool provides, bool *sel)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->n; i++)
		if (strv_contains(provides ? &inv->v[i].provides : &inv->v[i].own, name)) {
			sel[i] = true;
			n++;
		}
	return n;
}

/* A service's own name, else a Provides no service's own name is: the first two rules. */
static size_t
mark_exact(const struct inventory *inv, const char *name, bool *sel)
{
	bool own = false;

	for (size_t i = 0; i < inv->n && !own; i++)
		own = strv_contains(&inv->v[i].own, name);
	return mark_named(inv, name, !own, sel);
}

/* 1..65535 written in digits, else 0. */
static int
port_number(const char *name)
{
	char *end;
	long p;

	if (*name < '0' || *name > '9')
		return 0;
	p = strtol(name, &end, 10);
	return *end == '\0' && p > 0 && p < 65536 ? (int)p : 0;
}

/* Marks the services that listen on PORT, for PROTO (NULL: any); how many do. */
static size_t
mark_port(const struct inventory *inv, int port, const char *proto, bool *sel)
{
	char want[32];
	int len = snprintf(want, sizeof(want), "%d/", port);
	size_t n = 0;

	for (size_t i = 0; i < inv->n; i++) {
		bool on = false;

		for (size_t k = 0; k < inv->v[i].ports.n && !on; k++) {
			const char *p = inv->v[i].ports.v[k];

			on = strncmp(p, want, (size_t)len) == 0 && (proto == NULL || streq(p + len, proto));
		}
		sel[i] |= on;
		n += on;
	}
	return n;
}

/* "family samba", "port 2222": WHY gets REASON when it selected something (N services). */
static void
because(struct strv *why, size_t n, char *reason)
{
	if (n > 0 && !strv_contains(why, reason))
		strv_take(why, reason);
	else
		free(reason);
}

/* The third rule: a name that is no service on the root. */
static void
expand(const struct inventory *inv, const char *name, bool *sel, struct strv *why)
{
	const struct services *db = &inv->services;
	const char *members = names_family(name);
	struct strv words = { 0 };
	int port = port_number(name);
	size_t n = 0;

	if (members != NULL) {
		strv_split(&words, members, " ");
		for (size_t k = 0; k < words.n; k++)
			n += mark_exact(inv, words.v[k], sel);
		because(why, n, xasprintf("family %s", name));
		strv_free(&words);
	}
	for (size_t e = 0; e < db->n; e++) {
		const struct svcent *s = &db->v[e];

		if (!streq(s->name, name) && !strv_contains(&s->aliases, name))
			continue;
		n = mark_port(inv, s->port, s->proto, sel) + mark_named(inv, s->name, false, sel);
		for (size_t k = 0; k < s->aliases.n; k++)
			n += mark_named(inv, s->aliases.v[k], false, sel);
		because(why, n, xasprintf("/etc/services %s", s->name));
	}
	if (port > 0)
		because(why, mark_port(inv, port, NULL, sel), xasprintf("port %d", port));
	knowledge_synonyms(name, &words);
	for (size_t k = 0; k < words.n; k++)
		because(why, mark_named(inv, words.v[k], false, sel),
			xasprintf("known as %s", words.v[k]));
	strv_free(&words);
	n = 0;
	for (size_t i = 0; i < inv->n; i++)
		if (inv->v[i].program != NULL && streq(inv->v[i].program, name)) {
			sel[i] = true;
			n++;
		}
	because(why, n, xasprintf("daemon %s", name));
}

enum name_how
names_select(const struct inventory *inv, const char *name, bool *sel, char **why)
{
	struct strv reasons = { 0 };
	enum name_how how = NAME_NONE;

	memset(sel, 0, inv->n * sizeof(*sel));
	if (why != NULL)
		*why = NULL;
	if (mark_named(inv, name, false, sel) > 0)
		return NAME_EXACT;
	if (mark_named(inv, name, true, sel) > 0)
		return NAME_PROVIDES;
	expand(inv, name, sel, &reasons);
	for (size_t i = 0; i < inv->n && how == NAME_NONE; i++)
		if (sel[i])
			how = NAME_EXPANDED;
	if (why != NULL && reasons.n > 0) {
		*why = xstrdup(reasons.v[0]);
		for (size_t i = 1; i < reasons.n; i++) {
			char *next = xasprintf("%s, %s", *why, reasons.v[i]);

			free(*why);
			*why = next;
		}
	}
	strv_free(&reasons);
	return how;
}

enum name_how
names_select_rule(const struct inventory *inv, const char *name, bool keep, bool *sel, char **why)
{
	enum name_how how = names_select(inv, name, sel, why);
	const char *members = names_family(name);
	struct strv words = { 0 };
	size_t before = 0, after = 0;

	/* --keep samba on Debian 12: samba.service (samba-ad-dc's alias) and the file server */
	if (!keep || members == NULL || how == NAME_EXPANDED || how == NAME_NONE)
		return how;
	for (size_t i = 0; i < inv->n; i++)
		before += sel[i];
	strv_split(&words, members, " ");
	for (size_t k = 0; k < words.n; k++)
		(void)mark_exact(inv, words.v[k], sel);
	strv_free(&words);
	for (size_t i = 0; i < inv->n; i++)
		after += sel[i];
	if (after == before)
		return how; /* the family adds nothing here (bigcat's nfs) */
	if (why != NULL) {
		free(*why);
		*why = xasprintf("family %s, and the service %s", name, name);
	}
	return NAME_EXPANDED;
}

bool
names_selects_rule(const struct inventory *inv, const char *name, bool keep,
		   const struct service *s)
{
	bool *sel = xcalloc(inv->n + 1, sizeof(*sel)), yes = false;

	(void)names_select_rule(inv, name, keep, sel, NULL);
	for (size_t i = 0; i < inv->n && !yes; i++)
		yes = &inv->v[i] == s && sel[i];
	free(sel);
	return yes;
}

bool
names_selects(const struct inventory *inv, const char *name, const struct service *s)
{
	bool *sel = xcalloc(inv->n + 1, sizeof(*sel)), yes = false;

	(void)names_select(inv, name, sel, NULL);
	for (size_t i = 0; i < inv->n && !yes; i++)
		yes = &inv->v[i] == s && sel[i];
	free(sel);
	return yes;
}

bool
names_known(const struct inventory *inv, const char *name)
{
	bool *sel;
	enum name_how how;

	if (names_family(name) != NULL || port_number(name) > 0 ||
	    services_find(&inv->services, name, NULL) != NULL || knowledge_find(name) != NULL)
		return true;
	sel = xcalloc(inv->n + 1, sizeof(*sel));
	how = names_select(inv, name, sel, NULL);
	free(sel);
	return how != NAME_NONE;
}
