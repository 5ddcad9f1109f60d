/* daemon.c - finding, verifying and signalling the processes deafen acts on
 *
 * A process is signalled only when /proc says it is the one: its comm, and
 * the configuration file on its command line (resolved against its cwd).
 * openbsd-inetd exits if its file is unreadable on SIGHUP: apply replaces
 * files atomically, so the file is whole at every instant.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "root.h"
#include "scan.h"

static char **
proc_argv(pid_t pid, int *argc)
{
	char *p = xasprintf("/proc/%d/cmdline", (int)pid), *text = NULL, **argv;
	size_t len = 0, n = 0;

	*argc = 0;
	if (read_file(p, &text, &len) < 0) {
		free(p);
		return NULL;
	}
	free(p);
	argv = xcalloc(len + 2, sizeof(*argv));
	for (size_t i = 0; i < len; i += strlen(text + i) + 1)
		argv[n++] = xstrdup(text + i);
	free(text);
	*argc = (int)n;
	return argv;
}

static void
argv_free(char **argv, int argc)
{
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* ARG as the process PID sees it, made absolute and real. */
static char *
proc_path(pid_t pid, const char *arg)
{
	char *p, *real;

	if (arg[0] == '/') {
		p = xstrdup(arg);
	} else {
		char cwd[PATH_MAX], *c = xasprintf("/proc/%d/cwd", (int)pid);
		ssize_t k = readlink(c, cwd, sizeof(cwd) - 1);

		free(c);
		if (k < 0)
			return NULL;
		cwd[k] = '\0';
		p = xasprintf("%s/%s", cwd, arg);
	}
	real = realpath(p, NULL);
	free(p);
	return real;
}

/* The configuration files on a super-server's command line. */
static void
config_args(char **argv, int argc, enum superserver kind, struct strv *out)
{
	for (int i = 1; i < argc; i++) {
		if (kind == SUPER_XINETD) {
			if (streq(argv[i], "-f") && i + 1 < argc)
				strv_push(out, argv[++i]);
			continue;
		}
		/* openbsd-inetd: -R rate, -q len take a value; the rest are flags */
		if ((streq(argv[i], "-R") || streq(argv[i], "-q")) && i + 1 < argc) {
			i++;
			continue;
		}
		if (argv[i][0] != '-')
			strv_push(out, argv[i]);
	}
}

int
superservers_for(const char *root, const char *conf, enum superserver kind, pid_t **pids,
		 size_t *n)
{
	char *want_path = root_path(root, conf), *want = realpath(want_path, NULL);
	struct dirent *de;
	DIR *proc;

	*pids = NULL;
	*n = 0;
	free(want_path);
	if (want == NULL)
		return 0;
	proc = opendir("/proc");
	while (proc != NULL && (de = readdir(proc)) != NULL) {
		pid_t pid = (pid_t)atoi(de->d_name);
		struct strv files = { 0 };
		char *comm, **argv;
		bool match = false;
		int argc;

		if (!isdigit((unsigned char)de->d_name[0]) || pid == getpid())
			continue;
		comm = proc_comm(pid);
		if (comm == NULL) {
			continue;
		}
		if (!(kind == SUPER_XINETD ? streq(comm, "xinetd")
					   : (streq(comm, "inetd") || streq(comm, "inetutils-inetd") ||
					      streq(comm, "xinetd")))) {
			free(comm);
			continue;
		}
		argv = proc_argv(pid, &argc);
		if (streq(comm, "xinetd") && kind == SUPER_INETD) {
			/* xinetd -inetd_compat reads the host's /etc/inetd.conf */
			for (int i = 1; i < argc; i++)
				if (streq(argv[i], "-inetd_compat"))
					strv_push(&files, "/etc/inetd.conf");
		} else {
			config_args(argv, argc, kind, &files);
			if (files.n == 0)
				strv_push(&files, kind == SUPER_XINETD ? "/etc/xinetd.conf"
								       : "/etc/inetd.conf");
		}
		for (size_t i = 0; i < files.n && !match; i++) {
			/* a default path means the host's file: only on root "/" */
			char *real = proc_path(pid, files.v[i]);

			match = real != NULL && streq(real, want);
			free(real);
		}
		if (match) {
			*pids = xrealloc(*pids, (*n + 1) * sizeof(**pids));
			(*pids)[(*n)++] = pid;
		}
		strv_free(&files);
		argv_free(argv, argc);
		free(comm);
	}
	if (proc != NULL)
		closedir(proc);
	free(want);
	return 0;
}

int
reload_pid(pid_t pid, const char *comm)
{
	char *now = proc_comm(pid);
	int r = 0;

	if (now == NULL || !streq(now, comm))
		r = -ESRCH;
	else if (kill(pid, SIGHUP) < 0)
		r = -errno;
	free(now);
	return r;
}

bool
exe_in_root(pid_t pid, const char *root)
{
	char exe[PATH_MAX], *p = xasprintf("/proc/%d/exe", (int)pid);
	ssize_t k = readlink(p, exe, sizeof(exe) - 1);
	size_t n = strlen(root);

	free(p);
	if (k < 0)
		return false;
	exe[k] = '\0';
	if (streq(root, "/"))
		return true;
	return strncmp(exe, root, n) == 0 && exe[n] == '/';
}

static bool
is(pid_t pid, const char *comm)
{
	char *now = proc_comm(pid);
	bool same = now != NULL && streq(now, comm);
	char *stat = xasprintf("/proc/%d/stat", (int)pid), *text = NULL;

	/* a zombie is gone for our purpose: it holds no socket */
	if (same && read_file(stat, &text, NULL) == 0) {
		char *rp = strrchr(text, ')');

		if (rp != NULL && rp[1] == ' ' && rp[2] == 'Z')
			same = false;
	}
	free(text);
	free(stat);
	free(now);
	return same;
}

int
stop_pid(pid_t pid, const char *comm, int grace_ms)
{
	if (!is(pid, comm))
		return 0;
	if (kill(pid, SIGTERM) < 0)
		return errno == ESRCH ? 0 : -errno;
	for (int waited = 0; waited < grace_ms; waited += 50) {
		if (!is(pid, comm))
			return 0;
		sleep_ms(50);
	}
	if (is(pid, comm) && kill(pid, SIGKILL) < 0 && errno != ESRCH)
		return -errno;
	for (int waited = 0; waited < 2000; waited += 50) {
		if (!is(pid, comm))
			return 0;
		sleep_ms(50);
	}
	return -ETIMEDOUT;
}

int
run_script(const char *script, const char *action)
{
	return run_argv((const char *const[]){ script, action, NULL });
}

int
run_argv(const char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		/* no shell: a script's name from the root is never a command line */
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
