/* cmd_compare.c: `gerrymeter compare`: plan B against plan A over the same units: the
 * people and units moved between districts (the transfer matrix), core retention in
 * both directions (gm_plan_compare_compute) and every plan metric side by side. */
#include "cli.h"
#include "metric_cells.h"
#include "opts.h"
#include "out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: gerrymeter compare --units PATH --plan A --against B [--pop F] [--votes D=F,R=F]\n"
    "                          [OPTIONS]\n\n"
    "Compare plan B with plan A over the same units: the population and units each A\n"
    "district sends to each B district (the transfer matrix), core retention of every\n"
    "district in both directions (the share of its population that stays with its\n"
    "best-matching district of the other plan), and every plan metric of A and B side by\n"
    "side with the difference B - A.\n\n"
    "%s\n"
    "Comparison:\n"
    "  --against SPEC           plan B: a column, an assignment CSV or a district layer,\n"
    "                           read like --plan (--district-id, --plan-where and --join\n"
    "                           apply to both)\n"
    "Output:\n"
    "  --format text|json|csv   text for people (default), JSON, or CSV (one table, --table)\n"
    "  --table districts|transfers|metrics\n"
    "                           the CSV table: every district of both plans with its best\n"
    "                           match and core retention (default), the non-empty cells of\n"
    "                           the transfer matrix, or the metrics side by side\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
    "  --excel-safe             guard CSV cells against spreadsheet formula injection\n"
    "  --graph FILE             unit graph for cut edges, Polsby-Popper and contiguity\n"
    "                           (default: built from the unit geometry when the layer has it)\n"
    "  --no-graph               no graph: those metrics are left out (reads no geometry)\n"
    "  -h, --help               show this help\n\n"
    "Without --pop every unit weighs 1: moved 'population' and core retention count units.\n\n"
    "Example:\n"
    "  gerrymeter compare --units NH.zip --pop TOTPOP --votes D=PRES16D,R=PRES16R \\\n"
    "      --plan CD --against proposal.csv --join VTD --format json\n";

enum { CSV_DISTRICTS, CSV_TRANSFERS, CSV_METRICS };

/* One plan's scores: the plan family of the registry (gm_score_one, as every ensemble
 * plan is scored) and the partisan family (gm_partisan_score, as `score`). */
typedef struct side {
    const gm_plan *p;
    gm_plan_scores sc;
    bool partisan;
    gm_partisan ps;
    gm_tally *t;
} side;

typedef struct cmp {
    const gm_units *u;
    side s[2];
    gm_plan_compare *c;
    const char *graph_source; /* NULL: no graph */
    gm_warnings warnings;
} cmp;

static int score_side(const gm_units *u, const gm_graph *g, side *s, gm_error *err)
{
    gm_batch_spec spec;
    gm_batch_spec_init(&spec, u, g); /* as ensemble score scores its plans */
    spec.k = s->p->k;
    if (gm_score_one(&spec, s->p->district, 0, &s->sc, NULL, err) != GM_OK) return -1;
    if (gm_tally_compute(u, s->p, &s->t, err) != GM_OK) return -1;
    s->partisan = u->n_parties >= 2;
    if (s->partisan &&
        gm_partisan_score(gm_tally_party(s->t, 0), gm_tally_party(s->t, 1), s->t->k, NULL, &s->ps, err))
        return -1;
    return 0;
}

/* The metrics compared, in order: the plan family, then the partisan rows that family
 * does not have (a key in both is the same quantity: the plan family's row is kept). */
typedef struct mrow {
    const gm_metric_def *m;
    gm_metric_family f;
} mrow;

static size_t metric_rows(const cmp *c, mrow *rows, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < gm_metric_count(GM_MF_PLAN) && n < cap; i++)
        rows[n++] = (mrow){gm_metric_get(GM_MF_PLAN, i), GM_MF_PLAN};
    if (!c->s[0].partisan) return n;
    for (size_t i = 0; i < gm_metric_count(GM_MF_PARTISAN) && n < cap; i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        if (!gm_metric_find(GM_MF_PLAN, m->key, NULL)) rows[n++] = (mrow){m, GM_MF_PARTISAN};
    }
    return n;
}

static double metric_value(const cmp *c, const mrow *r, int which)
{
    const side *s = &c->s[which];
    if (r->f == GM_MF_PLAN) {
        size_t idx = 0;
        gm_metric_find(GM_MF_PLAN, r->m->key, &idx);
        return gm_plan_scores_get(&s->sc, idx);
    }
    gm_metric_in in = {.k = s->t->k, .pop = s->t->pop, .a = gm_tally_party(s->t, 0),
                       .b = gm_tally_party(s->t, 1), .cut_edges = s->sc.cut_edges};
    return gm_metric_value(r->m, &s->ps, &in);
}

