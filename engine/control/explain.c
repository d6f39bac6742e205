/* explain.c: every input row and intermediate figure behind one state-election. */
#include "control/control.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Wasted votes of one district (gm_eg_wasted's rule): the loser wastes all of its votes,
 * the winner those beyond half the two-party total; an exact tie wastes half of each. */
static void wasted(double a, double b, double *wa, double *wb)
{
    double half = 0.5 * (a + b);
    if (a > b) {
        *wa = a - half;
        *wb = b;
    } else if (b > a) {
        *wa = a;
        *wb = b - half;
    } else {
        *wa = 0.5 * a;
        *wb = 0.5 * b;
    }
}

gm_status gm_control_explain_state(const gm_control_table *ct, const gm_results_table *rt,
                                   const gm_control_opts *o, const char *state, int year,
                                   gm_control_explain **out, gm_error *err)
{
    gm_status rc;
    gm_control_opts def;
    char st[8];
    size_t *idx = NULL, k = 0;
    double *a = NULL, *b = NULL;
    unsigned char *imp = NULL;
    double *share = NULL;
    char *win = NULL;
    gm_control_explain *x = NULL;
    *out = NULL;
    if (!o) {
        gm_control_opts_init(&def);
        o = &def;
    }
    size_t sl = strlen(state);
    if (sl == 0 || sl >= sizeof st)
        return gm_fail(err, GM_E_ARG, "'%s' is not a state postal code (e.g. PA)", state);
    for (size_t i = 0; i <= sl; i++) st[i] = (char)toupper((unsigned char)state[i]);

    x = calloc(1, sizeof *x);
    idx = malloc((rt->n ? rt->n : 1) * sizeof *idx);
    if (!x || !idx) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    const char *chamber = NULL;
    for (size_t i = 0; i < rt->n; i++) {
        if (rt->year[i] != year || strcmp(rt->state[i], st)) continue;
        if (o->chamber && strcasecmp(rt->chamber[i], o->chamber)) continue;
        if (!chamber) chamber = rt->chamber[i];
        if (strcmp(rt->chamber[i], chamber)) continue; /* first chamber listed */
        idx[k++] = i;
    }
    if (k == 0) {
        rc = gm_fail(err, GM_E_ARG, "%s: no results for %s in %d", rt->path, st, year);
        goto done;
    }
    if ((rc = gmi_results_sort(rt, idx, k, err)) != GM_OK) goto done;
    x->candidate_rows = malloc((ct->n ? ct->n : 1) * sizeof *x->candidate_rows);
    x->districts = calloc(k, sizeof *x->districts);
    a = malloc(k * sizeof *a);
    b = malloc(k * sizeof *b);
    imp = malloc(k);
    if (!x->candidate_rows || !x->districts || !a || !b || !imp) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < ct->n; i++)
        if (!strcmp(ct->row[i].state, st)) x->candidate_rows[x->n_candidates++] = i;
    long m = gmi_control_map_in_force(ct, st, chamber, year);
    if (m < 0) {
        rc = gm_fail(err, GM_E_ARG, "%s %d: no map in force in '%s' (%zu rows for %s)", st, year,
                     ct->path, x->n_candidates, st);
        goto done;
    }
    x->chosen = (size_t)m;
    double fallback = gmi_results_mean_contested(rt, year, NULL);
    rc = gmi_control_score_election(ct, rt, (size_t)m, idx, k, o, fallback, a, b, &x->election,
                                    err);
    if (rc != GM_OK) goto done;
    gmi_control_score_votes(rt, idx, k, o, fallback, a, b, imp, &x->impute_turnout);
    bool listed;
    share = malloc(k * sizeof *share);
    win = malloc(k);
    if (!share || !win) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    rc = gmi_control_majority(rt, idx, a, b, k, gmi_control_state_swing(o, st, &listed), share, win,
                              &x->election, err);
    if (rc != GM_OK) goto done;
    x->n_districts = k;
    for (size_t j = 0; j < k; j++) {
        size_t i = idx[j];
        gm_control_explain_district *d = &x->districts[j];
        d->line = rt->line[i];
        snprintf(d->district, sizeof d->district, "%s", rt->district[i]);
        d->dem_votes = rt->dem[i];
        d->rep_votes = rt->rep[i];
        d->other_votes = rt->other[i];
        d->total_votes = rt->total[i];
        d->winner_party = gmi_control_winner(rt, i);
        d->uncontested = gmi_control_uncontested(rt, i);
        d->no_count = rt->no_count[i];
        d->imputed = imp[j];
        d->a = a[j];
        d->b = b[j];
        d->share = share[j];
        wasted(a[j], b[j], &d->wasted_a, &d->wasted_b);
        x->wasted_a += d->wasted_a;
        x->wasted_b += d->wasted_b;
        x->total += a[j] + b[j];
    }
    *out = x;
    x = NULL;
    rc = GM_OK;
done:
    gm_control_explain_destroy(x);
    free(idx);
    free(a);
    free(b);
    free(imp);
    free(share);
    free(win);
    return rc;
}

void gm_control_explain_destroy(gm_control_explain *e)
{
    if (!e) return;
    free(e->candidate_rows);
    free(e->districts);
    free(e);
}
