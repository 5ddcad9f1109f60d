/* daemonconf.h - a daemon's listeners, from its own configuration file */
#ifndef DEAFEN_DAEMONCONF_H
#define DEAFEN_DAEMONCONF_H

struct service;
struct strv;
struct tree;

/*
 * Before the load: reads the port and address settings of the
 * configuration file of each daemon of src/knowledge.tab's "listen" lines
 * that is on the root in C (daemonread.h), its stock lens deferred to
 * list --format xml; a file with a line setting them that the reader does
 * not know goes to its lens (a lens only for a root that has its file). A
 * file that cannot be read or parsed is no error of the root: its daemon
 * gets its documented default (daemonconf_listen).
 */
int daemonconf_setup(struct tree *t);

/*
 * After the load: the lines of the settings a "listen" line cuts out (its
 * CUT field) of each such daemon's file on the root that was not read in
 * C, given to its stock lens with aug_text_store. A cut the lens cannot
 * read is no error of the root either.
 */
int daemonconf_load(struct tree *t);

/* Is FILE (as /augeas/files names it) a daemon's configuration? Its errors are not the root's. */
int daemonconf_is(const struct tree *t, const char *file);

/*
 * S's listeners when a "listen" line knows its daemon (by its own names or
 * program): read from its configuration, in C or with the stock lens (the
 * port and address settings of the line), else the line's default; 0, or 1 when no
 * line knows it (S is left as it is).
 */
int daemonconf_listen(const struct tree *t, struct service *s);

/* For -v: "etc/memcached.conf: read in C (...)", one a file its settings were read from in C, into OUT. */
void daemonconf_read(const struct tree *t, struct strv *out);

/* For -v: "etc/redis/redis.conf:87: its stock lens cannot read it (...)", one a file, into OUT. */
void daemonconf_errors(const struct tree *t, struct strv *out);

#endif
