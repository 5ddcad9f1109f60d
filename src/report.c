/* report.c - notes on stderr, and the shapes every command's JSON and XML share */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confirm.h"
#include "deafen.h"
#include "emit.h"
#include "journal.h"
#include "source.h"

/*
 * fprintf for text a person reads, with each control byte but newline and
 * tab written \xHH: names and messages from the root (a file called
 * "x\033[2J") must not drive the terminal.
 */
static void
vtprintf(FILE *f, const char *fmt, va_list ap)
{
	char *s = NULL, *out, *o;

	if (vasprintf(&s, fmt, ap) < 0)
		return;
	/* one write: stderr is unbuffered, and a plan of 5,000 lines wrote a byte a call */
	o = out = xmalloc(4 * strlen(s) + 1);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			o += sprintf(o, "\\x%02X", *p);
		else
			*o++ = (char)*p;
	}
	fwrite(out, 1, (size_t)(o - out), f);
	free(out);
	free(s);
}

void
tprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vtprintf(f, fmt, ap);
	va_end(ap);
}

void
note(const struct deafen *d, const char *fmt, ...)
{
	va_list ap;
	char *line;

	if (d->verbosity < 0)
		return;
	line = xasprintf("deafen: %s\n", fmt);
	va_start(ap, fmt);
	vtprintf(stderr, line, ap);
	va_end(ap);
	free(line);
}

/* The nearest directory of PATH that exists (PATH itself, or a parent) belongs to another uid. */
static bool
not_ours(const char *path)
{
	char *p = xstrdup(path), *s;
	struct stat st;
	bool theirs = false;

	for (;;) {
		if (stat(p, &st) == 0) {
			theirs = st.st_uid != geteuid();
			break;
		}
		if ((s = strrchr(p, '/')) == NULL || s == p)
			break;
		*s = '\0';
	}
	free(p);
	return theirs;
}

void
report_error(const struct deafen *d, int r, bool changes)
{
	char *base, *cause;
	bool theirs;

	if (error_is_told())
		return;
	if (changes && geteuid() != 0 && (r == -EACCES || r == -EPERM)) {
		base = backup_base(d->root, d->backup_dir);
		theirs = not_ours(d->root) || not_ours(base);
		free(base);
		if (theirs) {
			/* the reason first, and it is the document's error; then what refused */
			cause = xstrdup(error_message());
			error_clear();
			(void)errorf(r, "must run as root to change %s", d->root);
			tprintf(stderr, "deafen: %s\ndeafen: %s\n", error_message(), cause);
			free(cause);
			error_mark_told();
			return;
		}
	}
	tprintf(stderr, "deafen: %s\n", error_message());
	error_mark_told();
}

struct emit *
report_open(const struct deafen *d)
{
	return emit_open(stdout, d->format == FORMAT_XML ? EMIT_XML : EMIT_JSON);
}

void
emit_where(struct emit *e, const char *key, const char *file, int line, const char *link)
{
	emit_object(e, key);
	emit_string(e, "file", file);
	if (line > 0)
		emit_int(e, "line", line);
	else
		emit_null(e, "line");
	emit_string(e, "link", link);
	emit_end(e);
}

/*
 * A where of the text apply and rollback keep for a listener
 * ("etc/inetd.conf:31", "etc/init.d/ssh", "unit ssh.service": a unit has
 * no file there).
 */
static void
emit_where_text(struct emit *e, const char *key, const char *text)
{
	const char *colon = text ? strrchr(text, ':') : NULL;
	char *file;

	if (text == NULL || startswith(text, "unit ")) {
		emit_where(e, key, NULL, 0, NULL);
		return;
	}
	if (colon != NULL && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		file = xstrndup(text, (size_t)(colon - text));
		emit_where(e, key, file, atoi(colon + 1), NULL);
		free(file);
	} else {
		emit_where(e, key, text, 0, NULL);
	}
}

