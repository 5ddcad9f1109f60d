/* arena.h - memory handed out in big blocks and freed all at once, and strings interned in it */
#ifndef DEAFEN_ARENA_H
#define DEAFEN_ARENA_H

#include <stdbool.h>
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
 * the same text is the same pointer; each has an index, in the order met.
 */
struct strpool {
	struct arena *arena;
	const char **strs; /* by index */
	size_t *slot;      /* open addressing: 1 + an index; 0: free */
	size_t n, cap;
};

/* The index of S in the pool, added on the first call with this text. */
size_t strpool_index(struct strpool *p, const char *s);
/* Is S in the pool? (nothing added) */
bool strpool_has(const struct strpool *p, const char *s);
/* The pool's copy of S. */
const char *strpool_intern(struct strpool *p, const char *s);
/* The tables; the strings stay in the arena. */
void strpool_free(struct strpool *p);

/* FNV-1a of S: for the hash tables of names. */
size_t str_hash(const char *s);

#endif
