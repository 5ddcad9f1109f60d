/* apply.c - carrying out a plan on disk, and undoing it from its backup
 *
 * Every write goes through fsutil.c: files atomically, links one syscall
 * each. The journal says which steps were made; rollback does not trust it
 * alone and looks at each file and link before it touches it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "apply.h"
#include "fsutil.h"
#include "plan.h"
#include "root.h"
#include "source.h"
#include "systemd.h"
#include "tree.h"

static struct step *
add_step(struct changes *c, enum step_kind kind)
{
	struct step *s;

	c->steps = xrealloc(c->steps, (c->n + 1) * sizeof(*c->steps));
	c->old = xrealloc(c->old, (c->n + 1) * sizeof(*c->old));
	c->new = xrealloc(c->new, (c->n + 1) * sizeof(*c->new));
	c->oldlen = xrealloc(c->oldlen, (c->n + 1) * sizeof(*c->oldlen));
	c->newlen = xrealloc(c->newlen, (c->n + 1) * sizeof(*c->newlen));
	c->old[c->n] = c->new[c->n] = NULL;
	c->oldlen[c->n] = c->newlen[c->n] = 0;
	s = &c->steps[c->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	return s;
}

/* Does C leave DIR (under ROOT) empty: every entry deleted, nothing made there? */
static bool
emptied(const char *root, const struct changes *c, const char *dir)
{
	int fd = root_dir(root, dir);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	bool all = d != NULL;

	if (fd >= 0 && d == NULL)
		close(fd);
	for (size_t i = 0; all && i < c->n; i++)
		all = !((c->steps[i].kind == STEP_RENAME || c->steps[i].kind == STEP_CREATE) &&
			streq(c->steps[i].dir, dir));
	while (all && (de = readdir(d)) != NULL) {
		bool gone = false;

		if (streq(de->d_name, ".") || streq(de->d_name, ".."))
			continue;
		for (size_t i = 0; i < c->n && !gone; i++)
			gone = c->steps[i].kind == STEP_DELETE && streq(c->steps[i].dir, dir) &&
			       streq(c->steps[i].from, de->d_name);
		all = gone;
	}
	if (d != NULL)
		closedir(d);
	return all;
}

/*
 * A unit's .wants or .requires directory that the deletions empty goes too,
 * as systemctl disable removes it (so does git apply of the plan: it
 * removes a directory it empties). A step after the deletions, with the
 * directory's mode and owner for rollback.
 */
static int
emptied_dirs(const char *root, struct changes *c)
{
	struct strv dirs = { 0 };
	int r = 0;

	for (size_t i = 0; i < c->n; i++) {
		char *owner = c->steps[i].kind == STEP_DELETE ? unit_wants_owner(c->steps[i].dir)
							       : NULL;

		if (owner != NULL)
			strv_push(&dirs, c->steps[i].dir);
		free(owner);
	}
	strv_sort_uniq(&dirs);
	for (size_t i = 0; r == 0 && i < dirs.n; i++) {
		int fd = -1;
		struct step *d;
		struct stat st;

		if (!emptied(root, c, dirs.v[i]))
			;
		else if ((fd = root_dir(root, dirs.v[i])) < 0 || fstat(fd, &st) < 0)
			r = errorf(fd < 0 ? fd : -errno, "%s: %s", dirs.v[i],
				   strerror(fd < 0 ? -fd : errno));
		else {
			d = add_step(c, STEP_RMDIR);
			d->dir = xstrdup(dirs.v[i]);
			d->mode = st.st_mode;
			d->uid = st.st_uid;
			d->gid = st.st_gid;
		}
		if (fd >= 0)
			close(fd);
	}
	strv_free(&dirs);
	return r;
}

static char *dir_of(const char *path);

/*
 * A link enable makes in a directory that is not there (a .wants directory
 * apply emptied and removed): a step that makes it first, 0755 with its
 * parent's owner, as systemctl enable makes it; rollback removes it.
 */
