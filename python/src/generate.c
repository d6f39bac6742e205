/* generate.c: generate(): the engine's chains (gm_gen_stream, the path of `gerrymeter
 * ensemble generate`) as a Python iterator of assignments, each optionally scored by the
 * batch kernel of `ensemble score` (gm_batch). Options and defaults are the CLI's. */
#include "gmpy.h"

#include <stdlib.h>
#include <string.h>

typedef struct gmpy_gen {
    PyObject_HEAD
    gm_gen_stream *st;
    gm_gen_spec spec;        /* every chain's spec (the stream borrows it) */
    gm_batch *batch;         /* scoring, or NULL */
    PyObject *units, *graph, *plan, *county; /* kept alive: the spec borrows their arrays */
    size_t n, k, chains;
    double *shares;          /* [k] scratch for scores */
    bool done;
} gmpy_gen;

static void gen_dealloc(gmpy_gen *o)
{
    gm_gen_stream_close(o->st);
    gm_batch_destroy(o->batch);
    free(o->shares);
    Py_XDECREF(o->units);
    Py_XDECREF(o->graph);
    Py_XDECREF(o->plan);
    Py_XDECREF(o->county);
    PyObject_Free(o);
}

/* One name of a choice, or -1 with UsageError. */
static int choice(const char *what, const char *v, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i])) return i;
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", names[i]);
    }
    gmpy_usage("%s: expected %s, got '%s'", what, list, v);
    return -1;
}

