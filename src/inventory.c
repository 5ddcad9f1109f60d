/* inventory.c - every service the root's configuration can start
 *
 * One pass over the tree: inetd entries, xinetd blocks, init scripts. Each
 * service gets every name an administrator may call it by, so that a policy
 * can say "rsh" for inetd's "shell" or "named" for bind9.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "daemonconf.h"
#include "headers.h"
#include "inetdtext.h"
#include "inventory.h"
#include "knowledge.h"
#include "listen.h"
#include "rclinks.h"
#include "root.h"
#include "snapshot.h"
#include "systemd.h"
#include "tree.h"

const char *
kind_name(enum kind k)
{
	static const char *const names[] = { "inetd", "xinetd", "sysv", "systemd" };

	return names[k];
}

const char *
state_name(enum state st)
{
	static const char *const names[] = { "disabled", "enabled", "static", "masked" };

	return names[st];
}

static struct service *
new_service(struct inventory *inv, enum kind kind, const char *name, const char *file,
	    const char *node)
{
	struct service *s;

	inv->v = xrealloc(inv->v, (inv->n + 1) * sizeof(*inv->v));
	s = &inv->v[inv->n++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->name = xstrdup(name);
	s->file = xstrdup(file);
	s->node = xstrdup(node);
	s->stop = -1;
	return s;
}

/* Every name a person may use for S, from its base names outwards. */
static void
expand_names(struct service *s, const struct services *db)
{
	struct strv base = { 0 };

	for (size_t i = 0; i < s->names.n; i++)
		strv_push(&base, s->names.v[i]);
	for (size_t i = 0; i < base.n; i++) {
		const struct known *k = knowledge_find(base.v[i]);

		knowledge_expand(base.v[i], &s->names);
		if (k != NULL) {
			s->network |= (k->flags & KNOWN_NETWORK) != 0;
			s->superserver |= (k->flags & KNOWN_SUPERSERVER) != 0;
		}
	}
	for (size_t i = 0, n = s->names.n; i < n; i++)
		services_expand(db, s->names.v[i], &s->names);
	strv_free(&base);
}

/* The port of /etc/services entry E (may be NULL), at ADDR (NULL: every address). */
static void
add_port(struct service *s, const char *addr, const struct svcent *e)
{
	if (e != NULL)
		listen_add(s, addr, e->port, e->proto);
}

/* ---- inetd ---- */

/* The (label, value) pairs of N's children, borrowed from the snapshot. */
static size_t
kids_kv(const struct snode *n, struct tree_kv **out)
{
	struct tree_kv *kv = xcalloc((n ? n->n : 0) + 1, sizeof(*kv));

	for (size_t i = 0; n != NULL && i < n->n; i++) {
		kv[i].label = n->kids[i].label;
		kv[i].value = n->kids[i].value;
	}
	*out = kv;
	return n ? n->n : 0;
}

/*
 * The listeners of inetd entry S: NAME on PROTO ("tcp", "udp6",
 * "tcp,rcvbuf=8192", "rpc/tcp", "unix") at ADDR ("host,host", NULL: every
 * address). A unix entry's name is its socket's path.
 */
static void
inetd_listen(struct service *s, const struct services *db, const char *addr, const char *proto)
{
	struct strv hosts = { 0 };
	char pr[16];

	if (proto != NULL && streq(proto, "unix")) {
		listen_add_path(s, s->name);
		return;
	}
	/* "tcp6", "rpc/udp" and "tcp,rcvbuf=N" name the /etc/services protocol too */
	snprintf(pr, sizeof(pr), "%s", proto ? base_name(proto) : "tcp");
	pr[strcspn(pr, "46,")] = '\0';
	if (addr != NULL)
		strv_split(&hosts, addr, ",");
	if (hosts.n == 0)
		strv_push(&hosts, "*");
	for (size_t h = 0; h < hosts.n; h++) {
		if (s->name[0] != '\0' && strspn(s->name, "0123456789") == strlen(s->name))
			listen_add(s, hosts.v[h], atoi(s->name), pr); /* "12345 stream ..." */
		else
			add_port(s, hosts.v[h], services_find(db, s->name, pr));
	}
	strv_free(&hosts);
}

