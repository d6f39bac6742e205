/* cmd_score.c: `gerrymeter score`: load units and a plan, tally, print the score. */
#include "cli.h"
#include "cmd_compactness.h"
#include "cmd_partisan.h"
#include "metric_cells.h"
#include "opts.h"
#include "out.h"
#include "splits_opts.h"
#include "score_elections.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: gerrymeter score --units PATH --plan SPEC [--votes D=F,R=F] [--pop F] [OPTIONS]\n\n"
    "Score one plan: population per district and its deviation, votes per party, the\n"
    "winner, seats, statewide two-party share and the efficiency gap.\n\n"
    "%s\n"
    "%s\n"
    "Output:\n"
    "  --format text|json|csv   text for people (default), JSON or per-district CSV\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output; a\n"
    "                           FILE ending in .gpkg, .geojson or .fgb receives the plan\n"
    "                           dissolved into districts (GeoPackage, GeoJSON, FlatGeobuf;\n"
    "                           EPSG:4326) with every per-district value and compactness\n"
    "                           measure as attributes, ready for QGIS\n"
    "  -o PG:CONNECTION --table NAME [--overwrite]\n"
    "                           the districts as a new PostGIS table: shape, the CSV's\n"
    "                           columns and compactness, in one transaction\n"
    "  --excel-safe             guard CSV cells against spreadsheet formula injection\n"
    "  --compactness            also dissolve the units into districts and report compactness\n"
    "                           (geodesic Polsby-Popper, Reock, hull, ...; see docs/metrics.md)\n"
    "Several elections (instead of --votes; the first is the one scored above the others):\n"
    "  --election NAME:D=FIELD,R=FIELD\n"
    "                           an election's two vote fields; repeat it for each election:\n"
    "                           every partisan metric per election and their composite (the\n"
    "                           mean of the elections' district shares; docs/metrics.md)\n"
    "Contiguity (checked by default on the unit adjacency graph, rook, built from the unit\n"
    "geometry; a layer without geometry or CRS is scored without the check, and says so):\n"
    "  --graph FILE             use this graph from 'gerrymeter graph' (no geometry is read)\n"
    "  --no-contiguity          skip the check (reads no geometry; faster on large layers)\n"
    "  -h, --help               show this help\n\n"
    "Sign: a positive efficiency gap favours the second party named in --votes (R in\n"
    "D=...,R=...); every output names the party favoured.\n\n"
    "Example:\n"
    "  gerrymeter score --units NH.zip --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP\n";

/* Everything one score call computes; built by compute(), printed by the writers. */
typedef struct score {
    const gm_units *u;
    const gm_plan *p;
    gm_plan_summary sum;        /* tally, deviation, winners, shares, partisan metrics */
    gm_compact *compact;       /* --compactness: measures of the dissolved districts, or NULL */
    const gm_graph *graph;     /* the unit graph, or NULL: contiguity not checked */
    const char *graph_source;  /* "built from the unit geometry" or the --graph file */
    const char *no_contiguity; /* why contiguity was not checked (when graph is NULL) */
    gm_contiguity *contig;     /* pieces of each district (with a graph) */
    gm_warnings warnings;      /* of the units, the plan and the scoring */
    gmc_splits splits;         /* administrative splits and demographics, when asked */
    const gmc_elections *el;   /* --election: every election and the composite, or NULL */
} score;

static const char *winner_name(const score *s, size_t d)
{
    int w = s->sum.winner[d];
    return w >= 0 ? s->u->party[w] : (w == GM_WINNER_TIE ? "tie" : NULL);
}

/* The party a signed value favours under the gerrymeter convention. */
static const char *favours(const score *s, double v)
{
    return gmc_partisan_favours(&s->sum.ps, v, s->u->party[0], s->u->party[1]);
}

static int compute(score *s, gm_error *err)
{
    return gm_plan_summary_compute(s->u, s->p, &s->sum, &s->warnings, err) == GM_OK ? 0 : -1;
}

static double seats_of(const score *s, size_t q)
{
    double n = 0;
    for (size_t d = 0; d < s->sum.t->k; d++) n += s->sum.winner[d] == (int)q;
    return n;
}

static double ties_of(const score *s)
{
    double n = 0;
    for (size_t d = 0; d < s->sum.t->k; d++) n += s->sum.winner[d] == GM_WINNER_TIE;
    return n;
}

/* The district family of the registry (gm_metric.h): the rows that do not need votes go
 * before the vote columns, those that do (the two-party share) after them, and only when
 * two parties are named. */
