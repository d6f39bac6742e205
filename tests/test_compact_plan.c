/* test_compact_plan.c: compactness of plans dissolved from units, by hand.
 *
 * testdata/tiny is GerryChain's Grid((4,4)): 1 km cells (EPSG:32614), T01..T16 row by
 * row from the north-west. GerryChain's tests/updaters/test_perimeters.py assigns
 * part = [x >= 2] + 2 [y >= 2] and flips cell (2,1) (T11) to part 3; it expects
 * perimeters [8, 8, 8, 10] km, areas {4, 3, 4, 5} km^2 and cut edges per part of
 * lengths 4, 4, 4, 6 (9 in all). */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_compact.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.12g, expected %.12g (tolerance %g)", #a, a_, b_, (double)(eps));      \
    } while (0)

static gm_units *load(const char *path, const char *where)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.pop_field = "TOTPOP";
    s.where = where;
    s.load_geometry = true;
    gm_units *u = NULL;
    gm_error e;
    if (gm_units_load(&s, &u, &e)) fail_msg("%s", e.msg);
    return u;
}

static gm_compact *score(const gm_units *u, const int32_t *dist, size_t k, const char *crs)
{
    gm_plan *p = NULL;
    gm_compact *c = NULL;
    gm_error e;
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.crs = crs;
    if (gm_plan_from_array(u->n, dist, k, NULL, &p, &e)) fail_msg("%s", e.msg);
    if (gm_compact_from_plan(u, p, &o, &c, &e)) fail_msg("%s", e.msg);
    gm_plan_destroy(p);
    return c;
}

static void test_compact_plan_gerrychain_grid(void **state)
{
    (void)state;
    gm_units *u = load(tu_testdata("tiny/precincts.geojson"), NULL);
    assert_int_equal(u->n, 16);
    int32_t part[16];
    for (int i = 0; i < 16; i++) {
        int x = i % 4, y = 3 - i / 4;
        part[i] = (x >= 2) + 2 * (y >= 2);
    }
    part[10] = 3; /* T11 = cell (2,1) */
    gm_compact *c = score(u, part, 4, "EPSG:32614");
    const double area_km2[4] = {4, 3, 4, 5}, perim_km[4] = {8, 8, 8, 10};
    const int64_t cut[4] = {4, 4, 4, 6};
    for (size_t d = 0; d < 4; d++) {
        assert_near(c->m[GM_CM_AREA_M2][d], area_km2[d] * 1e6, 1e-3);
        assert_near(c->m[GM_CM_PERIMETER_M][d], perim_km[d] * 1e3, 1e-6);
        assert_near(c->m[GM_CM_POLSBY_POPPER][d],
                    4 * GM_PI * area_km2[d] / (perim_km[d] * perim_km[d]), 1e-9);
        assert_int_equal(c->cut_edges[d], cut[d]);
    }
    assert_int_equal(c->cut_edges_total, 9);
    assert_int_equal(c->adjacent_pairs, 24); /* 4x4 rook grid */
    /* population polygon: square parts 1; the L (part 1) has half of T11 in its hull,
     * part 3 half of T12 (every cell 2500 except T03 2600, T09 2400) */
    /* (shares are taken in the plan's equal-area plane, where the cells' straight UTM
     * edges are very slightly bent: 1e-7 is the honest resolution) */
    assert_near(c->m[GM_CM_POPULATION_POLYGON][0], 1.0, 1e-7);
    assert_near(c->m[GM_CM_POPULATION_POLYGON][2], 1.0, 1e-7);
    assert_near(c->m[GM_CM_POPULATION_POLYGON][1], 7500.0 / 8750.0, 1e-6);
    assert_near(c->m[GM_CM_POPULATION_POLYGON][3], 12600.0 / 13850.0, 1e-6);
    /* population circle of part 0 (the 2 km south-west square, 9900 people): its
     * circle (radius sqrt 2 km) reaches a segment of area pi/2 - 1 km^2 into the cells
     * north and east (2500 per km^2) and nothing beyond the grid to the south/west */
    assert_near(c->m[GM_CM_POPULATION_CIRCLE][0], 9900.0 / (9900.0 + 2 * 2500 * (GM_PI / 2 - 1)),
                1e-4);
    /* Reock of the 2x2 squares: 4 / (pi 2) */
    assert_near(c->m[GM_CM_REOCK][0], 2 / GM_PI, 1e-9);
    assert_int_equal(c->dissolve.n_coverage, 4);
    assert_int_equal(c->dissolve.n_gaps, 0);
    assert_int_equal(c->dissolve.n_overlaps, 0);
    gm_compact_destroy(c);

    /* The same plan measured geodesically differs from the planar one by the UTM
     * scale only (k ~ 0.9996 here): ratios agree to 1e-5. */
    c = score(u, part, 4, NULL);
    assert_near(c->m[GM_CM_POLSBY_POPPER][3], 4 * GM_PI * 5 / 100, 1e-5);
    assert_near(c->m[GM_CM_AREA_M2][0] / 4e6, 1.0, 2e-3);
    gm_compact_destroy(c);
    gm_units_destroy(u);
}

