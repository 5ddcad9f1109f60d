/* confirm.h - the listeners a plan closes, and proof that they closed */
#ifndef DEAFEN_CONFIRM_H
#define DEAFEN_CONFIRM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct inventory;
struct service;

/* A listening socket that a selected service holds open. */
struct target {
	char proto[5];
	char addr[64];
	unsigned port;
	pid_t pid;
	char *comm;
	char *service;
	char *where;
	bool daemon; /* closed by stopping PID (else by reloading its super-server) */
	bool open;   /* as last seen */
};

/*
 * The listeners the services SELECTED start, from a scan now. On a root
 * other than "/", only processes of that root count: super-servers whose
 * configuration file is the root's, daemons whose executable is inside it.
 */
int targets_find(const struct inventory *inv, const char *root, const bool *selected,
		 struct target **v, size_t *n);

/* Does a super-server of ROOT that serves S's file run (S of kind inetd or xinetd)? */
bool superserver_serves(const char *root, const struct service *s);

/*
 * Rescans until every target is closed (WANT_OPEN false) or open, or
 * TIMEOUT_MS. A target at address "*" is any address of its port.
 */
int targets_wait(struct target *v, size_t n, bool want_open, int timeout_ms);

/* "tcp 127.0.0.1:23" */
char *target_name(const struct target *t);

void targets_free(struct target *v, size_t n);

#endif
