/* test_emit.c - the JSON and XML writer: what is not UTF-8 or XML stays parseable and lossless */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "emit.h"

/* emit_clean of S: the clean text and the hex (NULL if S was clean). */
static void
check_clean(const char *s, const char *want, const char *want_hex)
{
	char *clean, *hex;
	bool bad = emit_clean(s, &clean, &hex);

	assert_string_equal(clean, want);
	assert_int_equal(bad, want_hex != NULL);
	if (want_hex == NULL)
		assert_null(hex);
	else
		assert_string_equal(hex, want_hex);
	free(clean);
	free(hex);
}

static void
test_clean(void **state)
{
	(void)state;
	check_clean("", "", NULL);
	check_clean("telnet", "telnet", NULL);
	check_clean("tab\there\nnew\rline", "tab\there\nnew\rline", NULL);
	check_clean("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		    NULL);
	/* Latin-1: one U+FFFD for the byte, all of it back in hex */
	check_clean("sw\xe9t", "sw\xef\xbf\xbdt", "7377e974");
	/* a control byte XML cannot carry, and DEL which it can */
	check_clean("od\x01" "d\x7f", "od\xef\xbf\xbd" "d\x7f", "6f6401647f");
	/* overlong, surrogate, above U+10FFFF, cut short, U+FFFE */
	check_clean("\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd", "c080");
	check_clean("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "eda080");
	check_clean("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		    "f4908080");
	check_clean("a\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd", "61e282");
	check_clean("\xef\xbf\xbe", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "efbfbe");
}

/* The document ONE writes (with FMT), as a string to free. */
static char *
document(enum emit_format fmt, void (*one)(struct emit *))
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct emit *e = emit_open(f, fmt);

	one(e);
	assert_int_equal(emit_close(e), 0);
	fclose(f);
	return out;
}

static void
sample(struct emit *e)
{
	emit_string(e, "name", "sw\xe9t");
	emit_object(e, "where");
	emit_string(e, "file", "etc/xinetd.d/sw\xe9t");
	emit_null(e, "line");
	emit_end(e);
	emit_array(e, "ports", "port");
	emit_object(e, NULL);
	emit_int(e, "port", 23);
	emit_string(e, "proto", "tcp");
	emit_end(e);
	emit_end(e);
	emit_array(e, "restored", "path");
	emit_string(e, NULL, "ok \"quoted\"\\");
	emit_string(e, NULL, "\x01");
	emit_end(e);
	emit_bool(e, "open", false);
	/* left open: emit_close ends it */
	emit_array(e, "log", "line");
}

static void
test_json(void **state)
{
	char *j = document(EMIT_JSON, sample);

	(void)state;
	assert_string_equal(j, "{\"format_version\": 1,\n"
			       " \"name\": \"sw\xef\xbf\xbdt\",\n"
			       " \"name_hex\": \"7377e974\",\n"
			       " \"where\": {\"file\": \"etc/xinetd.d/sw\xef\xbf\xbdt\", "
			       "\"file_hex\": \"6574632f78696e6574642e642f7377e974\", \"line\": null},\n"
			       " \"ports\": [{\"port\": 23, \"proto\": \"tcp\"}],\n"
			       " \"restored\": [\"ok \\\"quoted\\\"\\\\\", \"\xef\xbf\xbd\"],\n"
			       " \"restored_hex\": [null, \"01\"],\n"
			       " \"open\": false,\n"
			       " \"log\": []}\n");
	free(j);
}

static void
test_xml(void **state)
{
	char *x = document(EMIT_XML, sample);
	xmlDocPtr doc = xmlReadMemory(x, (int)strlen(x), "emit.xml", NULL, XML_PARSE_NONET);

	(void)state;
	assert_non_null(doc); /* well-formed */
	xmlFreeDoc(doc);
	assert_non_null(strstr(x, "<deafen>"));
	assert_non_null(strstr(x, "<format_version>1</format_version>"));
	assert_non_null(strstr(x, "<name>sw\xef\xbf\xbdt</name>"));
	assert_non_null(strstr(x, "<name_hex>7377e974</name_hex>"));
	assert_non_null(strstr(x, "<line null=\"true\"/>"));
	assert_non_null(strstr(x, "<ports>"));
	assert_non_null(strstr(x, "<port><port>23</port><proto>tcp</proto></port>") ||
			strstr(x, "<port>\n"));
	assert_non_null(strstr(x, "<path>ok &quot;quoted&quot;\\</path>"));
	assert_non_null(strstr(x, "<restored_hex>"));
	assert_non_null(strstr(x, "<path>01</path>"));
	assert_non_null(strstr(x, "<open>false</open>"));
	free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_xml),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
