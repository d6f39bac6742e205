/* path.c: user paths -> GDAL paths (zip, layer suffix, network policy). */
#include "gerrymeter/gm_units.h"

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

/* Prefixes GDAL resolves over the network, refused unless allowed. */
static bool is_network(const char *p)
{
    static const char *const pre[] = {"/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls",
                                      "/vsioss", "/vsiswift", "/vsiwebhdfs", "/vsihdfs",
                                      "http://", "https://", "ftp://", "s3://", "gs://", NULL};
    for (int i = 0; pre[i]; i++)
        if (strncasecmp(p, pre[i], strlen(pre[i])) == 0) return true;
    /* a /vsizip/ or /vsigzip/ wrapping a remote file */
    return strstr(p, "/vsicurl") != NULL || strstr(p, "://") != NULL;
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
    if (is_network(path) && !gm_get_allow_network())
        return gm_fail(err, GM_E_ARG,
                       "'%s' is a network location; gerrymeter reads only local files unless "
                       "--allow-network is given",
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
