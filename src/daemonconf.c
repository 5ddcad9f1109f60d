/* daemonconf.c - a daemon's listeners, from its own configuration file
 *
 * memcached, redis, squid, vsftpd, nrpe, samba, dovecot...: their ports
 * and addresses are settings of their main configuration file; the
 * "listen" lines of src/knowledge.tab say which file, the stock Augeas
 * lens that reads it, the paths of the settings in that lens's tree, the
 * default when the file does not say (or cannot be read), and where that
 * comes from.
 *
 * deafen only reads those files: daemonread.c reads the settings in C, as
 * the lens would put them in its tree (the lens costs more than all the
 * rest of a plan), and the lens reads the file only for list --format xml
 * (tree_defer_file). Where the reader does not understand a line that
 * sets them, the lens reads the file as before, and says why it cannot.
 *
 * Where the stock lens of augeas 1.14 cannot read the package's own file
 * (Debian 12's redis.conf, squid.conf), the line says which settings the
 * lens gets: their lines alone are cut out in C and given to it with
 * aug_text_store (as headers.c does for init scripts), not the whole
 * file; the file is not in the tree (it never was).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemonconf.h"
#include "daemonread.h"
#include "service.h"
#include "listen.h"
#include "root.h"
#include "tree.h"

struct listen_row {
	const char *names;    /* space-separated: packages, scripts, units' base names, daemons */
	const char *config;   /* its main configuration file, or NULL */
	const char *lens;     /* the stock lens that reads it */
	const char *port;     /* the path of its port setting in the lens's tree ("ADDR:PORT" too) */
	const char *address;  /* the path of its address setting, or NULL */
	const char *cut;      /* the settings whose lines alone go to the lens, or NULL: the file */
	const char *defaults; /* "PORT/PROTO" or "ADDR:PORT/PROTO", space-separated */
	const char *source;   /* where the row comes from */
};

static const struct listen_row rows[] = {
#include "knowledge-listen.h"
};

/*
 * chrony.conf's settings beyond its port and address (chrony.conf(5)): the
 * server port opens only for an allow, a peer or a broadcast; the command
 * port and its addresses; the files it reads too. Read in C into nodes
 * named as the setting with '-' for '/' (read_in_c).
 */
static const char *const chrony_settings[] = {
	"allow", "peer", "broadcast/address", "cmdport", "bindcmdaddress",
	"confdir/directory", "sourcedir/directory", "include",
};

static bool
is_chrony(const struct listen_row *row)
{
	return row->lens != NULL && streq(row->lens, "Chrony");
}

/* The node read_in_c gives SETTING: "broadcast-address". Allocated. */
static char *
setting_node(const char *setting)
{
	char *n = xstrdup(setting);

	for (char *c = n; *c != '\0'; c++)
		if (*c == '/')
			*c = '-';
	return n;
}

static bool
word_has(const char *s, const char *word)
{
	struct strv v = { 0 };
	bool has;

	strv_split(&v, s, " ");
	has = strv_contains(&v, word);
	strv_free(&v);
	return has;
}

/* The row of S: one of its own names (script, unit, base name) or its program. */
static const struct listen_row *
row_of(const struct service *s)
{
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		if (s->program != NULL && word_has(rows[i].names, s->program))
			return &rows[i];
		for (size_t k = 0; k < s->own.n; k++)
			if (word_has(rows[i].names, s->own.v[k]))
				return &rows[i];
	}
	return NULL;
}

/* Field K (0: CONFIG, 1: TREE, 2: ERROR, 3: SHOWN, 4: VALUES) of an entry of T->daemon_conf, allocated. */
static char *
field(const char *entry, int k)
{
	for (int i = 0; i < k && entry != NULL; i++)
		if ((entry = strchr(entry, '\t')) != NULL)
			entry++;
	return entry ? xstrndup(entry, strcspn(entry, "\t")) : xstrdup("");
}

/* Is ENTRY of T->daemon_conf ("CONFIG\tTREE\tERROR\tSHOWN[\tVALUES]") one of CONFIG's? */
static bool
entry_of(const char *entry, const char *config)
{
	size_t n = strlen(config);

	return strncmp(entry, config, n) == 0 && entry[n] == '\t';
}

/* The first entry of CONFIG in T->daemon_conf, or NULL. */
static const char *
added(const struct tree *t, const char *config)
{
	for (size_t i = 0; i < t->daemon_conf.n; i++)
		if (entry_of(t->daemon_conf.v[i], config))
			return t->daemon_conf.v[i];
	return NULL;
}

