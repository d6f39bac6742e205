/* test_compact.c: analytic compactness cases (squares, rectangles, regular n-gons
 * converging to a circle, an annulus, islands) at the equator and at 60 N, plus the
 * exact bounding circle, the minimum-area rectangle and option errors.
 *
 * Shapes are laid out in local metres and placed on the ellipsoid with geod_direct
 * from a centre (an azimuthal equidistant placement), so a "1 km square" is a
 * geodesic square. Over 10 km that placement distorts by ~(d/R)^2 = 2.5e-6, which sets
 * the tolerances of the planar ratios below. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_compact.h"
#include "batch/batch.h"
#include "compact/compact.h"

#include <geodesic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- building WKB in lon/lat from local metres --------------------------------- */

typedef struct wkb {
    unsigned char *b;
    size_t n, cap;
} wkb;

static void put(wkb *w, const void *p, size_t n)
{
    if (w->n + n > w->cap) {
        w->cap = (w->n + n) * 2 + 64;
        w->b = realloc(w->b, w->cap);
        assert_non_null(w->b);
    }
    memcpy(w->b + w->n, p, n);
    w->n += n;
}
static void put_u32(wkb *w, uint32_t v)
{
    put(w, &v, 4);
} /* little-endian host */
static void put_f64(wkb *w, double v)
{
    put(w, &v, 8);
}

static struct geod_geodesic G;

/* local (x east, y north) metres around lon0/lat0 -> lon/lat by geod_direct */
static void place(double lon0, double lat0, double x, double y, double *lon, double *lat)
{
    double d = hypot(x, y), az = atan2(x, y) * 180 / GM_PI, az2;
    if (d == 0) {
        *lon = lon0;
        *lat = lat0;
        return;
    }
    geod_direct(&G, lat0, lon0, az, d, lat, lon, &az2);
}

/* One polygon: rings of local xy (open: the closing vertex is added). */
typedef struct ring {
    const double *xy;
    size_t n;
} ring;

static void polygon_body(wkb *w, double lon0, double lat0, const ring *r, size_t nr)
{
    unsigned char bo = 1;
    put(w, &bo, 1);
    put_u32(w, 3);
    put_u32(w, (uint32_t)nr);
    for (size_t i = 0; i < nr; i++) {
        put_u32(w, (uint32_t)(r[i].n + 1));
        for (size_t j = 0; j <= r[i].n; j++) {
            size_t k = j % r[i].n;
            double lon, lat;
            place(lon0, lat0, r[i].xy[2 * k], r[i].xy[2 * k + 1], &lon, &lat);
            put_f64(w, lon);
            put_f64(w, lat);
        }
    }
}

static gm_compact *measure(wkb *w, const gm_compact_opts *o)
{
    gm_compact *c = NULL;
    gm_error e;
    gm_error_clear(&e);
    const unsigned char *b = w->b;
    gm_status rc = gm_compact_from_wkb(1, &b, &w->n, NULL, NULL, o, &c, &e);
    if (rc) fail_msg("gm_compact_from_wkb: %s", e.msg);
    free(w->b);
    memset(w, 0, sizeof *w);
    return c;
}

static gm_compact *measure_rings(double lon0, double lat0, const ring *r, size_t nr)
{
    wkb w = {0};
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    polygon_body(&w, lon0, lat0, r, nr);
    return measure(&w, &o);
}

static double *ngon(size_t n, double R, double phase)
{
    double *xy = malloc(2 * n * sizeof *xy);
    for (size_t i = 0; i < n; i++) {
        double t = phase + 2 * GM_PI * (double)i / (double)n;
        xy[2 * i] = R * cos(t);
        xy[2 * i + 1] = R * sin(t);
    }
    return xy;
}

static const double lats[] = {0.0, 60.0};

#define M(c, metric) ((c)->m[metric][0])

/* cmocka 1.1.5's assert_float_equal works in float: too coarse here. */
#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.12g, expected %.12g (tolerance %g)", #a, a_, b_, (double)(eps));      \
    } while (0)

/* ---- cases -------------------------------------------------------------------- */

/* A 1 km geodesic square: PP = pi/4 to 1e-6 at any latitude; Reock 2/pi; hull, box
 * and length-width 1; Schwartzberg 2/sqrt(pi) and its inverse sqrt(pi)/2. */
