/* relations.h - what the seed knows between services: the ways in, and needs
 *
 * knowledge.tab's "access" lines (the services an administrator reaches
 * the host by) and "need" lines (what a service cannot start without),
 * under policy.c and needs.c, which both ask them.
 */
#ifndef DEAFEN_RELATIONS_H
#define DEAFEN_RELATIONS_H

#include <stdbool.h>
#include <stddef.h>

struct service;

struct rel {
	const char *kind; /* "need" or "access" */
	const char *who;  /* names of the services the line is about */
	const char *what; /* need: names of what they need */
	const char *why;  /* its source, or what the access service is */
};

/* The lines, in knowledge.tab's order; N_RELS of them. */
extern const struct rel rels[];
extern const size_t n_rels;

/* Is S called NAME: its name, one of its names, or its program? */
bool service_called(const struct service *s, const char *name);

/* Is S called by one of the words of LIST? */
bool service_called_any(const struct service *s, const char *list);

/*
 * "a WireGuard VPN endpoint (wg-quick@IFACE)" when S is an access service,
 * a way an administrator may reach the host (ssh, a VPN endpoint, a remote
 * console: the "access" lines of knowledge.tab), else NULL.
 */
const char *access_why(const struct service *s);

#endif
