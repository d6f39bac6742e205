/* chain.c: a plan chain's state: creation from the start plan (checked), the
 * incremental update when units change district, and the accessors. */
#include "generate/gen_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void gm_gen_spec_init(gm_gen_spec *s)
{
    memset(s, 0, sizeof *s);
    s->tolerance = 0.02;
    s->balance_ub = 30;
    s->max_tree_draws = 100;
    s->max_county_splits = -1;
}

void gm_chain_destroy(gm_chain *c)
{
    if (!c) return;
    free(c->arena);
    free(c->touch.cell); /* the county counts: sized once the counties are known */
    free(c->touch.ndist);
    free(c);
}

static void cut_add(gm_chain *c, uint32_t e)
{
    c->cut_pos[e] = (uint32_t)c->n_cut;
    c->cut[c->n_cut++] = e;
}

static void cut_remove(gm_chain *c, uint32_t e)
{
    uint32_t p = c->cut_pos[e], last = c->cut[--c->n_cut];
    c->cut[p] = last;
    c->cut_pos[last] = p;
    c->cut_pos[e] = GMI_NONE;
}

static void pair_add(gm_chain *c, int32_t a, int32_t b, int delta)
{
    uint32_t *x = &c->pair_cut[(size_t)a * c->k + (size_t)b];
    uint32_t before = *x;
    *x += (uint32_t)delta;
    c->pair_cut[(size_t)b * c->k + (size_t)a] = *x;
    if (before == 0 && *x > 0) c->n_adj_pairs++;
    if (before > 0 && *x == 0) c->n_adj_pairs--;
}

static void county_move(gm_chain *c, uint32_t unit, int32_t from, int32_t to)
{
    size_t q = (size_t)c->s->county[unit];
    if (from >= 0) gmi_touch_remove(&c->touch, q, (size_t)from);
    gmi_touch_add(&c->touch, q, (size_t)to);
}

void gmi_chain_move(gm_chain *c, uint32_t x, int32_t to)
{
    const gm_graph *g = c->g;
    int32_t from = c->assign[x];
    if (from == to) return;
    c->dpop[from] -= c->s->pop[x];
    c->dpop[to] += c->s->pop[x];
    if (c->n_county) county_move(c, x, from, to);
    for (size_t j = g->adj_off[x]; j < g->adj_off[x + 1]; j++) {
        uint32_t y = g->adj[j], e = g->adj_edge[j];
        int32_t dy = c->assign[y];
        if (dy != from) pair_add(c, from, dy, -1);
        if (dy != to) pair_add(c, to, dy, +1);
        bool was = dy != from, now = dy != to;
        if (was && !now) cut_remove(c, e);
        if (!was && now) cut_add(c, e);
    }
    c->assign[x] = to;
}

/* Units of district d reachable from its first unit inside d; 0 when d is empty. */
static size_t district_reach(gm_chain *c, int32_t d, uint32_t first)
{
    size_t head = 0, tail = 0;
    c->order[tail++] = first;
    c->side[first] = 1;
    while (head < tail) {
        uint32_t x = c->order[head++];
        for (size_t j = c->g->adj_off[x]; j < c->g->adj_off[x + 1]; j++) {
            uint32_t y = c->g->adj[j];
            if (c->assign[y] == d && !c->side[y]) {
                c->side[y] = 1;
                c->order[tail++] = y;
            }
        }
    }
    return tail;
}

