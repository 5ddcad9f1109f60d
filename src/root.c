/* root.c - paths inside the root deafen works on (--root) */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "arena.h"
#include "root.h"
#include "util.h"

#define MAX_LINKS 40

/* The root, opened once: every descriptor under it comes from this one. */
static int root_fd = -1;
static char *root_fd_name;

/*
 * What root_resolve found not to be a link while the cache is on (a load,
 * which writes nothing): the load resolves the same few directories for
 * each of hundreds of files, one lstat a component each time. Only a
 * guide: every open under the root follows no link (root_open), so a
 * component swapped for a link since fails with -EXDEV, as before.
 */
static struct arena known_arena;
static struct strpool known = { .arena = &known_arena };
static bool caching;

static void
forget_known(void)
{
	strpool_free(&known);
	arena_free(&known_arena);
	known = (struct strpool){ .arena = &known_arena };
}

void
root_cache(bool on)
{
	caching = on;
	if (!on)
		forget_known();
}

static int
open_root(const char *root)
{
	if (root_fd >= 0 && streq(root_fd_name, root))
		return root_fd;
	if (root_fd >= 0)
		close(root_fd);
	free(root_fd_name);
	root_fd_name = NULL;
	forget_known();
	root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		return -errno;
	root_fd_name = xstrdup(root);
	return root_fd;
}

char *
root_path(const char *root, const char *rel)
{
	while (*rel == '/')
		rel++;
	if (*rel == '\0')
		return xstrdup(root);
	return xasprintf("%s/%s", streq(root, "/") ? "" : root, rel);
}

/* Drops the last component of the relative path P in place. */
static void
pop(char *p)
{
	char *s = strrchr(p, '/');

	if (s != NULL)
		*s = '\0';
	else
		*p = '\0';
}

static void
append(char **p, const char *comp, size_t n)
{
	char *q;

	if (**p == '\0')
		q = xstrndup(comp, n);
	else
		q = xasprintf("%s/%.*s", *p, (int)n, comp);
	free(*p);
	*p = q;
}

int
root_join_target(const char *dir, const char *target, char **out)
{
	char *p = xstrdup(*target == '/' ? "" : dir);
	const char *s = target;

	while (*s != '\0') {
		size_t n;

		s += strspn(s, "/");
		n = strcspn(s, "/");
		if (n == 0)
			break;
		if (n == 2 && strncmp(s, "..", 2) == 0) {
			if (*p == '\0') {
				free(p);
				return -EXDEV;
			}
			pop(p);
		} else if (!(n == 1 && *s == '.')) {
			append(&p, s, n);
		}
		s += n;
	}
	*out = p;
	return 0;
}

