/* compact_pop.c: population polygon and population circle.
 *
 *   population polygon = P(district) / P(inside the district's convex hull)
 *   population circle  = P(district) / P(inside its minimum bounding circle)
 *
 * P(region) apportions each unit's population by the share of its area inside the
 * region (uniform density within a unit). A unit without geometry (null or empty) is
 * nowhere: it is left out of both P(district) and P(region), so each ratio compares
 * the same people and stays in (0, 1] (compact_plan.c names such units in a warning).
 * The district's own units lie inside its hull and its circle by definition, so they
 * count whole and only the other units are apportioned: P(region) >= P(district) holds
 * exactly (apportioning them too let rounding and the 256-gon's cut corners put the
 * ratio at 1 + 1.5e-9). Everything is in the units' working
 * equal-area CRS, so area shares are true shares. The circle is represented by a
 * 256-gon whose area equals the circle's (radius scaled by sqrt(2 pi / (N sin(2 pi/N))));
 * its hull and circle are those of the district in that CRS (a Lambert azimuthal
 * equal-area projection centred on the whole plan, not on the district). */
#include "compact/compact.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/constants.h"

#define CIRCLE_QUADSEGS 64 /* 4 * 64 = 256 vertices */

typedef struct hits {
    size_t n, cap;
    size_t *idx;
    int oom;
} hits;

static void on_hit(void *item, void *ud)
{
    hits *h = ud;
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 64;
        size_t *t = realloc(h->idx, nc * sizeof *t);
        if (!t) {
            h->oom = 1;
            return;
        }
        h->idx = t;
        h->cap = nc;
    }
    h->idx[h->n++] = (size_t)(uintptr_t)item - 1;
}

/* Population inside region r of the units outside district d (apportioned by area).
 * Returns NaN on a GEOS failure. */
static double pop_inside(GEOSContextHandle_t h, GEOSSTRtree *tree, const gm_units *u,
                         const int32_t *district, int32_t d, const GEOSGeometry *r, hits *H)
{
    const GEOSPreparedGeometry *pr = GEOSPrepare_r(h, r);
    double s = 0;
    if (!pr) return NAN;
    H->n = 0;
    GEOSSTRtree_query_r(h, tree, r, on_hit, H);
    for (size_t c = 0; c < H->n; c++) {
        size_t i = H->idx[c];
        const GEOSGeometry *g = u->geom->g[i];
        if (u->pop[i] == 0 || district[i] == d) continue;
        if (GEOSPreparedCovers_r(h, pr, g) == 1) {
            s += u->pop[i];
            continue;
        }
        if (GEOSPreparedIntersects_r(h, pr, g) != 1) continue;
        double a = 0, ai = 0;
        GEOSArea_r(h, g, &a);
        GEOSGeometry *x = GEOSIntersection_r(h, g, r);
        if (!x) {
            s = NAN;
            break;
        }
        GEOSArea_r(h, x, &ai);
        GEOSGeom_destroy_r(h, x);
        if (a > 0) s += u->pop[i] * fmin(1.0, ai / a);
    }
    GEOSPreparedGeom_destroy_r(h, pr);
    return H->oom ? NAN : s;
}

gm_status gmi_population_measures(gmi_geo *geo, const gm_units *u, const gm_plan *p,
                                  GEOSGeometry *const *dist, double *pop_polygon,
                                  double *pop_circle, gm_error *err)
{
    GEOSContextHandle_t h = geo->h;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    double *dpop = calloc(p->k ? p->k : 1, sizeof *dpop);
    hits H = {0, 0, NULL, 0};
    gm_status rc = GM_OK;
    if (!tree || !dpop) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < u->n; i++) {
        if (GEOSisEmpty_r(h, u->geom->g[i]) != 0) continue; /* no shape: in neither count */
        if (p->district[i] >= 0 && (size_t)p->district[i] < p->k) dpop[p->district[i]] += u->pop[i];
        GEOSSTRtree_insert_r(h, tree, u->geom->g[i], (void *)(uintptr_t)(i + 1));
    }
    const double N = 4.0 * CIRCLE_QUADSEGS;
    const double grow = sqrt(2 * GM_PI / (N * sin(2 * GM_PI / N)));
    for (size_t d = 0; d < p->k; d++) {
        pop_polygon[d] = pop_circle[d] = NAN;
        double *xy = NULL, ah = 0, cx, cy, r;
        size_t n = 0;
        if (gmi_hull_xy(h, dist[d], &xy, &n, &ah)) {
            rc = gm_fail(err, GM_E_GEOM, "district %s: convex hull failed: %s", p->label[d],
                         geo->geos_msg);
            goto done;
        }
        int mrc = gmi_mbc(xy, n, &cx, &cy, &r);
        free(xy);
        if (mrc) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        GEOSGeometry *hull = GEOSConvexHull_r(h, dist[d]);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, cx, cy);
        GEOSGeometry *circ = pt && r > 0 ? GEOSBuffer_r(h, pt, r * grow, CIRCLE_QUADSEGS) : NULL;
        const int32_t di = (int32_t)d;
        if (hull && ah > 0) {
            double in = dpop[d] + pop_inside(h, tree, u, p->district, di, hull, &H);
            if (in > 0) pop_polygon[d] = dpop[d] / in;
        }
        if (circ) {
            double in = dpop[d] + pop_inside(h, tree, u, p->district, di, circ, &H);
            if (in > 0) pop_circle[d] = dpop[d] / in;
        }
        if (hull) GEOSGeom_destroy_r(h, hull);
        if (pt) GEOSGeom_destroy_r(h, pt);
        if (circ) GEOSGeom_destroy_r(h, circ);
        if (H.oom) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    }
done:
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    free(dpop);
    free(H.idx);
    return rc;
}
