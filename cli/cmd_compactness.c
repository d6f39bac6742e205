/* cmd_compactness.c: `gerrymeter compactness DISTRICTS`: shape measures of district
 * polygons, as text, JSON, CSV or a GeoPackage copy of the layer with the measures as
 * attributes. All computation is in the engine (gm_compact.h). */
#include "cli.h"
#include "opts.h"
#include "out.h"
#include "cmd_compactness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: gerrymeter compactness DISTRICTS [--id FIELD] [--where SQL] [--crs EPSG:XXXX]\n"
    "                              [--convention dra|planscore|redistmetrics] [OPTIONS]\n\n"
    "Compactness of every district polygon in DISTRICTS (any OGR source; .zip works;\n"
    "PATH:LAYER picks a layer): area, perimeter, Polsby-Popper, Schwartzberg (and its\n"
    "inverse), Reock, convex hull, length-width and bounding box, with plan summaries.\n"
    "By default areas and perimeters are geodesic (WGS84) and the circle, hull and\n"
    "rectangle are found in an equal-area projection centred on each district.\n\n"
    "Options:\n"
    "  --id FIELD               district id field (default: feature ids); features\n"
    "                           sharing an id are one district\n"
    "  --layer NAME             layer to read (default: the first)\n"
    "  --where SQL              attribute filter, e.g. \"STATE = 'NC'\"\n"
    "  --crs EPSG:XXXX          measure everything in this projected CRS instead\n"
    "  --convention NAME        gerrymeter (default), dra, planscore or redistmetrics:\n"
    "                           reproduce that peer's numbers (docs/metrics.md)\n"
    "  --format text|json|csv|gpkg\n"
    "                           gpkg writes the districts with the measures as\n"
    "                           attributes (needs --output)\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
    "  -o PG:CONNECTION --table NAME [--overwrite]\n"
    "                           the districts with the measures as a new PostGIS table\n"
    "                           (one transaction; an existing table only with --overwrite)\n"
    "  --excel-safe             guard CSV cells against spreadsheet formula injection\n"
    "  -h, --help               show this help\n\n"
    "Districts dissolved from units (population polygon/circle and cut edges too):\n"
    "  --units PATH[:LAYER]     unit layer: the districts are the units dissolved by the\n"
    "                           plan, DISTRICTS as a district layer (--id, --where) or\n"
    "                           --plan SPEC, exactly as 'score --compactness' measures them\n"
    "  --plan SPEC              a column of the units or an assignment CSV (with --units)\n"
    "  --join FIELD             unit id field the assignment CSV's first column matches\n"
    "  --pop FIELD              unit population field (population polygon/circle)\n\n"
    "Example:\n"
    "  gerrymeter compactness cds_2016.gpkg --id CODE --where \"STATE = 'NC'\" --format json\n";

static void write_csv(const gm_compact *c, FILE *f, bool xs)
{
    fputs("district", f);
    for (int m = 0; m < GM_CM_COUNT; m++)
        fprintf(f, ",%s", gm_compact_metric_name((gm_compact_metric)m));
    fputs(",cut_edges,parts,holes,holes_dropped\n", f);
    for (size_t d = 0; d < c->k; d++) {
        gmc_csv_field(f, c->district[d], xs);
        for (int m = 0; m < GM_CM_COUNT; m++) {
            fputc(',', f);
            gmc_csv_num(f, c->m[m][d]);
        }
        fputc(',', f);
        if (c->cut_edges[d] >= 0) fprintf(f, "%lld", (long long)c->cut_edges[d]);
        fprintf(f, ",%d,%d,%d\n", (int)c->n_parts[d], (int)c->n_holes[d],
                (int)c->n_holes_dropped[d]);
    }
}

