/* compact_json.c: the "compactness" object of a JSON document (gm_compact.h), written once
 * for the CLI's JSON and the Python module's dicts. */
#include "gerrymeter/gm_compact.h"

static void summary(const gm_json_out *o, const gm_compact *c)
{
    gm_jo_obj(o, "summary");
    for (int m = 0; m < GM_CM_COUNT; m++) {
        gm_compact_stat s = gm_compact_summarize(c, (gm_compact_metric)m);
        gm_jo_obj(o, gm_compact_metric_name((gm_compact_metric)m));
        gm_jo_int(o, "districts", (long long)s.n);
        gm_jo_num(o, "mean", s.mean);
        gm_jo_num(o, "min", s.min);
        gm_jo_str(o, "min_district", s.n ? c->district[s.argmin] : NULL);
        gm_jo_num(o, "max", s.max);
        gm_jo_str(o, "max_district", s.n ? c->district[s.argmax] : NULL);
        gm_jo_end_obj(o);
    }
    gm_jo_end_obj(o);
}

void gm_compact_json(const gm_json_out *o, const char *key, const gm_compact *c)
{
    gm_jo_obj(o, key);
    gm_jo_str(o, "source", c->source);
    gm_jo_str(o, "convention", gm_convention_name(c->convention));
    gm_jo_str(o, "method", c->method);
    gm_jo_int(o, "repaired_geometries", (long long)c->n_repaired);
    if (c->sliver_hole_m2 > 0) {
        gm_jo_obj(o, "sliver_holes");
        gm_jo_num(o, "max_area_m2", c->sliver_hole_m2);
        gm_jo_int(o, "dropped", (long long)c->holes_dropped);
        gm_jo_num(o, "area_m2", c->holes_dropped_m2);
        gm_jo_num(o, "boundary_m", c->holes_dropped_boundary_m);
        gm_jo_end_obj(o);
    } else {
        gm_jo_null(o, "sliver_holes");
    }
    if (c->dissolved) {
        const gm_dissolve_report *r = &c->dissolve;
        gm_jo_int(o, "cut_edges", c->cut_edges_total);
        gm_jo_int(o, "adjacent_pairs", c->adjacent_pairs);
        gm_jo_obj(o, "dissolve");
        gm_jo_int(o, "coverage_union", (long long)r->n_coverage);
        gm_jo_int(o, "general_union", (long long)r->n_fallback);
        gm_jo_int(o, "overlapping_districts", (long long)r->n_overlaps);
        gm_jo_num(o, "overlap_m2", r->overlap_m2);
        gm_jo_int(o, "gaps", (long long)r->n_gaps);
        gm_jo_num(o, "gap_m2", r->gap_m2);
        gm_jo_int(o, "slivers", (long long)r->n_slivers);
        gm_jo_num(o, "sliver_m2", r->sliver_m2);
        gm_jo_end_obj(o);
    }
    summary(o, c);
    gm_jo_arr(o, "districts");
    for (size_t d = 0; d < c->k; d++) {
        gm_jo_obj(o, NULL);
        gm_jo_str(o, "district", c->district[d]);
        for (int m = 0; m < GM_CM_COUNT; m++)
            gm_jo_num(o, gm_compact_metric_name((gm_compact_metric)m), c->m[m][d]);
        if (c->cut_edges[d] >= 0) gm_jo_int(o, "cut_edges", c->cut_edges[d]);
        else gm_jo_null(o, "cut_edges");
        gm_jo_int(o, "parts", c->n_parts[d]);
        gm_jo_int(o, "holes", c->n_holes[d]);
        gm_jo_int(o, "holes_dropped", c->n_holes_dropped[d]);
        gm_jo_end_obj(o);
    }
    gm_jo_end_arr(o);
    gm_jo_end_obj(o);
}
