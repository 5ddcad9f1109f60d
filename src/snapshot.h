/* snapshot.h - a read-only copy of part of the tree, for one pass over many nodes
 *
 * Every aug_get or aug_match walks from the root: through a directory of
 * 5,000 xinetd files that is a walk over 5,000 siblings a lookup, and the
 * inventory did several a file. One aug_to_xml copies the subtree in one
 * pass; lookups in the copy go through an index of each large node.
 */
#ifndef DEAFEN_SNAPSHOT_H
#define DEAFEN_SNAPSHOT_H

#include <stddef.h>

struct tree;

struct snode {
	char *label;
	char *value;         /* NULL: no value */
	struct snode *kids;  /* in document order */
	size_t n;
	size_t *byname;      /* kids sorted by label (then order), for nodes with many */
};

/* The node at PATH (e.g. "/files") and everything under it, into *ROOT. */
int snapshot_take(const struct tree *t, const char *path, struct snode *root);
void snapshot_free(struct snode *root);

/*
 * Adds a child LABEL to PARENT (a tree built in C, not taken from Augeas),
 * valued the VLEN bytes at VALUE (NULL: no value); returns it, valid until
 * the next child of PARENT is added.
 */
struct snode *snode_add(struct snode *parent, const char *label, const char *value, size_t vlen);

/* Moves CHILD (emptied) to the end of PARENT's children; returns it, valid as snode_add's. */
struct snode *snode_adopt(struct snode *parent, struct snode *child);

/* Indexes N and the nodes below it for snode_child, once they are all added. */
void snode_index(struct snode *n);

/* The first child of N labelled LABEL, or NULL. */
const struct snode *snode_child(const struct snode *n, const char *label);

/* The node REL ("etc/xinetd.d/telnet", "lsb/Provides": first match each step) below N, or NULL. */
const struct snode *snode_at(const struct snode *n, const char *rel);

/* Its value, or NULL if absent or valueless. */
const char *snode_value(const struct snode *n, const char *rel);

#endif