static int
made_dir(const char *root, struct changes *c, const char *dir)
{
	char *parent;
	struct stat st;
	struct step *s;
	int fd = root_dir(root, dir), r = 0;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->steps[i].kind == STEP_MKDIR && streq(c->steps[i].dir, dir))
			return 0;
	if (fd != -ENOENT)
		return errorf(fd, "%s: %s", dir, strerror(-fd));
	parent = dir_of(dir);
	fd = root_dir(root, parent);
	if (fd < 0 || fstat(fd, &st) < 0)
		r = errorf(fd < 0 ? fd : -errno, "%s: %s", parent, strerror(fd < 0 ? -fd : errno));
	if (fd >= 0)
		close(fd);
	free(parent);
	if (r < 0)
		return r;
	s = add_step(c, STEP_MKDIR);
	s->dir = xstrdup(dir);
	s->mode = S_IFDIR | 0755;
	s->uid = st.st_uid;
	s->gid = st.st_gid;
	return 0;
}

int
changes_from_plan(const struct tree *t, const struct plan *p, struct changes *c)
{
	char **news = xcalloc(p->files.n + 1, sizeof(*news));
	int r;

	memset(c, 0, sizeof(*c));
	r = sources_render_files(t, p, news);
	for (size_t i = 0; r == 0 && i < p->files.n; i++) {
		const char *file = p->files.v[i];
		int fd = root_open_input(t->root, file);
		struct step *s = add_step(c, STEP_FILE);
		size_t k = c->n - 1;
		struct stat st;

		s->path = xstrdup(file);
		if (fd == -EFTYPE_INPUT)
			r = errorf(-EINVAL, "%s: not a regular file", file);
		else if (fd < 0 || fstat(fd, &st) < 0)
			r = errorf(fd < 0 ? fd : -errno, "%s: %s", file,
				   strerror(fd < 0 ? -fd : errno));
		/* its labels and ACLs go to the new file, and into the backup */
		if (r == 0 && (r = xattrs_read(fd, &s->xattrs)) < 0)
			r = errorf(r, "%s: extended attributes: %s", file, strerror(-r));
		if (r == 0) {
			s->mode = st.st_mode;
			s->uid = st.st_uid;
			s->gid = st.st_gid;
			r = read_file_fd(fd, &c->old[k], &c->oldlen[k]);
			fd = -1;
			if (r < 0)
				r = errorf(r, "%s: %s", file, strerror(-r));
		}
		if (fd >= 0)
			close(fd);
		if (r == 0) {
			c->new[k] = news[i];
			news[i] = NULL;
			c->newlen[k] = strlen(c->new[k]);
		}
	}
	for (size_t i = 0; i < p->files.n; i++)
		free(news[i]);
	free(news);
	for (size_t i = 0; r == 0 && i < p->n; i++) {
		const struct link_edit *e = &p->v[i].link;
		static const enum step_kind kinds[] = { STEP_RENAME, STEP_DELETE, STEP_CREATE };
		struct step *s;

		if (p->v[i].kind != ACT_LINK)
			continue;
		if (e->op == LINK_CREATE && (r = made_dir(t->root, c, e->dir)) < 0)
			break;
		s = add_step(c, kinds[e->op]);
		s->dir = xstrdup(e->dir);
		s->from = e->from ? xstrdup(e->from) : NULL;
		s->to = e->to ? xstrdup(e->to) : NULL;
		s->target = xstrdup(e->target);
	}
	if (r == 0)
		r = emptied_dirs(t->root, c);
	return r;
}

void
changes_free(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->old[i]);
		free(c->new[i]);
	}
	steps_free(c->steps, c->n);
	free(c->old);
	free(c->new);
	free(c->oldlen);
	free(c->newlen);
	memset(c, 0, sizeof(*c));
}

/* The directory part of a root-relative PATH. */
static char *
dir_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

/*
 * DIR (relative to the root) opened for the *at() calls, no link on its way:
 * one swapped in since the plan or the check fails here, instead of
 * sending the write out of the root. WHAT names it in the message.
 */