static bool district_row(const score *s, const gm_metric_def *m, bool after_votes)
{
    bool votes = (m->flags & GM_MD_VOTES) != 0;
    return votes == after_votes && (!votes || s->sum.have_partisan);
}

/* District d's values (gm_district_values) and the registry rows before the votes
 * (after_votes false) or after them, as metric_cells.h writes them. */
typedef struct district_cells {
    gm_district_values dv;
    gm_metric_in in;
    gmc_metric_rows rows;
} district_cells;

static const gmc_metric_rows *district_cells_of(const score *s, size_t d, bool after_votes,
                                                district_cells *x)
{
    gm_district_values_get(s->sum.t, &s->sum.pd, s->sum.have_partisan ? s->sum.share : NULL, d,
                           &x->dv);
    x->in = (gm_metric_in){.k = s->sum.t->k, .pop = s->sum.t->pop,
                           .a = s->sum.have_partisan ? gm_tally_party(s->sum.t, 0) : NULL,
                           .b = s->sum.have_partisan ? gm_tally_party(s->sum.t, 1) : NULL,
                           .cut_edges = NAN, .district = d};
    x->rows = (gmc_metric_rows){GM_MF_DISTRICT, GM_MD_VOTES, after_votes ? GM_MD_VOTES : 0,
                                &x->dv, &x->in};
    return &x->rows;
}

/* Row m's value for district d. */
static double district_value(const score *s, const gm_metric_def *m, size_t d)
{
    district_cells x;
    district_cells_of(s, d, false, &x);
    return gm_metric_value(m, &x.dv, &x.in);
}

/* The header's keys (d SIZE_MAX) or district d's cells. */
static void csv_district_rows(FILE *f, const score *s, size_t d, bool after_votes)
{
    if (after_votes && !s->sum.have_partisan) return;
    if (d == SIZE_MAX) {
        gmc_csv_metric_keys(f, &(gmc_metric_rows){GM_MF_DISTRICT, GM_MD_VOTES,
                                                  after_votes ? GM_MD_VOTES : 0, NULL, NULL});
        return;
    }
    district_cells x;
    gmc_csv_metric_values(f, district_cells_of(s, d, after_votes, &x));
}

/* A district value for people: counts as integers, percentages with the row's digits. */
static const char *district_cell(const score *s, const gm_metric_def *m, size_t d, char *buf)
{
    double v = district_value(s, m, d);
    int dec = m->decimals >= 0 ? m->decimals : 4;
    if (m->flags & GM_MD_PCT) return gmc_fmt_pct(v, dec, buf, 64);
    if (m->unit == GM_UNIT_COUNT && dec == 0) return gmc_fmt_int(v, buf, 64);
    return gmc_fmt_fix(v, dec, buf, 64);
}

/* One line on contiguity for people. */
static void text_contiguity(const score *s, FILE *f)
{
    if (!s->contig) {
        fprintf(f, "Contiguity: not checked (%s)\n", s->no_contiguity);
        return;
    }
    const gm_contiguity *c = s->contig;
    if (c->n_noncontiguous == 0) {
        fprintf(f, "Contiguity: every district is contiguous (%s adjacency on the unit graph)\n",
                c->queen ? "queen" : "rook");
        return;
    }
    fprintf(f, "Contiguity: %zu district%s not contiguous (%s adjacency on the unit graph):",
            c->n_noncontiguous, c->n_noncontiguous == 1 ? "" : "s", c->queen ? "queen" : "rook");
    size_t shown = 0;
    for (size_t d = 0; d < c->k; d++) {
        if (c->components[d] <= c->land_masses[d]) continue;
        if (shown++ == 10) {
            fputs(" ...", f);
            break;
        }
        fprintf(f, "%s %s (%u pieces)", shown > 1 ? "," : "", s->p->label[d], (unsigned)c->components[d]);
    }
    fputs("; see the warning below and JSON detached\n", f);
}

/* The engine's view of the score for its JSON document (gm_tally.h). */
static gm_score_doc doc_of(const score *s)
{
    return (gm_score_doc){.u = s->u, .p = s->p, .sum = &s->sum, .contig = s->contig,
                          .graph = s->graph, .graph_source = s->graph_source,
                          .no_contiguity = s->no_contiguity};
}

