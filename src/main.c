/* main.c - deafen: close every network service a host does not need
 *
 * One table of commands; main() parses the options (global ones are taken
 * before or after the command), loads the root once, runs the command and
 * reports its error once.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deafen.h"
#include "savedpolicy.h"

#ifndef LENSDIR
#define LENSDIR "/usr/local/share/deafen/lenses"
#endif

enum {
	NEEDS_POLICY = 1 << 0, /* takes --disable/--keep/--policy */
	TAKES_EXIT_CODE = 1 << 1,
	NEEDS_TREE = 1 << 2,   /* reads the root's configuration first */
	NEEDS_LOCK = 1 << 3,   /* writes: one deafen at a time on a root */
	TAKES_ID = 1 << 4,     /* an optional argument: a backup id */
	TAKES_FORCE = 1 << 5,
	TAKES_RELOAD = 1 << 6, /* --no-reload, --no-confirm */
	TAKES_POLICY = 1 << 7, /* an optional policy */
	TAKES_YES = 1 << 8,
	JSON_OK = 1 << 9,      /* --format json */
	XML_OK = 1 << 10,      /* --format xml */
	TAKES_MASK = 1 << 11,  /* --mask */
	SAVED_POLICY_OK = 1 << 12, /* without a policy option: ROOT/etc/deafen/policy */
	TAKES_SAVE = 1 << 13,  /* --save-policy */
	TAKES_FIX = 1 << 14,   /* --fix */
	TAKES_FILTERS = 1 << 15, /* list: --all, --enabled, --verdict, NAME... */
	TAKES_STAT = 1 << 16,  /* --stat */
};

struct command {
	const char *name;
	int (*fn)(struct deafen *d);
	unsigned flags;
	const char *synopsis;
	const char *help;
};

static const struct command commands[] = {
	{ "scan", cmd_scan, NEEDS_TREE | TAKES_POLICY | JSON_OK, "scan [POLICY]",
	  "live listeners: proto, address:port, service, pid, program, and the entry that starts it" },
	{ "list", cmd_list, NEEDS_TREE | TAKES_POLICY | TAKES_FILTERS | JSON_OK | XML_OK,
	  "list [POLICY] [--all] [--enabled] [--verdict V] [NAME...]",
	  "what serves the network or might (--all: every service), its state and where" },
	{ "plan", cmd_plan,
	  NEEDS_TREE | NEEDS_POLICY | SAVED_POLICY_OK | TAKES_EXIT_CODE | TAKES_MASK | TAKES_STAT |
		  JSON_OK,
	  "plan POLICY [--mask] [--stat] [--exit-code]",
	  "dry run: the diff of everything apply would change; changes nothing" },
	{ "apply", cmd_apply,
	  NEEDS_TREE | NEEDS_LOCK | NEEDS_POLICY | SAVED_POLICY_OK | TAKES_RELOAD | TAKES_MASK |
		  TAKES_SAVE | JSON_OK,
	  "apply POLICY [--mask] [--save-policy] [--no-reload] [--no-confirm]",
	  "backup, change, reload inetd/xinetd, stop daemons, rescan and confirm" },
	{ "harden", cmd_harden,
	  NEEDS_TREE | NEEDS_LOCK | TAKES_POLICY | SAVED_POLICY_OK | TAKES_RELOAD | TAKES_YES |
		  TAKES_MASK | JSON_OK,
	  "harden [POLICY] [--mask] [--yes]",
	  "the one-shot: show the plan and why, ask, apply, confirm (default: keep ssh only)" },
	{ "rollback", cmd_rollback, NEEDS_LOCK | TAKES_ID | TAKES_FORCE | TAKES_RELOAD | JSON_OK,
	  "rollback [ID] [--force]",
	  "restore the newest (or the given) backup exactly, reload, rescan" },
	{ "verify", cmd_verify,
	  NEEDS_TREE | TAKES_POLICY | SAVED_POLICY_OK | TAKES_FIX | TAKES_RELOAD | JSON_OK,
	  "verify [POLICY] [--fix]",
	  "would a disabled service start again at the next boot? --fix disables it again" },
	{ "backups", cmd_backups, JSON_OK, "backups", "list saved backups: id, time, what they hold" },
};

