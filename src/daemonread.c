/* daemonread.c - a daemon's listen settings, read in C from its own configuration file
 *
 * deafen only reads a daemon's configuration (memcached.conf, smb.conf,
 * dovecot.conf...), for its port and address settings. The stock lens of
 * each file compiles its regular expressions at every load and parses
 * every byte of the file: ~450 M instructions for the ten files of a
 * Debian 12 server, most of a plan. A reader here reads the settings of a
 * "listen" line of src/knowledge.tab as that file's lens puts them in its
 * tree (the same values, in the same order: tests/unit/test_daemonread.c
 * and tests/fuzz/fuzz_daemonread.c hold them against the lens); the lens
 * still reads the whole file for list --format xml (daemonconf.c defers it).
 *
 * One reader a format: "-p 11211" lines (Memcached), "key value" lines
 * (Redis, Squid, Spacevars), "key=value" lines (Vsftpd, Nrpe), shell
 * assignments (shellvars.c), INI sections (Samba, MySQL), statements in
 * braces (Dhcpd, Dovecot) and Apache-style directives in <sections> (Cups).
 * A line that sets what deafen reads, in a form the reader does not know,
 * is refused with its number: the caller gives the file to the lens then,
 * which reads it as it always did or says why it cannot.
 */
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "daemonread.h"
#include "shellvars.h"
#include "util.h"

struct line {
	const char *s, *e; /* the line, without its newline */
	size_t no;
};

/* The next line of the text at *P (before END) into L. */
static bool
next_line(const char **p, const char *end, struct line *l)
{
	const char *nl;

	if (*p >= end)
		return false;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	l->s = *p;
	l->e = nl ? nl : end;
	l->no++;
	*p = nl ? nl + 1 : end;
	return true;
}

static bool
blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_blanks(const char *s, const char *e)
{
	while (s < e && blank(*s))
		s++;
	return s;
}

static const char *
rtrim(const char *s, const char *e)
{
	while (e > s && blank(e[-1]))
		e--;
	return e;
}

/* Is [S, E) the word WORD followed by the end or one of STOP? */
static bool
word_at(const char *s, const char *e, const char *word, const char *stop)
{
	size_t n = strlen(word);

	return (size_t)(e - s) >= n && memcmp(s, word, n) == 0 &&
	       (s + n == e || strchr(stop, s[n]) != NULL);
}

static bool
has_any(const char *s, const char *e, const char *chars)
{
	for (; s < e; s++)
		if (strchr(chars, *s) != NULL)
			return true;
	return false;
}

static void
push(struct strv *out, const char *s, const char *e)
{
	strv_take(out, xstrndup(s, (size_t)(e - s)));
}

/* Each blank-separated word of [S, E) into OUT. */
static void
push_words(struct strv *out, const char *s, const char *e)
{
	for (s = skip_blanks(s, e); s < e; s = skip_blanks(s, e)) {
		const char *we = s;

		while (we < e && !blank(*we))
			we++;
		push(out, s, we);
		s = we;
	}
}

/* The reader's refusal of line L: OUT back to its first N values. */
static int
refuse(struct strv *out, size_t n, const struct line *l, size_t *line)
{
	while (out->n > n)
		free(out->v[--out->n]);
	*line = l->no;
	return -EINVAL;
}

/*
 * memcached.conf: "-p 11211", "-l 127.0.0.1 # a comment" from the first
 * column, the option letter the setting ("p").
 */
