/* cmd_partisan.c: `gerrymeter partisan`: every partisan metric, from district-level
 * results (--results FILE.csv, optionally many states/years via --group) or from a
 * plan (--units ... --plan ...). Parsing and printing only; the numbers come from
 * gm_partisan_score, gm_partisan_draws_run, gm_impute_uncontested and the curve API. */
#include "cli.h"
#include "cmd_partisan.h"
#include "opts.h"
#include "out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: gerrymeter partisan --results FILE.csv --votes D=COL,R=COL [--district-col COL]\n"
    "                           [--group COL,...] [OPTIONS]\n"
    "       gerrymeter partisan --units PATH --plan SPEC --votes D=F,R=F [OPTIONS]\n\n"
    "Partisan metrics of a plan: seats, vote shares, efficiency gap (wasted votes and\n"
    "equal-turnout form), mean-median, partisan/seats/votes bias, the seats-votes curve,\n"
    "responsiveness, global symmetry, declination, lopsided margins, tau gap and\n"
    "competitive and uncontested districts. With --results, one row per district;\n"
    "--group scores every state/year (or any grouping) in one call.\n\n"
    "District results:\n"
    "  --results FILE           CSV with one row per district\n"
    "  --district-col COL       district column (default: district)\n"
    "  --group COL,...          score each group of rows separately (e.g. state_po,year)\n"
    "  --where EXPR             keep the rows that match: COL = VALUE, COL IN (V1,V2),\n"
    "                           COL < VALUE, ... joined by AND (\"state_po='FL' AND year=2016\")\n"
    "  --votes P=COL,...        vote columns; the first two parties are compared\n"
    "  --winner-col COL         the column naming each race's winner (MEDSL's winner_party):\n"
    "                           a race with no votes counted (unopposed) still counts as a\n"
    "                           seat for it, left out of every share\n"
    "  --negative-votes error|zero   negative counts are an error (default) or 0\n\n"
    "%s\n"
    "Metrics:\n"
    "  --convention NAME        gerrymeter (default), dra, planscore, gerrychain or\n"
    "                           redistmetrics: that peer's definitions, signs and units\n"
    "  --competitive-band X     |share - 50%%| <= X is competitive (default 0.05)\n"
    "  --sigma X                spread of probabilistic seats (default 0.04)\n"
    "  --swing uniform|proportional   seats-votes curve swing (default uniform)\n"
    "  --seats fptp|prob        seats-votes curve seat rule (default fptp)\n"
    "  --grid LO:HI:STEP        curve grid (default 0.25:0.75:0.005)\n"
    "  --tau X                  tau-gap parameter (default 1)\n"
    "  --curve                  include the seats-votes curve points (JSON, CSV)\n"
    "  --impute-uncontested S   give an uncontested race's winner share S (e.g. 0.75) of\n"
    "                           the mean contested turnout; lists the districts changed\n"
    "  --swing-sd X --draws N [--seed S] [--district-sd Y]\n"
    "                           uncertainty: N draws of a statewide swing ~ N(0, X) plus\n"
    "                           district noise ~ N(0, Y) (default Y = X/2)\n\n"
    "Output:\n"
    "  --format text|json|csv   text for people (default), JSON, or one CSV row per group\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
    "  --svg FILE.svg           seats-votes chart (one per group: FILE_<group>.svg)\n"
    "  --excel-safe             guard CSV cells against spreadsheet formula injection\n"
    "  -h, --help               show this help\n\n"
    "Sign: positive values favour the second party named in --votes (R in D=...,R=...)\n"
    "under the gerrymeter convention; each output names the party favoured.\n\n"
    "Example:\n"
    "  gerrymeter partisan --results us_house_2012_2020_by_district.csv --group state_po,year \\\n"
    "      --district-col district --votes D=dem_votes,R=rep_votes --negative-votes zero\n";

/* One group's input and results. */
typedef struct group {
    const char *const *value;   /* [n_group_cols] grouping values (borrowed) */
    size_t k;
    const char *const *label;   /* [k] district labels (borrowed) */
    double *a, *b;              /* [k] votes (owned copies; imputation changes them) */
    unsigned char *imputed;     /* [k] 1 = changed by --impute-uncontested */
    size_t n_imputed;
    int *winner;                /* [k] winner over every party given (and the winner column
                                   where no votes were counted) */
    double declared_a;          /* seats of party a decided by the winner column */
    gm_partisan ps;
    bool have_draws;
    gm_partisan_draws dr;
} group;

typedef struct run {
    const char *source;          /* file scored */
    const char *party[2];
    size_t n_group_cols;
    const char *const *group_col;
    size_t n_groups;
    group *g;
    gm_partisan_opts po;
    bool curve;
    double impute;               /* NaN = off */
    gm_partisan_draws_opts dopt; /* draws == 0: off */
    size_t negative_zeroed;
    const char *winner_col;      /* --winner-col, or NULL */
    gm_warnings warnings;      /* of the units, the plan or the results, and the scoring */
} run;

/* Party a signed value favours, in the convention the metrics were computed in: the
 * engine's one rule (gm_lean_name). */
const char *gmc_partisan_favours(const gm_partisan *p, double v, const char *party_a,
                                 const char *party_b)
{
    return gm_lean_name(v, p->positive_favours_b, party_a, party_b);
}

