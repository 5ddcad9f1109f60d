/* headers.c - the headers of init scripts, cut out in C, read through the lens
 *
 * Parsing a whole script through Deafen_initscript cost ~2,700 instructions
 * a byte (glibc's regexec with registers, for every line of code), and a
 * body the lens could not read (a malformed "# chkconfig:" in a here
 * document, say) stopped deafen. The body is now never read by the lens:
 * only the header lines go to it, all scripts in one aug_text_store.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headers.h"
#include "root.h"
#include "snapshot.h"
#include "tree.h"

/* The key of scripts_own in the tree (tree_own). */
static const char own_key;

struct scripts_own *
scripts_own(const struct tree *t)
{
	return tree_own(t, &own_key, sizeof(struct scripts_own));
}

static const char lens[] = "Deafen_initheader.dir";
static const char text_node[] = "/headers-text";

/* Is the line S (N bytes, no newline) WORD then blanks only? */
static bool
is_marker_line(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word);

	if (n < k || memcmp(s, word, k) != 0)
		return false;
	for (size_t i = k; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* A line of code: neither blank nor a comment. */
static bool
is_code(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return i > 0 || s[0] != '#';
	return false;
}

/*
 * A line of the LSB block that makes no node, as the lens's IGNORED says
 * (lenses/deafen_initscript.aug): blank; "#" and blanks; "#" then neither
 * a blank nor "#"; "# " then neither a blank nor a letter; "# " then a
 * word not followed by ":".
 */
static bool
is_ignored(const char *s, size_t n)
{
	size_t i = 2;

	if (!is_code(s, n) && (n == 0 || s[0] != '#'))
		return true; /* blank */
	if (n == 0 || s[0] != '#')
		return false;
	if (!is_code(s + 1, n - 1) && (n == 1 || s[1] != '#'))
		return true; /* "#" and blanks */
	if (s[1] == '#' || s[1] == '\t')
		return false;
	if (s[1] != ' ')
		return true;
	if (n == 2 || s[2] == ' ' || s[2] == '\t')
		return false; /* "# " alone was blanks; "#  x" continues a keyword */
	if (!isalpha((unsigned char)s[2]))
		return true;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
		i++;
	return i == n || s[i] != ':';
}

/* "#", blanks, chkconfig|processname|pidfile|config, ":": what the lens makes a Red Hat node of. */
static bool
is_redhat(const char *s, size_t n)
{
	static const char *const keys[] = { "chkconfig", "processname", "pidfile", "config" };
	size_t i = 1;

	if (n == 0 || s[0] != '#')
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (size_t k = 0; k < ELEMENTSOF(keys); k++) {
		size_t kl = strlen(keys[k]);

		if (n - i > kl && memcmp(s + i, keys[k], kl) == 0 && s[i + kl] == ':')
			return true;
	}
	return false;
}

/* The next line of TEXT at *AT (END its end): start and length, without the newline. */
static bool
next_line(const char *text, size_t end, size_t *at, const char **s, size_t *n)
{
	const char *nl;

	if (*at >= end)
		return false;
	*s = text + *at;
	nl = memchr(*s, '\n', end - *at);
	*n = nl ? (size_t)(nl - *s) : end - *at;
	*at += *n + (nl != NULL);
	return true;
}

size_t
headers_cut(const char *text, size_t len, FILE *out, size_t **lines)
{
	size_t end = strnlen(text, len), at = 0, line = 0, n, count = 0, *v = NULL;
	size_t begin = 0, stop = 0, first_code = 0, after = 0, zone;
	const char *s;

	/* the first block, and where the Red Hat lines stop: the first code after it */
	while (next_line(text, end, &at, &s, &n)) {
		line++;
		if (begin == 0 && is_marker_line(s, n, "### BEGIN INIT INFO")) {
			begin = line;
		} else if (begin != 0 && stop == 0 && is_marker_line(s, n, "### END INIT INFO")) {
			stop = line;
		} else if (is_code(s, n)) {
			if (first_code == 0)
				first_code = line;
			if (stop != 0) {
				after = line;
				break;
			}
		}
	}
	zone = begin == 0 ? first_code : after; /* 0: no line of code closes it */
	at = line = 0;
	while (next_line(text, end, &at, &s, &n)) {
		bool in_block;

		line++;
		in_block = begin != 0 && line >= begin && (stop == 0 || line <= stop);
		if (zone != 0 && line >= zone && !in_block)
			break;
		if (!in_block && !is_redhat(s, n))
			continue;
		/* a closed block's lines that make no node: the lens need not see them */
		if (in_block && stop != 0 && line != begin && line != stop && is_ignored(s, n))
			continue;
		fwrite(s, 1, n, out);
		fputc('\n', out);
		if (lines != NULL) {
			v = xrealloc(v, (count + 1) * sizeof(*v));
			v[count] = line;
		}
		count++;
		/* an unclosed block: up to its first line of code, where the lens stops */
		if (in_block && stop == 0 && is_code(s, n))
			break;
	}
	if (lines != NULL)
		*lines = v;
	return count;
}

/* Reads script FILE beneath the root (no link on its way); what cannot be read is no script. */
static int
read_script(const struct tree *t, const char *file, char **text, size_t *len)
{
	int fd = root_open_input(t->root, file), r;

	if (fd == -EFTYPE_INPUT)
		return errorf(-EBADMSG, "%s: not a regular file", file);
	if (fd == -EXDEV)
		return errorf(-EXDEV, "%s: a link points outside the root", file);
	if (fd < 0)
		return errorf(-EBADMSG, "%s: %s", file, strerror(-fd));
	if ((r = read_file_fd(fd, text, len)) < 0)
		return errorf(-EBADMSG, "%s: %s", file, strerror(-r));
	return 0;
}

/*
 * The parse error of script I's headers, as FILE:LINE: message. Augeas
 * places the error of the text of all scripts at the marker of the script
 * that failed; the script's own headers, through the lens alone, say where.
 */
static int
script_error(const struct tree *t, size_t i)
{
	static const char node[] = "/headers-error";
	const char *file = scripts_own(t)->script_files.v[i], *msg = NULL, *line = NULL;
	char *text = NULL, *cut = NULL;
	size_t len = 0, clen = 0, *lines = NULL, n, k;
	FILE *f;
	int r;

	if ((r = read_script(t, file, &text, &len)) < 0)
		return r;
	if ((f = open_memstream(&cut, &clen)) == NULL) {
		free(text);
		return errorf(-ENOMEM, "%s: %s", file, strerror(errno));
	}
	n = headers_cut(text, len, f, &lines);
	fclose(f);
	if (aug_set(t->aug, text_node, cut) < 0 ||
	    aug_text_store(t->aug, "Deafen_initheader.headers", text_node, node) == 0) {
		r = errorf(-EBADMSG, "%s: augeas cannot read its headers: %s", file,
			   aug_error_message(t->aug));
		goto out;
	}
	aug_get(t->aug, "/augeas/text/headers-error/error/message", &msg);
	aug_get(t->aug, "/augeas/text/headers-error/error/line", &line);
	k = line ? strtoul(line, NULL, 10) : 0;
	if (k == 0 || n == 0)
		r = errorf(-EBADMSG, "%s: its headers do not parse (augeas: %s)", file,
			   msg ? msg : "parse error");
	else
		r = errorf(-EBADMSG, "%s:%zu: this line does not parse (augeas: %s)", file,
			   k <= n ? lines[k - 1] : lines[n - 1] + 1, msg ? msg : "parse error");
out:
	(void)aug_rm(t->aug, node);
	(void)aug_rm(t->aug, "/augeas/text/headers-error");
	free(lines);
	free(cut);
	free(text);
	return r;
}

/* The script whose headers Augeas stopped in: the last marker at or before the error's line. */
static int
store_error(const struct tree *t, const size_t *marker, size_t nmarker)
{
	const char *line = NULL;
	size_t k, i = 0;

	aug_get(t->aug, "/augeas/text" HEADERS_TREE "/error/line", &line);
	k = line ? strtoul(line, NULL, 10) : 0;
	while (i + 1 < nmarker && marker[i + 1] <= k)
		i++;
	return script_error(t, i);
}

/*
 * The lens's flat tree ("@script" = N, then script N's nodes) made a node
 * a script, labelled N, holding its nodes (headers_of).
 */
static void
group_scripts(struct snode *h)
{
	struct snode flat = *h, *cur = NULL;

	h->kids = NULL;
	h->n = 0;
	h->byname = NULL;
	for (size_t i = 0; i < flat.n; i++) {
		struct snode *k = &flat.kids[i];

		if (streq(k->label, "@script")) {
			cur = snode_add(h, k->value ? k->value : "", NULL, 0);
			snapshot_free(k);
			continue;
		}
		if (cur == NULL) { /* no header line comes before the first marker */
			snapshot_free(k);
			continue;
		}
		snode_adopt(cur, k);
	}
	free(flat.kids);
	free(flat.byname);
	snode_index(h);
}

/* The marker line of script I: "@@deafen@@ I", its nodes follow it. */
static void
put_marker(FILE *f, size_t i)
{
	fprintf(f, "@@deafen@@ %zu\n", i);
}

/* Line S (LEN bytes) of script I to F, after the script's marker unless *MARKED; counted in *COUNT. */
static void
put_line(FILE *f, bool *marked, size_t i, const char *s, size_t len, size_t *count)
{
	if (!*marked)
		put_marker(f, i);
	*marked = true;
	fwrite(s, 1, len, f);
	fputc('\n', f);
	(*count)++;
}

/*
 * The lines of a cut text of every script (ALL, N scripts, each after its
 * marker) split in two: the LSB blocks' lines to LSB, the Red Hat lines to
 * RH, each script's after its marker if it has any there; *NBEFORE[i]: the
 * Red Hat lines of script I before its block. The block is what headers_cut
 * made it: from the first BEGIN line to the first END line after it, or to
 * the script's last line. *NL, *NR: how many lines of headers each got.
 */
static void
split_cut(const char *all, size_t n, FILE *lsb, FILE *rh, size_t *nbefore, size_t *nl, size_t *nr)
{
	size_t at = 0, end = strlen(all), len, i = n, state = 0; /* 0 before the block, 1 in, 2 after */
	bool lmark = false, rmark = false;
	const char *s;

	*nl = *nr = 0;
	while (next_line(all, end, &at, &s, &len)) {
		if (len > 11 && memcmp(s, "@@deafen@@ ", 11) == 0) {
			i = strtoul(s + 11, NULL, 10);
			state = 0;
			lmark = rmark = false;
			continue;
		}
		if (i >= n)
			continue; /* no line comes before the first marker */
		if (state == 0 && is_marker_line(s, len, "### BEGIN INIT INFO"))
			state = 1;
		if (state == 1) {
			put_line(lsb, &lmark, i, s, len, nl);
			if (is_marker_line(s, len, "### END INIT INFO"))
				state = 2;
			continue;
		}
		put_line(rh, &rmark, i, s, len, nr);
		if (state == 0)
			nbefore[i]++;
	}
}

/*
 * Stores TEXT through the lens WITH into NODE and takes a snapshot of it into *OUT;
 * 1 if it does not parse (nothing kept), 0, or < 0.
 */
static int
store_snapshot(const struct tree *t, const char *with, const char *text, const char *node,
	       struct snode *out)
{
	char *meta = xasprintf("/augeas/text%s", node);
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (aug_set(t->aug, text_node, text) < 0)
		r = errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	else if (aug_text_store(t->aug, with, text_node, node) < 0)
		r = 1;
	(void)aug_rm(t->aug, text_node);
	if (r == 1) {
		(void)aug_rm(t->aug, node);
		(void)aug_rm(t->aug, meta);
	}
	free(meta);
	if (r == 0)
		r = snapshot_take(t, node, out);
	return r;
}

/* The first node of script I among FLAT's kids from *AT on (its marker passed), and how many. */
static size_t
script_nodes(const struct snode *flat, size_t *at, size_t i, size_t *count)
{
	size_t first;

	*count = 0;
	if (*at >= flat->n || !streq(flat->kids[*at].label, "@script") ||
	    flat->kids[*at].value == NULL || strtoul(flat->kids[*at].value, NULL, 10) != i)
		return 0;
	first = ++*at;
	while (*at < flat->n && !streq(flat->kids[*at].label, "@script"))
		(*at)++;
	*count = *at - first;
	return first;
}

/*
 * The LSB block of a script, its nodes K[0..N) of lsb_flat ("@begin", keywords
 * and "#cont", "@end"), made the "lsb" node lsb_cut makes, under SCRIPT; false
 * if they are not that (dir then reads the text, for its error).
 */
static bool
group_block(struct snode *script, struct snode *k, size_t n)
{
	struct snode *lsb, *kw = NULL;

	if (n < 2 || !streq(k[0].label, "@begin") || !streq(k[n - 1].label, "@end"))
		return false;
	for (size_t j = 1; j + 1 < n; j++)
		if (streq(k[j].label, "@begin") || streq(k[j].label, "@end"))
			return false;
	lsb = snode_add(script, "lsb", NULL, 0);
	for (size_t j = 1; j + 1 < n; j++) {
		if (streq(k[j].label, "#cont"))
			snode_adopt(kw != NULL ? kw : lsb, &k[j]);
		else
			kw = snode_adopt(lsb, &k[j]);
	}
	return true;
}

/*
 * The headers of the N scripts of ALL through lsb_flat and redhat_flat
 * (lenses/deafen_initheader.aug), grouped here as dir groups them, into
 * scripts_own(t)->headers: a node a script (headers_of). 1 when that cannot be done
 * (a text that does not parse, a block that is not one): dir then reads
 * ALL, and says where it stops.
 */
static int
load_flat(struct tree *t, const char *all, size_t n)
{
	struct snode lsb = { 0 }, rh = { 0 }, *h;
	char *ltext = NULL, *rtext = NULL;
	size_t llen = 0, rlen = 0, nl = 0, nr = 0, *nbefore = xcalloc(n + 1, sizeof(*nbefore));
	size_t la = 0, ra = 0;
	FILE *lf = open_memstream(&ltext, &llen), *rf = open_memstream(&rtext, &rlen);
	int r = 0;

	if (lf == NULL || rf == NULL)
		r = errorf(-ENOMEM, "init script headers: %s", strerror(errno));
	else
		split_cut(all, n, lf, rf, nbefore, &nl, &nr);
	if ((lf != NULL && fclose(lf) != 0) || (rf != NULL && fclose(rf) != 0))
		r = r < 0 ? r : errorf(-ENOMEM, "init script headers: %s", strerror(errno));
	/* a text without a line of headers is not given to Augeas at all */
	if (r == 0 && nl > 0)
		r = store_snapshot(t, "Deafen_initheader.lsb_flat", ltext, HEADERS_TREE, &lsb);
	if (r == 0 && nr > 0)
		r = store_snapshot(t, "Deafen_initheader.redhat_flat", rtext, HEADERS_TREE "-redhat",
				   &rh);
	h = xcalloc(1, sizeof(*h));
	h->label = xstrdup(&HEADERS_TREE[1]);
	for (size_t i = 0; r == 0 && i < n; i++) {
		size_t nlk, nrk, lk = script_nodes(&lsb, &la, i, &nlk), rk = script_nodes(&rh, &ra, i, &nrk);
		struct snode *cur = snode_add(h, "", NULL, 0);

		free(cur->label);
		cur->label = xasprintf("%zu", i);
		if (nbefore[i] > nrk) {
			r = 1;
			break;
		}
		for (size_t j = 0; j < nbefore[i]; j++)
			snode_adopt(cur, &rh.kids[rk + j]);
		if (nlk > 0 && !group_block(cur, &lsb.kids[lk], nlk))
			r = 1;
		for (size_t j = nbefore[i]; r == 0 && j < nrk; j++)
			snode_adopt(cur, &rh.kids[rk + j]);
	}
	if (r == 0 && (la != lsb.n || ra != rh.n))
		r = 1;
	if (r == 0) {
		snode_index(h);
		scripts_own(t)->headers = h;
	} else {
		snapshot_free(h);
		free(h);
	}
	snapshot_free(&lsb);
	snapshot_free(&rh);
	free(nbefore);
	free(ltext);
	free(rtext);
	return r;
}

/*
 * The cut headers of every script of T, each after its marker line, into
 * *ALL; *MARKER: the line of each script's marker. 1 when there is no script.
 */
static int
cut_all(const struct tree *t, char **all, size_t **marker)
{
	const struct scripts_own *sc = scripts_own(t);
	size_t nlines = 0, len = 0;
	FILE *f;
	int r = 0;

	*all = NULL;
	*marker = NULL;
	if (sc->script_files.n == 0)
		return 1;
	if ((f = open_memstream(all, &len)) == NULL)
		return errorf(-ENOMEM, "init script headers: %s", strerror(errno));
	*marker = xcalloc(sc->script_files.n + 1, sizeof(**marker));
	for (size_t i = 0; r == 0 && i < sc->script_files.n; i++) {
		char *text = NULL;
		size_t tlen = 0;

		if ((r = read_script(t, sc->script_files.v[i], &text, &tlen)) < 0)
			break;
		put_marker(f, i);
		(*marker)[i] = ++nlines;
		nlines += headers_cut(text, tlen, f, NULL);
		free(text);
	}
	if (fclose(f) != 0 && r == 0)
		r = errorf(-ENOMEM, "init script headers: %s", strerror(errno));
	return r;
}

/* The headers of ALL through dir (the nested lens), grouped by marker; its error where it stops. */
static int
load_dir(struct tree *t, const char *all, const size_t *marker)
{
	struct scripts_own *sc = scripts_own(t);
	int r = 0;

	if (aug_set(t->aug, text_node, all) < 0)
		r = errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	else if (aug_text_store(t->aug, lens, text_node, HEADERS_TREE) < 0)
		r = store_error(t, marker, sc->script_files.n);
	(void)aug_rm(t->aug, text_node);
	if (r == 0) {
		sc->headers = xcalloc(1, sizeof(*sc->headers));
		r = snapshot_take(t, HEADERS_TREE, sc->headers);
	}
	if (r == 0)
		group_scripts(sc->headers);
	return r;
}

/* The headers of every script, through the flat lenses first if FLAT, else through dir alone. */
static int
load_headers(struct tree *t, bool flat)
{
	size_t *marker = NULL;
	char *all = NULL;
	int r = cut_all(t, &all, &marker);

	if (r == 0)
		r = flat ? load_flat(t, all, scripts_own(t)->script_files.n) : 1;
	/* what the flat lenses cannot read, dir reads and says where it stops */
	if (r == 1 && all != NULL)
		r = load_dir(t, all, marker);
	free(all);
	free(marker);
	return r < 0 ? r : 0;
}

int
headers_load(struct tree *t)
{
	return load_headers(t, true);
}

int
headers_load_dir(struct tree *t)
{
	return load_headers(t, false);
}

static int
cmp_file(const void *x, const void *y, void *files)
{
	const size_t *a = x, *b = y;
	int c = strcmp(((char **)files)[*a], ((char **)files)[*b]);

	return c != 0 ? c : (*a > *b) - (*a < *b);
}

static int
cmp_index(const void *x, const void *y)
{
	const size_t *a = x, *b = y;

	return (*a > *b) - (*a < *b);
}

size_t
headers_unique(const struct tree *t, size_t **out)
{
	struct scripts_own *sc = scripts_own(t);
	size_t n = sc->script_files.n, k = 0;
	size_t *v = xcalloc(n + 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = i;
	qsort_r(v, n, sizeof(*v), cmp_file, sc->script_files.v);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || !streq(sc->script_files.v[v[k - 1]], sc->script_files.v[v[i]]))
			v[k++] = v[i];
	qsort(v, k, sizeof(*v), cmp_index);
	*out = v;
	return k;
}

const struct snode *
headers_of(const struct tree *t, size_t i)
{
	struct scripts_own *sc = scripts_own(t);
	char label[32];

	if (sc->headers == NULL)
		return NULL;
	snprintf(label, sizeof(label), "%zu", i);
	return snode_child(sc->headers, label);
}
