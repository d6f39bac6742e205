/* cmd_control_pen.c: `gerrymeter control legislatures`: who holds the state legislatures
 * that draw the maps (NCSL seat tables), the net change between two tables, and the pen of
 * each redistricting cycle with the seats each pen drew. The engine (gm_pen_analyze) sums;
 * this file finds the shipped tables, parses options and writes text, JSON or CSV. */
#include "cli.h"
#include "cmd_control.h"
#include "opts.h"
#include "out.h"

#include "gerrymeter/gm_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: gerrymeter control legislatures [OPTIONS]\n\n"
    "Who holds the pen: national Democratic and Republican state legislative seats for\n"
    "every NCSL table (2009-2017, 2021), legislatures and trifectas held by each party, the\n"
    "net change between two tables, and for the 2010 and 2020 redistricting cycles who\n"
    "drew the congressional and the state legislative maps and how many seats each drew.\n\n"
    "  --from YEAR --to YEAR  the net change between these NCSL tables (default: the first\n"
    "                         and the last; 2017 = the table after the 2016 election)\n"
    "  --seats FILE           NCSL seats per state (default: shipped state_leg_seats.csv)\n"
    "  --national FILE        NCSL national totals (default: state_leg_seats_national.csv)\n"
    "  --control FILE         congressional control table (default: congress_control.csv)\n"
    "  --leg-control FILE     state legislative control table (default: state_leg_control.csv)\n"
    "  --table years|pen      CSV: which table (default years)\n"
    "  --format text|json|csv|html (default text)\n"
    "  -o, --output FILE      write to FILE (atomically) instead of standard output\n"
    "  -h, --help             show this help\n\n"
    "Method and sources: docs/control.md (\"The pen\").\n";

static const char *name_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void change(const gm_pen_result *r, int from, int to, long *dd, long *dr)
{
    const gm_pen_year *a = gm_pen_year_of(r, from), *b = gm_pen_year_of(r, to);
    *dd = b->dem - a->dem;
    *dr = b->rep - a->rep;
}