static gm_status check_start(gm_chain *c, gm_error *err)
{
    const gm_graph *g = c->g;
    size_t n = c->n, k = c->k;
    if (g->n_components != 1) {
        size_t other = 0;
        while (other < n && g->component[other] == 0) other++;
        return gm_fail(err, GM_E_DATA,
                       "the unit graph has %zu connected pieces (unit '%s' is not connected to "
                       "unit '%s'); a chain can only redraw a connected state: join the pieces "
                       "(queen adjacency, a connecting edge) or leave the islands out",
                       g->n_components, g->id ? g->id[other < n ? other : 0] : "?",
                       g->id ? g->id[0] : "?");
    }
    size_t *size = calloc(k, sizeof *size);
    if (!size) return gm_fail(err, GM_E_NOMEM, "out of memory");
    gm_status rc = GM_OK;
    for (size_t i = 0; i < n; i++) {
        int32_t d = c->s->start[i];
        if (d < 0 || (size_t)d >= k) {
            rc = gm_fail(err, GM_E_DATA,
                         "unit '%s' of the start plan has district id %d, outside 0..%zu; give "
                         "a start plan with %zu districts",
                         g->id ? g->id[i] : "?", (int)d, k - 1, k);
            goto done;
        }
        if (size[d]++ == 0) c->rep[d] = (uint32_t)i;
    }
    for (size_t d = 0; d < k; d++) {
        if (!size[d]) {
            rc = gm_fail(err, GM_E_DATA,
                         "district %zu of the start plan has no units; the start plan must have "
                         "exactly %zu non-empty districts",
                         d, k);
            goto done;
        }
    }
    memset(c->side, 0, n);
    for (size_t d = 0; d < k; d++) {
        size_t got = district_reach(c, (int32_t)d, c->rep[d]);
        if (got != size[d]) {
            uint32_t other = 0;
            for (size_t i = 0; i < n; i++)
                if (c->assign[i] == (int32_t)d && !c->side[i]) {
                    other = (uint32_t)i;
                    break;
                }
            rc = gm_fail(err, GM_E_DATA,
                         "district %zu of the start plan is not connected: unit '%s' cannot be "
                         "reached from unit '%s' inside the district (%zu of %zu units "
                         "reached); give a contiguous start plan",
                         d, g->id ? g->id[other] : "?", g->id ? g->id[c->rep[d]] : "?", got,
                         size[d]);
            goto done;
        }
    }
    double ideal = (c->lo + c->hi) / 2;
    for (size_t d = 0; d < k; d++) {
        double p = c->dpop[d];
        if (p < c->lo || p > c->hi) {
            double worst = 0;
            for (size_t e = 0; e < k; e++) worst = fmax(worst, fabs(c->dpop[e] - ideal) / ideal);
            rc = gm_fail(err, GM_E_DATA,
                         "district %zu of the start plan has population %.0f, %+.2f%% from the "
                         "ideal %.1f, outside the tolerance of %.2f%%; allow at least %.2f%% or "
                         "start from a balanced plan",
                         d, p, 100 * (p - ideal) / ideal, ideal, 100 * c->s->tolerance,
                         100 * worst + 0.005);
            goto done;
        }
    }
done:
    free(size);
    return rc;
}

/* Every array of the chain, carved from one zeroed block: the first pass sums the sizes
 * (each array aligned to 64 bytes, a cache line), the second sets the pointers. */
static bool carve(gm_chain *c)
{
    size_t n = c->n, k = c->k, m = c->m, off = 0;
    char *base = NULL;
    for (int pass = 0; pass < 2; pass++) {
        off = 0;
#define CARVE(f, cnt)                                                   \
    do {                                                                \
        size_t cnt_ = (cnt);                                            \
        off = (off + 63) & ~(size_t)63;                                 \
        if (pass) c->f = (void *)(base + off);                          \
        off += (cnt_ ? cnt_ : 1) * sizeof *c->f;                        \
    } while (0)
        CARVE(assign, n);
        CARVE(dpop, k);
        CARVE(rep, k);
        CARVE(cut, m);
        CARVE(cut_pos, m);
        CARVE(pair_cut, k * k);
        CARVE(loc, n);
        CARVE(node, n + 1);       /* a spare slot: region() stores before it counts */
        CARVE(off, n + 1);
        CARVE(adj, 2 * m);
        CARVE(adj_e, 2 * m);
        CARVE(eu, m + 1);
        CARVE(ev, m + 1);
        CARVE(ew, m);
        CARVE(perm, m);
        CARVE(forced, n);
        CARVE(wsort, m);
        CARVE(lpop, n);
        CARVE(uf, n);
        CARVE(deg, n);
        CARVE(xr, n);
        CARVE(xe, n);
        CARVE(stack, n);
        CARVE(order, n + 1); /* spare slots: gmi_tree_wilson_root's search */
        CARVE(parent, n + 1);
        CARVE(pedge, n + 1);
        CARVE(sub, n);
        CARVE(cand, n);
        CARVE(side, n);
        CARVE(in_tree, n);
        CARVE(next, n);
        CARVE(wtab, 16 * n);
        CARVE(prev, n);
#undef CARVE
        if (!pass && !(base = c->arena = calloc(1, off))) return false;
    }
    return true;
}

