/* cmd_report.c - deafen report FILE...: one page for a fleet, from the JSON deafen wrote
 *
 * The documents of `deafen --format json list|scan|verify|backups` of each
 * host (fleet.c reads them) make one self-contained HTML page (libxml2's
 * HTML tree and serializer: inline CSS, a little inline JavaScript to sort
 * and filter, nothing fetched, everything readable with scripts off), or
 * with --format json the same summary as data, with --format csv one row a
 * service of a host.
 */
#include <errno.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deafen.h"
#include "emit.h"
#include "fleet.h"

static const char css[] =
	"body{font-family:sans-serif;margin:1em 2em;color:#222}"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;font-size:.9em}"
	"th{background:#eee}"
	"#matrix th.svc{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}"
	".totals td{font-size:1.4em;font-weight:bold;text-align:right}"
	"td.open{background:#fde7a9}"
	"td.open.dangerous{background:#e74c3c;color:#fff;font-weight:bold}"
	"td.open.disable{background:#f5a25d}"
	"td.open.keep{background:#cfe8fc}"
	"td.closed{background:#c8efc8;color:#555}"
	"td.drift{outline:3px solid #8e44ad;outline-offset:-3px}"
	"td.none{background:#fff}"
	".legend span{display:inline-block;padding:.1em .5em;margin-right:.5em;border:1px solid #bbb}"
	".legend span.open.dangerous{background:#e74c3c;color:#fff}.legend span.open.disable{background:#f5a25d}"
	".legend span.open.keep{background:#cfe8fc}.legend span.closed{background:#c8efc8}"
	".legend span.drift{outline:3px solid #8e44ad;outline-offset:-3px}"
	".err{color:#a00}";

/*
 * Sorts a table by a click on its header; hides the matrix's rows whose
 * text and cells' titles a filter box does not match. A link can give a
 * view: page.html#filter=TEXT&sort=HEADER. Done, it marks the body
 * data-script="ready" (what the browser test reads).
 */
static const char script[] =
	"(function(){\n"
	"function cellText(r,i){var c=r.cells[i];return c?c.textContent.trim():'';}\n"
	"function sortBy(t,th,i){\n"
	" var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);\n"
	" var dir=th.getAttribute('data-dir')==='asc'?-1:1;th.setAttribute('data-dir',dir>0?'asc':'desc');\n"
	" rows.sort(function(x,y){var a=cellText(x,i),c=cellText(y,i),na=parseFloat(a),nc=parseFloat(c);\n"
	"  if(!isNaN(na)&&!isNaN(nc))return dir*(na-nc);return dir*a.localeCompare(c);});\n"
	" rows.forEach(function(r){b.appendChild(r);});}\n"
	"document.querySelectorAll('table.sortable').forEach(function(t){\n"
	" var head=t.tHead?t.tHead.rows[0]:null;if(!head)return;\n"
	" Array.prototype.forEach.call(head.cells,function(th,i){\n"
	"  th.style.cursor='pointer';th.title='sort';\n"
	"  th.addEventListener('click',function(){sortBy(t,th,i);});});});\n"
	"var box=document.createElement('input');box.type='search';box.id='filter';\n"
	"box.placeholder='filter hosts and services';box.size=40;\n"
	"var at=document.getElementById('filter-here');if(at)at.appendChild(box);\n"
	"function filter(){var q=box.value.toLowerCase(),n=0;\n"
	" document.querySelectorAll('table.filterable tbody tr').forEach(function(r){\n"
	"  if(r.deafenText===undefined){var s=r.textContent;\n"
	"   Array.prototype.forEach.call(r.cells,function(c){s+=' '+c.title;});r.deafenText=s.toLowerCase();}\n"
	"  var hide=r.deafenText.indexOf(q)<0;r.style.display=hide?'none':'';n+=hide?0:1;});\n"
	" box.setAttribute('data-shown',n);}\n"
	"box.addEventListener('input',filter);\n"
	"location.hash.slice(1).split('&').forEach(function(kv){\n"
	" var k=kv.split('=')[0],v;try{v=decodeURIComponent(kv.slice(k.length+1));}catch(e){return;}\n"
	" if(k==='filter'){box.value=v;filter();}\n"
	" if(k==='sort')Array.prototype.forEach.call(document.querySelectorAll('#matrix thead th'),\n"
	"  function(th){if(th.textContent===v)th.click();});});\n"
	"document.body.setAttribute('data-script','ready');\n"
	"})();\n";

/*
 * TEXT with the control bytes but tab and newline as U+FFFD: TEXT itself
 * when it has none (nearly always), else a copy in *COPY to free.
 */
