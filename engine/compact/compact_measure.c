/* compact_measure.c: the shape measures of one district, in the plane the options
 * choose.
 *
 *   Polsby-Popper   PP = 4 pi A / P^2                     (1 for a disc)
 *   Schwartzberg    P / (2 sqrt(pi A)) = 1/sqrt(PP)      (perimeter over the
 *                   circumference of the circle of equal area; >= 1)
 *   its inverse     sqrt(PP)                              (<= 1; redistmetrics)
 *   Reock           A / (pi r^2), r = exact minimum bounding circle radius
 *   convex hull     A / A(hull)
 *   length-width    w / l of the minimum-area enclosing rectangle (<= 1)
 *   bounding box    A / (w l)
 *
 * Default plane: area and perimeter are geodesic (geodesic.c); the circle, the hull
 * and the rectangle are found in a Lambert azimuthal equal-area projection centred on
 * the district, where areas are true, so Reock, hull and box ratios are ratios of
 * true areas (the district's own area for them is taken in the same plane, so
 * numerator and denominator share the projection's treatment of edges). */
#include "compact/compact.h"

#include <cpl_conv.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/constants.h"

/* Web Mercator (EPSG:3857) sphere radius: the WGS84 semi-major axis. */
#define MERC_R 6378137.0

typedef struct xf {
    int kind; /* GMI_PLANE_* */
    PJ *pj;   /* conversion or transformation */
    bool inv; /* LAEA inverse (plane -> lon/lat degrees) */
} xf;

/* LAEA plane -> lon/lat degrees. PROJ 9.1's ellipsoidal inverse is good to ~5e-9
 * degrees (the authalic-latitude series), half a millimetre: enough to move a shared
 * vertex, and to put a relative 1e-7 error into a 1 km square's Polsby-Popper. One
 * Newton step on the forward projection (Jacobian by finite differences) brings the
 * round trip to the micrometre. */
static int laea_inverse(PJ *pj, double *x, double *y)
{
    PJ_COORD o = proj_trans(pj, PJ_INV, proj_coord(*x, *y, 0, 0));
    if (o.lp.lam == HUGE_VAL || !isfinite(o.lp.lam) || !isfinite(o.lp.phi)) return 0;
    double lam = o.lp.lam, phi = o.lp.phi;
    const double h = 1e-7; /* radians, ~0.6 m */
    PJ_COORD f0 = proj_trans(pj, PJ_FWD, proj_coord(lam, phi, 0, 0));
    PJ_COORD fl = proj_trans(pj, PJ_FWD, proj_coord(lam + h, phi, 0, 0));
    PJ_COORD fp = proj_trans(pj, PJ_FWD, proj_coord(lam, phi + h, 0, 0));
    double a = (fl.xy.x - f0.xy.x) / h, b = (fp.xy.x - f0.xy.x) / h;
    double c = (fl.xy.y - f0.xy.y) / h, d = (fp.xy.y - f0.xy.y) / h;
    double det = a * d - b * c, rx = *x - f0.xy.x, ry = *y - f0.xy.y;
    if (isfinite(det) && det != 0 && isfinite(rx) && isfinite(ry)) {
        lam += (d * rx - b * ry) / det;
        phi += (a * ry - c * rx) / det;
    }
    *x = proj_todeg(lam);
    *y = proj_todeg(phi);
    return 1;
}

static int xf_point(double *x, double *y, void *ud)
{
    const xf *t = ud;
    if (t->kind == GMI_PLANE_MERCATOR) {
        /* EPSG:3857 on the sphere: x = R lambda, y = R ln tan(pi/4 + phi/2) */
        double lam = gmi_deg2rad(*x), phi = gmi_deg2rad(*y);
        *x = MERC_R * lam;
        *y = MERC_R * log(tan(GM_PI / 4 + phi / 2));
        return isfinite(*y);
    }
    if (t->inv) return laea_inverse(t->pj, x, y);
    PJ_COORD c;
    if (t->kind == GMI_PLANE_LAEA)
        c = proj_coord(proj_torad(*x), proj_torad(*y), 0, 0);
    else
        c = proj_coord(*x, *y, 0, 0);
    PJ_COORD o = proj_trans(t->pj, PJ_FWD, c);
    if (o.xy.x == HUGE_VAL || !isfinite(o.xy.x) || !isfinite(o.xy.y)) return 0;
    *x = o.xy.x;
    *y = o.xy.y;
    return 1;
}

