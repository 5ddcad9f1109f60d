/* rclinks.c - runlevel links (rcN.d/[SK]NNname) as a subtree of the tree
 *
 * The links live under LINKS_TREE at their real location:
 * /links/etc/rc.d/rc3.d/S55sshd = "../init.d/sshd". Plans edit that subtree
 * like any other node; the difference becomes renames at apply time.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headers.h"
#include "rclinks.h"
#include "root.h"
#include "tree.h"

/* The key of rclinks_own in the tree (tree_own). */
static const char own_key;

struct rclinks_own *
rclinks_own(const struct tree *t)
{
	return tree_own(t, &own_key, sizeof(struct rclinks_own));
}

int
style_parse(const char *s, enum style *out)
{
	static const char *const names[] = { "auto", "debian", "debian-legacy", "redhat" };

	for (size_t i = 0; i < ELEMENTSOF(names); i++)
		if (streq(s, names[i])) {
			*out = (enum style)i;
			return 0;
		}
	return -EINVAL;
}

const char *
style_name(enum style s)
{
	static const char *const names[] = { "auto", "debian", "debian-legacy", "redhat" };

	return names[s];
}

int
rclink_of(const char *link, const char *script)
{
	return (link[0] == 'S' || link[0] == 'K') && isdigit((unsigned char)link[1]) &&
	       isdigit((unsigned char)link[2]) && strcmp(link + 3, script) == 0;
}

static int
cmp_link(const void *x, const void *y)
{
	const struct rclink_entry *a = x, *b = y;

	return a->level != b->level ? (a->level < b->level ? -1 : 1) : strcmp(a->name, b->name);
}

/* Indices into LINKS (qsort_r's context) by the script each runs, then as cmp_link. */
static int
cmp_by_script(const void *x, const void *y, void *links)
{
	const struct rclink_entry *a = (const struct rclink_entry *)links + *(const size_t *)x;
	const struct rclink_entry *b = (const struct rclink_entry *)links + *(const size_t *)y;
	int c = strcmp(rclink_script(a), rclink_script(b));

	return c != 0 ? c : cmp_link(a, b);
}

/* Can NAME = TARGET go through Deafen_links: no tab, newline or byte 1-4 (Augeas's own)? */
static bool
plain_link(const char *name, const char *target)
{
	for (const char *s = name; *s != '\0'; s++)
		if (*s == '\t' || *s == '\n' || (*s >= 1 && *s <= 4))
			return false;
	for (const char *s = target; *s != '\0'; s++)
		if (*s == '\t' || *s == '\n' || (*s >= 1 && *s <= 4))
			return false;
	return true;
}

/* Field AT (a char *) of element I of the N structs of SIZE bytes at V. */
static const char *
field(const void *v, size_t i, size_t size, size_t at)
{
	return *(char *const *)((const char *)v + i * size + at);
}

int
rclinks_store(struct tree *t, const char *dir, const void *links, size_t n, size_t size,
	      size_t name_at, size_t target_at)
{
	char *text = NULL, *node = NULL, *esc;
	size_t len = 0;
	bool plain = true;
	FILE *f;
	int r = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n && plain; i++)
		plain = plain_link(field(links, i, size, name_at), field(links, i, size, target_at));
	if (plain && (f = open_memstream(&text, &len)) != NULL) {
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%s\t%s\n", field(links, i, size, name_at),
				field(links, i, size, target_at));
		if (fclose(f) != 0) {
			free(text);
			text = NULL;
		}
		esc = tree_escape(t, dir);
		node = xasprintf(LINKS_TREE "/%s", esc);
		free(esc);
		if (text != NULL && aug_set(t->aug, "/deafen-links", text) == 0 &&
		    aug_text_store(t->aug, "Deafen_links.lns", "/deafen-links", node) == 0)
			plain = true;
		else
			plain = false, (void)aug_rm(t->aug, node);
		(void)aug_rm(t->aug, "/deafen-links");
		(void)aug_rm(t->aug, "/augeas/text/deafen-links");
		free(text);
		free(node);
		if (plain)
			return 0;
	}
	for (size_t i = 0; r == 0 && i < n; i++) {
		char *p = tree_link_node(t, dir, field(links, i, size, name_at));

		if (aug_set(t->aug, p, field(links, i, size, target_at)) < 0)
			r = errorf(-EIO, "augeas: %s: %s", p, aug_error_message(t->aug));
		free(p);
	}
	return r;
}