static const char *favours(const run *r, const gm_partisan *p, double v)
{
    return gmc_partisan_favours(p, v, r->party[0], r->party[1]);
}

static const char *positive_party(const run *r)
{
    gm_partisan t;
    memset(&t, 0, sizeof t);
    t.positive_favours_b = !(r->po.convention == GM_CONV_PLANSCORE ||
                             r->po.convention == GM_CONV_GERRYCHAIN);
    return t.positive_favours_b ? r->party[1] : r->party[0];
}

/* Shares of the districts with votes (for the curve and the chart); caller frees. */
static double *counted_shares(const group *g, size_t *n)
{
    double *v = malloc((g->k ? g->k : 1) * sizeof *v);
    *n = 0;
    if (!v) return NULL;
    for (size_t d = 0; d < g->k; d++)
        if (g->a[d] + g->b[d] > 0) v[(*n)++] = g->a[d] / (g->a[d] + g->b[d]);
    return v;
}

static int score_group(run *r, group *g, gm_error *err)
{
    if (!isnan(r->impute)) {
        g->imputed = calloc(g->k ? g->k : 1, 1);
        if (!g->imputed) return gm_fail(err, GM_E_NOMEM, "out of memory"), -1;
        g->n_imputed = gm_impute_uncontested(g->a, g->b, g->k, r->impute, g->imputed);
    }
    if (gm_partisan_score(g->a, g->b, g->k, &r->po, &g->ps, err) != GM_OK) return -1;
    if (r->winner_col) { /* races with no votes counted: the winner column's seats */
        double before = g->ps.seats_a;
        gm_partisan_add_declared_seats(&g->ps, g->a, g->b, g->winner, g->k);
        g->declared_a = g->ps.seats_a - before;
    }
    if (r->dopt.draws > 0) {
        if (gm_partisan_draws_run(g->a, g->b, g->k, &r->dopt, &g->dr, err) != GM_OK) return -1;
        g->dr.seats_a.mean += g->declared_a; /* certain seats: no spread */
        g->have_draws = true;
    }
    return 0;
}

/* "NC 2012" style name of a group (static buffer). */
static const char *group_name(const run *r, const group *g, char sep)
{
    static char buf[512];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t c = 0; c < r->n_group_cols && o + 2 < sizeof buf; c++) {
        int w = snprintf(buf + o, sizeof buf - o, "%s%s", c ? (char[2]){sep, 0} : "", g->value[c]);
        if (w < 0) break;
        o += (size_t)w < sizeof buf - o ? (size_t)w : sizeof buf - o - 1;
    }
    return buf;
}

/* ---- JSON ------------------------------------------------------------------------- */

static void json_labels(gmc_json *j, const char *key, const group *g, int what)
{
    gmc_json_arr(j, key);
    for (size_t d = 0; d < g->k; d++) {
        bool z = g->a[d] + g->b[d] <= 0;
        bool u = !z && (g->a[d] == 0 || g->b[d] == 0);
        bool hit = what == 0 ? z : what == 1 ? u : what == 2 ? (g->imputed && g->imputed[d])
                                                             : z && (g->winner[d] == 0 || g->winner[d] == 1);
        if (hit) gmc_json_str(j, NULL, g->label[d]);
    }
    gmc_json_end_arr(j);
}

static void json_draw(gmc_json *j, const run *r, const char *key, const gm_draw_summary *s)
{
    gmc_json_obj(j, key);
    gmc_json_num(j, "mean", s->mean);
    gmc_json_num(j, "sd", s->sd);
    char k1[80];
    snprintf(k1, sizeof k1, "p_favours_%s", r->party[0]);
    gmc_json_num(j, k1, s->p_favours_a);
    snprintf(k1, sizeof k1, "p_favours_%s", r->party[1]);
    gmc_json_num(j, k1, s->p_favours_b);
    gmc_json_int(j, "defined_draws", (long long)s->n_defined);
    gmc_json_end_obj(j);
}

