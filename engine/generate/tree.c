/* tree.c: random spanning trees of the merged region and their balanced edges.
 *
 * A tree builder leaves, per local node, its tree degree and the XOR of its tree
 * neighbours and of its tree edges (deg, xr, xe): enough to peel the tree from its leaves
 * (gmi_tree_balanced) without building adjacency lists. */
#include "generate/gen_int.h"

#include <stdlib.h>
#include <string.h>

static inline void tree_add(uint32_t *deg, uint32_t *xr, uint32_t *xe, uint32_t a, uint32_t b,
                            uint32_t e)
{
    deg[a]++, deg[b]++;
    xr[a] ^= b, xr[b] ^= a;
    xe[a] ^= e, xe[b] ^= e;
}

static void tree_clear(gm_chain *c)
{
    memset(c->deg, 0, c->un * sizeof *c->deg);
    memset(c->xr, 0, c->un * sizeof *c->xr);
    memset(c->xe, 0, c->un * sizeof *c->xe);
}

static inline uint32_t uf_find(uint32_t *uf, uint32_t x)
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

/* Kruskal with county surcharges: weights uniform + the surcharge on county-crossing
 * edges, sorted ascending. */
static void kruskal_weighted(gm_chain *c)
{
    size_t un = c->un, lm = c->lm, got = 0;
    uint32_t *uf = c->uf, *deg = c->deg, *xr = c->xr, *xe = c->xe;
    for (size_t i = 0; i < un; i++) uf[i] = (uint32_t)i;
    for (size_t e = 0; e < lm; e++) {
        uint32_t a = c->node[c->eu[e]], b = c->node[c->ev[e]];
        c->ew[e] = gmi_rng_uniform(&c->rng) +
                   (c->s->county[a] != c->s->county[b] ? c->s->county_weight : 0);
    }
    gmi_wedge *ws = c->wsort;
    for (size_t e = 0; e < lm; e++) ws[e] = (gmi_wedge){c->ew[e], (uint32_t)e};
    qsort(ws, lm, sizeof *ws, wedge_cmp);
    for (size_t i = 0; i < lm && got + 1 < un; i++) {
        uint32_t e = ws[i].e, a = c->eu[e], b = c->ev[e];
        uint32_t ra = uf_find(uf, a), rb = uf_find(uf, b);
        if (ra == rb) continue;
        uf[ra] = rb;
        tree_add(deg, xr, xe, a, b, e);
        got++;
    }
}

/* The edges of the region's pendant trees (what is left when leaves are cut off again
 * and again) are in every spanning tree, whatever the weights: with uniform weights
 * Kruskal takes them as given and draws the order of the other edges only, whose
 * relative order is as uniform as before, so the tree's law is unchanged. A region
 * holds many (precincts inside another have one neighbour), and a leaf's edge, uniform
 * in the order, is what most often makes Kruskal run to the end of it. Peeled by the
 * XOR trick of gmi_tree_balanced, on the deg/xr/xe arrays before a tree uses them. */
void gmi_tree_kruskal_prepare(gm_chain *c)
{
    if (c->s->county && c->s->county_weight > 0) return; /* weighted: every edge is sorted */
    size_t un = c->un, lm = c->lm, sp = 0, nf = 0, np = 0;
    const uint32_t *eu = c->eu, *ev = c->ev;
    uint32_t *deg = c->deg, *xr = c->xr, *xe = c->xe, *stack = c->stack;
    uint8_t *peeled = c->in_tree;
    memset(peeled, 0, un);
    tree_clear(c);
    for (size_t e = 0; e < lm; e++) tree_add(deg, xr, xe, eu[e], ev[e], (uint32_t)e);
    for (size_t i = 0; i < un; i++) {
        stack[sp] = (uint32_t)i;
        sp += deg[i] == 1;
    }
    while (sp) {
        uint32_t x = stack[--sp];
        if (deg[x] != 1) continue; /* the last of a region that is a tree */
        uint32_t p = xr[x], e = xe[x];
        c->forced[nf++] = e;
        peeled[x] = 1;
        deg[x] = 0;
        xr[p] ^= x;
        xe[p] ^= e;
        stack[sp] = p;
        sp += --deg[p] == 1;
    }
    for (size_t e = 0; e < lm; e++) {
        c->perm[np] = (uint32_t)e;
        np += !(peeled[eu[e]] | peeled[ev[e]]);
    }
    c->n_forced = nf;
    c->n_perm = np;
}

