/* reload.h - making a changed configuration take effect, and checking it did */
#ifndef DEAFEN_RELOAD_H
#define DEAFEN_RELOAD_H

#include <stdbool.h>
#include <stdio.h>

#include "confirm.h"
#include "util.h"

/* SIGHUP to the verified super-servers that read FILES (relative to ROOT). */
int reload_superservers(const char *root, const struct strv *files, FILE *out);

/*
 * Stops the daemons among TARGETS: on root "/" with the init script's
 * stop (or systemctl stop under systemd); elsewhere SIGTERM then SIGKILL
 * to the verified pid. START does the reverse, on root "/" only.
 */
int stop_daemons(const char *root, const struct target *v, size_t n, FILE *out);
int start_daemons(const char *root, const struct target *v, size_t n, FILE *out);

/*
 * On root "/" under a running systemd: daemon-reload, then stop (START:
 * start) UNITS, sockets and paths first (last when starting). Elsewhere it
 * says why nothing live is done.
 */
int systemd_take_effect(const char *root, const struct strv *units, bool start, FILE *out);

/* Prints each target closed/open; returns how many are not as WANT_OPEN. */
size_t report_targets(const struct target *v, size_t n, bool want_open, FILE *out);

#endif
