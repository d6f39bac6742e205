/* coverage.c: overlaps between units and gaps enclosed by them (gm_check.h).
 *
 * Overlaps: an STRtree over the units' envelopes gives candidate pairs; a pair
 * overlaps when the prepared unit intersects the other without only touching it, and
 * the overlap is the area of their intersection. Gaps: the union of all units (a
 * fast coverage union when nothing overlaps, a general unary union otherwise); every
 * interior ring of the union is a hole no unit covers. Areas are in the working
 * Lambert azimuthal equal-area CRS, so they are square metres on the ground. */
#include "gerrymeter/gm_check.h"
#include "core/names.h"
#include "geo/geo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cand {
    size_t n, cap;
    size_t *idx;
    int oom;
} cand;

static void on_item(void *item, void *ud)
{
    cand *c = ud;
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 16;
        size_t *t = realloc(c->idx, nc * sizeof *t);
        if (!t) {
            c->oom = 1;
            return;
        }
        c->idx = t;
        c->cap = nc;
    }
    c->idx[c->n++] = (size_t)(uintptr_t)item - 1;
}

/* Keep the GM_CHECK_WORST largest overlaps, largest first. */
static void keep_overlap(gm_coverage *c, size_t a, size_t b, double area)
{
    size_t n = c->n_worst_overlap, i;
    if (n == GM_CHECK_WORST && area <= c->worst_overlap[n - 1].area_m2) return;
    if (n < GM_CHECK_WORST) n = ++c->n_worst_overlap;
    for (i = n - 1; i > 0 && c->worst_overlap[i - 1].area_m2 < area; i--)
        c->worst_overlap[i] = c->worst_overlap[i - 1];
    c->worst_overlap[i] = (gm_overlap){a, b, area};
}

static size_t keep_gap_slot(gm_coverage *c, double area)
{
    size_t n = c->n_worst_gap, i;
    if (n == GM_CHECK_WORST && area <= c->worst_gap[n - 1].area_m2) return SIZE_MAX;
    if (n < GM_CHECK_WORST) n = ++c->n_worst_gap;
    for (i = n - 1; i > 0 && c->worst_gap[i - 1].area_m2 < area; i--)
        c->worst_gap[i] = c->worst_gap[i - 1];
    memset(&c->worst_gap[i], 0, sizeof c->worst_gap[i]);
    c->worst_gap[i].area_m2 = area;
    return i;
}

/* The units bordering a hole (within 1 cm of it), up to GM_GAP_NEAR. */
static void gap_neighbours(GEOSContextHandle_t h, GEOSSTRtree *tree, GEOSGeometry *const *g,
                           const GEOSGeometry *hole, gm_gap *gap, cand *cb)
{
    cb->n = 0;
    GEOSSTRtree_query_r(h, tree, hole, on_item, cb);
    for (size_t k = 0; k < cb->n && gap->n_near < GM_GAP_NEAR; k++) {
        double dist = 1;
        if (GEOSDistance_r(h, g[cb->idx[k]], hole, &dist) == 1 && dist <= 0.01)
            gap->near[gap->n_near++] = cb->idx[k];
    }
}

