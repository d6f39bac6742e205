/* pelections.c: the per-plan values of several elections and their composite, shared by
 * the batch kernel and the plain one-plan path (gm_score_one).
 *
 * Each election is scored as a run with its votes alone scores its plans: its district
 * totals through the engine's partisan kernel (gm_partisan_batch_score) and the vote
 * shares of gmi_vote_shares, so its values equal that run's columns bit for bit. The
 * composite takes each district's mean two-party share over the elections
 * (gm_elections_composite, as `score --election` does) and scores it with equal turnout
 * in every district. */
#include "batch/batch.h"

#include <math.h>
#include <string.h>

#include "gerrymeter/gm_tally.h"

void gmi_elections_values(gm_partisan_batch *pk, size_t n, size_t k, size_t np, const double *et,
                          const gm_partisan_batch_out *first, double *va, double *vb, double *sh,
                          double *out)
{
    const gm_metric_def *row[8];
    size_t nv = gm_election_values(), stride = (n + 1) * nv;
    for (size_t j = 0; j < nv; j++) row[j] = gm_election_value_row(j);
    double seats[GMI_ELECTIONS_PLANS], eg[GMI_ELECTIONS_PLANS], mm[GMI_ELECTIONS_PLANS],
        pbias[GMI_ELECTIONS_PLANS], decl[GMI_ELECTIONS_PLANS];
    gm_partisan_batch_out po = {.seats_a = seats, .efficiency_gap = eg, .mean_median = mm,
                                .partisan_bias = pbias, .declination = decl};
    for (size_t e = 0; e <= n; e++) {
        for (size_t p = 0; p < np; p++) {
            double *a = va + p * k, *b = vb + p * k, *s = sh + p * n * k;
            if (e == n) { /* the composite, from the elections' shares */
                gm_elections_composite(s, n, k, NULL, a, b);
                continue;
            }
            const double *ta = et + (p * n + e) * 2 * k, *tb = ta + k;
            memcpy(a, ta, k * sizeof *a);
            memcpy(b, tb, k * sizeof *b);
            for (size_t d = 0; d < k; d++) {
                double t = ta[d] + tb[d];
                s[e * k + d] = t > 0 ? ta[d] / t : NAN; /* as gm_district_summary */
            }
        }
        /* the first election's metrics: the caller's when it scored them already */
        const gm_partisan_batch_out *r = e == 0 && first ? first : &po;
        if (r == &po) gm_partisan_batch_score(pk, va, vb, np, &po);
        for (size_t p = 0; p < np; p++) {
            gm_plan_scores v;
            v.seats_a = r->seats_a[p];
            v.efficiency_gap = r->efficiency_gap[p];
            v.mean_median = r->mean_median[p];
            v.partisan_bias = r->partisan_bias[p];
            v.declination = r->declination[p];
            gmi_vote_shares(va + p * k, vb + p * k, k, &v.vote_share_a, &v.vote_share_b);
            for (size_t j = 0; j < nv; j++)
                out[p * stride + e * nv + j] = gm_metric_value(row[j], &v, NULL);
        }
    }
}
