/* scan.c - the listening sockets of this machine and who holds them
 *
 * Like ss(8): the kernel's sock_diag over netlink, falling back to
 * /proc/net/{tcp,tcp6,udp,udp6}; then /proc/PID/fd is walked once and
 * "socket:[INODE]" links are joined on the inode.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

#define TCP_LISTEN 10
#define TCP_CLOSE 7

static struct listener *
add(struct scan *s)
{
	struct listener *l;

	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	l = &s->v[s->n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static void
set_addr(struct listener *l, int family, const void *a)
{
	if (family == AF_INET) {
		const struct in_addr *in = a;

		if (in->s_addr == 0)
			strcpy(l->addr, "*");
		else
			inet_ntop(AF_INET, a, l->addr, sizeof(l->addr));
	} else {
		const struct in6_addr *in6 = a;

		if (IN6_IS_ADDR_UNSPECIFIED(in6))
			strcpy(l->addr, "*");
		else
			inet_ntop(AF_INET6, a, l->addr, sizeof(l->addr));
	}
}

/* One sock_diag dump: FAMILY x PROTOCOL, sockets in STATES. */
static int
diag_dump(struct scan *s, int fd, int family, int protocol, unsigned states)
{
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req_v2 req;
	} msg = { 0 };
	char buf[32768];

	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	msg.req.sdiag_family = (unsigned char)family;
	msg.req.sdiag_protocol = (unsigned char)protocol;
	msg.req.idiag_states = states;
	if (send(fd, &msg, sizeof(msg), 0) < 0)
		return -errno;
	for (;;) {
		ssize_t k = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)k); h = NLMSG_NEXT(h, k)) {
			const struct inet_diag_msg *m;
			struct listener *l;

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error < 0 ? e->error : -EIO;
			}
			m = NLMSG_DATA(h);
			/* a UDP socket with a peer is a client, not a listener */
			if (protocol == IPPROTO_UDP && m->id.idiag_dport != 0)
				continue;
			l = add(s);
			snprintf(l->proto, sizeof(l->proto), "%s%s",
				 protocol == IPPROTO_TCP ? "tcp" : "udp", family == AF_INET6 ? "6" : "");
			set_addr(l, family, m->id.idiag_src);
			l->port = ntohs(m->id.idiag_sport);
			l->inode = m->idiag_inode;
			l->uid = m->idiag_uid;
		}
	}
}

static int
scan_netlink(struct scan *s)
{
	static const int families[] = { AF_INET, AF_INET6 };
	int fd, r = 0;

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	for (size_t i = 0; r == 0 && i < ELEMENTSOF(families); i++) {
		r = diag_dump(s, fd, families[i], IPPROTO_TCP, 1u << TCP_LISTEN);
		if (r == 0)
			r = diag_dump(s, fd, families[i], IPPROTO_UDP, 1u << TCP_CLOSE);
	}
	close(fd);
	return r;
}

static int
hex_addr(const char *hex, int family, void *out)
{
	size_t n = family == AF_INET ? 4 : 16;
	unsigned char *b = out;

	if (strlen(hex) != 2 * n || strspn(hex, "0123456789abcdefABCDEF") != 2 * n)
		return -EINVAL;
	/* /proc/net prints each 32-bit word in host byte order */
	for (size_t w = 0; w < n / 4; w++) {
		unsigned long v;
		char word[9];

		memcpy(word, hex + 8 * w, 8);
		word[8] = '\0';
		v = strtoul(word, NULL, 16);
		memcpy(b + 4 * w, &(uint32_t){ (uint32_t)v }, 4);
	}
	return 0;
}

int
scan_parse_proc(struct scan *s, const char *proto, const char *text)
{
	int family = strchr(proto, '6') ? AF_INET6 : AF_INET;
	bool tcp = startswith(proto, "tcp");
	const char *line = strchr(text, '\n');

	/* the first line is the header */
	while (line != NULL && *++line != '\0') {
		char local[64], remote[64], *colon;
		unsigned st, lport, uid;
		unsigned long inode;
		unsigned char a[16];
		struct listener *l;

		if (sscanf(line, " %*u: %63s %63s %x %*s %*s %*s %u %*d %lu", local, remote, &st,
			   &uid, &inode) != 5)
			return -EBADMSG;
		line = strchr(line, '\n');
		if (tcp && st != TCP_LISTEN)
			continue;
		if (!tcp && (st != TCP_CLOSE || !strstr(remote, ":0000") ||
			     strspn(strchr(remote, ':') + 1, "0") != 4))
			continue;
		colon = strchr(local, ':');
		if (colon == NULL)
			return -EBADMSG;
		*colon = '\0';
		/* the kernel writes four hex digits: anything else is not a port */
		if (strlen(colon + 1) != 4 || strspn(colon + 1, "0123456789abcdefABCDEF") != 4 ||
		    hex_addr(local, family, a) < 0)
			return -EBADMSG;
		lport = (unsigned)strtoul(colon + 1, NULL, 16);
		l = add(s);
		snprintf(l->proto, sizeof(l->proto), "%s", proto);
		set_addr(l, family, a);
		l->port = lport;
		l->inode = inode;
		l->uid = uid;
	}
	return 0;
}

