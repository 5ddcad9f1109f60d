/* test_util.c - the edit distance and the did-you-mean built on it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "util.h"

static void
test_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("", ""), 0);
	assert_int_equal(edit_distance("ssh", "ssh"), 0);
	assert_int_equal(edit_distance("", "ssh"), 3);
	assert_int_equal(edit_distance("ssh", ""), 3);
	/* a swap of neighbours is one edit, as in git's help.c */
	assert_int_equal(edit_distance("lsit", "list"), 1);
	assert_int_equal(edit_distance("telent", "telnet"), 1);
	assert_int_equal(edit_distance("shh", "ssh"), 1);
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
	assert_int_equal(edit_distance("plan", "apply"), 4);
	assert_int_equal(edit_distance("abc", "ca"), 3); /* optimal string alignment */
	assert_int_equal(edit_distance("ftp", "tftp"), 1);
	assert_int_equal(edit_distance("tftp", "ftp"), 1);
}

static void
test_closest(void **state)
{
	char *commands[] = { "scan", "list", "plan", "apply", "harden", "rollback", "verify" };
	char *services[] = { "telnet", "ssh", NULL, "sshd", "ftp", "finger" };

	(void)state;
	assert_string_equal(closest_name("lsit", commands, ELEMENTSOF(commands)), "list");
	assert_string_equal(closest_name("aply", commands, ELEMENTSOF(commands)), "apply");
	assert_string_equal(closest_name("rolback", commands, ELEMENTSOF(commands)), "rollback");
	assert_null(closest_name("frobnicate", commands, ELEMENTSOF(commands)));
	assert_null(closest_name("xyz", commands, ELEMENTSOF(commands)));
	/* a name that is there has no suggestion */
	assert_null(closest_name("list", commands, ELEMENTSOF(commands)));
	assert_string_equal(closest_name("telent", services, ELEMENTSOF(services)), "telnet");
	/* ties go to the first: ssh before sshd */
	assert_string_equal(closest_name("shh", services, ELEMENTSOF(services)), "ssh");
	assert_string_equal(closest_name("fingre", services, ELEMENTSOF(services)), "finger");
	/* short words allow one edit only */
	assert_null(closest_name("xx", services, ELEMENTSOF(services)));
	assert_null(closest_name("", services, ELEMENTSOF(services)));
	assert_null(closest_name("telnet", services, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_closest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
