/* fsutil.c - the only ways deafen writes: atomic files, links, directories
 *
 * After systemd's write_string_file_atomic_at(): temp file in the same
 * directory, fchmod/fchown, fsync, rename, fsync of the directory.
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "root.h"
#include "util.h"
#include "xattrs.h"

int
fault_write(const char *path)
{
	const char *f = getenv("DEAFEN_FAIL_WRITE");

	return f != NULL && *f != '\0' && strstr(path, f) != NULL ? -ENOSPC : 0;
}

static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t k = write(fd, data, len);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += k;
		len -= (size_t)k;
	}
	return 0;
}

int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		r = -errno;
	close(fd);
	return r;
}

int
fsync_parent(const char *path)
{
	char *dir = xstrdup(path), *s = strrchr(dir, '/');
	int r;

	if (s == dir)
		s[1] = '\0';
	else if (s != NULL)
		*s = '\0';
	else
		strcpy(dir, ".");
	r = fsync_dir(dir);
	free(dir);
	return r;
}

static unsigned long crash_points;

static void
tell_crash_points(void)
{
	fprintf(stderr, "deafen: crash points: %lu\n", crash_points);
}

/*
 * Test-only crash points, never active unless DEAFEN_CRASH_AT is set: a
 * number K dies (_exit 99, as a kill would leave things) at the K-th crash
 * point of the run, "count" tells their number at exit, any other TEXT
 * dies at the first point whose name contains TEXT ("mkdir", "rename
 * policy", "undo"). bench/kill.sh walks K = 1, 2, ... over apply and
 * rollback.
 */
void
crash_point(const char *name)
{
	const char *at = getenv("DEAFEN_CRASH_AT");
	char *end;
	unsigned long k;

	if (at == NULL || *at == '\0')
		return;
	if (crash_points++ == 0 && streq(at, "count"))
		atexit(tell_crash_points);
	k = strtoul(at, &end, 10);
	if (*end == '\0' ? k == crash_points : strstr(name, at) != NULL)
		_exit(99);
}

void
temp_name(char out[15])
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char rnd[6];

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd)) {
		unsigned long v = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);

		for (size_t i = 0; i < sizeof(rnd); i++, v = v * 6364136223846793005UL + 1)
			rnd[i] = (unsigned char)(v >> 33);
	}
	memcpy(out, ".deafen-", 8);
	for (size_t i = 0; i < sizeof(rnd); i++)
		out[8 + i] = set[rnd[i] % (sizeof(set) - 1)];
	out[14] = '\0';
}

int
write_file_atomic_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode,
		     uid_t uid, gid_t gid, const struct xattrs *x)
{
	return write_file_atomic_named_at(dirfd, name, NULL, data, len, mode, uid, gid, x);
}

int
write_file_atomic_named_at(int dirfd, const char *name, const char *named, const char *data,
			   size_t len, mode_t mode, uid_t uid, gid_t gid, const struct xattrs *x)
{
	char tmp[15], *what;
	int fd = -1, r, tries = 0;

	if (named != NULL && strlen(named) < sizeof(tmp)) {
		strcpy(tmp, named);
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	} else if (named != NULL) {
		return -ENAMETOOLONG;
	} else {
		do {
			temp_name(tmp);
			fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
				    0600);
		} while (fd < 0 && errno == EEXIST && ++tries < 100);
	}
	if (fd < 0)
		return -errno;
	crash_point("temp made");
	if ((r = write_all(fd, data, len)) < 0)
		goto fail;
	if (fchown(fd, uid, gid) < 0) {
		struct stat st;

		/* not root: fine only if the owner is already the one wanted */
		r = -errno;
		if (r != -EPERM || fstat(fd, &st) < 0 || st.st_uid != uid || st.st_gid != gid)
			goto fail;
		r = 0;
	}
	/* the old file's labels and ACLs, before the rename: never a moment without them */
	if (x != NULL && (r = xattrs_write(fd, x)) < 0)
		goto fail;
	/* after fchown, which may clear set-id bits, and after the ACL, whose mask it sets */
	if (fchmod(fd, mode & 07777) < 0 || fsync(fd) < 0) {
		r = -errno;
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		r = -errno;
		goto fail;
	}
	fd = -1;
	what = xasprintf("rename %s", name);
	crash_point(what);
	free(what);
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		r = -errno;
		goto fail;
	}
	return fsync(dirfd) < 0 ? -errno : 0;
fail:
	if (fd >= 0)
		close(fd);
	(void)unlinkat(dirfd, tmp, 0);
	return r;
}

