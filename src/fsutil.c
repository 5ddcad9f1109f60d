/* fsutil.c - the only ways deafen writes: atomic files, links, directories
 *
 * After systemd's write_string_file_atomic_at(): temp file in the same
 * directory, fchmod/fchown, fsync, rename, fsync of the directory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "root.h"
#include "util.h"

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

int
write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, uid_t uid,
		  gid_t gid)
{
	char *tmp = NULL, *slash;
	int fd = -1, r;

	if ((r = fault_write(path)) < 0)
		return r;
	slash = strrchr(path, '/');
	tmp = xasprintf("%.*s.deafen-XXXXXX", slash ? (int)(slash - path + 1) : 0, path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		free(tmp);
		return r;
	}
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
	/* after fchown, which may clear set-id bits */
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
	if (rename(tmp, path) < 0) {
		r = -errno;
		goto fail;
	}
	free(tmp);
	return fsync_parent(path);
fail:
	if (fd >= 0)
		close(fd);
	(void)unlink(tmp);
	free(tmp);
	return r;
}

int
write_file_new(const char *path, const char *data, size_t len, mode_t mode)
{
	int fd, r;

	if ((r = fault_write(path)) < 0)
		return r;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
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
link_rename(const char *dir, const char *from, const char *to)
{
	char *a = xasprintf("%s/%s", dir, from), *b = xasprintf("%s/%s", dir, to);
	int r = 0;

	/* never over an entry someone else put there, dangling link included */
	if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE) < 0)
		r = -errno;
	free(a);
	free(b);
	return r < 0 ? r : fsync_dir(dir);
}

int
link_remove(const char *dir, const char *name)
{
	char *a = xasprintf("%s/%s", dir, name);
	struct stat st;
	int r = 0;

	if (lstat(a, &st) < 0)
		r = -errno;
	else if (!S_ISLNK(st.st_mode))
		r = -EINVAL;
	else if (unlink(a) < 0)
		r = -errno;
	free(a);
	return r < 0 ? r : fsync_dir(dir);
}

int
link_create(const char *dir, const char *name, const char *target)
{
	char *a = xasprintf("%s/%s", dir, name);
	int r = 0;

	if (symlink(target, a) < 0)
		r = -errno;
	free(a);
	return r < 0 ? r : fsync_dir(dir);
}

int
link_read(const char *dir, const char *name, char *buf, size_t size)
{
	char *a = xasprintf("%s/%s", dir, name);
	ssize_t k = readlink(a, buf, size - 1);
	int r = k < 0 ? -errno : 0;

	free(a);
	if (r < 0)
		return r;
	buf[k] = '\0';
	return 0;
}

int
check_real_dir(const char *root, const char *dir)
{
	char *abs = xasprintf("/%s", dir), *real = NULL;
	int r = root_resolve(root, abs, &real);

	if (r == 0 && !streq(real, dir))
		r = -EXDEV;
	free(abs);
	free(real);
	return r;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int
remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 ? -errno : 0;
}
