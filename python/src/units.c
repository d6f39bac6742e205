/* units.c: Units (gm_units) and Plan (gm_plan): loading, the column views, opening plans. */
#include "gmpy.h"

#include <stdint.h>
#include <string.h>

/* ---- arguments ------------------------------------------------------------------- */

/* Parse votes: a dict {party: field} or a sequence of (party, field) pairs (the Python
 * layer turns the CLI's text "D=F1,R=F2" into a dict). Names point into `keep` (a list the caller frees). */
static int parse_votes(PyObject *votes, gm_units_spec *us, PyObject *keep)
{
    PyObject *items = NULL;
    if (PyUnicode_Check(votes)) {
        gmpy_usage("votes: give {party: field}, e.g. {\"D\": \"USH12D\", \"R\": \"USH12R\"}");
        return -1;
    } else if (PyDict_Check(votes)) {
        items = PyDict_Items(votes);
    } else {
        items = PySequence_List(votes);
    }
    if (!items) return -1;
    Py_ssize_t n = PyList_GET_SIZE(items);
    if (n > GM_MAX_PARTIES) {
        Py_DECREF(items);
        gmpy_usage("votes: at most %d parties", GM_MAX_PARTIES);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PyList_GET_ITEM(items, i);
        PyObject *party, *field;
        if (!PyArg_ParseTuple(pair, "UU;votes: each party is a (name, field) pair of str", &party,
                              &field)) {
            Py_DECREF(items);
            return -1;
        }
        const char *ps = PyUnicode_AsUTF8(party), *fs = PyUnicode_AsUTF8(field);
        if (!ps || !fs || PyList_Append(keep, pair) < 0) {
            Py_DECREF(items);
            return -1;
        }
        if (!ps[0] || !fs[0]) {
            Py_DECREF(items);
            gmpy_usage("votes: a party and its field must both be named, got '%s'='%s'", ps, fs);
            return -1;
        }
        for (size_t p = 0; p < us->n_parties; p++)
            if (!strcmp(us->party[p], ps)) {
                Py_DECREF(items);
                gmpy_usage("votes: party '%s' is named twice", ps);
                return -1;
            }
        us->party[us->n_parties] = ps;
        us->vote_field[us->n_parties++] = fs;
    }
    Py_DECREF(items);
    return 0;
}

PyObject *gmpy_load_units(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"path", "pop", "votes", "id", "layer", "where", "crs", "geometry",
                          "negative_votes", "plan_field", NULL};
    PyObject *path, *pop = NULL, *votes = NULL, *id = NULL, *layer = NULL, *where = NULL,
                    *crs = NULL, *geometry = Py_None, *plan_field = NULL;
    const char *neg = "error";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|$OOOOOOOsO", kwl, &path, &pop, &votes, &id,
                                     &layer, &where, &crs, &geometry, &neg, &plan_field))
        return NULL;
    gm_units_spec us;
    memset(&us, 0, sizeof us);
    PyObject *keep = PyList_New(0), *pathb = gmpy_path_bytes(path), *res = NULL;
    if (!keep || !pathb) goto done;
    us.path = PyBytes_AS_STRING(pathb);
    if (gmpy_opt_str(pop, &us.pop_field, "pop") || gmpy_opt_str(id, &us.id_field, "id") ||
        gmpy_opt_str(layer, &us.layer, "layer") || gmpy_opt_str(where, &us.where, "where") ||
        gmpy_opt_str(crs, &us.crs, "crs") || gmpy_opt_str(plan_field, &us.plan_field, "plan_field"))
        goto done;
    if (votes && votes != Py_None && parse_votes(votes, &us, keep) < 0) goto done;
    if (!strcmp(neg, "error")) us.negative_votes = GM_NEG_ERROR;
    else if (!strcmp(neg, "zero")) us.negative_votes = GM_NEG_ZERO;
    else {
        gmpy_usage("negative_votes: expected 'error' or 'zero', got '%s'", neg);
        goto done;
    }
    if (geometry == Py_None) { /* as the CLI's score: geometry when the layer has it */
        us.load_geometry = us.geometry_optional = true;
    } else {
        int g = PyObject_IsTrue(geometry);
        if (g < 0) goto done;
        us.load_geometry = g;
    }
    gm_units *u = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    st = gm_units_load(&us, &u, &err);
    Py_END_ALLOW_THREADS
    if (st != GM_OK) {
        gmpy_raise(&err);
        goto done;
    }
    gmpy_units *o = PyObject_New(gmpy_units, &gmpy_UnitsType);
    if (o) o->geom = NULL, o->graph = o->ids = NULL;
    if (!o) {
        gm_units_destroy(u);
        goto done;
    }
    o->u = u;
    o->graph = NULL;
    o->ids = NULL;
    if (!(o->geom = PyThread_allocate_lock())) {
        Py_DECREF(o);
        PyErr_NoMemory();
        goto done;
    }
    res = (PyObject *)o;
