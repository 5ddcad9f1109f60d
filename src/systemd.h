/* systemd.h - unit files and their enablement links, with systemctl's semantics */
#ifndef DEAFEN_SYSTEMD_H
#define DEAFEN_SYSTEMD_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

#include "rclinks.h"
#include "util.h"

struct snode;
struct tree;

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
	size_t rank; /* of its unit directory, etc's 0: systemd takes a name from the first */
};

/* What systemd.c keeps in the tree (tree_own). */
struct systemd_own {
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

/* T's, allocated the first time (unitdirs.c). */
struct systemd_own *systemd_own(const struct tree *t);

/* Orders unit files by name (qsort, bsearch). */
int unit_cmp(const void *x, const void *y);

/* The type of DIR/NAME (relative to ROOT, not followed): S_IFLNK, S_IFDIR, ...; 0 if absent. */
mode_t unit_lstat(const char *root, const char *dir, const char *name);

/* The links named NAME (BY_DEST: ending at unit NAME), *N of them from the entry returned. */
const size_t *unit_links_of(const struct tree *t, const char *name, bool by_dest, size_t *n);

/* Adds the unit files of the root's unit directories to the load (before aug_load). */
int systemd_load(struct tree *t);

/* The tree of unit file or drop-in FILE (real, relative to the root) as read, or NULL. */
const struct snode *unit_tree(const struct tree *t, const char *file);

/* Reads the links of the unit directories into the tree (after aug_load). */
int systemd_links_load(struct tree *t);

void systemd_free(struct tree *t);

/* Does the root have systemd unit files at all? */
bool systemd_present(const struct tree *t);

/* The unit file of NAME, through an alias link if need be; NULL if none. */
const struct unit_file *unit_find(const struct tree *t, const char *name);

/*
 * The other names of unit NAME: links directly in a unit directory that end
 * at it (Debian's openbsd-inetd.service -> inetd.service), appended to OUT.
 */
void unit_alias_links(const struct tree *t, const char *name, struct strv *out);

/* Is NAME masked (a link to /dev/null in a unit directory; an instance also by its template's)? */
bool unit_masked(const struct tree *t, const char *name);

/*
 * Adds VALUE, one assignment of a key of SECTION, to the list ACC as systemd
 * reads it: the words of a list; an empty assignment clears what came before
 * (in the unit file or an earlier drop-in), but for [Unit]'s dependencies.
 */
void unit_add_value(struct strv *acc, const char *section, const char *value);

/*
 * The files of unit NAME's drop-ins (files NAME.d/X.conf), in the order systemd
 * applies them, an instance's with its template's, into OUT.
 */
void unit_dropin_files(const struct tree *t, const char *name, struct strv *out);

/* Appends to OUT each value of SECTION/KEY of U and its drop-ins, lists split. */
void unit_values(const struct tree *t, const struct unit_file *u, const char *section,
		 const char *key, struct strv *out);

/*
 * The targets whose .wants/.requires link starts NAME ("multi-user.target"),
 * appended to OUT; VENDOR also says whether one of them is the
 * distribution's (lib/systemd/system/X.wants: disable cannot remove it).
 */
void unit_wanted_by(const struct tree *t, const char *name, struct strv *out, bool *vendor);

/* The same, of the links under etc/systemd/system only: what systemctl disable removes. */
void unit_wanted_by_local(const struct tree *t, const char *name, struct strv *out);

/* Is NAME linked by the administrator (a .wants/.requires link under etc/systemd/system)? */
bool unit_wanted_locally(const struct tree *t, const char *name);

/*
 * The unit whose wants directory DIR is ("x/multi-user.target.wants" ->
 * "multi-user.target", also .requires), allocated; NULL for another directory.
 */
char *unit_wants_owner(const char *dir);

/* Is a unit name NAME of one of the types deafen lists (service, socket, path), not a template or instance? */
bool unit_listed_type(const char *name);

/* "foo@bar.service" -> "foo@.service", allocated. */
char *unit_template(const char *instance);

/* Is NAME an instance of a template unit ("foo@bar.service"), of a type deafen lists? */
bool unit_is_instance(const char *name);

/*
 * The instances the root names: links named after one (enabled, masked)
 * and unit files of an instance's own, each once, sorted, into OUT.
 */
void systemd_instances(const struct tree *t, struct strv *out);

/* The unit file instance NAME runs from: its own, else its template's; NULL if neither. */
const struct unit_file *unit_instance_file(const struct tree *t, const char *name);

/*
 * The link edits of `systemctl disable UNITS` (MASK: `systemctl mask`):
 * disable removes every link of etc/systemd/system (and its directories)
 * named after one of the units or their Also= units, or ending at one;
 * mask links etc/systemd/system/UNIT to /dev/null. Appends to *EDITS.
 */
int systemd_disable(const struct tree *t, const struct strv *units, bool mask,
		    struct link_edit **edits, size_t *n);

/*
 * Every unit the default target pulls in at boot, transitively (links of
 * .wants/.requires directories, Wants=/Requires= of the unit files, a
 * socket's or path's service), into OUT, and in BY the unit that pulled
 * each in ("" for the default target); *DEFAULT gets the default target's
 * name ("" if none).
 */
void systemd_boot_units(const struct tree *t, struct strv *out, struct strv *by, char **def);

/*
 * Where the default.target systemd_boot_units starts from lies: the link
 * ("lib/systemd/system/default.target", real directory) or the unit file;
 * NULL if none. Allocated.
 */
char *systemd_default_file(const struct tree *t);

#endif
