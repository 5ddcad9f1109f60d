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

static const char *const kinds[] = { "file", "rename", "delete", "create", "rmdir" };

const char *
backup_state_name(enum backup_state s)
{
	static const char *const names[] = { "incomplete (nothing changed)", "interrupted",
					     "complete", "rolled back", "unreadable",
					     "rollback interrupted" };

	return names[s];
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
		if (s->kind == STEP_FILE || s->kind == STEP_RMDIR) {
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

/* Writes BASE/ID/WHICH/PATH, making its directories, all fsync'ed. */
int
backup_save_copy(const struct backup *b, const char *which, const char *path, const char *data,
		 size_t len)
{
	char *p = backup_copy_path(b, which, path), *slash = strrchr(p, '/');
	int r;

	*slash = '\0';
	r = mkdir_p(p, 0700);
	*slash = '/';
	if (r == 0)
		r = write_file_new(p, data, len, 0600);
	if (r == 0)
		r = fsync_parent(p);
	if (r < 0)
		r = errorf(r, "backup %s: %s", p, strerror(-r));
	free(p);
	return r;
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

int
backup_check_base(const char *base, bool create)
{
	struct stat st;
	int r = check_ancestors(base);

	if (r == 0 && create)
		r = mkdir_p(base, 0700);

	if (r < 0)
		return errorf(r, "backup directory %s: %s", base, strerror(-r));
	if (lstat(base, &st) < 0)
		return errorf(-errno, "backup directory %s: %s", base, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return errorf(-ENOTDIR, "backup directory %s: not a directory", base);
	if (st.st_uid != geteuid())
		return errorf(-EPERM, "backup directory %s: owned by uid %u, not by uid %u", base,
			      (unsigned)st.st_uid, (unsigned)geteuid());
	if (st.st_mode & 022)
		return errorf(-EPERM, "backup directory %s: group or world writable (mode %04o)",
			      base, (unsigned)(st.st_mode & 07777));
	return r;
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
	int r;

	memset(b, 0, sizeof(*b));
	b->journal = -1;
	b->steps = steps;
	b->n = n;
	b->targets = targets;
	b->ntargets = ntargets;
	if ((r = backup_check_base(base, true)) < 0)
		return r;
	b->id = new_id(&b->time);
	b->dir = xasprintf("%s/%s", base, b->id);
	b->root = xstrdup(root);
	b->policy = xstrdup(policy);
	b->style = xstrdup(style);
	if (mkdir(b->dir, 0700) < 0)
		return errorf(-errno, "backup directory %s: %s", b->dir, strerror(errno));
	for (size_t i = 0; i < n; i++) {
		if (steps[i].kind != STEP_FILE) {
			b->nlinks += steps[i].kind != STEP_RMDIR;
			continue;
		}
		b->nfiles++;
		if ((r = backup_save_copy(b, "old", steps[i].path, old[i], oldlen[i])) < 0 ||
		    (r = backup_save_copy(b, "new", steps[i].path, new[i], newlen[i])) < 0)
			return r;
	}
	text = manifest_text(b);
	p = xasprintf("%s/manifest", b->dir);
	r = write_file_new(p, text, strlen(text), 0600);
	free(text);
	if (r < 0) {
		r = errorf(r, "backup %s: %s", p, strerror(-r));
		free(p);
		return r;
	}
	free(p);
	p = xasprintf("%s/journal", b->dir);
	b->journal = open(p, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
	if (b->journal < 0)
		r = errorf(-errno, "backup %s: %s", p, strerror(errno));
	free(p);
	if (r == 0 && ((r = fsync_dir(b->dir)) < 0 || (r = fsync_dir(base)) < 0))
		r = errorf(r, "backup %s: fsync: %s", b->dir, strerror(-r));
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
		tmps[i] = temp_name(b->steps[i].path);
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
backup_write_file(const struct backup *b, const char *root, const char *rel, const char *tmp,
		  const char *data, size_t len, mode_t mode, uid_t uid, gid_t gid)
{
	char *full = root_path(root, rel);
	int r = -EEXIST;

	if (tmp != NULL) {
		char *tmpfull = root_path(root, tmp);

		r = write_file_atomic_via(full, tmpfull, data, len, mode, uid, gid);
		free(tmpfull);
	}
	/* a name already taken (a file of the root's, or a temporary left before) is not ours */
	for (int tries = 0; r == -EEXIST && tries < 16; tries++) {
		char *name = temp_name(rel), *tmpfull = root_path(root, name);

		r = backup_mark_path(b, "temp", name);
		if (r == 0)
			r = write_file_atomic_via(full, tmpfull, data, len, mode, uid, gid);
		free(name);
		free(tmpfull);
	}
	free(full);
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
	if ((streq(f->v[0], "file") || streq(f->v[0], "rmdir")) && f->n == 5) {
		if (!safe_rel(f->v[1]) || !number(f->v[2], 8, 07777, &mode) ||
		    !number(f->v[3], 10, 0xfffffffeUL, &uid) ||
		    !number(f->v[4], 10, 0xfffffffeUL, &gid))
			return -EBADMSG;
		s->kind = streq(f->v[0], "file") ? STEP_FILE : STEP_RMDIR;
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
journal_line(struct backup *b, const char *line)
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

/* Reads BASE/ID as it is; a directory without a manifest is -ENOENT. */
static int
load_one(struct backup *b, const char *base, const char *id)
{
	char *p, *text = NULL, *s, *line, *jtext = NULL;
	bool ended = false;
	int r, lineno = 0;

	memset(b, 0, sizeof(*b));
	b->journal = -1;
	b->id = xstrdup(id);
	b->dir = xasprintf("%s/%s", base, b->id);
	b->state = BACKUP_INCOMPLETE;
	p = xasprintf("%s/manifest", b->dir);
	r = read_file(p, &text, NULL);
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
				else if (b->steps[b->n].kind != STEP_RMDIR)
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

		r = stat(p, &st) == 0 && st.st_size > 0
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
	if (read_file(p, &jtext, NULL) == 0) {
		b->no_journal = *jtext == '\0';
		for (s = jtext; (line = strsep(&s, "\n")) != NULL;)
			journal_line(b, line);
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
	DIR *d;

	*v = NULL;
	*n = 0;
	d = opendir(base);
	if (d == NULL)
		return errno == ENOENT ? 0 : errorf(-errno, "%s: %s", base, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		char *p = xasprintf("%s/%s/manifest", base, de->d_name);
		struct stat st;

		/* a backup is a directory with a manifest: lost+found is not one */
		if (de->d_name[0] != '.' && lstat(p, &st) == 0)
			strv_push(&ids, de->d_name);
		free(p);
	}
	closedir(d);
	strv_sort(&ids);
	*v = xcalloc(ids.n + 1, sizeof(**v));
	for (size_t i = 0; i < ids.n; i++) {
		struct backup *b = &(*v)[*n];

		error_clear();
		if (load_one(b, base, ids.v[i]) < 0) {
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
	error_clear();
	strv_free(&ids);
	return 0;
}

int
backup_load(struct backup *b, const char *base, const char *id, const char *root)
{
	struct backup *v = NULL;
	size_t n = 0;
	int r;

	memset(b, 0, sizeof(*b));
	b->journal = -1;
	if (id != NULL) {
		if (strchr(id, '/') != NULL || id[0] == '.' || id[0] == '\0')
			return errorf(-EINVAL, "invalid backup id '%s'", id);
		r = load_one(b, base, id);
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
		else
			r = load_one(b, base, v[i].id);
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
	}
	free(s);
}

void
backup_free(struct backup *b)
{
	if (b->journal >= 0)
		close(b->journal);
	free(b->id);
	free(b->dir);
	free(b->time);
	free(b->root);
	free(b->policy);
	free(b->style);
	free(b->error);
	strv_free(&b->temps);
	strv_free(&b->made);
	steps_free(b->steps, b->n);
	targets_free(b->targets, b->ntargets);
	memset(b, 0, sizeof(*b));
	b->journal = -1;
}

/* Removes what backup_create wrote when it failed before any change. */
void
backup_discard(struct backup *b)
{
	if (b->dir == NULL || b->state != BACKUP_INCOMPLETE)
		return;
	(void)remove_tree(b->dir);
}
