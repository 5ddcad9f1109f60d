/* daemon.h - finding, verifying and signalling the processes deafen acts on */
#ifndef DEAFEN_DAEMON_H
#define DEAFEN_DAEMON_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

enum superserver { SUPER_INETD, SUPER_XINETD };

/*
 * The super-servers that serve the configuration file CONF (relative to
 * ROOT): /proc/PID/comm is inetd, inetutils-inetd or xinetd, and its
 * configuration argument (or, on root "/", the default path) is that
 * file. xinetd -inetd_compat also serves /etc/inetd.conf on root "/".
 * Never a process that was not verified that way.
 */
int superservers_for(const char *root, const char *conf, enum superserver kind, pid_t **pids,
		     size_t *n);

/* SIGHUP to PID, after checking again that its comm is COMM (pid reuse). */
int reload_pid(pid_t pid, const char *comm);

/* Is /proc/PID/exe inside ROOT (a daemon of an image, not of this host)? */
bool exe_in_root(pid_t pid, const char *root);

/* SIGTERM, then SIGKILL after GRACE_MS if it still runs; 0 once it is gone. */
int stop_pid(pid_t pid, const char *comm, int grace_ms);

/* Runs ROOT/etc/init.d/NAME ACTION (root "/" only); its exit status or -errno. */
int run_script(const char *script, const char *action);

/* Runs ARGV (no shell), waits; its exit status or -errno. */
int run_argv(const char *const argv[]);

#endif
