/* xattrs.h - the extended attributes of a file (SELinux labels, ACLs), kept and put back */
#ifndef DEAFEN_XATTRS_H
#define DEAFEN_XATTRS_H

#include <stddef.h>

/*
 * Every extended attribute of a file (user.*, security.*,
 * system.posix_acl_access, ...) in one buffer, as a backup keeps it: for
 * each, the name, a NUL, the value's length in decimal, a newline, and the
 * value's bytes.
 */
struct xattrs {
	char *data;
	size_t len;
};

/* The attributes of the open file FD into X (empty where the file system has none). */
int xattrs_read(int fd, struct xattrs *x);

/* Sets each attribute of X on FD. -EBADMSG if X is not in the format above. */
int xattrs_write(int fd, const struct xattrs *x);

void xattrs_free(struct xattrs *x);

#endif
