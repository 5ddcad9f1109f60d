/* test_rclinks.c - disabling links the way update-rc.d, sysv-rc and chkconfig do */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rclinks.h"
#include "tree.h"
#include "util.h"

/* Runs one level and renders the edits as "R S20a>K20a" "D S20a" "C K80a" lines. */
static char *
run(enum style style, const char *script, const struct rclink *links, size_t n, int stop)
{
	struct link_edit *e = NULL;
	size_t ne = 0;
	char *out = xstrdup("");

	rclinks_disable_level(style, '2', "etc/rc2.d", script, links, n, stop, &e, &ne);
	for (size_t i = 0; i < ne; i++) {
		char *next;

		assert_string_equal(e[i].dir, "etc/rc2.d");
		assert_int_equal(e[i].level, '2');
		if (e[i].op == LINK_RENAME)
			next = xasprintf("%sR %s>%s %s;", out, e[i].from, e[i].to, e[i].target);
		else if (e[i].op == LINK_DELETE)
			next = xasprintf("%sD %s;", out, e[i].from);
		else
			next = xasprintf("%sC %s %s;", out, e[i].to, e[i].target);
		free(out);
		out = next;
	}
	link_edits_free(e, ne);
	return out;
}

static void
expect(enum style style, const char *script, const struct rclink *links, size_t n, int stop,
       const char *want)
{
	char *got = run(style, script, links, n, stop);

	assert_string_equal(got, want);
	free(got);
}

static void
test_debian_keeps_the_number(void **state)
{
	const struct rclink l[] = { { "S20telnet", "../init.d/telnet" } };

	(void)state;
	expect(STYLE_DEBIAN, "telnet", l, 1, -1, "R S20telnet>K20telnet ../init.d/telnet;");
}

static void
test_debian_legacy_mirrors_the_number(void **state)
{
	const struct rclink l[] = { { "S20telnet", "../init.d/telnet" } };
	const struct rclink l1[] = { { "S01x", "/etc/init.d/x" } };

	(void)state;
	expect(STYLE_DEBIAN_LEGACY, "telnet", l, 1, -1, "R S20telnet>K80telnet ../init.d/telnet;");
	expect(STYLE_DEBIAN_LEGACY, "x", l1, 1, -1, "R S01x>K99x /etc/init.d/x;");
}

static void
test_debian_leaves_k_links_alone(void **state)
{
	const struct rclink l[] = { { "K01cups", "../init.d/cups" } };

	(void)state;
	expect(STYLE_DEBIAN, "cups", l, 1, -1, "");
}

static void
test_debian_existing_twin_deletes_the_s_link(void **state)
{
	const struct rclink l[] = { { "K20a", "../init.d/a" }, { "S20a", "../init.d/a" } };

	(void)state;
	expect(STYLE_DEBIAN, "a", l, 2, -1, "D S20a;");
}

static void
test_redhat_renames_one_link(void **state)
{
	const struct rclink l[] = { { "S55sshd", "../init.d/sshd" } };

	(void)state;
	expect(STYLE_REDHAT, "sshd", l, 1, 25, "R S55sshd>K25sshd ../init.d/sshd;");
}

static void
test_redhat_already_off(void **state)
{
	const struct rclink l[] = { { "K25sshd", "../init.d/sshd" } };

	(void)state;
	expect(STYLE_REDHAT, "sshd", l, 1, 25, "");
}

static void
test_redhat_creates_missing_and_replaces_odd(void **state)
{
	const struct rclink odd[] = { { "S55sshd", "/etc/rc.d/init.d/sshd" } };
	const struct rclink two[] = { { "K25sshd", "../init.d/sshd" },
				      { "S55sshd", "../init.d/sshd" } };

	(void)state;
	expect(STYLE_REDHAT, "sshd", NULL, 0, 5, "C K05sshd ../init.d/sshd;");
	expect(STYLE_REDHAT, "sshd", odd, 1, 25, "D S55sshd;C K25sshd ../init.d/sshd;");
	expect(STYLE_REDHAT, "sshd", two, 2, 25, "D S55sshd;");
}

/*
 * A tree of links only, as rclinks_load leaves it (by level then name; the
 * index by script then level): named starts in rc1 and rc3, stops in rc5.
 */
static void
links_tree(struct tree *t, bool rc_d_layout)
{
	static struct rclink_entry links[] = {
		{ 1, "S55named", "../init.d/named", NULL },
		{ 3, "S55named", "../init.d/named", NULL },
		{ 5, "K45named", "../init.d/named", NULL },
	};
	static size_t index[] = { 0, 1, 2 };
	static char *dirs[] = { "etc/rc.d/rc0.d", "etc/rc.d/rc1.d", "etc/rc.d/rc2.d",
				"etc/rc.d/rc3.d", "etc/rc.d/rc4.d", "etc/rc.d/rc5.d",
				"etc/rc.d/rc6.d" };

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < ELEMENTSOF(dirs); i++)
		rclinks_own(t)->rcdir[i] = dirs[i];
	rclinks_own(t)->links = links;
	rclinks_own(t)->nlinks = ELEMENTSOF(links);
	rclinks_own(t)->link_index = index;
	rclinks_own(t)->rc_d_layout = rc_d_layout;
}