void
emit_ports(struct emit *e, const struct strv *listen)
{
	emit_array(e, "ports", "port");
	for (size_t i = 0; i < listen->n; i++) {
		const char *l = listen->v[i], *slash = strrchr(l, '/'), *colon, *p;
		char *end, *addr = NULL;
		long n;

		if (l[0] == '/' || l[0] == '@' || slash == NULL)
			continue; /* a UNIX-domain socket: "sockets" */
		colon = memrchr(l, ':', (size_t)(slash - l));
		p = colon ? colon + 1 : l;
		n = strtol(p, &end, 10);
		if (end == p || end != slash || n <= 0 || n > 65535)
			continue; /* not a port number: nothing a program could connect to */
		if (colon != NULL) { /* "[::1]" is "::1" here */
			addr = xstrndup(l, (size_t)(colon - l));
			if (addr[0] == '[') {
				memmove(addr, addr + 1, strlen(addr));
				addr[strcspn(addr, "]")] = '\0';
			}
		}
		emit_object(e, NULL);
		emit_int(e, "port", n);
		emit_string(e, "proto", startswith(slash + 1, "udp") ? "udp" : "tcp");
		emit_string(e, "address", addr);
		emit_end(e);
		free(addr);
	}
	emit_end(e);
	emit_array(e, "sockets", "path");
	for (size_t i = 0; i < listen->n; i++)
		if (listen->v[i][0] == '/' || listen->v[i][0] == '@')
			emit_string(e, NULL, listen->v[i]);
	emit_end(e);
}

/* {"state", "started_by": runlevels or units, "pulled_by": units} */
static void
emit_state(struct emit *e, const struct service *s)
{
	char one[2] = "";

	emit_object(e, "state");
	emit_string(e, "state", state_name(s->state));
	emit_array(e, "started_by", "by");
	if (source_of(s->kind)->scripts && startswith(s->detail, "S in "))
		for (const char *c = s->detail + 5; *c != '\0'; c++) {
			one[0] = *c; /* the runlevels of its S links, "S in 2345" */
			emit_string(e, NULL, one);
		}
	for (size_t i = 0; source_of(s->kind)->units && i < s->wanted_by.n; i++)
		emit_string(e, NULL, s->wanted_by.v[i]);
	emit_end(e);
	emit_array(e, "pulled_by", "by");
	for (size_t i = 0; i < s->pulled_by.n; i++)
		emit_string(e, NULL, s->pulled_by.v[i]);
	emit_end(e);
	emit_end(e);
}

void
emit_verdict(struct emit *e, const char *verdict)
{
	if (streq(verdict, "-"))
		emit_null(e, "verdict");
	else
		emit_string(e, "verdict", verdict);
}

void
emit_service(struct emit *e, const struct deafen *d, const struct service *s, bool full)
{
	emit_object(e, NULL);
	emit_string(e, "name", s->name);
	emit_string(e, "kind", kind_name(s->kind));
	emit_where(e, "where", s->file, s->line, NULL);
	if (full) {
		emit_state(e, s);
		emit_bool(e, "enabled", s->enabled);
		emit_bool(e, "network", s->network);
		emit_bool(e, "superserver", s->superserver);
		emit_string(e, "detail", s->detail);
		emit_verdict(e, verdict_of(d, s));
		emit_string(e, "program", s->program);
		emit_ports(e, &s->listen);
		if (s->ports_from != NULL)
			emit_string(e, "ports_from", s->ports_from);
	}
	emit_end(e);
}

void
emit_selected(struct emit *e, const char *key, const struct deafen *d, const bool *selected)
{
	emit_array(e, key, "service");
	for (size_t i = 0; selected != NULL && i < d->inv.n; i++)
		if (selected[i])
			emit_service(e, d, &d->inv.v[i], false);
	emit_end(e);
}

/*
 * "keep": what stays with what stays, [{name, kind, where, why}];
 * "warnings": what apply refuses without --force or --allow-lockout.
 */
