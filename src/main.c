/* main.c - deafen: close every network service a host does not need
 *
 * The thin front: main() parses the options with the one table of commands
 * (commands.c; global options are taken before or after the command), loads
 * the root once, runs the command and reports its error once.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "deafen.h"
#include "emit.h"
#include "savedpolicy.h"
#include "source.h"

#ifndef LENSDIR
#define LENSDIR "/usr/local/share/deafen/lenses"
#endif

/* getopt_long's table, made from the option table */
static struct option long_options[OPT_END - OPT_ROOT + 1];

static void
make_long_options(void)
{
	size_t k = 0;

	for (size_t i = 0; i < n_opts; i++)
		long_options[k++] = (struct option){ opts[i].name,
						     opts[i].arg ? required_argument : no_argument,
						     NULL, (int)opts[i].id };
	long_options[k] = (struct option){ NULL, 0, NULL, 0 };
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

/* An option getopt did not know: WORD as written, with the nearest one. */
static int
unknown_option(const char *word, int optopt_)
{
	char **v, *name;
	const char *near;
	int r;

	if (!startswith(word, "--"))
		return errorf(-EINVAL, "unknown option '-%c' (see 'deafen --help')",
			      optopt_ ? optopt_ : '?');
	name = xstrndup(word + 2, strcspn(word + 2, "="));
	v = xcalloc(n_opts, sizeof(*v));
	for (size_t i = 0; i < n_opts; i++)
		v[i] = opts[i].scope == SCOPE_HIDDEN ? NULL : (char *)opts[i].name;
	near = closest_name(name, v, n_opts);
	/* getopt_long also refuses a prefix of two options */
	if (near == NULL) {
		size_t hits = 0;

		for (size_t i = 0; i < n_opts; i++)
			hits += *name != '\0' && startswith(opts[i].name, name);
		r = hits > 1 ? errorf(-EINVAL, "ambiguous option '--%s' (see 'deafen --help')", name)
			     : errorf(-EINVAL, "unknown option '--%s' (see 'deafen --help')", name);
	} else {
		r = errorf(-EINVAL, "unknown option '--%s'; did you mean '--%s'?", name, near);
	}
	free(name);
	free(v);
	return r;
}

static bool
use_color(const char *when)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (streq(when, "always"))
		return true;
	if (streq(when, "never"))
		return false;
	/* no-color.org: only a non-empty NO_COLOR counts */
	return isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0') &&
	       (term == NULL || !streq(term, "dumb"));
}

/* A value of one option: into D, checked against the option's choices. */
static int
set_option(struct deafen *d, enum opt_id id, const char *arg, const char **color)
{
	const struct opt *o = opt_find(id);

	if (o->choices != NULL) {
		struct strv ok = { 0 };
		bool found;

		strv_split(&ok, o->choices, " ");
		found = strv_contains(&ok, arg);
		strv_free(&ok);
		if (!found) {
			/* "text json xml": "text, json or xml" */
			char *alts = xstrdup(""), *t;
			struct strv v = { 0 };
			int r;

			strv_split(&v, o->choices, " ");
			for (size_t i = 0; i < v.n; i++) {
				t = xasprintf("%s%s%s", alts,
					      i == 0 ? "" : i + 1 == v.n ? " or " : ", ", v.v[i]);
				free(alts);
				alts = t;
			}
			strv_free(&v);
			r = errorf(-EINVAL, "--%s: expected %s, not '%s'", o->name, alts, arg);
			free(alts);
			return r;
		}
	}
	switch (id) {
	case OPT_ROOT:
		d->root = arg;
		break;
	case OPT_FORMAT:
		d->format = streq(arg, "text")	 ? FORMAT_TEXT
			    : streq(arg, "json") ? FORMAT_JSON
			    : streq(arg, "csv")	 ? FORMAT_CSV
						 : FORMAT_XML;
		break;
	case OPT_STYLE:
		if (style_parse(arg, &d->style) < 0)
			return errorf(-EINVAL, "--style: '%s' is no style", arg);
		break;
	case OPT_BACKUP_DIR:
		d->backup_dir = arg;
		break;
	case OPT_COLOR:
		*color = arg;
		break;
	case OPT_QUIET:
		d->verbosity = -1;
		break;
	case OPT_VERBOSE:
		d->verbosity = 1;
		break;
	case OPT_DISABLE:
	case OPT_KEEP:
		return policy_add_list(&d->policy, arg, id == OPT_KEEP);
	case OPT_POLICY:
		return policy_read_file(&d->policy, arg);
	case OPT_ALL:
		d->all = true;
		break;
	case OPT_ENABLED:
		d->enabled_only = true;
		break;
	case OPT_VERDICT:
		d->verdict = arg;
		break;
	case OPT_EXIT_CODE:
		d->exit_code = true;
		break;
	case OPT_STAT:
		d->stat = true;
		break;
	case OPT_MASK:
		d->mask = d->policy.mask = true;
		break;
	case OPT_SAVE_POLICY:
		d->save_policy = true;
		break;
	case OPT_NO_RELOAD:
		d->no_reload = true;
		break;
	case OPT_NO_CONFIRM:
		d->no_confirm = true;
		break;
	case OPT_CONFIRM_TIMEOUT: {
		char *end;
		double sec = strtod(arg, &end);

		if (*end != '\0' || end == arg || sec < 0 || sec > 3600)
			return errorf(-EINVAL, "--confirm-timeout: expected seconds, not '%s'", arg);
		d->confirm_ms = (int)(sec * 1000);
		break;
	}
	case OPT_YES:
		d->yes = true;
		break;
	case OPT_ALLOW_LOCKOUT:
		d->allow_lockout = true;
		break;
	case OPT_FORCE:
		d->force = true;
		break;
	case OPT_FIX:
		d->fix = true;
		break;
	case OPT_COMPLETION:
		d->completion = true;
		break;
	case OPT_ENABLE:
		strv_split(&d->enable, arg, ",");
		if (d->enable.n == 0)
			return errorf(-EINVAL, "--enable needs at least one name");
		break;
	case OPT_UNMASK:
		d->unmask = true;
		break;
	case OPT_NO_START:
		d->no_start = true;
		break;
	case OPT_ONLY:
		if (*arg == '\0' || strpbrk(arg, "\t\n\\/") != NULL)
			return errorf(-EINVAL, "--only: '%s' is no service name", arg);
		d->only = arg;
		break;
	case OPT_HELP:
	case OPT_VERSION:
	case OPT_NONE:
	case OPT_END:
		break;
	}
	return 0;
}

