/* policy.c - what stays and what goes: --keep, --disable, --policy FILE
 *
 * The seed's rule: what you do not recognize goes. With --keep, every
 * enabled network service that is not kept is disabled; services that serve
 * no network (cron, syslog, an unknown script) are never touched by it:
 * breaking the boot is not hardening.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "knowledge.h"
#include "names.h"
#include "relations.h"
#include "policy.h"
#include "source.h"

static int
add_name(struct policy *p, const char *name, bool keep, const char *origin)
{
	for (const char *c = name; *c != '\0'; c++)
		if (isspace((unsigned char)*c) || *c == '/' || !isprint((unsigned char)*c))
			return errorf(-EINVAL, "%s: invalid service name '%s'", origin, name);
	p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
	p->v[p->n].keep = keep;
	p->v[p->n].name = xstrdup(name);
	p->v[p->n].origin = xstrdup(origin);
	p->n++;
	p->nkeep += keep;
	return 0;
}

int
policy_add_list(struct policy *p, const char *list, bool keep)
{
	struct strv v = { 0 };
	int r = 0;

	strv_split(&v, list, ",");
	if (v.n == 0)
		r = errorf(-EINVAL, "--%s needs at least one name", keep ? "keep" : "disable");
	for (size_t i = 0; r == 0 && i < v.n; i++)
		r = add_name(p, v.v[i], keep, keep ? "--keep" : "--disable");
	strv_free(&v);
	return r;
}

int
policy_parse(struct policy *p, const char *name, const char *buf, size_t len)
{
	char *text, *s, *line;
	int r = 0, n = 0;

	if (check_text(name, buf, len) < 0)
		return -EINVAL;
	text = xstrndup(buf, len);
	for (s = text; r == 0 && (line = strsep(&s, "\n")) != NULL;) {
		struct strv w = { 0 };
		char *origin;

		n++;
		line[strcspn(line, "#")] = '\0';
		strv_split(&w, line, " \t\r");
		origin = xasprintf("%s:%d", name, n);
		if (w.n == 0)
			;
		else if (w.n == 1 && streq(w.v[0], "mask"))
			p->mask = true; /* as --mask */
		else if (w.n != 2 || !(streq(w.v[0], "keep") || streq(w.v[0], "disable")))
			r = errorf(-EINVAL, "%s: expected 'keep NAME', 'disable NAME' or 'mask'", origin);
		else
			r = add_name(p, w.v[1], streq(w.v[0], "keep"), origin);
		free(origin);
		strv_free(&w);
	}
	free(text);
	if (r == 0 && p->n == 0)
		r = errorf(-EINVAL, "%s: no 'keep NAME' or 'disable NAME' line", name);
	return r;
}

int
policy_read_file(struct policy *p, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	/* the administrator's own file: a link is followed, a FIFO never waited on */
	r = read_input(AT_FDCWD, path, 0, path, &text, &len);
	if (r < 0)
		return -EINVAL;
	r = policy_parse(p, path, text, len);
	free(text);
	return r;
}

bool
policy_empty(const struct policy *p)
{
	return p->n == 0;
}

void
policy_free(struct policy *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].origin);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/*
 * Which services of INV each rule selects (names.h): SEL[r * INV->n + i]
 * for rule r and service i, allocated.
 */
static bool *
rule_matches(const struct policy *p, const struct inventory *inv)
{
	bool *sel = xcalloc(p->n * inv->n + 1, sizeof(*sel));

	for (size_t r = 0; r < p->n; r++)
		(void)names_select_rule(inv, p->v[r].name, p->v[r].keep, sel + r * inv->n, NULL);
	return sel;
}

/* The first rule of kind KEEP that selects service I of INV (SEL: rule_matches), or NULL. */
static const struct rule *
first_match(const struct policy *p, const struct inventory *inv, const bool *sel, size_t i,
	    bool keep)
{
	for (size_t r = 0; r < p->n; r++)
		if (p->v[r].keep == keep && sel[r * inv->n + i])
			return &p->v[r];
	return NULL;
}

const struct rule *
policy_rule(const struct policy *p, const struct inventory *inv, const struct service *s,
	    bool keep)
{
	for (size_t r = 0; r < p->n; r++)
		if (p->v[r].keep == keep && names_selects_rule(inv, p->v[r].name, keep, s))
			return &p->v[r];
	return NULL;
}

const char *
policy_verdict(const struct policy *p, const struct inventory *inv, const struct service *s)
{
	bool recognized = false, dangerous = false;

	if (s->superserver || (!s->network && source_of(s->kind)->scripts) || s->ignored != NULL)
		return "-";
	if (policy_rule(p, inv, s, true) != NULL)
		return "keep";
	/* --keep keeps the ways in too (needs.c), unless --disable names them */
	if (p->nkeep > 0 && access_why(s) != NULL && policy_rule(p, inv, s, false) == NULL)
		return "keep";
	if (s->local)
		return "local"; /* loopback or UNIX-domain sockets only: not exposed */
	for (size_t i = 0; i < s->names.n; i++) {
		const struct known *k = knowledge_find(s->names.v[i]);

		recognized |= k != NULL;
		dangerous |= k != NULL && (k->flags & KNOWN_DANGEROUS);
	}
	return dangerous ? "dangerous" : recognized ? "disable" : "unrecognized";
}

