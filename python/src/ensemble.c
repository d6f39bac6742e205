/* ensemble.c: score_ensemble(): the engine's ensemble driver (gm_ens_run, the path of
 * `gerrymeter ensemble score`) over plans from a file, a 2-D integer array (plans x
 * units, read in place: no copy) or any iterable of 1-D arrays (gm_ens_open_source).
 * Rows are kept as numpy columns named as the CLI's CSV rows (the registry's plan
 * family, gm_metric_column), and the summary is the engine's JSON summary
 * (gm_ens_summary_write_json) read back, so its keys are those of --summary. */
#include "gmpy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plan sources ----------------------------------------------------------------- */

/* Plans from a 2-D integer array, row by row (no GIL needed: the array is kept alive and
 * only read). */
typedef struct array_src {
    const char *data;
    size_t rows, n, stride, itemsize;
    bool is_signed;
    size_t next;
} array_src;

/* Row r's district ids into district[], checked to be 0..65535: one loop per dtype. On a
 * bad id, *bad is its unit and *badv the value. */
#define COPY_ROW(T)                                                                           \
    do {                                                                                      \
        const T *x = (const T *)row;                                                          \
        for (size_t i = 0; i < s->n; i++) {                                                   \
            if ((uint64_t)x[i] > 65535) { /* negative ids wrap above it */                  \
                bad = i;                                                                      \
                badv = (long long)x[i];                                                       \
                break;                                                                        \
            }                                                                                 \
            district[i] = (int32_t)x[i];                                                      \
        }                                                                                     \
    } while (0)

static gm_status array_next(void *ctx, int32_t *district, int64_t *sample, bool *got, gm_error *err)
{
    array_src *s = ctx;
    if (s->next == s->rows) {
        *got = false;
        return GM_OK;
    }
    const char *row = s->data + s->next * s->stride;
    size_t bad = SIZE_MAX;
    long long badv = 0;
    switch (s->itemsize * 2 + s->is_signed) {
    case 2: COPY_ROW(uint8_t); break;
    case 3: COPY_ROW(int8_t); break;
    case 4: COPY_ROW(uint16_t); break;
    case 5: COPY_ROW(int16_t); break;
    case 8: COPY_ROW(uint32_t); break;
    case 9: COPY_ROW(int32_t); break;
    case 16: COPY_ROW(uint64_t); break;
    default: COPY_ROW(int64_t); break;
    }
    if (bad != SIZE_MAX)
        return gm_fail(err, GM_E_DATA,
                       "plans: row %zu gives unit %zu the district id %lld; district ids are "
                       "0..k-1 (at most 65535)",
                       s->next, bad, badv);
    *sample = (int64_t)s->next++;
    *got = true;
    return GM_OK;
}

/* Plans from a Python iterable: the GIL is taken for each one. A Python error is kept
 * and raised when the run returns. */
typedef struct iter_src {
    PyObject *it;
    size_t n;
    int64_t next;
    PyObject *exc; /* the error raised by the iterable, kept (PyErr_GetRaisedException-like) */
    PyObject *exc_type, *exc_tb;
} iter_src;

static gm_status iter_next(void *ctx, int32_t *district, int64_t *sample, bool *got, gm_error *err)
{
    iter_src *s = ctx;
    PyGILState_STATE gs = PyGILState_Ensure();
    gm_status st = GM_OK;
    PyObject *item = PyIter_Next(s->it);
    if (!item) {
        if (PyErr_Occurred()) goto pyerr;
        *got = false;
        goto done;
    }
    PyArrayObject *a = gmpy_assignment(item, s->n);
    Py_DECREF(item);
    if (!a) goto pyerr;
    memcpy(district, PyArray_DATA(a), s->n * sizeof *district);
    Py_DECREF(a);
    *sample = s->next++;
    *got = true;
    goto done;
pyerr:
    PyErr_Fetch(&s->exc_type, &s->exc, &s->exc_tb);
    st = gm_fail(err, GM_E_INTERRUPTED, "the plans' iterable raised an error");
done:
    PyGILState_Release(gs);
    return st;
}

