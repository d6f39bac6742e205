/* recom.c: the steps of ReCom and of reversible ReCom (docs/generate.md). */
#include "generate/gen_int.h"

#include <math.h>

/* Consecutive pairs given up before recom reports that it is stuck. */
#define GMI_MAX_PAIRS_GIVEN_UP 1000

/* The merged region of districts a and b: local nodes in BFS order from a's
 * representative (the union of two adjacent connected districts is connected) and the
 * local edges, each once: an edge is taken when its first end is visited, towards a node
 * not visited yet. The adjacency (CSR) is built only for Wilson's walks (region_csr). */
static void region(gm_chain *c, int32_t a, int32_t b)
{
    const gm_graph *g = c->g;
    const size_t *aoff = g->adj_off;
    const uint32_t *adj = g->adj;
    const int32_t *as = c->assign;
    uint32_t *loc = c->loc, *node = c->node, *eu = c->eu, *ev = c->ev;
    size_t tail = 0, lm = 0;
    uint32_t r = c->rep[a];
    loc[r] = 0;
    node[tail++] = r;
    /* Branch-free: whether a neighbour is in the region is a coin toss to the branch
     * predictor, so every store is made and only the counters move by the condition
     * (node and eu/ev have one spare slot; loc[y] of a unit outside the region stays
     * GMI_NONE, as it is rewritten with its own value). */
    for (size_t head = 0; head < tail; head++) {
        uint32_t x = node[head];
        for (size_t j = aoff[x]; j < aoff[x + 1]; j++) {
            uint32_t y = adj[j];
            int32_t d = as[y];
            uint32_t in = (uint32_t)(d == a) | (uint32_t)(d == b);
            uint32_t ly = loc[y];
            uint32_t fresh = in & (uint32_t)(ly == GMI_NONE);
            node[tail] = y;
            ly = fresh ? (uint32_t)tail : ly;
            loc[y] = ly;
            tail += fresh;
            eu[lm] = (uint32_t)head;
            ev[lm] = ly;
            lm += in & (uint32_t)(ly > head);
        }
    }
    c->un = tail;
    c->lm = lm;
    const double *pop = c->s->pop;
    double total = 0;
    for (size_t i = 0; i < tail; i++) total += c->lpop[i] = pop[node[i]];
    c->ltotal = total;
}

/* The local adjacency of the region, from its edges, and Wilson's root. */
static void region_csr(gm_chain *c)
{
    size_t un = c->un, lm = c->lm;
    for (size_t i = 0; i <= un; i++) c->off[i] = 0;
    for (size_t e = 0; e < lm; e++) {
        c->off[c->eu[e] + 1]++;
        c->off[c->ev[e] + 1]++;
    }
    for (size_t i = 0; i < un; i++) c->off[i + 1] += c->off[i];
    for (size_t i = 0; i < un; i++) c->next[i] = c->off[i];
    for (size_t e = 0; e < lm; e++) {
        uint32_t x = c->eu[e], y = c->ev[e];
        c->adj[c->next[x]] = y;
        c->adj_e[c->next[x]++] = (uint32_t)e;
        c->adj[c->next[y]] = x;
        c->adj_e[c->next[y]++] = (uint32_t)e;
    }
    gmi_tree_wilson_prepare(c);
}

static void region_clear(gm_chain *c)
{
    for (size_t i = 0; i < c->un; i++) c->loc[c->node[i]] = GMI_NONE;
    c->un = 0;
}

/* A uniform random pair of adjacent districts (by rejection over all pairs). */
static void uniform_adjacent_pair(gm_chain *c, int32_t *a, int32_t *b)
{
    for (;;) {
        uint32_t x = gmi_chain_below(c, (uint32_t)c->k);
        uint32_t y = gmi_chain_below(c, (uint32_t)c->k - 1);
        if (y >= x) y++;
        if (c->pair_cut[(size_t)x * c->k + y]) {
            *a = (int32_t)x;
            *b = (int32_t)y;
            return;
        }
    }
}

