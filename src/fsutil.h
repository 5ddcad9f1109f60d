/* fsutil.h - the only ways deafen writes: atomic files, links, directories */
#ifndef DEAFEN_FSUTIL_H
#define DEAFEN_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct xattrs;

/*
 * Replaces PATH with DATA atomically: a temporary file in the same
 * directory, written, given MODE/UID/GID, fsync'ed, renamed over PATH, and
 * the directory fsync'ed. At no instant is PATH missing or half-written.
 * On failure the temporary file is removed. Returns 0 or a negative errno.
 */
int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, uid_t uid,
		      gid_t gid);

/* Writes a new file (O_EXCL) with DATA and fsyncs it. */
int write_file_new(const char *path, const char *data, size_t len, mode_t mode);

/* Appends a line to an open journal and fsyncs it. */
int append_sync(int fd, const char *line);

int fsync_dir(const char *dir);
int fsync_parent(const char *path);

/* rm -r of NAME in DIRFD (or PATH), links removed, never followed. */
int remove_tree_at(int dirfd, const char *name);
int remove_tree(const char *path);

/* mkdir -p with MODE for the directories it creates. */
int mkdir_p(const char *path, mode_t mode);

/*
 * The same in the directory DIRFD (opened beneath the root by root_dir()):
 * NAME is one component. X (may be NULL): extended attributes to give the
 * new file before it takes NAME's place.
 */
int write_file_atomic_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode,
			 uid_t uid, gid_t gid, const struct xattrs *x);
int write_file_new_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode);

/*
 * As write_file_atomic_at, through the temporary file NAMED (a name from
 * temp_name(), in DIRFD), made with O_EXCL: -EEXIST if it is there. The
 * caller records NAMED first, so that a rollback after a kill removes
 * exactly the temporaries that were deafen's. NAMED NULL: a random name.
 */
int write_file_atomic_named_at(int dirfd, const char *name, const char *named, const char *data,
			       size_t len, mode_t mode, uid_t uid, gid_t gid, const struct xattrs *x);

/* A name for a temporary file: ".deafen-" and six random letters and digits. */
void temp_name(char out[15]);

/* Symlink operations on one link in DIRFD, each followed by an fsync of the directory. */
int link_rename_at(int dirfd, const char *from, const char *to);
int link_remove_at(int dirfd, const char *name);
int link_create_at(int dirfd, const char *name, const char *target);

/* The target of the link NAME in DIRFD into BUF; -EINVAL if it is not a link. */
int link_read_at(int dirfd, const char *name, char *buf, size_t size);

/*
 * mkdir -p of REL below DIRFD with MODE for what it makes, no link followed
 * (-EXDEV if one is on the way); returns the last directory, opened.
 */
int mkdirs_at(int dirfd, const char *rel, mode_t mode);

/*
 * Test-only fault injection, from the environment: DEAFEN_FAIL_WRITE=SUBSTR
 * makes writes to paths containing SUBSTR fail with ENOSPC.
 */
int fault_write(const char *path);

/*
 * Test-only: DEAFEN_CRASH_AT=K dies (_exit 99) at the K-th crash point of
 * the run, DEAFEN_CRASH_AT=TEXT at the first whose NAME contains TEXT.
 */
void crash_point(const char *name);

#endif
