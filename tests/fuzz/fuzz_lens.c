/* fuzz_lens.c - one own lens through Augeas: put(get(x)) == x
 *
 * Built once per lens, with FUZZ_LENS the lens ("Deafen_inetd.lns"). One
 * Augeas handle with only the repository's lenses/ added to the load path,
 * nothing autoloaded; each input (skipped if it holds a NUL byte or one of
 * 1 to 4, which the tree loader refuses) is parsed with aug_text_store, and if the lens takes
 * it, written back from the unchanged tree with aug_text_retrieve: the
 * text must come back byte for byte, or apply would change lines it did
 * not mean to.
 */
#include <augeas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util.h"

#ifndef FUZZ_LENS
#error "FUZZ_LENS: the lens to fuzz, e.g. -DFUZZ_LENS='\"Deafen_inetd.lns\"'"
#endif

static augeas *aug;

static void
cleanup(void)
{
	aug_close(aug);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *lensdir = fuzz_lens_dir();

	(void)argc;
	(void)argv;
	aug = aug_init("/", lensdir, AUG_NO_MODL_AUTOLOAD | AUG_NO_LOAD | AUG_NO_ERR_CLOSE);
	if (aug == NULL || aug_error(aug) != AUG_NOERROR) {
		fprintf(stderr, "fuzz_lens: augeas: %s\n", aug ? aug_error_message(aug) : "no memory");
		abort();
	}
	/* compiles the lens now, and fails early if it is not there */
	if (aug_set(aug, "/text/in", "") < 0 || aug_text_store(aug, FUZZ_LENS, "/text/in", "/text/tree") < 0) {
		fprintf(stderr, "fuzz_lens: %s: %s: %s\n", FUZZ_LENS, aug_error_message(aug),
			aug_error_details(aug) ? aug_error_details(aug) : "");
		abort();
	}
	(void)aug_rm(aug, "/text");
	(void)aug_rm(aug, "/augeas/text");
	free(lensdir);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *out = NULL;
	char *text;

	/* what the tree loader never gives a lens: NUL, and bytes 1-4 (Augeas's own, see tree.c) */
	for (size_t i = 0; i < size; i++)
		if (data[i] <= 4)
			return 0;
	if (aug == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	text = fuzz_string(data, size);
	if (aug_set(aug, "/text/in", text) < 0)
		abort();
	/*
	 * A text that makes no node at all (blank lines, a script without
	 * headers) leaves Augeas no skeleton to write it back from: put would
	 * make it from the lens's defaults. deafen only writes a file it edits,
	 * which has nodes.
	 */
	if (aug_text_store(aug, FUZZ_LENS, "/text/in", "/text/tree") == 0 &&
	    aug_match(aug, "/text/tree/*", NULL) > 0) {
		if (aug_text_retrieve(aug, FUZZ_LENS, "/text/in", "/text/tree", "/text/out") < 0 ||
		    aug_get(aug, "/text/out", &out) != 1 || out == NULL) {
			fprintf(stderr, "fuzz_lens: %s parsed the input but cannot write it back: %s\n",
				FUZZ_LENS, aug_error_message(aug));
			abort();
		}
		if (strcmp(out, text) != 0) {
			fprintf(stderr, "fuzz_lens: %s: put(get(x)) != x\n--- x:\n%s\n--- put(get(x)):\n%s\n",
				FUZZ_LENS, text, out);
			abort();
		}
	}
	(void)aug_rm(aug, "/text");
	(void)aug_rm(aug, "/augeas/text");
	free(text);
	return 0;
}
