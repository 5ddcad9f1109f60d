/* help.c - --help, help COMMAND and the completion data, all from the table */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "deafen.h"

#define WIDTH 80
#define SYNOPSIS_COL 28 /* where a command's summary starts in the global help */
#define OPTION_COL 28   /* where an option's help starts */

/*
 * Writes TEXT at column *COL, word by word, breaking before a word that would
 * pass WIDTH; a new line starts at column INDENT. A word longer than a line
 * is written whole.
 */
static void
wrap(FILE *f, const char *text, size_t *col, size_t indent)
{
	while (*text != '\0') {
		size_t n = strcspn(text, " ");

		if (n > 0) {
			if (*col > indent && *col + 1 + n > WIDTH) {
				fprintf(f, "\n%*s", (int)indent, "");
				*col = indent;
			} else if (*col > indent) {
				fputc(' ', f);
				(*col)++;
			}
			fwrite(text, 1, n, f);
			*col += n;
		}
		text += n;
		text += strspn(text, " ");
	}
}

/* A blank, or a new line under INDENT, then ITEM, never broken inside. */
static bool
put_item(FILE *f, const char *item, size_t *col, size_t indent)
{
	size_t n = strlen(item);
	bool broke = false;

	if (*col + 1 + n > WIDTH) {
		fprintf(f, "\n%*s", (int)indent, "");
		*col = indent;
		broke = true;
	} else {
		fputc(' ', f);
		(*col)++;
	}
	fputs(item, f);
	*col += n;
	return broke;
}

/* TEXT from column START (where the cursor is), wrapped under column INDENT. */
static void
wrapln(FILE *f, const char *text, size_t start, size_t indent)
{
	size_t col = indent;

	if (start < indent)
		fprintf(f, "%*s", (int)(indent - start), "");
	wrap(f, text, &col, indent);
	fputc('\n', f);
}

/* "--root DIR", "-q, --quiet", "--format text|json|xml" (CHOICES: the values). */
static char *
opt_label(const struct opt *o, bool choices)
{
	char *arg = NULL, *s;

	if (o->arg != NULL && choices && o->choices != NULL) {
		arg = xstrdup(o->choices);
		for (char *p = arg; *p != '\0'; p++)
			if (*p == ' ')
				*p = '|';
	}
	s = xasprintf("%s%s%s--%s%s%s", o->short_name ? "-" : "",
		      o->short_name ? (char[]){ o->short_name, '\0' } : "", o->short_name ? ", " : "",
		      o->name, o->arg ? " " : "", o->arg ? (arg ? arg : o->arg) : "");
	free(arg);
	return s;
}

/*
 * "plan POLICY [--mask] [--exit-code] [--stat]", wrapped by item from *COL
 * under INDENT; true if it took more than one line.
 */
