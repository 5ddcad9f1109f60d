/* test_policy.c - names, --keep and --disable on a hand-made inventory */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory.h"
#include "knowledge.h"
#include "policy.h"

static void
add(struct inventory *inv, enum kind kind, const char *names, bool enabled, bool network,
    bool super)
{
	struct service *s;

	inv->v = xrealloc(inv->v, (inv->n + 1) * sizeof(*inv->v));
	s = &inv->v[inv->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	strv_split(&s->names, names, " ");
	s->name = xstrdup(s->names.v[0]);
	/* its first name is its own; a number, its port */
	strv_push(&s->own, s->name);
	for (size_t i = 1; i < s->names.n; i++)
		if (strspn(s->names.v[i], "0123456789") == strlen(s->names.v[i]))
			strv_take(&s->ports, xasprintf("%s/tcp", s->names.v[i]));
	s->file = xstrdup("etc/x");
	s->node = xstrdup("/files/etc/x");
	s->detail = xstrdup("");
	s->enabled = enabled;
	s->network = network;
	s->superserver = super;
}

static struct inventory inv;

static int
setup(void **state)
{
	(void)state;
	memset(&inv, 0, sizeof(inv));
	add(&inv, KIND_INETD, "telnet in.telnetd 23", true, true, false);   /* 0 */
	add(&inv, KIND_INETD, "shell rsh in.rshd 514", true, true, false);  /* 1 */
	add(&inv, KIND_INETD, "talk in.talkd", false, true, false);         /* 2 */
	add(&inv, KIND_SYSV, "sshd ssh openssh-server 22", true, true, false); /* 3 */
	add(&inv, KIND_SYSV, "crond cron", true, false, false);             /* 4 */
	add(&inv, KIND_SYSV, "inet inetd", true, false, true);              /* 5 */
	add(&inv, KIND_SYSV, "mystery", true, false, false);                /* 6 */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	inventory_free(&inv);
	return 0;
}

static void
select_with(struct policy *p, const char *want)
{
	bool sel[16];
	char got[17] = { 0 };

	error_clear();
	assert_int_equal(policy_select(p, &inv, sel, NULL), 0);
	for (size_t i = 0; i < inv.n; i++)
		got[i] = sel[i] ? 'x' : '.';
	assert_string_equal(got, want);
}

static void
test_disable_by_alias_program_and_port(void **state)
{
	struct policy p = { 0 };

	(void)state;
	assert_int_equal(policy_add_list(&p, "rsh,in.telnetd", false), 0);
	select_with(&p, "xx.....");
	policy_free(&p);
	assert_int_equal(policy_add_list(&p, "22", false), 0);
	select_with(&p, "...x...");
	policy_free(&p);
}

static void
test_keep_spares_boot_scripts_and_superserver(void **state)
{
	struct policy p = { 0 };

	(void)state;
	assert_int_equal(policy_add_list(&p, "ssh", true), 0);
	/* talk is already off; cron, inet, mystery serve no network by what we know */
	select_with(&p, "xx.....");
	policy_free(&p);
}

static void
test_keep_plus_disable(void **state)
{
	struct policy p = { 0 };

	(void)state;
	assert_int_equal(policy_add_list(&p, "telnet", true), 0);
	assert_int_equal(policy_add_list(&p, "inetd", false), 0);
	select_with(&p, ".x.x.x.");
	policy_free(&p);
}

static void
test_unknown_and_conflict(void **state)
{
	struct policy p = { 0 };
	bool sel[16];

	(void)state;
	error_clear();
	assert_int_equal(policy_add_list(&p, "frobnicate", false), 0);
	assert_int_equal(policy_select(&p, &inv, sel, NULL), -EINVAL);
	assert_non_null(strstr(error_message(), "unknown service 'frobnicate'"));
	policy_free(&p);
	error_clear();
	assert_int_equal(policy_add_list(&p, "telnet", true), 0);
	assert_int_equal(policy_add_list(&p, "in.telnetd", false), 0);
	assert_int_equal(policy_select(&p, &inv, sel, NULL), -EINVAL);
	assert_non_null(strstr(error_message(), "both kept"));
	policy_free(&p);
	/* known to deafen, absent from this root: not an error, said */
	assert_int_equal(policy_add_list(&p, "named", false), 0);
	select_with(&p, ".......");
	{
		struct strv un = { 0 };

		assert_int_equal(policy_select(&p, &inv, sel, &un), 0);
		assert_int_equal(un.n, 1);
		assert_string_equal(un.v[0], "--disable named");
		strv_free(&un);
	}
	policy_free(&p);
}

static void
test_bad_lists_and_files(void **state)
{
	char path[] = "/tmp/deafen-policy-XXXXXX";
	struct policy p = { 0 };
	FILE *f;
	int fd;

	(void)state;
	error_clear();
	assert_int_equal(policy_add_list(&p, ",", false), -EINVAL);
	error_clear();
	assert_int_equal(policy_add_list(&p, "a b", true), -EINVAL);
	policy_free(&p);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("# site policy\nkeep ssh  # remote login\n\ndisable telnet\nenable foo\n", f);
	fclose(f);
	error_clear();
	assert_int_equal(policy_read_file(&p, path), -EINVAL);
	assert_non_null(strstr(error_message(), ":5: expected 'keep NAME', 'disable NAME' or 'mask'"));
	assert_int_equal(p.n, 2);
	assert_true(p.v[0].keep);
	assert_string_equal(p.v[1].name, "telnet");
	assert_non_null(strstr(p.v[1].origin, ":4"));
	policy_free(&p);
	unlink(path);
}

/* "mask" alone is --mask, and says so in the description a backup keeps */
static void
test_mask_line(void **state)
{
	static const char text[] = "keep ssh\nmask\n", bad[] = "keep ssh\nmask cups\n";
	struct policy p = { 0 };
	char *d;

	(void)state;
	error_clear();
	assert_int_equal(policy_parse(&p, "pol", text, strlen(text)), 0);
	assert_true(p.mask);
	assert_int_equal(p.n, 1);
	d = policy_describe(&p);
	assert_string_equal(d, "--keep ssh --mask");
	free(d);
	policy_free(&p);
	memset(&p, 0, sizeof(p));
	assert_int_equal(policy_parse(&p, "pol", bad, strlen(bad)), -EINVAL);
	assert_non_null(strstr(error_message(), "pol:2: expected"));
	assert_false(p.mask);
	policy_free(&p);
}

static void
test_knowledge_rows(void **state)
{
	struct strv v = { 0 };

	(void)state;
	knowledge_expand("portmap", &v);
	assert_true(strv_contains(&v, "rpcbind"));
	assert_true(strv_contains(&v, "sunrpc"));
	assert_true(knowledge_find("in.identd") == knowledge_find("auth"));
	assert_true(knowledge_find("xinetd")->flags & KNOWN_SUPERSERVER);
	assert_null(knowledge_find("cron"));
	strv_free(&v);
	/* an implementation brings its service's names, not its rivals */
	knowledge_expand("postfix", &v);
	assert_true(strv_contains(&v, "smtp"));
	assert_false(strv_contains(&v, "exim4"));
	assert_false(strv_contains(&v, "postfix"));
	strv_free(&v);
	knowledge_expand("smtp", &v);
	assert_false(strv_contains(&v, "sendmail"));
	strv_free(&v);
	knowledge_expand("ypserv", &v);
	assert_false(strv_contains(&v, "ypbind"));
	strv_free(&v);
}

/* --mask of a template's prefix or name masks the template; of an instance's name, not */
static void
test_names_template(void **state)
{
	struct service wg = { .kind = KIND_SYSTEMD, .name = "wg-quick@wg0.service" };
	struct service sv = { .kind = KIND_SYSV, .name = "wg-quick@wg0.service" };
	const char *yes[] = { "wg-quick", "wg-quick@.service" };
	const char *no[] = { "wg-quick@wg0", "wg-quick@wg0.service", "wg", "wg-quick@.socket",
			     "wg-quick@" };

	(void)state;
	for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
		struct policy p = { 0 };

		assert_int_equal(policy_add_list(&p, yes[i], false), 0);
		assert_true(policy_names_template(&p, &wg));
		assert_false(policy_names_template(&p, &sv));
		policy_free(&p);
		assert_int_equal(policy_add_list(&p, yes[i], true), 0);
		assert_false(policy_names_template(&p, &wg)); /* a keep names nothing to mask */
		policy_free(&p);
	}
	for (size_t i = 0; i < ELEMENTSOF(no); i++) {
		struct policy p = { 0 };

		assert_int_equal(policy_add_list(&p, no[i], false), 0);
		assert_false(policy_names_template(&p, &wg));
		policy_free(&p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disable_by_alias_program_and_port),
		cmocka_unit_test(test_keep_spares_boot_scripts_and_superserver),
		cmocka_unit_test(test_keep_plus_disable),
		cmocka_unit_test(test_unknown_and_conflict),
		cmocka_unit_test(test_bad_lists_and_files),
		cmocka_unit_test(test_mask_line),
		cmocka_unit_test(test_knowledge_rows),
		cmocka_unit_test(test_names_template),
	};

	return cmocka_run_group_tests_name("policy", tests, setup, teardown);
}