/* ---- rows ------------------------------------------------------------------------- */

typedef struct rows {
    size_t M, k, n, cap;     /* metrics, districts, rows kept, room */
    double **col;            /* [M][cap] */
    int64_t *plan, *sample;  /* [cap] */
    double *shares;          /* [cap * k] */
    bool have_ref;
    gm_plan_scores ref;
    double *ref_shares;      /* [k] */
    bool nomem;
} rows;

static int on_begin(void *ctx, size_t k)
{
    rows *r = ctx;
    r->k = k;
    if (!(r->ref_shares = calloc(k ? k : 1, sizeof *r->ref_shares))) return r->nomem = true, 1;
    if (r->cap) { /* room was made before k was known */
        double *sh = realloc(r->shares, r->cap * (k ? k : 1) * sizeof *sh);
        if (!sh) return r->nomem = true, 1;
        r->shares = sh;
    }
    return 0;
}

static int grow(rows *r, size_t want)
{
    if (want <= r->cap) return 0;
    size_t cap = r->cap ? r->cap : 1024;
    while (cap < want) cap *= 2;
    for (size_t m = 0; m < r->M; m++) {
        double *c = realloc(r->col[m], cap * sizeof *c);
        if (!c) return -1;
        r->col[m] = c;
    }
    int64_t *p = realloc(r->plan, cap * sizeof *p);
    if (!p) return -1;
    r->plan = p;
    int64_t *s = realloc(r->sample, cap * sizeof *s);
    if (!s) return -1;
    r->sample = s;
    double *sh = realloc(r->shares, cap * (r->k ? r->k : 1) * sizeof *sh);
    if (!sh) return -1;
    r->shares = sh;
    r->cap = cap;
    return 0;
}

static int on_row(void *ctx, int64_t plan, const gm_plan_scores *s, const double *shares, size_t k)
{
    rows *r = ctx;
    if (plan < 0) {
        r->have_ref = true;
        r->ref = *s;
        memcpy(r->ref_shares, shares, k * sizeof *shares);
        return 0;
    }
    if (grow(r, r->n + 1) < 0) return r->nomem = true, 1;
    for (size_t m = 0; m < r->M; m++) r->col[m][r->n] = gm_plan_scores_get(s, m);
    r->plan[r->n] = plan;
    r->sample[r->n] = s->sample;
    memcpy(r->shares + r->n * k, shares, k * sizeof *shares);
    r->n++;
    return 0;
}

static void rows_free(rows *r)
{
    for (size_t m = 0; r->col && m < r->M; m++) free(r->col[m]);
    free(r->col);
    free(r->plan);
    free(r->sample);
    free(r->shares);
    free(r->ref_shares);
}

static void capsule_free(PyObject *cap)
{
    free(PyCapsule_GetPointer(cap, "gerrymeter.buffer"));
}

