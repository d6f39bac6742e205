/* test_network.c: the network policy of gm_init()/gm_set_allow_network() (init.c) and
 * the network-path test of gm_resolve_source() (path.c). The end-to-end proof that
 * nothing is fetched is tests/cli/network.sh (a local HTTP server sees no request). */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"

#include <cpl_conv.h>
#include <cpl_http.h>
#include <gdal.h>
#include <stdlib.h>
#include <string.h>

static void expect_refused(const char *path)
{
    char *g = NULL;
    gm_error e;
    gm_error_clear(&e);
    if (gm_resolve_source(path, &g, &e) != GM_E_ARG) fail_msg("not refused: %s", path);
    assert_null(g);
    assert_non_null(strstr(e.msg, "unless --allow-network is given"));
}

static void test_network_paths_refused(void **st)
{
    (void)st;
    static const char *const paths[] = {
        "http://127.0.0.1/u.geojson", "HTTPS://example.org/u.zip", "ftp://h/x.shp",
        "/vsicurl/http://h/u.gpkg", "/vsicurl_streaming/http://h/u.gpkg",
        "/vsizip//vsicurl/http://h/u.zip", "/vsizip//vsis3/bucket/u.zip", "/vsis3/b/u.shp",
        "/vsigs/b/u.shp", "/vsiaz/c/u.shp", "/vsitar//vsiadls/c/u.tar", "/vsioss/b/u",
        "/vsiswift/c/u", "/vsihdfs/u", "/vsiwebhdfs/http://h/u", "GeoJSON:http://h/u.json",
        "WFS:http://h/wfs", "PG:host=127.0.0.1 dbname=x", "pg:dbname=x", "MySQL:db,host=h",
        "OAPIF:http://h/", "ODBC:dsn", NULL};
    for (int i = 0; paths[i]; i++) expect_refused(paths[i]);
    /* local VSI paths stay allowed */
    char *g = NULL;
    gm_error e;
    assert_int_equal(gm_resolve_source("/vsimem/x.geojson", &g, &e), GM_OK);
    free(g);
}

static void test_allow_network_toggles_policy(void **st)
{
    (void)st;
    gm_error e;
    char *g = NULL;
    /* off (the default): server drivers are gone, curl file systems refuse every path,
     * HTTP fetches fail without a request */
    assert_false(gm_get_allow_network());
    assert_null(GDALGetDriverByName("WFS"));
    assert_null(GDALGetDriverByName("PostgreSQL"));
    assert_null(GDALGetDriverByName("HTTP"));
    assert_non_null(GDALGetDriverByName("GeoJSON"));
    assert_non_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    CPLHTTPResult *r = CPLHTTPFetch("http://127.0.0.1:9/never", NULL);
    assert_non_null(r);
    assert_int_not_equal(r->nStatus, 0);
    assert_non_null(strstr(r->pszErrBuf, "network access is disabled"));
    CPLHTTPDestroyResult(r);

    /* allowed: drivers back, paths accepted, options cleared */
    gm_set_allow_network(true);
    assert_non_null(GDALGetDriverByName("WFS"));
    assert_non_null(GDALGetDriverByName("HTTP"));
    assert_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    assert_int_equal(gm_resolve_source("/vsicurl/http://h/u.gpkg", &g, &e), GM_OK);
    free(g);

    /* and off again */
    gm_set_allow_network(false);
    assert_null(GDALGetDriverByName("WFS"));
    expect_refused("/vsicurl/http://h/u.gpkg");
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_network_paths_refused),
        cmocka_unit_test(test_allow_network_toggles_policy),
    };
    gm_init();
    int rc = cmocka_run_group_tests(t, NULL, NULL);
    gm_shutdown();
    return rc;
}
