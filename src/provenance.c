/* provenance.c - which entry of the tree starts a listening socket
 *
 * The seed's "now go find where and how this process got started": a
 * super-server's socket belongs to its entry for that port; a daemon to
 * the init script that knows its program, or the systemd unit its cgroup
 * names (a socket systemd itself holds: the .socket unit of that port);
 * else all we can say is the executable.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventory.h"
#include "provenance.h"
#include "scan.h"
#include "source.h"

int
is_superserver(const char *comm)
{
	return streq(comm, "inetd") || streq(comm, "inetutils-inetd") || streq(comm, "xinetd");
}

int
serves_port(const struct service *s, const struct listener *l)
{
	char want[32];

	snprintf(want, sizeof(want), "%u/%.3s", l->port, l->proto);
	return strv_contains(&s->ports, want);
}

static char *
cgroup_unit(pid_t pid)
{
	char *p = xasprintf("/proc/%d/cgroup", (int)pid), *text = NULL, *unit = NULL, *line, *s;

	if (read_file(p, &text, NULL) == 0) {
		for (s = text; (line = strsep(&s, "\n")) != NULL && unit == NULL;) {
			char *last = strrchr(line, '/');

			if (last != NULL && (strstr(last, ".service") || strstr(last, ".socket")))
				unit = xstrdup(last + 1);
		}
	}
	free(text);
	free(p);
	return unit;
}

/* Does the script's "# pidfile:" name PID? */
static bool
pidfile_is(const struct service *s, pid_t pid)
{
	char *text = NULL;
	bool is;

	if (s->pidfile == NULL || read_file(s->pidfile, &text, NULL) < 0)
		return false;
	is = atoi(text) == pid;
	free(text);
	return is;
}

const struct service *
provenance_service(const struct inventory *inv, const struct listener *l, pid_t pid,
		   const char *comm)
{
	char exe[PATH_MAX], *p, *unit;
	const char *base;
	ssize_t k;

	if (pid == 1) {
		/* socket activation: PID 1 listens for the .socket unit of that port */
		for (size_t i = 0; i < inv->n; i++) {
			const struct service *s = &inv->v[i];

			if (source_of(s->kind)->units && s->enabled && serves_port(s, l) &&
			    strstr(s->name, ".socket") != NULL)
				return s;
		}
		return NULL;
	}
	if (comm != NULL && is_superserver(comm)) {
		/* xinetd with -inetd_compat serves inetd.conf too */
		for (size_t i = 0; i < inv->n; i++) {
			const struct service *s = &inv->v[i];
			const struct source *src = source_of(s->kind);

			if (!src->superserver || (src->daemon != NULL && !streq(comm, src->daemon)) ||
			    !s->enabled || !serves_port(s, l))
				continue;
			return s;
		}
		return NULL;
	}
	p = xasprintf("/proc/%d/exe", (int)pid);
	k = readlink(p, exe, sizeof(exe) - 1);
	free(p);
	exe[k > 0 ? k : 0] = '\0';
	base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	/* its pid file first, then the unit of its cgroup, then its name */
	for (size_t i = 0; i < inv->n; i++)
		if (source_of(inv->v[i].kind)->scripts && pidfile_is(&inv->v[i], pid))
			return &inv->v[i];
	unit = cgroup_unit(pid);
	for (size_t i = 0; unit != NULL && i < inv->n; i++)
		if (source_of(inv->v[i].kind)->units && service_matches(&inv->v[i], unit)) {
			free(unit);
			return &inv->v[i];
		}
	free(unit);
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const struct source *src = source_of(s->kind);

		if ((src->scripts || (src->units && strstr(s->name, ".service"))) &&
		    ((comm != NULL && service_matches(s, comm)) || (*base && service_matches(s, base))))
			return s;
	}
	return NULL;
}

char *
provenance(const struct inventory *inv, const struct listener *l, pid_t pid, const char *comm)
{
	const struct service *s = provenance_service(inv, l, pid, comm);
	char exe[PATH_MAX], *p, *unit;
	ssize_t k;

	if (s != NULL && source_daemon(s))
		return xasprintf("%s (%s)", s->file, s->detail);
	if (s != NULL)
		return service_where(s);
	unit = cgroup_unit(pid);
	if (unit != NULL) {
		p = xasprintf("unit %s", unit);
		free(unit);
		return p;
	}
	p = xasprintf("/proc/%d/exe", (int)pid);
	k = readlink(p, exe, sizeof(exe) - 1);
	free(p);
	exe[k > 0 ? k : 0] = '\0';
	return xasprintf("unknown (%s)", *exe ? exe : "?");
}
