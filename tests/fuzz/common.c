/* common.c - scratch directories and files for the fuzzing harnesses */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "fuzz.h"
#include "util.h"

#ifndef FUZZ_SRCDIR
#define FUZZ_SRCDIR "."
#endif

static struct strv scratch;

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

void
fuzz_rm_rf(const char *path)
{
	(void)remove_tree_at(AT_FDCWD, path);
}

static void
remove_scratch(void)
{
	for (size_t i = 0; i < scratch.n; i++)
		fuzz_rm_rf(scratch.v[i]);
	strv_free(&scratch);
}

char *
fuzz_scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir;

	if (tmp == NULL || *tmp == '\0')
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	dir = xasprintf("%s/deafen-fuzz-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", dir);
	if (scratch.n == 0)
		atexit(remove_scratch);
	strv_push(&scratch, dir);
	return dir;
}

static void
mkdirs(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			die("mkdir", p);
		*s = '/';
	}
	free(p);
}

void
fuzz_write(const char *path, const void *data, size_t len)
{
	const char *b = data;
	int fd;

	mkdirs(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die("open", path);
	while (len > 0) {
		ssize_t k = write(fd, b, len);

		if (k < 0)
			die("write", path);
		b += k;
		len -= (size_t)k;
	}
	close(fd);
}

char *
fuzz_src_path(const char *rel)
{
	const char *src = getenv("DEAFEN_SRCDIR");

	return xasprintf("%s/%s", src && *src ? src : FUZZ_SRCDIR, rel);
}

char *
fuzz_lens_dir(void)
{
	const char *dir = getenv("DEAFEN_LENS_DIR");

	return dir && *dir ? xstrdup(dir) : fuzz_src_path("lenses");
}

char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
