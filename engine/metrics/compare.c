/* compare.c: two plans over the same units: the transfer matrix and core retention.
 *
 * One pass over the units fills the matrix (plan A's district i by plan B's district j,
 * row-major: cell i*kb + j) with population and unit counts; the best matches and
 * retentions are then read off its rows (A) and columns (B). Core retention of a
 * district is the share of its population that stays together with the best-matching
 * district of the other plan, as redistricting commissions and DRA report it
 * ("core retention", "cores of prior districts"); docs/metrics.md "Core retention"
 * gives the definition, the tie rule and the peers. */
#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gm_plan_compare_destroy(gm_plan_compare *c)
{
    if (!c) return;
    free(c->pop);
    free(c->units);
    free(c->pop_a);
    free(c->pop_b);
    free(c->match_a);
    free(c->retention_a);
    free(c->match_b);
    free(c->retention_b);
    free(c);
}

/* Does candidate x (weight w, units n) beat the best so far (bw, bn)? More weight wins;
 * with none, more units (a district of people-less units still has a match); on a full
 * tie the candidate with the same label as the district matched wins, and otherwise the
 * first in label order stays (candidates come in label order). */
static bool better(double w, size_t n, bool same, double bw, size_t bn, bool best_same)
{
    if (w != bw) return w > bw;
    if (n != bn) return n > bn;
    return same && !best_same;
}

/* One side of the transfer matrix: its k districts (A: the rows, B: the columns), each a
 * line of n cells, one per district of the other plan; the cell of district d and the
 * other plan's district e is d * step_d + e * step_e. */
typedef struct side_view {
    size_t k, n, step_d, step_e;
} side_view;

static side_view side_of(const gm_plan_compare *c, int which)
{
    return which ? (side_view){c->kb, c->ka, 1, c->kb} : (side_view){c->ka, c->kb, c->kb, 1};
}

/* The best match of each district of one side (own, its populations pop_own) among the
 * other plan's districts, and its retention; returns the population retained in all. */
static double best_matches(const gm_plan_compare *c, side_view s, const gm_plan *own,
                           const gm_plan *other, const double *pop_own, int32_t *match,
                           double *retention)
{
    double retained = 0;
    for (size_t d = 0; d < s.k; d++) {
        int32_t best = GM_NO_DISTRICT;
        double bw = 0;
        size_t bn = 0;
        bool bsame = false;
        for (size_t e = 0; e < s.n; e++) {
            size_t cell = d * s.step_d + e * s.step_e;
            double w = c->pop[cell];
            size_t n = c->units[cell];
            if (n == 0) continue;
            bool same = gm_label_cmp(own->label[d], other->label[e]) == 0;
            if (best == GM_NO_DISTRICT || better(w, n, same, bw, bn, bsame)) {
                best = (int32_t)e;
                bw = w;
                bn = n;
                bsame = same;
            }
        }
        match[d] = best;
        retention[d] = pop_own[d] > 0 ? bw / pop_own[d] : NAN;
        retained += bw;
    }
    return retained;
}

static gm_status check_plan(const gm_units *u, const gm_plan *p, const char *which, gm_error *err)
{
    if (p->n_units != u->n)
        return gm_fail(err, GM_E_ARG,
                       "plan %s (%s) covers %zu units but the unit layer has %zu: the two plans "
                       "must assign the same units; open both over one unit layer",
                       which, p->source ? p->source : "?", p->n_units, u->n);
    for (size_t i = 0; i < u->n; i++)
        if (p->district[i] < 0 || (size_t)p->district[i] >= p->k)
            return gm_fail(err, GM_E_DATA, "plan %s (%s): unit %s has no district", which,
                           p->source ? p->source : "?", u->id[i]);
    return GM_OK;
}

gm_status gm_plan_compare_compute(const gm_units *u, const gm_plan *a, const gm_plan *b,
                                  gm_plan_compare **out, gm_error *err)
{
    *out = NULL;
    gm_status rc;
    if ((rc = check_plan(u, a, "A", err)) != GM_OK || (rc = check_plan(u, b, "B", err)) != GM_OK)
        return rc;
    size_t ka = a->k, kb = b->k, cells = ka * kb;
    gm_plan_compare *c = calloc(1, sizeof *c);
    if (!c) return gm_fail(err, GM_E_NOMEM, "out of memory");
    c->n_units = u->n;
    c->ka = ka;
    c->kb = kb;
    c->by_units = u->pop_field == NULL;
    c->pop = calloc(cells ? cells : 1, sizeof *c->pop);
    c->units = calloc(cells ? cells : 1, sizeof *c->units);
    c->pop_a = calloc(ka ? ka : 1, sizeof *c->pop_a);
    c->pop_b = calloc(kb ? kb : 1, sizeof *c->pop_b);
    c->match_a = malloc((ka ? ka : 1) * sizeof *c->match_a);
    c->retention_a = malloc((ka ? ka : 1) * sizeof *c->retention_a);
    c->match_b = malloc((kb ? kb : 1) * sizeof *c->match_b);
    c->retention_b = malloc((kb ? kb : 1) * sizeof *c->retention_b);
    if (!c->pop || !c->units || !c->pop_a || !c->pop_b || !c->match_a || !c->retention_a ||
        !c->match_b || !c->retention_b) {
        gm_plan_compare_destroy(c);
        return gm_fail(err, GM_E_NOMEM, "out of memory (comparing %zu x %zu districts)", ka, kb);
    }
    for (size_t i = 0; i < u->n; i++) {
        size_t cell = (size_t)a->district[i] * kb + (size_t)b->district[i];
        double w = c->by_units ? 1.0 : u->pop[i];
        c->pop[cell] += w;
        c->units[cell]++;
    }
    for (size_t i = 0; i < ka; i++)
        for (size_t j = 0; j < kb; j++) {
            c->pop_a[i] += c->pop[i * kb + j];
            c->pop_b[j] += c->pop[i * kb + j];
        }
    c->retained_a = best_matches(c, side_of(c, 0), a, b, c->pop_a, c->match_a, c->retention_a);
    c->retained_b = best_matches(c, side_of(c, 1), b, a, c->pop_b, c->match_b, c->retention_b);
    for (size_t i = 0; i < ka; i++) c->total += c->pop_a[i];
    for (size_t i = 0; i < u->n; i++)
        if (b->district[i] != c->match_a[a->district[i]]) {
            c->moved += c->by_units ? 1.0 : u->pop[i];
            c->moved_units++;
        }
    *out = c;
    return GM_OK;
}

void gm_plan_compare_values(const gm_plan_compare *c, int side, size_t d, gm_compare_values *out)
{
    side_view s = side_of(c, side);
    size_t units = 0;
    int32_t m = side ? c->match_b[d] : c->match_a[d];
    for (size_t e = 0; e < s.n; e++) units += c->units[d * s.step_d + e * s.step_e];
    out->units = (double)units;
    out->population = side ? c->pop_b[d] : c->pop_a[d];
    out->shared_population = m < 0 ? 0 : c->pop[d * s.step_d + (size_t)m * s.step_e];
    out->core_retention = side ? c->retention_b[d] : c->retention_a[d];
    out->unshared_population = out->population - out->shared_population;
}
