/* commands.c - the one table of commands and options
 *
 * Everything the command line accepts is here, once: main() parses with it,
 * help.c prints --help, `help COMMAND` and the completion data from it, so
 * that the help, the option check and the bash completion cannot disagree.
 */
#include <stddef.h>

#include "commands.h"
#include "deafen.h"

const struct opt opts[] = {
	{ OPT_ROOT, "root", 0, "DIR", NULL, SCOPE_GLOBAL,
	  "work on the system installed under DIR (default /)" },
	{ OPT_FORMAT, "format", 0, "F", "text json xml csv", SCOPE_GLOBAL,
	  "text (default), json, or xml or csv where the command has it" },
	{ OPT_STYLE, "style", 0, "S", "auto debian debian-legacy redhat", SCOPE_GLOBAL,
	  "how init script links are turned off (auto: redhat for /etc/rc.d or chkconfig "
	  "headers, else debian)" },
	{ OPT_BACKUP_DIR, "backup-dir", 0, "DIR", NULL, SCOPE_GLOBAL,
	  "where apply keeps its backups (default ROOT/var/backups/deafen)" },
	{ OPT_COLOR, "color", 0, "WHEN", "auto always never", SCOPE_GLOBAL,
	  "colour the diff and the dangerous services (auto: on a terminal, unless NO_COLOR "
	  "is set or TERM is dumb)" },
	{ OPT_QUIET, "quiet", 'q', NULL, NULL, SCOPE_GLOBAL, "say less on standard error" },
	{ OPT_VERBOSE, "verbose", 'v', NULL, NULL, SCOPE_GLOBAL,
	  "say what was read, by which lens, and how long each phase took" },
	{ OPT_HELP, "help", 'h', NULL, NULL, SCOPE_GLOBAL,
	  "this help; after a command, that command's" },
	{ OPT_VERSION, "version", 0, NULL, NULL, SCOPE_GLOBAL, "the version" },
	{ OPT_DISABLE, "disable", 0, "NAME[,NAME...]", NULL, SCOPE_POLICY, "disable these" },
	{ OPT_KEEP, "keep", 0, "NAME[,NAME...]", NULL, SCOPE_POLICY,
	  "disable every enabled network service but these" },
	{ OPT_POLICY, "policy", 0, "FILE", NULL, SCOPE_POLICY,
	  "one 'keep NAME' or 'disable NAME' a line; 'mask' alone on a line is --mask" },
	{ OPT_ALL, "all", 0, NULL, NULL, SCOPE_COMMAND,
	  "every service, not only those that serve or may serve the network" },
	{ OPT_ENABLED, "enabled", 0, NULL, NULL, SCOPE_COMMAND, "only the enabled services" },
	{ OPT_VERDICT, "verdict", 0, "V", "dangerous disable keep local unrecognized",
	  SCOPE_COMMAND,
	  "only the services of verdict V: dangerous, disable, keep, local or unrecognized" },
	{ OPT_EXIT_CODE, "exit-code", 0, NULL, NULL, SCOPE_COMMAND,
	  "exit 10 when there are changes (like git diff --exit-code)" },
	{ OPT_STAT, "stat", 0, NULL, NULL, SCOPE_COMMAND,
	  "only what goes, service by service (name, kind, where), not the diff" },
	{ OPT_MASK, "mask", 0, NULL, NULL, SCOPE_COMMAND,
	  "mask systemd units (a link to /dev/null, as systemctl mask) instead of disabling" },
	{ OPT_SAVE_POLICY, "save-policy", 0, NULL, NULL, SCOPE_COMMAND,
	  "record the policy in ROOT/etc/deafen/policy, for plan, apply, harden, verify" },
	{ OPT_NO_RELOAD, "no-reload", 0, NULL, NULL, SCOPE_COMMAND,
	  "change the files only: reload, stop and rescan nothing" },
	{ OPT_NO_CONFIRM, "no-confirm", 0, NULL, NULL, SCOPE_COMMAND,
	  "reload and stop, but do not rescan the ports" },
	{ OPT_CONFIRM_TIMEOUT, "confirm-timeout", 0, "S", NULL, SCOPE_COMMAND,
	  "how long the rescan waits for the ports, in seconds (default 5)" },
	{ OPT_YES, "yes", 0, NULL, NULL, SCOPE_COMMAND,
	  "apply without asking (needed without a terminal)" },
	{ OPT_FORCE, "force", 0, NULL, NULL, SCOPE_COMMAND,
	  "plan, apply, harden: disable what a service that stays needs too; rollback: restore "
	  "files changed since apply too (the newer copies stay in the backup)" },
	{ OPT_ALLOW_LOCKOUT, "allow-lockout", 0, NULL, NULL, SCOPE_COMMAND,
	  "plan, apply, harden: disable the sshd that carries this session too (deafen runs "
	  "over ssh)" },
	{ OPT_FIX, "fix", 0, NULL, NULL, SCOPE_COMMAND,
	  "disable again what would come back (an apply, with a backup)" },
	{ OPT_ENABLE, "enable", 0, "NAME[,NAME...]", NULL, SCOPE_COMMAND,
	  "plan: the diff of deafen enable NAME instead of a policy's" },
	{ OPT_UNMASK, "unmask", 0, NULL, NULL, SCOPE_COMMAND,
	  "plan --enable, enable: unmask masked systemd units first (as systemctl unmask)" },
	{ OPT_NO_START, "no-start", 0, NULL, NULL, SCOPE_COMMAND,
	  "enable: start no daemon, nor wait for its ports (inetd and xinetd still get SIGHUP)" },
	{ OPT_ONLY, "only", 0, "NAME", NULL, SCOPE_COMMAND,
	  "rollback ID: restore that backup's changes to this service only (its lines, links, "
	  "units); the rest stays applied" },
	{ OPT_COMPLETION, "completion", 0, NULL, NULL, SCOPE_HIDDEN,
	  "the table, for the bash completion" },
};
const size_t n_opts = ELEMENTSOF(opts);

