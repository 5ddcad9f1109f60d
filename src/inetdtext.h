/* inetdtext.h - where each entry of inetd.conf's text lies */
#ifndef DEAFEN_INETDTEXT_H
#define DEAFEN_INETDTEXT_H

#include <stddef.h>

/* An entry: its first line and the continuation lines under it. */
struct inetd_entry {
	size_t off, len; /* bytes of TEXT, the last newline included */
	int line;        /* its first line, from 1 */
};

/*
 * The entries of inetd.conf's TEXT in order, as the Deafen_inetd lens reads
 * them (it keeps no positions): a line that starts a service ("#<off>#"
 * lines included; not blank, not a comment, not "ADDR:" alone), and the
 * lines after it that start with a blank and go on with a word, not "#"
 * (openbsd-inetd's continuation lines). *OUT is allocated; returns the count.
 */
size_t inetd_entries(const char *text, struct inetd_entry **out);

#endif
