/* test_journal.c - a backup's manifest and journal read back as written */
#include <sys/stat.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "journal.h"

static char base[] = "/tmp/deafen-test-journal-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(base) ? 0 : -1;
}

static int
teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", base);
	int r = system(cmd);

	(void)state;
	free(cmd);
	return r == 0 ? 0 : -1;
}

static struct step *
make_steps(size_t *n)
{
	struct step *s = xcalloc(4, sizeof(*s));

	s[0].kind = STEP_FILE;
	s[0].path = xstrdup("etc/odd\tname\nwith\\escapes");
	s[0].mode = 0640;
	s[0].uid = 1234;
	s[0].gid = 5678;
	s[1].kind = STEP_RENAME;
	s[1].dir = xstrdup("etc/rc2.d");
	s[1].from = xstrdup("S20telnet");
	s[1].to = xstrdup("K20telnet");
	s[1].target = xstrdup("../init.d/telnet");
	s[2].kind = STEP_CREATE;
	s[2].dir = xstrdup("etc/rc.d/rc3.d");
	s[2].to = xstrdup("K15httpd");
	s[2].target = xstrdup("../init.d/httpd");
	s[3].kind = STEP_RMDIR;
	s[3].dir = xstrdup("etc/systemd/system/printer.target.wants");
	s[3].mode = 040750;
	s[3].uid = 0;
	s[3].gid = 7;
	*n = 4;
	return s;
}