int
root_resolve(const char *root, const char *path, char **out)
{
	char *done = xstrdup(""), *todo = xstrdup(path);
	const char *s;
	int links = 0, r = 0, rfd = open_root(root);

	if (rfd < 0) {
		r = rfd;
		goto out;
	}
	s = todo;
	while (*s != '\0') {
		char target[PATH_MAX], *rest;
		struct stat st;
		ssize_t k;
		size_t n;

		s += strspn(s, "/");
		n = strcspn(s, "/");
		if (n == 0)
			break;
		if (n == 1 && *s == '.') {
			s += n;
			continue;
		}
		if (n == 2 && strncmp(s, "..", 2) == 0) {
			if (*done == '\0') {
				r = -EXDEV;
				goto out;
			}
			pop(done);
			s += n;
			continue;
		}
		append(&done, s, n);
		s += n;
		if (caching && strpool_has(&known, done))
			continue;
		if (fstatat(rfd, done, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = -errno;
			goto out;
		}
		if (!S_ISLNK(st.st_mode)) {
			if (caching)
				(void)strpool_index(&known, done);
			continue;
		}
		k = readlinkat(rfd, done, target, sizeof(target) - 1);
		if (k < 0) {
			r = -errno;
			goto out;
		}
		target[k] = '\0';
		if (++links > MAX_LINKS) {
			r = -ELOOP;
			goto out;
		}
		/* Continue with TARGET followed by what is left of the path. */
		pop(done);
		if (target[0] == '/') {
			free(done);
			done = xstrdup("");
		}
		rest = xasprintf("%s/%s", target, s);
		free(todo);
		todo = rest;
		s = todo;
	}
	*out = done;
	done = NULL;
out:
	free(done);
	free(todo);
	return r;
}

int
root_mkdirs(const char *root, const char *rel, bool create, mode_t mode, char **real, char **link)
{
	char *done = xstrdup(""), *copy = xstrdup(rel), *s = copy, *part, *nominal = xstrdup("");
	int r = 0;

	*real = *link = NULL;
	while (r == 0 && (part = strsep(&s, "/")) != NULL) {
		char *abs, *res = NULL, *next;
		struct stat st;
		int fd;

		if (*part == '\0' || streq(part, "."))
			continue;
		next = *nominal ? xasprintf("%s/%s", nominal, part) : xstrdup(part);
		free(nominal);
		nominal = next;
		abs = xasprintf("/%s%s%s", done, *done ? "/" : "", part);
		r = root_resolve(root, abs, &res);
		free(abs);
		if (r == 0) {
			free(done);
			done = res;
			continue;
		}
		free(res);
		next = *done ? xasprintf("%s/%s", done, part) : xstrdup(part);
		if (r == -ENOENT && !streq(part, "..")) {
			char *full = root_path(root, next);

			/* missing: made in its real parent, unless a dangling link is there */
			if (lstat(full, &st) == 0)
				r = -EXDEV;
			else if (!create)
				r = 0; /* where it would be */
			else if ((fd = root_dir(root, done)) < 0)
				r = fd;
			else {
				/* only the last is closed: above it as a real /var is */
				mode_t m = s == NULL ? mode : 0755;

				r = mkdirat(fd, part, m) < 0 || fsync(fd) < 0 ? -errno : 0;
				close(fd);
			}
			free(full);
		}
		if (r == 0) {
			free(done);
			done = next;
		} else {
			free(next);
		}
		if (r == -EXDEV)
			*link = xstrdup(nominal);
	}
	free(copy);
	free(nominal);
	if (r < 0) {
		free(done);
		return r;
	}
	*real = done;
	return 0;
}

int
root_relative(const char *root, const char *path, char **rel)
{
	char *rroot = realpath(root, NULL), *p, *rest = xstrdup(""), *real, cwd[PATH_MAX];
	int r = 0;

	p = path[0] == '/' ? xstrdup(path)
			   : xasprintf("%s/%s", getcwd(cwd, sizeof(cwd)) ? cwd : "", path);

	*rel = NULL;
	if (rroot == NULL) {
		r = -errno;
		goto out;
	}
	/* the longest part of PATH that exists, resolved; the rest as written */
	while ((real = realpath(*p ? p : "/", NULL)) == NULL) {
		char *slash = strrchr(p, '/'), *next;

		if (errno != ENOENT || slash == NULL) {
			r = -errno;
			goto out;
		}
		next = xasprintf("%s%s%s", slash + 1, *rest ? "/" : "", rest);
		free(rest);
		rest = next;
		*slash = '\0';
	}
	{
		size_t n = streq(rroot, "/") ? 0 : strlen(rroot);

		if (strncmp(real, rroot, n) == 0 && (real[n] == '/' || real[n] == '\0')) {
			const char *in = real + n;

			while (*in == '/')
				in++;
			*rel = xasprintf("%s%s%s", in, *in && *rest ? "/" : "", rest);
		}
	}
	free(real);
out:
	free(rroot);
	free(p);
	free(rest);
	return r;
}

/* One O_NOFOLLOW open a component, for kernels without openat2 (before 5.6). */
static int
walk_open(int dirfd, const char *rel, int flags, mode_t mode)
{
	char *copy = xstrdup(rel), *s = copy, *part, *next;
	int fd = openat(dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC), r = 0;

	if (fd < 0) {
		free(copy);
		return -errno;
	}
	for (part = strsep(&s, "/"); part != NULL; part = next) {
		bool last;
		int nfd;

		next = strsep(&s, "/");
		while (next != NULL && *next == '\0')
			next = strsep(&s, "/");
		last = next == NULL;
		if (*part == '\0' || streq(part, ".")) {
			if (!last)
				continue;
			part = ".";
		}
		if (streq(part, "..")) {
			r = -EXDEV;
			break;
		}
		nfd = last ? openat(fd, part, flags | O_NOFOLLOW | O_CLOEXEC, mode)
			   : openat(fd, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (nfd < 0) {
			struct stat st;

			r = -errno;
			if (fstatat(fd, part, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
				r = -ELOOP;
			break;
		}
		close(fd);
		fd = nfd;
		if (last)
			break;
	}
	free(copy);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int
beneath_open(int dirfd, const char *rel, int flags, mode_t mode)
{
	const char *force = getenv("DEAFEN_NO_OPENAT2");
	struct open_how how = { 0 };
	int fd = -1;

	while (*rel == '/')
		rel++;
	if (*rel == '\0')
		rel = ".";
	if (force == NULL || *force == '\0') {
		how.flags = (unsigned)(flags | O_CLOEXEC);
		how.mode = flags & (O_CREAT | O_TMPFILE) ? mode : 0;
		how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
		/* EAGAIN: a rename raced the lookup; the kernel asks for a retry */
		for (int tries = 0; tries < 8; tries++)
			if ((fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how))) >= 0 ||
			    errno != EAGAIN)
				break;
		if (fd < 0 && errno != ENOSYS)
			fd = -errno;
	}
	if (fd == -1)
		fd = walk_open(dirfd, rel, flags, mode);
	/* a link on the way (RESOLVE_NO_SYMLINKS, O_NOFOLLOW) is a way out of the root */
	return fd == -ELOOP ? -EXDEV : fd;
}

int
beneath_open_input(int dirfd, const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char *dir = slash ? xstrndup(rel, (size_t)(slash - rel)) : xstrdup(".");
	int dfd = beneath_open(dirfd, dir, O_PATH | O_DIRECTORY, 0), fd;
	mode_t type = 0;

	free(dir);
	if (dfd < 0)
		return dfd;
	fd = open_input(dfd, slash ? slash + 1 : rel, O_NOFOLLOW, &type);
	close(dfd);
	return fd == -EFTYPE_INPUT && type == S_IFLNK ? -EXDEV : fd;
}

int
root_open_input(const char *root, const char *rel)
{
	int fd = open_root(root);

	return fd < 0 ? fd : beneath_open_input(fd, rel);
}

int
root_open(const char *root, const char *rel, int flags, mode_t mode)
{
	int fd = open_root(root);

	return fd < 0 ? fd : beneath_open(fd, rel, flags, mode);
}

int
root_dir(const char *root, const char *rel)
{
	return root_open(root, rel, O_RDONLY | O_DIRECTORY, 0);
}

/* The directory REL is in, resolved in the root, opened; *NAME: REL's last component. */
static int
parent_dir(const char *root, const char *rel, const char **name)
{
	const char *slash = strrchr(rel, '/');
	char *abs = slash ? xasprintf("/%.*s", (int)(slash - rel), rel) : xstrdup("/"), *real = NULL;
	int r = root_resolve(root, abs, &real);

	free(abs);
	*name = slash ? slash + 1 : rel;
	if (r == 0)
		r = root_dir(root, real);
	free(real);
	return r;
}

int
root_lstat(const char *root, const char *rel, struct stat *st)
{
	const char *name;
	int fd = parent_dir(root, rel, &name), r;

	if (fd < 0)
		return fd;
	r = fstatat(fd, *name ? name : ".", st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	close(fd);
	return r;
}

ssize_t
root_readlink(const char *root, const char *rel, char *buf, size_t size)
{
	const char *name;
	int fd = parent_dir(root, rel, &name);
	ssize_t k;

	if (fd < 0)
		return fd;
	k = readlinkat(fd, name, buf, size);
	if (k < 0)
		k = -errno;
	close(fd);
	return k;
}

int
root_read_file(const char *root, const char *rel, char **buf, size_t *len)
{
	const char *base;
	mode_t type = 0;
	int fd = parent_dir(root, rel, &base), in;

	if (fd < 0)
		return fd;
	in = open_input(fd, base, O_NOFOLLOW, &type);
	close(fd);
	return in < 0 ? in : read_file_fd(in, buf, len);
}

int
root_read_input(const char *root, const char *rel, const char *name, char **buf, size_t *len)
{
	const char *base;
	int fd = parent_dir(root, rel, &base), r;

	if (fd < 0)
		return errorf(fd, "%s: %s", name,
			      fd == -EXDEV ? "a link points outside the root" : strerror(-fd));
	r = read_input(fd, base, O_NOFOLLOW, name, buf, len);
	close(fd);
	return r;
}

int
root_opendir(const char *root, const char *rel, DIR **out)
{
	char *abs = xasprintf("/%s", rel), *real = NULL;
	int r = root_resolve(root, abs, &real), fd = -1;

	free(abs);
	*out = NULL;
	if (r == 0)
		r = fd = root_dir(root, real);
	free(real);
	if (r < 0)
		return r;
	*out = fdopendir(fd);
	if (*out == NULL) {
		r = -errno;
		close(fd);
		return r;
	}
	return 0;
}

void
pause_before(const char *path)
{
	static bool paused;
	const char *p = getenv("DEAFEN_PAUSE_BEFORE");

	if (!paused && p != NULL && *p != '\0' && strstr(path, p) != NULL) {
		paused = true;
		(void)raise(SIGSTOP);
	}
}
