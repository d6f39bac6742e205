/* init.c: set-up (GDAL drivers), the network policy (scoped per thread, or process-wide
 * on request), the engine's GDAL bracket and versions. */
#include "gerrymeter/gm_core.h"
#include "core/gdal_env.h"
#include "core/lazy.h"

#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>
#include <geos_c.h>
#include <proj.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef GM_VERSION_STRING
#define GM_VERSION_STRING GM_VERSION
#endif

/* Set by gm_init_ex()/gm_set_allow_network() on one thread before others start. */
static bool g_inited;
static unsigned g_flags;        /* GM_INIT_* in force */
static bool g_allow_network;    /* the policy every open reads */
static CPLErrorHandler g_prev_handler; /* restored by gm_shutdown() (GM_INIT_QUIET_GDAL) */

const char *gm_version(void) { return GM_VERSION_STRING; }

static char g_deps[160];
static pthread_once_t g_deps_once = PTHREAD_ONCE_INIT;

static void deps_fill(void)
{
    PJ_INFO pi = proj_info();
    snprintf(g_deps, sizeof g_deps, "GDAL %s, GEOS %s, PROJ %s", GDALVersionInfo("RELEASE_NAME"),
             GEOS_VERSION, pi.version);
}

const char *gm_deps_version(void)
{
    pthread_once(&g_deps_once, deps_fill);
    return g_deps;
}

/* Drivers that talk to servers (web services, databases) or run other programs
 * instead of reading a local file. A local file can name them (an OGR VRT's
 * SrcDataSource "WFS:http://...", "PG:host=..."; a WFS service description), so a path
 * check is not enough: they are left out of the drivers an engine open may use and,
 * under the process-wide lock-down, taken out of GDAL's driver manager. */
static const char *const net_drivers[] = {
    "WFS", "OAPIF", "OGCAPI", "CSW", "WMS", "WMTS", "WCS", "HTTP", "EEDA", "EEDAI", "DAAS",
    "PLSCENES", "PLMOSAIC", "NGW", "Carto", "AmigoCloud", "Elasticsearch", "CouchDB",
    "PostgreSQL", "PostGISRaster", "MySQL", "ODBC", "PGeo", "MSSQLSpatial", "OCI", "HANA",
    "MongoDBv3", "OGR_OGDI", "GMLAS", "STACIT", "KMLSUPEROVERLAY", "GPSBabel", NULL};

bool gmi_driver_is_network(const char *short_name)
{
    if (!short_name) return false;
    for (int i = 0; net_drivers[i]; i++)
        if (strcasecmp(short_name, net_drivers[i]) == 0) return true;
    return false;
}

char **gmi_gdal_allowed_drivers(void)
{
    if (g_allow_network) return NULL;
    char **list = NULL;
    int n = GDALGetDriverCount();
    for (int i = 0; i < n; i++) {
        const char *name = GDALGetDriverShortName(GDALGetDriver(i));
        if (name && !gmi_driver_is_network(name)) list = CSLAddString(list, name);
    }
    /* an empty list would mean "any driver" to GDALOpenEx: keep one that opens nothing */
    if (!list) list = CSLAddString(list, "gerrymeter-no-driver");
    return list;
}

/* Refuse every CPLHTTPFetch() (used by the web-service drivers, the GeoJSON driver for
 * URLs and GML schema downloads): an error result, never a request. */
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
    r->pszErrBuf = CPLStrdup(
        CPLSPrintf("network access is disabled (%.200s)", url ? url : "?"));
    return r;
}

/* Config options that keep GDAL off the network. CPL_VSIL_CURL_ALLOWED_FILENAME set to
 * a name no path can have makes every /vsicurl/-family file system (/vsis3/, /vsigs/,
 * ...) refuse to open anything, including paths named inside files (VRT, links in a
 * zip); the unreachable proxy catches anything else that calls curl (alone it is not
 * enough: libcurl skips it for hosts in no_proxy); GML schemas are not fetched. */
#define N_NET_OPTS 6
static const char *const net_opt_key[N_NET_OPTS] = {
    "CPL_VSIL_CURL_ALLOWED_FILENAME", "GDAL_HTTP_PROXY", "GDAL_HTTP_TIMEOUT",
    "GDAL_HTTP_MAX_RETRY", "GML_DOWNLOAD_WFS_SCHEMA", "GML_SKIP_RESOLVE_ELEMS"};
static const char *const net_opt_val[N_NET_OPTS] = {
    "gerrymeter: network access disabled", "127.0.0.1:9", "1", "0", "NO", "ALL"};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* ---- the per-thread bracket ------------------------------------------------------- */

typedef struct scope_state {
    unsigned depth;              /* nesting of gmi_gdal_enter() */
    bool net_off;                /* the outermost enter applied the network options */
    char *saved[N_NET_OPTS];     /* thread-local values they replaced (NULL: none) */
} scope_state;

static _Thread_local scope_state t_scope;

