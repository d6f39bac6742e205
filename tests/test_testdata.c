/* test_testdata.c: the bundled fixtures load through the engine and give the totals
 * written in testdata/tiny/README.md (worked by hand) and testdata/sample/README.md
 * (computed by scripts/make_sample.py, an independent Python implementation). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gerrymeter/gm_core.h"
#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_plan.h"
#include "gerrymeter/gm_tally.h"
#include "gerrymeter/gm_units.h"

/* Vote and population sums are exact integers well below 2^53. */
#define EPS_EXACT 0.0
/* Efficiency gaps from the READMEs are printed to 10 decimals. */
#define EPS_EG 1e-10

typedef struct expect {
    size_t k;
    const double *pop, *d, *r;
    double eg;
} expect;

static gm_units *load(const char *path, const char *election, const char *id_field,
                      bool geometry, const char *crs)
{
    char dfield[16], rfield[16];
    gm_units_spec s;
    gm_units *u = NULL;
    gm_error err;
    memset(&s, 0, sizeof s);
    snprintf(dfield, sizeof dfield, "%sD", election);
    snprintf(rfield, sizeof rfield, "%sR", election);
    s.path = path;
    s.pop_field = "TOTPOP";
    s.id_field = id_field;
    s.plan_field = "CD";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = dfield;
    s.vote_field[1] = rfield;
    s.load_geometry = geometry;
    s.crs = crs;
    if (gm_units_load(&s, &u, &err) != GM_OK) fail_msg("%s: %s", path, err.msg);
    return u;
}

static void check_plan(const gm_units *u, const gm_plan *p, const expect *e)
{
    gm_tally *t = NULL;
    gm_error err;
    assert_int_equal(p->k, e->k);
    if (gm_tally_compute(u, p, &t, &err) != GM_OK) fail_msg("%s", err.msg);
    for (size_t d = 0; d < e->k; d++) {
        char want[8];
        snprintf(want, sizeof want, "%zu", d + 1);
        assert_string_equal(p->label[d], want);
        assert_float_equal(t->pop[d], e->pop[d], EPS_EXACT);
        assert_float_equal(gm_tally_party(t, 0)[d], e->d[d], EPS_EXACT);
        assert_float_equal(gm_tally_party(t, 1)[d], e->r[d], EPS_EXACT);
    }
    assert_float_equal(gm_eg_wasted(gm_tally_party(t, 0), gm_tally_party(t, 1), e->k), e->eg,
                       EPS_EG);
    gm_tally_destroy(t);
}

static void check_column(const gm_units *u, const expect *e)
{
    gm_plan *p = NULL;
    gm_error err;
    if (gm_plan_from_column(u, &p, &err) != GM_OK) fail_msg("%s", err.msg);
    check_plan(u, p, e);
    gm_plan_destroy(p);
}

/* ---- tiny 4x4 grid: testdata/tiny/README.md ---- */

static const double tiny_pop[4] = {10000, 10100, 9900, 10000};
static const double tiny_16d[4] = {750, 400, 400, 450}, tiny_16r[4] = {250, 600, 600, 550};
static const double tiny_20d[4] = {700, 500, 350, 450}, tiny_20r[4] = {300, 500, 650, 550};

static void test_tiny_g16_all_formats(void **state)
{
    (void)state;
    const expect e = {4, tiny_pop, tiny_16d, tiny_16r, 0.25};
    const char *files[] = {"tiny/precincts.geojson", "tiny/precincts.gpkg"};
    for (size_t f = 0; f < 2; f++) {
        gm_units *u = load(tu_testdata(files[f]), "G16", "PRECINCT", false, NULL);
        assert_int_equal(u->n, 16);
        check_column(u, &e);
        gm_units_destroy(u);
    }
}

static void test_tiny_g20_tie(void **state)
{
    (void)state;
    /* CD 2 is a 500-500 tie: each side wastes 250, so EG = (1250 - 750) / 4000. */
    const expect e = {4, tiny_pop, tiny_20d, tiny_20r, 0.125};
    gm_units *u = load(tu_testdata("tiny/precincts.geojson"), "G20", "PRECINCT", false, NULL);
    check_column(u, &e);
    gm_units_destroy(u);
}

static void test_tiny_popdev(void **state)
{
    (void)state;
    gm_popdev pd;
    gm_popdev_compute(tiny_pop, 4, &pd);
    assert_float_equal(pd.ideal, 10000, EPS_EXACT);
    assert_float_equal(pd.range, 0.02, 1e-15);
    assert_float_equal(pd.max_abs_pct, 0.01, 1e-15);
}

