/* compact_plan.c: compactness of the districts a plan makes from units
 * (gm_compact_from_plan, for `gerrymeter score ... --compactness`).
 *
 * The units' geometries live in a working Lambert azimuthal equal-area CRS centred on
 * the layer (geo.h). Districts are dissolved there (dissolve.c), taken back to lon/lat
 * on WGS84 by the inverse projection, and measured like districts read from a layer
 * (compact_measure.c). Population measures and cut edges stay in the working CRS. */
#include "compact/compact.h"
#include "core/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Units of a district without geometry: not in its shape, and (with a population) left
 * out of both sides of the population measures. */
static gm_status warn_no_geometry(const gm_units *u, const gm_plan *p, gm_warnings *w)
{
    GEOSContextHandle_t h = u->geom->ctx.h;
    gmi_names l = {0};
    double pop = 0;
    for (size_t i = 0; i < u->n; i++) {
        int32_t d = p->district[i];
        if (d < 0 || (size_t)d >= p->k || GEOSisEmpty_r(h, u->geom->g[i]) == 0) continue;
        gmi_names_add(&l, "%s (district %s)", u->id[i], p->label[d]);
        pop += u->pop[i];
    }
    if (!l.n) return GM_OK;
    char people[200] = "";
    if (u->pop_field)
        snprintf(people, sizeof people,
                 ", and %s population (%.15g) is left out of both sides of the population "
                 "polygon and circle",
                 l.n == 1 ? "its" : "their", pop);
    return gm_warn(w, "units_without_geometry",
                   "%zu unit%s without geometry (null or empty): %s%s; %s in no district shape%s",
                   l.n, l.n == 1 ? "" : "s", l.text, gmi_names_more(&l),
                   l.n == 1 ? "it is" : "they are", people);
}

/* What the dissolve found, as warnings naming the districts (and the units beside the
 * largest gap). */
static gm_status warn_dissolve(const gm_units *u, const gm_plan *p, const gm_dissolve_report *r,
                               gm_warnings *w)
{
    gm_status rc = GM_OK;
    char a1[GMI_M2_BUF], a2[GMI_M2_BUF], lim[GMI_M2_BUF];
    snprintf(lim, sizeof lim, "%g", GM_SLIVER_M2);
    if (r->n_overlaps)
        rc = gm_warn(w, "dissolve_overlaps",
                     "the units of %zu district%s overlap one another (%s m2 in all, the most in "
                     "district %s: %s m2); the district shapes are their union, the population "
                     "measures count the overlapping ground twice; the coverage check names the "
                     "unit pairs",
                     r->n_overlaps, r->n_overlaps == 1 ? "" : "s", gmi_fmt_m2(a1, r->overlap_m2),
                     p->label[r->worst_overlap], gmi_fmt_m2(a2, r->worst_overlap_m2));
    if (rc == GM_OK && r->n_gaps) {
        gmi_names near = {0};
        for (size_t j = 0; j < r->n_gap_near; j++) {
            size_t i = r->gap_near[j];
            int32_t d = p->district[i];
            gmi_names_add(&near, "%s (district %s)", u->id[i],
                          d >= 0 && (size_t)d < p->k ? p->label[d] : "none");
        }
        rc = gm_warn(w, "dissolve_gaps",
                     "%zu gap%s larger than %s m2 inside the plan that no unit covers (%s m2 in "
                     "all; the largest, %s m2, is beside %s): that ground is in no district, "
                     "and a gap inside a district is a hole in its boundary",
                     r->n_gaps, r->n_gaps == 1 ? "" : "s", lim, gmi_fmt_m2(a1, r->gap_m2),
                     gmi_fmt_m2(a2, r->worst_gap_m2), near.n ? near.text : "no unit");
    }
    if (rc == GM_OK && r->n_slivers)
        rc = gm_warn(w, "dissolve_slivers",
                     "%zu detached part%s of at most %s m2 (%s m2 in all; the first in district "
                     "%s): each counts as an island of its district",
                     r->n_slivers, r->n_slivers == 1 ? "" : "s", lim, gmi_fmt_m2(a1, r->sliver_m2),
                     p->label[r->first_sliver]);
    return rc;
}

