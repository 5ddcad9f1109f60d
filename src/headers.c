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
 * (lenses/deafen_initheader.aug): blank; "#" and blanks; "#" then neither
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

int
headers_load(struct tree *t)
{
	struct scripts_own *sc = scripts_own(t);
	size_t *marker, nlines = 0, len = 0;
	char *all = NULL;
	FILE *f;
	int r = 0;

	if (sc->script_files.n == 0)
		return 0;
	if ((f = open_memstream(&all, &len)) == NULL)
		return errorf(-ENOMEM, "init script headers: %s", strerror(errno));
	marker = xcalloc(sc->script_files.n + 1, sizeof(*marker));
	for (size_t i = 0; r == 0 && i < sc->script_files.n; i++) {
		char *text = NULL;
		size_t tlen = 0;

		if ((r = read_script(t, sc->script_files.v[i], &text, &tlen)) < 0)
			break;
		fprintf(f, "@@deafen@@ %zu\n", i);
		marker[i] = ++nlines;
		nlines += headers_cut(text, tlen, f, NULL);
		free(text);
	}
	if (fclose(f) != 0 && r == 0)
		r = errorf(-ENOMEM, "init script headers: %s", strerror(errno));
	if (r == 0 && aug_set(t->aug, text_node, all) < 0)
		r = errorf(-EIO, "augeas: %s", aug_error_message(t->aug));
	if (r == 0 && aug_text_store(t->aug, lens, text_node, HEADERS_TREE) < 0)
		r = store_error(t, marker, sc->script_files.n);
	(void)aug_rm(t->aug, text_node);
	if (r == 0) {
		sc->headers = xcalloc(1, sizeof(*sc->headers));
		r = snapshot_take(t, HEADERS_TREE, sc->headers);
	}
	if (r == 0)
		group_scripts(sc->headers);
	free(all);
	free(marker);
	return r;
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
