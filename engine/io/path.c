/* path.c: user paths -> GDAL paths (zip, layer suffix, network policy). */
#include "gerrymeter/gm_io.h"
#include "io/path.h"

#include <arpa/inet.h>
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

/* ---- PostgreSQL connection strings ----------------------------------------------- */

bool gmi_path_is_pg(const char *p) { return p && strncasecmp(p, "PG:", 3) == 0; }

/* The next "keyword = value" pair of a libpq connection string from *s (libpq's rules:
 * blanks around '=', a value in single quotes or up to the next blank, a backslash
 * escapes the next character). The key and the unquoted value go into key and val
 * (truncated to their caps). False at the end, or for text that is no such pair. */
static bool conninfo_next(const char **s, char *key, size_t kcap, char *val, size_t vcap)
{
    const char *q = *s;
    while (isspace((unsigned char)*q)) q++;
    if (!*q) return false;
    size_t n = 0;
    while (*q && *q != '=' && !isspace((unsigned char)*q)) {
        if (n + 1 < kcap) key[n++] = *q;
        q++;
    }
    key[n] = '\0';
    while (isspace((unsigned char)*q)) q++;
    if (*q != '=' || n == 0) return false;
    q++;
    while (isspace((unsigned char)*q)) q++;
    n = 0;
    bool quoted = *q == '\'';
    if (quoted) q++;
    while (*q && (quoted ? *q != '\'' : !isspace((unsigned char)*q))) {
        if (*q == '\\' && q[1]) q++;
        if (n + 1 < vcap) val[n++] = *q;
        q++;
    }
    val[n] = '\0';
    if (quoted) {
        if (*q != '\'') return false; /* an unclosed quote */
        q++;
    }
    *s = q;
    return true;
}

/* One host of a host or hostaddr list: on this machine when it is empty (libpq's
 * default socket), a Unix socket directory ('/...', or '@...' an abstract socket),
 * "localhost", or a loopback address (127.0.0.0/8, ::1). */
static bool local_host(const char *h, size_t n)
{
    char b[INET6_ADDRSTRLEN + 8];
    if (n == 0 || h[0] == '/' || h[0] == '@') return true;
    if (n >= sizeof b) return false;
    memcpy(b, h, n);
    b[n] = '\0';
    if (!strcasecmp(b, "localhost")) return true;
    unsigned char a[16];
    if (inet_pton(AF_INET, b, a) == 1) return a[0] == 127;
    static const unsigned char one[16] = {[15] = 1};
    return inet_pton(AF_INET6, b, a) == 1 && memcmp(a, one, 16) == 0;
}

/* Every host of a comma-separated list is on this machine. */
static bool local_hosts(const char *list)
{
    for (const char *h = list;; h++) {
        const char *e = strchr(h, ',');
        size_t n = e ? (size_t)(e - h) : strlen(h);
        if (!local_host(h, n)) return false;
        if (!e) return true;
        h = e;
    }
}

bool gmi_pg_is_local(const char *conn)
{
    if (!gmi_path_is_pg(conn)) return false;
    const char *s = conn + 3;
    while (isspace((unsigned char)*s)) s++;
    /* libpq reads any string that starts so as a URI, whatever follows (the fuzzer found
     * "postgresql://...=x", which also parses as a keyword and a value) */
    if (!strncasecmp(s, "postgresql://", 13) || !strncasecmp(s, "postgres://", 11)) return false;
    char key[64], val[1024];
    bool host = false, hostaddr = false;
    while (*s) {
        const char *before = s;
        if (!conninfo_next(&s, key, sizeof key, val, sizeof val)) {
            while (isspace((unsigned char)*before)) before++;
            if (*before) return false; /* a URI or broken text: not known to be local */
            break;
        }
        if (!strcasecmp(key, "service")) return false; /* its host is in a service file */
        if (!strcasecmp(key, "host")) host = true;
        if (!strcasecmp(key, "hostaddr")) hostaddr = true;
        if ((!strcasecmp(key, "host") || !strcasecmp(key, "hostaddr")) && !local_hosts(val))
            return false;
    }
    /* what libpq takes from the environment when the string does not say */
    const char *e;
    if (!host && !hostaddr && (e = getenv("PGSERVICE")) && *e) return false;
    if (!host && (e = getenv("PGHOST")) && !local_hosts(e)) return false;
    if (!hostaddr && (e = getenv("PGHOSTADDR")) && !local_hosts(e)) return false;
    return true;
}

/* True when opening p could reach the network, refused unless allowed. A PostgreSQL
 * server on this machine (a Unix socket, the loopback address) is not the network. */
bool gmi_path_is_network(const char *p)
{
    for (int i = 0; net_vsi[i]; i++)
        if (strstr(p, net_vsi[i])) return true;
    if (gmi_path_is_pg(p)) return !gmi_pg_is_local(p);
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

/* A table name after a connection string's last ':': a letter, '_' or '"' first (a
 * port or the end of an IPv6 address starts with a digit), then no blank, '=', quote,
 * '/' or '\\' (which end or quote a connection value). */
static bool pg_table_like(const char *t)
{
    if (!(isalpha((unsigned char)*t) || *t == '_' || *t == '"')) return false;
    for (; *t; t++)
        if (isspace((unsigned char)*t) || strchr("='/\\", *t)) return false;
    return true;
}

/* "PG:CONNECTION:TABLE" (TABLE may be SCHEMA.TABLE). */
static gm_status split_pg(const char *arg, char **path, char **layer, gm_error *err)
{
    const char *colon = strrchr(arg + 3, ':');
    size_t n = colon && pg_table_like(colon + 1) ? (size_t)(colon - arg) : strlen(arg);
    *path = strndup(arg, n);
    if (*path && n < strlen(arg)) *layer = strdup(arg + n + 1);
    if (!*path || (n < strlen(arg) && !*layer)) {
        free(*path);
        *path = NULL;
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    return GM_OK;
}

gm_status gm_split_path_layer(const char *arg, char **path, char **layer, gm_error *err)
{
    *path = NULL;
    *layer = NULL;
    if (gmi_path_is_pg(arg)) return split_pg(arg, path, layer, err);
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
    if (strncmp(path, "/vsi", 4) == 0 || gmi_path_is_pg(path)) {
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
