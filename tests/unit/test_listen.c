/* test_listen.c - listeners as the readers of the root give them (listen.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "inventory.h"
#include "listen.h"

static char *
joined(const struct strv *v)
{
	static char buf[512];

	buf[0] = '\0';
	for (size_t i = 0; i < v->n; i++) {
		if (i > 0)
			strcat(buf, ",");
		strcat(buf, v->v[i]);
	}
	return buf;
}

static void
test_loopback(void **state)
{
	(void)state;
	assert_true(listen_loopback("127.0.0.1"));
	assert_true(listen_loopback("127.1.2.3"));
	assert_true(listen_loopback("::1"));
	assert_true(listen_loopback("[::1]"));
	assert_true(listen_loopback("::ffff:127.0.0.1"));
	assert_true(listen_loopback("localhost"));
	assert_false(listen_loopback("0.0.0.0"));
	assert_false(listen_loopback("::"));
	assert_false(listen_loopback("[::1]x"));
	assert_false(listen_loopback("192.0.2.1"));
	assert_false(listen_loopback("1127.0.0.1"));
	assert_false(listen_loopback(NULL));
}

static void
test_systemd(void **state)
{
	struct service s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(listen_add_systemd(&s, "22", "tcp"), 1);
	assert_int_equal(listen_add_systemd(&s, "0.0.0.0:22", "tcp"), 1); /* the same */
	assert_int_equal(listen_add_systemd(&s, "[::1]:631", "tcp"), 1);
	assert_int_equal(listen_add_systemd(&s, "127.0.0.1%lo:53", "udp"), 1);
	assert_int_equal(listen_add_systemd(&s, "/run/x.sock", "tcp"), 0);
	assert_int_equal(listen_add_systemd(&s, "@abstract", "tcp"), 0);
	assert_int_equal(listen_add_systemd(&s, "vsock:2:1234", "tcp"), 0);
	assert_int_equal(listen_add_systemd(&s, "0", "tcp"), 0);
	assert_int_equal(listen_add_systemd(&s, "70000", "tcp"), 0);
	assert_string_equal(joined(&s.listen), "22/tcp,[::1]:631/tcp,127.0.0.1:53/udp,/run/x.sock,@abstract");
	assert_string_equal(joined(&s.ports), "22/tcp,631/tcp,53/udp");
	listen_add(&s, "::*", 22, "tcp"); /* redis's every IPv6 address: 22/tcp again */
	listen_add(&s, "*", 22, "tcp");
	assert_int_equal(s.listen.n, 5);
	s.network = true;
	listen_finish(&s);
	assert_false(s.local); /* 22/tcp: every address */
	assert_true(s.network);
	strv_free(&s.listen);
	strv_free(&s.ports);
}

static void
test_finish(void **state)
{
	struct service s;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.network = true;
	listen_finish(&s);
	assert_false(s.local); /* no listener known: not local */
	listen_add(&s, "127.0.0.1", 11211, "tcp");
	listen_add(&s, "::1", 11211, "tcp");
	listen_add_path(&s, "/run/m.sock");
	listen_finish(&s);
	assert_true(s.local);
	assert_true(s.network);
	assert_string_equal(joined(&s.listen), "127.0.0.1:11211/tcp,[::1]:11211/tcp,/run/m.sock");
	strv_free(&s.listen);
	strv_free(&s.ports);
	memset(&s, 0, sizeof(s));
	s.network = true;
	listen_add_path(&s, "/run/systemd/journal/syslog");
	listen_finish(&s);
	assert_true(s.local);
	assert_false(s.network); /* UNIX-domain sockets alone: no network */
	strv_free(&s.listen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_systemd),
		cmocka_unit_test(test_finish),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
