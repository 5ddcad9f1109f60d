/* unitfile.c - a systemd unit file or drop-in, read in C
 *
 * deafen only reads unit files. Through the Deafen_unit lens a Debian 12
 * server's 121 units cost ~175 M instructions (the lens's regexps with
 * registers, a star over every line); here a few thousand a file.
 * unitfile_parse accepts exactly what lenses/deafen_unit.aug does and
 * builds the same tree (tests/fuzz/fuzz_unitfile compares the two).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot.h"
#include "unitfile.h"
#include "util.h"

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The skip lines of the lens: blank, or "#" or ";" after blanks. */
static bool
skipped(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && blank(l[i]))
		i++;
	return i == n || l[i] == '#' || l[i] == ';';
}

static bool
key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Line I of LINES (starts OFF, lengths LEN): N lines in all. */
struct lines {
	const char *text;
	size_t *off, *len, n;
};

/*
 * An entry at line *I: KEY [blanks] = [blanks] [VALUE] [blanks]; VALUE ends
 * with neither a blank nor a backslash, or goes on after "\<newline>" to
 * the first line that does not end in a backslash. *I moves past it.
 */
static bool
parse_entry(const struct lines *ls, size_t *i, struct snode *section)
{
	const char *l = ls->text + ls->off[*i], *v;
	size_t n = ls->len[*i], k = 0, key, end;

	while (k < n && blank(l[k]))
		k++;
	key = k;
	while (k < n && key_char(l[k]))
		k++;
	if (k == key)
		return false;
	end = k;
	while (k < n && blank(l[k]))
		k++;
	if (k == n || l[k] != '=')
		return false;
	k++;
	while (k < n && blank(l[k]))
		k++;
	{
		char *label = xstrndup(l + key, end - key);

		if (k == n) {
			snode_add(section, label, NULL, 0); /* "Key=": no value */
			free(label);
			(*i)++;
			return true;
		}
		v = l + k;
		if (l[n - 1] == '\\') {
			/* first line: at least one character before the backslash */
			if (n - k < 2) {
				free(label);
				return false;
			}
			for (;;) {
				(*i)++;
				if (*i == ls->n) {
					free(label);
					return false;
				}
				l = ls->text + ls->off[*i];
				n = ls->len[*i];
				if (n == 0 || l[n - 1] != '\\')
					break;
			}
		}
		/* the last line of the value: its final blanks go with the newline;
		 * something else must be left of it, and not a backslash */
		while (n > 0 && blank(l[n - 1]))
			n--;
		if (n == 0 || l + n <= v || l[n - 1] == '\\') {
			free(label);
			return false;
		}
		snode_add(section, label, v, (size_t)(l + n - v));
		free(label);
		(*i)++;
		return true;
	}
}

int
unitfile_parse(const char *file, const char *text, size_t len, struct snode *out)
{
	struct lines ls = { .text = text };
	struct snode *section = NULL;
	size_t i = 0, cap = 0;
	int r = 0;

	memset(out, 0, sizeof(*out));
	out->label = xstrdup("unit");
	/* the lines, as Augeas reads the file: a missing last newline added */
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - text - at) : len - at;

		if (ls.n == cap) {
			cap = cap ? 2 * cap : 64;
			ls.off = xrealloc(ls.off, cap * sizeof(*ls.off));
			ls.len = xrealloc(ls.len, cap * sizeof(*ls.len));
		}
		ls.off[ls.n] = at;
		ls.len[ls.n++] = n;
		at += n + 1;
	}
	while (r == 0 && i < ls.n) {
		const char *l = text + ls.off[i];
		size_t n = ls.len[i], close;

		if (skipped(l, n)) {
			i++;
		} else if (l[0] == '[') {
			close = 1;
			while (close < n && l[close] != ']')
				close++;
			if (close == 1 || close == n) {
				r = -1;
				break;
			}
			for (size_t k = close + 1; k < n; k++)
				if (!blank(l[k]))
					r = -1;
			if (r == 0) {
				section = snode_add(out, "", NULL, 0);
				free(section->label);
				section->label = xstrndup(l + 1, close - 1);
				i++;
			}
		} else if (section == NULL || !parse_entry(&ls, &i, section)) {
			r = -1;
		}
	}
	free(ls.off);
	free(ls.len);
	if (r < 0) {
		snapshot_free(out);
		return errorf(-EBADMSG, "%s:%zu: this line does not parse: not [SECTION], KEY=VALUE, "
					"a comment or a blank line",
			      file, i + 1);
	}
	snode_index(out);
	return 0;
}
