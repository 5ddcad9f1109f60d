/* unitfile.h - a systemd unit file or drop-in, read in C */
#ifndef DEAFEN_UNITFILE_H
#define DEAFEN_UNITFILE_H

#include <stddef.h>

struct snode;

/*
 * Parses TEXT (LEN bytes), a unit file named FILE in messages, into OUT:
 * the tree lenses/deafen_unit.aug makes of it, one node a section, its
 * entries below it (KEY, the value whole as written, continuation lines
 * included; no value for "KEY="). A line the lens refuses is an error,
 * FILE:LINE: first.
 */
int unitfile_parse(const char *file, const char *text, size_t len, struct snode *out);

#endif
