/* json.c - a small strict JSON reader (RFC 8259): see json.h */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "emit.h"
#include "json.h"
#include "util.h"

/*
 * One json_next: the values go into ARENA (the root's, freed with it);
 * the items of the arrays and objects open are on a stack, copied into the
 * arena at their closing bracket, exactly sized.
 */
struct parse {
	struct json_reader *r;
	struct arena *arena;
	struct json *items;
	char **keys;
	size_t n, cap;
};

static int parse_value(struct parse *ps, struct json *out, int depth);

/* -EBADMSG with "LINE:COL: WHAT" for the reader's position. */
static int
bad(const struct json_reader *r, const char *what)
{
	unsigned line = 1, col = 1;

	for (const char *q = r->s; q < r->p; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	return errorf(-EBADMSG, "%u:%u: %s", line, col, what);
}

static void
skip_ws(struct json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool
literal(struct json_reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return false;
	r->p += n;
	return true;
}

static int
hex4(struct json_reader *r, unsigned *u)
{
	*u = 0;
	for (int i = 0; i < 4; i++, r->p++) {
		char c = r->p < r->end ? *r->p : '\0';

		*u <<= 4;
		if (c >= '0' && c <= '9')
			*u |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*u |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*u |= (unsigned)(c - 'A' + 10);
		else
			return bad(r, "\\u wants four hex digits");
	}
	return 0;
}

static void
put_utf8(char *b, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		b[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		b[(*n)++] = (char)(0xC0 | cp >> 6);
		b[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		b[(*n)++] = (char)(0xE0 | cp >> 12);
		b[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		b[(*n)++] = (char)(0xF0 | cp >> 18);
		b[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

/* A string at r->p (its opening quote): *OUT in the arena. */
static int
parse_string(struct parse *ps, char **out)
{
	struct json_reader *r = ps->r;
	const char *start = ++r->p;
	bool plain = true; /* printable ASCII, no escape: copied as it is */
	char *b;
	size_t n = 0;

	/* the decoded text is never longer than the encoded one */
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p;

		if (c == '\\' || c < 0x20 || c >= 0x80)
			plain = false;
		r->p += c == '\\' && r->p + 1 < r->end ? 2 : 1;
	}
	if (r->p >= r->end)
		return bad(r, "the text ends inside a string");
	if (plain) {
		*out = arena_strndup(ps->arena, start, (size_t)(r->p++ - start));
		return 0;
	}
	b = arena_alloc(ps->arena, (size_t)(r->p - start) + 1);
	r->p = start;
	while (*r->p != '"') {
		const unsigned char *q = (const unsigned char *)r->p;
		unsigned cp, lo;
		size_t len;
		int err;

		if (*q < 0x20)
			return bad(r, "a control byte in a string");
		if (*q != '\\') {
			len = utf8_char(q, (size_t)(r->end - r->p), &cp);
			if (len == 0)
				return bad(r, "a byte that is not UTF-8 in a string");
			memcpy(b + n, r->p, len);
			n += len;
			r->p += len;
			continue;
		}
		r->p++;
		switch (*r->p++) {
		case '"': b[n++] = '"'; break;
		case '\\': b[n++] = '\\'; break;
		case '/': b[n++] = '/'; break;
		case 'b': b[n++] = '\b'; break;
		case 'f': b[n++] = '\f'; break;
		case 'n': b[n++] = '\n'; break;
		case 'r': b[n++] = '\r'; break;
		case 't': b[n++] = '\t'; break;
		case 'u':
			if ((err = hex4(r, &cp)) < 0)
				return err;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return bad(r, "a lone low surrogate");
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (!literal(r, "\\u"))
					return bad(r, "a high surrogate without its low one");
				if ((err = hex4(r, &lo)) < 0)
					return err;
				if (lo < 0xDC00 || lo > 0xDFFF)
					return bad(r, "a high surrogate without its low one");
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (cp == 0)
				return bad(r, "\\u0000 in a string");
			put_utf8(b, &n, cp);
			break;
		default:
			r->p--;
			return bad(r, "an unknown escape");
		}
	}
	r->p++;
	b[n] = '\0';
	*out = b;
	return 0;
}

static bool
digit(const struct json_reader *r)
{
	return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}

static int
parse_number(struct json_reader *r, double *out)
{
	const char *start = r->p;
	bool simple = true;
	char text[64], *big;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (!digit(r))
		return bad(r, "a number wants a digit");
	if (*r->p++ == '0' && digit(r))
		return bad(r, "a number with a leading zero");
	while (digit(r))
		r->p++;
	if (r->p < r->end && *r->p == '.') {
		simple = false;
		r->p++;
		if (!digit(r))
			return bad(r, "a digit wanted after the decimal point");
		while (digit(r))
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		simple = false;
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!digit(r))
			return bad(r, "a digit wanted in the exponent");
		while (digit(r))
			r->p++;
	}
	if (simple && r->p - start <= 15) { /* below 2^53: exact as strtod's */
		long long v = 0;

		for (const char *q = start + (*start == '-'); q < r->p; q++)
			v = 10 * v + (*q - '0');
		*out = *start == '-' ? -(double)v : (double)v;
		return 0;
	}
	if ((size_t)(r->p - start) < sizeof(text)) {
		memcpy(text, start, (size_t)(r->p - start));
		text[r->p - start] = '\0';
		*out = strtod(text, NULL);
		return 0;
	}
	big = xstrndup(start, (size_t)(r->p - start));
	*out = strtod(big, NULL);
	free(big);
	return 0;
}

/* Pushes an item (and its KEY, NULL in an array) on the stack of the open containers. */
static struct json *
push(struct parse *ps, char *key)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 64;
		ps->items = xrealloc(ps->items, ps->cap * sizeof(*ps->items));
		ps->keys = xrealloc(ps->keys, ps->cap * sizeof(*ps->keys));
	}
	ps->keys[ps->n] = key;
	return memset(&ps->items[ps->n++], 0, sizeof(*ps->items));
}

/* The items from BASE up, into OUT (in the arena), off the stack. */
static void
pop_into(struct parse *ps, struct json *out, size_t base)
{
	out->n = ps->n - base;
	if (out->n > 0) {
		out->v = arena_alloc(ps->arena, out->n * sizeof(*out->v));
		memcpy(out->v, &ps->items[base], out->n * sizeof(*out->v));
		if (out->type == JSON_OBJECT) {
			out->keys = arena_alloc(ps->arena, out->n * sizeof(*out->keys));
			memcpy(out->keys, &ps->keys[base], out->n * sizeof(*out->keys));
		}
	}
	ps->n = base;
}

/* An array or an object at r->p (its opening bracket). */
static int
parse_container(struct parse *ps, struct json *out, int depth)
{
	struct json_reader *r = ps->r;
	bool object = *r->p == '{';
	char close = object ? '}' : ']';
	size_t base = ps->n;
	int err;

	out->type = object ? JSON_OBJECT : JSON_ARRAY;
	if (depth >= JSON_MAX_DEPTH)
		return bad(r, "arrays and objects nested too deep");
	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		struct json item;

		skip_ws(r);
		if (object) {
			if (r->p >= r->end || *r->p != '"')
				return bad(r, "a member name (a string) wanted");
			if ((err = parse_string(ps, &key)) < 0)
				return err;
			for (size_t i = base; i < ps->n; i++)
				if (ps->keys[i][0] == key[0] && streq(ps->keys[i], key))
					return bad(r, "a member name given twice in an object");
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':')
				return bad(r, "':' wanted after a member name");
			r->p++;
		}
		/* the value's own items go on the stack above; then it goes there */
		if ((err = parse_value(ps, &item, depth + 1)) < 0)
			return err;
		*push(ps, key) = item;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_ws(r);
			if (r->p < r->end && *r->p == close)
				return bad(r, "a comma before the closing bracket");
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			pop_into(ps, out, base);
			return 0;
		}
		return bad(r, object ? "',' or '}' wanted" : "',' or ']' wanted");
	}
}

