/* tree.h - one Augeas tree of a root: configuration files and rc links */
#ifndef DEAFEN_TREE_H
#define DEAFEN_TREE_H

#include <augeas.h>
#include <stdbool.h>

#include "util.h"

struct snode;

#define LINKS_TREE "/links"

/* Runlevel directories, in the order the inventory reports them. */
#define RC_LEVELS "0123456S"

/* A link of an rc directory as it was read (the tree holds the same). */
struct rclink_entry {
	size_t level; /* index in RC_LEVELS */
	char *name;
	char *target;
};

/* A systemd unit file: the first of that name in the unit directories. */
struct unit_file {
	char *name; /* "ssh.service" */
	char *file; /* real location, relative to the root */
	bool local; /* under etc/systemd/system: the administrator's */
};

/*
 * A symlink of a unit directory: an enablement link in a .wants/.requires
 * directory, an alias, a linked unit or a mask (target /dev/null).
 */
struct unit_link {
	char *dir;    /* real directory, relative to the root */
	char *name;
	char *target; /* as written */
	char *dest;   /* the unit it ends at (links chased in the root), "" for a mask */
	bool local;   /* under etc/systemd/system: what systemctl enable/disable change */
	char *owner;  /* the unit whose X.wants or X.requires holds it; NULL: top level */
};

/*
 * A drop-in of a unit: UNIT.d/NAME.conf in a unit directory; of the files
 * of one NAME the first directory's decides (a link to /dev/null: FILE is
 * NULL, the drop-in is masked).
 */
struct unit_dropin {
	char *unit; /* "ssh.socket", "foo@.service" */
	char *name; /* "override.conf" */
	char *file; /* real location, relative to the root */
};

/* A node's label and value, borrowed from the tree until it changes. */
struct tree_kv {
	const char *label;
	const char *value;
};

struct tree {
	augeas *aug;
	char *root;
	const char *lensdir;      /* borrowed */
	char *inetd_conf;         /* real location, relative to the root; NULL if absent */
	struct strv xinetd_files; /* xinetd.conf first, then what it includes */
	struct strv xinetd_crlf;  /* those with CRLF line ends: not loaded, xinetd serves none of their services */
	struct strv daemon_conf;  /* daemons' configuration files loaded (daemonconf.h): "CONFIG\tESCAPED REAL PATH" */
	char *initdir;            /* real init script directory, NULL if absent */
	struct strv scripts;      /* script names found in initdir */
	struct strv script_files; /* their real locations (links followed) */
	struct snode *headers;    /* their headers, a snapshot of HEADERS_TREE (headers.h) */
	char *services_file;      /* real location of /etc/services, or NULL */
	struct strv deferred;     /* "LENS\tFILE": read in C, through LENS only for the whole tree (tree_load_deferred) */
	char *rcdir[8];           /* real rc directory per RC_LEVELS, NULL if absent */
	bool rc_d_layout;         /* Red Hat's /etc/rc.d/rcN.d */
	struct rclink_entry *links; /* every link read, by level then name */
	size_t nlinks;
	size_t *link_index;       /* LINKS by script name, then level: a script's links in a row */
	char *unitdir;            /* real etc/systemd/system, NULL if absent */
	struct strv unit_dirs;    /* the real unit directories, in systemd's search order */
	struct unit_file *units;  /* sorted by name */
	size_t nunits;
	struct unit_dropin *dropins; /* by unit, then name */
	size_t ndropins;
	struct unit_link *ulinks; /* by directory, then name */
	size_t nulinks;
	struct snode *unit_trees; /* the unit files and drop-ins read (unitfile.h), one child each, labelled by file */
	size_t *ulink_by_name;    /* ULINKS sorted by name, and by the unit they end at */
	size_t *ulink_by_dest;
};

int tree_open(struct tree *t, const char *root, const char *lensdir);
void tree_close(struct tree *t);

/*
 * Adds FILE (real, relative to the root) to what LENS loads, before the
 * load, once it is known to be a readable regular text file.
 */
int tree_add_file(struct tree *t, const char *lens, const char *file);

/*
 * FILE (real, relative to the root), which deafen reads in C, is checked as
 * tree_add_file does and goes through LENS only when the whole tree is
 * asked for (tree_load_deferred): a lens compiles and reads a file at
 * ~100 instructions a byte, a reader in C at a few.
 */
int tree_defer_file(struct tree *t, const char *lens, const char *file);

/*
 * Loads the files deferred (tree_defer_file) into the tree through their
 * lenses, for a view of the whole tree (list --format xml).
 */
int tree_load_deferred(const struct tree *t);

/* The same for FILES, those directly in DIR as one glob (DIR/x) with every other entry excluded. */
int tree_add_files(struct tree *t, const char *lens, const char *dir, const struct strv *files);

/* Resolves PATH (absolute) in the root: *REAL is NULL if absent; a link out of the root is an error. */
int tree_resolve(struct tree *t, const char *path, char **real);

/* REL (a path relative to the root) with each component escaped for Augeas. */
char *tree_escape(const struct tree *t, const char *rel);

/* "/files/" + the real location of FILE (relative to the root), escaped. */
char *tree_file_path(const struct tree *t, const char *file);

/*
 * FILE's text as the tree would save it now (what apply writes), through
 * the lens that read it. *OUT is allocated.
 */
int tree_render(const struct tree *t, const char *file, char **out);

/*
 * The same for every one of FILES into OUTS[i] (allocated), xinetd files
 * all in one pass through the lens. On error every OUTS[i] is NULL.
 */
int tree_render_files(const struct tree *t, const struct strv *files, char **outs);

/*
 * The nodes PATTERN matches, in document order, without the cost of a path
 * lookup per node (aug_ns_*). *OUT is allocated; returns the count.
 */
size_t tree_nodes(const struct tree *t, const char *pattern, struct tree_kv **out);

/* The value of the first of KV's N nodes labelled LABEL (any case if NOCASE). */
const char *tree_kv_get(const struct tree_kv *kv, size_t n, const char *label, bool nocase);

/* Value of PATH, or NULL; never fails loudly. */
const char *tree_get(const struct tree *t, const char *path);

#endif
