/* root.h - paths inside the root deafen works on (--root) */
#ifndef DEAFEN_ROOT_H
#define DEAFEN_ROOT_H

#include <stdbool.h>

/*
 * Resolves PATH (absolute, as seen from inside ROOT) the way the kernel
 * would inside a chroot at ROOT, following symlinks (absolute targets are
 * taken relative to ROOT). *OUT gets the real location relative to ROOT,
 * without a leading slash ("etc/rc.d/init.d"; "" for the root itself).
 * Returns 0, -ENOENT when a component is missing, -EXDEV when a link climbs
 * out of the root, -ELOOP on a loop.
 */
int root_resolve(const char *root, const char *path, char **out);

/*
 * Joins the directory DIR (relative to the root) and a link TARGET
 * lexically; -EXDEV when ".." climbs above the root.
 */
int root_join_target(const char *dir, const char *target, char **out);

/* ROOT + "/" + REL, for the system calls. */
char *root_path(const char *root, const char *rel);

#endif