static const char *metric_name(const cmp *c, const mrow *r, char *buf, size_t cap)
{
    const gm_units *u = c->u;
    return gm_metric_column(r->m, u->n_parties > 0 ? u->party[0] : NULL,
                            u->n_parties > 1 ? u->party[1] : NULL, buf, cap);
}

static const char *label_or_null(const gm_plan *p, int32_t d)
{
    return d >= 0 ? p->label[d] : NULL;
}

static void json_plan(gmc_json *j, const char *key, const gm_plan *p)
{
    gmc_json_obj(j, key);
    gmc_json_str(j, "source", p->source);
    gmc_json_int(j, "districts", (long long)p->k);
    gmc_json_end_obj(j);
}

/* District d of one side's best match (which 0: plan A, 1: plan B). */
static int32_t match_of(const cmp *c, int which, size_t d)
{
    return which ? c->c->match_b[d] : c->c->match_a[d];
}

/* The districts of one plan: label, best match, then the comparison family of the
 * registry (units, population, shared population, core retention, ...). which 0: plan A
 * (rows of the matrix), 1: plan B (columns). */
static void json_districts(gmc_json *j, const cmp *c, int which)
{
    const gm_plan_compare *pc = c->c;
    const gm_plan *p = c->s[which].p, *o = c->s[!which].p;
    size_t k = which ? pc->kb : pc->ka;
    gmc_json_arr(j, which ? "districts_b" : "districts_a");
    for (size_t d = 0; d < k; d++) {
        gm_compare_values cv;
        gm_plan_compare_values(pc, which, d, &cv);
        gmc_json_obj(j, NULL);
        gmc_json_str(j, "district", p->label[d]);
        gmc_json_str(j, "best_match", label_or_null(o, match_of(c, which, d)));
        gmc_json_metric_values(j, &(gmc_metric_rows){GM_MF_COMPARE, 0, 0, &cv, NULL});
        gmc_json_end_obj(j);
    }
    gmc_json_end_arr(j);
}

