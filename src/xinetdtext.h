/* xinetdtext.h - where the service blocks and their attributes lie in an xinetd file's text */
#ifndef DEAFEN_XINETDTEXT_H
#define DEAFEN_XINETDTEXT_H

#include <stdbool.h>
#include <stddef.h>

/* A "service NAME" block, as Deafen_xinetd reads it. */
struct xinetd_block {
	size_t body;  /* its first attribute or comment (after the line of "{") */
	size_t close; /* the blank lines and the "}" line that close it */
};

/*
 * The "service" blocks of TEXT (an xinetd file as aug_load read it: its
 * last line ends in a newline) in order, the "defaults" block left out:
 * the lens keeps no positions. *OUT is allocated; returns the count, or -1
 * (*OUT NULL) where TEXT is not laid out as the lens reads it.
 */
long xinetd_blocks(const char *text, struct xinetd_block **out);

/*
 * The first attribute NAME (spelled so) of block B of TEXT: the blank
 * lines before it, its line and its newline, as the lens's node for it
 * holds them (*OFF, *LEN). false when the block has none.
 */
bool xinetd_attribute(const char *text, const struct xinetd_block *b, const char *name,
		      size_t *off, size_t *len);

#endif
