/* arena.h - memory handed out in big blocks and freed all at once, and strings interned in it */
#ifndef DEAFEN_ARENA_H
#define DEAFEN_ARENA_H

#include <stddef.h>

/*
 * deafen report reads 10,000 hosts of tens of thousands of small values:
 * one malloc each cost more than the parse, and the frees fragmented the
 * heap. An arena hands them out of blocks it frees together.
 */
struct arena_block;
struct arena {
	struct arena_block *head;
	size_t next_size; /* of the next block: doubles up to a bound */
};

/* N bytes, aligned for any type, zeroed; lives until arena_free. */
void *arena_alloc(struct arena *a, size_t n);
/* A copy of the N bytes at S and a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Every block; A is empty again (and may be used again). */
void arena_free(struct arena *a);

/*
 * A set of strings, each kept once in an arena: the service names, kinds,
 * states and verdicts a fleet repeats on every host are stored once, and
 * the same text is the same pointer.
 */
struct strpool {
	struct arena *arena;
	const char **slot; /* open addressing; NULL: free */
	size_t n, cap;
};

/* The pool's copy of S (made on the first call with this text). */
const char *strpool_intern(struct strpool *p, const char *s);
/* The table; the strings stay in the arena. */
void strpool_free(struct strpool *p);

#endif
