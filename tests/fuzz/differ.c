/* differ.c - a reader in C against the lens it stands in for (fuzz_services, fuzz_unitfile)
 *
 * deafen reads /etc/services and unit files in C; the lens reads them only
 * for list --format xml. Both must take the same texts and make the same
 * tree: each input goes through both, and any difference aborts.
 */
#include <augeas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "differ.h"
#include "fuzz.h"
#include "snapshot.h"
#include "tree.h"
#include "util.h"

static augeas *aug;

static void
cleanup(void)
{
	aug_close(aug);
}

/* A and B the same, but for B's unlabelled nodes (Augeas's blank lines), which a reader drops. */
static bool
same(const struct snode *a, const struct snode *b, bool top)
{
	size_t j = 0;

	if (!top && (!streq(a->label, b->label) ||
		     (a->value == NULL) != (b->value == NULL) ||
		     (a->value != NULL && !streq(a->value, b->value))))
		return false;
	for (size_t i = 0; i < a->n; i++, j++) {
		while (j < b->n && *b->kids[j].label == '\0')
			j++;
		if (j == b->n || !same(&a->kids[i], &b->kids[j], false))
			return false;
	}
	while (j < b->n && *b->kids[j].label == '\0')
		j++;
	return j == b->n;
}

static void
dump(const struct snode *n, int depth)
{
	fprintf(stderr, "%*s%s%s%s\n", 2 * depth, "", n->label, n->value ? " = " : "",
		n->value ? n->value : "");
	for (size_t i = 0; i < n->n; i++)
		dump(&n->kids[i], depth + 1);
}

void
fuzz_differ(const uint8_t *data, size_t size, const char *lens,
	    int (*parse)(const char *file, const char *text, size_t len, struct snode *out))
{
	struct tree t = { 0 };
	struct snode mine, theirs;
	char *text;
	size_t len;
	int c, a;

	/* what the tree loader never gives a reader: NUL, and bytes 1-4 (Augeas's own, see tree.c) */
	for (size_t i = 0; i < size; i++)
		if (data[i] <= 4)
			return;
	if (aug == NULL) {
		char *lensdir = fuzz_lens_dir();

		aug = aug_init("/", lensdir, AUG_NO_MODL_AUTOLOAD | AUG_NO_LOAD | AUG_NO_ERR_CLOSE);
		free(lensdir);
		if (aug == NULL || aug_error(aug) != AUG_NOERROR)
			abort();
		atexit(cleanup);
	}
	/* as aug_load reads a file: a missing last newline added, to an empty file too */
	text = xasprintf("%.*s%s", (int)size, (const char *)data,
			 size == 0 || data[size - 1] != '\n' ? "\n" : "");
	len = strlen(text);
	c = parse("input", (const char *)data, size, &mine);
	error_clear();
	if (aug_set(aug, "/text/in", text) < 0)
		abort();
	a = aug_text_store(aug, lens, "/text/in", "/text/tree");
	if ((c == 0) != (a == 0)) {
		fprintf(stderr, "fuzz_differ: %s %s the input, the reader in C %s it:\n%s", lens,
			a == 0 ? "reads" : "refuses", c == 0 ? "reads" : "refuses", text);
		abort();
	}
	if (a == 0) {
		t.aug = aug;
		if (snapshot_take(&t, "/text/tree", &theirs) < 0)
			abort();
		if (!same(&mine, &theirs, true)) {
			fprintf(stderr, "fuzz_differ: %s and the reader in C make different trees of:\n%s"
					"--- the reader's:\n", lens, text);
			dump(&mine, 0);
			fprintf(stderr, "--- the lens's:\n");
			dump(&theirs, 0);
			abort();
		}
		snapshot_free(&theirs);
		snapshot_free(&mine);
	}
	(void)aug_rm(aug, "/text");
	(void)aug_rm(aug, "/augeas/text");
	(void)len;
	free(text);
}
