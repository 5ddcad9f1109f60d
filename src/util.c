/* util.c - memory, strings, files and the one error message of a run */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static void
oom(void)
{
	fputs("deafen: out of memory\n", stderr);
	exit(1);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		oom();
	return p;
}

char *
xmemdup(const void *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		oom();
	return s;
}

void
strv_take(struct strv *sv, char *s)
{
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strv_push(struct strv *sv, const char *s)
{
	strv_take(sv, xstrdup(s));
}

bool
strv_contains(const struct strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void
strv_push_unique(struct strv *sv, const char *s)
{
	if (!strv_contains(sv, s))
		strv_push(sv, s);
}

void
strv_split(struct strv *sv, const char *s, const char *seps)
{
	while (s != NULL && *s != '\0') {
		size_t n;

		s += strspn(s, seps);
		n = strcspn(s, seps);
		if (n > 0)
			strv_take(sv, xstrndup(s, n));
		s += n;
	}
}

int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strv_sort(struct strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), strp_cmp);
}

void
strv_sort_uniq(struct strv *sv)
{
	size_t k = 0;

	strv_sort(sv);
	for (size_t i = 0; i < sv->n; i++) {
		if (k > 0 && strcmp(sv->v[k - 1], sv->v[i]) == 0)
			free(sv->v[i]);
		else
			sv->v[k++] = sv->v[i];
	}
	sv->n = k;
	if (sv->v != NULL)
		sv->v[k] = NULL;
}

char *
strv_join(const struct strv *sv, const char *sep)
{
	size_t len = 1, at = 0;
	char *j;

	for (size_t i = 0; i < sv->n; i++)
		len += strlen(sv->v[i]) + (i ? strlen(sep) : 0);
	j = xmalloc(len);
	for (size_t i = 0; i < sv->n; i++)
		at += (size_t)sprintf(j + at, "%s%s", i ? sep : "", sv->v[i]);
	j[at] = '\0';
	return j;
}

void
strv_truncate(struct strv *sv, size_t n)
{
	while (sv->n > n)
		free(sv->v[--sv->n]);
	if (sv->v != NULL)
		sv->v[sv->n] = NULL;
}

void
strv_free(struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static char errbuf[2048];

int
errorf(int err, const char *fmt, ...)
{
	va_list ap;

	if (errbuf[0] != '\0')
		return err;
	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	return err;
}

static bool told;

const char *
error_message(void)
{
	return errbuf;
}

void
error_clear(void)
{
	errbuf[0] = '\0';
	told = false;
}

void
error_mark_told(void)
{
	told = true;
}

bool
error_is_told(void)
{
	return told;
}

const char *
file_kind(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "a regular file";
	case S_IFDIR:
		return "a directory";
	case S_IFIFO:
		return "a FIFO";
	case S_IFCHR:
		return "a character device";
	case S_IFBLK:
		return "a block device";
	case S_IFSOCK:
		return "a socket";
	case S_IFLNK:
		return "a symbolic link";
	default:
		return "not a file";
	}
}

