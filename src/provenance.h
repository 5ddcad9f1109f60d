/* provenance.h - which entry of the tree starts a listening socket */
#ifndef DEAFEN_PROVENANCE_H
#define DEAFEN_PROVENANCE_H

#include <sys/types.h>

struct inventory;
struct listener;
struct service;

/*
 * Where the listener L held by PID (its comm COMM) is started:
 * "etc/inetd.conf:23" for a super-server's entry, "etc/init.d/ssh (S in
 * 2345)" for a daemon of an init script and its start links, "unit ssh.service" from /proc/PID/cgroup, or
 * "unknown (/usr/sbin/foo)". Allocated.
 */
char *provenance(const struct inventory *inv, const struct listener *l, pid_t pid,
		 const char *comm);

/* The service whose entry starts L (held by PID), or NULL. */
const struct service *provenance_service(const struct inventory *inv, const struct listener *l,
					 pid_t pid, const char *comm);

/* Does S list L's port for L's protocol ("23/tcp" for tcp and tcp6)? */
int serves_port(const struct service *s, const struct listener *l);

/* Is COMM the name of a super-server process? */
int is_superserver(const char *comm);

#endif
