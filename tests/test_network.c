/* test_network.c: the network policy. First as a library caller sees it, after gm_init()
 * alone: nothing process-wide changes, yet every engine open refuses network sources
 * (init.c's per-thread GDAL bracket, path.c, ogr_layer.c). Then as the CLI runs it,
 * after gm_init_ex(GM_INIT_NETWORK_LOCKDOWN): the process-wide lock-down and its undoing.
 * The end-to-end proof that nothing is fetched is tests/cli/network.sh (a local HTTP
 * server sees no request). */
#include "testutil.h"

#include "core/gdal_env.h"
#include "gerrymeter/gerrymeter.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No connection is made in this file: 127.0.0.1:9 is only a name that must never be
 * reached, and every test below expects a refusal before any request. */
#define TRAP "http://127.0.0.1:9"

static void expect_refused(const char *path)
{
    char *g = NULL;
    gm_error e;
    gm_error_clear(&e);
    if (gm_resolve_source(path, &g, &e) != GM_E_ARG) fail_msg("not refused: %s", path);
    assert_null(g);
    assert_non_null(strstr(e.msg, "network access is not allowed"));
    assert_int_equal(e.hint, GM_HINT_ALLOW_NETWORK);
}

/* Load units from path; expect code and hint, and (when given) text in the message. */
static void expect_load(const char *path, gm_status code, gm_hint hint, const char *text)
{
    gm_units_spec s;
    gm_units *u = NULL;
    gm_error e;
    memset(&s, 0, sizeof s);
    s.path = path;
    gm_error_clear(&e);
    gm_status rc = gm_units_load(&s, &u, &e);
    gm_units_destroy(u);
    if (rc != code || e.hint != hint || (text && !strstr(e.msg, text)))
        fail_msg("%s: got %s/%s '%s'", path, gm_status_str(rc), gm_hint_name(e.hint), e.msg);
}

static const char *vrt(const char *name, const char *src, bool relative)
{
    char text[600];
    snprintf(text, sizeof text,
             "<OGRVRTDataSource><OGRVRTLayer name=\"u\"><SrcDataSource%s>%s</SrcDataSource>"
             "</OGRVRTLayer></OGRVRTDataSource>\n",
             relative ? " relativeToVRT=\"1\"" : "", src);
    return tu_write_tmp(name, text);
}

/* ---- a library caller: gm_init() only ------------------------------------------- */

static void test_init_changes_nothing_process_wide(void **st)
{
    (void)st;
    assert_null(CPLGetConfigOption("GDAL_HTTP_PROXY", NULL));
    assert_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    assert_null(CPLGetConfigOption("GDAL_HTTP_TIMEOUT", NULL));
    /* drivers stay registered and GDAL's error handler is still the default one */
    assert_non_null(GDALGetDriverByName("GeoJSON"));
    assert_non_null(GDALGetDriverByName("WFS"));
    assert_non_null(GDALGetDriverByName("PostgreSQL"));
    CPLErrorHandler prev = CPLSetErrorHandler(CPLDefaultErrorHandler);
    assert_true(prev == CPLDefaultErrorHandler);
}

