/* xinetdtext.c - where the service blocks and their attributes lie in an xinetd file's text
 *
 * Deafen_xinetd keeps no positions. deafen writes only the attributes it
 * changed through the lens (xinetdput.c) and needs to know where those
 * lie: a top-level node is a line, or a block from its keyword to the
 * line of its "}"; in a block, a node is a line with the blank lines
 * before it, and the blank lines before "}" belong to the close.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xinetdtext.h"

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The offset just past the newline of the line holding S[I] (TEXT ends in one). */
static size_t
past_line(const char *s, size_t i)
{
	const char *nl = strchr(s + i, '\n');

	return nl ? (size_t)(nl - s) + 1 : strlen(s);
}

/* Is S[I] the start of a word W followed by a blank, "{" or a line end? */
static bool
word_at(const char *s, size_t i, const char *w, const char *after)
{
	size_t n = strlen(w);

	return strncmp(s + i, w, n) == 0 && s[i + n] != '\0' && strchr(after, s[i + n]) != NULL;
}

/*
 * The body of the block whose keyword ends at S[I] (after "service NAME"
 * or "defaults"): "{" after blanks and line ends, then blanks and a line
 * end; B gets where its body and close start. Returns the offset past the
 * close, 0 where the text is not a block.
 */
static size_t
block_at(const char *s, size_t i, struct xinetd_block *b)
{
	while (blank(s[i]) || s[i] == '\n')
		i++;
	if (s[i++] != '{')
		return 0;
	while (blank(s[i]))
		i++;
	if (s[i++] != '\n')
		return 0;
	b->body = i;
	for (;;) {
		size_t z = i;

		while (blank(s[z]) || s[z] == '\n')
			z++;
		if (s[z] == '\0')
			return 0;
		if (s[z] == '}') {
			size_t e = z + 1;

			while (blank(s[e]))
				e++;
			if (s[e] != '\n')
				return 0;
			b->close = i;
			return e + 1;
		}
		i = past_line(s, z);
	}
}

long
xinetd_blocks(const char *text, struct xinetd_block **out)
{
	struct xinetd_block *v = NULL, b;
	size_t n = 0, cap = 0, i = 0;

	*out = NULL;
	while (text[i] != '\0') {
		size_t z = i, end = 0;

		while (blank(text[z]))
			z++;
		if (word_at(text, z, "service", " \t")) {
			z += strlen("service");
			while (blank(text[z]))
				z++;
			z += strcspn(text + z, " \t\n{");
			if ((end = block_at(text, z, &b)) != 0) {
				if (n == cap)
					v = xrealloc(v, (cap = cap ? 2 * cap : 8) * sizeof(*v));
				v[n++] = b;
			}
		} else if (word_at(text, z, "defaults", " \t\n{")) {
			end = block_at(text, z + strlen("defaults"), &b);
		} else {
			end = past_line(text, z); /* a comment, an include or a blank line */
		}
		if (end == 0) {
			free(v);
			return -1;
		}
		i = end;
	}
	*out = v;
	return (long)n;
}

bool
xinetd_attribute(const char *text, const struct xinetd_block *b, const char *name,
		 size_t *off, size_t *len)
{
	size_t n = strlen(name);

	for (size_t i = b->body; i < b->close;) {
		size_t z = i, e;

		while (blank(text[z]) || text[z] == '\n')
			z++;
		e = past_line(text, z);
		/* NAME, then blanks, an operator or "=": no longer name */
		if (strncmp(text + z, name, n) == 0 &&
		    (blank(text[z + n]) || text[z + n] == '=' || text[z + n] == '+' ||
		     text[z + n] == '-')) {
			*off = i;
			*len = e - i;
			return true;
		}
		i = e;
	}
	return false;
}
