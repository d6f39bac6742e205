/* elections.c: several elections over one plan, and their composite.
 *
 * Each election is two columns of one tally (parties 2e and 2e+1) scored exactly as a
 * one-election run scores its two parties: gm_district_summary for shares, winners and
 * uncontested races, gm_partisan_score for every metric. The composite follows DRA's
 * composite election: the district's two-party share averaged over the elections (each
 * election counts once, whatever its turnout), scored with equal turnout in every
 * district (docs/metrics.md "Composite of several elections"). */
#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gm_elections_composite(const double *share, size_t n, size_t k, double *c, double *ca,
                            double *cb)
{
    for (size_t d = 0; d < k; d++) {
        double sum = 0;
        size_t m = 0;
        for (size_t e = 0; e < n; e++)
            if (isfinite(share[e * k + d])) {
                sum += share[e * k + d];
                m++;
            }
        double v = m ? sum / (double)m : NAN;
        if (c) c[d] = v;
        if (ca) ca[d] = m ? v : 0;
        if (cb) cb[d] = m ? 1.0 - v : 0;
    }
}

static void score_free(gm_election_score *s)
{
    free(s->share);
    free(s->winner);
    free(s->uncontested);
}

void gm_elections_destroy(gm_elections *x)
{
    if (!x) return;
    for (size_t e = 0; x->e && e < x->n; e++) score_free(&x->e[e]);
    free(x->e);
    score_free(&x->composite);
    free(x->composite_votes);
    free(x);
}

static gm_status score_alloc(gm_election_score *s, size_t k, gm_error *err)
{
    s->share = malloc((k ? k : 1) * sizeof *s->share);
    s->winner = malloc((k ? k : 1) * sizeof *s->winner);
    s->uncontested = calloc(k ? k : 1, 1);
    if (!s->share || !s->winner || !s->uncontested) return gm_fail(err, GM_E_NOMEM, "out of memory");
    return GM_OK;
}

gm_status gm_elections_score(const gm_tally *t, const char *const *names, size_t n,
                             const gm_partisan_opts *o, gm_elections **out, gm_error *err)
{
    *out = NULL;
    if (n == 0 || t->n_parties < 2 * n)
        return gm_fail(err, GM_E_ARG, "%zu elections need %zu vote columns; the tally has %zu", n,
                       2 * n, t->n_parties);
    size_t k = t->k;
    gm_elections *x = calloc(1, sizeof *x);
    if (!x) return gm_fail(err, GM_E_NOMEM, "out of memory");
    x->n = n;
    x->k = k;
    gm_status rc = GM_OK;
    if (!(x->e = calloc(n, sizeof *x->e)) || !(x->composite_votes = calloc(2 * k + 1, sizeof(double)))) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    for (size_t e = 0; e < n; e++) {
        gm_election_score *s = &x->e[e];
        s->name = names[e];
        s->a = gm_tally_party(t, 2 * e);
        s->b = gm_tally_party(t, 2 * e + 1);
        if ((rc = score_alloc(s, k, err)) != GM_OK) goto fail;
        /* the election's two columns alone: the winner is one of its two parties */
        gm_district_summary(t->votes + 2 * e * k, 2, k, NULL, NULL, s->share, s->winner,
                            s->uncontested);
        if ((rc = gm_partisan_score(s->a, s->b, k, o, &s->ps, err)) != GM_OK) goto fail;
    }
    /* the composite: each district's mean share over the elections with votes there */
    gm_election_score *c = &x->composite;
    c->name = "composite";
    if ((rc = score_alloc(c, k, err)) != GM_OK) goto fail;
    double *ca = x->composite_votes, *cb = x->composite_votes + k;
    double *sh = malloc((n * k + 1) * sizeof *sh);
    if (!sh) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto fail;
    }
    for (size_t e = 0; e < n; e++) memcpy(sh + e * k, x->e[e].share, k * sizeof *sh);
    gm_elections_composite(sh, n, k, c->share, ca, cb);
    free(sh);
    for (size_t d = 0; d < k; d++)
        c->winner[d] = isnan(c->share[d])     ? GM_WINNER_NONE
                       : c->share[d] > 0.5    ? 0
                       : c->share[d] < 0.5    ? 1
                                              : GM_WINNER_TIE;
    c->a = ca;
    c->b = cb;
    if ((rc = gm_partisan_score(ca, cb, k, o, &c->ps, err)) != GM_OK) goto fail;
    *out = x;
    return GM_OK;
fail:
    gm_elections_destroy(x);
    return rc;
}
