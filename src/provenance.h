/* provenance.h - which entry of the tree starts a listening socket */
#ifndef DEAFEN_PROVENANCE_H
#define DEAFEN_PROVENANCE_H

#include <sys/types.h>

struct inventory;
struct listener;

/*
 * Where the listener L held by PID (its comm COMM) is started:
 * "etc/inetd.conf:23" for a super-server's entry, "etc/init.d/ssh" for a
 * daemon of an init script, "unit ssh.service" from /proc/PID/cgroup, or
 * "unknown (/usr/sbin/foo)". Allocated.
 */
char *provenance(const struct inventory *inv, const struct listener *l, pid_t pid,
		 const char *comm);

/* Is COMM the name of a super-server process? */
int is_superserver(const char *comm);

#endif
