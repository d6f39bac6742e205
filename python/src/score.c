/* score.c: score(), partisan() and compactness(): one plan's numbers as dicts with the
 * keys of the CLI's JSON (`gerrymeter score|partisan|compactness --format json`). The
 * engine computes everything (tallies, gm_partisan_score, gm_popdev_compute, the district
 * summary, contiguity, gm_compact_from_plan) and writes the parts both share through
 * gmpy_json_out (the score document, gm_score_json_*; the partisan rows and favours,
 * gm_partisan_json_*; the compactness object, gm_compact_json); the metric keys are the
 * registry's rows (gm_metric.h). */
#include "gmpy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void warnings_json(gmpy_json *j, const gm_warnings *w)
{
    gmpy_json_put(j, "warnings", gmpy_warnings_list(w));
}

/* Compactness of a plan's districts dissolved from the units (GIL released). */
static gm_compact *compact_of(gmpy_units *u, const gm_plan *p, const gm_graph *g,
                              gm_convention conv, gm_error *err)
{
    gm_compact_opts co;
    gm_compact_opts_init(&co);
    co.graph = g;
    co.convention = conv;
    gm_compact *c = NULL;
    gm_status st;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(u->geom, WAIT_LOCK);
    st = gm_compact_from_plan(u->u, p, &co, &c, err);
    PyThread_release_lock(u->geom);
    Py_END_ALLOW_THREADS
    return st == GM_OK ? c : NULL;
}

/* A Graph argument (None: NULL, no error). */
static int graph_arg(PyObject *o, gmpy_graph **g)
{
    *g = NULL;
    if (!o || o == Py_None) return 0;
    if (!PyObject_TypeCheck(o, &gmpy_GraphType)) {
        PyErr_Format(PyExc_TypeError, "graph must be a gerrymeter.Graph, not %.80s", Py_TYPE(o)->tp_name);
        return -1;
    }
    *g = (gmpy_graph *)o;
    return 0;
}

/* The graph a plan's units are checked and measured on: the one given (checked against
 * the units, as the CLI's --graph FILE) or the units' own, built from their geometry. */
static int units_graph_for(gmpy_units *u, gmpy_graph *given, const gm_graph **out,
                           const char **source, gm_warnings *w)
{
    if (given) {
        gm_error err;
        gm_error_clear(&err);
        if (gm_graph_check_units(given->g, u->u, given->source, w, NULL, &err) != GM_OK) {
            gmpy_raise(&err);
            return -1;
        }
        *out = given->g;
        *source = given->source;
        return 0;
    }
    PyObject *g = gmpy_units_graph(u);
    if (!g) return -1;
    *out = ((gmpy_graph *)g)->g;
    *source = ((gmpy_graph *)g)->source;
    return 0;
}

