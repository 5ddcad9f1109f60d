/* fuzz_policy.c - the policy file parser (policy_parse, what --policy FILE reads) */
#include <stdlib.h>

#include "fuzz.h"
#include "policy.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p = { 0 };

	if (policy_parse(&p, "fuzz.policy", (const char *)data, size) == 0) {
		char *d = policy_describe(&p);

		/* what a backup's manifest records must be one line */
		for (const char *c = d; *c; c++)
			if (*c == '\n')
				abort();
		free(d);
	}
	policy_free(&p);
	error_clear();
	return 0;
}
