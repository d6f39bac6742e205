/* graph_pairs.c: the list of adjacent unit pairs the graph builder collects, from the
 * segment hashing pass (graph_build.c), the GEOS pass (graph_snap.c) and the overlap
 * pass (graph_overlap.c); its arrays become the graph's edges, which gm_graph_finish
 * (graph.c) normalises. Here, with the sort order of packed pairs, not in graph_build.c,
 * so that the passes graph_build.c calls do not call back into it. */
#include "graph/graph_int.h"

#include <stdlib.h>

int gmi_pairs_push(gmi_pair_buf *p, uint32_t a, uint32_t b, double len)
{
    if (p->n == p->cap) {
        size_t c = p->cap ? 2 * p->cap : 4096;
        void *t1 = realloc(p->u, c * sizeof *p->u);
        if (t1) p->u = t1;
        void *t2 = realloc(p->v, c * sizeof *p->v);
        if (t2) p->v = t2;
        void *t3 = realloc(p->len, c * sizeof *p->len);
        if (t3) p->len = t3;
        if (!t1 || !t2 || !t3) return -1;
        p->cap = c;
    }
    p->u[p->n] = a;
    p->v[p->n] = b;
    p->len[p->n] = len;
    p->n++;
    return 0;
}

int gmi_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}
