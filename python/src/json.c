/* json.c: dicts and lists built with the calls of the CLI's JSON writer (cli/out.h), so
 * that a result is built by the same sequence of keys and values the CLI writes, and
 * holds what json.loads of the CLI's output would: NaN and infinities are None, whole
 * numbers below 1e15 are int (the writer prints them without a decimal point). */
#include "gmpy.h"

#include <math.h>

void gmpy_json_init(gmpy_json *j)
{
    memset(j, 0, sizeof *j);
}

/* Put v (stolen) under key in the open dict, or append it to the open list. */
void gmpy_json_put(gmpy_json *j, const char *key, PyObject *v)
{
    if (j->failed || !v) {
        Py_XDECREF(v);
        j->failed = true;
        return;
    }
    if (j->depth == 0) { /* the top value */
        Py_XDECREF(j->root);
        j->root = v;
        return;
    }
    PyObject *top = j->stack[j->depth - 1];
    int rc = PyDict_Check(top) ? PyDict_SetItemString(top, key ? key : "", v)
                               : PyList_Append(top, v);
    Py_DECREF(v);
    if (rc < 0) j->failed = true;
}

static void open_container(gmpy_json *j, const char *key, PyObject *c)
{
    if (j->failed || !c || j->depth == GMPY_JSON_DEPTH) {
        Py_XDECREF(c);
        if (!j->failed && c) PyErr_SetString(PyExc_RecursionError, "result nested too deeply");
        j->failed = true;
        return;
    }
    Py_INCREF(c);
    gmpy_json_put(j, key, c); /* the parent holds one reference, the stack the other */
    if (j->failed) {
        Py_DECREF(c);
        return;
    }
    j->stack[j->depth++] = c;
}

static void close_container(gmpy_json *j)
{
    if (j->failed || j->depth == 0) return;
    PyObject *c = j->stack[--j->depth];
    if (j->depth == 0) {
        Py_XDECREF(j->root);
        j->root = c; /* the stack's reference becomes the root's */
        return;
    }
    Py_DECREF(c);
}

void gmpy_json_obj(gmpy_json *j, const char *key)
{
    if (j->depth == 0 && !j->failed) {
        PyObject *d = PyDict_New();
        if (!d) {
            j->failed = true;
            return;
        }
        j->stack[j->depth++] = d;
        return;
    }
    open_container(j, key, PyDict_New());
}

void gmpy_json_arr(gmpy_json *j, const char *key)
{
    if (j->depth == 0 && !j->failed) {
        PyObject *l = PyList_New(0);
        if (!l) {
            j->failed = true;
            return;
        }
        j->stack[j->depth++] = l;
        return;
    }
    open_container(j, key, PyList_New(0));
}

void gmpy_json_end_obj(gmpy_json *j)
{
    close_container(j);
}

void gmpy_json_end_arr(gmpy_json *j)
{
    close_container(j);
}

void gmpy_json_str(gmpy_json *j, const char *key, const char *v)
{
    if (!v) {
        gmpy_json_null(j, key);
        return;
    }
    gmpy_json_put(j, key, PyUnicode_DecodeUTF8(v, (Py_ssize_t)strlen(v), "replace"));
}

void gmpy_json_num(gmpy_json *j, const char *key, double v)
{
    if (!isfinite(v)) {
        gmpy_json_null(j, key);
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        gmpy_json_put(j, key, PyLong_FromLongLong((long long)v));
        return;
    }
    gmpy_json_put(j, key, PyFloat_FromDouble(v));
}

void gmpy_json_int(gmpy_json *j, const char *key, long long v)
{
    gmpy_json_put(j, key, PyLong_FromLongLong(v));
}

void gmpy_json_bool(gmpy_json *j, const char *key, bool v)
{
    gmpy_json_put(j, key, PyBool_FromLong(v));
}

void gmpy_json_null(gmpy_json *j, const char *key)
{
    Py_INCREF(Py_None);
    gmpy_json_put(j, key, Py_None);
}

PyObject *gmpy_json_finish(gmpy_json *j)
{
    while (j->depth > 0) Py_DECREF(j->stack[--j->depth]);
    if (j->failed) {
        Py_CLEAR(j->root);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return NULL;
    }
    PyObject *r = j->root;
    j->root = NULL;
    if (!r) Py_RETURN_NONE;
    return r;
}

static void jo_obj(void *j, const char *key) { gmpy_json_obj(j, key); }
static void jo_end_obj(void *j) { gmpy_json_end_obj(j); }
static void jo_arr(void *j, const char *key) { gmpy_json_arr(j, key); }
static void jo_end_arr(void *j) { gmpy_json_end_arr(j); }
static void jo_str(void *j, const char *key, const char *v) { gmpy_json_str(j, key, v); }
static void jo_num(void *j, const char *key, double v) { gmpy_json_num(j, key, v); }
static void jo_int(void *j, const char *key, long long v) { gmpy_json_int(j, key, v); }
static void jo_bool(void *j, const char *key, bool v) { gmpy_json_bool(j, key, v); }
static void jo_null(void *j, const char *key) { gmpy_json_null(j, key); }

static const gm_json_ops json_ops = {jo_obj, jo_end_obj, jo_arr, jo_end_arr, jo_str,
                                     jo_num, jo_int,     jo_bool, jo_null};

gm_json_out gmpy_json_out(gmpy_json *j)
{
    return (gm_json_out){&json_ops, j};
}
