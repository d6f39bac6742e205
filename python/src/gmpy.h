/* gmpy.h: what the files of the CPython extension _gerrymeter share.
 *
 * The extension is a thin layer over libgerrymeter's public API (include/gerrymeter):
 * it converts Python arguments into the engine's specs, calls the same engine functions
 * the gerrymeter CLI calls, releases the GIL around every call that reads files or
 * scores, and turns results into dicts with the CLI's JSON keys (metric keys come from
 * the registry, gm_metric.h) and numpy arrays that are views of the engine's columns.
 *
 * Files: module.c (the module, errors, numpy), args.c (paths and str options), json.c
 * (a builder of dicts and lists with the CLI JSON writer's calls), units.c (Units, Plan),
 * score.c (score, partisan, compactness), graph.c (Graph), ensemble.c (score_ensemble),
 * generate.c (generate). */
#ifndef GMPY_H
#define GMPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include "gerrymeter/gerrymeter.h"

/* numpy's C API table lives in module.c; the other files see it through this. */
#define PY_ARRAY_UNIQUE_SYMBOL gmpy_ARRAY_API
#ifndef GMPY_MODULE_C
#define NO_IMPORT_ARRAY
#endif
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>

/* ---- errors (module.c) ------------------------------------------------------------- */

extern PyObject *gmpy_Error;      /* gerrymeter.Error: base class */
extern PyObject *gmpy_DataError;  /* bad or unreadable input (the CLI's exit 1) */
extern PyObject *gmpy_UsageError; /* a bad argument (GM_E_ARG, the CLI's exit 2) */

/* Raise the engine's error as DataError or UsageError (GM_E_ARG) with its message, and
 * the attributes code (gm_status_str) and hint (gm_hint_name). Returns NULL. */
PyObject *gmpy_raise(const gm_error *err);
/* Raise UsageError with a formatted message. Returns NULL. */
PyObject *gmpy_usage(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* numpy is imported when the module is; 0 when it is there, else -1 with ImportError. */
int gmpy_numpy(void);

/* A read-only 1-D (n) or 2-D (rows x n) array over data owned by `owner` (which the
 * array keeps alive). typenum: NPY_DOUBLE, NPY_INT32, NPY_INT64, ... */
PyObject *gmpy_view(PyObject *owner, void *data, int typenum, int nd, npy_intp rows, npy_intp n);

/* The warnings as a list of {"code", "message"} (the CLI's JSON "warnings"). */
PyObject *gmpy_warnings_list(const gm_warnings *w);

/* ---- arguments (args.c) ------------------------------------------------------------ */

/* Does o name a file (str, bytes, os.PathLike) rather than hold data? */
int gmpy_is_path(PyObject *o);
/* A path argument as a new bytes object (PyUnicode_FSConverter), or NULL with TypeError. */
PyObject *gmpy_path_bytes(PyObject *o);
/* An optional str argument (absent or None: NULL) as UTF-8, kept alive by o; -1 with
 * TypeError "<what> must be a str, not <type>" otherwise. */
int gmpy_opt_str(PyObject *o, const char **out, const char *what);

/* ---- a builder with the CLI JSON writer's calls (json.c) -------------------------- */

#define GMPY_JSON_DEPTH 32

typedef struct gmpy_json {
    PyObject *stack[GMPY_JSON_DEPTH]; /* open containers (dict or list), owned */
    int depth;
    PyObject *root;                   /* the first container opened, once closed */
    bool failed;                      /* a Python error is set; later calls do nothing */
} gmpy_json;

void gmpy_json_init(gmpy_json *j);
void gmpy_json_obj(gmpy_json *j, const char *key);
void gmpy_json_end_obj(gmpy_json *j);
void gmpy_json_arr(gmpy_json *j, const char *key);
void gmpy_json_end_arr(gmpy_json *j);
void gmpy_json_str(gmpy_json *j, const char *key, const char *v); /* NULL: None */
void gmpy_json_num(gmpy_json *j, const char *key, double v);      /* NaN, inf: None;
                                                                     whole numbers: int */
void gmpy_json_int(gmpy_json *j, const char *key, long long v);
void gmpy_json_bool(gmpy_json *j, const char *key, bool v);
void gmpy_json_null(gmpy_json *j, const char *key);
/* Put an object (reference stolen; NULL fails the builder). */
void gmpy_json_put(gmpy_json *j, const char *key, PyObject *v);
/* The finished value (new reference), or NULL with the error set. Frees what is open. */
PyObject *gmpy_json_finish(gmpy_json *j);
/* The builder as a gm_json_out (gm_sink.h), for the parts of a document the engine
 * writes (gm_compact_json, gm_partisan_json_metrics, ...); j must outlive it. */
gm_json_out gmpy_json_out(gmpy_json *j);

/* ---- Units, Plan, Graph (units.c, graph.c) ---------------------------------------- */

typedef struct gmpy_units {
    PyObject_HEAD
    gm_units *u;
    PyObject *graph;     /* the Graph built from the units' geometry, once asked for */
    PyObject *ids;       /* the ids as a tuple of str, once asked for */
    PyThread_type_lock geom; /* held (GIL released) by every call that uses the units'
                                geometry: their GEOS handle serves one call at a time
                                (gm_core.h, "Threads") */
} gmpy_units;

typedef struct gmpy_plan {
    PyObject_HEAD
    gm_plan *p;
    PyObject *units;     /* the Units it was opened over, or None (an array plan) */
} gmpy_plan;

typedef struct gmpy_graph {
    PyObject_HEAD
    gm_graph *g;
    char *source;        /* "built from the unit geometry" or the file read */
} gmpy_graph;

extern PyTypeObject gmpy_UnitsType;
extern PyTypeObject gmpy_PlanType;
extern PyTypeObject gmpy_GraphType;

/* A new Plan owning p (stolen), opened over units (may be NULL). */
PyObject *gmpy_plan_wrap(gm_plan *p, PyObject *units);
/* A new Graph owning g (stolen); source is copied. */
PyObject *gmpy_graph_wrap(gm_graph *g, const char *source);
/* The units' graph, built from their geometry once and kept (borrowed reference), or
 * NULL with the error set (no geometry: UsageError). */
PyObject *gmpy_units_graph(gmpy_units *u);
/* A plan over units from any plan argument: a Plan (kept), a str or os.PathLike (a
 * column, an assignment file or a district layer: units.plan(spec)), or an integer
 * array of one district per unit. New reference or NULL. */
PyObject *gmpy_plan_arg(gmpy_units *u, PyObject *arg);
/* District ids of one plan per unit from an array-like: a new C-contiguous int32 array
 * of n entries, or NULL with the error set (wrong length, not integers, negative). */
PyArrayObject *gmpy_assignment(PyObject *arg, size_t n);

/* ---- the module's functions ------------------------------------------------------ */

PyObject *gmpy_load_units(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_score(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_partisan(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_compactness(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_score_ensemble(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_generate(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_plan_scores(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_tally(PyObject *self, PyObject *args, PyObject *kw);
PyObject *gmpy_metrics(PyObject *self, PyObject *args);

extern PyTypeObject gmpy_GenType; /* the iterator generate() returns */

#endif
