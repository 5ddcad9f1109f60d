/* test_util.c - the edit distance and the did-you-mean built on it */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

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

/* A FIFO, a directory, a device and a link (with O_NOFOLLOW) are refused at once; a file is read. */
static void
test_open_input(void **state)
{
	char dir[] = "/tmp/deafen-test-util.XXXXXX", *p, *buf = NULL;
	mode_t type = 0;
	size_t len = 0;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/fifo", dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(open_input(AT_FDCWD, p, O_NOFOLLOW, &type), -EFTYPE_INPUT);
	assert_int_equal(type, S_IFIFO);
	assert_int_equal(read_file(p, &buf, &len), -EINVAL);
	assert_int_equal(read_input(AT_FDCWD, p, 0, "etc/x", &buf, &len), -EBADMSG);
	assert_string_equal(error_message(), "etc/x: not a regular file (a FIFO)");
	error_clear();
	assert_int_equal(open_input(AT_FDCWD, dir, 0, &type), -EFTYPE_INPUT);
	assert_int_equal(type, S_IFDIR);
	assert_int_equal(open_input(AT_FDCWD, "/dev/null", 0, &type), -EFTYPE_INPUT);
	assert_int_equal(type, S_IFCHR);
	unlink(p);
	free(p);
	p = xasprintf("%s/file", dir);
	fd = open(p, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x\n", 2), 2);
	close(fd);
	assert_int_equal(read_file(p, &buf, &len), 0);
	assert_int_equal(len, 2);
	free(buf);
	fd = open_input(AT_FDCWD, p, O_NOFOLLOW, &type);
	assert_true(fd >= 0);
	assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	free(p);
	p = xasprintf("%s/link", dir);
	assert_int_equal(symlink("file", p), 0);
	assert_int_equal(read_file(p, &buf, &len), -ELOOP);
	fd = open_input(AT_FDCWD, p, 0, &type); /* followed without O_NOFOLLOW */
	assert_true(fd >= 0);
	close(fd);
	unlink(p);
	free(p);
	p = xasprintf("%s/file", dir);
	unlink(p);
	free(p);
	rmdir(dir);
}

/* xmemdup: every byte, NULs too, and a NUL after (strndup stops at the first NUL) */
static void
test_xmemdup(void **state)
{
	static const char text[] = "ab\0cd\nef";
	char *p = xmemdup(text, sizeof(text) - 1);

	(void)state;
	assert_memory_equal(p, text, sizeof(text) - 1);
	assert_int_equal(p[sizeof(text) - 1], '\0');
	free(p);
	p = xmemdup("", 0);
	assert_int_equal(p[0], '\0');
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_closest),
		cmocka_unit_test(test_open_input),
		cmocka_unit_test(test_xmemdup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