static int
memcached(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
	  struct strv *out, size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n;

	if (strlen(setting) != 1)
		return 1;
	while (next_line(&text, end, &l)) {
		const char *s, *v;

		if (l.e - l.s < 2 || l.s[0] != '-' || l.s[1] != setting[0]) {
			/* " -p 1": no line of the lens, which a -p line may be meant for */
			s = skip_blanks(l.s, l.e);
			if (s != l.s && l.e - s >= 2 && s[0] == '-' && s[1] == setting[0])
				return refuse(out, n0, &l, line);
			continue;
		}
		s = l.s + 2;
		if (s < l.e && !blank(*s) && *s != '#')
			return refuse(out, n0, &l, line); /* "-p11211" */
		s = skip_blanks(s, l.e);
		if (s == l.e || *s == '#')
			continue; /* no value */
		for (v = s; v < l.e && !blank(*v) && *v != '#'; v++)
			;
		if (skip_blanks(v, l.e) != l.e && *skip_blanks(v, l.e) != '#')
			return refuse(out, n0, &l, line);
		push(out, s, v);
	}
	return 0;
}

/*
 * An address as the Redis lens reads one: Augeas's Rx.ip (rx.aug of augeas
 * 1.14), which is not inet_pton's ("::" alone is none, "1.2.3.04" is one).
 */
#define RX_H "[0-9A-Fa-f]{1,4}"
#define RX_BYTE "(25[0-5]?|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
#define RX_D "((25[0-5])|(1[0-9]{2})|(2[0-4][0-9])|([0-9]{1,2}))"
#define RX_V4TAIL "(" RX_D "\\.){3}" RX_D
static const char rx_ip[] =
    "^(" RX_BYTE "\\." RX_BYTE "\\." RX_BYTE "\\." RX_BYTE "|(" RX_H ":){7}" RX_H "|(" RX_H
    ":){6}:" RX_H "|(" RX_H ":){5}:(" RX_H ":)?" RX_H "|(" RX_H ":){4}:(" RX_H ":){0,2}" RX_H
    "|(" RX_H ":){3}:(" RX_H ":){0,3}" RX_H "|(" RX_H ":){2}:(" RX_H ":){0,4}" RX_H "|(" RX_H
    ":){6}" RX_V4TAIL "|(" RX_H ":){0,5}:" RX_V4TAIL "|::(" RX_H ":){0,5}" RX_V4TAIL "|" RX_H
    "::(" RX_H ":){0,5}" RX_H "|::(" RX_H ":){0,6}" RX_H "|(" RX_H ":){1,7}:)$";

static bool
is_ip(const regex_t *rx, const char *s, const char *e)
{
	char *a = xstrndup(s, (size_t)(e - s));
	bool yes = regexec(rx, a, 0, NULL, 0) == 0;

	free(a);
	return yes;
}

/*
 * "key value" lines, the first word the key (after blanks): redis.conf's
 * "port 6379" and "bind 127.0.0.1 -::1" (setting "bind/ip": each address,
 * "-" the mark of one redis may fail to bind); squid.conf's "http_port
 * 127.0.0.1:3128 transparent" (the rest of the line). Only those lines
 * are read: the lens is given them alone (daemonconf.c), not the file.
 */
static int
keyvalue(const char *text, const char *end, const char *setting, int redis, struct strv *out,
	 size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n;
	bool ips = streq(setting, "bind/ip"), words_only = redis;
	const char *key = ips ? "bind" : setting;
	regex_t rx;
	int r = 0;

	if (redis ? !ips && !streq(setting, "port") : !streq(setting, "http_port"))
		return 1;

	if (ips && regcomp(&rx, rx_ip, REG_EXTENDED | REG_NOSUB) != 0)
		abort(); /* a constant */
	while (r == 0 && next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e = rtrim(s, l.e);

		if (!word_at(s, l.e, key, " \t"))
			continue;
		s = skip_blanks(s + strlen(key), e);
		/* what the cut of daemonconf.c would change, and quotes: the lens's */
		if (s == e || has_any(s, e, "'\"\r") ||
		    (words_only && has_any(s, e, " \t") && !ips)) {
			r = refuse(out, n0, &l, line);
			break;
		}
		for (const char *w = s; r == 0 && w < e;) {
			const char *we = w;

			while (we < e && !blank(*we))
				we++;
			if (*w == '-' && !ips) {
				r = refuse(out, n0, &l, line);
			} else if (ips) {
				const char *a = w + (*w == '-' && we - w > 1 && w[1] != '-');

				if (is_ip(&rx, a, we))
					push(out, a, we);
				else
					r = refuse(out, n0, &l, line);
			}
			w = skip_blanks(we, e);
		}
		if (r == 0 && !ips)
			push(out, s, e);
	}
	if (ips)
		regfree(&rx);
	return r;
}