void gmi_gdal_enter(void)
{
    scope_state *s = &t_scope;
    if (s->depth++ > 0) return;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    s->net_off = !g_allow_network;
    if (!s->net_off) return;
    for (int i = 0; i < N_NET_OPTS; i++) {
        s->saved[i] = dup_or_null(CPLGetThreadLocalConfigOption(net_opt_key[i], NULL));
        CPLSetThreadLocalConfigOption(net_opt_key[i], net_opt_val[i]);
    }
    CPLHTTPPushFetchCallback(refuse_fetch, NULL);
}

void gmi_gdal_leave(void)
{
    scope_state *s = &t_scope;
    if (s->depth == 0 || --s->depth > 0) return;
    if (s->net_off) {
        CPLHTTPPopFetchCallback();
        for (int i = 0; i < N_NET_OPTS; i++) {
            CPLSetThreadLocalConfigOption(net_opt_key[i], s->saved[i]);
            free(s->saved[i]);
            s->saved[i] = NULL;
        }
        s->net_off = false;
    }
    CPLPopErrorHandler();
}

/* ---- the process-wide lock-down (GM_INIT_NETWORK_LOCKDOWN) ------------------------ */

#define GM_MAX_NET_DRIVERS 40
static GDALDriverH g_parked[GM_MAX_NET_DRIVERS]; /* deregistered, re-registered on allow */
static size_t g_n_parked;
static bool g_locked;                            /* the lock-down is applied */
static char *g_saved_opt[N_NET_OPTS];            /* process values it replaced */
static int g_saved_proj_net;

/* Network file systems and remote-fetching drivers are refused for the whole process,
 * on top of the per-open checks: the config options above set globally, an HTTP fetch
 * callback for every thread, server drivers deregistered, and PROJ may not download
 * grids. */
static void lockdown(bool on)
{
    if (on == g_locked) return;
    if (on) {
        for (int i = 0; i < N_NET_OPTS; i++) {
            g_saved_opt[i] = dup_or_null(CPLGetConfigOption(net_opt_key[i], NULL));
            CPLSetConfigOption(net_opt_key[i], net_opt_val[i]);
        }
        CPLHTTPSetFetchCallback(refuse_fetch, NULL);
        g_saved_proj_net = OSRGetPROJEnableNetwork();
        OSRSetPROJEnableNetwork(0);
        for (int i = 0; net_drivers[i] && g_n_parked < GM_MAX_NET_DRIVERS; i++) {
            /* PostgreSQL stays: a database on this machine may be read without the
             * network (io/path.c gmi_pg_is_local). Its connection strings are checked
             * where they are opened (gm_resolve_source) and inside VRTs (the VRT scan),
             * and no other open is offered it (gmi_gdal_allowed_drivers). */
            if (!strcasecmp(net_drivers[i], "PostgreSQL")) continue;
            GDALDriverH d = GDALGetDriverByName(net_drivers[i]);
            if (!d) continue;
            GDALDeregisterDriver(d);
            g_parked[g_n_parked++] = d;
        }
    } else {
        for (int i = 0; i < N_NET_OPTS; i++) {
            CPLSetConfigOption(net_opt_key[i], g_saved_opt[i]);
            free(g_saved_opt[i]);
            g_saved_opt[i] = NULL;
        }
        CPLHTTPSetFetchCallback(NULL, NULL);
        OSRSetPROJEnableNetwork(g_saved_proj_net);
        for (size_t i = 0; i < g_n_parked; i++) GDALRegisterDriver(g_parked[i]);
        g_n_parked = 0;
    }
    g_locked = on;
}

void gm_init(void) { gm_init_ex(0); }

/* The GDAL part of gm_init_ex(): drivers, then the flags not yet applied. With GDAL
 * loaded on first use (core/lazy_libs.c) it runs when GDAL is loaded, not before. */
static void gdal_setup(unsigned add, bool drivers)
{
    if (drivers) GDALAllRegister();
    if (add & GM_INIT_QUIET_GDAL) g_prev_handler = CPLSetErrorHandler(CPLQuietErrorHandler);
    if (add & GM_INIT_NETWORK_LOCKDOWN) lockdown(!g_allow_network);
}

static void gdal_loaded(void)
{
    if (g_inited) gdal_setup(g_flags, true);
}

void gm_init_ex(unsigned flags)
{
    bool first = !g_inited;
    unsigned add = flags & ~g_flags;
    g_inited = true;
    g_flags |= flags;
    gmi_lazy_on_gdal(gdal_loaded);
    if (gmi_lazy_gdal_loaded()) gdal_setup(add, first);
}

void gm_shutdown(void)
{
    if (!g_inited) return;
    if (gmi_lazy_gdal_loaded()) {
        lockdown(false); /* parked drivers go back, so that the driver manager frees them */
        if (g_flags & GM_INIT_QUIET_GDAL) CPLSetErrorHandler(g_prev_handler);
        if (g_flags & GM_INIT_OWN_GDAL) GDALDestroyDriverManager();
    }
    g_prev_handler = NULL;
    g_flags = 0;
    g_inited = false;
}

void gm_set_allow_network(bool allow)
{
    g_allow_network = allow;
    if ((g_flags & GM_INIT_NETWORK_LOCKDOWN) && gmi_lazy_gdal_loaded()) lockdown(!allow);
}

bool gm_get_allow_network(void) { return g_allow_network; }
