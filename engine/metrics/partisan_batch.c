/* partisan_batch.c: the partisan kernel. Scores plans laid out plans x districts,
 * GMI_PK_LANES plans at a time, with every inner loop running over the lanes of a
 * block (one plan per lane). That layout gives the compiler independent lanes to
 * vectorize (no sum is reassociated, so results are bit-identical to a scalar run),
 * and every per-district decision is written as a comparison turned into 0/1, so
 * there is no data-dependent branch inside a loop.
 *
 * The median (for mean-median) comes from a Batcher odd-even merge sorting network
 * built once per k in gm_partisan_batch_create: a fixed list of compare-exchange
 * pairs, each a min/max over the lanes.
 *
 * gm_partisan_score() runs this kernel on a batch of one plan, so one plan and an
 * ensemble share one definition of every core metric. */
#include "metrics/partisan_internal.h"

#include <math.h>
#include <string.h>

/* The comparisons below are written as selects; GCC only turns a floating-point select
 * into a vector blend/min/max when comparisons may not trap, so the kernel is compiled
 * without trapping math. Values are unchanged (gerrymeter never reads FP exception
 * flags); only the choice of instructions is. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math")
#endif
#include <stdlib.h>

#define L GMI_PK_LANES

struct gm_partisan_batch {
    size_t k;          /* districts per plan */
    double band;       /* competitive band */
    size_t n_pairs;    /* comparators in the sorting network */
    unsigned *lo, *hi; /* [n_pairs] comparator indices, lo < hi < k */
    double *ta, *tb;   /* [k*L] the block transposed: district-major, lanes inner */
    double *sv;        /* [k*L] shares being sorted (+inf for empty districts) */
};

/* Batcher's odd-even merge sort for the next power of two >= k; comparators that
 * touch a padding position (index >= k) are dropped, which is exact because padding
 * holds +inf and a compare-exchange never moves +inf below a finite value. */
static size_t build_network(size_t k, unsigned *lo, unsigned *hi)
{
    size_t n = 1, m = 0;
    while (n < k) n <<= 1;
    for (size_t p = 1; p < n; p <<= 1)
        for (size_t s = p; s >= 1; s >>= 1) {
            for (size_t j = s % p; j + s < n; j += 2 * s)
                for (size_t i = 0; i < s && i + j + s < n; i++)
                    if ((i + j) / (2 * p) == (i + j + s) / (2 * p) && i + j + s < k) {
                        if (lo) {
                            lo[m] = (unsigned)(i + j);
                            hi[m] = (unsigned)(i + j + s);
                        }
                        m++;
                    }
            if (s == 1) break;
        }
    return m;
}

void gm_partisan_batch_destroy(gm_partisan_batch *bt)
{
    if (!bt) return;
    free(bt->lo);
    free(bt->hi);
    free(bt->ta);
    free(bt->tb);
    free(bt->sv);
    free(bt);
}

gm_status gm_partisan_batch_create(size_t k, const gm_partisan_opts *o, gm_partisan_batch **out,
                                   gm_error *err)
{
    *out = NULL;
    if (k == 0) return gm_fail(err, GM_E_ARG, "batch scoring needs at least one district");
    if (k > (1u << 24)) return gm_fail(err, GM_E_ARG, "%zu districts is more than supported", k);
    gm_partisan_batch *bt = calloc(1, sizeof *bt);
    if (!bt) return gm_fail(err, GM_E_NOMEM, "out of memory");
    bt->k = k;
    bt->band = o ? o->competitive_band : 0.05;
    bt->n_pairs = build_network(k, NULL, NULL);
    size_t np = bt->n_pairs ? bt->n_pairs : 1;
    bt->lo = malloc(np * sizeof *bt->lo);
    bt->hi = malloc(np * sizeof *bt->hi);
    bt->ta = malloc(k * L * sizeof *bt->ta);
    bt->tb = malloc(k * L * sizeof *bt->tb);
    bt->sv = malloc(k * L * sizeof *bt->sv);
    if (!bt->lo || !bt->hi || !bt->ta || !bt->tb || !bt->sv) {
        gm_partisan_batch_destroy(bt);
        return gm_fail(err, GM_E_NOMEM, "out of memory for a %zu-district batch", k);
    }
    build_network(k, bt->lo, bt->hi);
    *out = bt;
    return GM_OK;
}