/* Text: one row per district, then mean/min/max per measure. */
void gmc_compact_text(const gm_compact *c, FILE *f)
{
    /* the registry's compactness rows with a short header, in its order */
    int cols[GM_CM_COUNT];
    const char *names[GM_CM_COUNT];
    size_t nm = 0;
    for (size_t m = 0; m < gm_metric_count(GM_MF_COMPACT); m++) {
        const gm_metric_def *d = gm_metric_get(GM_MF_COMPACT, m);
        if (!d->abbrev) continue;
        cols[nm] = d->offset;
        names[nm++] = d->abbrev;
    }
    fprintf(f, "Compactness of %zu districts from %s\nConvention: %s (%s)\n\n", c->k, c->source,
            gm_convention_name(c->convention), c->method);
    gmc_table tb;
    gmc_table_init(&tb, 3 + nm + 1);
    const char *hdr[16] = {"District", "Area km2", "Perimeter km"};
    for (size_t i = 0; i < nm; i++)
        hdr[3 + i] = names[i];
    hdr[3 + nm] = "Cut edges";
    gmc_table_add(&tb, hdr);
    for (size_t d = 0; d < c->k; d++) {
        char cell[16][64];
        const char *row[16];
        snprintf(cell[0], 64, "%s", c->district[d]);
        row[0] = cell[0];
        row[1] = gmc_fmt_fix(c->m[GM_CM_AREA_M2][d] / 1e6, 1, cell[1], 64);
        row[2] = gmc_fmt_fix(c->m[GM_CM_PERIMETER_M][d] / 1e3, 1, cell[2], 64);
        for (size_t i = 0; i < nm; i++) {
            double v = c->m[cols[i]][d];
            if (isfinite(v))
                row[3 + i] = gmc_fmt_fix(v, 4, cell[3 + i], 64);
            else
                row[3 + i] = "-";
        }
        if (c->cut_edges[d] >= 0)
            snprintf(cell[3 + nm], 64, "%lld", (long long)c->cut_edges[d]);
        else
            snprintf(cell[3 + nm], 64, "-");
        row[3 + nm] = cell[3 + nm];
        gmc_table_add(&tb, row);
    }
    gmc_table_print(&tb, f, "");
    gmc_table_free(&tb);
    fputc('\n', f);
    for (size_t i = 0; i < nm; i++) {
        gm_compact_stat s = gm_compact_summarize(c, (gm_compact_metric)cols[i]);
        if (!s.n) continue;
        fprintf(f, "%-14s mean %.4f, min %.4f (%s), max %.4f (%s)\n", names[i], s.mean, s.min,
                c->district[s.argmin], s.max, c->district[s.argmax]);
    }
    if (c->dissolved)
        fprintf(f, "Cut edges: %lld of %lld unit adjacencies\n", (long long)c->cut_edges_total,
                (long long)c->adjacent_pairs);
    if (c->holes_dropped) {
        char b1[64], b2[64];
        fprintf(f, "Sliver holes left out: %zu (each at most %g m2; %s m2 in all, %s km of "
                   "boundary)\n",
                c->holes_dropped, c->sliver_hole_m2,
                gmc_fmt_fix(c->holes_dropped_m2, 2, b1, sizeof b1),
                gmc_fmt_fix(c->holes_dropped_boundary_m / 1e3, 2, b2, sizeof b2));
    }
}

