/* score_json.c: one plan's score as a JSON document (gm_tally.h), written once for the
 * CLI's `score --format json` and the Python module's score(). */
#include "gerrymeter/gm_tally.h"

#include <math.h>

static double count_winner(const gm_score_doc *s, int w)
{
    double n = 0;
    for (size_t d = 0; d < s->sum->t->k; d++) n += s->sum->winner[d] == w;
    return n;
}

static void contiguity(const gm_json_out *o, const gm_score_doc *s)
{
    if (!s->contig) {
        gm_jo_null(o, "noncontiguous_districts");
        gm_jo_obj(o, "contiguity");
        gm_jo_bool(o, "checked", false);
        gm_jo_str(o, "why_not", s->no_contiguity);
        gm_jo_end_obj(o);
        return;
    }
    gm_jo_int(o, "noncontiguous_districts", (long long)s->contig->n_noncontiguous);
    gm_jo_obj(o, "contiguity");
    gm_jo_bool(o, "checked", true);
    gm_jo_str(o, "graph", s->graph_source);
    gm_jo_str(o, "adjacency", s->graph->queen ? "queen" : "rook");
    gm_jo_int(o, "graph_components", (long long)s->graph->n_components);
    gm_jo_end_obj(o);
}

void gm_score_json_head(const gm_json_out *o, const gm_score_doc *s)
{
    const gm_units *u = s->u;
    const gm_tally *t = s->sum->t;
    gm_jo_str(o, "gerrymeter", gm_version());
    gm_jo_obj(o, "units");
    gm_jo_str(o, "source", u->source);
    gm_jo_str(o, "layer", u->layer);
    gm_jo_int(o, "count", (long long)u->n);
    gm_jo_str(o, "population_field", u->pop_field);
    gm_jo_obj(o, "vote_fields");
    for (size_t q = 0; q < u->n_parties; q++) gm_jo_str(o, u->party[q], u->vote_field[q]);
    gm_jo_end_obj(o);
    gm_jo_end_obj(o);

    gm_jo_obj(o, "plan");
    gm_jo_str(o, "source", s->p->source);
    gm_jo_int(o, "districts", (long long)t->k);
    gm_jo_obj(o, "seats");
    for (size_t q = 0; q < u->n_parties; q++) gm_jo_num(o, u->party[q], count_winner(s, (int)q));
    gm_jo_end_obj(o);
    gm_jo_num(o, "ties", count_winner(s, GM_WINNER_TIE));
    gm_jo_obj(o, "votes");
    for (size_t q = 0; q < u->n_parties; q++) gm_jo_num(o, u->party[q], gm_units_party_total(u, q));
    gm_jo_end_obj(o);
    if (s->sum->have_partisan) {
        gm_jo_str(o, "share_party", u->party[0]);
        gm_metric_in in = {.k = t->k, .pop = t->pop, .a = gm_tally_party(t, 0),
                           .b = gm_tally_party(t, 1), .cut_edges = NAN};
        gm_partisan_json_metrics(o, &s->sum->ps, &in);
        gm_jo_int(o, "uncontested", (long long)s->sum->ps.uncontested);
        gm_jo_int(o, "zero_vote_districts", (long long)s->sum->ps.k_zero);
        gm_partisan_json_favours(o, &s->sum->ps, &in, u->party[0], u->party[1]);
    }
    const gm_popdev *pd = &s->sum->pd;
    gm_jo_obj(o, "population_deviation");
    gm_jo_num(o, "total", pd->total);
    gm_jo_num(o, "ideal", pd->ideal);
    gm_jo_num(o, "range", pd->range);
    gm_jo_num(o, "max_abs_pct", pd->max_abs_pct);
    gm_jo_num(o, "max_dev", pd->max_dev);
    gm_jo_num(o, "min_dev", pd->min_dev);
    gm_jo_str(o, "max_district", s->p->label[pd->max_district]);
    gm_jo_str(o, "min_district", s->p->label[pd->min_district]);
    gm_jo_end_obj(o);
    gm_jo_arr(o, "split_units");
    for (size_t i = 0; i < s->p->n_split; i++) {
        const gm_split *sp = &s->p->split[i];
        gm_jo_obj(o, NULL);
        gm_jo_str(o, "unit", u->id[sp->unit]);
        gm_jo_str(o, "district", s->p->label[sp->district]);
        gm_jo_num(o, "share", sp->share);
        gm_jo_str(o, "second", sp->second >= 0 ? s->p->label[sp->second] : NULL);
        gm_jo_num(o, "second_share", sp->second_share);
        gm_jo_end_obj(o);
    }
    gm_jo_end_arr(o);
    contiguity(o, s);
    gm_jo_end_obj(o);
}