static int
inventory_inetd(const struct tree *t, const struct snode *files, struct inventory *inv)
{
	char *file = t->inetd_conf, *text = NULL, *fp;
	const struct snode *fn;
	const char *defaddr = NULL; /* "ADDR:" alone on a line: the lines after it (inetd(8)) */
	size_t nlines = 0, nsvc = 0, k = 0;
	struct inetd_entry *lines = NULL;
	int r;

	if (file == NULL)
		return 0;
	/* swapped for a FIFO since the load: refused, never waited on */
	r = root_read_input(t->root, file, file, &text, NULL);
	if (r < 0)
		return r;
	nlines = inetd_entries(text, &lines);
	free(text);

	/* the snapshot, not a lookup of service[i] each: that walks i siblings
	 * (20,000 entries took a minute) */
	fn = snode_at(files, file);
	for (size_t i = 0; fn != NULL && i < fn->n; i++)
		nsvc += fn->kids[i].label != NULL && streq(fn->kids[i].label, "service");
	fp = tree_file_path(t, file);
	for (size_t i = 0; fn != NULL && i < fn->n; i++) {
		const struct snode *e = &fn->kids[i];
		const char *name = e->value, *cmd, *proto, *sock, *prog, *addr;
		char *node;
		struct tree_kv *kv;
		struct service *s;
		size_t nkv;

		if (e->label != NULL && streq(e->label, "address"))
			defaddr = e->value; /* "*:" is every address again */
		if (e->label == NULL || !streq(e->label, "service"))
			continue;
		/* the path aug_match gives: an index only among several */
		node = nsvc > 1 ? xasprintf("%s/service[%zu]", fp, k + 1)
				: xasprintf("%s/service", fp);
		nkv = kids_kv(e, &kv);
		cmd = tree_kv_get(kv, nkv, "command", false);
		proto = tree_kv_get(kv, nkv, "protocol", false);
		sock = tree_kv_get(kv, nkv, "socket", false);
		addr = tree_kv_get(kv, nkv, "address", false);
		prog = cmd;
		s = new_service(inv, KIND_INETD, name ? name : "", file, node);
		free(node);
		s->line = k < nlines ? lines[k].line : 0;
		k++;
		s->enabled = true;
		for (size_t j = 0; j < nkv; j++)
			if (kv[j].label != NULL && streq(kv[j].label, "disabled"))
				s->enabled = false;
		s->network = true;
		/* tcpd wraps the real daemon: its first argument names it. */
		if (cmd != NULL && streq(base_name(cmd), "tcpd"))
			prog = snode_value(e, "arguments/1");
		if (prog != NULL && !streq(prog, "internal")) {
			s->program = xstrdup(base_name(prog));
			strv_push(&s->names, s->program);
		}
		strv_push(&s->names, s->name);
		if (s->name[0] != '\0')
			strv_push(&s->own, s->name);
		s->detail = xasprintf("%s/%s", sock ? sock : "?", proto ? proto : "?");
		inetd_listen(s, &inv->services, addr != NULL ? addr : defaddr, proto);
		expand_names(s, &inv->services);
		listen_finish(s);
		free(kv);
	}
	free(fp);
	free(lines);
	return 0;
}

/* ---- xinetd ---- */

static bool
word_in(const char *list, const char *word)
{
	struct strv v = { 0 };
	bool in;

	strv_split(&v, list, " \t");
	in = strv_contains(&v, word);
	strv_free(&v);
	return in;
}