/* The values of SETTING (a path) beneath the node FILE of the tree, into OUT. */
static void
setting_values(const struct tree *t, const char *file, const char *setting, struct strv *out)
{
	struct tree_kv *kv;
	char *pat = xasprintf("%s/%s", file, setting);
	size_t n = tree_nodes(t, pat, &kv);

	free(pat);
	for (size_t i = 0; i < n; i++)
		if (kv[i].value != NULL)
			strv_push(out, kv[i].value);
	free(kv);
}

/* The labels of ROW's defaults: "imap" of "143/tcp@imap" (a dovecot listener's name). */
static void
row_labels(const struct listen_row *row, struct strv *labels)
{
	struct strv defs = { 0 };

	strv_split(&defs, row->defaults, " ");
	for (size_t i = 0; i < defs.n; i++)
		if (strchr(defs.v[i], '@') != NULL)
			strv_push(labels, strchr(defs.v[i], '@') + 1);
	strv_free(&defs);
}

/*
 * ROW's port setting for the node named LABEL: "service/inet_listener/port"
 * is "service/inet_listener[. = 'imap']/port" for imap. Allocated.
 */
static char *
label_path(const struct listen_row *row, const char *label)
{
	const char *slash = strrchr(row->port, '/');

	return xasprintf("%.*s[. = '%s']%s", (int)(slash - row->port), row->port, label, slash);
}

/*
 * FILE (REAL on the root) of ROW read in C (daemonread.h): its port and
 * address settings into the tree, beneath /daemonconf/c/K ("port",
 * "address", and "label-NAME" the port of each labelled default: row_labels),
 * named in T->daemon_conf ("CONFIG\tTREE\t\tSHOWN\tVALUES": TREE where its
 * lens puts it for list --format xml, or none for a cut).
 * 1 when the reader does not know a line that sets them: the lens reads it.
 */
static int
read_in_c(struct tree *t, const struct listen_row *row, const char *file, const char *real)
{
	struct strv labels = { 0 }, nodes = { 0 }, values = { 0 };
	char *text = NULL, *esc, *node, *shown;
	size_t len = 0, line, extra;
	int r = 0;

	if (root_read_file(t->root, real + (real[0] == '/'), &text, &len) < 0) {
		error_clear();
		return 1;
	}
	row_labels(row, &labels);
	extra = is_chrony(row) ? ELEMENTSOF(chrony_settings) : 0;
	for (size_t k = 0; r == 0 && k < 2 + labels.n + extra; k++) {
		struct strv got = { 0 };
		char *setting = k == 0			? xstrdup(row->port)
				: k == 1		? (row->address ? xstrdup(row->address) : NULL)
				: k < 2 + labels.n	? label_path(row, labels.v[k - 2])
							: xstrdup(chrony_settings[k - 2 - labels.n]);

		if (setting != NULL)
			r = daemonread_values(row->lens, setting, text, len, &got, &line);
		for (size_t i = 0; r == 0 && i < got.n; i++) {
			strv_take(&nodes, k == 0	       ? xstrdup("port")
					  : k == 1	       ? xstrdup("address")
					  : k < 2 + labels.n ? xasprintf("label-%s", labels.v[k - 2])
							     : setting_node(setting));
			strv_push(&values, got.v[i]);
		}
		strv_free(&got);
		free(setting);
	}
	free(text);
	/* the lens reads the whole file only for the whole tree; a cut, never */
	if (r == 0 && row->cut == NULL && tree_defer_file(t, row->lens, real) != 0) {
		error_clear();
		r = -EBADMSG; /* not for a lens either: the daemon gets its default */
	}
	if (r == 0) {
		node = xasprintf("/daemonconf/c/%zu", t->daemon_conf.n);
		for (size_t i = 0; r == 0 && i < values.n; i++) {
			char *p = xasprintf("%s/%s[last()+1]", node, nodes.v[i]);

			if (aug_set(t->aug, p, values.v[i]) < 0)
				r = -EIO;
			free(p);
		}
		esc = tree_escape(t, real);
		shown = row->cut ? xasprintf("%s (the lines of %s)", real + (real[0] == '/'), row->cut)
				 : xstrdup(esc);
		if (r == 0)
			strv_take(&t->daemon_conf,
				  row->cut ? xasprintf("%s\t\t\t%s\t%s", file, shown, node)
					   : xasprintf("%s\t/files/%s\t\t%s\t%s", file, esc, shown, node));
		free(shown);
		free(esc);
		free(node);
	}
	strv_free(&labels);
	strv_free(&nodes);
	strv_free(&values);
	if (r == -EIO)
		return errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	return r == 0 ? 0 : r == -EBADMSG ? 0 : 1;
}