/* An array that owns buf (malloc'd; freed with the array, or now on failure). */
static PyObject *owned(void *buf, int typenum, int nd, npy_intp d0, npy_intp d1)
{
    npy_intp dims[2] = {d0, d1};
    if (!buf) buf = malloc(8);
    PyObject *a = buf ? PyArray_SimpleNewFromData(nd, dims, typenum, buf) : PyErr_NoMemory();
    PyObject *cap = a ? PyCapsule_New(buf, "gerrymeter.buffer", capsule_free) : NULL;
    if (!cap) {
        Py_XDECREF(a);
        free(buf);
        return NULL;
    }
    if (PyArray_SetBaseObject((PyArrayObject *)a, cap) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

/* The engine's summary JSON (the file --summary writes), read back with json.loads. */
static PyObject *summary_dict(const gm_ens_summary *sum, const char *pa, const char *pb,
                              const gm_warnings *w)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return PyErr_NoMemory();
    gm_error err;
    gm_error_clear(&err);
    gm_status st = gm_ens_summary_write_json(f, sum, pa, pb, w, &err);
    fclose(f);
    if (st != GM_OK) {
        free(buf);
        return gmpy_raise(&err);
    }
    PyObject *json = PyImport_ImportModule("json"), *r = NULL;
    if (json) r = PyObject_CallMethod(json, "loads", "s#", buf, (Py_ssize_t)len);
    Py_XDECREF(json);
    free(buf);
    return r;
}

static PyObject *scores_dict(const gm_plan_scores *s, const double *shares, size_t k,
                             const char *pa, const char *pb)
{
    gmpy_json jj, *j = &jj;
    gmpy_json_init(j);
    gmpy_json_obj(j, NULL);
    char col[128];
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        const gm_metric_def *def = gm_metric_get(GM_MF_PLAN, m);
        gmpy_json_num(j, gm_metric_column(def, pa, pb, col, sizeof col), gm_plan_scores_get(s, m));
    }
    if (shares) {
        PyObject *l = PyList_New((Py_ssize_t)k);
        for (size_t d = 0; l && d < k; d++) PyList_SET_ITEM(l, (Py_ssize_t)d, PyFloat_FromDouble(shares[d]));
        gmpy_json_put(j, "shares", l);
    }
    gmpy_json_end_obj(j);
    return gmpy_json_finish(j);
}

/* ---- score_ensemble ---------------------------------------------------------------- */

