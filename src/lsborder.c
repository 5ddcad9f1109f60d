/* lsborder.c - the start and stop numbers chkconfig gives an LSB script
 *
 * chkconfig NAME on (Fedora chkconfig, chkconfig.c frobOneDependencies) starts
 * from the script's "# chkconfig:" numbers or 50, then starts it after each
 * start dependency (Required-Start, Should-Start: a script of that name or
 * Provides) that is on in every level the script will be on in, and stops it
 * before each such stop dependency. A dependency's numbers are those of its
 * links (a root whose links chkconfig made holds the order it computed), or of
 * its chkconfig line when it has no LSB header. chkconfig also renumbers the
 * other LSB scripts when their order moves; deafen changes only the one named.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "headers.h"
#include "lsborder.h"
#include "rclinks.h"
#include "snapshot.h"
#include "tree.h"
#include "util.h"

/* The levels 0-6 where SCRIPT has a start link, as bits; its first S and K numbers. */
static unsigned
script_levels(const struct tree *t, const char *script, int *snr, int *knr)
{
	struct rclinks_own *rl = rclinks_own(t);
	unsigned on = 0;

	*snr = *knr = -1;
	for (size_t k = 0; k < rl->nlinks; k++) {
		const struct rclink_entry *e = &rl->links[k];
		int nr;

		if (RC_LEVELS[e->level] == 'S' || !rclink_of(e->name, script))
			continue;
		nr = (e->name[1] - '0') * 10 + (e->name[2] - '0');
		if (e->name[0] == 'S') {
			on |= 1u << (RC_LEVELS[e->level] - '0');
			if (*snr < 0)
				*snr = nr;
		} else if (*knr < 0) {
			*knr = nr;
		}
	}
	return on;
}

/* Is WORD one of the blank-separated words of LIST? */
static bool
has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; p != NULL && *p != '\0';) {
		p += strspn(p, " \t");
		if (strncmp(p, word, n) == 0 && (p[n] == '\0' || p[n] == ' ' || p[n] == '\t'))
			return true;
		p += strcspn(p, " \t");
	}
	return false;
}

/* Does one word of DEPS name script K (its name or one of its Provides)? */
static bool
names_script(const struct tree *t, size_t k, const char *deps)
{
	const char *provides = snode_value(headers_of(t, k), "lsb/Provides");
	char *copy;
	bool hit = false;

	if (has_word(deps, scripts_own(t)->scripts.v[k]))
		return true;
	if (provides == NULL)
		return false;
	copy = xstrdup(provides);
	for (char *s = copy, *w; !hit && (w = strsep(&s, " \t")) != NULL;)
		hit = *w != '\0' && has_word(deps, w);
	free(copy);
	return hit;
}

/* A header number KEY ("chkconfig/start") of H, or DFLT. */
static int
header_number(const struct snode *h, const char *key, int dflt)
{
	const char *v = snode_value(h, key);

	return v != NULL && isdigit((unsigned char)*v) ? atoi(v) : dflt;
}

int
lsborder_on(const struct tree *t, const char *script, int *start, int *stop)
{
	struct scripts_own *sc = scripts_own(t);
	const struct snode *h = NULL;
	char *sdeps, *kdeps;
	unsigned on;
	int snr, knr;

	for (size_t k = 0; k < sc->scripts.n && h == NULL; k++)
		if (streq(sc->scripts.v[k], script))
			h = headers_of(t, k);
	if (h == NULL || snode_child(h, "lsb") == NULL)
		return -1;
	*start = header_number(h, "chkconfig/start", 50);
	*stop = header_number(h, "chkconfig/stop", 50);
	/* on: where it has S links now, and 2345 */
	on = script_levels(t, script, &snr, &knr) | 0x3cu;
	sdeps = xasprintf("%s %s", snode_value(h, "lsb/Required-Start") ?: "",
			  snode_value(h, "lsb/Should-Start") ?: "");
	kdeps = xasprintf("%s %s", snode_value(h, "lsb/Required-Stop") ?: "",
			  snode_value(h, "lsb/Should-Stop") ?: "");
	for (size_t k = 0; k < sc->scripts.n; k++) {
		const struct snode *dh = headers_of(t, k);
		bool lsb = snode_child(dh, "lsb") != NULL;
		int ds, dk;

		if (streq(sc->scripts.v[k], script))
			continue;
		/* chkconfig reads a script without an LSB header only by its chkconfig line */
		if (!lsb && snode_child(dh, "chkconfig") == NULL)
			continue;
		if ((script_levels(t, sc->scripts.v[k], &ds, &dk) & on) != on)
			continue;
		if (!lsb || ds < 0)
			ds = header_number(dh, "chkconfig/start", 50);
		if (!lsb || dk < 0)
			dk = header_number(dh, "chkconfig/stop", 50);
		if (names_script(t, k, sdeps) && *start <= ds)
			*start = ds + 1 > 99 ? 99 : ds + 1;
		if (names_script(t, k, kdeps) && *stop >= dk)
			*stop = dk - 1 < 0 ? 0 : dk - 1;
	}
	free(sdeps);
	free(kdeps);
	return 0;
}