static int
inventory_xinetd(const struct tree *t, const struct snode *files, struct inventory *inv)
{
	const char *disabled = NULL, *enabled = NULL;
	const struct snode *defaults = NULL;
	struct tree_kv *dkv;
	size_t ndkv;

	/* "disabled" and "enabled" of the defaults block apply to every service */
	for (size_t f = 0; f < t->xinetd_files.n && defaults == NULL; f++)
		defaults = snode_child(snode_at(files, t->xinetd_files.v[f]), "defaults");
	ndkv = kids_kv(defaults, &dkv);
	disabled = tree_kv_get(dkv, ndkv, "disabled", true);
	enabled = tree_kv_get(dkv, ndkv, "enabled", true);
	for (size_t f = 0; f < t->xinetd_files.n; f++) {
		const char *file = t->xinetd_files.v[f];
		const struct snode *fn = snode_at(files, file);
		size_t nblocks = 0, k = 0;
		char *fp;

		for (size_t i = 0; fn != NULL && i < fn->n; i++)
			nblocks += streq(fn->kids[i].label, "service");
		fp = tree_file_path(t, file);
		for (size_t i = 0; fn != NULL && i < fn->n; i++) {
			const struct snode *b = &fn->kids[i];
			struct tree_kv *kv;
			size_t nkv;
			const char *dis, *id, *port, *server, *type, *sock, *proto, *bind;
			struct service *s;
			char *node;

			if (!streq(b->label, "service"))
				continue;
			/* the path aug_match gives: an index only among several blocks */
			k++;
			node = nblocks > 1 ? xasprintf("%s/service[%zu]", fp, k)
					   : xasprintf("%s/service", fp);
			nkv = kids_kv(b, &kv);
			dis = tree_kv_get(kv, nkv, "disable", true);
			id = tree_kv_get(kv, nkv, "id", true);
			port = tree_kv_get(kv, nkv, "port", true);
			server = tree_kv_get(kv, nkv, "server", true);
			type = tree_kv_get(kv, nkv, "type", true);
			sock = tree_kv_get(kv, nkv, "socket_type", true);
			proto = tree_kv_get(kv, nkv, "protocol", true);
			s = new_service(inv, KIND_XINETD, b->value ? b->value : "", file, node);
			/* the attribute plan sets, in the case it is written in (one lookup less a block) */
			for (size_t a = 0; a < b->n && s->disable_node == NULL; a++)
				if (strcasecmp(b->kids[a].label, "disable") == 0)
					s->disable_node = xasprintf("%s/%s[1]", node, b->kids[a].label);
			free(node);
			/* defaults' lists name the service id, which defaults to its name */
			s->enabled = !(dis != NULL && strcasecmp(dis, "yes") == 0) &&
				     !(disabled != NULL && word_in(disabled, id ? id : s->name)) &&
				     !(enabled != NULL && !word_in(enabled, id ? id : s->name));
			s->network = true;
			strv_push(&s->names, s->name);
			strv_push(&s->own, s->name);
			if (id != NULL) {
				strv_push_unique(&s->names, id);
				strv_push_unique(&s->own, id);
			}
			if (server != NULL && !(type != NULL && strcasestr(type, "INTERNAL"))) {
				s->program = xstrdup(base_name(server));
				strv_push_unique(&s->names, s->program);
			}
			if (proto == NULL && sock != NULL)
				proto = streq(sock, "dgram") ? "udp" : "tcp";
			s->detail = xasprintf("%s/%s%s%s", sock ? sock : "?", proto ? proto : "?",
					      id ? " id=" : "", id ? id : "");
			/* "bind" (or its synonym "interface"): the one address it listens on */
			bind = tree_kv_get(kv, nkv, "bind", true);
			if (bind == NULL)
				bind = tree_kv_get(kv, nkv, "interface", true);
			if (port != NULL) {
				listen_add(s, bind, atoi(port), proto ? proto : "tcp");
				strv_push_unique(&s->names, port);
			} else {
				add_port(s, bind, services_find(&inv->services, s->name, proto));
			}
			expand_names(s, &inv->services);
			listen_finish(s);
			free(kv);
		}
		free(fp);
	}
	free(dkv);
	return 0;
}

/* ---- init scripts ---- */

/*
 * A daemon's ports: the /etc/services entries of its names, for the
 * protocols it uses (sshd: 22/tcp, though 22/udp is listed too).
 */
static void
daemon_ports(struct service *s, const struct services *db)
{
	for (size_t k = 0; s->network && k < s->names.n; k++) {
		const struct known *kn = knowledge_find(s->names.v[k]);
		const char *protos = kn && kn->protos ? kn->protos : "tcp";

		for (size_t e = 0; e < db->n; e++)
			if (streq(db->v[e].name, s->names.v[k]) && word_in(protos, db->v[e].proto))
				add_port(s, NULL, &db->v[e]);
	}
}

/*
 * The services of the xinetd files with CRLF line ends, which the tree
 * left out: listed as xinetd treats them (ignored: every attribute is
 * refused, "Bad socket type: stream" with its CR) and never changed.
 */