PyObject *gmpy_score_ensemble(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"units", "plans", "graph", "threads", "reference", "contiguity",
                          "districts", "pop_dev_limit", "plans_format", NULL};
    PyObject *uo, *plans, *go = Py_None, *ro = Py_None, *limit = Py_None;
    Py_ssize_t threads = 0, k = 0;
    int contiguity = 1;
    const char *pfmt = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O|$OnOpnOz", kwl, &gmpy_UnitsType, &uo, &plans,
                                     &go, &threads, &ro, &contiguity, &k, &limit, &pfmt))
        return NULL;
    if (gmpy_numpy() < 0) return NULL;
    gmpy_units *u = (gmpy_units *)uo;
    if (threads < 0 || k < 0) return gmpy_usage("threads and districts are counts (>= 0)");
    gm_ens_run_spec spec;
    memset(&spec, 0, sizeof spec);
    gm_warnings warn = {0};
    gm_error err;
    gm_error_clear(&err);
    const gm_graph *g = NULL;
    PyObject *ref = NULL, *pathb = NULL, *res = NULL;
    PyArrayObject *arr = NULL;
    gm_ens_reader *reader = NULL;
    gm_ens_summary *sum = NULL;
    array_src as;
    iter_src is;
    memset(&is, 0, sizeof is);
    rows r;
    memset(&r, 0, sizeof r);
    r.M = gm_metric_count(GM_MF_PLAN);
    if (!(r.col = calloc(r.M, sizeof *r.col))) return PyErr_NoMemory();

    /* the graph: a Graph (checked against the units), "auto" (built from the units'
     * geometry), or None (no cut edges, Polsby-Popper or contiguity) */
    if (PyUnicode_Check(go) && !PyUnicode_CompareWithASCIIString(go, "auto")) {
        PyObject *gg = gmpy_units_graph(u);
        if (!gg) goto done;
        g = ((gmpy_graph *)gg)->g;
    } else if (PyObject_TypeCheck(go, &gmpy_GraphType)) {
        gmpy_graph *gg = (gmpy_graph *)go;
        if (gm_graph_check_units(gg->g, u->u, gg->source, &warn, NULL, &err) != GM_OK) {
            gmpy_raise(&err);
            goto done;
        }
        g = gg->g;
    } else if (go != Py_None) {
        PyErr_SetString(PyExc_TypeError, "graph must be a gerrymeter.Graph, 'auto' or None");
        goto done;
    }
    if (ro != Py_None && !(ref = gmpy_plan_arg(u, ro))) goto done;
    if (limit == Py_None) {
        spec.pop_dev_limit = 0;
    } else if (limit == Py_False ||
               (PyUnicode_Check(limit) && !PyUnicode_CompareWithASCIIString(limit, "none"))) {
        spec.pop_dev_limit = -1;
    } else {
        spec.pop_dev_limit = PyFloat_AsDouble(limit);
        if (PyErr_Occurred()) goto done;
        if (!(spec.pop_dev_limit > 0)) {
            gmpy_usage("pop_dev_limit: a fraction > 0, or None (the default 0.2) or 'none'");
            goto done;
        }
    }
    gm_warnings_merge(&warn, &u->u->warnings);
    if (ref) gm_warnings_merge(&warn, &((gmpy_plan *)ref)->p->warnings);
    if (!u->u->pop_field)
        gm_warn(&warn, "no_population",
                "no population field (pop): population deviation (pop_dev) is left empty");

    gm_batch_spec_init(&spec.batch, u->u, g);
    spec.batch.k = (size_t)k;
    spec.batch.no_contiguity = !contiguity;
    spec.threads = (size_t)threads;
    spec.reference = ref ? ((gmpy_plan *)ref)->p : NULL;
    spec.units = u->u;
    spec.warnings = &warn;
    if (gmpy_is_path(plans)) {
        if (!(pathb = gmpy_path_bytes(plans))) goto done;
        spec.plans = PyBytes_AS_STRING(pathb);
        if (pfmt && gm_ens_format_parse(pfmt, &spec.format, &err) != GM_OK) {
            gmpy_raise(&err);
            goto done;
        }
    } else if (PyArray_Check(plans)) {
        /* rows are read in place: each row must be contiguous (any row stride, e.g. the
         * district field of a GMEN record array); otherwise a C-contiguous copy */
        arr = (PyArrayObject *)PyArray_FROMANY(plans, NPY_NOTYPE, 2, 2, NPY_ARRAY_ALIGNED);
        if (!arr) goto done;
        if (PyArray_DIM(arr, 1) > 1 && PyArray_STRIDE(arr, 1) != PyArray_ITEMSIZE(arr)) {
            PyArrayObject *c = (PyArrayObject *)PyArray_FROMANY((PyObject *)arr, NPY_NOTYPE, 2, 2,
                                                                NPY_ARRAY_CARRAY_RO);
            Py_DECREF(arr);
            if (!(arr = c)) goto done;
        }
        if (!PyArray_ISINTEGER(arr) && !PyArray_ISBOOL(arr)) {
            gmpy_usage("plans: a 2-D array of integer district ids (plans x units), not %s",
                       PyArray_DESCR(arr)->typeobj->tp_name);
            goto done;
        }
        if ((size_t)PyArray_DIM(arr, 1) != u->u->n) {
            gmpy_usage("plans: a 2-D array of plans x units; it has %zd columns and the units are %zu",
                       PyArray_DIM(arr, 1), u->u->n);
            goto done;
        }
        as = (array_src){PyArray_BYTES(arr), (size_t)PyArray_DIM(arr, 0), u->u->n,
                         (size_t)PyArray_STRIDE(arr, 0), (size_t)PyArray_ITEMSIZE(arr),
                         PyArray_ISSIGNED(arr), 0};
        if (grow(&r, as.rows ? as.rows : 1) < 0) {
            PyErr_NoMemory();
            goto done;
        }
        if (gm_ens_open_source(u->u->n, "the plans array", array_next, &as, &reader, &err) != GM_OK) {
            gmpy_raise(&err);
            goto done;
        }
        spec.plans = "the plans array";
    } else {
        if (!(is.it = PyObject_GetIter(plans))) goto done;
        is.n = u->u->n;
        if (gm_ens_open_source(u->u->n, "the plans iterable", iter_next, &is, &reader, &err) != GM_OK) {
            gmpy_raise(&err);
            goto done;
        }
        spec.plans = "the plans iterable";
    }
    spec.reader = reader;
    gm_ens_run_cb cb = {&r, on_begin, on_row, NULL, NULL};
    gm_ens_run_stats stats;
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    st = gm_ens_run(&spec, &cb, &sum, &stats, &err);
    Py_END_ALLOW_THREADS
    if (is.exc_type) {
        PyErr_Restore(is.exc_type, is.exc, is.exc_tb);
        is.exc_type = is.exc = is.exc_tb = NULL;
        goto done;
    }
    if (r.nomem) {
        PyErr_NoMemory();
        goto done;
    }
    if (st != GM_OK) {
        gmpy_raise(&err);
        goto done;
    }
    const char *pa = u->u->n_parties >= 2 ? u->u->party[0] : "a";
    const char *pb = u->u->n_parties >= 2 ? u->u->party[1] : "b";
    PyObject *d = PyDict_New();
    if (!d) goto done;
    res = d;
    char col[128];
    for (size_t m = 0; m < r.M; m++) {
        const gm_metric_def *def = gm_metric_get(GM_MF_PLAN, m);
        PyObject *a = owned(r.col[m], NPY_DOUBLE, 1, (npy_intp)r.n, 0);
        r.col[m] = NULL;
        if (!a || PyDict_SetItemString(d, gm_metric_column(def, pa, pb, col, sizeof col), a) < 0) {
            Py_XDECREF(a);
            Py_CLEAR(res);
            goto done;
        }
        Py_DECREF(a);
    }
    PyObject *pl = owned(r.plan, NPY_INT64, 1, (npy_intp)r.n, 0);
    r.plan = NULL;
    PyObject *sm = owned(r.sample, NPY_INT64, 1, (npy_intp)r.n, 0);
    r.sample = NULL;
    PyObject *sh = owned(r.shares, NPY_DOUBLE, 2, (npy_intp)r.n, (npy_intp)stats.k);
    r.shares = NULL;
    PyObject *summ = sum ? summary_dict(sum, pa, pb, &warn) : (Py_INCREF(Py_None), Py_None);
    PyObject *refd = r.have_ref ? scores_dict(&r.ref, r.ref_shares, stats.k, pa, pb)
                                : (Py_INCREF(Py_None), Py_None);
    PyObject *wl = gmpy_warnings_list(&warn);
    if (!pl || !sm || !sh || !summ || !refd || !wl || PyDict_SetItemString(d, "plan", pl) < 0 ||
        PyDict_SetItemString(d, "sample", sm) < 0 || PyDict_SetItemString(d, "shares", sh) < 0 ||
        PyDict_SetItemString(d, "summary", summ) < 0 || PyDict_SetItemString(d, "reference", refd) < 0 ||
        PyDict_SetItemString(d, "warnings", wl) < 0)
        Py_CLEAR(res);
    Py_XDECREF(pl);
    Py_XDECREF(sm);
    Py_XDECREF(sh);
    Py_XDECREF(summ);
    Py_XDECREF(refd);
    Py_XDECREF(wl);
    if (res) {
        PyObject *kk = PyLong_FromSize_t(stats.k);
        if (!kk || PyDict_SetItemString(res, "districts", kk) < 0) Py_CLEAR(res);
        Py_XDECREF(kk);
    }
