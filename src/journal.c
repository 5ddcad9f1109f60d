/* journal.c - the backup of an apply: manifest, copies, and its journal
 *
 * BASE/ID/manifest   what apply will do, one step a line, then "end"
 * BASE/ID/old/PATH   each file as it was;  BASE/ID/new/PATH  as apply writes it
 * BASE/ID/journal    "begin", "done N" after each step, "complete"; "rollback" when
 *                    a rollback begins, "rolled-back" when it is done; "temp PATH"
 *                    before a temporary file is made under the root, "mkdir PATH"
 *                    before a directory is (each then removed by rollback)
 *
 * Everything is written and fsync'ed before the first change, so a run
 * killed at any instant leaves what rollback needs. Fields are separated by
 * tabs; a tab, newline or backslash in a name is escaped.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "journal.h"
#include "root.h"
#include "xattrs.h"

static const char *const kinds[] = { "file", "rename", "delete", "create", "rmdir", "mkdir" };

const char *
backup_state_name(enum backup_state s)
{
	static const char *const names[] = { "incomplete (nothing changed)", "interrupted",
					     "complete", "rolled back", "unreadable",
					     "rollback interrupted", "failed (nothing changed)" };

	return names[s];
}

const char *
backup_state_word(const struct backup *b)
{
	if (b->state == BACKUP_COMPLETE && b->overridden != NULL)
		return "overridden";
	if (b->state == BACKUP_COMPLETE && b->only.n > 0)
		return "partly rolled back";
	return backup_state_name(b->state);
}

char *
backup_state_text(const struct backup *b)
{
	char *names = xstrdup(""), *t;

	for (size_t i = 0; i < b->only.n; i++) {
		t = xasprintf("%s%s%s", names, i ? "," : "", b->only.v[i]);
		free(names);
		names = t;
	}

	if (b->state == BACKUP_COMPLETE && b->overridden != NULL)
		t = xasprintf("overridden by %s", b->overridden);
	else if (b->state == BACKUP_COMPLETE && b->only.n > 0)
		t = xasprintf("partly rolled back (%s)", names);
	else if (b->state == BACKUP_ROLLING_BACK && b->pending_only != NULL)
		t = xasprintf("rollback --only %s interrupted", b->pending_only);
	else
		t = xstrdup(backup_state_name(b->state));
	free(names);
	return t;
}

char *
backup_base(const char *root, const char *backup_dir)
{
	if (backup_dir != NULL)
		return xstrdup(backup_dir);
	return xasprintf("%s/var/backups/deafen", streq(root, "/") ? "" : root);
}

char *
backup_copy_path(const struct backup *b, const char *which, const char *path)
{
	return xasprintf("%s/%s/%s", b->dir, which, path);
}

static void
put_field(FILE *f, const char *s)
{
	fputc('\t', f);
	for (; s != NULL && *s; s++) {
		if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else if (*s == '\\')
			fputs("\\\\", f);
		else
			fputc(*s, f);
	}
}

static char *
unescape(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			*o++ = s[i] == 't' ? '\t' : s[i] == 'n' ? '\n' : s[i];
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* The tab-separated fields of LINE. */
static void
split_fields(const char *line, struct strv *f)
{
	for (;;) {
		size_t n = strcspn(line, "\t");

		strv_take(f, unescape(line, n));
		if (line[n] != '\t')
			break;
		line += n + 1;
	}
}

static char *
manifest_text(const struct backup *b)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	fputs("deafen-backup\t1\n", f);
	fputs("id", f), put_field(f, b->id), fputc('\n', f);
	fputs("time", f), put_field(f, b->time), fputc('\n', f);
	fputs("root", f), put_field(f, b->root), fputc('\n', f);
	fputs("policy", f), put_field(f, b->policy), fputc('\n', f);
	fputs("style", f), put_field(f, b->style), fputc('\n', f);
	for (size_t i = 0; i < b->ntargets; i++) {
		const struct target *t = &b->targets[i];

		fputs("listener", f);
		put_field(f, t->proto);
		put_field(f, t->addr);
		fprintf(f, "\t%u\t%d", t->port, t->daemon ? 1 : 0);
		put_field(f, t->service);
		put_field(f, t->where);
		put_field(f, t->comm);
		fputc('\n', f);
	}
	for (size_t i = 0; i < b->n; i++) {
		const struct step *s = &b->steps[i];

		fputs(kinds[s->kind], f);
		if (s->kind == STEP_FILE || s->kind == STEP_RMDIR || s->kind == STEP_MKDIR) {
			put_field(f, s->kind == STEP_FILE ? s->path : s->dir);
			fprintf(f, "\t%04o\t%u\t%u", (unsigned)(s->mode & 07777), (unsigned)s->uid,
				(unsigned)s->gid);
		} else {
			put_field(f, s->dir);
			put_field(f, s->from ? s->from : "");
			put_field(f, s->to ? s->to : "");
			put_field(f, s->target);
		}
		fputc('\n', f);
	}
	fputs("end\n", f);
	fclose(f);
	return text;
}