static int units_arg(PyObject *o, gmpy_units **u)
{
    if (!PyObject_TypeCheck(o, &gmpy_UnitsType)) {
        PyErr_Format(PyExc_TypeError, "units must be gerrymeter.Units (gerrymeter.load_units), not %.80s",
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    *u = (gmpy_units *)o;
    return 0;
}

/* ---- score ------------------------------------------------------------------------ */

/* Everything one score computes (the CLI's `score` struct). */
typedef struct score {
    const gm_units *u;
    const gm_plan *p;
    gm_plan_summary sum;        /* tally, deviation, winners, shares, partisan metrics */
    gm_compact *compact;
    const gm_graph *graph;
    const char *graph_source;
    const char *no_contiguity;
    gm_contiguity *contig;
    gm_warnings warnings;
} score;

static int compute(score *s, gm_error *err)
{
    return gm_plan_summary_compute(s->u, s->p, &s->sum, &s->warnings, err) == GM_OK ? 0 : -1;
}

static PyObject *score_dict(const score *s)
{
    gm_score_doc doc = {.u = s->u, .p = s->p, .sum = &s->sum, .contig = s->contig,
                        .graph = s->graph, .graph_source = s->graph_source,
                        .no_contiguity = s->no_contiguity};
    gmpy_json jj, *j = &jj;
    gmpy_json_init(j);
    gm_json_out o = gmpy_json_out(j);
    gmpy_json_obj(j, NULL);
    gm_score_json_head(&o, &doc);
    gm_score_json_districts(&o, &doc);
    if (s->compact) gm_compact_json(&o, "compactness", s->compact);
    warnings_json(j, &s->warnings);
    gmpy_json_end_obj(j);
    return gmpy_json_finish(j);
}

PyObject *gmpy_score(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"units", "plan", "graph", "contiguity", "compactness", NULL};
    PyObject *uo, *po, *go = Py_None;
    int contiguity = 1, compactness = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|$Opp", kwl, &uo, &po, &go, &contiguity, &compactness))
        return NULL;
    gmpy_units *u;
    gmpy_graph *given;
    if (units_arg(uo, &u) < 0 || graph_arg(go, &given) < 0) return NULL;
    if (given && !contiguity)
        return gmpy_usage("graph is for the contiguity check; leave out contiguity=False");
    PyObject *plan = gmpy_plan_arg(u, po), *res = NULL;
    if (!plan) return NULL;
    score s;
    memset(&s, 0, sizeof s);
    s.u = u->u;
    s.p = ((gmpy_plan *)plan)->p;
    gm_error err;
    gm_error_clear(&err);
    if (gm_warnings_merge(&s.warnings, &s.u->warnings) || gm_warnings_merge(&s.warnings, &s.p->warnings)) {
        PyErr_NoMemory();
        goto done;
    }
    s.no_contiguity = !contiguity ? "contiguity=False" : s.u->no_geometry;
    if (contiguity && (given || s.u->geom)) {
        if (units_graph_for(u, given, &s.graph, &s.graph_source, &s.warnings) < 0) goto done;
        gm_status st;
        Py_BEGIN_ALLOW_THREADS
        st = gm_contiguity_compute(s.graph, s.p->district, s.p->k, &s.contig, &err);
        Py_END_ALLOW_THREADS
        if (st != GM_OK) {
            gmpy_raise(&err);
            goto done;
        }
        if (gm_contiguity_warn(s.contig, (const char *const *)s.u->id,
                               (const char *const *)s.p->label, &s.warnings) != GM_OK) {
            PyErr_NoMemory();
            goto done;
        }
    }
    if (!contiguity && !s.no_contiguity) s.no_contiguity = "contiguity=False";
    if (!s.contig && !s.no_contiguity) s.no_contiguity = "the units were loaded without geometry";
    if (compute(&s, &err)) {
        gmpy_raise(&err);
        goto done;
    }
    if (compactness) {
        if (!(s.compact = compact_of(u, s.p, s.graph, GM_CONV_GERRYMETER, &err))) {
            gmpy_raise(&err);
            goto done;
        }
        if (gm_warnings_merge(&s.warnings, &s.compact->warnings)) {
            PyErr_NoMemory();
            goto done;
        }
    }
    res = score_dict(&s);
done:
    gm_warnings_free(&s.warnings);
    gm_plan_summary_free(&s.sum);
    gm_compact_destroy(s.compact);
    gm_contiguity_destroy(s.contig);
    Py_DECREF(plan);
    return res;
}

/* ---- compactness ------------------------------------------------------------------ */

/* Compactness of the districts of a polygon layer (`gerrymeter compactness DISTRICTS`). */
static PyObject *compactness_of_layer(PyObject *path, PyObject *id, PyObject *where,
                                      PyObject *layer, PyObject *crs, gm_convention conv)
{
    PyObject *b = gmpy_path_bytes(path);
    if (!b) return NULL;
    gm_compact_opts co;
    gm_compact_opts_init(&co);
    co.convention = conv;
    PyObject *strs[4] = {id, where, layer, crs};
    const char **dst[4] = {&co.id_field, &co.where, &co.layer, &co.crs};
    for (int i = 0; i < 4; i++) {
        if (!strs[i] || strs[i] == Py_None) continue;
        if (!(*dst[i] = PyUnicode_AsUTF8(strs[i]))) {
            Py_DECREF(b);
            return NULL;
        }
    }
    gm_compact *c = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_status st;
    const char *p = PyBytes_AS_STRING(b);
    Py_BEGIN_ALLOW_THREADS
    st = gm_compact_from_layer(p, &co, &c, &err);
    Py_END_ALLOW_THREADS
    Py_DECREF(b);
    if (st != GM_OK) return gmpy_raise(&err);
    gmpy_json jj;
    gmpy_json_init(&jj);
    gmpy_json_obj(&jj, NULL);
    gmpy_json_str(&jj, "gerrymeter", gm_version());
    gm_json_out o = gmpy_json_out(&jj);
    gm_compact_json(&o, "compactness", c);
    warnings_json(&jj, &c->warnings);
    gmpy_json_end_obj(&jj);
    gm_compact_destroy(c);
    return gmpy_json_finish(&jj);
}

PyObject *gmpy_compactness(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"units", "plan", "graph", "convention", "id", "where", "layer", "crs", NULL};
    PyObject *uo, *po = Py_None, *go = Py_None, *id = NULL, *where = NULL, *layer = NULL, *crs = NULL;
    const char *conv = "gerrymeter";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|O$OsOOOO", kwl, &uo, &po, &go, &conv, &id, &where,
                                     &layer, &crs))
        return NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_convention c;
    if (gm_convention_parse(conv, &c, &err) != GM_OK) return gmpy_raise(&err);
    if (!PyObject_TypeCheck(uo, &gmpy_UnitsType)) {
        if (po != Py_None || go != Py_None)
            return gmpy_usage("compactness(PATH, ...) measures a district layer: plan and graph "
                              "are for units (compactness(units, plan))");
        return compactness_of_layer(uo, id, where, layer, crs, c);
    }
    gmpy_units *u = (gmpy_units *)uo;
    gmpy_graph *given;
    if (graph_arg(go, &given) < 0) return NULL;
    if (po == Py_None) return gmpy_usage("compactness(units, plan): name the plan");
    if ((id && id != Py_None) || (where && where != Py_None) || (layer && layer != Py_None) ||
        (crs && crs != Py_None))
        return gmpy_usage("id, where, layer and crs are for a district layer "
                          "(compactness(PATH, ...)); open a plan with units.plan(...)");
    if (!u->u->geom)
        return gmpy_usage("compactness dissolves the units into districts and needs their geometry: "
                          "load them with geometry=True (%s)",
                          u->u->no_geometry ? u->u->no_geometry : "loaded without geometry");
    PyObject *plan = gmpy_plan_arg(u, po), *res = NULL;
    if (!plan) return NULL;
    gm_warnings w = {0};
    const gm_graph *g = NULL;
    const char *gsrc;
    if (units_graph_for(u, given, &g, &gsrc, &w) == 0) {
        gm_compact *cp = compact_of(u, ((gmpy_plan *)plan)->p, g, c, &err);
        if (!cp) {
            gmpy_raise(&err);
        } else {
            gm_warnings_merge(&w, &u->u->warnings);
            gm_warnings_merge(&w, &((gmpy_plan *)plan)->p->warnings);
            gm_warnings_merge(&w, &cp->warnings);
            gmpy_json jj;
            gmpy_json_init(&jj);
            gmpy_json_obj(&jj, NULL);
            gmpy_json_str(&jj, "gerrymeter", gm_version());
            gm_json_out o = gmpy_json_out(&jj);
            gm_compact_json(&o, "compactness", cp);
            warnings_json(&jj, &w);
            gmpy_json_end_obj(&jj);
            res = gmpy_json_finish(&jj);
            gm_compact_destroy(cp);
        }
    }
    gm_warnings_free(&w);
    Py_DECREF(plan);
    return res;
}

