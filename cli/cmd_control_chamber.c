/* cmd_control_chamber.c: `gerrymeter control chamber`: a legislative chamber scored plan by
 * plan and election by election (seats, every partisan metric, the majority threshold of
 * each party, the swing that flips the majority, the seats after a swing), from a plan and
 * its precinct votes (--units --plan --election ...) or from district results (--results
 * --group ...). The numbers are gm_chamber_score's; this file reads, parses and prints. */
#include "cli.h"
#include "cmd_control.h"
#include "cmd_partisan.h"
#include "opts.h"
#include "out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_report.h"

static const char help[] =
    "Usage: gerrymeter control chamber --units PATH --plan SPEC --election NAME:D=F,R=F ...\n"
    "       gerrymeter control chamber --results FILE.csv --votes D=COL,R=COL --group COL,...\n\n"
    "A legislative chamber under each plan and election: seats, the Democratic vote, the\n"
    "share each party needs for a majority of the seats under a uniform swing, the swing\n"
    "that flips the majority, and every partisan metric. One row per --election (a plan\n"
    "and its precinct votes) or per group of a district results table.\n\n"
    "Plan and precinct votes (the shared source options):\n"
    "%s"
    "  --election NAME:D=FIELD,R=FIELD   one election (repeat it: one row each; or --votes)\n\n"
    "District results:\n"
    "  --results FILE           CSV with one row per district (--votes D=COL,R=COL)\n"
    "  --district-col COL       district column (default: district)\n"
    "  --group COL,...          one row per group (e.g. plan,office)\n\n"
    "Method:\n"
    "  --impute-uncontested S   give an uncontested race's winner share S (e.g. 0.75) of the\n"
    "                           mean contested turnout (default: scored as reported)\n"
    "  --swing X                move D's share by X points in every district (3 or D+3\n"
    "                           towards D, -3 or R+3 towards R): seats after it and whether\n"
    "                           the majority flips\n\n"
    "Output:\n"
    "  --title TEXT             HTML page title\n"
    "  --format text|json|csv|html  (default text)\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
    "  -h, --help               show this help\n\n"
    "A district with no votes for either party is a seat neither party won: it counts in\n"
    "the chamber (a majority is more than half of all seats) and no swing moves it.\n"
    "Method and caveats: docs/control.md, \"State chambers\".\n";

/* One row: a plan and an election. */
typedef struct row {
    char name[256];       /* "2012", "2022 GOV" */
    const char *party[2]; /* borrowed */
    size_t k;
    double *a, *b;        /* [k] votes (owned; imputation changes them) */
    size_t imputed;
    gm_chamber_row c;
} row;

typedef struct run {
    char source[512]; /* the input as the outputs name it: file names, no directories */
    size_t n;
    row *r;
    double impute; /* NaN: as reported */
    double swing;  /* NaN: none */
    gm_partisan_opts po;
    gm_warnings warnings;
} run;

/* The swing gave the majority to the party without one (losing it to a tie is no flip). */
static bool flips(const gm_chamber_row *c)
{
    return c->swing_majority && c->swing_majority != c->majority;
}

static const char *who(const row *w, char h)
{
    return h == 'a' ? w->party[0] : h == 'b' ? w->party[1] : NULL;
}

static const char *treatment(const run *r, char *buf, size_t cap)
{
    if (isnan(r->impute)) snprintf(buf, cap, "as reported");
    else snprintf(buf, cap, "imputed: the winner gets %g of the mean contested turnout", r->impute);
    return buf;
}

static const char vacant_rule[] = "a district with no votes for either party is a seat neither "
                                  "party won: it counts in the chamber and no swing moves it";

/* ---- text ------------------------------------------------------------------------- */