done:
    gm_ens_close(reader, NULL);
    gm_ens_summary_destroy(sum);
    rows_free(&r);
    gm_warnings_free(&warn);
    Py_XDECREF(is.it);
    Py_XDECREF(is.exc_type);
    Py_XDECREF(is.exc);
    Py_XDECREF(is.exc_tb);
    Py_XDECREF(arr);
    Py_XDECREF(pathb);
    Py_XDECREF(ref);
    return res;
}

/* ---- one plan's per-plan scores (GerryChain-style updaters) ------------------------ */

PyObject *gmpy_plan_scores(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"units", "assignment", "graph", NULL};
    PyObject *uo, *ao, *go = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O|O", kwl, &gmpy_UnitsType, &uo, &ao, &go))
        return NULL;
    gmpy_units *u = (gmpy_units *)uo;
    const gm_graph *g = NULL;
    if (PyObject_TypeCheck(go, &gmpy_GraphType)) g = ((gmpy_graph *)go)->g;
    else if (go != Py_None) return PyErr_Format(PyExc_TypeError, "graph must be a gerrymeter.Graph or None");
    if (g && g->n != u->u->n)
        return gmpy_usage("the graph has %zu nodes and the units %zu", g->n, u->u->n);
    PyArrayObject *a = gmpy_assignment(ao, u->u->n);
    if (!a) return NULL;
    const int32_t *d = (const int32_t *)PyArray_DATA(a);
    size_t k = 0;
    for (size_t i = 0; i < u->u->n; i++)
        if ((size_t)d[i] + 1 > k) k = (size_t)d[i] + 1;
    gm_batch_spec bs;
    gm_batch_spec_init(&bs, u->u, g);
    bs.k = k;
    gm_plan_scores s;
    double *shares = calloc(k ? k : 1, sizeof *shares);
    if (!shares) {
        Py_DECREF(a);
        return PyErr_NoMemory();
    }
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    st = gm_score_one(&bs, d, 0, &s, shares, &err);
    Py_END_ALLOW_THREADS
    PyObject *r = st == GM_OK ? scores_dict(&s, shares, k, u->u->n_parties >= 2 ? u->u->party[0] : "a",
                                            u->u->n_parties >= 2 ? u->u->party[1] : "b")
                              : gmpy_raise(&err);
    free(shares);
    Py_DECREF(a);
    return r;
}

