/* batch.h: engine-internal pieces of the batch scorer. */
#ifndef GM_BATCH_H
#define GM_BATCH_H

#include "gerrymeter/gm_ensemble.h"

/* Fill o's population deviation, cut edges, Polsby-Popper and non-contiguous districts
 * from one plan's district totals (cut: its cut edges, noncontig: its
 * gm_contiguity_count), and the partisan fields with NaN when there are no votes
 * (with votes the caller fills them from the partisan kernel). shares: k doubles that
 * receive the sorted a-shares (NaN-padded). area/perim/cut/noncontig only used with a
 * graph. aux: the plan's split and demographic values (gm_plan_extras_plan), or NULL,
 * which the registered rows of those values read. */
void gmi_scores_from_tallies(const gm_batch_spec *s, const double *pop, const double *a,
                             const double *b, const double *area, const double *perim,
                             double cut, double noncontig, const double *aux, gm_plan_scores *o,
                             double *shares);

#endif