static void test_library_refuses_network_paths(void **st)
{
    (void)st;
    unsetenv("PGHOST"); /* what libpq would take for a string that names no host */
    unsetenv("PGHOSTADDR");
    unsetenv("PGSERVICE");
    unsetenv("PGPORT");
    static const char *const paths[] = {
        "http://127.0.0.1/u.geojson", "HTTPS://example.org/u.zip", "ftp://h/x.shp",
        "/vsicurl/http://h/u.gpkg", "/vsicurl_streaming/http://h/u.gpkg",
        "/vsizip//vsicurl/http://h/u.zip", "/vsizip//vsis3/bucket/u.zip", "/vsis3/b/u.shp",
        "/vsigs/b/u.shp", "/vsiaz/c/u.shp", "/vsitar//vsiadls/c/u.tar", "/vsioss/b/u",
        "/vsiswift/c/u", "/vsihdfs/u", "/vsiwebhdfs/http://h/u", "GeoJSON:http://h/u.json",
        "WFS:http://h/wfs", "PG:host=db.example.org dbname=x", "pg:dbname=x host=h.example",
        "PG:host=/tmp,db.example.org dbname=x", "PG:hostaddr=192.0.2.7 dbname=x",
        "PG:host=localhost hostaddr=198.51.100.1", "PG:service=prod dbname=x",
        "PG:host='db.example.org' dbname=x", "PG:postgresql://localhost/x",
        "PG:postgresql://db.example.org/x?a=b", "PG: postgres://h=x", "PG:host=127.0.0.1x",
        "MySQL:db,host=h", "OAPIF:http://h/", "ODBC:dsn", NULL};
    char *g = NULL;
    gm_error e;
    for (int i = 0; paths[i]; i++) expect_refused(paths[i]);
    /* a PostgreSQL server on this machine is not the network: a Unix socket directory,
     * localhost, the loopback addresses, or libpq's default socket */
    static const char *const local[] = {
        "PG:dbname=x", "PG:", "pg:dbname=x host=/tmp/gm port=5433", "PG:host=localhost dbname=x",
        "PG:host=127.0.0.1 dbname=x", "PG:hostaddr=127.0.0.2", "PG:host=::1 dbname=x",
        "PG:host = '/var/run/postgresql' dbname='a b'", "PG:host=/tmp,localhost dbname=x", NULL};
    for (int i = 0; local[i]; i++) {
        gm_error_clear(&e);
        if (gm_resolve_source(local[i], &g, &e) != GM_OK) fail_msg("refused: %s: %s", local[i], e.msg);
        assert_string_equal(g, local[i]);
        free(g);
        g = NULL;
    }
    /* ... unless the environment names a remote host for a string that names none */
    setenv("PGHOST", "db.example.org", 1);
    expect_refused("PG:dbname=x");
    assert_int_equal(gm_resolve_source("PG:dbname=x host=/tmp", &g, &e), GM_OK);
    free(g);
    g = NULL;
    unsetenv("PGHOST");
    setenv("PGSERVICE", "prod", 1);
    expect_refused("PG:dbname=x");
    unsetenv("PGSERVICE");
    /* PG:CONNECTION:TABLE, and values that hold ':' (IPv6) stay whole */
    static const char *const split[][3] = {
        {"PG:dbname=x host=/tmp:units", "PG:dbname=x host=/tmp", "units"},
        {"PG:dbname=x:gis.units", "PG:dbname=x", "gis.units"},
        {"PG:host=::1 dbname=x", "PG:host=::1 dbname=x", NULL},
        {"PG:host=::1", "PG:host=::1", NULL},
        {"PG:dbname=x password='a:b'", "PG:dbname=x password='a:b'", NULL},
        {"PG:dbname=x host=/tmp/a:b/c", "PG:dbname=x host=/tmp/a:b/c", NULL}};
    for (size_t i = 0; i < sizeof split / sizeof split[0]; i++) {
        char *p = NULL, *l = NULL;
        assert_int_equal(gm_split_path_layer(split[i][0], &p, &l, &e), GM_OK);
        assert_string_equal(p, split[i][1]);
        if (split[i][2]) assert_string_equal(l, split[i][2]);
        else assert_null(l);
        free(p);
        free(l);
    }
    /* a database on this machine is opened: here no server listens, and the error is
     * the connection's, not the network policy's */
    expect_load("PG:host=/nonexistent/gm dbname=x:units", GM_E_IO, GM_HINT_NONE,
                "cannot connect to the database 'PG:host=/nonexistent/gm dbname=x': connection "
                "to server on socket \"/nonexistent/gm/.s.PGSQL.5432\" failed");
    /* local VSI paths stay allowed */
    assert_int_equal(gm_resolve_source("/vsimem/x.geojson", &g, &e), GM_OK);
    free(g);
    /* every open of the engine: layers, CSV files, graphs, ensembles */
    expect_load("/vsicurl/" TRAP "/u.geojson", GM_E_ARG, GM_HINT_ALLOW_NETWORK, NULL);
    gm_results_opts ro;
    static const char *const cols[] = {"D", "R"};
    memset(&ro, 0, sizeof ro);
    ro.district_col = "district";
    ro.party_cols = cols;
    ro.n_parties = 2;
    gm_results *res = NULL;
    assert_int_equal(gm_results_read(TRAP "/r.csv", &ro, &res, &e), GM_E_ARG);
    assert_int_equal(e.hint, GM_HINT_ALLOW_NETWORK);
    gm_graph *gr = NULL;
    assert_int_equal(gm_graph_load("/vsicurl/" TRAP "/g.json", &gr, &e), GM_E_ARG);
    assert_int_equal(e.hint, GM_HINT_ALLOW_NETWORK);
    gm_ens_reader *er = NULL;
    assert_int_equal(gm_ens_open(TRAP "/p.jsonl", GM_ENS_AUTO, 0, &er, &e), GM_E_ARG);
    assert_int_equal(e.hint, GM_HINT_ALLOW_NETWORK);
    /* nothing leaked out of the brackets of those opens */
    assert_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
}