static void write_text(const gm_pen_result *r, int from, int to, FILE *f)
{
    fprintf(f, "State legislative seats, NCSL tables (both chambers; Nebraska's nonpartisan "
               "legislature has none):\n");
    gmc_table t;
    enum { NC = 12 };
    gmc_table_init(&t, NC);
    const char *hdr[NC] = {"Table", "As of",  "D seats",   "R seats",   "NCSL D",     "NCSL R",
                           "D legs", "R legs", "Split legs", "D trifectas", "R trifectas", "Divided"};
    gmc_table_add(&t, hdr);
    for (size_t i = 0; i < r->n_years; i++) {
        const gm_pen_year *y = &r->years[i];
        char c[NC][64];
        const char *row[NC];
        snprintf(c[0], 64, "%d", y->year);
        snprintf(c[1], 64, "%s", y->as_of);
        snprintf(c[2], 64, "%ld", y->dem);
        snprintf(c[3], 64, "%ld", y->rep);
        if (y->ncsl_dem < 0) snprintf(c[4], 64, "-");
        else snprintf(c[4], 64, "%ld", y->ncsl_dem);
        if (y->ncsl_rep < 0) snprintf(c[5], 64, "-");
        else snprintf(c[5], 64, "%ld", y->ncsl_rep);
        snprintf(c[6], 64, "%d", y->leg_d);
        snprintf(c[7], 64, "%d", y->leg_r);
        snprintf(c[8], 64, "%d", y->leg_split);
        snprintf(c[9], 64, "%d", y->tri_d);
        snprintf(c[10], 64, "%d", y->tri_r);
        snprintf(c[11], 64, "%d", y->divided);
        for (int k = 0; k < NC; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
    long dd, dr;
    change(r, from, to, &dd, &dr);
    fprintf(f, "\nNet change, table %d -> %d: D %+ld, R %+ld seats.\n", from, to, dd, dr);

    fprintf(f, "\nThe pen: who drew the maps of each cycle, and the seats each drew\n"
               "(congressional: maps first used in 2012 / 2022; state legislative: the plan of "
               "the cycle in force\non general election day 2012 / 2022, else 2014 / 2024):\n");
    enum { NP = 6 };
    gmc_table_init(&t, NP);
    const char *ph[NP] = {"Cycle", "Drawn by", "Congress maps", "Congress seats",
                          "Leg. chambers", "Leg. seats"};
    gmc_table_add(&t, ph);
    for (int ci = 0; ci < 2; ci++) {
        const gm_pen_cycle *c = &r->cycles[ci];
        for (int g = 0; g <= GM_DRAWER_N; g++) {
            char b[NP][48];
            const char *row[NP];
            bool total = g == GM_DRAWER_N;
            snprintf(b[0], 48, "%d", c->census);
            snprintf(b[1], 48, "%s", total ? "Total" : gm_drawer_label((gm_drawer)g));
            snprintf(b[2], 48, "%zu", total ? 0 : c->cong_maps[g]);
            snprintf(b[3], 48, "%zu", total ? c->cong_total : c->cong_seats[g]);
            snprintf(b[4], 48, "%zu", total ? 0 : c->leg_chambers[g]);
            snprintf(b[5], 48, "%zu", total ? c->leg_total : c->leg_seats[g]);
            if (total) {
                size_t m = 0, ch = 0;
                for (int k = 0; k < GM_DRAWER_N; k++) {
                    m += c->cong_maps[k];
                    ch += c->leg_chambers[k];
                }
                snprintf(b[2], 48, "%zu", m);
                snprintf(b[4], 48, "%zu", ch);
            }
            for (int k = 0; k < NP; k++) row[k] = b[k];
            gmc_table_add(&t, row);
        }
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
    for (int ci = 0; ci < 2; ci++)
        if (r->cycles[ci].leg_missing)
            fprintf(f, "%d cycle: %zu chamber%s with no plan of the cycle in force.\n",
                    r->cycles[ci].census, r->cycles[ci].leg_missing,
                    r->cycles[ci].leg_missing == 1 ? "" : "s");
}

static void write_json(const gm_pen_result *r, int from, int to, const char *const in[4], FILE *f)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_obj(&j, "inputs");
    gmc_json_str(&j, "seats", in[0]);
    gmc_json_str(&j, "national", in[1]);
    gmc_json_str(&j, "control", in[2]);
    gmc_json_str(&j, "leg_control", in[3]);
    gmc_json_end_obj(&j);
    gmc_json_arr(&j, "years");
    for (size_t i = 0; i < r->n_years; i++) {
        const gm_pen_year *y = &r->years[i];
        gmc_json_obj(&j, NULL);
        gmc_json_int(&j, "year", y->year);
        gmc_json_str(&j, "as_of", y->as_of);
        gmc_json_int(&j, "dem", y->dem);
        gmc_json_int(&j, "rep", y->rep);
        if (y->total < 0) gmc_json_null(&j, "total");
        else gmc_json_int(&j, "total", y->total);
        if (y->ncsl_dem < 0) gmc_json_null(&j, "ncsl_dem");
        else gmc_json_int(&j, "ncsl_dem", y->ncsl_dem);
        if (y->ncsl_rep < 0) gmc_json_null(&j, "ncsl_rep");
        else gmc_json_int(&j, "ncsl_rep", y->ncsl_rep);
        gmc_json_obj(&j, "legislatures");
        gmc_json_int(&j, "D", y->leg_d);
        gmc_json_int(&j, "R", y->leg_r);
        gmc_json_int(&j, "split", y->leg_split);
        gmc_json_int(&j, "nonpartisan", y->leg_none);
        gmc_json_end_obj(&j);
        gmc_json_obj(&j, "trifectas");
        gmc_json_int(&j, "D", y->tri_d);
        gmc_json_int(&j, "R", y->tri_r);
        gmc_json_int(&j, "divided", y->divided);
        gmc_json_int(&j, "none", y->tri_none);
        gmc_json_end_obj(&j);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    long dd, dr;
    change(r, from, to, &dd, &dr);
    gmc_json_obj(&j, "change");
    gmc_json_int(&j, "from", from);
    gmc_json_int(&j, "to", to);
    gmc_json_int(&j, "dem", dd);
    gmc_json_int(&j, "rep", dr);
    gmc_json_end_obj(&j);
    gmc_json_arr(&j, "cycles");
    for (int ci = 0; ci < 2; ci++) {
        const gm_pen_cycle *c = &r->cycles[ci];
        gmc_json_obj(&j, NULL);
        gmc_json_int(&j, "census", c->census);
        gmc_json_obj(&j, "congress");
        gmc_json_int(&j, "first_year", c->first_year);
        gmc_json_int(&j, "seats", (long long)c->cong_total);
        gmc_json_obj(&j, "groups");
        for (int g = 0; g < GM_DRAWER_N; g++) {
            gmc_json_obj(&j, gm_drawer_key((gm_drawer)g));
            gmc_json_int(&j, "maps", (long long)c->cong_maps[g]);
            gmc_json_int(&j, "seats", (long long)c->cong_seats[g]);
            gmc_json_end_obj(&j);
        }
        gmc_json_end_obj(&j);
        gmc_json_end_obj(&j);
        gmc_json_obj(&j, "legislatures");
        gmc_json_int(&j, "seats", (long long)c->leg_total);
        gmc_json_int(&j, "missing_chambers", (long long)c->leg_missing);
        gmc_json_obj(&j, "groups");
        for (int g = 0; g < GM_DRAWER_N; g++) {
            gmc_json_obj(&j, gm_drawer_key((gm_drawer)g));
            gmc_json_int(&j, "chambers", (long long)c->leg_chambers[g]);
            gmc_json_int(&j, "seats", (long long)c->leg_seats[g]);
            gmc_json_end_obj(&j);
        }
        gmc_json_end_obj(&j);
        gmc_json_end_obj(&j);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

static void write_csv(const gm_pen_result *r, bool pen, FILE *f)
{
    if (!pen) {
        fputs("year,as_of,dem,rep,total,ncsl_dem,ncsl_rep,legislatures_d,legislatures_r,"
              "legislatures_split,legislatures_nonpartisan,trifectas_d,trifectas_r,divided,"
              "trifectas_none\n",
              f);
        for (size_t i = 0; i < r->n_years; i++) {
            const gm_pen_year *y = &r->years[i];
            fprintf(f, "%d,", y->year);
            gmc_csv_field(f, y->as_of, false);
            fprintf(f, ",%ld,%ld,", y->dem, y->rep);
            if (y->total >= 0) fprintf(f, "%ld", y->total);
            fputc(',', f);
            if (y->ncsl_dem >= 0) fprintf(f, "%ld", y->ncsl_dem);
            fputc(',', f);
            if (y->ncsl_rep >= 0) fprintf(f, "%ld", y->ncsl_rep);
            fprintf(f, ",%d,%d,%d,%d,%d,%d,%d,%d\n", y->leg_d, y->leg_r, y->leg_split, y->leg_none,
                    y->tri_d, y->tri_r, y->divided, y->tri_none);
        }
        return;
    }
    fputs("census,group,congress_maps,congress_seats,leg_chambers,leg_seats\n", f);
    for (int ci = 0; ci < 2; ci++) {
        const gm_pen_cycle *c = &r->cycles[ci];
        for (int g = 0; g < GM_DRAWER_N; g++)
            fprintf(f, "%d,%s,%zu,%zu,%zu,%zu\n", c->census, gm_drawer_key((gm_drawer)g),
                    c->cong_maps[g], c->cong_seats[g], c->leg_chambers[g], c->leg_seats[g]);
    }
}

int gmc_cmd_control_legislatures(int argc, char **argv)
{
    enum { O_FROM = 1, O_TO, O_SEATS, O_NAT, O_CTL, O_LEG, O_TABLE };
    static const struct option lo[] = {{"from", required_argument, 0, O_FROM},
                                       {"to", required_argument, 0, O_TO},
                                       {"seats", required_argument, 0, O_SEATS},
                                       {"national", required_argument, 0, O_NAT},
                                       {"control", required_argument, 0, O_CTL},
                                       {"leg-control", required_argument, 0, O_LEG},
                                       {"table", required_argument, 0, O_TABLE},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *in[4] = {NULL, NULL, NULL, NULL}, *table = NULL;
    static const char *const names[4] = {"state_leg_seats.csv", "state_leg_seats_national.csv",
                                         "congress_control.csv", "state_leg_control.csv"};
    char buf[4][4096];
    long from = 0, to = 0;
    gmc_getopt args = {.cmd = "control legislatures", .shortopts = ":ho:f:", .longopts = lo,
                       .help = help};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV | 1u << GMC_HTML,
                                 &fmt))
                return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case O_FROM:
            if (gmc_parse_long("--from", optarg, 1789, 9999, &from)) return GMC_EUSAGE;
            break;
        case O_TO:
            if (gmc_parse_long("--to", optarg, 1789, 9999, &to)) return GMC_EUSAGE;
            break;
        case O_SEATS: in[0] = optarg; break;
        case O_NAT: in[1] = optarg; break;
        case O_CTL: in[2] = optarg; break;
        case O_LEG: in[3] = optarg; break;
        case O_TABLE:
            if (strcmp(optarg, "years") && strcmp(optarg, "pen"))
                return gmc_usage_error("control legislatures",
                                       "--table: expected years or pen, got '%s'", optarg);
            table = optarg;
            break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (table && fmt != GMC_CSV)
        return gmc_usage_error("control legislatures", "--table picks the table of CSV output; add "
                                                       "--format csv (text, JSON and HTML hold both)");
    for (int i = 0; i < 4; i++)
        if (!in[i] && !(in[i] = gmc_control_shipped(names[i], buf[i], sizeof buf[i]))) {
            gmc_msg("the shipped table %s was not found (looked in $GERRYMETER_DATA, %s, %s)",
                    names[i], GM_SOURCE_DATA_DIR "/control", GM_DATA_DIR "/control");
            return GMC_EDATA;
        }
    int rc = gmc_check_output(output, in, 4);
    if (rc) return rc;
    gm_error err;
    gm_error_clear(&err);
    gm_leg_seats *s = NULL;
    gm_control_table *cong = NULL, *leg = NULL;
    gm_pen_result *r = NULL;
    char *html = NULL;
    if (gm_leg_seats_load(in[0], in[1], &s, &err) || gm_control_table_load(in[2], &cong, &err) ||
        gm_control_table_load(in[3], &leg, &err) || gm_pen_analyze(s, cong, leg, &r, &err)) {
        rc = gmc_fail(&err);
        goto done;
    }
    if (!from) from = r->years[0].year;
    if (!to) to = r->years[r->n_years - 1].year;
    if (!gm_pen_year_of(r, (int)from) || !gm_pen_year_of(r, (int)to)) {
        char list[256] = "";
        for (size_t i = 0, n = 0; i < r->n_years && n + 8 < sizeof list; i++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s%d", i ? ", " : "", r->years[i].year);
        rc = gmc_usage_error("control legislatures", "--%s %ld: no NCSL table of that year (tables: %s)",
                             gm_pen_year_of(r, (int)from) ? "to" : "from",
                             gm_pen_year_of(r, (int)from) ? to : from, list);
        goto done;
    }
    if (fmt == GMC_HTML && gm_pen_html(r, (int)from, (int)to, NULL, &html, &err)) {
        rc = gmc_fail(&err);
        goto done;
    }
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    const char *shown[4];
    for (int i = 0; i < 4; i++) shown[i] = name_of(in[i]);
    if (fmt == GMC_JSON) write_json(r, (int)from, (int)to, shown, sink.f);
    else if (fmt == GMC_HTML) fputs(html, sink.f);
    else if (fmt == GMC_CSV) write_csv(r, table && !strcmp(table, "pen"), sink.f);
    else write_text(r, (int)from, (int)to, sink.f);
    rc = gmc_sink_close(&sink, true);
done:
    free(html);
    gm_pen_result_destroy(r);
    gm_control_table_destroy(leg);
    gm_control_table_destroy(cong);
    gm_leg_seats_destroy(s);
    return rc;
}
