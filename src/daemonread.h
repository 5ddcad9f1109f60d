/* daemonread.h - a daemon's listen settings, read in C from its own configuration file */
#ifndef DEAFEN_DAEMONREAD_H
#define DEAFEN_DAEMONREAD_H

#include <stddef.h>
#include <stdio.h>

struct strv;

/*
 * The lines of TEXT (a NUL-terminated file) that set one of WORDS (their
 * first word, after blanks), written to OUT for the stock lens of a file
 * it cannot read whole (redis.conf, squid.conf: daemonconf.c); LINES[k]
 * (allocated) the line number in TEXT of line k+1 of OUT. A word "-ADDR"
 * is written ADDR: redis.conf's mark of an address it may fail to bind
 * (redis 7.0), which the stock lens cannot read. Returns how many lines.
 */
size_t daemonread_cut(const char *text, const struct strv *words, FILE *out, size_t **lines);

/*
 * The values of SETTING (a path in the tree of the stock lens LENS, as a
 * "listen" line of src/knowledge.tab writes it: "p", "bind/ip",
 * "target[. = 'global']/smb ports"...) in TEXT (LEN bytes), appended to OUT
 * in the order the lens's tree has them; a setting the lens stores
 * without a value adds nothing.
 *
 * Returns 0; 1 when no reader knows LENS and SETTING (OUT untouched); or
 * -EINVAL when a line that may set it is one the reader does not
 * understand (*LINE its number, OUT untouched): the caller asks the lens
 * then, which says what is wrong with it. What the lens would refuse
 * elsewhere in the file is no concern of the reader.
 */
int daemonread_values(const char *lens, const char *setting, const char *text, size_t len,
		      struct strv *out, size_t *line);

#endif
