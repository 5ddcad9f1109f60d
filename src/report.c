/* report.c - what deafen tells people: notes on stderr, JSON strings */
#include <stdarg.h>
#include <stdio.h>

#include "deafen.h"

void
note(const struct deafen *d, const char *fmt, ...)
{
	va_list ap;

	if (d->verbosity < 0)
		return;
	fputs("deafen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
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

