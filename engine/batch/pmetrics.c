/* pmetrics.c: the non-partisan per-plan metrics from district totals (population
 * deviation, sorted shares, cut edges, Polsby-Popper), shared by the batch kernel and
 * the plain one-plan path. The partisan metrics come from engine/metrics: the partisan
 * batch kernel (gm_partisan_batch_score), the same code gm_partisan_score() runs. */
#include "batch/batch.h"

#include <math.h>

#include "gerrymeter/gm_tally.h"

#define PI_ 3.14159265358979323846

const char *const gm_metric_names[GM_N_METRICS] = {
    "seats_a", "efficiency_gap", "mean_median", "partisan_bias", "declination",
    "pop_dev", "cut_edges",      "pp_mean",     "pp_min"};

double gm_plan_scores_get(const gm_plan_scores *s, int m)
{
    switch (m) {
    case 0: return s->seats_a;
    case 1: return s->efficiency_gap;
    case 2: return s->mean_median;
    case 3: return s->partisan_bias;
    case 4: return s->declination;
    case 5: return s->pop_dev;
    case 6: return s->cut_edges;
    case 7: return s->pp_mean;
    default: return s->pp_min;
    }
}

void gmi_scores_from_tallies(const gm_batch_spec *s, const double *pop, const double *a,
                             const double *b, const double *area, const double *perim,
                             double cut, gm_plan_scores *o, double *shares)
{
    size_t k = s->k;
    gm_popdev pd;
    gm_popdev_compute(pop, k, &pd);
    o->pop_dev = pd.max_abs_pct;
    if (s->votes_a) {
        size_t kc = 0;
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
    }
    if (s->graph) {
        /* Polsby-Popper = 4 pi A / P^2 (A in m^2, P in m). */
        double sum = 0, mn = INFINITY;
        for (size_t d = 0; d < k; d++) {
            double pp = perim[d] > 0 ? 4.0 * PI_ * area[d] / (perim[d] * perim[d]) : NAN;
            sum += pp;
            mn = fmin(mn, pp);
        }
        o->cut_edges = cut;
        o->pp_mean = sum / (double)k;
        o->pp_min = mn;
    } else {
        o->cut_edges = o->pp_mean = o->pp_min = NAN;
    }
}
