/* cmd_check.c: `gerrymeter check`: is the unit layer a clean coverage? Reports
 * repaired and missing geometries, overlapping unit pairs and gaps between units. */
#include "cli.h"
#include "opts.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: gerrymeter check --units PATH [--id FIELD] [--strict] [OPTIONS]\n\n"
    "Check a unit layer's geometry: invalid shapes repaired on load, units without a\n"
    "shape, pairs of units that overlap and gaps enclosed by units (areas in square\n"
    "metres on the ground, worst cases named). Each finding is also a warning.\n\n"
    "Exit status: 0 when the layer is a clean coverage (repaired shapes are listed but\n"
    "pass), 1 when units without geometry, overlaps or gaps are found (the report is\n"
    "still written; with --strict repaired shapes count too) or the layer cannot be\n"
    "read, 2 for a usage error.\n\n"
    "  --units PATH[:LAYER]  unit layer        --layer NAME   --where EXPR\n"
    "  --id FIELD            unit id field used to name units (default: feature ids)\n"
    "  --crs AUTH:CODE       CRS of a layer that has none (or is mislabelled)\n"
    "  --min-area M2         ignore overlaps and gaps of at most M2 square metres\n"
    "                        (default 10: slivers from reprojected edges)\n"
    "  --strict              invalid shapes repaired on load are problems too (exit 1)\n"
    "  --format text|json    -o, --output FILE     -h, --help\n";

/* The findings that make the check fail, as warning codes; returns how many. */
static size_t problems(const gm_coverage *c, bool strict, const char *code[4])
{
    size_t n = 0;
    if (c->n_empty) code[n++] = "units_without_geometry";
    if (c->n_overlaps) code[n++] = "unit_overlaps";
    if (c->n_gaps) code[n++] = "coverage_gaps";
    if (strict && c->n_repaired) code[n++] = "geometry_repaired";
    return n;
}

