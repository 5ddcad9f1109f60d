/* test_inetdtext.c - where the entries of inetd.conf lie, continuation lines included */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inetdtext.h"

static void
test_entries(void **state)
{
	static const char text[] = "# comment\n"
				   "telnet stream tcp nowait root /usr/sbin/tcpd\n"
				   "\tin.telnetd -h\n"
				   "  # an indented comment ends it\n"
				   "\n"
				   "#<off># finger stream tcp\n"
				   "  nowait nobody /usr/sbin/tcpd in.fingerd\n"
				   "127.0.0.1:\n"
				   "time stream tcp nowait root internal";
	struct inetd_entry *e = NULL;
	size_t n = inetd_entries(text, &e);

	(void)state;
	assert_int_equal(n, 3);
	assert_int_equal(e[0].line, 2);
	assert_int_equal(e[0].off, strlen("# comment\n"));
	assert_int_equal(e[0].len, strlen("telnet stream tcp nowait root /usr/sbin/tcpd\n\tin.telnetd -h\n"));
	assert_int_equal(e[1].line, 6);
	assert_int_equal(e[1].len, strlen("#<off># finger stream tcp\n  nowait nobody /usr/sbin/tcpd in.fingerd\n"));
	assert_int_equal(e[2].line, 9);
	assert_int_equal(e[2].len, strlen("time stream tcp nowait root internal"));
	free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
	};

	return cmocka_run_group_tests_name("inetdtext", tests, NULL, NULL);
}
