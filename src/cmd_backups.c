/* cmd_backups.c - deafen backups: every saved backup, newest last */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "deafen.h"
#include "journal.h"

int
cmd_backups(struct deafen *d)
{
	char *base = backup_base(d->root, d->backup_dir);
	struct backup *v = NULL;
	size_t n = 0;
	int r;

	r = backup_check_base(base, false);
	if (r == -ENOENT) {
		error_clear();
		r = 0;
	}
	if (r == 0)
		r = backup_list(base, d->root, &v, &n);
	if (r == 0 && d->format == FORMAT_JSON) {
		fputs("{\"backups\": [", stdout);
		for (size_t i = 0; i < n; i++) {
			fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", stdout);
			json_string(stdout, v[i].id);
			fputs(", \"time\": ", stdout);
			json_string(stdout, v[i].time);
			fputs(", \"policy\": ", stdout);
			json_string(stdout, v[i].policy);
			printf(", \"files\": %zu, \"links\": %zu, \"state\": ", v[i].nfiles,
			       v[i].nlinks);
			json_string(stdout, backup_state_name(v[i].state));
			fputs("}", stdout);
		}
		fputs("\n]}\n", stdout);
	} else if (r == 0) {
		if (n == 0)
			note(d, "no backup in %s", base);
		else
			printf("%-24s  %-20s  %5s  %5s  %-28s  %s\n", "ID", "TIME", "FILES",
			       "LINKS", "STATE", "POLICY");
		for (size_t i = 0; i < n; i++)
			tprintf(stdout, "%-24s  %-20s  %5zu  %5zu  %-28s  %s\n", v[i].id,
			       v[i].time ? v[i].time : "?", v[i].nfiles, v[i].nlinks,
			       backup_state_name(v[i].state),
			       v[i].error ? v[i].error : v[i].policy ? v[i].policy : "?");
	}
	for (size_t i = 0; i < n; i++)
		backup_free(&v[i]);
	free(v);
	free(base);
	return r;
}
