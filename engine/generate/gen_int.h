/* gen_int.h: the state of one plan chain (gm_generate.h). Engine-internal.
 *
 * The chain keeps, besides the assignment, everything a step needs without a rescan:
 * district populations, the set of cut edges (an array with positions, for a uniform
 * draw), the cut edges between each pair of districts (for adjacency and seam length),
 * a representative unit per district (where a merged region's search starts) and, with
 * counties, the units of each county in each district. Scratch space for the merged
 * region of two districts (its subgraph, a spanning tree, the tree's subtree
 * populations) is allocated once, for the whole graph. */
#ifndef GM_GEN_INT_H
#define GM_GEN_INT_H

#include "gerrymeter/gm_generate.h"
#include "core/rng.h"
#include "metrics/touch.h"

#define GMI_NONE UINT32_MAX

typedef struct gmi_wedge { /* a weighted local edge, for sorting */
    double w;
    uint32_t e;
} gmi_wedge;

struct gm_chain {
    void *arena;             /* one block holding every array below (chain.c, carve) */
    const gm_gen_spec *s;
    const gm_graph *g;
    size_t n, k, m;
    gmi_rng rng;
    double lo, hi;           /* population bounds */
    int32_t *assign;         /* [n] */
    double *dpop;            /* [k] */
    uint32_t *rep;           /* [k] a unit of each district */
    uint32_t *cut;           /* [m] ids of the cut edges, n_cut of them */
    uint32_t *cut_pos;       /* [m] position in cut, or GMI_NONE */
    size_t n_cut;
    uint32_t *pair_cut;      /* [k*k] cut edges between districts a and b (symmetric) */
    size_t n_adj_pairs;      /* unordered pairs with a cut edge between them */
    /* counties: the units of each county in each district and the counties split,
     * counted as the plan extras count them (metrics/touch.h) */
    size_t n_county;
    gmi_touch touch;         /* cell [n_county*k], ndist [n_county]; touch.split */
    /* the merged region: local nodes 0..un-1, local edges 0..lm-1 */
    uint32_t *loc;           /* [n] local index of a global node, GMI_NONE outside */
    uint32_t *node;          /* [n] global node of a local one */
    size_t un, lm;
    uint32_t *off;           /* [n+1] local CSR */
    uint32_t *adj;           /* [2m] local neighbour */
    uint32_t *adj_e;         /* [2m] local edge of each entry */
    uint32_t *eu, *ev;       /* [m] local edge endpoints */
    double *ew;              /* [m] Kruskal weight of a local edge */
    uint32_t *perm;          /* [m] edge order for Kruskal */
    gmi_wedge *wsort;        /* [m] weighted edges to sort (county weights) */
    /* the tree */
    uint32_t *uf;            /* [n] union-find parent */
    uint32_t *toff, *tadj, *tadj_e, *tlink; /* the tree as adjacency lists: toff[x] the
                              first entry of node x, tlink the next; tadj the neighbour,
                              tadj_e the local edge ([n+1], [2n] each) */
    uint32_t *te;            /* [n] local edges of the tree */
    uint32_t *order;         /* [n] BFS order from local node 0 */
    uint32_t *parent;        /* [n] tree parent (local), GMI_NONE at the root */
    uint32_t *pedge;         /* [n] local edge to the parent */
    double *sub;             /* [n] population of the subtree under a node */
    uint32_t *cand;          /* [n] nodes whose parent edge is balanced */
    uint8_t *side;           /* [n] 1: in the subtree cut off */
    uint8_t *in_tree;        /* [n] Wilson */
    uint32_t *next;          /* [n] Wilson */
    uint32_t *nexte;         /* [n] Wilson */
    int32_t *prev;           /* [n] districts before a split (to undo one over the county limit) */
    gm_chain_stats st;
    uint32_t spare;          /* the unused low half of the last 64-bit draw */
    bool has_spare;
};

/* Uniform integer in [0, n), 1 <= n < 2^32: Lemire's multiply and reject, as
 * gmi_rng_bounded, but on 32-bit halves of the chain's draws (two per draw). */
static inline uint32_t gmi_chain_draw32(gm_chain *c)
{
    if (c->has_spare) {
        c->has_spare = false;
        return c->spare;
    }
    uint64_t x = gmi_rng_next(&c->rng);
    c->spare = (uint32_t)x;
    c->has_spare = true;
    return (uint32_t)(x >> 32);
}
static inline uint32_t gmi_chain_below(gm_chain *c, uint32_t n)
{
    uint64_t m = (uint64_t)gmi_chain_draw32(c) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t t = (uint32_t)(-n) % n;
        while (low < t) {
            m = (uint64_t)gmi_chain_draw32(c) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* Move unit x to district `to`, updating populations, cut edges, pair counts and county
 * counts (chain.c). */
void gmi_chain_move(gm_chain *c, uint32_t x, int32_t to);

/* Spanning trees of the merged region (tree.c): fill c->te[0..un-1) and the tree CSR. */
void gmi_tree_kruskal(gm_chain *c);
void gmi_tree_wilson(gm_chain *c);

/* Balanced edges of the tree (tree.c): root it at local node 0, fill order/parent/sub and
 * c->cand with the nodes whose edge to their parent leaves both sides within the bounds.
 * Returns their number. */
size_t gmi_tree_balanced(gm_chain *c);

/* Mark c->side for the subtree under local node v (tree.c). */
void gmi_tree_mark(gm_chain *c, uint32_t v);

#endif