static void
inventory_xinetd_crlf(const struct tree *t, struct inventory *inv)
{
	for (size_t f = 0; f < t->xinetd_crlf.n; f++) {
		const char *file = t->xinetd_crlf.v[f];
		char *text = NULL, *s, *line;
		int n = 0;

		if (root_read_file(t->root, file, &text, NULL) < 0)
			continue;
		for (s = text; (line = strsep(&s, "\n")) != NULL;) {
			struct strv w = { 0 };
			struct service *sv;

			n++;
			strv_split(&w, line, " \t\r");
			if (w.n >= 2 && streq(w.v[0], "service")) {
				sv = new_service(inv, KIND_XINETD, w.v[1], file, "");
				sv->line = n;
				sv->ignored = xstrdup("CRLF line ends: xinetd refuses every attribute");
				sv->detail = xasprintf("ignored by xinetd: %s", sv->ignored);
				sv->network = true;
				strv_push(&sv->names, sv->name);
				strv_push(&sv->own, sv->name);
			}
			strv_free(&w);
		}
		free(text);
	}
}

/* The LSB Provides of init script I, into S's names and provides but its own. */
static void
script_provides(const struct tree *t, size_t i, struct service *s)
{
	const char *v = snode_value(headers_of(t, i), "lsb/Provides");
	struct strv words = { 0 };

	if (v != NULL)
		strv_split(&words, v, " \t");
	for (size_t k = 0; k < words.n; k++) {
		strv_push(&s->names, words.v[k]);
		if (!strv_contains(&s->own, words.v[k]))
			strv_push_unique(&s->provides, words.v[k]);
	}
	strv_free(&words);
}

/*
 * Has init script NAME a native unit? Then systemd-sysv-generator leaves
 * it alone and the unit is the service (NAME.service, or an alias of it).
 * *MASKED: no unit file, only NAME.service -> /dev/null (systemctl mask of
 * a script-only service): the generator leaves it alone too, but it stays
 * a script, listed as masked.
 */
static bool
script_has_unit(const struct tree *t, const char *name, bool *masked)
{
	char *unit = xasprintf("%s.service", name);
	bool file = unit_find(t, unit) != NULL;

	*masked = !file && unit_masked(t, unit);
	free(unit);
	return file;
}

/* "HOW\tNAME" for each word of VALUE, into V. */
static void
push_needs(struct strv *v, const char *how, const char *value)
{
	struct strv w = { 0 };

	strv_split(&w, value, " \t");
	for (size_t i = 0; i < w.n; i++)
		strv_take(v, xasprintf("%s\t%s", how, w.v[i]));
	strv_free(&w);
}

/* The LSB header's Required-Start (needs) and Should-Start (wants). */
static void
script_needs(const struct snode *sn, struct service *s)
{
	const char *v;

	if ((v = snode_value(sn, "lsb/Required-Start")) != NULL)
		push_needs(&s->needs, "Required-Start", v);
	if ((v = snode_value(sn, "lsb/Should-Start")) != NULL)
		push_needs(&s->wants, "Should-Start", v);
}

static int
inventory_sysv(const struct tree *t, struct inventory *inv)
{
	for (size_t i = 0; t->initdir != NULL && i < t->scripts.n; i++) {
		const char *name = t->scripts.v[i], *v;
		const struct snode *sn;
		char *file, *node;
		char levels[16];
		struct service *s;
		bool started, header, masked;

		if (script_has_unit(t, name, &masked))
			continue; /* counted once: as its unit */
		file = xasprintf("%s/%s", t->initdir, name);
		node = tree_file_path(t, t->script_files.v[i]);
		sn = headers_of(t, i);
		started = rclinks_started(t, name, levels, sizeof(levels));
		header = snode_child(sn, "lsb") != NULL || snode_child(sn, "chkconfig") != NULL;
		/* a library such as Red Hat's "functions": neither a header nor links */
		if (!header && !rclinks_any(t, name)) {
			free(file);
			free(node);
			continue;
		}
		s = new_service(inv, KIND_SYSV, name, file, node);
		s->enabled = started;
		s->masked = masked;
		s->detail = xasprintf("%s%s%s", masked ? "masked, " : "",
				      started ? "S in " : "no S link", started ? levels : "");
		strv_push(&s->names, name);
		strv_push(&s->own, name);
		script_provides(t, i, s);
		if ((v = snode_value(sn, "processname")) != NULL) {
			s->program = xstrdup(base_name(v));
			strv_push_unique(&s->names, s->program);
		}
		if ((v = snode_value(sn, "pidfile")) != NULL && v[0] == '/')
			s->pidfile = root_path(t->root, v);
		if ((v = snode_value(sn, "chkconfig/stop")) != NULL && isdigit((unsigned char)*v))
			s->stop = atoi(v);
		script_needs(sn, s);
		expand_names(s, &inv->services);
		daemon_ports(s, &inv->services);
		(void)daemonconf_listen(t, s);
		listen_finish(s);
		free(file);
		free(node);
	}
	return 0;
}

