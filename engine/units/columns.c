/* columns.c: read the features units were loaded from again, only some of their fields
 * (gmi_units_reread: the plan and id columns of gmi_units_read_column, units_load.c;
 * units from a graph file read its nodes, units_graph.c), and numeric columns of them
 * checked value by value (the demographic fields of gm_demo_open). */
#include "units/units_int.h"
#include "core/sbuf.h"
#include "io/ogr_layer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 16

/* Only the fields idx[0..nf) are read: GDAL then skips the geometry and every other
 * field. An optimisation: a driver may refuse it. */
static gm_status read_only(gmi_layer *L, const int *idx, size_t nf, gm_error *err)
{
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(L->lyr);
    int nfl = OGR_FD_GetFieldCount(d);
    const char **ign = calloc((size_t)nfl + 3, sizeof *ign);
    if (!ign) return gm_fail(err, GM_E_NOMEM, "out of memory");
    size_t m = 0;
    for (int i = 0; i < nfl; i++) {
        bool keep = false;
        for (size_t c = 0; c < nf; c++) keep |= idx[c] == i;
        if (!keep) ign[m++] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
    }
    ign[m++] = "OGR_GEOMETRY";
    ign[m++] = "OGR_STYLE";
    OGR_L_SetIgnoredFields(L->lyr, ign);
    free(ign);
    return GM_OK;
}

gm_status gmi_units_reread(const gm_units *u, const char *const *fields, size_t nf,
                           const char *what, gmi_units_row_fn row, void *ctx, gm_error *err)
{
    gmi_layer L;
    OGRFeatureH f = NULL;
    size_t n = 0;
    int idx[MAX_FIELDS];
    gmi_sbuf text[MAX_FIELDS] = {{0}};
    gm_status rc;
    if (nf > MAX_FIELDS) return gm_fail(err, GM_E_ARG, "at most %d fields at once", MAX_FIELDS);
    if (!u->source) return gm_fail(err, GM_E_ARG, "the units do not come from a layer");
    if (u->from_graph) return gmi_nodes_reread(u, fields, nf, what, row, ctx, err);
    if ((rc = gmi_layer_open(u->source, u->layer, u->where, &L, err)) != GM_OK) return rc;
    for (size_t c = 0; c < nf; c++)
        if ((rc = gmi_layer_field(&L, fields[c], what, &idx[c], err)) != GM_OK) goto done;
    if ((rc = read_only(&L, idx, nf, err)) != GM_OK) goto done;
    OGR_L_ResetReading(L.lyr);
    bool read_failed = false;
    while ((f = gmi_layer_next(&L, n, &read_failed, err)) != NULL) {
        /* the same features in the same order, or the layer changed since the load */
        if (n >= u->n || OGR_F_GetFID(f) != u->fid[n]) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: layer '%s' no longer holds the features the units were read "
                         "from (feature %lld); load the units again",
                         L.path, L.name, (long long)OGR_F_GetFID(f));
            goto done;
        }
        gmi_cell cells[MAX_FIELDS];
        char num[64];
        for (size_t c = 0; c < nf; c++) {
            /* copied: GDAL's text of a number lasts only until the next field's */
            text[c].len = 0;
            gmi_sbuf_puts(&text[c], gmi_field_text(f, idx[c], num, sizeof num));
            if (text[c].oom) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            cells[c].text = text[c].s;
            cells[c].num = 0;
            cells[c].num_rc = gmi_field_number(f, idx[c], &cells[c].num);
            cells[c].is_text = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, idx[c])) == OFTString;
        }
        if ((rc = row(ctx, cells, n, L.path, err)) != GM_OK) goto done;
        OGR_F_Destroy(f);
        f = NULL;
        n++;
    }
    if (read_failed) {
        rc = GM_E_IO;
        goto done;
    }
    if (n != u->n) {
        rc = gm_fail(err, GM_E_DATA,
                     "%s: layer '%s' holds %zu features, the units %zu; load the units again",
                     L.path, L.name, n, u->n);
        goto done;
    }
    rc = row(ctx, NULL, n, L.path, err);
done:
    for (size_t c = 0; c < nf; c++) gmi_sbuf_free(&text[c]);
    if (f) OGR_F_Destroy(f);
    gmi_layer_close(&L);
    return rc;
}

/* Up to 5 unit ids of the bad units of one kind, and their count. */
typedef struct bad_units {
    size_t n;
    char list[256];
} bad_units;

static void bad_add(bad_units *b, const gm_units *u, size_t i)
{
    if (b->n++ >= 5) return;
    size_t l = strlen(b->list);
    snprintf(b->list + l, sizeof b->list - l, "%s'%s'", l ? ", " : "", u->id ? u->id[i] : "?");
}

typedef struct numbers {
    const gm_units *u;
    const char *const *fields;
    size_t nf;
    double **cols;
    int bad_field;                /* the first field with a bad value, or -1 */
    bad_units nul, text, neg;     /* its bad units by kind */
} numbers;

static gm_status number_row(void *ctx, const gmi_cell *cells, size_t n, const char *path,
                            gm_error *err)
{
    numbers *x = ctx;
    if (!cells) {
        if (x->bad_field < 0) return GM_OK;
        const bad_units *b = x->nul.n ? &x->nul : x->text.n ? &x->text : &x->neg;
        const char *what = x->nul.n ? "null (empty)" : x->text.n ? "not a number" : "negative";
        return gm_fail(err, GM_E_DATA,
                       "%s: field '%s' is %s for %zu unit%s (%s%s); fill in the counts or leave "
                       "those units out with an attribute filter",
                       path, x->fields[x->bad_field], what, b->n, b->n == 1 ? "" : "s", b->list,
                       b->n > 5 ? ", ..." : "");
    }
    for (size_t c = 0; c < x->nf; c++) {
        double v = cells[c].num;
        int got = cells[c].num_rc;
        bool bad = got != 1 || !isfinite(v) || v < 0;
        if (bad && x->bad_field < 0) x->bad_field = (int)c;
        if (bad && x->bad_field == (int)c) {
            if (got == 0) bad_add(&x->nul, x->u, n);
            else if (got < 0 || !isfinite(v)) bad_add(&x->text, x->u, n);
            else bad_add(&x->neg, x->u, n);
        }
        x->cols[c][n] = got == 1 ? v : 0;
    }
    return GM_OK;
}

gm_status gmi_units_read_numbers(const gm_units *u, const char *const *fields, size_t nf,
                                 double **cols, gm_error *err)
{
    for (size_t c = 0; c < nf; c++) cols[c] = NULL;
    if (nf > MAX_FIELDS) return gm_fail(err, GM_E_ARG, "at most %d numeric columns at once", MAX_FIELDS);
    gm_status rc = GM_OK;
    for (size_t c = 0; c < nf && rc == GM_OK; c++)
        if (!(cols[c] = calloc(u->n ? u->n : 1, sizeof **cols))) rc = gm_fail(err, GM_E_NOMEM, "out of memory");
    numbers x = {.u = u, .fields = fields, .nf = nf, .cols = cols, .bad_field = -1};
    if (rc == GM_OK) rc = gmi_units_reread(u, fields, nf, "demographic", number_row, &x, err);
    if (rc != GM_OK)
        for (size_t c = 0; c < nf; c++) {
            free(cols[c]);
            cols[c] = NULL;
        }
    return rc;
}
