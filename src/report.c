/* report.c - what deafen tells people: notes on stderr, JSON strings */
#include <stdarg.h>
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "confirm.h"
#include "deafen.h"

/*
 * fprintf for text a person reads, with each control byte but newline and
 * tab written \xHH: names and messages from the root (a file called
 * "x\033[2J") must not drive the terminal.
 */
static void
vtprintf(FILE *f, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			fprintf(f, "\\x%02X", *p);
		else
			fputc(*p, f);
	}
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

	if (d->verbosity < 0)
		return;
	fputs("deafen: ", stderr);
	va_start(ap, fmt);
	vtprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}


void
json_selected(const struct deafen *d, const bool *selected)
{
	size_t n = 0;

	fputc('[', stdout);
	for (size_t i = 0; selected != NULL && i < d->inv.n; i++) {
		char *w;

		if (!selected[i])
			continue;
		w = service_where(&d->inv.v[i]);
		fputs(n++ ? ", {\"name\": " : "{\"name\": ", stdout);
		json_string(stdout, d->inv.v[i].name);
		fputs(", \"kind\": ", stdout);
		json_string(stdout, kind_name(d->inv.v[i].kind));
		fputs(", \"where\": ", stdout);
		json_string(stdout, w);
		fputc('}', stdout);
		free(w);
	}
	fputc(']', stdout);
}

void
report_begin(struct deafen *d, char **buf, size_t *len)
{
	*buf = NULL;
	d->out = d->format == FORMAT_JSON ? open_memstream(buf, len) : stdout;
	if (d->out == NULL)
		d->out = stdout;
}

void
report_end(struct deafen *d, char **buf, const char *backup, const bool *selected,
	   const struct target *t, size_t nt)
{
	size_t n = 0;
	char *s, *line;

	if (d->out == stdout)
		return;
	fclose(d->out); /* sets *BUF */
	d->out = stdout;
	fputs("{\"backup\": ", stdout);
	if (backup != NULL)
		json_string(stdout, backup);
	else
		fputs("null", stdout);
	fputs(", \"disabled\": ", stdout);
	json_selected(d, selected);
	if (d->restored >= 0) /* rollback: how many changes it undid (0: nothing to do) */
		printf(", \"restored\": %ld", d->restored);
	fputs(", \"ports\": [", stdout);
	for (size_t i = 0; i < nt; i++) {
		fputs(i ? ", {\"proto\": " : "{\"proto\": ", stdout);
		json_string(stdout, t[i].proto);
		fputs(", \"address\": ", stdout);
		json_string(stdout, t[i].addr);
		printf(", \"port\": %u, \"service\": ", t[i].port);
		json_string(stdout, t[i].service);
		fputs(", \"where\": ", stdout);
		json_string(stdout, t[i].where);
		printf(", \"open\": %s}", t[i].open ? "true" : "false");
	}
	fputs("], \"log\": [", stdout);
	n = 0;
	for (s = *buf; s != NULL && (line = strsep(&s, "\n")) != NULL;) {
		if (*line == '\0')
			continue;
		if (n++)
			fputs(", ", stdout);
		json_string(stdout, line);
	}
	fputs("]}\n", stdout);
	free(*buf);
	*buf = NULL;
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