gm_status gm_chain_create(const gm_gen_spec *s, uint64_t chain, gm_chain **out, gm_error *err)
{
    *out = NULL;
    if (!s || !s->graph || !s->pop || !s->start)
        return gm_fail(err, GM_E_ARG, "a chain needs a graph, populations and a start plan");
    if (s->k < 2) return gm_fail(err, GM_E_ARG, "a chain needs at least 2 districts, not %zu", s->k);
    if (!(s->tolerance >= 0 && s->tolerance < 1))
        return gm_fail(err, GM_E_ARG, "population tolerance %g is not in [0, 1)", s->tolerance);
    if (s->method == GM_GEN_REVERSIBLE && !(s->balance_ub >= 1))
        return gm_fail(err, GM_E_ARG, "the balance bound M must be at least 1, not %g",
                       s->balance_ub);
    if (s->county_weight > 0 && s->tree == GM_GEN_TREE_WILSON && s->method == GM_GEN_RECOM)
        return gm_fail(err, GM_E_ARG,
                       "county weights apply to Kruskal trees; uniform (Wilson) trees have none");
    const gm_graph *g = s->graph;
    gm_chain *c = calloc(1, sizeof *c);
    if (!c) return gm_fail(err, GM_E_NOMEM, "out of memory for the chain");
    c->s = s;
    c->g = g;
    c->n = g->n;
    c->k = s->k;
    c->m = g->n_edges;
    size_t n = c->n, k = c->k, m = c->m;
    if (n > UINT32_MAX / 2 || m > UINT32_MAX / 2 || k > 65535) {
        gm_chain_destroy(c);
        return gm_fail(err, GM_E_ARG, "the graph is too large for a chain");
    }
    gmi_rng_stream(&c->rng, s->seed, chain);
    if (!carve(c)) {
        gm_chain_destroy(c);
        return gm_fail(err, GM_E_NOMEM, "out of memory for the chain");
    }
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        c->loc[i] = GMI_NONE;
        total += s->pop[i];
    }
    double ideal = total / (double)k;
    c->lo = ideal - s->tolerance * ideal;
    c->hi = ideal + s->tolerance * ideal;
    if (s->county) {
        int32_t mx = -1;
        for (size_t i = 0; i < n; i++) {
            if (s->county[i] < 0) {
                gm_chain_destroy(c);
                return gm_fail(err, GM_E_ARG, "unit %zu has no county index", i);
            }
            if (s->county[i] > mx) mx = s->county[i];
        }
        c->n_county = (size_t)mx + 1;
        c->touch.cell = calloc(c->n_county * k + 1, sizeof *c->touch.cell);
        c->touch.ndist = calloc(c->n_county + 1, sizeof *c->touch.ndist);
        if (!c->touch.cell || !c->touch.ndist) {
            gm_chain_destroy(c);
            return gm_fail(err, GM_E_NOMEM, "out of memory for the chain");
        }
        c->touch.n_admin = c->n_county;
        c->touch.k = k;
    }
    /* the start plan: every unit moves from "nowhere" into its district; edges are cut
     * where the ends differ */
    for (size_t i = 0; i < n; i++) {
        int32_t d = s->start[i];
        c->assign[i] = d;
        if (d >= 0 && (size_t)d < k) {
            c->dpop[d] += s->pop[i];
            if (c->n_county) county_move(c, (uint32_t)i, -1, d);
        }
    }
    for (size_t e = 0; e < m; e++) c->cut_pos[e] = GMI_NONE;
    gm_status rc = check_start(c, err);
    if (rc) {
        gm_chain_destroy(c);
        return rc;
    }
    for (size_t e = 0; e < m; e++) {
        int32_t a = c->assign[g->edge_u[e]], b = c->assign[g->edge_v[e]];
        if (a != b) {
            cut_add(c, (uint32_t)e);
            pair_add(c, a, b, +1);
        }
    }
    if (s->max_county_splits >= 0 && c->touch.split > (size_t)s->max_county_splits) {
        size_t got = c->touch.split;
        gm_chain_destroy(c);
        return gm_fail(err, GM_E_DATA,
                       "the start plan splits %zu counties, more than the limit of %d; raise the "
                       "limit to at least %zu or start from a plan that splits fewer",
                       got, (int)s->max_county_splits, got);
    }
    *out = c;
    return GM_OK;
}

const int32_t *gm_chain_assignment(const gm_chain *c) { return c->assign; }
const double *gm_chain_district_pop(const gm_chain *c) { return c->dpop; }
size_t gm_chain_cut_edges(const gm_chain *c) { return c->n_cut; }
const gm_chain_stats *gm_chain_get_stats(const gm_chain *c) { return &c->st; }

void gm_chain_bounds(const gm_chain *c, double *lo, double *hi)
{
    *lo = c->lo;
    *hi = c->hi;
}
