/* deafen.h - what every command gets: the options and the loaded root */
#ifndef DEAFEN_H
#define DEAFEN_H

#include <stdbool.h>

#include "inventory.h"
#include "needs.h"
#include "policy.h"
#include "rclinks.h"
#include "tree.h"

#define DEAFEN_VERSION "0.1.0"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_XML, FORMAT_CSV };

/* Exit statuses (the command-line contract). */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_PARSE = 3,
	EXIT_STILL_OPEN = 4,
	EXIT_LOCKED = 5,
	EXIT_DECLINED = 6, /* harden: the answer was no; nothing changed */
	EXIT_CHANGES = 10,
};

struct deafen {
	/* options */
	const char *root;
	const char *lensdir;
	const char *backup_dir;
	enum format format;
	enum style style;
	bool color;
	int verbosity; /* -1 quiet, 0, 1 verbose */
	bool exit_code;
	bool force;      /* rollback --force; apply, harden: disable what a service that stays needs */
	bool allow_lockout; /* plan, apply, harden: the sshd of this session may go */
	bool yes;        /* harden --yes: do not ask */
	bool mask;       /* plan, apply, harden --mask: mask systemd units */
	bool save_policy; /* apply --save-policy (harden: always) */
	bool fix;        /* verify --fix */
	bool no_reload;  /* apply, rollback: do not reload, stop or confirm */
	bool no_confirm; /* reload and stop, but do not rescan */
	int confirm_ms;  /* how long the rescan waits for the ports */
	bool all;          /* list --all: every service, not only the network's */
	bool enabled_only; /* list --enabled */
	const char *verdict; /* list --verdict V, or NULL */
	bool stat;         /* plan --stat: the summary, not the diff */
	bool completion;   /* help --completion */
	struct strv enable; /* enable NAME..., plan --enable NAME: the names to turn back on */
	bool unmask;        /* enable, plan --enable: systemctl unmask first */
	const char *only;   /* rollback --only NAME */
	bool no_start;      /* enable --no-start */
	char **names;      /* the command's arguments (list NAME..., rollback ID, help COMMAND, report FILE...) */
	size_t n_names;
	const char *arg; /* the first of them, or NULL (rollback's ID) */
	double phase_t0; /* -v: when the phase being timed began, in ms */
	FILE *out;       /* where apply and rollback report: stdout, or a buffer for JSON */
	struct policy policy;
	struct needs needs; /* what stays with what stays, and why (select_and_plan) */
	/* the root, loaded before the command runs */
	struct tree tree;
	struct inventory inv;
};

/* Commands: return an exit status, or a negative errno with errorf() set. */
int cmd_list(struct deafen *d);
int cmd_plan(struct deafen *d);
int cmd_apply(struct deafen *d);
int cmd_rollback(struct deafen *d);
int cmd_backups(struct deafen *d);
int cmd_scan(struct deafen *d);
int cmd_harden(struct deafen *d);
int cmd_verify(struct deafen *d);
int cmd_report(struct deafen *d);
int cmd_enable(struct deafen *d);

struct plan;

/* enable and plan --enable (cmd_enable.c): D->enable's selection and its plan, in the tree. */
int enable_select_and_plan(struct deafen *d, bool **selected, struct plan *p);

struct backup;

/*
 * enable, after its steps (enable_effect.c): the saved policy (if any) follows, so that
 * verify and verify --fix leave what was enabled on: the disable rules that
 * select a service of SELECTED go, and a --keep policy keeps it. The file
 * it replaced is kept in backup B, for rollback.
 */
int enable_policy_follow(struct deafen *d, const bool *selected, const struct backup *b);

struct target;

/*
 * enable's live part (enable_effect.c), after its steps: SIGHUP to the
 * super-servers, the daemons of SELECTED started (not with --no-start), a
 * rescan until the ports they serve are open (*T: those ports, for the
 * report); EXIT_STILL_OPEN if one is not.
 */
