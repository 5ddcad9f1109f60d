/* policy.h - what stays and what goes: --keep, --disable, --policy FILE */
#ifndef DEAFEN_POLICY_H
#define DEAFEN_POLICY_H

#include <stdbool.h>

#include "util.h"

struct inventory;

struct rule {
	bool keep;
	char *name;
	char *origin; /* where it was said, for messages: "--keep", "FILE:LINE" */
};

struct policy {
	struct rule *v;
	size_t n;
	size_t nkeep;
	bool mask; /* --mask: a disabled systemd unit is selected too (to be masked) */
	bool all;  /* verify: every service the policy names, enabled now or not */
};

/* "a,b,c" from the command line. */
int policy_add_list(struct policy *p, const char *list, bool keep);
/* One "keep NAME" or "disable NAME" a line, '#' comments. */
int policy_read_file(struct policy *p, const char *path);
/*
 * The same from a buffer of LEN bytes (a NUL in it is an error); NAME
 * stands for the file in messages ("NAME:LINE: ...").
 */
int policy_parse(struct policy *p, const char *name, const char *buf, size_t len);
bool policy_empty(const struct policy *p);
/* "--keep a,b --disable c", for the backup's manifest. */
char *policy_describe(const struct policy *p);
void policy_free(struct policy *p);

struct service;

/*
 * The seed's verdict on S: "keep" (by the policy), "local" (it listens on
 * loopback or UNIX-domain sockets only: not exposed, kept unless named),
 * "dangerous" (its danger zone), "disable" (recognized, not needed),
 * "unrecognized" (so it goes), or "-" for what serves no network or is a
 * super-server itself.
 */
const char *policy_verdict(const struct policy *p, const struct inventory *inv,
			   const struct service *s);

/*
 * Decides, for every service of INV, whether the policy disables it:
 * SELECTED[i] is set for the enabled services that go. Unknown names and
 * a service both kept and disabled are usage errors (-EINVAL). UNMATCHED
 * (if not NULL) gets "ORIGIN NAME" for each name no service of INV answers
 * to: known to deafen, absent from this root.
 */
int policy_select(const struct policy *p, const struct inventory *inv, bool *selected,
		  struct strv *unmatched);

/* The first rule of P that keeps (KEEP) or disables S, a service of INV (names.h), or NULL. */
const struct rule *policy_rule(const struct policy *p, const struct inventory *inv,
			       const struct service *s, bool keep);

/*
 * For each name of P that is no service of INV but expands (a family word,
 * a port...), one line into OUT: "--disable samba (family samba): nmb, smb".
 */
void policy_expansions(const struct policy *p, const struct inventory *inv, struct strv *out);

/*
 * Rule R of P, when its name is no service of INV but expands (or is a
 * family word --keep takes whole): true, *WHY what it was taken for
 * ("family samba", allocated), SEL (one entry a service of INV) what it
 * selected.
 */
bool policy_expansion(const struct policy *p, const struct inventory *inv, size_t r, char **why,
		      bool *sel);

/*
 * Does a --disable rule name the template of instance S, by its prefix
 * ("wg-quick" of wg-quick@wg0.service) or its name (wg-quick@.service)?
 * Then --mask masks the template, as systemctl mask wg-quick@.service
 * does, not the instance alone.
 */
bool policy_names_template(const struct policy *p, const struct service *s);

/* -EINVAL: "ORIGIN: unknown service 'NAME'", with the nearest name of INV's services. */
int unknown_service(const struct inventory *inv, const char *origin, const char *name);

#endif
