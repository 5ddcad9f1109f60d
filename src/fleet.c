/* fleet.c - deafen report's model: reads the documents of each host (fleet.h) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "json.h"
#include "util.h"

/* A string member, or DEF when it is absent, null or no string. */
static char *
member(const struct json *o, const char *key, const char *def)
{
	const char *s = json_get_str(o, key);

	return xstrdup(s != NULL ? s : def);
}

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Puts host I in F's index (its capacity a power of two, at most half full). */
static void
index_put(struct fleet *f, size_t i)
{
	size_t k = hash(f->hosts[i].name) & (f->index_cap - 1);

	while (f->index[k] != 0)
		k = (k + 1) & (f->index_cap - 1);
	f->index[k] = i + 1;
}

/* The host named NAME, made if it is new. */
static struct fleet_host *
host_of(struct fleet *f, const char *name)
{
	struct fleet_host *h;
	size_t k;

	if (f->index_cap > 0)
		for (k = hash(name) & (f->index_cap - 1); f->index[k] != 0;
		     k = (k + 1) & (f->index_cap - 1))
			if (streq(f->hosts[f->index[k] - 1].name, name))
				return &f->hosts[f->index[k] - 1];
	f->hosts = xrealloc(f->hosts, (f->nhosts + 1) * sizeof(*f->hosts));
	h = &f->hosts[f->nhosts++];
	memset(h, 0, sizeof(*h));
	h->name = xstrdup(name);
	if (2 * f->nhosts > f->index_cap) {
		free(f->index);
		f->index_cap = f->index_cap ? 2 * f->index_cap : 64;
		f->index = xcalloc(f->index_cap, sizeof(*f->index));
		for (size_t i = 0; i < f->nhosts; i++)
			index_put(f, i);
	} else {
		index_put(f, f->nhosts - 1);
	}
	return h;
}

/* PATH's base name less ".json" and a last ".list", ".scan", ".verify", ".backups". */
static char *
host_from_path(const char *path)
{
	static const char *const kinds[] = { ".list", ".scan", ".verify", ".backups" };
	char *name = xstrdup(base_name(path));
	size_t n = strlen(name);

	if (endswith(name, ".json") && n > 5)
		name[n -= 5] = '\0';
	for (size_t i = 0; i < ELEMENTSOF(kinds); i++)
		if (endswith(name, kinds[i]) && n > strlen(kinds[i])) {
			name[n - strlen(kinds[i])] = '\0';
			break;
		}
	return name;
}

static void
services_free(struct fleet_host *h)
{
	for (size_t i = 0; i < h->nsvc; i++) {
		free(h->svc[i].name);
		free(h->svc[i].kind);
		free(h->svc[i].state);
		free(h->svc[i].verdict);
		strv_free(&h->svc[i].ports);
	}
	free(h->svc);
	h->svc = NULL;
	h->nsvc = 0;
}

static void
listeners_free(struct fleet_host *h)
{
	for (size_t i = 0; i < h->nlis; i++) {
		free(h->lis[i].proto);
		free(h->lis[i].address);
		free(h->lis[i].program);
		free(h->lis[i].verdict);
		free(h->lis[i].provenance);
	}
	free(h->lis);
	h->lis = NULL;
	h->nlis = 0;
}

static void
drift_free(struct fleet_host *h)
{
	for (size_t i = 0; i < h->ndrift; i++) {
		free(h->drift[i].name);
		free(h->drift[i].kind);
		free(h->drift[i].by);
	}
	free(h->drift);
	h->drift = NULL;
	h->ndrift = 0;
}

/* Each item of ARRAY must be an object with a string NAME: else -EBADMSG naming it. */
static int
check_items(const char *path, const struct json *array, const char *key, const char *name)
{
	if (array == NULL || array->type != JSON_ARRAY)
		return errorf(-EBADMSG, "%s: \"%s\" is no array", path, key);
	for (size_t i = 0; i < array->n; i++)
		if (array->v[i].type != JSON_OBJECT ||
		    (name != NULL && json_get_str(&array->v[i], name) == NULL))
			return errorf(-EBADMSG, "%s: %s[%zu] is no object with a \"%s\" string", path,
				      key, i, name != NULL ? name : "any");
	return 0;
}

