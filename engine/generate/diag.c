/* diag.c: convergence diagnostics of chains (gm_gen_diag, gm_generate.h). */
#include "gerrymeter/gm_generate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Welford accumulator. */
typedef struct acc {
    double n, mean, m2;
} acc;

static void acc_add(acc *a, double x)
{
    a->n += 1;
    double d = x - a->mean;
    a->mean += d / a->n;
    a->m2 += d * (x - a->mean);
}

static double acc_var(const acc *a) { return a->n > 1 ? a->m2 / (a->n - 1) : NAN; }

struct gm_gen_diag {
    size_t C, M;
    uint64_t N, half, batch, stride;
    acc *halves;     /* [C][M][2] */
    acc *all;        /* [C][M] */
    acc *bmeans;     /* [C][M] accumulator of full batch means */
    double *bsum;    /* [C][M] the current batch's sum */
    uint64_t *bn;    /* [C][M] samples in it */
    uint64_t *tr_n;  /* [C] trace points */
    uint64_t *tr_s;  /* [C][GM_GEN_TRACE] */
    double *tr_v;    /* [C][M][GM_GEN_TRACE] */
};

void gm_gen_diag_destroy(gm_gen_diag *d)
{
    if (!d) return;
    free(d->halves);
    free(d->all);
    free(d->bmeans);
    free(d->bsum);
    free(d->bn);
    free(d->tr_n);
    free(d->tr_s);
    free(d->tr_v);
    free(d);
}

gm_status gm_gen_diag_create(size_t chains, uint64_t per_chain, size_t n_metrics,
                             gm_gen_diag **out, gm_error *err)
{
    *out = NULL;
    gm_gen_diag *d = calloc(1, sizeof *d);
    if (!d) return gm_fail(err, GM_E_NOMEM, "out of memory");
    d->C = chains ? chains : 1;
    d->M = n_metrics ? n_metrics : 1;
    d->N = per_chain;
    d->half = per_chain / 2;
    d->batch = (uint64_t)floor(sqrt((double)per_chain));
    if (d->batch < 1) d->batch = 1;
    d->stride = (per_chain + GM_GEN_TRACE - 1) / GM_GEN_TRACE;
    if (d->stride < 1) d->stride = 1;
    size_t cm = d->C * d->M;
    d->halves = calloc(2 * cm, sizeof *d->halves);
    d->all = calloc(cm, sizeof *d->all);
    d->bmeans = calloc(cm, sizeof *d->bmeans);
    d->bsum = calloc(cm, sizeof *d->bsum);
    d->bn = calloc(cm, sizeof *d->bn);
    d->tr_n = calloc(d->C, sizeof *d->tr_n);
    d->tr_s = calloc(d->C * GM_GEN_TRACE, sizeof *d->tr_s);
    d->tr_v = calloc(cm * GM_GEN_TRACE, sizeof *d->tr_v);
    if (!d->halves || !d->all || !d->bmeans || !d->bsum || !d->bn || !d->tr_n || !d->tr_s || !d->tr_v) {
        gm_gen_diag_destroy(d);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    *out = d;
    return GM_OK;
}

void gm_gen_diag_add(gm_gen_diag *d, size_t c, uint64_t s, const double *v)
{
    if (c >= d->C) return;
    bool traced = s % d->stride == 0 && d->tr_n[c] < GM_GEN_TRACE;
    if (traced) d->tr_s[c * GM_GEN_TRACE + d->tr_n[c]] = s;
    for (size_t m = 0; m < d->M; m++) {
        size_t i = c * d->M + m;
        if (traced) d->tr_v[i * GM_GEN_TRACE + d->tr_n[c]] = v[m];
        if (isnan(v[m])) continue;
        acc_add(&d->all[i], v[m]);
        /* split halves: the first floor(N/2) samples, the last floor(N/2) (the middle
         * sample of an odd chain is in neither) */
        if (s < d->half) acc_add(&d->halves[2 * i], v[m]);
        else if (s >= d->N - d->half) acc_add(&d->halves[2 * i + 1], v[m]);
        d->bsum[i] += v[m];
        if (++d->bn[i] == d->batch) {
            acc_add(&d->bmeans[i], d->bsum[i] / (double)d->batch);
            d->bsum[i] = 0;
            d->bn[i] = 0;
        }
    }
    if (traced) d->tr_n[c]++;
}

void gm_gen_diag_get(const gm_gen_diag *d, size_t m, gm_gen_diag_metric *out)
{
    out->mean = out->rhat = out->ess = NAN;
    if (m >= d->M) return;
    /* mean over all chains */
    double n = 0, sum = 0;
    for (size_t c = 0; c < d->C; c++) {
        const acc *a = &d->all[c * d->M + m];
        n += a->n;
        sum += a->mean * a->n;
    }
    if (n > 0) out->mean = sum / n;
    /* split R-hat over the 2C halves (equal lengths when no value was NaN) */
    size_t J = 2 * d->C;
    double L = (double)d->half, W = 0, mm = 0, B = 0;
    bool ok = L >= 2;
    for (size_t j = 0; ok && j < J; j++) {
        const acc *a = &d->halves[(j / 2 * d->M + m) * 2 + j % 2];
        if (a->n != L) ok = false;
        else W += acc_var(a) / (double)J, mm += a->mean / (double)J;
    }
    if (ok) {
        for (size_t j = 0; j < J; j++) {
            double dm = d->halves[(j / 2 * d->M + m) * 2 + j % 2].mean - mm;
            B += dm * dm * L / (double)(J - 1);
        }
        if (W > 0) out->rhat = sqrt(((L - 1) / L * W + B / L) / W);
    }
    /* ESS: per chain N / tau, tau = batch * var(batch means) / var(x), at least 1 */
    double ess = 0;
    bool any = false;
    for (size_t c = 0; c < d->C; c++) {
        const acc *a = &d->all[c * d->M + m], *b = &d->bmeans[c * d->M + m];
        double vx = acc_var(a), vb = acc_var(b);
        if (!(vx > 0) || b->n < 2) continue;
        double tau = (double)d->batch * vb / vx;
        if (tau < 1) tau = 1;
        ess += a->n / tau;
        any = true;
    }
    if (any) out->ess = ess;
}

size_t gm_gen_diag_trace(const gm_gen_diag *d, size_t c, size_t m, const uint64_t **sample,
                         const double **value)
{
    *sample = d->tr_s + c * GM_GEN_TRACE;
    *value = d->tr_v + (c * d->M + m) * GM_GEN_TRACE;
    return (size_t)d->tr_n[c];
}

size_t gm_gen_diag_chains(const gm_gen_diag *d) { return d->C; }
