/* summary.c: streaming ensemble summaries (moments, fine-histogram quantiles, reference
 * percentiles). Memory is fixed by k and the bin counts, never by the number of plans. */
#include "gerrymeter/gm_ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double gm_summary_q[7] = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

/* Fine bins of the real-valued metrics (1e-5 of the range) and of the shares (1e-4). */
#define FINE_BINS 100000
#define SHARE_BINS 10000

typedef struct chan {
    uint64_t n;
    double mean, m2;      /* Welford running mean and sum of squared deviations */
    double min, max;
    double lo, width;     /* histogram origin and bin width */
    size_t nbins;
    bool integer;         /* integer-valued: bins of width 1, quantiles exact */
    uint64_t *bins;
    double *bmin;         /* [nbins] smallest value seen in each bin (quantiles report it) */
    double ref;
    uint64_t below, equal, above;
} chan;

struct gm_ens_summary {
    size_t k;
    bool has_ref;
    size_t nm;            /* per-plan metrics (registry rows, GM_MF_PLAN) at creation */
    chan m[GM_PLAN_METRICS_MAX];
    chan *rank;           /* [k] */
};

static int chan_init(chan *c, double lo, double hi, size_t nbins, bool integer)
{
    memset(c, 0, sizeof *c);
    c->lo = lo;
    c->nbins = nbins;
    c->width = (hi - lo) / (double)nbins;
    c->integer = integer;
    c->min = INFINITY;
    c->max = -INFINITY;
    c->ref = NAN;
    c->bins = calloc(nbins, sizeof *c->bins);
    c->bmin = malloc(nbins * sizeof *c->bmin);
    if (!c->bins || !c->bmin) return -1;
    for (size_t b = 0; b < nbins; b++) c->bmin[b] = INFINITY;
    return 0;
}

void gm_ens_summary_destroy(gm_ens_summary *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nm; i++) {
        free(s->m[i].bins);
        free(s->m[i].bmin);
    }
    if (s->rank)
        for (size_t r = 0; r < s->k; r++) {
            free(s->rank[r].bins);
            free(s->rank[r].bmin);
        }
    free(s->rank);
    free(s);
}

gm_status gm_ens_summary_create(size_t k, size_t n_edges, gm_ens_summary **out, gm_error *err)
{
    *out = NULL;
    gm_ens_summary *s = calloc(1, sizeof *s);
    if (!s) return gm_fail(err, GM_E_NOMEM, "out of memory");
    s->k = k;
    s->rank = calloc(k ? k : 1, sizeof *s->rank);
    int bad = !s->rank;
    /* Each metric's histogram spans its registry range: seats 0..k and cut edges
     * 0..n_edges in bins of 1 (exact quantiles), the others lo..hi in FINE_BINS bins
     * (0..1 when a registered metric gives no range). Values outside are counted in the
     * end bins. */
    s->nm = gm_metric_count(GM_MF_PLAN);
    for (size_t i = 0; i < s->nm; i++) {
        const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, i);
        if (d->flags & GM_MD_SEATS) bad |= chan_init(&s->m[i], 0, (double)k + 1, k + 1, true);
        else if (d->flags & GM_MD_EDGES) /* grows if needed */
            bad |= chan_init(&s->m[i], 0, (double)n_edges + 1, n_edges + 1, true);
        else if (d->integer && d->lo == 0 && !isfinite(d->hi)) /* a count: grows if needed */
            bad |= chan_init(&s->m[i], 0, 64, 64, true);
        else if (isfinite(d->lo) && isfinite(d->hi) && d->hi > d->lo)
            bad |= chan_init(&s->m[i], d->lo, d->hi, FINE_BINS, false);
        else bad |= chan_init(&s->m[i], 0, 1, FINE_BINS, false);
    }
    for (size_t r = 0; !bad && r < k; r++) bad |= chan_init(&s->rank[r], 0, 1, SHARE_BINS, false);
    if (bad) {
        gm_ens_summary_destroy(s);
        return gm_fail(err, GM_E_NOMEM, "out of memory for the ensemble summary");
    }
    *out = s;
    return GM_OK;
}

