/* shellvars.h - the assignments of a shell variables file, read in C */
#ifndef DEAFEN_SHELLVARS_H
#define DEAFEN_SHELLVARS_H

#include <stddef.h>

struct strv;

/*
 * Appends to OUT the value of each assignment of NAME in TEXT (LEN bytes):
 * "NAME=WORD" or "export NAME=WORD" at the start of a line (after blanks),
 * WORD as written, quotes included (a quoted word may span lines), as the
 * stock Shellvars lens stores it.
 */
void shellvars_values(const char *text, size_t len, const char *name, struct strv *out);

#endif
