/* test_compact_vectors.c: compactness against the peers' own test vectors
 * (../shared/vectors) and on real plans (../shared/data).
 *
 *   - redistmetrics NH (326 VTDs, EPSG:3437 US ft), plans r_2020 and d_2020 dissolved
 *     from units: comp_polsby, comp_schwartz, comp_reock, comp_ch, comp_lw at
 *     testthat's 1e-4 relative; comp_edges_rem 73 / 75; 1758 directed adjacencies.
 *   - DRA's KIWYSI reference shapes (evenlyspaced20, first20): reock, bbox, polsby,
 *     hull at jest's 0.005, schwartzberg at 0.05.
 *   - all 435 districts of cds_2016, and Minnesota's 4,120 precincts dissolved into
 *     134 House districts. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_compact.h"
#include "geo/geo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define assert_near(a, b, eps)                                                                     \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (eps)))                                                             \
            fail_msg("%s = %.12g, expected %.12g (tolerance %g)", #a, a_, b_, (double)(eps));      \
    } while (0)

/* testthat expect_equal(tolerance = 1e-4): relative difference */
#define assert_rel(a, b) assert_near(a, b, 1e-4 * fabs(b))

static const char *vectors(const char *rel)
{
    static char buf[4096];
    const char *d = tu_shared_path(""); /* skips when the shared data is missing */
    snprintf(buf, sizeof buf, "%s/../vectors/%s", d, rel);
    return buf;
}

static gm_units *load_units(const char *path, const char *plan_field, const char *pop)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.plan_field = plan_field;
    s.pop_field = pop;
    s.load_geometry = true;
    gm_units *u = NULL;
    gm_error e;
    if (gm_units_load(&s, &u, &e)) fail_msg("%s", e.msg);
    return u;
}

static gm_compact *from_plan(const gm_units *u, gm_convention conv, const char *crs)
{
    gm_plan *p = NULL;
    gm_compact *c = NULL;
    gm_error e;
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.convention = conv;
    o.crs = crs;
    if (gm_plan_from_column(u, &p, &e)) fail_msg("%s", e.msg);
    if (gm_compact_from_plan(u, p, &o, &c, &e)) fail_msg("%s", e.msg);
    gm_plan_destroy(p);
    return c;
}

