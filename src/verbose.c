/* verbose.c - -v: what was read, by which lens, and how long each phase took
 *
 * Everything here returns at once without -v: a clock read a phase is all
 * it costs then.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daemonconf.h"
#include "deafen.h"
#include "headers.h"
#include "source.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void
verbose(const struct deafen *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (d->verbosity < 1)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	/* names from the root may hold control bytes: tprintf writes them \xHH */
	tprintf(stderr, "deafen: %s\n", s ? s : "(out of memory)");
	free(s);
}

void
phase_start(struct deafen *d)
{
	if (d->verbosity >= 1)
		d->phase_t0 = now_ms();
}

void
phase_end(struct deafen *d, const char *phase)
{
	double t;

	if (d->verbosity < 1)
		return;
	t = now_ms();
	verbose(d, "time: %s %.1f ms", phase, t - d->phase_t0);
	d->phase_t0 = t;
}

void
verbose_tree(const struct deafen *d)
{
	const struct tree *t = &d->tree;
	struct strv errs = { 0 };
	char **m = NULL, *line;
	int n;

	if (d->verbosity < 1)
		return;
	line = xstrdup("read: ");
	/* "read: inetd.conf etc/inetd.conf, 2 xinetd files, ..., /etc/services etc/services" */
	for (size_t k = 0; sources[k] != NULL; k++) {
		char *s = sources[k]->summary != NULL ? sources[k]->summary(t) : NULL, *next;

		if (s == NULL)
			continue;
		next = xasprintf("%s%s, ", line, s);
		free(line);
		free(s);
		line = next;
	}
	verbose(d, "%s/etc/services %s", line, t->services_file ? t->services_file : "(none)");
	free(line);
	if (t->aug == NULL)
		return;
	daemonconf_read(t, &errs);
	daemonconf_errors(t, &errs);
	for (size_t i = 0; i < errs.n; i++)
		verbose(d, "%s", errs.v[i]);
	strv_free(&errs);
	/* a file stored before the load, as aug_load's would say (loaded first) */
	for (size_t i = 0; i < t->ndirs; i++)
		if (t->dirs[i].stored && t->dirs[i].single)
			verbose(d, "lens %s.lns read 1 file: /%s%s%s", t->dirs[i].module, t->dirs[i].dir,
				*t->dirs[i].dir != '\0' ? "/" : "", t->dirs[i].names.v[0]);
	/* /augeas/files/PATH/lens names the lens that read PATH */
	n = aug_match(t->aug, "/augeas/files//lens", &m);
	for (int i = 0; i < n; i++) {
		const char *lens = NULL;
		size_t count = 0;
		char *names = NULL;

		if (m[i] == NULL || strstr(m[i], "/error/") != NULL ||
		    aug_get(t->aug, m[i], &lens) != 1 || lens == NULL)
			continue;
		lens = strdupa(lens);
		for (int k = i; k < n; k++) {
			const char *other = NULL;
			char *file, *next;

			if (m[k] == NULL || strstr(m[k], "/error/") != NULL ||
			    aug_get(t->aug, m[k], &other) != 1 || other == NULL || !streq(other, lens))
				continue;
			/* the first few name the files; a big directory is a count */
			file = xstrndup(m[k] + strlen("/augeas/files"),
					strlen(m[k]) - strlen("/augeas/files") - strlen("/lens"));
			if (count < 6) {
				next = xasprintf("%s%s%s", names ? names : "", names ? ", " : "", file);
				free(names);
				names = next;
			}
			count++;
			free(file);
			free(m[k]);
			m[k] = NULL;
		}
		verbose(d, "lens %s read %zu file%s: %s%s", lens, count, count == 1 ? "" : "s", names,
			count > 6 ? ", ..." : "");
		free(names);
	}
	for (int i = 0; i < n; i++)
		free(m[i]); /* those skipped: a daemon file's error/lens */
	free(m);
	for (size_t i = 0; i < t->ndirs; i++)
		if (t->dirs[i].stored && !t->dirs[i].single)
			verbose(d, "lens %s.dir read the %zu file%s of /%s in one text: %s%s", t->dirs[i].module,
				t->dirs[i].names.n, t->dirs[i].names.n == 1 ? "" : "s", t->dirs[i].dir,
				t->dirs[i].names.v[0], t->dirs[i].names.n > 1 ? ", ..." : "");
	if (scripts_own(t)->script_files.n > 0)
		verbose(d, "lens Deafen_initheader.dir read the headers of %zu init scripts "
			   "(cut out of them, into %s)", scripts_own(t)->script_files.n, HEADERS_TREE);
}

void
verbose_inventory(const struct deafen *d)
{
	size_t enabled = 0, len = 0;
	char *kinds = NULL;
	FILE *f;

	if (d->verbosity < 1)
		return;
	for (size_t i = 0; i < d->inv.n; i++)
		enabled += d->inv.v[i].enabled;
	/* "3 inetd, 0 xinetd, ...": one count a source, in the table's order */
	if ((f = open_memstream(&kinds, &len)) == NULL)
		return;
	for (size_t k = 0; sources[k] != NULL; k++) {
		size_t n = 0;

		for (size_t i = 0; i < d->inv.n; i++)
			n += d->inv.v[i].kind == sources[k]->kind;
		fprintf(f, "%s%zu %s", k > 0 ? ", " : "", n, sources[k]->name);
	}
	if (fclose(f) == 0)
		verbose(d, "inventory: %zu services (%s), %zu enabled", d->inv.n, kinds, enabled);
	free(kinds);
}
