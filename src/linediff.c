/* linediff.c - the edit script between two lists of lines, in time that grows linearly
 *
 * Myers' O(ND) diff is exact but quadratic when a change is as large as the
 * file (plan --keep ssh on 20,000 inetd.conf entries: every line changes,
 * D = N, 130 s and gigabytes for its trace). So only small stretches go
 * through Myers; a large one is cut first at its common head and tail, then
 * at the lines that occur once in each side (patience diff: the longest
 * increasing run of them, in both orders, stays), and what lies between is
 * done the same way. A large stretch with no such line is written as its old
 * lines then its new ones: still a correct diff, if not the shortest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linediff.h"
#include "util.h"

/* Above this many lines (both sides), a stretch is cut before Myers sees it. */
#define MYERS_MAX 1024

struct ops {
	char *v;
	size_t n;
};

static bool
line_eq(const struct line *a, const struct line *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

static void
put(struct ops *o, char op, size_t count)
{
	memset(o->v + o->n, op, count);
	o->n += count;
}

/* Myers' O(ND) diff of A[0..N) and B[0..M), appended to O. */
static void
myers(const struct line *a, size_t n, const struct line *b, size_t m, struct ops *o)
{
	long max = (long)(n + m), **trace, d, k, x, y;
	char *rev;
	size_t nrev = 0;

	trace = xcalloc((size_t)max + 2, sizeof(*trace));
	for (d = 0; d <= max; d++) {
		long *v = xcalloc((size_t)(2 * d + 3), sizeof(*v)), *pv = d ? trace[d - 1] : NULL;

		trace[d] = v;
		for (k = -d; k <= d; k += 2) {
			/* pv is indexed from -(d-1); v from -d, both with an offset */
			long down = (d > 0 && k + 1 <= d - 1) ? pv[k + 1 + d - 1] : -1;
			long right = (d > 0 && k - 1 >= -(d - 1)) ? pv[k - 1 + d - 1] : -1;

			if (d == 0)
				x = 0;
			else if (k == -d || (k != d && right < down))
				x = down;
			else
				x = right + 1;
			y = x - k;
			while (x < (long)n && y < (long)m && line_eq(&a[x], &b[y]))
				x++, y++;
			v[k + d] = x;
			if (x >= (long)n && y >= (long)m)
				goto found;
		}
	}
found:
	rev = xmalloc((size_t)max + 1);
	x = (long)n;
	y = (long)m;
	for (; d > 0; d--) {
		long *pv = trace[d - 1], prev_k, prev_x, prev_y, down, right;

		k = x - y;
		down = (k + 1 <= d - 1) ? pv[k + 1 + d - 1] : -1;
		right = (k - 1 >= -(d - 1)) ? pv[k - 1 + d - 1] : -1;
		if (k == -d || (k != d && right < down))
			prev_k = k + 1;
		else
			prev_k = k - 1;
		prev_x = pv[prev_k + d - 1];
		prev_y = prev_x - prev_k;
		while (x > prev_x && y > prev_y) {
			rev[nrev++] = ' ';
			x--, y--;
		}
		rev[nrev++] = prev_k == k + 1 ? '+' : '-';
		x = prev_x;
		y = prev_y;
	}
	while (x > 0 && y > 0) {
		rev[nrev++] = ' ';
		x--, y--;
	}
	for (long i = 0; i <= max && trace[i] != NULL; i++)
		free(trace[i]);
	free(trace);
	for (size_t i = 0; i < nrev; i++)
		o->v[o->n++] = rev[nrev - 1 - i];
	free(rev);
}

/* A distinct line of a stretch: how often each side has it, and where (the last). */
struct slot {
	const struct line *l;
	uint64_t hash;
	size_t na, nb, ia, ib;
};

static uint64_t
hash_line(const struct line *l)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < l->len; i++)
		h = (h ^ (unsigned char)l->s[i]) * 1099511628211ULL;
	return h;
}

static struct slot *
lookup(struct slot *tab, size_t mask, const struct line *l, uint64_t h)
{
	size_t i = (size_t)h & mask;

	while (tab[i].l != NULL && !(tab[i].hash == h && line_eq(tab[i].l, l)))
		i = (i + 1) & mask;
	if (tab[i].l == NULL) {
		tab[i].l = l;
		tab[i].hash = h;
	}
	return &tab[i];
}

/*
 * The lines once in A and once in B, as pairs (IA, IB) in A's order, kept
 * only along the longest run increasing in B too. Returns their count.
 */
