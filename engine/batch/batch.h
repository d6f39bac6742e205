/* batch.h: engine-internal pieces of the batch scorer. */
#ifndef GM_BATCH_H
#define GM_BATCH_H

#include <math.h>

#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_partisan.h"

/* Fill o's population deviation, cut edges, Polsby-Popper and non-contiguous districts
 * from one plan's district totals (cut: its cut edges, noncontig: its
 * gm_contiguity_count), and the partisan fields with NaN when there are no votes
 * (with votes the caller fills them from the partisan kernel). shares: k doubles that
 * receive the sorted a-shares (NaN-padded). area/perim/cut/noncontig only used with a
 * graph. aux: the plan's split and demographic values (gm_plan_extras_plan), or NULL,
 * which the registered rows of those values read; elections: its values per election
 * (gmi_elections_values; n_elections of them), or NULL. */
void gmi_scores_from_tallies(const gm_batch_spec *s, const double *pop, const double *a,
                             const double *b, const double *area, const double *perim,
                             double cut, double noncontig, const double *aux,
                             const double *elections, size_t n_elections, gm_plan_scores *o,
                             double *shares);

/* The statewide two-party shares of a and b from k district totals (NaN without votes):
 * the per-plan vote_share_a and vote_share_b. */
static inline void gmi_vote_shares(const double *a, const double *b, size_t k, double *sa,
                                   double *sb)
{
    double ta = 0, tb = 0;
    for (size_t d = 0; d < k; d++) {
        ta += a[d];
        tb += b[d];
    }
    *sa = ta + tb > 0 ? ta / (ta + tb) : (double)NAN;
    *sb = ta + tb > 0 ? tb / (ta + tb) : (double)NAN;
}

/* Plans gmi_elections_values scores at once, at most. */
#define GMI_ELECTIONS_PLANS 8

/* The values of n elections and their composite (gm_elections_register's rows) for
 * np <= GMI_ELECTIONS_PLANS plans of k districts: et [np][n][2][k] each plan's district
 * totals of each election's a then b, summed in unit order; pk the partisan kernel for
 * k; first: the first election's seats, efficiency gap, mean-median, partisan bias and
 * declination of the np plans when the caller has them from pk (else NULL: scored here);
 * va, vb [np * k] and sh [np][n][k] scratch; out [np][(n + 1) * gm_election_values()]:
 * election e's value j at e * nv + j, the composite's at n * nv + j. */
void gmi_elections_values(gm_partisan_batch *pk, size_t n, size_t k, size_t np, const double *et,
                          const gm_partisan_batch_out *first, double *va, double *vb, double *sh,
                          double *out);

#endif
