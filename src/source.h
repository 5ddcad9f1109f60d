/* source.h - the init systems deafen reads and edits, one module each, one table
 *
 * A source is what starts network services on a root: inetd (inetd.c),
 * xinetd (xinetd.c), SysV init scripts and their rc links (sysv.c), systemd
 * units (systemd.c). Each module owns its files' load, its rows of the
 * inventory and its edits (disable, enable); the inventory, the plan and
 * enable loop over the table, as git loops over its table of commands,
 * instead of switching on kinds.
 *
 * The layers, bottom up; a module calls only lower ones (tests/e2e/layers.sh
 * checks it on the objects, with nm):
 *   1 tree.c                       the Augeas session over a root
 *   2 services.c action.c headers.c  /etc/services; a plan's actions; scripts' headers
 *   3 service.c daemonconf.c rclinks.c  a row's names and ports; rc links
 *   4 inetd.c xinetd.c sysv.c      the sources
 *     unitdirs.c                   systemd's unit files, drop-ins and links read
 *   5 systemctl.c                  systemctl's semantics over them (aliases, masks, wants)
 *   6 systemd.c                    above sysv.c: Debian's systemctl turns scripts' links too
 *   7 source.c                     this table; the tree opened through it
 *   8 inventory.c plan.c enable.c
 *
 * A fifth init system (OpenRC's runlevels, say): add KIND_OPENRC to enum
 * kind (service.h), write openrc.c with its hooks and `const struct source
 * openrc_source = { .name = "openrc", .kind = KIND_OPENRC, ... }`, add one
 * row to the table in source.c; tests/e2e/layers.sh counts it a source. A hook
 * it does not need stays NULL.
 */
#ifndef DEAFEN_SOURCE_H
#define DEAFEN_SOURCE_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "service.h"
#include "util.h"

struct tree;
struct snode;
struct inventory;
struct plan;
struct boot;
struct starts;

/* What the inventory hands each source's rows. */
struct row_ctx {
	const struct tree *t;
	const struct snode *files; /* a snapshot of /files, to walk without lookups */
	/*
	 * Does a source run init script NAME itself (a native unit of the same
	 * name: systemd-sysv-generator leaves the script alone)? *MASKED: no
	 * unit file, only NAME.service -> /dev/null: it stays a script, masked.
	 */
	bool (*script_claimed)(const struct tree *t, const char *name, bool *masked);
};

/* What the plan hands each source's disable. */
struct disable_ctx {
	const bool *selected; /* by inventory row */
	const bool *template; /* NULL, or the rows whose template is masked rather than them */
	bool mask;            /* --mask */
	bool mask_scripts;    /* --mask, and init scripts are masked as units (NAME.service) */
};

/* What enable hands each source's enable. */
struct enable_ctx {
	bool unmask;      /* --unmask: systemctl unmask first */
	struct strv done; /* units enabled so far: an Also= unit goes once */
};

struct source {
	const char *name; /* "inetd": kind_name() */
	const char *noun; /* what one of its rows is called ("init script"); a superserver's, never plural */
	enum kind kind;
	/* a superserver: its entries are /etc/services names (loaded after its files) */
	bool superserver;
	/* its rows set their state (systemctl is-enabled: static); else enabled and masked say it */
	bool own_state;
	/*
	 * How its rows start and run, for the layers above that act on the
	 * running system (plan, confirm, provenance, verify, enable): what
	 * they do to a row follows from these, not from its kind. A
	 * superserver's rows are entries its super-server serves; the others'
	 * are daemons init starts.
	 */
	/* units: systemctl stops, starts and masks them (--mask); their process is found by its cgroup */
	bool units;
	/*
	 * init scripts: their rc links start them ("S in 2345"), a daemon's pid
	 * file names its script, one is masked as the unit NAME.service, and
	 * every script of the root is a row (only those that use the network are judged)
	 */
	bool scripts;
	/* a superserver: the process that alone serves its entries ("xinetd"); NULL: any super-server */
	const char *daemon;

