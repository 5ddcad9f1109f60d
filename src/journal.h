/* journal.h - the backup of an apply: manifest, copies, and its journal */
#ifndef DEAFEN_JOURNAL_H
#define DEAFEN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "confirm.h"
#include "util.h"
#include "xattrs.h"

/* MKDIR: a directory enable makes for its links (a .wants apply emptied and removed) */
enum step_kind { STEP_FILE, STEP_RENAME, STEP_DELETE, STEP_CREATE, STEP_RMDIR, STEP_MKDIR };

/* One change apply makes, as the manifest records it. */
struct step {
	enum step_kind kind;
	char *path;  /* FILE: relative to the root */
	mode_t mode; /* FILE, RMDIR: as it was */
	uid_t uid;
	gid_t gid;
	char *dir;    /* links: directory relative to the root; RMDIR: the directory emptied */
	char *from;   /* RENAME, DELETE */
	char *to;     /* RENAME, CREATE */
	char *target; /* links */
	struct xattrs xattrs; /* FILE: its extended attributes as they were */
};

/* rollback --only: what a file becomes (OLD) and what it must hold now (NEW), in memory. */
struct copy_over {
	const char *path;
	char *old, *new;
	size_t oldlen, newlen;
	char *why; /* the conflict, said instead of "changed since apply" */
};

enum backup_state {
	BACKUP_INCOMPLETE,  /* the manifest was not finished: nothing was changed */
	BACKUP_INTERRUPTED, /* apply began and did not finish */
	BACKUP_COMPLETE,    /* apply finished */
	BACKUP_ROLLED_BACK,
	BACKUP_UNREADABLE,  /* its manifest is damaged (ERROR says how) */
	BACKUP_ROLLING_BACK, /* a rollback began and did not finish: run it again */
	BACKUP_FAILED,       /* apply failed and undid the steps it had made: nothing changed */
};


struct backup {
	char *id;
	char *dir; /* absolute */
	char *time;
	char *root;
	char *policy;
	char *style;
	struct step *steps;
	size_t n;
	size_t nfiles, nlinks;
	struct target *targets; /* listeners apply closed, for rollback to reopen */
	size_t ntargets;
	enum backup_state state;
	struct strv temps; /* temporary files under the root the journal names */
	struct strv made;  /* directories of the root its apply made (etc/deafen) */
	bool no_journal;   /* its journal is gone or empty: the manifest alone is read */
	struct strv only;  /* the services rollback --only restored (partly rolled back) */
	size_t *only_line; /* the journal line of each one's only-done, for messages */
	char *pending_only; /* ROLLING_BACK: the rollback --only NAME that did not finish */
	char *overridden;  /* the id of a later rollback that restored what this one changed */
	/* rollback --only (not owned): the steps it looks at, and copies it reads instead */
	const bool *only_steps;
	const struct copy_over *over;
	size_t nover;
	char *error; /* UNREADABLE: why */
	int journal; /* fd, while apply or rollback writes it */
	int dirfd;   /* DIR, opened (no link followed): every file of the backup is read there */
};

/* The backup base directory as named: --backup-dir, or ROOT/var/backups/deafen. */
char *backup_base(const char *root, const char *backup_dir);

/*
 * Checks and opens the backup base directory (made if CREATE), and gives its
 * place in *BASE. The default one, and a --backup-dir inside the root, is
 * resolved in the root like every other path: a link on its way that leads
 * out of the root is refused, named. One outside the root is the
 * administrator's choice, checked by backup_check_base(). The other
 * functions then work in the descriptor opened here.
 */
int backup_open_base(const char *root, const char *backup_dir, bool create, char **base);

/* Where the base is, or would be made: its links followed (in the root, as in the root). */
int backup_place(const char *root, const char *backup_dir, char **place);

/*
 * Creates BASE/ID (0700) with a copy of every file it will change (OLD)
 * and what apply will write (NEW), the manifest of STEPS, and an open
 * journal; everything fsync'ed before it returns. B takes STEPS and
 * TARGETS (the listeners the plan closes).
 */
