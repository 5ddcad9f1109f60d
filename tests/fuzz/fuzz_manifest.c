/* fuzz_manifest.c - the backup reader (backup_load, backup_list) on a scratch base
 *
 * The input is BASE/ID/manifest; what follows its first NUL byte, if any,
 * is BASE/ID/journal. Both are read by the real loader, as rollback,
 * verify and backups read them: the newest backup of a root, one by id,
 * and the listing of every backup.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "journal.h"

static char *base, *manifest, *journal;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	base = fuzz_scratch_dir();
	manifest = xasprintf("%s/20000101T000000.000000Z/manifest", base);
	journal = xasprintf("%s/20000101T000000.000000Z/journal", base);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	struct backup b = { .journal = -1 }, *v = NULL;
	size_t n = 0;

	if (base == NULL)
		LLVMFuzzerInitialize(NULL, NULL);
	fuzz_write(manifest, data, nul ? (size_t)(nul - data) : size);
	if (nul != NULL)
		fuzz_write(journal, nul + 1, size - (size_t)(nul - data) - 1);
	else
		fuzz_rm_rf(journal);

	(void)backup_load(&b, base, NULL, "/fuzz/root");
	backup_free(&b);
	error_clear();
	if (backup_load(&b, base, "20000101T000000.000000Z", NULL) == 0) {
		/* what rollback does with it: every path inside the root */
		for (size_t i = 0; i < b.n; i++)
			if (b.steps[i].kind == STEP_FILE ? b.steps[i].path == NULL
							 : b.steps[i].dir == NULL)
				abort();
		(void)backup_state_name(b.state);
	}
	backup_free(&b);
	error_clear();
	if (backup_list(base, NULL, &v, &n) == 0)
		for (size_t i = 0; i < n; i++) {
			(void)backup_state_name(v[i].state);
			backup_free(&v[i]);
		}
	free(v);
	error_clear();
	return 0;
}
