/* score_elections.c: the several-elections part of `gerrymeter score`. */
#include "score_elections.h"

#include "cmd_partisan.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int gmc_elections_compute(gmc_elections *el, const gm_units *u, const gm_plan *p,
                          const gmc_source *src)
{
    memset(el, 0, sizeof *el);
    el->u = u;
    el->p = p;
    for (size_t e = 0; e < src->n_elections; e++) {
        gmc_election_name(src->election[e], el->name[e], sizeof el->name[e]);
        el->names[e] = el->name[e];
    }
    gm_error err;
    gm_error_clear(&err);
    if (gm_tally_compute(u, p, &el->t, &err) != GM_OK ||
        gm_elections_score(el->t, el->names, src->n_elections, NULL, &el->x, &err) != GM_OK)
        return gmc_fail(&err);
    return 0;
}

void gmc_elections_free(gmc_elections *el)
{
    gm_elections_destroy(el->x);
    gm_tally_destroy(el->t);
    memset(el, 0, sizeof *el);
}

static const char *winner_of(const gmc_elections *el, const gm_election_score *s, size_t e, size_t d)
{
    int w = s->winner[d];
    if (w == 0 || w == 1) return el->u->party[2 * e + (size_t)w];
    return w == GM_WINNER_TIE ? "tie" : NULL;
}

static double seats_of(const gm_election_score *s, size_t k, int q)
{
    double n = 0;
    for (size_t d = 0; d < k; d++) n += s->winner[d] == q;
    return n;
}

/* One election's (or the composite's) plan-level part, keyed as score's "plan" object. */
static void json_score(gmc_json *j, const gmc_elections *el, const gm_election_score *s, size_t e)
{
    const gm_units *u = el->u;
    size_t k = el->x->k;
    const char *pa = u->party[2 * e], *pb = u->party[2 * e + 1];
    gmc_json_obj(j, "seats");
    gmc_json_num(j, pa, seats_of(s, k, 0));
    gmc_json_num(j, pb, seats_of(s, k, 1));
    gmc_json_end_obj(j);
    gmc_json_num(j, "ties", seats_of(s, k, GM_WINNER_TIE));
    gmc_json_str(j, "share_party", pa);
    gm_metric_in in = {.k = k, .pop = el->t->pop, .a = s->a, .b = s->b, .cut_edges = NAN};
    gm_json_out o = gmc_json_out(j);
    gm_partisan_json_metrics(&o, &s->ps, &in);
    gmc_json_int(j, "uncontested", (long long)s->ps.uncontested);
    gmc_json_int(j, "zero_vote_districts", (long long)s->ps.k_zero);
    gm_partisan_json_favours(&o, &s->ps, &in, pa, pb);
}

void gmc_elections_json(gmc_json *j, const gmc_elections *el)
{
    const gm_units *u = el->u;
    const gm_elections *x = el->x;
    gmc_json_arr(j, "elections");
    for (size_t e = 0; e < x->n; e++) {
        const gm_election_score *s = &x->e[e];
        const char *pa = u->party[2 * e], *pb = u->party[2 * e + 1];
        gmc_json_obj(j, NULL);
        gmc_json_str(j, "name", s->name);
        gmc_json_obj(j, "vote_fields");
        gmc_json_str(j, pa, u->vote_field[2 * e]);
        gmc_json_str(j, pb, u->vote_field[2 * e + 1]);
        gmc_json_end_obj(j);
        gmc_json_obj(j, "votes");
        gmc_json_num(j, pa, gm_units_party_total(u, 2 * e));
        gmc_json_num(j, pb, gm_units_party_total(u, 2 * e + 1));
        gmc_json_end_obj(j);
        json_score(j, el, s, e);
        gmc_json_arr(j, "districts");
        for (size_t d = 0; d < x->k; d++) {
            gmc_json_obj(j, NULL);
            gmc_json_str(j, "district", el->p->label[d]);
            gmc_json_obj(j, "votes");
            gmc_json_num(j, pa, s->a[d]);
            gmc_json_num(j, pb, s->b[d]);
            gmc_json_end_obj(j);
            gmc_json_num(j, "share", s->share[d]);
            gmc_json_str(j, "winner", winner_of(el, s, e, d));
            gmc_json_bool(j, "uncontested", s->uncontested[d]);
            gmc_json_end_obj(j);
        }
        gmc_json_end_arr(j);
        gmc_json_end_obj(j);
    }
    gmc_json_end_arr(j);
    /* the composite: the first election's party names stand for a and b */
    const gm_election_score *c = &x->composite;
    gmc_json_obj(j, "composite");
    gmc_json_str(j, "rule", "mean of the elections' district two-party shares, equal turnout");
    gmc_json_arr(j, "elections");
    for (size_t e = 0; e < x->n; e++) gmc_json_str(j, NULL, x->e[e].name);
    gmc_json_end_arr(j);
    json_score(j, el, c, 0);
    gmc_json_arr(j, "districts");
    for (size_t d = 0; d < x->k; d++) {
        gmc_json_obj(j, NULL);
        gmc_json_str(j, "district", el->p->label[d]);
        gmc_json_num(j, "share", c->share[d]);
        gmc_json_str(j, "winner", winner_of(el, c, 0, d));
        gmc_json_end_obj(j);
    }
    gmc_json_end_arr(j);
    gmc_json_end_obj(j);
}