static int
open_dir(const char *root, const char *dir, const char *what)
{
	int fd = root_dir(root, dir);

	if (fd == -EXDEV)
		return errorf(fd, "%s: a directory on its path is now a link; nothing written there",
			      what);
	return fd < 0 ? errorf(fd, "%s: %s", what, strerror(-fd)) : fd;
}

/*
 * Writes the backup's WHICH copy of S's file over the one in DIRFD,
 * atomically, with its mode, owner and extended attributes, through the
 * temporary file TMP the journal names.
 */
static int
put_copy(const struct backup *b, const char *root, int dirfd, const struct step *s,
	 const char *which, const char *tmp)
{
	char *data = NULL, *full = root_path(root, s->path);
	struct xattrs x = { 0 };
	size_t len = 0;
	int r = fault_write(full);

	free(full);
	if (r < 0)
		return r;
	r = backup_read_copy(b, which, s->path, &data, &len);
	if (r == 0 && (r = backup_read_copy(b, "xattrs", s->path, &x.data, &x.len)) == -ENOENT)
		r = 0; /* it had none (or the backup is older than xattrs) */
	if (r == 0)
		r = backup_write_file(b, dirfd, s->path, tmp, data, len, s->mode, s->uid, s->gid,
				      &x);
	free(data);
	xattrs_free(&x);
	return r;
}

/* Is NAME in DIRFD a regular file holding DATA? */
static bool
same_as(int dirfd, const char *name, const char *data, size_t len)
{
	int fd = beneath_open_input(dirfd, name);
	char *cur = NULL;
	size_t n = 0;
	bool same;

	if (fd < 0 || read_file_fd(fd, &cur, &n) < 0)
		return false;
	same = n == len && memcmp(cur, data, len) == 0;
	free(cur);
	return same;
}

/* A step about a directory itself: one apply removed, or one enable made. */
static bool
dir_step(const struct step *s)
{
	return s->kind == STEP_RMDIR || s->kind == STEP_MKDIR;
}

static int remake_dir(int pfd, const char *name, const struct step *s);

static int
do_step(const struct backup *b, const char *root, const struct step *s, const char *tmp)
{
	const char *what = s->kind == STEP_FILE ? s->path : s->dir;
	char *dir, *old = NULL;
	size_t oldlen = 0;
	int fd, r;

	pause_before(what);
	dir = s->kind == STEP_FILE ? dir_of(s->path) : dir_step(s) ? dir_of(s->dir) : xstrdup(s->dir);
	fd = open_dir(root, dir, what);
	free(dir);
	if (fd < 0)
		return fd;
	if (s->kind == STEP_MKDIR) {
		r = remake_dir(fd, base_name(s->dir), s);
		if (r < 0)
			r = errorf(r, "%s: mkdir: %s", s->dir, strerror(-r));
	} else if (s->kind == STEP_FILE) {
		/* someone's edit since the backup must not be lost */
		if ((r = backup_read_copy(b, "old", s->path, &old, &oldlen)) == 0 &&
		    !same_as(fd, base_name(s->path), old, oldlen))
			r = errorf(-EBUSY, "%s: changed while deafen was applying; not written",
				   s->path);
		if (r == 0)
			r = put_copy(b, root, fd, s, "new", tmp);
		if (r < 0)
			r = errorf(r, "%s: write: %s", s->path, strerror(-r));
		free(old);
	} else if (s->kind == STEP_RMDIR) {
		/* something put there since the plan stays, and its directory with it */
		r = unlinkat(fd, base_name(s->dir), AT_REMOVEDIR) < 0 && errno != ENOTEMPTY &&
				    errno != EEXIST
			    ? -errno
			    : 0;
		if (r == 0 && fsync(fd) < 0)
			r = -errno;
		if (r < 0)
			r = errorf(r, "%s: %s", s->dir, strerror(-r));
	} else {
		if ((r = fault_write(s->to ? s->to : s->from)) < 0)
			;
		else if (s->kind == STEP_RENAME)
			r = link_rename_at(fd, s->from, s->to);
		else if (s->kind == STEP_DELETE)
			r = link_remove_at(fd, s->from);
		else
			r = link_create_at(fd, s->to, s->target);
		if (r < 0)
			r = errorf(r, "%s/%s: %s: %s", s->dir, s->to ? s->to : s->from,
				   s->kind == STEP_RENAME   ? "rename"
				   : s->kind == STEP_DELETE ? "remove"
							    : "link",
				   strerror(-r));
	}
	close(fd);
	return r;
}