/* A file of ROW (CONFIG: as its "listen" line names it; REAL: on the root): read in C, else
 * by its lens. */
static int
setup_file(struct tree *t, const struct listen_row *row, const char *config, const char *real)
{
	char *esc;
	int r = read_in_c(t, row, config, real);

	/* read in C; or a cut, read after the load (daemonconf_load) */
	if (r <= 0 || row->cut != NULL)
		return r < 0 ? r : 0;
	if (tree_add_file(t, row->lens, real) != 0) {
		error_clear(); /* not the root's error: the daemon gets its default */
		return 0;
	}
	esc = tree_escape(t, real);
	strv_take(&t->daemon_conf, xasprintf("%s\t/files/%s\t/augeas/files/%s/error\t%s", config, esc,
					     esc, esc));
	free(esc);
	return 0;
}

/* Left out by chronyd's globs of a confdir (*.conf), a sourcedir (*.sources): dot names too. */
static bool
not_conf(const char *name)
{
	return name[0] == '.' || !endswith(name, ".conf");
}

static bool
not_sources(const char *name)
{
	return name[0] == '.' || !endswith(name, ".sources");
}

/* DIR's entries (as chrony.conf names it) but those SKIP names, into NAMES and REAL; none if
 * it is not there or leads out of the root. */
static void
chrony_list(struct tree *t, const char *dir, bool (*skip)(const char *), struct strv *names,
	    struct strv *real)
{
	char *where = NULL;

	if (tree_resolve(t, dir, &where) < 0 || where == NULL ||
	    tree_list_dir(t, where + (where[0] == '/'), skip, names, real) < 0)
		error_clear(); /* none there, or out of the root: nothing read */
	free(where);
}

/*
 * The files of chrony's confdir (or sourcedir: SOURCES) directories DIRS
 * into OUT (real, in the root): their *.conf (*.sources) in name order,
 * of a name in several directories the first one's (chrony.conf(5)).
 */
static void
chrony_dir_files(struct tree *t, const struct strv *dirs, bool sources, struct strv *out)
{
	struct strv names = { 0 }, seen = { 0 };

	for (size_t d = 0; d < dirs->n; d++) {
		struct strv n = { 0 }, r = { 0 };

		chrony_list(t, dirs->v[d], sources ? not_sources : not_conf, &n, &r);
		for (size_t i = 0; i < n.n && i < r.n; i++)
			if (!strv_contains(&seen, n.v[i])) {
				strv_push(&seen, n.v[i]);
				strv_take(&names, xasprintf("%s\t%s", n.v[i], r.v[i]));
			}
		strv_free(&n);
		strv_free(&r);
	}
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++)
		strv_push(out, strchr(names.v[i], '\t') + 1);
	strv_free(&names);
	strv_free(&seen);
}

/*
 * The files chrony.conf (read in C: the entry ENTRY) has chronyd read too:
 * its confdir and sourcedir files, and its include patterns (a glob in the
 * file name only), each read as chrony.conf is, under its name CONFIG.
 * Only from chrony.conf itself: an include in them is not followed.
 */
static int
chrony_includes(struct tree *t, const struct listen_row *row, const char *config, const char *entry)
{
	struct strv confdirs = { 0 }, sourcedirs = { 0 }, includes = { 0 }, files = { 0 };
	char *node = field(entry, 4);
	int r = 0;

	setting_values(t, node, "confdir-directory", &confdirs);
	setting_values(t, node, "sourcedir-directory", &sourcedirs);
	setting_values(t, node, "include", &includes);
	free(node);
	chrony_dir_files(t, &confdirs, false, &files);
	chrony_dir_files(t, &sourcedirs, true, &files);
	for (size_t i = 0; i < includes.n; i++) {
		const char *pat = includes.v[i], *base = strrchr(pat, '/');
		char *dir = base && base > pat ? xstrndup(pat, (size_t)(base - pat)) : xstrdup("/");
		struct strv n = { 0 }, rl = { 0 };

		base = base ? base + 1 : pat;
		if (strpbrk(dir, "*?[") == NULL)
			chrony_list(t, dir, tree_ignored_name, &n, &rl);
		for (size_t k = 0; k < n.n && k < rl.n; k++)
			if (fnmatch(base, n.v[k], FNM_PERIOD) == 0)
				strv_push(&files, rl.v[k]);
		strv_free(&n);
		strv_free(&rl);
		free(dir);
	}
	for (size_t i = 0; r == 0 && i < files.n; i++)
		r = setup_file(t, row, config, files.v[i]);
	strv_free(&confdirs);
	strv_free(&sourcedirs);
	strv_free(&includes);
	strv_free(&files);
	return r;
}

