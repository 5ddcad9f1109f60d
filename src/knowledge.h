/* knowledge.h - what deafen knows of well-known services (from the seed) */
#ifndef DEAFEN_KNOWLEDGE_H
#define DEAFEN_KNOWLEDGE_H

#include "util.h"

enum {
	KNOWN_NETWORK = 1 << 0,     /* serves the network: --keep disables it */
	KNOWN_SUPERSERVER = 1 << 1, /* inetd/xinetd: its entries are the services */
	KNOWN_DANGEROUS = 1 << 2,   /* the seed's danger zone: not for the Internet */
};

struct known {
	const char *names; /* space-separated; the first is the /etc/services name */
	const char *impls; /* rival implementations, or NULL */
	unsigned flags;
	const char *why;   /* one line, from the seed */
	const char *protos; /* what its daemon listens on; NULL: "tcp" */
};

/* The row NAME belongs to, or NULL. */
const struct known *knowledge_find(const char *name);

/*
 * Adds the names of every row that NAME belongs to: all of them for one of
 * its names, the service's names (not its rivals) for an implementation.
 */
void knowledge_expand(const char *name, struct strv *names);

/*
 * Adds the names of every row that has NAME among its names (not its
 * rivals): "named" brings bind9, "nginx" brings nothing.
 */
void knowledge_synonyms(const char *name, struct strv *names);

#endif