/* Test-only: DEAFEN_CRASH_AFTER=N dies right after step N (0: after the backup). */
static void
maybe_crash(size_t done)
{
	const char *n = getenv("DEAFEN_CRASH_AFTER");

	if (n != NULL && *n != '\0' && strtoul(n, NULL, 10) == done)
		_exit(99);
}

int
apply_steps(struct backup *b, const char *root, enum applied *done, struct strv *undo)
{
	char **tmps = xcalloc(b->n + 1, sizeof(*tmps));
	size_t changed, i, upto;
	int r;

	*done = APPLIED_NOTHING;
	maybe_crash(0);
	/* the temporary file of each file step, named before any is made */
	if ((r = backup_name_temps(b, NULL, b->n, NULL, tmps)) < 0) {
		free(tmps);
		return r;
	}
	for (i = 0; i < b->n; i++) {
		char mark[32];

		r = do_step(b, root, &b->steps[i], tmps[i]);
		if (r < 0)
			break;
		snprintf(mark, sizeof(mark), "made %zu", i + 1);
		crash_point(mark); /* made, not yet journaled */
		snprintf(mark, sizeof(mark), "done %zu", i + 1);
		r = backup_mark(b, mark);
		if (r < 0)
			break;
		maybe_crash(i + 1);
	}
	for (size_t k = 0; k < b->n; k++)
		free(tmps[k]);
	free(tmps);
	if (r == 0) {
		/* every step made and journaled: the journal's done N says so if this fails */
		*done = APPLIED_ALL;
		return backup_mark(b, "complete");
	}
	/*
	 * put back what was made (steps 1..i+1; 1..i when step i+1 found a link on its way
	 * and made nothing); the first error is the one told
	 */
	upto = r == -EXDEV ? i : i + 1 < b->n ? i + 1 : b->n;
	/* "failed": backups shows it as such, not as an apply rolled back */
	if (rollback_steps(b, root, false, upto, &changed, undo) == 0)
		(void)backup_mark(b, "failed");
	else
		*done = APPLIED_PART;
	return r;
}

/* ---- rollback ---- */

enum undo { UNDO_NOTHING, UNDO_ACTION, UNDO_CONFLICT };

/* Is NAME in DIRFD a link, and to TARGET? 1 yes, 0 absent (DIRFD -1: no directory), -1 something else. */
static int
link_state(int dirfd, const char *name, const char *target)
{
	char buf[PATH_MAX];
	struct stat st;

	if (dirfd < 0)
		return 0;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : -1;
	if (link_read_at(dirfd, name, buf, sizeof(buf)) < 0)
		return -1;
	return streq(buf, target) ? 1 : -1;
}

/* A directory of a step, to look at: -1 if it is not there (apply removed it). */
static int
look_dir(const char *root, const char *dir)
{
	int fd = root_dir(root, dir);

	return fd < 0 ? -1 : fd;
}

/* Why a copy in the backup cannot be read. */
static const char *
copy_error(int r)
{
	return r == -EXDEV ? "a link on its way in the backup; refused" : strerror(-r);
}