static void write_json(const gm_units *u, const gm_coverage *c, double min_area, bool strict,
                       const gm_warnings *w, FILE *f)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_str(&j, "gerrymeter", gm_version());
    gmc_json_str(&j, "source", u->source);
    gmc_json_str(&j, "layer", u->layer);
    gmc_json_int(&j, "units", (long long)c->n_units);
    gmc_json_int(&j, "repaired", (long long)c->n_repaired);
    gmc_json_int(&j, "without_geometry", (long long)c->n_empty);
    gmc_json_num(&j, "units_area_m2", c->units_area_m2);
    gmc_json_num(&j, "min_area_m2", min_area);
    gmc_json_obj(&j, "overlaps");
    gmc_json_int(&j, "count", (long long)c->n_overlaps);
    gmc_json_num(&j, "area_m2", c->overlap_area_m2);
    gmc_json_arr(&j, "worst");
    for (size_t i = 0; i < c->n_worst_overlap; i++) {
        gmc_json_obj(&j, NULL);
        gmc_json_str(&j, "a", u->id[c->worst_overlap[i].a]);
        gmc_json_str(&j, "b", u->id[c->worst_overlap[i].b]);
        gmc_json_num(&j, "area_m2", c->worst_overlap[i].area_m2);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_end_obj(&j);
    gmc_json_obj(&j, "gaps");
    gmc_json_int(&j, "count", (long long)c->n_gaps);
    gmc_json_num(&j, "area_m2", c->gap_area_m2);
    gmc_json_arr(&j, "worst");
    for (size_t i = 0; i < c->n_worst_gap; i++) {
        gmc_json_obj(&j, NULL);
        gmc_json_num(&j, "area_m2", c->worst_gap[i].area_m2);
        gmc_json_arr(&j, "beside");
        for (size_t k = 0; k < c->worst_gap[i].n_near; k++)
            gmc_json_str(&j, NULL, u->id[c->worst_gap[i].near[k]]);
        gmc_json_end_arr(&j);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_end_obj(&j);
    gmc_json_bool(&j, "strict", strict);
    const char *code[4];
    size_t np = problems(c, strict, code);
    gmc_json_arr(&j, "problems");
    for (size_t i = 0; i < np; i++) gmc_json_str(&j, NULL, code[i]);
    gmc_json_end_arr(&j);
    gmc_json_warnings(&j, w);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

static void write_text(const gm_units *u, const gm_coverage *c, double min_area,
                       const gm_warnings *w, FILE *f)
{
    char b1[64], b2[64];
    fprintf(f, "Units: %zu from %s (layer %s)\n", c->n_units, u->source, u->layer);
    fprintf(f, "Geometry: %zu repaired (invalid, fixed on load), %zu without geometry\n",
            c->n_repaired, c->n_empty);
    fprintf(f, "Total unit area: %s m2; slivers up to %s m2 ignored\n",
            gmc_fmt_int(c->units_area_m2, b1, sizeof b1), gmc_fmt_fix(min_area, 1, b2, sizeof b2));
    fprintf(f, "Overlaps: %zu pair%s, %s m2 in total\n", c->n_overlaps, c->n_overlaps == 1 ? "" : "s",
            gmc_fmt_int(c->overlap_area_m2, b1, sizeof b1));
    for (size_t i = 0; i < c->n_worst_overlap; i++)
        fprintf(f, "  %s / %s: %s m2\n", u->id[c->worst_overlap[i].a], u->id[c->worst_overlap[i].b],
                gmc_fmt_int(c->worst_overlap[i].area_m2, b1, sizeof b1));
    fprintf(f, "Gaps enclosed by units: %zu, %s m2 in total\n", c->n_gaps,
            gmc_fmt_int(c->gap_area_m2, b1, sizeof b1));
    for (size_t i = 0; i < c->n_worst_gap; i++) {
        fprintf(f, "  %s m2 beside", gmc_fmt_int(c->worst_gap[i].area_m2, b1, sizeof b1));
        for (size_t k = 0; k < c->worst_gap[i].n_near; k++)
            fprintf(f, "%s %s", k ? "," : "", u->id[c->worst_gap[i].near[k]]);
        fputc('\n', f);
    }
    gmc_text_warnings(f, w);
}

int gmc_cmd_check(int argc, char **argv)
{
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"min-area", required_argument, 0, 'm'},
                                       {"strict", no_argument, 0, 'S'},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_source src;
    memset(&src, 0, sizeof src);
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL;
    double min_area = GM_SLIVER_M2;
    bool strict = false;
    gmc_getopt args = {.cmd = "check", .shortopts = ":ho:f:", .longopts = lo, .help = help,
                       .src = &src};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'm':
            if (gmc_parse_double("--min-area", optarg, 0, 1e12, &min_area)) return GMC_EUSAGE;
            break;
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_TEXT | 1u << GMC_JSON, &fmt)) return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case 'S': strict = true; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (!src.units) return gmc_usage_error("check", "name the unit layer with --units PATH");
    if (src.plan || src.votes || src.pop)
        return gmc_usage_error("check", "check reads only the unit geometry; drop --plan/--votes/--pop");
    const char *inputs[] = {src.units};
    int rc = gmc_check_output(output, inputs, 1);
    if (rc) return rc;

    src.need_geometry = true;
    gm_units *u = NULL;
    gm_error err;
    gm_error_clear(&err);
    if ((rc = gmc_load_units(&src, &u)) != 0) return rc;
    gm_coverage c;
    gm_warnings w = {0};
    if (gm_units_coverage(u, min_area, &c, &err) != GM_OK) {
        rc = gmc_fail(&err);
        goto done;
    }
    if (gm_warnings_merge(&w, &u->warnings) || gm_coverage_warnings(u, &c, min_area, &w)) {
        rc = gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
        goto done;
    }
    gmc_warnings_stderr(&w);
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (fmt == GMC_JSON) write_json(u, &c, min_area, strict, &w, sink.f);
    else write_text(u, &c, min_area, &w, sink.f);
    if ((rc = gmc_sink_close(&sink, true)) != 0) goto done;
    const char *code[4];
    if (problems(&c, strict, code)) {
        /* one line naming every problem, as "a, b and c" */
        char what[4][96];
        size_t n = 0;
        if (c.n_empty)
            snprintf(what[n++], sizeof what[0], "%zu unit%s without geometry", c.n_empty,
                     c.n_empty == 1 ? "" : "s");
        if (c.n_overlaps)
            snprintf(what[n++], sizeof what[0], "%zu overlapping unit pair%s", c.n_overlaps,
                     c.n_overlaps == 1 ? "" : "s");
        if (c.n_gaps)
            snprintf(what[n++], sizeof what[0], "%zu gap%s between units", c.n_gaps,
                     c.n_gaps == 1 ? "" : "s");
        if (strict && c.n_repaired)
            snprintf(what[n++], sizeof what[0], "%zu repaired geometr%s (--strict)", c.n_repaired,
                     c.n_repaired == 1 ? "y" : "ies");
        char list[420] = "";
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
                     what[i]);
        }
        gmc_msg("%s: %s (named in the warnings); fix the layer before overlaying district "
                "polygons or measuring compactness",
                u->source, list);
        rc = GMC_EDATA;
    }
    if (gm_warnings_count(&u->warnings, "not_polygons")) { /* named in the warning above */
        gmc_msg("%s: units that are not polygons found; give every unit its polygon",
                u->source);
        rc = GMC_EDATA;
    }
done:
    gm_warnings_free(&w);
    gm_units_destroy(u);
    return rc;
}
