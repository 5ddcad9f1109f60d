/* daemonconf.c - a daemon's listeners, from its own configuration file
 *
 * memcached, redis, squid, vsftpd, nrpe...: their ports and addresses are
 * settings of their main configuration file, read by the stock Augeas lens
 * that exists for it; the "listen" lines of src/knowledge.tab say which
 * file, lens and settings, the default when the file does not say (or
 * cannot be read), and where that comes from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemonconf.h"
#include "service.h"
#include "listen.h"
#include "tree.h"

struct listen_row {
	const char *names;    /* space-separated: packages, scripts, units' base names, daemons */
	const char *config;   /* its main configuration file, or NULL */
	const char *lens;     /* the stock lens that reads it */
	const char *port;     /* the path of its port setting in the lens's tree ("ADDR:PORT" too) */
	const char *address;  /* the path of its address setting, or NULL */
	const char *defaults; /* "PORT/PROTO" or "ADDR:PORT/PROTO", space-separated */
	const char *source;   /* where the row comes from */
};

static const struct listen_row rows[] = {
#include "knowledge-listen.h"
};

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

int
daemonconf_setup(struct tree *t)
{
	for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
		char *real = NULL, *esc;

		if (rows[i].config == NULL)
			continue;
		if (tree_resolve(t, rows[i].config, &real) < 0 || real == NULL ||
		    tree_add_file(t, rows[i].lens, real) != 0) {
			error_clear(); /* not the root's error: the daemon gets its default */
			free(real);
			continue;
		}
		esc = tree_escape(t, real);
		strv_take(&t->daemon_conf, xasprintf("%s\t%s", rows[i].config, esc));
		free(esc);
		free(real);
	}
	return 0;
}

/* The escaped real path of CONFIG if it was added to the load, or NULL (T->daemon_conf: "CONFIG\tPATH"). */
static const char *
added(const struct tree *t, const char *config)
{
	size_t n = strlen(config);

	for (size_t i = 0; i < t->daemon_conf.n; i++)
		if (strncmp(t->daemon_conf.v[i], config, n) == 0 && t->daemon_conf.v[i][n] == '\t')
			return t->daemon_conf.v[i] + n + 1;
	return NULL;
}

int
daemonconf_is(const struct tree *t, const char *file)
{
	for (size_t i = 0; i < t->daemon_conf.n; i++)
		if (streq(strchr(t->daemon_conf.v[i], '\t') + 1, file))
			return 1;
	return 0;
}

/* The tree path of ROW's file if it was read without error, or NULL. */
static char *
loaded(const struct tree *t, const struct listen_row *row)
{
	const char *esc = row->config != NULL ? added(t, row->config) : NULL;
	char *err, *path = NULL;

	if (esc == NULL)
		return NULL;
	err = xasprintf("/augeas/files/%s/error", esc);
	if (aug_match(t->aug, err, NULL) == 0)
		path = xasprintf("/files/%s", esc);
	free(err);
	return path;
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

/* The addresses of ROW's setting in the tree at FILE: "127.0.0.1,::1", "127.0.0.1 -::1" split. */
static void
addresses(const struct tree *t, const char *file, const struct listen_row *row, struct strv *out)
{
	struct tree_kv *kv;
	char *pat;
	size_t n;

	if (row->address == NULL)
		return;
	pat = xasprintf("%s/%s", file, row->address);
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

int
daemonconf_listen(const struct tree *t, struct service *s)
{
	const struct listen_row *row = row_of(s);
	struct strv defs = { 0 }, addrs = { 0 }, ports = { 0 };
	char *file;

	if (row == NULL)
		return 1;
	strv_free(&s->listen);
	strv_free(&s->ports);
	strv_split(&defs, row->defaults, " ");
	file = loaded(t, row);
	if (file != NULL) {
		struct tree_kv *kv;
		char *pat = xasprintf("%s/%s", file, row->port);
		size_t n = tree_nodes(t, pat, &kv);

		free(pat);
		/* each value: "11211", "445 139" (samba), "127.0.0.1:3128 transparent" (squid:
		 * the word that is no port is skipped), slapd's URLs (whole) */
		for (size_t i = 0; i < n; i++) {
			if (kv[i].value == NULL)
				continue;
			if (strstr(kv[i].value, "://") != NULL)
				strv_push(&ports, kv[i].value);
			else
				strv_split(&ports, kv[i].value, " \t,");
		}
		free(kv);
		addresses(t, file, row, &addrs);
	}
	/* the file's ports on the protocol of the first default, else the defaults */
	for (size_t i = 0; i < (ports.n ? ports.n : defs.n); i++) {
		const char *d = ports.n ? defs.v[0] : defs.v[i], *slash = strrchr(d, '/');
		char *value = ports.n ? xstrdup(ports.v[i]) : xstrndup(d, (size_t)(slash - d));

		/* a default of another protocol (minidlna's 1900/udp) is no setting of the file */
		if (strstr(value, "://") != NULL)
			add_urls(s, value); /* slapd's URLs say address, port and scheme */
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
	free(file);
	strv_free(&defs);
	strv_free(&addrs);
	strv_free(&ports);
	return 0;
}

void
daemonconf_errors(const struct tree *t, struct strv *out)
{
	for (size_t i = 0; i < t->daemon_conf.n; i++) {
		const char *esc = strchr(t->daemon_conf.v[i], '\t') + 1, *line = NULL, *msg = NULL;
		char *p = xasprintf("/augeas/files/%s/error/line", esc);

		if (aug_get(t->aug, p, &line) != 1)
			line = NULL;
		free(p);
		p = xasprintf("/augeas/files/%s/error/message", esc);
		if (aug_get(t->aug, p, &msg) != 1)
			msg = NULL;
		free(p);
		p = xasprintf("/augeas/files/%s/error", esc);
		if (aug_match(t->aug, p, NULL) > 0)
			strv_take(out, xasprintf("%s%s%s: its stock lens cannot read it (augeas: %s): "
						 "its daemon gets its default, on every address",
						 esc, line ? ":" : "", line ? line : "",
						 msg ? msg : "parse failed"));
		free(p);
	}
}
