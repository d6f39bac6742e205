/* columns.c: read more numeric columns of the features units were loaded from (the
 * demographic fields of gm_demo_open), checked value by value. */
#include "units/units_int.h"
#include "io/ogr_layer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

gm_status gmi_units_read_numbers(const gm_units *u, const char *const *fields, size_t nf,
                                 double **cols, gm_error *err)
{
    gmi_layer L;
    OGRFeatureH f = NULL;
    size_t n = 0;
    int idx[16];
    gm_status rc;
    for (size_t c = 0; c < nf; c++) cols[c] = NULL;
    if (nf > 16) return gm_fail(err, GM_E_ARG, "at most 16 numeric columns at once");
    if (!u->source) return gm_fail(err, GM_E_ARG, "the units do not come from a layer");
    if ((rc = gmi_layer_open(u->source, u->layer, u->where, &L, err)) != GM_OK) return rc;
    for (size_t c = 0; c < nf; c++)
        if ((rc = gmi_layer_field(&L, fields[c], "demographic", &idx[c], err)) != GM_OK) goto done;
    {
        OGRFeatureDefnH d = OGR_L_GetLayerDefn(L.lyr);
        int nfl = OGR_FD_GetFieldCount(d);
        const char **ign = calloc((size_t)nfl + 3, sizeof *ign);
        if (!ign) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        size_t m = 0;
        for (int i = 0; i < nfl; i++) {
            bool keep = false;
            for (size_t c = 0; c < nf; c++) keep |= idx[c] == i;
            if (!keep) ign[m++] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i));
        }
        ign[m++] = "OGR_GEOMETRY";
        ign[m++] = "OGR_STYLE";
        OGR_L_SetIgnoredFields(L.lyr, ign); /* an optimisation: a driver may refuse it */
        free(ign);
    }
    for (size_t c = 0; c < nf; c++)
        if (!(cols[c] = calloc(u->n ? u->n : 1, sizeof **cols))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    /* the first field with a bad value, and its bad units by kind */
    int bad_field = -1;
    bad_units nul = {0}, text = {0}, neg = {0};
    OGR_L_ResetReading(L.lyr);
    bool read_failed = false;
    while ((f = gmi_layer_next(&L, n, &read_failed, err)) != NULL) {
        if (n >= u->n || OGR_F_GetFID(f) != u->fid[n]) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: layer '%s' no longer holds the features the units were read "
                         "from (feature %lld); load the units again",
                         L.path, L.name, (long long)OGR_F_GetFID(f));
            goto done;
        }
        for (size_t c = 0; c < nf; c++) {
            double v = 0;
            int got = gmi_field_number(f, idx[c], &v);
            bool bad = got != 1 || !isfinite(v) || v < 0;
            if (bad && bad_field < 0) bad_field = (int)c;
            if (bad && bad_field == (int)c) {
                if (got == 0) bad_add(&nul, u, n);
                else if (got < 0 || !isfinite(v)) bad_add(&text, u, n);
                else bad_add(&neg, u, n);
            }
            cols[c][n] = got == 1 ? v : 0;
        }
        OGR_F_Destroy(f);
        f = NULL;
        n++;
    }
    if (read_failed) {
        rc = GM_E_IO;
        goto done;
    }
    if (n != u->n) {
        rc = gm_fail(err, GM_E_DATA, "%s: layer '%s' holds %zu features, the units %zu; load the units again",
                     L.path, L.name, n, u->n);
        goto done;
    }
    if (bad_field >= 0) {
        const bad_units *b = nul.n ? &nul : text.n ? &text : &neg;
        const char *what = nul.n ? "null (empty)" : text.n ? "not a number" : "negative";
        rc = gm_fail(err, GM_E_DATA,
                     "%s: field '%s' is %s for %zu unit%s (%s%s); fill in the counts or leave "
                     "those units out with an attribute filter",
                     L.path, fields[bad_field], what, b->n, b->n == 1 ? "" : "s", b->list,
                     b->n > 5 ? ", ..." : "");
        goto done;
    }
    rc = GM_OK;
done:
    if (f) OGR_F_Destroy(f);
    if (rc != GM_OK)
        for (size_t c = 0; c < nf; c++) {
            free(cols[c]);
            cols[c] = NULL;
        }
    gmi_layer_close(&L);
    return rc;
}
