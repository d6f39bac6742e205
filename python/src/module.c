/* module.c: the _gerrymeter module: its functions, errors, numpy and set-up. */
#define GMPY_MODULE_C
#include "gmpy.h"

#include <stdarg.h>
#include <stdio.h>

PyObject *gmpy_Error, *gmpy_DataError, *gmpy_UsageError;
static int numpy_ok;

PyObject *gmpy_raise(const gm_error *err)
{
    PyObject *type = err->code == GM_E_ARG ? gmpy_UsageError : gmpy_DataError;
    if (err->code == GM_E_NOMEM) return PyErr_NoMemory();
    const char *msg = err->msg[0] ? err->msg : gm_status_str(err->code);
    PyObject *exc = PyObject_CallFunction(type, "s", msg);
    if (!exc) return NULL;
    PyObject *code = PyUnicode_FromString(gm_status_str(err->code));
    PyObject *hint = PyUnicode_FromString(gm_hint_name(err->hint));
    if (code && hint && !PyObject_SetAttrString(exc, "code", code) &&
        !PyObject_SetAttrString(exc, "hint", hint))
        PyErr_SetObject(type, exc);
    Py_XDECREF(code);
    Py_XDECREF(hint);
    Py_DECREF(exc);
    return NULL;
}

PyObject *gmpy_usage(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    gm_error err = {GM_E_ARG, GM_HINT_NONE, ""};
    snprintf(err.msg, sizeof err.msg, "%s", buf);
    return gmpy_raise(&err);
}

int gmpy_numpy(void)
{
    if (numpy_ok) return 0;
    if (_import_array() < 0) {
        PyErr_SetString(PyExc_ImportError,
                        "gerrymeter needs numpy (Debian: apt-get install python3-numpy)");
        return -1;
    }
    numpy_ok = 1;
    return 0;
}

PyObject *gmpy_view(PyObject *owner, void *data, int typenum, int nd, npy_intp rows, npy_intp n)
{
    if (gmpy_numpy() < 0) return NULL;
    npy_intp dims[2] = {rows, n};
    if (nd == 1) dims[0] = n;
    static double empty[1];
    PyObject *a = PyArray_SimpleNewFromData(nd, dims, typenum, data ? data : (void *)empty);
    if (!a) return NULL;
    PyArray_CLEARFLAGS((PyArrayObject *)a, NPY_ARRAY_WRITEABLE);
    Py_INCREF(owner);
    if (PyArray_SetBaseObject((PyArrayObject *)a, owner) < 0) {
        Py_DECREF(a);
        return NULL;
    }
    return a;
}

PyObject *gmpy_warnings_list(const gm_warnings *w)
{
    PyObject *l = PyList_New(0);
    for (size_t i = 0; l && w && i < w->n; i++) {
        PyObject *d = Py_BuildValue("{s:s,s:s}", "code", w->code[i], "message", w->msg[i]);
        if (!d || PyList_Append(l, d) < 0) Py_CLEAR(l);
        Py_XDECREF(d);
    }
    return l;
}

/* gerrymeter._gerrymeter.version(): the library's version and those it links. */
static PyObject *gmpy_version(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return Py_BuildValue("(ss)", gm_version(), gm_deps_version());
}

#define KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

static PyMethodDef methods[] = {
    {"load_units", KW(gmpy_load_units),
     "load_units(path, pop=None, votes=None, id=None, layer=None, where=None, crs=None,\n"
     "           geometry=None, negative_votes='error') -> Units"},
    {"score", KW(gmpy_score), "score(units, plan, graph=None, contiguity=True, compactness=False) -> dict"},
    {"partisan", KW(gmpy_partisan),
     "partisan(a_votes, b_votes, convention='gerrymeter', parties=('D', 'R'), labels=None) -> dict"},
    {"compactness", KW(gmpy_compactness), "compactness(units, plan, graph=None, convention='gerrymeter') -> dict: the districts\n"
     "dissolved from the units by the plan; compactness(path, id=, where=, layer=, crs=,\n"
     "convention=) -> dict: the districts of a polygon layer (`gerrymeter compactness`)"},
    {"score_ensemble", KW(gmpy_score_ensemble), "see gerrymeter.score_ensemble"},
    {"generate", KW(gmpy_generate), "see gerrymeter.generate"},
    {"plan_scores", KW(gmpy_plan_scores), "plan_scores(units, assignment, graph=None) -> dict"},
    {"tally", KW(gmpy_tally), "tally(units, assignment) -> (pop[k], votes[parties, k], units[k])"},
    {"metrics", (PyCFunction)gmpy_metrics, METH_VARARGS, "metrics(family) -> list of dicts"},
    {"version", gmpy_version, METH_NOARGS, "version() -> (library, dependencies)"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moddef = {PyModuleDef_HEAD_INIT, "_gerrymeter",
                                    "The gerrymeter engine (libgerrymeter) for Python.", -1,
                                    methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__gerrymeter(void);
PyMODINIT_FUNC PyInit__gerrymeter(void)
{
    /* numpy: imported now when it is there; a module without it still imports, and its
     * functions say what is missing */
    if (_import_array() < 0) PyErr_Clear();
    else numpy_ok = 1;
    gm_init();
    PyObject *m = PyModule_Create(&moddef);
    if (!m) return NULL;
    gmpy_Error = PyErr_NewExceptionWithDoc("gerrymeter.Error",
                                           "An error of the gerrymeter engine: the message names "
                                           "the input and the fix; .code and .hint say which.",
                                           NULL, NULL);
    gmpy_DataError = PyErr_NewExceptionWithDoc(
        "gerrymeter.DataError", "Input missing, unreadable or invalid (the CLI's exit 1).",
        gmpy_Error, NULL);
    gmpy_UsageError = PyErr_NewExceptionWithDoc(
        "gerrymeter.UsageError", "A bad argument (the CLI's exit 2).", gmpy_Error, NULL);
    if (!gmpy_Error || !gmpy_DataError || !gmpy_UsageError) goto fail;
    if (PyType_Ready(&gmpy_UnitsType) < 0 || PyType_Ready(&gmpy_PlanType) < 0 ||
        PyType_Ready(&gmpy_GraphType) < 0 || PyType_Ready(&gmpy_GenType) < 0)
        goto fail;
    Py_INCREF(gmpy_Error);
    Py_INCREF(gmpy_DataError);
    Py_INCREF(gmpy_UsageError);
    if (PyModule_AddObject(m, "Error", gmpy_Error) < 0 ||
        PyModule_AddObject(m, "DataError", gmpy_DataError) < 0 ||
        PyModule_AddObject(m, "UsageError", gmpy_UsageError) < 0)
        goto fail;
    Py_INCREF(&gmpy_UnitsType);
    Py_INCREF(&gmpy_PlanType);
    Py_INCREF(&gmpy_GraphType);
    if (PyModule_AddObject(m, "Units", (PyObject *)&gmpy_UnitsType) < 0 ||
        PyModule_AddObject(m, "Plan", (PyObject *)&gmpy_PlanType) < 0 ||
        PyModule_AddObject(m, "Graph", (PyObject *)&gmpy_GraphType) < 0)
        goto fail;
    if (PyModule_AddStringConstant(m, "__version__", gm_version()) < 0) goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