/*
 * snmpd.conf (Spacevars): "agentaddress 127.0.0.1,[::1]" from the first
 * column, the rest of the line its value; the key alone sets none.
 */
static int
spacevars(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
	  struct strv *out, size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n;

	while (next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e = rtrim(s, l.e);

		if (!word_at(s, l.e, setting, " \t"))
			continue;
		if (s != l.s || has_any(s, e, "\r"))
			return refuse(out, n0, &l, line);
		s = skip_blanks(s + strlen(setting), e);
		if (s < e)
			push(out, s, e);
	}
	return 0;
}

/*
 * "key=value" lines from the first column: vsftpd.conf ("listen_port=21",
 * a number, nothing after it; "listen_address=..." the rest of the line),
 * nrpe.cfg ("server_port = 5666": blanks around "=", words after it).
 */
static int
keyeq(const char *text, const char *end, const char *setting, int nrpe, struct strv *out,
      size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n;
	bool number = streq(setting, "listen_port");

	if (nrpe ? strpbrk(setting, "/[") != NULL : !number && !streq(setting, "listen_address"))
		return 1;

	while (next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e;

		if (!word_at(s, l.e, setting, " \t="))
			continue;
		if (s != l.s || has_any(s, l.e, "\r"))
			return refuse(out, n0, &l, line);
		s += strlen(setting);
		if (nrpe) {
			s = skip_blanks(s, l.e);
			if (s == l.e || *s != '=')
				return refuse(out, n0, &l, line);
			s = skip_blanks(s + 1, l.e);
			e = rtrim(s, l.e);
			if (s == e || has_any(s, e, "=\t"))
				return refuse(out, n0, &l, line);
		} else {
			if (s == l.e || *s++ != '=')
				return refuse(out, n0, &l, line);
			e = l.e;
			if (s == e || (number && s + strspn(s, "0123456789") < e))
				return refuse(out, n0, &l, line);
		}
		push(out, s, e);
	}
	return 0;
}

static int
shellvars(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
	  struct strv *out, size_t *line)
{
	(void)line;
	shellvars_values(text, (size_t)(end - text), setting, out);
	return 0;
}

/*
 * An INI setting path: "target[. = 'SECTION']/KEY", or
 * "target[. = 'SECTION'][COND =~ regexp('[YyTt1].*')]/KEY" (KEY only where
 * COND says yes: samba's interfaces with bind interfaces only).
 */
struct ini_path {
	char *section, *cond, *key;
};

static bool
ini_path(const char *setting, struct ini_path *p)
{
	const char *s = setting, *q;

	memset(p, 0, sizeof(*p));
	if (!startswith(s, "target[. = '") || (q = strstr(s += 12, "']")) == NULL)
		return false;
	p->section = xstrndup(s, (size_t)(q - s));
	s = q + 2;
	if (*s == '[') {
		const char *m = strstr(s, " =~ regexp('[YyTt1].*')]");

		if (m == NULL) {
			free(p->section);
			return false;
		}
		p->cond = xstrndup(s + 1, (size_t)(m - s - 1));
		s = m + strlen(" =~ regexp('[YyTt1].*')]");
	}
	if (*s != '/' || s[1] == '\0' || strpbrk(s + 1, "/[") != NULL) {
		free(p->section);
		free(p->cond);
		return false;
	}
	p->key = xstrdup(s + 1);
	return true;
}

