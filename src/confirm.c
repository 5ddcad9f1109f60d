/* confirm.c - the listeners a plan closes, and proof that they closed
 *
 * The seed's last step, "run netstat again to verify all went well", done
 * until it holds or a timeout says it does not.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "confirm.h"
#include "daemon.h"
#include "inventory.h"
#include "provenance.h"
#include "scan.h"
#include "source.h"

static bool
super_of_root(const char *root, const struct service *s, pid_t pid)
{
	const struct source *src = source_of(s->kind);
	pid_t *pids = NULL;
	size_t n = 0;
	bool ok = false;

	if (src->superservers != NULL)
		src->superservers(root, s, &pids, &n);
	/* PID 0: any of them */
	for (size_t i = 0; i < n; i++)
		ok |= pids[i] == pid || pid == 0;
	free(pids);
	return ok;
}

bool
superserver_serves(const char *root, const struct service *s)
{
	return super_of_root(root, s, 0);
}

int
targets_find(const struct inventory *inv, const char *root, const bool *selected,
	     struct target **v, size_t *n)
{
	struct { pid_t pid; const struct service *owner; } *seen = NULL;
	size_t nseen = 0;
	struct scan sc;
	int r;

	*v = NULL;
	*n = 0;
	r = scan_listeners(&sc);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sc.n; i++) {
		const struct listener *l = &sc.v[i];
		pid_t pid = l->npids ? l->pids[0] : 0;
		const struct service *owner = NULL;
		bool super;
		char *comm;

		if (pid == 0)
			continue;
		comm = proc_comm(pid);
		super = comm != NULL && is_superserver(comm);
		/* a daemon's socket is its script's: found once a process, not once a
		 * socket (PID 1's depend on the port: socket units) */
		if (!super && pid != 1) {
			size_t k = 0;

			while (k < nseen && seen[k].pid != pid)
				k++;
			if (k == nseen) {
				seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
				seen[nseen].pid = pid;
				seen[nseen++].owner = provenance_service(inv, l, pid, comm);
			}
			owner = seen[k].owner;
		} else if (!super) {
			owner = provenance_service(inv, l, pid, comm);
		}
		for (size_t k = 0; k < inv->n; k++) {
			const struct service *s = &inv->v[k];
			bool mine;

			/* a super-server's socket is the entry's that names its port
			 * (one xinetd file may hold several) */
			mine = selected[k] &&
			       (super ? serves_port(s, l) && super_of_root(root, s, pid)
				      : source_daemon(s) && owner == s && exe_in_root(pid, root));
			if (mine) {
				struct target *t;

				*v = xrealloc(*v, (*n + 1) * sizeof(**v));
				t = &(*v)[(*n)++];
				memset(t, 0, sizeof(*t));
				snprintf(t->proto, sizeof(t->proto), "%s", l->proto);
				snprintf(t->addr, sizeof(t->addr), "%s", l->addr);
				t->port = l->port;
				t->pid = pid;
				t->comm = xstrdup(comm ? comm : "?");
				t->service = xstrdup(s->name);
				/* a unit is stopped through systemd, never as a script */
				t->where = source_stop_where(s);
				t->daemon = !super;
				t->open = true;
				break;
			}
		}
		free(comm);
	}
	scan_free(&sc);
	free(seen);
	return 0;
}

char *
target_name(const struct target *t)
{
	return xasprintf(strchr(t->addr, ':') ? "%s [%s]:%u" : "%s %s:%u", t->proto, t->addr,
			 t->port);
}

int
targets_wait(struct target *v, size_t n, bool want_open, int timeout_ms)
{
	for (int waited = 0;; waited += 100) {
		struct scan sc;
		size_t wrong = 0;
		int r = scan_listeners(&sc);

		if (r < 0)
			return r;
		for (size_t i = 0; i < n; i++) {
			v[i].open = false;
			for (size_t k = 0; k < sc.n && !v[i].open; k++)
				v[i].open = sc.v[k].port == v[i].port &&
					    (streq(v[i].addr, "*")
						     ? strncmp(sc.v[k].proto, v[i].proto, 3) == 0
						     : streq(sc.v[k].proto, v[i].proto) &&
							       streq(sc.v[k].addr, v[i].addr));
			wrong += v[i].open != want_open;
		}
		scan_free(&sc);
		if (wrong == 0 || waited >= timeout_ms)
			return 0;
		sleep_ms(100);
	}
}

void
targets_free(struct target *v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++) {
		free(v[i].comm);
		free(v[i].service);
		free(v[i].where);
	}
	free(v);
}
