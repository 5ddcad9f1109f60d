/*
 * test_systemd.c - unit names: which are instances of a template unit;
 * the drop-ins of a unit, in the order systemd applies them
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "source.h"
#include "systemd.h"
#include "tree.h"
#include "util.h"

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

/* ROOT/REL holding TEXT, or a link to TEXT when LINK; its directories made. */
static void
put(const char *root, const char *rel, const char *text, bool link)
{
	char *path = xasprintf("%s/%s", root, rel), *cmd;
	FILE *f;

	cmd = xasprintf("mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	if (link) {
		assert_int_equal(symlink(text, path), 0);
	} else {
		assert_non_null(f = fopen(path, "w"));
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/*
 * An instance's drop-ins with its template's, by name: the instance's own
 * outranks the template's of the same name, etc's outranks lib's, a link
 * to /dev/null masks one; the unit's alone for a unit that is no instance.
 */
static void
dropins(void **state)
{
	static const char svc[] = "[Service]\nExecStart=/bin/true\n";
	char root[] = "/tmp/test_systemd.XXXXXX", *cmd;
	struct strv files = { 0 };
	struct tree t;

	(void)state;
	assert_non_null(mkdtemp(root));
	put(root, "lib/systemd/system/u@.service", svc, false);
	put(root, "lib/systemd/system/u@.service.d/10-a.conf", svc, false);
	put(root, "lib/systemd/system/u@.service.d/20-b.conf", svc, false);
	put(root, "lib/systemd/system/u@.service.d/30-m.conf", svc, false);
	put(root, "lib/systemd/system/u@.service.d/40-t.conf", svc, false);
	put(root, "lib/systemd/system/u@.service.d/notes.txt", svc, false);
	put(root, "etc/systemd/system/u@x.service.d/10-a.conf", svc, false);
	put(root, "etc/systemd/system/u@x.service.d/15-c.conf", svc, false);
	put(root, "etc/systemd/system/u@.service.d/20-b.conf", svc, false);
	put(root, "etc/systemd/system/u@.service.d/30-m.conf", "/dev/null", true);
	put(root, "lib/systemd/system/v.service", svc, false);
	put(root, "lib/systemd/system/v.service.d/b.conf", svc, false);
	put(root, "etc/systemd/system/v.service.d/a.conf", svc, false);
	assert_int_equal(sources_open(&t, root, "lenses"), 0);
	unit_dropin_files(&t, "u@x.service", &files);
	assert_int_equal(files.n, 4);
	assert_string_equal(files.v[0], "etc/systemd/system/u@x.service.d/10-a.conf");
	assert_string_equal(files.v[1], "etc/systemd/system/u@x.service.d/15-c.conf");
	assert_string_equal(files.v[2], "etc/systemd/system/u@.service.d/20-b.conf");
	assert_string_equal(files.v[3], "lib/systemd/system/u@.service.d/40-t.conf");
	strv_free(&files);
	unit_dropin_files(&t, "u@.service", &files);
	assert_int_equal(files.n, 3);
	assert_string_equal(files.v[0], "lib/systemd/system/u@.service.d/10-a.conf");
	assert_string_equal(files.v[1], "etc/systemd/system/u@.service.d/20-b.conf");
	assert_string_equal(files.v[2], "lib/systemd/system/u@.service.d/40-t.conf");
	strv_free(&files);
	unit_dropin_files(&t, "v.service", &files);
	assert_int_equal(files.n, 2);
	assert_string_equal(files.v[0], "etc/systemd/system/v.service.d/a.conf");
	assert_string_equal(files.v[1], "lib/systemd/system/v.service.d/b.conf");
	strv_free(&files);
	unit_dropin_files(&t, "w.service", &files);
	assert_int_equal(files.n, 0);
	sources_close(&t);
	cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instances),
		cmocka_unit_test(dropins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