/* ---- systemd ---- */

/*
 * unit_values() from the snapshot (no lookup from the root a value): the
 * unit file and its drop-ins are PARTS, in the order systemd reads them.
 */
static void
snap_values(const struct snode *const *parts, size_t np, const char *section, const char *key,
	    struct strv *out)
{
	struct strv acc = { 0 };

	for (size_t p = 0; p < np; p++)
		for (size_t i = 0; parts[p] != NULL && i < parts[p]->n; i++)
			if (streq(parts[p]->kids[i].label, section))
				for (size_t k = 0; k < parts[p]->kids[i].n; k++)
					if (streq(parts[p]->kids[i].kids[k].label, key))
						unit_add_value(&acc, section,
							       parts[p]->kids[i].kids[k].value);
	for (size_t i = 0; i < acc.n; i++)
		strv_push(out, acc.v[i]);
	strv_free(&acc);
}

/*
 * A socket unit's listeners: ListenStream= (tcp), ListenDatagram= (udp),
 * ListenSequentialPacket= (a UNIX-domain socket), after the drop-ins.
 */
static void
socket_ports(const struct snode *const *parts, size_t np, struct service *s)
{
	static const char *const keys[][2] = { { "ListenStream", "tcp" },
					      { "ListenDatagram", "udp" },
					      { "ListenSequentialPacket", "seqpacket" } };

	for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		snap_values(parts, np, "Socket", keys[k][0], &v);
		for (size_t i = 0; i < v.n; i++) {
			if (streq(keys[k][1], "seqpacket")) {
				if (v.v[i][0] == '/' || v.v[i][0] == '@')
					listen_add_path(s, v.v[i]);
			} else if (listen_add_systemd(s, v.v[i], keys[k][1]) > 0) {
				s->network = true;
			}
		}
		strv_free(&v);
	}
}

/*
 * S's state as systemctl is-enabled says it, and for people: "enabled
 * (multi-user.target)", "enabled by the vendor (sysinit.target)" (a link
 * disable cannot remove), "static (sockets.target)", "static (pulled in by
 * apt-daily.timer)", "masked", "disabled". PARTS are its unit file and
 * drop-ins, PULLED the units that name it. S->enabled: a link starts it.
 */
static char *
unit_state(const struct tree *t, const struct snode *const *parts, size_t np,
	   const struct strv *pulled, struct service *s)
{
	/* the rules of an [Install] section (systemd's install_info_has_rules) */
	static const char *const rules[] = { "WantedBy", "RequiredBy", "UpheldBy", "Alias", "Also" };
	bool vendor, install = false;
	char *by, *d;

	if (unit_masked(t, s->name)) {
		s->state = STATE_MASKED;
		return xstrdup("masked");
	}
	unit_wanted_by(t, s->name, &s->wanted_by, &vendor);
	for (size_t i = 0; i < pulled->n; i++)
		strv_push_unique(&s->pulled_by, pulled->v[i]);
	for (size_t i = 0; i < ELEMENTSOF(rules) && !install; i++) {
		struct strv v = { 0 };

		snap_values(parts, np, "Install", rules[i], &v);
		install = v.n > 0;
		strv_free(&v);
	}
	s->enabled = s->wanted_by.n > 0;
	if (unit_wanted_locally(t, s->name))
		s->state = STATE_ENABLED;
	else
		s->state = install ? (s->enabled ? STATE_ENABLED : STATE_DISABLED) : STATE_STATIC;
	if (s->wanted_by.n > 0) {
		by = strv_join(&s->wanted_by, " ");
		d = xasprintf("%s (%s)",
			      s->state == STATE_STATIC ? "static"
			      : vendor && !unit_wanted_locally(t, s->name) ? "enabled by the vendor"
									 : "enabled",
			      by);
	} else if (s->state == STATE_STATIC && s->pulled_by.n > 0) {
		by = strv_join(&s->pulled_by, " ");
		d = xasprintf("static (pulled in by %s)", by);
	} else {
		return xstrdup(state_name(s->state));
	}
	free(by);
	return d;
}

