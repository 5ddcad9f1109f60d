/* listen.h - where a service listens: ports, addresses, UNIX-domain sockets */
#ifndef DEAFEN_LISTEN_H
#define DEAFEN_LISTEN_H

#include <stdbool.h>

struct service;

/*
 * Adds a listener of S on PORT/PROTO at ADDR: NULL, "", "*", "0.0.0.0" or
 * "::" for every address. S->ports gets "PORT/PROTO" (what names and the
 * scan match), S->listen what a person reads: "22/tcp", "127.0.0.1:11211/tcp",
 * "[::1]:631/tcp". PORT outside 1..65535 adds nothing.
 */
void listen_add(struct service *s, const char *addr, int port, const char *proto);

/* Adds a UNIX-domain socket of S: a path, or "@name" (abstract). */
void listen_add_path(struct service *s, const char *path);

/*
 * A systemd Listen*= value of S (PROTO for a port): "631", "0.0.0.0:631",
 * "[::1]:631", a path or "@name" (UNIX); anything else (vsock:, a netlink
 * family) adds nothing. Returns 1 when it added a network port.
 */
int listen_add_systemd(struct service *s, const char *value, const char *proto);

/* Is ADDR a loopback address ("127.0.0.1", "::1", "[::1]", "localhost")? */
bool listen_loopback(const char *addr);

/*
 * Once every listener of S is known: S->local when it has some and each is
 * on loopback or a UNIX-domain socket; a service of UNIX-domain sockets
 * alone serves no network (S->network false).
 */
void listen_finish(struct service *s);

#endif