PJ *gmi_laea_pj(gmi_geo *geo, double lon0, double lat0)
{
    char def[GMI_LAEA_DEF_MAX];
    gmi_laea_def(def, sizeof def, lon0, lat0, GMI_LAEA_LOCAL);
    return proj_create(geo->pj, def);
}

GEOSGeometry *gmi_ll_to_plane(gmi_geo *geo, const GEOSGeometry *ll, int kind, PJ *pj)
{
    xf t = {kind, pj, false};
    return GEOSGeom_transformXY_r(geo->h, ll, xf_point, &t);
}

GEOSGeometry *gmi_laea_to_ll(gmi_geo *geo, const GEOSGeometry *g, PJ *laea)
{
    xf t = {GMI_PLANE_LAEA, laea, true};
    return GEOSGeom_transformXY_r(geo->h, g, xf_point, &t);
}

gm_status gmi_measurer_init(gmi_measurer *M, gmi_geo *geo, const gm_compact_opts *o,
                            const char *src_wkt, gm_error *err)
{
    memset(M, 0, sizeof *M);
    M->geo = geo;
    M->conv = o->convention;
    M->unit_m = 1;
    const char *plane_crs = NULL;
    switch (o->convention) {
    case GM_CONV_GERRYMETER:
        plane_crs = o->crs;
        M->plane = GMI_PLANE_LAEA;
        M->max_hole_m2 = GM_SLIVER_M2;
        snprintf(M->method, sizeof M->method,
                 "geodesic area and perimeter on WGS84; circle, hull and rectangle in a "
                 "Lambert azimuthal equal-area projection centred on each district");
        break;
    case GM_CONV_DRA:
        if (o->crs && *o->crs)
            return gm_fail_hint(err, GM_E_ARG, GM_HINT_CONVENTION,
                                "the dra convention measures on longitude/latitude as DRA does, "
                                "in no projected CRS; give no CRS or choose another convention");
        M->plane = GMI_PLANE_DEGREES;
        snprintf(M->method, sizeof M->method,
                 "DRA (KIWYSI features): sphere R = 6371 km, outer-ring perimeter, circle and "
                 "hull found in degrees");
        return GM_OK;
    case GM_CONV_PLANSCORE:
        plane_crs = o->crs;
        M->plane = GMI_PLANE_MERCATOR;
        snprintf(M->method, sizeof M->method,
                 "PlanScore: planar in EPSG:3857 (Web Mercator), perimeter with holes");
        break;
    case GM_CONV_REDISTMETRICS: {
        plane_crs = o->crs;
        M->plane = GMI_PLANE_MERCATOR;
        snprintf(M->method, sizeof M->method,
                 "redistmetrics: planar in EPSG:3857 (lon/lat source), Reock on GEOS's 32-gon "
                 "circle, length-width of the axis-aligned box");
        if (!plane_crs && src_wkt) { /* planarize(): a projected source is kept as it is */
            OGRSpatialReferenceH s = OSRNewSpatialReference(src_wkt);
            if (s && OSRIsProjected(s)) plane_crs = src_wkt;
            if (s) OSRRelease(s);
        }
        break;
    }
    default:
        return gm_fail_hint(err, GM_E_ARG, GM_HINT_CONVENTION,
                       "convention %s has no compactness definition; use gerrymeter, dra, "
                       "planscore or redistmetrics",
                       gm_convention_name(o->convention));
    }
    if (plane_crs && *plane_crs) {
        OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
        if (OSRSetFromUserInput(s, plane_crs) != OGRERR_NONE) {
            OSRRelease(s);
            return gm_fail_hint(err, GM_E_CRS, GM_HINT_CRS,
                                "the measuring CRS '%.200s' is not a CRS GDAL/PROJ knows (give "
                                "an EPSG code, e.g. EPSG:26915)",
                                plane_crs);
        }
        if (!OSRIsProjected(s)) {
            OSRRelease(s);
            return gm_fail_hint(err, GM_E_CRS, GM_HINT_CRS,
                                "the measuring CRS '%.200s' is not a projected CRS; lengths and "
                                "areas need one in metres or feet (e.g. a State Plane EPSG code)",
                           plane_crs);
        }
        char *unit = NULL;
        M->unit_m = OSRGetLinearUnits(s, &unit);
        char *wkt = NULL;
        OSRExportToWkt(s, &wkt);
        const char *nm = OSRGetName(s);
        PJ *raw = proj_create_crs_to_crs(geo->pj, "EPSG:4326", wkt, NULL);
        CPLFree(wkt);
        M->pj = raw ? proj_normalize_for_visualization(geo->pj, raw) : NULL;
        proj_destroy(raw);
        if (!M->pj) {
            gm_status rc =
                gm_fail(err, GM_E_CRS, "cannot transform longitude/latitude to '%.200s': %s",
                        plane_crs, geo->proj_msg);
            OSRRelease(s);
            return rc;
        }
        M->plane = GMI_PLANE_PJ;
        M->has_aou = gmi_crs_area_of_use(s, M->aou, M->aou_name, sizeof M->aou_name);
        gmi_crs_describe(s, M->crs_name, sizeof M->crs_name);
        if (M->has_aou) {
            char *w2 = NULL;
            OSRExportToWkt(s, &w2);
            M->crs = w2 ? proj_create(geo->pj, w2) : NULL;
            CPLFree(w2);
        }
        char head[120];
        snprintf(head, sizeof head, "%s", M->method);
        char *colon = strchr(head, ':');
        if (colon) *colon = '\0';
        snprintf(M->method, sizeof M->method, "%s: planar in %.150s (%.40s, %.6g m per unit)",
                 o->convention == GM_CONV_GERRYMETER ? "gerrymeter" : head, nm ? nm : plane_crs,
                 unit ? unit : "?", M->unit_m);
        OSRRelease(s);
    }
    return GM_OK;
}