/* "/" + PARENT resolved beneath the root, the last one remembered (most links share it). */
static const char *
real_parent(const struct tree *t, const char *parent, char **last, char **real)
{
	if (*last == NULL || !streq(*last, parent)) {
		char *abs = xasprintf("/%s", parent);

		free(*last);
		free(*real);
		*last = xstrdup(parent);
		*real = NULL;
		if (root_resolve(t->root, abs, real) < 0) {
			free(*real);
			*real = NULL;
		}
		free(abs);
	}
	return *real;
}

/*
 * The init script that DIR's link to TARGET runs: the name its chain of
 * links (as the kernel follows them, beneath the root) reaches in the
 * init.d directory, whatever the link's own name says, as the rc script
 * runs it; "" if it reaches none (a loop, a link out of the root, a file
 * elsewhere). A missing file there keeps its name: nothing runs it.
 */
static char *
link_script(const struct tree *t, const char *dir, const char *target, char **last, char **real)
{
	const char *initdir = scripts_own(t)->initdir;
	char *cur = xstrdup(dir), *tg = xstrdup(target), *joined = NULL, *script = NULL;

	for (int hop = 0; script == NULL && hop < 40; hop++) {
		char *slash, *next, buf[PATH_MAX];
		const char *parent;
		struct stat st;
		ssize_t k = -1;

		free(joined);
		if (root_join_target(cur, tg, &joined) < 0 || (slash = strrchr(joined, '/')) == NULL)
			break;
		*slash = '\0';
		parent = real_parent(t, joined, last, real);
		if (parent == NULL)
			break;
		if (streq(parent, initdir)) {
			script = xstrdup(slash + 1);
			break;
		}
		/* a link again: the kernel follows it from its own directory */
		next = xasprintf("%s%s%s", parent, parent[0] != '\0' ? "/" : "", slash + 1);
		if (root_lstat(t->root, next, &st) == 0 && S_ISLNK(st.st_mode))
			k = root_readlink(t->root, next, buf, sizeof(buf) - 1);
		free(next);
		if (k <= 0)
			break;
		buf[k] = '\0';
		free(cur);
		free(tg);
		cur = xstrdup(parent);
		tg = xstrdup(buf);
	}
	free(joined);
	free(cur);
	free(tg);
	return script != NULL ? script : xstrdup("");
}

static int
load_dir(struct tree *t, size_t level, const char *dir)
{
	struct rclinks_own *rl = rclinks_own(t);
	char *last = NULL, *real_last = NULL;
	struct dirent *de;
	DIR *d;
	size_t first = rl->nlinks;
	int r = root_opendir(t->root, dir, &d);

	if (r < 0)
		return errorf(-EBADMSG, "%s: %s", dir,
			      r == -EXDEV ? "a link points outside the root" : strerror(-r));
	while (r == 0 && (de = readdir(d)) != NULL) {
		char *joined = NULL, target[PATH_MAX];
		struct stat st;
		ssize_t k;

		if (!(de->d_name[0] == 'S' || de->d_name[0] == 'K') ||
		    !isdigit((unsigned char)de->d_name[1]) ||
		    !isdigit((unsigned char)de->d_name[2]) || de->d_name[3] == '\0')
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISLNK(st.st_mode) ||
		    (k = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1)) < 0)
			continue;
		target[k] = '\0';
		r = root_join_target(dir, target, &joined);
		if (r == 0) {
			/* and through the links on its way, as the kernel would follow them */
			char *abs = xasprintf("/%s", joined), *real = NULL;

			if (root_resolve(t->root, abs, &real) == -EXDEV)
				r = -EXDEV;
			free(abs);
			free(real);
		}
		if (r < 0) {
			r = errorf(-EXDEV, "%s/%s: link to '%s' points outside the root", dir,
				   de->d_name, target);
			free(joined);
			break;
		}
		free(joined);
		rl->links = xrealloc(rl->links, (rl->nlinks + 1) * sizeof(*rl->links));
		rl->links[rl->nlinks].level = level;
		rl->links[rl->nlinks].name = xstrdup(de->d_name);
		rl->links[rl->nlinks].target = xstrdup(target);
		/* without an init.d directory no script is a service: names as they are */
		rl->links[rl->nlinks].script =
			scripts_own(t)->initdir != NULL ? link_script(t, dir, target, &last, &real_last) : NULL;
		rl->nlinks++;
	}
	closedir(d);
	free(last);
	free(real_last);
	if (r == 0)
		r = rclinks_store(t, dir, rl->links + first, rl->nlinks - first, sizeof(*rl->links),
				  offsetof(struct rclink_entry, name), offsetof(struct rclink_entry, target));
	return r;
}