/*
 * The init script of service unit S (base name BASE, aliases ALIASES): the
 * script of the same name, else one named like an alias (Debian's
 * nfs-kernel-server of nfs-server.service through the alias
 * nfs-kernel-server.service). systemd-sysv-generator leaves it alone, but
 * under a sysvinit boot its S links start the service even when the unit is
 * disabled or masked: then S is enabled all the same, and disable turns the
 * links K, as systemctl disable does through systemd-sysv-install.
 */
static void
unit_script(const struct tree *t, const char *base,
	    const struct strv *aliases, struct service *s)
{
	char levels[16];

	for (size_t a = 0; s->script == NULL && a <= aliases->n; a++) {
		const char *want = a == 0 ? base : aliases->v[a - 1], *dot = strrchr(want, '.');
		size_t len = a == 0 || dot == NULL ? strlen(want) : (size_t)(dot - want);
		const struct unit_file *own = a > 0 ? unit_find(t, want) : NULL;

		/* an alias name that is a unit file of its own has that unit's script */
		if (a > 0 && (!streq(want + len, ".service") || (own != NULL && streq(own->name, want))))
			continue;
		for (size_t k = 0; t->initdir != NULL && k < t->scripts.n; k++)
			if (strlen(t->scripts.v[k]) == len && strncmp(t->scripts.v[k], want, len) == 0) {
				s->script = xstrdup(t->scripts.v[k]);
				script_provides(t, k, s);
				break;
			}
	}
	if (s->script != NULL && !s->enabled &&
	    rclinks_started(t, s->script, levels, sizeof(levels))) {
		char *d = xasprintf("%s; S links of %s/%s in %s", s->detail, t->initdir, s->script,
				    levels);

		s->enabled = true;
		free(s->detail);
		s->detail = d;
	}
}

/*
 * A unit's Requires=, BindsTo=, Requisite= (needs) and Wants= (wants),
 * after its drop-ins; an instance's %i and %I are its instance name, a
 * value with another specifier is left out.
 */
static void
unit_needs(const struct snode *const *parts, size_t np, const char *name, struct service *s)
{
	static const char *const keys[] = { "Requires", "BindsTo", "Requisite", "Wants" };
	const char *at = strchr(name, '@'), *dot = strrchr(name, '.');
	char *inst = at != NULL && dot > at ? xstrndup(at + 1, (size_t)(dot - at - 1)) : NULL;

	for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
		struct strv v = { 0 };

		snap_values(parts, np, "Unit", keys[k], &v);
		for (size_t i = 0; i < v.n; i++) {
			char *dep = xstrdup(v.v[i]), *pc;

			while (inst != NULL &&
			       ((pc = strstr(dep, "%i")) != NULL || (pc = strstr(dep, "%I")) != NULL)) {
				char *next = xasprintf("%.*s%s%s", (int)(pc - dep), dep, inst, pc + 2);

				free(dep);
				dep = next;
			}
			if (strchr(dep, '%') == NULL)
				strv_take(k == 3 ? &s->wants : &s->needs,
					  xasprintf("%s\t%s", keys[k], dep));
			free(dep);
		}
		strv_free(&v);
	}
	free(inst);
}

/*
 * One unit NAME, read from unit file U: a unit's own, or the template an
 * instance runs from (openvpn-server@office.service from
 * openvpn-server@.service: the instance is what links enable, so it is the
 * service; "openvpn-server" names every instance).
 */
