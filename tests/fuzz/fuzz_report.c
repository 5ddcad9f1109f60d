/* fuzz_report.c - report's reader: json.c and fleet.c on any bytes
 *
 * The input is read by json.c as a stream of values: each one it accepts
 * must hold strict UTF-8 strings and no key twice in an object. Then it is
 * a host's file as report reads it (fleet.c): accepted or refused with an
 * error naming the file, never a crash, a leak or an out-of-bounds read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "fleet.h"
#include "fuzz.h"
#include "json.h"
#include "util.h"

static char *dir, *path;

static void
cleanup(void)
{
	free(path);
	free(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dir = fuzz_scratch_dir();
	path = xasprintf("%s/host1.list.json", dir);
	atexit(cleanup);
	return 0;
}

static void
check(const struct json *j, int depth)
{
	if (depth > JSON_MAX_DEPTH + 1)
		abort();
	if (j->type == JSON_STRING) {
		size_t n = strlen(j->str);
		unsigned cp;

		for (size_t i = 0, len; i < n; i += len)
			if ((len = utf8_char((const unsigned char *)j->str + i, n - i, &cp)) == 0)
				abort();
	}
	for (size_t i = 0; i < j->n; i++) {
		if (j->type == JSON_OBJECT)
			for (size_t k = 0; k < i; k++)
				if (streq(j->keys[k], j->keys[i]))
					abort();
		check(&j->v[i], depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_reader r;
	struct json j;
	struct fleet f = { 0 };
	int rc;

	json_reader_init(&r, (const char *)data, size);
	while ((rc = json_next(&r, &j)) > 0) {
		check(&j, 0);
		json_free(&j);
	}
	error_clear();
	fuzz_write(path, data, size);
	if (fleet_read(&f, path) < 0 && strncmp(error_message(), path, strlen(path)) != 0) {
		fprintf(stderr, "fuzz_report: an error that does not name the file: %s\n",
			error_message());
		abort();
	}
	fleet_finish(&f);
	fleet_free(&f);
	error_clear();
	return 0;
}