/* A missing precinct (T06, filtered out) leaves a 1 km^2 hole that no unit covers. */
static void test_compact_plan_gap(void **state)
{
    (void)state;
    gm_units *u = load(tu_testdata("tiny/precincts.geojson"), "PRECINCT <> 'T06'");
    assert_int_equal(u->n, 15);
    int32_t one[15] = {0};
    for (int i = 0; i < 15; i++)
        one[i] = i % 2; /* a checkerboard-ish plan, 2 districts */
    gm_compact *c = score(u, one, 2, NULL);
    assert_int_equal(c->dissolve.n_gaps, 1);
    assert_near(c->dissolve.gap_m2, 1e6, 2e3);
    assert_near(c->dissolve.worst_gap_m2, c->dissolve.gap_m2, 0);
    /* named by the units around it (eight cells touch it; the first three) */
    assert_int_equal(c->dissolve.n_gap_near, 3);
    assert_int_equal(gm_warnings_count(&c->warnings, "dissolve_gaps"), 1);
    assert_non_null(strstr(c->warnings.msg[0], "1 gap larger than 10 m2 inside the plan"));
    assert_non_null(strstr(c->warnings.msg[0], "is beside "));
    assert_non_null(strstr(c->warnings.msg[0], " (district "));
    gm_compact_destroy(c);
    gm_units_destroy(u);
}

/* Two units overlapping by 1 km^2 in one district: the coverage union is refused,
 * the general union used, and the overlap reported. */
static void test_compact_plan_overlap(void **state)
{
    (void)state;
    const char *path = tu_write_tmp(
        "overlap.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
        "\"urn:ogc:def:crs:EPSG::32614\"}},\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"TOTPOP\":100},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[500000,4880000],[502000,4880000],[502000,4881000],[500000,4881000],["
        "500000,4880000]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"TOTPOP\":100},\"geometry\":{\"type\":\"Polygon\","
        "\"coordinates\":[[[501000,4880000],[503000,4880000],[503000,4881000],[501000,4881000],["
        "501000,4880000]]]}}"
        "]}");
    gm_units *u = load(path, NULL);
    int32_t d[2] = {0, 0};
    gm_compact *c = score(u, d, 1, "EPSG:32614");
    assert_int_equal(c->dissolve.n_fallback, 1);
    assert_int_equal(c->dissolve.n_overlaps, 1);
    assert_near(c->dissolve.overlap_m2, 1e6, 2e3);
    assert_int_equal(gm_warnings_count(&c->warnings, "dissolve_overlaps"), 1);
    assert_non_null(strstr(c->warnings.msg[0], "the units of 1 district overlap one another"));
    assert_non_null(strstr(c->warnings.msg[0], "the most in district 0:"));
    /* the union is the 3 km x 1 km strip: PP = 4 pi 3 / 8^2. The union was formed in
     * the equal-area plane and has extra vertices on its long sides, which land a
     * fraction of a millimetre off the UTM straight line: 1e-6. */
    assert_near(c->m[GM_CM_POLSBY_POPPER][0], 3 * GM_PI / 16, 1e-6);
    assert_near(c->m[GM_CM_LENGTH_WIDTH][0], 1.0 / 3.0, 1e-6);
    gm_compact_destroy(c);
    gm_units_destroy(u);
}