static void write_group_json(gmc_json *j, const run *r, const group *g)
{
    const gm_partisan *p = &g->ps;
    gmc_json_obj(j, NULL);
    gmc_json_obj(j, "group");
    for (size_t c = 0; c < r->n_group_cols; c++) gmc_json_str(j, r->group_col[c], g->value[c]);
    gmc_json_end_obj(j);
    gmc_json_int(j, "districts", (long long)p->k);
    gmc_json_int(j, "districts_counted", (long long)p->k_counted);
    gmc_json_int(j, "zero_vote_districts", (long long)p->k_zero);
    json_labels(j, "zero_vote_district_ids", g, 0);
    gmc_json_obj(j, "seats");
    gmc_json_num(j, r->party[0], p->seats_a);
    gmc_json_num(j, r->party[1], p->seats_b);
    gmc_json_num(j, "ties", p->ties);
    gmc_json_end_obj(j);
    if (r->winner_col) {
        gmc_json_int(j, "declared_winner_seats", (long long)p->k_declared);
        json_labels(j, "declared_winner_districts", g, 3);
    }
    gm_metric_in in = {.k = g->k, .a = g->a, .b = g->b, .cut_edges = NAN};
    gm_json_out o = gmc_json_out(j);
    gm_partisan_json_metrics(&o, p, &in);
    gmc_json_int(j, "uncontested", (long long)p->uncontested);
    json_labels(j, "uncontested_districts", g, 1);
    if (g->imputed) json_labels(j, "imputed_districts", g, 2);
    gm_partisan_json_convention(&o, p);
    gm_partisan_json_favours(&o, p, &in, r->party[0], r->party[1]);
    if (g->have_draws) {
        gmc_json_obj(j, "uncertainty");
        gmc_json_num(j, "swing_sd", r->dopt.swing_sd);
        gmc_json_num(j, "district_sd", r->dopt.district_sd);
        gmc_json_int(j, "draws", (long long)r->dopt.draws);
        gmc_json_int(j, "seed", (long long)r->dopt.seed);
        char key[80];
        snprintf(key, sizeof key, "seats_%s", r->party[0]);
        json_draw(j, r, key, &g->dr.seats_a);
        json_draw(j, r, "efficiency_gap", &g->dr.efficiency_gap);
        json_draw(j, r, "efficiency_gap_equal_turnout", &g->dr.efficiency_gap_equal_turnout);
        json_draw(j, r, "mean_median", &g->dr.mean_median);
        json_draw(j, r, "partisan_bias", &g->dr.partisan_bias);
        json_draw(j, r, "declination", &g->dr.declination);
        gmc_json_end_obj(j);
    }
    if (r->curve) {
        size_t n;
        double *v = counted_shares(g, &n);
        size_t np = gm_sv_grid_size(r->po.curve_lo, r->po.curve_hi, r->po.curve_step);
        gmc_json_arr(j, "seats_votes_curve");
        for (size_t i = 0; v && n && i < np; i++) {
            double x = r->po.curve_lo + (double)i * r->po.curve_step;
            gmc_json_obj(j, NULL);
            gmc_json_num(j, "vote_share", x);
            gmc_json_num(j, "seat_share", gm_sv_seat_share(v, n, p->vote_share, x, r->po.curve_swing,
                                                           r->po.curve_seats, r->po.sigma, false));
            gmc_json_num(j, "mirrored", 1.0 - gm_sv_seat_share(v, n, p->vote_share, 1.0 - x,
                                                                r->po.curve_swing, r->po.curve_seats,
                                                                r->po.sigma, false));
            gmc_json_end_obj(j);
        }
        gmc_json_end_arr(j);
        free(v);
    }
    gmc_json_end_obj(j);
}

static void write_json(const run *r, FILE *f)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_str(&j, "gerrymeter", gm_version());
    gmc_json_str(&j, "source", r->source);
    gmc_json_str(&j, "convention", gm_convention_name(r->po.convention));
    gmc_json_arr(&j, "parties");
    gmc_json_str(&j, NULL, r->party[0]);
    gmc_json_str(&j, NULL, r->party[1]);
    gmc_json_end_arr(&j);
    gmc_json_str(&j, "share_party", r->party[0]);
    gmc_json_str(&j, "positive_favours", positive_party(r));
    gmc_json_int(&j, "negative_votes_zeroed", (long long)r->negative_zeroed);
    gmc_json_arr(&j, "groups");
    for (size_t i = 0; i < r->n_groups; i++) write_group_json(&j, r, &r->g[i]);
    gmc_json_end_arr(&j);
    gmc_json_warnings(&j, &r->warnings);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

/* ---- CSV: one row per group (or per curve point with --curve) --------------------- */

static void write_csv(const run *r, FILE *f, bool xs)
{
    for (size_t c = 0; c < r->n_group_cols; c++) {
        gmc_csv_field(f, r->group_col[c], xs);
        fputc(',', f);
    }
    if (r->curve) {
        fputs("vote_share,seat_share,mirrored\n", f);
        for (size_t i = 0; i < r->n_groups; i++) {
            const group *g = &r->g[i];
            size_t n;
            double *v = counted_shares(g, &n);
            size_t np = gm_sv_grid_size(r->po.curve_lo, r->po.curve_hi, r->po.curve_step);
            for (size_t q = 0; v && n && q < np; q++) {
                double x = r->po.curve_lo + (double)q * r->po.curve_step;
                for (size_t c = 0; c < r->n_group_cols; c++) {
                    gmc_csv_field(f, g->value[c], xs);
                    fputc(',', f);
                }
                gmc_csv_num(f, x);
                fputc(',', f);
                gmc_csv_num(f, gm_sv_seat_share(v, n, g->ps.vote_share, x, r->po.curve_swing,
                                                r->po.curve_seats, r->po.sigma, false));
                fputc(',', f);
                gmc_csv_num(f, 1.0 - gm_sv_seat_share(v, n, g->ps.vote_share, 1.0 - x, r->po.curve_swing,
                                                      r->po.curve_seats, r->po.sigma, false));
                fputc('\n', f);
            }
            free(v);
        }
        return;
    }
    fprintf(f, "districts,districts_counted,zero_vote_districts,uncontested,seats_%s,seats_%s,ties,",
            r->party[0], r->party[1]);
    if (r->winner_col) fputs("declared_winner_seats,", f);
    size_t nm = gm_metric_count(GM_MF_PARTISAN);
    for (size_t m = 0; m < nm; m++) fprintf(f, "%s,", gm_metric_get(GM_MF_PARTISAN, m)->key);
    fputs("positive_favours,efficiency_gap_favours\n", f);
    for (size_t i = 0; i < r->n_groups; i++) {
        const group *g = &r->g[i];
        const gm_partisan *p = &g->ps;
        for (size_t c = 0; c < r->n_group_cols; c++) {
            gmc_csv_field(f, g->value[c], xs);
            fputc(',', f);
        }
        fprintf(f, "%zu,%zu,%zu,%zu,", p->k, p->k_counted, p->k_zero, p->uncontested);
        const double v[] = {p->seats_a, p->seats_b, p->ties};
        for (size_t q = 0; q < sizeof v / sizeof v[0]; q++) {
            gmc_csv_num(f, v[q]);
            fputc(',', f);
        }
        if (r->winner_col) fprintf(f, "%zu,", p->k_declared);
        gm_metric_in in = {.k = g->k, .a = g->a, .b = g->b, .cut_edges = NAN};
        for (size_t m = 0; m < nm; m++) {
            gmc_csv_num(f, gm_metric_value(gm_metric_get(GM_MF_PARTISAN, m), p, &in));
            fputc(',', f);
        }
        gmc_csv_field(f, positive_party(r), xs);
        fputc(',', f);
        const char *fv = favours(r, p, p->efficiency_gap);
        if (fv) gmc_csv_field(f, fv, xs);
        fputc('\n', f);
    }
}

