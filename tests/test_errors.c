/* test_errors.c: every foundation error path gives a clear, specific error. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Three unit squares; feature values spliced in per test. */
static const char *units_geojson(const char *name, const char *v1, const char *v2, const char *cd3)
{
    char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"type\":\"FeatureCollection\",\"features\":["
             "{\"type\":\"Feature\",\"properties\":{\"ID\":\"a\",\"POP\":10,\"D\":%s,\"R\":5,\"CD\":\"1\"},"
             "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0.01,0],[0.01,0.01],[0,0.01],[0,0]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"ID\":\"b\",\"POP\":12,\"D\":%s,\"R\":7,\"CD\":\"2\"},"
             "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0.01,0],[0.02,0],[0.02,0.01],[0.01,0.01],[0.01,0]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"ID\":\"c\",\"POP\":11,\"D\":4,\"R\":9,\"CD\":%s},"
             "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0.02,0],[0.03,0],[0.03,0.01],[0.02,0.01],[0.02,0]]]}}]}",
             v1, v2, cd3);
    return tu_write_tmp(name, buf);
}

static gm_status load(const char *path, const char *plan, int neg, bool geom, const char *crs,
                      gm_units **u, gm_error *err)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.pop_field = "POP";
    s.id_field = "ID";
    s.plan_field = plan;
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "D";
    s.vote_field[1] = "R";
    s.negative_votes = neg;
    s.load_geometry = geom;
    s.crs = crs;
    gm_error_clear(err);
    return gm_units_load(&s, u, err);
}

static void test_missing_file(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    assert_int_equal(load("/no/such/units.shp", NULL, 0, false, NULL, &u, &e), GM_E_IO);
    assert_non_null(strstr(e.msg, "/no/such/units.shp"));
    assert_null(u);
}

static void test_missing_field_lists_fields(void **st)
{
    (void)st;
    gm_units_spec s;
    gm_units *u;
    gm_error e;
    memset(&s, 0, sizeof s);
    s.path = units_geojson("ok.geojson", "3", "8", "\"1\"");
    s.pop_field = "TOTPOP";
    assert_int_equal(gm_units_load(&s, &u, &e), GM_E_FIELD);
    assert_non_null(strstr(e.msg, "'TOTPOP'"));
    assert_non_null(strstr(e.msg, "fields are: ID, POP, D, R, CD"));
}

static void test_numeric_string_votes_accepted(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    assert_int_equal(load(units_geojson("s.geojson", "\"3\"", "\" 8 \"", "\"1\""), "CD", 0, false,
                          NULL, &u, &e),
                     GM_OK);
    assert_float_equal(gm_units_party_total(u, 0), 15, 0);
    gm_units_destroy(u);
}

static void test_non_numeric_votes(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    assert_int_equal(load(units_geojson("n.geojson", "3", "\"12x\"", "\"1\""), "CD", 0, false, NULL,
                          &u, &e),
                     GM_E_DATA);
    assert_non_null(strstr(e.msg, "feature 1"));
    assert_non_null(strstr(e.msg, "'12x', not a number"));
}

static void test_null_votes(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    assert_int_equal(load(units_geojson("z.geojson", "null", "2", "\"1\""), "CD", 0, false, NULL, &u,
                          &e),
                     GM_E_DATA);
    assert_non_null(strstr(e.msg, "is null"));
}

static void test_negative_votes(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    const char *p = units_geojson("neg.geojson", "-1", "2", "\"1\"");
    assert_int_equal(load(p, "CD", GM_NEG_ERROR, false, NULL, &u, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "negative (-1)"));
    assert_non_null(strstr(e.msg, "read negative votes as 0"));
    assert_int_equal(e.hint, GM_HINT_NEGATIVE_VOTES_ZERO);
    assert_int_equal(load(p, "CD", GM_NEG_ZERO, false, NULL, &u, &e), GM_OK);
    assert_float_equal(gm_units_party_total(u, 0), 2 + 4, 0);
    gm_units_destroy(u);
}

static void test_unit_without_district(void **st)
{
    (void)st;
    gm_units *u;
    gm_plan *p;
    gm_error e;
    assert_int_equal(load(units_geojson("nd.geojson", "3", "2", "null"), "CD", 0, false, NULL, &u, &e),
                     GM_OK);
    assert_int_equal(gm_plan_from_column(u, &p, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "1 unit has no district"));
    assert_non_null(strstr(e.msg, "(e.g. c)"));
    gm_units_destroy(u);
}