static void
inventory_unit(const struct tree *t, const struct snode *files, const char *name,
	       const struct unit_file *u, const struct strv *pulled, struct inventory *inv)
{
	const char *dot = strrchr(name, '.'), *at = strchr(name, '@');
	char *base = xstrndup(name, (size_t)(dot - name)), *node = tree_file_path(t, u->file);
	char *state;
	struct strv v = { 0 }, dropins = { 0 };
	struct service *s = new_service(inv, KIND_SYSTEMD, name, u->file, node);
	const struct snode **parts;
	size_t np = 1;

	unit_dropin_files(t, name, &dropins);
	parts = xcalloc(dropins.n + 1, sizeof(*parts));
	parts[0] = snode_at(files, u->file);
	for (size_t k = 0; k < dropins.n; k++)
		parts[np++] = snode_at(files, dropins.v[k]);

	state = unit_state(t, parts, np, pulled, s);
	s->masked = s->state == STATE_MASKED;
	s->detail = xasprintf("%s, %s", dot + 1, state);
	free(state);
	strv_push(&s->own, name);
	strv_push_unique(&s->own, base);
	if (at != NULL) { /* the template's prefix and name: systemctl disable foo@.service */
		strv_take(&s->own, xstrndup(name, (size_t)(at - name)));
		strv_take(&s->own, xasprintf("%.*s%s", (int)(at + 1 - name), name, dot));
	} else {
		snap_values(parts, np, "Install", "Alias", &v); /* an instance's would hold %i */
		unit_alias_links(t, name, &v); /* openbsd-inetd.service -> inetd.service */
	}
	for (size_t k = 0; k < v.n; k++) {
		const char *adot = strrchr(v.v[k], '.');

		strv_push_unique(&s->own, v.v[k]);
		if (adot != NULL)
			strv_take(&s->own, xstrndup(v.v[k], (size_t)(adot - v.v[k])));
	}
	if (streq(dot, ".service") && at == NULL)
		unit_script(t, base, &v, s);
	strv_free(&v);
	for (size_t k = 0; k < s->own.n; k++)
		strv_push_unique(&s->names, s->own.v[k]);
	unit_needs(parts, np, name, s);
	snap_values(parts, np, "Service", "ExecStart", &v);
	if (v.n > 0) {
		/* "-/usr/sbin/sshd": the prefixes say how to run it, not what */
		const char *prog = v.v[0] + strspn(v.v[0], "-@:+!");

		s->program = xstrdup(base_name(prog));
		strv_push_unique(&s->names, s->program);
	}
	strv_free(&v);
	expand_names(s, &inv->services);
	if (streq(dot, ".socket"))
		socket_ports(parts, np, s);
	else if (streq(dot, ".service") && daemonconf_listen(t, s) != 0)
		daemon_ports(s, &inv->services);
	listen_finish(s);
	free(parts);
	strv_free(&dropins);
	free(base);
	free(node);
}

/*
 * What each unit file names to start with it, as pairs: PULLED[i] is pulled
 * in by BY[i]. Wants= and Requires=, a timer's or a path's Unit=, a
 * socket's Service= (by default the service of the same name). Read once
 * for every unit, from the snapshot.
 */
static void
pull_map(const struct tree *t, const struct snode *files, struct strv *pulled, struct strv *by)
{
	static const char *const keys[][2] = { { "Unit", "Wants" }, { "Unit", "Requires" },
					      { "Unit", "BindsTo" }, { "Timer", "Unit" },
					      { "Path", "Unit" }, { "Socket", "Service" } };

	for (size_t i = 0; i < t->nunits; i++) {
		const char *name = t->units[i].name, *dot = strrchr(name, '.');
		struct strv dropins = { 0 }, v = { 0 };
		const struct snode **parts;
		size_t np = 1;
		bool fires;

		if (dot == NULL || strstr(name, "@.") != NULL) /* a template names no one unit */
			continue;
		fires = streq(dot, ".timer") || streq(dot, ".path") || streq(dot, ".socket");
		unit_dropin_files(t, name, &dropins);
		parts = xcalloc(dropins.n + 1, sizeof(*parts));
		parts[0] = snode_at(files, t->units[i].file);
		for (size_t k = 0; k < dropins.n; k++)
			parts[np++] = snode_at(files, dropins.v[k]);
		for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
			size_t before = v.n;

			snap_values(parts, np, keys[k][0], keys[k][1], &v);
			/* a timer's, path's or socket's own section: the default */
			if (fires && v.n == before && strcasecmp(dot + 1, keys[k][0]) == 0)
				strv_take(&v, xasprintf("%.*s.service", (int)(dot - name), name));
		}
		for (size_t k = 0; k < v.n; k++) {
			strv_push(pulled, v.v[k]);
			strv_push(by, name);
		}
		strv_free(&v);
		strv_free(&dropins);
		free(parts);
	}
}