static void test_compact_square_1km(void **state)
{
    (void)state;
    const double h = 500 / sqrt(1.0); /* corners at (+-500, +-500) */
    const double sq[8] = {-h, -h, h, -h, h, h, -h, h};
    for (size_t i = 0; i < 2; i++) {
        ring r = {sq, 4};
        gm_compact *c = measure_rings(10.0, lats[i], &r, 1);
        assert_near(M(c, GM_CM_POLSBY_POPPER), GM_PI / 4, 1e-6);
        assert_near(M(c, GM_CM_AREA_M2) / 1e6, 1.0, 1e-5);
        assert_near(M(c, GM_CM_PERIMETER_M), 4000.0, 4000 * 1e-5);
        assert_near(M(c, GM_CM_SCHWARTZBERG), 2 / sqrt(GM_PI), 1e-6);
        assert_near(M(c, GM_CM_SCHWARTZBERG_INVERSE), sqrt(GM_PI) / 2, 1e-6);
        assert_near(M(c, GM_CM_REOCK), 2 / GM_PI, 1e-5);
        assert_near(M(c, GM_CM_CONVEX_HULL), 1.0, 1e-9);
        assert_near(M(c, GM_CM_LENGTH_WIDTH), 1.0, 1e-5);
        assert_near(M(c, GM_CM_BOUNDING_BOX), 1.0, 1e-5);
        assert_true(isnan(M(c, GM_CM_POPULATION_POLYGON))); /* no units given */
        assert_int_equal(c->cut_edges[0], -1);
        assert_int_equal(c->n_parts[0], 1);
        assert_int_equal(c->n_holes[0], 0);
        gm_compact_destroy(c);
    }
}

/* A 4 km x 1 km rectangle, turned 30 degrees: PP = 4 pi ab / (2(a+b))^2 = 0.50265,
 * Reock = ab / (pi (a^2+b^2)/4) = 0.29959, length-width 1/4 (the rectangle is its own
 * minimum-area rectangle whatever its orientation). */
static void test_compact_rectangle(void **state)
{
    (void)state;
    const double a = 4000, b = 1000, t = GM_PI / 6, ct = cos(t), st = sin(t);
    double xy[8];
    const double base[8] = {-a / 2, -b / 2, a / 2, -b / 2, a / 2, b / 2, -a / 2, b / 2};
    for (int i = 0; i < 4; i++) {
        xy[2 * i] = base[2 * i] * ct - base[2 * i + 1] * st;
        xy[2 * i + 1] = base[2 * i] * st + base[2 * i + 1] * ct;
    }
    for (size_t i = 0; i < 2; i++) {
        ring r = {xy, 4};
        gm_compact *c = measure_rings(-93.0, lats[i], &r, 1);
        assert_near(M(c, GM_CM_POLSBY_POPPER), 4 * GM_PI * a * b / pow(2 * (a + b), 2), 1e-6);
        assert_near(M(c, GM_CM_REOCK), a * b / (GM_PI * (a * a + b * b) / 4), 1e-5);
        assert_near(M(c, GM_CM_LENGTH_WIDTH), b / a, 1e-5);
        assert_near(M(c, GM_CM_BOUNDING_BOX), 1.0, 1e-5);
        assert_near(M(c, GM_CM_CONVEX_HULL), 1.0, 1e-9);
        gm_compact_destroy(c);
    }
}

/* Regular n-gons of circumradius 5 km: PP = pi / (n tan(pi/n)),
 * Reock = n sin(2 pi/n) / (2 pi); both tend to 1 (the circle) as n grows. */
static void test_compact_ngon_to_circle(void **state)
{
    (void)state;
    const size_t ns[] = {3, 6, 64, 4096};
    for (size_t i = 0; i < 2; i++) {
        double prev_pp = 0, prev_reock = 0;
        for (size_t j = 0; j < 4; j++) {
            size_t n = ns[j];
            double *xy = ngon(n, 5000, 0.3);
            ring r = {xy, n};
            gm_compact *c = measure_rings(120.0, lats[i], &r, 1);
            double dn = (double)n;
            double pp = GM_PI / (dn * tan(GM_PI / dn)),
                   reock = dn * sin(2 * GM_PI / dn) / (2 * GM_PI);
            assert_near(M(c, GM_CM_POLSBY_POPPER), pp, 2e-6);
            assert_near(M(c, GM_CM_REOCK), reock, 2e-5);
            assert_true(M(c, GM_CM_POLSBY_POPPER) > prev_pp);
            assert_true(M(c, GM_CM_REOCK) > prev_reock);
            prev_pp = M(c, GM_CM_POLSBY_POPPER);
            prev_reock = M(c, GM_CM_REOCK);
            gm_compact_destroy(c);
            free(xy);
        }
        /* the 4096-gon is a circle: Reock 1 - 3.9e-7, PP 1 - 2e-7 */
        assert_near(prev_reock, 1.0, 2e-5);
        assert_near(prev_pp, 1.0, 2e-6);
    }
}

