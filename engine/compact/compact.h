/* compact.h: engine-internal pieces of the compactness suite (engine/geo/compact*.c,
 * geodesic.c, mbc.c, dissolve.c). Never include from include/. */
#ifndef GM_COMPACT_INT_H
#define GM_COMPACT_INT_H

#include "gerrymeter/gm_compact.h"
#include "geo/geo.h"

/* ---- ring walking (compact_rings.c) ------------------------------------------ */

/* Called once per ring of a polygonal geometry: xy holds n interleaved x,y pairs
 * including the closing vertex (borrowed, valid during the call); hole is true for
 * interior rings. */
typedef void (*gmi_ring_fn)(const double *xy, size_t n, bool hole, void *ud);

/* Visit every ring of every polygon in g (Polygon, MultiPolygon, or a collection
 * holding them; other members are skipped). Counts polygons and holes when the
 * pointers are not NULL. Returns 0, or -1 when out of memory. */
int gmi_for_each_ring(GEOSContextHandle_t h, const GEOSGeometry *g, gmi_ring_fn fn, void *ud,
                      int32_t *parts, int32_t *holes);

/* Vertices of the convex hull of g (planar), counter-clockwise, without the closing
 * vertex: *xy is malloc'd (caller frees), *n its point count (0 for an empty g; 1 or 2
 * for a degenerate hull). Also the hull's area. Returns 0, or -1 on failure. */
int gmi_hull_xy(GEOSContextHandle_t h, const GEOSGeometry *g, double **xy, size_t *n,
                double *hull_area);

/* ---- sliver holes (compact_holes.c) ------------------------------------------ */

/* Interior rings left out as slivers: how many, their area and their length. */
typedef struct gmi_holes {
    int32_t n;
    double area_m2;    /* geodesic */
    double boundary_m; /* geodesic length of the rings */
} gmi_holes;

/* Leave out the interior rings of a polygonal lon/lat geometry whose geodesic area is at
 * most max_m2 (GM_SLIVER_M2 for the gerrymeter convention), adding them to *st. *out is
 * a new geometry (caller destroys) or NULL when every ring is kept. Returns 0, or -1
 * when out of memory or GEOS fails. */
int gmi_drop_sliver_holes(GEOSContextHandle_t h, const GEOSGeometry *ll, double max_m2,
                          GEOSGeometry **out, gmi_holes *st);

/* ---- geodesy (geodesic.c) ---------------------------------------------------- */

/* Geodesic area (m^2, holes subtracted) and perimeter (m, every ring including
 * holes) on the WGS84 ellipsoid of a polygonal geometry in lon/lat degrees; edges are
 * geodesics. Returns 0, or -1 when out of memory. */
int gmi_geod_measure(GEOSContextHandle_t h, const GEOSGeometry *ll, double *area_m2,
                     double *perim_m);

/* Centre of a lon/lat geometry's bounding box, aware of the antimeridian: when the
 * box is wider than 180 degrees the longitudes are taken modulo 360. */
void gmi_ll_centre(GEOSContextHandle_t h, const GEOSGeometry *ll, double *lon0, double *lat0);

/* ---- circles and rectangles (mbc.c, compact_rect.c) -------------------------- */

/* Exact minimum enclosing circle of n planar points (interleaved xy), Welzl's
 * algorithm. n == 0 gives r = 0 at (0,0). Returns 0, or -1 when out of memory. */
int gmi_mbc(const double *xy, size_t n, double *cx, double *cy, double *r);

/* Minimum-area rectangle enclosing a convex polygon given counter-clockwise without
 * its closing vertex (rotating calipers). Its side lengths: *width <= *length; its
 * corners (4 interleaved x,y, counter-clockwise) when corners is not NULL. */
void gmi_min_rect(const double *xy, size_t n, double *width, double *length, double *corners);

/* ---- per-district measurement (compact_measure.c, compact_dra.c) ------------- */

/* One district's measures. */
typedef struct gmi_cm {
    double v[GM_CM_COUNT]; /* NaN where undefined */
    int32_t parts, holes;  /* holes measured */
    gmi_holes dropped;     /* sliver holes left out before measuring */
} gmi_cm;

/* How districts are measured; set up once per run. */
typedef struct gmi_measurer {
    gmi_geo *geo; /* borrowed context */
    gm_convention conv;
    int plane;        /* GMI_PLANE_* */
    PJ *pj;           /* lon/lat degrees -> plane, for GMI_PLANE_PJ (owned) */
    double unit_m;    /* metres per plane unit */
    double max_hole_m2; /* holes of at most this area are left out (GM_SLIVER_M2 under the
                           gerrymeter convention; 0 under the peers': all kept) */
    char method[400]; /* one-line description for the output */
    PJ *crs;          /* the measuring CRS, for its scale at the data (owned), or NULL */
    bool has_aou;     /* the measuring CRS states its area of use: */
    double aou[4];    /*   west, south, east, north (degrees) */
    char aou_name[100];
    char crs_name[200];
    bool has_ll;      /* lon/lat box of the districts measured so far, */
    double ll[4];     /*   of those outside the area of use, */
    size_t n_measured, n_outside; /* how many, and the first names: */
    char outside[200];
    double area_scale, len_lo, len_hi; /* the CRS's scales at them (extremes; 0: none) */
} gmi_measurer;

