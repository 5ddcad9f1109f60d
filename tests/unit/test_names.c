/* test_names.c - the name rule (names.h) on a hand-made inventory */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory.h"
#include "names.h"

/* A service: its own names, its LSB Provides, its program, its ports ("" for none). */
static void
add(struct inventory *inv, const char *own, const char *provides, const char *program,
    const char *ports)
{
	struct service *s;

	inv->v = xrealloc(inv->v, (inv->n + 1) * sizeof(*inv->v));
	s = &inv->v[inv->n++];
	memset(s, 0, sizeof(*s));
	strv_split(&s->own, own, " ");
	strv_split(&s->names, own, " ");
	strv_split(&s->provides, provides, " ");
	strv_split(&s->ports, ports, " ");
	s->name = xstrdup(s->own.v[0]);
	s->program = program[0] ? xstrdup(program) : NULL;
}

static struct inventory inv;

static int
setup(void **state)
{
	struct svcent *e;

	(void)state;
	memset(&inv, 0, sizeof(inv));
	add(&inv, "apache2.service apache2", "apache2", "apache2", "80/tcp"); /* 0 */
	add(&inv, "nginx.service nginx", "nginx", "nginx", "80/tcp");         /* 1 */
	add(&inv, "inetd.service inetd openbsd-inetd", "", "inetd", "");      /* 2 */
	add(&inv, "xinetd", "inetd", "", "");                                /* 3 */
	add(&inv, "kecho.socket kecho", "", "", "7/tcp");                    /* 4 */
	add(&inv, "shell", "", "in.rshd", "514/tcp");                        /* 5 */
	add(&inv, "smb", "", "smbd", "139/tcp");                             /* 6 */
	add(&inv, "nmb", "", "nmbd", "137/udp");                             /* 7 */
	inv.services.v = xcalloc(2, sizeof(*inv.services.v));
	e = &inv.services.v[inv.services.n++];
	e->name = xstrdup("http");
	e->port = 80;
	e->proto = xstrdup("tcp");
	strv_push(&e->aliases, "www");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	inventory_free(&inv);
	return 0;
}

/* NAME selects WANT ('x' a service, '.' not) the way HOW says */
static void
check(const char *name, const char *want, enum name_how how)
{
	bool sel[16];
	char got[17] = { 0 };

	assert_int_equal(names_select(&inv, name, sel, NULL), how);
	for (size_t i = 0; i < inv.n; i++)
		got[i] = sel[i] ? 'x' : '.';
	assert_string_equal(got, want);
}

static void
test_exact(void **state)
{
	(void)state;
	check("apache2", "x.......", NAME_EXACT);
	check("openbsd-inetd", "..x.....", NAME_EXACT);
	/* xinetd provides inetd, but a service is called so */
	check("inetd", "..x.....", NAME_EXACT);
	check("smb", "......x.", NAME_EXACT);
}

static void
test_provides(void **state)
{
	struct service *s = &inv.v[2];

	(void)state;
	/* with no service called inetd, its Provides names xinetd */
	strv_free(&s->own);
	strv_split(&s->own, "inetd.service", " ");
	check("inetd", "...x....", NAME_PROVIDES);
}

static void
test_expansions(void **state)
{
	char *why = NULL;
	bool sel[16];

	(void)state;
	check("www", "xx......", NAME_EXPANDED);  /* family, and /etc/services' alias of http */
	check("7", "....x...", NAME_EXPANDED);    /* a port */
	check("rsh", ".....x..", NAME_EXPANDED);  /* deafen's other name of shell */
	check("nmbd", ".......x", NAME_EXPANDED); /* its daemon */
	check("samba", "......xx", NAME_EXPANDED);
	check("nfs", "........", NAME_NONE);
	assert_true(names_known(&inv, "nfs"));
	assert_true(names_known(&inv, "2222"));
	assert_false(names_known(&inv, "frobnicate"));
	assert_int_equal(names_select(&inv, "samba", sel, &why), NAME_EXPANDED);
	assert_string_equal(why, "family samba");
	free(why);
	assert_non_null(names_family("vpn"));
	assert_null(names_family("apache2"));
}

/* --keep of a family word that is also a service keeps the family too; --disable does not */
static void
test_keep_family(void **state)
{
	bool sel[16];
	char got[17] = { 0 }, *why = NULL;

	(void)state;
	/* Debian 12: samba.service is an alias of samba-ad-dc.service */
	add(&inv, "samba-ad-dc.service samba-ad-dc samba.service samba", "", "samba", ""); /* 8 */
	assert_int_equal(names_select_rule(&inv, "samba", false, sel, &why), NAME_EXACT);
	assert_null(why);
	for (size_t i = 0; i < inv.n; i++)
		got[i] = sel[i] ? 'x' : '.';
	assert_string_equal(got, "........x");
	assert_int_equal(names_select_rule(&inv, "samba", true, sel, &why), NAME_EXPANDED);
	for (size_t i = 0; i < inv.n; i++)
		got[i] = sel[i] ? 'x' : '.';
	assert_string_equal(got, "......xxx");
	assert_string_equal(why, "family samba, and the service samba");
	free(why);
	assert_true(names_selects_rule(&inv, "samba", true, &inv.v[6]));
	assert_false(names_selects_rule(&inv, "samba", false, &inv.v[6]));
	/* a service that is no family word: --keep is exact too */
	assert_int_equal(names_select_rule(&inv, "apache2", true, sel, NULL), NAME_EXACT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_expansions),
		cmocka_unit_test(test_provides),
		cmocka_unit_test(test_keep_family),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