enum {
	OPT_ROOT = 256,
	OPT_FORMAT,
	OPT_STYLE,
	OPT_BACKUP_DIR,
	OPT_COLOR,
	OPT_DISABLE,
	OPT_KEEP,
	OPT_POLICY,
	OPT_EXIT_CODE,
	OPT_VERSION,
	OPT_FORCE,
	OPT_NO_RELOAD,
	OPT_NO_CONFIRM,
	OPT_CONFIRM_TIMEOUT,
	OPT_YES,
	OPT_MASK,
	OPT_SAVE_POLICY,
	OPT_FIX,
	OPT_ALL,
	OPT_ENABLED,
	OPT_VERDICT,
	OPT_STAT,
};

static const struct option options[] = {
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "style", required_argument, NULL, OPT_STYLE },
	{ "backup-dir", required_argument, NULL, OPT_BACKUP_DIR },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "keep", required_argument, NULL, OPT_KEEP },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "exit-code", no_argument, NULL, OPT_EXIT_CODE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "no-reload", no_argument, NULL, OPT_NO_RELOAD },
	{ "no-confirm", no_argument, NULL, OPT_NO_CONFIRM },
	{ "confirm-timeout", required_argument, NULL, OPT_CONFIRM_TIMEOUT },
	{ "yes", no_argument, NULL, OPT_YES },
	{ "mask", no_argument, NULL, OPT_MASK },
	{ "save-policy", no_argument, NULL, OPT_SAVE_POLICY },
	{ "fix", no_argument, NULL, OPT_FIX },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "enabled", no_argument, NULL, OPT_ENABLED },
	{ "verdict", required_argument, NULL, OPT_VERDICT },
	{ "stat", no_argument, NULL, OPT_STAT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void
usage(FILE *f)
{
	fputs("usage: deafen [--root DIR] [--format text|json|xml] "
	      "[--style auto|debian|debian-legacy|redhat]\n"
	      "              [--backup-dir DIR] [--color auto|always|never] [-q|-v] COMMAND [ARGS]\n"
	      "\ncommands:\n",
	      f);
	for (size_t i = 0; i < ELEMENTSOF(commands); i++) {
		if (strlen(commands[i].synopsis) > 26)
			fprintf(f, "  %s\n  %-26s %s\n", commands[i].synopsis, "", commands[i].help);
		else
			fprintf(f, "  %-26s %s\n", commands[i].synopsis, commands[i].help);
	}
	fputs("\nPOLICY: --disable NAME[,NAME...]   disable these\n"
	      "        --keep NAME[,NAME...]      disable every enabled network service but these\n"
	      "        --policy FILE              one 'keep NAME' or 'disable NAME' a line;\n"
	      "                                   'mask' alone on a line is --mask\n"
	      "\nA NAME is an inetd/xinetd service, an /etc/services name, alias or port, an init\n"
	      "script or its LSB Provides, a systemd unit (ssh.service) or its base name (ssh:\n"
	      "the .service, .socket and .path units of that name), a program (in.telnetd) or a\n"
	      "known alias (rsh, portmap).\n"
	      "\n--root DIR      work on the system installed under DIR (default /)\n"
	      "--format F      text (default); json for every command but harden's questions;\n"
	      "                xml for list (the services and the Augeas tree itself)\n"
	      "--style S       how init script links are disabled: debian (update-rc.d disable),\n"
	      "                debian-legacy (S20 -> K80), redhat (chkconfig off); auto picks\n"
	      "                redhat for /etc/rc.d or chkconfig headers, else debian\n"
	      "--backup-dir D  where apply keeps its backups (default ROOT/var/backups/deafen)\n"
	      "--exit-code     plan: exit 10 when there are changes\n"
	      "--yes           harden: apply without asking (needed without a terminal)\n"
	      "--save-policy   apply: record the policy in ROOT/etc/deafen/policy (harden always\n"
	      "                does); plan, apply, harden and verify take it when given none\n"
	      "--fix           verify: disable again what would come back (apply, with a backup)\n"
	      "--all           list: every service, not only what serves the network or might\n"
	      "--enabled       list: only the enabled ones\n"
	      "--verdict V     list: only verdict V (dangerous, disable, keep, unrecognized)\n"
	      "--stat          plan: the services it disables (name, kind, where), no diff\n"
	      "--mask          plan, apply, harden: mask systemd units (a link to /dev/null,\n"
	      "                as systemctl mask) instead of disabling them (systemctl disable:\n"
	      "                their enablement links removed, Also= units too)\n"
	      "--force         rollback: restore files changed since apply too (the newer\n"
	      "                copies are kept in the backup)\n"
	      "--no-reload     apply, rollback: change the files only; reload nothing, stop\n"
	      "                nothing, rescan nothing\n"
	      "--no-confirm    apply, rollback: reload and stop, but do not rescan the ports\n"
	      "--confirm-timeout S  how long the rescan waits for the ports (default 5)\n"
	      "\nexit status: 0 done, 1 runtime error, 2 usage error, 3 an input file could not\n"
	      "be parsed (nothing changed), 4 apply: a port is still open after the rescan\n"
	      "(rollback: a listener did not come back; verify: a service comes back at\n"
	      "boot), 5 another deafen holds the lock, 6 harden: the answer was no (nothing\n"
	      "changed), 10 plan --exit-code found changes\n",
	      f);
}

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < ELEMENTSOF(commands); i++)
		if (streq(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int
exit_status(int r)
{
	switch (r) {
	case -EINVAL:
		return EXIT_USAGE;
	case -EBADMSG:
	case -EXDEV:
	case -ELOOP:
		return EXIT_PARSE;
	case -EWOULDBLOCK:
		return EXIT_LOCKED;
	default:
		return EXIT_RUNTIME;
	}
}

static int
parse_args(struct deafen *d, int argc, char **argv, const struct command **cmd)
{
	const char *color = "auto", *cmdname = NULL;
	bool policy_seen = false, exit_code_seen = false, force_seen = false, reload_seen = false;
	bool yes_seen = false, mask_seen = false, save_seen = false, fix_seen = false;
	bool filter_seen = false, stat_seen = false;
	int c, r = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:qvh", options, NULL)) != -1 || optind < argc) {
		if (c == -1) {
			/* a word: the command, then keep parsing its options */
			if (cmdname == NULL) {
				cmdname = argv[optind++];
			} else {
				/* list's names, or rollback's ID: checked below */
				d->names = xrealloc(d->names, (d->n_names + 1) * sizeof(*d->names));
				d->names[d->n_names++] = argv[optind++];
			}
			continue;
		}
		switch (c) {
		case OPT_ROOT:
			d->root = optarg;
			break;
		case OPT_FORMAT:
			if (streq(optarg, "text"))
				d->format = FORMAT_TEXT;
			else if (streq(optarg, "json"))
				d->format = FORMAT_JSON;
			else if (streq(optarg, "xml"))
				d->format = FORMAT_XML;
			else
				return errorf(-EINVAL, "--format: expected text, json or xml, not '%s'",
					      optarg);
			break;
		case OPT_STYLE:
			if (style_parse(optarg, &d->style) < 0)
				return errorf(-EINVAL,
					      "--style: expected auto, debian, debian-legacy or "
					      "redhat, not '%s'",
					      optarg);
			break;
		case OPT_BACKUP_DIR:
			d->backup_dir = optarg;
			break;
		case OPT_COLOR:
			if (!streq(optarg, "auto") && !streq(optarg, "always") &&
			    !streq(optarg, "never"))
				return errorf(-EINVAL,
					      "--color: expected auto, always or never, not '%s'",
					      optarg);
			color = optarg;
			break;
		case 'q':
			d->verbosity = -1;
			break;
		case 'v':
			d->verbosity = 1;
			break;
		case OPT_DISABLE:
		case OPT_KEEP:
			policy_seen = true;
			r = policy_add_list(&d->policy, optarg, c == OPT_KEEP);
			break;
		case OPT_POLICY:
			policy_seen = true;
			r = policy_read_file(&d->policy, optarg);
			break;
		case OPT_EXIT_CODE:
			exit_code_seen = true;
			d->exit_code = true;
			break;
		case OPT_YES:
			yes_seen = d->yes = true;
			break;
		case OPT_MASK:
			mask_seen = d->mask = d->policy.mask = true;
			break;
		case OPT_SAVE_POLICY:
			save_seen = d->save_policy = true;
			break;
		case OPT_FIX:
			fix_seen = d->fix = true;
			break;
		case OPT_FORCE:
			force_seen = d->force = true;
			break;
		case OPT_ALL:
			filter_seen = d->all = true;
			break;
		case OPT_ENABLED:
			filter_seen = d->enabled_only = true;
			break;
		case OPT_VERDICT:
			if (!streq(optarg, "dangerous") && !streq(optarg, "disable") &&
			    !streq(optarg, "keep") && !streq(optarg, "unrecognized"))
				return errorf(-EINVAL, "--verdict: expected dangerous, disable, keep "
						       "or unrecognized, not '%s'",
					      optarg);
			filter_seen = true;
			d->verdict = optarg;
			break;
		case OPT_STAT:
			stat_seen = d->stat = true;
			break;
		case OPT_NO_RELOAD:
			d->no_reload = true;
			reload_seen = true;
			break;
		case OPT_NO_CONFIRM:
			d->no_confirm = true;
			reload_seen = true;
			break;
		case OPT_CONFIRM_TIMEOUT: {
			char *end;
			double sec = strtod(optarg, &end);

			if (*end != '\0' || end == optarg || sec < 0 || sec > 3600)
				return errorf(-EINVAL, "--confirm-timeout: expected seconds, not '%s'",
					      optarg);
			d->confirm_ms = (int)(sec * 1000);
			reload_seen = true;
			break;
		}
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case OPT_VERSION:
			printf("deafen %s\n", DEAFEN_VERSION);
			exit(EXIT_OK);
		case ':':
			return errorf(-EINVAL, "option '%s' needs an argument", argv[optind - 1]);
		default:
			return errorf(-EINVAL, "unknown option '%s'", argv[optind - 1]);
		}
		if (r < 0)
			return r;
	}
	if (cmdname == NULL)
		return errorf(-EINVAL, "no command given (try 'deafen --help')");
	*cmd = find_command(cmdname);
	if (*cmd == NULL)
		return errorf(-EINVAL, "unknown command '%s' (try 'deafen --help')", cmdname);
	if ((d->format == FORMAT_JSON && !((*cmd)->flags & JSON_OK)) ||
	    (d->format == FORMAT_XML && !((*cmd)->flags & XML_OK)))
		return errorf(-EINVAL, "%s: --format %s is not supported yet", cmdname,
			      d->format == FORMAT_JSON ? "json" : "xml");
	if (yes_seen && !((*cmd)->flags & TAKES_YES))
		return errorf(-EINVAL, "%s takes no --yes", cmdname);
	if (mask_seen && !((*cmd)->flags & TAKES_MASK))
		return errorf(-EINVAL, "%s takes no --mask", cmdname);
	if (save_seen && !((*cmd)->flags & TAKES_SAVE))
		return errorf(-EINVAL, "%s takes no --save-policy", cmdname);
	if (fix_seen && !((*cmd)->flags & TAKES_FIX))
		return errorf(-EINVAL, "%s takes no --fix", cmdname);
	if (policy_seen && !((*cmd)->flags & (NEEDS_POLICY | TAKES_POLICY)))
		return errorf(-EINVAL, "%s takes no policy", cmdname);
	if (exit_code_seen && !((*cmd)->flags & TAKES_EXIT_CODE))
		return errorf(-EINVAL, "%s takes no --exit-code", cmdname);
	if (force_seen && !((*cmd)->flags & TAKES_FORCE))
		return errorf(-EINVAL, "%s takes no --force", cmdname);
	if (reload_seen && !((*cmd)->flags & TAKES_RELOAD))
		return errorf(-EINVAL, "%s takes no --no-reload, --no-confirm or --confirm-timeout",
			      cmdname);
	if (filter_seen && !((*cmd)->flags & TAKES_FILTERS))
		return errorf(-EINVAL, "%s takes no --all, --enabled or --verdict", cmdname);
	if (stat_seen && !((*cmd)->flags & TAKES_STAT))
		return errorf(-EINVAL, "%s takes no --stat", cmdname);
	if (d->n_names > 0 && ((*cmd)->flags & TAKES_ID) && d->n_names == 1) {
		d->arg = d->names[0];
		d->n_names = 0;
	}
	if (d->n_names > 0 && !((*cmd)->flags & TAKES_FILTERS))
		return errorf(-EINVAL, "unexpected argument '%s'",
			      d->names[((*cmd)->flags & TAKES_ID) ? 1 : 0]);
	d->color = streq(color, "always") ||
		   (streq(color, "auto") && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL);
	return 0;
}

static bool
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * $DEAFEN_LENS_DIR; else lenses/ beside the binary (a build tree, so that a
 * stale install is never used by mistake); else the compiled-in path; else
 * ../share/deafen/lenses beside the binary (an install under DESTDIR).
 */
static const char *
lens_dir(char **owned)
{
	char exe[PATH_MAX], *dir;
	ssize_t k;

	if (getenv("DEAFEN_LENS_DIR") != NULL)
		return getenv("DEAFEN_LENS_DIR");
	k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (k > 0) {
		exe[k] = '\0';
		*strrchr(exe, '/') = '\0';
		dir = xasprintf("%s/lenses", exe);
		if (is_dir(dir))
			return *owned = dir;
		free(dir);
		if (!is_dir(LENSDIR)) {
			dir = xasprintf("%s/../share/deafen/lenses", exe);
			if (is_dir(dir))
				return *owned = dir;
			free(dir);
		}
	}
	return LENSDIR;
}

/* flock(2) on the root directory itself: nothing is created for it. */
static int
lock_root(const char *root, int *fd)
{
	*fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return errorf(-errno, "%s: %s", root, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			return errorf(-EWOULDBLOCK, "another deafen holds the lock on %s", root);
		return errorf(-errno, "lock %s: %s", root, strerror(errno));
	}
	return 0;
}

/* No policy option: the one apply --save-policy recorded under the root, if any. */
static int
policy_or_saved(struct deafen *d, const struct command *cmd)
{
	int r = 0;

	if ((cmd->flags & SAVED_POLICY_OK) && policy_empty(&d->policy) &&
	    saved_policy_exists(d->root)) {
		bool mask = d->policy.mask;

		r = saved_policy_load(d->root, &d->policy);
		d->policy.mask = mask || d->policy.mask;
		if (r == 0)
			note(d, "policy of %s", SAVED_POLICY);
	}
	/* a policy file's "mask" line is --mask */
	d->mask = d->mask || d->policy.mask;
	if (r == 0 && (cmd->flags & NEEDS_POLICY) && policy_empty(&d->policy))
		r = errorf(-EINVAL, "%s needs a policy: --disable, --keep or --policy (or one saved by "
				    "apply --save-policy)",
			   cmd->name);
	return r;
}

#ifndef UNIT_TESTING
int
main(int argc, char **argv)
{
	struct deafen d = { .root = "/", .style = STYLE_AUTO, .confirm_ms = 5000, .restored = -1 };
	const struct command *cmd = NULL;
	char *root = NULL, *lensdir = NULL;
	int r, lockfd = -1;

	d.out = stdout;
	d.lensdir = lens_dir(&lensdir);
	r = parse_args(&d, argc, argv, &cmd);
	if (r == 0 && (root = realpath(d.root, NULL)) == NULL)
		r = errorf(-EINVAL, "--root %s: %s", d.root, strerror(errno));
	if (r == 0 && !is_dir(root))
		r = errorf(-EINVAL, "--root %s: not a directory", d.root);
	if (r < 0) {
		tprintf(stderr, "deafen: %s\n", error_message());
		r = EXIT_USAGE;
		goto out;
	}
	d.root = root;
	r = policy_or_saved(&d, cmd);
	if (r == 0 && ((cmd->flags & NEEDS_LOCK) || d.fix))
		r = lock_root(d.root, &lockfd);
	if (r == 0 && (cmd->flags & NEEDS_TREE)) {
		r = tree_open(&d.tree, d.root, d.lensdir);
		if (r == 0)
			r = inventory_build(&d.tree, &d.inv);
	}
	if (r == 0)
		r = cmd->fn(&d);
	if (r >= 0 && (fflush(stdout) != 0 || ferror(stdout)))
		r = errorf(-EIO, "write error on standard output: %s", strerror(errno));
	if (r < 0) {
		tprintf(stderr, "deafen: %s\n", error_message());
		r = exit_status(r);
	}
out:
	inventory_free(&d.inv);
	tree_close(&d.tree);
	policy_free(&d.policy);
	free(d.names);
	free(root);
	free(lensdir);
	if (lockfd >= 0)
		close(lockfd);
	return r;
}
#endif