	/* Before the load: finds its files and adds them to what the lenses read. */
	int (*setup)(struct tree *t);
	/* A file LENS is about to read (TEXT): 1 leaves it out of the load (the source notes it), 0 loads it. */
	int (*check)(struct tree *t, const char *lens, const char *file, const char *text, size_t len);
	/* A file of its own that does not parse, at LINE: a message of its own (< 0, reported), or 0. */
	int (*parse_error)(const struct tree *t, const char *file, int line, const char *msg,
			   const char *text);
	/* After the load: what it reads beyond the lenses' files (includes, headers, links). */
	int (*load)(struct tree *t);
	/* Frees what setup and load put in the tree. */
	void (*free)(struct tree *t);
	/* What it read, for -v: "inetd.conf etc/inetd.conf", "2 xinetd files" (allocated). */
	char *(*summary)(const struct tree *t);
	/* Does it run init script NAME itself? (row_ctx.script_claimed) */
	bool (*claims_script)(const struct tree *t, const char *name, bool *masked);
	/* Does --mask mask an init script as a unit (NAME.service -> /dev/null) on this root? */
	bool (*masks_scripts)(const struct tree *t);

	/* Its rows of the inventory, appended to INV. */
	int (*rows)(const struct row_ctx *c, struct inventory *inv);

	/*
	 * The edits that disable selected row I, in inventory order: actions of
	 * P, made in the tree now or by its render hook where a put reads them
	 * (xinetd: only for a file put whole, an aug_set a file being quadratic).
	 */
	int (*disable)(struct tree *t, const struct inventory *inv, size_t i,
		       const struct disable_ctx *c, struct plan *p);
	/* After every row's: the edits made all at once (a systemctl disable of every unit). */
	int (*disable_all)(struct tree *t, const struct inventory *inv, const struct disable_ctx *c,
			   struct plan *p);

	/*
	 * The edits that turn selected row I back on, the way its own tool does
	 * (update-inetd --enable, update-rc.d enable, chkconfig on, systemctl
	 * enable), in inventory order, made in the tree.
	 */
	int (*enable)(struct tree *t, const struct inventory *inv, size_t i, struct enable_ctx *c,
		      struct plan *p);
	/* Notes for whoever asks to enable NAME on ROOT, from its files as they are on disk, into OUT. */
	void (*enable_notes)(const char *root, const char *name, struct strv *out);

	/*
	 * Does row S start at some boot B (startlevels.h), and in which runlevels
	 * or targets (*OUT)? A super-server's entries start with it: no hook.
	 */
	bool (*starts)(const struct tree *t, const struct boot *b, const struct service *s,
		       struct starts *out);

	/* A superserver: the super-server processes of ROOT that serve its entry S (*PIDS allocated). */
	int (*superservers)(const char *root, const struct service *s, pid_t **pids, size_t *n);

	/*
	 * The texts apply writes of those of plan P's files (P->files) that are
	 * its own and that it renders faster than one put a file (grouped, or
	 * only the nodes P's actions changed), into OUTS[i]; the others are left
	 * NULL for tree_render.
	 */
	int (*render)(const struct tree *t, const struct plan *p, char **outs);
};

extern const struct source inetd_source, xinetd_source, sysv_source, systemd_source;

/* The table, in the order the inventory lists its rows; NULL-terminated. */
extern const struct source *const sources[];

/* The source of rows of kind K. */
const struct source *source_of(enum kind k);

/* Is row S a daemon init starts (a script, a unit), rather than a super-server's entry? */
bool source_daemon(const struct service *s);

/*
 * Is SUPER (a super-server's own row: its script, its unit) the one that
 * serves entry S? IS says whether a row is a daemon's ("xinetd"): SUPER
 * must be the daemon of S's source, or, for a source with none (inetd,
 * which has several), no other source's.
 */
bool source_serves(const struct service *super, const struct service *s,
		   bool (*is)(const struct service *row, const char *daemon));

/* How a stop or a start names row S: "unit NAME" (systemctl), else where it is (allocated). */
char *source_stop_where(const struct service *s);

/* Opens the tree of ROOT: the Augeas session, and every source's files in it. */
int sources_open(struct tree *t, const char *root, const char *lensdir);

/* Frees what sources_open made, the tree with it. */
void sources_close(struct tree *t);

/*
 * The text of each of plan P's files (P->files) as apply writes it (the
 * tree as it is now, after P's actions), through the lens that read it,
 * into OUTS[i] (allocated). On error every OUTS[i] is NULL.
 */
int sources_render_files(const struct tree *t, const struct plan *p, char **outs);

#endif