/* One comparator of the sorting network on all lanes: min to row X, max to row Y.
 * GCC and Clang get explicit 2-lane vectors (the compiler cannot prove that two rows
 * picked at run time do not overlap, so it would not vectorize the plain loop, and
 * its scalar fallback branches on the data); the select is a mask, never a branch.
 * Other compilers get the plain loop. */
#if defined(__GNUC__)
typedef double gmi_v2d __attribute__((vector_size(16)));
typedef long long gmi_v2i __attribute__((vector_size(16)));

static inline void compare_exchange(double *X, double *Y)
{
    for (size_t p = 0; p < L; p += 2) {
        gmi_v2d x, y;
        memcpy(&x, X + p, sizeof x);
        memcpy(&y, Y + p, sizeof y);
        gmi_v2i m = x < y; /* all ones where x < y */
        gmi_v2d lo = (gmi_v2d)((m & (gmi_v2i)x) | (~m & (gmi_v2i)y));
        gmi_v2d hi = (gmi_v2d)((m & (gmi_v2i)y) | (~m & (gmi_v2i)x));
        memcpy(X + p, &lo, sizeof lo);
        memcpy(Y + p, &hi, sizeof hi);
    }
}
#else
static inline void compare_exchange(double *X, double *Y)
{
    for (size_t p = 0; p < L; p++) {
        double x = X[p], y = Y[p];
        X[p] = x < y ? x : y;
        Y[p] = x < y ? y : x;
    }
}
#endif

/* Score one block of nl <= L plans starting at plan p0. Lanes nl..L-1 repeat the
 * last plan so that every lane computes on valid numbers; their results are not
 * stored. */