/* An annulus (outer 5 km, inner 2 km, 720-gons): holes count toward the perimeter.
 * With s = n sin(2pi/n)/2 and q = 2 n sin(pi/n): A = s (R^2 - r^2), P = q (R + r),
 * hull area s R^2, circle radius R. */
static void test_compact_annulus(void **state)
{
    (void)state;
    const size_t n = 720;
    const double R = 5000, rr = 2000, dn = (double)n;
    double *outer = ngon(n, R, 0), *inner = ngon(n, rr, 0);
    for (size_t i = 0; i < n / 2; i++) { /* the hole runs the other way */
        double tx = inner[2 * i], ty = inner[2 * i + 1];
        inner[2 * i] = inner[2 * (n - 1 - i)];
        inner[2 * i + 1] = inner[2 * (n - 1 - i) + 1];
        inner[2 * (n - 1 - i)] = tx;
        inner[2 * (n - 1 - i) + 1] = ty;
    }
    double s = dn * sin(2 * GM_PI / dn) / 2, q = 2 * dn * sin(GM_PI / dn);
    double A = s * (R * R - rr * rr), P = q * (R + rr);
    for (size_t i = 0; i < 2; i++) {
        ring r[2] = {{outer, n}, {inner, n}};
        gm_compact *c = measure_rings(0.0, lats[i], r, 2);
        assert_int_equal(c->n_holes[0], 1);
        assert_near(M(c, GM_CM_AREA_M2) / A, 1.0, 1e-5);
        assert_near(M(c, GM_CM_PERIMETER_M) / P, 1.0, 1e-5);
        assert_near(M(c, GM_CM_POLSBY_POPPER), 4 * GM_PI * A / (P * P), 2e-6);
        assert_near(M(c, GM_CM_CONVEX_HULL), (R * R - rr * rr) / (R * R), 2e-5);
        assert_near(M(c, GM_CM_REOCK), A / (GM_PI * R * R), 2e-5);
        gm_compact_destroy(c);
    }
    free(outer);
    free(inner);
}

/* An L of three 1 km cells: area 3, hull area 3.5 (hull ratio 6/7), perimeter 8 km. */
static void test_compact_l_shape(void **state)
{
    (void)state;
    const double L[12] = {0, 0, 2000, 0, 2000, 1000, 1000, 1000, 1000, 2000, 0, 2000};
    ring r = {L, 6};
    gm_compact *c = measure_rings(0.0, 60.0, &r, 1);
    assert_near(M(c, GM_CM_CONVEX_HULL), 6.0 / 7.0, 1e-5);
    assert_near(M(c, GM_CM_POLSBY_POPPER), 4 * GM_PI * 3e6 / (8000.0 * 8000.0), 1e-6);
    /* hull (0,0)(2,0)(2,1)(1,2)(0,2): min-area rectangle is the 2x2 box */
    assert_near(M(c, GM_CM_BOUNDING_BOX), 0.75, 1e-5);
    assert_near(M(c, GM_CM_LENGTH_WIDTH), 1.0, 1e-5);
    /* circle through (0,0), (2,0), (0,2) (km): radius sqrt 2 km */
    assert_near(M(c, GM_CM_REOCK), 3.0 / (GM_PI * 2.0), 1e-5);
    gm_compact_destroy(c);
}

/* Two 1 km squares 10 km apart (islands): area and perimeter add, PP of the whole is
 * 4 pi (2 A) / (2 P)^2 = (pi/4)/2. */
