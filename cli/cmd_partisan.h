/* cmd_partisan.h: partisan output shared by `partisan` and `score`. */
#ifndef GM_CLI_CMD_PARTISAN_H
#define GM_CLI_CMD_PARTISAN_H

#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_partisan.h"
#include "out.h"

/* Every partisan metric of the registry (GM_MF_PARTISAN), in its order, with the
 * reasons for undefined values; in: the plan's district totals (for registered metrics). */
void gmc_partisan_metrics_json(gmc_json *j, const gm_partisan *p, const gm_metric_in *in);
/* "favours", "positive_favours" and "favours_by_metric" (every signed registry metric). */
void gmc_partisan_favours_json(gmc_json *j, const gm_partisan *p, const gm_metric_in *in,
                               const char *party_a, const char *party_b);
/* Party a signed value favours ("neither" at 0, NULL when undefined). */
const char *gmc_partisan_favours(const gm_partisan *p, double v, const char *party_a,
                                 const char *party_b);

#endif
