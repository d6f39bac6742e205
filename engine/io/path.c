/* path.c: user paths -> GDAL paths (zip, layer suffix, network policy). */
#include "gerrymeter/gm_io.h"
#include "io/path.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* GDAL virtual file systems that fetch over the network. GDAL matches these prefixes
 * case-sensitively, and they may appear nested inside another one
 * ("/vsizip//vsis3/bucket/x.zip"), so any occurrence counts. */
static const char *const net_vsi[] = {"/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls",
                                      "/vsioss", "/vsiswift", "/vsiwebhdfs", "/vsihdfs", NULL};

/* Connection strings of drivers that talk to servers instead of reading a file. */
static const char *const net_conn[] = {"PG:", "PGEO:", "MySQL:", "ODBC:", "MSSQL:", "OCI:",
                                       "WFS:", "WMS:", "WMTS:", "OAPIF:", "CSW:", "ES:",
                                       "CouchDB:", "Carto:", "NGW:", "EEDA:", "PLScenes:",
                                       "AmigoCloud:", "MongoDBv3:", "HANA:", "DAAS:", NULL};

/* True when opening p could reach the network, refused unless allowed. */
bool gmi_path_is_network(const char *p)
{
    for (int i = 0; net_vsi[i]; i++)
        if (strstr(p, net_vsi[i])) return true;
    for (int i = 0; net_conn[i]; i++)
        if (strncasecmp(p, net_conn[i], strlen(net_conn[i])) == 0) return true;
    /* any URL scheme: http://, https://, ftp://, s3://, gs://, file:// inside a VSI path */
    return strstr(p, "://") != NULL;
}

gm_status gmi_path_check_local(const char *path, gm_error *err)
{
    if (!path || !gmi_path_is_network(path)) return GM_OK;
    if (!gm_get_allow_network())
        return gm_fail_hint(err, GM_E_ARG, GM_HINT_ALLOW_NETWORK,
                            "'%s' is a network location, and network access is not allowed",
                            path);
    return gm_fail(err, GM_E_ARG, "'%s' is a network location; this file must be local", path);
}

gm_status gm_split_path_layer(const char *arg, char **path, char **layer, gm_error *err)
{
    *path = NULL;
    *layer = NULL;
    const char *colon = strrchr(arg, ':');
    /* "PATH:LAYER" only when PATH exists and the part after ':' is not a path piece
     * (drive letters, URLs and existing files with ':' in the name stay whole). */
    if (colon && colon != arg && !exists(arg) && colon[1] && !strchr(colon + 1, '/')) {
        size_t n = (size_t)(colon - arg);
        char *p = malloc(n + 1);
        if (!p) return gm_fail(err, GM_E_NOMEM, "out of memory");
        memcpy(p, arg, n);
        p[n] = '\0';
        if (exists(p)) {
            *path = p;
            *layer = strdup(colon + 1);
            if (!*layer) {
                free(p);
                *path = NULL;
                return gm_fail(err, GM_E_NOMEM, "out of memory");
            }
            return GM_OK;
        }
        free(p);
    }
    *path = strdup(arg);
    return *path ? GM_OK : gm_fail(err, GM_E_NOMEM, "out of memory");
}

gm_status gm_resolve_source(const char *path, char **gdal_path, gm_error *err)
{
    *gdal_path = NULL;
    if (!path || !*path) return gm_fail(err, GM_E_ARG, "empty path");
    if (gmi_path_is_network(path) && !gm_get_allow_network())
        return gm_fail_hint(err, GM_E_ARG, GM_HINT_ALLOW_NETWORK,
                            "'%s' is a network location, and network access is not allowed",
                            path);
    if (strncmp(path, "/vsi", 4) == 0) {
        *gdal_path = strdup(path);
        return *gdal_path ? GM_OK : gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    if (!exists(path)) return gm_fail(err, GM_E_IO, "'%s': no such file or directory", path);
    if (has_suffix(path, ".zip")) {
        char absbuf[PATH_MAX];
        const char *abs = realpath(path, absbuf) ? absbuf : path;
        /* Braces keep GDAL from splitting a path that itself contains ".zip". */
        size_t n = strlen(abs) + 16;
        char *s = malloc(n);
        if (!s) return gm_fail(err, GM_E_NOMEM, "out of memory");
        strcpy(s, "/vsizip/{");
        strcat(s, abs);
        strcat(s, "}");
        *gdal_path = s;
        return GM_OK;
    }
    *gdal_path = strdup(path);
    return *gdal_path ? GM_OK : gm_fail(err, GM_E_NOMEM, "out of memory");
}
