/* arena.c - memory in blocks freed at once, interned strings: see arena.h */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define ARENA_FIRST (16 * 1024)
#define ARENA_MAX (1024 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = _Alignof(max_align_t), at;

	n = n ? n : 1;
	if (n > SIZE_MAX / 2)
		abort();
	at = b != NULL ? (b->used + align - 1) & ~(align - 1) : 0;
	if (b == NULL || at + n > b->size) {
		size_t size = a->next_size ? a->next_size : ARENA_FIRST;

		if (size < ARENA_MAX)
			a->next_size = 2 * size;
		if (size < n)
			size = n;
		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	b->used = at + n;
	return memset((char *)b->data + at, 0, n);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);

	memcpy(d, s, n);
	return d;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void
arena_free(struct arena *a)
{
	while (a->head != NULL) {
		struct arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
	a->next_size = 0;
}

size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Puts the string of index I in the free slot of its chain (the table has one). */
static void
put(struct strpool *p, size_t i)
{
	size_t k = str_hash(p->strs[i]) & (p->cap - 1);

	while (p->slot[k] != 0)
		k = (k + 1) & (p->cap - 1);
	p->slot[k] = i + 1;
}

/* The index of S in the pool, or P->n when it is not there. */
static size_t
find(const struct strpool *p, const char *s)
{
	if (p->cap > 0)
		for (size_t k = str_hash(s) & (p->cap - 1); p->slot[k] != 0; k = (k + 1) & (p->cap - 1)) {
			const char *t = p->strs[p->slot[k] - 1];

			if (t[0] == s[0] && strcmp(t, s) == 0)
				return p->slot[k] - 1;
		}
	return p->n;
}

bool
strpool_has(const struct strpool *p, const char *s)
{
	return find(p, s) < p->n;
}

size_t
strpool_index(struct strpool *p, const char *s)
{
	size_t at = find(p, s);

	if (at < p->n)
		return at;
	if (2 * (p->n + 1) > p->cap) { /* at most half full */
		p->cap = p->cap ? 2 * p->cap : 256;
		free(p->slot);
		p->slot = xcalloc(p->cap, sizeof(*p->slot));
		p->strs = xrealloc(p->strs, p->cap / 2 * sizeof(*p->strs));
		for (size_t i = 0; i < p->n; i++)
			put(p, i);
	}
	p->strs[p->n] = arena_strdup(p->arena, s);
	put(p, p->n);
	return p->n++;
}

const char *
strpool_intern(struct strpool *p, const char *s)
{
	size_t i = strpool_index(p, s); /* before p->strs: it may move */

	return p->strs[i];
}

void
strpool_free(struct strpool *p)
{
	free(p->slot);
	free(p->strs);
	p->slot = NULL;
	p->strs = NULL;
	p->n = p->cap = 0;
}