/*
 * Options before and after the command, then the words: the command and its
 * arguments. What a command does not take is refused once it is known. *HELP
 * is set for --help (main prints it, nothing else is done).
 */
static int
parse_args(struct deafen *d, int argc, char **argv, const struct command **cmd, bool *help)
{
	const char *color = "auto", *cmdname = NULL;
	const char *seen[OPT_END - OPT_ROOT] = { 0 }; /* each option as first written */
	int c, r;

	make_long_options();
	d->names = xcalloc((size_t)argc + 1, sizeof(*d->names));
	opterr = 0;
	/*
	 * "--": only words after it. Not left to getopt_long: at the end of
	 * argv it goes back to the first word after a "--", and the words were
	 * taken again and again past d->names ("deafen -- verify" crashed).
	 */
	while (!(optind < argc && streq(argv[optind], "--") && ++optind) &&
	       ((c = getopt_long(argc, argv, "+:qvh", long_options, NULL)) != -1 || optind < argc)) {
		if (c == -1) {
			/* a word: the command, then its arguments; then keep parsing options */
			if (cmdname == NULL)
				cmdname = argv[optind++];
			else
				d->names[d->n_names++] = argv[optind++];
			continue;
		}
		if (c == ':')
			return errorf(-EINVAL, "option '%s' needs an argument", argv[optind - 1]);
		if (c == '?')
			return unknown_option(argv[optind - 1], optopt);
		c = c == 'q' ? OPT_QUIET : c == 'v' ? OPT_VERBOSE : c == 'h' ? OPT_HELP : c;
		if (seen[c - OPT_ROOT] == NULL)
			seen[c - OPT_ROOT] = argv[optind - 1];
		if (c == OPT_VERSION) {
			printf("deafen %s\n", DEAFEN_VERSION);
			exit(EXIT_OK);
		}
		if ((r = set_option(d, (enum opt_id)c, optarg, &color)) < 0)
			return r;
	}
	while (optind < argc) /* the words after "--" */
		if (cmdname == NULL)
			cmdname = argv[optind++];
		else
			d->names[d->n_names++] = argv[optind++];
	d->color = use_color(color);
	*help = seen[OPT_HELP - OPT_ROOT] != NULL;
	if (cmdname == NULL) {
		if (*help)
			return 0;
		return errorf(-EINVAL, "no command given (see 'deafen --help')");
	}
	*cmd = command_find(cmdname);
	if (*cmd == NULL)
		return unknown_command(cmdname);
	if (*help)
		return 0;
	for (int id = OPT_ROOT; id < OPT_END; id++) {
		const struct opt *o = opt_find((enum opt_id)id);

		if (seen[id - OPT_ROOT] != NULL && !command_takes(*cmd, (enum opt_id)id))
			return errorf(-EINVAL, "%s takes no --%s (see 'deafen help %s')", cmdname,
				      o->name, cmdname);
	}
	if ((d->format == FORMAT_JSON && !((*cmd)->flags & CMD_JSON)) ||
	    (d->format == FORMAT_XML && !((*cmd)->flags & CMD_XML)) ||
	    (d->format == FORMAT_CSV && !((*cmd)->flags & CMD_CSV)))
		return errorf(-EINVAL, "%s takes no --format %s (see 'deafen help %s')", cmdname,
			      d->format == FORMAT_JSON  ? "json"
			      : d->format == FORMAT_CSV ? "csv"
							: "xml",
			      cmdname);
	if ((*cmd)->max_args >= 0 && d->n_names > (size_t)(*cmd)->max_args)
		return errorf(-EINVAL, "unexpected argument '%s' (see 'deafen help %s')",
			      d->names[(*cmd)->max_args], cmdname);
	d->arg = d->names[0];
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

	/* plan --enable: the names to turn on are the whole plan */
	if (d->enable.n > 0 && !policy_empty(&d->policy))
		return errorf(-EINVAL, "%s --enable takes no policy (--disable, --keep, --policy)",
			      cmd->name);
	if (d->enable.n > 0)
		return 0;
	if ((cmd->flags & CMD_SAVED_POLICY) && policy_empty(&d->policy) &&
	    saved_policy_exists(d->root)) {
		bool mask = d->policy.mask;

		r = saved_policy_load(d->root, &d->policy);
		d->policy.mask = mask || d->policy.mask;
		if (r == 0)
			note(d, "policy of %s", SAVED_POLICY);
	}
	/* a policy file's "mask" line is --mask */
	d->mask = d->mask || d->policy.mask;
	if (r == 0 && (cmd->flags & CMD_NEEDS_POLICY) && policy_empty(&d->policy))
		r = errorf(-EINVAL, "%s needs a policy: --disable, --keep or --policy (or one saved by "
				    "apply --save-policy)",
			   cmd->name);
	return r;
}