done:
    Py_XDECREF(keep);
    Py_XDECREF(pathb);
    return res;
}

/* ---- Units ------------------------------------------------------------------------ */

static void units_dealloc(gmpy_units *o)
{
    Py_XDECREF(o->graph);
    Py_XDECREF(o->ids);
    if (o->geom) PyThread_free_lock(o->geom);
    gm_units_destroy(o->u);
    PyObject_Free(o);
}

static PyObject *str_or_none(const char *s)
{
    if (!s) Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *units_get_n(gmpy_units *o, void *c)
{
    (void)c;
    return PyLong_FromSize_t(o->u->n);
}

static PyObject *units_get_pop(gmpy_units *o, void *c)
{
    (void)c;
    return gmpy_view((PyObject *)o, o->u->pop, NPY_DOUBLE, 1, 0, (npy_intp)o->u->n);
}

static PyObject *units_get_vote_matrix(gmpy_units *o, void *c)
{
    (void)c;
    return gmpy_view((PyObject *)o, o->u->votes, NPY_DOUBLE, 2, (npy_intp)o->u->n_parties,
                     (npy_intp)o->u->n);
}

static PyObject *units_get_votes(gmpy_units *o, void *c)
{
    (void)c;
    PyObject *d = PyDict_New();
    for (size_t p = 0; d && p < o->u->n_parties; p++) {
        PyObject *v = gmpy_view((PyObject *)o, o->u->votes + p * o->u->n, NPY_DOUBLE, 1, 0,
                                (npy_intp)o->u->n);
        if (!v || PyDict_SetItemString(d, o->u->party[p], v) < 0) Py_CLEAR(d);
        Py_XDECREF(v);
    }
    return d;
}

static PyObject *units_get_fid(gmpy_units *o, void *c)
{
    (void)c;
    return gmpy_view((PyObject *)o, o->u->fid, NPY_INT64, 1, 0, (npy_intp)o->u->n);
}

static PyObject *units_get_ids(gmpy_units *o, void *c)
{
    (void)c;
    if (!o->ids) {
        PyObject *t = PyTuple_New((Py_ssize_t)o->u->n);
        for (size_t i = 0; t && i < o->u->n; i++) {
            PyObject *s = str_or_none(o->u->id[i]);
            if (!s) Py_CLEAR(t);
            else PyTuple_SET_ITEM(t, (Py_ssize_t)i, s);
        }
        o->ids = t;
    }
    Py_XINCREF(o->ids);
    return o->ids;
}

static PyObject *units_get_parties(gmpy_units *o, void *c)
{
    (void)c;
    PyObject *t = PyTuple_New((Py_ssize_t)o->u->n_parties);
    for (size_t p = 0; t && p < o->u->n_parties; p++) {
        PyObject *s = str_or_none(o->u->party[p]);
        if (!s) Py_CLEAR(t);
        else PyTuple_SET_ITEM(t, (Py_ssize_t)p, s);
    }
    return t;
}

static PyObject *units_get_vote_fields(gmpy_units *o, void *c)
{
    (void)c;
    PyObject *d = PyDict_New();
    for (size_t p = 0; d && p < o->u->n_parties; p++) {
        PyObject *s = str_or_none(o->u->vote_field[p]);
        if (!s || PyDict_SetItemString(d, o->u->party[p], s) < 0) Py_CLEAR(d);
        Py_XDECREF(s);
    }
    return d;
}

static PyObject *units_get_warnings(gmpy_units *o, void *c)
{
    (void)c;
    return gmpy_warnings_list(&o->u->warnings);
}

static PyObject *units_get_has_geometry(gmpy_units *o, void *c)
{
    (void)c;
    return PyBool_FromLong(o->u->geom != NULL);
}

#define UNITS_STR(name, field)                                   \
    static PyObject *units_get_##name(gmpy_units *o, void *c)    \
    {                                                            \
        (void)c;                                                 \
        return str_or_none(o->u->field);                         \
    }
UNITS_STR(source, source)
UNITS_STR(layer, layer)
UNITS_STR(pop_field, pop_field)
UNITS_STR(id_field, id_field)
UNITS_STR(where, where)
UNITS_STR(no_geometry, no_geometry)
UNITS_STR(order_key, order_key)

static PyGetSetDef units_getset[] = {
    {"n", (getter)units_get_n, NULL, "number of units", NULL},
    {"pop", (getter)units_get_pop, NULL,
     "population per unit: a read-only numpy view of the engine's column (no copy)", NULL},
    {"votes", (getter)units_get_votes, NULL,
     "votes per party: {party: read-only numpy view of the engine's column}", NULL},
    {"vote_matrix", (getter)units_get_vote_matrix, NULL,
     "votes as one parties x units read-only view (party-major, as the engine holds them)", NULL},
    {"fid", (getter)units_get_fid, NULL, "OGR feature id of each unit (read-only view)", NULL},
    {"ids", (getter)units_get_ids, NULL,
     "unit ids (the id field, else feature ids) as a tuple of str", NULL},
    {"parties", (getter)units_get_parties, NULL, "party names, in the order given", NULL},
    {"vote_fields", (getter)units_get_vote_fields, NULL, "{party: field}", NULL},
    {"warnings", (getter)units_get_warnings, NULL, "warnings of the load: [{code, message}]", NULL},
    {"has_geometry", (getter)units_get_has_geometry, NULL, "geometry was loaded", NULL},
    {"no_geometry", (getter)units_get_no_geometry, NULL,
     "why geometry asked for as optional was not loaded, or None", NULL},
    {"source", (getter)units_get_source, NULL, "the path as given", NULL},
    {"layer", (getter)units_get_layer, NULL, "the layer read", NULL},
    {"pop_field", (getter)units_get_pop_field, NULL, "population field, or None", NULL},
    {"id_field", (getter)units_get_id_field, NULL, "id field, or None (feature ids)", NULL},
    {"where", (getter)units_get_where, NULL, "attribute filter, or None", NULL},
    {"order_key", (getter)units_get_order_key, NULL, "the field identifying the unit order", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

PyObject *gmpy_units_graph(gmpy_units *o)
{
    if (o->graph) return o->graph;
    if (!o->u->geom)
        return gmpy_usage("the units %s have no geometry (%s): load them with geometry=True, or "
                          "give a graph file (gerrymeter.Graph.from_networkx_json)",
                          o->u->source, o->u->no_geometry ? o->u->no_geometry : "not loaded");
    gm_graph *g = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(o->geom, WAIT_LOCK);
    st = gm_graph_build(o->u, NULL, &g, &err);
    PyThread_release_lock(o->geom);
    Py_END_ALLOW_THREADS
    if (st != GM_OK) return gmpy_raise(&err);
    if (o->graph) { /* another thread built it meanwhile */
        gm_graph_destroy(g);
        return o->graph;
    }
    o->graph = gmpy_graph_wrap(g, "built from the unit geometry");
    return o->graph;
}

static PyObject *units_graph(gmpy_units *o, PyObject *noargs)
{
    (void)noargs;
    PyObject *g = gmpy_units_graph(o);
    Py_XINCREF(g);
    return g;
}

/* Addresses of the engine's columns, for tests that the views are not copies. */
static PyObject *units_addresses(gmpy_units *o, PyObject *noargs)
{
    (void)noargs;
    return Py_BuildValue("{s:n,s:n,s:n}", "pop", (Py_ssize_t)(uintptr_t)o->u->pop, "votes",
                         (Py_ssize_t)(uintptr_t)o->u->votes, "fid",
                         (Py_ssize_t)(uintptr_t)o->u->fid);
}

PyArrayObject *gmpy_assignment(PyObject *arg, size_t n)
{
    if (gmpy_numpy() < 0) return NULL;
    PyArrayObject *a = (PyArrayObject *)PyArray_FROM_O(arg);
    if (!a) return NULL;
    if (PyArray_NDIM(a) != 1 || !PyArray_ISINTEGER(a) || (size_t)PyArray_DIM(a, 0) != n) {
        gmpy_usage("a plan array holds one integer district id per unit: expected %zu integers, "
                   "got an array of shape %s%zd%s and dtype %s",
                   n, PyArray_NDIM(a) == 1 ? "(" : "", PyArray_NDIM(a) ? PyArray_DIM(a, 0) : 0,
                   PyArray_NDIM(a) == 1 ? ",)" : " (not 1-D)", PyArray_DESCR(a)->typeobj->tp_name);
        Py_DECREF(a);
        return NULL;
    }
    PyArrayObject *b = (PyArrayObject *)PyArray_FROMANY(
        (PyObject *)a, NPY_INT32, 1, 1, NPY_ARRAY_IN_ARRAY | NPY_ARRAY_FORCECAST);
    PyObject *mn = NULL, *mx = NULL;
    if (b && n) {
        mn = PyArray_Min(a, NPY_MAXDIMS, NULL);
        mx = PyArray_Max(a, NPY_MAXDIMS, NULL);
    }
    Py_DECREF(a);
    if (!b || (n && (!mn || !mx))) goto fail;
    if (n) {
        long long lo = PyLong_AsLongLong(mn), hi = PyLong_AsLongLong(mx);
        if (PyErr_Occurred()) goto fail;
        if (lo < 0 || hi > 65535) {
            gmpy_usage("a plan array holds district ids 0..k-1; this one has %lld", lo < 0 ? lo : hi);
            goto fail;
        }
    }
    Py_XDECREF(mn);
    Py_XDECREF(mx);
    return b;
fail:
    Py_XDECREF(mn);
    Py_XDECREF(mx);
    Py_XDECREF(b);
    return NULL;
}

/* A plan from an array of district ids (labels: a sequence of k str, or None). */
static PyObject *plan_from_array(gmpy_units *o, PyObject *arr, PyObject *labels)
{
    PyArrayObject *a = gmpy_assignment(arr, o->u->n);
    if (!a) return NULL;
    const int32_t *d = (const int32_t *)PyArray_DATA(a);
    size_t k = 0;
    for (size_t i = 0; i < o->u->n; i++)
        if ((size_t)d[i] + 1 > k) k = (size_t)d[i] + 1;
    const char **lab = NULL;
    PyObject *seq = NULL, *res = NULL;
    if (labels && labels != Py_None) {
        seq = PySequence_Fast(labels, "labels must be a sequence of str");
        if (!seq) goto done;
        if ((size_t)PySequence_Fast_GET_SIZE(seq) != k) {
            gmpy_usage("labels: %zd given for a plan of %zu districts", PySequence_Fast_GET_SIZE(seq), k);
            goto done;
        }
        lab = PyMem_Calloc(k ? k : 1, sizeof *lab);
        if (!lab) {
            PyErr_NoMemory();
            goto done;
        }
        for (size_t i = 0; i < k; i++)
            if (!(lab[i] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)i)))) goto done;
    }
    gm_plan *p = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_plan_from_array(o->u->n, d, k, lab, &p, &err) != GM_OK) {
        gmpy_raise(&err);
        goto done;
    }
    res = gmpy_plan_wrap(p, (PyObject *)o);