void gmi_measurer_free(gmi_measurer *M)
{
    if (M && M->pj) proj_destroy(M->pj);
    if (M && M->crs) proj_destroy(M->crs);
    if (M) M->pj = M->crs = NULL;
}

gm_status gmi_measurer_warn(const gmi_measurer *M, gm_warnings *w)
{
    if (!M->has_aou || !M->n_outside) return GM_OK;
    char scale[160] = "", len[60];
    if (M->area_scale > 0) {
        if (M->len_hi - M->len_lo < 5e-4) snprintf(len, sizeof len, "%.4g", M->len_hi);
        else snprintf(len, sizeof len, "%.4g to %.4g", M->len_lo, M->len_hi);
        snprintf(scale, sizeof scale,
                 " (in the middle of %s its areas are %.4g times the true ones and its lengths "
                 "%s times)",
                 M->n_outside == 1 ? "it" : "them", M->area_scale, len);
    }
    bool all = M->n_outside == M->n_measured;
    return gm_warn(w, "measuring_crs_far",
                   "the measuring CRS %s is made for %s (longitude %.2f..%.2f, latitude "
                   "%.2f..%.2f), but %s%zu of %zu districts (%s%s) lie outside it, at longitude "
                   "%.2f..%.2f, latitude %.2f..%.2f: their lengths and areas measured in it are "
                   "distorted%s; measure in a CRS made for %s, or geodesically (no measuring "
                   "CRS)",
                   M->crs_name, M->aou_name, M->aou[0], M->aou[2], M->aou[1], M->aou[3],
                   all ? "all " : "", M->n_outside, M->n_measured, M->outside,
                   M->n_outside > 5 ? ", ..." : "", M->ll[0], M->ll[2], M->ll[1], M->ll[3], scale,
                   all ? "this place" : "every district's place");
}

/* The ratios that follow from area and perimeter. */
static void from_area_perimeter(gmi_cm *o, double A, double P)
{
    o->v[GM_CM_AREA_M2] = A;
    o->v[GM_CM_PERIMETER_M] = P;
    o->v[GM_CM_POLSBY_POPPER] = gmi_polsby_popper(A, P);
    if (P > 0 && A > 0) {
        o->v[GM_CM_SCHWARTZBERG] = P / (2 * sqrt(GM_PI * A));
        o->v[GM_CM_SCHWARTZBERG_INVERSE] = 2 * sqrt(GM_PI * A) / P;
    }
}

/* a / b for an area a that lies inside a figure of area b (hull, circle, rectangle), so
 * that a <= b exactly. An excess within the rounding error of the two areas (bound) is
 * rounding, and the ratio is 1; a larger excess is left visible: it is a defect. */
static double inside_ratio(double a, double b, double bound)
{
    if (!(b > 0)) return NAN;
    if (a > b && a - b <= bound) return 1.0;
    return a / b;
}

/* Rounding error bound of areas computed from n planar vertices within a box of
 * diagonal L: a generous 64 n eps L^2 (shoelace and GEOS both sum n cross products of
 * coordinates of size up to L). Matters only for shapes so thin that their area is at
 * the edge of double precision (a sliver 1e-18 m wide, found by fuzz_wkb). */