/* open_input, and *ST: what was opened (its size for the reader) */
static int
open_input_stat(int dirfd, const char *path, int flags, mode_t *type, struct stat *st)
{
	int at = (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0, fd;

	*type = 0;
	/* a device is not even opened: its driver's open may act (a tape rewinds) */
	if (fstatat(dirfd, path, st, at) == 0 && !S_ISREG(st->st_mode) &&
	    !(S_ISLNK(st->st_mode) && !(flags & O_NOFOLLOW))) {
		*type = st->st_mode & S_IFMT;
		return -EFTYPE_INPUT;
	}
	fd = openat(dirfd, path,
		    O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | (flags & O_NOFOLLOW));
	if (fd < 0)
		return -errno;
	/* what was opened decides: the name may have changed since the fstatat */
	if (fstat(fd, st) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	if (!S_ISREG(st->st_mode)) {
		*type = st->st_mode & S_IFMT;
		close(fd);
		return -EFTYPE_INPUT;
	}
	*type = S_IFREG;
	/* O_NONBLOCK off: of the flags F_SETFL sets, the open asked for no other */
	(void)fcntl(fd, F_SETFL, 0);
	return fd;
}

int
open_input(int dirfd, const char *path, int flags, mode_t *type)
{
	struct stat st;

	return open_input_stat(dirfd, path, flags, type, &st);
}

/* Reads the open file FD to its end. */
static int
read_fd(int fd, size_t hint, char **buf, size_t *len)
{
	size_t n = 0, cap = hint + 1;
	char *b = xmalloc(cap);

	for (;;) {
		ssize_t k;

		if (n + 1 >= cap) {
			cap *= 2;
			b = xrealloc(b, cap);
		}
		k = read(fd, b + n, cap - n - 1);
		if (k < 0) {
			int r = -errno;

			if (r == -EINTR)
				continue;
			free(b);
			return r;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	b[n] = '\0';
	*buf = b;
	if (len != NULL)
		*len = n;
	return 0;
}

int
read_input(int dirfd, const char *path, int flags, const char *name, char **buf, size_t *len)
{
	mode_t type = 0;
	struct stat st;
	int fd = open_input_stat(dirfd, path, flags, &type, &st), r;

	if (fd == -EFTYPE_INPUT)
		return errorf(-EBADMSG, "%s: not a regular file (%s)", name, file_kind(type));
	if (fd < 0)
		return errorf(fd, "%s: %s", name, strerror(-fd));
	r = read_fd(fd, (size_t)st.st_size, buf, len);
	close(fd);
	if (r < 0)
		return errorf(r, "%s: %s", name, strerror(-r));
	return 0;
}

int
read_file_fd(int fd, char **buf, size_t *len)
{
	struct stat st;
	int r;

	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode))
		r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	else
		r = read_fd(fd, (size_t)st.st_size, buf, len);
	close(fd);
	return r;
}

/* Reads a whole file; *buf is NUL-terminated (the file may hold NULs too). */
int
read_file(const char *path, char **buf, size_t *len)
{
	mode_t type = 0;
	struct stat st;
	int fd = open_input(AT_FDCWD, path, O_NOFOLLOW, &type), r;

	if (fd == -EFTYPE_INPUT) /* the errors open(2) would give, a FIFO's aside */
		return type == S_IFDIR ? -EISDIR : type == S_IFLNK ? -ELOOP : -EINVAL;
	if (fd < 0)
		return fd;
	r = fstat(fd, &st) < 0 ? -errno : read_fd(fd, (size_t)st.st_size, buf, len);
	close(fd);
	return r;
}

int
check_text(const char *name, const char *buf, size_t len)
{
	const char *nul = memchr(buf, '\0', len);
	int line = 1;

	if (nul == NULL)
		return 0;
	for (const char *c = buf; c < nul; c++)
		line += *c == '\n';
	return errorf(-EBADMSG, "%s:%d: a NUL byte: not a text file", name, line);
}

const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

bool
endswith(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && streq(s + n - k, suffix);
}

bool
startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t
count_lines(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

bool
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), *d, r;

	/* three rows of the matrix: two back for the swap */
	d = xcalloc(3 * (lb + 1), sizeof(*d));
	for (size_t j = 0; j <= lb; j++)
		d[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *row = d + (i % 3) * (lb + 1), *up = d + ((i - 1) % 3) * (lb + 1);
		size_t *up2 = d + ((i + 1) % 3) * (lb + 1);

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], v = up[j - 1] + cost;

			if (up[j] + 1 < v)
				v = up[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    up2[j - 2] + 1 < v)
				v = up2[j - 2] + 1;
			row[j] = v;
		}
	}
	r = d[(la % 3) * (lb + 1) + lb];
	free(d);
	return r;
}

const char *
closest_name(const char *word, char *const *v, size_t n)
{
	size_t len = strlen(word), limit = len / 3 > 1 ? len / 3 : 1, best = SIZE_MAX;
	const char *found = NULL;

	for (size_t i = 0; i < n; i++) {
		size_t dist;

		if (v[i] == NULL)
			continue;
		dist = edit_distance(word, v[i]);
		if (dist == 0)
			return NULL;
		if (dist <= limit && dist < best) {
			best = dist;
			found = v[i];
		}
	}
	return found;
}