int
daemonconf_setup(struct tree *t)
{
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		struct strv files = { 0 };

		if (rows[i].config == NULL)
			continue;
		strv_split(&files, rows[i].config, " "); /* dovecot: dovecot.conf, 10-master.conf */
		for (size_t k = 0; k < files.n; k++) {
			const char *entry;
			char *real = NULL;
			int r;

			if (tree_resolve(t, files.v[k], &real) < 0 || real == NULL) {
				error_clear(); /* not the root's error: the daemon gets its default */
				free(real);
				continue;
			}
			r = setup_file(t, &rows[i], files.v[k], real);
			free(real);
			/* chrony.conf read in C (no ERROR field): the files it names */
			if (r == 0 && is_chrony(&rows[i]) && (entry = added(t, files.v[k])) != NULL) {
				char *err = field(entry, 2);

				if (*err == '\0')
					r = chrony_includes(t, &rows[i], files.v[k], entry);
				free(err);
			}
			if (r < 0) {
				strv_free(&files);
				return r;
			}
		}
		strv_free(&files);
	}
	return 0;
}

int
daemonconf_load(struct tree *t)
{
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		struct strv words = { 0 };
		char *real = NULL, *text = NULL, *cut = NULL, *lens, *node, *err, *shown;
		const char *line = NULL;
		size_t len = 0, clen = 0, *lines = NULL, n;
		FILE *f;

		if (rows[i].cut == NULL || added(t, rows[i].config) != NULL)
			continue; /* the whole file's lens; or read in C (read_in_c) */
		if (tree_resolve(t, rows[i].config, &real) < 0 || real == NULL ||
		    root_read_file(t->root, real + (real[0] == '/'), &text, &len) < 0 ||
		    memchr(text, '\0', len) != NULL || (f = open_memstream(&cut, &clen)) == NULL) {
			error_clear(); /* not the root's error: the daemon gets its default */
			free(real);
			free(text);
			continue;
		}
		strv_split(&words, rows[i].cut, " ");
		n = daemonread_cut(text, &words, f, &lines);
		fclose(f);
		node = xasprintf("/daemonconf/%zu", i);
		err = xasprintf("/augeas/text%s/error", node);
		lens = xasprintf("%s.lns", rows[i].lens);
		shown = xstrdup(real + (real[0] == '/'));
		if (aug_set(t->aug, "/daemonconf/text", cut) < 0 ||
		    aug_text_store(t->aug, lens, "/daemonconf/text", node) < 0) {
			char *p = xasprintf("%s/line", err);

			/* the line of the file, not of the cut */
			if (aug_get(t->aug, p, &line) == 1 && line != NULL && atoi(line) > 0 &&
			    (size_t)atoi(line) <= n) {
				char *at = xasprintf("%s:%zu", shown, lines[atoi(line) - 1]);

				free(shown);
				shown = at;
			}
			free(p);
		}
		(void)aug_rm(t->aug, "/daemonconf/text");
		strv_take(&t->daemon_conf, xasprintf("%s\t%s\t%s\t%s (the lines of %s)", rows[i].config,
						     node, err, shown, rows[i].cut));
		free(shown);
		free(lens);
		free(err);
		free(node);
		free(lines);
		free(cut);
		free(text);
		free(real);
		strv_free(&words);
	}
	return 0;
}

int
daemonconf_is(const struct tree *t, const char *file)
{
	char *want = xasprintf("/files/%s", file);
	int yes = 0;

	for (size_t i = 0; i < t->daemon_conf.n && !yes; i++) {
		char *tree = field(t->daemon_conf.v[i], 1);

		yes = streq(tree, want);
		free(tree);
	}
	free(want);
	return yes;
}

/*
 * The tree paths of ROW's files (or its cut) read without error, into
 * TREES (/daemonconf/c/K for one read in C: read_in_c); SHOWN (if not NULL) gets how each is named for people, and the
 * first file of ROW's that is on the root but was not read.
 */
