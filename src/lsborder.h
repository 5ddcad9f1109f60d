/* lsborder.h - the start and stop numbers chkconfig gives an LSB script */
#ifndef DEAFEN_LSBORDER_H
#define DEAFEN_LSBORDER_H

struct tree;

/*
 * chkconfig SCRIPT on, for a script with an LSB header: *START and *STOP as
 * its dependency order (frobDependencies) gives them. 0, or -1 for a script
 * without an LSB header.
 */
int lsborder_on(const struct tree *t, const char *script, int *start, int *stop);

#endif