static const xmlChar *
clean_text(const char *text, xmlChar **copy)
{
	size_t n = 0;
	const unsigned char *q = (const unsigned char *)text;
	char *out;

	while (*q != '\0' && ((*q >= 0x20 && *q != 0x7f) || *q == '\t' || *q == '\n'))
		q++;
	*copy = NULL;
	if (*q == '\0')
		return BAD_CAST text;
	out = xmalloc(3 * strlen(text) + 1);
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f) {
			memcpy(out + n, "\xef\xbf\xbd", 3);
			n += 3;
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n] = '\0';
	*copy = BAD_CAST out;
	return *copy;
}

/* A child element NAME of PARENT with TEXT (may be NULL), escaped by libxml2. */
static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
	xmlChar *copy = NULL;
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name,
				       text != NULL ? clean_text(text, &copy) : NULL);

	free(copy);
	return n;
}

static void
attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlChar *copy;

	xmlSetProp(n, BAD_CAST name, clean_text(value, &copy));
	free(copy);
}

/* An element with a number. */
static xmlNodePtr
el_num(xmlNodePtr parent, const char *name, size_t n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", n);
	return el(parent, name, buf);
}

/* "host-NAME", an id of the host's section (its bytes but letters and digits as -XX). */
static char *
host_id(const char *name)
{
	char *id = xmalloc(5 + 3 * strlen(name) + 1), *q = id + 5;

	memcpy(id, "host-", 5);
	for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			*q++ = (char)*p;
		else
			q += sprintf(q, "-%02X", *p);
	}
	*q = '\0';
	return id;
}

static void
html_totals(xmlNodePtr body, const struct fleet *f)
{
	static const char *const heads[] = { "hosts", "services open", "of them dangerous",
					     "services closed", "in drift", "listeners" };
	size_t values[] = { f->nhosts, f->open, f->dangerous_open, f->closed, f->drift,
			    f->listeners };
	static const char *const ids[] = { "total-hosts", "total-open", "total-dangerous",
					   "total-closed", "total-drift", "total-listeners" };
	xmlNodePtr t = el(body, "table", NULL), hr, vr;

	attr(t, "class", "totals");
	attr(t, "id", "totals");
	hr = el(t, "tr", NULL);
	vr = el(t, "tr", NULL);
	for (size_t i = 0; i < ELEMENTSOF(heads); i++) {
		el(hr, "th", heads[i]);
		attr(el_num(vr, "td", values[i]), "id", ids[i]);
	}
}

/* S's ports and sockets, SEP between them (allocated; "" for none). */
static char *
join_ports(const struct fleet_service *s, const char *sep)
{
	size_t len = 1, n = 0;
	char *out;

	for (size_t i = 0; i < s->ports.n; i++)
		len += strlen(s->ports.v[i]) + strlen(sep);
	out = xmalloc(len);
	for (size_t i = 0; i < s->ports.n; i++)
		n += (size_t)sprintf(out + n, "%s%s", i ? sep : "", s->ports.v[i]);
	out[n] = '\0';
	return out;
}

/* The cell of host H for its service S (NULL: none): its state, the class of its state and verdict. */
static void
html_cell(xmlNodePtr tr, const struct fleet_host *h, const struct fleet_service *s)
{
	xmlNodePtr td;
	char *cls, *title, *ports, text[16];

	if (s == NULL) {
		attr(el(tr, "td", ""), "class", "none");
		return;
	}
	cls = xasprintf("%s %s%s", s->open ? "open" : "closed",
			streq(s->verdict, "-") ? "noverdict" : s->verdict, s->drift ? " drift" : "");
	ports = join_ports(s, " ");
	title = xasprintf("%s on %s: %s %s, verdict %s%s%s%s", s->name, h->name, s->kind, s->state,
			  s->verdict, ports[0] ? ", ports " : "", ports,
			  s->drift ? ", comes back at the next boot" : "");
	snprintf(text, sizeof(text), "%s%s",
		 s->open ? (streq(s->verdict, "dangerous") ? "OPEN!" : "open") : "closed",
		 s->drift ? " +drift" : "");
	td = el(tr, "td", text);
	attr(td, "class", cls);
	attr(td, "title", title);
	free(cls);
	free(title);
	free(ports);
}