/* redistmetrics tests/testthat/test-compactness.R, plans r_2020 and d_2020 */
static void test_compact_redistmetrics_nh(void **state)
{
    (void)state;
    const char *path = vectors("redistmetrics_nh/nh_precincts_epsg3437.geojson");
    static const struct {
        const char *plan;
        double polsby[2], schwartz[2], reock[2], ch[2], lw[2];
        long long edges_rem;
    } exp[2] = {
        {"r_2020",
         {0.232437498551951, 0.15827627110717},
         {0.482117722710907, 0.39783950420637},
         {0.444465285671442, 0.250215157908113},
         {0.676396448650639, 0.662673827045224},
         {0.916157575884433, 0.522345452389112},
         73},
        {"d_2020",
         {0.184495499505702, 0.179642567783063},
         {0.429529393063737, 0.423842621480028},
         {0.302484301653267, 0.234708920045101},
         {0.619365024147118, 0.708346785033898},
         {0.576300432861704, 0.431270012221621},
         75},
    };
    for (int k = 0; k < 2; k++) {
        gm_units *u = load_units(path, exp[k].plan, "pop");
        gm_compact *c = from_plan(u, GM_CONV_REDISTMETRICS, NULL);
        assert_int_equal(c->k, 2);
        for (size_t d = 0; d < 2; d++) {
            assert_rel(c->m[GM_CM_POLSBY_POPPER][d], exp[k].polsby[d]);
            assert_rel(c->m[GM_CM_SCHWARTZBERG_INVERSE][d], exp[k].schwartz[d]);
            assert_rel(c->m[GM_CM_REOCK][d], exp[k].reock[d]);
            assert_rel(c->m[GM_CM_CONVEX_HULL][d], exp[k].ch[d]);
            assert_rel(c->m[GM_CM_LENGTH_WIDTH][d], exp[k].lw[d]);
            assert_int_equal(c->cut_edges[d], exp[k].edges_rem);
        }
        assert_int_equal(c->cut_edges_total, exp[k].edges_rem);
        /* comp_frac_kept = 1 - edges_rem / (directed adjacency entries = 1758) */
        assert_int_equal(2 * c->adjacent_pairs, 1758);
        /* the coverage dissolves cleanly */
        assert_int_equal(c->dissolve.n_coverage, 2);
        assert_int_equal(c->dissolve.n_overlaps, 0);
        assert_int_equal(c->dissolve.n_gaps, 0);
        /* population measures are in (0, 1] and every person is counted once */
        for (size_t d = 0; d < 2; d++) {
            assert_true(c->m[GM_CM_POPULATION_POLYGON][d] > 0.3);
            assert_true(c->m[GM_CM_POPULATION_POLYGON][d] <= 1.0);
            assert_true(c->m[GM_CM_POPULATION_CIRCLE][d] <=
                        c->m[GM_CM_POPULATION_POLYGON][d] + 1e-12);
        }
        gm_compact_destroy(c);

        /* gerrymeter in the same plane (--crs EPSG:3437): the true circle, whose Reock
         * is below redistmetrics' 32-gon value by 0.64% (vectors: 0.44161, 0.24861) */
        if (k == 0) {
            c = from_plan(u, GM_CONV_GERRYMETER, "EPSG:3437");
            assert_rel(c->m[GM_CM_REOCK][0], 0.44161486363319774);
            assert_rel(c->m[GM_CM_REOCK][1], 0.24861049085447215);
            assert_rel(c->m[GM_CM_POLSBY_POPPER][0], exp[k].polsby[0]);
            /* areas come out in m^2 (US survey foot = 1200/3937 m) */
            assert_rel(c->m[GM_CM_AREA_M2][0], 62825263036.21567 * pow(1200.0 / 3937.0, 2));
            gm_compact_destroy(c);
            /* default: geodesic; the plane's tiny scale error stays below 1e-3 */
            c = from_plan(u, GM_CONV_GERRYMETER, NULL);
            assert_near(c->m[GM_CM_REOCK][0], 0.44161486363319774, 1e-3);
            assert_near(c->m[GM_CM_POLSBY_POPPER][1], exp[k].polsby[1], 1e-3);
            gm_compact_destroy(c);
        }
        gm_units_destroy(u);
    }
}

/* DRA test/compactness/features.spec.ts expectations (CSV rows in feature order) */
static void check_dra(const char *geojson, const char *csv)
{
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.convention = GM_CONV_DRA;
    gm_compact *c = NULL;
    gm_error e;
    if (gm_compact_from_layer(vectors(geojson), &o, &c, &e)) fail_msg("%s", e.msg);
    FILE *f = fopen(vectors(csv), "r");
    assert_non_null(f);
    char line[1024];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    size_t row = 0;
    while (fgets(line, sizeof line, f)) {
        double n, sx, sy, reock, bbox, polsby, hull, schw;
        if (sscanf(line, "%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &n, &sx, &sy, &reock, &bbox, &polsby,
                   &hull, &schw) != 8)
            continue;
        assert_true(row < c->k);
        assert_near(c->m[GM_CM_REOCK][row], reock, 0.005);
        assert_near(c->m[GM_CM_BOUNDING_BOX][row], bbox, 0.005);
        assert_near(c->m[GM_CM_POLSBY_POPPER][row], polsby, 0.005);
        assert_near(c->m[GM_CM_CONVEX_HULL][row], hull, 0.005);
        assert_near(c->m[GM_CM_SCHWARTZBERG][row], schw, 0.05);
        row++;
    }
    fclose(f);
    assert_int_equal(row, 20);
    assert_int_equal(c->k, 20);
    gm_compact_destroy(c);
}

static void test_compact_dra_evenlyspaced20(void **state)
{
    (void)state;
    check_dra("dra_compactness/evenlyspaced20.geojson",
              "dra_compactness/evenlyspaced20_expected_kiwysi_features.csv");
}

