/* dissolve.c: units -> district polygons by a plan, with a report of what the
 * dissolve found (overlapping units, gaps in the plan, detached slivers).
 *
 * Precincts and blocks normally form a polygonal coverage (no overlaps, shared edges
 * noded alike), and GEOSCoverageUnion_r dissolves a coverage by dropping the edges
 * that occur twice: linear time, no overlay. It does not check its input, so each
 * result is checked: the union's area must equal the sum of the unit areas (to 1e-7)
 * and the result must be valid. Otherwise the district is redone with the general
 * GEOSUnaryUnion_r (OverlayNG), and the area difference is reported as overlap.
 *
 * The shapes are returned as the union makes them, holes included: sliver holes (cracks
 * between units) are left out where districts are measured (compact_holes.c), so a
 * district read from a layer and the same district dissolved here are measured alike. */
#include "compact/compact.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Relative area mismatch above which a coverage union is not trusted. */
#define GM_DISSOLVE_REL_TOL 1e-7

/* Clone the polygons of g into parts[*np...]. Returns 0 or -1. */
static int add_parts(GEOSContextHandle_t h, const GEOSGeometry *g, GEOSGeometry ***parts,
                     size_t *np, size_t *cap)
{
    int t = GEOSGeomTypeId_r(h, g);
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++)
            if (add_parts(h, GEOSGetGeometryN_r(h, g, i), parts, np, cap)) return -1;
        return 0;
    }
    if (t != GEOS_POLYGON || GEOSisEmpty_r(h, g) == 1) return 0;
    if (*np == *cap) {
        size_t nc = *cap ? 2 * *cap : 64;
        GEOSGeometry **x = realloc(*parts, nc * sizeof *x);
        if (!x) return -1;
        *parts = x;
        *cap = nc;
    }
    GEOSGeometry *c = GEOSGeom_clone_r(h, g);
    if (!c) return -1;
    (*parts)[(*np)++] = c;
    return 0;
}

/* Detached slivers of one dissolved district: parts (when there are several) of at
 * most GM_SLIVER_M2. */
static void find_slivers(GEOSContextHandle_t h, const GEOSGeometry *u, size_t d,
                         gm_dissolve_report *rep)
{
    int n = GEOSGetNumGeometries_r(h, u);
    if (n < 2) return;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, u, i);
        double a = 0;
        if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON || !GEOSArea_r(h, p, &a)) continue;
        if (a <= GM_SLIVER_M2) {
            if (rep->n_slivers++ == 0) rep->first_sliver = d;
            rep->sliver_m2 += a;
        }
    }
}

typedef struct near_units {
    size_t n, cap;
    size_t *idx;
} near_units;

static void on_unit(void *item, void *ud)
{
    near_units *c = ud;
    if (c->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 16;
        size_t *t = realloc(c->idx, nc * sizeof *t);
        if (!t) return; /* fewer units named */
        c->idx = t;
        c->cap = nc;
    }
    c->idx[c->n++] = (size_t)(uintptr_t)item - 1;
}

/* The units within 1 cm of a gap (up to GM_GAP_NEAR), to name it. */
static void gap_near(GEOSContextHandle_t h, GEOSGeometry *const *g, size_t n,
                     const int32_t *district, size_t k, const GEOSGeometry *gap,
                     gm_dissolve_report *rep)
{
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    near_units c = {0, 0, NULL};
    rep->n_gap_near = 0;
    if (!tree) return;
    for (size_t i = 0; i < n; i++)
        if (district[i] >= 0 && (size_t)district[i] < k && GEOSisEmpty_r(h, g[i]) == 0)
            GEOSSTRtree_insert_r(h, tree, g[i], (void *)(uintptr_t)(i + 1));
    GEOSSTRtree_query_r(h, tree, gap, on_unit, &c);
    for (size_t j = 0; j < c.n && rep->n_gap_near < GM_GAP_NEAR; j++) {
        double dist = 1;
        if (GEOSDistance_r(h, g[c.idx[j]], gap, &dist) == 1 && dist <= 0.01)
            rep->gap_near[rep->n_gap_near++] = c.idx[j];
    }
    free(c.idx);
    GEOSSTRtree_destroy_r(h, tree);
}

/* Holes of the whole plan's union larger than a sliver: ground inside the plan that no
 * unit covers. The largest is named by the units beside it. */
