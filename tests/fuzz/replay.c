/* replay.c - feeds files to a fuzzing harness, without libFuzzer
 *
 * replay DIR|FILE...: every regular file of each DIR (sorted by name, not
 * recursive) and each FILE goes to LLVMFuzzerTestOneInput once, as
 * libFuzzer would give it. Built with the project's compiler and flags
 * (and SANITIZE=1, VALGRIND=1), it is the regression test of the corpora
 * in `make check`: a crash, a sanitizer report or a leak fails it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util.h"

/* Harnesses without one leave it undefined. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int
run_file(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	int r = read_file(path, &buf, &len);

	if (r < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(-r));
		return -1;
	}
	/* an exact copy, so that ASan sees a read past its end */
	uint8_t *data = xmalloc(len ? len : 1);

	memcpy(data, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	error_clear();
	return 0;
}

int
main(int argc, char **argv)
{
	size_t total = 0;
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct strv files = { 0 };
		struct dirent *de;
		struct stat st;
		DIR *d;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			failed |= run_file(argv[i]) < 0;
			total++;
			continue;
		}
		d = opendir(argv[i]);
		while (d != NULL && (de = readdir(d)) != NULL) {
			char *p = xasprintf("%s/%s", argv[i], de->d_name);

			if (de->d_name[0] != '.' && stat(p, &st) == 0 && S_ISREG(st.st_mode))
				strv_take(&files, p);
			else
				free(p);
		}
		if (d != NULL)
			closedir(d);
		strv_sort(&files);
		for (size_t k = 0; k < files.n; k++) {
			failed |= run_file(files.v[k]) < 0;
			total++;
		}
		strv_free(&files);
	}
	fprintf(stderr, "%s: %zu inputs replayed%s\n", base_name(argv[0]), total,
		failed ? ", some could not be read" : "");
	return failed ? 1 : 0;
}