static void test_tiny_assignment_csv(void **state)
{
    (void)state;
    const expect e = {4, tiny_pop, tiny_16d, tiny_16r, 0.25};
    gm_units *u = load(tu_testdata("tiny/precincts.gpkg"), "G16", "PRECINCT", false, NULL);
    gm_plan *p = NULL;
    gm_error err;
    if (gm_plan_from_csv(u, tu_testdata("tiny/assignment.csv"), &p, &err) != GM_OK)
        fail_msg("%s", err.msg);
    check_plan(u, p, &e);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

static void test_tiny_district_layer(void **state)
{
    (void)state;
    const expect e = {4, tiny_pop, tiny_16d, tiny_16r, 0.25};
    gm_units *u = load(tu_testdata("tiny/precincts.geojson"), "G16", "PRECINCT", true, NULL);
    gm_plan_layer_spec ls;
    gm_plan *p = NULL;
    gm_error err;
    memset(&ls, 0, sizeof ls);
    ls.path = tu_testdata("tiny/districts.geojson");
    ls.id_field = "CD";
    ls.split_tolerance = 0.001;
    if (gm_plan_from_layer(u, &ls, &p, &err) != GM_OK) fail_msg("%s", err.msg);
    assert_int_equal(p->n_split, 0); /* the districts are exact unions of precincts */
    check_plan(u, p, &e);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

static void test_tiny_no_crs(void **state)
{
    (void)state;
    gm_units_spec s;
    gm_units *u = NULL;
    gm_error err;
    memset(&s, 0, sizeof s);
    s.path = tu_testdata("tiny/precincts_nocrs.zip");
    s.pop_field = "TOTPOP";
    s.load_geometry = true;
    assert_int_equal(gm_units_load(&s, &u, &err), GM_E_CRS);
    assert_null(u);
    assert_non_null(strstr(err.msg, "no coordinate reference system"));
    assert_int_equal(err.hint, GM_HINT_CRS);
    /* Without geometry the CRS is not needed; with --crs the layer loads. */
    s.load_geometry = false;
    if (gm_units_load(&s, &u, &err) != GM_OK) fail_msg("%s", err.msg);
    assert_int_equal(u->n, 16);
    gm_units_destroy(u);
    u = load(tu_testdata("tiny/precincts_nocrs.zip"), "G16", "PRECINCT", true, "EPSG:32614");
    assert_int_equal(u->n, 16);
    gm_units_destroy(u);
}

/* ---- sample state: testdata/sample/README.md ---- */

static const double s_pop[6] = {116510, 116814, 116421, 116767, 115881, 116333};
static const double s_16d[6] = {38241, 19620, 22097, 21494, 21047, 20466};
static const double s_16r[6] = {13810, 32483, 30502, 30139, 30570, 31687};
static const double s_20d[6] = {43981, 22729, 25927, 25605, 24718, 24397};
static const double s_20r[6] = {13781, 34753, 32263, 32515, 33096, 34209};

static void test_sample_all_formats(void **state)
{
    (void)state;
    const expect e16 = {6, s_pop, s_16d, s_16r, 0.2492375607};
    const expect e20 = {6, s_pop, s_20d, s_20r, 0.2958985441};
    const char *files[] = {"sample/precincts.gpkg", "sample/precincts.zip",
                           "sample/precincts.geojson"};
    for (size_t f = 0; f < 3; f++) {
        gm_units *u = load(tu_testdata(files[f]), "G16", "PRECINCT", false, NULL);
        assert_int_equal(u->n, 324);
        check_column(u, &e16);
        gm_units_destroy(u);
        u = load(tu_testdata(files[f]), "G20", "PRECINCT", false, NULL);
        check_column(u, &e20);
        gm_units_destroy(u);
    }
}

static void test_sample_plan_sources_agree(void **state)
{
    (void)state;
    gm_units *u = load(tu_testdata("sample/precincts.gpkg"), "G16", "PRECINCT", true, NULL);
    gm_plan *col = NULL, *csv = NULL, *lay = NULL;
    gm_plan_layer_spec ls;
    gm_error err;
    memset(&ls, 0, sizeof ls);
    ls.path = tu_testdata("sample/districts.gpkg");
    ls.id_field = "CD";
    ls.split_tolerance = 0.001;
    if (gm_plan_from_column(u, &col, &err) != GM_OK) fail_msg("%s", err.msg);
    if (gm_plan_from_csv(u, tu_testdata("sample/assignment.csv"), &csv, &err) != GM_OK)
        fail_msg("%s", err.msg);
    if (gm_plan_from_layer(u, &ls, &lay, &err) != GM_OK) fail_msg("%s", err.msg);
    assert_int_equal(lay->n_split, 0);
    for (size_t i = 0; i < u->n; i++) {
        assert_int_equal(csv->district[i], col->district[i]);
        assert_int_equal(lay->district[i], col->district[i]);
    }
    gm_plan_destroy(lay);
    gm_plan_destroy(csv);
    gm_plan_destroy(col);
    gm_units_destroy(u);
}

static int grp_setup(void **state)
{
    (void)state;
    gm_init();
    return 0;
}

static int grp_teardown(void **state)
{
    (void)state;
    gm_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_tiny_g16_all_formats),
        cmocka_unit_test(test_tiny_g20_tie),
        cmocka_unit_test(test_tiny_popdev),
        cmocka_unit_test(test_tiny_assignment_csv),
        cmocka_unit_test(test_tiny_district_layer),
        cmocka_unit_test(test_tiny_no_crs),
        cmocka_unit_test(test_sample_all_formats),
        cmocka_unit_test(test_sample_plan_sources_agree),
    };
    return cmocka_run_group_tests(t, grp_setup, grp_teardown);
}