static const enum opt_id no_opts[] = { OPT_NONE };
static const enum opt_id list_opts[] = { OPT_ALL, OPT_ENABLED, OPT_VERDICT, OPT_NONE };
static const enum opt_id plan_opts[] = { OPT_MASK, OPT_EXIT_CODE, OPT_STAT, OPT_FORCE,
					 OPT_ALLOW_LOCKOUT, OPT_ENABLE, OPT_UNMASK, OPT_NONE };
static const enum opt_id enable_opts[] = { OPT_UNMASK, OPT_NO_START, OPT_NO_RELOAD, OPT_NO_CONFIRM,
					   OPT_CONFIRM_TIMEOUT, OPT_NONE };
static const enum opt_id apply_opts[] = { OPT_MASK, OPT_SAVE_POLICY, OPT_NO_RELOAD, OPT_NO_CONFIRM,
					  OPT_CONFIRM_TIMEOUT, OPT_FORCE, OPT_ALLOW_LOCKOUT, OPT_NONE };
static const enum opt_id harden_opts[] = { OPT_MASK, OPT_YES, OPT_NO_RELOAD, OPT_NO_CONFIRM,
					   OPT_CONFIRM_TIMEOUT, OPT_FORCE, OPT_ALLOW_LOCKOUT,
					   OPT_NONE };
static const enum opt_id rollback_opts[] = { OPT_ONLY, OPT_FORCE, OPT_NO_RELOAD, OPT_NO_CONFIRM,
					     OPT_CONFIRM_TIMEOUT, OPT_NONE };
static const enum opt_id verify_opts[] = { OPT_FIX, OPT_NO_RELOAD, OPT_NO_CONFIRM,
					   OPT_CONFIRM_TIMEOUT, OPT_NONE };
static const enum opt_id help_opts[] = { OPT_COMPLETION, OPT_NONE };