/* Host H's row of the matrix, not yet in the tree. */
static xmlNodePtr
html_row(xmlDocPtr doc, const struct fleet *f, const struct fleet_host *h)
{
	xmlNodePtr tr = xmlNewDocNode(doc, NULL, BAD_CAST "tr", NULL), a;
	char *id = host_id(h->name), *href = xasprintf("#%s", id);

	a = el(el(tr, "th", NULL), "a", h->name);
	attr(a, "href", href);
	el_num(tr, "td", h->open);
	el_num(tr, "td", h->dangerous_open);
	el_num(tr, "td", h->ndrift);
	for (size_t c = 0; c < f->ncols; c++)
		html_cell(tr, h, h->cells[c]);
	free(id);
	free(href);
	return tr;
}

/* The matrix but its rows: where they go, the comment *ROWS in its tbody. */
static void
html_matrix(xmlNodePtr body, const struct fleet *f, xmlNodePtr *rows)
{
	static const char *const keys[][2] = {
		{ "OPEN!: open and dangerous", "open dangerous" },
		{ "open: a verdict to disable", "open disable" },
		{ "open: kept or unrecognized", "open keep" },
		{ "closed", "closed" },
		{ "+drift: comes back at the next boot", "closed drift" },
	};
	xmlNodePtr t, tr, th, legend;

	el(body, "h2", "Hosts and services");
	legend = el(body, "p", NULL);
	attr(legend, "class", "legend");
	for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
		xmlNodePtr span = el(legend, "span", keys[i][0]);

		attr(span, "class", keys[i][1]);
		xmlAddChild(legend, xmlNewText(BAD_CAST " "));
	}
	el(legend, "span", "each cell's title: kind, state, verdict, ports; "
			   "the hosts and services most open and dangerous first");
	t = el(body, "table", NULL);
	attr(t, "id", "matrix");
	attr(t, "class", "sortable filterable");
	tr = el(el(t, "thead", NULL), "tr", NULL);
	el(tr, "th", "host");
	el(tr, "th", "open");
	el(tr, "th", "dangerous");
	el(tr, "th", "drift");
	for (size_t c = 0; c < f->ncols; c++) {
		th = el(tr, "th", f->cols[c].name);
		attr(th, "class", "svc");
	}
	*rows = xmlAddChild(el(t, "tbody", NULL), xmlNewDocComment(body->doc, BAD_CAST "rows"));
}

/* Host H's section, put before the node AT. */
static xmlNodePtr
html_host(xmlNodePtr at, const struct fleet_host *h)
{
	char *id = host_id(h->name), *line;
	xmlNodePtr sec = xmlAddPrevSibling(at, xmlNewDocNode(at->doc, NULL, BAD_CAST "div", NULL));
	xmlNodePtr t, tr, ul;

	attr(sec, "id", id);
	attr(sec, "class", "host");
	el(sec, "h2", h->name);
	line = xasprintf("%zu services open (%zu dangerous), %zu closed; from %s", h->open,
			 h->dangerous_open, h->closed, h->files.n ? h->files.v[0] : "-");
	for (size_t i = 1; i < h->files.n; i++) {
		char *t2 = xasprintf("%s, %s", line, h->files.v[i]);

		free(line);
		line = t2;
	}
	el(sec, "p", line);
	free(line);
	for (size_t i = 0; i < h->errors.n; i++)
		attr(el(sec, "p", h->errors.v[i]), "class", "err");
	if (h->backup != NULL) {
		line = xasprintf("Last backup: %s", h->backup);
		el(sec, "p", line);
		free(line);
	}
	if (!h->has_scan) {
		el(sec, "p", "No scan: the open ports are not known.");
	} else if (h->nlis == 0) {
		el(sec, "p", "Open ports: none.");
	} else {
		el(sec, "h3", "Open ports");
		t = el(sec, "table", NULL);
		attr(t, "class", "sortable ports");
		tr = el(el(t, "thead", NULL), "tr", NULL);
		el(tr, "th", "proto");
		el(tr, "th", "address");
		el(tr, "th", "port");
		el(tr, "th", "program");
		el(tr, "th", "verdict");
		el(tr, "th", "started by");
		t = el(t, "tbody", NULL);
		for (size_t i = 0; i < h->nlis; i++) {
			const struct fleet_listener *l = &h->lis[i];
			char port[24];

			snprintf(port, sizeof(port), "%ld", l->port);
			tr = el(t, "tr", NULL);
			el(tr, "td", l->proto);
			el(tr, "td", l->address);
			el(tr, "td", port);
			el(tr, "td", l->program);
			attr(el(tr, "td", l->verdict), "class", l->verdict);
			el(tr, "td", l->provenance);
		}
	}
	if (!h->has_verify) {
		el(sec, "p", "No verify: drift not checked.");
	} else if (h->ndrift == 0) {
		el(sec, "p", "Drift: none (nothing disabled comes back at the next boot).");
	} else {
		el(sec, "h3", "Drift: would start again at boot");
		ul = el(sec, "ul", NULL);
		for (size_t i = 0; i < h->ndrift; i++) {
			line = xasprintf("%s (%s), by %s", h->drift[i].name, h->drift[i].kind,
					 h->drift[i].by);
			attr(el(ul, "li", line), "class", "drift");
			free(line);
		}
	}
	free(id);
	return sec;
}

