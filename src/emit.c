/* emit.c - the one writer of deafen's JSON and XML (see emit.h) */
#include <errno.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "util.h"

#define EMIT_DEPTH 16

struct frame {
	bool array;
	size_t count;
	const char *key;  /* the member's name */
	const char *item; /* an array's items' name */
	struct strv hex;  /* an array of strings: each item's KEY_hex, "" if none */
	bool anyhex;
};

struct emit {
	FILE *f;
	enum emit_format fmt;
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	struct frame st[EMIT_DEPTH];
	size_t depth; /* st[0] is the document itself */
	int err;
};

/* The length of the UTF-8 character at S (N bytes left), 0 if there is none (emit.h). */
size_t
utf8_char(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	/* no overlong form, no surrogate, nothing above U+10FFFF */
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	*cp = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if (i > 1 && (s[i] < 0x80 || s[i] > 0xBF))
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return len;
}

/* A character XML 1.0 carries (JSON carries all of them). */
static bool
xml_char(unsigned cp)
{
	if (cp < 0x20)
		return cp == '\t' || cp == '\n' || cp == '\r';
	return cp != 0xFFFE && cp != 0xFFFF;
}

bool
emit_clean(const char *s, char **clean, char **hex)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), at = 0;
	bool bad = false;
	char *out = xmalloc(3 * n + 1);

	for (size_t i = 0; i < n;) {
		unsigned cp = 0;
		size_t len = utf8_char(p + i, n - i, &cp);

		if (len > 0 && xml_char(cp)) {
			memcpy(out + at, p + i, len);
			at += len;
			i += len;
			continue;
		}
		memcpy(out + at, "\xEF\xBF\xBD", 3); /* U+FFFD for this one byte */
		at += 3;
		i++;
		bad = true;
	}
	out[at] = '\0';
	*clean = out;
	*hex = NULL;
	if (bad) {
		*hex = xmalloc(2 * n + 1);
		for (size_t i = 0; i < n; i++)
			snprintf(*hex + 2 * i, 3, "%02x", p[i]);
		(*hex)[2 * n] = '\0';
	}
	return bad;
}

static void
json_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\r')
			fputs("\\r", f);
		else
			fputc(*s, f); /* emit_clean left no other control byte */
	}
	fputc('"', f);
}

static struct frame *
top(struct emit *e)
{
	return &e->st[e->depth];
}

/* The member's name: KEY in an object, the item's name in an array. */
static const char *
member_name(struct emit *e, const char *key)
{
	return top(e)->array ? top(e)->item : key;
}

/* JSON: the comma and the key before a member. */
static void
json_member(struct emit *e, const char *key)
{
	struct frame *t = top(e);

	if (t->count++ > 0)
		fputs(e->depth == 0 ? ",\n " : ", ", e->f);
	if (!t->array) {
		json_quoted(e->f, key);
		fputs(": ", e->f);
	}
}

static void
xml_check(struct emit *e, int rc)
{
	if (rc < 0 && e->err == 0)
		e->err = -EIO;
}

/* A scalar member: TEXT (already clean), or null when TEXT is NULL. */
static void
scalar(struct emit *e, const char *key, const char *text, bool quoted)
{
	if (e->fmt == EMIT_JSON) {
		json_member(e, key);
		if (text == NULL)
			fputs("null", e->f);
		else if (quoted)
			json_quoted(e->f, text);
		else
			fputs(text, e->f);
		return;
	}
	top(e)->count++;
	xml_check(e, xmlTextWriterStartElement(e->w, BAD_CAST member_name(e, key)));
	if (text == NULL)
		xml_check(e, xmlTextWriterWriteAttribute(e->w, BAD_CAST "null", BAD_CAST "true"));
	else
		xml_check(e, xmlTextWriterWriteString(e->w, BAD_CAST text));
	xml_check(e, xmlTextWriterEndElement(e->w));
}

static void
push(struct emit *e, const char *key, bool array, const char *item)
{
	struct frame *t;

	if (e->depth + 1 >= EMIT_DEPTH)
		abort(); /* a bug of the caller: documents are shallow */
	if (e->fmt == EMIT_JSON) {
		json_member(e, key);
		fputc(array ? '[' : '{', e->f);
	} else {
		top(e)->count++;
		xml_check(e, xmlTextWriterStartElement(e->w, BAD_CAST member_name(e, key)));
	}
	key = member_name(e, key);
	t = &e->st[++e->depth];
	memset(t, 0, sizeof(*t));
	t->array = array;
	t->key = key;
	t->item = item;
}

