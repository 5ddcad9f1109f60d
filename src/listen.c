/* listen.c - where a service listens: ports, addresses, UNIX-domain sockets
 *
 * Every reader of the root (inetd.conf, xinetd, socket units, a daemon's
 * own configuration) says what it found here, in one shape: "PORT/PROTO"
 * for matching, and for people the address when it is one address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "service.h"
#include "listen.h"

static bool
any_address(const char *addr)
{
	/* "::*" is redis's every IPv6 address */
	return addr == NULL || *addr == '\0' || streq(addr, "*") || streq(addr, "0.0.0.0") ||
	       streq(addr, "::") || streq(addr, "[::]") || streq(addr, "::*");
}

bool
listen_loopback(const char *addr)
{
	size_t n;

	if (addr == NULL)
		return false;
	if (addr[0] == '[') { /* "[::1]", and nothing after it */
		n = strcspn(addr + 1, "]");
		return n == 3 && strncmp(addr + 1, "::1]", 4) == 0 && addr[5] == '\0';
	}
	if (startswith(addr, "::ffff:"))
		addr += strlen("::ffff:");
	return startswith(addr, "127.") || streq(addr, "::1") || strcasecmp(addr, "localhost") == 0 ||
	       strcasecmp(addr, "ip6-localhost") == 0 || strcasecmp(addr, "ip6-loopback") == 0;
}

void
listen_add(struct service *s, const char *addr, int port, const char *proto)
{
	char *p, *shown;

	if (port <= 0 || port > 65535)
		return;
	p = xasprintf("%d/%s", port, proto);
	if (any_address(addr))
		shown = xstrdup(p);
	else if (strchr(addr, ':') != NULL && addr[0] != '[') /* IPv6: bracketed */
		shown = xasprintf("[%s]:%s", addr, p);
	else
		shown = xasprintf("%s:%s", addr, p);
	if (!strv_contains(&s->listen, shown))
		strv_take(&s->listen, shown);
	else
		free(shown);
	if (!strv_contains(&s->ports, p))
		strv_take(&s->ports, p);
	else
		free(p);
}

void
listen_add_path(struct service *s, const char *path)
{
	strv_push_unique(&s->listen, path);
}

int
listen_add_systemd(struct service *s, const char *value, const char *proto)
{
	const char *colon = strrchr(value, ':'), *p = colon ? colon + 1 : value;
	char *end, *addr;
	long port;

	if (value[0] == '/' || value[0] == '@') {
		listen_add_path(s, value);
		return 0;
	}
	if (*p == '\0')
		return 0;
	port = strtol(p, &end, 10);
	if (*end != '\0' || port <= 0 || port > 65535 || startswith(value, "vsock:"))
		return 0;
	addr = colon ? xstrndup(value, (size_t)(colon - value)) : NULL;
	/* "[::1]:631" and "127.0.0.1%lo:53": the address without brackets or interface */
	if (addr != NULL && addr[0] == '[') {
		memmove(addr, addr + 1, strlen(addr));
		addr[strcspn(addr, "]")] = '\0';
	}
	if (addr != NULL)
		addr[strcspn(addr, "%")] = '\0';
	listen_add(s, addr, (int)port, proto);
	free(addr);
	return 1;
}

/* Is listener L (as S->listen holds it) on loopback or a UNIX-domain socket? */
static bool
listener_local(const char *l)
{
	const char *slash;
	char *addr;
	bool local;

	if (l[0] == '/' || l[0] == '@')
		return true; /* a UNIX-domain socket */
	slash = strrchr(l, ':');
	if (slash == NULL)
		return false; /* "22/tcp": every address */
	addr = xstrndup(l, (size_t)(slash - l));
	local = listen_loopback(addr);
	free(addr);
	return local;
}

void
listen_finish(struct service *s)
{
	bool local = s->listen.n > 0, unix_only = s->listen.n > 0;

	for (size_t i = 0; i < s->listen.n; i++) {
		local &= listener_local(s->listen.v[i]);
		unix_only &= s->listen.v[i][0] == '/' || s->listen.v[i][0] == '@';
	}
	s->local = local;
	if (unix_only)
		s->network = false;
}
