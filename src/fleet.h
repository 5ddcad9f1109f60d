/* fleet.h - deafen report's model: the hosts of a fleet, read from the JSON deafen wrote */
#ifndef DEAFEN_FLEET_H
#define DEAFEN_FLEET_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "util.h"

/*
 * The strings of the model are the fleet's (interned in its pool, or in its
 * arena): nothing here is freed on its own.
 */

/* A service of a host's list document. */
struct fleet_service {
	const char *name, *kind, *state, *verdict; /* verdict "-" for none */
	struct strv ports; /* "23/tcp", "127.0.0.1:631/tcp", "/run/x.sock"; in the arena */
	size_t col;        /* the index of its name in the fleet's names */
	bool open;         /* "enabled": true */
	bool drift;        /* its host's verify says it comes back */
};

/* A listener of a host's scan document. */
struct fleet_listener {
	const char *proto, *address, *program, *verdict, *provenance;
	long port;
};

/* A service verify says would start again at boot (in some runlevel or target). */
struct fleet_drift {
	const char *name, *kind, *by;
};

struct fleet_host {
	const char *name;
	struct strv files;  /* the files its documents came from */
	struct strv errors; /* the error documents among them: "FILE: message (exit N)" */
	bool has_list, has_scan, has_verify;
	struct fleet_service *svc;
	size_t nsvc;
	struct fleet_listener *lis;
	size_t nlis;
	struct fleet_drift *drift;
	size_t ndrift;
	const char *backup; /* the newest backup of a backups document: "ID (TIME, STATE)", or NULL */
	size_t dangerous_open, open, closed; /* its services' counts */
	const struct fleet_service **cells;  /* fleet_finish: per column, the worst of its services so named, or NULL */
};

/* A service name across the fleet: a column of the matrix. */
struct fleet_column {
	const char *name;
	size_t dangerous_open, open; /* on how many hosts */
};

struct fleet {
	struct fleet_host *hosts;
	size_t nhosts;
	size_t *index, index_cap; /* fleet_read: a hash of the host names, 1 + the host's index */
	struct arena arena;       /* the model's strings and arrays */
	struct strpool strings;   /* the strings a fleet repeats */
	struct strpool names;     /* the service names: the columns */
	struct fleet_column *cols;
	size_t ncols;
	/* the totals at the top of the page */
	size_t open, closed, drift, dangerous_open, listeners;
};

/*
 * Reads PATH (one or more JSON documents of deafen list, scan, verify,
 * backups, or their error documents) into F. The host is the document's
 * "host" member, else PATH's base name less ".json" and less a last
 * ".list", ".scan", ".verify" or ".backups". -EBADMSG with "PATH:LINE:COL:
 * ..." for text that is no JSON, "PATH: ..." for a document of no known
 * shape; errno of an unreadable file.
 */
int fleet_read(struct fleet *f, const char *path);
/*
 * The columns, the cells and the order: open and dangerous first, then
 * open, then by name. No fleet_read after it.
 */
void fleet_finish(struct fleet *f);
void fleet_free(struct fleet *f);

#endif