static void pick_pair(gm_chain *c, int32_t *a, int32_t *b)
{
    if (c->s->pair == GM_GEN_PAIR_DISTRICT) {
        uniform_adjacent_pair(c, a, b);
        return;
    }
    uint32_t e = c->cut[gmi_chain_below(c, (uint32_t)c->n_cut)];
    *a = c->assign[c->g->edge_u[e]];
    *b = c->assign[c->g->edge_v[e]];
}

static bool crosses_county(const gm_chain *c, uint32_t local_edge)
{
    return c->s->county[c->node[c->eu[local_edge]]] != c->s->county[c->node[c->ev[local_edge]]];
}

/* The balanced edge to cut, as the node below it (one of c->cand[0..nc)). */
static uint32_t choose_cut(gm_chain *c, size_t nc)
{
    const gm_gen_spec *s = c->s;
    if (s->cut == GM_GEN_CUT_UNIFORM || !(s->county && s->county_weight > 0) ||
        s->tree != GM_GEN_TREE_KRUSKAL)
        return c->cand[gmi_chain_below(c, (uint32_t)nc)];
    /* GerryChain's region rule: among the cuts on a county line if there are any (else
     * among all), the one whose edge is heaviest in the Kruskal draw */
    bool any = false;
    for (size_t i = 0; i < nc && !any; i++) any = crosses_county(c, c->pedge[c->cand[i]]);
    uint32_t best = GMI_NONE;
    double bw = -1;
    for (size_t i = 0; i < nc; i++) {
        uint32_t v = c->cand[i];
        if (any && !crosses_county(c, c->pedge[v])) continue;
        if (c->ew[c->pedge[v]] > bw) {
            bw = c->ew[c->pedge[v]];
            best = v;
        }
    }
    return best;
}

/* Cut the region at the tree edge above local node v: the side holding a's
 * representative keeps a, the other side becomes b. Returns false (and changes nothing)
 * when the result splits more counties than allowed. */
static bool apply_split(gm_chain *c, int32_t a, int32_t b, uint32_t v)
{
    gmi_tree_mark(c, v);
    /* the side holding a's representative (local node 0, where region() starts) keeps
     * a's label, whichever side of the cut edge the tree's root is on */
    bool flip = c->side[0];
    bool limit = c->s->max_county_splits >= 0;
    for (size_t i = 0; i < c->un; i++) {
        if (limit) c->prev[i] = c->assign[c->node[i]];
        gmi_chain_move(c, c->node[i], c->side[i] != flip ? b : a);
    }
    if (limit && c->touch.split > (size_t)c->s->max_county_splits) {
        for (size_t i = 0; i < c->un; i++) gmi_chain_move(c, c->node[i], c->prev[i]);
        return false;
    }
    c->rep[a] = c->node[0];
    c->rep[b] = c->node[flip ? c->order[0] : v]; /* the root is never under v */
    return true;
}

static gm_status recom_step(gm_chain *c, bool *moved, gm_error *err)
{
    const gm_gen_spec *s = c->s;
    uint32_t draws = s->max_tree_draws ? s->max_tree_draws : 100;
    for (size_t given_up = 0;; given_up++) {
        int32_t a, b;
        pick_pair(c, &a, &b);
        if (given_up >= GMI_MAX_PAIRS_GIVEN_UP)
            return gm_fail(err, GM_E_DATA,
                           "no balanced split found for %d pairs of districts in a row (the last: "
                           "districts %d and %d, %u spanning trees each); the tolerance is too "
                           "tight for these units: raise it",
                           GMI_MAX_PAIRS_GIVEN_UP, (int)a, (int)b, draws);
        region(c, a, b);
        if (s->tree == GM_GEN_TREE_WILSON) region_csr(c);
        else gmi_tree_kruskal_prepare(c);
        for (uint32_t t = 0; t < draws; t++) {
            if (s->tree == GM_GEN_TREE_WILSON) gmi_tree_wilson(c);
            else gmi_tree_kruskal(c);
            c->st.trees++;
            size_t nc = gmi_tree_balanced(c);
            if (!nc) {
                c->st.trees_unbalanced++;
                continue;
            }
            uint32_t v = choose_cut(c, nc);
            *moved = apply_split(c, a, b, v);
            if (*moved) c->st.moves++;
            else c->st.loops_county++;
            region_clear(c);
            c->st.steps++;
            return GM_OK;
        }
        region_clear(c);
        c->st.pairs_given_up++;
    }
}

