/* geodesic.c: area and perimeter on the WGS84 ellipsoid with PROJ's port of
 * GeographicLib (geodesic.h, Karney 2013), for geometries in lon/lat degrees.
 *
 * Edges are geodesics. A ring's area is |signed area| (the sign only gives its
 * orientation); holes are subtracted from their polygon. Every ring counts toward the
 * perimeter, holes included: a hole is boundary the district has to draw around, and
 * PlanScore and redistmetrics count it too (DRA does not; see docs/metrics.md). */
#include "compact/compact.h"

#include <geodesic.h>
#include <math.h>

/* WGS84: a = 6378137 m, f = 1/298.257223563 (EPSG:7030). */
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)

typedef struct geod_acc {
    struct geod_geodesic G;
    double area_m2; /* outer rings minus holes */
    double perim_m; /* all rings */
} geod_acc;

static void ring_geod(const double *xy, size_t n, bool hole, void *ud)
{
    geod_acc *a = ud;
    struct geod_polygon poly;
    double A = 0, P = 0;
    if (n < 2) return;
    geod_polygon_init(&poly, 0);
    /* the closing vertex repeats the first: geod_polygon closes the ring itself */
    size_t m = (xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1]) ? n - 1 : n;
    for (size_t i = 0; i < m; i++)
        geod_polygon_addpoint(&a->G, &poly, xy[2 * i + 1], xy[2 * i]);
    geod_polygon_compute(&a->G, &poly, 0, 1, &A, &P);
    a->area_m2 += hole ? -fabs(A) : fabs(A);
    a->perim_m += P;
}

int gmi_geod_measure(GEOSContextHandle_t h, const GEOSGeometry *ll, double *area_m2,
                     double *perim_m)
{
    geod_acc a;
    geod_init(&a.G, WGS84_A, WGS84_F);
    a.area_m2 = 0;
    a.perim_m = 0;
    int rc = gmi_for_each_ring(h, ll, ring_geod, &a, NULL, NULL);
    *area_m2 = a.area_m2;
    *perim_m = a.perim_m;
    return rc;
}

void gmi_ll_centre(GEOSContextHandle_t h, const GEOSGeometry *ll, double *lon0, double *lat0)
{
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    *lon0 = 0;
    *lat0 = 0;
    if (!GEOSGeom_getExtent_r(h, ll, &xmin, &ymin, &xmax, &ymax)) return;
    *lat0 = (ymin + ymax) / 2;
    *lon0 = (xmin + xmax) / 2;
    if (xmax - xmin <= 180.0) return;
    /* Wider than a hemisphere: most likely a shape cut at the antimeridian (the
     * Aleutians). Take the extent of the longitudes shifted into [0, 360). */
    double lo = 1e300, hi = -1e300;
    int n = GEOSGetNumGeometries_r(h, ll);
    for (int i = 0; i < n; i++) {
        double a, b, c, d;
        if (!GEOSGeom_getExtent_r(h, GEOSGetGeometryN_r(h, ll, i), &a, &b, &c, &d)) continue;
        double s0 = a < 0 ? a + 360 : a, s1 = c < 0 ? c + 360 : c;
        lo = fmin(lo, fmin(s0, s1));
        hi = fmax(hi, fmax(s0, s1));
    }
    if (lo <= hi && hi - lo < xmax - xmin) {
        double c = (lo + hi) / 2;
        *lon0 = c > 180 ? c - 360 : c;
    }
}
