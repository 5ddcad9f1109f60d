/* session.c - the sshd that carries the session deafen runs in
 *
 * harden run over ssh must not disable the sshd the administrator is
 * logged in through: needs.c refuses that without --allow-lockout. Which
 * sshd: the parents of this process, read from /proc.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventory.h"
#include "session.h"

#define MAX_DEPTH 128 /* a loop in a fake /proc ends here */

static char *
proc_read(const char *proc, const char *pid, const char *what)
{
	char *p = xasprintf("%s/%s/%s", proc, pid, what), *buf = NULL;
	int r = read_file(p, &buf, NULL);

	free(p);
	if (r < 0)
		return NULL;
	return buf;
}

/* The daemon that carries a session, by the name of a process, or NULL. */
static const char *
carrier(const char *name)
{
	if (streq(name, "sshd") || streq(name, "sshd-session") || streq(name, "sshd-auth"))
		return "sshd";
	if (streq(name, "dropbear"))
		return "dropbear";
	return NULL;
}

/* The unit of PID's cgroup ("0::/system.slice/ssh.service"), allocated, or NULL. */
static char *
cgroup_unit(const char *proc, const char *pid)
{
	char *text = proc_read(proc, pid, "cgroup"), *s, *line, *unit = NULL;

	for (s = text; unit == NULL && s != NULL && (line = strsep(&s, "\n")) != NULL;) {
		const char *last = strrchr(line, '/');

		if (last != NULL && endswith(last + 1, ".service"))
			unit = xstrdup(last + 1);
	}
	free(text);
	return unit;
}

/* PID's parent, from its stat ("PID (comm) S PPID ..."), or -1. */
static long
parent_of(const char *proc, const char *pid)
{
	char *text = proc_read(proc, pid, "stat");
	const char *end = text != NULL ? strrchr(text, ')') : NULL;
	long ppid = -1;
	char state;

	if (end == NULL || sscanf(end + 1, " %c %ld", &state, &ppid) != 2)
		ppid = -1;
	free(text);
	return ppid;
}

/* Does PID carry the session? Its comm, else the name of its exe. */
static const char *
process_carrier(const char *proc, const char *pid)
{
	char *comm = proc_read(proc, pid, "comm"), *p, buf[4096];
	const char *c = NULL;
	ssize_t n;

	if (comm != NULL) {
		comm[strcspn(comm, "\n")] = '\0';
		c = carrier(comm);
	}
	free(comm);
	if (c != NULL)
		return c;
	p = xasprintf("%s/%s/exe", proc, pid);
	n = readlink(p, buf, sizeof(buf) - 1);
	free(p);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, " ")] = '\0'; /* "/usr/sbin/sshd (deleted)" after an upgrade */
	return carrier(base_name(buf));
}

void
session_find(struct session *s)
{
	const char *proc = getenv("DEAFEN_PROC") ? getenv("DEAFEN_PROC") : "/proc";
	const char *conn = getenv("SSH_CONNECTION");
	char pid[32] = "self";
	long ppid;

	memset(s, 0, sizeof(*s));
	for (int depth = 0; depth < MAX_DEPTH && (ppid = parent_of(proc, pid)) > 0; depth++) {
		const char *c;

		snprintf(pid, sizeof(pid), "%ld", ppid);
		if ((c = process_carrier(proc, pid)) != NULL) {
			char *unit = cgroup_unit(proc, pid), *how;

			strv_push_unique(&s->programs, c);
			if (unit != NULL)
				strv_push_unique(&s->units, unit);
			how = xasprintf("%s%s%s pid %s%s%s%s", s->how ? s->how : "",
					s->how ? ", " : "", c, pid, unit ? " (" : "",
					unit ? unit : "", unit ? ")" : "");
			free(s->how);
			s->how = how;
			free(unit);
		}
		if (ppid == 1)
			break;
	}
	if (conn != NULL && conn[0] != '\0') {
		char *how = xasprintf("%s%sSSH_CONNECTION=%s", s->how ? s->how : "",
				      s->how ? ", " : "", conn);

		if (s->programs.n == 0)
			strv_push(&s->programs, "sshd");
		free(s->how);
		s->how = how;
	}
}

bool
session_carries(const struct session *sess, const struct service *s)
{
	for (size_t i = 0; i < sess->programs.n; i++) {
		const char *p = sess->programs.v[i];

		if ((s->program != NULL && streq(s->program, p)) || strv_contains(&s->names, p))
			return true;
	}
	for (size_t i = 0; i < sess->units.n; i++) {
		const char *u = sess->units.v[i], *end = strchr(u, '@');
		size_t n;

		if (streq(s->name, u) || strv_contains(&s->names, u))
			return true;
		/*
		 * Its socket: ssh.socket starts ssh.service at the next boot (Ubuntu), and
		 * sshd@0-10.0.0.1:22-10.0.0.9:50000.service, one a connection (Debian's
		 * ssh@), is sshd.socket's
		 */
		end = end != NULL ? end : strrchr(u, '.');
		n = end != NULL ? (size_t)(end - u) : 0;
		if (n > 0 && strncmp(s->name, u, n) == 0 && streq(s->name + n, ".socket"))
			return true;
	}
	return false;
}

void
session_free(struct session *s)
{
	strv_free(&s->programs);
	strv_free(&s->units);
	free(s->how);
	memset(s, 0, sizeof(*s));
}