/* A list document: the host's services (a later list replaces an earlier one). */
static int
read_list(struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "services");
	int r = check_items(path, a, "services", "name");

	if (r < 0)
		return r;
	services_free(h);
	h->has_list = true;
	h->svc = xcalloc(a->n ? a->n : 1, sizeof(*h->svc));
	for (size_t i = 0; i < a->n; i++) {
		const struct json *s = &a->v[i], *ports = json_get(s, "ports");
		const struct json *sockets = json_get(s, "sockets");
		struct fleet_service *v = &h->svc[h->nsvc++];

		v->name = member(s, "name", "?");
		v->kind = member(s, "kind", "?");
		v->state = member(json_get(s, "state"), "state", "?");
		v->verdict = member(s, "verdict", "-");
		v->open = json_get(s, "enabled") != NULL && json_get(s, "enabled")->type == JSON_TRUE;
		for (size_t k = 0; k < json_len(ports, JSON_ARRAY); k++) {
			const struct json *port = json_get(&ports->v[k], "port");
			const char *proto = json_get_str(&ports->v[k], "proto");
			const char *addr = json_get_str(&ports->v[k], "address");

			if (port == NULL || port->type != JSON_NUMBER || proto == NULL)
				continue;
			if (addr == NULL) /* every address */
				strv_take(&v->ports, xasprintf("%ld/%s", (long)port->num, proto));
			else
				strv_take(&v->ports, xasprintf(strchr(addr, ':') ? "[%s]:%ld/%s"
										  : "%s:%ld/%s",
							       addr, (long)port->num, proto));
		}
		for (size_t k = 0; k < json_len(sockets, JSON_ARRAY); k++)
			if (json_str(&sockets->v[k]) != NULL)
				strv_push(&v->ports, json_str(&sockets->v[k]));
	}
	return 0;
}

/* A scan document: the host's listeners. */
static int
read_scan(struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "listeners");
	int r = check_items(path, a, "listeners", "proto");

	if (r < 0)
		return r;
	listeners_free(h);
	h->has_scan = true;
	h->lis = xcalloc(a->n ? a->n : 1, sizeof(*h->lis));
	for (size_t i = 0; i < a->n; i++) {
		const struct json *l = &a->v[i], *port = json_get(l, "port");
		struct fleet_listener *v = &h->lis[h->nlis++];

		v->proto = member(l, "proto", "?");
		v->address = member(l, "address", "?");
		v->program = member(l, "program", "-");
		v->verdict = member(l, "verdict", "-");
		v->provenance = member(l, "provenance", "-");
		v->port = port != NULL && port->type == JSON_NUMBER ? (long)port->num : -1;
	}
	return 0;
}

/* A verify document: what comes back at the next boot. */
static int
read_verify(struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "comes_back");
	int r = check_items(path, a, "comes_back", "name");

	if (r < 0)
		return r;
	drift_free(h);
	h->has_verify = true;
	h->drift = xcalloc(a->n ? a->n : 1, sizeof(*h->drift));
	for (size_t i = 0; i < a->n; i++) {
		struct fleet_drift *v = &h->drift[h->ndrift++];

		v->name = member(&a->v[i], "name", "?");
		v->kind = member(&a->v[i], "kind", "?");
		v->by = member(&a->v[i], "by", "-");
	}
	return 0;
}

/* A backups document: its newest (last) backup. */
static int
read_backups(struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "backups"), *b;
	int r = check_items(path, a, "backups", "id");

	if (r < 0)
		return r;
	free(h->backup);
	h->backup = NULL;
	if (a->n > 0) {
		b = &a->v[a->n - 1];
		h->backup = xasprintf("%s (%s, %s)", json_get_str(b, "id"),
				      json_get_str(b, "time") ? json_get_str(b, "time") : "no time",
				      json_get_str(b, "state") ? json_get_str(b, "state") : "?");
	}
	return 0;
}

static int
read_doc(struct fleet *f, const char *path, const char *file_host, const struct json *doc)
{
	const struct json *version = json_get(doc, "format_version");
	const char *name = json_get_str(doc, "host");
	struct fleet_host *h;

	if (doc->type != JSON_OBJECT)
		return errorf(-EBADMSG, "%s: a document that is no JSON object", path);
	if (version == NULL || version->type != JSON_NUMBER || version->num != 1)
		return errorf(-EBADMSG, "%s: no \"format_version\": 1 (this deafen reads version 1)",
			      path);
	h = host_of(f, name != NULL && name[0] != '\0' ? name : file_host);
	strv_push_unique(&h->files, path);
	if (json_get(doc, "error") != NULL) {
		const struct json *status = json_get(doc, "status");

		strv_take(&h->errors, xasprintf("%s: %s (exit %ld)", path,
						json_get_str(doc, "error") ? json_get_str(doc, "error") : "?",
						status && status->type == JSON_NUMBER ? (long)status->num : -1));
		return 0;
	}
	if (json_get(doc, "services") != NULL)
		return read_list(h, path, doc);
	if (json_get(doc, "listeners") != NULL)
		return read_scan(h, path, doc);
	if (json_get(doc, "comes_back") != NULL)
		return read_verify(h, path, doc);
	if (json_get(doc, "backups") != NULL)
		return read_backups(h, path, doc);
	return errorf(-EBADMSG, "%s: not a document of deafen list, scan, verify or backups", path);
}

