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
	char *full = root_path(root, SAVED_POLICY);
	struct stat st;
	bool yes = lstat(full, &st) == 0;

	free(full);
	return yes;
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
	r = read_input(AT_FDCWD, full, O_NOFOLLOW, SAVED_POLICY, &text, &len);
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
 * the journal of B if not NULL, for its rollback to remove), and the policy
 * in it not a link: nothing is written or removed through a link, which
 * could lead out of the root. -EXDEV if not; -ENOENT if absent (!CREATE).
 */
static int
safe_place(const char *root, bool create, const struct backup *b)
{
	char *dir = root_path(root, "etc/deafen"), *file = root_path(root, SAVED_POLICY);
	struct stat st;
	int r = check_real_dir(root, "etc");

	if (r == 0 && lstat(dir, &st) < 0) {
		r = -errno;
		if (r == -ENOENT && create && b != NULL)
			r = backup_mark_path(b, "mkdir", "etc/deafen");
		else if (r == -ENOENT && create)
			r = 0;
		if (r == 0)
			r = mkdir(dir, 0755) < 0 ? -errno : fsync_parent(dir);
	} else if (r == 0 && !S_ISDIR(st.st_mode)) {
		r = -EXDEV;
	}
	if (r == 0 && lstat(file, &st) == 0 && !S_ISREG(st.st_mode))
		r = -EXDEV;
	free(dir);
	free(file);
	return r;
}

int
saved_policy_check(const char *root)
{
	int r = safe_place(root, false, NULL);

	if (r == -EXDEV)
		return errorf(r, "%s: a link (or no directory) on its way; the policy cannot be "
				 "saved there",
			      SAVED_POLICY);
	return r == -ENOENT ? 0 : r;
}

int
saved_policy_write(const char *root, const struct policy *p, const struct backup *b)
{
	char *full = root_path(root, SAVED_POLICY);
	char *before = b ? xasprintf("%s/policy.before", b->dir) : NULL;
	char *saved = b ? xasprintf("%s/policy.saved", b->dir) : NULL;
	char *text = policy_text(p), *old = NULL;
	size_t oldlen = 0;
	int r;

	r = safe_place(root, true, b);
	if (r == -EXDEV)
		r = errorf(r, "%s: a link (or no directory) on its way; the policy was not saved",
			   SAVED_POLICY);
	if (r == 0 && before != NULL && (r = read_file(full, &old, &oldlen)) == 0)
		r = write_file_new(before, old, oldlen, 0600);
	else if (r == -ENOENT)
		r = 0;
	if (r == 0 && saved != NULL)
		r = write_file_new(saved, text, strlen(text), 0600);
	if (r == 0 && b != NULL)
		r = backup_write_file(b, root, SAVED_POLICY, NULL, text, strlen(text), 0644,
				      geteuid(), getegid());
	else if (r == 0)
		r = write_file_atomic(full, text, strlen(text), 0644, geteuid(), getegid());
	if (r < 0)
		r = errorf(r, "%s: %s", SAVED_POLICY, strerror(-r));
	free(full);
	free(before);
	free(saved);
	free(text);
	free(old);
	return r;
}

static int
rmdir_in_root(const char *root)
{
	char *dir = root_path(root, "etc/deafen");
	int r = rmdir(dir);

	free(dir);
	return r;
}

int
saved_policy_restore(const char *root, const struct backup *b, bool *changed)
{
	char *full = root_path(root, SAVED_POLICY);
	char *before = xasprintf("%s/policy.before", b->dir);
	char *saved = xasprintf("%s/policy.saved", b->dir);
	char *want = NULL, *now = NULL, *old = NULL;
	size_t wantlen = 0, nowlen = 0, oldlen = 0;
	int r = 0;

	*changed = false;
	if (read_file(saved, &want, &wantlen) < 0)
		goto out; /* that apply saved no policy */
	if ((r = safe_place(root, false, NULL)) < 0) {
		if (r == -ENOENT)
			r = 0; /* gone: nothing to put back over */
		else
			r = errorf(r, "%s: a link (or no directory) on its way; not restored",
				   SAVED_POLICY);
		goto out;
	}
	if (read_file(full, &now, &nowlen) < 0 || nowlen != wantlen ||
	    memcmp(now, want, wantlen) != 0)
		goto out; /* gone, or changed since: someone else's now */
	if (read_file(before, &old, &oldlen) == 0)
		r = backup_write_file(b, root, SAVED_POLICY, NULL, old, oldlen, 0644, geteuid(),
				      getegid());
	else if (unlink(full) < 0)
		r = -errno;
	else
		(void)rmdir_in_root(root); /* etc/deafen, if apply made it and it is empty */
	if (r < 0)
		r = errorf(r, "%s: %s", SAVED_POLICY, strerror(-r));
	else
		*changed = true;
out:
	/* etc/deafen, if the journal says apply made it, and it is empty (killed mid-write too) */
	for (size_t i = 0; r == 0 && i < b->made.n; i++)
		if (streq(b->made.v[i], "etc/deafen") && check_real_dir(root, "etc") == 0)
			(void)rmdir_in_root(root);
	free(full);
	free(before);
	free(saved);
	free(want);
	free(now);
	free(old);
	return r;
}
