/* tree.c: random spanning trees of the merged region and their balanced edges. */
#include "gen_int.h"

#include <stdlib.h>

static uint32_t uf_find(uint32_t *uf, uint32_t x)
{
    while (uf[x] != x) {
        uf[x] = uf[uf[x]]; /* path halving */
        x = uf[x];
    }
    return x;
}

/* The tree's CSR from c->te (un - 1 local edges). */
static void tree_csr(gm_chain *c)
{
    size_t un = c->un;
    for (size_t i = 0; i <= un; i++) c->toff[i] = 0;
    for (size_t t = 0; t + 1 < un; t++) {
        c->toff[c->eu[c->te[t]] + 1]++;
        c->toff[c->ev[c->te[t]] + 1]++;
    }
    for (size_t i = 0; i < un; i++) c->toff[i + 1] += c->toff[i];
    /* fill using next[] as a cursor (free outside Wilson's walk) */
    for (size_t i = 0; i < un; i++) c->next[i] = c->toff[i];
    for (size_t t = 0; t + 1 < un; t++) {
        uint32_t e = c->te[t], a = c->eu[e], b = c->ev[e];
        c->tadj[c->next[a]] = b;
        c->tadj_e[c->next[a]++] = e;
        c->tadj[c->next[b]] = a;
        c->tadj_e[c->next[b]++] = e;
    }
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
        uint32_t *perm = c->perm, *uf = c->uf, *eu = c->eu, *ev = c->ev;
        bool ranks = c->s->cut == GM_GEN_CUT_GERRYCHAIN && c->s->county && c->s->county_weight > 0;
        for (size_t i = 0; i < lm && got + 1 < un; i++) {
            size_t j = i + gmi_rng_bounded(&c->rng, (uint32_t)(lm - i));
            uint32_t e = perm[j];
            perm[j] = perm[i];
            perm[i] = e;
            if (ranks) c->ew[e] = (double)i;
            uint32_t ra = uf_find(uf, eu[e]), rb = uf_find(uf, ev[e]);
            if (ra == rb) continue;
            uf[ra] = rb;
            c->te[got++] = e;
        }
    }
    tree_csr(c);
}

void gmi_tree_wilson(gm_chain *c)
{
    size_t un = c->un, got = 0;
    for (size_t i = 0; i < un; i++) c->in_tree[i] = 0;
    c->in_tree[gmi_rng_bounded(&c->rng, (uint32_t)un)] = 1;
    for (size_t i = 0; i < un; i++) {
        uint32_t u = (uint32_t)i;
        while (!c->in_tree[u]) { /* random walk; next[] keeps the last exit: loop-erased */
            uint32_t deg = c->off[u + 1] - c->off[u];
            uint32_t j = c->off[u] + gmi_rng_bounded(&c->rng, deg);
            c->next[u] = c->adj[j];
            c->nexte[u] = c->adj_e[j];
            u = c->adj[j];
        }
        for (u = (uint32_t)i; !c->in_tree[u]; u = c->next[u]) {
            c->in_tree[u] = 1;
            c->te[got++] = c->nexte[u];
        }
    }
    tree_csr(c);
}

size_t gmi_tree_balanced(gm_chain *c)
{
    size_t un = c->un, head = 0, tail = 0, nc = 0;
    c->order[tail++] = 0;
    c->parent[0] = GMI_NONE;
    c->pedge[0] = GMI_NONE;
    while (head < tail) {
        uint32_t x = c->order[head++];
        for (uint32_t j = c->toff[x]; j < c->toff[x + 1]; j++) {
            uint32_t y = c->tadj[j];
            if (y == c->parent[x]) continue;
            c->parent[y] = x;
            c->pedge[y] = c->tadj_e[j];
            c->order[tail++] = y;
        }
    }
    for (size_t i = 0; i < un; i++) c->sub[i] = c->s->pop[c->node[i]];
    for (size_t i = un; i-- > 1;) {
        uint32_t x = c->order[i];
        c->sub[c->parent[x]] += c->sub[x];
    }
    double total = c->sub[0];
    for (size_t i = 1; i < un; i++) {
        uint32_t x = c->order[i];
        double a = c->sub[x], b = total - a;
        if (a >= c->lo && a <= c->hi && b >= c->lo && b <= c->hi) c->cand[nc++] = x;
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
