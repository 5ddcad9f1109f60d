/* fuzz_json.c - emit.c's JSON and XML: whatever the bytes, both parse
 *
 * The input's text (a NUL ends it, as it ends every C string deafen
 * writes) is one string member, then each of its lines is written as the
 * commands write a name or a value: a member, an item of an array of
 * strings (whose KEY_hex is an array), with objects, nulls, numbers and
 * booleans around it as its first byte says. The same calls make a JSON
 * and an XML document. In `make check` every corpus file of every harness
 * is such an input: the names, files and lines the other fuzzers make.
 *
 * The JSON must pass the strict RFC 8259 parser below (its strings strict
 * UTF-8, no control byte, no lone surrogate), the XML libxml2's parser;
 * each string must come back from both as emit_clean made it (the same
 * bytes when they were clean, else U+FFFD for each bad byte), with its
 * KEY_hex holding the original bytes.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "fuzz.h"
#include "util.h"

#define MAX_DEPTH 10 /* emit.c allows 15 open members */

static void
die(const char *what, const char *doc, size_t len)
{
	fprintf(stderr, "fuzz_json: %s\n%.*s\n", what, (int)(len > 4000 ? 4000 : len), doc);
	abort();
}

/*
 * The length of the UTF-8 character at S (N bytes left) and its code point,
 * 0 when it is not one: the shortest form, no surrogate, at most U+10FFFF.
 * Written apart from emit.c's, so that one's mistake shows in the other.
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	static const unsigned long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
				     : (s[0] & 0xF8) == 0xF0 ? 4 : 0;

	if (len == 0 || len > n)
		return 0;
	*cp = len == 1 ? s[0] : s[0] & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min[len] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* S is UTF-8 whose every character XML 1.0 carries. */
static bool
xml_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	unsigned long cp;

	for (size_t i = 0, len; i < n; i += len) {
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0 || (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xFFFE || cp == 0xFFFF)
			return false;
	}
	return true;
}

/* A strict JSON parser: syntax only, and every string it reads kept in STRINGS. */
struct jp {
	const unsigned char *s;
	size_t n, i;
	int depth;
	struct strv *strings;
};

static int j_value(struct jp *p);

static void
j_ws(struct jp *p)
{
	while (p->i < p->n && strchr(" \t\n\r", p->s[p->i]) != NULL && p->s[p->i] != '\0')
		p->i++;
}

static bool
j_lit(struct jp *p, const char *word)
{
	size_t len = strlen(word);

	if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
		return false;
	p->i += len;
	return true;
}

