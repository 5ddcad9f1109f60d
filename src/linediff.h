/* linediff.h - the edit script between two lists of lines */
#ifndef DEAFEN_LINEDIFF_H
#define DEAFEN_LINEDIFF_H

#include <stdbool.h>
#include <stddef.h>

struct line {
	const char *s;
	size_t len; /* with its '\n', if it has one */
};

/*
 * One of ' ', '-', '+' per line of an edit script that turns A (N lines)
 * into B (M lines), old lines before new ones within a change; *NOPS gets
 * its length. Exact (Myers) on small stretches, cut at lines that occur once
 * on each side on large ones: the time grows with N + M, not N * M.
 */
/* The lines of TEXT (LEN bytes), each with its '\n'; *N gets how many. Points into TEXT. */
struct line *line_split(const char *text, size_t len, size_t *n);

char *line_diff(const struct line *a, size_t n, const struct line *b, size_t m, size_t *nops);

#endif