int enable_take_effect(struct deafen *d, const bool *selected, const struct plan *p,
		       struct target **t, size_t *nt);

/* The policy's selection (*SELECTED, allocated) and its plan, made in the tree. */
int select_and_plan(struct deafen *d, bool **selected, struct plan *p);

/*
 * apply and harden: -EINVAL unless --force for what a service that stays
 * needs, and --allow-lockout for the sshd of this session (D->needs).
 */
int needs_refused(const struct deafen *d);

/* Backup, change, reload, stop, confirm: apply's work after the plan. */
int apply_planned(struct deafen *d, const bool *selected, const struct plan *p);

/*
 * The error of the run (R, and error_message()) on stderr, once: a command
 * that CHANGES the root, refused (EACCES, EPERM) as another user than root
 * on a root or backup directory of another owner, first says "must run as
 * root to change ROOT" (the error from then on), then what refused.
 */
void report_error(const struct deafen *d, int r, bool changes);

/* Prints to stderr unless -q. */
void note(const struct deafen *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* VERDICT padded to WIDTH columns; "dangerous" in red with --color. */
void verdict_cell(FILE *f, const struct deafen *d, const char *verdict, int width);
/* -v (verbose.c): a line on stderr; the time of a phase; what was read. */
void verbose(const struct deafen *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void phase_start(struct deafen *d);
void phase_end(struct deafen *d, const char *phase);
void verbose_tree(const struct deafen *d);
void verbose_inventory(const struct deafen *d);
/* fprintf with the control bytes of the text (but newline, tab) written \xHH */
void tprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * list and scan (verdict.c): D->needs for the policy, so that what stays
 * with what stays shows as "keep"; then S's verdict.
 */
void verdicts_prepare(struct deafen *d);
const char *verdict_of(const struct deafen *d, const struct service *s);

/* Does list (every format) show S, with the options of D? */
bool list_shows(const struct deafen *d, const struct service *s);

/* list --format xml: the Augeas tree as one <tree> element, made safe (report_xml.c). */
int tree_xml(const struct tree *t, char **xml);

struct target;
struct emit;

/* The document of --format json or xml, on stdout (emit.h). */
struct emit *report_open(const struct deafen *d);
/* "where": {"file", "line" (null when 0), "link"} */
void emit_where(struct emit *e, const char *key, const char *file, int line, const char *link);
/*
 * "ports": [{"port": N, "proto": "tcp"|"udp", "address": "127.0.0.1" or
 * null for every address}] and "sockets": [UNIX-domain socket paths], of
 * a service's listeners (listen.h: "23/tcp", "[::1]:631/tcp", "/run/x.sock")
 */
void emit_ports(struct emit *e, const struct strv *listen);
/* "verdict": its name, or null for none (policy_verdict's "-": a super-server...) */
void emit_verdict(struct emit *e, const char *verdict);
/* A service: {name, kind, where}, and with FULL its state, verdict, ports... */
void emit_service(struct emit *e, const struct deafen *d, const struct service *s, bool full);
/* KEY: [the services SELECTED marks, short] */
void emit_selected(struct emit *e, const char *key, const struct deafen *d, const bool *selected);

/*
 * "keep": [{name, kind, where, why}], what stays with what stays (D->needs);
 * "warnings": what apply refuses without --force or --allow-lockout.
 */
void emit_kept(struct emit *e, const struct deafen *d);
/* plan's "expansions": what each name that is no service here was taken for, and selected. */
void emit_expansions(struct emit *e, const struct deafen *d);

/* Starts apply's or rollback's report: to stdout, or into a buffer for json or xml. */
void report_begin(struct deafen *d, char **buf, size_t *len);

/*
 * Ends it: for json or xml, one document with the backup id, the services
 * disabled (SELECTED, may be NULL), for rollback what was RESTORED (NULL
 * otherwise), the ports with their state, and the report's lines as "log".
 */
int report_end(struct deafen *d, char **buf, const char *backup, const bool *selected,
	       const struct target *t, size_t nt, const struct strv *restored);

#endif
