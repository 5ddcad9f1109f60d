/* test_headers.c - the init scripts' headers, flat (headers_load) as dir reads them (headers_load_dir) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "headers.h"
#include "snapshot.h"
#include "tree.h"
#include "util.h"

/* N and what is below it, one line a node: "label=value" indented by depth. */
static void
dump(FILE *f, const struct snode *n, int depth)
{
	fprintf(f, "%*s%s%s%s\n", 2 * depth, "", n->label, n->value ? "=" : "",
		n->value ? n->value : "");
	for (size_t i = 0; i < n->n; i++)
		dump(f, &n->kids[i], depth + 1);
}

/* The headers of the scripts SCRIPTS (NULL-terminated texts) as LOAD reads them, or NULL on error. */
static char *
headers(const char *const *scripts, int (*load)(struct tree *))
{
	char root[] = "/tmp/test_headers.XXXXXX", *out = NULL;
	struct tree t;
	size_t len = 0;
	FILE *f;
	int r;

	assert_non_null(mkdtemp(root));
	assert_int_equal(tree_open(&t, root, "lenses"), 0);
	for (size_t i = 0; scripts[i] != NULL; i++) {
		char *rel = xasprintf("etc/init.d/s%zu", i), *p = xasprintf("%s/etc", root);

		mkdir(p, 0755);
		free(p);
		p = xasprintf("%s/etc/init.d", root);
		mkdir(p, 0755);
		free(p);
		p = xasprintf("%s/%s", root, rel);
		assert_non_null(f = fopen(p, "w"));
		fputs(scripts[i], f);
		fclose(f);
		strv_take(&scripts_own(&t)->script_files, rel);
		free(p);
	}
	r = load(&t);
	if (r == 0) {
		assert_non_null(f = open_memstream(&out, &len));
		dump(f, scripts_own(&t)->headers, 0);
		fclose(f);
	}
	error_clear();
	if (scripts_own(&t)->headers != NULL)
		snapshot_free(scripts_own(&t)->headers);
	free(scripts_own(&t)->headers);
	strv_free(&scripts_own(&t)->script_files);
	tree_close(&t);
	for (size_t i = 0; scripts[i] != NULL; i++) {
		char *p = xasprintf("%s/etc/init.d/s%zu", root, i);

		unlink(p);
		free(p);
	}
	{
		char *d = xasprintf("%s/etc/init.d", root);

		rmdir(d);
		free(d);
		d = xasprintf("%s/etc", root);
		rmdir(d);
		free(d);
		rmdir(root);
	}
	return out;
}

/* Both ways give the same tree (WANT_OK) or both refuse the scripts. */
static void
same(const char *const *scripts, bool want_ok)
{
	char *flat = headers(scripts, headers_load), *dir = headers(scripts, headers_load_dir);

	if (want_ok) {
		assert_non_null(dir);
		assert_non_null(flat);
		assert_string_equal(flat, dir);
	} else {
		assert_null(dir);
		assert_null(flat);
	}
	free(flat);
	free(dir);
}

static void
test_lsb_and_redhat(void **state)
{
	const char *const s[] = {
		"#!/bin/sh\n# chkconfig: 2345 55 25\n#\tprocessname: sshd\n### BEGIN INIT INFO\n"
		"#  before any keyword\n# Provides: ssh\n#\tmore\n#  and more\n# Default-Stop:\n"
		"#\n# text\n# Short-Description: x y \n### END INIT INFO\n# pidfile: /run/a.pid\n"
		"# config: /etc/a\nexec a\n",
		"#!/bin/sh\necho no headers\n",
		"### BEGIN INIT INFO\n# Provides: b\n# chkconfig: 2345 10 90\n#\tpidfile: /run/b\n"
		"# processname: b\n### END INIT INFO\n",
		"# chkconfig: - 85 15\n# description: c\n",
		"### BEGIN INIT INFO\n### END INIT INFO\n",
		NULL,
	};

	(void)state;
	same(s, true);
}

static void
test_errors(void **state)
{
	const char *const two_begins[] = { "### BEGIN INIT INFO\n# Provides: a\n### BEGIN INIT INFO\n"
					   "### END INIT INFO\n", NULL };
	const char *const no_end[] = { "### BEGIN INIT INFO\n# Provides: a\nexec a\n", NULL };
	const char *const no_end_eof[] = { "### BEGIN INIT INFO\n# Provides: a\n", "# x\n", NULL };
	const char *const bad_chkconfig[] = { "# Provides: x\n", "# chkconfig: 2345 10\n", NULL };

	(void)state;
	same(two_begins, false);
	same(no_end, false);
	same(no_end_eof, false);
	same(bad_chkconfig, false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lsb_and_redhat),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
