/* test_diff.c - unified diffs in git's format, and link entries */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diff.h"
#include "rclinks.h"

static void
check(const char *old, const char *new, const char *want)
{
	char *got = diff_text("etc/f", old, new, false);

	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_equal_is_null(void **state)
{
	(void)state;
	check("a\nb\n", "a\nb\n", NULL);
	check("", "", NULL);
}

static void
test_one_line_changed(void **state)
{
	(void)state;
	check("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nX\n6\n7\n8\n9\n",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n"
	      "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n");
}

static void
test_first_line_and_short_context(void **state)
{
	(void)state;
	check("a\nb\n", "#<off># a\nb\n",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n"
	      "@@ -1,2 +1,2 @@\n-a\n+#<off># a\n b\n");
}

static void
test_hunks_join_within_six_lines(void **state)
{
	(void)state;
	/* changes at 1 and 8: 6 equal lines between, one hunk */
	check("1\n2\n3\n4\n5\n6\n7\n8\n", "A\n2\n3\n4\n5\n6\n7\nB\n",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n"
	      "@@ -1,8 +1,8 @@\n-1\n+A\n 2\n 3\n 4\n 5\n 6\n 7\n-8\n+B\n");
	/* changes at 1 and 9: 7 equal lines between, two hunks */
	check("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "A\n2\n3\n4\n5\n6\n7\n8\nB\n",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n"
	      "@@ -1,4 +1,4 @@\n-1\n+A\n 2\n 3\n 4\n"
	      "@@ -6,4 +6,4 @@\n 6\n 7\n 8\n-9\n+B\n");
}

static void
test_insertion_before_last_line(void **state)
{
	(void)state;
	check("service a\n{\n\tx = 1\n}\n", "service a\n{\n\tx = 1\n\tdisable = yes\n}\n",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n"
	      "@@ -1,4 +1,5 @@\n service a\n {\n \tx = 1\n+\tdisable = yes\n }\n");
}

static void
test_insert_into_empty_and_no_newline(void **state)
{
	(void)state;
	check("", "a\n", "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n@@ -0,0 +1 @@\n+a\n");
	check("a\nb", "a\nc",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n@@ -1,2 +1,2 @@\n a\n-b\n"
	      "\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
}

static void
test_replace_block_deletions_first(void **state)
{
	(void)state;
	check("a\nb\nc\nd\n", "a\nX\nY\nd\n",
	      "diff --git a/etc/f b/etc/f\n--- a/etc/f\n+++ b/etc/f\n"
	      "@@ -1,4 +1,4 @@\n a\n-b\n-c\n+X\n+Y\n d\n");
}

static void
test_link_entries(void **state)
{
	struct link_edit e = { .op = LINK_RENAME, .level = '3', .dir = "etc/rc3.d",
			       .from = "S20telnet", .to = "K20telnet", .target = "../init.d/telnet" };
	char *got;

	(void)state;
	got = diff_link(&e, false);
	assert_string_equal(got, "diff --git a/etc/rc3.d/S20telnet b/etc/rc3.d/K20telnet\n"
				 "similarity index 100%\nrename from etc/rc3.d/S20telnet\n"
				 "rename to etc/rc3.d/K20telnet\n");
	free(got);
	e.op = LINK_DELETE;
	got = diff_link(&e, false);
	assert_string_equal(got, "diff --git a/etc/rc3.d/S20telnet b/etc/rc3.d/S20telnet\n"
				 "deleted file mode 120000\n--- a/etc/rc3.d/S20telnet\n+++ /dev/null\n"
				 "@@ -1 +0,0 @@\n-../init.d/telnet\n\\ No newline at end of file\n");
	free(got);
	e.op = LINK_CREATE;
	got = diff_link(&e, false);
	assert_string_equal(got, "diff --git a/etc/rc3.d/K20telnet b/etc/rc3.d/K20telnet\n"
				 "new file mode 120000\n--- /dev/null\n+++ b/etc/rc3.d/K20telnet\n"
				 "@@ -0,0 +1 @@\n+../init.d/telnet\n\\ No newline at end of file\n");
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equal_is_null),
		cmocka_unit_test(test_one_line_changed),
		cmocka_unit_test(test_first_line_and_short_context),
		cmocka_unit_test(test_hunks_join_within_six_lines),
		cmocka_unit_test(test_insertion_before_last_line),
		cmocka_unit_test(test_insert_into_empty_and_no_newline),
		cmocka_unit_test(test_replace_block_deletions_first),
		cmocka_unit_test(test_link_entries),
	};

	return cmocka_run_group_tests_name("diff", tests, NULL, NULL);
}
