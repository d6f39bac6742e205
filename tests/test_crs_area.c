/* test_crs_area.c: does a CRS fit the data (engine/geo/crs_area.c)? The area of use of
 * a CRS from itself or from its registry code, the share of a box inside it (also
 * across the antimeridian), and a unit layer whose projected CRS puts it far away. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "geo/geo.h"

#include <cpl_conv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_area_of_use(void **state)
{
    (void)state;
    gm_init();
    double a[4];
    char name[100];
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRSetFromUserInput(s, "EPSG:32119"), OGRERR_NONE);
    assert_true(gmi_crs_area_of_use(s, a, name, sizeof name));
    assert_string_equal(name, "United States (USA) - North Carolina"); /* the county list cut */
    assert_true(fabs(a[0] + 84.33) < 0.01 && fabs(a[1] - 33.83) < 0.01);
    assert_true(fabs(a[2] + 75.38) < 0.01 && fabs(a[3] - 36.59) < 0.01);
    OSRRelease(s);
    /* a CRS from WKT with its code but no usage (as a .prj is read): looked up by code */
    s = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRSetFromUserInput(s, "EPSG:26915"), OGRERR_NONE);
    char *wkt = NULL;
    OSRExportToWkt(s, &wkt);
    OSRRelease(s);
    s = OSRNewSpatialReference(wkt);
    CPLFree(wkt);
    assert_true(gmi_crs_area_of_use(s, a, name, sizeof name));
    assert_true(fabs(a[0] + 96) < 1e-9 && fabs(a[2] + 90) < 1e-9);
    OSRRelease(s);
    /* a custom CRS states none: nothing is checked */
    s = OSRNewSpatialReference(NULL);
    OSRImportFromProj4(s, "+proj=laea +lat_0=40 +lon_0=-100 +datum=WGS84 +units=m +no_defs");
    assert_false(gmi_crs_area_of_use(s, a, name, sizeof name));
    OSRRelease(s);
}

static void test_share(void **state)
{
    (void)state;
    const double nc[4] = {-84.33, 33.83, -75.38, 36.59};
    const double inside[4] = {-80, 35, -79, 36};
    assert_true(gmi_aou_share(nc, inside, 0) == 1.0);
    /* New Hampshire's feet read as North Carolina metres (the sweep's m18b) */
    const double nh_as_nc[4] = {-77.52, 34.20, -71.34, 42.94};
    double s = gmi_aou_share(nc, nh_as_nc, GMI_AOU_LAYER_MARGIN);
    assert_true(s > 0.30 && s < 0.36 && s < GMI_AOU_MIN_SHARE);
    /* Minnesota reaches 1.3 degrees past UTM zone 15: fine with the margin */
    const double utm15[4] = {-96, 25.61, -90, 84};
    const double mn[4] = {-97.27, 43.44, -89.40, 49.40};
    assert_true(gmi_aou_share(utm15, mn, GMI_AOU_LAYER_MARGIN) == 1.0);
    assert_true(gmi_aou_share(utm15, mn, 0) < 0.8);
    /* an area across the antimeridian (NAD83: 167.65E .. 40.73W) holds Alaska's west */
    const double nad83[4] = {167.65, 14.92, -40.73, 86.45};
    const double aleutians[4] = {172, 51, 179, 53};
    const double alaska[4] = {-170, 55, -140, 70};
    const double guam[4] = {144.6, 13.2, 145.0, 13.7};
    assert_true(gmi_aou_share(nad83, aleutians, 0) == 1.0);
    assert_true(gmi_aou_share(nad83, alaska, 0) == 1.0);
    assert_true(gmi_aou_share(nad83, guam, 0) == 0.0);
    /* a point (a one-feature layer of a point) is inside or not */
    const double pt[4] = {-80, 35, -80, 35};
    assert_true(gmi_aou_share(nc, pt, 0) == 1.0);
}

/* The unit loader refuses a projected CRS that puts the data outside its area of use:
 * the sample layer (lon/lat, South Dakota) reprojected to UTM 14N and labelled as the
 * North Carolina State Plane. */
static void test_units_wrong_projected_crs(void **state)
{
    (void)state;
    char cmd[2048];
    const char *dir = tu_tmpdir();
    snprintf(cmd, sizeof cmd,
             "ogr2ogr -f GPKG '%s/utm.gpkg' '%s' -t_srs EPSG:26914 2>/dev/null && "
             "ogr2ogr -f GPKG '%s/wrong.gpkg' '%s/utm.gpkg' -a_srs EPSG:32119 2>/dev/null",
             dir, tu_testdata("sample/precincts.gpkg"), dir, dir);
    if (system(cmd) != 0) skip();
    gm_units_spec sp;
    memset(&sp, 0, sizeof sp);
    char path[1024];
    snprintf(path, sizeof path, "%s/wrong.gpkg", dir);
    sp.path = path;
    sp.load_geometry = true;
    gm_units *u = NULL;
    gm_error e;
    gm_error_clear(&e);
    assert_int_equal(gm_units_load(&sp, &u, &e), GM_E_CRS);
    assert_int_equal(e.hint, GM_HINT_CRS);
    assert_non_null(strstr(e.msg, "its CRS 'NAD83 / North Carolina' (EPSG:32119) puts its"));
    assert_non_null(strstr(e.msg, "mostly outside the area that CRS is made for (United States "
                                  "(USA) - North Carolina"));
    /* the same numbers in their real CRS load */
    snprintf(path, sizeof path, "%s/utm.gpkg", dir);
    assert_int_equal(gm_units_load(&sp, &u, &e), GM_OK);
    assert_int_equal(u->n, 324);
    gm_units_destroy(u);
    /* and the wrong label overridden by the right CRS too */
    snprintf(path, sizeof path, "%s/wrong.gpkg", dir);
    sp.crs = "EPSG:26914";
    assert_int_equal(gm_units_load(&sp, &u, &e), GM_OK);
    gm_units_destroy(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_area_of_use),
        cmocka_unit_test(test_share),
        cmocka_unit_test(test_units_wrong_projected_crs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
