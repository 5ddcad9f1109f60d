/* tree.h - one Augeas session over a root: the files the sources add, and links
 *
 * The bottom of the load path: nothing here knows an init system. The
 * sources (source.h) add their files before the load, read the rest after
 * it, and keep what they read in a state of their own in the tree, under a
 * key of their own (tree_own): one object to pass around, each module
 * fills and frees its own.
 */
#ifndef DEAFEN_TREE_H
#define DEAFEN_TREE_H

#include <sys/types.h>

#include <augeas.h>
#include <stdbool.h>

#include "util.h"

struct snode;

#define LINKS_TREE "/links"

/*
 * The line before each file of a directory in one text, "@@deafen@@ NAME":
 * a lens module's view "dir" reads and writes such a text (tree_add_files,
 * xinetd.c's render). No line of a file it reads can start so.
 */
#define TREE_DIR_MARKER "@@deafen@@ "

/* How many modules keep state of their own in a tree (tree_own). */
#define TREE_OWN 8

/*
 * A directory whose files go into the tree in one aug_text_store of its
 * lens module's view dir (tree_load), under /files/DIR as aug_load puts
 * them: Augeas's own load looks each file's path up among its siblings,
 * under /augeas/files and /files, quadratic in the files of a directory.
 * Or one file (single) stored by its module's lns before the load
 * (tree_add_stored).
 */
struct tree_dir {
	char *module;      /* "Deafen_xinetd": MODULE.dir reads them, MODULE.lns writes each */
	char *dir;         /* relative to the root */
	struct strv names; /* its files, sorted */
	struct strv texts; /* theirs as checked (tree_add_files, tree_add_stored): the text stored (tree_loaded_text) */
	bool single;       /* one file, MODULE.lns into /files/DIR/NAME, however few */
	bool loaded;       /* tree_load took it */
	bool stored;       /* in one text; false: each file by aug_load (the text did not go) */
};

/*
 * From how many files a directory is stored (struct tree_dir): the view
 * dir matches each file's text once more at its own level (+50 % of the
 * regexec of a file) and compiles its regexps; aug_load's lookups cost
 * more only past ~2,500 files in instructions, ~1,000 in time (bench/RESULTS.md).
 */
#define TREE_STORE_MIN 2000

/*
 * Augeas's filter of a directory's files for aug_load, in fnmatch calls a
 * file (tree.c, filter_cost), past which the view costs less: it adds
 * ~75 us a file, an fnmatch ~0.3 us.
 */
#define TREE_FILTER_MAX 256

/* A node's label and value, borrowed from the tree until it changes. */
struct tree_kv {
	const char *label;
	const char *value;
};

struct tree {
	augeas *aug;
	char *root;
	const char *lensdir;      /* borrowed */
	/*
	 * Set by whoever opens the tree (source.c), may be NULL: CHECK refuses
	 * a file before its lens reads it (1: left out), EXPLAIN gives a parse
	 * error of a file its own message (< 0: reported; 0: the generic one),
	 * LENIENT says FILE's errors are not the root's (a daemon's own file).
	 */
	int (*check)(struct tree *t, const char *lens, const char *file, const char *text,
		     size_t len);
	int (*explain)(const struct tree *t, const char *file, int line, const char *msg,
		       const char *text);
	bool (*lenient)(const struct tree *t, const char *file);
	char *services_file;      /* real location of /etc/services, or NULL (services.c) */
	struct strv daemon_conf;  /* daemons' configuration files loaded (daemonconf.h): "CONFIG\tESCAPED REAL PATH" */
	struct strv deferred;     /* "LENS\tFILE": read in C, through LENS only for the whole tree (tree_load_deferred) */
	struct strv by_load;      /* "LENS\tFILE": checked, for aug_load to read (tree_add_file): check_read */
	struct tree_dir *dirs;    /* what tree_add_files and tree_add_stored added, in that order */
	size_t ndirs;
	size_t store_min;         /* TREE_STORE_MIN (a test stores every directory: 1) */
	/*
	 * What the modules above keep of their own (a source's files, links,
	 * units), each under a key of its own: tree_own. Freed by tree_close;
	 * what it points to, by its module first.
	 */
	struct {
		const void *key;
		void *state;
	} own[TREE_OWN];
};

