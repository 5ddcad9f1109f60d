/* emit.h - every command's JSON and XML: one writer, one shape, always valid
 *
 * A document is a tree of objects, arrays and scalars with names; the JSON
 * and the XML of it carry the same names (a JSON key is an XML element; an
 * array's items are elements named after the item, "service" in
 * "services"). Text from the root is untrusted bytes: what is not UTF-8,
 * or a character XML cannot carry (a control byte but tab, newline, CR),
 * becomes U+FFFD, and the raw bytes follow losslessly in a sibling KEY_hex
 * (lowercase hex of every byte of the value), so both formats always parse.
 */
#ifndef DEAFEN_EMIT_H
#define DEAFEN_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define EMIT_FORMAT_VERSION 1

enum emit_format { EMIT_JSON, EMIT_XML };

struct emit;

/*
 * A document on F: a JSON object, or the XML element <deafen>, whose
 * first member is "format_version". Written to F by emit_close.
 */
struct emit *emit_open(FILE *f, enum emit_format fmt);

/* Ends every open object and array, writes the document: 0 or -errno. */
int emit_close(struct emit *e);

/*
 * Members. KEY names the member in an object; in an array the item's name
 * (given to emit_array) is used and KEY is ignored (may be NULL).
 */
void emit_object(struct emit *e, const char *key);
/* An array whose items are named ITEM in XML. */
void emit_array(struct emit *e, const char *key, const char *item);
void emit_end(struct emit *e);
/* S NULL is null. */
void emit_string(struct emit *e, const char *key, const char *s);
void emit_int(struct emit *e, const char *key, long long n);
void emit_bool(struct emit *e, const char *key, bool b);
void emit_null(struct emit *e, const char *key);
/* XML only: a serialised element (list's Augeas tree) as it is; JSON ignores it. */
void emit_raw_xml(struct emit *e, const char *xml);

/*
 * The length of the strict UTF-8 character at S (N bytes left, N > 0) and its
 * code point in *CP: 0 for an overlong form, a surrogate, above U+10FFFF.
 */
size_t utf8_char(const unsigned char *s, size_t n, unsigned *cp);

/*
 * S as it is written: *CLEAN (allocated) with each byte that is not UTF-8
 * and each character XML cannot carry as U+FFFD. Returns true and sets
 * *HEX (allocated, every byte of S in hex) when it changed anything, else
 * false and *HEX = NULL.
 */
bool emit_clean(const char *s, char **clean, char **hex);

#endif
