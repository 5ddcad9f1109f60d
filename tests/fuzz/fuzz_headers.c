/* fuzz_headers.c - the init script header cutter (headers_cut, src/headers.c)
 *
 * Every line it writes is a line of the script (up to a NUL, as Augeas reads
 * it), at the line number it gives, in order; nothing else is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "headers.h"

/* Line K (from 1) of TEXT (LEN bytes): start and length, without the newline. */
static const char *
nth_line(const char *text, size_t len, size_t k, size_t *n)
{
	const char *s = text, *end = text + len, *nl;

	while (--k > 0) {
		if ((nl = memchr(s, '\n', (size_t)(end - s))) == NULL)
			return NULL;
		s = nl + 1;
	}
	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', (size_t)(end - s));
	*n = nl ? (size_t)(nl - s) : (size_t)(end - s);
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t len = strnlen(text, size), olen = 0, *lines = NULL, n, at = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &olen);

	if (f == NULL)
		return 0;
	n = headers_cut((const char *)data, size, f, &lines);
	fclose(f);
	for (size_t k = 0; k < n; k++) {
		size_t ln = 0;
		const char *want = nth_line(text, len, lines[k], &ln), *nl;

		if (k > 0 && lines[k] <= lines[k - 1])
			abort(); /* in order */
		if (want == NULL || at + ln + 1 > olen || memcmp(out + at, want, ln) != 0 ||
		    out[at + ln] != '\n')
			abort(); /* the script's own line */
		nl = memchr(want, '\n', ln);
		if (nl != NULL)
			abort();
		at += ln + 1;
	}
	if (at != olen)
		abort(); /* nothing else */
	free(lines);
	free(out);
	return 0;
}
