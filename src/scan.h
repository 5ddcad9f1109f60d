/* scan.h - the listening sockets of this machine and who holds them */
#ifndef DEAFEN_SCAN_H
#define DEAFEN_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct listener {
	char proto[5];   /* "tcp", "tcp6", "udp", "udp6" */
	char addr[64];   /* "127.0.0.1", "::", "*" */
	unsigned port;
	unsigned long inode;
	uid_t uid;
	pid_t *pids;     /* every holder (inetd children, pid 1 for socket units) */
	size_t npids;
};

struct scan {
	struct listener *v;
	size_t n;
	bool via_netlink;  /* false: read from /proc/net */
	bool owners_partial; /* some /proc/PID/fd could not be read (not root) */
};

/* Listening TCP and bound UDP sockets, IPv4 and IPv6, with their holders. */
int scan_listeners(struct scan *s);
void scan_free(struct scan *s);

/*
 * Parses one /proc/net/{tcp,udp}{,6} table (TEXT) into S; TCP rows are kept
 * only in LISTEN state. PROTO names the table. Exposed for tests.
 */
int scan_parse_proc(struct scan *s, const char *proto, const char *text);

/* /proc/PID/comm, without its newline; NULL if gone. */
char *proc_comm(pid_t pid);

#endif
