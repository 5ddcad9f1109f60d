/* fuzz_names.c - name matching: what a policy's names select on a root
 *
 * The inventory of fixtures/bigcat is built once. Each input is lines:
 * "kNAME,NAME..." is a --keep list, "dNAME,..." a --disable list, "m"
 * sets --mask; any other line is one name looked up as every command
 * does (names.h: own names, Provides, families, /etc/services, ports). Then
 * the policy selects, gives its verdicts and describes itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "inventory.h"
#include "knowledge.h"
#include "names.h"
#include "policy.h"
#include "source.h"
#include "tree.h"

static struct tree tree;
static struct inventory inv;
static char *root, *lensdir;

static void
cleanup(void)
{
	inventory_free(&inv);
	sources_close(&tree);
	free(root);
	free(lensdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	root = fuzz_src_path("fixtures/bigcat");
	lensdir = fuzz_lens_dir();
	if (sources_open(&tree, root, lensdir) < 0 || inventory_build(&tree, &inv) < 0) {
		fprintf(stderr, "fuzz_names: %s: %s\n", root, error_message());
		abort();
	}
	atexit(cleanup);
	return 0;
}

static void
lookup(const char *name)
{
	struct strv names = { 0 };
	const struct known *k = knowledge_find(name);
	bool *sel = xcalloc(inv.n + 1, sizeof(*sel));
	char *why = NULL;

	if (k != NULL && k->names == NULL)
		abort();
	(void)names_known(&inv, name);
	(void)names_select(&inv, name, sel, &why);
	(void)names_family(name);
	free(why);
	free(sel);
	(void)services_find(&inv.services, name, NULL);
	(void)services_find(&inv.services, name, "tcp");
	knowledge_expand(name, &names);
	services_expand(&inv.services, name, &names);
	for (size_t i = 0; i < inv.n; i++)
		(void)service_matches(&inv.v[i], name);
	strv_free(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), *s = text, *line;
	struct policy p = { 0 };
	bool *selected;

	if (inv.v == NULL && inv.n == 0 && tree.aug == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	while ((line = strsep(&s, "\n")) != NULL) {
		if (line[0] == 'k' || line[0] == 'd')
			(void)policy_add_list(&p, line + 1, line[0] == 'k');
		else if (line[0] == 'm')
			p.mask = true;
		else
			lookup(line);
		error_clear();
	}
	selected = xcalloc(inv.n + 1, sizeof(*selected));
	if (!policy_empty(&p)) {
		struct strv unmatched = { 0 };

		if (policy_select(&p, &inv, selected, &unmatched) == 0) {
			char *d = policy_describe(&p);

			policy_expansions(&p, &inv, &unmatched);

			for (size_t i = 0; i < inv.n; i++)
				if (policy_verdict(&p, &inv, &inv.v[i]) == NULL)
					abort();
			free(d);
		}
		strv_free(&unmatched);
	}
	free(selected);
	policy_free(&p);
	free(text);
	error_clear();
	return 0;
}
