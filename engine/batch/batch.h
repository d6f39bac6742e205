/* batch.h: engine-internal pieces of the batch scorer. */
#ifndef GM_BATCH_H
#define GM_BATCH_H

#include "gerrymeter/gm_ensemble.h"

/* Mean-median, partisan bias, declination from k ascending a-shares (see pmetrics.c). */
void gmi_partisan_tail(const double *v, size_t k, double *mm, double *pb, double *decl);

/* Fill o (all but sample) from one plan's district totals. shares: k doubles that
 * receive the sorted a-shares (NaN-padded). area/perim only used with a graph. */
void gmi_scores_from_tallies(const gm_batch_spec *s, const double *pop, const double *a,
                             const double *b, const double *area, const double *perim,
                             double cut, gm_plan_scores *o, double *shares);

#endif