/* Writes NODE, in its place in the tree (its next sibling decides a newline), and frees it. */
static void
dump_node(xmlOutputBufferPtr out, xmlNodePtr node)
{
	htmlNodeDumpFormatOutput(out, node->doc, node, NULL, 1);
	xmlUnlinkNode(node);
	xmlFreeNode(node);
}

/*
 * The page is streamed: a tree of everything but the matrix's rows and
 * the hosts' sections (a comment where they go) is written as libxml2
 * writes a page, then each row and each section is made, written by
 * libxml2's serializer in its place and freed. 10,000 hosts' tree was
 * 1 GB; the bytes are those of the whole tree written at once.
 */
static int
write_html(const struct fleet *f)
{
	htmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head, body, meta, style, js, rows, hosts;
	xmlOutputBufferPtr out;
	xmlCharEncodingHandlerPtr enc;
	xmlChar *mem = NULL;
	int size = 0, r = 0;
	char *title = xasprintf("deafen report: %zu hosts", f->nhosts), *at_rows, *at_hosts;

	xmlCreateIntSubset(doc, BAD_CAST "html", NULL, NULL);
	html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	xmlDocSetRootElement(doc, html);
	attr(html, "lang", "en");
	head = el(html, "head", NULL);
	meta = el(head, "meta", NULL);
	attr(meta, "charset", "utf-8");
	el(head, "title", title);
	style = xmlNewChild(head, NULL, BAD_CAST "style", NULL);
	xmlAddChild(style, xmlNewText(BAD_CAST css));
	body = el(html, "body", NULL);
	el(body, "h1", title);
	html_totals(body, f);
	attr(el(body, "p", NULL), "id", "filter-here");
	html_matrix(body, f, &rows);
	hosts = xmlAddChild(body, xmlNewDocComment(doc, BAD_CAST "hosts"));
	js = xmlNewChild(body, NULL, BAD_CAST "script", NULL);
	xmlAddChild(js, xmlNewText(BAD_CAST script));
	free(title);
	/*
	 * the frame: the documents' text is in its text nodes only, where
	 * libxml2 writes '<' as "&lt;": its two comments are its only "<!--"
	 */
	htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
	at_rows = mem != NULL ? strstr((char *)mem, "<!--rows-->") : NULL;
	at_hosts = at_rows != NULL ? strstr(at_rows, "<!--hosts-->") : NULL;
	/* the encoding htmlDocDumpMemoryFormat takes for a page without one */
	enc = xmlFindCharEncodingHandler("HTML");
	out = at_hosts != NULL ? xmlOutputBufferCreateFile(stdout, enc) : NULL;
	if (out == NULL) {
		xmlFree(mem);
		xmlFreeDoc(doc);
		return errorf(-ENOMEM, "the HTML page could not be written");
	}
	fwrite(mem, 1, (size_t)(at_rows - (char *)mem), stdout);
	/* tbody has one child in the frame: the newlines of more than one */
	if (f->nhosts > 1)
		fputc('\n', stdout);
	for (size_t i = 0; i + 1 < f->nhosts; i++) /* before the comment: a newline after */
		dump_node(out, xmlAddPrevSibling(rows, html_row(doc, f, &f->hosts[i])));
	if (f->nhosts > 0) /* the last row, the tbody's last child: none */
		dump_node(out, xmlAddNextSibling(rows, html_row(doc, f, &f->hosts[f->nhosts - 1])));
	xmlOutputBufferFlush(out);
	if (f->nhosts > 1)
		fputc('\n', stdout);
	at_rows += strlen("<!--rows-->");
	fwrite(at_rows, 1, (size_t)(at_hosts - at_rows), stdout);
	for (size_t i = 0; i < f->nhosts; i++)
		dump_node(out, html_host(hosts, &f->hosts[i]));
	if (xmlOutputBufferClose(out) < 0)
		r = errorf(-EIO, "the HTML page could not be written");
	at_hosts += strlen("<!--hosts-->");
	fwrite(at_hosts, 1, (size_t)size - (size_t)(at_hosts - (char *)mem), stdout);
	xmlFree(mem);
	xmlFreeDoc(doc);
	return r;
}