/* District totals of one assignment: (pop[k], votes[parties x k], units[k]) as new arrays
 * (gm_tally_compute over gm_plan_from_array). */
PyObject *gmpy_tally(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"units", "assignment", NULL};
    PyObject *uo, *ao;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O", kwl, &gmpy_UnitsType, &uo, &ao)) return NULL;
    gmpy_units *u = (gmpy_units *)uo;
    PyArrayObject *a = gmpy_assignment(ao, u->u->n);
    if (!a) return NULL;
    const int32_t *d = (const int32_t *)PyArray_DATA(a);
    size_t k = 0;
    for (size_t i = 0; i < u->u->n; i++)
        if ((size_t)d[i] + 1 > k) k = (size_t)d[i] + 1;
    gm_plan *p = NULL;
    gm_tally *t = NULL;
    gm_error err;
    gm_error_clear(&err);
    PyObject *r = NULL;
    if (gm_plan_from_array(u->u->n, d, k, NULL, &p, &err) != GM_OK ||
        gm_tally_compute(u->u, p, &t, &err) != GM_OK) {
        gmpy_raise(&err);
        goto done;
    }
    npy_intp np_ = (npy_intp)u->u->n_parties, nk = (npy_intp)k;
    PyObject *pop = PyArray_SimpleNew(1, &nk, NPY_DOUBLE);
    npy_intp vd[2] = {np_, nk};
    PyObject *votes = PyArray_SimpleNew(2, vd, NPY_DOUBLE);
    PyObject *cnt = PyArray_SimpleNew(1, &nk, NPY_INT64);
    if (pop && votes && cnt) {
        memcpy(PyArray_DATA((PyArrayObject *)pop), t->pop, k * sizeof(double));
        memcpy(PyArray_DATA((PyArrayObject *)votes), t->votes, k * u->u->n_parties * sizeof(double));
        for (size_t q = 0; q < k; q++) ((int64_t *)PyArray_DATA((PyArrayObject *)cnt))[q] = (int64_t)t->n_units[q];
        r = PyTuple_Pack(3, pop, votes, cnt);
    }
    Py_XDECREF(pop);
    Py_XDECREF(votes);
    Py_XDECREF(cnt);
done:
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    Py_DECREF(a);
    return r;
}
