/* source.c - the table of sources, and the tree opened through it
 *
 * Each hook of each source in the table's order: the order in which the
 * inventory lists rows and the plan makes edits.
 */
#include <errno.h>
#include <stdlib.h>

#include "action.h"
#include "daemonconf.h"
#include "root.h"
#include "services.h"
#include "source.h"
#include "tree.h"

const struct source *const sources[] = {
	&inetd_source,
	&xinetd_source,
	&sysv_source,
	&systemd_source,
	NULL,
};

const struct source *
source_of(enum kind k)
{
	for (size_t i = 0; sources[i] != NULL; i++)
		if (sources[i]->kind == k)
			return sources[i];
	return NULL;
}

bool
source_daemon(const struct service *s)
{
	return !source_of(s->kind)->superserver;
}

bool
source_serves(const struct service *super, const struct service *s,
	      bool (*is)(const struct service *row, const char *daemon))
{
	const struct source *own = source_of(s->kind);

	if (own->daemon != NULL)
		return is(super, own->daemon);
	for (size_t i = 0; sources[i] != NULL; i++)
		if (sources[i]->daemon != NULL && is(super, sources[i]->daemon))
			return false;
	return true;
}

char *
source_stop_where(const struct service *s)
{
	/* a unit is stopped through systemd, never as a script */
	return source_of(s->kind)->units ? xasprintf("unit %s", s->name) : service_where(s);
}

const char *
kind_name(enum kind k)
{
	const struct source *s = source_of(k);

	return s != NULL ? s->name : "?";
}

static int
check(struct tree *t, const char *lens, const char *file, const char *text, size_t len)
{
	int r = 0;

	for (size_t i = 0; r == 0 && sources[i] != NULL; i++)
		if (sources[i]->check != NULL)
			r = sources[i]->check(t, lens, file, text, len);
	return r;
}

static int
explain(const struct tree *t, const char *file, int line, const char *msg, const char *text)
{
	int r = 0;

	for (size_t i = 0; r == 0 && sources[i] != NULL; i++)
		if (sources[i]->parse_error != NULL)
			r = sources[i]->parse_error(t, file, line, msg, text);
	return r;
}

static bool
lenient(const struct tree *t, const char *file)
{
	return daemonconf_is(t, file) != 0;
}

int
sources_open(struct tree *t, const char *root, const char *lensdir)
{
	int r;
	bool services = false;

	/* a load writes nothing: the directories it resolves again and again, once */
	root_cache(true);
	r = tree_open(t, root, lensdir);

	t->check = check;
	t->explain = explain;
	t->lenient = lenient;
	/*
	 * Each source's files, /etc/services after the superservers' (the first
	 * the rows of every source read), the daemons' own files last: Augeas
	 * loads them in that order, the order of /files and so of list --format xml.
	 */
	for (size_t i = 0; r == 0 && sources[i] != NULL; i++) {
		if (!services && !sources[i]->superserver) {
			services = true;
			r = services_setup(t);
		}
		if (r == 0 && sources[i]->setup != NULL)
			r = sources[i]->setup(t);
	}
	if (r == 0 && !services)
		r = services_setup(t);
	if (r == 0 && (r = daemonconf_setup(t)) == 0)
		r = tree_load(t);
	for (size_t i = 0; r == 0 && sources[i] != NULL; i++)
		if (sources[i]->load != NULL)
			r = sources[i]->load(t);
	/* the daemons' files cut before their lens reads them (daemonconf.c) */
	if (r == 0)
		r = daemonconf_load(t);
	root_cache(false);
	return r;
}

void
sources_close(struct tree *t)
{
	for (size_t i = 0; sources[i] != NULL; i++)
		if (sources[i]->free != NULL)
			sources[i]->free(t);
	tree_close(t);
}

int
sources_render_files(const struct tree *t, const struct plan *p, char **outs)
{
	const struct strv *files = &p->files;
	int r = 0;

	for (size_t i = 0; i < files->n; i++)
		outs[i] = NULL;
	/* the files a source renders at once (grouped), then one put each */
	for (size_t k = 0; r == 0 && sources[k] != NULL; k++)
		if (sources[k]->render != NULL)
			r = sources[k]->render(t, p, outs);
	for (size_t i = 0; r == 0 && i < files->n; i++)
		if (outs[i] == NULL)
			r = tree_render(t, files->v[i], &outs[i]);
	if (r < 0)
		for (size_t i = 0; i < files->n; i++) {
			free(outs[i]);
			outs[i] = NULL;
		}
	return r;
}
