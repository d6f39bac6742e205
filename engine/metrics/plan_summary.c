/* plan_summary.c: one plan scored as `score` reports it (gm_tally.h). */
#include "gerrymeter/gm_tally.h"

#include <stdlib.h>
#include <string.h>

void gm_plan_summary_free(gm_plan_summary *s)
{
    gm_tally_destroy(s->t);
    free(s->winner);
    free(s->share);
    free(s->uncontested);
    memset(s, 0, sizeof *s);
}

gm_status gm_plan_summary_compute(const gm_units *u, const gm_plan *p, gm_plan_summary *s,
                                  gm_warnings *w, gm_error *err)
{
    memset(s, 0, sizeof *s);
    gm_status rc = gm_tally_compute(u, p, &s->t, err);
    if (rc != GM_OK) return rc;
    size_t k = s->t->k;
    gm_popdev_compute(s->t->pop, k, &s->pd);
    s->winner = malloc((k ? k : 1) * sizeof *s->winner);
    s->share = malloc((k ? k : 1) * sizeof *s->share);
    s->uncontested = malloc(k ? k : 1);
    if (!s->winner || !s->share || !s->uncontested) {
        gm_plan_summary_free(s);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    gm_district_summary(s->t->votes, u->n_parties, k, NULL, NULL, s->share, s->winner,
                        s->uncontested);
    if (gm_district_others_warn(s->winner, k, (const char *const *)u->party, u->n_parties,
                                (const char *const *)p->label, NULL, w) != GM_OK) {
        gm_plan_summary_free(s);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    s->have_partisan = u->n_parties >= 2;
    if (s->have_partisan &&
        (rc = gm_partisan_score(gm_tally_party(s->t, 0), gm_tally_party(s->t, 1), k, NULL, &s->ps,
                                err)) != GM_OK) {
        gm_plan_summary_free(s);
        return rc;
    }
    return GM_OK;
}