static void test_compact_islands(void **state)
{
    (void)state;
    const double a[8] = {0, 0, 1000, 0, 1000, 1000, 0, 1000};
    const double b[8] = {10000, 0, 11000, 0, 11000, 1000, 10000, 1000};
    wkb w = {0};
    unsigned char bo = 1;
    put(&w, &bo, 1);
    put_u32(&w, 6);
    put_u32(&w, 2);
    ring ra = {a, 4}, rb = {b, 4};
    polygon_body(&w, 5.0, 45.0, &ra, 1);
    polygon_body(&w, 5.0, 45.0, &rb, 1);
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    gm_compact *c = measure(&w, &o);
    assert_int_equal(c->n_parts[0], 2);
    assert_near(M(c, GM_CM_POLSBY_POPPER), GM_PI / 8, 1e-6);
    assert_near(M(c, GM_CM_AREA_M2) / 2e6, 1.0, 1e-5);
    /* hull: 11 km x 1 km rectangle -> 2/11; circle diameter = its diagonal */
    assert_near(M(c, GM_CM_CONVEX_HULL), 2.0 / 11.0, 1e-5);
    assert_near(M(c, GM_CM_REOCK), 2e6 / (GM_PI * (121e6 + 1e6) / 4), 1e-5);
    gm_compact_destroy(c);
}

/* Welzl's circle against GEOS's (exact) radius on scattered points; and the circle of
 * three points of an obtuse triangle is the one on its longest side. */
static void test_compact_mbc_exact(void **state)
{
    (void)state;
    GEOSContextHandle_t h = GEOS_init_r();
    uint64_t s = 12345;
    for (int trial = 0; trial < 50; trial++) {
        size_t n = 3 + (size_t)trial * 7;
        double *xy = malloc(2 * n * sizeof *xy);
        GEOSGeometry **pts = malloc(n * sizeof *pts);
        for (size_t i = 0; i < 2 * n; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            xy[i] = 1e6 + (double)(s >> 11) / (double)(1ull << 53) * 1e5;
        }
        for (size_t i = 0; i < n; i++)
            pts[i] = GEOSGeom_createPointFromXY_r(h, xy[2 * i], xy[2 * i + 1]);
        GEOSGeometry *mp = GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts, (unsigned)n);
        double rg = 0, cx, cy, r;
        GEOSGeometry *cen = NULL;
        GEOSGeometry *circle = GEOSMinimumBoundingCircle_r(h, mp, &rg, &cen);
        assert_int_equal(gmi_mbc(xy, n, &cx, &cy, &r), 0);
        assert_near(r, rg, 1e-7 * rg);
        for (size_t i = 0; i < n; i++)
            assert_true(hypot(xy[2 * i] - cx, xy[2 * i + 1] - cy) <= r * (1 + 1e-9));
        GEOSGeom_destroy_r(h, circle);
        GEOSGeom_destroy_r(h, cen);
        GEOSGeom_destroy_r(h, mp);
        free(pts);
        free(xy);
    }
    GEOS_finish_r(h);
    const double obtuse[6] = {0, 0, 10, 0, 5, 1};
    double cx, cy, r;
    gmi_mbc(obtuse, 3, &cx, &cy, &r);
    assert_near(r, 5.0, 1e-12);
    assert_near(cx, 5.0, 1e-12);
    assert_near(cy, 0.0, 1e-12);
}

/* Rotating calipers: a 3 x 1 rectangle turned 0.4 rad, given as its hull, and a
 * triangle whose minimum-area rectangle rests on its longest side. */
static void test_compact_min_rect(void **state)
{
    (void)state;
    double xy[8], w, l, corner[8];
    const double base[8] = {0, 0, 3, 0, 3, 1, 0, 1};
    for (int i = 0; i < 4; i++) {
        xy[2 * i] = base[2 * i] * cos(0.4) - base[2 * i + 1] * sin(0.4);
        xy[2 * i + 1] = base[2 * i] * sin(0.4) + base[2 * i + 1] * cos(0.4);
    }
    gmi_min_rect(xy, 4, &w, &l, corner);
    assert_near(w, 1.0, 1e-12);
    assert_near(l, 3.0, 1e-12);
    /* right triangle legs 3, 4: the minimum rectangle has area 12 (on a leg) */
    const double tri[6] = {0, 0, 4, 0, 0, 3};
    gmi_min_rect(tri, 3, &w, &l, NULL);
    assert_near(w * l, 12.0, 1e-9);
}

/* --crs: planar in a projected CRS. A 1000 m square in UTM 33N has PP pi/4 exactly,
 * area 1e6 m^2 and Reock 2/pi exactly (no projection between input and plane). The
 * same square in US feet (EPSG:2264 as the plane) still gives metres. */
