/* test_linediff.c - the edit script of large inputs is valid, and exact where it is small */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "linediff.h"

/* N lines of TEXT, each "PREFIX<i>\n" (i from 0); *BUF holds them. */
static struct line *
make(size_t n, const char *(*pick)(size_t), char **buf)
{
	struct line *v = calloc(n + 1, sizeof(*v));
	size_t cap = n * 48 + 1, len = 0;
	char *b = malloc(cap);

	for (size_t i = 0; i < n; i++) {
		int k = snprintf(b + len, cap - len, "%s%zu\n", pick(i), i);

		v[i].len = (size_t)k;
		len += (size_t)k;
	}
	for (size_t i = 0, off = 0; i < n; off += v[i].len, i++)
		v[i].s = b + off;
	*buf = b;
	return v;
}

/* Replays OPS over A and B: ' ' takes one of each and they are equal, '-' one of A, '+' one of B. */
static void
replays(const struct line *a, size_t n, const struct line *b, size_t m, const char *ops,
	size_t nops)
{
	size_t x = 0, y = 0;

	for (size_t i = 0; i < nops; i++) {
		if (ops[i] == ' ') {
			assert_true(x < n && y < m);
			assert_int_equal(a[x].len, b[y].len);
			assert_memory_equal(a[x].s, b[y].s, a[x].len);
			x++, y++;
		} else if (ops[i] == '-') {
			x++;
		} else {
			assert_int_equal(ops[i], '+');
			y++;
		}
	}
	assert_int_equal(x, n);
	assert_int_equal(y, m);
}

static const char *
svc(size_t i)
{
	(void)i;
	return "svc";
}

/* every third line disabled, as plan --keep does to inetd.conf */
static const char *
svc_off(size_t i)
{
	return i % 3 == 0 ? "#<off># svc" : "svc";
}

static const char *
off(size_t i)
{
	(void)i;
	return "#<off># svc";
}

static size_t
count(const char *ops, size_t n, char op)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ops[i] == op;
	return k;
}

/* The edit script of N lines made by FA against N made by FB, checked by replays; *NOPS ops. */
static char *
diff_made(size_t n, const char *(*fa)(size_t), const char *(*fb)(size_t), size_t *nops)
{
	char *ba, *bb, *ops;
	struct line *a = make(n, fa, &ba), *b = make(n, fb, &bb);

	ops = line_diff(a, n, b, n, nops);
	replays(a, n, b, n, ops, *nops);
	free(a);
	free(b);
	free(ba);
	free(bb);
	return ops;
}

static void
test_large_sparse_change_is_exact(void **state)
{
	size_t nops;
	char *ops = diff_made(30000, svc, svc_off, &nops);

	(void)state;
	/* the lines unique on both sides anchor it: only the changed ones differ */
	assert_int_equal(count(ops, nops, '-'), 10000);
	assert_int_equal(count(ops, nops, '+'), 10000);
	free(ops);
}

static void
test_everything_changed(void **state)
{
	size_t nops;
	char *ops = diff_made(40000, svc, off, &nops);

	(void)state;
	assert_int_equal(count(ops, nops, ' '), 0);
	/* old lines first within the change, as git prints them */
	assert_int_equal(strspn(ops, "-"), 40000);
	free(ops);
}

static void
test_small_is_myers(void **state)
{
	static const struct line a[] = { { "a\n", 2 }, { "b\n", 2 }, { "c\n", 2 }, { "a\n", 2 },
					 { "b\n", 2 }, { "b\n", 2 }, { "a\n", 2 } };
	static const struct line b[] = { { "c\n", 2 }, { "b\n", 2 }, { "a\n", 2 }, { "b\n", 2 },
					 { "a\n", 2 }, { "c\n", 2 } };
	size_t nops;
	char *ops = line_diff(a, 7, b, 6, &nops);

	(void)state;
	replays(a, 7, b, 6, ops, nops);
	/* Myers' classic example: 5 edits, the shortest */
	assert_int_equal(count(ops, nops, '-') + count(ops, nops, '+'), 5);
	free(ops);
}

/* line_split: each line with its newline, the last one without if the text has none; no NUL needed */
static void
test_line_split(void **state)
{
	const char text[] = "a\n\nbc\nd";
	size_t n = 0;
	struct line *v = line_split(text, 5, &n); /* "a\n\nbc": the last line without its newline */

	(void)state;
	assert_int_equal(n, 3);
	assert_int_equal(v[0].len, 2);
	assert_int_equal(v[1].len, 1);
	assert_int_equal(v[2].len, 2);
	assert_memory_equal(v[2].s, "bc", 2);
	free(v);
	v = line_split(text, sizeof(text) - 1, &n);
	assert_int_equal(n, 4);
	assert_int_equal(v[3].len, 1);
	free(v);
	v = line_split(text, 0, &n);
	assert_int_equal(n, 0);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_large_sparse_change_is_exact),
		cmocka_unit_test(test_everything_changed),
		cmocka_unit_test(test_small_is_myers),
		cmocka_unit_test(test_line_split),
	};

	return cmocka_run_group_tests_name("linediff", tests, NULL, NULL);
}
