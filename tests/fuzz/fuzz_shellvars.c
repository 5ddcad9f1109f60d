/* fuzz_shellvars.c - the assignments of a shell variables file (shellvars_values)
 *
 * The first line of the input names the variable, the rest is the file.
 * Every value found is a part of the file that follows "NAME=" there.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "shellvars.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl = memchr(text, '\n', size);
	struct strv out = { 0 };
	char *name, *key;

	if (nl == NULL)
		return 0;
	name = xstrndup(text, (size_t)(nl - text));
	key = xasprintf("%s=", name);
	text = nl + 1;
	size -= (size_t)(text - (const char *)data);
	shellvars_values(text, size, name, &out);
	for (size_t i = 0; i < out.n; i++) {
		size_t k = strlen(out.v[i]), n = strlen(key);
		bool found = false;

		for (size_t at = 0; !found && at + n + k <= size; at++)
			found = memcmp(text + at, key, n) == 0 && memcmp(text + at + n, out.v[i], k) == 0;
		if (!found)
			abort();
	}
	strv_free(&out);
	free(key);
	free(name);
	return 0;
}
