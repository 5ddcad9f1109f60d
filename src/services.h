/* services.h - the root's /etc/services, read in C */
#ifndef DEAFEN_SERVICES_H
#define DEAFEN_SERVICES_H

#include "util.h"

struct tree;
struct snode;

struct svcent {
	char *name;
	int port;
	char *proto;
	struct strv aliases;
};

struct services {
	struct svcent *v;
	size_t n;
	size_t *byname; /* (entry, name or alias) pairs sorted by the word: 2 a pair */
	size_t nbyname;
};

/*
 * Parses TEXT (LEN bytes), an /etc/services named FILE in messages, into
 * OUT: the tree the stock Services lens makes of it (service-name nodes
 * with port or start and end, protocol, alias and #comment; #comment
 * nodes), but for its unlabelled nodes of blank lines. A line the lens
 * refuses is an error, FILE:LINE: first.
 */
int services_parse(const char *file, const char *text, size_t len, struct snode *out);

/* Adds the root's /etc/services to what the tree loads (before the load). */
int services_setup(struct tree *t);

/* The entries of the root's /etc/services (T->services_file), read in C. */
int services_load(const struct tree *t, struct services *s);
void services_free(struct services *s);

/* The entry NAME (name or alias) for PROTO (NULL: any protocol); NULL if none. */
const struct svcent *services_find(const struct services *s, const char *name, const char *proto);

/* Adds to NAMES every name, alias and port number of the entries NAME belongs to. */
void services_expand(const struct services *s, const char *name, struct strv *names);

#endif
