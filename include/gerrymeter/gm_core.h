/* gm_core.h: status codes, the error record, version and the per-thread context.
 *
 * Every fallible engine function returns a gm_status and, on failure, fills a
 * caller-supplied gm_error with one line that names the input that failed (file,
 * feature, row, district) and what to do about it. The engine never prints and
 * never exits: the CLI decides what to show. */
#ifndef GM_CORE_H
#define GM_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GM_VERSION "0.1.0"

/* Status codes. GM_OK is 0; everything else is a failure. */
typedef enum gm_status {
    GM_OK = 0,
    GM_E_NOMEM,   /* allocation failed */
    GM_E_IO,      /* file missing, unreadable or unwritable */
    GM_E_FORMAT,  /* input readable but not what was expected (bad row, bad field) */
    GM_E_FIELD,   /* a named field/column does not exist */
    GM_E_DATA,    /* values invalid: negative/NaN votes, duplicate ids, unassigned unit */
    GM_E_CRS,     /* coordinate reference system missing or unusable */
    GM_E_GEOM,    /* geometry invalid or a geometry operation failed */
    GM_E_ARG,     /* a caller-supplied argument is invalid */
    GM_E_INTERRUPTED /* stopped by a signal; no output was written */
} gm_status;

/* The error record: code plus a one-line message (no trailing newline). */
typedef struct gm_error {
    gm_status code;  /* GM_OK when no error has been recorded */
    char msg[1024];  /* human-readable, names the file/row/feature and the fix */
} gm_error;

/* Short name of a status ("io", "format", ...). Static string. */
const char *gm_status_str(gm_status s);

/* Record an error (printf-style) and return its code. err may be NULL. */
gm_status gm_fail(gm_error *err, gm_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Reset an error record to GM_OK / "". err may be NULL. */
void gm_error_clear(gm_error *err);

/* Library version string, equal to GM_VERSION of the headers it was built with. */
const char *gm_version(void);

/* Versions of the libraries linked in: "GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1". Static buffer. */
const char *gm_deps_version(void);

/* Process-wide setup: registers GDAL drivers, silences GDAL's own printing (its
 * messages reach the caller through gm_error) and applies the network policy. Call
 * once from the main thread before any other gm_ function that reads files;
 * gm_shutdown() at exit. Idempotent. */
void gm_init(void);
void gm_shutdown(void);

/* When false (the default), nothing reaches the network: network paths (/vsicurl/,
 * /vsis3/, http(s)://, database connection strings) are refused with GM_E_ARG, the
 * curl-based file systems refuse paths named inside files (VRT), GDAL's HTTP fetches
 * fail, server drivers (WFS, WMS, PostgreSQL, ...) are unregistered and PROJ does not
 * download grids. May be called before or after gm_init(). */
void gm_set_allow_network(bool allow);
bool gm_get_allow_network(void);

#ifdef __cplusplus
}
#endif
#endif /* GM_CORE_H */
