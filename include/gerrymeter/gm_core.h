/* gm_core.h: status codes, the error record and its hint, version, set-up, the
 * export macros and the threading contract.
 *
 * Every fallible engine function returns a gm_status and, on failure, fills a
 * caller-supplied gm_error with one line that names the input that failed (file,
 * feature, row, district), the condition, and a fix in the library's own terms; the
 * error's hint says which input the caller can change, so a front end can name its
 * own option for it (the gerrymeter CLI appends "; pass it with --crs"). The engine
 * never prints and never exits: the caller decides what to show.
 *
 * Threads. What may run on which thread:
 *  - gm_init()/gm_init_ex(), gm_set_allow_network() and gm_set_tmp_hooks(): on one
 *    thread, before other threads call into the library; gm_shutdown() after they
 *    have stopped.
 *  - Every function that takes only its own arguments may run on any thread at the
 *    same time as others (loading units, reading results, plans or ensembles, scoring,
 *    compactness of a layer or of WKB, reports): the engine keeps no global mutable
 *    state, its GDAL settings are per thread (see gm_init) and each call that needs
 *    GEOS or PROJ makes its own context.
 *  - A gm_units, gm_plan, gm_tally, gm_graph or gm_results is read-only once created:
 *    any number of threads may read it and pass it as const to functions at once,
 *    except the geometry rule below. Destroy it after the last reader is done.
 *  - Geometry is the exception: a gm_units loaded with geometry carries its own GEOS
 *    handle and PROJ context, and neither they nor GEOS geometries (which cache their
 *    envelopes) are thread-safe. The functions that work on the units' shapes
 *    (gm_plan_from_layer, gm_units_coverage, gm_graph_build, gm_compact_from_plan and
 *    gm_report_write with a map) use that handle, so at most one of them may run on a
 *    given gm_units at a time; load the units once per thread for parallel geometry
 *    work. Functions that read only its arrays (tallies, scores, batches) may share it.
 *  - Handles with a position (gm_ens_reader, gm_ens_writer, gm_batch, gm_atomic) are
 *    used by one thread at a time; gm_batch runs its own worker threads inside a call
 *    and joins them before returning.
 *  - A gm_error is filled by one call at a time: give each thread its own.
 * Where a header's rule differs, it says so next to the declaration. */
#ifndef GM_CORE_H
#define GM_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Export macros. The library is built with hidden visibility; GM_API marks one
 * declaration as part of the API, GM_BEGIN_DECLS / GM_END_DECLS a whole header
 * (extern "C" for C++, default visibility for everything declared between). */
#if defined(__GNUC__) || defined(__clang__)
#define GM_API __attribute__((visibility("default")))
#define GM_VISIBILITY_PUSH _Pragma("GCC visibility push(default)")
#define GM_VISIBILITY_POP _Pragma("GCC visibility pop")
#else
#define GM_API
#define GM_VISIBILITY_PUSH
#define GM_VISIBILITY_POP
#endif
#ifdef __cplusplus
#define GM_BEGIN_DECLS extern "C" { GM_VISIBILITY_PUSH
#define GM_END_DECLS GM_VISIBILITY_POP }
#else
#define GM_BEGIN_DECLS GM_VISIBILITY_PUSH
#define GM_END_DECLS GM_VISIBILITY_POP
#endif

GM_BEGIN_DECLS

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

/* What the caller can change to get past an error: an input or option of the API,
 * named so that a front end can word the advice in its own terms. The message itself
 * already says the fix in the library's terms; the hint only points at the knob. */
typedef enum gm_hint {
    GM_HINT_NONE = 0,
    GM_HINT_CRS,                 /* the CRS given for a layer (gm_units_spec.crs, gm_compact_opts.crs) */
    GM_HINT_WHERE,               /* the attribute filter of the unit (or compactness) layer */
    GM_HINT_PLAN_WHERE,          /* the attribute filter of the district layer */
    GM_HINT_DISTRICT_ID,         /* the district layer's id field */
    GM_HINT_JOIN,                /* the unit id field an assignment file joins on */
    GM_HINT_ALLOW_NETWORK,       /* the network policy (gm_set_allow_network) */
    GM_HINT_NEGATIVE_VOTES_ZERO, /* read negative votes as 0 (GM_NEG_ZERO) */
    GM_HINT_POP,                 /* the population field */
    GM_HINT_GROUP,               /* the columns that group district results */
    GM_HINT_CONVENTION,          /* the peer convention */
    GM_HINT_DRAWS,               /* the seat-draw options (swing, number of draws) */
    GM_HINT_GRAPH_FILE,          /* a graph file: write it with gm_graph_write_json */
    GM_HINT_ENSEMBLE_GMEN,       /* an ensemble file: convert it to GMEN (gm_ens_writer) */
    GM_HINT_UNIT_ID,             /* the unit id field (gm_units_spec.id_field) */
    GM_HINT_POP_DEV_LIMIT,       /* the population-deviation limit of the unit-order check
                                    (gm_ens_run_spec.pop_dev_limit) */
    GM_HINT_ENSEMBLE_SCORE,      /* an ensemble file given as one plan: score it as an ensemble */
    GM_HINT_DISTRICTS,           /* the number of districts of an ensemble's plans
                                    (gm_batch_spec.k) */
    GM_HINT_OVERWRITE            /* replace a database table that exists */
} gm_hint;

/* The error record: code, hint and a one-line message (no trailing newline). */
typedef struct gm_error {
    gm_status code;  /* GM_OK when no error has been recorded */
    gm_hint hint;    /* GM_HINT_NONE unless the failing call named an input to change */
    char msg[1024];  /* human-readable, names the file/row/feature and the fix */
} gm_error;

