/* fleet.c - deafen report's model: reads the documents of each host (fleet.h) */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "json.h"
#include "util.h"

/* A string member, or DEF when it is absent, null or no string: F's copy. */
static const char *
member(struct fleet *f, const struct json *o, const char *key, const char *def)
{
	const char *s = json_get_str(o, key);

	return strpool_intern(&f->strings, s != NULL ? s : def);
}

/* Puts host I in F's index (its capacity a power of two, at most half full). */
static void
index_put(struct fleet *f, size_t i)
{
	size_t k = str_hash(f->hosts[i].name) & (f->index_cap - 1);

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
		for (k = str_hash(name) & (f->index_cap - 1); f->index[k] != 0;
		     k = (k + 1) & (f->index_cap - 1))
			if (streq(f->hosts[f->index[k] - 1].name, name))
				return &f->hosts[f->index[k] - 1];
	if ((f->nhosts & (f->nhosts - 1)) == 0) /* 0, 1, 2, 4...: full, doubled */
		f->hosts = xrealloc(f->hosts, (f->nhosts ? 2 * f->nhosts : 1) * sizeof(*f->hosts));
	h = &f->hosts[f->nhosts++];
	memset(h, 0, sizeof(*h));
	h->name = strpool_intern(&f->strings, name);
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

/*
 * A host or service name longer than this is refused: the page repeats a
 * host's name in each cell of its row and a service's in each of its column
 * (a 30 MB host name made a 930 MB page and took 1.7 GB).
 */
#define NAME_MAX_BYTES 1024

/* Each item of ARRAY must be an object with a string NAME: else -EBADMSG naming it. */
static int
check_items(const char *path, const struct json *array, const char *key, const char *name)
{
	if (array == NULL || array->type != JSON_ARRAY)
		return errorf(-EBADMSG, "%s: \"%s\" is no array", path, key);
	for (size_t i = 0; i < array->n; i++) {
		const char *s = name != NULL ? json_get_str(&array->v[i], name) : NULL;

		if (array->v[i].type != JSON_OBJECT || (name != NULL && s == NULL))
			return errorf(-EBADMSG, "%s: %s[%zu] is no object with a \"%s\" string", path,
				      key, i, name != NULL ? name : "any");
		if (s != NULL && strlen(s) > NAME_MAX_BYTES)
			return errorf(-EBADMSG, "%s: %s[%zu]'s \"%s\" is longer than %d bytes", path,
				      key, i, name, NAME_MAX_BYTES);
	}
	return 0;
}

/* A service's ports and sockets as list wrote them, "PORT/PROTO" and paths, into V. */
static void
read_ports(struct fleet *f, struct fleet_service *v, const struct json *s)
{
	const struct json *ports = json_get(s, "ports"), *sockets = json_get(s, "sockets");
	size_t n = json_len(ports, JSON_ARRAY) + json_len(sockets, JSON_ARRAY);

	if (n == 0)
		return;
	v->ports.v = arena_alloc(&f->arena, (n + 1) * sizeof(*v->ports.v));
	for (size_t k = 0; k < json_len(ports, JSON_ARRAY); k++) {
		long port = json_long(json_get(&ports->v[k], "port"), 0, 65535, -1);
		const char *proto = json_get_str(&ports->v[k], "proto");
		const char *addr = json_get_str(&ports->v[k], "address");
		char buf[128], *text = buf;
		int len;

		if (port < 0 || proto == NULL)
			continue;
		if (addr == NULL) /* every address */
			len = snprintf(buf, sizeof(buf), "%ld/%s", port, proto);
		else
			len = snprintf(buf, sizeof(buf), strchr(addr, ':') ? "[%s]:%ld/%s" : "%s:%ld/%s",
				       addr, port, proto);
		if (len >= (int)sizeof(buf)) /* an address or a protocol that long: rare */
			text = addr == NULL ? xasprintf("%ld/%s", port, proto)
					    : xasprintf(strchr(addr, ':') ? "[%s]:%ld/%s" : "%s:%ld/%s",
							addr, port, proto);
		v->ports.v[v->ports.n++] = (char *)strpool_intern(&f->strings, text);
		if (text != buf)
			free(text);
	}
	for (size_t k = 0; k < json_len(sockets, JSON_ARRAY); k++)
		if (json_str(&sockets->v[k]) != NULL)
			v->ports.v[v->ports.n++] =
				(char *)strpool_intern(&f->strings, json_str(&sockets->v[k]));
}

/* A list document: the host's services (a later list replaces an earlier one). */
static int
read_list(struct fleet *f, struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "services");
	int r = check_items(path, a, "services", "name");

	if (r < 0)
		return r;
	h->has_list = true;
	h->nsvc = 0;
	h->svc = arena_alloc(&f->arena, a->n * sizeof(*h->svc));
	for (size_t i = 0; i < a->n; i++) {
		const struct json *s = &a->v[i], *enabled = json_get(s, "enabled");
		struct fleet_service *v = &h->svc[h->nsvc++];

		v->col = strpool_index(&f->names, json_get_str(s, "name"));
		v->name = f->names.strs[v->col];
		v->kind = member(f, s, "kind", "?");
		v->state = member(f, json_get(s, "state"), "state", "?");
		v->verdict = member(f, s, "verdict", "-");
		v->open = enabled != NULL && enabled->type == JSON_TRUE;
		read_ports(f, v, s);
	}
	return 0;
}