int gmc_cmd_compactness(int argc, char **argv)
{
    enum { O_ID = 2000, O_LAYER, O_WHERE, O_CRS, O_CONV, O_XS, O_UNITS, O_PLAN, O_POP, O_JOIN,
           O_TABLE, O_OVERWRITE };
    static const struct option lo[] = {{"id", required_argument, 0, O_ID},
                                       {"layer", required_argument, 0, O_LAYER},
                                       {"where", required_argument, 0, O_WHERE},
                                       {"crs", required_argument, 0, O_CRS},
                                       {"convention", required_argument, 0, O_CONV},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"excel-safe", no_argument, 0, O_XS},
                                       {"units", required_argument, 0, O_UNITS},
                                       {"plan", required_argument, 0, O_PLAN},
                                       {"pop", required_argument, 0, O_POP},
                                       {"join", required_argument, 0, O_JOIN},
                                       {"table", required_argument, 0, O_TABLE},
                                       {"overwrite", no_argument, 0, O_OVERWRITE},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gm_compact_opts opts;
    gm_compact_opts_init(&opts);
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *table = NULL;
    bool xs = false, overwrite = false, fmt_given = false;
    const char *units = NULL, *plan = NULL, *pop = NULL, *join = NULL;
    int rc;
    gmc_getopt args = {.cmd = "compactness", .shortopts = ":ho:f:", .longopts = lo,
                       .help = help, .max_args = 1};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case O_ID: opts.id_field = optarg; break;
        case O_LAYER: opts.layer = optarg; break;
        case O_WHERE: opts.where = optarg; break;
        case O_CRS: opts.crs = optarg; break;
        case O_CONV: {
            gm_error e;
            if (gm_convention_parse(optarg, &opts.convention, &e) ||
                opts.convention == GM_CONV_GERRYCHAIN)
                return gmc_usage_error("compactness",
                                       "--convention: '%s' is not one of gerrymeter, dra, "
                                       "planscore, redistmetrics",
                                       optarg);
            break;
        }
        case 'f':
            if (gmc_parse_format(
                    optarg, 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV | 1u << GMC_GPKG, &fmt))
                return GMC_EUSAGE;
            fmt_given = true;
            break;
        case 'o': output = optarg; break;
        case O_TABLE: table = optarg; break;
        case O_OVERWRITE: overwrite = true; break;
        case O_XS: xs = true; break;
        case O_UNITS: units = optarg; break;
        case O_PLAN: plan = optarg; break;
        case O_POP: pop = optarg; break;
        case O_JOIN: join = optarg; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if ((plan || pop || join) && !units)
        return gmc_usage_error("compactness", "--plan, --pop and --join need --units");
    if (xs && fmt != GMC_CSV)
        return gmc_usage_error("compactness", "--excel-safe guards CSV cells and has no effect on "
                                              "%s output; add --format csv or leave it out",
                               fmt == GMC_JSON ? "JSON" : fmt == GMC_GPKG ? "GeoPackage" : "text");
    if (plan && optind < argc)
        return gmc_usage_error("compactness", "give the districts once: DISTRICTS or --plan");
    if (optind >= argc && !plan)
        return gmc_usage_error("compactness", "name the DISTRICTS layer%s", units ? " or --plan" : "");
    const char *path = optind < argc ? argv[optind] : plan;
    bool db = gmc_is_database(output);
    if ((rc = gmc_check_db_output("compactness", output, table, overwrite))) return rc;
    if (db && fmt_given && fmt != GMC_GPKG)
        return gmc_usage_error("compactness", "a database output (-o PG:...) is a table of the "
                                              "districts with their shapes; leave --format out");
    if (db) fmt = GMC_GPKG; /* the same layer, in a table */
    if (fmt == GMC_GPKG && (!output || !strcmp(output, "-")))
        return gmc_usage_error("compactness", "--format gpkg needs --output FILE.gpkg");
    const char *inputs[] = {path, units};
    if (!db && (rc = gmc_check_output(output, inputs, units ? 2 : 1))) return rc;
    opts.keep_geometry = fmt == GMC_GPKG;

    gm_compact *c = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_warnings warnings = {0};
    if (units) {
        /* the units dissolved by the plan: the same call as `score --compactness` */
        gmc_source src = {.cmd = "compactness", .units = units, .pop = pop, .plan = path,
                          .district_id = opts.id_field, .plan_where = opts.where, .join = join,
                          .need_geometry = true};
        /* here --id and --where are the district layer's; the units have no filter, and
         * --crs is the measuring CRS, not the units' */
        gmc_hint_option(GM_HINT_DISTRICT_ID, "--id");
        gmc_hint_option(GM_HINT_PLAN_WHERE, "--where");
        gmc_hint_option(GM_HINT_WHERE, NULL);
        gmc_hint_option(GM_HINT_CRS, NULL);
        gm_units *u = NULL;
        gm_plan *p = NULL;
        if ((rc = gmc_load(&src, &u, &p))) return rc;
        gm_status st = gm_compact_from_plan(u, p, &opts, &c, &err);
        if (!st && (gm_warnings_merge(&warnings, &u->warnings) || gm_warnings_merge(&warnings, &p->warnings)))
            st = gm_fail(&err, GM_E_NOMEM, "out of memory");
        gm_plan_destroy(p);
        gm_units_destroy(u);
        if (st) {
            gm_compact_destroy(c);
            gm_warnings_free(&warnings);
            return gmc_fail(&err);
        }
    } else if (gm_compact_from_layer(path, &opts, &c, &err)) {
        return gmc_fail(&err);
    }
    if (gm_warnings_merge(&warnings, &c->warnings)) {
        gm_compact_destroy(c);
        gm_warnings_free(&warnings);
        return gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
    }
    gmc_warnings_stderr(&warnings);
    if (db) {
        rc = gm_compact_write_table(c, output, table, overwrite, NULL, 0, &err) ? gmc_fail(&err) : GMC_OK;
    } else if (fmt == GMC_GPKG) {
        rc = gm_compact_write_gpkg(c, output, "compactness", &err) ? gmc_fail(&err) : GMC_OK;
    } else {
        gmc_sink sink;
        if ((rc = gmc_sink_open(&sink, output)) == 0) {
            if (fmt == GMC_JSON) {
                gmc_json j;
                gmc_json_init(&j, sink.f);
                gmc_json_obj(&j, NULL);
                gmc_json_str(&j, "gerrymeter", gm_version());
                gm_json_out jo = gmc_json_out(&j);
                gm_compact_json(&jo, "compactness", c);
                gmc_json_warnings(&j, &warnings);
                gmc_json_end_obj(&j);
                gmc_json_finish(&j);
            } else if (fmt == GMC_CSV) {
                write_csv(c, sink.f, xs);
            } else {
                gmc_compact_text(c, sink.f);
                gmc_text_warnings(sink.f, &warnings);
            }
            rc = gmc_sink_close(&sink, true);
        }
    }
    gm_compact_destroy(c);
    gm_warnings_free(&warnings);
    return rc;
}