/* Short name of a status ("io", "format", ...). Static string. */
const char *gm_status_str(gm_status s);

/* Short stable name of a hint ("none", "crs", "where", "plan_where", ...), for
 * bindings that map hints to their own option names. Static string. */
const char *gm_hint_name(gm_hint h);

/* Record an error (printf-style) with no hint and return its code. err may be NULL. */
gm_status gm_fail(gm_error *err, gm_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The same with a hint: what the caller can change. */
gm_status gm_fail_hint(gm_error *err, gm_status code, gm_hint hint, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Reset an error record to GM_OK / GM_HINT_NONE / "". err may be NULL. */
void gm_error_clear(gm_error *err);

/* Warnings: a doubtful input that is still scored. Each warning has a stable code (a
 * short snake_case key for machines, documented in docs/reliability.md) and a one-line
 * message that names the input (file, feature, unit, district), what is doubtful and what
 * was done about it. Units and plans carry the warnings of their loading (gm_units.
 * warnings, gm_plan.warnings); a caller gathers them with those of its own scoring into
 * one list and shows it in every output (the CLI: on standard error and in the JSON,
 * text, Markdown and HTML it writes). A zeroed gm_warnings is empty and valid. */
typedef struct gm_warnings {
    size_t n, cap;
    const char **code;  /* [n] stable key, a static string (e.g. "empty_districts") */
    char **msg;         /* [n] one line, owned */
} gm_warnings;

/* Add a warning (printf-style). A message equal to one already held is not added again.
 * w NULL is a no-op (GM_OK). GM_E_NOMEM when it cannot be stored. */
gm_status gm_warn(gm_warnings *w, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Append src's warnings to dst (skipping messages dst already holds). */
gm_status gm_warnings_merge(gm_warnings *dst, const gm_warnings *src);

/* The number of warnings with this code. */
size_t gm_warnings_count(const gm_warnings *w, const char *code);

/* Free the list and leave it empty. */
void gm_warnings_free(gm_warnings *w);

/* Library version string, equal to GM_VERSION of the headers it was built with. */
const char *gm_version(void);

/* Versions of the libraries linked in: "GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1". Static
 * string, built once (any thread may call it). */
const char *gm_deps_version(void);

/* Set-up. gm_init() registers GDAL's drivers (GDALAllRegister) and nothing else: it
 * changes no GDAL setting of the process, so a program that also uses GDAL (fiona,
 * rasterio, its own code) keeps its error handler, network access and drivers. Call it
 * once, on one thread, before any gm_ function that reads files. Idempotent.
 *
 * The engine's own GDAL work is scoped instead, on the calling thread and only while
 * the engine holds a source open: GDAL's messages are silenced there (they reach the
 * caller through gm_error) and the network policy below is applied with thread-local
 * settings. */
void gm_init(void);

/* Process-wide options for a program that owns GDAL (the gerrymeter CLI passes all):
 *  GM_INIT_QUIET_GDAL        install CPLQuietErrorHandler as the process's GDAL error
 *                            handler (GDAL never prints);
 *  GM_INIT_NETWORK_LOCKDOWN  also enforce the network policy process-wide while the
 *                            network is not allowed: the /vsicurl/ family refuses every
 *                            path, GDAL's HTTP fetches fail without a request, an
 *                            unreachable proxy catches any other curl use, server
 *                            drivers (WFS, WMS, PostgreSQL, ...) are unregistered and
 *                            PROJ does not download grids; gm_set_allow_network(true)
 *                            lifts it and gm_shutdown() undoes it;
 *  GM_INIT_OWN_GDAL          gm_shutdown() also destroys GDAL's driver manager.
 * gm_init_ex(0) is gm_init(). A second call adds the flags it names. */
#define GM_INIT_QUIET_GDAL 0x1u
#define GM_INIT_NETWORK_LOCKDOWN 0x2u
#define GM_INIT_OWN_GDAL 0x4u
void gm_init_ex(unsigned flags);

/* Undo what gm_init_ex() set process-wide (error handler, lock-down). GDAL's drivers
 * stay registered unless GM_INIT_OWN_GDAL was given. Call once, after every other
 * thread has stopped using the library. */
void gm_shutdown(void);

/* The network policy. When false (the default) the engine reads only local sources:
 * every open (unit, district and compactness layers, assignment and results CSVs,
 * graph and ensemble files) refuses network paths (/vsicurl/, /vsis3/, http(s)://,
 * database connection strings) with GM_E_ARG and hint GM_HINT_ALLOW_NETWORK, except a
 * PostgreSQL server on this machine ("PG:" with a Unix socket directory, localhost, a
 * loopback address or no host: gm_resolve_source), read and written alike; while a
 * layer is open the thread-local GDAL settings make the /vsicurl/ family refuse paths
 * named inside files (VRT) and HTTP fetches fail without a request; server drivers are
 * left out of the drivers a source may be opened with, and a VRT that names a server
 * source is refused. PROJ contexts the engine creates do not download grids (GDAL's
 * own coordinate transformations follow the process's PROJ setting, off unless the
 * program or proj.ini turned it on, and GM_INIT_NETWORK_LOCKDOWN turns it off).
 * Set it before other threads use the library. May be called before or after
 * gm_init(). */
void gm_set_allow_network(bool allow);
bool gm_get_allow_network(void);

GM_END_DECLS
#endif /* GM_CORE_H */