/* A scan document: the host's listeners. */
static int
read_scan(struct fleet *f, struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "listeners");
	int r = check_items(path, a, "listeners", "proto");

	if (r < 0)
		return r;
	h->has_scan = true;
	h->nlis = 0;
	h->lis = arena_alloc(&f->arena, a->n * sizeof(*h->lis));
	for (size_t i = 0; i < a->n; i++) {
		const struct json *l = &a->v[i], *port = json_get(l, "port");
		struct fleet_listener *v = &h->lis[h->nlis++];

		v->proto = member(f, l, "proto", "?");
		v->address = member(f, l, "address", "?");
		v->program = member(f, l, "program", "-");
		v->verdict = member(f, l, "verdict", "-");
		v->provenance = member(f, l, "provenance", "-");
		v->port = json_long(port, 0, 65535, -1);
	}
	return 0;
}

/* A verify document: what comes back at the next boot. */
static int
read_verify(struct fleet *f, struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "comes_back");
	int r = check_items(path, a, "comes_back", "name");

	if (r < 0)
		return r;
	h->has_verify = true;
	h->ndrift = 0;
	h->drift = arena_alloc(&f->arena, a->n * sizeof(*h->drift));
	for (size_t i = 0; i < a->n; i++) {
		struct fleet_drift *v = &h->drift[h->ndrift++];

		v->name = member(f, &a->v[i], "name", "?");
		v->kind = member(f, &a->v[i], "kind", "?");
		v->by = member(f, &a->v[i], "by", "-");
	}
	return 0;
}

/* A backups document: its newest (last) backup. */
static int
read_backups(struct fleet *f, struct fleet_host *h, const char *path, const struct json *doc)
{
	const struct json *a = json_get(doc, "backups"), *b;
	int r = check_items(path, a, "backups", "id");
	char *text;

	if (r < 0)
		return r;
	h->backup = NULL;
	if (a->n > 0) {
		b = &a->v[a->n - 1];
		text = xasprintf("%s (%s, %s)", json_get_str(b, "id"),
				 json_get_str(b, "time") ? json_get_str(b, "time") : "no time",
				 json_get_str(b, "state") ? json_get_str(b, "state") : "?");
		h->backup = arena_strdup(&f->arena, text);
		free(text);
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
	if (name != NULL && strlen(name) > NAME_MAX_BYTES)
		return errorf(-EBADMSG, "%s: \"host\" is longer than %d bytes", path, NAME_MAX_BYTES);
	h = host_of(f, name != NULL && name[0] != '\0' ? name : file_host);
	strv_push_unique(&h->files, path);
	if (json_get(doc, "error") != NULL) {
		const struct json *status = json_get(doc, "status");

		strv_take(&h->errors, xasprintf("%s: %s (exit %ld)", path,
						json_get_str(doc, "error") ? json_get_str(doc, "error") : "?",
						json_long(status, 0, 255, -1)));
		return 0;
	}
	if (json_get(doc, "services") != NULL)
		return read_list(f, h, path, doc);
	if (json_get(doc, "listeners") != NULL)
		return read_scan(f, h, path, doc);
	if (json_get(doc, "comes_back") != NULL)
		return read_verify(f, h, path, doc);
	if (json_get(doc, "backups") != NULL)
		return read_backups(f, h, path, doc);
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

	f->strings.arena = f->names.arena = &f->arena;
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

/* Columns by open and dangerous, open, name. */
static int
cmp_col(const void *a, const void *b)
{
	const struct fleet_column *x = a, *y = b;

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
	size_t nnames = f->names.n, *pos = xcalloc(nnames + 1, sizeof(*pos));
	struct fleet_column *cols = xcalloc(nnames + 1, sizeof(*cols));
	bool *used = xcalloc(nnames + 1, sizeof(*used));

	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];

		for (size_t k = 0; k < h->ndrift; k++)
			for (size_t s = 0; s < h->nsvc; s++)
				if (streq(h->svc[s].name, h->drift[k].name))
					h->svc[s].drift = true;
		for (size_t s = 0; s < h->nsvc; s++) {
			used[h->svc[s].col] = true;
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
	/* the cells by name index, then the columns' counts of them */
	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];

		h->cells = xcalloc(nnames + 1, sizeof(*h->cells));
		for (size_t s = 0; s < h->nsvc; s++) {
			size_t c = h->svc[s].col;

			if (h->cells[c] == NULL || rank(&h->svc[s]) < rank(h->cells[c]))
				h->cells[c] = &h->svc[s];
		}
		for (size_t c = 0; c < nnames; c++) {
			cols[c].open += h->cells[c] != NULL && h->cells[c]->open;
			cols[c].dangerous_open += h->cells[c] != NULL && rank(h->cells[c]) == 0;
		}
	}
	/* the columns of the names some service still has (a later list replaces one), sorted */
	f->cols = xcalloc(nnames + 1, sizeof(*f->cols));
	for (size_t c = 0; c < nnames; c++)
		if (used[c]) {
			cols[c].name = f->names.strs[c];
			pos[f->ncols] = c;
			f->cols[f->ncols++] = cols[c];
		}
	qsort(f->cols, f->ncols, sizeof(*f->cols), cmp_col);
	for (size_t c = 0; c < f->ncols; c++) /* the name index of each sorted column */
		pos[c] = strpool_index(&f->names, f->cols[c].name);
	for (size_t i = 0; i < f->nhosts; i++) {
		struct fleet_host *h = &f->hosts[i];
		const struct fleet_service **cells = xcalloc(f->ncols + 1, sizeof(*cells));

		for (size_t c = 0; c < f->ncols; c++)
			cells[c] = h->cells[pos[c]];
		free(h->cells);
		h->cells = cells;
	}
	free(pos);
	free(used);
	free(cols);
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
		strv_free(&f->hosts[i].files);
		strv_free(&f->hosts[i].errors);
		free(f->hosts[i].cells);
	}
	free(f->hosts);
	free(f->index);
	free(f->cols);
	strpool_free(&f->strings);
	strpool_free(&f->names);
	arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}