static int
inventory_systemd(const struct tree *t, const struct snode *files, struct inventory *inv)
{
	struct strv instances = { 0 }, pulled = { 0 }, by = { 0 };

	pull_map(t, files, &pulled, &by);
	for (size_t i = 0; i < t->nunits; i++)
		if (unit_listed_type(t->units[i].name)) {
			struct strv mine = { 0 };

			for (size_t k = 0; k < pulled.n; k++)
				if (streq(pulled.v[k], t->units[i].name))
					strv_push_unique(&mine, by.v[k]);
			inventory_unit(t, files, t->units[i].name, &t->units[i], &mine, inv);
			strv_free(&mine);
		}
	systemd_instances(t, &instances);
	for (size_t i = 0; i < instances.n; i++) {
		const struct unit_file *u = unit_instance_file(t, instances.v[i]);
		struct strv mine = { 0 };

		for (size_t k = 0; k < pulled.n; k++)
			if (streq(pulled.v[k], instances.v[i]))
				strv_push_unique(&mine, by.v[k]);
		if (u != NULL) /* no template: nothing systemd could start */
			inventory_unit(t, files, instances.v[i], u, &mine, inv);
		strv_free(&mine);
	}
	strv_free(&instances);
	strv_free(&pulled);
	strv_free(&by);
	return 0;
}

/*
 * An alias of a service unit is a name of that unit as its base name is:
 * "mysql" (mysql.service -> mariadb.service) also selects mariadb.socket,
 * as "mariadb" does. A socket left startable would still listen for the
 * service (rpcbind.socket on 111), or start it (ssh.socket). Each sibling
 * (NAME.socket, NAME.path of a NAME.service) gets the aliases' base names.
 */
static void
alias_siblings(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n; i++) {
		const struct service *s = &inv->v[i];
		const char *dot = strrchr(s->name, '.');
		size_t blen = dot != NULL ? (size_t)(dot - s->name) : 0;

		if (s->kind != KIND_SYSTEMD || dot == NULL || !streq(dot, ".service") ||
		    strchr(s->name, '@') != NULL)
			continue;
		for (size_t j = 0; j < inv->n; j++) {
			struct service *u = &inv->v[j];
			const char *udot = strrchr(u->name, '.');

			if (j == i || u->kind != KIND_SYSTEMD || udot == NULL ||
			    (size_t)(udot - u->name) != blen || strncmp(u->name, s->name, blen) != 0)
				continue;
			for (size_t k = 0; k < s->own.n; k++) {
				const char *a = s->own.v[k];

				if (endswith(a, ".service") || strv_contains(&u->own, a))
					continue;
				strv_push(&u->own, a);
				strv_push_unique(&u->names, a);
			}
		}
	}
}

int
inventory_build(const struct tree *t, struct inventory *inv)
{
	struct snode files;
	int r;

	memset(inv, 0, sizeof(*inv));
	/* one copy of the files' trees, walked without a lookup from the root a node */
	if ((r = snapshot_take(t, "/files", &files)) < 0)
		return r;
	if ((r = services_load(t, &inv->services)) == 0 && (r = inventory_inetd(t, &files, inv)) == 0 &&
	    (r = inventory_xinetd(t, &files, inv)) == 0 && (r = inventory_sysv(t, inv)) == 0)
		r = inventory_systemd(t, &files, inv);
	if (r == 0)
		alias_siblings(inv);
	if (r == 0)
		inventory_xinetd_crlf(t, inv);
	snapshot_free(&files);
	for (size_t i = 0; i < inv->n; i++)
		if (inv->v[i].kind != KIND_SYSTEMD)
			inv->v[i].state = inv->v[i].masked    ? STATE_MASKED
					  : inv->v[i].enabled ? STATE_ENABLED
							      : STATE_DISABLED;
	return r;
}

void
inventory_free(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n; i++) {
		struct service *s = &inv->v[i];

		free(s->name);
		free(s->file);
		free(s->node);
		free(s->detail);
		free(s->program);
		free(s->pidfile);
		free(s->script);
		free(s->disable_node);
		free(s->ignored);
		free(s->ports_from);
		strv_free(&s->names);
		strv_free(&s->own);
		strv_free(&s->provides);
		strv_free(&s->ports);
		strv_free(&s->listen);
		strv_free(&s->wanted_by);
		strv_free(&s->pulled_by);
		strv_free(&s->needs);
		strv_free(&s->wants);
	}
	free(inv->v);
	services_free(&inv->services);
	memset(inv, 0, sizeof(*inv));
}

char *
service_where(const struct service *s)
{
	if (s->line > 0)
		return xasprintf("%s:%d", s->file, s->line);
	return xstrdup(s->file);
}

bool
service_matches(const struct service *s, const char *name)
{
	return strv_contains(&s->names, name);
}
