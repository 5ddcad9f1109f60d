/* reload.c - making a changed configuration take effect, and checking it did */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "reload.h"
#include "root.h"
#include "scan.h"

int
reload_superservers(const char *root, const struct strv *files, FILE *out)
{
	bool inetd = false, xinetd = false;
	char *xconf = NULL;
	int r = 0;

	for (size_t i = 0; i < files->n; i++) {
		if (streq(base_name(files->v[i]), "inetd.conf"))
			inetd = true;
		else
			xinetd = true;
	}
	for (int k = 0; k < 2; k++) {
		enum superserver kind = k == 0 ? SUPER_INETD : SUPER_XINETD;
		const char *conf = "etc/inetd.conf";
		pid_t *pids = NULL;
		size_t n = 0;

		if ((kind == SUPER_INETD && !inetd) || (kind == SUPER_XINETD && !xinetd))
			continue;
		if (kind == SUPER_XINETD) {
			if (root_resolve(root, "/etc/xinetd.conf", &xconf) < 0)
				continue;
			conf = xconf;
		} else {
			for (size_t i = 0; i < files->n; i++)
				if (streq(base_name(files->v[i]), "inetd.conf"))
					conf = files->v[i];
		}
		superservers_for(root, conf, kind, &pids, &n);
		if (n == 0)
			fprintf(out, "no running %s reads %s: nothing to reload\n",
				kind == SUPER_INETD ? "inetd" : "xinetd", conf);
		for (size_t i = 0; i < n; i++) {
			char *comm = proc_comm(pids[i]);
			int e = comm ? reload_pid(pids[i], comm) : -ESRCH;

			if (e < 0 && r == 0)
				r = errorf(e, "reload %s (pid %d): %s", comm ? comm : "?", (int)pids[i],
					   strerror(-e));
			else if (e == 0)
				fprintf(out, "reloaded %s (pid %d, %s)\n", comm, (int)pids[i], conf);
			free(comm);
		}
		free(pids);
		free(xconf);
		xconf = NULL;
	}
	return r;
}

static bool
systemd_runs(void)
{
	struct stat st;

	return stat("/run/systemd/system", &st) == 0 && S_ISDIR(st.st_mode);
}

/* "etc/init.d/ssh" of a target's WHERE: the script, or NULL. */
static const char *
script_of(const struct target *t)
{
	return strncmp(t->where, "unit ", 5) != 0 && strchr(t->where, ':') == NULL ? t->where
										    : NULL;
}

static int
run_service(const struct target *t, const char *action, FILE *out)
{
	const char *script = script_of(t);
	char *path;
	int e;

	if (script == NULL)
		return 0;
	if (systemd_runs()) {
		e = run_argv((const char *const[]){ "systemctl", action, base_name(script), NULL });
		fprintf(out, "systemctl %s %s: exit %d\n", action, base_name(script), e);
		return 0;
	}
	path = xasprintf("/%s", script);
	e = run_script(path, action);
	fprintf(out, "%s %s: exit %d\n", path, action, e);
	free(path);
	return 0;
}

int
stop_daemons(const char *root, const struct target *v, size_t n, FILE *out)
{
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		bool done = false;

		if (!v[i].daemon)
			continue;
		for (size_t k = 0; k < i; k++)
			done |= v[k].daemon && v[k].pid == v[i].pid;
		if (done)
			continue;
		if (streq(root, "/")) {
			run_service(&v[i], "stop", out);
		} else if (v[i].pid > 1 && exe_in_root(v[i].pid, root)) {
			int e = stop_pid(v[i].pid, v[i].comm, 3000);

			if (e < 0 && r == 0)
				r = errorf(e, "stop %s (pid %d): %s", v[i].comm, (int)v[i].pid,
					   strerror(-e));
			else if (e == 0)
				fprintf(out, "stopped %s (pid %d, %s)\n", v[i].comm, (int)v[i].pid,
					v[i].where);
		}
	}
	return r;
}

int
start_daemons(const char *root, const struct target *v, size_t n, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		bool done = false;

		if (!v[i].daemon)
			continue;
		for (size_t k = 0; k < i; k++)
			done |= v[k].daemon && streq(v[k].where, v[i].where);
		if (done)
			continue;
		if (streq(root, "/"))
			run_service(&v[i], "start", out);
		else
			fprintf(out, "not restarted: %s (%s) belongs to the root %s, not to this "
				     "host; start it there\n",
				v[i].comm, v[i].where, root);
	}
	return 0;
}

int
systemd_take_effect(const char *root, const struct strv *units, bool start, FILE *out)
{
	/* stop sockets and paths first: they would start the service again */
	static const char *const order[] = { ".socket", ".path", "" };
	int e;

	if (units->n == 0)
		return 0;
	if (!streq(root, "/")) {
		fprintf(out, "systemd units of %s: not this host's; nothing reloaded, stopped or "
			     "started\n",
			root);
		return 0;
	}
	if (!systemd_runs()) {
		fprintf(out, "systemd does not run here: the units change at the next boot\n");
		return 0;
	}
	e = run_argv((const char *const[]){ "systemctl", "daemon-reload", NULL });
	fprintf(out, "systemctl daemon-reload: exit %d\n", e);
	for (size_t k = 0; k < ELEMENTSOF(order); k++) {
		const char *suffix = order[start ? ELEMENTSOF(order) - 1 - k : k];

		for (size_t i = 0; i < units->n; i++) {
			const char *u = units->v[i];
			bool mine = suffix[0] ? endswith(u, suffix)
					      : !endswith(u, ".socket") && !endswith(u, ".path");

			if (!mine)
				continue;
			e = run_argv((const char *const[]){ "systemctl", start ? "start" : "stop", u,
							   NULL });
			fprintf(out, "systemctl %s %s: exit %d\n", start ? "start" : "stop", u, e);
		}
	}
	return 0;
}

size_t
report_targets(const struct target *v, size_t n, bool want_open, FILE *out)
{
	size_t wrong = 0;

	for (size_t i = 0; i < n; i++) {
		char *name = target_name(&v[i]);

		if (v[i].open == want_open)
			fprintf(out, "%s %s (%s, %s)\n", want_open ? "open again" : "closed", name,
				v[i].service, v[i].where);
		else if (v[i].pid <= 0) /* enable: known from the configuration, no process yet */
			fprintf(out, "%s %s (%s, %s)\n", want_open ? "NOT open again" : "STILL OPEN",
				name, v[i].service, v[i].where);
		else
			fprintf(out, "%s %s (%s, %s; pid %d %s)\n",
				want_open ? "NOT open again" : "STILL OPEN", name, v[i].service,
				v[i].where, (int)v[i].pid, v[i].comm);
		wrong += v[i].open != want_open;
		free(name);
	}
	return wrong;
}
