/* fsutil.c - the only ways deafen writes: atomic files, links, directories
 *
 * After systemd's write_string_file_atomic_at(): temp file in the same
 * directory, fchmod/fchown, fsync, rename, fsync of the directory.
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
 * etc/deafen/policy", "undo"). bench/kill.sh walks K = 1, 2, ... over apply
 * and rollback.
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

char *
temp_name(const char *path)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	const char *slash = strrchr(path, '/');
	unsigned char rnd[6];
	char name[7];

	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
		unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^
				  (unsigned long)(uintptr_t)path ^ (unsigned long)clock();

		for (size_t i = 0; i < sizeof(rnd); i++, x = x * 6364136223846793005UL + 1)
			rnd[i] = (unsigned char)(x >> 33);
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		name[i] = set[rnd[i] % (sizeof(set) - 1)];
	name[6] = '\0';
	return xasprintf("%.*s.deafen-%s", slash ? (int)(slash - path + 1) : 0, path, name);
}

/* The body of write_file_atomic*(): FD is the temporary file TMP, open for writing. */
static int
finish_atomic(int fd, const char *tmp, const char *path, const char *data, size_t len,
	      mode_t mode, uid_t uid, gid_t gid)
{
	int r;

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
	{
		char *what = xasprintf("rename %s", path);

		crash_point(what);
		free(what);
	}
	if (rename(tmp, path) < 0) {
		r = -errno;
		goto fail;
	}
	return fsync_parent(path);
fail:
	if (fd >= 0)
		close(fd);
	(void)unlink(tmp);
	return r;
}

int
write_file_atomic(const char *path, const char *data, size_t len, mode_t mode, uid_t uid,
		  gid_t gid)
{
	char *tmp, *slash;
	int fd, r;

	if ((r = fault_write(path)) < 0)
		return r;
	slash = strrchr(path, '/');
	tmp = xasprintf("%.*s.deafen-XXXXXX", slash ? (int)(slash - path + 1) : 0, path);
	fd = mkostemp(tmp, O_CLOEXEC);
	r = fd < 0 ? -errno : finish_atomic(fd, tmp, path, data, len, mode, uid, gid);
	free(tmp);
	return r;
}

int
write_file_atomic_via(const char *path, const char *tmp, const char *data, size_t len,
		      mode_t mode, uid_t uid, gid_t gid)
{
	int fd, r;

	if ((r = fault_write(path)) < 0)
		return r;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	return finish_atomic(fd, tmp, path, data, len, mode, uid, gid);
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
