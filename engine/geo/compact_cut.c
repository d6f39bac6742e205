/* compact_cut.c: rook adjacency of units and the plan's cut edges.
 *
 * Two units are rook-adjacent when they share a boundary segment: the same two
 * vertices, in either order. Every ring segment of every unit is listed, the list is
 * sorted, and equal segments from different units give an adjacency. This is exact
 * for coverages whose neighbours are noded alike (shared boundaries carry the same
 * vertices, as in census and MGGG precinct files); units that only touch at a point
 * (queen adjacency) are not adjacent. Where neighbours are noded differently, some
 * adjacencies can be missed; the full adjacency graph of the engine handles that.
 *
 * A cut edge is an adjacency whose units lie in different districts (GerryChain
 * cut_edges; redistmetrics comp_edges_rem counts the same undirected edges). */
#include "geo/compact.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct seg {
    double x1, y1, x2, y2; /* endpoints, (x1,y1) <= (x2,y2) lexicographically */
    uint32_t unit;
} seg;

typedef struct seglist {
    seg *s;
    size_t n, cap;
    uint32_t unit; /* unit being walked */
    int oom;
} seglist;

static void ring_segs(const double *xy, size_t n, bool hole, void *ud)
{
    seglist *L = ud;
    (void)hole;
    for (size_t i = 0; i + 1 < n && !L->oom; i++) {
        double ax = xy[2 * i], ay = xy[2 * i + 1], bx = xy[2 * i + 2], by = xy[2 * i + 3];
        if (ax == bx && ay == by) continue;
        if (L->n == L->cap) {
            size_t nc = L->cap ? 2 * L->cap : 4096;
            seg *t = realloc(L->s, nc * sizeof *t);
            if (!t) {
                L->oom = 1;
                return;
            }
            L->s = t;
            L->cap = nc;
        }
        seg *s = &L->s[L->n++];
        if (ax < bx || (ax == bx && ay < by)) {
            s->x1 = ax;
            s->y1 = ay;
            s->x2 = bx;
            s->y2 = by;
        } else {
            s->x1 = bx;
            s->y1 = by;
            s->x2 = ax;
            s->y2 = ay;
        }
        s->unit = L->unit;
    }
}

static int cmp_d(double a, double b)
{
    return (a > b) - (a < b);
}

static int cmp_seg(const void *pa, const void *pb)
{
    const seg *a = pa, *b = pb;
    int c;
    if ((c = cmp_d(a->x1, b->x1)) || (c = cmp_d(a->y1, b->y1)) || (c = cmp_d(a->x2, b->x2)) ||
        (c = cmp_d(a->y2, b->y2)))
        return c;
    return (a->unit > b->unit) - (a->unit < b->unit);
}

static int cmp_u64(const void *pa, const void *pb)
{
    uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
    return (a > b) - (a < b);
}

static bool same_seg(const seg *a, const seg *b)
{
    return a->x1 == b->x1 && a->y1 == b->y1 && a->x2 == b->x2 && a->y2 == b->y2;
}

gm_status gmi_cut_edges(gmi_geo *geo, const gm_units *u, const gm_plan *p, int64_t *per_district,
                        int64_t *total, int64_t *pairs, gm_error *err)
{
    seglist L = {NULL, 0, 0, 0, 0};
    uint64_t *pr = NULL;
    size_t npr = 0, cappr = 0;
    gm_status rc = GM_OK;
    for (size_t d = 0; d < p->k; d++)
        per_district[d] = 0;
    *total = 0;
    *pairs = 0;
    if (u->n > UINT32_MAX) return gm_fail(err, GM_E_ARG, "too many units for cut edges");
    for (size_t i = 0; i < u->n; i++) {
        L.unit = (uint32_t)i;
        if (gmi_for_each_ring(geo->h, u->geom->g[i], ring_segs, &L, NULL, NULL) || L.oom) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory listing unit boundaries");
            goto done;
        }
    }
    if (L.n) qsort(L.s, L.n, sizeof *L.s, cmp_seg);
    for (size_t i = 0; i < L.n;) {
        size_t j = i + 1;
        while (j < L.n && same_seg(&L.s[i], &L.s[j]))
            j++;
        for (size_t a = i; a < j; a++)
            for (size_t b = a + 1; b < j; b++) {
                if (L.s[a].unit == L.s[b].unit) continue;
                if (npr == cappr) {
                    size_t nc = cappr ? 2 * cappr : 4096;
                    uint64_t *t = realloc(pr, nc * sizeof *t);
                    if (!t) {
                        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                        goto done;
                    }
                    pr = t;
                    cappr = nc;
                }
                uint64_t lo = L.s[a].unit < L.s[b].unit ? L.s[a].unit : L.s[b].unit;
                uint64_t hi = L.s[a].unit < L.s[b].unit ? L.s[b].unit : L.s[a].unit;
                pr[npr++] = (lo << 32) | hi;
            }
        i = j;
    }
    if (npr) qsort(pr, npr, sizeof *pr, cmp_u64);
    for (size_t i = 0; i < npr; i++) {
        if (i && pr[i] == pr[i - 1]) continue;
        (*pairs)++;
        size_t a = (size_t)(pr[i] >> 32), b = (size_t)(pr[i] & 0xffffffffu);
        int32_t da = p->district[a], db = p->district[b];
        if (da == db || da < 0 || db < 0) continue;
        (*total)++;
        per_district[da]++;
        per_district[db]++;
    }
done:
    free(L.s);
    free(pr);
    return rc;
}