/* Holes of the union: every interior ring of every polygon in it. */
static gm_status find_gaps(GEOSContextHandle_t h, GEOSSTRtree *tree, GEOSGeometry *const *g,
                           const GEOSGeometry *uni, double min_area, gm_coverage *c, cand *cb,
                           gm_error *err)
{
    int np = GEOSGetNumGeometries_r(h, uni);
    for (int p = 0; p < np; p++) {
        const GEOSGeometry *poly = GEOSGetGeometryN_r(h, uni, p);
        if (GEOSGeomTypeId_r(h, poly) != GEOS_POLYGON) continue;
        int nr = GEOSGetNumInteriorRings_r(h, poly);
        for (int r = 0; r < nr; r++) {
            const GEOSGeometry *ring = GEOSGetInteriorRingN_r(h, poly, r);
            GEOSGeometry *shell = GEOSGeom_clone_r(h, ring);
            GEOSGeometry *hole = shell ? GEOSGeom_createPolygon_r(h, shell, NULL, 0) : NULL;
            double a = 0;
            if (!hole || GEOSArea_r(h, hole, &a) != 1) {
                if (hole) GEOSGeom_destroy_r(h, hole);
                else if (shell) GEOSGeom_destroy_r(h, shell);
                return gm_fail(err, GM_E_GEOM, "cannot measure a gap between units");
            }
            if (a > min_area) {
                c->n_gaps++;
                c->gap_area_m2 += a;
                size_t slot = keep_gap_slot(c, a);
                if (slot != SIZE_MAX) gap_neighbours(h, tree, g, hole, &c->worst_gap[slot], cb);
            }
            GEOSGeom_destroy_r(h, hole);
        }
    }
    return GM_OK;
}

gm_status gm_units_coverage(const gm_units *u, double min_area_m2, gm_coverage *out,
                            gm_error *err)
{
    memset(out, 0, sizeof *out);
    if (!u->geom) return gm_fail(err, GM_E_ARG, "units were loaded without geometry");
    const gm_geoms *G = u->geom;
    GEOSContextHandle_t h = G->ctx.h;
    gm_status rc = GM_OK;
    cand cb = {0, 0, NULL, 0};
    GEOSGeometry **parts = NULL, *coll = NULL, *uni = NULL;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    if (!tree) return gm_fail(err, GM_E_NOMEM, "out of memory");
    out->n_units = G->n;
    out->n_repaired = G->n_repaired;

    for (size_t i = 0; i < G->n; i++) {
        if (GEOSisEmpty_r(h, G->g[i]) == 1) {
            out->n_empty++;
            continue;
        }
        double a = 0;
        if (GEOSArea_r(h, G->g[i], &a) == 1) out->units_area_m2 += a;
        GEOSSTRtree_insert_r(h, tree, G->g[i], (void *)(uintptr_t)(i + 1));
    }

    /* Overlaps: each pair once (i < j). */
    for (size_t i = 0; i < G->n; i++) {
        if (GEOSisEmpty_r(h, G->g[i]) == 1) continue;
        cb.n = 0;
        GEOSSTRtree_query_r(h, tree, G->g[i], on_item, &cb);
        if (cb.oom) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        const GEOSPreparedGeometry *pg = NULL;
        for (size_t k = 0; k < cb.n; k++) {
            size_t j = cb.idx[k];
            if (j <= i) continue;
            if (!pg && !(pg = GEOSPrepare_r(h, G->g[i]))) {
                rc = gm_fail(err, GM_E_GEOM, "unit %s: %s", u->id[i], G->ctx.geos_msg);
                goto done;
            }
            if (GEOSPreparedIntersects_r(h, pg, G->g[j]) != 1) continue;
            if (GEOSPreparedTouches_r(h, pg, G->g[j]) == 1) continue; /* shared edge only */
            GEOSGeometry *x = GEOSIntersection_r(h, G->g[i], G->g[j]);
            double a = 0;
            if (!x) {
                GEOSPreparedGeom_destroy_r(h, pg);
                rc = gm_fail(err, GM_E_GEOM, "units %s and %s: intersection failed: %s", u->id[i],
                             u->id[j], G->ctx.geos_msg);
                goto done;
            }
            GEOSArea_r(h, x, &a);
            GEOSGeom_destroy_r(h, x);
            if (a > min_area_m2) {
                out->n_overlaps++;
                out->overlap_area_m2 += a;
                keep_overlap(out, i, j, a);
            }
        }
        if (pg) GEOSPreparedGeom_destroy_r(h, pg);
    }

    /* Gaps: holes in the union of all units. The collection borrows clones. */
    size_t m = 0;
    parts = malloc((G->n ? G->n : 1) * sizeof *parts);
    if (!parts) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < G->n; i++) {
        if (GEOSisEmpty_r(h, G->g[i]) == 1) continue;
        if (!(parts[m] = GEOSGeom_clone_r(h, G->g[i]))) {
            for (size_t q = 0; q < m; q++) GEOSGeom_destroy_r(h, parts[q]);
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        m++;
    }
    if (m == 0) goto done;
    coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)m);
    if (!coll) {
        for (size_t q = 0; q < m; q++) GEOSGeom_destroy_r(h, parts[q]);
        rc = gm_fail(err, GM_E_GEOM, "cannot collect the units: %s", G->ctx.geos_msg);
        goto done;
    }
    /* Coverage union assumes no overlaps (it is much faster); otherwise the general one. */
    if (out->n_overlaps == 0) uni = GEOSCoverageUnion_r(h, coll);
    if (!uni) uni = GEOSUnaryUnion_r(h, coll);
    if (!uni) {
        rc = gm_fail(err, GM_E_GEOM, "cannot union the units to look for gaps: %s",
                     G->ctx.geos_msg);
        goto done;
    }
    rc = find_gaps(h, tree, G->g, uni, min_area_m2, out, &cb, err);