/* ---- text ------------------------------------------------------------------------- */

static const char *fx(double v, int dec, char *b)
{
    return gmc_fmt_fix(v, dec, b, 32);
}

static void write_text_one(const run *r, const group *g, FILE *f)
{
    const gm_partisan *p = &g->ps;
    char b1[32], b2[32];
    const char *A = r->party[0], *B = r->party[1];
    if (r->n_group_cols) fprintf(f, "%s\n", group_name(r, g, ' '));
    fprintf(f, "Districts: %zu (%zu with votes", p->k, p->k_counted);
    if (p->k_zero) fprintf(f, "; %zu with no votes, left out of the shares", p->k_zero);
    fputs(")\n", f);
    fprintf(f, "Seats: %s %.0f, %s %.0f", A, p->seats_a, B, p->seats_b);
    if (p->ties > 0) fprintf(f, ", %.0f tied", p->ties);
    fprintf(f, " (expected %s seats for %s with sigma %.3g)\n", fx(p->seats_a_expected, 2, b1), A, r->po.sigma);
    if (p->k_declared) {
        fprintf(f, "Seats from the winner column (no votes counted; in no share): %zu (", p->k_declared);
        bool first = true;
        for (size_t d = 0; d < g->k; d++)
            if (g->a[d] + g->b[d] <= 0 && (g->winner[d] == 0 || g->winner[d] == 1)) {
                fprintf(f, "%s%s %s", first ? "" : ", ", g->label[d], r->party[g->winner[d]]);
                first = false;
            }
        fputs(")\n", f);
    }
    fprintf(f, "%s vote share: %s statewide (turnout-weighted), %s mean of districts\n", A,
            gmc_fmt_pct(p->vote_share, 2, b1, 32), gmc_fmt_pct(p->mean_district_share, 2, b2, 32));
    fprintf(f, "Convention: %s; positive values favour %s\n\n", gm_convention_name(r->po.convention),
            positive_party(r));
    gmc_table t;
    gmc_table_init(&t, 3);
    const char *hdr[] = {"Metric", "Value", "Favours"};
    gmc_table_add(&t, hdr);
    /* every registry metric not already in the lines above, in registry order */
    gm_metric_in in = {.k = g->k, .a = g->a, .b = g->b, .cut_edges = NAN};
    size_t n_reg = gm_metric_count(GM_MF_PARTISAN);
    for (size_t i = 0; i < n_reg; i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        if (m->flags & GM_MD_HEADER) continue;
        double v = gm_metric_value(m, p, &in);
        const char *fav = "";
        if (m->sign != GM_SIGN_NONE) {
            const char *why = isnan(v) ? gm_metric_why(m, p) : NULL;
            fav = why ? why : favours(r, p, v);
            if (!fav) fav = "-";
            /* a test's direction is stated only when significant (as on the report) */
            if (!why && !strcmp(m->key, "lopsided_t") && isfinite(v) && !(p->lopsided_p < GM_SIGNIFICANT_P))
                fav = "no clear direction";
        }
        char val[32];
        const char *row[] = {m->key, fx(v, m->integer ? 0 : 4, val), fav};
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "  ");
    gmc_table_free(&t);
    if (p->uncontested) {
        fprintf(f, "\nUncontested: %zu (", p->uncontested);
        bool first = true;
        for (size_t d = 0; d < g->k; d++)
            if (g->a[d] + g->b[d] > 0 && (g->a[d] == 0 || g->b[d] == 0) && !(g->imputed && g->imputed[d])) {
                fprintf(f, "%s%s", first ? "" : ", ", g->label[d]);
                first = false;
            }
        fputs(first ? "none left)" : ")", f);
        fputs(g->imputed ? "" : "; not imputed (see --impute-uncontested)", f);
        fputc('\n', f);
    }
    if (g->imputed) {
        fprintf(f, "Imputed at %.3g: %zu%s", r->impute, g->n_imputed, g->n_imputed ? " (" : "\n");
        bool first = true;
        for (size_t d = 0; d < g->k; d++)
            if (g->imputed[d]) {
                fprintf(f, "%s%s", first ? "" : ", ", g->label[d]);
                first = false;
            }
        if (g->n_imputed) fputs(")\n", f);
    }
    if (p->k_zero) {
        fputs("No votes: ", f);
        bool first = true;
        for (size_t d = 0; d < g->k; d++)
            if (g->a[d] + g->b[d] <= 0) {
                fprintf(f, "%s%s", first ? "" : ", ", g->label[d]);
                first = false;
            }
        fputc('\n', f);
    }
    if (g->have_draws) {
        fprintf(f, "\nUncertainty (%zu draws, swing SD %.3g, district SD %.3g, seed %llu):\n",
                r->dopt.draws, r->dopt.swing_sd, r->dopt.district_sd, (unsigned long long)r->dopt.seed);
        gmc_table u;
        gmc_table_init(&u, 5);
        char pa[64], pb[64];
        snprintf(pa, sizeof pa, "P(favours %s)", A);
        snprintf(pb, sizeof pb, "P(favours %s)", B);
        const char *h[] = {"Metric", "Mean", "SD", pa, pb};
        gmc_table_add(&u, h);
        const gm_draw_summary *ds[] = {&g->dr.seats_a, &g->dr.efficiency_gap,
                                       &g->dr.efficiency_gap_equal_turnout, &g->dr.mean_median,
                                       &g->dr.partisan_bias, &g->dr.declination};
        char seatname[64];
        snprintf(seatname, sizeof seatname, "seats_%s", A);
        const char *nm[] = {seatname, "efficiency_gap", "efficiency_gap_equal_turnout", "mean_median",
                            "partisan_bias", "declination"};
        for (size_t i = 0; i < 6; i++) {
            char c1[32], c2[32], c3[32], c4[32];
            const char *row[] = {nm[i], fx(ds[i]->mean, 4, c1), fx(ds[i]->sd, 4, c2),
                                 fx(ds[i]->p_favours_a, 3, c3), fx(ds[i]->p_favours_b, 3, c4)};
            gmc_table_add(&u, row);
        }
        gmc_table_print(&u, f, "  ");
        gmc_table_free(&u);
    }
}

