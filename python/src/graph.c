/* graph.c: Graph (gm_graph): built from unit geometry or read from networkx adjacency
 * JSON (the file `gerrymeter graph` writes), its arrays as read-only numpy views. */
#include "gmpy.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PyObject *gmpy_graph_wrap(gm_graph *g, const char *source)
{
    gmpy_graph *o = PyObject_New(gmpy_graph, &gmpy_GraphType);
    if (!o) {
        gm_graph_destroy(g);
        return NULL;
    }
    o->g = g;
    o->source = strdup(source ? source : "");
    if (!o->source) {
        Py_DECREF(o);
        return PyErr_NoMemory();
    }
    return (PyObject *)o;
}

static void graph_dealloc(gmpy_graph *o)
{
    gm_graph_destroy(o->g);
    free(o->source);
    PyObject_Free(o);
}

static PyObject *graph_build(PyObject *cls, PyObject *args)
{
    (void)cls;
    PyObject *uo;
    if (!PyArg_ParseTuple(args, "O!", &gmpy_UnitsType, &uo)) return NULL;
    PyObject *g = gmpy_units_graph((gmpy_units *)uo);
    Py_XINCREF(g);
    return g;
}

static PyObject *graph_from_json(PyObject *cls, PyObject *args, PyObject *kw)
{
    (void)cls;
    static char *kwl[] = {"path", "units", NULL};
    PyObject *path, *uo = Py_None, *b;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O", kwl, &path, &uo)) return NULL;
    if (uo != Py_None && !PyObject_TypeCheck(uo, &gmpy_UnitsType))
        return PyErr_Format(PyExc_TypeError, "units must be gerrymeter.Units or None");
    if (!(b = gmpy_path_bytes(path))) return NULL;
    const char *p = PyBytes_AS_STRING(b);
    gm_graph *g = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    st = gm_graph_load(p, &g, &err);
    Py_END_ALLOW_THREADS
    if (st == GM_OK && uo != Py_None) {
        gm_warnings w = {0};
        st = gm_graph_check_units(g, ((gmpy_units *)uo)->u, p, &w, NULL, &err);
        gm_warnings_free(&w);
    }
    if (st != GM_OK) {
        gm_graph_destroy(g);
        Py_DECREF(b);
        return gmpy_raise(&err);
    }
    PyObject *r = gmpy_graph_wrap(g, p);
    Py_DECREF(b);
    return r;
}

static PyObject *graph_write_json(gmpy_graph *o, PyObject *args)
{
    PyObject *path, *b;
    if (!PyArg_ParseTuple(args, "O", &path) || !(b = gmpy_path_bytes(path))) return NULL;
    FILE *f = fopen(PyBytes_AS_STRING(b), "w");
    if (!f) {
        PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
        Py_DECREF(b);
        return NULL;
    }
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    st = gm_graph_write_json(o->g, f, &err);
    if (fclose(f) != 0 && st == GM_OK) st = gm_fail(&err, GM_E_IO, "cannot write the graph");
    Py_END_ALLOW_THREADS
    Py_DECREF(b);
    if (st != GM_OK) return gmpy_raise(&err);
    Py_RETURN_NONE;
}

static PyObject *graph_cut_edges(gmpy_graph *o, PyObject *args)
{
    PyObject *arg;
    if (!PyArg_ParseTuple(args, "O", &arg)) return NULL;
    PyArrayObject *a = gmpy_assignment(arg, o->g->n);
    if (!a) return NULL;
    size_t n = gm_graph_cut_edges(o->g, (const int32_t *)PyArray_DATA(a));
    Py_DECREF(a);
    return PyLong_FromSize_t(n);
}

static PyObject *graph_to_networkx(gmpy_graph *o, PyObject *noargs)
{
    (void)noargs;
    PyObject *m = PyImport_ImportModule("gerrymeter._nx");
    if (!m) return NULL;
    PyObject *r = PyObject_CallMethod(m, "to_networkx", "O", (PyObject *)o);
    Py_DECREF(m);
    return r;
}

static PyObject *graph_get_n(gmpy_graph *o, void *c)
{
    (void)c;
    return PyLong_FromSize_t(o->g->n);
}

static PyObject *graph_get_n_edges(gmpy_graph *o, void *c)
{
    (void)c;
    return PyLong_FromSize_t(o->g->n_edges);
}

static PyObject *graph_get_n_components(gmpy_graph *o, void *c)
{
    (void)c;
    return PyLong_FromSize_t(o->g->n_components);
}

static PyObject *graph_get_queen(gmpy_graph *o, void *c)
{
    (void)c;
    return PyBool_FromLong(o->g->queen);
}