done:
    if (uni) GEOSGeom_destroy_r(h, uni);
    if (coll) GEOSGeom_destroy_r(h, coll);
    free(parts);
    free(cb.idx);
    GEOSSTRtree_destroy_r(h, tree);
    return rc;
}

gm_status gm_coverage_warnings(const gm_units *u, const gm_coverage *c, double min_area_m2,
                               gm_warnings *w)
{
    gm_status rc = GM_OK;
    if (c->n_empty && u->geom) {
        gmi_names l = {0};
        for (size_t i = 0; i < u->geom->n; i++)
            if (GEOSisEmpty_r(u->geom->ctx.h, u->geom->g[i]) == 1)
                gmi_names_add(&l, "%s", u->id[i]);
        rc = gm_warn(w, "units_without_geometry",
                     "%zu unit%s without geometry (null or empty; unit ids: %s%s): no district "
                     "layer can place %s, and %s left out of every shape, adjacency and "
                     "compactness measure",
                     c->n_empty, c->n_empty == 1 ? "" : "s", l.text, gmi_names_more(&l),
                     c->n_empty == 1 ? "it" : "them", c->n_empty == 1 ? "it is" : "they are");
    }
    char a1[GMI_M2_BUF], a2[GMI_M2_BUF], lim[GMI_M2_BUF];
    snprintf(lim, sizeof lim, "%g", min_area_m2);
    if (rc == GM_OK && c->n_overlaps) {
        const gm_overlap *o = &c->worst_overlap[0];
        rc = gm_warn(w, "unit_overlaps",
                     "%zu pair%s of units overlap by more than %s m2 (%s m2 in all; the largest: "
                     "%s and %s, %s m2): where districts are overlaid, that ground, its people "
                     "and votes are counted twice",
                     c->n_overlaps, c->n_overlaps == 1 ? "" : "s", lim,
                     gmi_fmt_m2(a1, c->overlap_area_m2), u->id[o->a], u->id[o->b],
                     gmi_fmt_m2(a2, o->area_m2));
    }
    if (rc == GM_OK && c->n_gaps) {
        const gm_gap *g = &c->worst_gap[0];
        gmi_names l = {0};
        for (size_t k = 0; k < g->n_near; k++) gmi_names_add(&l, "%s", u->id[g->near[k]]);
        rc = gm_warn(w, "coverage_gaps",
                     "%zu gap%s larger than %s m2 enclosed by units (%s m2 in all; the largest, "
                     "%s m2, beside %s): that ground belongs to no unit and no district",
                     c->n_gaps, c->n_gaps == 1 ? "" : "s", lim, gmi_fmt_m2(a1, c->gap_area_m2),
                     gmi_fmt_m2(a2, g->area_m2), l.n ? l.text : "no unit found");
    }
    return rc;
}