static void test_library_refuses_vrt_naming_network(void **st)
{
    (void)st;
    const char *t = "reads from a network source";
    expect_load(vrt("curl.vrt", "/vsicurl/" TRAP "/u.geojson", false), GM_E_IO,
                GM_HINT_ALLOW_NETWORK, t);
    expect_load(vrt("http.vrt", TRAP "/u.geojson", false), GM_E_IO, GM_HINT_ALLOW_NETWORK, t);
    expect_load(vrt("pg.vrt", "PG:host=db.example.org port=9 dbname=x", false), GM_E_IO,
                GM_HINT_ALLOW_NETWORK, t);
    expect_load(vrt("wfs.vrt", "WFS:" TRAP "/wfs", false), GM_E_IO, GM_HINT_ALLOW_NETWORK, t);
    /* a VRT naming a VRT (relative to it) naming a server */
    vrt("inner.vrt", "PG:host=db.example.org port=9 dbname=x", false);
    expect_load(vrt("outer.vrt", "inner.vrt", true), GM_E_IO, GM_HINT_ALLOW_NETWORK, t);
    /* ... also under another name, behind a long comment */
    char hidden[3000];
    snprintf(hidden, sizeof hidden,
             "\xEF\xBB\xBF\n<!-- %02000d -->\n<OGRVRTDataSource><OGRVRTLayer name=\"u\">"
             "<SrcDataSource>MySQL:db,host=127.0.0.1,port=9</SrcDataSource></OGRVRTLayer>"
             "</OGRVRTDataSource>\n",
             0);
    tu_write_tmp("inner.xml", hidden);
    expect_load(vrt("outer2.vrt", "inner.xml", true), GM_E_IO, GM_HINT_ALLOW_NETWORK, t);
    /* a VRT whose local source is missing fails when read, naming what was read */
    expect_load(vrt("missing.vrt", "/nonexistent/gm/u.geojson", false), GM_E_IO, GM_HINT_NONE,
                "layer 'u': reading stopped after 0 features");
    /* a VRT over a local file still opens */
    const char *gj = tu_write_tmp(
        "u.geojson",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
        "{\"POP\":3},\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}]}");
    expect_load(vrt("local.vrt", gj, false), GM_OK, GM_HINT_NONE, NULL);
    assert_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    assert_null(CPLGetConfigOption("GDAL_HTTP_PROXY", NULL));
}

static void *read_option(void *arg)
{
    (void)arg;
    return (void *)CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL);
}

/* The layer under the VRT scan: inside the engine's bracket GDAL itself refuses remote
 * files named inside a local file, and HTTP fetches fail without a request; other
 * threads and the code after the bracket are untouched. */