PyObject *gmpy_generate(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"units", "plan", "steps", "chains", "thin", "burn_in", "tolerance",
                          "method", "tree", "pair", "cut", "balance_ub", "tree_draws", "county",
                          "county_weight", "max_county_splits", "graph", "seed", "threads",
                          "scores", "districts", NULL};
    PyObject *uo, *po, *county = Py_None, *cw = Py_None, *go = Py_None;
    unsigned long long steps = 0, thin = 1, burn = 0, seed = 1;
    Py_ssize_t chains = 1, threads = 0, ub = 30, draws = 100, maxsplit = -1, k = 0;
    double tol = 0.02;
    const char *method = "recom", *tree = "kruskal", *pair = "cut-edge", *cut = "gerrychain";
    int scores = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O|$KnKKdssssnnOOnOKnpn", kwl, &gmpy_UnitsType,
                                     &uo, &po, &steps, &chains, &thin, &burn, &tol, &method, &tree,
                                     &pair, &cut, &ub, &draws, &county, &cw, &maxsplit, &go, &seed,
                                     &threads, &scores, &k))
        return NULL;
    gmpy_units *u = (gmpy_units *)uo;
    if (steps < 1) return gmpy_usage("steps: give the number of steps per chain (>= 1)");
    if (chains < 1 || chains > 4096) return gmpy_usage("chains: 1..4096, got %zd", chains);
    if (thin < 1) return gmpy_usage("thin: a sample every thin steps (>= 1)");
    if (!(tol >= 0 && tol < 1)) return gmpy_usage("tolerance: in [0, 1), got %g", tol);
    if (threads < 0 || threads > 256) return gmpy_usage("threads: 0 (one per CPU) .. 256");
    if (ub < 1 || draws < 1) return gmpy_usage("balance_ub and tree_draws are >= 1");
    if (!u->u->pop_field)
        return gmpy_usage("the chains keep districts within the population tolerance: load the "
                          "units with pop=FIELD");
    static const char *const methods[] = {"recom", "reversible"}, *const trees[] = {"kruskal", "wilson"},
                             *const pairs[] = {"cut-edge", "district-pair"},
                             *const cuts[] = {"gerrychain", "uniform"};
    int im = choice("method", method, methods, 2), it = im < 0 ? -1 : choice("tree", tree, trees, 2),
        ip = it < 0 ? -1 : choice("pair", pair, pairs, 2), ic = ip < 0 ? -1 : choice("cut", cut, cuts, 2);
    if (ic < 0) return NULL;
    if ((cw != Py_None || maxsplit >= 0) && county == Py_None)
        return gmpy_usage("county_weight and max_county_splits need county=FIELD");
    gmpy_gen *o = PyObject_New(gmpy_gen, &gmpy_GenType);
    if (!o) return NULL;
    o->st = NULL;
    o->batch = NULL;
    o->shares = NULL;
    o->units = uo;
    Py_INCREF(uo);
    o->graph = o->plan = o->county = NULL;
    o->done = false;
    o->n = u->u->n;
    o->chains = (size_t)chains;
    gm_error err;
    gm_error_clear(&err);
    if (!(o->plan = gmpy_plan_arg(u, po))) goto fail;
    const gm_plan *p = ((gmpy_plan *)o->plan)->p;
    if (k && (size_t)k != p->k) {
        gmpy_usage("the start plan %s has %zu districts, not the %zd asked for with districts; "
                   "give a start plan with %zd districts",
                   p->source, p->k, k, k);
        goto fail;
    }
    if (go == Py_None || (PyUnicode_Check(go) && !PyUnicode_CompareWithASCIIString(go, "auto"))) {
        PyObject *g = gmpy_units_graph(u);
        if (!g) goto fail;
        Py_INCREF(g);
        o->graph = g;
    } else if (PyObject_TypeCheck(go, &gmpy_GraphType)) {
        gm_warnings w = {0};
        gm_status st = gm_graph_check_units(((gmpy_graph *)go)->g, u->u, ((gmpy_graph *)go)->source,
                                            &w, NULL, &err);
        gm_warnings_free(&w);
        if (st != GM_OK) {
            gmpy_raise(&err);
            goto fail;
        }
        Py_INCREF(go);
        o->graph = go;
    } else {
        PyErr_SetString(PyExc_TypeError, "graph must be a gerrymeter.Graph, 'auto' or None");
        goto fail;
    }
    gm_gen_spec_init(&o->spec);
    o->spec.seed = seed;
    o->spec.method = (gm_gen_method)im;
    o->spec.tree = (gm_gen_tree)it;
    o->spec.pair = (gm_gen_pair)ip;
    o->spec.cut = (gm_gen_cut)ic;
    o->spec.tolerance = tol;
    o->spec.balance_ub = (double)ub;
    o->spec.max_tree_draws = (uint32_t)draws;
    o->spec.max_county_splits = (int32_t)maxsplit;
    if (county != Py_None) {
        if (!(o->county = gmpy_plan_arg(u, county))) goto fail;
        o->spec.county = ((gmpy_plan *)o->county)->p->district;
        if (cw != Py_None) {
            o->spec.county_weight = PyFloat_AsDouble(cw);
            if (PyErr_Occurred()) goto fail;
        } else if (o->spec.tree == GM_GEN_TREE_KRUSKAL) {
            o->spec.county_weight = 1;
        }
        if (o->spec.county_weight > 0 && o->spec.tree == GM_GEN_TREE_WILSON) {
            gmpy_usage("county_weight applies to Kruskal trees (tree='kruskal'); give "
                       "max_county_splits alone with tree='wilson'");
            goto fail;
        }
    }
    const gm_graph *g = ((gmpy_graph *)o->graph)->g;
    o->spec.graph = g;
    o->spec.pop = u->u->pop;
    o->spec.k = o->k = p->k;
    o->spec.start = p->district;
    gm_gen_run_spec rs = {.chain = &o->spec, .chains = (size_t)chains, .steps = steps,
                          .burn_in = burn, .thin = thin, .threads = (size_t)threads};
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    st = gm_gen_stream_open(&rs, &o->st, &err);
    Py_END_ALLOW_THREADS
    if (st != GM_OK) {
        gmpy_raise(&err);
        goto fail;
    }
    if (scores) {
        gm_batch_spec bs;
        gm_batch_spec_init(&bs, u->u, g);
        bs.k = o->k;
        if (!(o->shares = calloc(o->k, sizeof *o->shares))) {
            PyErr_NoMemory();
            goto fail;
        }
        if (gm_batch_create(&bs, 1, &o->batch, &err) != GM_OK) {
            gmpy_raise(&err);
            goto fail;
        }
    }
    return (PyObject *)o;
fail:
    Py_DECREF(o);
    return NULL;
}