/*
 * smb.conf (Samba) and my.cnf (MySQL): "[section]" lines, then "key =
 * value" (MySQL: ":" too, a key alone its empty value); comments with #
 * or ;. The values of KEY in each section named SECTION, in order.
 */
static int
ini(const char *text, const char *end, const char *setting, int samba, struct strv *out,
    size_t *line)
{
	struct line l = { 0 };
	struct ini_path p;
	struct strv sec = { 0 };
	size_t n0 = out->n;
	bool in = false, yes = false;
	int r = 0;

	if (!ini_path(setting, &p))
		return 1;
	while (r == 0 && next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e = rtrim(s, l.e), *k, *ke;

		if (s == e || *s == '#' || *s == ';' || (!samba && *s == '!'))
			continue;
		if (*s == '[') {
			const char *close = memchr(s, ']', (size_t)(e - s));

			if ((samba && s != l.s) || close == NULL || close + 1 != e ||
			    has_any(s + 1, close, "/\r")) {
				r = refuse(out, n0, &l, line);
				break;
			}
			if (in && (p.cond == NULL || yes))
				for (size_t i = 0; i < sec.n; i++)
					strv_push(out, sec.v[i]);
			strv_free(&sec);
			in = (size_t)(close - s - 1) == strlen(p.section) &&
			     memcmp(s + 1, p.section, strlen(p.section)) == 0;
			yes = false;
			continue;
		}
		/* the key: up to "=" (or ":" for MySQL), blanks at its end dropped */
		for (k = s; k < e && *k != '=' && (samba || (*k != ':' && !blank(*k))); k++)
			;
		ke = rtrim(s, k);
		if (!in)
			continue;
		{
			bool want = (size_t)(ke - s) == strlen(p.key) &&
				    memcmp(s, p.key, (size_t)(ke - s)) == 0;
			bool cond = p.cond != NULL && (size_t)(ke - s) == strlen(p.cond) &&
				    memcmp(s, p.cond, (size_t)(ke - s)) == 0;
			const char *v, *ve;

			if (!want && !cond)
				continue;
			if (has_any(s, l.e, "\r\"\\"))
				r = refuse(out, n0, &l, line);
			else if (samba) {
				if (k == e)
					r = refuse(out, n0, &l, line); /* no "=" */
				v = skip_blanks(k + 1, e);
				for (ve = v; ve < e && *ve != ';' && *ve != '#'; ve++)
					;
				ve = rtrim(v, ve);
			} else {
				k = skip_blanks(k, e);
				if (k == e) {
					v = ve = e; /* "skip-networking": a key alone, "" */
				} else if (*k != '=' && *k != ':') {
					r = refuse(out, n0, &l, line);
					v = ve = e;
				} else {
					v = skip_blanks(k + 1, e);
					for (ve = v; ve < e && *ve != ';' && *ve != '#'; ve++)
						;
					ve = rtrim(v, ve);
					if (v == ve || ve - v != rtrim(v, e) - v)
						r = refuse(out, n0, &l,
							   line); /* "port =", "port = 1 ;x" */
				}
			}
			if (r != 0)
				break;
			if (cond)
				yes = yes || (v < ve && strchr("YyTt1", *v) != NULL);
			if (want && (v < ve || !samba))
				push(&sec, v, ve);
		}
	}
	for (size_t i = 0; r == 0 && in && (p.cond == NULL || yes) && i < sec.n; i++)
		strv_push(out, sec.v[i]);
	strv_free(&sec);
	free(p.section);
	free(p.cond);
	free(p.key);
	return r;
}

/*
 * dhcpd.conf: statements end with ";", blocks in braces, "#" a comment,
 * strings in double quotes. The top-level "local-port 67;" and
 * "local-address 192.0.2.1;", each on a line of its own.
 */
