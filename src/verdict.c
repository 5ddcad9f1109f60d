/* verdict.c - the verdict list and scan show: the policy's, and "keep" for
 * what stays with what stays (needs.c), as plan and apply decide it */
#include <stdlib.h>

#include "deafen.h"
#include "session.h"

void
verdicts_prepare(struct deafen *d)
{
	bool *selected;
	struct session sess;

	if (policy_empty(&d->policy) || d->needs.why != NULL)
		return;
	selected = xcalloc(d->inv.n + 1, sizeof(*selected));
	if (policy_select(&d->policy, &d->inv, selected, NULL) == 0) {
		session_find(&sess);
		needs_resolve(&d->policy, &d->inv, &sess, d->allow_lockout, selected, &d->needs);
		session_free(&sess);
	} else {
		/* the verdicts only: an unknown name is plan's and apply's to refuse */
		error_clear();
	}
	free(selected);
}

const char *
verdict_of(const struct deafen *d, const struct service *s)
{
	size_t i = (size_t)(s - d->inv.v);

	if (d->needs.why != NULL && i < d->needs.n && d->needs.why[i] != NULL)
		return "keep";
	return policy_verdict(&d->policy, &d->inv, s);
}
