/* cmd_list.c - deafen list: the services found under the root, and where
 *
 * One line a service: name, kind, state, ports, and the entry that starts
 * it (etc/inetd.conf:LINE, the xinetd file, the init script and its levels).
 * By default only what serves the network or might; --all, --enabled,
 * --verdict and names choose otherwise (list_shows, for every format).
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deafen.h"
#include "emit.h"
#include "knowledge.h"
#include "names.h"

/* "22/tcp,127.0.0.1:11211/tcp,/run/x.sock": where S listens (listen.h), or "-". */
static char *
ports(const struct service *s)
{
	size_t len = 0;
	char *p;

	for (size_t i = 0; i < s->listen.n; i++)
		len += strlen(s->listen.v[i]) + 1;
	p = xcalloc(1, len + 2);
	for (size_t i = 0; i < s->listen.n; i++) {
		if (i > 0)
			strcat(p, ",");
		strcat(p, s->listen.v[i]);
	}
	if (s->listen.n == 0)
		strcpy(p, "-");
	return p;
}

/* {"root", "services": [...]}, and for xml the Augeas tree after them. */
static int
list_doc(const struct deafen *d)
{
	struct emit *e;
	char *xml = NULL;
	int r;

	/* the tree first: a failure leaves stdout empty for the error */
	if (d->format == FORMAT_XML && (r = tree_xml(&d->tree, &xml)) < 0)
		return r;
	e = report_open(d);
	emit_string(e, "root", d->root);
	emit_array(e, "services", "service");
	for (size_t i = 0; i < d->inv.n; i++)
		if (list_shows(d, &d->inv.v[i]))
			emit_service(e, d, &d->inv.v[i], true);
	emit_end(e);
	if (xml != NULL)
		emit_raw_xml(e, xml);
	free(xml);
	return emit_close(e);
}

/* Does the knowledge table know one of S's names? */
static bool
recognized(const struct service *s)
{
	for (size_t i = 0; i < s->names.n; i++)
		if (knowledge_find(s->names.v[i]) != NULL)
			return true;
	return false;
}

bool
list_shows(const struct deafen *d, const struct service *s)
{
	bool named = d->n_names == 0;

	for (size_t i = 0; i < d->n_names && !named; i++)
		named = names_selects(&d->inv, d->names[i], s);
	if (!named)
		return false;
	if (d->enabled_only && s->state != STATE_ENABLED)
		return false;
	if (d->verdict != NULL && !streq(verdict_of(d, s), d->verdict))
		return false;
	if (d->all || d->n_names > 0)
		return true;
	/* the mission's view: what serves the network, or might, or listens locally */
	return s->superserver || s->network || (s->local && s->state == STATE_ENABLED) ||
	       (s->state == STATE_ENABLED && !recognized(s));
}

/*
 * The width lines must fit on a terminal: its own (TIOCGWINSZ), else
 * $COLUMNS; 0 when stdout is not a terminal (a pipe gets every byte).
 */
static int
terminal_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (c != NULL && atoi(c) > 0)
		return atoi(c);
	return 80;
}

/*
 * Writes LINE, cut to COLS bytes with "..." when COLS > 0 and it is longer:
 * the WHERE column, last, goes first; a terminal too narrow for the others
 * loses their end too, rather than wrap. With COLOR, a "dangerous" at byte
 * VAT of LINE (the VERDICT column; -1: none) is written red.
 */
static void
put_line(char *line, int cols, bool color, int vat)
{
	static const char red[] = "dangerous";
	char *shown = NULL;
	size_t len = 0, at;
	FILE *f = open_memstream(&shown, &len);

	/* cut what the terminal gets: the control bytes written \xHH first */
	tprintf(f, "%s", line);
	fclose(f);
	if (cols > 3 && len > (size_t)cols)
		strcpy(shown + cols - 3, "...");
	/* where the column is once the bytes before it are escaped (\xHH: 3 more) */
	at = vat < 0 ? SIZE_MAX : (size_t)vat;
	for (int i = 0; i < vat && line[i] != '\0'; i++)
		if (((unsigned char)line[i] < 0x20 && line[i] != '\n' && line[i] != '\t') ||
		    line[i] == 0x7f)
			at += 3;
	if (color && at != SIZE_MAX && strlen(shown) >= at + strlen(red) &&
	    strncmp(shown + at, red, strlen(red)) == 0)
		printf("%.*s\033[31m%s\033[m%s\n", (int)at, shown, red, shown + at + strlen(red));
	else
		printf("%s\n", shown);
	free(shown);
	free(line);
}

int
cmd_list(struct deafen *d)
{
	const struct inventory *inv = &d->inv;
	int wname = 4, wports = 5, cols;
	size_t shown = 0;

	for (size_t i = 0; i < d->n_names; i++)
		if (!names_known(inv, d->names[i]))
			return unknown_service(inv, "list", d->names[i]);
	verdicts_prepare(d);
	if (d->format != FORMAT_TEXT)
		return list_doc(d);
	for (size_t i = 0; i < inv->n; i++) {
		char *p;
		int n, k;

		if (!list_shows(d, &inv->v[i]))
			continue;
		p = ports(&inv->v[i]);
		n = (int)strlen(inv->v[i].name);
		k = (int)strlen(p);
		wname = n > wname ? n : wname;
		wports = k > wports ? k : wports;
		free(p);
		shown++;
	}
	cols = terminal_width();
	put_line(xasprintf("%-*s  %-7s  %-8s  %-12s  %-*s  %s", wname, "NAME", "KIND", "STATE",
			   "VERDICT", wports, "PORTS", "WHERE"),
		 cols, false, -1);
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		char *p, *w;

		if (!list_shows(d, s))
			continue;
		p = ports(s);
		w = service_where(s);
		put_line(xasprintf("%-*s  %-7s  %-8s  %-12s  %-*s  %s (%s)%s%s%s%s", wname, s->name,
				   kind_name(s->kind), state_name(s->state),
				   verdict_of(d, s), wports, p, w, s->detail,
				   s->superserver ? " [super-server]"
				   : s->local	  ? " [not exposed]"
				   : s->network	  ? ""
						  : " [no network known: --keep leaves it]",
				   /* a port deafen did not read from the daemon's file: said */
				   s->ports_from && startswith(s->ports_from, "the ") ? " [ports: " : "",
				   s->ports_from && startswith(s->ports_from, "the ") ? s->ports_from : "",
				   s->ports_from && startswith(s->ports_from, "the ") ? "]" : ""),
			 cols, d->color, wname + 2 + 7 + 2 + 8 + 2);
		free(p);
		free(w);
	}
	for (size_t i = 0; i < d->n_names; i++) {
		bool found = false;

		for (size_t k = 0; k < inv->n && !found; k++)
			found = names_selects(inv, d->names[i], &inv->v[k]);
		if (!found)
			note(d, "list: no service '%s' under %s", d->names[i], d->root);
	}
	/* on stderr: stdout stays the table alone, for awk */
	if (shown < inv->n)
		note(d, "%zu shown, %zu hidden (%s)", shown, inv->n - shown,
		     d->all || d->n_names > 0 ? "by the filters" : "--all shows them");
	else
		note(d, "%zu shown", shown);
	return 0;
}