static int
scan_proc(struct scan *s)
{
	static const char *const tables[] = { "tcp", "tcp6", "udp", "udp6" };

	for (size_t i = 0; i < ELEMENTSOF(tables); i++) {
		char *p = xasprintf("/proc/net/%s", tables[i]), *text = NULL;
		int r = read_file(p, &text, NULL);

		free(p);
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return r;
		r = scan_parse_proc(s, tables[i], text);
		free(text);
		if (r < 0)
			return errorf(r, "/proc/net/%s: unexpected format", tables[i]);
	}
	return 0;
}

char *
proc_comm(pid_t pid)
{
	char *p = xasprintf("/proc/%d/comm", (int)pid), *text = NULL;

	if (read_file(p, &text, NULL) < 0)
		text = NULL;
	free(p);
	if (text != NULL)
		text[strcspn(text, "\n")] = '\0';
	return text;
}

static int
cmp_inode(const void *a, const void *b)
{
	const struct listener *x = a, *y = b;

	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* Walks /proc/PID/fd once, joining socket inodes to the listeners. */
static void
find_owners(struct scan *s)
{
	struct dirent *de;
	DIR *proc;

	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_inode);
	proc = opendir("/proc");
	while (proc != NULL && (de = readdir(proc)) != NULL) {
		char *fdp;
		struct dirent *fe;
		DIR *fds;
		pid_t pid;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)atoi(de->d_name);
		fdp = xasprintf("/proc/%s/fd", de->d_name);
		fds = opendir(fdp);
		if (fds == NULL) {
			if (errno == EACCES)
				s->owners_partial = true;
			free(fdp);
			continue;
		}
		while ((fe = readdir(fds)) != NULL) {
			char link[64], *lp = xasprintf("%s/%s", fdp, fe->d_name);
			ssize_t k = readlink(lp, link, sizeof(link) - 1);
			struct listener key, *l;

			free(lp);
			if (k <= 0)
				continue;
			link[k] = '\0';
			if (!startswith(link, "socket:["))
				continue;
			key.inode = strtoul(link + 8, NULL, 10);
			l = s->n ? bsearch(&key, s->v, s->n, sizeof(*s->v), cmp_inode) : NULL;
			if (l == NULL)
				continue;
			/* one socket, many entries of the table: all of them hold it */
			while (l > s->v && l[-1].inode == key.inode)
				l--;
			for (; l < s->v + s->n && l->inode == key.inode; l++) {
				bool seen = false;

				for (size_t i = 0; i < l->npids; i++)
					seen |= l->pids[i] == pid;
				if (!seen) {
					l->pids = xrealloc(l->pids, (l->npids + 1) * sizeof(*l->pids));
					l->pids[l->npids++] = pid;
				}
			}
		}
		closedir(fds);
		free(fdp);
	}
	if (proc != NULL)
		closedir(proc);
}

static int
cmp_listener(const void *a, const void *b)
{
	const struct listener *x = a, *y = b;
	int c = strcmp(x->proto, y->proto);

	if (c != 0)
		return c;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return strcmp(x->addr, y->addr);
}

int
scan_listeners(struct scan *s)
{
	int r;

	memset(s, 0, sizeof(*s));
	r = getenv("DEAFEN_SCAN_PROC") ? -EPROTONOSUPPORT : scan_netlink(s);
	s->via_netlink = r == 0;
	if (r < 0) {
		for (size_t i = 0; i < s->n; i++)
			free(s->v[i].pids);
		s->n = 0;
		r = scan_proc(s);
		if (r < 0)
			return r;
	}
	find_owners(s);
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_listener);
	return 0;
}

void
scan_free(struct scan *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].pids);
	free(s->v);
	memset(s, 0, sizeof(*s));
}
