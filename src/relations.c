/* relations.c - what the seed knows between services: the ways in, and needs */
#include <stdlib.h>
#include <string.h>

#include "relations.h"
#include "service.h"

const struct rel rels[] = {
#include "knowledge-rel.h"
};
const size_t n_rels = ELEMENTSOF(rels);

bool
service_called(const struct service *s, const char *name)
{
	return streq(s->name, name) || strv_contains(&s->names, name) ||
	       (s->program != NULL && streq(s->program, name));
}

bool
service_called_any(const struct service *s, const char *list)
{
	struct strv v = { 0 };
	bool yes = false;

	strv_split(&v, list, " \t");
	for (size_t i = 0; i < v.n && !yes; i++)
		yes = service_called(s, v.v[i]);
	strv_free(&v);
	return yes;
}

const char *
access_why(const struct service *s)
{
	for (size_t i = 0; i < n_rels; i++)
		if (streq(rels[i].kind, "access") && service_called_any(s, rels[i].who))
			return rels[i].why;
	return NULL;
}
