/* fuzz_xinetdput.c - the changed attributes spliced (xinetdput.c) against the whole-file put
 *
 * The input's first byte seeds the edits, the rest is etc/xinetd.d/fuzz
 * (included by an xinetd.conf). Each service block gets, by two bits of
 * the seed, no edit, its "disable" (spelled as in the file, or added as
 * its last line: what plan does) set to "yes" or "no", or the first of
 * its attributes named like one of its nodes set to "yes". The edits are
 * made in the tree as plan makes them, with their actions; then the file
 * written the fast way (xinetd_put_changed) must be byte for byte what
 * the whole-file put (tree_render) writes. At exit: how many inputs were
 * spliced, how many went whole (FUZZ_STATS=1 prints it).
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
static const char file[] = "etc/xinetd.d/fuzz";
static char *root, *lensdir;
static unsigned long inputs, spliced;

static void
cleanup(void)
{
	if (getenv("FUZZ_STATS") != NULL)
		fprintf(stderr, "fuzz_xinetdput: %lu inputs edited, %lu spliced, 0 mismatches\n",
			inputs, spliced);
	free(root);
	free(lensdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *p;

	(void)argc;
	(void)argv;
	root = fuzz_scratch_dir();
	lensdir = fuzz_lens_dir();
	p = xasprintf("%s/etc/xinetd.conf", root);
	fuzz_write(p, xinetd_conf, strlen(xinetd_conf));
	free(p);
	atexit(cleanup);
	return 0;
}

/* The label of path P's last step, without its index. */
static char *
last_label(const char *p)
{
	const char *s = strrchr(p, '/');
	size_t n;

	s = s ? s + 1 : p;
	n = strcspn(s, "[");
	return xstrndup(s, n);
}

/* Block BLOCK's edit by MODE (1-3; see above), made in the tree and pushed to P. */
static int
edit(struct tree *t, const char *block, unsigned mode, unsigned pick, struct plan *p)
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
	a->file = xstrdup(file);
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree t = { 0 };
	struct plan p = { 0 };
	char *path, *fnode = NULL, *pat = NULL, *whole = NULL, *outs[1] = { NULL };
	unsigned seed;
	int nb = 0, r;

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
		nb = aug_match(t.aug, pat, NULL);
	}
	for (int k = 1; r == 0 && k <= nb; k++) {
		unsigned mode = (seed >> (2 * ((k - 1) % 4))) & 3;
		char *block = nb == 1 ? xstrdup(pat) : xasprintf("%s[%d]", pat, k);

		if (mode != 0 && edit(&t, block, mode, (unsigned)k + seed, &p) < 0)
			r = -1;
		free(block);
	}
	if (r == 0 && p.n > 0) {
		strv_push(&p.files, file);
		inputs++;
		if (xinetd_put_changed(&t, &p, outs) < 0) {
			fprintf(stderr, "fuzz_xinetdput: failed: %s\n", error_message());
			abort();
		}
		if (outs[0] != NULL) {
			spliced++;
			if (tree_render(&t, file, &whole) < 0) {
				fprintf(stderr, "fuzz_xinetdput: spliced, but the whole put fails\n");
				abort();
			}
			if (strcmp(whole, outs[0]) != 0) {
				fprintf(stderr, "fuzz_xinetdput: spliced != whole\n--- whole:\n%s--- spliced:\n%s",
					whole, outs[0]);
				abort();
			}
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
