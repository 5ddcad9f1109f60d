/* cmd_backups.c - deafen backups: every saved backup, newest last */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "apply.h"
#include "deafen.h"
#include "emit.h"
#include "journal.h"

int
cmd_backups(struct deafen *d)
{
	char *base = NULL;
	struct backup *v = NULL;
	size_t n = 0;
	int r;

	r = backup_open_base(d->root, d->backup_dir, false, &base);
	if (r == -ENOENT) {
		error_clear();
		r = 0;
	}
	if (r == 0)
		r = backup_list(base, d->root, &v, &n);
	/* the journals are under the root: a "partly rolled back" is checked, not believed */
	for (size_t i = 0; r == 0 && i < n; i++) {
		struct strv w = { 0 };

		rollback_only_check(&v[i], d->root, &w);
		for (size_t k = 0; k < w.n; k++)
			note(d, "warning: %s", w.v[k]);
		strv_free(&w);
	}
	if (r == 0 && d->format != FORMAT_TEXT) {
		struct emit *e = report_open(d);

		emit_array(e, "backups", "backup");
		for (size_t i = 0; i < n; i++) {
			emit_object(e, NULL);
			emit_string(e, "id", v[i].id);
			emit_string(e, "time", v[i].time);
			emit_string(e, "policy", v[i].policy);
			emit_int(e, "files", (long long)v[i].nfiles);
			emit_int(e, "links", (long long)v[i].nlinks);
			emit_string(e, "state", backup_state_word(&v[i]));
			emit_array(e, "only", "name");
			for (size_t k = 0; k < v[i].only.n; k++)
				emit_string(e, NULL, v[i].only.v[k]);
			emit_end(e);
			emit_string(e, "overridden_by", v[i].overridden);
			emit_string(e, "error", v[i].error);
			emit_end(e);
		}
		emit_end(e);
		r = emit_close(e);
	} else if (r == 0) {
		if (n == 0)
			note(d, "no backup in %s", base);
		else
			printf("%-24s  %-20s  %5s  %5s  %-28s  %s\n", "ID", "TIME", "FILES",
			       "LINKS", "STATE", "POLICY");
		for (size_t i = 0; i < n; i++) {
			char *state = backup_state_text(&v[i]);

			tprintf(stdout, "%-24s  %-20s  %5zu  %5zu  %-28s  %s\n", v[i].id,
				v[i].time ? v[i].time : "?", v[i].nfiles, v[i].nlinks, state,
				v[i].error ? v[i].error : v[i].policy ? v[i].policy : "?");
			free(state);
		}
	}
	for (size_t i = 0; i < n; i++)
		backup_free(&v[i]);
	free(v);
	free(base);
	return r;
}
