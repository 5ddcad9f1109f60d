/* fuzz_inetdput.c - the flagged entries spliced (inetd.c, render_inetd) against the whole-file put
 *
 * The input's first byte seeds the edits, the rest is etc/inetd.conf.
 * Entry K is flagged "disabled" (commented out, "#<off># ") or unflagged
 * (commented in) when bit K % 8 of the seed is set, in the tree, as plan
 * and enable do, with its action; then the file as the sources render
 * it (sources_render_files: the entries alone through the lens) must be
 * byte for byte what the whole-file put (tree_render) writes. At exit:
 * how many inputs were edited (FUZZ_STATS=1 prints it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "fuzz.h"
#include "source.h"
#include "tree.h"

static const char file[] = "etc/inetd.conf";
static char *root, *lensdir;
static unsigned long inputs;

static void
cleanup(void)
{
	if (getenv("FUZZ_STATS") != NULL)
		fprintf(stderr, "fuzz_inetdput: %lu inputs edited, 0 mismatches\n", inputs);
	free(root);
	free(lensdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	root = fuzz_scratch_dir();
	lensdir = fuzz_lens_dir();
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree t = { 0 };
	struct plan p = { 0 };
	char *path, *fnode = NULL, *pat = NULL, *whole = NULL, *outs[1] = { NULL };
	unsigned seed;
	int n = 0, r;

	if (size == 0)
		return 0;
	if (root == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	seed = data[0];
	path = xasprintf("%s/%s", root, file);
	fuzz_write(path, data + 1, size - 1);
	r = sources_open(&t, root, lensdir);
	if (r == 0) {
		fnode = tree_file_path(&t, file);
		pat = xasprintf("%s/service", fnode);
		n = aug_match(t.aug, pat, NULL);
	}
	for (int k = 1; r == 0 && k <= n; k++) {
		struct action *a;
		char *flag;

		if (!(seed & (1u << ((k - 1) % 8))))
			continue;
		a = plan_push(&p, ACT_INETD_OFF, 0);
		a->file = xstrdup(file);
		a->node = n == 1 ? xasprintf("%s/disabled", pat)
				 : xasprintf("%s[%d]/disabled", pat, k);
		flag = a->node;
		if (aug_match(t.aug, flag, NULL) > 0)
			r = aug_rm(t.aug, flag) < 0 ? -1 : 0;
		else
			r = aug_set(t.aug, flag, NULL) < 0 ? -1 : 0;
	}
	if (r == 0 && p.n > 0) {
		strv_push(&p.files, file);
		inputs++;
		if (sources_render_files(&t, &p, outs) < 0) {
			fprintf(stderr, "fuzz_inetdput: failed: %s\n", error_message());
			abort();
		}
		if (tree_render(&t, file, &whole) < 0) {
			fprintf(stderr, "fuzz_inetdput: rendered, but the whole put fails\n");
			abort();
		}
		if (strcmp(whole, outs[0]) != 0) {
			fprintf(stderr, "fuzz_inetdput: spliced != whole\n--- whole:\n%s--- spliced:\n%s",
				whole, outs[0]);
			abort();
		}
	}
	free(outs[0]);
	free(whole);
	free(pat);
	free(fnode);
	plan_free(&p);
	sources_close(&t);
	error_clear();
	fuzz_rm_rf(path);
	free(path);
	return 0;
}
