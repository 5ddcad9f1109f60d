/* root.h - paths inside the root deafen works on (--root) */
#ifndef DEAFEN_ROOT_H
#define DEAFEN_ROOT_H

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

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
 * On: what root_resolve finds not to be a link is remembered, and not
 * looked at again, until root_cache(false). For a phase that writes
 * nothing under the root (a load).
 */
void root_cache(bool on);

/*
 * Joins the directory DIR (relative to the root) and a link TARGET
 * lexically; -EXDEV when ".." climbs above the root.
 */
int root_join_target(const char *dir, const char *target, char **out);

/* ROOT + "/" + REL, for messages and for what only reads. */
char *root_path(const char *root, const char *rel);

/*
 * Every write under the root goes through a descriptor these give. The root
 * is opened once; REL is then opened beneath it with openat2(2)
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS (a walk of
 * O_NOFOLLOW opens, one component at a time, where openat2 is missing):
 * no link is followed on any component, and ".." cannot climb out. A
 * directory swapped for a link after a check fails the open (-EXDEV)
 * instead of sending the write elsewhere.
 *
 * Return a descriptor (O_CLOEXEC) or a negative errno: -EXDEV when a
 * component is a link or would leave the root.
 */
int root_open(const char *root, const char *rel, int flags, mode_t mode);

/* REL (no link on its way) as a directory, for the *at() calls: O_RDONLY | O_DIRECTORY. */
int root_dir(const char *root, const char *rel);

/* The same beneath any directory descriptor (a backup's, for one). */
int beneath_open(int dirfd, const char *rel, int flags, mode_t mode);

/*
 * Opens the file REL beneath DIRFD (or the root) for reading, as
 * open_input() does: nothing but a regular file is opened, nothing waited
 * on. -EXDEV if a link is on its way (the last component included),
 * -EFTYPE_INPUT if it is not a regular file.
 */
int beneath_open_input(int dirfd, const char *rel);
int root_open_input(const char *root, const char *rel);

/*
 * REL (relative to ROOT) resolved in the root like root_resolve(), each
 * missing directory made if CREATE (the last with MODE, those above it
 * 0755, as a real /var is); *REAL: where it is (or, not CREATE, would be).
 * -EXDEV with *LINK (the component, relative to the root) when a link on
 * its way leads out of the root or to nowhere.
 */
int root_mkdirs(const char *root, const char *rel, bool create, mode_t mode, char **real,
		char **link);

/*
 * Where PATH is (links on its way followed, the part that does not exist
 * yet taken as written): if inside ROOT, *REL gets it relative to ROOT;
 * else *REL is NULL.
 */
int root_relative(const char *root, const char *path, char **rel);

/*
 * Reads under the root, through descriptors: the directories on REL's way
 * resolved as root_resolve() does (a link inside the root followed, one
 * out of it -EXDEV), then opened beneath the root with root_dir().
 * root_lstat() and root_readlink() do not follow REL's last component;
 * root_opendir() opens the directory REL (NULL in *OUT on an error).
 */
int root_lstat(const char *root, const char *rel, struct stat *st);
ssize_t root_readlink(const char *root, const char *rel, char *buf, size_t size);
int root_opendir(const char *root, const char *rel, DIR **out);

/* The same, quiet (-errno, -EFTYPE_INPUT for what is not a regular file): for messages. */
int root_read_file(const char *root, const char *rel, char **buf, size_t *len);

/* read_input() of REL (not a link itself) in its directory opened so; errors said as NAME. */
int root_read_input(const char *root, const char *rel, const char *name, char **buf, size_t *len);

/*
 * Test-only, from the environment: DEAFEN_PAUSE_BEFORE=SUBSTR stops the
 * process (SIGSTOP) once, before the first write whose path contains
 * SUBSTR, so that a test can change the root under it and resume it.
 */
void pause_before(const char *path);

#endif
