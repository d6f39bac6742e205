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
    uint32_t *perm;          /* [m] edge order for Kruskal: the edges not forced */
    size_t n_perm;
    uint32_t *forced;        /* [n] edges every spanning tree of the region holds (those of
                                its pendant trees), n_forced of them */
    size_t n_forced;
    gmi_wedge *wsort;        /* [m] weighted edges to sort (county weights) */
    double *lpop;            /* [n] population of each local node (region()) */
    double ltotal;           /* the region's population, summed in local order */
    uint32_t wroot;          /* Wilson's root: a central local node (region_csr) */
    uint16_t *wtab;          /* [16n] Wilson's steps by table (tree.c): 16 entries per local
                                node, its neighbours repeated evenly, the rest itself */
    bool wtab_ok;            /* the region is small enough for wtab (local ids < 65535) */
    /* the tree, as the tree builders leave it: each node's tree degree and the XOR of its
     * tree neighbours (xr) and of its tree edges (xe), enough to peel it from the leaves */
    uint32_t *uf;            /* [n] union-find parent (Kruskal) */
    uint32_t *deg, *xr, *xe; /* [n] each */
    uint32_t *stack;         /* [n] leaves waiting to be peeled */
    uint32_t *order;         /* [n] nodes, each parent before its children */
    uint32_t *parent;        /* [n] tree parent (local), GMI_NONE at the root */
    uint32_t *pedge;         /* [n] local edge to the parent */
    double *sub;             /* [n] population of the subtree under a node */
    uint32_t *cand;          /* [n] nodes whose parent edge is balanced */
    uint8_t *side;           /* [n] 1: in the subtree cut off */
    uint8_t *in_tree;        /* [n] Wilson */
    uint32_t *next;          /* [n] Wilson: the adjacency entry of a node's last exit;
                                Kruskal: set sizes */
    int32_t *prev;           /* [n] districts before a split (to undo one over the county limit) */
    gm_chain_stats st;
    uint32_t spare;          /* the unused low half of the last 64-bit draw */
    bool has_spare;
};

/* The chain's random stream in a local: hot loops copy the xoshiro256** state
 * (core/rng.h's, never its splitmix kind) and the spare half-draw into a gmi_draws, so
 * that they stay in registers instead of going through the chain's memory at every draw
 * (stores into the uint32_t arrays could otherwise alias the spare), and put it back. */
typedef struct gmi_draws {
    uint64_t s0, s1, s2, s3;
    uint32_t spare;
    bool has_spare;
} gmi_draws;

static inline gmi_draws gmi_draws_take(const gm_chain *c)
{
    return (gmi_draws){c->rng.s[0], c->rng.s[1], c->rng.s[2], c->rng.s[3], c->spare,
                       c->has_spare};
}
static inline void gmi_draws_put(gm_chain *c, const gmi_draws *d)
{
    c->rng.s[0] = d->s0, c->rng.s[1] = d->s1, c->rng.s[2] = d->s2, c->rng.s[3] = d->s3;
    c->spare = d->spare;
    c->has_spare = d->has_spare;
}
static inline uint64_t gmi_draw64(gmi_draws *d)
{
    uint64_t res = gmi_rotl64(d->s1 * 5, 7) * 9, t = d->s1 << 17;
    d->s2 ^= d->s0;
    d->s3 ^= d->s1;
    d->s1 ^= d->s2;
    d->s0 ^= d->s3;
    d->s2 ^= t;
    d->s3 = gmi_rotl64(d->s3, 45);
    return res;
}
/* 32-bit halves of the draws, the high half first */
static inline uint32_t gmi_draw32(gmi_draws *d)
{
    if (d->has_spare) {
        d->has_spare = false;
        return d->spare;
    }
    uint64_t x = gmi_draw64(d);
    d->spare = (uint32_t)x;
    d->has_spare = true;
    return (uint32_t)(x >> 32);
}
/* Uniform integer in [0, n), 1 <= n < 2^32: Lemire's multiply and reject, as
 * gmi_rng_bounded, on 32-bit halves of the draws. */
static inline uint32_t gmi_below(gmi_draws *d, uint32_t n)
{
    uint64_t m = (uint64_t)gmi_draw32(d) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t t = (uint32_t)(-n) % n;
        while (low < t) {
            m = (uint64_t)gmi_draw32(d) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}
/* The same from the high half of a whole draw: no spare to keep, no branch on it. */
static inline uint32_t gmi_below_hi(gmi_draws *d, uint32_t n)
{
    uint64_t m = (gmi_draw64(d) >> 32) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t t = (uint32_t)(-n) % n;
        while (low < t) {
            m = (gmi_draw64(d) >> 32) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}
static inline uint32_t gmi_chain_below(gm_chain *c, uint32_t n)
{
    gmi_draws d = gmi_draws_take(c);
    uint32_t r = gmi_below(&d, n);
    gmi_draws_put(c, &d);
    return r;
}

/* Move unit x to district `to`, updating populations, cut edges, pair counts and county
 * counts (chain.c). */
void gmi_chain_move(gm_chain *c, uint32_t x, int32_t to);

/* Kruskal's preparation of a region (tree.c): the forced edges and perm. */
void gmi_tree_kruskal_prepare(gm_chain *c);

/* Spanning trees of the merged region (tree.c): fill deg, xr and xe. */
void gmi_tree_kruskal(gm_chain *c);
void gmi_tree_wilson(gm_chain *c);

/* Wilson's root for the region, a central node, and its step table (tree.c), from the
 * local CSR. */
void gmi_tree_wilson_prepare(gm_chain *c);

/* Balanced edges of the tree (tree.c): peel it from its leaves, fill order/parent/pedge/sub
 * and c->cand with the nodes whose edge to their parent leaves both sides within the
 * bounds. Returns their number. */
size_t gmi_tree_balanced(gm_chain *c);

/* Mark c->side for the subtree under local node v (tree.c). */
void gmi_tree_mark(gm_chain *c, uint32_t v);

#endif
