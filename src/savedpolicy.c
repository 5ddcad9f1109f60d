/* savedpolicy.c - the policy apply recorded in ROOT/etc/deafen/policy
 *
 * Packages bring services back (a postinst's update-rc.d defaults, an
 * xinetd file replaced): verify and apply without a policy option take
 * this file, so the apt hook can tell what came back. It is deafen's own
 * state, like the backups: written after a complete apply, with the file
 * it replaced kept in that apply's backup, and put back by its rollback.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"
#include "journal.h"
#include "policy.h"
#include "root.h"
#include "savedpolicy.h"

bool
saved_policy_exists(const char *root)
{
	struct stat st;
	int r = root_lstat(root, SAVED_POLICY, &st);

	/* a link out of the root: there, for saved_policy_load() to refuse */
	return r == 0 || r == -EXDEV;
}

int
saved_policy_load(const char *root, struct policy *p)
{
	char *real = NULL, *full, *text = NULL;
	int r = root_resolve(root, "/" SAVED_POLICY, &real);
	size_t len = 0;

	if (r < 0) {
		free(real);
		return errorf(r == -EXDEV ? -EXDEV : -EINVAL, "%s: %s", SAVED_POLICY,
			      r == -EXDEV ? "a link points outside the root" : strerror(-r));
	}
	full = root_path(root, real);
	/* an input of the root: a FIFO or a device there is refused (exit 3) */
	r = root_read_input(root, real, SAVED_POLICY, &text, &len);
	if (r == 0)
		r = policy_parse(p, full, text, len);
	free(text);
	free(full);
	free(real);
	return r;
}

static char *
policy_text(const struct policy *p)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		return xstrdup("");
	fputs("# written by deafen apply --save-policy; deafen verify reads it\n", f);
	for (size_t i = 0; i < p->n; i++)
		fprintf(f, "%s %s\n", p->v[i].keep ? "keep" : "disable", p->v[i].name);
	if (p->mask)
		fputs("mask\n", f);
	if (fclose(f) != 0 || out == NULL) {
		free(out);
		return xstrdup("");
	}
	return out;
}

/*
 * etc/deafen a real directory of the root (made if CREATE, named first in
 * the journal of B if not NULL, for its rollback to remove), opened beneath
 * it, and the policy in it not a link: nothing is written or removed
 * through a link, which could lead out of the root. Returns the directory's
 * descriptor; -EXDEV if not; -ENOENT if absent (!CREATE).
 */
static int
safe_place(const char *root, bool create, const struct backup *b)
{
	int etc = root_dir(root, "etc"), fd = -EXDEV;
	struct stat st;

	if (etc < 0)
		return etc;
	fd = 0;
	/* named in the journal first, if apply is to make it: its rollback removes it */
	if (create && b != NULL && fstatat(etc, "deafen", &st, AT_SYMLINK_NOFOLLOW) < 0 &&
	    errno == ENOENT)
		fd = backup_mark_path(b, "mkdir", "etc/deafen");
	if (fd < 0)
		;
	else if (create && mkdirat(etc, "deafen", 0755) == 0)
		fd = fsync(etc) < 0 ? -errno : 0; /* the new entry must survive a crash */
	else
		fd = !create || errno == EEXIST ? 0 : -errno;
	if (fd == 0)
		fd = beneath_open(etc, "deafen", O_RDONLY | O_DIRECTORY, 0);
	close(etc);
	if (fd == -ENOTDIR)
		fd = -EXDEV;
	if (fd >= 0 && fstatat(fd, "policy", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st.st_mode)) {
		close(fd);
		fd = -EXDEV;
	}
	return fd;
}

/* The saved policy in DIRFD (etc/deafen), read without following a link. */
static int
read_policy(int dirfd, char **data, size_t *len)
{
	int fd = beneath_open_input(dirfd, "policy");

	return fd < 0 ? fd : read_file_fd(fd, data, len);
}

int
saved_policy_check(const char *root)
{
	int r = safe_place(root, false, NULL);

	if (r >= 0)
		close(r);
	if (r == -EXDEV)
		return errorf(r, "%s: a link (or no directory) on its way; the policy cannot be "
				 "saved there",
			      SAVED_POLICY);
	return r == -ENOENT || r >= 0 ? 0 : r;
}

int
saved_policy_write(const char *root, const struct policy *p, const struct backup *b)
{
	char *text = policy_text(p), *old = NULL;
	size_t oldlen = 0;
	int r, fd;

	r = fd = safe_place(root, true, b);
	if (r == -EXDEV)
		r = errorf(r, "%s: a link (or no directory) on its way; the policy was not saved",
			   SAVED_POLICY);
	else if (r >= 0)
		r = 0;
	if (r == 0 && b != NULL && (r = read_policy(fd, &old, &oldlen)) == 0)
		r = backup_write_new(b, "policy.before", old, oldlen);
	else if (r == -ENOENT)
		r = 0;
	if (r == 0 && b != NULL)
		r = backup_write_new(b, "policy.saved", text, strlen(text));
	if (r == 0 && (r = fault_write(SAVED_POLICY)) == 0)
		r = b != NULL ? backup_write_file(b, fd, SAVED_POLICY, NULL, text, strlen(text), 0644,
						  geteuid(), getegid(), NULL)
			      : write_file_atomic_at(fd, "policy", text, strlen(text), 0644,
						     geteuid(), getegid(), NULL);
	if (r < 0)
		r = errorf(r, "%s: %s", SAVED_POLICY, strerror(-r));
	if (fd >= 0)
		close(fd);
	free(text);
	free(old);
	return r;
}

int
saved_policy_restore(const char *root, const struct backup *b, bool *changed)
{
	char *want = NULL, *now = NULL, *old = NULL;
	size_t wantlen = 0, nowlen = 0, oldlen = 0;
	int r = 0, fd = -1, etc;

	*changed = false;
	if (backup_read(b, "policy.saved", &want, &wantlen) < 0)
		goto out; /* that apply saved no policy */
	if ((fd = safe_place(root, false, NULL)) < 0) {
		r = fd == -ENOENT ? 0 /* gone: nothing to put back over */
				  : errorf(fd, "%s: a link (or no directory) on its way; not restored",
					   SAVED_POLICY);
		goto out;
	}
	if (read_policy(fd, &now, &nowlen) < 0 || nowlen != wantlen ||
	    memcmp(now, want, wantlen) != 0)
		goto out; /* gone, or changed since: someone else's now */
	if (backup_read(b, "policy.before", &old, &oldlen) == 0)
		r = backup_write_file(b, fd, SAVED_POLICY, NULL, old, oldlen, 0644, geteuid(),
				      getegid(), NULL);
	else if (unlinkat(fd, "policy", 0) < 0)
		r = -errno;
	else if ((etc = root_dir(root, "etc")) >= 0) {
		/* etc/deafen, if apply made it and it is empty */
		(void)unlinkat(etc, "deafen", AT_REMOVEDIR);
		close(etc);
	}
	if (r < 0)
		r = errorf(r, "%s: %s", SAVED_POLICY, strerror(-r));
	else
		*changed = true;
out:
	if (fd >= 0)
		close(fd);
	/* etc/deafen, if the journal says apply made it, and it is empty (killed mid-write too) */
	for (size_t i = 0; r == 0 && i < b->made.n; i++)
		if (streq(b->made.v[i], "etc/deafen") && (etc = root_dir(root, "etc")) >= 0) {
			(void)unlinkat(etc, "deafen", AT_REMOVEDIR);
			close(etc);
		}
	free(want);
	free(now);
	free(old);
	return r;
}