gm_status gmi_compact_from_dissolved(const gm_units *u, const gm_plan *p, const gm_compact_opts *o,
                                     GEOSGeometry *const *dist, const gm_dissolve_report *rep,
                                     gm_compact **out, gm_error *err)
{
    gm_compact *c = NULL;
    gm_graph *own_graph = NULL;
    gmi_measurer M;
    PJ *work = NULL;
    gm_status rc;
    bool measurer = false;
    *out = NULL;
    gmi_geo *geo = &u->geom->ctx;
    GEOSContextHandle_t h = geo->h;
    if ((rc = gmi_measurer_init(&M, geo, o, u->geom->src_wkt, err))) return rc;
    measurer = true;
    c = gmi_compact_alloc(p->k);
    if (!c) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    c->convention = o->convention;
    c->method = strdup(M.method);
    c->source = strdup(p->source ? p->source : "plan");
    c->dissolved = true;
    c->n_repaired = u->geom->n_repaired;
    for (size_t d = 0; d < p->k; d++)
        if (!(c->district[d] = strdup(p->label[d]))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    c->dissolve = *rep;
    c->sliver_hole_m2 = M.max_hole_m2;
    if (warn_no_geometry(u, p, &c->warnings) || warn_dissolve(u, p, rep, &c->warnings)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    /* the same definition geo.c gave the working CRS, as a conversion */
    char def[GMI_LAEA_DEF_MAX];
    gmi_laea_def(def, sizeof def, u->geom->lon0, u->geom->lat0, GMI_LAEA_WORKING);
    work = proj_create(geo->pj, def);
    if (!work) {
        rc = gm_fail(err, GM_E_CRS, "cannot rebuild the working projection: %s", geo->proj_msg);
        goto done;
    }
    for (size_t d = 0; d < p->k; d++) {
        GEOSGeometry *ll = gmi_laea_to_ll(geo, dist[d], work);
        gmi_cm cm;
        if (!ll) {
            rc = gm_fail(err, GM_E_CRS, "district %s: cannot take it back to longitude/latitude",
                         p->label[d]);
            goto done;
        }
        rc = gmi_measure_district(&M, ll, p->label[d], &cm, err);
        if (rc == GM_OK) {
            gmi_compact_set(c, d, &cm);
            if (o->keep_geometry && gmi_compact_keep_wkb(c, d, h, ll))
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        GEOSGeom_destroy_r(h, ll);
        if (rc) goto done;
    }
    if (gmi_measurer_warn(&M, &c->warnings)) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    if (u->pop_field &&
        (rc = gmi_population_measures(geo, u, p, dist, c->m[GM_CM_POPULATION_POLYGON],
                                      c->m[GM_CM_POPULATION_CIRCLE], err)))
        goto done;
    /* cut edges come from the unit graph, as in every other command */
    if (!o->graph && (rc = gm_graph_build(u, NULL, &own_graph, err))) goto done;
    const gm_graph *g = o->graph ? o->graph : own_graph;
    if (g->n != u->n) {
        rc = gm_fail(err, GM_E_ARG, "the graph has %zu nodes but the layer %zu units", g->n, u->n);
        goto done;
    }
    c->cut_edges_total =
        (int64_t)gm_graph_cut_edges_by_district(g, p->district, p->k, c->cut_edges);
    c->adjacent_pairs = (int64_t)g->n_edges;
    *out = c;
    c = NULL;
done:
    if (work) proj_destroy(work);
    if (measurer) gmi_measurer_free(&M);
    gm_compact_destroy(c);
    gm_graph_destroy(own_graph);
    return rc;
}

gm_status gm_compact_from_plan(const gm_units *u, const gm_plan *p, const gm_compact_opts *o,
                               gm_compact **out, gm_error *err)
{
    *out = NULL;
    if (!u->geom)
        return gm_fail(err, GM_E_ARG,
                       "compactness needs the units' geometry: load them with geometry");
    if (p->n_units != u->n)
        return gm_fail(err, GM_E_ARG, "the plan has %zu units but the layer %zu", p->n_units, u->n);
    GEOSGeometry **dist = NULL;
    gm_dissolve_report rep;
    gmi_geo *geo = &u->geom->ctx;
    gm_status rc =
        gmi_dissolve(geo, u->geom->g, u->n, p->district, p->k, p->label, &dist, &rep, err);
    if (rc == GM_OK) rc = gmi_compact_from_dissolved(u, p, o, dist, &rep, out, err);
    gmi_dissolve_free(geo, dist, p->k);
    return rc;
}