static void
loaded(const struct tree *t, const struct listen_row *row, struct strv *trees, struct strv *shown,
       char **unread)
{
	struct strv files = { 0 };

	*unread = NULL;
	if (row->config != NULL)
		strv_split(&files, row->config, " ");
	/* every entry of each file: chrony.conf's includes are under its name too */
	for (size_t k = 0; k < files.n; k++)
		for (size_t e = 0; e < t->daemon_conf.n; e++) {
			const char *entry = t->daemon_conf.v[e];
			char *err;

			if (!entry_of(entry, files.v[k]))
				continue;
			err = field(entry, 2);
			if (*err == '\0') { /* read in C: its values */
				strv_take(trees, field(entry, 4));
				strv_take(shown, field(entry, 3));
			} else if (aug_match(t->aug, err, NULL) == 0) {
				strv_take(trees, field(entry, 1));
				strv_take(shown, field(entry, 3));
			} else if (*unread == NULL) {
				*unread = field(entry, 3);
			}
			free(err);
		}
	strv_free(&files);
}

/*
 * "11211", "127.0.0.1:3128 transparent", "[::1]:8080": one listener of S
 * on PROTO, at ADDR when the value names none.
 */
static void
add_value(struct service *s, const char *value, const char *addr, const char *proto)
{
	char *v = xstrndup(value, strcspn(value, " \t")), *colon = strrchr(v, ':');
	char *end;
	long port;

	if (colon != NULL) {
		*colon = '\0';
		addr = v;
		if (v[0] == '[') {
			addr = v + 1;
			v[strcspn(v, "]")] = '\0';
		}
	}
	port = strtol(colon ? colon + 1 : v, &end, 10);
	if (*end == '\0')
		listen_add(s, addr, (int)port, proto);
	free(v);
}

/*
 * slapd's SLAPD_SERVICES: "ldap:/// ldapi:///", "ldap://127.0.0.1:389/
 * ldaps:///" (slapd(8) -h): ldap on 389, ldaps on 636, ldapi a UNIX-domain
 * socket (slapd's default path, or the URL's %2F-encoded one).
 */
static void
add_urls(struct service *s, const char *value)
{
	struct strv urls = { 0 };

	strv_split(&urls, value, " \t\"'");
	for (size_t i = 0; i < urls.n; i++) {
		const char *u = urls.v[i], *sep = strstr(u, "://");
		char *host;

		if (sep == NULL)
			continue;
		host = xstrndup(sep + 3, strcspn(sep + 3, "/"));
		if (startswith(u, "ldapi:")) {
			char *path = xstrdup(*host ? host : "/var/run/slapd/ldapi"), *c;

			while ((c = strstr(path, "%2F")) != NULL || (c = strstr(path, "%2f")) != NULL) {
				*c = '/';
				memmove(c + 1, c + 3, strlen(c + 3) + 1);
			}
			listen_add_path(s, path);
			free(path);
		} else if (startswith(u, "ldap:") || startswith(u, "ldaps:")) {
			const char *port = startswith(u, "ldaps:") ? "636" : "389";
			const char *colon = strrchr(host, ':'), *bracket = strrchr(host, ']');
			bool has_port = colon != NULL && (bracket == NULL || colon > bracket);
			char *v = has_port ? xstrdup(host)
					   : xasprintf("%s%s%s", host, *host ? ":" : "", port);

			add_value(s, v, NULL, "tcp");
			free(v);
		}
		free(host);
	}
	strv_free(&urls);
}

/*
 * snmpd's agentaddress: "127.0.0.1,[::1]", "udp:161", "tcp:[::1]:1161"
 * (snmpd.conf(5): [TRANSPORT:]ADDRESS[:PORT], a comma between them): each a
 * listener, on udp port 161 where it names no transport and no port.
 */
static void
add_agentaddresses(struct service *s, const char *value)
{
	struct strv items = { 0 };

	strv_split(&items, value, ", \t");
	for (size_t i = 0; i < items.n; i++) {
		char *a = items.v[i], *port = NULL, *end;
		const char *proto = "udp";
		long n = 161;

		if (startswith(a, "udp:") || startswith(a, "tcp:") || startswith(a, "udp6:") ||
		    startswith(a, "tcp6:")) {
			proto = a[0] == 't' ? "tcp" : "udp";
			a = strchr(a, ':') + 1;
		}
		if (a[0] == '[') { /* [::1] or [::1]:1161 */
			char *close = strchr(a, ']');

			if (close == NULL)
				continue;
			*close = '\0';
			port = close[1] == ':' ? close + 2 : NULL;
			a++;
		} else if (strchr(a, ':') != NULL) { /* 127.0.0.1:1161 */
			port = strchr(a, ':');
			*port++ = '\0';
		} else if (a[strspn(a, "0123456789")] == '\0') { /* 161: a port alone */
			port = a;
			a = NULL;
		}
		if (port != NULL && ((n = strtol(port, &end, 10)) <= 0 || *end != '\0'))
			continue;
		listen_add(s, a, (int)n, proto);
	}
	strv_free(&items);
}

