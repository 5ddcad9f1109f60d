/* fuzz_daemonread.c - the daemons' listen settings read in C (daemonread_values) against their
 * stock lenses
 *
 * The first byte picks a setting of a "listen" line of src/knowledge.tab
 * (its lens and path), the rest is the file. The file goes through the
 * reader and through the lens (aug_text_store, the text as aug_load reads
 * it; for redis.conf and squid.conf the lines daemonconf.c cuts out of it,
 * as the lens gets them there), and the lens's values are those of the
 * setting's path in its tree. When both read it, the values must be the
 * same, in the same order; a cut whose settings the reader reads must be
 * one the lens reads. The reader may refuse what the lens reads (deafen gives the file
 * to the lens then), and may read a whole file the lens refuses for a
 * line that sets nothing deafen reads.
 */
#include <augeas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemonread.h"
#include "fuzz.h"
#include "util.h"

static const struct {
	const char *lens, *setting, *cut; /* CUT: the words of daemonconf.c's cut, or NULL */
} settings[] = {
    {"Memcached", "p", NULL},
    {"Memcached", "l", NULL},
    {"Redis", "port", "port bind"},
    {"Redis", "bind/ip", "port bind"},
    {"Squid", "http_port", "http_port"},
    {"Vsftpd", "listen_port", NULL},
    {"Vsftpd", "listen_address", NULL},
    {"Nrpe", "server_port", NULL},
    {"Nrpe", "server_address", NULL},
    {"Samba", "target[. = 'global']/smb ports", NULL},
    {"Samba", "target[. = 'global'][bind interfaces only =~ regexp('[YyTt1].*')]/interfaces", NULL},
    {"Dhcpd", "local-port", NULL},
    {"Dhcpd", "local-address", NULL},
    {"Dovecot", "service/inet_listener/port", NULL},
    {"Dovecot", "listen", NULL},
    {"MySQL", "target[. = 'mysqld']/port", NULL},
    {"MySQL", "target[. = 'mysqld']/bind-address", NULL},
    {"Cups", "directive[. = 'Listen' or . = 'Port']/arg", NULL},
    {"Spacevars", "agentaddress", NULL},
    {"Chrony", "port", NULL},
    {"Chrony", "bindaddress", NULL},
    {"Chrony", "cmdport", NULL},
    {"Chrony", "bindcmdaddress", NULL},
    {"Chrony", "include", NULL},
    {"Chrony", "allow", NULL},
    {"Chrony", "peer", NULL},
    {"Chrony", "broadcast/address", NULL},
    {"Chrony", "confdir/directory", NULL},
    {"Chrony", "sourcedir/directory", NULL},
};

static augeas *aug;

static void
cleanup(void)
{
	aug_close(aug);
}

static void
dump(const char *who, const struct strv *v)
{
	fprintf(stderr, "--- %s (%zu):\n", who, v->n);
	for (size_t i = 0; i < v->n; i++)
		fprintf(stderr, "[%s]\n", v->v[i]);
}

/*
 * The values deafen takes as ports: an empty one (blanks, commas) splits into
 * none in daemonconf.c, which then takes the default, as for no value at all
 * (MySQL "port#x": the lens's port = "", the reader's none).
 */
static void
drop_empty(struct strv *v)
{
	size_t k = 0;

	for (size_t i = 0; i < v->n; i++) {
		if (v->v[i][strspn(v->v[i], " \t,")] == '\0')
			free(v->v[i]);
		else
			v->v[k++] = v->v[i];
	}
	v->n = k;
	if (v->v != NULL)
		v->v[k] = NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strv mine = { 0 }, theirs = { 0 };
	char *text, *file, *lens, *path, **m = NULL;
	size_t k, line;
	int c, a, n;

	if (size < 1)
		return 0;
	k = data[0] % ELEMENTSOF(settings);
	data++;
	size--;
	/* what the tree loader never gives a lens: NUL, and bytes 1-4 (Augeas's own, see tree.c) */
	for (size_t i = 0; i < size; i++)
		if (data[i] <= 4)
			return 0;
	if (aug == NULL) {
		aug = aug_init("/", NULL, AUG_NO_MODL_AUTOLOAD | AUG_NO_LOAD | AUG_NO_ERR_CLOSE);
		if (aug == NULL || aug_error(aug) != AUG_NOERROR)
			abort();
		atexit(cleanup);
	}
	file = xasprintf("%.*s", (int)size, (const char *)data);
	c = daemonread_values(settings[k].lens, settings[k].setting, file, size, &mine, &line);
	if (c == 1 || (c < 0 && (line == 0 || mine.n != 0)))
		abort(); /* every setting has a reader; a refusal names its line, and adds nothing
			  */
	if (settings[k].cut != NULL) {
		struct strv words = { 0 };
		size_t *lines = NULL, len = 0;
		FILE *f;

		text = NULL;
		if ((f = open_memstream(&text, &len)) == NULL)
			abort();
		strv_split(&words, settings[k].cut, " ");
		daemonread_cut(file, &words, f, &lines);
		fclose(f);
		free(lines);
		strv_free(&words);
	} else {
		/* as aug_load reads a file: a missing last newline added, to an empty file too */
		text = xasprintf("%s%s", file, size == 0 || data[size - 1] != '\n' ? "\n" : "");
	}
	lens = xasprintf("%s.lns", settings[k].lens);
	if (aug_set(aug, "/text/in", text) < 0)
		abort();
	a = aug_text_store(aug, lens, "/text/in", "/text/tree");
	if (a == 0) {
		path = xasprintf("/text/tree/%s", settings[k].setting);
		n = aug_match(aug, path, &m);
		for (int i = 0; i < n; i++) {
			const char *v = NULL;

			if (aug_get(aug, m[i], &v) == 1 && v != NULL)
				strv_push(&theirs, v);
			free(m[i]);
		}
		free(m);
		free(path);
	}
	/* a cut goes to the lens unless every setting of its line was read in C */
	for (size_t j = 0; c == 0 && a != 0 && settings[k].cut != NULL && j < ELEMENTSOF(settings);
	     j++) {
		struct strv other = { 0 };

		if (streq(settings[j].lens, settings[k].lens) &&
		    daemonread_values(settings[j].lens, settings[j].setting, file, size, &other,
				      &line) != 0)
			c = -1;
		strv_free(&other);
	}
	if (c == 0 && a != 0 && settings[k].cut != NULL) {
		fprintf(stderr,
			"fuzz_daemonread: %s %s: the reader reads a cut the lens refuses:\n%s",
			settings[k].lens, settings[k].setting, text);
		abort();
	}
	if (c == 0 && a == 0) {
		bool same;

		drop_empty(&mine);
		drop_empty(&theirs);
		same = mine.n == theirs.n;

		for (size_t i = 0; same && i < mine.n; i++)
			same = streq(mine.v[i], theirs.v[i]);
		if (!same) {
			fprintf(stderr,
				"fuzz_daemonread: %s %s: the reader and the lens differ on:\n%s",
				settings[k].lens, settings[k].setting, text);
			dump("the reader's", &mine);
			dump("the lens's", &theirs);
			abort();
		}
	}
	(void)aug_rm(aug, "/text");
	(void)aug_rm(aug, "/augeas/text");
	strv_free(&mine);
	strv_free(&theirs);
	free(lens);
	free(text);
	free(file);
	return 0;
}