enum { GMI_PLANE_LAEA = 0, GMI_PLANE_MERCATOR = 1, GMI_PLANE_PJ = 2, GMI_PLANE_DEGREES = 3 };

/* Choose the plane from the options: opts->crs, else by convention; src_wkt is the
 * source CRS (redistmetrics keeps a projected source). */
gm_status gmi_measurer_init(gmi_measurer *M, gmi_geo *geo, const gm_compact_opts *o,
                            const char *src_wkt, gm_error *err);
void gmi_measurer_free(gmi_measurer *M);

/* After the districts are measured: a warning (measuring_crs_far) when a measuring CRS
 * was chosen and districts lie mostly outside its area of use, where its lengths or
 * areas are off by more than 1 %, naming them, both places and the CRS's scales there. */
gm_status gmi_measurer_warn(const gmi_measurer *M, gm_warnings *w);

/* Measure one district given in lon/lat degrees (WGS84). label names it in errors. */
gm_status gmi_measure_district(gmi_measurer *M, const GEOSGeometry *ll, const char *label,
                               gmi_cm *out, gm_error *err);

/* Polsby-Popper, 4 pi A / P^2 (A in m^2, P in m), the one formula every caller uses
 * (gerrymeter and DRA conventions, the ensemble's per-plan pp_mean/pp_min). NaN when
 * P is not > 0 or A is negative or NaN: no figure has that ratio. */
double gmi_polsby_popper(double area, double perim);

/* DRA's KIWYSI features on the sphere (compact_dra.c). Returns 0 or -1 (memory). */
int gmi_dra_measure(GEOSContextHandle_t h, const GEOSGeometry *ll, gmi_cm *out);

/* Reproject a geometry in lon/lat degrees into a plane (new geometry, caller owns).
 * kind GMI_PLANE_LAEA uses pj as a +proj=laea conversion taking radians. */
GEOSGeometry *gmi_ll_to_plane(gmi_geo *geo, const GEOSGeometry *ll, int kind, PJ *pj);

/* A +proj=laea conversion on WGS84 centred at lon0, lat0 (radians in/out, metres). */
PJ *gmi_laea_pj(gmi_geo *geo, double lon0, double lat0);

/* Inverse of gmi_ll_to_plane for a LAEA conversion: plane -> lon/lat degrees. */
GEOSGeometry *gmi_laea_to_ll(gmi_geo *geo, const GEOSGeometry *xy, PJ *laea);

/* ---- result table (compact_result.c) ----------------------------------------- */

gm_compact *gmi_compact_alloc(size_t k);
void gmi_compact_set(gm_compact *c, size_t d, const gmi_cm *cm);
/* Store d's geometry (lon/lat) as ISO WKB. Returns 0 or -1. */
int gmi_compact_keep_wkb(gm_compact *c, size_t d, GEOSContextHandle_t h, const GEOSGeometry *ll);

/* ---- dissolve (dissolve.c) --------------------------------------------------- */

/* Union the units of each district. g[i] are the unit geometries (working CRS, metres),
 * district[i] in 0..k-1 (or GM_NO_DISTRICT: skipped). *out gets k new geometries
 * (caller destroys each and frees the array). labels name districts in the report. */
gm_status gmi_dissolve(gmi_geo *geo, GEOSGeometry *const *g, size_t n, const int32_t *district,
                       size_t k, char *const *labels, GEOSGeometry ***out, gm_dissolve_report *rep,
                       gm_error *err);
/* Free what gmi_dissolve returned (k districts). dist may be NULL. */
void gmi_dissolve_free(gmi_geo *geo, GEOSGeometry **dist, size_t k);

/* ---- compactness of a plan (compact_plan.c) ------------------------------------ */

/* gm_compact_from_plan on districts already dissolved (gmi_dissolve: dist[0..k) and
 * its report, borrowed), so a caller that also draws them dissolves once. */
gm_status gmi_compact_from_dissolved(const gm_units *u, const gm_plan *p, const gm_compact_opts *o,
                                     GEOSGeometry *const *dist, const gm_dissolve_report *rep,
                                     gm_compact **out, gm_error *err);

/* ---- population measures (compact_pop.c) --------------------------------------- */

/* pop_polygon[d] = district pop / pop inside its hull; pop_circle[d] likewise for its
 * minimum bounding circle. dist[d] are the dissolved districts in the units' working
 * CRS. Units are apportioned by area. */
gm_status gmi_population_measures(gmi_geo *geo, const gm_units *u, const gm_plan *p,
                                  GEOSGeometry *const *dist, double *pop_polygon,
                                  double *pop_circle, gm_error *err);


#endif /* GM_COMPACT_INT_H */
