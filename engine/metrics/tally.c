/* tally.c: plan x unit columns -> district totals, and population balance. */
#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gm_tally_destroy(gm_tally *t)
{
    if (!t) return;
    free(t->pop);
    free(t->votes);
    free(t->n_units);
    free(t);
}

static gm_tally *tally_alloc(size_t k, size_t np)
{
    gm_tally *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->k = k;
    t->n_parties = np;
    t->pop = calloc(k ? k : 1, sizeof *t->pop);
    t->votes = calloc(np * k > 0 ? np * k : 1, sizeof *t->votes);
    t->n_units = calloc(k ? k : 1, sizeof *t->n_units);
    if (!t->pop || !t->votes || !t->n_units) {
        gm_tally_destroy(t);
        return NULL;
    }
    return t;
}

gm_status gm_tally_compute(const gm_units *u, const gm_plan *p, gm_tally **out, gm_error *err)
{
    *out = NULL;
    if (p->n_units != u->n)
        return gm_fail(err, GM_E_ARG, "plan has %zu units but the unit layer has %zu", p->n_units,
                       u->n);
    gm_tally *t = tally_alloc(p->k, u->n_parties);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    const int32_t *d = p->district;
    for (size_t i = 0; i < u->n; i++) {
        if (d[i] < 0 || (size_t)d[i] >= p->k) {
            gm_tally_destroy(t);
            return gm_fail(err, GM_E_DATA, "unit %s has no district", u->id[i]);
        }
        t->pop[d[i]] += u->pop[i];
        t->n_units[d[i]]++;
    }
    /* One column at a time: the inner loop streams one contiguous array. */
    for (size_t q = 0; q < u->n_parties; q++) {
        const double *v = u->votes + q * u->n;
        double *dst = t->votes + q * p->k;
        for (size_t i = 0; i < u->n; i++) dst[d[i]] += v[i];
    }
    *out = t;
    return GM_OK;
}

gm_status gm_tally_from_totals(size_t k, size_t np, const double *pop, const double *votes,
                               gm_tally **out, gm_error *err)
{
    *out = NULL;
    gm_tally *t = tally_alloc(k, np);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    if (pop) memcpy(t->pop, pop, k * sizeof *pop);
    if (votes && np * k > 0) memcpy(t->votes, votes, np * k * sizeof *votes);
    *out = t;
    return GM_OK;
}

void gm_popdev_compute(const double *pop, size_t k, gm_popdev *o)
{
    memset(o, 0, sizeof *o);
    if (k == 0) return;
    double total = 0, mx = pop[0], mn = pop[0];
    size_t imx = 0, imn = 0;
    for (size_t d = 0; d < k; d++) {
        total += pop[d];
        if (pop[d] > mx) { mx = pop[d]; imx = d; }
        if (pop[d] < mn) { mn = pop[d]; imn = d; }
    }
    o->total = total;
    o->ideal = total / (double)k;
    o->max_dev = mx - o->ideal;
    o->min_dev = mn - o->ideal;
    o->max_district = imx;
    o->min_district = imn;
    if (o->ideal > 0) {
        o->range = (mx - mn) / o->ideal;
        o->max_abs_pct = fmax(fabs(o->max_dev), fabs(o->min_dev)) / o->ideal;
    }
}

int gm_district_winner(const double *votes, size_t n_parties, size_t k, size_t d)
{
    int best = GM_WINNER_NONE;
    double most = 0;
    for (size_t q = 0; q < n_parties; q++) {
        double v = votes[q * k + d];
        if (!(v > 0)) continue; /* 0 or NaN: no votes */
        if (v > most) {
            most = v;
            best = (int)q;
        } else if (v == most) {
            best = GM_WINNER_TIE;
        }
    }
    return best;
}

void gm_district_summary(const double *votes, size_t n_parties, size_t k, const double *a,
                         const double *b, double *share, int *winner, unsigned char *uncontested)
{
    bool two = n_parties >= 2;
    if (two && !a) a = votes;
    if (two && !b) b = votes + k;
    double v[GM_MAX_PARTIES];
    size_t np = n_parties < GM_MAX_PARTIES ? n_parties : GM_MAX_PARTIES;
    for (size_t d = 0; d < k; d++) {
        double t = two ? a[d] + b[d] : 0;
        if (share) share[d] = two && t > 0 ? a[d] / t : NAN;
        if (uncontested) uncontested[d] = two && (a[d] == 0) != (b[d] == 0);
        if (winner) {
            for (size_t q = 0; q < np; q++) v[q] = q == 0 && two ? a[d] : q == 1 && two ? b[d] : votes[q * k + d];
            winner[d] = gm_district_winner(v, np, 1, 0);
        }
    }
}

void gm_district_values_get(const gm_tally *t, const gm_popdev *pd, const double *share,
                            size_t d, gm_district_values *out)
{
    out->units = (double)t->n_units[d];
    out->population = t->pop[d];
    out->deviation = t->pop[d] - pd->ideal;
    out->deviation_pct = pd->ideal > 0 ? (t->pop[d] - pd->ideal) / pd->ideal : NAN;
    out->share = share ? share[d] : NAN;
}
