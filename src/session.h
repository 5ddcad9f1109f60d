/* session.h - the sshd that carries the session deafen runs in */
#ifndef DEAFEN_SESSION_H
#define DEAFEN_SESSION_H

#include <stdbool.h>

#include "util.h"

struct service;

struct session {
	struct strv programs; /* the daemons that carry it: "sshd", "dropbear" */
	struct strv units;    /* their systemd units, from their cgroup: "ssh.service" */
	char *how;            /* for people: "sshd pid 812 (ssh.service)", or NULL: no session */
};

/*
 * Walks the parents of this process in /proc (or in $DEAFEN_PROC, a test's
 * fake one) from "self" up: each named sshd, sshd-session or dropbear (its
 * comm or its exe) carries the session, with the unit of its cgroup. With
 * no such parent, SSH_CONNECTION in the environment still says the session
 * came in by ssh (through tmux, su, screen): then sshd carries it. The
 * process tree is the live machine's, whatever --root says: the session is
 * there. Never fails: what cannot be read is no evidence.
 */
void session_find(struct session *s);

/* Would disabling S cut the session? */
bool session_carries(const struct session *sess, const struct service *s);

void session_free(struct session *s);

#endif