static int
dhcpd(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
      struct strv *out, size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n;
	long depth = 0;
	bool start = true, quoted = false, number = streq(setting, "local-port");

	if (!number && !streq(setting, "local-address"))
		return 1;
	while (next_line(&text, end, &l)) {
		for (const char *c = l.s; c < l.e; c++) {
			if (quoted) {
				if (*c == '\\' && c + 1 < l.e)
					c++;
				else if (*c == '"')
					quoted = false;
				continue;
			}
			if (*c == '#')
				break;
			if (*c == '"') {
				quoted = true;
				start = false;
			} else if (*c == ';' || *c == '{' || *c == '}') {
				start = true;
				depth += *c == '{' ? 1 : *c == '}' ? -1 : 0;
				if (depth < 0)
					return refuse(out, n0, &l, line);
			} else if (!blank(*c) && *c != '\r' && start) {
				const char *v, *ve;

				start = false;
				if (depth > 0 || !word_at(c, l.e, setting, " \t;"))
					continue;
				/* "local-port 67;" alone on its line, maybe a comment after it */
				v = skip_blanks(c + strlen(setting), l.e);
				for (ve = v; ve < l.e && *ve != ';' && !blank(*ve); ve++)
					;
				if (skip_blanks(l.s, l.e) != c || v == c + strlen(setting) ||
				    v == ve || (number && v + strspn(v, "0123456789") < ve) ||
				    has_any(v, ve, "=\"#{}\r") ||
				    (c = skip_blanks(ve, l.e)) == l.e || *c != ';' ||
				    ((c = skip_blanks(c + 1, l.e)) < l.e && *c != '#'))
					return refuse(out, n0, &l, line);
				push(out, v, ve);
				start = true;
				break;
			}
		}
	}
	return 0;
}

/*
 * dovecot.conf and conf.d/NAME.conf: "key = value" lines, "name [arg] {"
 * opens a block, "}" closes it, "!include" and "#" lines. Setting
 * "listen": the top level's; "service/inet_listener/port": the port of
 * each inet_listener block right in a top-level service block;
 * "service/inet_listener[. = 'imap']/port": of those named imap.
 */
static int
dovecot(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
	struct strv *out, size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n, depth = 0;
	bool listener = streq(setting, "service/inet_listener/port");
	bool service = false, inet = false; /* the blocks at depth 1 and 2 */
	const char *name = NULL, *q;
	size_t nlen = 0;

	if (startswith(setting, "service/inet_listener[. = '") &&
	    (q = strstr(setting, "']/port")) != NULL && streq(q, "']/port")) {
		name = setting + strlen("service/inet_listener[. = '");
		nlen = (size_t)(q - name);
		listener = true;
	}
	if (!listener && !streq(setting, "listen"))
		return 1;
	while (next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e = rtrim(s, l.e), *w = s;

		if (s == e || *s == '#' || *s == '!')
			continue;
		if (e - s == 1 && *s == '}') {
			if (depth == 0)
				return refuse(out, n0, &l, line);
			depth--;
			continue;
		}
		while (w < e && (strchr("_.-", *w) != NULL || (*w >= '0' && *w <= '9') ||
				 ((*w | 0x20) >= 'a' && (*w | 0x20) <= 'z')))
			w++;
		if (w > s && skip_blanks(w, e) < e && *skip_blanks(w, e) == '=') {
			const char *v = skip_blanks(skip_blanks(w, e) + 1, e);
			bool want = listener
					? depth == 2 && service && inet && word_at(s, w, "port", "")
					: depth == 0 && word_at(s, w, "listen", "");

			if (want && has_any(s, e, "\r"))
				return refuse(out, n0, &l, line);
			if (want && v < e)
				push(out, v, e);
			continue;
		}
		if (w > s && e[-1] == '{' && (w == e - 1 || blank(*w))) {
			depth++;
			if (depth == 1)
				service = word_at(s, w, "service", "");
			else if (depth == 2) {
				const char *a = skip_blanks(w, e - 1), *ae = rtrim(a, e - 1);

				inet = word_at(s, w, "inet_listener", "") &&
				       (name == NULL || ((size_t)(ae - a) == nlen && memcmp(a, name, nlen) == 0));
			}
			if (has_any(s, e, "\"\r") && (depth == 1 || (service && depth == 2)))
				return refuse(out, n0, &l, line);
			continue;
		}
		return refuse(out, n0, &l, line); /* a line the reader does not know */
	}
	return 0;
}

