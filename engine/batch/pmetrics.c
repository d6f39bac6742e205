/* pmetrics.c: the non-partisan per-plan metrics from district totals (population
 * deviation, sorted shares, cut edges, Polsby-Popper, non-contiguous districts), shared by the batch kernel and
 * the plain one-plan path. The partisan metrics come from engine/metrics: the partisan
 * batch kernel (gm_partisan_batch_score), the same code gm_partisan_score() runs. */
#include "batch/batch.h"

#include <math.h>
#include <string.h>

#include "compact/compact.h"

#include "gerrymeter/gm_tally.h"

double gm_plan_scores_get(const gm_plan_scores *s, size_t m)
{
    const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, m);
    return d ? gm_metric_value(d, s, NULL) : NAN;
}

void gm_plan_scores_set(gm_plan_scores *s, size_t m, double v)
{
    const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, m);
    if (d && d->offset >= 0) *(double *)((char *)s + d->offset) = v;
}

void gmi_scores_from_tallies(const gm_batch_spec *s, const double *pop, const double *a,
                             const double *b, const double *area, const double *perim,
                             double cut, double noncontig, const double *aux,
                             const double *elections, size_t n_elections, gm_plan_scores *o,
                             double *shares)
{
    size_t k = s->k;
    gm_popdev pd;
    gm_popdev_compute(pop, k, &pd);
    /* no population (none given, or all zero): the deviation is undefined, not 0 */
    o->pop_dev = s->pop && pd.ideal > 0 ? pd.max_abs_pct : NAN;
    if (s->votes_a) {
        size_t kc = 0;
        gmi_vote_shares(a, b, k, &o->vote_share_a, &o->vote_share_b);
        for (size_t d = 0; d < k; d++) {
            double t = a[d] + b[d];
            if (t > 0) {
                /* insertion into the sorted prefix: k is small */
                double v = a[d] / t;
                size_t j = kc++;
                while (j > 0 && shares[j - 1] > v) {
                    shares[j] = shares[j - 1];
                    j--;
                }
                shares[j] = v;
            }
        }
        for (size_t d = kc; d < k; d++) shares[d] = NAN;
    } else {
        o->seats_a = o->efficiency_gap = o->mean_median = o->partisan_bias = o->declination = NAN;
        o->vote_share_a = o->vote_share_b = NAN;
    }
    if (s->graph) {
        double sum = 0, mn = INFINITY;
        for (size_t d = 0; d < k; d++) {
            double pp = gmi_polsby_popper(area[d], perim[d]);
            sum += pp;
            mn = fmin(mn, pp);
        }
        o->cut_edges = cut;
        o->pp_mean = sum / (double)k;
        o->pp_min = mn;
        o->noncontiguous = noncontig;
    } else {
        o->cut_edges = o->pp_mean = o->pp_min = o->noncontiguous = NAN;
    }
    /* registered metrics: computed from the district totals, kept in o->extra (the
     * unused slots are 0, so that equal plans give equal records) */
    memset(o->extra, 0, sizeof o->extra);
    size_t nm = gm_metric_count(GM_MF_PLAN);
    for (size_t m = 0; m < nm; m++) {
        const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, m);
        if (!d->fn) continue;
        if ((d->flags & GM_MD_VOTES) && !s->votes_a) {
            *(double *)((char *)o + d->offset) = NAN;
            continue;
        }
        bool g = s->graph != NULL;
        gm_metric_in in = {.k = k, .pop = pop, .a = s->votes_a ? a : NULL, .b = s->votes_a ? b : NULL,
                           .area_m2 = g ? area : NULL, .perim_m = g ? perim : NULL,
                           .cut_edges = g ? cut : NAN, .aux = aux,
                           .elections = elections, .n_elections = elections ? n_elections : 0};
        *(double *)((char *)o + d->offset) = d->fn(&in, d->ud);
    }
}
