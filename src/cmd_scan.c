/* cmd_scan.c - deafen scan: live listeners, who holds them, what starts them
 *
 * The seed's netstat -tap, with the last step done for you: for every
 * listening socket, the entry of the root's configuration that starts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deafen.h"
#include "emit.h"
#include "listen.h"
#include "provenance.h"
#include "scan.h"

static const char *
service_name(const struct inventory *inv, const struct listener *l)
{
	for (size_t i = 0; i < inv->services.n; i++) {
		const struct svcent *e = &inv->services.v[i];

		if ((unsigned)e->port == l->port && strncmp(e->proto, l->proto, 3) == 0)
			return e->name;
	}
	return NULL;
}

/* comm and WHERE of a pid, computed once: 10,000 sockets may have 200 holders */
struct holder {
	pid_t pid;
	char *comm;
	bool per_port; /* a super-server or PID 1: what it serves depends on the port */
	const struct service *sv; /* else: the service it runs, found once */
	char *where;
};

static struct holder *
holder_of(struct holder **cache, size_t *n, const struct inventory *inv,
	  const struct listener *l, pid_t pid)
{
	struct holder *h;

	for (size_t i = 0; i < *n; i++)
		if ((*cache)[i].pid == pid)
			return &(*cache)[i];
	*cache = xrealloc(*cache, (*n + 1) * sizeof(**cache));
	h = &(*cache)[(*n)++];
	h->pid = pid;
	h->comm = proc_comm(pid);
	h->per_port = pid == 1 || (h->comm && is_superserver(h->comm));
	h->sv = h->per_port ? NULL : provenance_service(inv, l, pid, h->comm);
	h->where = h->per_port ? NULL : provenance(inv, l, pid, h->comm);
	return h;
}

int
cmd_scan(struct deafen *d)
{
	struct holder *cache = NULL;
	size_t ncache = 0;
	struct emit *e = NULL;
	struct scan s;
	int r;

	verdicts_prepare(d);
	r = scan_listeners(&s);
	if (r < 0)
		return errorf(r, "cannot list sockets: %s", error_message()[0] ? error_message()
										: strerror(-r));
	if (geteuid() != 0 || s.owners_partial)
		note(d, "not running as root: owners of other users' sockets are not shown");
	if (d->format != FORMAT_TEXT) {
		e = report_open(d);
		emit_array(e, "listeners", "listener");
	} else {
		printf("%-5s  %-28s  %-12s  %-14s  %-16s  %-12s  %s\n", "PROTO", "LOCAL", "SERVICE",
		       "PID", "PROGRAM", "VERDICT", "WHERE");
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct listener *l = &s.v[i];
		pid_t pid = l->npids ? l->pids[0] : 0;
		struct holder *h = pid ? holder_of(&cache, &ncache, &d->inv, l, pid) : NULL;
		const char *comm = h ? h->comm : NULL;
		char *w, local[96], pids[64] = "-";
		size_t used = 0;

		const struct service *sv = h == NULL   ? NULL
					   : h->per_port ? provenance_service(&d->inv, l, pid, comm)
							 : h->sv;
		const char *verdict = sv ? verdict_of(d, sv) : "unrecognized";

		/* bound to loopback: not exposed, whatever listens */
		if (listen_loopback(l->addr) && !streq(verdict, "keep"))
			verdict = "local";

		if (h == NULL)
			w = xstrdup("unknown (no visible owner)");
		else if (h->where != NULL)
			w = xstrdup(h->where);
		else
			w = provenance(&d->inv, l, pid, comm);
		snprintf(local, sizeof(local), strchr(l->addr, ':') ? "[%s]:%u" : "%s:%u", l->addr,
			 l->port);
		for (size_t k = 0; k < l->npids && used + 12 < sizeof(pids); k++)
			used += (size_t)snprintf(pids + used, sizeof(pids) - used, "%s%d",
						 k ? "," : "", (int)l->pids[k]);
		if (e != NULL) {
			emit_object(e, NULL);
			emit_int(e, "port", l->port);
			emit_string(e, "proto", startswith(l->proto, "udp") ? "udp" : "tcp");
			emit_string(e, "address", l->addr);
			emit_string(e, "service", service_name(&d->inv, l));
			emit_array(e, "pids", "pid");
			for (size_t k = 0; k < l->npids; k++)
				emit_int(e, NULL, (int)l->pids[k]);
			emit_end(e);
			emit_string(e, "program", comm);
			emit_verdict(e, verdict);
			if (sv != NULL)
				emit_where(e, "where", sv->file, sv->line, NULL);
			else
				emit_where(e, "where", NULL, 0, NULL);
			/* what starts it, for people: "etc/init.d/ssh (S in 2345)", "unknown (...)" */
			emit_string(e, "provenance", w);
			emit_end(e);
		} else {
			const char *name = service_name(&d->inv, l);

			tprintf(stdout, "%-5s  %-28s  %-12s  %-14s  %-16s  ", l->proto, local,
				name ? name : "-", pids, comm ? comm : "-");
			verdict_cell(stdout, d, verdict, 12);
			tprintf(stdout, "  %s\n", w);
		}
		free(w);
	}
	for (size_t i = 0; i < ncache; i++) {
		free(cache[i].comm);
		free(cache[i].where);
	}
	free(cache);
	scan_free(&s);
	if (e != NULL) {
		emit_end(e);
		r = emit_close(e);
	}
	return r;
}
