/* inetdtext.c - where each entry of inetd.conf's text lies */
#include <stdbool.h>
#include <string.h>

#include "inetdtext.h"
#include "util.h"

/* Does the line at S start a service? */
static bool
starts_service(const char *s)
{
	size_t w, rest;

	if (startswith(s, "#<off>#"))
		return true;
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\0' || *s == '#')
		return false;
	w = strcspn(s, " \t\n");
	rest = strspn(s + w, " \t");
	/* "ADDR:" alone on its line sets the default address: no service */
	return !(s[w - 1] == ':' && (s[w + rest] == '\n' || s[w + rest] == '\0'));
}

/* Does the line at S go on with the entry above (blanks, then a word)? */
static bool
continues(const char *s)
{
	size_t b = strspn(s, " \t");

	return b > 0 && s[b] != '\n' && s[b] != '\0' && s[b] != '#';
}

size_t
inetd_entries(const char *text, struct inetd_entry **out)
{
	struct inetd_entry *v = NULL;
	size_t n = 0, cap = 0;
	bool in = false;
	int line = 1;

	for (const char *s = text; *s != '\0'; line++) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) + 1 : strlen(s);

		if (in && continues(s)) {
			v[n - 1].len += len;
		} else if ((in = starts_service(s))) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[n++] = (struct inetd_entry){ (size_t)(s - text), len, line };
		}
		s += len;
	}
	*out = v;
	return n;
}
