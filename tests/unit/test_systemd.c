/* test_systemd.c - unit names: which are instances of a template unit */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "systemd.h"

static void
instances(void **state)
{
	(void)state;
	assert_true(unit_is_instance("wg-quick@wg0.service"));
	assert_true(unit_is_instance("openvpn-server@office.service"));
	assert_true(unit_is_instance("foo@bar.socket"));
	assert_true(unit_is_instance("getty@tty1.service"));
	/* the template itself, a type deafen does not list, no prefix, no instance */
	assert_false(unit_is_instance("wg-quick@.service"));
	assert_false(unit_is_instance("foo@bar.target"));
	assert_false(unit_is_instance("@bar.service"));
	assert_false(unit_is_instance("ssh.service"));
	assert_false(unit_is_instance("foo@bar"));
	/* listed as units of their own: neither templates nor instances */
	assert_true(unit_listed_type("ssh.service"));
	assert_false(unit_listed_type("wg-quick@wg0.service"));
	assert_false(unit_listed_type("wg-quick@.service"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instances),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