const struct command commands[] = {
	{ "scan", cmd_scan, CMD_TREE | CMD_POLICY | CMD_JSON | CMD_XML, no_opts, NULL, 0,
	  "live listeners, their programs, what starts them",
	  "Every listening TCP socket and bound UDP socket, IPv4 and IPv6: protocol, address "
	  "and port, the service name from the root's /etc/services, pids, program, the "
	  "verdict, and the entry that starts it (an inetd.conf line, an xinetd file, an init "
	  "script and its links, a systemd unit), or 'unknown' with /proc/PID/exe. A policy "
	  "changes the verdicts only.",
	  NULL, NULL, NULL },
	{ "list", cmd_list, CMD_TREE | CMD_POLICY | CMD_JSON | CMD_XML, list_opts, "[NAME...]", -1,
	  "what serves the network or might, and where",
	  "The services the root's configuration can start, enabled or not: kind, state, "
	  "verdict, ports, and the entry that starts them. By default those that serve the "
	  "network or might (known network services, enabled unrecognized ones, "
	  "super-servers); --all shows every one, NAME arguments those services only. The "
	  "count of what is shown and hidden goes to stderr. A policy changes the verdicts "
	  "only.",
	  NULL, NULL, NULL },
	{ "plan", cmd_plan,
	  CMD_TREE | CMD_POLICY | CMD_NEEDS_POLICY | CMD_SAVED_POLICY | CMD_JSON | CMD_XML, plan_opts,
	  NULL, 0, "dry run: the diff of everything apply would change",
	  "The diff, in git's format, of every file and link apply would change; nothing is "
	  "written. The diff alone goes to standard output (git apply inside a copy of the "
	  "root makes the same change); what goes, and why, to standard error. Without a "
	  "policy option, the one saved by apply --save-policy.",
	  NULL, NULL, "there are changes (--exit-code)" },
	{ "apply", cmd_apply,
	  CMD_TREE | CMD_LOCK | CMD_POLICY | CMD_NEEDS_POLICY | CMD_SAVED_POLICY | CMD_JSON | CMD_XML,
	  apply_opts, NULL, 0, "backup, change, reload, stop, rescan and confirm",
	  "Makes the change plan shows: a backup and a journal first, then atomic writes and "
	  "link renames; then SIGHUP to the verified inetd and xinetd, the daemons of disabled "
	  "services stopped, and the sockets rescanned until their ports are closed. It "
	  "refuses (exit 2) to disable what a service that stays needs, unless --force, and "
	  "the sshd of the session deafen runs in, unless --allow-lockout.",
	  "a port is still open after the rescan", NULL, NULL },
	{ "enable", cmd_enable, CMD_TREE | CMD_LOCK | CMD_JSON | CMD_XML, enable_opts,
	  "NAME[,NAME...]", -1, "turn named services back on, as their own tools do",
	  "The inverse of apply, for the services named: an inetd.conf line loses update-inetd's "
	  "'#<off># ' prefix (a line commented out by hand is left alone), an xinetd block gets "
	  "'disable = no' (the line apply added goes), init script links go back from K to S in "
	  "the levels of Default-Start (update-rc.d enable; chkconfig on for redhat), a systemd "
	  "unit gets its [Install] links (systemctl enable; --unmask: systemctl unmask first). "
	  "With a backup and a journal as apply, so rollback undoes it; then SIGHUP to inetd and "
	  "xinetd, the daemons of its scripts and units started (on root /; --no-start leaves them), "
	  "and the sockets rescanned until their ports are open again: those an earlier apply "
	  "closed, else those their configuration names.",
	  NULL, NULL, NULL },
	{ "harden", cmd_harden,
	  CMD_TREE | CMD_LOCK | CMD_POLICY | CMD_SAVED_POLICY | CMD_JSON | CMD_XML, harden_opts,
	  NULL, 0, "the one-shot: plan, reasons, a question, apply",
	  "Shows the diff, what goes and why, then asks on the terminal; on yes, applies as "
	  "apply does and saves the policy. Without a policy it keeps ssh only, and says so; "
	  "as every --keep, it keeps the access services (ssh, VPN endpoints, remote "
	  "consoles) and what the services that stay need too.",
	  "a port is still open after the rescan", "declined, nothing changed", NULL },
	{ "rollback", cmd_rollback, CMD_LOCK | CMD_JSON | CMD_XML, rollback_opts, "[ID]", 1,
	  "restore a backup exactly, reload, rescan",
	  "Restores every file of the backup byte for byte with its mode and owner, and every "
	  "link with its target, then reloads and waits for the listeners to come back. A file "
	  "changed since apply stops it, unless --force. --only NAME: that service's changes "
	  "alone (its links, its lines merged into each file as it is now).",
	  "a listener did not come back", NULL, NULL },
	{ "verify", cmd_verify, CMD_TREE | CMD_POLICY | CMD_SAVED_POLICY | CMD_JSON | CMD_XML,
	  verify_opts, NULL, 0, "would a disabled service start again at boot?",
	  "For every service the policy disables (the given policy, the saved one, else the "
	  "newest backup's): would it start again at boot, in any runlevel whose rc runs its "
	  "start links (2-5 and S; 0-6 on Red Hat) or with any target that wants it? Each "
	  "finding names its runlevels or targets and whether the next boot uses one; -v adds "
	  "a chkconfig --list-like matrix, --format json a runlevels array.",
	  "a service would start again at boot, in some runlevel or target", NULL,
	  NULL },
	{ "backups", cmd_backups, CMD_JSON | CMD_XML, no_opts, NULL, 0,
	  "saved backups: id, time, files, links, state, policy",
	  "Each backup of the root: its id, time, how many files and links it holds, its state "
	  "(complete, interrupted, rolled back, incomplete, failed, partly rolled back after "
	  "rollback --only, overridden by the later rollback that undid it) and its policy.",
	  NULL, NULL, NULL },
	{ "report", cmd_report, CMD_NO_ROOT | CMD_JSON | CMD_CSV, no_opts, "FILE...", -1, "one page for a fleet: its list, scan, verify JSON", "Reads the documents 'deafen --format json list|scan|verify|backups' wrote, one or more per host (the host: a document's \"host\" member, else the file name less .json and less .list, .scan, .verify or .backups), and writes one self-contained HTML page: the totals, a hosts x services matrix, open and dangerous first, each host's open ports and what starts them, its drift. --format json: the same summary as data; --format csv: host,service,kind,state,verdict,ports a line.", NULL, NULL, NULL },
	{ "help", cmd_help, CMD_NO_ROOT, help_opts, "[COMMAND]", 1,
	  "this help, or a command's options and exit status",
	  "'deafen help COMMAND' is 'deafen COMMAND --help'.", NULL, NULL, NULL },
};
const size_t n_commands = ELEMENTSOF(commands);

const struct command *
command_find(const char *name)
{
	for (size_t i = 0; i < n_commands; i++)
		if (streq(commands[i].name, name))
			return &commands[i];
	return NULL;
}

const struct opt *
opt_find(enum opt_id id)
{
	for (size_t i = 0; i < n_opts; i++)
		if (opts[i].id == id)
			return &opts[i];
	return NULL;
}

bool
command_takes(const struct command *cmd, enum opt_id id)
{
	const struct opt *o = opt_find(id);

	if (o == NULL)
		return false;
	if (o->scope == SCOPE_GLOBAL)
		return true;
	if (o->scope == SCOPE_POLICY)
		return (cmd->flags & CMD_POLICY) != 0;
	for (const enum opt_id *p = cmd->opts; *p != OPT_NONE; p++)
		if (*p == id)
			return true;
	return false;
}

const char *
opt_spelling(const struct opt *o)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "--%s", o->name);
	return buf;
}
