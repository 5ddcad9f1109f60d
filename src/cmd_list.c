/* cmd_list.c - deafen list: every service found under the root, and where
 *
 * One line a service: name, kind, state, ports, and the entry that starts
 * it (etc/inetd.conf:LINE, the xinetd file, the init script and its levels).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"

static char *
ports(const struct service *s)
{
	size_t len = 0;
	char *p;

	for (size_t i = 0; i < s->ports.n; i++)
		len += strlen(s->ports.v[i]) + 1;
	p = xcalloc(1, len + 2);
	for (size_t i = 0; i < s->ports.n; i++) {
		if (i > 0)
			strcat(p, ",");
		strcat(p, s->ports.v[i]);
	}
	if (s->ports.n == 0)
		strcpy(p, "-");
	return p;
}

static void
list_json(const struct deafen *d)
{
	const struct inventory *inv = &d->inv;

	fputs("{\"root\": ", stdout);
	json_string(stdout, d->root);
	fputs(", \"services\": [", stdout);
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];

		fputs(i ? ",\n  {" : "\n  {", stdout);
		fputs("\"name\": ", stdout);
		json_string(stdout, s->name);
		fputs(", \"kind\": ", stdout);
		json_string(stdout, kind_name(s->kind));
		fputs(", \"file\": ", stdout);
		json_string(stdout, s->file);
		printf(", \"line\": %d, \"enabled\": %s, \"network\": %s, \"detail\": ", s->line,
		       s->enabled ? "true" : "false", s->network ? "true" : "false");
		json_string(stdout, s->detail);
		fputs(", \"verdict\": ", stdout);
		json_string(stdout, policy_verdict(&d->policy, s));
		fputs(", \"program\": ", stdout);
		if (s->program != NULL)
			json_string(stdout, s->program);
		else
			fputs("null", stdout);
		fputs(", \"ports\": [", stdout);
		for (size_t k = 0; k < s->ports.n; k++) {
			if (k > 0)
				fputs(", ", stdout);
			json_string(stdout, s->ports.v[k]);
		}
		fputs("]}", stdout);
	}
	fputs("\n]}\n", stdout);
}

int
cmd_list(struct deafen *d)
{
	const struct inventory *inv = &d->inv;
	int wname = 4, wports = 5;

	if (d->format == FORMAT_XML)
		return list_xml(d);
	if (d->format == FORMAT_JSON) {
		list_json(d);
		return 0;
	}
	for (size_t i = 0; i < inv->n; i++) {
		char *p = ports(&inv->v[i]);
		int n = (int)strlen(inv->v[i].name), k = (int)strlen(p);

		wname = n > wname ? n : wname;
		wports = k > wports ? k : wports;
		free(p);
	}
	printf("%-*s  %-7s  %-8s  %-12s  %-*s  %s\n", wname, "NAME", "KIND", "STATE", "VERDICT",
	       wports, "PORTS", "WHERE");
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		char *p = ports(s), *w = service_where(s);

		tprintf(stdout, "%-*s  %-7s  %-8s  ", wname, s->name, kind_name(s->kind),
			s->enabled ? "enabled" : "disabled");
		verdict_cell(stdout, d, policy_verdict(&d->policy, s), 12);
		tprintf(stdout, "  %-*s  %s (%s)%s\n", wports, p, w, s->detail,
		       s->superserver ? " [super-server]"
		       : s->network  ? ""
				     : " [no network known: --keep leaves it]");
		free(p);
		free(w);
	}
	return 0;
}
