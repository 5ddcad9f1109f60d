/* fuzz_put.c - the changed nodes spliced against the whole-file put
 *
 * plan and apply write an xinetd file by putting only the attributes
 * they changed through the lens (xinetdput.c), and inetd.conf by putting
 * only the entries they flag (inetd.c, render_inetd), and splice those
 * into the text. Here that must give, byte for byte, what the whole-file
 * put (tree_render) writes. The input's first byte picks the file (bit
 * 0: etc/inetd.conf, else etc/xinetd.d/fuzz, included by an xinetd.conf),
 * the second seeds the edits, the rest is the file:
 *  - xinetd: service block K gets, by two bits of the seed, no edit, its
 *    "disable" (spelled as in the file, else added as its last line: what
 *    plan does) set to "yes" or "no", or the first of its attributes
 *    named like one of its nodes set to "yes";
 *  - inetd: entry K is flagged "disabled" (commented out) or unflagged
 *    (commented in) when bit K % 8 of the seed is set.
 * The edits are made in the tree as plan makes them, with their actions.
 * FUZZ_STATS=1 prints at exit how many inputs were edited and how many
 * xinetd ones spliced (the others went whole through the lens).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "fuzz.h"
#include "source.h"
#include "tree.h"
#include "xinetdput.h"

static const char xinetd_conf[] = "defaults\n{\n}\nincludedir /etc/xinetd.d\n";
static const char *const files[] = { "etc/xinetd.d/fuzz", "etc/inetd.conf" };
static char *root, *lensdir;
static unsigned long edited, spliced;

static void
cleanup(void)
{
	if (getenv("FUZZ_STATS") != NULL)
		fprintf(stderr, "fuzz_put: %lu inputs edited, %lu xinetd ones spliced, 0 mismatches\n",
			edited, spliced);
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

/* The label of path P's last step, without its index. */
static char *
last_label(const char *p)
{
	const char *s = strrchr(p, '/');

	s = s ? s + 1 : p;
	return xstrndup(s, strcspn(s, "["));
}

/* Block BLOCK's edit by MODE (1-3; see above), made in the tree and pushed to P. */
static int
edit_block(struct tree *t, const char *block, unsigned mode, unsigned pick, struct plan *p)
{
	char *pat = xasprintf("%s/*", block), **kids = NULL, *label = NULL;
	int n = aug_match(t->aug, pat, &kids), r = 0;
	struct action *a;

	for (int i = 0; n > 0 && label == NULL && i < n; i++) {
		char *l = last_label(kids[(i + (int)pick) % n]);

		if (mode == 3 ? l[0] != '#' : strcasecmp(l, "disable") == 0)
			label = l;
		else
			free(l);
	}
	if (mode == 3 && label == NULL)
		goto out;
	a = plan_push(p, ACT_XINETD_OFF, 0);
	a->file = xstrdup(files[0]);
	a->value = mode == 2 ? "no" : "yes";
	a->added = label == NULL;
	a->node = label ? xasprintf("%s/%s[1]", block, label) : xasprintf("%s/disable", block);
	if (aug_set(t->aug, a->node, a->value) < 0)
		r = -1;
out:
	for (int i = 0; i < n; i++)
		free(kids[i]);
	free(kids);
	free(label);
	free(pat);
	return r;
}

/* Entry ENTRY's flag turned over, in the tree and pushed to P. */
static int
edit_entry(struct tree *t, const char *entry, struct plan *p)
{
	struct action *a = plan_push(p, ACT_INETD_OFF, 0);

	a->file = xstrdup(files[1]);
	a->node = xasprintf("%s/disabled", entry);
	if (aug_match(t->aug, a->node, NULL) > 0)
		return aug_rm(t->aug, a->node) < 0 ? -1 : 0;
	return aug_set(t->aug, a->node, NULL) < 0 ? -1 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree t = { 0 };
	struct plan p = { 0 };
	char *path, *conf, *pat = NULL, *whole = NULL, *outs[1] = { NULL };
	bool inetd;
	unsigned seed;
	int n = 0, r;

	if (size < 2)
		return 0;
	if (root == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	inetd = data[0] & 1;
	seed = data[1];
	path = xasprintf("%s/%s", root, files[inetd]);
	conf = xasprintf("%s/etc/xinetd.conf", root);
	fuzz_write(path, data + 2, size - 2);
	if (!inetd)
		fuzz_write(conf, xinetd_conf, strlen(xinetd_conf));
	r = sources_open(&t, root, lensdir);
	if (r == 0) {
		char *fnode = tree_file_path(&t, files[inetd]);

		pat = xasprintf("%s/service", fnode);
		n = aug_match(t.aug, pat, NULL);
		free(fnode);
	}
	for (int k = 1; r == 0 && k <= n; k++) {
		char *node = n == 1 ? xstrdup(pat) : xasprintf("%s[%d]", pat, k);
		unsigned mode = (seed >> (2 * ((k - 1) % 4))) & 3;

		if (inetd && (seed & (1u << ((k - 1) % 8))))
			r = edit_entry(&t, node, &p);
		else if (!inetd && mode != 0)
			r = edit_block(&t, node, mode, (unsigned)k + seed, &p);
		free(node);
	}
	if (r == 0 && p.n > 0) {
		strv_push(&p.files, files[inetd]);
		edited++;
		/* xinetd: the splice itself, to count it; inetd: as plan renders */
		r = inetd ? sources_render_files(&t, &p, outs) : xinetd_put_changed(&t, &p, outs);
		if (r < 0) {
			fprintf(stderr, "fuzz_put: %s: failed: %s\n", files[inetd], error_message());
			abort();
		}
		spliced += !inetd && outs[0] != NULL;
		if (outs[0] != NULL && tree_render(&t, files[inetd], &whole) < 0) {
			fprintf(stderr, "fuzz_put: %s: spliced, but the whole put fails\n", files[inetd]);
			abort();
		}
		if (outs[0] != NULL && strcmp(whole, outs[0]) != 0) {
			fprintf(stderr, "fuzz_put: %s: spliced != whole\n--- whole:\n%s--- spliced:\n%s",
				files[inetd], whole, outs[0]);
			abort();
		}
	}
	free(outs[0]);
	free(whole);
	free(pat);
	plan_free(&p);
	sources_close(&t);
	error_clear();
	fuzz_rm_rf(path);
	fuzz_rm_rf(conf);
	free(conf);
	free(path);
	return 0;
}
