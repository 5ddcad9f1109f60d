/* shellvars.c - the assignments of a shell variables file (/etc/default/NAME), read in C
 *
 * deafen reads one variable of such a file (slapd's SLAPD_SERVICES). The
 * stock Shellvars lens knows the whole shell grammar and costs ~210 M
 * instructions to compile and ~130 M to read a 1 KB file: more than all
 * the rest of a plan on a Debian server. What the lens stores of an
 * assignment is the word after "=", quotes included; so is this.
 */
#include <stdbool.h>
#include <string.h>

#include "shellvars.h"
#include "util.h"

static bool
name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/* The end of the shell word at P (before END): quotes and backslashes followed. */
static const char *
word_end(const char *p, const char *end)
{
	while (p < end) {
		char c = *p;

		if (c == '\\') {
			p += p + 1 < end ? 2 : 1;
		} else if (c == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

			p = q ? q + 1 : end;
		} else if (c == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			p = p < end ? p + 1 : end;
		} else if (strchr(" \t\n;&|<>()", c) != NULL) {
			break;
		} else {
			p++;
		}
	}
	return p;
}

void
shellvars_values(const char *text, size_t len, const char *name, struct strv *out)
{
	const char *p = text, *end = text + len;
	size_t n = strlen(name);

	while (p < end) {
		const char *w, *nl;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(end - p) > 7 && memcmp(p, "export", 6) == 0 && (p[6] == ' ' || p[6] == '\t')) {
			p += 6;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
		}
		w = p;
		while (w < end && name_char(*w, w == p))
			w++;
		if ((size_t)(w - p) == n && memcmp(p, name, n) == 0 && w < end && *w == '=') {
			const char *v = w + 1, *e = word_end(v, end);

			strv_take(out, xstrndup(v, (size_t)(e - v)));
			p = e;
		}
		nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
}
