/* graph_snap.c: adjacency for boundaries that do not share vertices.
 *
 * After segment hashing, a segment met only once is either on the outer boundary of the
 * coverage or lies against a neighbour whose boundary has different vertices there
 * (a T-junction, or digitising noise). Those open segments go into a GEOS STRtree; each
 * open segment of unit a is compared with the open segments of other units b > a whose
 * envelopes come within snap_m. Two segments overlap when both end points of one lie
 * within snap_m of the other's line; the overlap is the common span along segment a.
 * Its geodesic length is the overlap's fraction of a's planar length times a's geodesic
 * length. Pairs whose summed overlap exceeds snap_m become edges (rook: a shared stretch
 * of boundary, not a point), and the overlap is taken off both units' exterior length. */
#include "graph/graph_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct hit_acc {
    size_t *idx;
    size_t n, cap;
    int oom;
} hit_acc;

static void on_hit(void *item, void *ud)
{
    hit_acc *h = ud;
    if (h->n == h->cap) {
        size_t c = h->cap ? 2 * h->cap : 64;
        void *t = realloc(h->idx, c * sizeof *h->idx);
        if (!t) {
            h->oom = 1;
            return;
        }
        h->idx = t;
        h->cap = c;
    }
    h->idx[h->n++] = *(const size_t *)item;
}

/* Length of segment i's span that lies within tol of segment j (0 unless near-collinear),
 * as a fraction of segment i's length. */
static double overlap_frac(const gmi_open_segs *s, size_t i, size_t j, double tol)
{
    double ax = s->x1[i], ay = s->y1[i], dx = s->x2[i] - ax, dy = s->y2[i] - ay;
    double L2 = dx * dx + dy * dy;
    if (L2 <= 0) return 0;
    double L = sqrt(L2);
    /* Perpendicular distance of j's end points from i's line. */
    double d1 = fabs((s->x1[j] - ax) * dy - (s->y1[j] - ay) * dx) / L;
    double d2 = fabs((s->x2[j] - ax) * dy - (s->y2[j] - ay) * dx) / L;
    if (d1 > tol || d2 > tol) return 0;
    double t1 = ((s->x1[j] - ax) * dx + (s->y1[j] - ay) * dy) / L2;
    double t2 = ((s->x2[j] - ax) * dx + (s->y2[j] - ay) * dy) / L2;
    double lo = fmax(0.0, fmin(t1, t2)), hi = fmin(1.0, fmax(t1, t2));
    return hi > lo ? hi - lo : 0;
}

typedef struct ov_rec {
    uint64_t key; /* unit a << 32 | unit b, a < b */
    double len_m;
} ov_rec;

static int cmp_ov(const void *a, const void *b)
{
    uint64_t x = ((const ov_rec *)a)->key, y = ((const ov_rec *)b)->key;
    return (x > y) - (x < y);
}

gm_status gmi_graph_snap(gmi_geo *ctx, gm_graph *g, const gmi_open_segs *os, double tol,
                         gmi_pair_buf *pairs, gm_error *err)
{
    GEOSContextHandle_t h = ctx->h;
    gm_status rc = GM_OK;
    size_t n = os->n;
    size_t *ids = malloc((n ? n : 1) * sizeof *ids);
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    hit_acc hits = {0};
    ov_rec *ov = NULL;
    size_t nov = 0, cov = 0;
    uint8_t *touched = calloc(g->n ? g->n : 1, 1);
    if (!ids || !tree || !touched) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency snapping pass");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        ids[i] = i;
        GEOSGeometry *r = GEOSGeom_createRectangle_r(
            h, fmin(os->x1[i], os->x2[i]), fmin(os->y1[i], os->y2[i]), fmax(os->x1[i], os->x2[i]),
            fmax(os->y1[i], os->y2[i]));
        if (!r) {
            rc = gm_fail(err, GM_E_GEOM, "GEOS: %s", ctx->geos_msg);
            goto done;
        }
        GEOSSTRtree_insert_r(h, tree, r, &ids[i]); /* the tree copies the envelope */
        GEOSGeom_destroy_r(h, r);
    }
    for (size_t i = 0; i < n; i++) {
        GEOSGeometry *q = GEOSGeom_createRectangle_r(
            h, fmin(os->x1[i], os->x2[i]) - tol, fmin(os->y1[i], os->y2[i]) - tol,
            fmax(os->x1[i], os->x2[i]) + tol, fmax(os->y1[i], os->y2[i]) + tol);
        if (!q) {
            rc = gm_fail(err, GM_E_GEOM, "GEOS: %s", ctx->geos_msg);
            goto done;
        }
        hits.n = 0;
        GEOSSTRtree_query_r(h, tree, q, on_hit, &hits);
        GEOSGeom_destroy_r(h, q);
        if (hits.oom) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency snapping pass");
            goto done;
        }
        for (size_t k = 0; k < hits.n; k++) {
            size_t j = hits.idx[k];
            if (os->unit[j] <= os->unit[i]) continue; /* each unit pair from the lower unit */
            double f = overlap_frac(os, i, j, tol);
            if (f <= 0) continue;
            if (nov == cov) {
                cov = cov ? 2 * cov : 256;
                void *t = realloc(ov, cov * sizeof *ov);
                if (!t) {
                    rc = gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency snapping pass");
                    goto done;
                }
                ov = t;
            }
            ov[nov].key = ((uint64_t)os->unit[i] << 32) | os->unit[j];
            ov[nov].len_m = f * os->len_m[i];
            nov++;
        }
    }
    if (nov) qsort(ov, nov, sizeof *ov, cmp_ov);
    for (size_t i = 0; i < nov;) {
        size_t j = i;
        double sum = 0;
        while (j < nov && ov[j].key == ov[i].key) sum += ov[j++].len_m;
        uint32_t a = (uint32_t)(ov[i].key >> 32), b = (uint32_t)(ov[i].key & 0xffffffffu);
        /* A shared stretch, not a touch at a point (tol is planar metres; at the scale of
         * one centimetre geodesic and planar lengths agree to far better than 1 %). */
        if (sum > tol) {
            if (gmi_pairs_push(pairs, a, b, sum)) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency snapping pass");
                goto done;
            }
            g->ext_len_m[a] -= sum;
            g->ext_len_m[b] -= sum;
            touched[a] = touched[b] = 1;
        }
        i = j;
    }
    for (size_t i = 0; i < g->n; i++) g->n_fallback += touched[i];
done:
    if (tree) GEOSSTRtree_destroy_r(h, tree);
    free(ids);
    free(hits.idx);
    free(ov);
    free(touched);
    return rc;
}