static bool
put_usage(FILE *f, const struct command *cmd, size_t *col, size_t indent)
{
	bool broke = false;

	fputs(cmd->name, f);
	*col += strlen(cmd->name);

	if (cmd->flags & CMD_POLICY)
		broke |= put_item(f, (cmd->flags & CMD_NEEDS_POLICY) ? "POLICY" : "[POLICY]", col,
				  indent);
	if (cmd->args != NULL)
		broke |= put_item(f, cmd->args, col, indent);
	for (const enum opt_id *p = cmd->opts; *p != OPT_NONE; p++) {
		const struct opt *o = opt_find(*p);
		char *item;

		if (o->scope == SCOPE_HIDDEN)
			continue;
		item = xasprintf("[--%s%s%s]", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		broke |= put_item(f, item, col, indent);
		free(item);
	}
	return broke;
}

/* "  LABEL      help", the help wrapped under itself. */
static void
option_line(FILE *f, const char *label, const char *help)
{
	size_t col = 2 + strlen(label);

	fprintf(f, "  %s", label);
	if (col + 1 > OPTION_COL) {
		fputc('\n', f);
		col = 0;
	}
	wrapln(f, help, col, OPTION_COL);
}

static void
global_synopsis(FILE *f)
{
	size_t col = strlen("usage: deafen");

	fputs("usage: deafen", f);
	for (size_t i = 0; i < n_opts; i++) {
		const struct opt *o = &opts[i];
		char *label, *item;

		if (o->scope != SCOPE_GLOBAL || o->id == OPT_HELP || o->id == OPT_VERSION ||
		    o->id == OPT_VERBOSE)
			continue;
		if (o->id == OPT_QUIET) {
			item = xstrdup("[-q|-v]");
		} else {
			label = opt_label(o, true);
			item = xasprintf("[%s]", label);
			free(label);
		}
		put_item(f, item, &col, 14);
		free(item);
	}
	put_item(f, "COMMAND", &col, 14);
	put_item(f, "[ARGS]", &col, 14);
	fputc('\n', f);
}

/* What exit CODE means for CMD, or NULL if it cannot end so. */
static const char *
exit_meaning(const struct command *cmd, int code)
{
	switch (code) {
	case EXIT_OK:
		return "done";
	case EXIT_RUNTIME:
		return "runtime error";
	case EXIT_USAGE:
		return "usage error";
	case EXIT_PARSE:
		return (cmd->flags & CMD_TREE) ? "an input file could not be parsed (nothing changed)"
					       : NULL;
	case EXIT_STILL_OPEN:
		return cmd->exit4;
	case EXIT_LOCKED:
		return (cmd->flags & CMD_LOCK) || command_takes(cmd, OPT_FIX)
			       ? "another deafen holds the lock on the root"
			       : NULL;
	case EXIT_DECLINED:
		return cmd->exit6;
	case EXIT_CHANGES:
		return cmd->exit10;
	}
	return NULL;
}

static const int exit_codes[] = { EXIT_OK,	   EXIT_RUNTIME, EXIT_USAGE,    EXIT_PARSE,
				  EXIT_STILL_OPEN, EXIT_LOCKED,  EXIT_DECLINED, EXIT_CHANGES };

/*
 * "0 done, ..., 4 apply, harden: a port ...; rollback: ..., 5 ...": the
 * commands are named where the meaning differs or only one can end so.
 */
static void
global_exits(FILE *f)
{
	size_t col = 0;

	wrap(f, "exit status:", &col, 0);
	for (size_t k = 0; k < ELEMENTSOF(exit_codes); k++) {
		int code = exit_codes[k];
		const char *first = NULL;
		size_t having = 0;
		bool same = true;
		char *text = xasprintf("%d", code), *t;

		for (size_t i = 0; i < n_commands; i++) {
			const char *m = exit_meaning(&commands[i], code);

			if (m == NULL)
				continue;
			having++;
			if (first == NULL)
				first = m;
			same = same && streq(m, first);
		}
		for (size_t i = 0; i < n_commands; i++) {
			const char *m = exit_meaning(&commands[i], code);
			bool earlier = false;

			if (m == NULL)
				continue;
			if (same && having > 1) {
				t = xasprintf("%s %s", text, m);
				free(text);
				text = t;
				break;
			}
			for (size_t j = 0; j < i; j++)
				earlier = earlier || (exit_meaning(&commands[j], code) != NULL &&
						      streq(exit_meaning(&commands[j], code), m));
			if (earlier)
				continue;
			/* the commands of that meaning, then the meaning */
			t = xasprintf("%s%s", text, m != first ? ";" : "");
			free(text);
			text = t;
			for (size_t j = i, n = 0; j < n_commands; j++) {
				const char *mj = exit_meaning(&commands[j], code);

				if (mj == NULL || !streq(mj, m))
					continue;
				t = xasprintf("%s%s %s", text, n++ ? "," : "", commands[j].name);
				free(text);
				text = t;
			}
			t = xasprintf("%s: %s", text, m);
			free(text);
			text = t;
		}
		t = xasprintf("%s%s", text, k + 1 < ELEMENTSOF(exit_codes) ? "," : "");
		free(text);
		wrap(f, t, &col, 0);
		free(t);
	}
	fputc('\n', f);
}

void
help_global(FILE *f)
{
	global_synopsis(f);
	fputs("\ncommands:\n", f);
	for (size_t i = 0; i < n_commands; i++) {
		size_t col = 2;
		bool wrapped;

		fputs("  ", f);
		/* a usage of two lines: the summary under it, not beside its end */
		wrapped = put_usage(f, &commands[i], &col, 6);
		if (col + 1 > SYNOPSIS_COL || wrapped) {
			fputc('\n', f);
			col = 0;
		}
		wrapln(f, commands[i].summary, col, SYNOPSIS_COL);
	}
	fputs("\nPOLICY: --disable NAME[,NAME...] | --keep NAME[,NAME...] | --policy FILE\n", f);
	for (size_t i = 0; i < n_opts; i++) {
		if (opts[i].scope == SCOPE_POLICY) {
			char *label = opt_label(&opts[i], true);

			option_line(f, label, opts[i].help);
			free(label);
		}
	}
	fputs("\nA NAME that is a service on the root (an init script, a systemd unit, its\n"
	      "base name or an alias, an inetd/xinetd service) selects that service only.\n"
	      "Else an LSB Provides names a script; else the NAME expands: a family word\n"
	      "(samba, vpn, www, mta, ...), an /etc/services name or a port number (what\n"
	      "listens there), another name of a known service (rsh), a daemon\n"
	      "(in.telnetd); plan says what it selected.\n"
	      "\nglobal options (before or after the command):\n",
	      f);
	for (size_t i = 0; i < n_opts; i++) {
		if (opts[i].scope == SCOPE_GLOBAL) {
			char *label = opt_label(&opts[i], false);

			option_line(f, label, opts[i].help);
			free(label);
		}
	}
	fputc('\n', f);
	global_exits(f);
	fputs("\nA command's options and exit statuses: deafen help COMMAND (or COMMAND --help).\n",
	      f);
}

void
help_command(FILE *f, const struct command *cmd)
{
	size_t col = strlen("usage: deafen ");

	fputs("usage: deafen ", f);
	put_usage(f, cmd, &col, 8);
	fputs("\n\n", f);
	wrapln(f, cmd->summary, 0, 0);
	fputc('\n', f);
	wrapln(f, cmd->help, 0, 0);
	if (cmd->flags & CMD_POLICY)
		fprintf(f, "\nPOLICY (%s):\n",
			(cmd->flags & CMD_NEEDS_POLICY) ? "one is needed, or a saved one"
			: (cmd->flags & CMD_SAVED_POLICY) ? "optional; else the saved one"
							 : "optional");
	for (size_t i = 0; i < n_opts && (cmd->flags & CMD_POLICY); i++) {
		if (opts[i].scope == SCOPE_POLICY) {
			char *label = opt_label(&opts[i], false);

			option_line(f, label, opts[i].help);
			free(label);
		}
	}
	fputs("\noptions:\n", f);
	for (const enum opt_id *p = cmd->opts; *p != OPT_NONE; p++) {
		const struct opt *o = opt_find(*p);
		char *label;

		if (o->scope == SCOPE_HIDDEN)
			continue;
		label = opt_label(o, false);
		option_line(f, label, o->help);
		free(label);
	}
	if (cmd->flags & (CMD_JSON | CMD_XML)) {
		char *h = xasprintf("text (default)%s%s", (cmd->flags & CMD_JSON) ? ", json" : "",
				    (cmd->flags & CMD_XML) ? ", xml" : "");

		option_line(f, "--format F", h);
		free(h);
	}
	fputs("  and the global options: deafen --help\n", f);
	fputs("\nexit status:\n", f);
	for (size_t k = 0; k < ELEMENTSOF(exit_codes); k++) {
		const char *m = exit_meaning(cmd, exit_codes[k]);

		if (m != NULL)
			fprintf(f, "  %-3d %s\n", exit_codes[k], m);
	}
}

/*
 * For contrib/bash-completion/deafen, one record a line:
 *   commands NAME...
 *   global OPTION...          (an option that takes a value ends with '=')
 *   command NAME OPTION...    (what that command takes besides the global ones)
 *   choices OPTION VALUE...
 */
void
help_completion(FILE *f)
{
	fputs("commands", f);
	for (size_t i = 0; i < n_commands; i++)
		fprintf(f, " %s", commands[i].name);
	fputs("\nglobal", f);
	for (size_t i = 0; i < n_opts; i++) {
		if (opts[i].scope != SCOPE_GLOBAL)
			continue;
		if (opts[i].short_name)
			fprintf(f, " -%c", opts[i].short_name);
		fprintf(f, " --%s%s", opts[i].name, opts[i].arg ? "=" : "");
	}
	fputc('\n', f);
	for (size_t i = 0; i < n_commands; i++) {
		fprintf(f, "command %s", commands[i].name);
		for (size_t k = 0; k < n_opts && (commands[i].flags & CMD_POLICY); k++)
			if (opts[k].scope == SCOPE_POLICY)
				fprintf(f, " --%s=", opts[k].name);
		for (const enum opt_id *p = commands[i].opts; *p != OPT_NONE; p++) {
			const struct opt *o = opt_find(*p);

			if (o->scope != SCOPE_HIDDEN)
				fprintf(f, " --%s%s", o->name, o->arg ? "=" : "");
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < n_opts; i++)
		if (opts[i].choices != NULL)
			fprintf(f, "choices --%s %s\n", opts[i].name, opts[i].choices);
}

int
cmd_help(struct deafen *d)
{
	const struct command *cmd;

	if (d->completion) {
		help_completion(stdout);
		return EXIT_OK;
	}
	if (d->n_names == 0) {
		help_global(stdout);
		return EXIT_OK;
	}
	cmd = command_find(d->names[0]);
	if (cmd == NULL)
		return unknown_command(d->names[0]);
	help_command(stdout, cmd);
	return EXIT_OK;
}

int
unknown_command(const char *name)
{
	char **v = xcalloc(n_commands, sizeof(*v));
	const char *near;
	int r;

	for (size_t i = 0; i < n_commands; i++)
		v[i] = (char *)commands[i].name;
	near = closest_name(name, v, n_commands);
	if (near != NULL)
		r = errorf(-EINVAL, "unknown command '%s'; did you mean '%s'?", name, near);
	else
		r = errorf(-EINVAL, "unknown command '%s' (see 'deafen help')", name);
	free(v);
	return r;
}