static void write_text_groups(const run *r, FILE *f);

static void write_text(const run *r, FILE *f)
{
    if (r->n_groups == 1) write_text_one(r, &r->g[0], f);
    else write_text_groups(r, f);
    gmc_text_warnings(f, &r->warnings);
}

static void write_text_groups(const run *r, FILE *f)
{
    char hs[64], hsh[64];
    snprintf(hs, sizeof hs, "%s-%s", r->party[0], r->party[1]);
    snprintf(hsh, sizeof hsh, "%s share", r->party[0]);
    gmc_table t;
    gmc_table_init(&t, 13);
    const char *hdr[] = {"Group", "N", "Seats " , hsh, "EG", "EG eq", "Mean-med", "Bias",
                         "Decl", "Lop t", "Tau gap", "Comp", "Unc/0"};
    char seatsh[80];
    snprintf(seatsh, sizeof seatsh, "Seats %s", hs);
    hdr[2] = seatsh;
    gmc_table_add(&t, hdr);
    size_t zero = 0, unc = 0, declared = 0;
    for (size_t i = 0; i < r->n_groups; i++) {
        const group *g = &r->g[i];
        const gm_partisan *p = &g->ps;
        char c[13][40];
        snprintf(c[0], 40, "%s", group_name(r, g, ' '));
        snprintf(c[1], 40, "%zu", p->k);
        if (p->ties > 0)
            snprintf(c[2], 40, "%.0f-%.0f (+%.0f tie)", p->seats_a, p->seats_b, p->ties);
        else
            snprintf(c[2], 40, "%.0f-%.0f", p->seats_a, p->seats_b);
        gmc_fmt_pct(p->vote_share, 1, c[3], 40);
        fx(p->efficiency_gap, 3, c[4]);
        fx(p->efficiency_gap_equal_turnout, 3, c[5]);
        fx(p->mean_median, 3, c[6]);
        fx(p->partisan_bias, 3, c[7]);
        fx(p->declination, 3, c[8]);
        fx(p->lopsided_t, 2, c[9]);
        fx(p->tau_gap, 3, c[10]);
        snprintf(c[11], 40, "%.0f", p->competitive_districts);
        snprintf(c[12], 40, "%zu/%zu", p->uncontested, p->k_zero);
        const char *row[13];
        for (int q = 0; q < 13; q++) row[q] = c[q];
        gmc_table_add(&t, row);
        zero += p->k_zero;
        unc += p->uncontested;
        declared += p->k_declared;
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
    fprintf(f, "\n%zu groups, convention %s. Shares are %s's two-party share; positive values "
               "favour %s.\nEG = efficiency gap (wasted votes), EG eq = equal-turnout form, Bias = "
               "partisan bias at 50%%,\nDecl = declination (- when undefined: a sweep), Lop t = lopsided "
               "margins t, Comp = |share - 50%%| <= %.3g,\nUnc/0 = uncontested districts / "
               "districts with no votes (left out of the shares): %zu / %zu in all.\n",
            r->n_groups, gm_convention_name(r->po.convention), r->party[0], positive_party(r),
            r->po.competitive_band, unc, zero);
    if (r->negative_zeroed) fprintf(f, "Negative vote counts read as 0: %zu.\n", r->negative_zeroed);
    if (r->winner_col)
        fprintf(f, "Seats from the winner column '%s' (races with no votes counted, in no share): %zu.\n",
                r->winner_col, declared);
}

/* ---- SVG -------------------------------------------------------------------------- */

static int write_svgs(const run *r, const char *path)
{
    for (size_t i = 0; i < r->n_groups; i++) {
        const group *g = &r->g[i];
        char out[4096];
        if (r->n_groups == 1) {
            snprintf(out, sizeof out, "%s", path);
        } else {
            const char *dot = strrchr(path, '.');
            size_t stem = dot && !strchr(dot, '/') ? (size_t)(dot - path) : strlen(path);
            char nm[512];
            snprintf(nm, sizeof nm, "%s", group_name(r, g, '_'));
            for (char *c = nm; *c; c++)
                if (*c == '/' || *c == ' ') *c = '_';
            snprintf(out, sizeof out, "%.*s_%s%s", (int)stem, path, nm, dot && stem < strlen(path) ? dot : ".svg");
        }
        size_t n;
        double *v = counted_shares(g, &n);
        char *svg = NULL;
        gm_error err;
        gm_error_clear(&err);
        /* the plan's point from the districts with votes (the curve's own districts) */
        double S = g->ps.k_counted ? (g->ps.seats_a - g->declared_a + 0.5 * g->ps.ties) / (double)g->ps.k_counted
                                   : NAN;
        gm_status st = v ? gm_svg_seats_votes(v, n, g->ps.vote_share, S, &r->po,
                                              r->n_group_cols ? group_name(r, g, ' ') : NULL,
                                              r->party[0], r->party[1], &svg, &err)
                         : gm_fail(&err, GM_E_NOMEM, "out of memory");
        free(v);
        if (st != GM_OK) {
            gmc_msg("--svg %s: %s", out, err.msg);
            continue; /* e.g. a group without votes: the others still get charts */
        }
        gmc_sink s;
        if (gmc_sink_open(&s, out) != 0) {
            free(svg);
            return 1;
        }
        fputs(svg, s.f);
        free(svg);
        if (gmc_sink_close(&s, true) != 0) return 1;
    }
    return 0;
}

/* ---- inputs ----------------------------------------------------------------------- */

/* Group g's winners over every party given (the engine's one rule, with the winner
 * column where no votes were counted) and the warnings about them. From the results'
 * group gi, or from the tally t. Returns 0, or -1 out of memory. */
static int group_winners(run *r, group *g, const gm_results *res, size_t gi, const gm_tally *t,
                         const char *const *party, size_t np)
{
    size_t k = g->k;
    double *own = NULL;
    const double *votes = t ? t->votes : NULL;
    const int *declared = NULL;
    g->winner = malloc((k ? k : 1) * sizeof *g->winner);
    if (!g->winner) return -1;
    if (res) { /* the group's rows are contiguous per party, with stride n_rows */
        own = malloc((np * k > 0 ? np * k : 1) * sizeof *own);
        if (!own) return -1;
        for (size_t q = 0; q < np; q++) memcpy(own + q * k, gm_results_group_votes(res, gi, q), k * sizeof *own);
        votes = own;
        if (res->winner) declared = res->winner + res->group_start[gi];
    }
    char ctx[512] = "";
    if (r->n_group_cols) snprintf(ctx, sizeof ctx, "%s", group_name(r, g, ' '));
    gm_status st = gm_district_winners_declared(votes, np, k, declared, party, g->label,
                                                ctx[0] ? ctx : NULL, g->winner, &r->warnings);
    if (st == GM_OK)
        st = gm_district_others_warn(g->winner, k, party, np, g->label, ctx[0] ? ctx : NULL, &r->warnings);
    free(own);
    return st == GM_OK ? 0 : -1;
}

/* Split "a,b,c" in place into at most max parts. Returns the count. */
static size_t split_list(char *s, const char **out, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, ",", &save); t && n < max; t = strtok_r(NULL, ",", &save)) out[n++] = t;
    return n;
}