static size_t
anchors(const struct line *a, size_t n, const struct line *b, size_t m, size_t *ia, size_t *ib)
{
	size_t cap = 1, k = 0, len = 0, *tails, *prev, *pa, *pb;
	struct slot *tab;

	while (cap < 2 * (n + m))
		cap *= 2;
	tab = xcalloc(cap, sizeof(*tab));
	for (size_t i = 0; i < n; i++) {
		struct slot *s = lookup(tab, cap - 1, &a[i], hash_line(&a[i]));

		s->na++;
		s->ia = i;
	}
	for (size_t j = 0; j < m; j++) {
		struct slot *s = lookup(tab, cap - 1, &b[j], hash_line(&b[j]));

		s->nb++;
		s->ib = j;
	}
	pa = xcalloc(n + 1, sizeof(*pa));
	pb = xcalloc(n + 1, sizeof(*pb));
	for (size_t i = 0; i < n; i++) {
		struct slot *s = lookup(tab, cap - 1, &a[i], hash_line(&a[i]));

		if (s->na == 1 && s->nb == 1) {
			pa[k] = i;
			pb[k++] = s->ib;
		}
	}
	free(tab);
	/* longest increasing subsequence of PB (patience sorting) */
	tails = xcalloc(k + 1, sizeof(*tails));
	prev = xcalloc(k + 1, sizeof(*prev));
	for (size_t i = 0; i < k; i++) {
		size_t lo = 0, hi = len;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (pb[tails[mid]] < pb[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	for (size_t i = len, at = len ? tails[len - 1] : 0; i > 0; i--) {
		ia[i - 1] = pa[at];
		ib[i - 1] = pb[at];
		at = prev[at];
	}
	free(tails);
	free(prev);
	free(pa);
	free(pb);
	return len;
}

/* Cuts deeper than this are not worth their stack: the rest is old then new. */
#define DEPTH_MAX 64

static void
stretch(const struct line *a, size_t n, const struct line *b, size_t m, int depth, struct ops *o)
{
	size_t head = 0, tail = 0, na, *ia, *ib, x = 0, y = 0;

	while (head < n && head < m && line_eq(&a[head], &b[head]))
		head++;
	while (tail < n - head && tail < m - head && line_eq(&a[n - 1 - tail], &b[m - 1 - tail]))
		tail++;
	put(o, ' ', head);
	a += head;
	b += head;
	n -= head + tail;
	m -= head + tail;
	if (n == 0 || m == 0 || n + m <= MYERS_MAX) {
		if (n == 0 || m == 0) {
			put(o, '-', n);
			put(o, '+', m);
		} else {
			myers(a, n, b, m, o);
		}
		put(o, ' ', tail);
		return;
	}
	ia = xcalloc(n + 1, sizeof(*ia));
	ib = xcalloc(n + 1, sizeof(*ib));
	na = depth < DEPTH_MAX ? anchors(a, n, b, m, ia, ib) : 0;
	if (na == 0) {
		put(o, '-', n);
		put(o, '+', m);
	}
	for (size_t i = 0; i < na; i++) {
		stretch(a + x, ia[i] - x, b + y, ib[i] - y, depth + 1, o);
		put(o, ' ', 1);
		x = ia[i] + 1;
		y = ib[i] + 1;
	}
	if (na > 0)
		stretch(a + x, n - x, b + y, m - y, depth + 1, o);
	free(ia);
	free(ib);
	put(o, ' ', tail);
}

char *
line_diff(const struct line *a, size_t n, const struct line *b, size_t m, size_t *nops)
{
	struct ops o = { xmalloc(n + m + 1), 0 };

	stretch(a, n, b, m, 0, &o);
	o.v[o.n] = '\0';
	/* within a change, old lines first, as git and diff(1) print them */
	for (size_t i = 0; i < o.n;) {
		size_t j = i, dels = 0;

		while (j < o.n && o.v[j] != ' ')
			dels += o.v[j++] == '-';
		for (size_t q = i; q < j; q++)
			o.v[q] = q - i < dels ? '-' : '+';
		i = j == i ? i + 1 : j;
	}
	*nops = o.n;
	return o.v;
}

struct line *
line_split(const char *text, size_t len, size_t *n)
{
	struct line *v = NULL;
	size_t cap = 0;

	*n = 0;
	while (len > 0) {
		const char *e = memchr(text, '\n', len);
		size_t k = e ? (size_t)(e - text) + 1 : len;

		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[*n].s = text;
		v[*n].len = k;
		(*n)++;
		text += k;
		len -= k;
	}
	return v;
}
