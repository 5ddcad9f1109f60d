/* fuzz_scan.c - the /proc/net/{tcp,udp,tcp6,udp6} table parser of scan
 *
 * The first byte picks the table, the rest is its text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "scan.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6" };
	struct scan s = { 0 };
	char *text;

	if (size == 0)
		return 0;
	text = fuzz_string(data + 1, size - 1);
	if (scan_parse_proc(&s, tables[data[0] % 4], text) == 0) {
		for (size_t i = 0; i < s.n; i++)
			if (strnlen(s.v[i].addr, sizeof(s.v[i].addr)) == sizeof(s.v[i].addr) ||
			    s.v[i].port > 65535)
				abort();
	}
	scan_free(&s);
	free(text);
	error_clear();
	return 0;
}