/* Writes BASE/ID/WHICH/PATH, making its directories, all fsync'ed; no link followed in the backup. */
int
backup_save_copy(const struct backup *b, const char *which, const char *path, const char *data,
		 size_t len)
{
	char *p = xasprintf("%s/%s", which, path), *slash = strrchr(p, '/');
	int dirfd, r;

	*slash = '\0';
	r = dirfd = mkdirs_at(b->dirfd, p, 0700);
	*slash = '/';
	if (r >= 0) {
		r = write_file_new_at(dirfd, slash + 1, data, len, 0600);
		if (r == 0 && fsync(dirfd) < 0)
			r = -errno;
		close(dirfd);
	}
	if (r < 0)
		r = errorf(r, "backup %s/%s: %s", b->dir, p, strerror(-r));
	free(p);
	return r;
}

int
backup_read(const struct backup *b, const char *rel, char **data, size_t *len)
{
	int fd = beneath_open_input(b->dirfd, rel);

	if (fd == -EFTYPE_INPUT)
		return -EINVAL;
	return fd < 0 ? fd : read_file_fd(fd, data, len);
}

int
backup_read_copy(const struct backup *b, const char *which, const char *path, char **data,
		 size_t *len)
{
	char *p;
	int r;

	for (size_t i = 0; i < b->nover; i++) {
		const struct copy_over *o = &b->over[i];
		bool old = streq(which, "old");

		if (!streq(o->path, path) || (!old && !streq(which, "new")))
			continue;
		*len = old ? o->oldlen : o->newlen;
		*data = xmalloc(*len + 1);
		memcpy(*data, old ? o->old : o->new, *len);
		(*data)[*len] = '\0';
		return 0;
	}
	p = xasprintf("%s/%s", which, path);
	r = backup_read(b, p, data, len);

	free(p);
	return r;
}

int
backup_replace_copy(const struct backup *b, const char *which, const char *path,
		    const char *data, size_t len)
{
	char *p = xasprintf("%s/%s", which, path), *slash = strrchr(p, '/');
	char *tmp = xasprintf("%s.deafen-new", slash + 1);
	int dirfd, r;

	*slash = '\0';
	r = dirfd = mkdirs_at(b->dirfd, p, 0700);
	*slash = '/';
	if (r >= 0) {
		/* a temporary one left by a run killed here goes first */
		(void)unlinkat(dirfd, tmp, 0);
		r = write_file_new_at(dirfd, tmp, data, len, 0600);
		if (r == 0 && renameat(dirfd, tmp, dirfd, slash + 1) < 0)
			r = -errno;
		if (r == 0 && fsync(dirfd) < 0)
			r = -errno;
		close(dirfd);
	}
	if (r < 0)
		r = errorf(r, "backup %s/%s: %s", b->dir, p, strerror(-r));
	else
		crash_point("copy replaced");
	free(tmp);
	free(p);
	return r;
}

int
backup_write_new(const struct backup *b, const char *name, const char *data, size_t len)
{
	char *p = xasprintf("%s/%s", b->dir, name);
	int r = fault_write(p);

	if (r == 0)
		r = write_file_new_at(b->dirfd, name, data, len, 0600);
	if (r == 0 && fsync(b->dirfd) < 0)
		r = -errno;
	free(p);
	return r;
}

int
backup_open_journal(struct backup *b)
{
	if (b->journal < 0)
		b->journal = openat(b->dirfd, "journal",
				    O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	return b->journal < 0 ? -errno : 0;
}

/* The base must be ours and closed to others: it holds copies of /etc. */
/* No world-writable, unsticky directory above PATH (anyone could rename it away). */
static int
check_ancestors(const char *base)
{
	char *p = base[0] == '/' ? xstrdup(base) : NULL, *s;
	struct stat st;
	int r = 0;

	if (p == NULL) {
		char cwd[4096];

		p = xasprintf("%s/%s", getcwd(cwd, sizeof(cwd)) ? cwd : ".", base);
	}
	while (r == 0 && (s = strrchr(p, '/')) != NULL && s != p) {
		*s = '\0';
		if (stat(p, &st) == 0 && (st.st_mode & 002) && !(st.st_mode & S_ISVTX))
			r = errorf(-EPERM, "backup directory %s: %s above it is world writable and not "
					   "sticky",
				   base, p);
	}
	free(p);
	return r;
}

/*
 * The base directory, checked once and opened once: the other functions
 * work in this descriptor, so that a directory above it renamed or swapped
 * for a link after the check changes nothing.
 */
static int base_fd = -1;
static char *base_fd_name;

/* Checks the open directory FD as the base BASE, and keeps it. */
static int
keep_base(const char *base, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		close(fd);
		return errorf(-errno, "backup directory %s: %s", base, strerror(errno));
	}
	if (st.st_uid != geteuid()) {
		close(fd);
		return errorf(-EPERM, "backup directory %s: owned by uid %u, not by uid %u", base,
			      (unsigned)st.st_uid, (unsigned)geteuid());
	}
	if (st.st_mode & 022) {
		close(fd);
		return errorf(-EPERM, "backup directory %s: group or world writable (mode %04o)",
			      base, (unsigned)(st.st_mode & 07777));
	}
	if (base_fd >= 0)
		close(base_fd);
	free(base_fd_name);
	base_fd = fd;
	base_fd_name = xstrdup(base);
	return 0;
}

