/* headers.h - the headers of init scripts, cut out in C, read through the lens
 *
 * An init script is never written: only its header matters, the LSB block
 * ("### BEGIN INIT INFO" .. "### END INIT INFO") and the Red Hat lines
 * ("# chkconfig:", "# processname:", "# pidfile:", "# config:"). Those lines
 * are cut out of each script here and given, all scripts in one text, to
 * Deafen_initheader.dir with aug_text_store into HEADERS_TREE, a node outside
 * /files: no aug_save can write a header-only script over the real one, and
 * the lens never sees a script's body.
 */
#ifndef DEAFEN_HEADERS_H
#define DEAFEN_HEADERS_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

#define HEADERS_TREE "/headers"

struct tree;
struct snode;

/*
 * Writes the header lines of the script TEXT (LEN bytes; it ends at a NUL
 * as Augeas reads it) to OUT, each ending in a newline. LINES (may be NULL)
 * gets, for each line written, its line number in TEXT (from 1); returns
 * how many lines were written. The LSB block is the first one; the Red Hat
 * lines are read from the top down to the first line of code after it (or
 * after the top, without a block). A block without its END line is written
 * up to its first line of code, so that the lens refuses it there.
 */
size_t headers_cut(const char *text, size_t len, FILE *out, size_t **lines);

/* The init scripts read (tree_own): sysv.c finds them, headers.c reads their headers. */
struct scripts_own {
	char *initdir;            /* real init script directory, NULL if absent */
	struct strv scripts;      /* script names found in initdir */
	struct strv script_files; /* their real locations (links followed) */
	struct snode *headers;    /* their headers, a snapshot of HEADERS_TREE */
};

/* T's, allocated the first time. */
struct scripts_own *scripts_own(const struct tree *t);

/*
 * Reads the headers of every script of T (scripts_own(t)->script_files) into
 * scripts_own(t)->headers: through Deafen_initheader.lsb_flat and redhat_flat,
 * a node a line, grouped here; what those cannot read, through dir, which says
 * where it stops.
 */
int headers_load(struct tree *t);

/* The same through dir alone, the nested lens (tests/unit/test_headers.c compares them). */
int headers_load_dir(struct tree *t);

/* The header nodes of script I (scripts_own(t)->script_files.v[I]), or NULL. */
const struct snode *headers_of(const struct tree *t, size_t i);

/*
 * The scripts that are files of their own: of those whose real locations
 * are the same (two names, one file), the first. *OUT gets their indices
 * in scripts_own(t)->script_files, in order; returns the count.
 */
size_t headers_unique(const struct tree *t, size_t **out);

#endif