/* ---- partisan --------------------------------------------------------------------- */

static PyArrayObject *votes_array(PyObject *o, bool copy)
{
    if (gmpy_numpy() < 0) return NULL;
    return (PyArrayObject *)PyArray_FROMANY(o, NPY_DOUBLE, 1, 1,
                                            NPY_ARRAY_IN_ARRAY | (copy ? NPY_ARRAY_ENSURECOPY : 0));
}

/* Districts d of k where what(d) holds, by label. */
static void labels_where(gmpy_json *j, const char *key, const char *const *label, size_t k,
                         const double *a, const double *b, const unsigned char *imputed, int what)
{
    gmpy_json_arr(j, key);
    for (size_t d = 0; d < k; d++) {
        bool z = a[d] + b[d] <= 0;
        bool un = !z && (a[d] == 0 || b[d] == 0);
        bool hit = what == 0 ? z : what == 1 ? un : (imputed && imputed[d]);
        if (hit) gmpy_json_str(j, NULL, label[d]);
    }
    gmpy_json_end_arr(j);
}

PyObject *gmpy_partisan(PyObject *self, PyObject *args, PyObject *kw)
{
    (void)self;
    static char *kwl[] = {"a_votes", "b_votes", "convention", "parties", "labels",
                          "impute_uncontested", "seats_votes_curve", NULL};
    PyObject *ao, *bo, *parties = NULL, *labels = Py_None, *impute = Py_None;
    const char *conv = "gerrymeter";
    int curve = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OO|$sOOOp", kwl, &ao, &bo, &conv, &parties, &labels,
                                     &impute, &curve))
        return NULL;
    const char *pa = "D", *pb = "R";
    if (parties && !PyArg_ParseTuple(parties, "ss;parties: two names, e.g. ('D', 'R')", &pa, &pb))
        return NULL;
    double share = NAN;
    if (impute != Py_None) {
        share = PyFloat_AsDouble(impute);
        if (PyErr_Occurred()) return NULL;
        if (!(share > 0.5 && share <= 1))
            return gmpy_usage("impute_uncontested: the winner's share of an uncontested race, in "
                              "(0.5, 1]; got %g", share);
    }
    gm_error err;
    gm_error_clear(&err);
    gm_partisan_opts po;
    gm_partisan_opts_init(&po);
    if (gm_convention_parse(conv, &po.convention, &err) != GM_OK) return gmpy_raise(&err);
    PyArrayObject *a = votes_array(ao, !isnan(share)), *b = a ? votes_array(bo, !isnan(share)) : NULL;
    PyObject *seq = NULL, *res = NULL;
    char **own = NULL;
    const char **label = NULL;
    unsigned char *imputed = NULL;
    double *v = NULL;
    if (!a || !b) goto done;
    size_t k = (size_t)PyArray_DIM(a, 0);
    if ((size_t)PyArray_DIM(b, 0) != k) {
        gmpy_usage("a_votes has %zu districts and b_votes %zd: give one total per district in each", k,
                   PyArray_DIM(b, 0));
        goto done;
    }
    label = PyMem_Calloc(k ? k : 1, sizeof *label);
    own = PyMem_Calloc(k ? k : 1, sizeof *own);
    imputed = PyMem_Calloc(k ? k : 1, 1);
    if (!label || !own || !imputed) {
        PyErr_NoMemory();
        goto done;
    }
    if (labels != Py_None) {
        if (!(seq = PySequence_Fast(labels, "labels must be a sequence of str"))) goto done;
        if ((size_t)PySequence_Fast_GET_SIZE(seq) != k) {
            gmpy_usage("labels: %zd given for %zu districts", PySequence_Fast_GET_SIZE(seq), k);
            goto done;
        }
        for (size_t d = 0; d < k; d++)
            if (!(label[d] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)d)))) goto done;
    } else {
        for (size_t d = 0; d < k; d++) {
            if (!(own[d] = PyMem_Malloc(24))) {
                PyErr_NoMemory();
                goto done;
            }
            snprintf(own[d], 24, "%zu", d + 1);
            label[d] = own[d];
        }
    }
    double *A = (double *)PyArray_DATA(a), *B = (double *)PyArray_DATA(b);
    size_t n_imputed = 0;
    if (!isnan(share)) n_imputed = gm_impute_uncontested(A, B, k, share, imputed);
    (void)n_imputed;
    gm_partisan p;
    if (gm_partisan_score(A, B, k, &po, &p, &err) != GM_OK) {
        gmpy_raise(&err);
        goto done;
    }
    gmpy_json jj, *j = &jj;
    gmpy_json_init(j);
    gmpy_json_obj(j, NULL);
    gmpy_json_str(j, "gerrymeter", gm_version());
    gmpy_json_str(j, "convention", gm_convention_name(po.convention));
    gmpy_json_arr(j, "parties");
    gmpy_json_str(j, NULL, pa);
    gmpy_json_str(j, NULL, pb);
    gmpy_json_end_arr(j);
    gmpy_json_str(j, "share_party", pa);
    /* the rest as one group of `gerrymeter partisan --format json` */
    gmpy_json_int(j, "districts", (long long)p.k);
    gmpy_json_int(j, "districts_counted", (long long)p.k_counted);
    gmpy_json_int(j, "zero_vote_districts", (long long)p.k_zero);
    labels_where(j, "zero_vote_district_ids", label, k, A, B, NULL, 0);
    gmpy_json_obj(j, "seats");
    gmpy_json_num(j, pa, p.seats_a);
    gmpy_json_num(j, pb, p.seats_b);
    gmpy_json_num(j, "ties", p.ties);
    gmpy_json_end_obj(j);
    gm_metric_in in = {.k = k, .a = A, .b = B, .cut_edges = NAN};
    gm_json_out o = gmpy_json_out(j);
    gm_partisan_json_metrics(&o, &p, &in);
    gmpy_json_int(j, "uncontested", (long long)p.uncontested);
    labels_where(j, "uncontested_districts", label, k, A, B, NULL, 1);
    if (!isnan(share)) labels_where(j, "imputed_districts", label, k, A, B, imputed, 2);
    gm_partisan_json_convention(&o, &p);
    gm_partisan_json_favours(&o, &p, &in, pa, pb);
    if (curve) {
        if (!(v = malloc((k ? k : 1) * sizeof *v))) {
            gmpy_json_finish(j);
            PyErr_NoMemory();
            goto done;
        }
        size_t n = 0;
        for (size_t d = 0; d < k; d++)
            if (A[d] + B[d] > 0) v[n++] = A[d] / (A[d] + B[d]);
        size_t np = gm_sv_grid_size(po.curve_lo, po.curve_hi, po.curve_step);
        gmpy_json_arr(j, "seats_votes_curve");
        for (size_t i = 0; n && i < np; i++) {
            double x = po.curve_lo + (double)i * po.curve_step;
            gmpy_json_obj(j, NULL);
            gmpy_json_num(j, "vote_share", x);
            gmpy_json_num(j, "seat_share", gm_sv_seat_share(v, n, p.vote_share, x, po.curve_swing,
                                                             po.curve_seats, po.sigma, false));
            gmpy_json_num(j, "mirrored", 1.0 - gm_sv_seat_share(v, n, p.vote_share, 1.0 - x,
                                                                 po.curve_swing, po.curve_seats,
                                                                 po.sigma, false));
            gmpy_json_end_obj(j);
        }
        gmpy_json_end_arr(j);
    }
    gmpy_json_put(j, "warnings", PyList_New(0));
    gmpy_json_end_obj(j);
    res = gmpy_json_finish(j);