static void score_block(gm_partisan_batch *bt, const double *a, const double *b, size_t p0,
                        size_t nl, const gm_partisan_batch_out *out)
{
    const size_t k = bt->k;
    double *restrict ta = bt->ta, *restrict tb = bt->tb, *restrict sv = bt->sv;

    /* Transpose the block: ta[d*L + p] = a[(p0+p)*k + d]. */
    for (size_t p = 0; p < L; p++) {
        size_t src = (p0 + (p < nl ? p : nl - 1)) * k;
        for (size_t d = 0; d < k; d++) {
            ta[d * L + p] = a[src + d];
            tb[d * L + p] = b[src + d];
        }
    }

    double sum_a[L], sum_t[L], seats[L], eg_num[L], sum_v[L], kc[L], comp[L];
    for (size_t p = 0; p < L; p++)
        sum_a[p] = sum_t[p] = seats[p] = eg_num[p] = sum_v[p] = kc[p] = comp[p] = 0.0;

    const double band = bt->band;
    /* Pass 1: totals, FPTP seats, wasted votes, shares. Per district, with t = A+B:
     * A wins: A wastes A - t/2, B wastes B: wasted_a - wasted_b = A/2 - 3B/2;
     * B wins: A wastes A, B wastes B - t/2: difference 3A/2 - B/2;
     * exact tie: each wastes half of its votes: difference 0. */
    for (size_t d = 0; d < k; d++) {
        const double *A = ta + d * L, *B = tb + d * L;
        double *S = sv + d * L;
        for (size_t p = 0; p < L; p++) {
            double x = A[p], y = B[p], t = x + y;
            double w = (double)(t > 0.0);                 /* district counted */
            double win = (double)(x > y), lose = (double)(y > x);
            double v = x / (t > 0.0 ? t : 1.0);           /* 0 for an empty district */
            sum_a[p] += x;
            sum_t[p] += t;
            seats[p] += win + 0.5 * w * (1.0 - win - lose);
            eg_num[p] += win * (0.5 * x - 1.5 * y) + lose * (1.5 * x - 0.5 * y);
            sum_v[p] += v;
            kc[p] += w;
            comp[p] += w * (double)(fabs(v - 0.5) <= band);
            S[p] = t > 0.0 ? v : INFINITY;                /* empty districts sort last */
        }
    }

    double V[L], up[L], nA[L], sA[L], nB[L], sB[L];
    for (size_t p = 0; p < L; p++) {
        V[p] = sum_a[p] / sum_t[p];
        up[p] = nA[p] = sA[p] = nB[p] = sB[p] = 0.0;
    }
    /* Pass 2: partisan bias (uniform swing of every share by 1/2 - V makes the
     * turnout-weighted share 1/2; a then wins exactly the districts with v > V, an
     * exact v == V counting 1/2) and the declination sums. */
    for (size_t d = 0; d < k; d++) {
        const double *S = sv + d * L;
        for (size_t p = 0; p < L; p++) {
            double v = S[p];
            double w = (double)(v <= 1.0);
            double aw = w * (double)(v > 0.5);
            double bw = w * (double)(v <= 0.5);
            up[p] += w * ((double)(v > V[p]) + 0.5 * (double)(v == V[p]));
            nA[p] += aw;
            sA[p] += aw * (v <= 1.0 ? v : 0.0);
            nB[p] += bw;
            sB[p] += bw * (v <= 1.0 ? v : 0.0);
        }
    }

    /* Sorting network over the lanes: min to the lower index. */
    for (size_t c = 0; c < bt->n_pairs; c++)
        compare_exchange(sv + (size_t)bt->lo[c] * L, sv + (size_t)bt->hi[c] * L);

    for (size_t p = 0; p < nl; p++) {
        size_t q = p0 + p;
        double n = kc[p];
        double median = NAN;
        if (n > 0) {
            size_t m1 = ((size_t)n - 1) / 2, m2 = (size_t)n / 2;
            median = 0.5 * (sv[m1 * L + p] + sv[m2 * L + p]);
        }
        double Sa = seats[p] / n;
        if (out->seats_a) out->seats_a[q] = seats[p];
        if (out->vote_share) out->vote_share[q] = V[p];
        if (out->efficiency_gap) out->efficiency_gap[q] = eg_num[p] / sum_t[p];
        if (out->efficiency_gap_equal_turnout)
            out->efficiency_gap_equal_turnout[q] = 2.0 * (V[p] - 0.5) - (Sa - 0.5);
        if (out->mean_median) out->mean_median[q] = sum_v[p] / n - median;
        if (out->partisan_bias) out->partisan_bias[q] = 0.5 - up[p] / n;
        if (out->competitive) out->competitive[q] = comp[p];
        if (out->declination) /* Warrington's delta; NaN on a sweep */
            out->declination[q] =
                gmi_declination_core(sA[p] / nA[p], nA[p], sB[p] / nB[p], nB[p], n);
    }
}

void gm_partisan_batch_score(gm_partisan_batch *bt, const double *a, const double *b, size_t n,
                             const gm_partisan_batch_out *out)
{
    for (size_t p0 = 0; p0 < n; p0 += L) {
        size_t nl = n - p0 < L ? n - p0 : L;
        score_block(bt, a, b, p0, nl, out);
    }
}

/* Wasted-vote efficiency gap of one plan, by the same per-district identity as the
 * kernel (see pass 1 above). */
double gm_eg_wasted(const double *a, const double *b, size_t k)
{
    double num = 0.0, tot = 0.0;
    for (size_t d = 0; d < k; d++) {
        double x = a[d], y = b[d];
        double win = (double)(x > y), lose = (double)(y > x);
        num += win * (0.5 * x - 1.5 * y) + lose * (1.5 * x - 0.5 * y);
        tot += x + y;
    }
    return tot > 0 ? num / tot : NAN;
}
