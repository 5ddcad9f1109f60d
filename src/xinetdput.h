/* xinetdput.h - the xinetd files a plan changes, written through the lens node by node */
#ifndef DEAFEN_XINETDPUT_H
#define DEAFEN_XINETDPUT_H

struct tree;
struct plan;

/*
 * Into OUTS[i] (NULL before), the text of P->files[i] as the whole-file
 * put through Deafen_xinetd writes it, for each xinetd file whose every
 * action sets an attribute of a service block or adds one as its last:
 * only those attributes go through the lens (Deafen_xinetd.attributes),
 * all of them in one put, and are spliced into the file's text. The files
 * it cannot do so are left NULL (the whole file goes through the lens).
 */
int xinetd_put_changed(const struct tree *t, const struct plan *p, char **outs);

#endif