/* What undoing S needs; *WHY says a conflict. */
static enum undo
undo_state(const struct backup *b, const char *root, const struct step *s, char **why)
{
	enum undo u = UNDO_NOTHING;
	int fd;

	if (s->kind == STEP_FILE) {
		char *old = NULL, *new = NULL, *dir = dir_of(s->path);
		const char *name = base_name(s->path);
		size_t oldlen = 0, newlen = 0;
		struct stat st;
		int r;

		fd = look_dir(root, dir);
		free(dir);
		if ((r = backup_read_copy(b, "old", s->path, &old, &oldlen)) < 0 ||
		    (r = backup_read_copy(b, "new", s->path, &new, &newlen)) < 0) {
			u = UNDO_CONFLICT;
			*why = r == -ENOENT ? xasprintf("%s: the backup copy is missing", s->path)
					    : xasprintf("%s: the backup copy cannot be read: %s",
							s->path, copy_error(r));
		} else if (fd < 0 || fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			u = UNDO_ACTION; /* gone: nothing newer to lose */
		} else if (same_as(fd, name, old, oldlen)) {
			u = UNDO_NOTHING;
		} else if (same_as(fd, name, new, newlen)) {
			u = UNDO_ACTION;
		} else {
			const char *said = NULL;

			for (size_t i = 0; i < b->nover && said == NULL; i++)
				if (streq(b->over[i].path, s->path))
					said = b->over[i].why;
			u = UNDO_CONFLICT;
			*why = said ? xstrdup(said) : xasprintf("%s: changed since apply", s->path);
		}
		if (fd >= 0)
			close(fd);
		free(old);
		free(new);
		return u;
	}
	fd = look_dir(root, s->dir);
	switch (s->kind) {
	case STEP_RENAME: {
		int was = link_state(fd, s->from, s->target), now = link_state(fd, s->to, s->target);

		if (was == 1 && now == 0)
			u = UNDO_NOTHING;
		else if (was >= 0 && now >= 0)
			u = UNDO_ACTION;
		else
			u = UNDO_CONFLICT;
		break;
	}
	case STEP_DELETE: {
		int was = link_state(fd, s->from, s->target);

		u = was == 1 ? UNDO_NOTHING : was == 0 ? UNDO_ACTION : UNDO_CONFLICT;
		break;
	}
	case STEP_CREATE: {
		int now = link_state(fd, s->to, s->target);

		u = now == 0 ? UNDO_NOTHING : now == 1 ? UNDO_ACTION : UNDO_CONFLICT;
		break;
	}
	case STEP_RMDIR: {
		char *parent = dir_of(s->dir);
		int pfd = look_dir(root, parent);
		struct stat st;

		/* there, but not as it was (a rollback killed before its chmod): mode and owner */
		if (pfd < 0 || fstatat(pfd, base_name(s->dir), &st, AT_SYMLINK_NOFOLLOW) < 0)
			u = pfd < 0 || errno == ENOENT ? UNDO_ACTION : UNDO_CONFLICT;
		else if (!S_ISDIR(st.st_mode))
			u = UNDO_CONFLICT;
		else if ((st.st_mode & 07777) != (s->mode & 07777) ||
			 (geteuid() == 0 && (st.st_uid != s->uid || st.st_gid != s->gid)))
			u = UNDO_ACTION;
		if (pfd >= 0)
			close(pfd);
		free(parent);
		break;
	}
	case STEP_MKDIR: {
		char *parent = dir_of(s->dir);
		int pfd = look_dir(root, parent);
		struct stat st;

		if (pfd < 0 || fstatat(pfd, base_name(s->dir), &st, AT_SYMLINK_NOFOLLOW) < 0)
			u = pfd < 0 || errno == ENOENT ? UNDO_NOTHING : UNDO_CONFLICT;
		else
			u = S_ISDIR(st.st_mode) ? UNDO_ACTION : UNDO_CONFLICT;
		if (pfd >= 0)
			close(pfd);
		free(parent);
		break;
	}
	case STEP_FILE:
		break;
	}
	if (fd >= 0)
		close(fd);
	if (u == UNDO_CONFLICT && s->kind == STEP_MKDIR)
		*why = xasprintf("%s: not the directory enable made", s->dir);
	else if (u == UNDO_CONFLICT && s->kind == STEP_RMDIR)
		*why = xasprintf("%s: not the directory apply removed", s->dir);
	else if (u == UNDO_CONFLICT)
		*why = xasprintf("%s/%s: not the link apply left there", s->dir,
				 s->kind == STEP_CREATE ? s->to : s->from);
	return u;
}

