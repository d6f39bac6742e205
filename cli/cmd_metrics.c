/* cmd_metrics.c: `gerrymeter metrics`: the metric registry (gm_metric.h) as a table for
 * people (text, Markdown: docs/metrics.md embeds it) or machines (JSON, CSV). */
#include "cli.h"
#include "opts.h"
#include "out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gerrymeter/gm_metric.h"

static const char help[] =
    "Usage: gerrymeter metrics [--format text|json|csv|md] [-o FILE]\n\n"
    "List every metric gerrymeter reports, family by family, from the engine's metric\n"
    "registry: key (the JSON key and CSV column), label, unit, which party a positive\n"
    "value favours, usual range, integer or real, and the section of docs/metrics.md\n"
    "that defines it.\n\n"
    "Options:\n"
    "  --format text|json|csv|md   (default text)\n"
    "  -o, --output FILE           write to FILE (atomically) instead of standard output\n"
    "  -h, --help                  show this help\n";

static const char *const family_name[GM_MF_COUNT] = {"partisan", "plan", "compactness",
                                                     "district", "optional", "compare"};
static const char *const family_what[GM_MF_COUNT] = {
    "plan-level partisan metrics (score, partisan, report)",
    "per-plan metrics of ensembles (ensemble score rows and summary)",
    "per-district compactness (compactness, score --compactness, report)",
    "per-district values of one plan (score's district rows)",
    "per-plan rows added with --county/--municipality/--split (one set per layer: {admin} is "
    "its name) and --vap/--group ({group}: a group's name): score, ensemble rows and summary",
    "per-district values of a plan compared with another (compare)"};
static const char *const unit_name[] = {"number", "share", "count", "t", "ratio", "m2", "m"};
_Static_assert(sizeof unit_name / sizeof unit_name[0] == GM_UNIT_M + 1, "a name per unit");

static const char *sign_name(const gm_metric_def *m)
{
    return m->sign == GM_SIGN_B ? "b" : "";
}

/* "lo..hi" of the usual range ("" when open; "0..k" / "0..edges" by flags). */
static const char *range(const gm_metric_def *m, char *b, size_t cap)
{
    if (m->flags & GM_MD_SEATS) snprintf(b, cap, "0..k");
    else if (m->flags & GM_MD_EDGES) snprintf(b, cap, "0..edges");
    else if (isnan(m->lo) && isnan(m->hi)) b[0] = '\0';
    else if (isnan(m->hi)) snprintf(b, cap, ">= %g", m->lo);
    else snprintf(b, cap, "%g..%g", m->lo, m->hi);
    return b;
}

static void write_json(FILE *f)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    for (int fam = 0; fam < GM_MF_COUNT; fam++) {
        gmc_json_arr(&j, family_name[fam]);
        for (size_t i = 0; i < gm_metric_count((gm_metric_family)fam); i++) {
            const gm_metric_def *m = gm_metric_get((gm_metric_family)fam, i);
            gmc_json_obj(&j, NULL);
            gmc_json_str(&j, "key", m->key);
            gmc_json_str(&j, "label", m->label);
            gmc_json_str(&j, "unit", unit_name[m->unit]);
            gmc_json_str(&j, "positive_favours", m->sign == GM_SIGN_B ? "b" : NULL);
            gmc_json_bool(&j, "integer", m->integer);
            gmc_json_num(&j, "lo", m->lo);
            gmc_json_num(&j, "hi", m->hi);
            gmc_json_str(&j, "docs", m->anchor);
            gmc_json_str(&j, "reading", m->reading);
            gmc_json_end_obj(&j);
        }
        gmc_json_end_arr(&j);
    }
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

static void write_csv(FILE *f)
{
    fputs("family,key,label,unit,positive_favours,integer,range,docs\n", f);
    char b[64];
    for (int fam = 0; fam < GM_MF_COUNT; fam++)
        for (size_t i = 0; i < gm_metric_count((gm_metric_family)fam); i++) {
            const gm_metric_def *m = gm_metric_get((gm_metric_family)fam, i);
            fprintf(f, "%s,%s,", family_name[fam], m->key);
            gmc_csv_field(f, m->label, false);
            fprintf(f, ",%s,%s,%s,", unit_name[m->unit], sign_name(m), m->integer ? "yes" : "no");
            gmc_csv_field(f, range(m, b, sizeof b), false);
            fprintf(f, ",docs/metrics.md#%s\n", m->anchor);
        }
}

static void write_md(FILE *f)
{
    char b[64];
    for (int fam = 0; fam < GM_MF_COUNT; fam++) {
        fprintf(f, "%s**%s**: %s\n\n", fam ? "\n" : "", family_name[fam], family_what[fam]);
        fputs("| key | label | unit | + favours | integer | usual range |\n|---|---|---|---|---|---|\n", f);
        for (size_t i = 0; i < gm_metric_count((gm_metric_family)fam); i++) {
            const gm_metric_def *m = gm_metric_get((gm_metric_family)fam, i);
            fprintf(f, "| [`%s`](#%s) | %s | %s | %s | %s | %s |\n", m->key, m->anchor, m->label,
                    unit_name[m->unit], m->sign == GM_SIGN_B ? "b (R)" : "\u2013",
                    m->integer ? "yes" : "", range(m, b, sizeof b));
        }
    }
}

static void write_text(FILE *f)
{
    char b[64];
    for (int fam = 0; fam < GM_MF_COUNT; fam++) {
        fprintf(f, "%s%s: %s\n", fam ? "\n" : "", family_name[fam], family_what[fam]);
        gmc_table t;
        gmc_table_init(&t, 5);
        const char *hdr[] = {"Key", "Label", "Unit", "+ favours", "Usual range"};
        gmc_table_add(&t, hdr);
        for (size_t i = 0; i < gm_metric_count((gm_metric_family)fam); i++) {
            const gm_metric_def *m = gm_metric_get((gm_metric_family)fam, i);
            const char *row[] = {m->key, m->label, unit_name[m->unit],
                                 m->sign == GM_SIGN_B ? "b" : "-", range(m, b, sizeof b)};
            gmc_table_add(&t, row);
        }
        gmc_table_print(&t, f, "  ");
        gmc_table_free(&t);
    }
}

int gmc_cmd_metrics(int argc, char **argv)
{
    static const struct option lo[] = {{"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL;
    gmc_getopt args = {.cmd = "metrics", .shortopts = ":ho:f:", .longopts = lo, .help = help};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV | 1u << GMC_MD,
                                 &fmt))
                return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (optind < argc) return gmc_usage_error("metrics", "unexpected argument '%s'", argv[optind]);
    gmc_sink sink;
    int rc = gmc_sink_open(&sink, output);
    if (rc) return rc;
    switch (fmt) {
    case GMC_JSON: write_json(sink.f); break;
    case GMC_CSV: write_csv(sink.f); break;
    case GMC_MD: write_md(sink.f); break;
    default: write_text(sink.f); break;
    }
    return gmc_sink_close(&sink, !ferror(sink.f));
}