static void test_assignment_csv(void **st)
{
    (void)st;
    gm_units *u;
    gm_plan *p;
    gm_error e;
    assert_int_equal(load(units_geojson("a.geojson", "3", "2", "\"1\""), NULL, 0, false, NULL, &u, &e),
                     GM_OK);
    /* good, with a header, CRLF and a BOM */
    const char *good = tu_write_tmp("good.csv", "\xEF\xBB\xBFID,district\r\na,2\r\nb,1\r\nc,2\r\n");
    assert_int_equal(gm_plan_from_csv(u, good, &p, &e), GM_OK);
    assert_int_equal(p->k, 2);
    assert_int_equal(p->district[0], 1);
    assert_int_equal(p->district[1], 0);
    gm_plan_destroy(p);
    /* no header, tab separated */
    assert_int_equal(gm_plan_from_csv(u, tu_write_tmp("tab.csv", "a\t1\nb\t1\nc\t3\n"), &p, &e), GM_OK);
    assert_string_equal(p->label[1], "3");
    gm_plan_destroy(p);
    /* unknown, duplicate and missing ids, all reported with counts */
    const char *bad = tu_write_tmp("bad.csv", "ID,district\na,1\na,2\nzz,1\nyy,2\n");
    assert_int_equal(gm_plan_from_csv(u, bad, &p, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "2 ids not in the unit layer ('zz', 'yy')"));
    assert_non_null(strstr(e.msg, "1 duplicate id ('a')"));
    assert_non_null(strstr(e.msg, "2 units missing from the file ('b', 'c')"));
    gm_units_destroy(u);
}

static void test_layer_without_crs(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    /* GDAL's CSV driver reads a WKT column as geometry with no CRS. */
    const char *p = tu_write_tmp("nocrs.csv", "WKT,ID,POP,D,R,CD\n"
                                            "\"POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))\",a,1,2,3,1\n");
    assert_int_equal(load(p, "CD", 0, true, NULL, &u, &e), GM_E_CRS);
    assert_non_null(strstr(e.msg, "no coordinate reference system"));
    assert_non_null(strstr(e.msg, "give the layer's CRS"));
    assert_int_equal(e.hint, GM_HINT_CRS);
    assert_int_equal(load(p, "CD", 0, true, "EPSG:32614", &u, &e), GM_OK);
    gm_units_destroy(u);
    /* without geometry needed, no CRS is fine */
    assert_int_equal(load(p, "CD", 0, false, NULL, &u, &e), GM_OK);
    gm_units_destroy(u);
}

static void test_where_and_layer_suffix(void **st)
{
    (void)st;
    gm_units_spec s;
    gm_units *u;
    gm_error e;
    memset(&s, 0, sizeof s);
    char path[600];
    snprintf(path, sizeof path, "%s:nosuchlayer", units_geojson("l.geojson", "3", "2", "\"1\""));
    s.path = path;
    assert_int_equal(gm_units_load(&s, &u, &e), GM_E_ARG);
    assert_non_null(strstr(e.msg, "has no layer 'nosuchlayer'; layers: l"));
    snprintf(path, sizeof path, "%s:l", units_geojson("l.geojson", "3", "2", "\"1\""));
    s.where = "POP > 10";
    assert_int_equal(gm_units_load(&s, &u, &e), GM_OK);
    assert_int_equal(u->n, 2);
    gm_units_destroy(u);
}

static void test_network_refused(void **st)
{
    (void)st;
    char *g = NULL;
    gm_error e;
    assert_int_equal(gm_resolve_source("/vsicurl/http://example.com/x.shp", &g, &e), GM_E_ARG);
    assert_non_null(strstr(e.msg, "network access is not allowed"));
    assert_int_equal(e.hint, GM_HINT_ALLOW_NETWORK);
    assert_int_equal(gm_resolve_source("https://example.com/x.geojson", &g, &e), GM_E_ARG);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_missing_field_lists_fields),
        cmocka_unit_test(test_numeric_string_votes_accepted),
        cmocka_unit_test(test_non_numeric_votes),
        cmocka_unit_test(test_null_votes),
        cmocka_unit_test(test_negative_votes),
        cmocka_unit_test(test_unit_without_district),
        cmocka_unit_test(test_assignment_csv),
        cmocka_unit_test(test_layer_without_crs),
        cmocka_unit_test(test_where_and_layer_suffix),
        cmocka_unit_test(test_network_refused),
    };
    gm_init();
    int rc = cmocka_run_group_tests(t, NULL, NULL);
    gm_shutdown();
    return rc;
}