bool
rollback_step_undone(const struct backup *b, const char *root, size_t i)
{
	char *why = NULL;
	bool none = undo_state(b, root, &b->steps[i], &why) == UNDO_NOTHING;

	free(why);
	return none;
}

bool
rollback_nothing_left(const struct backup *b, const char *root)
{
	bool none = true;

	for (size_t i = 0; i < b->n && none; i++)
		none = rollback_step_undone(b, root, i);
	return none;
}

/* Keeps the file someone changed after apply, before --force overwrites it. */
static int
keep_newer(const struct backup *b, const char *root, const struct step *s)
{
	int fd = root_open_input(root, s->path);
	char *data = NULL, *name;
	size_t len = 0;
	int r;

	if (fd < 0 || read_file_fd(fd, &data, &len) < 0)
		return 0;
	name = xasprintf("%s.%ld", s->path, (long)time(NULL));
	r = backup_save_copy(b, "newer", name, data, len);
	free(name);
	free(data);
	return r;
}

/* Makes the directory NAME in PFD again as apply found it: owner (if this user may give it), then mode. */
static int
remake_dir(int pfd, const char *name, const struct step *s)
{
	struct stat st;
	int fd, r = 0;

	if (mkdirat(pfd, name, 0700) < 0 && errno != EEXIST)
		return -errno;
	crash_point("mkdir"); /* made 0700, not yet as it was */
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ELOOP || errno == ENOTDIR ? -EXDEV : -errno;
	if (fchown(fd, s->uid, s->gid) < 0 &&
	    (errno != EPERM || fstat(fd, &st) < 0 || st.st_uid != s->uid || st.st_gid != s->gid))
		r = -EPERM;
	else if (fchmod(fd, s->mode & 07777) < 0 || fsync(pfd) < 0)
		r = -errno;
	close(fd);
	return r;
}

static int
undo_step(const struct backup *b, const char *root, const struct step *s, const char *tmp)
{
	const char *what = s->kind == STEP_FILE ? s->path : s->dir;
	char *dir;
	int fd, r;

	pause_before(what);
	dir = s->kind == STEP_FILE ? dir_of(s->path) : dir_step(s) ? dir_of(s->dir) : xstrdup(s->dir);
	fd = open_dir(root, dir, what);
	free(dir);
	if (fd < 0)
		return fd;
	r = 0;
	switch (s->kind) {
	case STEP_FILE:
		r = put_copy(b, root, fd, s, "old", tmp);
		break;
	case STEP_RENAME:
		if (link_state(fd, s->from, s->target) == 1)
			r = link_remove_at(fd, s->to);
		else if (link_state(fd, s->to, s->target) == 1)
			r = link_rename_at(fd, s->to, s->from);
		else
			r = link_create_at(fd, s->from, s->target);
		break;
	case STEP_DELETE:
		r = link_create_at(fd, s->from, s->target);
		break;
	case STEP_CREATE:
		r = link_remove_at(fd, s->to);
		break;
	case STEP_RMDIR:
		r = remake_dir(fd, base_name(s->dir), s);
		break;
	case STEP_MKDIR:
		/* what was put there since stays, and the directory with it */
		r = unlinkat(fd, base_name(s->dir), AT_REMOVEDIR) < 0 && errno != ENOTEMPTY &&
				    errno != EEXIST && errno != ENOENT
			    ? -errno
			    : 0;
		if (r == 0 && fsync(fd) < 0)
			r = -errno;
		break;
	}
	close(fd);
	if (r < 0 && (s->kind == STEP_FILE || dir_step(s)))
		r = errorf(r, "restore %s: %s", what,
			   r == -EXDEV ? "a link is there now; nothing written" : strerror(-r));
	else if (r < 0)
		r = errorf(r, "restore %s/%s: %s", s->dir, s->from ? s->from : s->to, strerror(-r));
	return r;
}

/*
 * The temporary files the journal names that are still there: a run killed
 * while writing one. Only those: a file of the root's that looks like one
 * stays. Never through a directory that became a link.
 */
