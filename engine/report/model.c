/* model.c: everything the report says about one plan, computed before writing.
 *
 * The numbers come from the same functions `gerrymeter score` calls (gm_tally_compute,
 * gm_popdev_compute, gm_partisan_score with default options), so the page and the
 * score JSON agree to the last digit. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_graph.h"
#include "gerrymeter/gm_units.h"

/* a before b in share order: ascending, NaN (no votes) last. */
static bool share_before(double a, double b)
{
    if (!isfinite(a)) return false;
    if (!isfinite(b)) return true;
    return a < b;
}

/* Sort district indices by share. Insertion sort: k is at most a few hundred, and it is
 * stable, so equal shares keep the plan's label order. */
static void order_by_share(const double *share, size_t k, size_t *order)
{
    for (size_t d = 0; d < k; d++) order[d] = d;
    for (size_t i = 1; i < k; i++) {
        size_t x = order[i], j = i;
        while (j > 0 && share_before(share[x], share[order[j - 1]])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
}

gm_status gmi_rplan_build(const gm_report_plan *in, double map_px, double impute, gmi_rplan *r,
                          gm_error *err)
{
    memset(r, 0, sizeof *r);
    r->u = in->units;
    r->p = in->plan;
    r->name = in->name ? in->name : in->plan->source;
    r->extras = in->extras;
    gm_status rc = gm_tally_compute(r->u, r->p, &r->t, err);
    if (rc != GM_OK) return rc;
    if (gm_warnings_merge(&r->warnings, &r->u->warnings) ||
        gm_warnings_merge(&r->warnings, &r->p->warnings))
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    size_t k = r->t->k;
    gm_popdev_compute(r->t->pop, k, &r->pd);
    r->have_pop = r->u->pop_field != NULL;
    r->share = malloc(k * sizeof *r->share);
    r->winner = malloc(k * sizeof *r->winner);
    r->uncontested = calloc(k, sizeof *r->uncontested);
    r->order = malloc(k * sizeof *r->order);
    if (!r->share || !r->winner || !r->uncontested || !r->order)
        return gm_fail(err, GM_E_NOMEM, "out of memory (report of %zu districts)", k);
    r->partisan = r->u->n_parties >= 2;
    const double *a = r->partisan ? gm_tally_party(r->t, 0) : NULL;
    const double *b = r->partisan ? gm_tally_party(r->t, 1) : NULL;
    /* uncontested as reported (before any imputation) */
    gm_district_summary(r->t->votes, r->u->n_parties, k, NULL, NULL, NULL, NULL, r->uncontested);
    if (r->partisan && impute > 0) {
        /* Shares, winners and every metric use the imputed votes; the district table
         * still shows the votes as reported. */
        r->impute = impute;
        r->ia = malloc(2 * k * sizeof *r->ia);
        r->imputed = calloc(k ? k : 1, 1);
        if (!r->ia || !r->imputed) return gm_fail(err, GM_E_NOMEM, "out of memory (imputation)");
        memcpy(r->ia, a, k * sizeof *a);
        memcpy(r->ia + k, b, k * sizeof *b);
        r->n_imputed = gm_impute_uncontested(r->ia, r->ia + k, k, impute, r->imputed);
        a = r->ia;
        b = r->ia + k;
    }
    /* shares and winners from the votes scored (imputed when asked) */
    gm_district_summary(r->t->votes, r->u->n_parties, k, a, b, r->share, r->winner, NULL);
    if (in->declared_winner) { /* a district without votes: its declared winner */
        int *dw = malloc((k ? k : 1) * sizeof *dw);
        if (!dw ||
            gm_district_winners_declared(r->t->votes, r->u->n_parties, k, in->declared_winner,
                                         (const char *const *)r->u->party,
                                         (const char *const *)r->p->label, NULL, dw,
                                         &r->warnings) != GM_OK) {
            free(dw);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        for (size_t d = 0; d < k; d++)
            if (r->winner[d] == GM_WINNER_NONE) r->winner[d] = dw[d];
        free(dw);
    }
    if (gm_district_others_warn(r->winner, k, (const char *const *)r->u->party, r->u->n_parties,
                                (const char *const *)r->p->label, NULL, &r->warnings) != GM_OK)
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    order_by_share(r->share, k, r->order);
    if (r->partisan) {
        rc = gm_partisan_score(a, b, k, NULL, &r->ps, err);
        if (rc != GM_OK) return rc;
        if (in->declared_winner) {
            double before = r->ps.seats_a;
            gm_partisan_add_declared_seats(&r->ps, a, b, r->winner, k);
            r->declared_a = r->ps.seats_a - before;
        }
    }
    if (!r->u->geom) {
        snprintf(r->geo_note, sizeof r->geo_note, "%s",
                 r->u->layer && !strcmp(r->u->layer, GMI_RESULTS_LAYER)
                     ? "district-level results carry no geography, so there is no map"
                     : "the unit layer was read without geometry, so there is no map");
    } else {
        /* the unit graph: contiguity here, cut edges in the compactness table */
        gm_graph *g = NULL;
        gm_error gerr;
        gm_error_clear(&gerr);
        if (gm_graph_build(r->u, NULL, &g, &gerr) == GM_OK &&
            gm_contiguity_compute(g, r->p->district, k, &r->contig, &gerr) == GM_OK &&
            gm_contiguity_warn(r->contig, (const char *const *)r->u->id,
                               (const char *const *)r->p->label, &r->warnings) != GM_OK) {
            gm_graph_destroy(g);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        r->graph = g;
        gmi_rplan_geography(r, map_px); /* map and compactness from one dissolve */
        r->graph = NULL;
        gm_graph_destroy(g);
    }
    return GM_OK;
}

void gmi_contiguity_sentence(const gmi_rplan *r, char *buf, size_t cap)
{
    const gm_contiguity *c = r->contig;
    buf[0] = '\0';
    if (!c && r->u->layer && !strcmp(r->u->layer, GMI_RESULTS_LAYER)) return; /* no units */
    if (!c) {
        snprintf(buf, cap, "Contiguity was not checked: %s.",
                 r->u->geom ? "the unit adjacency graph could not be built"
                            : "the units were read without geometry");
        return;
    }
    const char *adj = c->queen ? "queen" : "rook";
    if (c->n_noncontiguous == 0) {
        snprintf(buf, cap,
                 "Every district is contiguous: its units form one connected piece of the unit "
                 "adjacency graph (%s: units that share a boundary).",
                 adj);
        return;
    }
    size_t l = (size_t)snprintf(buf, cap, "Not contiguous on the unit adjacency graph (%s): ", adj);
    size_t shown = 0;
    for (size_t d = 0; d < c->k && l < cap; d++) {
        if (c->components[d] <= c->land_masses[d]) continue;
        if (shown++ == 10) {
            l += (size_t)snprintf(buf + l, cap - l, ", ...");
            break;
        }
        l += (size_t)snprintf(buf + l, cap - l, "%sdistrict %s (%u pieces)", shown > 1 ? ", " : "",
                              r->p->label[d], (unsigned)c->components[d]);
    }
    if (l < cap) snprintf(buf + l, cap - l, "; the warnings above name the detached units.");
}

void gmi_rplan_free(gmi_rplan *r)
{
    if (!r) return;
    size_t k = r->t ? r->t->k : 0;
    if (r->have_map) gmi_map_free(&r->map, k);
    gm_compact_destroy(r->cp);
    gm_contiguity_destroy(r->contig);
    gm_plan_compare_destroy(r->cmp);
    gm_warnings_free(&r->warnings);
    free(r->share);
    free(r->winner);
    free(r->uncontested);
    free(r->order);
    free(r->ia);
    free(r->imputed);
    gm_tally_destroy(r->t);
    memset(r, 0, sizeof *r);
}