done:
    PyMem_Free(lab);
    Py_XDECREF(seq);
    Py_DECREF(a);
    return res;
}

static PyObject *units_plan(gmpy_units *o, PyObject *args, PyObject *kw)
{
    static char *kwl[] = {"spec", "join", "district_id", "where", "labels", NULL};
    PyObject *spec = Py_None, *join = NULL, *did = NULL, *where = NULL, *labels = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "|O$OOOO", kwl, &spec, &join, &did, &where, &labels))
        return NULL;
    if (spec != Py_None && !gmpy_is_path(spec)) return plan_from_array(o, spec, labels);
    gm_plan_spec ps;
    memset(&ps, 0, sizeof ps);
    PyObject *b = NULL;
    if (spec == Py_None) {
        ps.kind = GM_PLAN_AT_LARGE;
    } else {
        if (!(b = gmpy_path_bytes(spec))) return NULL;
        ps.source = PyBytes_AS_STRING(b);
        ps.kind = gm_plan_detect(ps.source);
    }
    if (gmpy_opt_str(join, &ps.join_field, "join") ||
        gmpy_opt_str(did, &ps.district_id, "district_id") ||
        gmpy_opt_str(where, &ps.where, "where")) {
        Py_XDECREF(b);
        return NULL;
    }
    if (ps.kind != GM_PLAN_LAYER && (ps.district_id || ps.where)) {
        Py_XDECREF(b);
        return gmpy_usage("district_id and where apply only when the plan is a district layer");
    }
    gm_plan *p = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(o->geom, WAIT_LOCK);
    st = gm_plan_open(o->u, &ps, &p, &err);
    PyThread_release_lock(o->geom);
    Py_END_ALLOW_THREADS
    Py_XDECREF(b);
    if (st != GM_OK) return gmpy_raise(&err);
    return gmpy_plan_wrap(p, (PyObject *)o);
}