static double area_error_bound(const double *xy, size_t nh, size_t n)
{
    if (nh == 0) return 0;
    double x0 = xy[0], x1 = xy[0], y0 = xy[1], y1 = xy[1];
    for (size_t i = 1; i < nh; i++) {
        x0 = fmin(x0, xy[2 * i]);
        x1 = fmax(x1, xy[2 * i]);
        y0 = fmin(y0, xy[2 * i + 1]);
        y1 = fmax(y1, xy[2 * i + 1]);
    }
    double L2 = (x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0);
    return 64.0 * (double)(n + nh) * 2.220446049250313e-16 * L2;
}

/* Distortion of a measuring CRS that is worth a word: areas or lengths off by more than
 * 1 % (a precinct a degree past a UTM zone's edge is off by 0.2 %, New Hampshire in
 * UTM zone 15 by 7.7 %). */
#define MEASURE_DISTORTION 0.01

/* For gmi_measurer_warn: a district outside the measuring CRS's area of use, where the
 * CRS's scale (in the middle of the district) is off by more than MEASURE_DISTORTION,
 * is counted and named. */
static void note_place(gmi_measurer *M, const GEOSGeometry *ll, const char *label)
{
    double e[4];
    if (GEOSGeom_getExtent_r(M->geo->h, ll, &e[0], &e[1], &e[2], &e[3]) != 1 ||
        gmi_aou_share(M->aou, e, GMI_AOU_MEASURE_MARGIN) >= GMI_AOU_MIN_SHARE)
        return;
    if (M->crs) {
        PJ_FACTORS f = proj_factors(
            M->crs, proj_coord(proj_torad((e[0] + e[2]) / 2), proj_torad((e[1] + e[3]) / 2), 0, 0));
        bool ok = proj_errno(M->crs) == 0 && f.areal_scale > 0 && isfinite(f.areal_scale) &&
                  f.tissot_semiminor > 0 && isfinite(f.tissot_semimajor);
        proj_errno_reset(M->crs);
        if (ok) {
            if (fabs(f.areal_scale - 1) <= MEASURE_DISTORTION &&
                fabs(f.tissot_semiminor - 1) <= MEASURE_DISTORTION &&
                fabs(f.tissot_semimajor - 1) <= MEASURE_DISTORTION)
                return;
            if (!(M->area_scale > 0) || fabs(log(f.areal_scale)) > fabs(log(M->area_scale)))
                M->area_scale = f.areal_scale;
            M->len_lo = M->len_lo > 0 ? fmin(M->len_lo, f.tissot_semiminor) : f.tissot_semiminor;
            M->len_hi = fmax(M->len_hi, f.tissot_semimajor);
        }
    }
    for (int i = 0; i < 4; i++)
        M->ll[i] = !M->has_ll ? e[i] : i < 2 ? fmin(M->ll[i], e[i]) : fmax(M->ll[i], e[i]);
    M->has_ll = true;
    size_t n = strlen(M->outside);
    if (M->n_outside++ < 5 && n + 8 < sizeof M->outside)
        snprintf(M->outside + n, sizeof M->outside - n, "%s%.40s", n ? ", " : "", label);
}

