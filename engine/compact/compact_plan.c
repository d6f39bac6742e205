/* compact_plan.c: compactness of the districts a plan makes from units
 * (gm_compact_from_plan, for `gerrymeter score ... --compactness`).
 *
 * The units' geometries live in a working Lambert azimuthal equal-area CRS centred on
 * the layer (geo.h). Districts are dissolved there (dissolve.c), taken back to lon/lat
 * on WGS84 by the inverse projection, and measured like districts read from a layer
 * (compact_measure.c). Population measures and cut edges stay in the working CRS. */
#include "compact/compact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