PyObject *gmpy_plan_arg(gmpy_units *u, PyObject *arg)
{
    if (PyObject_TypeCheck(arg, &gmpy_PlanType)) {
        gmpy_plan *p = (gmpy_plan *)arg;
        if (p->p->n_units != u->u->n)
            return gmpy_usage("the plan has %zu units and the units %zu: open it over these units "
                              "(units.plan(...))",
                              p->p->n_units, u->u->n);
        Py_INCREF(arg);
        return arg;
    }
    PyObject *a = PyTuple_Pack(1, arg);
    if (!a) return NULL;
    PyObject *r = units_plan(u, a, NULL);
    Py_DECREF(a);
    return r;
}

static PyMethodDef units_methods[] = {
    {"plan", (PyCFunction)(void (*)(void))units_plan, METH_VARARGS | METH_KEYWORDS,
     "plan(spec=None, *, join=None, district_id=None, where=None, labels=None) -> Plan\n\n"
     "spec: a column of the unit layer, an assignment file (id,district; join names the unit\n"
     "id field its first column holds), a district layer (PATH or PATH:LAYER, with\n"
     "district_id), an integer array of one district id per unit (labels: k names), or\n"
     "None for one district holding every unit."},
    {"graph", (PyCFunction)units_graph, METH_NOARGS,
     "graph() -> Graph built from the unit geometry (once; kept with the units)"},
    {"_addresses", (PyCFunction)units_addresses, METH_NOARGS,
     "addresses of the engine's columns (tests: the views are not copies)"},
    {NULL, NULL, 0, NULL}};

