/* differ.h - a reader in C against the lens it stands in for */
#ifndef DEAFEN_FUZZ_DIFFER_H
#define DEAFEN_FUZZ_DIFFER_H

#include <stddef.h>
#include <stdint.h>

struct snode;

/*
 * DATA through PARSE and through LENS (aug_text_store, the text as aug_load
 * reads a file): both take it or both refuse it, and make the same tree
 * (the lens's unlabelled nodes aside); aborts otherwise.
 */
void fuzz_differ(const uint8_t *data, size_t size, const char *lens,
		 int (*parse)(const char *file, const char *text, size_t len, struct snode *out));

#endif