/* Number of region edges between the two sides of c->side (the new seam). */
static size_t seam(const gm_chain *c)
{
    size_t n = 0;
    for (size_t e = 0; e < c->lm; e++) n += c->side[c->eu[e]] != c->side[c->ev[e]];
    return n;
}

/* One reversible ReCom step, or a run of self-loops from non-adjacent pairs ending with
 * one (at most max_steps in all). *taken is the steps taken. */
static gm_status reversible_step(gm_chain *c, uint64_t max_steps, uint64_t *taken, bool *moved,
                                 gm_error *err)
{
    double pairs = (double)c->k * (double)(c->k - 1) / 2;
    double p = (double)c->n_adj_pairs / pairs;
    uint64_t skip = 0;
    if (p < 1) {
        /* failures before the first adjacent pair: geometric with success p */
        double g = floor(log(gmi_rng_uniform_pos(&c->rng)) / log1p(-p));
        if (g >= (double)max_steps) {
            *taken = max_steps;
            c->st.steps += max_steps;
            c->st.loops_nonadjacent += max_steps;
            return GM_OK;
        }
        skip = (uint64_t)g;
    }
    *taken = skip + 1;
    c->st.steps += skip + 1;
    c->st.loops_nonadjacent += skip;
    int32_t a, b;
    uniform_adjacent_pair(c, &a, &b);
    region(c, a, b);
    region_csr(c);
    gmi_tree_wilson(c);
    c->st.trees++;
    size_t nc = gmi_tree_balanced(c);
    uint64_t M = (uint64_t)c->s->balance_ub;
    if (nc > M) {
        region_clear(c);
        return gm_fail(err, GM_E_DATA,
                       "a spanning tree of districts %d and %d has %zu balanced edges, more than "
                       "the bound M = %llu: the chain would not sample its target; raise M to at "
                       "least %zu",
                       (int)a, (int)b, nc, (unsigned long long)M, nc);
    }
    if (!nc) c->st.trees_unbalanced++;
    uint64_t slot = gmi_rng_below(&c->rng, M);
    if (slot >= nc) {
        c->st.loops_no_edge++;
        region_clear(c);
        return GM_OK;
    }
    uint32_t v = c->cand[slot];
    gmi_tree_mark(c, v);
    double old_seam = c->pair_cut[(size_t)a * c->k + (size_t)b], new_seam = (double)seam(c);
    /* Metropolis-Hastings for the spanning-tree target: accept with min(1, old/new) */
    if (new_seam > old_seam && gmi_rng_uniform(&c->rng) * new_seam >= old_seam) {
        c->st.loops_rejected++;
        region_clear(c);
        return GM_OK;
    }
    *moved = apply_split(c, a, b, v);
    if (*moved) c->st.moves++;
    else c->st.loops_county++;
    region_clear(c);
    return GM_OK;
}

gm_status gm_chain_advance(gm_chain *c, uint64_t max_steps, uint64_t *taken, gm_error *err)
{
    *taken = 0;
    bool moved = false;
    while (!moved && *taken < max_steps) {
        gm_status rc;
        if (c->s->method == GM_GEN_REVERSIBLE) {
            uint64_t t = 0;
            rc = reversible_step(c, max_steps - *taken, &t, &moved, err);
            *taken += t;
        } else {
            rc = recom_step(c, &moved, err);
            *taken += 1;
        }
        if (rc) return rc;
    }
    return GM_OK;
}