int
rclinks_load(struct tree *t)
{
	struct rclinks_own *rl = rclinks_own(t);
	for (size_t i = 0; i < strlen(RC_LEVELS); i++) {
		char c = RC_LEVELS[i];
		char *cand[2] = { xasprintf("/etc/rc.d/rc%c.d", c), xasprintf("/etc/rc%c.d", c) };
		int r = 0;

		for (size_t j = 0; j < 2 && r == 0 && rl->rcdir[i] == NULL; j++) {
			char *real = NULL;
			struct stat st;

			r = root_resolve(t->root, cand[j], &real);
			if (r == -ENOENT || r == -ENOTDIR) {
				r = 0;
				continue;
			}
			if (r < 0) {
				r = errorf(r, "%s: %s", cand[j] + 1,
					   r == -EXDEV ? "a link points outside the root"
						       : strerror(-r));
				break;
			}
			if (root_lstat(t->root, real, &st) == 0 && S_ISDIR(st.st_mode))
				rl->rcdir[i] = real;
			else
				free(real);
		}
		free(cand[0]);
		free(cand[1]);
		if (r < 0)
			return r;
		if (rl->rcdir[i] == NULL)
			continue;
		if (startswith(rl->rcdir[i], "etc/rc.d/"))
			rl->rc_d_layout = true;
		r = load_dir(t, i, rl->rcdir[i]);
		if (r < 0)
			return r;
	}
	if (rl->nlinks > 1)
		qsort(rl->links, rl->nlinks, sizeof(*rl->links), cmp_link);
	/* a script's links looked up by name, not by a pass over every link */
	rl->link_index = xcalloc(rl->nlinks + 1, sizeof(*rl->link_index));
	for (size_t i = 0; i < rl->nlinks; i++)
		rl->link_index[i] = i;
	if (rl->nlinks > 1)
		qsort_r(rl->link_index, rl->nlinks, sizeof(*rl->link_index), cmp_by_script, rl->links);
	return 0;
}

/* The first index entry whose script is SCRIPT, and how many there are. */
static size_t
script_range(const struct tree *t, const char *script, size_t *n)
{
	struct rclinks_own *rl = rclinks_own(t);
	size_t lo = 0, hi = rl->nlinks, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(rclink_script(&rl->links[rl->link_index[mid]]), script) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < rl->nlinks && streq(rclink_script(&rl->links[rl->link_index[lo]]), script))
		lo++;
	*n = lo - first;
	return first;
}

static int
link_number(const char *name)
{
	return (name[1] - '0') * 10 + (name[2] - '0');
}

/* The links of SCRIPT in level index I, as read (NAME/TARGET borrowed). */
static size_t
level_links(const struct tree *t, size_t i, const char *script, struct rclink **out)
{
	struct rclinks_own *rl = rclinks_own(t);
	size_t count, first = script_range(t, script, &count), n = 0;
	struct rclink *v = xcalloc(count + 1, sizeof(*v));

	for (size_t k = first; k < first + count; k++) {
		const struct rclink_entry *e = &rl->links[rl->link_index[k]];

		if (e->level == i) {
			v[n].name = e->name;
			v[n].target = e->target;
			n++;
		}
	}
	*out = v;
	return n;
}

