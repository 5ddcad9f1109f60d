/* fsutil.h - the only ways deafen writes: atomic files, links, directories */
#ifndef DEAFEN_FSUTIL_H
#define DEAFEN_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Replaces PATH with DATA atomically: a temporary file in the same
 * directory, written, given MODE/UID/GID, fsync'ed, renamed over PATH, and
 * the directory fsync'ed. At no instant is PATH missing or half-written.
 * On failure the temporary file is removed. Returns 0 or a negative errno.
 */
int write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, uid_t uid,
		      gid_t gid);

/*
 * As write_file_atomic, through the temporary file TMP (from temp_name(),
 * in PATH's directory), made with O_EXCL: -EEXIST if it is there. The
 * caller records TMP's name first, so that a rollback after a kill
 * removes exactly the temporaries that were deafen's.
 */
int write_file_atomic_via(const char *path, const char *tmp, const char *data, size_t len,
			  mode_t mode, uid_t uid, gid_t gid);

/* PATH's directory + ".deafen-" + six random letters and digits. */
char *temp_name(const char *path);

/* Writes a new file (O_EXCL) with DATA and fsyncs it. */
int write_file_new(const char *path, const char *data, size_t len, mode_t mode);

/* Appends a line to an open journal and fsyncs it. */
int append_sync(int fd, const char *line);

int fsync_dir(const char *dir);
int fsync_parent(const char *path);

/* rm -r PATH, links removed, never followed. */
int remove_tree(const char *path);

/* mkdir -p with MODE for the directories it creates. */
int mkdir_p(const char *path, mode_t mode);

/* Symlink operations on one link, each followed by an fsync of its directory. */
int link_rename(const char *dir, const char *from, const char *to);
int link_remove(const char *dir, const char *name);
int link_create(const char *dir, const char *name, const char *target);

/* The target of the link DIR/NAME into BUF; -EINVAL if it is not a link. */
int link_read(const char *dir, const char *name, char *buf, size_t size);

/*
 * Is DIR (relative to ROOT) still a real directory path, with no link
 * among its components? -EXDEV if a component became a link since the
 * plan: a write there could land outside the root.
 */
int check_real_dir(const char *root, const char *dir);

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