static void
test_round_trip(void **state)
{
	char *old[4] = { "old text\n", NULL, NULL, NULL }, *new[4] = { "new text\n", NULL, NULL, NULL };
	size_t oldlen[4] = { 9, 0, 0, 0 }, newlen[4] = { 9, 0, 0, 0 }, n;
	struct backup b, l;
	struct step *s = make_steps(&n);
	struct stat st;
	char *p, *text = NULL;

	(void)state;
	error_clear();
	struct target *t = xcalloc(1, sizeof(*t));

	strcpy(t->proto, "tcp6");
	strcpy(t->addr, "::1");
	t->port = 23;
	t->daemon = true;
	t->service = xstrdup("telnet");
	t->where = xstrdup("etc/inetd.conf:3");
	t->comm = xstrdup("inetd");
	assert_int_equal(backup_create(&b, base, "/some/root", "--keep ssh", "redhat", s, n, old,
				       oldlen, new, newlen, t, 1),
			 0);
	assert_int_equal(stat(b.dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	p = backup_copy_path(&b, "old", s[0].path);
	assert_int_equal(read_file(p, &text, NULL), 0);
	assert_string_equal(text, "old text\n");
	free(text);
	free(p);
	assert_int_equal(backup_mark(&b, "done 1"), 0);

	assert_int_equal(backup_load(&l, base, NULL, "/some/root"), 0);
	assert_string_equal(l.id, b.id);
	assert_int_equal(l.state, BACKUP_INTERRUPTED);
	assert_string_equal(l.policy, "--keep ssh");
	assert_string_equal(l.style, "redhat");
	assert_int_equal(l.n, 4);
	assert_int_equal(l.nfiles, 1);
	assert_int_equal(l.nlinks, 2); /* a directory removed is not a link */
	assert_string_equal(l.steps[0].path, "etc/odd\tname\nwith\\escapes");
	assert_int_equal(l.steps[0].mode, 0640);
	assert_int_equal(l.steps[0].uid, 1234);
	assert_int_equal(l.steps[0].gid, 5678);
	assert_int_equal(l.steps[1].kind, STEP_RENAME);
	assert_string_equal(l.steps[1].to, "K20telnet");
	assert_int_equal(l.steps[2].kind, STEP_CREATE);
	assert_null(l.steps[2].from);
	assert_string_equal(l.steps[2].target, "../init.d/httpd");
	assert_int_equal(l.steps[3].kind, STEP_RMDIR);
	assert_string_equal(l.steps[3].dir, "etc/systemd/system/printer.target.wants");
	assert_int_equal(l.steps[3].mode, 0750);
	assert_int_equal(l.steps[3].gid, 7);
	assert_null(l.steps[3].path);
	assert_int_equal(l.ntargets, 1);
	assert_string_equal(l.targets[0].addr, "::1");
	assert_int_equal(l.targets[0].port, 23);
	assert_true(l.targets[0].daemon);
	assert_string_equal(l.targets[0].where, "etc/inetd.conf:3");
	backup_free(&l);

	assert_int_equal(backup_mark(&b, "complete"), 0);
	assert_int_equal(backup_load(&l, base, b.id, "/some/root"), 0);
	assert_int_equal(l.state, BACKUP_COMPLETE);
	backup_free(&l);
	backup_free(&b);
}

static void
test_truncated_and_missing(void **state)
{
	struct backup l;
	char *dir = xasprintf("%s/20000101T000000.000000Z", base), *p;
	FILE *f;

	(void)state;
	/* a manifest cut before its "end": apply never started */
	assert_int_equal(mkdir(dir, 0700), 0);
	p = xasprintf("%s/manifest", dir);
	f = fopen(p, "w");
	fputs("deafen-backup\t1\nid\tx\nfile\tetc/inetd.conf\t0644\t0\t0\nren", f);
	fclose(f);
	error_clear();
	assert_int_equal(backup_load(&l, base, "20000101T000000.000000Z", NULL), -EBADMSG);
	assert_non_null(strstr(error_message(), "manifest:4: not a deafen manifest line"));
	backup_free(&l);
	f = fopen(p, "w");
	fputs("deafen-backup\t1\nid\tx\nfile\tetc/inetd.conf\t0644\t0\t0\n", f);
	fclose(f);
	error_clear();
	assert_int_equal(backup_load(&l, base, "20000101T000000.000000Z", NULL), 0);
	assert_int_equal(l.state, BACKUP_INCOMPLETE);
	backup_free(&l);
	error_clear();
	assert_int_equal(backup_load(&l, base, "nope", NULL), -ENOENT);
	backup_free(&l);
	assert_int_equal(backup_load(&l, base, "../etc", NULL), -EINVAL);
	backup_free(&l);
	/* a manifest that points out of the root is refused, line by line */
	{
		static const char *const bad[] = {
			"file\t../../tmp/evil\t4755\t0\t0\n",
			"file\t/etc/passwd\t0644\t0\t0\n",
			"file\tetc/x\t99999\t0\t0\n",
			"file\tetc/x\t0644\troot\t0\n",
			"rename\t../../outside\tK01a\tS01b\t../init.d/x\n",
			"rename\tetc/rc2.d\t../K01a\tS01b\t../init.d/x\n",
			"create\tetc/rc2.d\t\tS01b\t../../../../x\n",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			f = fopen(p, "w");
			fprintf(f, "deafen-backup\t1\nroot\t/r\n%send\n", bad[i]);
			fclose(f);
			error_clear();
			assert_int_equal(backup_load(&l, base, "20000101T000000.000000Z", NULL),
					 -EBADMSG);
			backup_free(&l);
		}
		/* and a backup of another root is not taken for this one */
		f = fopen(p, "w");
		fputs("deafen-backup\t1\nroot\t/r\nend\n", f);
		fclose(f);
		error_clear();
		assert_int_equal(backup_load(&l, base, "20000101T000000.000000Z", "/other"), -EINVAL);
		backup_free(&l);
	}
	free(p);
	free(dir);
}

/* The journal's words: the state each leaves, the paths it names, and what is not taken */
static void
test_journal_lines(void **state)
{
	static const struct {
		const char *journal; /* NULL: no journal file */
		enum backup_state want;
	} cases[] = {
		{ NULL, BACKUP_INTERRUPTED },	/* deleted: the manifest alone is read */
		{ "", BACKUP_INTERRUPTED },	/* emptied, or killed before its begin */
		{ "begin\n", BACKUP_INTERRUPTED },
		{ "begin\ndone 1\n", BACKUP_INTERRUPTED },
		{ "begin\ndone 1\ndone 2\n", BACKUP_COMPLETE }, /* its complete line failed */
		{ "begin\ndone 1\ndone 2\ncomplete\nrollback\n", BACKUP_ROLLING_BACK },
		{ "begin\ndone 1\ndone 2\ncomplete\nrollback\nrolled-back\n", BACKUP_ROLLED_BACK },
		{ "begin\nrollback\nrolled-back\nrollback\n", BACKUP_ROLLING_BACK },
	};
	char *dir = xasprintf("%s/20000101T000000.000001Z", base), *p, *j;
	struct backup l;
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	p = xasprintf("%s/manifest", dir);
	j = xasprintf("%s/journal", dir);
	f = fopen(p, "w");
	fputs("deafen-backup\t1\nroot\t/r\nfile\tetc/inetd.conf\t0644\t0\t0\n"
	      "rename\tetc/rc2.d\tS01a\tK01a\t../init.d/a\nend\n", f);
	fclose(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unlink(j);
		if (cases[i].journal != NULL) {
			f = fopen(j, "w");
			fputs(cases[i].journal, f);
			fclose(f);
		}
		error_clear();
		assert_int_equal(backup_load(&l, base, "20000101T000000.000001Z", "/r"), 0);
		assert_int_equal(l.state, cases[i].want);
		assert_int_equal(l.no_journal, cases[i].journal == NULL || !*cases[i].journal);
		backup_free(&l);
	}
	/* temporaries and directories named: only safe ones, and a temporary by its name */
	f = fopen(j, "w");
	fputs("begin\ntemp\tetc/.deafen-aB3xY9\nmkdir\tetc/deafen\ntemp\t../.deafen-abcdef\n"
	      "temp\tetc/passwd\nmkdir\t/etc\ntemp\t.deafen-q\\twerty\n", f);
	fclose(f);
	error_clear();
	assert_int_equal(backup_load(&l, base, "20000101T000000.000001Z", "/r"), 0);
	assert_int_equal(l.temps.n, 2);
	assert_string_equal(l.temps.v[0], "etc/.deafen-aB3xY9");
	assert_string_equal(l.temps.v[1], ".deafen-q\twerty");
	assert_int_equal(l.made.n, 1);
	assert_string_equal(l.made.v[0], "etc/deafen");
	backup_free(&l);
	/* forged: an overrider that is newer or no id, a service name of escape codes or a path */
	f = fopen(j, "w");
	fputs("begin\ndone 1\ndone 2\ncomplete\noverridden\t20991231T000000.000000Z\n"
	      "overridden\t\033[2J\nonly\t\033[2Jx\nonly\t../x\n", f);
	fclose(f);
	error_clear();
	assert_int_equal(backup_load(&l, base, "20000101T000000.000001Z", "/r"), 0);
	assert_int_equal(l.state, BACKUP_COMPLETE);
	assert_null(l.overridden);
	assert_null(l.pending_only);
	backup_free(&l);
	/* as rollback writes them: an older overrider, a service's only / only-done */
	f = fopen(j, "w");
	fputs("begin\ndone 1\ndone 2\ncomplete\nonly\ta\nonly-done\ta\n"
	      "overridden\t19991231T000000.000000Z\n", f);
	fclose(f);
	error_clear();
	assert_int_equal(backup_load(&l, base, "20000101T000000.000001Z", "/r"), 0);
	assert_int_equal(l.state, BACKUP_COMPLETE);
	assert_string_equal(l.overridden, "19991231T000000.000000Z");
	assert_int_equal(l.only.n, 1);
	backup_free(&l);
	unlink(j);
	unlink(p);
	rmdir(dir);
	free(j);
	free(p);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_truncated_and_missing),
		cmocka_unit_test(test_journal_lines),
	};

	return cmocka_run_group_tests_name("journal", tests, setup, teardown);
}
