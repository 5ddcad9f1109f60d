/* xattrs.c - the extended attributes of a file (SELinux labels, ACLs), kept and put back
 *
 * apply writes a new file and renames it over the old one: whatever the old
 * inode carried besides its bytes, mode and owner would be lost with it.
 * A security.selinux label lost can keep a daemon from starting.
 */
#include <sys/xattr.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xattrs.h"

void
xattrs_free(struct xattrs *x)
{
	free(x->data);
	x->data = NULL;
	x->len = 0;
}

/* Appends NAME's value on FD to X. */
static int
add_one(int fd, const char *name, struct xattrs *x)
{
	ssize_t k = fgetxattr(fd, name, NULL, 0);
	char head[32], *v;
	size_t n;

	if (k < 0)
		return errno == ENODATA ? 0 : -errno; /* gone since the list */
	v = xmalloc((size_t)k + 1);
	k = fgetxattr(fd, name, v, (size_t)k);
	if (k < 0) {
		free(v);
		return -errno; /* ERANGE: it grew meanwhile; better to fail than to lose it */
	}
	snprintf(head, sizeof(head), "%zd\n", k);
	n = strlen(name) + 1 + strlen(head) + (size_t)k;
	x->data = xrealloc(x->data, x->len + n + 1);
	memcpy(x->data + x->len, name, strlen(name) + 1);
	x->len += strlen(name) + 1;
	memcpy(x->data + x->len, head, strlen(head));
	x->len += strlen(head);
	memcpy(x->data + x->len, v, (size_t)k);
	x->len += (size_t)k;
	free(v);
	return 0;
}

int
xattrs_read(int fd, struct xattrs *x)
{
	ssize_t k = flistxattr(fd, NULL, 0);
	char *names;
	int r = 0;

	x->data = NULL;
	x->len = 0;
	if (k < 0)
		return errno == ENOTSUP ? 0 : -errno;
	if (k == 0)
		return 0;
	names = xmalloc((size_t)k);
	k = flistxattr(fd, names, (size_t)k);
	if (k < 0)
		r = -errno;
	for (ssize_t i = 0; r == 0 && i < k; i += (ssize_t)strlen(names + i) + 1)
		r = add_one(fd, names + i, x);
	free(names);
	if (r < 0)
		xattrs_free(x);
	return r;
}

int
xattrs_write(int fd, const struct xattrs *x)
{
	size_t i = 0;

	while (i < x->len) {
		const char *name = x->data + i, *nl;
		char *end;
		unsigned long n;

		i += strnlen(name, x->len - i) + 1;
		nl = i < x->len ? memchr(x->data + i, '\n', x->len - i) : NULL;
		if (nl == NULL)
			return -EBADMSG;
		n = strtoul(x->data + i, &end, 10);
		if (end != nl || n > x->len - (size_t)(nl + 1 - x->data))
			return -EBADMSG;
		i = (size_t)(nl + 1 - x->data);
		if (fsetxattr(fd, name, x->data + i, n, 0) < 0)
			return -errno;
		i += n;
	}
	return 0;
}