/* The addresses of ROW's setting in the tree at FILE: "127.0.0.1,::1", "127.0.0.1 -::1" split. */
static void
addresses(const struct tree *t, const char *file, const char *setting, struct strv *out)
{
	struct tree_kv *kv;
	char *pat;
	size_t n;

	if (setting == NULL)
		return;
	pat = xasprintf("%s/%s", file, setting);
	n = tree_nodes(t, pat, &kv);
	free(pat);
	for (size_t i = 0; i < n; i++) {
		struct strv words = { 0 };

		if (kv[i].value != NULL)
			strv_split(&words, kv[i].value, ", \t");
		for (size_t k = 0; k < words.n; k++) {
			/* redis: "-::1" is ::1, if it is there; samba: "127.0.0.1/8", "lo" */
			char *a = words.v[k] + (words.v[k][0] == '-');

			a[strcspn(a, "/")] = '\0';
			if (streq(a, "lo")) {
				strv_push_unique(out, "127.0.0.1");
				strv_push_unique(out, "::1");
			} else if (*a != '\0') {
				strv_push_unique(out, a);
			}
		}
		strv_free(&words);
	}
	free(kv);
}

/*
 * Where S's listeners come from, for people: "etc/redis/redis.conf (the
 * lines of port bind)"; or the default, and why: "the documented default
 * (no etc/memcached.conf)", "(etc/squid/squid.conf: its stock lens cannot
 * read it)", or the default alone for a daemon whose file deafen does not read.
 */
static char *
ports_from(const struct listen_row *row, const struct strv *shown, const char *unread)
{
	if (shown->n > 0)
		return strv_join(shown, ", ");
	if (row->config == NULL)
		return xstrdup("the documented default");
	if (unread == NULL)
		return xasprintf("the documented default (no readable %s)", row->config + 1);
	return xasprintf("the documented default (%s: its stock lens cannot read it)", unread);
}

/*
 * PORTS (those of ROW's port setting in FILES), when ROW's defaults are
 * labelled ("143/tcp@imap 993/tcp@imaps ...": dovecot's listeners): each
 * label's ports where FILES set any (its default else), then the ports of
 * the listeners no default names; a port set for imap replaces imap's
 * default alone.
 */
static void
labelled_ports(const struct tree *t, const struct listen_row *row, const struct strv *files,
	       struct strv *ports)
{
	struct strv labels = { 0 }, defs = { 0 }, all;

	row_labels(row, &labels);
	if (labels.n == 0)
		return;
	all = *ports;
	memset(ports, 0, sizeof(*ports));
	strv_split(&defs, row->defaults, " ");
	for (size_t i = 0; i < defs.n; i++) {
		struct strv set = { 0 };
		const char *at = strchr(defs.v[i], '@');

		if (at == NULL)
			continue;
		for (size_t f = 0; f < files->n; f++) {
			struct strv values = { 0 };
			char *path = startswith(files->v[f], "/daemonconf/c/")
					     ? xasprintf("label-%s", at + 1)
					     : label_path(row, at + 1);

			setting_values(t, files->v[f], path, &values);
			for (size_t k = 0; k < values.n; k++)
				strv_split(&set, values.v[k], " \t,");
			strv_free(&values);
			free(path);
		}
		for (size_t k = 0; k < set.n; k++) { /* not again among the others */
			for (size_t a = 0; a < all.n; a++)
				if (streq(all.v[a], set.v[k])) {
					free(all.v[a]);
					memmove(&all.v[a], &all.v[a + 1], (all.n - a - 1) * sizeof(*all.v));
					all.n--;
					break;
				}
			strv_push(ports, set.v[k]);
		}
		if (set.n == 0)
			strv_take(ports, xstrndup(defs.v[i], strcspn(defs.v[i], "/")));
		strv_free(&set);
	}
	for (size_t a = 0; a < all.n; a++)
		strv_push(ports, all.v[a]);
	strv_free(&all);
	strv_free(&defs);
	strv_free(&labels);
}

/* The address families V names, as bits (1: IPv4, 2: IPv6): "" and a host name either. */
static unsigned
families(const char *v)
{
	if (strchr(v, ':') != NULL)
		return 2; /* "::1", "2001:db8::/32" */
	if (*v != '\0' && v[strspn(v, "0123456789./")] == '\0')
		return 1; /* "10.0.0.0/8", "1.2.3", "0/0" */
	return 3;
}

