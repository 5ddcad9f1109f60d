/* inventory.c - every service the root's configuration can start
 *
 * One pass over the tree: inetd entries, xinetd blocks, init scripts. Each
 * service gets every name an administrator may call it by, so that a policy
 * can say "rsh" for inetd's "shell" or "named" for bind9.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "daemonconf.h"
#include "headers.h"
#include "inetdtext.h"
#include "inventory.h"
#include "knowledge.h"
#include "listen.h"
#include "rclinks.h"
#include "root.h"
#include "snapshot.h"
#include "systemd.h"
#include "tree.h"

int
inventory_build(const struct tree *t, struct inventory *inv)
{
	struct snode files;
	int r;

	memset(inv, 0, sizeof(*inv));
	/* one copy of the files' trees, walked without a lookup from the root a node */
	if ((r = snapshot_take(t, "/files", &files)) < 0)
		return r;
	if ((r = services_load(t, &inv->services)) == 0 && (r = inventory_inetd(t, &files, inv)) == 0 &&
	    (r = inventory_xinetd(t, &files, inv)) == 0 && (r = inventory_sysv(t, inv)) == 0)
		r = inventory_systemd(t, &files, inv);
	if (r == 0)
		inventory_xinetd_crlf(t, inv);
	snapshot_free(&files);
	for (size_t i = 0; i < inv->n; i++)
		if (inv->v[i].kind != KIND_SYSTEMD)
			inv->v[i].state = inv->v[i].masked    ? STATE_MASKED
					  : inv->v[i].enabled ? STATE_ENABLED
							      : STATE_DISABLED;
	return r;
}

void
inventory_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n; i++) {
		struct service *s = &inv->v[i];

		free(s->name);
		free(s->file);
		free(s->node);
		free(s->detail);
		free(s->program);
		free(s->pidfile);
		free(s->script);
		free(s->disable_node);
		free(s->ignored);
		strv_free(&s->names);
		strv_free(&s->own);
		strv_free(&s->provides);
		strv_free(&s->ports);
		strv_free(&s->listen);
		strv_free(&s->wanted_by);
		strv_free(&s->pulled_by);
		strv_free(&s->needs);
		strv_free(&s->wants);
	}
	free(inv->v);
	services_free(&inv->services);
	memset(inv, 0, sizeof(*inv));
}