PyTypeObject gmpy_UnitsType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gerrymeter.Units",
    .tp_basicsize = sizeof(gmpy_units),
    .tp_dealloc = (destructor)units_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Units loaded by gerrymeter.load_units: columns as read-only numpy views of the "
              "engine's arrays.",
    .tp_methods = units_methods,
    .tp_getset = units_getset,
};

/* ---- Plan ------------------------------------------------------------------------- */

PyObject *gmpy_plan_wrap(gm_plan *p, PyObject *units)
{
    gmpy_plan *o = PyObject_New(gmpy_plan, &gmpy_PlanType);
    if (!o) {
        gm_plan_destroy(p);
        return NULL;
    }
    o->p = p;
    o->units = units ? units : Py_None;
    Py_INCREF(o->units);
    return (PyObject *)o;
}

static void plan_dealloc(gmpy_plan *o)
{
    gm_plan_destroy(o->p);
    Py_XDECREF(o->units);
    PyObject_Free(o);
}

static PyObject *plan_get_k(gmpy_plan *o, void *c)
{
    (void)c;
    return PyLong_FromSize_t(o->p->k);
}

static PyObject *plan_get_district(gmpy_plan *o, void *c)
{
    (void)c;
    return gmpy_view((PyObject *)o, o->p->district, NPY_INT32, 1, 0, (npy_intp)o->p->n_units);
}

static PyObject *plan_get_labels(gmpy_plan *o, void *c)
{
    (void)c;
    PyObject *t = PyTuple_New((Py_ssize_t)o->p->k);
    for (size_t d = 0; t && d < o->p->k; d++) {
        PyObject *s = str_or_none(o->p->label[d]);
        if (!s) Py_CLEAR(t);
        else PyTuple_SET_ITEM(t, (Py_ssize_t)d, s);
    }
    return t;
}

static PyObject *plan_get_source(gmpy_plan *o, void *c)
{
    (void)c;
    return str_or_none(o->p->source);
}

static PyObject *plan_get_warnings(gmpy_plan *o, void *c)
{
    (void)c;
    return gmpy_warnings_list(&o->p->warnings);
}

static PyGetSetDef plan_getset[] = {
    {"k", (getter)plan_get_k, NULL, "number of districts", NULL},
    {"district", (getter)plan_get_district, NULL,
     "district index (0..k-1) of each unit: a read-only int32 view of the engine's array", NULL},
    {"labels", (getter)plan_get_labels, NULL, "district labels, in natural order", NULL},
    {"source", (getter)plan_get_source, NULL, "what the plan was read from", NULL},
    {"warnings", (getter)plan_get_warnings, NULL, "warnings of opening it", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMemberDef plan_members[] = {
    {"units", T_OBJECT, offsetof(gmpy_plan, units), READONLY, "the Units it was opened over"},
    {NULL, 0, 0, 0, NULL}};

PyTypeObject gmpy_PlanType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gerrymeter.Plan",
    .tp_basicsize = sizeof(gmpy_plan),
    .tp_dealloc = (destructor)plan_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A districting plan over loaded units (Units.plan).",
    .tp_getset = plan_getset,
    .tp_members = plan_members,
};