/* With --format json or xml, an error is a document on stdout too: {"error", "status"}. */
static void
error_doc(const struct deafen *d, int status)
{
	struct emit *e;

	if (d->format == FORMAT_TEXT)
		return;
	e = report_open(d);
	emit_string(e, "error", error_message());
	emit_int(e, "status", status);
	(void)emit_close(e);
	fflush(stdout);
}

#ifndef UNIT_TESTING
int
main(int argc, char **argv)
{
	struct deafen d = { .root = "/", .style = STYLE_AUTO, .confirm_ms = 5000 };
	const struct command *cmd = NULL;
	char *root = NULL, *lensdir = NULL;
	int r, lockfd = -1;
	bool help = false;

	/*
	 * The heap grows 16 MB at a time, not 128 KB: each time the top of the
	 * heap runs out glibc first consolidates every free small chunk, and a
	 * large inetd.conf made that a walk over a growing heap at every step
	 * (bench/RESULTS.md: 10,000 entries 5.3 -> 3.2 s). Address space only:
	 * a page costs memory when it is used.
	 */
	(void)mallopt(M_TOP_PAD, 16 << 20);
	d.out = stdout;
	d.lensdir = lens_dir(&lensdir);
	r = parse_args(&d, argc, argv, &cmd, &help);
	if (r == 0 && help) {
		if (cmd != NULL)
			help_command(stdout, cmd);
		else
			help_global(stdout);
		goto out;
	}
	if (r == 0 && !(cmd->flags & CMD_NO_ROOT) && (root = realpath(d.root, NULL)) == NULL)
		r = errorf(-EINVAL, "--root %s: %s", d.root, strerror(errno));
	if (r == 0 && root != NULL && !is_dir(root))
		r = errorf(-EINVAL, "--root %s: not a directory", d.root);
	if (r < 0) {
		tprintf(stderr, "deafen: %s\n", error_message());
		r = EXIT_USAGE;
		error_doc(&d, r);
		goto out;
	}
	if (root != NULL)
		d.root = root;
	if (!(cmd->flags & CMD_NO_ROOT))
		r = policy_or_saved(&d, cmd);
	if (r == 0 && ((cmd->flags & CMD_LOCK) || d.fix))
		r = lock_root(d.root, &lockfd);
	if (r == 0 && (cmd->flags & CMD_TREE)) {
		phase_start(&d);
		r = sources_open(&d.tree, d.root, d.lensdir);
		phase_end(&d, "tree load");
		if (r == 0) {
			verbose_tree(&d);
			r = inventory_build(&d.tree, &d.inv);
			phase_end(&d, "inventory");
			verbose_inventory(&d);
		}
	}
	if (r == 0) {
		phase_start(&d);
		r = cmd->fn(&d);
		phase_end(&d, "the rest of the command");
	}
	if (r >= 0 && (fflush(stdout) != 0 || ferror(stdout)))
		r = errorf(-EIO, "write error on standard output: %s", strerror(errno));
	if (r < 0) {
		report_error(&d, r, (cmd->flags & CMD_LOCK) || d.fix);
		r = exit_status(r);
		error_doc(&d, r);
	}
out:
	inventory_free(&d.inv);
	sources_close(&d.tree);
	policy_free(&d.policy);
	needs_free(&d.needs);
	free(root);
	free(lensdir);
	free(d.names);
	strv_free(&d.enable);
	if (lockfd >= 0)
		close(lockfd);
	return r;
}
#endif