int
unknown_service(const struct inventory *inv, const char *origin, const char *name)
{
	struct strv names = { 0 };
	const char *near;
	int r;

	for (size_t i = 0; i < inv->n; i++) {
		for (size_t k = 0; k < inv->v[i].own.n; k++)
			strv_push(&names, inv->v[i].own.v[k]);
		for (size_t k = 0; k < inv->v[i].names.n; k++)
			strv_push(&names, inv->v[i].names.v[k]);
	}
	near = closest_name(name, names.v, names.n);
	if (near != NULL)
		r = errorf(-EINVAL, "%s: unknown service '%s'; did you mean '%s'?", origin, name,
			   near);
	else
		r = errorf(-EINVAL, "%s: unknown service '%s'", origin, name);
	strv_free(&names);
	return r;
}

bool
policy_expansion(const struct policy *p, const struct inventory *inv, size_t r, char **why,
		 bool *sel)
{
	*why = NULL;
	if (names_select_rule(inv, p->v[r].name, p->v[r].keep, sel, why) == NAME_EXPANDED)
		return true;
	free(*why);
	*why = NULL;
	return false;
}

void
policy_expansions(const struct policy *p, const struct inventory *inv, struct strv *out)
{
	bool *sel = xcalloc(inv->n + 1, sizeof(*sel));

	for (size_t r = 0; r < p->n; r++) {
		struct strv names = { 0 };
		char *why, *list;

		if (!policy_expansion(p, inv, r, &why, sel))
			continue;
		for (size_t i = 0; i < inv->n; i++)
			if (sel[i])
				strv_push(&names, inv->v[i].name);
		list = strv_join(&names, ", ");
		strv_take(out, xasprintf("%s %s (%s): %s", p->v[r].origin, p->v[r].name, why, list));
		free(list);
		free(why);
		strv_free(&names);
	}
	free(sel);
}

/*
 * --keep: a socket or path unit that starts a service going for serving
 * the network goes with it, though it listens on a path itself (cups.socket
 * on /run/cups/cups.sock starts cups.service, which listens on 631). SEL:
 * rule_matches.
 */
static void
select_triggers(const struct policy *p, const struct inventory *inv, const bool *sel,
		bool *selected)
{
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];

		if (!selected[i] || first_match(p, inv, sel, i, false) != NULL)
			continue; /* named: that service alone (the name rule) */
		for (size_t k = 0; k < s->pulled_by.n; k++)
			for (size_t j = 0; j < inv->n; j++) {
				const struct service *t = &inv->v[j];
				const char *dot = strrchr(t->name, '.');

				if (source_of(t->kind)->units && streq(t->name, s->pulled_by.v[k]) &&
				    dot != NULL && (streq(dot, ".socket") || streq(dot, ".path")) &&
				    (t->enabled || (p->mask && !t->masked)) &&
				    first_match(p, inv, sel, j, true) == NULL)
					selected[j] = true;
			}
	}
}

int
policy_select(const struct policy *p, const struct inventory *inv, bool *selected,
	      struct strv *unmatched)
{
	bool *sel;

	for (size_t i = 0; i < p->n; i++)
		if (!names_known(inv, p->v[i].name))
			return unknown_service(inv, p->v[i].origin, p->v[i].name);
	sel = rule_matches(p, inv);
	for (size_t r = 0; r < p->n && unmatched != NULL; r++) {
		bool found = false;

		for (size_t k = 0; k < inv->n && !found; k++)
			found = sel[r * inv->n + k];
		if (!found)
			strv_take(unmatched, xasprintf("%s %s", p->v[r].origin, p->v[r].name));
	}
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const struct rule *kept = first_match(p, inv, sel, i, true),
				  *gone = first_match(p, inv, sel, i, false);

		if (kept != NULL && gone != NULL) {
			free(sel);
			return errorf(-EINVAL, "%s is both kept (by %s %s) and disabled (by %s %s)",
				      s->name, kept->origin, kept->name, gone->origin, gone->name);
		}
		selected[i] = false;
		/* masking is for units that are off too: a disabled socket can still be started */
		if (!s->enabled && !p->all && !(p->mask && source_of(s->kind)->units && !s->masked))
			continue;
		/* a script masked as a unit already (NAME.service -> /dev/null): nothing to mask */
		if (p->mask && source_of(s->kind)->scripts && s->masked && !p->all)
			continue;
		if (gone != NULL)
			selected[i] = true;
		else if (p->nkeep > 0 && kept == NULL && s->network && !s->superserver && !s->local)
			selected[i] = true;
	}
	if (p->nkeep > 0)
		select_triggers(p, inv, sel, selected);
	free(sel);
	return 0;
}

char *
policy_describe(const struct policy *p)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		return xstrdup("");
	/* one stream, not a string made anew per entry: 1.1M entries were quadratic */
	for (int keep = 1; keep >= 0; keep--) {
		bool first = true;

		for (size_t i = 0; i < p->n; i++) {
			if (p->v[i].keep != (keep == 1))
				continue;
			if (first)
				fprintf(f, "%s--%s ", ftell(f) > 0 ? " " : "", keep ? "keep" : "disable");
			else
				fputc(',', f);
			fputs(p->v[i].name, f);
			first = false;
		}
	}
	if (p->mask)
		fputs(" --mask", f);
	if (fclose(f) != 0 || out == NULL) {
		free(out);
		return xstrdup("");
	}
	return out;
}

bool
policy_names_template(const struct policy *p, const struct service *s)
{
	const char *at = strchr(s->name, '@');

	if (!source_of(s->kind)->units || at == NULL)
		return false;
	/* "wg-quick", "wg-quick@.service" */
	for (size_t i = 0; i < p->n; i++) {
		const char *n = p->v[i].name;
		size_t len = (size_t)(at - s->name);

		if (!p->v[i].keep && strncmp(n, s->name, len) == 0 &&
		    (n[len] == '\0' || (n[len] == '@' && streq(n + len + 1, strrchr(s->name, '.')))))
			return true;
	}
	return false;
}