int
backup_check_base(const char *base, bool create)
{
	struct stat st;
	int fd, r = check_ancestors(base);

	if (r == 0 && create) {
		/* what is made above it is made as a real /var is (0755): only the
		 * base itself is closed; a root without /var keeps var/backups */
		char *up = xstrdup(base), *slash = strrchr(up, '/');

		if (slash != NULL && slash != up) {
			*slash = '\0';
			r = mkdir_p(up, 0755);
		}
		free(up);
		if (r == 0)
			r = mkdir_p(base, 0700);
	}

	if (r < 0)
		return errorf(r, "backup directory %s: %s", base, strerror(-r));
	if (lstat(base, &st) < 0)
		return errorf(-errno, "backup directory %s: %s", base, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return errorf(-ENOTDIR, "backup directory %s: not a directory", base);
	fd = open(base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errorf(-errno, "backup directory %s: %s", base, strerror(errno));
	return keep_base(base, fd);
}

/*
 * Where the base is (links followed; CREATE: made): *REL relative to ROOT
 * if inside it, else NULL and *BASE is --backup-dir.
 */
static int
resolve_base(const char *root, const char *backup_dir, bool create, char **base, char **rel)
{
	char *nominal = NULL, *real = NULL, *link = NULL;
	int r;

	*base = *rel = NULL;
	if (backup_dir != NULL && (r = root_relative(root, backup_dir, &nominal)) < 0)
		return errorf(r, "backup directory %s: %s", backup_dir, strerror(-r));
	if (backup_dir != NULL && nominal == NULL) {
		/* outside the root: the place the administrator chose, checked */
		*base = xstrdup(backup_dir);
		return 0;
	}
	/* inside the root: resolved there like every other path, no link followed out */
	if (nominal == NULL)
		nominal = xstrdup("var/backups/deafen");
	r = root_mkdirs(root, nominal, create, 0700, &real, &link);
	if (r == -EXDEV) {
		char *l = root_path(root, link);

		r = errorf(r, "backup directory %s: %s is a link out of the root (or to nowhere); "
			      "nothing written there",
			   backup_dir ? backup_dir : "var/backups/deafen", l);
		free(l);
	} else if (r < 0) {
		r = errorf(r, "backup directory %s/%s: %s", root, nominal, strerror(-r));
	}
	if (r == 0) {
		*base = root_path(root, real);
		*rel = real;
		real = NULL;
	}
	free(nominal);
	free(real);
	free(link);
	return r;
}

int
backup_place(const char *root, const char *backup_dir, char **place)
{
	char *base = NULL, *rel = NULL;
	int r = resolve_base(root, backup_dir, false, &base, &rel);

	*place = NULL;
	if (r == 0 && rel == NULL) {
		/* the part that exists resolved, the rest as written */
		char *rroot = NULL;

		(void)root_relative("/", base, &rroot);
		*place = xasprintf("/%s", rroot ? rroot : base);
		free(rroot);
	} else if (r == 0) {
		char *rr = realpath(root, NULL);

		*place = root_path(rr ? rr : root, rel);
		free(rr);
	}
	free(base);
	free(rel);
	return r;
}

int
backup_open_base(const char *root, const char *backup_dir, bool create, char **base)
{
	char *rel = NULL;
	int r = resolve_base(root, backup_dir, false, base, &rel), fd;

	/* nothing made under a directory others could rename away */
	if (r == 0 && rel != NULL && create && (r = check_ancestors(*base)) == 0) {
		free(*base);
		free(rel);
		r = resolve_base(root, backup_dir, true, base, &rel);
	}
	if (r == 0 && rel == NULL)
		r = backup_check_base(*base, create);
	else if (r == 0 && (r = check_ancestors(*base)) == 0) {
		fd = root_dir(root, rel);
		r = fd < 0 ? errorf(fd, "backup directory %s: %s", *base, strerror(-fd))
			   : keep_base(*base, fd);
	}
	free(rel);
	return r;
}

/* A descriptor of BASE: the one checked, or (not checked in this run) BASE opened now. */
static int
open_base(const char *base)
{
	int fd;

	if (base_fd >= 0 && streq(base, base_fd_name))
		fd = fcntl(base_fd, F_DUPFD_CLOEXEC, 0);
	else
		fd = open(base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* BASE checked (and made) in this run, or now. */
static int
backup_check_base_once(const char *base)
{
	return base_fd >= 0 && streq(base, base_fd_name) ? 0 : backup_check_base(base, true);
}

static char *
new_id(char **when)
{
	struct timespec ts;
	struct tm tm;
	char buf[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	*when = xstrdup(buf);
	strftime(buf, sizeof(buf), "%Y%m%dT%H%M%S", &tm);
	return xasprintf("%s.%06ldZ", buf, ts.tv_nsec / 1000);
}

int
backup_create(struct backup *b, const char *base, const char *root, const char *policy,
	      const char *style, struct step *steps, size_t n, char **old, size_t *oldlen,
	      char **new, size_t *newlen, struct target *targets, size_t ntargets)
{
	char *p, *text;
	int bfd, r;

	memset(b, 0, sizeof(*b));
	b->journal = b->dirfd = -1;
	b->steps = steps;
	b->n = n;
	b->targets = targets;
	b->ntargets = ntargets;
	if ((r = backup_check_base_once(base)) < 0)
		return r;
	if ((bfd = open_base(base)) < 0)
		return errorf(bfd, "backup directory %s: %s", base, strerror(-bfd));
	b->id = new_id(&b->time);
	b->dir = xasprintf("%s/%s", base, b->id);
	b->root = xstrdup(root);
	b->policy = xstrdup(policy);
	b->style = xstrdup(style);
	if (mkdirat(bfd, b->id, 0700) < 0 ||
	    (b->dirfd = openat(bfd, b->id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		r = errorf(-errno, "backup directory %s: %s", b->dir, strerror(errno));
		close(bfd);
		return r;
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		if (steps[i].kind != STEP_FILE) {
			b->nlinks += steps[i].kind != STEP_RMDIR && steps[i].kind != STEP_MKDIR;
			continue;
		}
		b->nfiles++;
		if ((r = backup_save_copy(b, "old", steps[i].path, old[i], oldlen[i])) < 0 ||
		    (r = backup_save_copy(b, "new", steps[i].path, new[i], newlen[i])) < 0)
			break;
		/* labels and ACLs, put back by rollback with the old copy */
		if (steps[i].xattrs.len > 0)
			r = backup_save_copy(b, "xattrs", steps[i].path, steps[i].xattrs.data,
					     steps[i].xattrs.len);
	}
	if (r < 0) {
		close(bfd);
		return r;
	}
	text = manifest_text(b);
	r = backup_write_new(b, "manifest", text, strlen(text));
	free(text);
	if (r < 0) {
		r = errorf(r, "backup %s/manifest: %s", b->dir, strerror(-r));
		close(bfd);
		return r;
	}
	p = xasprintf("%s/journal", b->dir);
	b->journal = openat(b->dirfd, "journal",
			    O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (b->journal < 0)
		r = errorf(-errno, "backup %s: %s", p, strerror(errno));
	free(p);
	if (r == 0 && (fsync(b->dirfd) < 0 || fsync(bfd) < 0))
		r = errorf(-errno, "backup %s: fsync: %s", b->dir, strerror(errno));
	close(bfd);
	if (r == 0)
		crash_point("manifest written"); /* a journal without begin: nothing changed */
	if (r == 0)
		r = backup_mark(b, "begin");
	if (r == 0)
		b->state = BACKUP_INTERRUPTED;
	return r;
}

int
backup_mark(const struct backup *b, const char *what)
{
	char *line = xasprintf("%s\n", what), *fault = xasprintf("journal:%s", what);
	int r = fault_write(fault);

	if (r == 0)
		r = append_sync(b->journal, line);
	free(line);
	if (r < 0)
		r = errorf(r, "backup %s/journal: %s", b->dir, strerror(-r));
	else {
		free(fault);
		fault = xasprintf("journal %s", what);
		crash_point(fault);
	}
	free(fault);
	return r;
}

/* The journal line "WHAT\tREL" (REL escaped), into F. */
static void
path_line(FILE *f, const char *what, const char *rel)
{
	fputs(what, f);
	put_field(f, rel);
}

int
backup_mark_path(const struct backup *b, const char *what, const char *rel)
{
	char *line = NULL;
	size_t len;
	FILE *f = open_memstream(&line, &len);
	int r;

	path_line(f, what, rel);
	fclose(f);
	r = backup_mark(b, line);
	free(line);
	return r;
}

/* A fresh name for a temporary file beside REL: its directory and ".deafen-XXXXXX". */
static char *
temp_beside(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	char name[15];

	temp_name(name);
	return xasprintf("%.*s%s", slash ? (int)(slash - rel + 1) : 0, rel, name);
}

int
backup_name_temps(const struct backup *b, const char *first, size_t upto, const bool *want,
		  char **tmps)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	int r;

	if (first != NULL)
		fputs(first, f);
	for (size_t i = 0; i < upto; i++) {
		tmps[i] = NULL;
		if (b->steps[i].kind != STEP_FILE || (want != NULL && !want[i]))
			continue;
		tmps[i] = temp_beside(b->steps[i].path);
		if (ftell(f) > 0)
			fputc('\n', f);
		path_line(f, "temp", tmps[i]);
	}
	fclose(f);
	r = *text != '\0' ? backup_mark(b, text) : 0;
	free(text);
	return r;
}

int
backup_write_file(const struct backup *b, int dirfd, const char *rel, const char *tmp,
		  const char *data, size_t len, mode_t mode, uid_t uid, gid_t gid,
		  const struct xattrs *x)
{
	const char *slash = strrchr(rel, '/'), *name = slash ? slash + 1 : rel;
	int r = -EEXIST;

	if (tmp != NULL) {
		slash = strrchr(tmp, '/');
		r = write_file_atomic_named_at(dirfd, name, slash ? slash + 1 : tmp, data, len, mode,
					       uid, gid, x);
	}
	/* a name already taken (a file of the root's, or a temporary left before) is not ours */
	for (int tries = 0; r == -EEXIST && tries < 16; tries++) {
		char *t = temp_beside(rel);

		slash = strrchr(t, '/');
		r = backup_mark_path(b, "temp", t);
		if (r == 0)
			r = write_file_atomic_named_at(dirfd, name, slash ? slash + 1 : t, data, len,
						       mode, uid, gid, x);
		free(t);
	}
	return r;
}

/*
 * A manifest is read back by rollback, as root: nothing in it may point
 * anywhere but inside the root. Relative paths without "." or ".."
 * components, link names without '/', numbers that are numbers.
 */
static bool
safe_rel(const char *p)
{
	struct strv parts = { 0 };
	bool ok = *p != '\0' && *p != '/';

	strv_split(&parts, p, "/");
	for (size_t i = 0; ok && i < parts.n; i++)
		ok = !streq(parts.v[i], ".") && !streq(parts.v[i], "..");
	strv_free(&parts);
	return ok;
}

static bool
safe_name(const char *n)
{
	return n == NULL || (*n != '\0' && strchr(n, '/') == NULL && !streq(n, ".") &&
			     !streq(n, ".."));
}

/*
 * A journal's word for a service (only, only-done) or the backup that
 * overrode this one: printable, no '/'. A forged one (escape codes, a path)
 * is not taken: it would be a state backups shows and rollback acts on.
 */
static bool
journal_word(const char *w)
{
	if (w == NULL || !safe_name(w))
		return false;
	for (const unsigned char *p = (const unsigned char *)w; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

static bool
number(const char *s, int base, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, base);
	return *s != '\0' && *end == '\0' && errno == 0 && *out <= max;
}

static int
parse_step(const struct strv *f, struct step *s)
{
	unsigned long mode, uid, gid;
	char *joined = NULL;

	memset(s, 0, sizeof(*s));
	if ((streq(f->v[0], "file") || streq(f->v[0], "rmdir") || streq(f->v[0], "mkdir")) &&
	    f->n == 5) {
		if (!safe_rel(f->v[1]) || !number(f->v[2], 8, 07777, &mode) ||
		    !number(f->v[3], 10, 0xfffffffeUL, &uid) ||
		    !number(f->v[4], 10, 0xfffffffeUL, &gid))
			return -EBADMSG;
		s->kind = streq(f->v[0], "file")    ? STEP_FILE
			  : streq(f->v[0], "rmdir") ? STEP_RMDIR
						    : STEP_MKDIR;
		if (s->kind == STEP_FILE)
			s->path = xstrdup(f->v[1]);
		else
			s->dir = xstrdup(f->v[1]);
		s->mode = (mode_t)mode;
		s->uid = (uid_t)uid;
		s->gid = (gid_t)gid;
		return 0;
	}
	for (size_t k = STEP_RENAME; k <= STEP_CREATE; k++)
		if (streq(f->v[0], kinds[k]) && f->n == 5) {
			const char *from = f->v[2][0] ? f->v[2] : NULL;
			const char *to = f->v[3][0] ? f->v[3] : NULL;

			if (!safe_rel(f->v[1]) || !safe_name(from) || !safe_name(to) ||
			    (k != STEP_CREATE && from == NULL) || (k != STEP_DELETE && to == NULL) ||
			    root_join_target(f->v[1], f->v[4], &joined) < 0)
				return -EBADMSG;
			free(joined);
			s->kind = (enum step_kind)k;
			s->dir = xstrdup(f->v[1]);
			s->from = from ? xstrdup(from) : NULL;
			s->to = to ? xstrdup(to) : NULL;
			s->target = xstrdup(f->v[4]);
			return 0;
		}
	return -EBADMSG;
}

/* One line of a journal: the state it says, or a path it names. */
static void
journal_line(struct backup *b, const char *line, size_t lineno)
{
	struct strv f = { 0 };
	unsigned long n;

	split_fields(line, &f);
	if (f.n == 1 && streq(f.v[0], "begin"))
		b->state = BACKUP_INTERRUPTED;
	else if (f.n == 1 && streq(f.v[0], "complete"))
		b->state = BACKUP_COMPLETE;
	else if (f.n == 1 && streq(f.v[0], "rollback"))
		b->state = BACKUP_ROLLING_BACK;
	else if (f.n == 1 && streq(f.v[0], "rolled-back"))
		b->state = BACKUP_ROLLED_BACK;
	else if (f.n == 1 && streq(f.v[0], "failed"))
		b->state = BACKUP_FAILED;
	else if (f.n == 2 && streq(f.v[0], "overridden") && b->overridden == NULL &&
		 journal_word(f.v[1]) && strcmp(f.v[1], b->id) < 0) /* by an older backup's rollback */
		b->overridden = xstrdup(f.v[1]);
	else if (f.n == 2 && streq(f.v[0], "only") && b->state == BACKUP_COMPLETE &&
		 journal_word(f.v[1])) {
		/* rollback --only NAME began: the root is between the two until only-done */
		b->state = BACKUP_ROLLING_BACK;
		free(b->pending_only);
		b->pending_only = xstrdup(f.v[1]);
	} else if (f.n == 2 && streq(f.v[0], "only-done") && b->pending_only != NULL &&
		   streq(f.v[1], b->pending_only)) {
		b->state = BACKUP_COMPLETE;
		if (!strv_contains(&b->only, f.v[1])) {
			b->only_line = xrealloc(b->only_line, (b->only.n + 1) * sizeof(*b->only_line));
			b->only_line[b->only.n] = lineno;
			strv_push(&b->only, f.v[1]);
		}
		free(b->pending_only);
		b->pending_only = NULL;
	}
	else if (f.n == 1 && startswith(f.v[0], "done ") && number(f.v[0] + 5, 10, b->n, &n) &&
		 n == b->n && b->state == BACKUP_INTERRUPTED)
		/* every step made: complete, even if its complete line could not be written */
		b->state = BACKUP_COMPLETE;
	else if (f.n == 2 && streq(f.v[0], "temp") && safe_rel(f.v[1]) &&
		 startswith(strrchr(f.v[1], '/') ? strrchr(f.v[1], '/') + 1 : f.v[1], ".deafen-"))
		strv_push(&b->temps, f.v[1]);
	else if (f.n == 2 && streq(f.v[0], "mkdir") && safe_rel(f.v[1]))
		strv_push(&b->made, f.v[1]);
	strv_free(&f);
}

/* A field of the manifest's head: said twice, the manifest is damaged. */
static int
set_once(char **field, const char *value)
{
	if (*field != NULL)
		return -EBADMSG;
	*field = xstrdup(value);
	return 0;
}

/*
 * Reads BASE/ID (BFD: BASE opened) as it is; a directory without a manifest
 * is -ENOENT. ID must be a directory, not a link to one: what rollback
 * copies into the root comes from there.
 */
static int
load_one(struct backup *b, int bfd, const char *base, const char *id)
{
	char *p, *text = NULL, *s, *line, *jtext = NULL;
	bool ended = false;
	int r, lineno = 0;

	memset(b, 0, sizeof(*b));
	b->journal = b->dirfd = -1;
	b->id = xstrdup(id);
	b->dir = xasprintf("%s/%s", base, b->id);
	b->state = BACKUP_INCOMPLETE;
	b->dirfd = openat(bfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (b->dirfd < 0) {
		r = errno;
		if (r == ELOOP || r == ENOTDIR)
			return errorf(-EXDEV, "backup %s: a link or not a directory; refused", b->dir);
		return errorf(-r, "backup %s: %s", b->dir, strerror(r));
	}
	p = xasprintf("%s/manifest", b->dir);
	r = backup_read(b, "manifest", &text, NULL);
	if (r == -EXDEV)
		r = -ELOOP; /* said below, as a link */
	if (r == -ENOENT) {
		/* not a backup, or one killed before its manifest: nothing changed */
		r = errorf(-ENOENT, "%s: no backup there", b->dir);
		free(p);
		return r;
	}
	if (r < 0) {
		r = errorf(r, "backup %s: %s", p, strerror(-r));
		free(p);
		return r;
	}
	for (s = text; (line = strsep(&s, "\n")) != NULL && !ended;) {
		struct strv f = { 0 };

		lineno++;
		if (*line == '\0')
			continue;
		split_fields(line, &f);
		r = 0;
		if (lineno == 1 && !(streq(f.v[0], "deafen-backup") && f.n == 2 && streq(f.v[1], "1")))
			r = -EBADMSG;
		else if (lineno == 1)
			;
		else if (streq(f.v[0], "end"))
			ended = true;
		else if (f.n == 2 && streq(f.v[0], "id"))
			;
		else if (f.n == 2 && streq(f.v[0], "time"))
			r = set_once(&b->time, f.v[1]);
		else if (f.n == 2 && streq(f.v[0], "root"))
			r = set_once(&b->root, f.v[1]);
		else if (f.n == 2 && streq(f.v[0], "policy"))
			r = set_once(&b->policy, f.v[1]);
		else if (f.n == 2 && streq(f.v[0], "style"))
			r = set_once(&b->style, f.v[1]);
		else if (f.n == 8 && streq(f.v[0], "listener") && strlen(f.v[1]) < 5 &&
			 strlen(f.v[2]) < 64) {
			struct target *t;

			b->targets = xrealloc(b->targets, (b->ntargets + 1) * sizeof(*b->targets));
			t = &b->targets[b->ntargets++];
			memset(t, 0, sizeof(*t));
			snprintf(t->proto, sizeof(t->proto), "%s", f.v[1]);
			snprintf(t->addr, sizeof(t->addr), "%s", f.v[2]);
			t->port = (unsigned)strtoul(f.v[3], NULL, 10);
			t->daemon = streq(f.v[4], "1");
			t->service = xstrdup(f.v[5]);
			t->where = xstrdup(f.v[6]);
			t->comm = xstrdup(f.v[7]);
		} else {
			b->steps = xrealloc(b->steps, (b->n + 1) * sizeof(*b->steps));
			r = parse_step(&f, &b->steps[b->n]);
			if (r == 0) {
				if (b->steps[b->n].kind == STEP_FILE)
					b->nfiles++;
				else if (b->steps[b->n].kind != STEP_RMDIR &&
					 b->steps[b->n].kind != STEP_MKDIR)
					b->nlinks++;
				b->n++;
			}
		}
		strv_free(&f);
		if (r < 0) {
			r = errorf(-EBADMSG, "%s:%d: not a deafen manifest line", p, lineno);
			free(text);
			free(p);
			return r;
		}
	}
	free(text);
	free(p);
	b->state = BACKUP_INCOMPLETE;
	p = xasprintf("%s/journal", b->dir);
	if (!ended) {
		/* a journal is opened only once the manifest is whole: one cut short is damage */
		struct stat st;

		r = fstatat(b->dirfd, "journal", &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_size > 0
			    ? errorf(-EBADMSG, "%s/manifest: cut short (no end line), yet its journal "
					       "says apply began",
				     b->dir)
			    : 0;
		free(p);
		return r;
	}
	/*
	 * A whole manifest with its journal gone or emptied: what apply changed is
	 * not known, so it is taken as interrupted (rollback looks at the root
	 * and restores what the manifest says changed); so is one killed before
	 * its begin line, which changed nothing and rolls back to 0 changes.
	 */
	b->state = BACKUP_INTERRUPTED;
	b->no_journal = true;
	if (backup_read(b, "journal", &jtext, NULL) == 0) {
		size_t jline = 0;

		b->no_journal = *jtext == '\0';
		for (s = jtext; (line = strsep(&s, "\n")) != NULL;)
			journal_line(b, line, ++jline);
		free(jtext);
	}
	free(p);
	return 0;
}

int
backup_list(const char *base, const char *root, struct backup **v, size_t *n)
{
	struct strv ids = { 0 };
	struct dirent *de;
	int bfd;
	DIR *d;

	*v = NULL;
	*n = 0;
	bfd = open_base(base);
	if (bfd < 0)
		return bfd == -ENOENT ? 0 : errorf(bfd, "%s: %s", base, strerror(-bfd));
	d = fdopendir(fcntl(bfd, F_DUPFD_CLOEXEC, 0));
	if (d == NULL) {
		close(bfd);
		return errorf(-errno, "%s: %s", base, strerror(errno));
	}
	/* a dup of the base kept open shares its offset: a second listing starts at the end */
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		char *p = xasprintf("%s/manifest", de->d_name);
		struct stat st;

		/* a backup is a directory with a manifest: lost+found is not one (a link to one
		 * is listed, to be refused) */
		if (de->d_name[0] != '.' && (fstatat(bfd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
					     (fstatat(bfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
					      S_ISLNK(st.st_mode))))
			strv_push(&ids, de->d_name);
		free(p);
	}
	closedir(d);
	strv_sort(&ids);
	*v = xcalloc(ids.n + 1, sizeof(**v));
	for (size_t i = 0; i < ids.n; i++) {
		struct backup *b = &(*v)[*n];

		error_clear();
		if (load_one(b, bfd, base, ids.v[i]) < 0) {
			/* listed, so that a broken newest backup is not skipped silently */
			backup_free(b);
			b->id = xstrdup(ids.v[i]);
			b->dir = xasprintf("%s/%s", base, ids.v[i]);
			b->error = xstrdup(error_message());
			b->state = BACKUP_UNREADABLE;
			(*n)++;
		} else if (root == NULL || streq(b->root, root)) {
			(*n)++;
		} else {
			backup_free(b);
		}
	}
	close(bfd);
	error_clear();
	strv_free(&ids);
	return 0;
}

int
backup_load(struct backup *b, const char *base, const char *id, const char *root)
{
	struct backup *v = NULL;
	size_t n = 0;
	int r, bfd;

	memset(b, 0, sizeof(*b));
	b->journal = b->dirfd = -1;
	if (id != NULL) {
		if (strchr(id, '/') != NULL || id[0] == '.' || id[0] == '\0')
			return errorf(-EINVAL, "invalid backup id '%s'", id);
		if ((bfd = open_base(base)) < 0)
			return errorf(bfd, "backup directory %s: %s", base, strerror(-bfd));
		r = load_one(b, bfd, base, id);
		close(bfd);
		if (r == 0 && root != NULL && !streq(b->root, root))
			r = errorf(-EINVAL, "backup %s is of the root %s, not of %s", id,
				   b->root ? b->root : "?", root);
		return r;
	}
	r = backup_list(base, root, &v, &n);
	if (r < 0)
		return r;
	/* the newest that changed something; one that cannot be read stops us */
	r = errorf(-ENOENT, "no backup of %s in %s", root ? root : "this root", base);
	for (size_t i = n; i-- > 0;) {
		if (v[i].state == BACKUP_INCOMPLETE)
			continue;
		error_clear();
		if (v[i].state == BACKUP_UNREADABLE)
			r = errorf(-EBADMSG, "newest backup %s cannot be read: %s", v[i].id,
				   v[i].error);
		else if ((bfd = open_base(base)) < 0)
			r = errorf(bfd, "backup directory %s: %s", base, strerror(-bfd));
		else {
			r = load_one(b, bfd, base, v[i].id);
			close(bfd);
		}
		break;
	}
	for (size_t i = 0; i < n; i++)
		backup_free(&v[i]);
	free(v);
	return r;
}

void
steps_free(struct step *s, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++) {
		free(s[i].path);
		free(s[i].dir);
		free(s[i].from);
		free(s[i].to);
		free(s[i].target);
		xattrs_free(&s[i].xattrs);
	}
	free(s);
}

void
backup_free(struct backup *b)
{
	if (b->journal >= 0)
		close(b->journal);
	if (b->dirfd >= 0)
		close(b->dirfd);
	free(b->id);
	free(b->dir);
	free(b->time);
	free(b->root);
	free(b->policy);
	free(b->style);
	free(b->error);
	strv_free(&b->temps);
	strv_free(&b->made);
	strv_free(&b->only);
	free(b->only_line);
	free(b->pending_only);
	free(b->overridden);
	steps_free(b->steps, b->n);
	targets_free(b->targets, b->ntargets);
	memset(b, 0, sizeof(*b));
	b->journal = b->dirfd = -1;
}

/* Removes what backup_create wrote when it failed before any change. */
void
backup_discard(struct backup *b)
{
	char *base;
	int bfd;

	if (b->dir == NULL || b->id == NULL || b->state != BACKUP_INCOMPLETE)
		return;
	/* in the base's descriptor: never through a link swapped in above it */
	base = xstrndup(b->dir, strlen(b->dir) - strlen(b->id) - 1);
	bfd = open_base(base);
	if (bfd >= 0) {
		(void)remove_tree_at(bfd, b->id);
		close(bfd);
	}
	free(base);
}