static void write_text(const run *r, FILE *f)
{
    char tb[160];
    fprintf(f, "Chamber: %s\nUniform swing; a majority is more than half the seats; uncontested "
               "races %s;\n%s.\n\n",
            r->source, treatment(r, tb, sizeof tb), vacant_rule);
    enum { NC = 14 };
    const char *hdr[NC] = {"Plan/election", "Seats", "Majority", "D seats", "R seats", "Vacant",
                           "D vote",        "D needs", "R needs", "Flip swing", "Exact",
                           "EG",            "Mean-median", "Uncontested"};
    gmc_table t;
    gmc_table_init(&t, NC);
    gmc_table_add(&t, hdr);
    for (size_t i = 0; i < r->n; i++) {
        const row *w = &r->r[i];
        const gm_chamber_row *c = &w->c;
        char x[NC][64];
        const char *cells[NC];
        snprintf(x[0], 64, "%s", w->name);
        snprintf(x[1], 64, "%zu", c->seats);
        snprintf(x[2], 64, "%zu", c->majority_seats);
        snprintf(x[3], 64, "%g", c->seats_a);
        snprintf(x[4], 64, "%g", c->seats_b);
        snprintf(x[5], 64, "%zu", c->vacant);
        gmc_fmt_pct(c->ps.vote_share, 2, x[6], 64);
        gmc_fmt_pct(c->ps.majority_share, 2, x[7], 64);
        gmc_fmt_pct(c->ps.majority_share_b, 2, x[8], 64);
        gmc_swing_text(c->flip_step, 2, x[9], 64);
        gmc_swing_text(c->ps.majority_swing, 4, x[10], 64);
        gmc_fmt_fix(c->ps.efficiency_gap, 3, x[11], 64);
        gmc_fmt_fix(c->ps.mean_median, 3, x[12], 64);
        snprintf(x[13], 64, "%zu", (size_t)c->ps.uncontested);
        for (size_t k = 0; k < NC; k++) cells[k] = x[k];
        gmc_table_add(&t, cells);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
    fprintf(f, "D needs / R needs: the party's two-party share of the vote above which it wins a "
               "majority of the\nseats when every district moves with the statewide vote. Flip "
               "swing: the smallest uniform\nswing, in steps of 0.01 points, that gives the "
               "party without a majority one (it flips,\n0.01 points less does not); Exact: the "
               "boundary it lies just beyond. EG and mean-median:\npositive favours R "
               "(docs/metrics.md). Every metric: --format json or csv.\n");
    if (!isnan(r->swing)) {
        char sw[32];
        fprintf(f, "\nSwing %s:\n", gmc_swing_text(r->swing, 2, sw, sizeof sw));
        enum { NS = 8 };
        const char *sh[NS] = {"Plan/election", "To D", "To R", "Tied", "D seats", "R seats",
                              "Majority after", "Flips"};
        gmc_table_init(&t, NS);
        gmc_table_add(&t, sh);
        for (size_t i = 0; i < r->n; i++) {
            const row *w = &r->r[i];
            const gm_chamber_row *c = &w->c;
            char x[NS][64];
            const char *cells[NS];
            const char *after = who(w, c->swing_majority);
            snprintf(x[0], 64, "%s", w->name);
            snprintf(x[1], 64, "%zu", c->to_a);
            snprintf(x[2], 64, "%zu", c->to_b);
            snprintf(x[3], 64, "%zu", c->tied);
            snprintf(x[4], 64, "%g", c->swing_seats_a);
            snprintf(x[5], 64, "%g", c->swing_seats_b);
            snprintf(x[6], 64, "%s", after ? after : "none");
            snprintf(x[7], 64, "%s", flips(c) ? "yes" : "no");
            for (size_t k = 0; k < NS; k++) cells[k] = x[k];
            gmc_table_add(&t, cells);
        }
        gmc_table_print(&t, f, "");
        gmc_table_free(&t);
    }
    gmc_text_warnings(f, &r->warnings);
}

/* ---- JSON ------------------------------------------------------------------------- */

static void write_json(const run *r, FILE *f)
{
    char tb[160];
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_str(&j, "gerrymeter", gm_version());
    gmc_json_str(&j, "source", r->source);
    gmc_json_obj(&j, "method");
    gmc_json_str(&j, "swing_model", "uniform");
    gmc_json_str(&j, "uncontested", isnan(r->impute) ? "reported" : "impute");
    gmc_json_num(&j, "impute_share", r->impute);
    gmc_json_str(&j, "uncontested_rule", treatment(r, tb, sizeof tb));
    gmc_json_str(&j, "vacant_rule", vacant_rule);
    gmc_json_num(&j, "swing", r->swing);
    gmc_json_end_obj(&j);
    gmc_json_arr(&j, "rows");
    for (size_t i = 0; i < r->n; i++) {
        const row *w = &r->r[i];
        const gm_chamber_row *c = &w->c;
        gmc_json_obj(&j, NULL);
        gmc_json_str(&j, "name", w->name);
        gmc_json_arr(&j, "parties");
        gmc_json_str(&j, NULL, w->party[0]);
        gmc_json_str(&j, NULL, w->party[1]);
        gmc_json_end_arr(&j);
        gmc_json_int(&j, "districts", (long long)c->seats);
        gmc_json_int(&j, "vacant", (long long)c->vacant);
        gmc_json_int(&j, "majority_seats", (long long)c->majority_seats);
        gmc_json_obj(&j, "seats");
        gmc_json_num(&j, w->party[0], c->seats_a);
        gmc_json_num(&j, w->party[1], c->seats_b);
        gmc_json_end_obj(&j);
        gmc_json_str(&j, "majority", who(w, c->majority));
        gmc_json_num(&j, "flip_step", c->flip_step);
        gmc_json_int(&j, "uncontested", (long long)c->ps.uncontested);
        gmc_json_int(&j, "imputed", (long long)w->imputed);
        gm_metric_in in = {.k = w->k, .a = w->a, .b = w->b, .cut_edges = NAN};
        gm_json_out o = gmc_json_out(&j);
        gm_partisan_json_metrics(&o, &c->ps, &in);
        if (!isnan(r->swing)) {
            gmc_json_obj(&j, "swing");
            gmc_json_num(&j, "swing", c->swing);
            gmc_json_int(&j, "to_a", (long long)c->to_a);
            gmc_json_int(&j, "to_b", (long long)c->to_b);
            gmc_json_int(&j, "tied", (long long)c->tied);
            gmc_json_obj(&j, "seats");
            gmc_json_num(&j, w->party[0], c->swing_seats_a);
            gmc_json_num(&j, w->party[1], c->swing_seats_b);
            gmc_json_end_obj(&j);
            gmc_json_str(&j, "majority", who(w, c->swing_majority));
            gmc_json_bool(&j, "majority_flips", flips(c));
            gmc_json_end_obj(&j);
        }
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_warnings(&j, &r->warnings);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

/* ---- CSV -------------------------------------------------------------------------- */

static void num(FILE *f, double v)
{
    fputc(',', f);
    gmc_csv_num(f, v);
}

static void write_csv(const run *r, FILE *f)
{
    fputs("name,party_a,party_b,districts,vacant,majority_seats,seats_a,seats_b,majority,"
          "flip_step,uncontested,imputed",
          f);
    size_t nm = gm_metric_count(GM_MF_PARTISAN);
    for (size_t m = 0; m < nm; m++) fprintf(f, ",%s", gm_metric_get(GM_MF_PARTISAN, m)->key);
    fputs(",swing,swing_to_a,swing_to_b,swing_tied,swing_seats_a,swing_seats_b,swing_majority\n", f);
    for (size_t i = 0; i < r->n; i++) {
        const row *w = &r->r[i];
        const gm_chamber_row *c = &w->c;
        const char *maj = who(w, c->majority);
        gmc_csv_field(f, w->name, false);
        fputc(',', f);
        gmc_csv_field(f, w->party[0], false);
        fputc(',', f);
        gmc_csv_field(f, w->party[1], false);
        fprintf(f, ",%zu,%zu,%zu", c->seats, c->vacant, c->majority_seats);
        num(f, c->seats_a);
        num(f, c->seats_b);
        fputc(',', f);
        gmc_csv_field(f, maj ? maj : "", false);
        num(f, c->flip_step);
        fprintf(f, ",%zu,%zu", (size_t)c->ps.uncontested, w->imputed);
        gm_metric_in in = {.k = w->k, .a = w->a, .b = w->b, .cut_edges = NAN};
        for (size_t m = 0; m < nm; m++) num(f, gm_metric_value(gm_metric_get(GM_MF_PARTISAN, m), &c->ps, &in));
        if (isnan(r->swing)) {
            fputs(",,,,,,,\n", f);
            continue;
        }
        num(f, c->swing);
        fprintf(f, ",%zu,%zu,%zu", c->to_a, c->to_b, c->tied);
        num(f, c->swing_seats_a);
        num(f, c->swing_seats_b);
        const char *after = who(w, c->swing_majority);
        fprintf(f, ",%s\n", after ? after : "none");
    }
}

/* ---- HTML ------------------------------------------------------------------------- */

static int write_html(const run *r, const char *title, char **html)
{
    const char **names = malloc((r->n ? r->n : 1) * sizeof *names);
    gm_chamber_row *rows = malloc((r->n ? r->n : 1) * sizeof *rows);
    int rc = 0;
    if (!names || !rows) {
        gmc_msg("out of memory");
        rc = GMC_EDATA;
        goto done;
    }
    for (size_t i = 0; i < r->n; i++) {
        names[i] = r->r[i].name;
        rows[i] = r->r[i].c;
    }
    char tb[160];
    gm_chamber_table t = {r->n, names, rows, r->n ? r->r[0].party[0] : "D",
                          r->n ? r->r[0].party[1] : "R", r->source, treatment(r, tb, sizeof tb),
                          &r->warnings};
    gm_error err;
    gm_error_clear(&err);
    if (gm_chamber_html(&t, title, html, &err) != GM_OK) rc = gmc_fail(&err);
done:
    free(names);
    free(rows);
    return rc;
}

/* ---- inputs ----------------------------------------------------------------------- */

static int add_row(run *r, const char *name, const char *pa, const char *pb, const double *a,
                   const double *b, size_t k)
{
    row *w = &r->r[r->n];
    snprintf(w->name, sizeof w->name, "%s", name);
    w->party[0] = pa;
    w->party[1] = pb;
    w->k = k;
    w->a = malloc(2 * (k ? k : 1) * sizeof *w->a);
    if (!w->a) return gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
    r->n++;
    w->b = w->a + k;
    memcpy(w->a, a, k * sizeof *a);
    memcpy(w->b, b, k * sizeof *b);
    if (!isnan(r->impute)) w->imputed = gm_impute_uncontested(w->a, w->b, k, r->impute, NULL);
    gm_error err;
    gm_error_clear(&err);
    if (gm_chamber_score(w->a, w->b, k, &r->po, r->swing, &w->c, &err) != GM_OK) {
        gmc_msg("%s:", name);
        return gmc_fail(&err);
    }
    return 0;
}

/* A path's file name. */
static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static size_t split_list(char *s, const char **out, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *t = strtok_r(s, ",", &save); t && n < max; t = strtok_r(NULL, ",", &save)) out[n++] = t;
    return n;
}

int gmc_cmd_control_chamber(int argc, char **argv)
{
    enum { O_RESULTS = 2000, O_DCOL, O_GROUP, O_IMPUTE, O_SWING, O_TITLE };
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"election", required_argument, 0, GMC_OPT_ELECTION},
                                       {"results", required_argument, 0, O_RESULTS},
                                       {"district-col", required_argument, 0, O_DCOL},
                                       {"group", required_argument, 0, O_GROUP},
                                       {"impute-uncontested", required_argument, 0, O_IMPUTE},
                                       {"swing", required_argument, 0, O_SWING},
                                       {"title", required_argument, 0, O_TITLE},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_source src;
    memset(&src, 0, sizeof src);
    run r;
    memset(&r, 0, sizeof r);
    gm_partisan_opts_init(&r.po);
    r.impute = NAN;
    r.swing = NAN;
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *results = NULL, *dcol = "district", *title = NULL;
    char groupbuf[1024] = "";
    gmc_getopt args = {.cmd = "control chamber", .shortopts = ":ho:f:", .longopts = lo,
                       .help = help, .help_fmt = true, .src = &src};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg,
                                 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV | 1u << GMC_HTML, &fmt))
                return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case GMC_OPT_ELECTION:
            if (gmc_election_add(&src, optarg)) return GMC_EUSAGE;
            break;
        case O_RESULTS: results = optarg; break;
        case O_DCOL: dcol = optarg; break;
        case O_GROUP:
            if (strlen(optarg) >= sizeof groupbuf)
                return gmc_usage_error("control chamber", "--group: too long");
            strcpy(groupbuf, optarg);
            break;
        case O_IMPUTE:
            if (gmc_parse_double("--impute-uncontested", optarg, 0.5, 1, &r.impute)) return GMC_EUSAGE;
            if (r.impute == 0.5)
                return gmc_usage_error("control chamber", "--impute-uncontested: the winner's share must be above 0.5");
            break;
        case O_SWING: {
            gm_error e;
            if (gm_swing_parse(optarg, &r.swing, &e) != GM_OK)
                return gmc_usage_error("control chamber", "--swing: %s", e.msg);
            break;
        }
        case O_TITLE: title = optarg; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (results && src.units)
        return gmc_usage_error("control chamber", "--results and --units are two different inputs; give one");
    if (!results && !src.units)
        return gmc_usage_error("control chamber", "give a plan and its votes (--units, --plan, "
                                                  "--election) or district results (--results)");
    if (results && (src.plan || src.n_elections))
        return gmc_usage_error("control chamber", "--plan and --election go with --units; district "
                                                  "results take --votes and --group");
    if (!results && groupbuf[0]) return gmc_usage_error("control chamber", "--group needs --results");
    if (!src.votes && !src.n_elections)
        return gmc_usage_error("control chamber", "name the votes: --election NAME:D=F,R=F (one per "
                                                  "election) or --votes D=F,R=F");
    if (title && fmt != GMC_HTML)
        return gmc_usage_error("control chamber", "--title names the HTML page; add --format html");
    const char *inputs[] = {results ? results : src.units, src.plan};
    int rc = gmc_check_output(output, inputs, 2);
    if (rc) return rc;

    gm_error err;
    gm_error_clear(&err);
    gm_results *res = NULL;
    gm_units *u = NULL;
    gm_plan *p = NULL;
    gm_tally *t = NULL;
    char *html = NULL;
    static char votebuf[4096];
    gm_units_spec spec;
    memset(&spec, 0, sizeof spec);
    if (src.votes && gmc_parse_votes(src.votes, &spec, votebuf, sizeof votebuf)) return GMC_EUSAGE;
    if (results) {
        const char *groups[16];
        size_t ng = split_list(groupbuf, groups, 16);
        gm_results_opts ro = {dcol, (const char *const *)spec.vote_field, spec.n_parties, groups, ng,
                              src.negative_votes, (const char *const *)spec.party, NULL, src.where};
        if (gm_results_read(results, &ro, &res, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        snprintf(r.source, sizeof r.source, "%s", base(results));
        r.r = calloc(res->n_groups ? res->n_groups : 1, sizeof *r.r);
        if (!r.r || gm_warnings_merge(&r.warnings, &res->warnings)) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
        for (size_t g = 0; g < res->n_groups && !rc; g++) {
            char name[256] = "";
            for (size_t c = 0, n = 0; c < ng && n + 2 < sizeof name; c++)
                n += (size_t)snprintf(name + n, sizeof name - n, "%s%s", c ? " " : "",
                                      res->group_value[g * ng + c]);
            rc = add_row(&r, name, spec.party[0], spec.party[1], gm_results_group_votes(res, g, 0),
                         gm_results_group_votes(res, g, 1), res->group_start[g + 1] - res->group_start[g]);
        }
    } else {
        if ((rc = gmc_load(&src, &u, &p)) != 0) goto done;
        if (gm_tally_compute(u, p, &t, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        if (src.plan) snprintf(r.source, sizeof r.source, "plan %s of %s", base(src.plan), base(src.units));
        else snprintf(r.source, sizeof r.source, "%s", base(src.units));
        size_t ne = src.n_elections ? src.n_elections : 1;
        r.r = calloc(ne, sizeof *r.r);
        if (!r.r || gm_warnings_merge(&r.warnings, &u->warnings) ||
            gm_warnings_merge(&r.warnings, &p->warnings)) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
        for (size_t e = 0; e < ne && !rc; e++) {
            char name[256];
            if (src.n_elections) gmc_election_name(src.election[e], name, sizeof name);
            else snprintf(name, sizeof name, "%s", src.plan ? base(src.plan) : "at large");
            rc = add_row(&r, name, u->party[2 * e], u->party[2 * e + 1], gm_tally_party(t, 2 * e),
                         gm_tally_party(t, 2 * e + 1), t->k);
        }
    }
    if (rc) goto done;
    gmc_warnings_stderr(&r.warnings);
    if (fmt == GMC_HTML && (rc = write_html(&r, title, &html)) != 0) goto done;
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (fmt == GMC_JSON) write_json(&r, sink.f);
    else if (fmt == GMC_CSV) write_csv(&r, sink.f);
    else if (fmt == GMC_HTML) fputs(html, sink.f);
    else write_text(&r, sink.f);
    rc = gmc_sink_close(&sink, true);
done:
    for (size_t i = 0; i < r.n; i++) free(r.r[i].a);
    free(r.r);
    free(html);
    gm_warnings_free(&r.warnings);
    gm_results_destroy(res);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    return rc;
}