static void write_json(const cmp *c, FILE *f)
{
    const gm_units *u = c->u;
    const gm_plan_compare *pc = c->c;
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_str(&j, "gerrymeter", gm_version());
    gmc_json_obj(&j, "units");
    gmc_json_str(&j, "source", u->source);
    gmc_json_str(&j, "layer", u->layer);
    gmc_json_int(&j, "count", (long long)u->n);
    gmc_json_str(&j, "population_field", u->pop_field);
    gmc_json_obj(&j, "vote_fields");
    for (size_t q = 0; q < u->n_parties; q++) gmc_json_str(&j, u->party[q], u->vote_field[q]);
    gmc_json_end_obj(&j);
    gmc_json_end_obj(&j);
    json_plan(&j, "plan_a", c->s[0].p);
    json_plan(&j, "plan_b", c->s[1].p);
    gmc_json_str(&j, "weight", pc->by_units ? "units" : "population");
    gmc_json_num(&j, "population", pc->total);
    gmc_json_obj(&j, "moved");
    gmc_json_int(&j, "units", (long long)pc->moved_units);
    gmc_json_num(&j, "population", pc->moved);
    gmc_json_num(&j, "population_share", pc->total > 0 ? pc->moved / pc->total : NAN);
    gmc_json_end_obj(&j);
    gmc_json_obj(&j, "core_retention");
    gmc_json_num(&j, "a_in_b", pc->total > 0 ? pc->retained_a / pc->total : NAN);
    gmc_json_num(&j, "b_from_a", pc->total > 0 ? pc->retained_b / pc->total : NAN);
    gmc_json_end_obj(&j);
    json_districts(&j, c, 0);
    json_districts(&j, c, 1);
    gmc_json_arr(&j, "transfers");
    for (size_t a = 0; a < pc->ka; a++)
        for (size_t b = 0; b < pc->kb; b++) {
            size_t cell = a * pc->kb + b;
            if (!pc->units[cell]) continue;
            gmc_json_obj(&j, NULL);
            gmc_json_str(&j, "from", c->s[0].p->label[a]);
            gmc_json_str(&j, "to", c->s[1].p->label[b]);
            gmc_json_int(&j, "units", (long long)pc->units[cell]);
            gmc_json_num(&j, "population", pc->pop[cell]);
            gmc_json_end_obj(&j);
        }
    gmc_json_end_arr(&j);
    gmc_json_str(&j, "graph", c->graph_source);
    gmc_json_obj(&j, "metrics");
    mrow rows[2 * GM_PLAN_METRICS_MAX + 8];
    size_t n = metric_rows(c, rows, sizeof rows / sizeof rows[0]);
    for (size_t i = 0; i < n; i++) {
        char name[128];
        double va = metric_value(c, &rows[i], 0), vb = metric_value(c, &rows[i], 1);
        gmc_json_obj(&j, metric_name(c, &rows[i], name, sizeof name));
        gmc_json_num(&j, "a", va);
        gmc_json_num(&j, "b", vb);
        gmc_json_num(&j, "difference", vb - va);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_obj(&j);
    gmc_json_warnings(&j, &c->warnings);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

static void write_csv(const cmp *c, FILE *f, int table, bool xs)
{
    const gm_plan_compare *pc = c->c;
    if (table == CSV_TRANSFERS) {
        fputs("from,to,units,population\n", f);
        for (size_t a = 0; a < pc->ka; a++)
            for (size_t b = 0; b < pc->kb; b++) {
                size_t cell = a * pc->kb + b;
                if (!pc->units[cell]) continue;
                gmc_csv_field(f, c->s[0].p->label[a], xs);
                fputc(',', f);
                gmc_csv_field(f, c->s[1].p->label[b], xs);
                fprintf(f, ",%zu,", pc->units[cell]);
                gmc_csv_num(f, pc->pop[cell]);
                fputc('\n', f);
            }
        return;
    }
    if (table == CSV_METRICS) {
        fputs("metric,a,b,difference\n", f);
        mrow rows[2 * GM_PLAN_METRICS_MAX + 8];
        size_t n = metric_rows(c, rows, sizeof rows / sizeof rows[0]);
        for (size_t i = 0; i < n; i++) {
            char name[128];
            double va = metric_value(c, &rows[i], 0), vb = metric_value(c, &rows[i], 1);
            gmc_csv_field(f, metric_name(c, &rows[i], name, sizeof name), xs);
            fputc(',', f);
            gmc_csv_num(f, va);
            fputc(',', f);
            gmc_csv_num(f, vb);
            fputc(',', f);
            gmc_csv_num(f, vb - va);
            fputc('\n', f);
        }
        return;
    }
    fputs("plan,district,best_match", f);
    gmc_csv_metric_keys(f, &(gmc_metric_rows){.fam = GM_MF_COMPARE});
    fputc('\n', f);
    for (int w = 0; w < 2; w++) {
        size_t k = w ? pc->kb : pc->ka;
        for (size_t d = 0; d < k; d++) {
            int32_t m = match_of(c, w, d);
            gm_compare_values cv;
            gm_plan_compare_values(pc, w, d, &cv);
            fputs(w ? "B," : "A,", f);
            gmc_csv_field(f, c->s[w].p->label[d], xs);
            fputc(',', f);
            if (m >= 0) gmc_csv_field(f, c->s[!w].p->label[m], xs);
            gmc_csv_metric_values(f, &(gmc_metric_rows){GM_MF_COMPARE, 0, 0, &cv, NULL});
            fputc('\n', f);
        }
    }
}

/* A metric value for people, by the row's unit. */
static const char *metric_cell(const gm_metric_def *m, double v, char *buf)
{
    if (m->unit == GM_UNIT_SHARE) return gmc_fmt_pct(v, 2, buf, 64);
    return gmc_fmt_fix(v, m->integer ? 0 : 4, buf, 64);
}

/* One side's district table for people: the label, its best match, and the rows of the
 * comparison family that have a short header. */
static void text_districts(const cmp *c, int w, FILE *f)
{
    const gm_plan_compare *pc = c->c;
    enum { MAXC = 2 + 16 };
    const gm_metric_def *rows[16];
    size_t nr = 0;
    for (size_t i = 0; i < gm_metric_count(GM_MF_COMPARE) && nr < 16; i++)
        if (gm_metric_get(GM_MF_COMPARE, i)->abbrev) rows[nr++] = gm_metric_get(GM_MF_COMPARE, i);
    fprintf(f, "\nDistricts of plan %s (%s) and their best match in plan %s%s:\n", w ? "B" : "A",
            c->s[w].p->source, w ? "A" : "B", pc->by_units ? " (population counts units)" : "");
    gmc_table tb;
    gmc_table_init(&tb, 2 + nr);
    const char *hdr[MAXC] = {"District", "Best match"};
    for (size_t i = 0; i < nr; i++) hdr[2 + i] = rows[i]->abbrev;
    gmc_table_add(&tb, hdr);
    size_t k = w ? pc->kb : pc->ka;
    for (size_t d = 0; d < k; d++) {
        int32_t m = match_of(c, w, d);
        gm_compare_values cv;
        gm_plan_compare_values(pc, w, d, &cv);
        char cell[MAXC][64];
        const char *row[MAXC] = {c->s[w].p->label[d], m >= 0 ? c->s[!w].p->label[m] : "-"};
        for (size_t i = 0; i < nr; i++) {
            double v = gm_metric_value(rows[i], &cv, NULL);
            row[2 + i] = rows[i]->flags & GM_MD_PCT ? gmc_fmt_pct(v, rows[i]->decimals, cell[i], 64)
                                                    : gmc_fmt_int(v, cell[i], 64);
        }
        gmc_table_add(&tb, row);
    }
    gmc_table_print(&tb, f, "  ");
    gmc_table_free(&tb);
}

static void write_text(const cmp *c, FILE *f)
{
    const gm_plan_compare *pc = c->c;
    char b1[64], b2[64], b3[64];
    fprintf(f, "Plan A: %s (%zu districts)\nPlan B: %s (%zu districts)\nUnits: %zu from %s (layer %s)\n\n",
            c->s[0].p->source, pc->ka, c->s[1].p->source, pc->kb, c->u->n, c->u->source, c->u->layer);
    const char *wt = pc->by_units ? "units (no population field: every unit counts 1)" : "people";
    fprintf(f, "Moved: %zu of %zu units, %s of %s %s (%s) are not in the best match of their "
               "A district\n",
            pc->moved_units, pc->n_units, gmc_fmt_int(pc->moved, b1, 64), gmc_fmt_int(pc->total, b2, 64),
            wt, gmc_fmt_pct(pc->total > 0 ? pc->moved / pc->total : NAN, 2, b3, 64));
    fprintf(f, "Core retention: %s of A's population stays with its best-matching B district; "
               "%s of B's comes from its best-matching A district\n",
            gmc_fmt_pct(pc->total > 0 ? pc->retained_a / pc->total : NAN, 2, b1, 64),
            gmc_fmt_pct(pc->total > 0 ? pc->retained_b / pc->total : NAN, 2, b2, 64));
    text_districts(c, 0, f);
    text_districts(c, 1, f);
    fputs("\nTransfers (A district -> B district, non-empty cells):\n", f);
    gmc_table tb;
    gmc_table_init(&tb, 4);
    const char *th[] = {"From A", "To B", "Units", pc->by_units ? "Weight" : "Population"};
    gmc_table_add(&tb, th);
    for (size_t a = 0; a < pc->ka; a++)
        for (size_t b = 0; b < pc->kb; b++) {
            size_t cell = a * pc->kb + b;
            if (!pc->units[cell]) continue;
            const char *row[] = {c->s[0].p->label[a], c->s[1].p->label[b],
                                 gmc_fmt_int((double)pc->units[cell], b1, 64),
                                 gmc_fmt_int(pc->pop[cell], b2, 64)};
            gmc_table_add(&tb, row);
        }
    gmc_table_print(&tb, f, "  ");
    gmc_table_free(&tb);
    fputs("\nMetrics side by side:\n", f);
    gmc_table_init(&tb, 4);
    const char *mh[] = {"Metric", "A", "B", "B - A"};
    gmc_table_add(&tb, mh);
    mrow rows[2 * GM_PLAN_METRICS_MAX + 8];
    size_t n = metric_rows(c, rows, sizeof rows / sizeof rows[0]);
    for (size_t i = 0; i < n; i++) {
        char name[128];
        double va = metric_value(c, &rows[i], 0), vb = metric_value(c, &rows[i], 1);
        const char *row[] = {metric_name(c, &rows[i], name, sizeof name), metric_cell(rows[i].m, va, b1),
                             metric_cell(rows[i].m, vb, b2), metric_cell(rows[i].m, vb - va, b3)};
        gmc_table_add(&tb, row);
    }
    gmc_table_print(&tb, f, "  ");
    gmc_table_free(&tb);
    if (!c->graph_source)
        fputs("(no unit graph: cut edges, Polsby-Popper and contiguity are left out)\n", f);
    gmc_text_warnings(f, &c->warnings);
}

int gmc_cmd_compare(int argc, char **argv)
{
    enum { O_AGAINST = 2000, O_TABLE, O_NOGRAPH };
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"against", required_argument, 0, O_AGAINST},
                                       {"format", required_argument, 0, 'f'},
                                       {"table", required_argument, 0, O_TABLE},
                                       {"output", required_argument, 0, 'o'},
                                       {"excel-safe", no_argument, 0, 'x'},
                                       {"graph", required_argument, 0, 'g'},
                                       {"no-graph", no_argument, 0, O_NOGRAPH},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_source src;
    memset(&src, 0, sizeof src);
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *against = NULL, *graph_file = NULL, *table = NULL;
    bool excel_safe = false, no_graph = false;
    gmc_getopt args = {.cmd = "compare", .shortopts = ":ho:f:", .longopts = lo, .help = help,
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
        case 'g': graph_file = optarg; break;
        case O_AGAINST: against = optarg; break;
        case O_TABLE: table = optarg; break;
        case O_NOGRAPH: no_graph = true; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (!src.plan || !against)
        return gmc_usage_error("compare", "name the two plans with --plan A and --against B "
                                          "(each a column, an assignment CSV or a district layer)");
    if (src.at_large) return gmc_usage_error("compare", "--at-large has no districts to compare; "
                                                        "name plan A with --plan");
    int csv_table = CSV_DISTRICTS;
    if (table) {
        if (fmt != GMC_CSV)
            return gmc_usage_error("compare", "--table picks the CSV table; add --format csv or leave it out");
        if (!strcmp(table, "districts")) csv_table = CSV_DISTRICTS;
        else if (!strcmp(table, "transfers")) csv_table = CSV_TRANSFERS;
        else if (!strcmp(table, "metrics")) csv_table = CSV_METRICS;
        else
            return gmc_usage_error("compare", "--table: expected districts, transfers or metrics, got '%s'",
                                   table);
    }
    if (excel_safe && fmt != GMC_CSV)
        return gmc_usage_error("compare", "--excel-safe guards CSV cells; add --format csv or leave it out");
    if (graph_file && no_graph)
        return gmc_usage_error("compare", "--graph and --no-graph exclude each other");
    const char *inputs[] = {src.units, src.plan, against, graph_file};
    int rc = gmc_check_output(output, inputs, 4);
    if (rc) return rc;
    src.want_geometry = !no_graph && !graph_file;

    gm_units *u = NULL;
    gm_plan *pp[2] = {NULL, NULL};
    gm_graph *g = NULL;
    const char *two[2] = {src.plan, against};
    if ((rc = gmc_load_plans(&src, two, 2, &u, pp)) != 0) return rc;
    cmp c;
    memset(&c, 0, sizeof c);
    c.u = u;
    c.s[0].p = pp[0];
    c.s[1].p = pp[1];
    gm_error err;
    gm_error_clear(&err);
    if (gm_warnings_merge(&c.warnings, &u->warnings) || gm_warnings_merge(&c.warnings, &pp[0]->warnings) ||
        gm_warnings_merge(&c.warnings, &pp[1]->warnings)) {
        rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
        goto done;
    }
    if (gm_plan_compare_compute(u, pp[0], pp[1], &c.c, &err) != GM_OK) {
        rc = gmc_fail(&err);
        goto done;
    }
    if (!no_graph && (graph_file || u->geom || u->from_graph)) {
        if ((rc = gmc_load_graph(graph_file ? graph_file : "auto", u, &g, &c.warnings)) != 0) goto done;
        c.graph_source = graph_file ? graph_file
                       : u->from_graph ? u->source : "built from the unit geometry";
    }
    for (int w = 0; w < 2; w++)
        if (score_side(u, g, &c.s[w], &err)) {
            rc = gmc_fail(&err);
            goto done;
        }
    gmc_warnings_stderr(&c.warnings);
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (fmt == GMC_JSON) write_json(&c, sink.f);
    else if (fmt == GMC_CSV) write_csv(&c, sink.f, csv_table, excel_safe);
    else write_text(&c, sink.f);
    rc = gmc_sink_close(&sink, true);
done:
    for (int w = 0; w < 2; w++) gm_tally_destroy(c.s[w].t);
    gm_plan_compare_destroy(c.c);
    gm_warnings_free(&c.warnings);
    gm_graph_destroy(g);
    gm_plan_destroy(pp[1]);
    gm_plan_destroy(pp[0]);
    gm_units_destroy(u);
    return rc;
}