static void test_bracket_is_thread_local(void **st)
{
    (void)st;
    const char *v = vrt("bracket.vrt", "/vsicurl/" TRAP "/u.geojson", false);
    gmi_gdal_enter();
    gmi_gdal_enter(); /* nests */
    assert_non_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    assert_non_null(CPLGetConfigOption("GDAL_HTTP_PROXY", NULL));
    pthread_t th;
    void *other = (void *)1;
    assert_int_equal(pthread_create(&th, NULL, read_option, NULL), 0);
    pthread_join(th, &other);
    assert_null(other);
    CPLHTTPResult *r = CPLHTTPFetch(TRAP "/never", NULL);
    assert_non_null(r);
    assert_int_not_equal(r->nStatus, 0);
    assert_non_null(strstr(r->pszErrBuf, "network access is disabled"));
    CPLHTTPDestroyResult(r);
    /* opened straight through GDAL (no scan): the source cannot be read */
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(v, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (ds) {
        OGRFeatureH f = OGR_L_GetNextFeature(GDALDatasetGetLayer(ds, 0));
        assert_null(f);
        assert_true(CPLGetLastErrorType() >= CE_Failure);
        GDALClose(ds);
    }
    /* server drivers are not offered to an open */
    char **drv = gmi_gdal_allowed_drivers();
    assert_true(CSLFindString(drv, "GeoJSON") >= 0);
    assert_true(CSLFindString(drv, "WFS") < 0);
    assert_true(CSLFindString(drv, "PostgreSQL") < 0);
    CSLDestroy(drv);
    gmi_gdal_leave();
    assert_non_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    gmi_gdal_leave();
    assert_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    assert_null(CPLGetConfigOption("GDAL_HTTP_PROXY", NULL));
    /* a value the caller set on this thread comes back after the bracket */
    CPLSetThreadLocalConfigOption("GDAL_HTTP_TIMEOUT", "7");
    gmi_gdal_enter();
    assert_string_equal(CPLGetConfigOption("GDAL_HTTP_TIMEOUT", ""), "1");
    gmi_gdal_leave();
    assert_string_equal(CPLGetConfigOption("GDAL_HTTP_TIMEOUT", ""), "7");
    CPLSetThreadLocalConfigOption("GDAL_HTTP_TIMEOUT", NULL);
}

static void test_library_allow_network(void **st)
{
    (void)st;
    char *g = NULL;
    gm_error e;
    gm_set_allow_network(true);
    assert_int_equal(gm_resolve_source("/vsicurl/http://h/u.gpkg", &g, &e), GM_OK);
    free(g);
    char **drv = gmi_gdal_allowed_drivers();
    assert_null(drv); /* every driver */
    gmi_gdal_enter();
    assert_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    gmi_gdal_leave();
    gm_set_allow_network(false);
    expect_refused("/vsicurl/http://h/u.gpkg");
    assert_non_null(GDALGetDriverByName("WFS")); /* never touched without the lock-down */
}

/* ---- the CLI: gm_init_ex(GM_INIT_NETWORK_LOCKDOWN) --------------------------------- */

static void test_lockdown_toggles_policy(void **st)
{
    (void)st;
    gm_error e;
    char *g = NULL;
    /* off (the default): server drivers are gone, curl file systems refuse every path,
     * HTTP fetches fail without a request, for every thread */
    assert_false(gm_get_allow_network());
    assert_null(GDALGetDriverByName("WFS"));
    assert_null(GDALGetDriverByName("HTTP"));
    /* ... but PostgreSQL: a database on this machine is read without the network; its
     * connection strings are checked where they are opened and inside VRTs */
    assert_non_null(GDALGetDriverByName("PostgreSQL"));
    expect_refused("PG:host=db.example.org dbname=x");
    expect_load("PG:host=/nonexistent/gm port=7 dbname=x", GM_E_IO, GM_HINT_NONE,
                "connection to server on socket \"/nonexistent/gm/.s.PGSQL.7\" failed");
    assert_non_null(GDALGetDriverByName("GeoJSON"));
    assert_non_null(CPLGetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME", NULL));
    CPLHTTPResult *r = CPLHTTPFetch(TRAP "/never", NULL);
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
    const struct CMUnitTest library[] = {
        cmocka_unit_test(test_init_changes_nothing_process_wide),
        cmocka_unit_test(test_library_refuses_network_paths),
        cmocka_unit_test(test_library_refuses_vrt_naming_network),
        cmocka_unit_test(test_bracket_is_thread_local),
        cmocka_unit_test(test_library_allow_network),
    };
    const struct CMUnitTest cli[] = {
        cmocka_unit_test(test_lockdown_toggles_policy),
    };
    gm_init();
    int rc = cmocka_run_group_tests(library, NULL, NULL);
    gm_init_ex(GM_INIT_QUIET_GDAL | GM_INIT_NETWORK_LOCKDOWN);
    rc |= cmocka_run_group_tests(cli, NULL, NULL);
    gm_shutdown();
    /* the lock-down is undone: options cleared, drivers registered again */
    if (CPLGetConfigOption("GDAL_HTTP_PROXY", NULL) || !GDALGetDriverByName("WFS")) {
        fprintf(stderr, "gm_shutdown() did not undo the lock-down\n");
        rc |= 1;
    }
    GDALDestroyDriverManager();
    return rc;
}
