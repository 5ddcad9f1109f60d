/* test_scan.c - reading the kernel's /proc/net socket tables */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scan.h"
#include "util.h"

static const char tcp[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0\n"
	"   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17 1 0000000000000000 100 0 0 10 0\n"
	"   2: 0100007F:1F90 0100007F:A3D2 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0000000000000000 20 4 30 10 -1\n";

static const char udp6[] =
	"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
	"  7: 00000000000000000000000001000000:0035 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 555 2 0000000000000000 0\n"
	"  8: 00000000000000000000000000000000:1234 00000000000000000000000001000000:0050 01 00000000:00000000 00:00000000 00000000   101        0 556 2 0000000000000000 0\n";

static void
test_tcp_listen_rows_only(void **state)
{
	struct scan s = { 0 };

	(void)state;
	assert_int_equal(scan_parse_proc(&s, "tcp", tcp), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].proto, "tcp");
	assert_string_equal(s.v[0].addr, "127.0.0.1");
	assert_int_equal(s.v[0].port, 8080);
	assert_int_equal(s.v[0].inode, 4242);
	assert_string_equal(s.v[1].addr, "*");
	assert_int_equal(s.v[1].port, 22);
	scan_free(&s);
}

static void
test_udp6_unconnected_only(void **state)
{
	struct scan s = { 0 };

	(void)state;
	assert_int_equal(scan_parse_proc(&s, "udp6", udp6), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].addr, "::1");
	assert_int_equal(s.v[0].port, 53);
	assert_int_equal(s.v[0].uid, 101);
	scan_free(&s);
}

static void
test_garbage_is_an_error(void **state)
{
	struct scan s = { 0 };

	(void)state;
	assert_int_equal(scan_parse_proc(&s, "tcp", "header\nthis is not a socket table\n"), -EBADMSG);
	scan_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_listen_rows_only),
		cmocka_unit_test(test_udp6_unconnected_only),
		cmocka_unit_test(test_garbage_is_an_error),
	};

	return cmocka_run_group_tests_name("scan", tests, NULL, NULL);
}