static int parse_grid(const char *arg, gm_partisan_opts *po)
{
    char *e1, *e2, *e3;
    double lo = strtod(arg, &e1);
    if (*e1 != ':') goto bad;
    double hi = strtod(e1 + 1, &e2);
    if (*e2 != ':') goto bad;
    double st = strtod(e2 + 1, &e3);
    if (*e3 || !(lo > 0 && hi < 1 && lo < hi && st > 0 && st <= hi - lo)) goto bad;
    po->curve_lo = lo;
    po->curve_hi = hi;
    po->curve_step = st;
    return 0;
bad:
    gmc_msg("--grid: expected LO:HI:STEP with 0 < LO < HI < 1 and 0 < STEP <= HI-LO, got '%s'", arg);
    return -1;
}

int gmc_cmd_partisan(int argc, char **argv)
{
    enum { O_RESULTS = 2000, O_DCOL, O_GROUP, O_CONV, O_BAND, O_SIGMA, O_SWING, O_SEATS, O_GRID,
           O_TAU, O_CURVE, O_IMPUTE, O_SWSD, O_DSD, O_DRAWS, O_SEED, O_SVG, O_WINNER };
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"results", required_argument, 0, O_RESULTS},
                                       {"district-col", required_argument, 0, O_DCOL},
                                       {"group", required_argument, 0, O_GROUP},
                                       {"winner-col", required_argument, 0, O_WINNER},
                                       {"convention", required_argument, 0, O_CONV},
                                       {"competitive-band", required_argument, 0, O_BAND},
                                       {"sigma", required_argument, 0, O_SIGMA},
                                       {"swing", required_argument, 0, O_SWING},
                                       {"seats", required_argument, 0, O_SEATS},
                                       {"grid", required_argument, 0, O_GRID},
                                       {"tau", required_argument, 0, O_TAU},
                                       {"curve", no_argument, 0, O_CURVE},
                                       {"impute-uncontested", required_argument, 0, O_IMPUTE},
                                       {"swing-sd", required_argument, 0, O_SWSD},
                                       {"district-sd", required_argument, 0, O_DSD},
                                       {"draws", required_argument, 0, O_DRAWS},
                                       {"seed", required_argument, 0, O_SEED},
                                       {"svg", required_argument, 0, O_SVG},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"excel-safe", no_argument, 0, 'x'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_source src;
    memset(&src, 0, sizeof src);
    run r;
    memset(&r, 0, sizeof r);
    gm_partisan_opts_init(&r.po);
    r.impute = NAN;
    r.dopt.district_sd = NAN;
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *results = NULL, *dcol = "district", *svg = NULL;
    char groupbuf[1024] = "";
    bool excel_safe = false, have_swsd = false, have_seed = false, have_dsd = false,
         have_dcol = false;
    double v;
    long lv;
    gmc_getopt args = {.cmd = "partisan", .shortopts = ":ho:f:", .longopts = lo, .help = help,
                       .help_fmt = true, .src = &src};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV, &fmt))
                return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case 'x': excel_safe = true; break;
        case O_RESULTS: results = optarg; break;
        case O_DCOL:
            dcol = optarg;
            have_dcol = true;
            break;
        case O_WINNER: r.winner_col = optarg; break;
        case O_GROUP:
            if (strlen(optarg) >= sizeof groupbuf) return gmc_usage_error("partisan", "--group: too long");
            strcpy(groupbuf, optarg);
            break;
        case O_CONV: {
            gm_error err;
            if (gm_convention_parse(optarg, &r.po.convention, &err) != GM_OK)
                return gmc_usage_error("partisan", "--convention: %s", err.msg);
            break;
        }
        case O_BAND:
            if (gmc_parse_double("--competitive-band", optarg, 0, 0.5, &r.po.competitive_band)) return GMC_EUSAGE;
            break;
        case O_SIGMA:
            if (gmc_parse_double("--sigma", optarg, 1e-6, 1, &r.po.sigma)) return GMC_EUSAGE;
            break;
        case O_SWING:
            if (!strcmp(optarg, "uniform")) r.po.curve_swing = GM_SWING_UNIFORM;
            else if (!strcmp(optarg, "proportional")) r.po.curve_swing = GM_SWING_PROPORTIONAL;
            else return gmc_usage_error("partisan", "--swing: expected uniform or proportional, got '%s'", optarg);
            break;
        case O_SEATS:
            if (!strcmp(optarg, "fptp")) r.po.curve_seats = GM_SEATS_FPTP;
            else if (!strcmp(optarg, "prob")) r.po.curve_seats = GM_SEATS_PROB;
            else return gmc_usage_error("partisan", "--seats: expected fptp or prob, got '%s'", optarg);
            break;
        case O_GRID:
            if (parse_grid(optarg, &r.po)) return GMC_EUSAGE;
            break;
        case O_TAU:
            if (gmc_parse_double("--tau", optarg, 0, 100, &r.po.tau)) return GMC_EUSAGE;
            break;
        case O_CURVE: r.curve = true; break;
        case O_IMPUTE:
            if (gmc_parse_double("--impute-uncontested", optarg, 0.5, 1, &r.impute)) return GMC_EUSAGE;
            if (r.impute == 0.5)
                return gmc_usage_error("partisan", "--impute-uncontested: the winner's share must be above 0.5");
            break;
        case O_SWSD:
            if (gmc_parse_double("--swing-sd", optarg, 0, 0.5, &r.dopt.swing_sd)) return GMC_EUSAGE;
            have_swsd = true;
            break;
        case O_DSD:
            if (gmc_parse_double("--district-sd", optarg, 0, 0.5, &v)) return GMC_EUSAGE;
            r.dopt.district_sd = v;
            have_dsd = true;
            break;
        case O_DRAWS:
            if (gmc_parse_long("--draws", optarg, 1, 100000000, &lv)) return GMC_EUSAGE;
            r.dopt.draws = (size_t)lv;
            break;
        case O_SEED:
            if (gmc_parse_long("--seed", optarg, 0, 0x7fffffffffffffffL, &lv)) return GMC_EUSAGE;
            r.dopt.seed = (uint64_t)lv;
            have_seed = true;
            break;
        case O_SVG: svg = optarg; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (have_swsd != (r.dopt.draws > 0))
        return gmc_usage_error("partisan", "--swing-sd and --draws go together");
    if ((have_seed || have_dsd) && r.dopt.draws == 0)
        return gmc_usage_error("partisan", "%s sets the uncertainty draws, which run only with "
                                           "--swing-sd and --draws",
                               have_seed ? "--seed" : "--district-sd");
    if (excel_safe && fmt != GMC_CSV)
        return gmc_usage_error("partisan", "--excel-safe guards CSV cells and has no effect on "
                                           "%s output; add --format csv or leave it out",
                               fmt == GMC_JSON ? "JSON" : "text");
    if (r.curve && fmt == GMC_TEXT)
        return gmc_usage_error("partisan", "--curve adds the curve's points to JSON and CSV "
                                           "output, not to text; add --format json or csv");
    if (isnan(r.dopt.district_sd)) r.dopt.district_sd = r.dopt.swing_sd / 2.0;
    if (results && src.units)
        return gmc_usage_error("partisan", "--results and --units are two different inputs; give one");
    if (!results && !src.units)
        return gmc_usage_error("partisan", "give district results (--results FILE.csv) or a plan (--units, --plan)");
    if (!src.votes)
        return gmc_usage_error("partisan", "name the two parties' votes with --votes, e.g. D=dem_votes,R=rep_votes");
    if (!results && groupbuf[0]) return gmc_usage_error("partisan", "--group needs --results");
    if (!results && r.winner_col)
        return gmc_usage_error("partisan", "--winner-col needs --results (a plan's winners come from its votes)");
    if (results && (src.plan || src.layer || src.pop || src.id))
        return gmc_usage_error("partisan", "--plan, --layer, --pop and --id go with --units, not --results");
    if (!results && have_dcol) return gmc_usage_error("partisan", "--district-col needs --results");
    const char *inputs[] = {results ? results : src.units, src.plan};
    const char *opt[] = {"--output", "--svg"};
    const char *outs[] = {output, svg};
    int rc = gmc_check_outputs(opt, outs, 2, inputs, 2);
    if (rc) return rc;

    gm_units_spec spec;
    memset(&spec, 0, sizeof spec);
    static char votebuf[4096];
    if (gmc_parse_votes(src.votes, &spec, votebuf, sizeof votebuf)) return GMC_EUSAGE;
    if (spec.n_parties < 2)
        return gmc_usage_error("partisan", "--votes: name two parties, e.g. D=dem_votes,R=rep_votes");
    r.party[0] = spec.party[0];
    r.party[1] = spec.party[1];

    gm_error err;
    gm_error_clear(&err);
    gm_results *res = NULL;
    gm_units *u = NULL;
    gm_plan *p = NULL;
    gm_tally *t = NULL;
    const char *groups[64];
    if (results) {
        size_t ng = split_list(groupbuf, groups, 64);
        gm_results_opts ro = {dcol,
                              (const char *const *)spec.vote_field,
                              spec.n_parties,
                              groups,
                              ng,
                              src.negative_votes,
                              (const char *const *)spec.party,
                              r.winner_col,
                              src.where};
        if (gm_results_read(results, &ro, &res, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        r.source = results;
        r.n_group_cols = ng;
        r.group_col = groups;
        r.n_groups = res->n_groups;
        r.negative_zeroed = res->n_negative_zeroed;
        if (gm_warnings_merge(&r.warnings, &res->warnings)) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
    } else {
        if ((rc = gmc_load(&src, &u, &p)) != 0) goto done;
        if (gm_tally_compute(u, p, &t, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        r.source = p->source;
        r.n_groups = 1;
        if (gm_warnings_merge(&r.warnings, &u->warnings) || gm_warnings_merge(&r.warnings, &p->warnings)) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
    }
    r.g = calloc(r.n_groups, sizeof *r.g);
    if (!r.g) {
        gmc_msg("out of memory");
        rc = GMC_EDATA;
        goto done;
    }
    for (size_t i = 0; i < r.n_groups; i++) {
        group *g = &r.g[i];
        const double *a, *b;
        if (res) {
            g->value = (const char *const *)res->group_value + i * r.n_group_cols;
            g->k = res->group_start[i + 1] - res->group_start[i];
            g->label = (const char *const *)res->district + res->group_start[i];
            a = gm_results_group_votes(res, i, 0);
            b = gm_results_group_votes(res, i, 1);
        } else {
            g->k = t->k;
            g->label = (const char *const *)p->label;
            a = gm_tally_party(t, 0);
            b = gm_tally_party(t, 1);
        }
        g->a = malloc(2 * (g->k ? g->k : 1) * sizeof *g->a);
        if (!g->a) {
            gmc_msg("out of memory");
            rc = GMC_EDATA;
            goto done;
        }
        g->b = g->a + g->k;
        memcpy(g->a, a, g->k * sizeof *a);
        memcpy(g->b, b, g->k * sizeof *b);
        if (group_winners(&r, g, res, i, res ? NULL : t, (const char *const *)spec.party, spec.n_parties)) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
        if (score_group(&r, g, &err)) {
            if (r.n_group_cols) gmc_msg("group %s:", group_name(&r, g, ' '));
            rc = gmc_fail(&err);
            goto done;
        }
    }
    gmc_warnings_stderr(&r.warnings);
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (fmt == GMC_JSON) write_json(&r, sink.f);
    else if (fmt == GMC_CSV) write_csv(&r, sink.f, excel_safe);
    else write_text(&r, sink.f);
    if ((rc = gmc_sink_close(&sink, true)) != 0) goto done;
    if (svg) rc = write_svgs(&r, svg);
done:
    if (r.g)
        for (size_t i = 0; i < r.n_groups; i++) {
            free(r.g[i].a);
            free(r.g[i].imputed);
            free(r.g[i].winner);
        }
    free(r.g);
    gm_warnings_free(&r.warnings);
    gm_results_destroy(res);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    return rc;
}