int backup_create(struct backup *b, const char *base, const char *root, const char *policy,
		  const char *style, struct step *steps, size_t n, char **old, size_t *oldlen,
		  char **new, size_t *newlen, struct target *targets, size_t ntargets);

/* BASE is a directory, ours, not group/world writable (made if CREATE); opened and kept. */
int backup_check_base(const char *base, bool create);

/* Removes the directory of a backup whose creation failed (nothing changed). */
void backup_discard(struct backup *b);

/* Records in the journal that step I is done, or a state word. */
int backup_mark(const struct backup *b, const char *what);

/*
 * Records in the journal that a directory REL of the root is about to be
 * made (WHAT "mkdir") or a temporary file REL written (WHAT "temp"), before
 * it is: rollback removes what the journal names, and nothing else.
 */
int backup_mark_path(const struct backup *b, const char *what, const char *rel);

/*
 * Names in one journal write, after the line FIRST (if not NULL), a
 * temporary file for each file step of B among the first UPTO that WANT
 * (NULL: all) says; TMPS[i] gets step i's (NULL for the others). One fsync
 * for all, not one a file.
 */
int backup_name_temps(const struct backup *b, const char *first, size_t upto, const bool *want,
		      char **tmps);

/*
 * Replaces the file REL of the root, in its directory DIRFD, with DATA
 * atomically (write_file_atomic_named_at), through the temporary file TMP
 * (relative to the root) if not NULL (named in the journal already), else,
 * or if a file of that name is there, through one whose name the journal of
 * B records first.
 */
int backup_write_file(const struct backup *b, int dirfd, const char *rel, const char *tmp,
		      const char *data, size_t len, mode_t mode, uid_t uid, gid_t gid,
		      const struct xattrs *x);

/*
 * Reads BASE/ID, which must be a backup of ROOT; ID NULL: the newest backup
 * of ROOT that changed something (one that cannot be read is an error,
 * not a reason to take an older one).
 */
int backup_load(struct backup *b, const char *base, const char *id, const char *root);

/* Every backup of ROOT (NULL: of any root) under BASE, oldest first. */
int backup_list(const char *base, const char *root, struct backup **v, size_t *n);

/* Writes a copy of a file into the backup: WHICH is "old", "new" or "newer". */
int backup_save_copy(const struct backup *b, const char *which, const char *path,
		     const char *data, size_t len);

/* The saved copy of a file: "old" or "new" (for messages: read it with backup_read_copy). */
char *backup_copy_path(const struct backup *b, const char *which, const char *path);

/*
 * Reads the file REL of the backup, or the copy WHICH/PATH, without
 * following a link on any component inside the backup (-EXDEV if one is
 * there): a regular file only.
 */
int backup_read(const struct backup *b, const char *rel, char **data, size_t *len);
int backup_read_copy(const struct backup *b, const char *which, const char *path, char **data,
		     size_t *len);

/* Replaces the copy WHICH/PATH of the backup with DATA atomically (rollback --only's "new"). */
int backup_replace_copy(const struct backup *b, const char *which, const char *path,
			const char *data, size_t len);

/* Writes the new file NAME at the top of the backup (policy.saved...). */
int backup_write_new(const struct backup *b, const char *name, const char *data, size_t len);

/* Opens the journal of a loaded backup for appending (rollback marks it); made again if it was deleted. */
int backup_open_journal(struct backup *b);

const char *backup_state_name(enum backup_state s);

/*
 * The state of B as a word for JSON ("partly rolled back", "overridden", or
 * backup_state_name()'s), and as a person reads it: with the services
 * restored alone, the rollback that overrode it, the --only to run again.
 */
const char *backup_state_word(const struct backup *b);
char *backup_state_text(const struct backup *b);
void backup_free(struct backup *b);
void steps_free(struct step *s, size_t n);

#endif