struct emit *
emit_open(FILE *f, enum emit_format fmt)
{
	struct emit *e = xcalloc(1, sizeof(*e));

	e->f = f;
	e->fmt = fmt;
	if (fmt == EMIT_JSON) {
		fputc('{', f);
	} else {
		e->buf = xmlBufferCreate();
		e->w = e->buf ? xmlNewTextWriterMemory(e->buf, 0) : NULL;
		if (e->w == NULL) {
			e->err = -ENOMEM;
		} else {
			xml_check(e, xmlTextWriterSetIndent(e->w, 1));
			xml_check(e, xmlTextWriterStartDocument(e->w, "1.0", "UTF-8", NULL));
			xml_check(e, xmlTextWriterStartElement(e->w, BAD_CAST "deafen"));
		}
	}
	emit_int(e, "format_version", EMIT_FORMAT_VERSION);
	return e;
}

void
emit_object(struct emit *e, const char *key)
{
	push(e, key, false, NULL);
}

void
emit_array(struct emit *e, const char *key, const char *item)
{
	push(e, key, true, item);
}

void
emit_end(struct emit *e)
{
	struct frame t;

	if (e->depth == 0)
		return;
	t = e->st[e->depth--];
	if (e->fmt == EMIT_JSON)
		fputc(t.array ? ']' : '}', e->f);
	else if (e->w != NULL)
		xml_check(e, xmlTextWriterEndElement(e->w));
	if (t.anyhex && !top(e)->array) {
		/* an array of strings: KEY_hex beside it, an item for each, null if clean */
		char *k = xasprintf("%s_hex", t.key);

		emit_array(e, k, t.item);
		for (size_t i = 0; i < t.hex.n; i++)
			emit_string(e, NULL, t.hex.v[i][0] ? t.hex.v[i] : NULL);
		emit_end(e);
		free(k);
	}
	strv_free(&t.hex);
}

void
emit_string(struct emit *e, const char *key, const char *s)
{
	char *clean, *hex, *k;
	struct frame *t = top(e);

	if (s == NULL) {
		scalar(e, key, NULL, true);
		if (t->array)
			strv_push(&t->hex, "");
		return;
	}
	emit_clean(s, &clean, &hex);
	scalar(e, key, clean, true);
	if (t->array) {
		strv_push(&t->hex, hex ? hex : "");
		t->anyhex = t->anyhex || hex != NULL;
	} else if (hex != NULL) {
		k = xasprintf("%s_hex", key);
		scalar(e, k, hex, true);
		free(k);
	}
	free(clean);
	free(hex);
}

void
emit_int(struct emit *e, const char *key, long long n)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", n);
	scalar(e, key, num, false);
}

void
emit_bool(struct emit *e, const char *key, bool b)
{
	scalar(e, key, b ? "true" : "false", false);
}

void
emit_null(struct emit *e, const char *key)
{
	scalar(e, key, NULL, false);
}

void
emit_raw_xml(struct emit *e, const char *xml)
{
	if (e->fmt == EMIT_XML && e->w != NULL)
		xml_check(e, xmlTextWriterWriteRaw(e->w, BAD_CAST xml));
}

int
emit_close(struct emit *e)
{
	int r;

	while (e->depth > 0)
		emit_end(e);
	if (e->fmt == EMIT_JSON) {
		fputs("}\n", e->f);
	} else if (e->w != NULL) {
		xml_check(e, xmlTextWriterEndElement(e->w));
		xml_check(e, xmlTextWriterEndDocument(e->w));
		xmlFreeTextWriter(e->w); /* flushes into the buffer */
		if (e->err == 0)
			fwrite(xmlBufferContent(e->buf), 1, (size_t)xmlBufferLength(e->buf), e->f);
	}
	if (e->buf != NULL)
		xmlBufferFree(e->buf);
	r = e->err;
	if (r == 0 && ferror(e->f))
		r = -EIO;
	for (size_t i = 0; i <= e->depth; i++)
		strv_free(&e->st[i].hex);
	free(e);
	return r;
}