static void csv_pair(FILE *f, const gmc_elections *el, const gm_election_score *s, size_t e,
                     size_t d, bool xs)
{
    fputc(',', f);
    if (d == SIZE_MAX) {
        char col[200];
        snprintf(col, sizeof col, "share_%s", s->name);
        gmc_csv_field(f, col, xs);
        fputc(',', f);
        snprintf(col, sizeof col, "winner_%s", s->name);
        gmc_csv_field(f, col, xs);
        return;
    }
    gmc_csv_num(f, s->share[d]);
    fputc(',', f);
    const char *w = winner_of(el, s, e, d);
    if (w) gmc_csv_field(f, w, xs);
}

void gmc_elections_csv(FILE *f, const gmc_elections *el, size_t d, bool excel_safe)
{
    for (size_t e = 0; e < el->x->n; e++) csv_pair(f, el, &el->x->e[e], e, d, excel_safe);
    csv_pair(f, el, &el->x->composite, 0, d, excel_safe);
}

void gmc_elections_text(FILE *f, const gmc_elections *el)
{
    const gm_elections *x = el->x;
    size_t nc = x->n + 2;
    enum { MAXC = GMC_MAX_ELECTIONS + 2 };
    char cell[MAXC][64];
    const char *row[MAXC];
    fprintf(f, "\nElections (%zu; each scored alone, the composite from the mean of their district "
               "shares with equal turnout):\n",
            x->n);
    gmc_table tb;
    gmc_table_init(&tb, nc);
    row[0] = "Metric";
    for (size_t e = 0; e < x->n; e++) row[1 + e] = x->e[e].name;
    row[nc - 1] = "composite";
    gmc_table_add(&tb, row);
    row[0] = "seats (first party)";
    for (size_t e = 0; e <= x->n; e++) {
        const gm_election_score *s = e < x->n ? &x->e[e] : &x->composite;
        row[1 + e] = gmc_fmt_fix(seats_of(s, x->k, 0), 0, cell[1 + e], 64);
    }
    gmc_table_add(&tb, row);
    for (size_t i = 0; i < gm_metric_count(GM_MF_PARTISAN); i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        row[0] = m->key;
        for (size_t e = 0; e <= x->n; e++) {
            const gm_election_score *s = e < x->n ? &x->e[e] : &x->composite;
            gm_metric_in in = {.k = x->k, .pop = el->t->pop, .a = s->a, .b = s->b, .cut_edges = NAN};
            double v = gm_metric_value(m, &s->ps, &in);
            row[1 + e] = m->unit == GM_UNIT_SHARE ? gmc_fmt_pct(v, 2, cell[1 + e], 64)
                                                  : gmc_fmt_fix(v, m->integer ? 0 : 4, cell[1 + e], 64);
        }
        gmc_table_add(&tb, row);
    }
    gmc_table_print(&tb, f, "  ");
    gmc_table_free(&tb);
    fprintf(f, "\nTwo-party share of the first party of each election, by district:\n");
    gmc_table_init(&tb, nc);
    row[0] = "District";
    for (size_t e = 0; e < x->n; e++) row[1 + e] = x->e[e].name;
    row[nc - 1] = "composite";
    gmc_table_add(&tb, row);
    for (size_t d = 0; d < x->k; d++) {
        row[0] = el->p->label[d];
        for (size_t e = 0; e <= x->n; e++) {
            const gm_election_score *s = e < x->n ? &x->e[e] : &x->composite;
            row[1 + e] = gmc_fmt_pct(s->share[d], 2, cell[1 + e], 64);
        }
        gmc_table_add(&tb, row);
    }
    gmc_table_print(&tb, f, "  ");
    gmc_table_free(&tb);
}