static void write_json(const score *s, FILE *f)
{
    const gm_units *u = s->u;
    gmc_json j;
    gmc_json_init(&j, f);
    gm_json_out o = gmc_json_out(&j);
    gm_score_doc doc = doc_of(s);
    gmc_json_obj(&j, NULL);
    gm_score_json_head(&o, &doc);
    gm_score_json_districts(&o, &doc);
    gmc_splits_json(&j, &s->splits, u, s->p);
    if (s->compact) gm_compact_json(&o, "compactness", s->compact);
    if (s->el) gmc_elections_json(&j, s->el);
    gmc_json_warnings(&j, &s->warnings);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

static void write_csv(const score *s, FILE *f, bool xs)
{
    const gm_units *u = s->u;
    const gm_tally *t = s->sum.t;
    fputs("district", f);
    csv_district_rows(f, s, SIZE_MAX, false);
    for (size_t q = 0; q < u->n_parties; q++) {
        fputc(',', f);
        char col[128];
        snprintf(col, sizeof col, "votes_%s", u->party[q]);
        gmc_csv_field(f, col, xs);
    }
    csv_district_rows(f, s, SIZE_MAX, true);
    fputs(",winner", f);
    gmc_splits_csv(f, &s->splits, s->p, SIZE_MAX, xs);
    if (s->el) gmc_elections_csv(f, s->el, SIZE_MAX, xs);
    fputc('\n', f);
    for (size_t d = 0; d < t->k; d++) {
        gmc_csv_field(f, s->p->label[d], xs);
        csv_district_rows(f, s, d, false);
        for (size_t q = 0; q < u->n_parties; q++) {
            fputc(',', f);
            gmc_csv_num(f, t->votes[q * t->k + d]);
        }
        csv_district_rows(f, s, d, true);
        fputc(',', f);
        const char *w = winner_name(s, d);
        if (w) gmc_csv_field(f, w, xs);
        gmc_splits_csv(f, &s->splits, s->p, d, xs);
        if (s->el) gmc_elections_csv(f, s->el, d, xs);
        fputc('\n', f);
    }
}

static void write_text(const score *s, FILE *f)
{
    const gm_units *u = s->u;
    const gm_tally *t = s->sum.t;
    char b1[64], b2[64];
    fprintf(f, "Plan: %s\nUnits: %zu from %s (layer %s)\n\n", s->p->source, u->n, u->source, u->layer);
    /* columns: the district, the registry's district rows with a short header before
     * the votes, the votes, the vote-dependent rows, the winner */
    enum { MAXC = 2 + GM_MAX_PARTIES + GM_PLAN_METRICS_MAX };
    const gm_metric_def *pre[GM_PLAN_METRICS_MAX], *post[GM_PLAN_METRICS_MAX];
    size_t npre = 0, npost = 0;
    for (size_t i = 0; i < gm_metric_count(GM_MF_DISTRICT) && i < GM_PLAN_METRICS_MAX; i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_DISTRICT, i);
        if (district_row(s, m, false) && m->abbrev) pre[npre++] = m;
        if (district_row(s, m, true)) post[npost++] = m;
    }
    size_t nc = 1 + npre + u->n_parties + npost + 1;
    gmc_table tb;
    gmc_table_init(&tb, nc);
    const char *hdr[MAXC];
    char partyhdr[GM_MAX_PARTIES][80], posthdr[GM_PLAN_METRICS_MAX][80];
    size_t c = 0;
    hdr[c++] = "District";
    for (size_t i = 0; i < npre; i++) hdr[c++] = pre[i]->abbrev;
    for (size_t q = 0; q < u->n_parties; q++) {
        snprintf(partyhdr[q], sizeof partyhdr[q], "%s votes", u->party[q]);
        hdr[c++] = partyhdr[q];
    }
    for (size_t i = 0; i < npost; i++) {
        /* "D share": a vote-dependent row is the first party's */
        if (post[i]->abbrev) snprintf(posthdr[i], sizeof posthdr[i], "%s", post[i]->abbrev);
        else snprintf(posthdr[i], sizeof posthdr[i], "%s %s", u->party[0], post[i]->key);
        hdr[c++] = posthdr[i];
    }
    hdr[c++] = "Winner";
    gmc_table_add(&tb, hdr);
    for (size_t d = 0; d < t->k; d++) {
        char cell[MAXC][64];
        const char *row[MAXC];
        c = 0;
        snprintf(cell[c], 64, "%s", s->p->label[d]);
        row[c] = cell[c]; c++;
        for (size_t i = 0; i < npre; i++, c++) row[c] = district_cell(s, pre[i], d, cell[c]);
        for (size_t q = 0; q < u->n_parties; q++) {
            row[c] = gmc_fmt_int(t->votes[q * t->k + d], cell[c], 64);
            c++;
        }
        for (size_t i = 0; i < npost; i++, c++) row[c] = district_cell(s, post[i], d, cell[c]);
        const char *w = winner_name(s, d);
        bool unc = s->sum.uncontested[d];
        snprintf(cell[c], 64, "%s%s", w ? w : "-", unc ? " (uncontested)" : "");
        row[c] = cell[c];
        gmc_table_add(&tb, row);
    }
    gmc_table_print(&tb, f, "");
    gmc_table_free(&tb);

    fprintf(f, "\nPopulation: total %s, ideal %s; deviation range %s (%s people; largest %s, smallest %s)\n",
            gmc_fmt_int(s->sum.pd.total, b1, sizeof b1), gmc_fmt_sep(s->sum.pd.ideal, 1, b2, sizeof b2),
            gmc_fmt_pct(s->sum.pd.range, 2, (char[32]){0}, 32),
            gmc_fmt_int(s->sum.pd.max_dev - s->sum.pd.min_dev, (char[48]){0}, 48),
            s->p->label[s->sum.pd.max_district], s->p->label[s->sum.pd.min_district]);
    fputs("Seats:", f);
    for (size_t q = 0; q < u->n_parties; q++) fprintf(f, " %s %.0f", u->party[q], seats_of(s, q));
    if (ties_of(s) > 0) fprintf(f, ", %.0f tied", ties_of(s));
    fputc('\n', f);
    if (s->sum.have_partisan) {
        const gm_partisan *ps = &s->sum.ps;
        fprintf(f, "%s two-party vote share: %s statewide, %s mean over districts\n", u->party[0],
                gmc_fmt_pct(ps->vote_share, 2, b1, sizeof b1),
                gmc_fmt_pct(ps->mean_district_share, 2, b2, sizeof b2));
        const char *fav = favours(s, ps->efficiency_gap);
        fprintf(f, "Efficiency gap: %s (favours %s; positive favours %s)\n",
                gmc_fmt_pct(ps->efficiency_gap, 2, b1, sizeof b1), fav ? fav : "-", u->party[1]);
        const char *fm = favours(s, ps->mean_median), *fb = favours(s, ps->partisan_bias),
                   *fd = favours(s, ps->declination);
        fprintf(f, "Mean-median: %s (favours %s); partisan bias at 50%%: %s (favours %s)\n",
                gmc_fmt_pct(ps->mean_median, 2, b1, sizeof b1), fm ? fm : "-",
                gmc_fmt_pct(ps->partisan_bias, 2, b2, sizeof b2), fb ? fb : "-");
        if (isfinite(ps->declination))
            fprintf(f, "Declination: %.4f (favours %s)\n", ps->declination, fd ? fd : "-");
        else
            fprintf(f, "Declination: undefined (%s)\n",
                    ps->declination_why ? ps->declination_why : "not enough districts");
        fprintf(f, "Competitive districts (share within 5 points of 50%%): %.0f of %zu\n",
                ps->competitive_districts, ps->k_counted);
        fputs("All of these are the gerrymeter convention; `gerrymeter partisan` gives every metric and peer conventions.\n", f);
        if (ps->uncontested)
            fprintf(f, "Uncontested districts: %zu (a party with no votes); not imputed\n",
                    ps->uncontested);
    }
    if (s->p->n_split)
        fprintf(f, "Units split between districts by the plan layer: %zu (assigned to the larger share; see JSON split_units)\n",
                s->p->n_split);
    text_contiguity(s, f);
    gmc_splits_text(f, &s->splits, u, s->p);
    if (s->compact) {
        fputs("\nCompactness (districts dissolved from the units):\n", f);
        gmc_compact_text(s->compact, f);
    }
    if (s->el) gmc_elections_text(f, s->el);
    gmc_text_warnings(f, &s->warnings);
}