static PyObject *gen_next(gmpy_gen *o)
{
    if (o->done) return NULL;
    if (gmpy_numpy() < 0) return NULL;
    npy_intp dims[1] = {(npy_intp)o->n};
    PyArrayObject *a = (PyArrayObject *)PyArray_SimpleNew(1, dims, NPY_INT32);
    if (!a) return NULL;
    int32_t *d = (int32_t *)PyArray_DATA(a);
    size_t chain = 0;
    uint64_t sample = 0;
    bool got = false;
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    gm_plan_scores s;
    memset(&s, 0, sizeof s);
    Py_BEGIN_ALLOW_THREADS
    st = gm_gen_stream_next(o->st, d, &chain, &sample, &got, &err);
    if (st == GM_OK && got && o->batch) {
        int64_t smp = (int64_t)sample;
        st = gm_batch_score(o->batch, d, &smp, 1, &s, o->shares, &err);
    }
    Py_END_ALLOW_THREADS
    if (st != GM_OK || !got) {
        Py_DECREF(a);
        o->done = true;
        return st != GM_OK ? gmpy_raise(&err) : NULL; /* NULL without error: StopIteration */
    }
    if (!o->batch) return (PyObject *)a;
    const gm_units *u = ((gmpy_units *)o->units)->u;
    const char *pa = u->n_parties >= 2 ? u->party[0] : "a", *pb = u->n_parties >= 2 ? u->party[1] : "b";
    gmpy_json jj, *j = &jj;
    gmpy_json_init(j);
    gmpy_json_obj(j, NULL);
    gmpy_json_int(j, "chain", (long long)chain);
    gmpy_json_int(j, "sample", (long long)sample);
    char col[128];
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        const gm_metric_def *def = gm_metric_get(GM_MF_PLAN, m);
        gmpy_json_num(j, gm_metric_column(def, pa, pb, col, sizeof col), gm_plan_scores_get(&s, m));
    }
    PyObject *sh = PyList_New((Py_ssize_t)o->k);
    for (size_t q = 0; sh && q < o->k; q++) PyList_SET_ITEM(sh, (Py_ssize_t)q, PyFloat_FromDouble(o->shares[q]));
    gmpy_json_put(j, "shares", sh);
    gmpy_json_end_obj(j);
    PyObject *sd = gmpy_json_finish(j);
    if (!sd) {
        Py_DECREF(a);
        return NULL;
    }
    PyObject *t = PyTuple_Pack(2, (PyObject *)a, sd);
    Py_DECREF(a);
    Py_DECREF(sd);
    return t;
}

static PyObject *gen_total(gmpy_gen *o, void *c)
{
    (void)c;
    return PyLong_FromUnsignedLongLong(gm_gen_stream_total(o->st));
}

static PyObject *gen_stats(gmpy_gen *o, PyObject *args)
{
    Py_ssize_t c = 0;
    if (!PyArg_ParseTuple(args, "|n", &c)) return NULL;
    if (c < 0 || (size_t)c >= o->chains) return gmpy_usage("no chain %zd (chains 0..%zu)", c, o->chains - 1);
    const gm_chain_stats *s = gm_gen_stream_stats(o->st, (size_t)c);
    if (!s) return gmpy_usage("no chain %zd", c);
    return Py_BuildValue("{s:K,s:K,s:K,s:K,s:K,s:K,s:K,s:K,s:K}", "steps", s->steps, "moves", s->moves,
                         "loops_nonadjacent", s->loops_nonadjacent, "loops_no_edge", s->loops_no_edge,
                         "loops_rejected", s->loops_rejected, "loops_county", s->loops_county,
                         "trees", s->trees, "trees_unbalanced", s->trees_unbalanced,
                         "pairs_given_up", s->pairs_given_up);
}

static PyGetSetDef gen_getset[] = {
    {"total", (getter)gen_total, NULL, "samples in all: chains x (steps / thin + 1)", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMethodDef gen_methods[] = {
    {"stats", (PyCFunction)gen_stats, METH_VARARGS, "stats(chain=0) -> the chain's moves and self-loops"},
    {NULL, NULL, 0, NULL}};

PyTypeObject gmpy_GenType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gerrymeter.Generator",
    .tp_basicsize = sizeof(gmpy_gen),
    .tp_dealloc = (destructor)gen_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The plans of running chains, in the order `ensemble generate` writes them.",
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)gen_next,
    .tp_getset = gen_getset,
    .tp_methods = gen_methods,
};