static int
remove_temporaries(const struct backup *b, const char *root)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < b->temps.n; i++) {
		char *dir = dir_of(b->temps.v[i]);
		const char *name = base_name(b->temps.v[i]);
		int fd = root_dir(root, dir); /* not through a directory that became a link */
		struct stat st;

		if (fd >= 0 && fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && unlinkat(fd, name, 0) < 0 && errno != ENOENT)
			r = errorf(-errno, "%s: %s", b->temps.v[i], strerror(errno));
		if (fd >= 0)
			close(fd);
		free(dir);
	}
	return r;
}

/*
 * Test-only: DEAFEN_FAIL_RESTORE=TEXT makes the undo of a step whose path
 * contains TEXT fail with EPERM, as an immutable file (chattr +i) would.
 * Never active unless set.
 */
static int
fault_restore(const char *what)
{
	const char *f = getenv("DEAFEN_FAIL_RESTORE");

	return f != NULL && *f != '\0' && strstr(what, f) != NULL ? -EPERM : 0;
}

char *
step_name(const struct step *s)
{
	if (s->kind == STEP_FILE)
		return xstrdup(s->path);
	if (dir_step(s))
		return xstrdup(s->dir);
	return xasprintf("%s/%s", s->dir, s->kind == STEP_CREATE ? s->to : s->from);
}

/* Did one of the first UPTO steps remove DIR, and is it absent? */
static bool
removed_here(const struct backup *b, size_t upto, const char *root, const char *dir)
{
	bool removed = false;
	int fd;

	for (size_t i = 0; i < upto && !removed; i++)
		removed = dir_step(&b->steps[i]) && streq(b->steps[i].dir, dir);
	if (!removed)
		return false;
	fd = root_dir(root, dir);
	if (fd >= 0)
		close(fd);
	return fd == -ENOENT;
}

/* Counts step S as restored, and names what it restored in RESTORED (if not NULL). */
static void
restored_one(const struct step *s, size_t *changed, struct strv *restored)
{
	char *name = step_name(s), *what = xasprintf("undo %s", name);

	(*changed)++;
	if (restored != NULL)
		strv_push(restored, name);
	free(name);
	crash_point(what);
	free(what);
}

/*
 * The error of a rollback that could not restore everything: how much it
 * did, what is left, the first cause, and that running it again finishes.
 */
static int
partial(const struct backup *b, const char *root, size_t changed, size_t todo,
	const struct strv *left, int err, const char *why)
{
	char *base = backup_base(root, NULL), *list = xstrdup(""), *opt;
	size_t n = strlen(b->dir) - strlen(b->id) - 1;

	opt = strlen(base) == n && strncmp(base, b->dir, n) == 0
		      ? xstrdup("")
		      : xasprintf(" --backup-dir %.*s", (int)n, b->dir);
	for (size_t i = 0; i < left->n && i < 5; i++) {
		char *next = xasprintf("%s%s%s", list, i ? ", " : "", left->v[i]);

		free(list);
		list = next;
	}
	err = errorf(err, "rollback %s is partial: %zu of %zu changes restored, %zu left (%s%s): "
			  "%s; once the cause is removed, deafen --root %s%s rollback %s again "
			  "restores the rest",
		     b->id, changed, todo, left->n, list, left->n > 5 ? ", ..." : "", why, root,
		     opt, b->id);
	free(base);
	free(list);
	free(opt);
	return err;
}

int
rollback_steps(struct backup *b, const char *root, bool force, size_t upto, size_t *changed,
	       struct strv *restored)
{
	enum undo *u = xcalloc(b->n + 1, sizeof(*u));
	bool *want = xcalloc(b->n + 1, sizeof(*want));
	char **tmps = xcalloc(b->n + 1, sizeof(*tmps));
	struct strv conflicts = { 0 }, left = { 0 };
	char *told = xstrdup(error_message()), *why = NULL;
	size_t todo = 0;
	int r = 0, err = 0;