static int
parse_value(struct parse *ps, struct json *out, int depth)
{
	struct json_reader *r = ps->r;

	memset(out, 0, sizeof(*out));
	skip_ws(r);
	if (r->p >= r->end)
		return bad(r, "the text ends where a value was wanted");
	switch (*r->p) {
	case '{':
	case '[':
		return parse_container(ps, out, depth);
	case '"':
		out->type = JSON_STRING;
		return parse_string(ps, &out->str);
	case 't':
		out->type = JSON_TRUE;
		return literal(r, "true") ? 0 : bad(r, "not a JSON value");
	case 'f':
		out->type = JSON_FALSE;
		return literal(r, "false") ? 0 : bad(r, "not a JSON value");
	case 'n':
		out->type = JSON_NULL;
		return literal(r, "null") ? 0 : bad(r, "not a JSON value");
	default:
		out->type = JSON_NUMBER;
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return parse_number(r, &out->num);
		return bad(r, "not a JSON value");
	}
}

void
json_reader_init(struct json_reader *r, const char *s, size_t len)
{
	r->s = r->p = s;
	r->end = s + len;
}

int
json_next(struct json_reader *r, struct json *out)
{
	struct parse ps = { .r = r };
	int err;

	memset(out, 0, sizeof(*out));
	skip_ws(r);
	if (r->p >= r->end)
		return 0;
	ps.arena = xcalloc(1, sizeof(*ps.arena));
	err = parse_value(&ps, out, 0);
	out->arena = ps.arena;
	if (ps.arena->head == NULL) { /* a number, a literal, an empty container: nothing in it */
		free(ps.arena);
		out->arena = NULL;
	}
	free(ps.items);
	free(ps.keys);
	if (err < 0) {
		json_free(out);
		return err;
	}
	/* values of a stream are apart: 1 2 is two, 12 is one, truex is none */
	if (r->p < r->end && out->type != JSON_OBJECT && out->type != JSON_ARRAY &&
	    out->type != JSON_STRING && *r->p != ' ' && *r->p != '\t' &&
	    *r->p != '\n' && *r->p != '\r') {
		json_free(out);
		return bad(r, "not a JSON value");
	}
	return 1;
}

void
json_free(struct json *j)
{
	if (j == NULL)
		return;
	if (j->arena != NULL) {
		arena_free(j->arena);
		free(j->arena);
	}
	memset(j, 0, sizeof(*j));
}

const struct json *
json_get(const struct json *j, const char *key)
{
	if (j == NULL || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (j->keys[i][0] == key[0] && streq(j->keys[i], key))
			return &j->v[i];
	return NULL;
}

const char *
json_str(const struct json *j)
{
	return j != NULL && j->type == JSON_STRING ? j->str : NULL;
}

const char *
json_get_str(const struct json *j, const char *key)
{
	return json_str(json_get(j, key));
}

size_t
json_len(const struct json *j, enum json_type type)
{
	return j != NULL && j->type == type ? j->n : 0;
}

long
json_long(const struct json *j, long lo, long hi, long def)
{
	if (j == NULL || j->type != JSON_NUMBER || !(j->num >= (double)lo && j->num <= (double)hi) ||
	    j->num != (double)(long)j->num)
		return def;
	return (long)j->num;
}