static void find_gaps(GEOSContextHandle_t h, GEOSGeometry *const *dist, size_t k,
                      GEOSGeometry *const *g, size_t n_units, const int32_t *district,
                      gm_dissolve_report *rep)
{
    GEOSGeometry *worst = NULL;
    GEOSGeometry **parts = NULL;
    size_t np = 0, cap = 0;
    for (size_t d = 0; d < k; d++)
        if (add_parts(h, dist[d], &parts, &np, &cap)) goto done;
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)np);
    if (!coll) goto done;
    np = 0; /* the collection owns them now */
    GEOSGeometry *all = GEOSCoverageUnion_r(h, coll);
    if (!all || GEOSisValid_r(h, all) != 1) {
        if (all) GEOSGeom_destroy_r(h, all);
        all = GEOSUnaryUnion_r(h, coll);
    }
    GEOSGeom_destroy_r(h, coll);
    if (!all) goto done;
    int n = GEOSGetNumGeometries_r(h, all);
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, all, i);
        if (GEOSGeomTypeId_r(h, p) != GEOS_POLYGON) continue;
        int nh = GEOSGetNumInteriorRings_r(h, p);
        for (int j = 0; j < nh; j++) {
            GEOSGeometry *lr = GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, p, j));
            GEOSGeometry *hp = lr ? GEOSGeom_createPolygon_r(h, lr, NULL, 0) : NULL;
            double ha = 0;
            if (!hp) continue;
            GEOSArea_r(h, hp, &ha);
            if (ha <= GM_SLIVER_M2) {
                GEOSGeom_destroy_r(h, hp);
                continue;
            }
            rep->n_gaps++;
            rep->gap_m2 += ha;
            if (ha > rep->worst_gap_m2) {
                rep->worst_gap_m2 = ha;
                if (worst) GEOSGeom_destroy_r(h, worst);
                worst = hp;
            } else {
                GEOSGeom_destroy_r(h, hp);
            }
        }
    }
    GEOSGeom_destroy_r(h, all);
    if (worst) {
        gap_near(h, g, n_units, district, k, worst, rep);
        GEOSGeom_destroy_r(h, worst);
    }
done:
    for (size_t i = 0; i < np; i++)
        GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
}

gm_status gmi_dissolve(gmi_geo *geo, GEOSGeometry *const *g, size_t n, const int32_t *district,
                       size_t k, char *const *labels, GEOSGeometry ***out, gm_dissolve_report *rep,
                       gm_error *err)
{
    GEOSContextHandle_t h = geo->h;
    GEOSGeometry **res = calloc(k ? k : 1, sizeof *res);
    size_t *start = calloc(k + 1, sizeof *start), *order = malloc((n ? n : 1) * sizeof *order);
    GEOSGeometry **parts = NULL;
    size_t np = 0, cap = 0;
    gm_status rc = GM_OK;
    memset(rep, 0, sizeof *rep);
    *out = NULL;
    if (!res || !start || !order) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    /* counting sort of units by district */
    for (size_t i = 0; i < n; i++)
        if (district[i] >= 0 && (size_t)district[i] < k) start[district[i] + 1]++;
    for (size_t d = 0; d < k; d++)
        start[d + 1] += start[d];
    {
        size_t *fill = calloc(k ? k : 1, sizeof *fill);
        if (!fill) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            if (district[i] >= 0 && (size_t)district[i] < k)
                order[start[district[i]] + fill[district[i]]++] = i;
        free(fill);
    }
    for (size_t d = 0; d < k; d++) {
        double sum = 0;
        np = 0;
        for (size_t j = start[d]; j < start[d + 1]; j++) {
            double a = 0;
            GEOSArea_r(h, g[order[j]], &a);
            sum += a;
            if (add_parts(h, g[order[j]], &parts, &np, &cap)) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory dissolving district %s", labels[d]);
                goto done;
            }
        }
        if (np == 0) { /* a district without units (or without area): an empty shape */
            if (!(res[d] = GEOSGeom_createEmptyPolygon_r(h))) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            continue;
        }
        GEOSGeometry *coll =
            GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)np);
        if (!coll) {
            rc = gm_fail(err, GM_E_GEOM, "district %s: %s", labels[d], geo->geos_msg);
            goto done;
        }
        np = 0;
        double A = 0, tol = GM_DISSOLVE_REL_TOL * sum;
        GEOSGeometry *u = GEOSCoverageUnion_r(h, coll);
        if (u && GEOSArea_r(h, u, &A) && fabs(sum - A) <= tol && GEOSisValid_r(h, u) == 1) {
            rep->n_coverage++;
        } else {
            if (u) GEOSGeom_destroy_r(h, u);
            u = GEOSUnaryUnion_r(h, coll);
            rep->n_fallback++;
            if (u) GEOSArea_r(h, u, &A);
            if (u && sum - A > tol) {
                rep->n_overlaps++;
                rep->overlap_m2 += sum - A;
                if (sum - A > rep->worst_overlap_m2) {
                    rep->worst_overlap_m2 = sum - A;
                    rep->worst_overlap = d;
                }
            }
        }
        GEOSGeom_destroy_r(h, coll);
        if (!u) {
            rc = gm_fail(err, GM_E_GEOM, "district %s: union of its units failed: %s", labels[d],
                         geo->geos_msg);
            goto done;
        }
        res[d] = u;
        find_slivers(h, u, d, rep);
    }
    find_gaps(h, res, k, g, n, district, rep);
    *out = res;
    res = NULL;
done:
    for (size_t i = 0; i < np; i++)
        GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    if (res) {
        for (size_t d = 0; d < k; d++)
            if (res[d]) GEOSGeom_destroy_r(h, res[d]);
        free(res);
    }
    free(start);
    free(order);
    return rc;
}

void gmi_dissolve_free(gmi_geo *geo, GEOSGeometry **dist, size_t k)
{
    if (!dist) return;
    for (size_t d = 0; d < k; d++)
        if (dist[d]) GEOSGeom_destroy_r(geo->h, dist[d]);
    free(dist);
}