int
fleet_read(struct fleet *f, const char *path)
{
	struct json_reader rd;
	struct json doc;
	char *buf = NULL, *file_host;
	size_t len = 0, ndocs = 0;
	int r;

	r = read_input(AT_FDCWD, path, 0, path, &buf, &len);
	if (r < 0)
		return r;
	file_host = host_from_path(path);
	json_reader_init(&rd, buf, len);
	while ((r = json_next(&rd, &doc)) > 0) {
		ndocs++;
		r = read_doc(f, path, file_host, &doc);
		json_free(&doc);
		if (r < 0)
			break;
	}
	if (r < 0 && !startswith(error_message(), path)) {
		/* json.c's "LINE:COL: what": the file's name before it */
		char *msg = xasprintf("%s:%s", path, error_message());

		error_clear();
		r = errorf(r, "%s", msg);
		free(msg);
	}
	if (r == 0 && ndocs == 0)
		r = errorf(-EBADMSG, "%s: no JSON document in it", path);
	free(file_host);
	free(buf);
	return r;
}

/* How bad a service is: open and dangerous 0, open 1, coming back 2, closed 3. */
static int
rank(const struct fleet_service *s)
{
	return s->open ? (streq(s->verdict, "dangerous") ? 0 : 1) : s->drift ? 2 : 3;
}

/* Columns by open and dangerous, open, name: of the array the comparison is told (qsort_r). */
static int
cmp_col(const void *a, const void *b, void *arg)
{
	const struct fleet_column *cols = arg, *x = &cols[*(const size_t *)a],
				   *y = &cols[*(const size_t *)b];

	if (x->dangerous_open != y->dangerous_open)
		return x->dangerous_open > y->dangerous_open ? -1 : 1;
	if (x->open != y->open)
		return x->open > y->open ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
cmp_host(const void *a, const void *b)
{
	const struct fleet_host *x = a, *y = b;

	if (x->dangerous_open != y->dangerous_open)
		return x->dangerous_open > y->dangerous_open ? -1 : 1;
	if (x->open != y->open)
		return x->open > y->open ? -1 : 1;
	if (x->ndrift != y->ndrift)
		return x->ndrift > y->ndrift ? -1 : 1;
	return strcmp(x->name, y->name);
}

void
fleet_finish(struct fleet *f)
{
	struct strv names = { 0 };
	struct fleet_column *cols;
	size_t *order;

	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];

		for (size_t k = 0; k < h->ndrift; k++)
			for (size_t s = 0; s < h->nsvc; s++)
				if (streq(h->svc[s].name, h->drift[k].name))
					h->svc[s].drift = true;
		for (size_t s = 0; s < h->nsvc; s++) {
			strv_push(&names, h->svc[s].name);
			if (h->svc[s].open) {
				h->open++;
				h->dangerous_open += streq(h->svc[s].verdict, "dangerous");
			} else {
				h->closed++;
			}
		}
		f->open += h->open;
		f->closed += h->closed;
		f->dangerous_open += h->dangerous_open;
		f->drift += h->ndrift;
		f->listeners += h->nlis;
	}
	strv_sort_uniq(&names);
	/* the cells, in the order of the names, then of the sorted columns */
	cols = xcalloc(names.n + 1, sizeof(*cols));
	for (size_t c = 0; c < names.n; c++)
		cols[c].name = names.v[c];
	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];

		h->cells = xcalloc(names.n + 1, sizeof(*h->cells));
		for (size_t s = 0; s < h->nsvc; s++) {
			char **at = bsearch(&h->svc[s].name, names.v, names.n, sizeof(*names.v),
					    strp_cmp);
			size_t c = (size_t)(at - names.v);

			if (h->cells[c] == NULL || rank(&h->svc[s]) < rank(h->cells[c]))
				h->cells[c] = &h->svc[s];
		}
		for (size_t c = 0; c < names.n; c++) {
			cols[c].open += h->cells[c] != NULL && h->cells[c]->open;
			cols[c].dangerous_open += h->cells[c] != NULL && rank(h->cells[c]) == 0;
		}
	}
	order = xcalloc(names.n + 1, sizeof(*order));
	for (size_t c = 0; c < names.n; c++)
		order[c] = c;
	qsort_r(order, names.n, sizeof(*order), cmp_col, cols);
	f->cols = xcalloc(names.n + 1, sizeof(*f->cols));
	for (size_t c = 0; c < names.n; c++) {
		f->cols[c] = cols[order[c]];
		f->cols[c].name = xstrdup(cols[order[c]].name);
	}
	f->ncols = names.n;
	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];
		const struct fleet_service **cells = xcalloc(names.n + 1, sizeof(*cells));

		for (size_t c = 0; c < names.n; c++)
			cells[c] = h->cells[order[c]];
		free(h->cells);
		h->cells = cells;
	}
	free(order);
	free(cols);
	strv_free(&names);
	if (f->nhosts > 1)
		qsort(f->hosts, f->nhosts, sizeof(*f->hosts), cmp_host);
	free(f->index);
	f->index = NULL;
	f->index_cap = 0;
}

void
fleet_free(struct fleet *f)
{
	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];

		services_free(h);
		listeners_free(h);
		drift_free(h);
		strv_free(&h->files);
		strv_free(&h->errors);
		free(h->backup);
		free(h->name);
		free(h->cells);
	}
	free(f->hosts);
	free(f->index);
	for (size_t c = 0; c < f->ncols; c++)
		free(f->cols[c].name);
	free(f->cols);
	memset(f, 0, sizeof(*f));
}