static PyObject *graph_get_source(gmpy_graph *o, void *c)
{
    (void)c;
    return PyUnicode_DecodeFSDefault(o->source);
}

static PyObject *graph_get_ids(gmpy_graph *o, void *c)
{
    (void)c;
    PyObject *t = PyTuple_New((Py_ssize_t)o->g->n);
    for (size_t i = 0; t && i < o->g->n; i++) {
        const char *s = o->g->id && o->g->id[i] ? o->g->id[i] : "";
        PyObject *v = PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
        if (!v) Py_CLEAR(t);
        else PyTuple_SET_ITEM(t, (Py_ssize_t)i, v);
    }
    return t;
}

#define GRAPH_VIEW(name, field, type, count)                                                 \
    static PyObject *graph_get_##name(gmpy_graph *o, void *c)                                \
    {                                                                                        \
        (void)c;                                                                             \
        return gmpy_view((PyObject *)o, o->g->field, type, 1, 0, (npy_intp)(count));         \
    }
GRAPH_VIEW(edge_u, edge_u, NPY_UINT32, o->g->n_edges)
GRAPH_VIEW(edge_v, edge_v, NPY_UINT32, o->g->n_edges)
GRAPH_VIEW(edge_length_m, edge_len_m, NPY_DOUBLE, o->g->n_edges)
GRAPH_VIEW(area_m2, area_m2, NPY_DOUBLE, o->g->n)
GRAPH_VIEW(boundary_m, ext_len_m, NPY_DOUBLE, o->g->n)
GRAPH_VIEW(perimeter_m, perim_m, NPY_DOUBLE, o->g->n)
GRAPH_VIEW(component, component, NPY_UINT32, o->g->n)

static PyGetSetDef graph_getset[] = {
    {"n", (getter)graph_get_n, NULL, "nodes (units)", NULL},
    {"n_edges", (getter)graph_get_n_edges, NULL, "undirected edges", NULL},
    {"n_components", (getter)graph_get_n_components, NULL, "connected components", NULL},
    {"queen", (getter)graph_get_queen, NULL, "built with queen adjacency", NULL},
    {"source", (getter)graph_get_source, NULL, "the file read, or how it was built", NULL},
    {"ids", (getter)graph_get_ids, NULL, "unit id of each node", NULL},
    {"edge_u", (getter)graph_get_edge_u, NULL, "smaller endpoint of each edge (view)", NULL},
    {"edge_v", (getter)graph_get_edge_v, NULL, "larger endpoint of each edge (view)", NULL},
    {"edge_length_m", (getter)graph_get_edge_length_m, NULL, "shared boundary, geodesic metres", NULL},
    {"area_m2", (getter)graph_get_area_m2, NULL, "unit area, square metres", NULL},
    {"boundary_m", (getter)graph_get_boundary_m, NULL,
     "boundary shared with no unit (the state border), metres", NULL},
    {"perimeter_m", (getter)graph_get_perimeter_m, NULL, "whole unit boundary, metres", NULL},
    {"component", (getter)graph_get_component, NULL, "connected component of each node", NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static PyMethodDef graph_methods[] = {
    {"build", (PyCFunction)graph_build, METH_VARARGS | METH_CLASS,
     "Graph.build(units) -> the rook adjacency graph of units loaded with geometry"},
    {"from_networkx_json", (PyCFunction)(void (*)(void))graph_from_json,
     METH_VARARGS | METH_KEYWORDS | METH_CLASS,
     "Graph.from_networkx_json(path, units=None) -> the graph `gerrymeter graph` wrote (networkx\n"
     "adjacency JSON); with units, checked to be theirs (same units, same order)"},
    {"write_json", (PyCFunction)graph_write_json, METH_VARARGS,
     "write_json(path): networkx adjacency JSON (GerryChain Graph.from_json reads it)"},
    {"cut_edges", (PyCFunction)graph_cut_edges, METH_VARARGS,
     "cut_edges(assignment) -> edges joining two districts"},
    {"to_networkx", (PyCFunction)graph_to_networkx, METH_NOARGS,
     "to_networkx() -> networkx.Graph with the node and edge attributes of the JSON"},
    {NULL, NULL, 0, NULL}};

PyTypeObject gmpy_GraphType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "gerrymeter.Graph",
    .tp_basicsize = sizeof(gmpy_graph),
    .tp_dealloc = (destructor)graph_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "The unit adjacency graph (gm_graph): Graph.build(units) or "
              "Graph.from_networkx_json(path).",
    .tp_methods = graph_methods,
    .tp_getset = graph_getset,
};