static void test_compact_crs_planar(void **state)
{
    (void)state;
    wkb w = {0};
    unsigned char bo = 1;
    const double sq[10] = {500000,  5000000, 501000,  5000000, 501000,
                           5001000, 500000,  5001000, 500000,  5000000};
    put(&w, &bo, 1);
    put_u32(&w, 3);
    put_u32(&w, 1);
    put_u32(&w, 5);
    for (int i = 0; i < 10; i++)
        put_f64(&w, sq[i]);
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.crs = "EPSG:32633";
    gm_compact *c = NULL;
    gm_error e;
    const unsigned char *b = w.b;
    assert_int_equal(gm_compact_from_wkb(1, &b, &w.n, "EPSG:32633", NULL, &o, &c, &e), GM_OK);
    assert_near(M(c, GM_CM_POLSBY_POPPER), GM_PI / 4, 1e-9);
    assert_near(M(c, GM_CM_REOCK), 2 / GM_PI, 1e-9);
    assert_near(M(c, GM_CM_AREA_M2), 1e6, 1e-3);
    assert_near(M(c, GM_CM_PERIMETER_M), 4000, 1e-6);
    gm_compact_destroy(c);
    /* a geographic CRS is refused for measuring */
    o.crs = "EPSG:4326";
    assert_int_equal(gm_compact_from_wkb(1, &b, &w.n, "EPSG:32633", NULL, &o, &c, &e), GM_E_CRS);
    assert_non_null(strstr(e.msg, "not a projected CRS"));
    /* DRA works in degrees: --crs makes no sense with it */
    o.crs = "EPSG:32633";
    o.convention = GM_CONV_DRA;
    assert_int_equal(gm_compact_from_wkb(1, &b, &w.n, "EPSG:32633", NULL, &o, &c, &e), GM_E_ARG);
    o.crs = NULL;
    o.convention = GM_CONV_GERRYCHAIN;
    assert_int_equal(gm_compact_from_wkb(1, &b, &w.n, "EPSG:32633", NULL, &o, &c, &e), GM_E_ARG);
    free(w.b);
}

/* An invalid bow-tie is repaired (make-valid) and named in a warning. */
static void test_compact_repair(void **state)
{
    (void)state;
    wkb w = {0};
    unsigned char bo = 1;
    const double bt[10] = {0, 0, 0.01, 0.01, 0.01, 0, 0, 0.01, 0, 0};
    put(&w, &bo, 1);
    put_u32(&w, 3);
    put_u32(&w, 1);
    put_u32(&w, 5);
    for (int i = 0; i < 10; i++)
        put_f64(&w, bt[i]);
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    gm_compact *c = measure(&w, &o);
    assert_int_equal(c->n_repaired, 1);
    assert_int_equal(gm_warnings_count(&c->warnings, "geometry_repaired"), 1);
    assert_non_null(strstr(c->warnings.msg[0], "1 invalid geometry repaired with make-valid "
                                               "(district 1)"));
    assert_int_equal(c->n_parts[0], 2);
    gm_compact_destroy(c);
}

/* PlanScore's own test shapes (EPSG:3857): Lake Merritt square Reock 2/pi and PP pi/4
 * (4 dp), a 1e-6 degree high strip 0 (3 dp), the square with a peephole 2/pi (4 dp)
 * and PP pi/4 (2 dp, the hole's perimeter counts). */
static void test_compact_planscore_vectors(void **state)
{
    (void)state;
    const double x0 = -122.2631266, x1 = -122.2484841;
    const double sq[10] = {x0,         37.7987797, x0,         37.8103489, x1,
                           37.8103489, x1,         37.7987797, x0,         37.7987797};
    const double thin[10] = {x0,        37.804111, x0,        37.804112, x1,
                             37.804112, x1,        37.804111, x0,        37.804111};
    const double hole[10] = {-122.257189, 37.804124,   -122.257189, 37.804132,   -122.257178,
                             37.804132,   -122.257178, 37.804124,   -122.257189, 37.804124};
    const double *rings[3][2] = {{sq, NULL}, {thin, NULL}, {sq, hole}};
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.convention = GM_CONV_PLANSCORE;
    for (int s = 0; s < 3; s++) {
        wkb w = {0};
        unsigned char bo = 1;
        uint32_t nr = rings[s][1] ? 2 : 1;
        put(&w, &bo, 1);
        put_u32(&w, 3);
        put_u32(&w, nr);
        for (uint32_t r = 0; r < nr; r++) {
            put_u32(&w, 5);
            for (int i = 0; i < 10; i++)
                put_f64(&w, rings[s][r][i]);
        }
        gm_compact *c = measure(&w, &o);
        double reock = s == 1 ? 0 : 2 / GM_PI, pp = s == 1 ? 0 : GM_PI / 4;
        double tol_r = s == 1 ? 5e-4 : 5e-5, tol_p = s == 1 ? 5e-4 : (s == 2 ? 5e-3 : 5e-5);
        assert_near(M(c, GM_CM_REOCK), reock, tol_r);
        assert_near(M(c, GM_CM_POLSBY_POPPER), pp, tol_p);
        gm_compact_destroy(c);
    }
}

