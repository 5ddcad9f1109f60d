/* fuzz_tree.c - the real tree loader, inventory, plan and diff on a scratch root
 *
 * What `deafen --root R plan --keep ssh` does, on a root made once with
 * empty rc and unit directories, and per input only what its file needs:
 * an xinetd.conf that includes xinetd.d for an xinetd file, an
 * /etc/services for inetd.conf (each file there costs a lens for every
 * input: both on every input halved the rate). The first byte of the
 * input picks the file the rest becomes (and its style and --mask):
 *   0 etc/inetd.conf   1 etc/xinetd.d/fuzz
 *   2 etc/init.d/fuzz, started by etc/rc2.d/S20fuzz and stopped by etc/rc0.d/K80fuzz
 *   3 lib/systemd/system/fuzz.service, enabled by a multi-user.target.wants link
 * Bit 2 is --mask, bits 3-4 the style (auto, debian, debian-legacy, redhat).
 * A file the loader takes (but an init script, which deafen never writes)
 * must render back unchanged: put(get(x)) == x.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "fuzz.h"
#include "inventory.h"
#include "plan.h"
#include "policy.h"
#include "source.h"
#include "tree.h"

static const char services[] =
	"ftp\t\t21/tcp\n"
	"ssh\t\t22/tcp\n"
	"telnet\t\t23/tcp\n"
	"smtp\t\t25/tcp\t\tmail\n"
	"time\t\t37/tcp\t\ttimserver\n"
	"time\t\t37/udp\t\ttimserver\n"
	"tftp\t\t69/udp\n"
	"finger\t\t79/tcp\n"
	"http\t\t80/tcp\t\twww\n"
	"sunrpc\t\t111/tcp\t\tportmapper\n"
	"auth\t\t113/tcp\t\ttap ident\n"
	"exec\t\t512/tcp\n"
	"login\t\t513/tcp\n"
	"shell\t\t514/tcp\t\tcmd\n"
	"printer\t\t515/tcp\t\tspooler\n";

static const char xinetd_conf[] = "defaults\n{\n}\nincludedir /etc/xinetd.d\n";

static const char *const files[] = {
	"etc/inetd.conf",
	"etc/xinetd.d/fuzz",
	"etc/init.d/fuzz",
	"lib/systemd/system/fuzz.service",
};

static char *root, *lensdir;
static struct policy policy;

static void
cleanup(void)
{
	policy_free(&policy);
	free(root);
	free(lensdir);
}

static void
make_dir(const char *rel)
{
	char *p = xasprintf("%s/%s/.keep", root, rel);

	fuzz_write(p, "", 0); /* makes the directories */
	fuzz_rm_rf(p);
	free(p);
}

static void
put(const char *rel, const void *data, size_t len)
{
	char *p = xasprintf("%s/%s", root, rel);

	fuzz_write(p, data, len);
	free(p);
}

static void
link_at(const char *rel, const char *target)
{
	char *p = xasprintf("%s/%s", root, rel);

	if (symlink(target, p) < 0 && errno != EEXIST)
		abort();
	free(p);
}

static void
remove_at(const char *rel)
{
	char *p = xasprintf("%s/%s", root, rel);

	fuzz_rm_rf(p);
	free(p);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	root = fuzz_scratch_dir();
	lensdir = fuzz_lens_dir();
	make_dir("etc/xinetd.d");
	make_dir("etc/init.d");
	make_dir("etc/rc0.d");
	make_dir("etc/rc2.d");
	make_dir("etc/systemd/system/multi-user.target.wants");
	make_dir("lib/systemd/system");
	if (policy_add_list(&policy, "ssh", true) < 0)
		abort();
	atexit(cleanup);
	return 0;
}

/* The file's text as the loader parsed it: a missing last newline is
 * added, to an empty file too (Augeas's append_newline). */
static char *
as_loaded(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	if (size == 0 || data[size - 1] != '\n') {
		char *s2 = xasprintf("%s\n", s);

		free(s);
		s = s2;
	}
	return s;
}

/* Has FILE a node in the tree? One without leaves Augeas nothing to write back from. */
static bool
has_nodes(const struct tree *t, const char *file)
{
	char *node = tree_file_path(t, file), *pat = xasprintf("%s/*", node);
	int n = aug_match(t->aug, pat, NULL);

	free(pat);
	free(node);
	return n > 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tree t = { 0 };
	struct inventory inv = { 0 };
	struct plan p = { 0 };
	bool *selected = NULL;
	unsigned which;
	enum style style;
	char *diff = NULL, *rendered = NULL;
	size_t difflen = 0;
	int r;

	if (size == 0)
		return 0;
	if (root == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	which = data[0] % 4;
	style = (enum style)((data[0] >> 3) % 4);
	policy.mask = data[0] & 4;
	put(files[which], data + 1, size - 1);
	if (which == 0)
		put("etc/services", services, strlen(services));
	else
		remove_at("etc/services");
	if (which == 1)
		put("etc/xinetd.conf", xinetd_conf, strlen(xinetd_conf));
	else
		remove_at("etc/xinetd.conf");
	if (which == 2) {
		link_at("etc/rc2.d/S20fuzz", "../init.d/fuzz");
		link_at("etc/rc0.d/K80fuzz", "../init.d/fuzz");
	} else if (which == 3) {
		link_at("etc/systemd/system/multi-user.target.wants/fuzz.service",
			"/lib/systemd/system/fuzz.service");
	}

	r = sources_open(&t, root, lensdir);
	if (r == 0)
		r = inventory_build(&t, &inv);
	/* init scripts are read as they are, binary or not, and never written */
	if (r == 0 && which != 2 && has_nodes(&t, files[which])) {
		char *x = as_loaded(data + 1, size - 1);

		if (tree_render(&t, files[which], &rendered) < 0) {
			fprintf(stderr, "fuzz_tree: %s was loaded and cannot be written back: %s\n",
				files[which], error_message());
			abort();
		}
		if (strcmp(x, rendered) != 0) {
			fprintf(stderr, "fuzz_tree: %s: put(get(x)) != x\n--- x:\n%s--- rendered:\n%s",
				files[which], x, rendered);
			abort();
		}
		free(x);
	}
	error_clear();
	if (r == 0) {
		selected = xcalloc(inv.n + 1, sizeof(*selected));
		r = policy_select(&policy, &inv, selected, NULL);
	}
	if (r == 0)
		r = plan_build(&t, &inv, selected, NULL, style, policy.mask, &p);
	if (r == 0) {
		FILE *f = open_memstream(&diff, &difflen);

		(void)diff_plan(&t, &p, f, (data[0] & 32) != 0);
		fclose(f);
	}
	free(diff);
	free(rendered);
	free(selected);
	plan_free(&p);
	inventory_free(&inv);
	sources_close(&t);
	error_clear();

	remove_at(files[which]);
	if (which == 2) {
		remove_at("etc/rc2.d/S20fuzz");
		remove_at("etc/rc0.d/K80fuzz");
	} else if (which == 3) {
		remove_at("etc/systemd/system/multi-user.target.wants/fuzz.service");
	}
	return 0;
}