/* The directory of PATH, opened; *NAME points at its last component. */
static int
open_parent(const char *path, const char **name)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int fd;

	*name = slash ? slash + 1 : path;
	dir = slash == path ? xstrdup("/") : slash ? xstrndup(path, (size_t)(slash - path))
						     : xstrdup(".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	return fd < 0 ? -errno : fd;
}

int
write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, uid_t uid,
		  gid_t gid)
{
	const char *name;
	int dirfd, r;

	if ((r = fault_write(path)) < 0)
		return r;
	if ((dirfd = open_parent(path, &name)) < 0)
		return dirfd;
	r = write_file_atomic_at(dirfd, name, data, len, mode, uid, gid, NULL);
	close(dirfd);
	return r;
}

int
write_file_new_at(int dirfd, const char *name, const char *data, size_t len, mode_t mode)
{
	int fd, r;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -errno;
	r = write_all(fd, data, len);
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

int
write_file_new(const char *path, const char *data, size_t len, mode_t mode)
{
	const char *name;
	int dirfd, r;

	if ((r = fault_write(path)) < 0)
		return r;
	if ((dirfd = open_parent(path, &name)) < 0)
		return dirfd;
	r = write_file_new_at(dirfd, name, data, len, mode);
	close(dirfd);
	return r;
}

int
append_sync(int fd, const char *line)
{
	int r = write_all(fd, line, strlen(line));

	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	return r;
}

int
mkdir_p(const char *path, mode_t mode)
{
	char *p = xstrdup(path);
	int r = 0;

	for (char *s = p + 1; r == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		{
			char c = *s;

			*s = '\0';
			if (mkdir(p, mode) == 0)
				r = fsync_parent(p); /* the new entry must survive a crash */
			else if (errno != EEXIST)
				r = -errno;
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return r;
}

int
link_rename_at(int dirfd, const char *from, const char *to)
{
	/* never over an entry someone else put there, dangling link included */
	if (renameat2(dirfd, from, dirfd, to, RENAME_NOREPLACE) < 0)
		return -errno;
	return fsync(dirfd) < 0 ? -errno : 0;
}

int
link_remove_at(int dirfd, const char *name)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISLNK(st.st_mode))
		return -EINVAL;
	if (unlinkat(dirfd, name, 0) < 0)
		return -errno;
	return fsync(dirfd) < 0 ? -errno : 0;
}

int
link_create_at(int dirfd, const char *name, const char *target)
{
	if (symlinkat(target, dirfd, name) < 0)
		return -errno;
	return fsync(dirfd) < 0 ? -errno : 0;
}

int
link_read_at(int dirfd, const char *name, char *buf, size_t size)
{
	ssize_t k = readlinkat(dirfd, name, buf, size - 1);

	if (k < 0)
		return -errno;
	buf[k] = '\0';
	return 0;
}

int
mkdirs_at(int dirfd, const char *rel, mode_t mode)
{
	char *copy = xstrdup(rel), *s = copy, *part;
	int fd = dup(dirfd), r = fd < 0 ? -errno : 0;

	while (r == 0 && (part = strsep(&s, "/")) != NULL) {
		int next;

		if (*part == '\0')
			continue;
		if (mkdirat(fd, part, mode) == 0) {
			if (fsync(fd) < 0) /* the new entry must survive a crash */
				r = -errno;
		} else if (errno != EEXIST) {
			r = -errno;
		}
		if (r < 0)
			break;
		next = openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			r = errno == ENOTDIR || errno == ELOOP ? -EXDEV : -errno;
			break;
		}
		close(fd);
		fd = next;
	}
	free(copy);
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		return r;
	}
	return fd;
}

int
remove_tree_at(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), r = 0;
	struct dirent *de;
	DIR *d;

	if (fd < 0)
		return errno == ENOTDIR || errno == ELOOP
			       ? (unlinkat(parent, name, 0) < 0 ? -errno : 0)
			       : -errno;
	if ((d = fdopendir(fd)) == NULL) {
		r = -errno;
		close(fd);
		return r;
	}
	while (r == 0 && (de = readdir(d)) != NULL)
		if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
			r = remove_tree_at(dirfd(d), de->d_name);
	closedir(d);
	if (r == 0 && unlinkat(parent, name, AT_REMOVEDIR) < 0)
		r = -errno;
	return r;
}

int
remove_tree(const char *path)
{
	return remove_tree_at(AT_FDCWD, path);
}
