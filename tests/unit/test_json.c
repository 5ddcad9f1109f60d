/* test_json.c - the strict JSON reader (json.h): what it takes, what it refuses, where */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"
#include "util.h"

/* TEXT's one value into *J: its json_next result; a second value is an error. */
static int
one(const char *text, struct json *j)
{
	struct json_reader r;
	struct json extra;
	int rc;

	error_clear();
	json_reader_init(&r, text, strlen(text));
	rc = json_next(&r, j);
	if (rc == 1) {
		assert_int_equal(json_next(&r, &extra), 0);
	}
	return rc;
}

static void
refused(const char *text, const char *where)
{
	struct json j;

	assert_int_equal(one(text, &j), -EBADMSG);
	if (strncmp(error_message(), where, strlen(where)) != 0)
		fail_msg("%s: message '%s', expected to start with '%s'", text, error_message(),
			 where);
	json_free(&j);
}

static void
test_document(void **state)
{
	struct json j;

	(void)state;
	assert_int_equal(one("{\"format_version\": 1, \"services\": [{\"name\": \"telnet\", "
			     "\"ports\": [{\"port\": 23, \"proto\": \"tcp\"}], \"line\": null, "
			     "\"enabled\": true, \"x\": false, \"f\": -1.5e+2}]}",
			     &j),
			 1);
	assert_int_equal(j.type, JSON_OBJECT);
	assert_true(json_get(&j, "format_version")->num == 1);
	assert_int_equal(json_len(json_get(&j, "services"), JSON_ARRAY), 1);
	const struct json *s = &json_get(&j, "services")->v[0];
	assert_string_equal(json_get_str(s, "name"), "telnet");
	assert_true(json_get(&json_get(s, "ports")->v[0], "port")->num == 23);
	assert_int_equal(json_get(s, "line")->type, JSON_NULL);
	assert_int_equal(json_get(s, "enabled")->type, JSON_TRUE);
	assert_int_equal(json_get(s, "x")->type, JSON_FALSE);
	assert_true(json_get(s, "f")->num == -150);
	assert_null(json_get(s, "nope"));
	assert_null(json_get_str(s, "enabled"));
	assert_int_equal(json_len(json_get(s, "name"), JSON_ARRAY), 0);
	json_free(&j);
}

static void
test_strings(void **state)
{
	struct json j;

	(void)state;
	assert_int_equal(one("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00 \xc3\xa9\"", &j),
			 1);
	assert_string_equal(j.str, "a\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xc3\xa9");
	json_free(&j);
	refused("\"a\x01\"", "1:3: a control byte");
	refused("\"\xff\"", "1:2: a byte that is not UTF-8");
	refused("\"\xc0\xaf\"", "1:2: a byte that is not UTF-8");
	refused("\"\\ud800\"", "1:8: a high surrogate without its low one");
	refused("\"\\udc00\"", "1:8: a lone low surrogate");
	refused("\"\\u0000\"", "1:8: \\u0000");
	refused("\"\\x\"", "1:3: an unknown escape");
	refused("\"\\u12g4\"", "1:6: \\u wants four hex digits");
	refused("\"abc", "1:5: the text ends inside a string");
}

static void
test_numbers(void **state)
{
	struct json j;

	(void)state;
	assert_int_equal(one("0", &j), 1);
	assert_true(j.num == 0);
	assert_int_equal(one("-0.25E-1", &j), 1);
	assert_true(j.num == -0.025);
	refused("01", "1:2: a number with a leading zero");
	refused("1.", "1:3: a digit wanted after the decimal point");
	refused("1e", "1:3: a digit wanted in the exponent");
	refused("-", "1:2: a number wants a digit");
	refused("+1", "1:1: not a JSON value");
	refused("12x", "1:3: not a JSON value");
	refused("NaN", "1:1: not a JSON value");
}

static void
test_structure(void **state)
{
	struct json j;
	char deep[2 * JSON_MAX_DEPTH + 3];

	(void)state;
	assert_int_equal(one(" [ ] ", &j), 1);
	assert_int_equal(j.type, JSON_ARRAY);
	assert_int_equal(j.n, 0);
	json_free(&j);
	assert_int_equal(one("{}", &j), 1);
	json_free(&j);
	refused("[1,]", "1:4: a comma before the closing bracket");
	refused("{\"a\":1,}", "1:8: a comma before the closing bracket");
	refused("{\"a\":1,\"a\":2}", "1:11: a member name given twice");
	refused("{\"a\" 1}", "1:6: ':' wanted");
	refused("{1:2}", "1:2: a member name (a string) wanted");
	refused("[1 2]", "1:4: ',' or ']' wanted");
	refused("{\n  \"a\": tru\n}", "2:8: not a JSON value");
	refused("[", "1:2: the text ends where a value was wanted");
	refused("[1", "1:3: ',' or ']' wanted");
	memset(deep, '[', JSON_MAX_DEPTH + 1);
	memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
	deep[2 * JSON_MAX_DEPTH + 2] = '\0';
	refused(deep, "1:65: arrays and objects nested too deep");
	deep[0] = ' ';
	deep[2 * JSON_MAX_DEPTH + 1] = '\0';
	assert_int_equal(one(deep, &j), 1);
	json_free(&j);
}

static void
test_stream(void **state)
{
	struct json_reader r;
	struct json j;
	const char *text = "{\"a\": 1}\n{\"b\": 2} [3]\n\n";

	(void)state;
	json_reader_init(&r, text, strlen(text));
	assert_int_equal(json_next(&r, &j), 1);
	assert_non_null(json_get(&j, "a"));
	json_free(&j);
	assert_int_equal(json_next(&r, &j), 1);
	assert_non_null(json_get(&j, "b"));
	json_free(&j);
	assert_int_equal(json_next(&r, &j), 1);
	assert_int_equal(j.type, JSON_ARRAY);
	json_free(&j);
	assert_int_equal(json_next(&r, &j), 0);
	json_reader_init(&r, "", 0);
	assert_int_equal(json_next(&r, &j), 0);
	error_clear();
	json_reader_init(&r, "{} }", 4);
	assert_int_equal(json_next(&r, &j), 1);
	json_free(&j);
	assert_int_equal(json_next(&r, &j), -EBADMSG);
	assert_string_equal(error_message(), "1:4: not a JSON value");
}

/* json_long: a whole number in range, else the default (no cast of 1e999 to long) */
static void
test_long(void **state)
{
	static const struct {
		const char *text;
		long want;
	} cases[] = {
		{ "0", 0 },	     { "65535", 65535 }, { "23", 23 },	    { "65536", -1 },
		{ "-7", -1 },	     { "70000.5", -1 },	 { "22.5", -1 },    { "1e999999", -1 },
		{ "-1e999999", -1 }, { "1e300", -1 },	 { "\"22\"", -1 }, { "null", -1 },
	};
	struct json j;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(one(cases[i].text, &j), 1);
		if (json_long(&j, 0, 65535, -1) != cases[i].want)
			fail_msg("%s: %ld, expected %ld", cases[i].text, json_long(&j, 0, 65535, -1),
				 cases[i].want);
		json_free(&j);
	}
	assert_int_equal(json_long(NULL, 0, 1, 9), 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),  cmocka_unit_test(test_strings),
		cmocka_unit_test(test_numbers),   cmocka_unit_test(test_structure),
		cmocka_unit_test(test_stream),	  cmocka_unit_test(test_long),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