static int
j_hex4(struct jp *p, unsigned long *v)
{
	*v = 0;
	for (int k = 0; k < 4; k++, p->i++) {
		int c = p->i < p->n ? p->s[p->i] : -1;

		if (c >= '0' && c <= '9')
			*v = *v * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v = *v * 16 + (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v = *v * 16 + (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void
put_utf8(char *out, size_t *at, unsigned long cp)
{
	if (cp < 0x80) {
		out[(*at)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*at)++] = (char)(0xC0 | (cp >> 6));
		out[(*at)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		out[(*at)++] = (char)(0xE0 | (cp >> 12));
		out[(*at)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*at)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		out[(*at)++] = (char)(0xF0 | (cp >> 18));
		out[(*at)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[(*at)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[(*at)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static int
j_string(struct jp *p)
{
	char *out = xmalloc(p->n - p->i + 1); /* an escape never grows */
	size_t at = 0;

	p->i++; /* the opening quote */
	while (p->i < p->n && p->s[p->i] != '"') {
		unsigned long cp, lo;
		size_t len;

		if (p->s[p->i] < 0x20)
			goto bad; /* a raw control byte */
		if (p->s[p->i] != '\\') {
			len = utf8_decode(p->s + p->i, p->n - p->i, &cp);
			if (len == 0)
				goto bad;
			memcpy(out + at, p->s + p->i, len);
			at += len;
			p->i += len;
			continue;
		}
		if (++p->i >= p->n)
			goto bad;
		switch (p->s[p->i++]) {
		case '"': out[at++] = '"'; break;
		case '\\': out[at++] = '\\'; break;
		case '/': out[at++] = '/'; break;
		case 'b': out[at++] = '\b'; break;
		case 'f': out[at++] = '\f'; break;
		case 'n': out[at++] = '\n'; break;
		case 'r': out[at++] = '\r'; break;
		case 't': out[at++] = '\t'; break;
		case 'u':
			if (j_hex4(p, &cp) < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
				goto bad;
			if (cp >= 0xD800 && cp <= 0xDBFF) { /* a pair, or nothing */
				if (!j_lit(p, "\\u") || j_hex4(p, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
					goto bad;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (cp == 0)
				goto bad; /* not a C string any more: emit.c never writes one */
			put_utf8(out, &at, cp);
			break;
		default:
			goto bad;
		}
	}
	if (p->i >= p->n)
		goto bad;
	p->i++;
	out[at] = '\0';
	strv_take(p->strings, out);
	return 0;
bad:
	free(out);
	return -1;
}

static int
j_number(struct jp *p)
{
	size_t start = p->i;

	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (p->i < p->n && p->s[p->i] >= '1' && p->s[p->i] <= '9')
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	else
		return -1;
	if (p->i < p->n && p->s[p->i] == '.') {
		if (++p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return -1;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		if (++p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
			return -1;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	}
	return p->i > start ? 0 : -1;
}

/* An object (CLOSE '}') or an array (']'), from its opening bracket. */
static int
j_container(struct jp *p, char close)
{
	if (++p->depth > 64)
		return -1;
	p->i++;
	j_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		p->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (p->i >= p->n || p->s[p->i] != '"' || j_string(p) < 0)
				return -1;
			j_ws(p);
			if (p->i >= p->n || p->s[p->i++] != ':')
				return -1;
			j_ws(p);
		}
		if (j_value(p) < 0)
			return -1;
		j_ws(p);
		if (p->i >= p->n)
			return -1;
		if (p->s[p->i] == close) {
			p->i++;
			p->depth--;
			return 0;
		}
		if (p->s[p->i++] != ',')
			return -1;
		j_ws(p);
	}
}

static int
j_value(struct jp *p)
{
	if (p->i >= p->n)
		return -1;
	switch (p->s[p->i]) {
	case '{': return j_container(p, '}');
	case '[': return j_container(p, ']');
	case '"': return j_string(p);
	case 't': return j_lit(p, "true") ? 0 : -1;
	case 'f': return j_lit(p, "false") ? 0 : -1;
	case 'n': return j_lit(p, "null") ? 0 : -1;
	default: return j_number(p);
	}
}

/* The JSON text S (N bytes) is one object and nothing else; its strings in STRINGS. */
static void
check_json(const char *s, size_t n, struct strv *strings)
{
	struct jp p = { (const unsigned char *)s, n, 0, 0, strings };

	j_ws(&p);
	if (p.i >= n || s[p.i] != '{' || j_value(&p) < 0)
		die("not JSON", s, n);
	j_ws(&p);
	if (p.i != n)
		die("JSON, then more", s, n);
}

/* The text of every element of N and below that holds text only. */
static void
xml_strings(xmlNodePtr n, struct strv *strings)
{
	for (; n != NULL; n = n->next) {
		bool text_only = true;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNodePtr c = n->children; c != NULL; c = c->next)
			text_only &= c->type == XML_TEXT_NODE;
		if (text_only) {
			xmlChar *t = xmlNodeGetContent(n);

			strv_push(strings, t ? (const char *)t : "");
			xmlFree(t);
		} else {
			xml_strings(n->children, strings);
		}
	}
}

static void
check_xml(const char *s, size_t n, struct strv *strings)
{
	xmlDocPtr doc = xmlReadMemory(s, (int)n, "fuzz.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL || !xmlStrEqual(root->name, BAD_CAST "deafen"))
		die("not well-formed XML, or not <deafen>", s, n);
	xml_strings(root->children, strings);
	xmlFreeDoc(doc);
}

/* What every string written must come back as: emit_clean's text, and its hex. */
static void
expect(struct strv *want, const char *s)
{
	char *clean, *hex;
	bool changed = emit_clean(s, &clean, &hex);

	if (!xml_text(clean))
		die("emit_clean left what is not UTF-8 or XML", s, strlen(s));
	if (!changed && strcmp(clean, s) != 0)
		die("emit_clean changed a clean string", s, strlen(s));
	if (changed) {
		size_t n = strlen(s);

		if (hex == NULL || strlen(hex) != 2 * n)
			die("KEY_hex is not every byte", s, n);
		for (size_t i = 0; i < n; i++) {
			unsigned b;

			if (sscanf(hex + 2 * i, "%2x", &b) != 1 || b != (unsigned char)s[i])
				die("KEY_hex is not the bytes", s, n);
		}
		strv_push(want, hex);
	}
	strv_push(want, clean);
	free(clean);
	free(hex);
}

/* The calls of the document: the same for both formats. */
static void
build(struct emit *e, char *text, struct strv *want)
{
	int depth = 0;
	char *s = text, *line;

	emit_string(e, "text", text);
	if (want != NULL)
		expect(want, text);
	while ((line = strsep(&s, "\n")) != NULL) {
		unsigned op = (unsigned char)line[0];

		if (want != NULL)
			expect(want, line);
		switch (op % 6) {
		case 0:
			emit_string(e, "name", line);
			break;
		case 1: /* an object left open: later lines go into it */
			if (depth < MAX_DEPTH) {
				emit_object(e, "where");
				depth++;
			}
			emit_string(e, "file", line);
			break;
		case 2:
			emit_string(e, "value", line);
			if (depth > 0) {
				emit_end(e);
				depth--;
			}
			break;
		case 3: /* an array of strings: its KEY_hex is an array beside it */
			emit_array(e, "names", "name");
			emit_string(e, NULL, "clean");
			emit_string(e, NULL, line);
			emit_string(e, NULL, NULL);
			emit_end(e);
			break;
		case 4:
			emit_null(e, "program");
			emit_int(e, "line", (long long)strlen(line) * (op & 1 ? -1 : 1));
			emit_bool(e, "open", op & 8);
			emit_string(e, "detail", line);
			break;
		default: /* an array of objects */
			emit_array(e, "services", "service");
			emit_object(e, NULL);
			emit_string(e, "name", line);
			emit_array(e, "ports", "port");
			emit_end(e);
			emit_end(e);
			emit_end(e);
			break;
		}
	}
	/* emit_close ends what is left open */
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *input = fuzz_string(data, size);

	for (int fmt = EMIT_JSON; fmt <= EMIT_XML; fmt++) {
		struct strv want = { 0 }, got = { 0 };
		char *buf = NULL, *text = xstrdup(input);
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		struct emit *e;

		if (f == NULL)
			abort();
		e = emit_open(f, (enum emit_format)fmt);
		build(e, text, &want);
		if (emit_close(e) < 0)
			die("emit_close failed", input, strlen(input));
		fclose(f);
		if (fmt == EMIT_JSON)
			check_json(buf, len, &got);
		else
			check_xml(buf, len, &got);
		for (size_t i = 0; i < want.n; i++)
			if (!strv_contains(&got, want.v[i]))
				die("a string did not come back as emit_clean made it", buf, len);
		strv_free(&want);
		strv_free(&got);
		free(text);
		free(buf);
	}
	free(input);
	return 0;
}