/* Summaries skip NaN and name the districts of min and max. */
static void test_compact_summary(void **state)
{
    (void)state;
    gm_compact *c = gmi_compact_alloc(4);
    const double v[4] = {0.3, NAN, 0.1, 0.5};
    memcpy(c->m[GM_CM_REOCK], v, sizeof v);
    gm_compact_stat s = gm_compact_summarize(c, GM_CM_REOCK);
    assert_int_equal(s.n, 3);
    assert_near(s.mean, 0.3, 1e-15);
    assert_int_equal(s.argmin, 2);
    assert_int_equal(s.argmax, 3);
    s = gm_compact_summarize(c, GM_CM_POPULATION_CIRCLE);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
    assert_string_equal(gm_compact_metric_name(GM_CM_POLSBY_POPPER), "polsby_popper");
    gm_compact_destroy(c);
}

/* One Polsby-Popper: the formula, its undefined cases, and every caller (gerrymeter
 * and DRA conventions, the ensemble's per-plan pp_mean/pp_min) giving its exact bits. */
static void test_compact_polsby_popper_one(void **state)
{
    (void)state;
    assert_true(gmi_polsby_popper(1, 4) == GM_PI / 4); /* unit square */
    assert_true(gmi_polsby_popper(0, 4) == 0);
    assert_true(isnan(gmi_polsby_popper(1, 0)));
    assert_true(isnan(gmi_polsby_popper(-1, 4))); /* DRA's area used to pass through */
    assert_true(isnan(gmi_polsby_popper(NAN, 4)));
    assert_true(isnan(gmi_polsby_popper(1, NAN)));
    const double a = 4000, b = 1000;
    const double rect[8] = {-a / 2, -b / 2, a / 2, -b / 2, a / 2, b / 2, -a / 2, b / 2};
    ring r = {rect, 4};
    for (int conv = 0; conv < 2; conv++) {
        wkb w = {0};
        gm_compact_opts o;
        gm_compact_opts_init(&o);
        o.convention = conv ? GM_CONV_DRA : GM_CONV_GERRYMETER;
        polygon_body(&w, -93.0, 45.0, &r, 1);
        gm_compact *c = measure(&w, &o);
        assert_true(M(c, GM_CM_POLSBY_POPPER) ==
                    gmi_polsby_popper(M(c, GM_CM_AREA_M2), M(c, GM_CM_PERIMETER_M)));
        gm_compact_destroy(c);
    }
    gm_graph g;
    memset(&g, 0, sizeof g);
    gm_batch_spec spec = {.k = 2, .graph = &g};
    const double pop[2] = {10, 10}, area[2] = {3e6, 1e6}, perim[2] = {8000, 7000};
    double shares[2];
    gm_plan_scores sc;
    gmi_scores_from_tallies(&spec, pop, NULL, NULL, area, perim, 5, 0, NULL, NULL, 0, &sc, shares);
    double p0 = gmi_polsby_popper(area[0], perim[0]), p1 = gmi_polsby_popper(area[1], perim[1]);
    assert_true(sc.pp_min == fmin(p0, p1));
    assert_true(sc.pp_mean == (p0 + p1) / 2);
}

static int setup(void **state)
{
    (void)state;
    gm_init();
    geod_init(&G, 6378137.0, 1 / 298.257223563);
    return 0;
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_compact_square_1km),        cmocka_unit_test(test_compact_rectangle),
        cmocka_unit_test(test_compact_ngon_to_circle),    cmocka_unit_test(test_compact_annulus),
        cmocka_unit_test(test_compact_l_shape),           cmocka_unit_test(test_compact_islands),
        cmocka_unit_test(test_compact_mbc_exact),         cmocka_unit_test(test_compact_min_rect),
        cmocka_unit_test(test_compact_crs_planar),        cmocka_unit_test(test_compact_repair),
        cmocka_unit_test(test_compact_planscore_vectors), cmocka_unit_test(test_compact_summary),
        cmocka_unit_test(test_compact_polsby_popper_one),
    };
    return cmocka_run_group_tests(t, setup, NULL);
}