/* The district family's rows before the votes (after_votes false) or after them. */
static void district_rows(const gm_json_out *o, const gm_score_doc *s, size_t d, bool after_votes)
{
    const gm_plan_summary *x = s->sum;
    bool two = x->have_partisan;
    if (after_votes && !two) return;
    gm_district_values dv;
    gm_district_values_get(x->t, &x->pd, two ? x->share : NULL, d, &dv);
    gm_metric_in in = {.k = x->t->k, .pop = x->t->pop,
                       .a = two ? gm_tally_party(x->t, 0) : NULL,
                       .b = two ? gm_tally_party(x->t, 1) : NULL,
                       .cut_edges = NAN, .district = d};
    for (size_t i = 0; i < gm_metric_count(GM_MF_DISTRICT); i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_DISTRICT, i);
        if (((m->flags & GM_MD_VOTES) != 0) == after_votes)
            gm_jo_num(o, m->key, gm_metric_value(m, &dv, &in));
    }
}

/* District d's connected pieces on the unit graph and those beyond its largest one on
 * each land mass: units and their first ids ([] when contiguous; null when not checked). */
static void detached(const gm_json_out *o, const gm_score_doc *s, size_t d)
{
    if (!s->contig) {
        gm_jo_null(o, "components");
        gm_jo_null(o, "detached");
        return;
    }
    gm_jo_int(o, "components", (long long)s->contig->components[d]);
    gm_jo_arr(o, "detached");
    for (size_t q = 0; q < s->contig->n_detached; q++) {
        const gm_piece *p = &s->contig->detached[q];
        if ((size_t)p->district != d) continue;
        gm_jo_obj(o, NULL);
        gm_jo_int(o, "units", (long long)p->n_units);
        gm_jo_arr(o, "unit_ids");
        for (size_t i = 0; i < p->n_shown; i++) gm_jo_str(o, NULL, s->u->id[p->unit[i]]);
        gm_jo_end_arr(o);
        gm_jo_end_obj(o);
    }
    gm_jo_end_arr(o);
}

void gm_score_json_districts(const gm_json_out *o, const gm_score_doc *s)
{
    const gm_units *u = s->u;
    const gm_tally *t = s->sum->t;
    gm_jo_arr(o, "districts");
    for (size_t d = 0; d < t->k; d++) {
        gm_jo_obj(o, NULL);
        gm_jo_str(o, "district", s->p->label[d]);
        district_rows(o, s, d, false);
        gm_jo_obj(o, "votes");
        for (size_t q = 0; q < u->n_parties; q++) gm_jo_num(o, u->party[q], t->votes[q * t->k + d]);
        gm_jo_end_obj(o);
        district_rows(o, s, d, true);
        int w = s->sum->winner[d];
        gm_jo_str(o, "winner", w >= 0 ? u->party[w] : (w == GM_WINNER_TIE ? "tie" : NULL));
        if (s->sum->have_partisan) gm_jo_bool(o, "uncontested", s->sum->uncontested[d]);
        detached(o, s, d);
        gm_jo_end_obj(o);
    }
    gm_jo_end_arr(o);
}