/*
 * cupsd.conf (the Cups lens: Httpd's): a directive and its blank-separated
 * args a line, <Section> ... </Section> around some. Setting
 * "directive[. = 'Listen' or . = 'Port']/arg": the args of the top-level
 * directives named so.
 */
static int
cups(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
     struct strv *out, size_t *line)
{
	struct line l = { 0 };
	size_t n0 = out->n;
	long depth = 0;

	if (!streq(setting, "directive[. = 'Listen' or . = 'Port']/arg"))
		return 1;
	while (next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e = rtrim(s, l.e);

		if (s == e || *s == '#')
			continue;
		if (*s == '<') {
			depth += e - s > 1 && s[1] == '/' ? -1 : 1;
			if (depth < 0)
				return refuse(out, n0, &l, line);
			continue;
		}
		if (depth > 0 || (!word_at(s, e, "Listen", " \t") && !word_at(s, e, "Port", " \t")))
			continue;
		if (has_any(s, l.e, "\"'\\#\r<>"))
			return refuse(out, n0, &l, line);
		push_words(out, s + (s[0] == 'L' ? 6 : 4), e);
	}
	return 0;
}

/* Is the line S (up to its newline) a setting of WORDS? Its first word is one. */
static bool
is_setting(const char *s, const struct strv *words)
{
	size_t n;
	char *w;
	bool yes;

	s += strspn(s, " \t");
	n = strcspn(s, " \t\n");
	w = xstrndup(s, n);
	yes = n > 0 && strv_contains(words, w);
	free(w);
	return yes;
}

/*
 * The lines of TEXT that set one of WORDS, into OUT; LINES[k] the line
 * number in TEXT of line k+1 of OUT. A word "-ADDR" is written ADDR:
 * redis.conf's mark of an address it may fail to bind (redis 7.0), which
 * the stock lens cannot read. Returns how many lines.
 */
size_t
daemonread_cut(const char *text, const struct strv *words, FILE *out, size_t **lines)
{
	size_t n = 0, no = 0;

	*lines = NULL;
	for (const char *l = text; *l != '\0';) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		no++;
		if (is_setting(l, words)) {
			for (size_t i = 0; i < len; i++)
				if (!(l[i] == '-' && i > 0 &&
				      (l[i - 1] == ' ' || l[i - 1] == '\t') && i + 1 < len &&
				      l[i + 1] != ' ' && l[i + 1] != '\t' && l[i + 1] != '-'))
					fputc(l[i], out);
			fputc('\n', out);
			*lines = xrealloc(*lines, (n + 1) * sizeof(**lines));
			(*lines)[n++] = no;
		}
		l += len + (nl != NULL);
	}
	return n;
}

/*
 * chrony.conf (Chrony): "KEY VALUE" lines, after blanks; a line whose first
 * non-blank is one of !;#% is a comment. Keys are any case for chronyd,
 * lower case for the lens (which then cannot read the file: the reader
 * still can). SETTING: "port", "bindaddress", "cmdport", "bindcmdaddress",
 * "include" (one word); "allow" (the subnet after an optional "all", or ""
 * for none: its presence opens the server port); "peer" (the address);
 * "broadcast/address" (the second word); "confdir/directory",
 * "sourcedir/directory" (each word).
 */
static int
chrony(const char *text, const char *end, const char *setting, int how __attribute__((unused)),
       struct strv *out, size_t *line)
{
	static const char *const one[] = { "port", "bindaddress", "cmdport", "bindcmdaddress",
					   "include" };
	struct line l = { 0 };
	size_t n0 = out->n, key_len;
	const char *key = setting, *slash = strchr(setting, '/');
	bool single = false;

