/* cmd_partisan.h: partisan output shared by `partisan` and `score`. */
#ifndef GM_CLI_CMD_PARTISAN_H
#define GM_CLI_CMD_PARTISAN_H

#include "gerrymeter/gm_partisan.h"
#include "out.h"

/* The plan-level metric keys (seats_expected ... competitive_districts; docs/cli.md). */
void gmc_partisan_metrics_json(gmc_json *j, const gm_partisan *p);
/* "favours", "positive_favours" and "favours_by_metric". */
void gmc_partisan_favours_json(gmc_json *j, const gm_partisan *p, const char *party_a,
                               const char *party_b);
/* Party a signed value favours ("neither" at 0, NULL when undefined). */
const char *gmc_partisan_favours(const gm_partisan *p, double v, const char *party_a,
                                 const char *party_b);

#endif
