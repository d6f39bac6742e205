/* compact_result.c: the gm_compact result table (struct of arrays), its summaries
 * and its metric names. */
#include "compact/compact.h"

#include "gerrymeter/gm_metric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *gm_compact_metric_name(gm_compact_metric m)
{
    const gm_metric_def *d = gm_metric_get(GM_MF_COMPACT, (size_t)m);
    return d ? d->key : "?";
}

void gm_compact_opts_init(gm_compact_opts *o)
{
    memset(o, 0, sizeof *o);
    o->convention = GM_CONV_GERRYMETER;
}

gm_compact *gmi_compact_alloc(size_t k)
{
    gm_compact *c = calloc(1, sizeof *c);
    size_t kk = k ? k : 1;
    if (!c) return NULL;
    c->k = k;
    c->cut_edges_total = -1;
    c->adjacent_pairs = -1;
    c->district = calloc(kk, sizeof *c->district);
    c->cut_edges = malloc(kk * sizeof *c->cut_edges);
    c->n_parts = calloc(kk, sizeof *c->n_parts);
    c->n_holes = calloc(kk, sizeof *c->n_holes);
    c->n_holes_dropped = calloc(kk, sizeof *c->n_holes_dropped);
    c->wkb = calloc(kk, sizeof *c->wkb);
    c->wkb_len = calloc(kk, sizeof *c->wkb_len);
    bool ok = c->district && c->cut_edges && c->n_parts && c->n_holes && c->n_holes_dropped &&
              c->wkb && c->wkb_len;
    for (int m = 0; m < GM_CM_COUNT && ok; m++) {
        c->m[m] = malloc(kk * sizeof *c->m[m]);
        ok = c->m[m] != NULL;
        for (size_t d = 0; ok && d < k; d++)
            c->m[m][d] = NAN;
    }
    if (!ok) {
        gm_compact_destroy(c);
        return NULL;
    }
    for (size_t d = 0; d < k; d++)
        c->cut_edges[d] = -1;
    return c;
}

void gmi_compact_set(gm_compact *c, size_t d, const gmi_cm *cm)
{
    for (int m = 0; m < GM_CM_COUNT; m++)
        if (m != GM_CM_POPULATION_POLYGON && m != GM_CM_POPULATION_CIRCLE) c->m[m][d] = cm->v[m];
    c->n_parts[d] = cm->parts;
    c->n_holes[d] = cm->holes;
    c->n_holes_dropped[d] = cm->dropped.n;
    c->holes_dropped += (size_t)cm->dropped.n;
    c->holes_dropped_m2 += cm->dropped.area_m2;
    c->holes_dropped_boundary_m += cm->dropped.boundary_m;
}

int gmi_compact_keep_wkb(gm_compact *c, size_t d, GEOSContextHandle_t h, const GEOSGeometry *ll)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);
    size_t n = 0;
    if (!w) return -1;
    GEOSWKBWriter_setByteOrder_r(h, w, GEOS_WKB_NDR);
    unsigned char *b = GEOSWKBWriter_write_r(h, w, ll, &n);
    GEOSWKBWriter_destroy_r(h, w);
    if (!b) return -1;
    c->wkb[d] = malloc(n);
    if (c->wkb[d]) memcpy(c->wkb[d], b, n);
    GEOSFree_r(h, b);
    if (!c->wkb[d]) return -1;
    c->wkb_len[d] = n;
    return 0;
}

void gm_compact_destroy(gm_compact *c)
{
    if (!c) return;
    for (size_t d = 0; d < c->k; d++) {
        if (c->district) free(c->district[d]);
        if (c->wkb) free(c->wkb[d]);
    }
    free(c->district);
    free(c->wkb);
    free(c->wkb_len);
    for (int m = 0; m < GM_CM_COUNT; m++)
        free(c->m[m]);
    free(c->cut_edges);
    free(c->n_parts);
    free(c->n_holes);
    free(c->n_holes_dropped);
    gm_warnings_free(&c->warnings);
    free(c->method);
    free(c->source);
    free(c);
}

gm_compact_stat gm_compact_summarize(const gm_compact *c, gm_compact_metric m)
{
    gm_compact_stat s = {0, NAN, NAN, NAN, c->k, c->k};
    if ((unsigned)m >= GM_CM_COUNT) return s;
    double sum = 0;
    for (size_t d = 0; d < c->k; d++) {
        double v = c->m[m][d];
        if (isnan(v)) continue;
        if (s.n == 0 || v < s.min) {
            s.min = v;
            s.argmin = d;
        }
        if (s.n == 0 || v > s.max) {
            s.max = v;
            s.argmax = d;
        }
        sum += v;
        s.n++;
    }
    if (s.n) s.mean = sum / (double)s.n;
    return s;
}
