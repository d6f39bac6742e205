/* args.c: the argument conversions the module's functions share: paths (str, bytes or
 * os.PathLike, as the file system encodes them) and optional str options. */
#include "gmpy.h"

int gmpy_is_path(PyObject *o)
{
    return PyUnicode_Check(o) || PyBytes_Check(o) || PyObject_HasAttrString(o, "__fspath__");
}

PyObject *gmpy_path_bytes(PyObject *o)
{
    PyObject *b = NULL;
    if (!PyUnicode_FSConverter(o, &b)) return NULL;
    return b;
}

int gmpy_opt_str(PyObject *o, const char **out, const char *what)
{
    *out = NULL;
    if (!o || o == Py_None) return 0;
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str, not %.80s", what, Py_TYPE(o)->tp_name);
        return -1;
    }
    return (*out = PyUnicode_AsUTF8(o)) ? 0 : -1;
}
