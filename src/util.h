/* util.h - memory, strings, files and the one error message of a run */
#ifndef DEAFEN_UTIL_H
#define DEAFEN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* Out of memory is not worth a code path in a command-line tool: these die. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* N bytes of S, NULs in them kept, and a NUL after: a file's text. */
char *xmemdup(const void *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NULL-terminated vector of owned strings. */
struct strv {
	char **v;
	size_t n, cap;
};
void strv_push(struct strv *sv, const char *s);
void strv_take(struct strv *sv, char *s);
void strv_push_unique(struct strv *sv, const char *s);
bool strv_contains(const struct strv *sv, const char *s);
void strv_split(struct strv *sv, const char *s, const char *seps);
void strv_sort(struct strv *sv);
/* Sorts SV and drops the repeated strings: push all, then this, for large sets. */
void strv_sort_uniq(struct strv *sv);
/* strcmp of two char * the arguments point to: for qsort and bsearch of strings. */
int strp_cmp(const void *a, const void *b);
/* The strings of SV with SEP between them ("a, b, c"), allocated. */
char *strv_join(const struct strv *sv, const char *sep);
/* Frees the strings past the first N. */
void strv_truncate(struct strv *sv, size_t n);
void strv_free(struct strv *sv);

/*
 * The error of a run: helpers record it once, where the context (file, line)
 * is known, and return the negative errno; main() prints it. The first
 * recorded message wins, so callers up the stack cannot blur it.
 */
int errorf(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *error_message(void);
void error_clear(void);
/*
 * The error was printed already, before what followed it (apply's undo):
 * main() does not print it again (an error document still carries it).
 */
void error_mark_told(void);
bool error_is_told(void);

/*
 * Inputs are untrusted (the root may be someone else's): nothing that is not
 * a regular file is read, and nothing is waited on. open_input opens PATH
 * (relative to DIRFD, or AT_FDCWD) for reading with O_NONBLOCK (a FIFO
 * opens at once), O_NOFOLLOW if FLAGS has it, and refuses with
 * -EFTYPE_INPUT anything fstat does not call a regular file (a FIFO, a
 * device - not even opened -, a socket, a directory), its type in *TYPE.
 * Returns the descriptor (blocking again) or a negative errno.
 */
#define EFTYPE_INPUT EMEDIUMTYPE
int open_input(int dirfd, const char *path, int flags, mode_t *type);

/* "a FIFO", "a directory", ... for messages. */
const char *file_kind(mode_t mode);

/*
 * The whole of an input through open_input; NAME is how messages call it.
 * Records the error: "NAME: not a regular file (a FIFO)" is -EBADMSG.
 */
int read_input(int dirfd, const char *path, int flags, const char *name, char **buf,
	       size_t *len);

/* Reads a whole file (never through a last-component link, never waiting); records nothing. */
int read_file(const char *path, char **buf, size_t *len);
/* The same from a descriptor opened by the caller (beneath the root), which it closes. */
int read_file_fd(int fd, char **buf, size_t *len);
const char *base_name(const char *path);

/*
 * A configuration file must be text: a NUL byte would end it early for the
 * C strings of every parser, and a rewrite would drop what follows.
 * -EBADMSG with "NAME:LINE: ..." if BUF holds one.
 */
int check_text(const char *name, const char *buf, size_t len);
void sleep_ms(int ms);
bool startswith(const char *s, const char *prefix);
/* The newlines among the LEN bytes at S. */
size_t count_lines(const char *s, size_t len);
bool endswith(const char *s, const char *suffix);
bool streq(const char *a, const char *b);

/*
 * The edit distance of A and B (Damerau-Levenshtein, optimal string
 * alignment: an insertion, a deletion, a substitution or a swap of two
 * neighbours costs 1), as git's help.c measures a misspelt command.
 */
size_t edit_distance(const char *a, const char *b);

/*
 * Of the N candidates V, the nearest to WORD if it is near enough to be a
 * likely typo (at most a third of WORD's length, at least 1); ties go to the
 * first. NULL if none is, or if WORD is one of them.
 */
const char *closest_name(const char *word, char *const *v, size_t n);

#endif
