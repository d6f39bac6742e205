/* graph_attrs.c: unit columns written as node attributes of the graph's JSON (GerryChain
 * keeps a unit's data on its node): read from the units' source as text and kind. */
#include "graph/graph_int.h"
#include "units/units_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK 16 /* fields per pass over the source (gmi_units_reread's limit) */

/* The keys gm_graph_write_json puts on every node itself. */
static const char *const own_keys[] = {"id", "unit_id", "area", "boundary_node", "boundary_perim",
                                       "component"};

typedef struct chunk {
    gmi_graph_attrs *a;
    size_t first; /* the column of cells[0] */
} chunk;

static gm_status attr_row(void *ctx, const gmi_cell *cells, size_t i, const char *path,
                          gm_error *err)
{
    (void)path;
    chunk *k = ctx;
    gmi_graph_attrs *a = k->a;
    if (!cells) return GM_OK;
    for (size_t c = k->first; c < a->nf && c < k->first + CHUNK; c++) {
        const gmi_cell *v = &cells[c - k->first];
        size_t at = c * a->n + i;
        /* a text as a string, a number as a number, anything else (null, not finite) null */
        a->kind[at] = v->is_text                            ? GMI_ATTR_TEXT
                      : v->num_rc == 1 && isfinite(v->num) ? GMI_ATTR_NUMBER
                                                           : GMI_ATTR_NULL;
        if (a->kind[at] != GMI_ATTR_NULL && !(a->text[at] = strdup(v->text)))
            return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    return GM_OK;
}

gm_status gmi_graph_attrs_read(const gm_units *u, const char *const *fields, size_t nf,
                               gmi_graph_attrs *a, gm_error *err)
{
    memset(a, 0, sizeof *a);
    bool key_named = !u->order_key;
    for (size_t f = 0; f < nf; f++) {
        for (size_t k = 0; k < sizeof own_keys / sizeof *own_keys; k++)
            if (!strcasecmp(fields[f], own_keys[k]))
                return gm_fail(err, GM_E_ARG,
                               "'%s' is a key every node of the graph file has already (id, "
                               "unit_id, area, boundary_node, boundary_perim, component); it "
                               "cannot be a unit column's attribute too",
                               fields[f]);
        for (size_t g = 0; g < f; g++)
            if (!strcasecmp(fields[f], fields[g]))
                return gm_fail(err, GM_E_ARG, "the node attribute '%s' is named twice", fields[f]);
        key_named |= !strcasecmp(fields[f], u->order_key ? u->order_key : "");
    }
    a->n = u->n;
    a->nf = nf + !key_named;
    a->name = calloc(a->nf ? a->nf : 1, sizeof *a->name);
    a->text = calloc(a->nf * a->n + 1, sizeof *a->text);
    a->kind = calloc(a->nf * a->n + 1, 1);
    if (!a->name || !a->text || !a->kind) {
        gmi_graph_attrs_free(a);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    /* the order key first, so that units loaded from the file find the same one */
    size_t c = 0;
    if (!key_named) a->name[c++] = strdup(u->order_key);
    for (size_t f = 0; f < nf; f++) a->name[c++] = strdup(fields[f]);
    for (c = 0; c < a->nf; c++)
        if (!a->name[c]) {
            gmi_graph_attrs_free(a);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
    gm_status rc = GM_OK;
    for (size_t first = 0; first < a->nf && rc == GM_OK; first += CHUNK) {
        chunk k = {a, first};
        size_t m = a->nf - first < CHUNK ? a->nf - first : CHUNK;
        rc = gmi_units_reread(u, (const char *const *)a->name + first, m, "attribute", attr_row,
                              &k, err);
    }
    if (rc != GM_OK) gmi_graph_attrs_free(a);
    return rc;
}

void gmi_graph_attrs_free(gmi_graph_attrs *a)
{
    if (a->text)
        for (size_t i = 0; i < a->nf * a->n; i++) free(a->text[i]);
    for (size_t c = 0; a->name && c < a->nf; c++) free(a->name[c]);
    free(a->name);
    free(a->text);
    free(a->kind);
    memset(a, 0, sizeof *a);
}
