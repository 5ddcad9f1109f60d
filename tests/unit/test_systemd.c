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

/* UNIT's drop-ins in T are WANT (NULL-terminated), in that order. */
static void
expect_dropins(const struct tree *t, const char *unit, const char *const *want)
{
	struct strv files = { 0 };
	size_t n = 0;

	unit_dropin_files(t, unit, &files);
	while (want[n] != NULL)
		n++;
	assert_int_equal(files.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(files.v[i], want[i]);
	strv_free(&files);
}

/*
 * An instance's drop-ins with its template's, by name: of two of the same
 * name the one in the earlier directory (etc's over lib's, 50-i), the
 * instance's in the same directory (10-a, 60-j); a link to /dev/null masks
 * one; the unit's alone for a unit that is no instance.
 */
static void
dropins(void **state)
{
	static const char svc[] = "[Service]\nExecStart=/bin/true\n";
	char root[] = "/tmp/test_systemd.XXXXXX", *cmd;
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
	put(root, "lib/systemd/system/u@x.service.d/50-i.conf", svc, false);
	put(root, "etc/systemd/system/u@.service.d/50-i.conf", svc, false);
	put(root, "lib/systemd/system/u@x.service.d/60-j.conf", svc, false);
	put(root, "lib/systemd/system/u@.service.d/60-j.conf", svc, false);
	put(root, "lib/systemd/system/v.service", svc, false);
	put(root, "lib/systemd/system/v.service.d/b.conf", svc, false);
	put(root, "etc/systemd/system/v.service.d/a.conf", svc, false);
	assert_int_equal(sources_open(&t, root, "lenses"), 0);
	expect_dropins(&t, "u@x.service", (const char *[]){
		"etc/systemd/system/u@x.service.d/10-a.conf", "etc/systemd/system/u@x.service.d/15-c.conf",
		"etc/systemd/system/u@.service.d/20-b.conf", "lib/systemd/system/u@.service.d/40-t.conf",
		"etc/systemd/system/u@.service.d/50-i.conf", "lib/systemd/system/u@x.service.d/60-j.conf",
		NULL });
	expect_dropins(&t, "u@.service", (const char *[]){
		"lib/systemd/system/u@.service.d/10-a.conf", "etc/systemd/system/u@.service.d/20-b.conf",
		"lib/systemd/system/u@.service.d/40-t.conf", "etc/systemd/system/u@.service.d/50-i.conf",
		"lib/systemd/system/u@.service.d/60-j.conf", NULL });
	expect_dropins(&t, "v.service", (const char *[]){
		"etc/systemd/system/v.service.d/a.conf", "lib/systemd/system/v.service.d/b.conf", NULL });
	expect_dropins(&t, "w.service", (const char *[]){ NULL });
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
