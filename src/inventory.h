/* inventory.h - every service the root's configuration can start */
#ifndef DEAFEN_INVENTORY_H
#define DEAFEN_INVENTORY_H

#include <stdbool.h>

#include "service.h"

struct tree;

int inventory_build(const struct tree *t, struct inventory *inv);
void inventory_free(struct inventory *inv);

#endif