static void chan_add(chan *c, double v)
{
    if (isnan(v)) return;
    c->n++;
    double d = v - c->mean;
    c->mean += d / (double)c->n;
    c->m2 += d * (v - c->mean);
    if (v < c->min) c->min = v;
    if (v > c->max) c->max = v;
    double f = floor((v - c->lo) / c->width);
    if (c->integer && f >= (double)c->nbins && f < 1e9) {
        /* Integer channels grow instead of clamping, so their result never depends on the
         * initial size (a merge does not know the graph's edge count). */
        size_t nb = c->nbins * 2 > (size_t)f + 1 ? c->nbins * 2 : (size_t)f + 1;
        uint64_t *t = realloc(c->bins, nb * sizeof *t);
        if (t) c->bins = t;
        double *m = t ? realloc(c->bmin, nb * sizeof *m) : NULL;
        if (m) c->bmin = m;
        if (t && m) {
            memset(t + c->nbins, 0, (nb - c->nbins) * sizeof *t);
            for (size_t i = c->nbins; i < nb; i++) m[i] = INFINITY;
            c->nbins = nb;
        }
    }
    size_t b = f < 0 ? 0 : (f >= (double)c->nbins ? c->nbins - 1 : (size_t)f);
    c->bins[b]++;
    if (v < c->bmin[b]) c->bmin[b] = v;
    if (!isnan(c->ref)) {
        if (v < c->ref) c->below++;
        else if (v > c->ref) c->above++;
        else c->equal++;
    }
}

void gm_ens_summary_set_reference(gm_ens_summary *s, const gm_plan_scores *ref, const double *sh)
{
    s->has_ref = true;
    for (size_t i = 0; i < s->nm; i++) s->m[i].ref = gm_plan_scores_get(ref, i);
    if (sh)
        for (size_t r = 0; r < s->k; r++) s->rank[r].ref = sh[r];
}

void gm_ens_summary_add(gm_ens_summary *s, const gm_plan_scores *sc, const double *sh)
{
    for (size_t i = 0; i < s->nm; i++) chan_add(&s->m[i], gm_plan_scores_get(sc, i));
    if (sh)
        for (size_t r = 0; r < s->k; r++) chan_add(&s->rank[r], sh[r]);
}

static void chan_result(const chan *c, gm_metric_summary *o)
{
    memset(o, 0, sizeof *o);
    o->n = c->n;
    o->ref = c->ref;
    if (c->n == 0) {
        o->mean = o->sd = o->min = o->max = o->percentile = NAN;
        for (int i = 0; i < 7; i++) o->q[i] = NAN;
        return;
    }
    o->mean = c->mean;
    o->sd = c->n > 1 ? sqrt(c->m2 / (double)(c->n - 1)) : NAN;
    o->min = c->min;
    o->max = c->max;
    /* Quantile q: the value of the plan of 0-based rank floor(q (n-1)) in sorted order
     * (nearest rank below), located through the cumulative fine histogram: the smallest
     * value in its bin. Exact when the bin holds one distinct value (seats, cut edges,
     * partisan bias, ...), else low by less than one bin width. */
    for (int i = 0; i < 7; i++) {
        uint64_t target = (uint64_t)floor(gm_summary_q[i] * (double)(c->n - 1));
        uint64_t cum = 0;
        size_t b = 0;
        for (; b < c->nbins; b++) {
            cum += c->bins[b];
            if (cum > target) break;
        }
        o->q[i] = c->bmin[b < c->nbins ? b : c->nbins - 1];
    }
    double span = c->max - c->min;
    for (size_t b = 0; b < c->nbins; b++) {
        if (!c->bins[b]) continue;
        double x = c->bmin[b];
        size_t j = span > 0 ? (size_t)fmin(19.0, floor((x - c->min) / span * 20.0)) : 0;
        o->hist[j] += c->bins[b];
    }
    o->below = c->below;
    o->equal = c->equal;
    o->above = c->above;
    if (!isnan(c->ref)) {
        o->percentile = 100.0 * ((double)c->below + 0.5 * (double)c->equal) / (double)c->n;
        o->as_extreme = c->ref >= o->q[3] ? c->equal + c->above : c->below + c->equal;
    } else {
        o->percentile = NAN;
    }
}

size_t gm_ens_summary_n_metrics(const gm_ens_summary *s)
{
    return s->nm;
}

void gm_ens_summary_metric(const gm_ens_summary *s, size_t m, gm_metric_summary *out)
{
    chan_result(&s->m[m], out);
}

void gm_ens_summary_rank(const gm_ens_summary *s, size_t r, gm_metric_summary *out)
{
    chan_result(&s->rank[r], out);
}

uint64_t gm_ens_summary_count(const gm_ens_summary *s)
{
    uint64_t n = 0;
    for (size_t i = 0; i < s->nm; i++)
        if (s->m[i].n > n) n = s->m[i].n;
    return n;
}

bool gm_ens_summary_has_reference(const gm_ens_summary *s)
{
    return s->has_ref;
}

size_t gm_ens_summary_k(const gm_ens_summary *s)
{
    return s->k;
}
