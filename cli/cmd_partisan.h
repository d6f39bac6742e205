/* cmd_partisan.h: partisan output shared by `partisan` and `score`. */
#ifndef GM_CLI_CMD_PARTISAN_H
#define GM_CLI_CMD_PARTISAN_H

#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_partisan.h"
#include "out.h"

/* Party a signed value favours ("neither" at 0, NULL when undefined). */
const char *gmc_partisan_favours(const gm_partisan *p, double v, const char *party_a,
                                 const char *party_b);

#endif
