/* compact_rings.c: walking the rings of polygonal GEOS geometries, and convex hulls
 * as plain coordinate arrays, for the measures that work on raw vertices. */
#include "compact/compact.h"

#include <stdlib.h>

typedef struct walk {
    GEOSContextHandle_t h;
    gmi_ring_fn fn;
    void *ud;
    double *buf; /* scratch for one ring's coordinates */
    size_t cap;  /* points buf can hold */
    int32_t parts, holes;
} walk;

static int visit_ring(walk *w, const GEOSGeometry *ring, bool hole)
{
    const GEOSCoordSequence *s = GEOSGeom_getCoordSeq_r(w->h, ring);
    unsigned int n = 0;
    if (!w->fn) return 0; /* counting only */
    if (!s || !GEOSCoordSeq_getSize_r(w->h, s, &n)) return -1;
    if (n == 0) return 0;
    if (n > w->cap) {
        double *t = realloc(w->buf, 2 * (size_t)n * sizeof *t);
        if (!t) return -1;
        w->buf = t;
        w->cap = n;
    }
    if (!GEOSCoordSeq_copyToBuffer_r(w->h, s, w->buf, 0, 0)) return -1;
    w->fn(w->buf, n, hole, w->ud);
    return 0;
}

static int visit(walk *w, const GEOSGeometry *g)
{
    int t = GEOSGeomTypeId_r(w->h, g);
    if (t == GEOS_POLYGON) {
        if (GEOSisEmpty_r(w->h, g) == 1) return 0;
        w->parts++;
        if (visit_ring(w, GEOSGetExteriorRing_r(w->h, g), false)) return -1;
        int nh = GEOSGetNumInteriorRings_r(w->h, g);
        for (int i = 0; i < nh; i++) {
            w->holes++;
            if (visit_ring(w, GEOSGetInteriorRingN_r(w->h, g, i), true)) return -1;
        }
        return 0;
    }
    if (t == GEOS_MULTIPOLYGON || t == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(w->h, g);
        for (int i = 0; i < n; i++)
            if (visit(w, GEOSGetGeometryN_r(w->h, g, i))) return -1;
    }
    return 0; /* points and lines carry no area: skipped */
}

int gmi_for_each_ring(GEOSContextHandle_t h, const GEOSGeometry *g, gmi_ring_fn fn, void *ud,
                      int32_t *parts, int32_t *holes)
{
    walk w = {h, fn, ud, NULL, 0, 0, 0};
    int rc = visit(&w, g);
    free(w.buf);
    if (parts) *parts = w.parts;
    if (holes) *holes = w.holes;
    return rc;
}

int gmi_hull_xy(GEOSContextHandle_t h, const GEOSGeometry *g, double **xy, size_t *n,
                double *hull_area)
{
    GEOSGeometry *hull = GEOSConvexHull_r(h, g);
    const GEOSCoordSequence *s = NULL;
    unsigned int m = 0;
    int rc = -1;
    *xy = NULL;
    *n = 0;
    *hull_area = 0;
    if (!hull) return -1;
    if (GEOSisEmpty_r(h, hull) == 1) {
        rc = 0;
        goto done;
    }
    int t = GEOSGeomTypeId_r(h, hull);
    if (t == GEOS_POLYGON) {
        s = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, hull));
        GEOSArea_r(h, hull, hull_area);
    } else if (t == GEOS_POINT || t == GEOS_LINESTRING) {
        s = GEOSGeom_getCoordSeq_r(h, hull);
    }
    if (!s || !GEOSCoordSeq_getSize_r(h, s, &m)) goto done;
    double *b = malloc(2 * (size_t)(m ? m : 1) * sizeof *b);
    if (!b) goto done;
    if (m && !GEOSCoordSeq_copyToBuffer_r(h, s, b, 0, 0)) {
        free(b);
        goto done;
    }
    size_t cnt = m;
    if (t == GEOS_POLYGON && cnt > 1) {
        cnt--; /* drop the closing vertex */
        /* orientation: make it counter-clockwise (positive shoelace sum) */
        double a2 = 0;
        for (size_t i = 0; i < cnt; i++) {
            size_t j = (i + 1) % cnt;
            a2 += b[2 * i] * b[2 * j + 1] - b[2 * j] * b[2 * i + 1];
        }
        if (a2 < 0)
            for (size_t i = 0, j = cnt - 1; i < j; i++, j--) {
                double tx = b[2 * i], ty = b[2 * i + 1];
                b[2 * i] = b[2 * j];
                b[2 * i + 1] = b[2 * j + 1];
                b[2 * j] = tx;
                b[2 * j + 1] = ty;
            }
    }
    *xy = b;
    *n = cnt;
    rc = 0;
done:
    GEOSGeom_destroy_r(h, hull);
    return rc;
}