/* Starts the Augeas session over ROOT (nothing loaded: the sources add their files, then tree_load). */
int tree_open(struct tree *t, const char *root, const char *lensdir);

/*
 * Loads what was added (again after more is: aug_load skips what it has);
 * reports a lens that does not compile, or the first file that does not parse.
 */
int tree_load(struct tree *t);

/* Reports the first file Augeas could not read or parse, as path:line: message (after an aug_load). */
int tree_check_errors(struct tree *t);

/* Frees the session and the fields of its own (the sources free theirs first). */
void tree_close(struct tree *t);

/* Resolves PATH (absolute) in the root and adds it to what LENS loads; *REAL (may be NULL) gets it, NULL if absent. */
int tree_add_path(struct tree *t, const char *lens, const char *path, char **real);

/*
 * The same for a file a put of LENS's module follows in most plans
 * (inetd.conf): it goes into the tree by aug_text_store through LENS.lns
 * before the load, not by aug_load, which frees a lens's compiled regexps
 * at its end; the put then finds the ones they share compiled. Where the
 * text does not store (a parse error), aug_load reads it, and reports
 * (its transform then comes after those added before the load).
 */
int tree_add_stored(struct tree *t, const char *lens, const char *path, char **real);

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

/*
 * The same for FILES. Those directly in DIR go in at the load in one text
 * through LENS's view dir, when it reads them (struct tree_dir); else, and
 * for the others, each as tree_add_file adds it.
 */
int tree_add_files(struct tree *t, const char *lens, const char *dir, const struct strv *files);

/* Forgets the directories added since there were N (not loaded yet). */
void tree_forget_dirs(struct tree *t, size_t n);

/* Resolves PATH (absolute) in the root: *REAL is NULL if absent; a link out of the root is an error. */
int tree_resolve(struct tree *t, const char *path, char **real);

/* Is REL (relative to the root, not followed) of file type TYPE (S_IFREG, S_IFDIR)? */
bool tree_is_type(struct tree *t, const char *rel, mode_t type);

/*
 * The entries of DIR (relative, real: no link on the way) that are regular files but those SKIP
 * names, following links inside the root as init and xinetd do; sorted by
 * name. NAMES gets the names, REAL their real locations. A link out of
 * the root is an error.
 */
int tree_list_dir(struct tree *t, const char *dir, bool (*skip)(const char *), struct strv *names,
		  struct strv *real);

/* Backup and package-manager leftovers that no daemon reads ("x.dpkg-old", ".x", "x~"). */
bool tree_ignored_name(const char *name);

/* Is S in the sorted vector V of N strings? */
bool tree_sorted_has(char *const *v, size_t n, const char *s);

/* The directory part of REL, "" for a name alone; allocated. */
char *tree_dir_part(const char *rel);

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
 * The text of FILE (relative to the root) as aug_load parsed it: a missing
 * last newline added (a stored file: the text stored).
 */
int tree_loaded_text(const struct tree *t, const char *file, char **text);

/* Puts the tree at NODE through LENS over TEXT; *OUT allocated. WHAT names it in errors. */
int tree_retrieve(const struct tree *t, const char *lens, const char *node, const char *text,
		  const char *what, char **out);

/* Reports Augeas's last error about WHAT; -EIO. */
int tree_fail(const struct tree *t, const char *what);

/* The tree node of the link DIR/NAME (DIR real, relative to the root): LINKS_TREE/DIR/NAME, escaped. */
char *tree_link_node(const struct tree *t, const char *dir, const char *name);

/*
 * The nodes PATTERN matches, in document order, without the cost of a path
 * lookup per node (aug_ns_*). *OUT is allocated; returns the count.
 */
size_t tree_nodes(const struct tree *t, const char *pattern, struct tree_kv **out);

/* The value of the first of KV's N nodes labelled LABEL (any case if NOCASE). */
const char *tree_kv_get(const struct tree_kv *kv, size_t n, const char *label, bool nocase);

/* Value of PATH, or NULL; never fails loudly. */
const char *tree_get(const struct tree *t, const char *path);

/*
 * The state a module keeps in T under KEY (the address of something of its
 * own, its struct source): SIZE bytes, zeroed the first time it is asked
 * for. The module frees what it points to (its free hook), tree_close the
 * state itself. T may be const: the state is the module's, not the tree's.
 */
void *tree_own(const struct tree *t, const void *key, size_t size);

#endif
