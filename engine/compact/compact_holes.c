/* compact_holes.c: sliver holes, dropped before a district is measured.
 *
 * Precinct layers do not tile exactly: neighbours whose shared edges were digitised
 * apart leave cracks between them, and a union of the precincts of one district keeps
 * each crack as an interior ring. On New Hampshire's towns, CD 1 dissolved from its
 * units has 193 of them, most below 1e-6 m^2 and none above 300 m^2, and they added
 * 17 km to its perimeter (Polsby-Popper 0.155 instead of 0.162). A hole of at most
 * GM_SLIVER_M2 (10 m^2) is such a crack: the smallest hole filled by another
 * district's units on the shared data (an enclave precinct) is 1,036 m^2 (Minnesota
 * House 8B); the same threshold is what `gm_units_coverage` ignores as a sliver.
 * docs/metrics.md, "Sliver holes", gives the survey. */
#include "compact/compact.h"

#include <stdlib.h>

/* A polygon's interior rings; the rings of at most max_m2 (geodesic area) are left out
 * and counted. *out is a new polygon, or NULL when nothing is left out. Returns 0, -1
 * when out of memory or GEOS fails. */
static int clean_polygon(GEOSContextHandle_t h, const GEOSGeometry *p, double max_m2,
                         GEOSGeometry **out, gmi_holes *st)
{
    int nh = GEOSGetNumInteriorRings_r(h, p);
    *out = NULL;
    if (nh <= 0) return 0;
    char *drop = calloc((size_t)nh, 1);
    if (!drop) return -1;
    int ndrop = 0, rc = -1;
    for (int j = 0; j < nh; j++) {
        GEOSGeometry *ring = GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, p, j));
        GEOSGeometry *hp = ring ? GEOSGeom_createPolygon_r(h, ring, NULL, 0) : NULL;
        double a = 0, len = 0;
        if (!hp) goto done;
        int mrc = gmi_geod_measure(h, hp, &a, &len);
        GEOSGeom_destroy_r(h, hp);
        if (mrc) goto done;
        if (a <= max_m2) {
            drop[j] = 1;
            ndrop++;
            st->n++;
            st->area_m2 += a;
            st->boundary_m += len;
        }
    }
    if (ndrop == 0) {
        rc = 0;
        goto done;
    }
    GEOSGeometry *shell = GEOSGeom_clone_r(h, GEOSGetExteriorRing_r(h, p));
    GEOSGeometry **keep = malloc((size_t)(nh - ndrop + 1) * sizeof *keep);
    unsigned m = 0;
    if (!shell || !keep) {
        if (shell) GEOSGeom_destroy_r(h, shell);
        free(keep);
        goto done;
    }
    for (int j = 0; j < nh; j++) {
        if (drop[j]) continue;
        GEOSGeometry *r = GEOSGeom_clone_r(h, GEOSGetInteriorRingN_r(h, p, j));
        if (!r) {
            for (unsigned i = 0; i < m; i++) GEOSGeom_destroy_r(h, keep[i]);
            GEOSGeom_destroy_r(h, shell);
            free(keep);
            goto done;
        }
        keep[m++] = r;
    }
    *out = GEOSGeom_createPolygon_r(h, shell, keep, m); /* takes shell and rings */
    free(keep);
    rc = *out ? 0 : -1;
done:
    free(drop);
    return rc;
}

/* g with sliver holes left out: *out new, or NULL when g keeps every ring. */
static int clean(GEOSContextHandle_t h, const GEOSGeometry *g, double max_m2, GEOSGeometry **out,
                 gmi_holes *st)
{
    int t = GEOSGeomTypeId_r(h, g);
    *out = NULL;
    if (t == GEOS_POLYGON) return clean_polygon(h, g, max_m2, out, st);
    if (t != GEOS_MULTIPOLYGON && t != GEOS_GEOMETRYCOLLECTION) return 0;
    int n = GEOSGetNumGeometries_r(h, g);
    if (n <= 0) return 0;
    GEOSGeometry **m = calloc((size_t)n, sizeof *m);
    bool changed = false;
    int rc = -1;
    if (!m) return -1;
    for (int i = 0; i < n; i++) {
        if (clean(h, GEOSGetGeometryN_r(h, g, i), max_m2, &m[i], st)) goto done;
        changed |= m[i] != NULL;
    }
    rc = 0;
    if (!changed) goto done;
    for (int i = 0; i < n; i++)
        if (!m[i] && !(m[i] = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, g, i)))) {
            rc = -1;
            goto done;
        }
    *out = GEOSGeom_createCollection_r(h, t, m, (unsigned)n); /* takes the members */
    if (*out) {
        free(m);
        return 0;
    }
    rc = -1;
done:
    for (int i = 0; i < n; i++)
        if (m[i]) GEOSGeom_destroy_r(h, m[i]);
    free(m);
    return rc;
}

int gmi_drop_sliver_holes(GEOSContextHandle_t h, const GEOSGeometry *ll, double max_m2,
                          GEOSGeometry **out, gmi_holes *st)
{
    return clean(h, ll, max_m2, out, st);
}