/* Frees what links_tree's tree_own made (its links and names are static). */
static void
links_tree_free(struct tree *t)
{
	for (size_t i = 0; i < TREE_OWN; i++)
		free(t->own[i].state);
}

static void
test_start_links_per_runlevel(void **state)
{
	struct tree t;
	const char *dir = NULL;
	char levels[16];

	(void)state;
	links_tree(&t, true);
	assert_string_equal(rclinks_start_link(&t, '3', "named", &dir), "S55named");
	assert_string_equal(dir, "etc/rc.d/rc3.d");
	assert_null(rclinks_start_link(&t, '5', "named", &dir)); /* a K link starts nothing */
	assert_null(rclinks_start_link(&t, '3', "name", &dir));
	assert_null(rclinks_start_link(&t, 'S', "named", &dir)); /* no rcS.d */
	/* Red Hat's rc starts the S links of every runlevel, Debian's not those of 0, 1, 6 */
	assert_string_equal(rclinks_boot_levels(&t), "0123456S");
	assert_true(rclinks_started(&t, "named", levels, sizeof(levels)));
	assert_string_equal(levels, "13");
	links_tree_free(&t);
	links_tree(&t, false);
	assert_string_equal(rclinks_boot_levels(&t), "2345S");
	assert_true(rclinks_started(&t, "named", levels, sizeof(levels)));
	assert_string_equal(levels, "3");
	links_tree_free(&t);
}

/* rclinks_redhat_renumber's edits as "L R from>to;" "L C to;" lines. */
static char *
renumber(const struct tree *t, const char *onlevels, int start, int stop)
{
	struct link_edit *e = NULL;
	size_t ne = 0;
	char *out = xstrdup("");

	rclinks_redhat_renumber(t, "named", onlevels, start, stop, &e, &ne);
	for (size_t i = 0; i < ne; i++) {
		char *next;

		assert_string_equal(e[i].target, "../init.d/named");
		if (e[i].op == LINK_RENAME)
			next = xasprintf("%s%c R %s>%s;", out, e[i].level, e[i].from, e[i].to);
		else if (e[i].op == LINK_DELETE)
			next = xasprintf("%s%c D %s;", out, e[i].level, e[i].from);
		else
			next = xasprintf("%s%c C %s;", out, e[i].level, e[i].to);
		free(out);
		out = next;
	}
	link_edits_free(e, ne);
	return out;
}

/* chkconfig off/on of an LSB script: its links in 0, 1 and 6 take its new numbers */
static void
test_redhat_renumbers_0_1_6(void **state)
{
	struct tree t;
	char *got;

	(void)state;
	links_tree(&t, true);
	/* rc1's S55 keeps its letter, rc0 and rc6 get the K link they lack */
	got = renumber(&t, "2 3 4 5", 50, 50);
	assert_string_equal(got, "0 C K50named;1 R S55named>S50named;6 C K50named;");
	free(got);
	/* a level of Default-Start gets an S link */
	got = renumber(&t, "0 6", 13, 87);
	assert_string_equal(got, "0 C S13named;1 R S55named>S13named;6 C S13named;");
	free(got);
	/* the right numbers already: nothing */
	got = renumber(&t, "1", 55, 45);
	assert_string_equal(got, "0 C K45named;6 C K45named;");
	free(got);
	links_tree_free(&t);
}

static void
test_link_of(void **state)
{
	(void)state;
	assert_true(rclink_of("S20ssh", "ssh"));
	assert_true(rclink_of("K01ssh", "ssh"));
	assert_false(rclink_of("S20sshd", "ssh"));
	assert_false(rclink_of("S2ssh", "ssh"));
	assert_false(rclink_of("X20ssh", "ssh"));
}

static void
test_style_names(void **state)
{
	enum style s;

	(void)state;
	assert_int_equal(style_parse("debian-legacy", &s), 0);
	assert_int_equal(s, STYLE_DEBIAN_LEGACY);
	assert_string_equal(style_name(STYLE_REDHAT), "redhat");
	assert_true(style_parse("suse", &s) < 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_keeps_the_number),
		cmocka_unit_test(test_debian_legacy_mirrors_the_number),
		cmocka_unit_test(test_debian_leaves_k_links_alone),
		cmocka_unit_test(test_debian_existing_twin_deletes_the_s_link),
		cmocka_unit_test(test_redhat_renames_one_link),
		cmocka_unit_test(test_redhat_already_off),
		cmocka_unit_test(test_redhat_creates_missing_and_replaces_odd),
		cmocka_unit_test(test_redhat_renumbers_0_1_6),
		cmocka_unit_test(test_link_of),
		cmocka_unit_test(test_start_links_per_runlevel),
		cmocka_unit_test(test_style_names),
	};

	return cmocka_run_group_tests_name("rclinks", tests, NULL, NULL);
}
