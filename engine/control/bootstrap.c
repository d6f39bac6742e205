/* bootstrap.c: seeded percentile bootstrap of a sum over clusters.
 *
 * The clusters are maps: every election held under one map moves together, because the
 * same lines shape all of them. Resampling maps (not state-elections) keeps that
 * correlation, so the interval reflects how much the group's total depends on which
 * maps happen to be in it. */
#include "control/control.h"

#include <math.h>
#include <stdlib.h>

#include "core/rng.h"

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Percentile of sorted v[0..n) at p in [0,1], linear between order statistics
 * (type 7 of Hyndman and Fan, R's default). */
static double percentile(const double *v, size_t n, double p)
{
    double h = p * (double)(n - 1);
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

gm_status gmi_bootstrap_sum(const double *x, size_t n, double div, unsigned reps, uint64_t seed,
                            double level, double *lo, double *hi, gm_error *err)
{
    *lo = *hi = NAN;
    if (n == 0 || reps == 0 || !(div > 0)) return GM_OK;
    double *stat = malloc(reps * sizeof *stat);
    if (!stat) return gm_fail(err, GM_E_NOMEM, "out of memory for %u bootstrap replicates", reps);
    /* splitmix64 itself, as since the first release: a seed keeps its interval */
    gmi_rng g;
    gmi_rng_seed_splitmix(&g, seed);
    for (unsigned r = 0; r < reps; r++) {
        double sum = 0;
        for (size_t j = 0; j < n; j++) sum += x[gmi_rng_below(&g, n)];
        stat[r] = sum / div;
    }
    qsort(stat, reps, sizeof *stat, cmp_double);
    *lo = percentile(stat, reps, (1.0 - level) / 2.0);
    *hi = percentile(stat, reps, (1.0 + level) / 2.0);
    free(stat);
    return GM_OK;
}