	/* an error already told (apply's, when it undoes its steps) stays the one told */
	error_clear();
	*changed = 0;
	for (size_t i = 0; i < upto; i++) {
		const struct step *s = &b->steps[i];
		char *dir;

		if (b->only_steps != NULL && !b->only_steps[i])
			continue; /* rollback --only: another service's */
		dir = s->kind == STEP_FILE ? dir_of(s->path) : xstrdup(s->dir);

		/* a directory apply removed is made again in its parent, which must be real */
		if (s->kind != STEP_FILE && removed_here(b, upto, root, s->dir)) {
			char *parent = dir_of(dir);

			free(dir);
			dir = parent;
		}
		r = open_dir(root, dir, s->kind == STEP_FILE ? s->path : s->dir);
		free(dir);
		if (r < 0)
			goto out;
		close(r);
		r = 0;
	}
	for (size_t i = 0; i < upto; i++) {
		char *c = NULL;

		if (b->only_steps != NULL && !b->only_steps[i])
			continue; /* UNDO_NOTHING */
		u[i] = undo_state(b, root, &b->steps[i], &c);
		if (c != NULL)
			strv_take(&conflicts, c);
	}
	if (conflicts.n > 0 && !force) {
		size_t len = 0;
		char *list;

		for (size_t i = 0; i < conflicts.n; i++)
			len += strlen(conflicts.v[i]) + 2;
		list = xcalloc(1, len + 1);
		for (size_t i = 0; i < conflicts.n; i++) {
			strcat(list, i ? "; " : "");
			strcat(list, conflicts.v[i]);
		}
		r = errorf(-EEXIST, "rollback %s: %s (nothing restored; --force restores anyway, "
				    "keeping the newer files in the backup)",
			   b->id, list);
		free(list);
		goto out;
	}
	/*
	 * From here the root changes: a kill leaves the backup "rollback
	 * interrupted". The temporary file of each file to restore is named with it.
	 */
	for (size_t i = 0; i < upto; i++)
		want[i] = u[i] != UNDO_NOTHING;
	if ((r = backup_name_temps(b, "rollback", upto, want, tmps)) < 0 ||
	    (r = remove_temporaries(b, root)) < 0)
		goto out;
	/* a step that cannot be undone (EPERM: an immutable file) does not stop the others */
	for (size_t i = upto; i-- > 0;) {
		const struct step *s = &b->steps[i];
		char *name;

		if (u[i] == UNDO_NOTHING)
			continue;
		if (u[i] == UNDO_CONFLICT && dir_step(s))
			continue; /* something else is there: its links cannot come back */
		todo++;
		name = step_name(s);
		if ((r = fault_restore(name)) < 0)
			r = errorf(r, "restore %s: %s", name, strerror(-r));
		else if (u[i] == UNDO_CONFLICT && s->kind == STEP_FILE)
			r = keep_newer(b, root, s);
		if (r == 0 && u[i] == UNDO_CONFLICT && s->kind != STEP_FILE) {
			/* a link that is not ours: with --force, ours comes back beside it */
			int fd = open_dir(root, s->dir, s->dir);
			const char *from = s->kind == STEP_CREATE ? NULL : s->from;

			r = fd < 0 ? fd : 0;
			if (fd >= 0 && from != NULL && link_state(fd, from, s->target) == 0 &&
			    (r = link_create_at(fd, from, s->target)) < 0)
				r = errorf(r, "restore %s: %s", name, strerror(-r));
			if (fd >= 0)
				close(fd);
		} else if (r == 0) {
			r = undo_step(b, root, s, tmps[i]);
		}
		if (r == 0) {
			restored_one(s, changed, restored);
		} else {
			if (err == 0) {
				err = r;
				why = xstrdup(error_message());
			}
			error_clear();
			strv_push(&left, name);
			r = 0;
		}
		free(name);
	}
	if (left.n > 0)
		r = partial(b, root, *changed, todo, &left, err, why);
out:
	if (*told != '\0') {
		error_clear();
		(void)errorf(r, "%s", told);
	}
	strv_free(&conflicts);
	strv_free(&left);
	for (size_t i = 0; i < b->n; i++)
		free(tmps[i]);
	free(tmps);
	free(want);
	free(told);
	free(why);
	free(u);
	return r;
}
