/* fuzz.h - what every fuzzing harness and the replay driver share
 *
 * Each harness is one LLVMFuzzerTestOneInput (and, if it needs a scratch
 * root or an Augeas handle made once, LLVMFuzzerInitialize). `make fuzz`
 * links them with clang's libFuzzer; `make check` links them with
 * replay.c, which feeds them every file of the corpora.
 */
#ifndef DEAFEN_FUZZ_H
#define DEAFEN_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A fresh directory under $TMPDIR (or /dev/shm, /tmp), removed at exit. */
char *fuzz_scratch_dir(void);

/* Writes LEN bytes to PATH (replacing it), making its directories; dies on failure. */
void fuzz_write(const char *path, const void *data, size_t len);

/* Removes PATH and everything under it, links not followed. */
void fuzz_rm_rf(const char *path);

/* PATH in the source tree (FUZZ_SRCDIR, or $DEAFEN_SRCDIR); allocated. */
char *fuzz_src_path(const char *rel);

/* The lens directory: $DEAFEN_LENS_DIR, else the source tree's lenses/. Allocated. */
char *fuzz_lens_dir(void);

/* DATA as a NUL-terminated string (a NUL inside ends it early). Allocated. */
char *fuzz_string(const uint8_t *data, size_t size);

#endif