/* Every value of v[0..k) is an integer. */
static bool all_integral(const double *v, size_t k)
{
    for (size_t d = 0; d < k; d++)
        if (isfinite(v[d]) && v[d] != floor(v[d])) return false;
    return true;
}

/* The districts as a database table: the columns of the CSV (the registry's district
 * rows, votes_<party>, winner), uncontested, then the compactness measures and the
 * shape (gm_compact_write_table). */
static int write_table(const score *s, const char *conn, const char *table, bool overwrite)
{
    const gm_units *u = s->u;
    size_t k = s->sum.t->k, nm = gm_metric_count(GM_MF_DISTRICT);
    size_t ncol = nm + u->n_parties + 2; /* the metrics, votes, winner, uncontested */
    gm_table_column *col = calloc(ncol + 1, sizeof *col);
    double *num = malloc((ncol * k + 1) * sizeof *num);
    char (*vname)[128] = calloc(u->n_parties + 1, sizeof *vname);
    const char **winner = calloc(k + 1, sizeof *winner);
    int rc = 0;
    if (!col || !num || !vname || !winner) {
        rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
        goto done;
    }
    size_t n = 0;
    for (int after = 0; after < 2; after++) {
        for (size_t i = 0; i < nm; i++) {
            const gm_metric_def *m = gm_metric_get(GM_MF_DISTRICT, i);
            if (!district_row(s, m, after)) continue;
            double *v = num + n * k;
            for (size_t d = 0; d < k; d++) v[d] = district_value(s, m, d);
            col[n++] = (gm_table_column){.name = m->key, .num = v,
                                         .integer = m->integer && all_integral(v, k)};
        }
        for (size_t q = 0; !after && q < u->n_parties; q++) {
            double *v = num + n * k;
            for (size_t d = 0; d < k; d++) v[d] = s->sum.t->votes[q * k + d];
            snprintf(vname[q], sizeof vname[q], "votes_%s", u->party[q]);
            col[n++] = (gm_table_column){.name = vname[q], .num = v, .integer = all_integral(v, k)};
        }
    }
    for (size_t d = 0; d < k; d++) winner[d] = winner_name(s, d);
    col[n++] = (gm_table_column){.name = "winner", .text = winner};
    double *unc = num + n * k; /* column n's slot (the winner's above holds no numbers) */
    for (size_t d = 0; d < k; d++) unc[d] = s->sum.uncontested[d];
    col[n++] = (gm_table_column){.name = "uncontested", .num = unc, .integer = true};
    gm_error err;
    gm_error_clear(&err);
    if (gm_compact_write_table(s->compact, conn, table, overwrite, col, n, &err) != GM_OK)
        rc = gmc_fail(&err);
done:
    free(col);
    free(num);
    free(vname);
    free(winner);
    return rc;
}

