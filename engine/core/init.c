/* init.c: process-wide setup (GDAL drivers, network policy) and versions. */
#include "gerrymeter/gm_core.h"

#include <gdal.h>
#include <cpl_conv.h>
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

/* Network file systems are refused by default: GDAL would otherwise fetch remote
 * content for /vsicurl/ paths and for drivers that follow URLs inside files. */
static void apply_network_policy(void)
{
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", g_allow_network ? NULL : "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", g_allow_network ? NULL : ".gm-no-network");
    CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", NULL);
    CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", NULL);
    CPLSetConfigOption("GDAL_HTTP_PROXY", g_allow_network ? NULL : "127.0.0.1:9");
}

void gm_init(void)
{
    if (g_inited) return;
    GDALAllRegister();
    apply_network_policy();
    g_inited = true;
}

void gm_shutdown(void)
{
    if (!g_inited) return;
    GDALDestroyDriverManager();
    g_inited = false;
}

void gm_set_allow_network(bool allow)
{
    g_allow_network = allow;
    if (g_inited) apply_network_policy();
}

bool gm_get_allow_network(void) { return g_allow_network; }
