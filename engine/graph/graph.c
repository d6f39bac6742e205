/* graph.c: the adjacency graph container: edge normalisation, CSR, components.
 * Building from geometry is graph_build.c; reading/writing files is graph_io.c. */
#include "gerrymeter/gm_graph.h"

#include <stdlib.h>
#include <string.h>

void gm_graph_opts_init(gm_graph_opts *o)
{
    memset(o, 0, sizeof *o);
    o->queen = false;
    /* 1 cm: far below any real precinct feature, far above the 1e-9 m noise of
     * reprojected coordinates that ought to coincide. */
    o->snap_m = 0.01;
}

void gm_graph_destroy(gm_graph *g)
{
    if (!g) return;
    free(g->edge_u);
    free(g->edge_v);
    free(g->edge_len_m);
    free(g->area_m2);
    free(g->ext_len_m);
    free(g->perim_m);
    free(g->adj_off);
    free(g->adj);
    free(g->adj_edge);
    free(g->component);
    if (g->id)
        for (size_t i = 0; i < g->n; i++) free(g->id[i]);
    free(g->id);
    free(g->id_field);
    free(g);
}

/* Sort key of an edge: (u, v) packed so that one integer compare orders edges. */
static uint64_t ekey(uint32_t u, uint32_t v)
{
    return ((uint64_t)u << 32) | v;
}

typedef struct edge_rec {
    uint64_t key;
    double len;
} edge_rec;

static int cmp_rec(const void *a, const void *b)
{
    uint64_t x = ((const edge_rec *)a)->key, y = ((const edge_rec *)b)->key;
    return (x > y) - (x < y);
}

/* Union-find root with path halving. */
static uint32_t uf_find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) {
        p[x] = p[p[x]];
        x = p[x];
    }
    return x;
}

gm_status gm_graph_finish(gm_graph *g, gm_error *err)
{
    size_t m = g->n_edges, n = g->n;
    edge_rec *r = malloc((m ? m : 1) * sizeof *r);
    uint32_t *parent = malloc((n ? n : 1) * sizeof *parent);
    gm_status rc = GM_OK;
    if (!r || !parent) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory building the graph");
        goto done;
    }
    /* Normalise to u < v, drop self loops, sort, merge duplicates (summing lengths: a
     * pair of units can share several separate stretches of boundary). */
    size_t k = 0;
    for (size_t e = 0; e < m; e++) {
        uint32_t a = g->edge_u[e], b = g->edge_v[e];
        if (a == b) continue;
        if (a > b) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        r[k].key = ekey(a, b);
        r[k].len = g->edge_len_m ? g->edge_len_m[e] : 0.0;
        k++;
    }
    qsort(r, k, sizeof *r, cmp_rec);
    size_t w = 0;
    for (size_t e = 0; e < k; e++) {
        if (w > 0 && r[w - 1].key == r[e].key)
            r[w - 1].len += r[e].len;
        else
            r[w++] = r[e];
    }
    g->n_edges = m = w;
    free(g->adj_off);
    free(g->adj);
    free(g->adj_edge);
    free(g->component);
    g->adj_off = calloc(n + 1, sizeof *g->adj_off);
    g->adj = malloc((m ? 2 * m : 1) * sizeof *g->adj);
    g->adj_edge = malloc((m ? 2 * m : 1) * sizeof *g->adj_edge);
    g->component = malloc((n ? n : 1) * sizeof *g->component);
    void *t1 = realloc(g->edge_u, (m ? m : 1) * sizeof *g->edge_u);
    void *t2 = realloc(g->edge_v, (m ? m : 1) * sizeof *g->edge_v);
    void *t3 = realloc(g->edge_len_m, (m ? m : 1) * sizeof *g->edge_len_m);
    if (t1) g->edge_u = t1;
    if (t2) g->edge_v = t2;
    if (t3) g->edge_len_m = t3;
    if (!g->adj_off || !g->adj || !g->adj_edge || !g->component || !t1 || !t2 || !t3) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory building the graph");
        goto done;
    }
    for (size_t e = 0; e < m; e++) {
        g->edge_u[e] = (uint32_t)(r[e].key >> 32);
        g->edge_v[e] = (uint32_t)(r[e].key & 0xffffffffu);
        g->edge_len_m[e] = r[e].len;
    }
    /* CSR: count degrees, prefix-sum, fill. Neighbours come out in ascending order
     * because edges are sorted by (u, v). */
    for (size_t e = 0; e < m; e++) {
        g->adj_off[g->edge_u[e] + 1]++;
        g->adj_off[g->edge_v[e] + 1]++;
    }
    for (size_t i = 0; i < n; i++) g->adj_off[i + 1] += g->adj_off[i];
    size_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory building the graph");
        goto done;
    }
    memcpy(fill, g->adj_off, n * sizeof *fill);
    for (size_t e = 0; e < m; e++) {
        uint32_t a = g->edge_u[e], b = g->edge_v[e];
        g->adj[fill[a]] = b;
        g->adj_edge[fill[a]++] = (uint32_t)e;
        g->adj[fill[b]] = a;
        g->adj_edge[fill[b]++] = (uint32_t)e;
    }
    free(fill);
    /* Components by union-find, numbered in order of their first node. */
    for (size_t i = 0; i < n; i++) parent[i] = (uint32_t)i;
    for (size_t e = 0; e < m; e++) {
        uint32_t a = uf_find(parent, g->edge_u[e]), b = uf_find(parent, g->edge_v[e]);
        if (a != b) parent[a < b ? b : a] = a < b ? a : b;
    }
    g->n_components = 0;
    g->n_islands = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t root = uf_find(parent, (uint32_t)i);
        if (root == i)
            g->component[i] = (uint32_t)g->n_components++;
        else
            g->component[i] = g->component[root];
        if (g->adj_off[i + 1] == g->adj_off[i]) g->n_islands++;
    }
done:
    free(r);
    free(parent);
    return rc;
}

size_t gm_graph_cut_edges(const gm_graph *g, const int32_t *district)
{
    size_t cut = 0;
    for (size_t e = 0; e < g->n_edges; e++) cut += district[g->edge_u[e]] != district[g->edge_v[e]];
    return cut;
}

size_t gm_graph_cut_edges_by_district(const gm_graph *g, const int32_t *district, size_t k,
                                      int64_t *per_district)
{
    size_t cut = 0;
    for (size_t d = 0; d < k; d++) per_district[d] = 0;
    for (size_t e = 0; e < g->n_edges; e++) {
        int32_t a = district[g->edge_u[e]], b = district[g->edge_v[e]];
        if (a == b || a < 0 || b < 0 || (size_t)a >= k || (size_t)b >= k) continue;
        per_district[a]++;
        per_district[b]++;
        cut++;
    }
    return cut;
}
