/* graph_overlap.c: adjacency of units whose areas overlap.
 *
 * Precinct layers are not always clean coverages: two neighbours may overlap by a
 * sliver (Minnesota's mn_08_16 has such pairs, some of which share no boundary stretch
 * at all, since their outlines cross). They are neighbours all the same, and GerryChain's
 * graph (shapely intersections of non-zero length) has them: without them a district
 * joined only through an overlap would be reported non-contiguous, and cut edges would
 * miss the pair. Only units with boundary left unmatched after segment hashing and
 * snapping can overlap a neighbour, so only those are compared, and only pairs not
 * joined already: candidate pairs from an STRtree on their envelopes, a prepared
 * intersects test, then the interiors' relation and the area of the intersection. The edge carries no boundary length (the
 * outlines there stay exterior length, as before), like a queen corner. */
#include "graph/graph_int.h"

#include <stdint.h>
#include <stdlib.h>

/* Is (a, b), a < b, among the sorted keys a << 32 | b? */
static bool joined(const uint64_t *key, size_t n, uint32_t a, uint32_t b)
{
    uint64_t x = ((uint64_t)a << 32) | b;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && key[lo] == x;
}

typedef struct cands {
    size_t n, cap;
    size_t *idx;
    int oom;
} cands;

static void on_hit(void *item, void *ud)
{
    cands *c = ud;
    if (c->n == c->cap) {
        size_t nc = c->cap ? 2 * c->cap : 16;
        size_t *t = realloc(c->idx, nc * sizeof *t);
        if (!t) {
            c->oom = 1;
            return;
        }
        c->idx = t;
        c->cap = nc;
    }
    c->idx[c->n++] = (size_t)(uintptr_t)item - 1;
}

gm_status gmi_graph_overlaps(gmi_geo *ctx, GEOSGeometry *const *geom, size_t n,
                             const uint8_t *open, double min_area_m2, gmi_pair_buf *pairs,
                             gm_error *err)
{
    GEOSContextHandle_t h = ctx->h;
    gm_status rc = GM_OK;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(h, 10);
    cands C = {0};
    size_t nk = pairs->n;
    uint64_t *key = malloc((nk ? nk : 1) * sizeof *key);
    if (!tree || !key) {
        if (tree) GEOSSTRtree_destroy_r(h, tree);
        free(key);
        return gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency overlap pass");
    }
    /* the pairs joined so far, to leave alone */
    for (size_t i = 0; i < nk; i++) {
        uint32_t a = pairs->u[i], b = pairs->v[i];
        key[i] = a < b ? ((uint64_t)a << 32) | b : ((uint64_t)b << 32) | a;
    }
    qsort(key, nk, sizeof *key, gmi_cmp_u64);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (open[i] && GEOSisEmpty_r(h, geom[i]) == 0) {
            GEOSSTRtree_insert_r(h, tree, geom[i], (void *)(uintptr_t)(i + 1));
            m++;
        }
    for (size_t a = 0; a < n && m > 1; a++) {
        if (!open[a] || GEOSisEmpty_r(h, geom[a]) != 0) continue;
        C.n = 0;
        GEOSSTRtree_query_r(h, tree, geom[a], on_hit, &C);
        if (C.oom) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency overlap pass");
            goto done;
        }
        const GEOSPreparedGeometry *pa = NULL;
        for (size_t c = 0; c < C.n; c++) {
            size_t b = C.idx[c];
            if (b <= a) continue; /* each pair once, from its lower unit */
            if (joined(key, nk, (uint32_t)a, (uint32_t)b)) continue;
            if (!pa && !(pa = GEOSPrepare_r(h, geom[a]))) {
                rc = gm_fail(err, GM_E_GEOM, "GEOS: %s", ctx->geos_msg);
                goto done;
            }
            if (GEOSPreparedIntersects_r(h, pa, geom[b]) != 1) continue;
            /* interiors meet in an area: more than a shared boundary */
            if (GEOSRelatePattern_r(h, geom[a], geom[b], "2********") != 1) continue;
            GEOSGeometry *x = GEOSIntersection_r(h, geom[a], geom[b]);
            double area = 0;
            if (x) {
                GEOSArea_r(h, x, &area);
                GEOSGeom_destroy_r(h, x);
            }
            if (area > min_area_m2 && gmi_pairs_push(pairs, (uint32_t)a, (uint32_t)b, 0.0)) {
                if (pa) GEOSPreparedGeom_destroy_r(h, pa);
                rc = gm_fail(err, GM_E_NOMEM, "out of memory in the adjacency overlap pass");
                goto done;
            }
        }
        if (pa) GEOSPreparedGeom_destroy_r(h, pa);
    }
done:
    GEOSSTRtree_destroy_r(h, tree);
    free(C.idx);
    free(key);
    return rc;
}
