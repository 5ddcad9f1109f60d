/* commands.h - the one table of commands and options, and what is made of it */
#ifndef DEAFEN_COMMANDS_H
#define DEAFEN_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

struct deafen;

/* Every option, once: the getopt values and the index in the option table. */
enum opt_id {
	OPT_NONE = 0,
	OPT_ROOT = 256,
	OPT_FORMAT,
	OPT_STYLE,
	OPT_BACKUP_DIR,
	OPT_COLOR,
	OPT_QUIET,
	OPT_VERBOSE,
	OPT_HELP,
	OPT_VERSION,
	OPT_DISABLE,
	OPT_KEEP,
	OPT_POLICY,
	OPT_ALL,
	OPT_ENABLED,
	OPT_VERDICT,
	OPT_EXIT_CODE,
	OPT_STAT,
	OPT_MASK,
	OPT_SAVE_POLICY,
	OPT_NO_RELOAD,
	OPT_NO_CONFIRM,
	OPT_CONFIRM_TIMEOUT,
	OPT_YES,
	OPT_FORCE,
	OPT_ALLOW_LOCKOUT,
	OPT_FIX,
	OPT_ENABLE,
	OPT_UNMASK,
	OPT_NO_START,
	OPT_ONLY,
	OPT_COMPLETION,
	OPT_END,
};

enum opt_scope {
	SCOPE_GLOBAL,  /* before or after any command */
	SCOPE_POLICY,  /* the commands that take a policy */
	SCOPE_COMMAND, /* those that list it */
	SCOPE_HIDDEN,  /* help --completion: for the bash completion only */
};

struct opt {
	enum opt_id id;
	const char *name;    /* "root": --root */
	char short_name;     /* 'q', or 0 */
	const char *arg;     /* "DIR", NULL when it takes no argument */
	const char *choices; /* "text json xml": the values it takes, if a fixed set */
	enum opt_scope scope;
	const char *help;    /* one line */
};

/* Flags of a command: the preconditions main() handles once. */
enum {
	CMD_TREE = 1 << 0,         /* reads the root's configuration first */
	CMD_LOCK = 1 << 1,         /* writes: one deafen at a time on a root */
	CMD_POLICY = 1 << 2,       /* takes --disable/--keep/--policy */
	CMD_NEEDS_POLICY = 1 << 3, /* and cannot run without one */
	CMD_SAVED_POLICY = 1 << 4, /* without a policy option: ROOT/etc/deafen/policy */
	CMD_JSON = 1 << 5,         /* --format json */
	CMD_XML = 1 << 6,          /* --format xml */
	CMD_NO_ROOT = 1 << 7,      /* needs no root at all (help, report) */
	CMD_CSV = 1 << 8,          /* --format csv */
};

struct command {
	const char *name;
	int (*fn)(struct deafen *d);
	unsigned flags;
	const enum opt_id *opts; /* the command's own options, ending with OPT_NONE */
	const char *args;        /* its arguments in the usage line: "[ID]", or NULL */
	int max_args;            /* how many it takes; -1: any number */
	const char *summary;     /* one line */
	const char *help;        /* a paragraph, wrapped when printed */
	const char *exit4;       /* what exit 4 means for it, or NULL */
	const char *exit6;       /* what exit 6 means for it, or NULL */
	const char *exit10;      /* what exit 10 means for it, or NULL */
};

extern const struct command commands[];
extern const size_t n_commands;
extern const struct opt opts[];
extern const size_t n_opts;

const struct command *command_find(const char *name);
const struct opt *opt_find(enum opt_id id);
bool command_takes(const struct command *cmd, enum opt_id id);

/* "--root", "-q": how the user writes it (static storage). */
const char *opt_spelling(const struct opt *o);

/* help.c: the texts made of the table. */
void help_global(FILE *f);
void help_command(FILE *f, const struct command *cmd);
/* What contrib/bash-completion/deafen reads: see help.c. */
void help_completion(FILE *f);

int cmd_help(struct deafen *d);
/* -EINVAL, with a did-you-mean when a command is near NAME. */
int unknown_command(const char *name);

#endif
