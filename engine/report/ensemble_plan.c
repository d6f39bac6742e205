/* ensemble_plan.c: the reported plan against an ensemble's columns: the plan scored as
 * the ensemble's rows are, and what each column is called and what the plan's value in
 * it is (report.h, gmi_ensemble_score_plan and gmi_ens_describe).
 *
 * A column is known by its key in the metric registry, so that its label, its unit and
 * the plan's value all come from the one table; a column renamed after a party (seats_D)
 * is mapped back to the registry row it came from. */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"
#include "gerrymeter/gm_units.h"

gm_status gmi_ensemble_score_plan(gmi_ensemble *e, const gmi_rplan *r, gm_error *err)
{
    const gm_units *u = r->u;
    const gm_plan *p = r->p;
    e->have_plan = e->plan_graph = false;
    gm_graph *g = NULL;
    gm_error gerr;
    gm_error_clear(&gerr);
    /* The graph `ensemble score --graph auto` builds; a layer whose graph cannot be
     * built leaves cut edges and Polsby-Popper undefined, the rest is scored. */
    if (u->geom && gm_graph_build(u, NULL, &g, &gerr) != GM_OK) {
        if (gerr.code == GM_E_NOMEM) return gm_fail(err, GM_E_NOMEM, "%s", gerr.msg);
        g = NULL;
    }
    gm_batch_spec spec = {.n_units = u->n,
                          .k = p->k,
                          .pop = u->pop,
                          .votes_a = u->n_parties >= 2 ? u->votes : NULL,
                          .votes_b = u->n_parties >= 2 ? u->votes + u->n : NULL,
                          .graph = g};
    gm_error_clear(&gerr);
    gm_status st = gm_score_one(&spec, p->district, 0, &e->plan, NULL, &gerr);
    gm_graph_destroy(g);
    if (st == GM_E_NOMEM) return gm_fail(err, GM_E_NOMEM, "%s", gerr.msg);
    e->have_plan = st == GM_OK;
    e->plan_graph = e->have_plan && g != NULL;
    return GM_OK;
}

/* label with "the first party" and "the second party" replaced by first and second. */
static void name_parties(const char *label, const char *first, const char *second, char *out,
                         size_t cap)
{
    static const char *const role[2] = {"the first party", "the second party"};
    const char *name[2] = {first, second};
    snprintf(out, cap, "%s", label);
    for (int i = 0; i < 2; i++) {
        char *at = strstr(out, role[i]);
        if (!at) continue;
        char tail[160];
        snprintf(tail, sizeof tail, "%s", at + strlen(role[i]));
        *at = '\0';
        size_t l = strlen(out);
        snprintf(out + l, cap - l, "%s%s", name[i], tail);
    }
}

/* Per-plan metrics measured on the unit graph: undefined without the units' geometry. */
static bool needs_graph(const gm_metric_def *d)
{
    return (d->flags & GM_MD_EDGES) || !strncmp(d->key, "pp_", 3);
}

/* The registry row of family f whose key is col, or whose key "<base>_a" matches col
 * as "<base>_<party a>" (*party 0) or "<base>_<party b>" (*party 1), or whose key
 * "<base>" (a first-party quantity such as vote_share) matches "<base>_<party>".
 * *party is -1 for a plain key. */
static const gm_metric_def *match(gm_metric_family f, const char *col, const gmi_rplan *r,
                                  int *party)
{
    *party = -1;
    const gm_metric_def *d = gm_metric_find(f, col, NULL);
    if (d) return d;
    if (!r->partisan) return NULL;
    size_t nm = gm_metric_count(f);
    for (size_t m = 0; m < nm; m++) {
        const char *key = gm_metric_get(f, m)->key;
        size_t kl = strlen(key);
        bool first = kl > 2 && !strcmp(key + kl - 2, "_a");
        size_t base = first ? kl - 2 : kl; /* "seats" of "seats_a", "vote_share" */
        if (strncasecmp(col, key, base) || col[base] != '_') continue;
        for (int i = 0; i < 2; i++)
            if (!strcasecmp(col + base + 1, r->u->party[i])) {
                *party = i;
                return gm_metric_get(f, m);
            }
    }
    return NULL;
}

void gmi_ens_describe(const gmi_ensemble *e, size_t m, const gmi_rplan *r, gmi_ens_col *out)
{
    const char *col = e->metric[m];
    int party = -1;
    gm_metric_family fam = GM_MF_PLAN;
    const gm_metric_def *d =
        e->row[m] >= 0 ? gm_metric_get(GM_MF_PLAN, (size_t)e->row[m]) : NULL;
    if (!d) d = match(GM_MF_PLAN, col, r, &party);
    if (!d && (d = match(GM_MF_PARTISAN, col, r, &party))) fam = GM_MF_PARTISAN;
    /* older names of the plan family's columns */
    if (!d && (!strcasecmp(col, "seats") || !strcasecmp(col, "seats_b"))) {
        d = gm_metric_find(GM_MF_PLAN, "seats_a", NULL);
        party = !strcasecmp(col, "seats_b");
    }
    if (!d && !strcasecmp(col, "max_abs_pct")) d = gm_metric_find(GM_MF_PLAN, "pop_dev", NULL);
    out->why = NULL;
    out->plan = NAN;
    if (!d) {
        /* a column the registry does not know: its own name, the reference row's value */
        snprintf(out->label, sizeof out->label, "%s", col);
        out->unit = GM_UNIT_NUMBER;
        out->plan = e->ref[m];
        if (!isfinite(out->plan))
            out->why = e->have_ref ? "empty in the reference row"
                                   : "not a gerrymeter score; no reference row";
        return;
    }
    const char *pa = r->partisan ? r->u->party[0] : "the first party";
    const char *pb = r->partisan ? r->u->party[1] : "the second party";
    if (party < 0) {
        name_parties(d->label, pa, pb, out->label, sizeof out->label);
    } else {
        /* a first-party quantity named after party `party`: "Seats of R", "Vote share
         * of R" */
        const char *who = party ? pb : pa;
        if (strstr(d->label, "the first party"))
            name_parties(d->label, who, pb, out->label, sizeof out->label);
        else
            snprintf(out->label, sizeof out->label, "%s of %s", d->label, who);
    }
    out->unit = d->unit;
    double v = NAN;
    if (fam == GM_MF_PARTISAN) {
        v = r->partisan ? gm_metric_value(d, &r->ps, NULL) : NAN;
    } else if (e->have_plan) {
        size_t idx = 0;
        gm_metric_find(GM_MF_PLAN, d->key, &idx);
        v = gm_plan_scores_get(&e->plan, idx);
    }
    if (party == 1 && isfinite(v)) {
        /* the second party's value of a first-party quantity: its complement */
        if (d->unit == GM_UNIT_SHARE) {
            v = 1.0 - v;
        } else {
            size_t kc = 0; /* districts with two-party votes: seats are shared out there */
            for (size_t i = 0; i < r->t->k; i++) kc += isfinite(r->share[i]);
            v = (double)kc - v;
        }
    }
    /* without a population field the units' population is 0: no deviation to show */
    if (!r->have_pop && !strcmp(d->key, "pop_dev")) v = NAN;
    out->plan = v;
    if (!isfinite(v)) {
        if (isfinite(e->ref[m])) {
            out->plan = e->ref[m];
        } else if (fam == GM_MF_PLAN && !e->plan_graph && needs_graph(d)) {
            out->why = "needs the unit geometry";
        } else if (!r->have_pop && !strcmp(d->key, "pop_dev")) {
            out->why = "needs the population";
        } else {
            out->why = "not defined for this plan";
        }
    }
}