gm_status gmi_measure_district(gmi_measurer *M, const GEOSGeometry *ll, const char *label,
                               gmi_cm *out, gm_error *err)
{
    GEOSContextHandle_t h = M->geo->h;
    GEOSGeometry *pl = NULL, *cleaned = NULL;
    PJ *laea = NULL;
    double *hull = NULL;
    size_t nh = 0;
    gm_status rc = GM_OK;
    for (int i = 0; i < GM_CM_COUNT; i++)
        out->v[i] = NAN;
    out->parts = out->holes = 0;
    memset(&out->dropped, 0, sizeof out->dropped);
    if (M->max_hole_m2 > 0) {
        /* cracks between units are not boundary: leave out holes of at most GM_SLIVER_M2
         * (the peers' conventions measure the shape as given, as the peers do) */
        if (gmi_drop_sliver_holes(h, ll, M->max_hole_m2, &cleaned, &out->dropped))
            return gm_fail(err, GM_E_GEOM, "district %s: cannot drop its sliver holes: %s", label,
                           M->geo->geos_msg);
        if (cleaned) ll = cleaned;
    }
    M->n_measured++;
    if (M->has_aou) note_place(M, ll, label);
    if (M->plane == GMI_PLANE_DEGREES) {
        if (gmi_dra_measure(h, ll, out)) return gm_fail(err, GM_E_NOMEM, "out of memory");
        return GM_OK;
    }
    double A_plane = 0, A = 0, P = 0;
    if (M->plane == GMI_PLANE_LAEA) {
        double lon0, lat0;
        if (gmi_geod_measure(h, ll, &A, &P)) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        gmi_ll_centre(h, ll, &lon0, &lat0);
        laea = gmi_laea_pj(M->geo, lon0, lat0);
        if (!laea) {
            rc = gm_fail(err, GM_E_CRS, "district %s: cannot build its equal-area projection: %s",
                         label, M->geo->proj_msg);
            goto done;
        }
        pl = gmi_ll_to_plane(M->geo, ll, GMI_PLANE_LAEA, laea);
    } else {
        pl = gmi_ll_to_plane(M->geo, ll, M->plane, M->pj);
    }
    if (!pl) {
        rc = gm_fail(err, GM_E_CRS,
                     "district %s: cannot project its geometry (coordinates outside the CRS's "
                     "area?): %s",
                     label, M->geo->geos_msg);
        goto done;
    }
    if (GEOSisValid_r(h, pl) != 1) {
        /* Edges are straight in the plane, not along the lon/lat lines they followed: a
         * shape valid in lon/lat with long edges can project to overlapping parts, whose
         * summed area would exceed the hull's (a hull score above 1). Repair it here. */
        GEOSGeometry *fixed = GEOSMakeValid_r(h, pl);
        if (!fixed) {
            rc = gm_fail(err, GM_E_GEOM, "district %s: its projected shape cannot be repaired: %s",
                         label, M->geo->geos_msg);
            goto done;
        }
        GEOSGeom_destroy_r(h, pl);
        pl = fixed;
    }
    GEOSArea_r(h, pl, &A_plane);
    if (M->plane != GMI_PLANE_LAEA) {
        double len = 0;
        GEOSLength_r(h, pl, &len); /* every ring, holes included */
        A = A_plane * M->unit_m * M->unit_m;
        P = len * M->unit_m;
    }
    from_area_perimeter(out, A, P);
    gmi_for_each_ring(h, pl, NULL, NULL, &out->parts, &out->holes);

    double A_hull = 0;
    if (gmi_hull_xy(h, pl, &hull, &nh, &A_hull)) {
        rc =
            gm_fail(err, GM_E_GEOM, "district %s: convex hull failed: %s", label, M->geo->geos_msg);
        goto done;
    }
    int ncoord = GEOSGetNumCoordinates_r(h, pl);
    double bound = area_error_bound(hull, nh, ncoord > 0 ? (size_t)ncoord : 0);
    out->v[GM_CM_CONVEX_HULL] = inside_ratio(A_plane, A_hull, bound);

    if (M->conv == GM_CONV_REDISTMETRICS) {
        /* comp_reock: area over the area of GEOS's circle polygon (a 32-gon) */
        double rr = 0, A_c = 0;
        GEOSGeometry *cen = NULL;
        GEOSGeometry *c = GEOSMinimumBoundingCircle_r(h, pl, &rr, &cen);
        if (c && GEOSArea_r(h, c, &A_c) && A_c > 0) out->v[GM_CM_REOCK] = A_plane / A_c;
        if (c) GEOSGeom_destroy_r(h, c);
        if (cen) GEOSGeom_destroy_r(h, cen);
        /* comp_lw: sides of the axis-aligned box */
        double x0, y0, x1, y1;
        if (GEOSGeom_getExtent_r(h, pl, &x0, &y0, &x1, &y1) && fmax(x1 - x0, y1 - y0) > 0)
            out->v[GM_CM_LENGTH_WIDTH] = fmin(x1 - x0, y1 - y0) / fmax(x1 - x0, y1 - y0);
    } else {
        double cx, cy, r;
        if (gmi_mbc(hull, nh, &cx, &cy, &r)) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        if (r > 0) out->v[GM_CM_REOCK] = inside_ratio(A_plane, GM_PI * r * r, bound);
        double w, l;
        gmi_min_rect(hull, nh, &w, &l, NULL);
        if (l > 0) out->v[GM_CM_LENGTH_WIDTH] = w / l;
    }
    {
        double w, l;
        gmi_min_rect(hull, nh, &w, &l, NULL);
        if (w * l > 0) out->v[GM_CM_BOUNDING_BOX] = inside_ratio(A_plane, w * l, bound);
    }
done:
    free(hull);
    if (pl) GEOSGeom_destroy_r(h, pl);
    if (cleaned) GEOSGeom_destroy_r(h, cleaned);
    if (laea) proj_destroy(laea);
    return rc;
}
