/* test_provenance.c - which service owns a socket: systemd's socket units */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "inventory.h"
#include "provenance.h"
#include "scan.h"

static void
add(struct inventory *inv, enum kind kind, const char *name, bool enabled, const char *port)
{
	char *file = xasprintf("lib/systemd/system/%s", name);
	struct service *s = service_new(inv, kind, name, file, "/files/x");

	free(file);
	s->detail = xstrdup("socket, enabled (sockets.target)");
	s->enabled = enabled;
	strv_push(&s->names, name);
	if (port != NULL)
		strv_push(&s->ports, port);
}

static struct listener
listener(const char *proto, unsigned port)
{
	struct listener l;

	memset(&l, 0, sizeof(l));
	snprintf(l.proto, sizeof(l.proto), "%s", proto);
	snprintf(l.addr, sizeof(l.addr), "0.0.0.0");
	l.port = port;
	return l;
}

/* A socket PID 1 holds is the enabled .socket unit of that port, not the service. */
static void
pid1_socket_is_its_socket_unit(void **state)
{
	struct inventory inv = { 0 };
	struct listener l = listener("tcp", 631), u = listener("udp", 631);
	const struct service *s;

	(void)state;
	add(&inv, KIND_SYSTEMD, "cups.service", true, "631/tcp");
	add(&inv, KIND_SYSTEMD, "old.socket", false, "631/tcp");
	add(&inv, KIND_SYSTEMD, "cups.socket", true, "631/tcp");
	s = provenance_service(&inv, &l, 1, "systemd");
	assert_non_null(s);
	assert_string_equal(s->name, "cups.socket");
	/* no socket unit for that protocol: nobody of this root */
	assert_null(provenance_service(&inv, &u, 1, "systemd"));
	inventory_free(&inv);
}

/* A super-server's socket is never a unit's, even of the same port. */
static void
superserver_socket_is_not_a_unit(void **state)
{
	struct inventory inv = { 0 };
	struct listener l = listener("tcp", 631);

	(void)state;
	add(&inv, KIND_SYSTEMD, "cups.socket", true, "631/tcp");
	assert_null(provenance_service(&inv, &l, 4242, "inetd"));
	inventory_free(&inv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pid1_socket_is_its_socket_unit),
		cmocka_unit_test(superserver_socket_is_not_a_unit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