/* Uniform weights: their ascending order is a uniform random permutation, drawn lazily
 * (Fisher-Yates) until the tree is complete. perm holds a permutation of the region's
 * unforced edges from the last draw (gmi_tree_kruskal_prepare sets it): shuffling any
 * permutation gives a uniform one. The tree depends only on the order, not on how the
 * sets are kept. */
static void kruskal_uniform(gm_chain *c)
{
    size_t un = c->un, lm = c->n_perm, got = c->n_forced;
    uint32_t *perm = c->perm, *uf = c->uf, *sz = c->next;
    uint32_t *deg = c->deg, *xr = c->xr, *xe = c->xe;
    const uint32_t *eu = c->eu, *ev = c->ev;
    for (size_t f = 0; f < got; f++) {
        uint32_t e = c->forced[f];
        tree_add(deg, xr, xe, eu[e], ev[e], e);
    }
    for (size_t i = 0; i < un; i++) uf[i] = (uint32_t)i, sz[i] = 1;
    gmi_draws d = gmi_draws_take(c);
    for (size_t i = 0; i < lm && got + 1 < un; i++) {
        size_t j = i + gmi_below_hi(&d, (uint32_t)(lm - i));
        uint32_t e = perm[j];
        perm[j] = perm[i];
        perm[i] = e;
        uint32_t a = eu[e], b = ev[e];
        uint32_t ra = uf_find(uf, a), rb = uf_find(uf, b);
        if (ra == rb) continue;
        uint32_t sa = sz[ra], sb = sz[rb];
        uint32_t big = sa >= sb ? ra : rb, small = ra ^ rb ^ big;
        uf[small] = big;
        sz[big] = sa + sb;
        tree_add(deg, xr, xe, a, b, e);
        got++;
    }
    gmi_draws_put(c, &d);
}

void gmi_tree_kruskal(gm_chain *c)
{
    tree_clear(c);
    if (c->s->county && c->s->county_weight > 0) kruskal_weighted(c);
    else kruskal_uniform(c);
}

/* Wilson's algorithm: loop-erased random walks from every node into the tree grown from
 * the root; each node keeps its last exit, so the walk's loops are erased by following the
 * last exits. Any root and any order of starting nodes give a uniform spanning tree
 * (Wilson 1996); a central root (c->wroot) shortens the walks.
 *
 * A step is one table read: a node's 16 entries hold each of its d neighbours
 * floor(16/d) times and the node itself in the 16 mod d left over, and 4 random bits pick
 * one. The walk is then lazy (it stays put now and then), and a lazy walk's loop-erasure
 * is the simple walk's: the tree's law is the same, and a step no longer waits for a
 * multiplication and a second load. A node with more than 16 neighbours has a marker
 * entry and steps by an unbiased draw below its degree. The tree's edges are not named
 * (xe stays 0): no cut rule reads them for a uniform tree. */
void gmi_tree_wilson(gm_chain *c)
{
    size_t un = c->un;
    const uint32_t *off = c->off, *adj = c->adj;
    uint32_t *exit = c->next, *deg = c->deg, *xr = c->xr, *xe = c->xe;
    uint8_t *in = c->in_tree;
    tree_clear(c);
    memset(in, 0, un);
    in[c->wroot] = 1;
    gmi_draws d = gmi_draws_take(c);
    if (c->wtab_ok) {
        const uint16_t *tab = c->wtab;
        uint64_t bits = 0;
        unsigned left = 0;
        for (uint32_t i = 0; i < un; i++) {
            uint32_t u = i;
            while (!in[u]) {
                if (!left) {
                    bits = gmi_draw64(&d);
                    left = 16;
                }
                uint32_t v = tab[(size_t)u * 16 + (bits & 15)];
                bits >>= 4;
                left--;
                if (v == UINT16_MAX) {
                    uint32_t o = off[u];
                    v = adj[o + gmi_below_hi(&d, off[u + 1] - o)];
                }
                exit[u] = v;
                u = v;
            }
            for (u = i; !in[u]; u = exit[u]) {
                in[u] = 1;
                tree_add(deg, xr, xe, u, exit[u], 0);
            }
        }
    } else {
        for (uint32_t i = 0; i < un; i++) {
            uint32_t u = i;
            while (!in[u]) {
                uint32_t o = off[u];
                uint32_t v = adj[o + gmi_below_hi(&d, off[u + 1] - o)];
                exit[u] = v;
                u = v;
            }
            for (u = i; !in[u]; u = exit[u]) {
                in[u] = 1;
                tree_add(deg, xr, xe, u, exit[u], 0);
            }
        }
    }
    gmi_draws_put(c, &d);
}