/*
 * The values of chrony's SETTING in FILES, in order: as read_in_c names it
 * in C (NODE), else the lens's path; a node of no value ("allow") is "".
 */
static void
chrony_values(const struct tree *t, const struct strv *files, const char *setting,
	      const char *node, struct strv *out)
{
	for (size_t f = 0; f < files->n; f++) {
		bool c = startswith(files->v[f], "/daemonconf/c/");
		char *n = node ? xstrdup(node) : setting_node(setting);
		char *path = xasprintf("%s/%s", files->v[f], c ? n : setting);
		struct tree_kv *kv;
		size_t k = tree_nodes(t, path, &kv);

		for (size_t i = 0; i < k; i++)
			strv_push(out, kv[i].value ? kv[i].value : "");
		free(kv);
		free(path);
		free(n);
	}
}

/* The last of V as a port, DEF without one (chronyd: the last directive wins). */
static long
last_port(const struct strv *v, long def)
{
	char *end;
	long p;

	if (v->n == 0)
		return def;
	p = strtol(v->v[v->n - 1], &end, 10);
	return *end == '\0' && p >= 0 && p <= 65535 ? p : def;
}

/*
 * chronyd's listeners (chrony.conf(5), checked against chronyd 4.3 by
 * tests/e2e/chrony.sh): the NTP port (port, 123; 0: none) only on a family
 * an allow, a peer or a broadcast names, at bindaddress (one a family) or
 * every address; the command port (cmdport, 323; 0: none) at bindcmdaddress
 * (one a family; a path is the UNIX socket), 127.0.0.1 and ::1 by default.
 * A file its lens read whose confdir, sourcedir or include deafen does not
 * follow: the server port is taken as open (the exposed side).
 */
static void
chrony_listen(const struct tree *t, const struct strv *files, struct service *s)
{
	struct strv port = { 0 }, bind = { 0 }, cmdport = { 0 }, bindcmd = { 0 }, on = { 0 };
	const char *addr[2] = { NULL, NULL }, *cmd[2] = { "127.0.0.1", "::1" };
	static const char *const opens[] = { "allow", "peer", "broadcast/address" };
	unsigned open = 0;
	long p, c;

	chrony_values(t, files, "port", "port", &port);
	chrony_values(t, files, "bindaddress", "address", &bind);
	chrony_values(t, files, "cmdport", NULL, &cmdport);
	chrony_values(t, files, "bindcmdaddress", NULL, &bindcmd);
	for (size_t i = 0; i < ELEMENTSOF(opens); i++)
		chrony_values(t, files, opens[i], NULL, &on);
	for (size_t i = 0; i < on.n; i++)
		open |= families(on.v[i]);
	for (size_t f = 0; f < files->n; f++) {
		char *inc = xasprintf("%s/*[label() = 'confdir' or label() = 'sourcedir' or label() = 'include']",
				      files->v[f]);

		if (!startswith(files->v[f], "/daemonconf/c/") && aug_match(t->aug, inc, NULL) > 0)
			open = 3;
		free(inc);
	}
	for (size_t i = 0; i < bind.n; i++)
		addr[families(bind.v[i]) == 2] = bind.v[i];
	for (size_t i = 0; i < bindcmd.n; i++)
		if (bindcmd.v[i][0] != '/')
			cmd[families(bindcmd.v[i]) == 2] = bindcmd.v[i];
	p = last_port(&port, 123);
	c = last_port(&cmdport, 323);
	for (int f = 0; f < 2; f++)
		if (p > 0 && (open & (1u << f)))
			listen_add(s, addr[f], (int)p, "udp");
	for (int f = 0; f < 2; f++)
		if (c > 0)
			listen_add(s, cmd[f], (int)c, "udp");
	strv_free(&port);
	strv_free(&bind);
	strv_free(&cmdport);
	strv_free(&bindcmd);
	strv_free(&on);
}