	for (size_t i = 0; i < ELEMENTSOF(one); i++)
		single = single || streq(setting, one[i]);
	if (!single && !streq(setting, "allow") && !streq(setting, "peer") &&
	    !streq(setting, "broadcast/address") && !streq(setting, "confdir/directory") &&
	    !streq(setting, "sourcedir/directory"))
		return 1;
	key_len = slash ? (size_t)(slash - setting) : strlen(setting);
	while (next_line(&text, end, &l)) {
		const char *s = skip_blanks(l.s, l.e), *e = rtrim(s, l.e), *w[4] = { 0 }, *we[4];
		size_t n = 0;

		if ((size_t)(e - s) < key_len || strncasecmp(s, key, key_len) != 0 ||
		    (s + key_len < e && !blank(s[key_len])))
			continue;
		/* the words after the key; no comment character in them (the lens's no_space) */
		if (has_any(s, e, "!;#%\r"))
			return refuse(out, n0, &l, line);
		for (const char *p = skip_blanks(s + key_len, e); p < e; p = skip_blanks(p, e)) {
			const char *q = p;

			while (q < e && !blank(*q))
				q++;
			if (n < 4)
				w[n] = p, we[n] = q;
			n++;
			p = q;
		}
		if (single) {
			if (n != 1)
				return refuse(out, n0, &l, line);
			push(out, w[0], we[0]);
		} else if (streq(setting, "allow")) {
			size_t k = n > 0 && we[0] - w[0] == 3 && strncmp(w[0], "all", 3) == 0;

			if (n > k + 1)
				return refuse(out, n0, &l, line);
			if (k < n)
				push(out, w[k], we[k]);
			else
				strv_push(out, "");
		} else if (streq(setting, "peer")) {
			if (n == 0)
				return refuse(out, n0, &l, line);
			push(out, w[0], we[0]);
		} else if (streq(setting, "broadcast/address")) {
			if (n < 2 || n > 3)
				return refuse(out, n0, &l, line);
			push(out, w[1], we[1]);
		} else { /* confdir, sourcedir: each directory */
			if (n == 0)
				return refuse(out, n0, &l, line);
			push_words(out, s + key_len, e);
		}
	}
	return 0;
}

/* HOW: a flavour of the reader's format (1: Redis's "key value", Nrpe's "key=value", Samba's INI)
 */
static const struct {
	const char *lens;
	int (*read)(const char *text, const char *end, const char *setting, int how,
		    struct strv *out, size_t *line);
	int how;
} readers[] = {
    {"Memcached", memcached, 0}, {"Redis", keyvalue, 1},  {"Squid", keyvalue, 0},
    {"Spacevars", spacevars, 0}, {"Vsftpd", keyeq, 0},	  {"Nrpe", keyeq, 1},
    {"Shellvars", shellvars, 0}, {"Samba", ini, 1},	  {"MySQL", ini, 0},
    {"Dhcpd", dhcpd, 0},	 {"Dovecot", dovecot, 0}, {"Cups", cups, 0},
    {"Chrony", chrony, 0},
};

int
daemonread_values(const char *lens, const char *setting, const char *text, size_t len,
		  struct strv *out, size_t *line)
{
	const char *nul = memchr(text, '\0', len);

	*line = 0;
	for (size_t i = 0; i < ELEMENTSOF(readers); i++) {
		if (!streq(readers[i].lens, lens))
			continue;
		if (nul != NULL) { /* no text: the lens says what it makes of it */
			for (const char *c = text; c < nul; c++)
				*line += *c == '\n';
			*line += 1;
			return -EINVAL;
		}
		return readers[i].read(text, text + len, setting, readers[i].how, out, line);
	}
	return 1;
}