/* Wilson's step table (above) for the region. */
static void wilson_table(gm_chain *c)
{
    size_t un = c->un;
    c->wtab_ok = un < UINT16_MAX;
    if (!c->wtab_ok) return;
    for (uint32_t u = 0; u < un; u++) {
        uint32_t o = c->off[u], dg = c->off[u + 1] - o, r = 0;
        uint16_t *t = c->wtab + (size_t)u * 16;
        if (dg == 0 || dg > 16) {
            for (int s = 0; s < 16; s++) t[s] = UINT16_MAX;
            continue;
        }
        uint32_t even = 16 / dg * dg;
        for (uint32_t s = 0; s < 16; s++) {
            if (s < even) {
                t[s] = (uint16_t)c->adj[o + r];
                r = r + 1 == dg ? 0 : r + 1;
            } else {
                t[s] = (uint16_t)u;
            }
        }
    }
}

/* A central node of the region for Wilson's root: the middle of a long shortest path
 * (the region's nodes are in breadth-first order from local node 0, so the last one is
 * as far from it as any; a breadth-first pass from there finds the far end). Needs the
 * local CSR. */
static void wilson_root(gm_chain *c)
{
    size_t un = c->un, head = 0, tail = 0;
    uint32_t *queue = c->order, *par = c->parent, *dist = c->pedge;
    uint8_t *seen = c->in_tree;
    memset(seen, 0, un);
    uint32_t f = (uint32_t)(un - 1);
    queue[tail] = f;
    dist[tail] = 0;
    par[tail++] = 0;
    seen[f] = 1;
    while (head < tail) { /* branch-free, as region()'s search (a spare slot at the end) */
        uint32_t x = queue[head], dx = dist[head] + 1, h = (uint32_t)head++;
        for (uint32_t j = c->off[x]; j < c->off[x + 1]; j++) {
            uint32_t y = c->adj[j];
            uint32_t fresh = !seen[y];
            seen[y] = 1;
            queue[tail] = y;
            dist[tail] = dx; /* dist and par are indexed by queue position */
            par[tail] = h;
            tail += fresh;
        }
    }
    size_t g = tail - 1; /* a queue position */
    for (uint32_t h = dist[g] / 2; h; h--) g = par[g];
    c->wroot = queue[g];
}

void gmi_tree_wilson_prepare(gm_chain *c)
{
    wilson_root(c);
    wilson_table(c);
}

/* The tree is peeled from its leaves: a leaf's one remaining neighbour (its parent) and
 * edge are read off the XORs. A leaf's subtree is complete when it is peeled: test its
 * edge, add it to the parent, and the parent may become a leaf. The node left last is the
 * root; order[] holds the nodes root first (each parent before its children), as
 * gmi_tree_mark needs. */
size_t gmi_tree_balanced(gm_chain *c)
{
    size_t un = c->un, nc = 0, sp = 0, k = un;
    uint32_t *deg = c->deg, *xr = c->xr, *xe = c->xe, *stack = c->stack;
    uint32_t *order = c->order, *parent = c->parent, *pedge = c->pedge, *cand = c->cand;
    double *sub = c->sub, total = c->ltotal, lo = c->lo, hi = c->hi;
    memcpy(sub, c->lpop, un * sizeof *sub);
    for (size_t i = 0; i < un; i++) { /* branch-free: leaves are a coin toss */
        stack[sp] = (uint32_t)i;
        sp += deg[i] <= 1; /* deg 0: a region of one unit */
    }
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
        if (a >= lo && a <= hi && b >= lo && b <= hi) cand[nc++] = x;
        sub[p] += a;
        xr[p] ^= x;
        xe[p] ^= e;
        deg[x] = 0;
        uint32_t dp = --deg[p];
        stack[sp] = p;
        sp += dp == 1;
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