/* The GeoPackage copy: one feature per district with the measures as attributes. */
static void test_compact_plan_gpkg(void **state)
{
    (void)state;
    gm_units *u = load(tu_testdata("tiny/precincts.geojson"), NULL);
    gm_plan *p = NULL;
    gm_compact *c = NULL;
    gm_error e;
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.keep_geometry = true;
    int32_t part[16];
    for (int i = 0; i < 16; i++)
        part[i] = (i % 4 >= 2) + 2 * (i / 4 >= 2);
    assert_int_equal(gm_plan_from_array(16, part, 4, NULL, &p, &e), GM_OK);
    assert_int_equal(gm_compact_from_plan(u, p, &o, &c, &e), GM_OK);
    char out[300];
    snprintf(out, sizeof out, "%s/plan.gpkg", tu_tmpdir());
    if (gm_compact_write_gpkg(c, out, NULL, &e)) fail_msg("%s", e.msg);
    gm_compact_opts r;
    gm_compact_opts_init(&r);
    r.id_field = "district";
    gm_compact *back = NULL;
    if (gm_compact_from_layer(out, &r, &back, &e)) fail_msg("%s", e.msg);
    assert_int_equal(back->k, 4);
    for (size_t d = 0; d < 4; d++) { /* re-measuring the written shapes gives the same */
        assert_string_equal(back->district[d], c->district[d]);
        assert_near(back->m[GM_CM_POLSBY_POPPER][d], c->m[GM_CM_POLSBY_POPPER][d], 1e-9);
    }
    gm_compact_destroy(back);
    gm_compact_destroy(c);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* A district with no units is measured as empty: undefined ratios, no failure. */
static void test_compact_plan_empty_district(void **state)
{
    (void)state;
    gm_units *u = load(tu_testdata("tiny/precincts.geojson"), NULL);
    int32_t d[16] = {0};
    gm_compact *c = score(u, d, 2, NULL); /* district 1 gets nothing */
    assert_int_equal(c->k, 2);
    assert_near(c->m[GM_CM_AREA_M2][1], 0.0, 0.0);
    assert_true(isnan(c->m[GM_CM_POLSBY_POPPER][1]));
    assert_true(isnan(c->m[GM_CM_REOCK][1]));
    assert_int_equal(c->cut_edges[1], 0);
    assert_near(c->m[GM_CM_REOCK][0], 16.0 / (GM_PI * 8.0), 1e-6); /* 4x4 km square */
    gm_compact_destroy(c);
    gm_units_destroy(u);
}

/* Every measure of every district lies in the range the registry documents for it
 * (docs/metrics.md "Compactness"), or is undefined. */
static void assert_compact_ranges(const gm_compact *c)
{
    for (size_t m = 0; m < gm_metric_count(GM_MF_COMPACT); m++) {
        const gm_metric_def *def = gm_metric_get(GM_MF_COMPACT, m);
        for (size_t d = 0; d < c->k; d++) {
            double v = c->m[def->offset][d];
            if (isnan(v)) continue;
            if ((!isnan(def->lo) && v < def->lo) || (!isnan(def->hi) && v > def->hi))
                fail_msg("district %s: %s = %.17g, outside [%g, %g]", c->district[d], def->key,
                         v, def->lo, def->hi);
        }
    }
}

/* Units without geometry (tests/bad_inputs/empty_null.geojson: c null, d empty) in a
 * plan 1 = {a, c}, 2 = {b, d}: they are in neither side of the population measures.
 * Before, their people counted in the district but never inside its hull or circle:
 * population polygon 4 and 3, circle 2.76 and 2.70. */
static void test_compact_plan_units_without_geometry(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/bad_inputs/empty_null.geojson", GM_SOURCE_DIR);
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.pop_field = "POP";
    s.id_field = "ID";
    s.load_geometry = true;
    gm_units *u = NULL;
    gm_plan *p = NULL;
    gm_compact *c = NULL;
    gm_error e;
    if (gm_units_load(&s, &u, &e)) fail_msg("%s", e.msg);
    const int32_t dist[4] = {0, 1, 0, 1};
    const char *labels[2] = {"1", "2"};
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    if (gm_plan_from_array(4, dist, 2, labels, &p, &e)) fail_msg("%s", e.msg);
    if (gm_compact_from_plan(u, p, &o, &c, &e)) fail_msg("%s", e.msg);
    /* each district is its one square with a shape: its hull is itself */
    assert_near(c->m[GM_CM_POPULATION_POLYGON][0], 1.0, 1e-12);
    assert_near(c->m[GM_CM_POPULATION_POLYGON][1], 1.0, 1e-12);
    /* by hand: a 0.01 x 0.01 degree cell at 40.005 N is w = 853.876 m by h = 1110.347 m
     * on WGS84 (N cos(phi) dlambda, M dphi). Its circle (R = sqrt(w^2 + h^2) / 2) reaches
     * a segment of R^2 acos(d/R) - d sqrt(R^2 - d^2), d = w/2, into the cell beside it:
     * s = 0.2234917 of that cell. a (10 people) has b (20) beside it; b has a, and c,
     * which has no shape. */
    const double w = 853.8762827748357, h = 1110.3472866467446;
    const double R = sqrt(w * w + h * h) / 2, dd = w / 2;
    const double seg = R * R * acos(dd / R) - dd * sqrt(R * R - dd * dd), sh = seg / (w * h);
    assert_near(sh, 0.22349173680283077, 1e-12);
    assert_near(c->m[GM_CM_POPULATION_CIRCLE][0], 10.0 / (10.0 + 20.0 * sh), 1e-6);
    assert_near(c->m[GM_CM_POPULATION_CIRCLE][1], 20.0 / (20.0 + 10.0 * sh), 1e-6);
    assert_compact_ranges(c);
    /* named: ids, districts, the people left out */
    assert_int_equal(gm_warnings_count(&c->warnings, "units_without_geometry"), 1);
    assert_string_equal(c->warnings.msg[0],
                        "2 units without geometry (null or empty): c (district 1), d (district "
                        "2); they are in no district shape, and their population (70) is "
                        "left out of both sides of the population polygon and circle");
    gm_compact_destroy(c);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* Two 1 km squares side by side (EPSG:32614) in one district; the east one's west edge
 * is pulled 1 cm back between y = 400 and 600 m, leaving an enclosed crack of 1 m^2 and
 * 400 m of edge between them. The dissolved district is a 2 x 1 km rectangle: PP =
 * 4 pi 2 / 36. With the crack as a hole it was 4 pi 2 / 6.4^2 (0.6136 instead of
 * 0.6981). The same two features read as one district of a layer agree. */
static void test_compact_plan_sliver_hole(void **state)
{
    (void)state;
    const char *path = tu_write_tmp(
        "crack.geojson",
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
        "\"urn:ogc:def:crs:EPSG::32614\"}},\"features\":["
        "{\"type\":\"Feature\",\"properties\":{\"TOTPOP\":100,\"CD\":\"1\"},\"geometry\":{"
        "\"type\":\"Polygon\",\"coordinates\":[[[500000,4880000],[501000,4880000],[501000,"
        "4881000],[500000,4881000],[500000,4880000]]]}},"
        "{\"type\":\"Feature\",\"properties\":{\"TOTPOP\":100,\"CD\":\"1\"},\"geometry\":{"
        "\"type\":\"Polygon\",\"coordinates\":[[[501000,4880000],[502000,4880000],[502000,"
        "4881000],[501000,4881000],[501000,4880600],[501000.01,4880500],[501000,4880400],"
        "[501000,4880000]]]}}"
        "]}");
    gm_units *u = load(path, NULL);
    int32_t d[2] = {0, 0};
    gm_compact *c = score(u, d, 1, "EPSG:32614");
    assert_int_equal(c->n_holes[0], 0);
    assert_int_equal(c->n_holes_dropped[0], 1);
    assert_int_equal(c->holes_dropped, 1);
    assert_near(c->sliver_hole_m2, GM_SLIVER_M2, 0);
    assert_near(c->holes_dropped_m2, 1.0, 0.01);         /* 200 m x 1 cm / 2 */
    assert_near(c->holes_dropped_boundary_m, 400.0, 0.1); /* its two long sides */
    assert_near(c->m[GM_CM_PERIMETER_M][0], 6000.0, 1e-3);
    assert_near(c->m[GM_CM_POLSBY_POPPER][0], 4 * GM_PI * 2 / 36, 1e-6);
    assert_compact_ranges(c);
    /* the same shape from a district layer (the features unioned by id) */
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.crs = "EPSG:32614";
    o.id_field = "CD";
    gm_compact *l = NULL;
    gm_error e;
    if (gm_compact_from_layer(path, &o, &l, &e)) fail_msg("%s", e.msg);
    assert_int_equal(l->n_holes_dropped[0], 1);
    assert_near(l->m[GM_CM_POLSBY_POPPER][0], c->m[GM_CM_POLSBY_POPPER][0], 1e-9);
    assert_near(l->m[GM_CM_PERIMETER_M][0], c->m[GM_CM_PERIMETER_M][0], 1e-4);
    gm_compact_destroy(l);
    /* a peer's convention measures the shape as given: the crack counts */
    o.id_field = NULL;
    o.convention = GM_CONV_PLANSCORE;
    gm_plan *p = NULL;
    if (gm_plan_from_array(u->n, d, 1, NULL, &p, &e)) fail_msg("%s", e.msg);
    if (gm_compact_from_plan(u, p, &o, &l, &e)) fail_msg("%s", e.msg);
    assert_int_equal(l->n_holes[0], 1);
    assert_int_equal(l->holes_dropped, 0);
    assert_near(l->sliver_hole_m2, 0, 0);
    /* (0.12 m short: the units are dissolved in the equal-area plane, where the straight
     * UTM edge of the west square bends by millimetres across the crack's vertices) */
    assert_near(l->m[GM_CM_PERIMETER_M][0], 6400.0, 0.5);
    gm_compact_destroy(l);
    gm_plan_destroy(p);
    gm_compact_destroy(c);
    gm_units_destroy(u);
}

static int setup(void **state)
{
    (void)state;
    gm_init();
    return 0;
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_compact_plan_gerrychain_grid),
        cmocka_unit_test(test_compact_plan_gap),
        cmocka_unit_test(test_compact_plan_overlap),
        cmocka_unit_test(test_compact_plan_gpkg),
        cmocka_unit_test(test_compact_plan_empty_district),
        cmocka_unit_test(test_compact_plan_units_without_geometry),
        cmocka_unit_test(test_compact_plan_sliver_hole),
    };
    return cmocka_run_group_tests(t, setup, NULL);
}
