/* test_root.c - resolving paths inside a root, refusing links out of it */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "root.h"
#include "util.h"

static char root[] = "/tmp/deafen-test-root-XXXXXX";

static void
mk(const char *rel)
{
	char *p = root_path(root, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void
ln(const char *target, const char *rel)
{
	char *p = root_path(root, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(root) == NULL)
		return -1;
	mk("etc");
	mk("etc/rc.d");
	mk("etc/rc.d/init.d");
	ln("rc.d/init.d", "etc/init.d");
	ln("/etc/rc.d", "etc/abs");
	ln("../../../../../../..", "etc/up");
	ln("loop2", "etc/loop1");
	ln("loop1", "etc/loop2");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);

	(void)state;
	if (system(cmd) != 0)
		return -1;
	free(cmd);
	return 0;
}

static void
expect(const char *path, int want_r, const char *want)
{
	char *out = NULL;
	int r = root_resolve(root, path, &out);

	assert_int_equal(r, want_r);
	if (want != NULL)
		assert_string_equal(out, want);
	free(out);
}

static void
test_relative_link(void **state)
{
	(void)state;
	expect("/etc/init.d", 0, "etc/rc.d/init.d");
	expect("/etc/init.d/", 0, "etc/rc.d/init.d");
	expect("/", 0, "");
}

static void
test_absolute_link_stays_inside(void **state)
{
	(void)state;
	expect("/etc/abs/init.d", 0, "etc/rc.d/init.d");
}

static void
test_escape_and_loop(void **state)
{
	(void)state;
	expect("/etc/up/etc", -EXDEV, NULL);
	expect("/etc/loop1", -ELOOP, NULL);
	expect("/etc/missing", -ENOENT, NULL);
}

static void
test_join_target(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(root_join_target("etc/rc2.d", "../init.d/ssh", &out), 0);
	assert_string_equal(out, "etc/init.d/ssh");
	free(out);
	assert_int_equal(root_join_target("etc/rc2.d", "/etc/init.d/ssh", &out), 0);
	assert_string_equal(out, "etc/init.d/ssh");
	free(out);
	assert_int_equal(root_join_target("etc/rc2.d", "../../../bin/sh", &out), -EXDEV);
}

/* root_open and its O_NOFOLLOW walk: no link followed on any component, no way out */
static void
opens(void)
{
	int fd;

	fd = root_dir(root, "etc/rc.d/init.d");
	assert_true(fd >= 0);
	close(fd);
	fd = root_dir(root, "");
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(root_dir(root, "etc/init.d"), -EXDEV);   /* the last component */
	assert_int_equal(root_dir(root, "etc/abs/init.d"), -EXDEV); /* one on the way */
	assert_int_equal(root_dir(root, "etc/up/etc"), -EXDEV);
	assert_int_equal(root_dir(root, "etc/../.."), -EXDEV);
	assert_int_equal(root_dir(root, "etc/loop1"), -EXDEV);
	assert_int_equal(root_dir(root, "etc/missing"), -ENOENT);
	fd = root_open(root, "etc/rc.d/init.d/new", O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(root_open(root, "etc/init.d/new2", O_WRONLY | O_CREAT | O_EXCL, 0600),
			 -EXDEV);
	assert_int_equal(root_open_input(root, "etc/rc.d/init.d"), -EFTYPE_INPUT);
	fd = root_open_input(root, "etc/rc.d/init.d/new");
	assert_true(fd >= 0);
	close(fd);
}

static void
test_open_beneath(void **state)
{
	char *p = root_path(root, "etc/rc.d/init.d/new");

	(void)state;
	unsetenv("DEAFEN_NO_OPENAT2");
	opens();
	assert_int_equal(remove(p), 0);
	free(p);
}

static void
test_open_walk(void **state)
{
	(void)state;
	setenv("DEAFEN_NO_OPENAT2", "1", 1);
	opens();
	unsetenv("DEAFEN_NO_OPENAT2");
}

static void
test_mkdirs(void **state)
{
	char *real = NULL, *link = NULL;

	(void)state;
	/* an absolute link stays in the root: followed there, the rest made */
	assert_int_equal(root_mkdirs(root, "etc/abs/bk/x", true, 0700, &real, &link), 0);
	assert_string_equal(real, "etc/rc.d/bk/x");
	free(real);
	assert_int_equal(root_mkdirs(root, "etc/up/bk", true, 0700, &real, &link), -EXDEV);
	assert_string_equal(link, "etc/up");
	free(link);
	assert_int_equal(root_mkdirs(root, "etc/none/bk", false, 0700, &real, &link), 0);
	assert_string_equal(real, "etc/none/bk");
	free(real);
}

/*
 * root_cache: what was found not to be a link is not looked at again, and
 * the same answers come out; a directory swapped for a link since is still
 * refused by the open, which follows no link.
 */
static void
test_cache(void **state)
{
	char *rcd = root_path(root, "etc/rc.d"), *moved = xasprintf("%s.moved", root);

	(void)state;
	root_cache(true);
	for (int pass = 0; pass < 2; pass++) {
		test_relative_link(state);
		test_absolute_link_stays_inside(state);
		test_escape_and_loop(state);
	}
	assert_int_equal(rename(rcd, moved), 0);
	assert_int_equal(symlink("../../../../../../../..", rcd), 0);
	expect("/etc/rc.d/init.d", 0, "etc/rc.d/init.d"); /* remembered */
	assert_int_equal(root_dir(root, "etc/rc.d/init.d"), -EXDEV);
	root_cache(false);
	expect("/etc/rc.d/init.d", -EXDEV, NULL); /* forgotten: looked at again */
	assert_int_equal(unlink(rcd), 0);
	assert_int_equal(rename(moved, rcd), 0);
	expect("/etc/init.d", 0, "etc/rc.d/init.d");
	free(rcd);
	free(moved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_link),
		cmocka_unit_test(test_absolute_link_stays_inside),
		cmocka_unit_test(test_escape_and_loop),
		cmocka_unit_test(test_join_target),
		cmocka_unit_test(test_open_beneath),
		cmocka_unit_test(test_open_walk),
		cmocka_unit_test(test_mkdirs),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests_name("root", tests, setup, teardown);
}