int gmc_cmd_score(int argc, char **argv)
{
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"excel-safe", no_argument, 0, 'x'},
                                       {"compactness", no_argument, 0, 'c'},
                                       {"graph", required_argument, 0, 'g'},
                                       {"no-contiguity", no_argument, 0, 'N'},
                                       {"election", required_argument, 0, GMC_OPT_ELECTION},
                                       {"table", required_argument, 0, 'T'},
                                       {"overwrite", no_argument, 0, 'O'},
                                       {"help", no_argument, 0, 'h'},
                                       GMC_SPLITS_LONGOPTS,
                                       {0, 0, 0, 0}};
    gmc_source src;
    gmc_splits_opts so;
    memset(&so, 0, sizeof so);
    memset(&src, 0, sizeof src);
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *table = NULL;
    bool excel_safe = false, compactness = false, contiguity = true, overwrite = false;
    bool fmt_given = false;
    const char *graph_file = NULL;
    gmc_getopt args = {.cmd = "score", .shortopts = ":ho:f:", .longopts = lo, .help = help,
                       .help_fmt = true, .help2 = gmc_splits_help, .src = &src};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV, &fmt))
                return GMC_EUSAGE;
            fmt_given = true;
            break;
        case 'o': output = optarg; break;
        case 'T': table = optarg; break;
        case 'O': overwrite = true; break;
        case 'x': excel_safe = true; break;
        case 'c': compactness = true; break;
        case 'g': graph_file = optarg; break;
        case 'N': contiguity = false; break;
        case GMC_OPT_ELECTION:
            if (gmc_election_add(&src, optarg)) return GMC_EUSAGE;
            break;
        default:
            if (gmc_splits_opt(&so, "score", o, optarg) < 0) return GMC_EUSAGE;
            break;
        }
    }
    if (args.rc >= 0) return args.rc;
    const char *inputs[] = {src.units, src.plan, graph_file};
    bool db = gmc_is_database(output);
    int rc = gmc_check_db_output("score", output, table, overwrite);
    if (rc) return rc;
    if (db && fmt_given)
        return gmc_usage_error("score", "a database output (-o PG:...) is a table of the districts "
                                        "with their shapes; leave --format out");
    if (!db && (rc = gmc_check_output(output, inputs, 3))) return rc;
    if (db) compactness = true; /* the table holds the districts' shapes and measures */
    if (graph_file && !contiguity)
        return gmc_usage_error("score", "--graph is for the contiguity check; leave out --no-contiguity");
    /* -o districts.gpkg: the district layer instead of a report */
    const bool layer = output && gm_district_layer_driver(output) != NULL;
    if (layer && (fmt_given || excel_safe))
        return gmc_usage_error("score", "-o %s writes the districts as a %s layer; leave out %s",
                               output, gm_district_layer_driver(output),
                               fmt_given ? "--format" : "--excel-safe");

    if (excel_safe && fmt != GMC_CSV)
        return gmc_usage_error("score", "--excel-safe guards CSV cells and has no effect on %s "
                                        "output; add --format csv or leave it out",
                               fmt == GMC_JSON ? "JSON" : "text");
    if (compactness && fmt == GMC_CSV)
        return gmc_usage_error("score", "--compactness is reported in the text and JSON formats; "
                                        "use 'gerrymeter compactness' for CSV");
    src.need_geometry = compactness || layer;
    src.want_geometry = contiguity && !graph_file;
    gm_units *u = NULL;
    gm_plan *p = NULL;
    gm_graph *g = NULL;
    if ((rc = gmc_load(&src, &u, &p)) != 0) return rc;
    score s;
    memset(&s, 0, sizeof s);
    s.u = u;
    s.p = p;
    /* several elections: the report above them is the first election's, read from units
     * that show only its two parties (the others follow in the elections part) */
    gm_units first = *u;
    gmc_elections el;
    memset(&el, 0, sizeof el);
    if (src.n_elections) {
        first.n_parties = 2;
        s.u = &first;
        if ((rc = gmc_elections_compute(&el, u, p, &src)) != 0) goto done;
        s.el = &el;
    }
    gm_error err;
    gm_error_clear(&err);
    if (gm_warnings_merge(&s.warnings, &u->warnings) || gm_warnings_merge(&s.warnings, &p->warnings)) {
        rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
        goto done;
    }
    /* the graph: from --graph, else built from the geometry when there is some */
    s.no_contiguity = !contiguity ? "--no-contiguity" : u->no_geometry;
    if (contiguity && (graph_file || u->geom || u->from_graph)) {
        if ((rc = gmc_load_graph(graph_file ? graph_file : "auto", u, &g, &s.warnings)) != 0) goto done;
        s.graph = g;
        s.graph_source = graph_file ? graph_file
                       : u->from_graph ? u->source : "built from the unit geometry";
        if (gm_contiguity_compute(g, p->district, p->k, &s.contig, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        if (gm_contiguity_warn(s.contig, (const char *const *)u->id, (const char *const *)p->label,
                               &s.warnings) != GM_OK) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
    }
    if (compute(&s, &err)) {
        rc = gmc_fail(&err);
        goto done;
    }
    if ((rc = gmc_splits_load(&so, "score", u, &s.splits)) != 0 ||
        (rc = gmc_splits_plan(&s.splits, p, s.sum.t->pop)) != 0)
        goto done;
    if (compactness || layer) {
        gm_compact_opts co;
        gm_compact_opts_init(&co);
        co.graph = g; /* one graph for cut edges and contiguity (NULL: built there) */
        co.keep_geometry = layer || db;
        if (gm_compact_from_plan(u, p, &co, &s.compact, &err) != GM_OK) {
            rc = gmc_fail(&err);
            goto done;
        }
        if (gm_warnings_merge(&s.warnings, &s.compact->warnings)) {
            rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            goto done;
        }
    }
    gmc_warnings_stderr(&s.warnings);
    if (layer) {
        rc = gm_district_layer_write(s.u, p, s.compact, output, &err) != GM_OK ? gmc_fail(&err) : GMC_OK;
        goto done;
    }
    if (db) {
        rc = write_table(&s, output, table, overwrite);
        goto done;
    }
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (fmt == GMC_JSON) write_json(&s, sink.f);
    else if (fmt == GMC_CSV) write_csv(&s, sink.f, excel_safe);
    else write_text(&s, sink.f);
    rc = gmc_sink_close(&sink, true);
done:
    gmc_splits_free(&s.splits);
    gmc_elections_free(&el);
    gm_warnings_free(&s.warnings);
    gm_plan_summary_free(&s.sum);
    gm_compact_destroy(s.compact);
    gm_contiguity_destroy(s.contig);
    gm_graph_destroy(g);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    return rc;
}
