/* pmetrics.c: per-plan metrics from district totals, shared by the batch kernel and the
 * plain one-plan path.
 *
 * gmi_partisan_tail() holds mean-median, partisan bias and declination in one place so it
 * can be swapped for the engine's gm_partisan_score() versions when those land; seats and
 * the efficiency gap already come from engine/metrics (gm_eg_wasted). */
#include "batch/batch.h"

#include <math.h>

#include "gerrymeter/gm_partisan.h"
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

/* Mean-median, partisan bias and declination from k sorted a-shares (ascending; only
 * districts with votes). Gerrymeter convention: + favours party b.
 *   mean_median   = mean(v) - median(v)          (median: average of the middle two for even k)
 *   partisan_bias = 1/2 - #{v_i > mean(v)}/k     (uniform swing to an unweighted 50 %)
 *   declination   = 2(gamma - theta)/pi, theta = atan((1 - 2 mean(v | v <= 1/2)) k / k_b),
 *                   gamma = atan((2 mean(v | v > 1/2) - 1) k / k_a)   (Warrington 2018);
 *                   NaN when either party wins no district. */
void gmi_partisan_tail(const double *v, size_t k, double *mm, double *pb, double *decl)
{
    if (k == 0) {
        *mm = *pb = *decl = NAN;
        return;
    }
    double sum = 0;
    for (size_t i = 0; i < k; i++) sum += v[i];
    double mean = sum / (double)k;
    double med = (k & 1) ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
    *mm = mean - med;
    size_t above = 0;
    for (size_t i = 0; i < k; i++) above += v[i] > mean;
    *pb = 0.5 - (double)above / (double)k;
    double sa = 0, sb = 0;
    size_t ka = 0, kb = 0;
    for (size_t i = 0; i < k; i++) {
        if (v[i] > 0.5) {
            sa += v[i];
            ka++;
        } else {
            sb += v[i];
            kb++;
        }
    }
    if (ka == 0 || kb == 0) {
        *decl = NAN;
        return;
    }
    double theta = atan((1.0 - 2.0 * sb / (double)kb) * (double)k / (double)kb);
    double gamma = atan((2.0 * sa / (double)ka - 1.0) * (double)k / (double)ka);
    *decl = 2.0 * (gamma - theta) / PI_;
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
        double seats = 0;
        size_t kc = 0;
        for (size_t d = 0; d < k; d++) {
            double t = a[d] + b[d];
            seats += a[d] > b[d];
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
        o->seats_a = seats;
        o->efficiency_gap = gm_eg_wasted(a, b, k);
        gmi_partisan_tail(shares, kc, &o->mean_median, &o->partisan_bias, &o->declination);
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
