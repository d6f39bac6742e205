/* tree.c: random spanning trees of the merged region and their balanced edges. */
#include "generate/gen_int.h"

#include <stdlib.h>

/* Join the sets of roots ra != rb, the smaller under the larger (sizes in sz): finds stay
 * short without path compression writes. */
static inline void uf_union(uint32_t *uf, uint32_t *sz, uint32_t ra, uint32_t rb)
{
    if (sz[ra] < sz[rb]) {
        uint32_t t = ra;
        ra = rb;
        rb = t;
    }
    uf[rb] = ra;
    sz[ra] += sz[rb];
}

static inline uint32_t uf_root(uint32_t *uf, uint32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]]; /* path halving */
        x = uf[x];
    }
    return x;
}

static uint32_t uf_find(uint32_t *uf, uint32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]]; /* path halving */
        x = uf[x];
    }
    return x;
}

static int wedge_cmp(const void *a, const void *b)
{
    double x = ((const gmi_wedge *)a)->w, y = ((const gmi_wedge *)b)->w;
    return (x > y) - (x < y);
}

void gmi_tree_kruskal(gm_chain *c)
{
    size_t un = c->un, lm = c->lm, got = 0;
    for (size_t i = 0; i < un; i++) c->uf[i] = (uint32_t)i;
    if (c->s->county && c->s->county_weight > 0) {
        /* weights: uniform + the surcharge on county-crossing edges; ascending order */
        for (size_t e = 0; e < lm; e++) {
            uint32_t a = c->node[c->eu[e]], b = c->node[c->ev[e]];
            c->ew[e] = gmi_rng_uniform(&c->rng) +
                       (c->s->county[a] != c->s->county[b] ? c->s->county_weight : 0);
        }
        gmi_wedge *ws = c->wsort;
        for (size_t e = 0; e < lm; e++) ws[e] = (gmi_wedge){c->ew[e], (uint32_t)e};
        qsort(ws, lm, sizeof *ws, wedge_cmp);
        for (size_t e = 0; e < lm; e++) c->perm[e] = ws[e].e;
        for (size_t i = 0; i < lm && got + 1 < un; i++) {
            uint32_t e = c->perm[i];
            uint32_t ra = uf_find(c->uf, c->eu[e]), rb = uf_find(c->uf, c->ev[e]);
            if (ra == rb) continue;
            c->uf[ra] = rb;
            c->te[got++] = e;
        }
    } else {
        /* uniform weights: their ascending order is a uniform random permutation, drawn
         * lazily (Fisher-Yates) until the tree is complete. perm holds a permutation of the
         * region's edges from the last draw (region() resets it): shuffling any
         * permutation gives a uniform one. The rank stands in for the weight (the
         * max-weight rule needs only the order). */
        uint32_t *perm = c->perm, *uf = c->uf, *eu = c->eu, *ev = c->ev, *sz = c->next;
        for (size_t i = 0; i < un; i++) sz[i] = 1;
        bool ranks = c->s->cut == GM_GEN_CUT_GERRYCHAIN && c->s->county && c->s->county_weight > 0;
        for (size_t i = 0; i < lm && got + 1 < un; i++) {
            size_t j = i + gmi_chain_below(c, (uint32_t)(lm - i));
            uint32_t e = perm[j];
            perm[j] = perm[i];
            perm[i] = e;
            if (ranks) c->ew[e] = (double)i;
            uint32_t ra = uf_root(uf, eu[e]), rb = uf_root(uf, ev[e]);
            if (ra == rb) continue;
            uf_union(uf, sz, ra, rb);
            c->te[got++] = e;
        }
    }
}

void gmi_tree_wilson(gm_chain *c)
{
    size_t un = c->un, got = 0;
    for (size_t i = 0; i < un; i++) c->in_tree[i] = 0;
    c->in_tree[gmi_chain_below(c, (uint32_t)un)] = 1;
    for (size_t i = 0; i < un; i++) {
        uint32_t u = (uint32_t)i;
        while (!c->in_tree[u]) { /* random walk; next[] keeps the last exit: loop-erased */
            uint32_t deg = c->off[u + 1] - c->off[u];
            uint32_t j = c->off[u] + gmi_chain_below(c, deg);
            c->next[u] = c->adj[j];
            c->nexte[u] = c->adj_e[j];
            u = c->adj[j];
        }
        for (u = (uint32_t)i; !c->in_tree[u]; u = c->next[u]) {
            c->in_tree[u] = 1;
            c->te[got++] = c->nexte[u];
        }
    }
}

/* The tree is peeled from its leaves: each node keeps its degree and the XOR of its tree
 * neighbours and of their edges, so a leaf's one remaining neighbour (its parent) and
 * edge are read off without adjacency lists. A leaf's subtree is complete when it is
 * peeled: test its edge, add it to the parent, and the parent may become a leaf. The node
 * left last is the root; order[] holds the nodes root first (each parent before its
 * children), as gmi_tree_mark needs. */
size_t gmi_tree_balanced(gm_chain *c)
{
    size_t un = c->un, nc = 0, sp = 0, k = un;
    const uint32_t *node = c->node, *eu = c->eu, *ev = c->ev, *te = c->te;
    const double *pop = c->s->pop;
    uint32_t *deg = c->toff, *xr = c->tadj, *xe = c->tadj_e, *stack = c->tlink;
    uint32_t *order = c->order, *parent = c->parent, *pedge = c->pedge;
    double *sub = c->sub, total = 0;
    for (size_t i = 0; i < un; i++) {
        deg[i] = xr[i] = xe[i] = 0;
        sub[i] = pop[node[i]];
        total += sub[i];
    }
    for (size_t t = 0; t + 1 < un; t++) {
        uint32_t e = te[t], a = eu[e], b = ev[e];
        deg[a]++, deg[b]++;
        xr[a] ^= b, xr[b] ^= a;
        xe[a] ^= e, xe[b] ^= e;
    }
    for (size_t i = 0; i < un; i++)
        if (deg[i] <= 1) stack[sp++] = (uint32_t)i; /* deg 0: a region of one unit */
    double lo = c->lo, hi = c->hi;
    while (sp) {
        uint32_t x = stack[--sp];
        order[--k] = x;
        if (deg[x] == 0) { /* every neighbour was peeled into it: the root */
            parent[x] = pedge[x] = GMI_NONE;
            continue;
        }
        uint32_t p = xr[x], e = xe[x];
        parent[x] = p;
        pedge[x] = e;
        double a = sub[x], b = total - a;
        if (a >= lo && a <= hi && b >= lo && b <= hi) c->cand[nc++] = x;
        sub[p] += a;
        xr[p] ^= x;
        xe[p] ^= e;
        deg[x] = 0;
        if (--deg[p] == 1) stack[sp++] = p;
    }
    return nc;
}

void gmi_tree_mark(gm_chain *c, uint32_t v)
{
    c->side[c->order[0]] = 0;
    for (size_t i = 1; i < c->un; i++) {
        uint32_t x = c->order[i];
        c->side[x] = x == v || c->side[c->parent[x]];
    }
}