const char *
rclinks_boot_levels(const struct tree *t)
{
	/* Red Hat's rc runs every S link with "start", in 0 and 6 too; Debian's
	 * runs those of rc0.d and rc6.d with "stop", and rc1.d goes single-user */
	return rclinks_own(t)->rc_d_layout ? "0123456S" : "2345S";
}

const char *
rclinks_start_link(const struct tree *t, char level, const char *script, const char **dir)
{
	struct rclinks_own *rl = rclinks_own(t);
	const char *idx = strchr(RC_LEVELS, level), *name = NULL;
	struct rclink *v;
	size_t n;

	if (level == '\0' || idx == NULL || rl->rcdir[idx - RC_LEVELS] == NULL)
		return NULL;
	n = level_links(t, (size_t)(idx - RC_LEVELS), script, &v);
	for (size_t k = 0; k < n && name == NULL; k++)
		if (v[k].name[0] == 'S')
			name = v[k].name; /* borrowed from the tree, not from V */
	free(v);
	if (name != NULL && dir != NULL)
		*dir = rl->rcdir[idx - RC_LEVELS];
	return name;
}

int
rclinks_started(const struct tree *t, const char *script, char *levels, size_t size)
{
	const char *boot = rclinks_boot_levels(t);
	size_t used = 0;
	int started = 0;

	if (size > 0)
		levels[0] = '\0';
	for (size_t i = 0; i < strlen(RC_LEVELS); i++) {
		if (strchr(boot, RC_LEVELS[i]) == NULL ||
		    rclinks_start_link(t, RC_LEVELS[i], script, NULL) == NULL)
			continue;
		started = 1;
		if (used + 1 < size) {
			levels[used++] = RC_LEVELS[i];
			levels[used] = '\0';
		}
	}
	return started;
}

bool
rclinks_any(const struct tree *t, const char *script)
{
	size_t n;

	script_range(t, script, &n);
	return n > 0;
}

int
rclinks_start_number(const struct tree *t, const char *script)
{
	int nr = -1;

	for (size_t i = 0; i < strlen(RC_LEVELS) && nr < 0; i++) {
		struct rclink *v;
		size_t n;

		if (rclinks_own(t)->rcdir[i] == NULL)
			continue;
		n = level_links(t, i, script, &v);
		for (size_t k = 0; k < n && nr < 0; k++)
			if (v[k].name[0] == 'S')
				nr = link_number(v[k].name);
		free(v);
	}
	return nr;
}

static int
has_name(const struct rclink *links, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (streq(links[i].name, name))
			return 1;
	return 0;
}

void
rclinks_disable_level(enum style style, char level, const char *dir, const char *script,
		      const struct rclink *links, size_t nlinks, int stop,
		      struct link_edit **edits, size_t *n)
{
	if (style == STYLE_REDHAT) {
		char *want = xasprintf("K%02d%s", stop, script);
		char *target = xasprintf("../init.d/%s", script);

		size_t keep = nlinks;

		for (size_t i = 0; i < nlinks; i++)
			if (streq(links[i].name, want) && streq(links[i].target, target))
				keep = i;
		if (keep < nlinks) {
			/* the K link chkconfig makes is there: the others go */
			for (size_t i = 0; i < nlinks; i++)
				if (i != keep)
					link_edit_push(edits, n, LINK_DELETE, level, dir, links[i].name,
						  NULL, links[i].target);
		} else if (nlinks == 1 && streq(links[0].target, target)) {
			link_edit_push(edits, n, LINK_RENAME, level, dir, links[0].name, want, target);
		} else {
			for (size_t i = 0; i < nlinks; i++)
				link_edit_push(edits, n, LINK_DELETE, level, dir, links[i].name, NULL,
					  links[i].target);
			link_edit_push(edits, n, LINK_CREATE, level, dir, NULL, want, target);
		}
		free(want);
		free(target);
		return;
	}
	for (size_t i = 0; i < nlinks; i++) {
		int nr = link_number(links[i].name);
		char *want;

		if (links[i].name[0] != 'S')
			continue;
		if (style == STYLE_DEBIAN_LEGACY)
			nr = nr == 0 ? 99 : 100 - nr;
		/* its own name kept: S99x -> ../init.d/SCRIPT, made by hand, becomes K99x */
		want = xasprintf("K%02d%s", nr, links[i].name + 3);
		/* A twin K link already there: the S link alone has to go. */
		if (has_name(links, nlinks, want))
			link_edit_push(edits, n, LINK_DELETE, level, dir, links[i].name, NULL,
				  links[i].target);
		else
			link_edit_push(edits, n, LINK_RENAME, level, dir, links[i].name, want,
				  links[i].target);
		free(want);
	}
}

