/* init.c: process-wide setup (GDAL drivers, network policy) and versions. */
#include "gerrymeter/gm_core.h"

#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>
#include <geos_c.h>
#include <proj.h>
#include <stdio.h>

#ifndef GM_VERSION_STRING
#define GM_VERSION_STRING GM_VERSION
#endif

static bool g_inited;          /* set once by gm_init(), main thread only */
static bool g_allow_network;   /* policy read by gm_resolve_source() */

const char *gm_version(void) { return GM_VERSION_STRING; }

const char *gm_deps_version(void)
{
    static char buf[160];
    PJ_INFO pi = proj_info();
    snprintf(buf, sizeof buf, "GDAL %s, GEOS %s, PROJ %s", GDALVersionInfo("RELEASE_NAME"),
             GEOS_VERSION, pi.version);
    return buf;
}

/* Drivers that talk to servers (web services, databases) or run other programs
 * instead of reading a local file. A local file can name them (an OGR VRT's
 * SrcDataSource "WFS:http://...", "PG:host=..."), so a path check is not enough:
 * while the network is off they are taken out of GDAL's driver manager. */
static const char *const net_drivers[] = {
    "WFS", "OAPIF", "OGCAPI", "CSW", "WMS", "WMTS", "WCS", "HTTP", "EEDA", "EEDAI", "DAAS",
    "PLSCENES", "PLMOSAIC", "NGW", "Carto", "AmigoCloud", "Elasticsearch", "CouchDB",
    "PostgreSQL", "PostGISRaster", "MySQL", "ODBC", "PGeo", "MSSQLSpatial", "OCI", "HANA",
    "MongoDBv3", "OGR_OGDI", "GMLAS", "STACIT", "KMLSUPEROVERLAY", "GPSBabel", NULL};
#define GM_MAX_NET_DRIVERS 40
static GDALDriverH g_parked[GM_MAX_NET_DRIVERS]; /* deregistered, re-registered on allow */
static size_t g_n_parked;

/* Refuse every CPLHTTPFetch() (used by the web-service drivers and by GML schema
 * downloads): an error result, never a request. */
static CPLHTTPResult *refuse_fetch(const char *url, CSLConstList opts, GDALProgressFunc prog,
                                   void *prog_arg, CPLHTTPFetchWriteFunc wr, void *wr_arg,
                                   void *ud)
{
    (void)opts;
    (void)prog;
    (void)prog_arg;
    (void)wr;
    (void)wr_arg;
    (void)ud;
    CPLHTTPResult *r = CPLCalloc(1, sizeof *r);
    r->nStatus = 1;
    r->pszErrBuf = CPLStrdup(CPLSPrintf("network access is disabled (%.200s); pass --allow-network",
                                        url ? url : "?"));
    return r;
}

/* Network file systems and remote-fetching drivers are refused by default. Layers:
 *  1. gm_resolve_source() refuses network paths given directly (path.c);
 *  2. CPL_VSIL_CURL_ALLOWED_FILENAME set to a name no path can have makes every
 *     /vsicurl/-family file system (/vsis3/, /vsigs/, ...) refuse to open anything,
 *     including paths named inside files (VRT, shapefile-in-zip links);
 *  3. an HTTP fetch callback answers every CPLHTTPFetch() with an error;
 *  4. server drivers are deregistered (databases, web services);
 *  5. an unreachable proxy catches anything that still calls curl, and PROJ may not
 *     download grids. (The proxy alone is not enough: libcurl skips it for hosts in
 *     the no_proxy environment variable.) */
static void apply_network_policy(void)
{
    bool off = !g_allow_network;
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_FILENAME",
                       off ? "gerrymeter: network access disabled" : NULL);
    CPLSetConfigOption("GDAL_HTTP_PROXY", off ? "127.0.0.1:9" : NULL);
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", off ? "1" : NULL);
    CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", off ? "0" : NULL);
    CPLSetConfigOption("GML_DOWNLOAD_WFS_SCHEMA", off ? "NO" : NULL);
    CPLSetConfigOption("GML_SKIP_RESOLVE_ELEMS", off ? "ALL" : NULL);
    CPLHTTPSetFetchCallback(off ? refuse_fetch : NULL, NULL);
    OSRSetPROJEnableNetwork(off ? 0 : 1);
    if (!g_inited) return;
    if (off) {
        for (int i = 0; net_drivers[i] && g_n_parked < GM_MAX_NET_DRIVERS; i++) {
            GDALDriverH d = GDALGetDriverByName(net_drivers[i]);
            if (!d) continue;
            GDALDeregisterDriver(d);
            g_parked[g_n_parked++] = d;
        }
    } else {
        for (size_t i = 0; i < g_n_parked; i++) GDALRegisterDriver(g_parked[i]);
        g_n_parked = 0;
    }
}

void gm_init(void)
{
    if (g_inited) return;
    GDALAllRegister();
    /* The engine never prints: GDAL's messages are read back with CPLGetLastErrorMsg()
     * where a call fails and become the gm_error text. */
    CPLSetErrorHandler(CPLQuietErrorHandler);
    g_inited = true;
    apply_network_policy();
}

void gm_shutdown(void)
{
    if (!g_inited) return;
    /* parked drivers go back so that the driver manager frees them */
    for (size_t i = 0; i < g_n_parked; i++) GDALRegisterDriver(g_parked[i]);
    g_n_parked = 0;
    GDALDestroyDriverManager();
    g_inited = false;
}

void gm_set_allow_network(bool allow)
{
    g_allow_network = allow;
    if (g_inited) apply_network_policy();
}

bool gm_get_allow_network(void) { return g_allow_network; }