done:
    free(v);
    if (own)
        for (size_t d = 0; a && d < (size_t)PyArray_DIM(a, 0); d++) PyMem_Free(own[d]);
    PyMem_Free(own);
    PyMem_Free(label);
    PyMem_Free(imputed);
    Py_XDECREF(seq);
    Py_XDECREF(a);
    Py_XDECREF(b);
    return res;
}

/* ---- the registry ----------------------------------------------------------------- */

PyObject *gmpy_metrics(PyObject *self, PyObject *args)
{
    (void)self;
    const char *fam = "partisan";
    if (!PyArg_ParseTuple(args, "|s", &fam)) return NULL;
    static const char *const names[GM_MF_COUNT] = {"partisan", "plan", "compact", "district"};
    int f = -1;
    for (int i = 0; i < GM_MF_COUNT; i++)
        if (!strcmp(fam, names[i])) f = i;
    if (f < 0) return gmpy_usage("metrics: family is partisan, plan, compact or district; got '%s'", fam);
    PyObject *l = PyList_New(0);
    for (size_t i = 0; l && i < gm_metric_count((gm_metric_family)f); i++) {
        const gm_metric_def *m = gm_metric_get((gm_metric_family)f, i);
        PyObject *d = Py_BuildValue("{s:s,s:s,s:z,s:O,s:O,s:d,s:d,s:z,s:z,s:I}", "key", m->key,
                                    "label", m->label, "abbrev", m->abbrev, "signed",
                                    m->sign == GM_SIGN_B ? Py_True : Py_False, "integer",
                                    m->integer ? Py_True : Py_False, "lo", m->lo, "hi", m->hi,
                                    "anchor", m->anchor, "reading", m->reading, "flags", m->flags);
        if (!d || PyList_Append(l, d) < 0) Py_CLEAR(l);
        Py_XDECREF(d);
    }
    return l;
}