int
rclinks_disable(const struct tree *t, enum style style, const char *script, int stop,
		struct link_edit **edits, size_t *n)
{
	struct rclinks_own *rl = rclinks_own(t);
	const char *boot = rclinks_boot_levels(t);

	for (size_t i = 0; i < strlen(RC_LEVELS); i++) {
		/* chkconfig knows no rcS.d: an S link there is turned off Debian's way */
		enum style lstyle = style == STYLE_REDHAT && RC_LEVELS[i] == 'S' ? STYLE_DEBIAN
										 : style;
		struct rclink *v;
		size_t k;

		bool seen = false;

		if (rl->rcdir[i] == NULL || strchr(boot, RC_LEVELS[i]) == NULL)
			continue;
		/* chkconfig off changes 2345; where else an S link starts it, as --level N off */
		if (strchr("S2345", RC_LEVELS[i]) == NULL &&
		    rclinks_start_link(t, RC_LEVELS[i], script, NULL) == NULL)
			continue;
		/* two levels whose directories are one (rc2.d -> rc3.d): its links change once */
		for (size_t j = 0; j < i && !seen; j++)
			seen = rl->rcdir[j] != NULL && strchr(boot, RC_LEVELS[j]) != NULL &&
			       streq(rl->rcdir[j], rl->rcdir[i]);
		if (seen)
			continue;
		k = level_links(t, i, script, &v);
		rclinks_disable_level(lstyle, RC_LEVELS[i], rl->rcdir[i], script, v, k, stop, edits,
				      n);
		free(v);
	}
	return 0;
}

void
rclinks_redhat_renumber(const struct tree *t, const char *script, const char *onlevels, int start,
			int stop, struct link_edit **edits, size_t *n)
{
	struct rclinks_own *rl = rclinks_own(t);
	char *target = xasprintf("../init.d/%s", script);

	for (size_t i = 0; i < strlen(RC_LEVELS); i++) {
		struct rclink *v;
		size_t k;
		char *want;

		if (rl->rcdir[i] == NULL || strchr("016", RC_LEVELS[i]) == NULL)
			continue;
		k = level_links(t, i, script, &v);
		if (k == 0) {
			want = strchr(onlevels, RC_LEVELS[i]) != NULL ? xasprintf("S%02d%s", start, script)
								      : xasprintf("K%02d%s", stop, script);
			link_edit_push(edits, n, LINK_CREATE, RC_LEVELS[i], rl->rcdir[i], NULL, want,
					  target);
		} else {
			/* its first link says on or off there, as chkconfig's isOn() reads it */
			char letter = v[0].name[0];

			want = xasprintf("%c%02d%s", letter, letter == 'S' ? start : stop, script);
			if (k == 1 && !streq(v[0].name, want)) {
				link_edit_push(edits, n, LINK_RENAME, RC_LEVELS[i], rl->rcdir[i],
					       v[0].name, want, v[0].target);
			} else if (k > 1 && !streq(v[0].name, want)) {
				for (size_t j = 0; j < k; j++)
					link_edit_push(edits, n, LINK_DELETE, RC_LEVELS[i], rl->rcdir[i],
							  v[j].name, NULL, v[j].target);
				link_edit_push(edits, n, LINK_CREATE, RC_LEVELS[i], rl->rcdir[i], NULL,
						  want, target);
			}
		}
		free(want);
		free(v);
	}
	free(target);
}
