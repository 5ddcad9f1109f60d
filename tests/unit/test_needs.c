/* test_needs.c - what stays with what stays, and the session's sshd, on a
 * hand-made inventory and a fake /proc */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "inventory.h"
#include "needs.h"
#include "policy.h"
#include "session.h"

/* A service: NAMES (the first is its name), its program, "HOW\tNAME" needs and wants. */
static struct service *
add(struct inventory *inv, enum kind kind, const char *names, const char *program,
    bool network, const char *needs, const char *wants)
{
	struct service *s;

	inv->v = xrealloc(inv->v, (inv->n + 1) * sizeof(*inv->v));
	s = &inv->v[inv->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	strv_split(&s->names, names, " ");
	s->name = xstrdup(s->names.v[0]);
	/* its first name is its own; a unit's others too (base, template), a script's are Provides */
	strv_push(&s->own, s->name);
	for (size_t i = 1; i < s->names.n; i++)
		strv_push(kind == KIND_SYSTEMD ? &s->own : &s->provides, s->names.v[i]);
	s->file = xstrdup("etc/x");
	s->node = xstrdup("/files/etc/x");
	s->detail = xstrdup("");
	s->program = program ? xstrdup(program) : NULL;
	s->enabled = true;
	s->network = network;
	if (needs != NULL)
		strv_split(&s->needs, needs, ",");
	if (wants != NULL)
		strv_split(&s->wants, wants, ",");
	return s;
}

static struct inventory inv;

static int
setup(void **state)
{
	(void)state;
	memset(&inv, 0, sizeof(inv));
	add(&inv, KIND_SYSV, "nfs-kernel-server", "rpc.mountd", true,
	    "Required-Start\t$remote_fs,Required-Start\tnfs-common,Required-Start\t$portmap",
	    "Should-Start\t$named");                                                /* 0 */
	add(&inv, KIND_SYSV, "rpcbind portmap", "rpcbind", true, NULL, NULL);         /* 1 */
	add(&inv, KIND_SYSV, "nfs-common", "rpc.statd", true, NULL, NULL);            /* 2 */
	add(&inv, KIND_SYSTEMD, "wg-quick@wg0.service wg-quick", NULL, true, NULL, NULL); /* 3 */
	add(&inv, KIND_SYSV, "ssh", "sshd", true, "Required-Start\t$all,Required-Start\t$named",
	    NULL);                                                                     /* 4 */
	add(&inv, KIND_SYSV, "bind9 named", "named", true, NULL, NULL);                /* 5 */
	add(&inv, KIND_SYSTEMD, "app.service app", "app", false, "Requires\tcups.socket",
	    NULL);                                                                     /* 6 */
	add(&inv, KIND_SYSTEMD, "cups.socket cups", NULL, true, NULL, NULL);           /* 7 */
	add(&inv, KIND_SYSTEMD, "cups.service cups", "cupsd", true, "Requires\tcups.socket",
	    NULL);                                                                     /* 8 */
	add(&inv, KIND_INETD, "rstatd", "rpc.rstatd", true, NULL, NULL);               /* 9 */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	inventory_free(&inv);
	return 0;
}

/* The policy's selection, then needs_resolve's: "x" goes, "." stays, a letter a line. */
static void
resolve(const char *keep, const char *disable, const struct session *sess, bool allow,
	struct needs *n, const char *want)
{
	struct policy p = { 0 };
	bool sel[16];
	char got[17] = { 0 };

	error_clear();
	if (keep != NULL)
		assert_int_equal(policy_add_list(&p, keep, true), 0);
	if (disable != NULL)
		assert_int_equal(policy_add_list(&p, disable, false), 0);
	assert_int_equal(policy_select(&p, &inv, sel, NULL), 0);
	needs_resolve(&p, &inv, sess, allow, sel, n);
	for (size_t i = 0; i < inv.n; i++)
		got[i] = sel[i] ? 'x' : '.';
	assert_string_equal(got, want);
	policy_free(&p);
}

static void
test_keep_needs_transitively(void **state)
{
	struct session none = { 0 };
	struct needs n;

	(void)state;
	/* nfs keeps rpcbind ($portmap) and nfs-common; app (no network, stays) its cups.socket;
	 * wg-quick and ssh are ways in; bind9 is only wished for; rstatd goes, so no need of it */
	resolve("nfs-kernel-server", NULL, &none, false, &n, ".....x..xx");
	assert_non_null(n.why[1]);
	assert_non_null(strstr(n.why[1], "needed by nfs-kernel-server (Required-Start: $portmap)"));
	assert_non_null(strstr(n.why[2], "(Required-Start: nfs-common)"));
	assert_non_null(strstr(n.why[3], "a WireGuard VPN endpoint"));
	assert_non_null(strstr(n.why[4], "the way to log in remotely"));
	assert_null(n.why[5]);
	assert_string_equal(n.why[7], "needed by app.service (Requires=cups.socket)");
	assert_int_equal(n.conflicts.n, 0);
	/* $named orders the boot (the name server may be another host): a note, not a need */
	assert_int_equal(n.notes.n, 2);
	assert_non_null(strstr(n.notes.v[0], "bind9 goes, though nfs-kernel-server"));
	assert_string_equal(n.notes.v[1], "bind9 goes, though ssh (which stays) would like it "
					  "(Required-Start: $named): it starts without it");
	needs_free(&n);
}

static void
test_disable_what_stays_needs(void **state)
{
	struct session none = { 0 };
	struct needs n;

	(void)state;
	/* --disable names rpcbind: it stays selected, said once a pair */
	resolve("nfs-kernel-server,rstatd", "rpcbind", &none, false, &n, ".x...x..x.");
	assert_int_equal(n.conflicts.n, 3);
	assert_string_equal(n.conflicts.v[0],
			    "--disable rpcbind: rpcbind is needed by nfs-kernel-server, which "
			    "stays (Required-Start: $portmap)");
	/* nfs-common stays with nfs-kernel-server, and needs rpcbind itself */
	assert_non_null(strstr(n.conflicts.v[1], "rpcbind is needed by nfs-common, which stays "
						 "(known need: rpc.statd(8)"));
	assert_non_null(strstr(n.conflicts.v[2], "rpcbind is needed by rstatd, which stays "
						 "(known need: RPC services"));
	needs_free(&n);
	/* without --keep, the ways in are the policy's to disable */
	resolve(NULL, "wg-quick", &none, false, &n, "...x......");
	assert_null(n.why[3]);
	needs_free(&n);
}

static void
test_session_sshd(void **state)
{
	struct session sess = { 0 };
	struct needs n;

	(void)state;
	strv_push(&sess.programs, "sshd");
	sess.how = xstrdup("sshd pid 7");
	/* named by --disable: it stays selected, and apply refuses it */
	resolve(NULL, "ssh", &sess, false, &n, "....x.....");
	assert_int_equal(n.lockout.n, 1);
	assert_string_equal(n.lockout.v[0], "ssh carries this session (sshd pid 7): disabling it "
					    "cuts the connection deafen runs on");
	needs_free(&n);
	resolve(NULL, "ssh", &sess, true, &n, "....x.....");
	assert_int_equal(n.lockout.n, 0);
	assert_non_null(strstr(n.notes.v[0], "it goes (--allow-lockout)"));
	needs_free(&n);
	/* under --keep, it stays, and says why */
	resolve("nfs-kernel-server", NULL, &sess, false, &n, ".....x..xx");
	assert_string_equal(n.why[4], "carries this session (sshd pid 7)");
	needs_free(&n);
	session_free(&sess);
}

/* write DIR/REL with TEXT, making its directory */
static void
put(const char *dir, const char *rel, const char *text)
{
	char *p = xasprintf("%s/%s", dir, rel), *d = xstrdup(p);
	FILE *f;

	*strrchr(d, '/') = '\0';
	assert_int_equal(mkdir_p(d, 0755), 0);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
	free(d);
}

static void
test_session_find(void **state)
{
	char dir[] = "/tmp/test_needs.XXXXXX";
	struct session s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "self/stat", "99 (deafen) R 50 1 1 0 -1\n");
	put(dir, "50/comm", "bash\n");
	put(dir, "50/stat", "50 (bash) S 40 1 1 0 -1\n");
	put(dir, "40/comm", "sshd-session\n");
	put(dir, "40/stat", "40 (sshd-session) S 30 1 1 0 -1\n");
	put(dir, "30/comm", "sshd\n");
	put(dir, "30/stat", "30 (sshd) S 1 1 1 0 -1\n");
	put(dir, "30/cgroup", "0::/system.slice/ssh.service\n");
	put(dir, "1/comm", "systemd\n");
	put(dir, "1/stat", "1 (systemd) S 0 1 1 0 -1\n");
	setenv("DEAFEN_PROC", dir, 1);
	unsetenv("SSH_CONNECTION");
	session_find(&s);
	assert_int_equal(s.programs.n, 1);
	assert_string_equal(s.programs.v[0], "sshd");
	assert_int_equal(s.units.n, 1);
	assert_string_equal(s.units.v[0], "ssh.service");
	assert_string_equal(s.how, "sshd pid 40, sshd pid 30 (ssh.service)");
	/* ssh.service and the socket that starts it; not cups */
	assert_true(session_carries(&s, &inv.v[4]));
	assert_false(session_carries(&s, &inv.v[7]));
	session_free(&s);
	/* a loop in a fake /proc ends; nothing found, no SSH_CONNECTION: no session */
	put(dir, "self/stat", "99 (deafen) R 50 1 1 0 -1\n");
	put(dir, "50/stat", "50 (bash) S 50 1 1 0 -1\n");
	session_find(&s);
	assert_null(s.how);
	assert_int_equal(s.programs.n, 0);
	session_free(&s);
	setenv("SSH_CONNECTION", "192.0.2.9 50000 192.0.2.1 22", 1);
	session_find(&s);
	assert_string_equal(s.how, "SSH_CONNECTION=192.0.2.9 50000 192.0.2.1 22");
	assert_true(session_carries(&s, &inv.v[4]));
	session_free(&s);
	unsetenv("SSH_CONNECTION");
	unsetenv("DEAFEN_PROC");
	assert_int_equal(remove_tree_at(AT_FDCWD, dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keep_needs_transitively, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disable_what_stays_needs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_sshd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_find, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
