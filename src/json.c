/* json.c - a small strict JSON reader (RFC 8259): see json.h */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "json.h"
#include "util.h"

static int parse_value(struct json_reader *r, struct json *out, int depth);

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

/* A string at r->p (its opening quote): *OUT allocated. */
static int
parse_string(struct json_reader *r, char **out)
{
	const char *start = ++r->p;
	char *b;
	size_t n = 0;
	int err;

	/* the decoded text is never longer than the encoded one */
	while (r->p < r->end && *r->p != '"')
		r->p += *r->p == '\\' && r->p + 1 < r->end ? 2 : 1;
	if (r->p >= r->end)
		return bad(r, "the text ends inside a string");
	b = xmalloc((size_t)(r->p - start) + 1);
	r->p = start;
	while (*r->p != '"') {
		const unsigned char *q = (const unsigned char *)r->p;
		unsigned cp, lo;
		size_t len;

		if (*q < 0x20) {
			err = bad(r, "a control byte in a string");
			goto fail;
		}
		if (*q != '\\') {
			len = utf8_char(q, (size_t)(r->end - r->p), &cp);
			if (len == 0) {
				err = bad(r, "a byte that is not UTF-8 in a string");
				goto fail;
			}
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
				goto fail;
			if (cp >= 0xDC00 && cp <= 0xDFFF) {
				err = bad(r, "a lone low surrogate");
				goto fail;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (!literal(r, "\\u")) {
					err = bad(r, "a high surrogate without its low one");
					goto fail;
				}
				if ((err = hex4(r, &lo)) < 0)
					goto fail;
				if (lo < 0xDC00 || lo > 0xDFFF) {
					err = bad(r, "a high surrogate without its low one");
					goto fail;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (cp == 0) {
				err = bad(r, "\\u0000 in a string");
				goto fail;
			}
			put_utf8(b, &n, cp);
			break;
		default:
			r->p--;
			err = bad(r, "an unknown escape");
			goto fail;
		}
	}
	r->p++;
	b[n] = '\0';
	*out = b;
	return 0;
fail:
	free(b);
	return err;
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
	char *text;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (!digit(r))
		return bad(r, "a number wants a digit");
	if (*r->p++ == '0' && digit(r))
		return bad(r, "a number with a leading zero");
	while (digit(r))
		r->p++;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (!digit(r))
			return bad(r, "a digit wanted after the decimal point");
		while (digit(r))
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (!digit(r))
			return bad(r, "a digit wanted in the exponent");
		while (digit(r))
			r->p++;
	}
	text = xstrndup(start, (size_t)(r->p - start));
	*out = strtod(text, NULL);
	free(text);
	return 0;
}

/* An array or an object at r->p (its opening bracket). */
static int
parse_container(struct json_reader *r, struct json *out, int depth)
{
	bool object = *r->p == '{';
	char close = object ? '}' : ']';
	size_t cap = 0;
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

		skip_ws(r);
		if (object) {
			if (r->p >= r->end || *r->p != '"')
				return bad(r, "a member name (a string) wanted");
			if ((err = parse_string(r, &key)) < 0)
				return err;
			for (size_t i = 0; i < out->n; i++)
				if (streq(out->keys[i], key)) {
					free(key);
					return bad(r, "a member name given twice in an object");
				}
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':') {
				free(key);
				return bad(r, "':' wanted after a member name");
			}
			r->p++;
		}
		if (out->n == cap) {
			cap = cap ? 2 * cap : 8;
			out->v = xrealloc(out->v, cap * sizeof(*out->v));
			if (object)
				out->keys = xrealloc(out->keys, cap * sizeof(*out->keys));
		}
		memset(&out->v[out->n], 0, sizeof(*out->v));
		if (object)
			out->keys[out->n] = key;
		out->n++;
		if ((err = parse_value(r, &out->v[out->n - 1], depth + 1)) < 0)
			return err;
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
			return 0;
		}
		return bad(r, object ? "',' or '}' wanted" : "',' or ']' wanted");
	}
}

static int
parse_value(struct json_reader *r, struct json *out, int depth)
{
	memset(out, 0, sizeof(*out));
	skip_ws(r);
	if (r->p >= r->end)
		return bad(r, "the text ends where a value was wanted");
	switch (*r->p) {
	case '{':
	case '[':
		return parse_container(r, out, depth);
	case '"':
		out->type = JSON_STRING;
		return parse_string(r, &out->str);
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
	int err;

	memset(out, 0, sizeof(*out));
	skip_ws(r);
	if (r->p >= r->end)
		return 0;
	err = parse_value(r, out, 0);
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
	for (size_t i = 0; i < j->n; i++) {
		json_free(&j->v[i]);
		if (j->keys != NULL)
			free(j->keys[i]);
	}
	free(j->v);
	free(j->keys);
	free(j->str);
	memset(j, 0, sizeof(*j));
}

const struct json *
json_get(const struct json *j, const char *key)
{
	if (j == NULL || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (streq(j->keys[i], key))
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
