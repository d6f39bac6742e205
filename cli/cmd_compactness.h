/* cmd_compactness.h: compactness output shared by `compactness` and
 * `score --compactness`. */
#ifndef GM_CLI_CMD_COMPACTNESS_H
#define GM_CLI_CMD_COMPACTNESS_H

#include <stdio.h>

#include "gerrymeter/gm_compact.h"
#include "out.h"

/* The text table and summary lines. */
void gmc_compact_text(const gm_compact *c, FILE *f);

#endif
