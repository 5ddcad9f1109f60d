/* services.h - the root's /etc/services, read from the tree */
#ifndef DEAFEN_SERVICES_H
#define DEAFEN_SERVICES_H

#include "util.h"

struct tree;

struct svcent {
	char *name;
	int port;
	char *proto;
	struct strv aliases;
};

struct services {
	struct svcent *v;
	size_t n;
};

/* Adds the root's /etc/services to what the tree loads (before the load). */
int services_setup(struct tree *t);

int services_load(const struct tree *t, struct services *s);
void services_free(struct services *s);

/* The entry NAME (name or alias) for PROTO (NULL: any protocol); NULL if none. */
const struct svcent *services_find(const struct services *s, const char *name, const char *proto);

/* Adds to NAMES every name, alias and port number of the entries NAME belongs to. */
void services_expand(const struct services *s, const char *name, struct strv *names);

#endif