static void test_compact_dra_first20(void **state)
{
    (void)state;
    check_dra("dra_compactness/first20.geojson",
              "dra_compactness/first20_expected_kiwysi_features.csv");
}

/* Every district of the 2016 map is scored; Alaska's islands straddle the antimeridian. */
static void test_compact_cds_2016(void **state)
{
    (void)state;
    gm_compact_opts o;
    gm_compact_opts_init(&o);
    o.id_field = "CODE";
    gm_compact *c = NULL;
    gm_error e;
    if (gm_compact_from_layer(tu_shared_path("us_congressional_districts/cds_2016.gpkg"), &o, &c,
                              &e))
        fail_msg("%s", e.msg);
    assert_int_equal(c->k, 435);
    size_t ak = c->k;
    for (size_t d = 0; d < c->k; d++) {
        for (int m = GM_CM_POLSBY_POPPER; m <= GM_CM_BOUNDING_BOX; m++) {
            if (m == GM_CM_SCHWARTZBERG) continue;
            assert_true(c->m[m][d] > 0 && c->m[m][d] <= 1 + 1e-9);
        }
        if (strcmp(c->district[d], "AK-0") == 0) ak = d;
    }
    assert_true(ak < c->k);
    /* Alaska: 1.72e12 m^2 by the Census, a little less for these simplified shapes */
    assert_true(c->m[GM_CM_AREA_M2][ak] > 1.4e12 && c->m[GM_CM_AREA_M2][ak] < 1.8e12);
    assert_true(c->n_parts[ak] > 100);
    /* a circle around all of Alaska (antimeridian handled) still gives Reock > 0.1 */
    assert_true(c->m[GM_CM_REOCK][ak] > 0.1);
    gm_compact_stat s = gm_compact_summarize(c, GM_CM_POLSBY_POPPER);
    assert_int_equal(s.n, 435);
    assert_true(s.min < 0.05 && s.max > 0.5);
    gm_compact_destroy(c);
}

/* Minnesota House: 4,120 precincts into 134 districts. Districts tile the state, so
 * their areas add up to the precincts' (the dissolve drops and doubles nothing). */
static void test_compact_mn_dissolve(void **state)
{
    (void)state;
    gm_units *u = load_units(tu_shared_path("mggg_MN/mn_16.zip"), "MNLEGDIST", "TOTPOP");
    gm_compact *c = from_plan(u, GM_CONV_GERRYMETER, NULL);
    assert_int_equal(c->k, 134);
    assert_int_equal(c->dissolve.n_coverage + c->dissolve.n_fallback, 134);
    double sum = 0;
    for (size_t d = 0; d < c->k; d++)
        sum += c->m[GM_CM_AREA_M2][d];
    /* geodesic district areas against the precincts' areas in the equal-area plane */
    double units = 0;
    for (size_t i = 0; i < u->n; i++) {
        double a = 0;
        GEOSArea_r(u->geom->ctx.h, u->geom->g[i], &a);
        units += a;
    }
    assert_near(sum / units, 1.0, 1e-4);
    assert_true(units > 2.1e11 && units < 2.3e11); /* Minnesota: 225,163 km^2 with water */
    assert_true(c->cut_edges_total > 0 && c->cut_edges_total < c->adjacent_pairs);
    for (size_t d = 0; d < c->k; d++) {
        assert_true(c->m[GM_CM_POPULATION_POLYGON][d] > 0 &&
                    c->m[GM_CM_POPULATION_POLYGON][d] <= 1 + 1e-9);
        assert_true(c->cut_edges[d] > 0);
    }
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
        cmocka_unit_test(test_compact_redistmetrics_nh),
        cmocka_unit_test(test_compact_dra_evenlyspaced20),
        cmocka_unit_test(test_compact_dra_first20),
        cmocka_unit_test(test_compact_cds_2016),
        cmocka_unit_test(test_compact_mn_dissolve),
    };
    return cmocka_run_group_tests(t, setup, NULL);
}
