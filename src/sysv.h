/* sysv.h - what the SysV init source (sysv.c) offers the sources above it
 *
 * systemd.c uses it: on Debian, systemctl disable turns an init script's
 * links off too (systemd-sysv-install), and a unit takes its script's
 * LSB Provides.
 */
#ifndef DEAFEN_SYSV_H
#define DEAFEN_SYSV_H

#include <stddef.h>

#include "action.h"

struct tree;
struct service;

/* Redhat when the root uses /etc/rc.d or chkconfig headers, else debian. */
enum style style_detect(const struct tree *t);

/* The LSB Provides of init script I (scripts_own(t)->scripts), into S's names and provides but its own. */
void sysv_script_provides(const struct tree *t, size_t i, struct service *s);

/*
 * The link edits that disable SCRIPT the way STYLE's tool does (STOP: its
 * chkconfig stop priority, or -1), made in the tree as actions of row I.
 */
int sysv_disable_script(struct tree *t, const char *script, int stop, size_t i, enum style style,
			struct plan *p);

/*
 * update-rc.d SCRIPT enable (K links back to S in the levels of
 * Default-Start), or chkconfig SCRIPT on with STYLE redhat, made in the
 * tree as actions of row I.
 */
int sysv_enable_script(struct tree *t, const char *script, size_t i, enum style style,
		       struct plan *p);

#endif