void
emit_kept(struct emit *e, const struct deafen *d)
{
	emit_array(e, "keep", "service");
	for (size_t i = 0; i < d->inv.n; i++) {
		const struct service *s = &d->inv.v[i];

		if (d->needs.why == NULL || d->needs.why[i] == NULL)
			continue;
		emit_object(e, NULL);
		emit_string(e, "name", s->name);
		emit_string(e, "kind", kind_name(s->kind));
		emit_where(e, "where", s->file, s->line, NULL);
		emit_string(e, "why", d->needs.why[i]);
		emit_end(e);
	}
	emit_end(e);
	emit_array(e, "warnings", "warning");
	for (size_t i = 0; i < d->needs.conflicts.n; i++)
		emit_string(e, NULL, d->needs.conflicts.v[i]);
	for (size_t i = 0; i < d->needs.lockout.n; i++)
		emit_string(e, NULL, d->needs.lockout.v[i]);
	emit_end(e);
}

/*
 * "expansions": [{rule, origin, name, taken_for, services: [{name, kind, where}]}]: each name of the
 * policy that is no service on the root and expanded (a family word, a
 * port, an /etc/services name...), what it was taken for and what it
 * selected, as plan says in text. Empty under --enable (names are exact).
 */
void
emit_expansions(struct emit *e, const struct deafen *d)
{
	bool *sel = xcalloc(d->inv.n + 1, sizeof(*sel));

	emit_array(e, "expansions", "expansion");
	for (size_t r = 0; d->enable.n == 0 && r < d->policy.n; r++) {
		char *why;

		if (!policy_expansion(&d->policy, &d->inv, r, &why, sel))
			continue;
		emit_object(e, NULL);
		emit_string(e, "rule", d->policy.v[r].keep ? "keep" : "disable");
		emit_string(e, "origin", d->policy.v[r].origin);
		emit_string(e, "name", d->policy.v[r].name);
		emit_string(e, "taken_for", why);
		emit_selected(e, "services", d, sel);
		emit_end(e);
		free(why);
	}
	emit_end(e);
	free(sel);
}

void
report_begin(struct deafen *d, char **buf, size_t *len)
{
	*buf = NULL;
	d->out = d->format != FORMAT_TEXT ? open_memstream(buf, len) : stdout;
	if (d->out == NULL)
		d->out = stdout;
}

int
report_end(struct deafen *d, char **buf, const char *backup, const bool *selected,
	   const struct target *t, size_t nt, const struct strv *restored)
{
	struct emit *e;
	char *s, *line;

	if (d->out == stdout)
		return 0;
	fclose(d->out); /* sets *BUF */
	d->out = stdout;
	e = report_open(d);
	emit_string(e, "backup", backup);
	emit_selected(e, d->enable.n > 0 ? "enabled" : "disabled", d, selected);
	if (restored == NULL) /* apply, harden: what stayed with what stays */
		emit_kept(e, d);
	if (restored != NULL) { /* rollback: what it put back (none: nothing to do) */
		emit_array(e, "restored", "path");
		for (size_t i = 0; i < restored->n; i++)
			emit_string(e, NULL, restored->v[i]);
		emit_end(e);
		emit_int(e, "changed", (long long)restored->n);
	}
	emit_array(e, "ports", "port");
	for (size_t i = 0; i < nt; i++) {
		emit_object(e, NULL);
		emit_int(e, "port", t[i].port);
		emit_string(e, "proto", startswith(t[i].proto, "udp") ? "udp" : "tcp");
		emit_string(e, "address", t[i].addr);
		emit_string(e, "service", t[i].service);
		emit_where_text(e, "where", t[i].where);
		emit_bool(e, "open", t[i].open);
		emit_end(e);
	}
	emit_end(e);
	emit_array(e, "log", "line");
	for (s = *buf; s != NULL && (line = strsep(&s, "\n")) != NULL;)
		if (*line != '\0')
			emit_string(e, NULL, line);
	emit_end(e);
	free(*buf);
	*buf = NULL;
	return emit_close(e);
}

void
verdict_cell(FILE *f, const struct deafen *d, const char *verdict, int width)
{
	int n = (int)strlen(verdict);

	/* the escape codes take no column: pad after them */
	if (d->color && streq(verdict, "dangerous"))
		fprintf(f, "\033[31m%s\033[m%*s", verdict, width > n ? width - n : 0, "");
	else
		fprintf(f, "%-*s", width, verdict);
}