static int
write_json(const struct deafen *d, const struct fleet *f)
{
	struct emit *e = report_open(d);

	emit_object(e, "totals");
	emit_int(e, "hosts", (long long)f->nhosts);
	emit_int(e, "services_open", (long long)f->open);
	emit_int(e, "dangerous_open", (long long)f->dangerous_open);
	emit_int(e, "services_closed", (long long)f->closed);
	emit_int(e, "in_drift", (long long)f->drift);
	emit_int(e, "listeners", (long long)f->listeners);
	emit_end(e);
	emit_array(e, "services", "name");
	for (size_t c = 0; c < f->ncols; c++)
		emit_string(e, NULL, f->cols[c].name);
	emit_end(e);
	emit_array(e, "hosts", "host");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		emit_object(e, NULL);
		emit_string(e, "host", h->name);
		emit_array(e, "files", "file");
		for (size_t k = 0; k < h->files.n; k++)
			emit_string(e, NULL, h->files.v[k]);
		emit_end(e);
		emit_array(e, "errors", "error");
		for (size_t k = 0; k < h->errors.n; k++)
			emit_string(e, NULL, h->errors.v[k]);
		emit_end(e);
		emit_string(e, "backup", h->backup);
		emit_array(e, "services", "service");
		for (size_t k = 0; k < h->nsvc; k++) {
			const struct fleet_service *s = &h->svc[k];

			emit_object(e, NULL);
			emit_string(e, "name", s->name);
			emit_string(e, "kind", s->kind);
			emit_string(e, "state", s->state);
			emit_verdict(e, s->verdict);
			emit_bool(e, "open", s->open);
			emit_bool(e, "drift", s->drift);
			emit_ports(e, &s->ports);
			emit_end(e);
		}
		emit_end(e);
		if (h->has_scan) {
			emit_array(e, "listeners", "listener");
			for (size_t k = 0; k < h->nlis; k++) {
				const struct fleet_listener *l = &h->lis[k];

				emit_object(e, NULL);
				emit_string(e, "proto", l->proto);
				emit_string(e, "address", l->address);
				emit_int(e, "port", l->port);
				emit_string(e, "program", streq(l->program, "-") ? NULL : l->program);
				emit_verdict(e, l->verdict);
				emit_string(e, "provenance", l->provenance);
				emit_end(e);
			}
			emit_end(e);
		} else {
			emit_null(e, "listeners");
		}
		if (h->has_verify) {
			emit_array(e, "drift", "service");
			for (size_t k = 0; k < h->ndrift; k++) {
				emit_object(e, NULL);
				emit_string(e, "name", h->drift[k].name);
				emit_string(e, "kind", h->drift[k].kind);
				emit_string(e, "by", h->drift[k].by);
				emit_end(e);
			}
			emit_end(e);
		} else {
			emit_null(e, "drift");
		}
		emit_end(e);
	}
	emit_end(e);
	return emit_close(e);
}

/* A CSV field (RFC 4180); one a spreadsheet would take for a formula starts with a '. */
static void
csv_field(const char *s, bool last)
{
	bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL && !streq(s, "-");
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		putchar('"');
	if (formula)
		putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	if (quote)
		putchar('"');
	putchar(last ? '\n' : ',');
}

static void
write_csv(const struct fleet *f)
{
	printf("host,service,kind,state,verdict,ports\n");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct fleet_host *h = &f->hosts[i];

		for (size_t k = 0; k < h->nsvc; k++) {
			const struct fleet_service *s = &h->svc[k];
			char *ports = join_ports(s, " ");

			csv_field(h->name, false);
			csv_field(s->name, false);
			csv_field(s->kind, false);
			csv_field(s->state, false);
			csv_field(s->verdict, false);
			csv_field(ports, true);
			free(ports);
		}
	}
}

int
cmd_report(struct deafen *d)
{
	struct fleet f = { 0 };
	int r = 0;

	if (d->n_names == 0)
		return errorf(-EINVAL, "report needs FILE arguments: the JSON of deafen list, scan, "
				       "verify (see 'deafen help report')");
	for (size_t i = 0; i < d->n_names && r == 0; i++)
		r = fleet_read(&f, d->names[i]);
	if (r == 0) {
		fleet_finish(&f);
		if (d->format == FORMAT_JSON)
			r = write_json(d, &f);
		else if (d->format == FORMAT_CSV)
			write_csv(&f);
		else
			r = write_html(&f);
	}
	fleet_free(&f);
	return r;
}
