/* json.h - a small strict JSON reader (RFC 8259), for the documents deafen wrote */
#ifndef DEAFEN_JSON_H
#define DEAFEN_JSON_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	double num;      /* JSON_NUMBER */
	char *str;       /* JSON_STRING: UTF-8, no NUL (a \u0000 is refused) */
	struct json *v;  /* JSON_ARRAY, JSON_OBJECT: the N values */
	char **keys;     /* JSON_OBJECT: their N keys, no two alike */
	size_t n;
	struct arena *arena; /* the value json_next gave: where it and all in it live */
};

/* Reads a text of one or more JSON values one after the other (a stream). */
struct json_reader {
	const char *s, *p, *end;
};

void json_reader_init(struct json_reader *r, const char *s, size_t len);
/*
 * The next value into *OUT (json_free it: everything in it lives in its
 * arena, freed at once): 1; 0 when only whitespace is left; -EBADMSG with errorf("LINE:COL: what is wrong") when the text is no
 * JSON: strict UTF-8, no control byte in a string, no lone surrogate, no
 * trailing comma, no leading zero, no key twice in an object, at most
 * JSON_MAX_DEPTH arrays and objects one in another.
 */
#define JSON_MAX_DEPTH 64
int json_next(struct json_reader *r, struct json *out);
void json_free(struct json *j);

/* The member KEY of the object J, or NULL (J NULL or no object, or no such member). */
const struct json *json_get(const struct json *j, const char *key);
/* J's string, or NULL when J is NULL or not a string. */
const char *json_str(const struct json *j);
/* The member KEY's string, or NULL. */
const char *json_get_str(const struct json *j, const char *key);
/* J is an array (or object) with N items: json_get(..)->n is safe through this. */
size_t json_len(const struct json *j, enum json_type type);
/* J's number if it is a whole number in [LO, HI], else DEF (a cast of 1e999 to long is undefined). */
long json_long(const struct json *j, long lo, long hi, long def);

#endif