int
daemonconf_listen(const struct tree *t, struct service *s)
{
	const struct listen_row *row = row_of(s);
	struct strv defs = { 0 }, addrs = { 0 }, ports = { 0 }, files = { 0 }, shown = { 0 };
	char *unread;

	if (row == NULL)
		return 1;
	strv_free(&s->listen);
	strv_free(&s->ports);
	strv_split(&defs, row->defaults, " ");
	for (size_t i = 0; i < defs.n; i++)
		defs.v[i][strcspn(defs.v[i], "@")] = '\0'; /* its label: labelled_ports */
	loaded(t, row, &files, &shown, &unread);
	free(s->ports_from);
	s->ports_from = ports_from(row, &shown, unread);
	free(unread);
	if (is_chrony(row) && files.n > 0) {
		chrony_listen(t, &files, s);
		s->network = true;
		strv_free(&files);
		strv_free(&shown);
		strv_free(&defs);
		return 0;
	}
	for (size_t f = 0; f < files.n; f++) {
		const char *file = files.v[f];
		bool c = startswith(file, "/daemonconf/c/"); /* read in C (read_in_c) */
		struct strv values = { 0 };

		setting_values(t, file, c ? "port" : row->port, &values);
		/* each value: "11211", "445 139" (samba), "127.0.0.1:3128 transparent" (squid:
		 * the word that is no port is skipped), slapd's URLs (whole) */
		for (size_t i = 0; i < values.n; i++) {
			if (strstr(values.v[i], "://") != NULL || streq(row->port, "agentaddress"))
				strv_push(&ports, values.v[i]);
			else
				strv_split(&ports, values.v[i], " \t,");
		}
		strv_free(&values);
		addresses(t, file, c ? (row->address ? "address" : NULL) : row->address, &addrs);
	}
	if (ports.n > 0)
		labelled_ports(t, row, &files, &ports);
	/* the file's ports on the protocol of the first default, else the defaults */
	for (size_t i = 0; i < (ports.n ? ports.n : defs.n); i++) {
		const char *d = ports.n ? defs.v[0] : defs.v[i], *slash = strrchr(d, '/');
		char *value = ports.n ? xstrdup(ports.v[i]) : xstrndup(d, (size_t)(slash - d));

		/* a default of another protocol (minidlna's 1900/udp) is no setting of the file */
		if (strstr(value, "://") != NULL)
			add_urls(s, value); /* slapd's URLs say address, port and scheme */
		else if (ports.n > 0 && streq(row->port, "agentaddress"))
			add_agentaddresses(s, value); /* snmpd's say transport, address, port */
		else if (addrs.n == 0)
			add_value(s, value, NULL, slash + 1);
		for (size_t a = 0; a < addrs.n; a++)
			add_value(s, value, addrs.v[a], slash + 1);
		free(value);
	}
	for (size_t i = 1; ports.n > 0 && i < defs.n; i++) {
		const char *slash = strrchr(defs.v[i], '/');

		if (!streq(slash + 1, strrchr(defs.v[0], '/') + 1))
			add_value(s, defs.v[i], NULL, slash + 1);
	}
	s->network = true;
	strv_free(&files);
	strv_free(&shown);
	strv_free(&defs);
	strv_free(&addrs);
	strv_free(&ports);
	return 0;
}

void
daemonconf_read(const struct tree *t, struct strv *out)
{
	for (size_t i = 0; i < t->daemon_conf.n; i++) {
		char *err = field(t->daemon_conf.v[i], 2), *shown = field(t->daemon_conf.v[i], 3);
		char *tree = field(t->daemon_conf.v[i], 1);

		if (*err == '\0')
			strv_take(out, *tree ? xasprintf("%s: read in C (its stock lens only for list "
							 "--format xml)", shown)
					     : xasprintf("%s: read in C", shown));
		free(tree);
		free(shown);
		free(err);
	}
}

void
daemonconf_errors(const struct tree *t, struct strv *out)
{
	for (size_t i = 0; i < t->daemon_conf.n; i++) {
		char *err = field(t->daemon_conf.v[i], 2), *shown = field(t->daemon_conf.v[i], 3), *p;
		const char *line = NULL, *msg = NULL;
		bool cut = strstr(shown, " (the lines of ") != NULL;

		if (*err == '\0') { /* read in C: no lens said anything */
			free(err);
			free(shown);
			continue;
		}

		p = xasprintf("%s/line", err);
		if (cut || aug_get(t->aug, p, &line) != 1)
			line = NULL; /* a cut's line is in SHOWN already */
		free(p);
		p = xasprintf("%s/message", err);
		if (aug_get(t->aug, p, &msg) != 1)
			msg = NULL;
		free(p);
		if (aug_match(t->aug, err, NULL) > 0)
			strv_take(out, xasprintf("%s%s%s: its stock lens cannot read it (augeas: %s): "
						 "its daemon gets its default, on every address",
						 shown, line ? ":" : "", line ? line : "",
						 msg ? msg : "parse failed"));
		free(err);
		free(shown);
	}
}
