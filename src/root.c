/* root.c - paths inside the root deafen works on (--root) */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "root.h"
#include "util.h"

#define MAX_LINKS 40

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
	int links = 0, r = 0;

	s = todo;
	while (*s != '\0') {
		char *full, target[PATH_MAX], *rest;
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
		full = root_path(root, done);
		if (lstat(full, &st) < 0) {
			r = -errno;
			free(full);
			goto out;
		}
		if (!S_ISLNK(st.st_mode)) {
			free(full);
			continue;
		}
		k = readlink(full, target, sizeof(target) - 1);
		free(full);
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
