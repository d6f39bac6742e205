/* contiguity.c: the connected pieces of each district of a plan on the unit graph.
 *
 * One implementation for every command: `score` and the report list the pieces
 * (gm_contiguity_compute), ensembles count the non-contiguous districts of each plan
 * (gm_contiguity_count on a context made once per graph and thread: no allocation per
 * plan). Both run pieces() below: a union-find over the edges whose two units lie in
 * the same district, then a count of the roots per district.
 *
 * A district is non-contiguous when it has more pieces than the land masses it lies on
 * (the components of the whole graph: islands, or parts of a layer with no unit between
 * them, can never be joined, so a district spanning two islands is as contiguous as the
 * units allow). On a connected graph that is simply "more than one piece". */
#include "core/sbuf.h"
#include "graph/graph_int.h"

#include <stdlib.h>
#include <string.h>

/* Root of x with path halving. */
static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static bool in_plan(int32_t d, size_t k)
{
    return d >= 0 && (size_t)d < k;
}

/* The plan-independent part (the graph's nodes in breadth-first order, its edges in
 * that numbering) and one plan's scratch. Nodes are renumbered by rank: a breadth-first
 * search from the first node of each graph component, the components one after another
 * (so each is a run of ranks). Edges (a < b in ranks) are sorted by b, then a. Visiting
 * them in that order, each node is still alone when its own edges come, and its
 * neighbours of lower rank hang one or two links below their roots: the union-find
 * does a short find per edge instead of two long ones (27 against 39 us per Minnesota
 * plan, 9,837 edges). */
struct gm_contiguity_ctx {
    const gm_graph *g;
    size_t n, m, k, nc;
    uint32_t *order;    /* [n] node of each rank */
    uint32_t *rank;     /* [n] rank of each node */
    uint32_t *cstart;   /* [nc + 1] first rank of each graph component */
    uint32_t *ea, *eb;  /* [m] edges as ranks, a < b, sorted by (b, a) */
    int32_t *dr;        /* [n] scratch: the district of each rank */
    uint32_t *parent;   /* [n] scratch: union-find forest over ranks; roots are pieces */
    uint32_t *pieces;   /* [k] scratch: pieces per district */
    uint32_t *land;     /* [k] scratch: land masses per district */
    uint32_t *last;     /* [k] scratch: last land mass counted for a district, + 1 */
};

void gm_contiguity_ctx_destroy(gm_contiguity_ctx *c)
{
    if (!c) return;
    free(c->order);
    free(c->rank);
    free(c->cstart);
    free(c->ea);
    free(c->eb);
    free(c->dr);
    free(c->parent);
    free(c->pieces);
    free(c->land);
    free(c->last);
    free(c);
}

gm_status gm_contiguity_ctx_create(const gm_graph *g, size_t k, gm_contiguity_ctx **out,
                                   gm_error *err)
{
    *out = NULL;
    size_t n = g->n, m = g->n_edges, nc = g->n_components;
    gm_contiguity_ctx *c = calloc(1, sizeof *c);
    uint64_t *key = malloc((m ? m : 1) * sizeof *key);
    uint8_t *seen = calloc(n ? n : 1, 1);
    if (!c || !key || !seen) goto nomem;
    c->g = g;
    c->n = n;
    c->m = m;
    c->k = k;
    c->nc = nc;
    size_t n1 = n ? n : 1, k1 = k ? k : 1;
    c->order = malloc(n1 * sizeof *c->order);
    c->rank = malloc(n1 * sizeof *c->rank);
    c->cstart = calloc(nc + 1, sizeof *c->cstart);
    c->ea = malloc((m ? m : 1) * sizeof *c->ea);
    c->eb = malloc((m ? m : 1) * sizeof *c->eb);
    c->dr = malloc(n1 * sizeof *c->dr);
    c->parent = malloc(n1 * sizeof *c->parent);
    c->pieces = malloc(k1 * sizeof *c->pieces);
    c->land = malloc(k1 * sizeof *c->land);
    c->last = malloc(k1 * sizeof *c->last);
    if (!c->order || !c->rank || !c->cstart || !c->ea || !c->eb || !c->dr || !c->parent ||
        !c->pieces || !c->land || !c->last)
        goto nomem;
    /* breadth-first ranks; a component starts at its first node, as g->component numbers
     * them, so component j is ranks cstart[j] .. cstart[j + 1] */
    size_t head = 0, q = 0, comp = 0;
    for (size_t s0 = 0; s0 < n; s0++) {
        if (seen[s0]) continue;
        if (comp < nc) c->cstart[comp++] = (uint32_t)q;
        seen[s0] = 1;
        c->rank[s0] = (uint32_t)q;
        c->order[q++] = (uint32_t)s0;
        while (head < q) {
            uint32_t x = c->order[head++];
            for (size_t j = g->adj_off[x]; j < g->adj_off[x + 1]; j++) {
                uint32_t y = g->adj[j];
                if (seen[y]) continue;
                seen[y] = 1;
                c->rank[y] = (uint32_t)q;
                c->order[q++] = y;
            }
        }
    }
    c->cstart[nc] = (uint32_t)n;
    for (size_t e = 0; e < m; e++) {
        uint32_t a = c->rank[g->edge_u[e]], b = c->rank[g->edge_v[e]];
        if (a > b) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        key[e] = ((uint64_t)b << 32) | a;
    }
    qsort(key, m, sizeof *key, gmi_cmp_u64);
    for (size_t e = 0; e < m; e++) {
        c->eb[e] = (uint32_t)(key[e] >> 32);
        c->ea[e] = (uint32_t)(key[e] & 0xffffffffu);
    }
    free(key);
    free(seen);
    *out = c;
    return GM_OK;
nomem:
    free(key);
    free(seen);
    gm_contiguity_ctx_destroy(c);
    return gm_fail(err, GM_E_NOMEM, "out of memory (contiguity over %zu units)", n);
}

/* The pieces of every district: c->parent is a union-find forest over ranks whose roots
 * are the pieces (the piece's lowest rank), c->pieces and c->land count pieces and land
 * masses per district. Returns the districts with more pieces than land masses. */
static size_t pieces(gm_contiguity_ctx *c, const int32_t *district)
{
    size_t n = c->n, m = c->m, k = c->k;
    int32_t *dr = c->dr;
    uint32_t *p = c->parent;
    const uint32_t *ea = c->ea, *eb = c->eb;
    for (size_t r = 0; r < n; r++) {
        dr[r] = district[c->order[r]];
        p[r] = (uint32_t)r;
    }
    for (size_t e = 0; e < m;) {
        uint32_t b = eb[e], rb = b; /* b is alone until its own edges come */
        int32_t db = dr[b];
        for (; e < m && eb[e] == b; e++) {
            uint32_t a = ea[e];
            if (dr[a] != db) continue;
            uint32_t ra = find(p, a);
            if (ra < rb) {
                p[rb] = ra;
                rb = ra;
            } else if (rb < ra) {
                p[ra] = rb;
            }
        }
    }
    memset(c->pieces, 0, k * sizeof *c->pieces);
    memset(c->land, 0, k * sizeof *c->land);
    for (size_t r = 0; r < n; r++)
        if (in_plan(dr[r], k)) c->pieces[dr[r]] += p[r] == r;
    if (c->nc <= 1) {
        for (size_t d = 0; d < k; d++) c->land[d] = c->pieces[d] > 0;
    } else {
        /* each district once per land mass it appears on (a land mass is a run of ranks) */
        memset(c->last, 0, k * sizeof *c->last);
        for (size_t j = 0; j < c->nc; j++)
            for (size_t r = c->cstart[j]; r < c->cstart[j + 1]; r++) {
                int32_t d = dr[r];
                if (in_plan(d, k) && c->last[d] != j + 1) {
                    c->last[d] = (uint32_t)(j + 1);
                    c->land[d]++;
                }
            }
    }
    size_t bad = 0;
    for (size_t d = 0; d < k; d++) bad += c->pieces[d] > c->land[d];
    return bad;
}

size_t gm_contiguity_count(gm_contiguity_ctx *c, const int32_t *district)
{
    return pieces(c, district);
}

void gm_contiguity_destroy(gm_contiguity *c)
{
    if (!c) return;
    free(c->components);
    free(c->land_masses);
    free(c->detached);
    free(c);
}

/* A piece in the order the detail lists them. */
typedef struct pinfo {
    uint32_t root;      /* its root rank */
    uint32_t size;      /* units */
    uint32_t land;      /* its land mass (graph component) */
    int32_t district;
    uint32_t first;     /* its lowest node index */
} pinfo;

/* By district, land mass, then largest first (the lowest node on a tie). */
static int cmp_by_land(const void *x, const void *y)
{
    const pinfo *a = x, *b = y;
    if (a->district != b->district) return a->district < b->district ? -1 : 1;
    if (a->land != b->land) return a->land < b->land ? -1 : 1;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->first > b->first) - (a->first < b->first);
}

/* By district, then largest first (the lowest node on a tie). */
static int cmp_by_size(const void *x, const void *y)
{
    const pinfo *a = x, *b = y;
    if (a->district != b->district) return a->district < b->district ? -1 : 1;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->first > b->first) - (a->first < b->first);
}

gm_status gm_contiguity_compute(const gm_graph *g, const int32_t *district, size_t k,
                                gm_contiguity **out, gm_error *err)
{
    *out = NULL;
    size_t n = g->n;
    gm_contiguity_ctx *x = NULL;
    gm_contiguity *c = calloc(1, sizeof *c);
    uint32_t *size = calloc(n ? n : 1, sizeof *size), *slot = NULL;
    pinfo *pi = NULL;
    gm_status rc = GM_OK;
    if (!c || !size) goto nomem;
    if ((rc = gm_contiguity_ctx_create(g, k, &x, err)) != GM_OK) goto done;
    c->k = k;
    c->queen = g->queen;
    c->components = malloc((k ? k : 1) * sizeof *c->components);
    c->land_masses = malloc((k ? k : 1) * sizeof *c->land_masses);
    if (!c->components || !c->land_masses) goto nomem;
    c->n_noncontiguous = pieces(x, district);
    memcpy(c->components, x->pieces, k * sizeof *c->components);
    memcpy(c->land_masses, x->land, k * sizeof *c->land_masses);
    if (c->n_noncontiguous == 0) goto done;

    /* the pieces of the non-contiguous districts (roots are ranks), by size */
    uint32_t *parent = x->parent;
    const int32_t *dr = x->dr;
    size_t np = 0;
    for (size_t r = 0; r < n; r++) {
        int32_t d = dr[r];
        if (!in_plan(d, k) || c->components[d] <= c->land_masses[d]) continue;
        if (size[find(parent, (uint32_t)r)]++ == 0) np++;
    }
    pi = malloc((np ? np : 1) * sizeof *pi);
    slot = malloc(n * sizeof *slot);
    if (!pi || !slot) goto nomem;
    size_t m = 0;
    for (size_t r = 0; r < n; r++)
        if (size[r] && parent[r] == r)
            pi[m++] = (pinfo){(uint32_t)r, size[r],
                              g->n_components > 1 ? g->component[x->order[r]] : 0, dr[r],
                              UINT32_MAX};
    /* on each land mass of a district the largest piece (the one with the lowest node on
     * a tie) is the district's own; the others are detached */
    for (size_t i = 0; i < n; i++) { /* each node's piece (root rank) */
        int32_t d = district[i];
        if (!in_plan(d, k) || c->components[d] <= c->land_masses[d]) continue;
        slot[i] = find(parent, x->rank[i]);
    }
    for (size_t r = 0; r < n; r++) size[r] = UINT32_MAX; /* rank -> index into pi */
    for (size_t j = 0; j < m; j++) size[pi[j].root] = (uint32_t)j;
    for (size_t i = 0; i < n; i++) {
        int32_t d = district[i];
        if (!in_plan(d, k) || c->components[d] <= c->land_masses[d]) continue;
        pinfo *q = &pi[size[slot[i]]];
        if (q->first == UINT32_MAX) q->first = (uint32_t)i; /* nodes ascend: the lowest */
    }
    qsort(pi, m, sizeof *pi, cmp_by_land);
    size_t nd = 0;
    for (size_t j = 0; j < m; j++) {
        bool own = j == 0 || pi[j].district != pi[j - 1].district || pi[j].land != pi[j - 1].land;
        if (!own) pi[nd++] = pi[j];
    }
    qsort(pi, nd, sizeof *pi, cmp_by_size);
    c->detached = calloc(nd ? nd : 1, sizeof *c->detached);
    if (!c->detached) goto nomem;
    c->n_detached = nd;
    for (size_t r = 0; r < n; r++) size[r] = UINT32_MAX;
    for (size_t j = 0; j < nd; j++) {
        c->detached[j].district = pi[j].district;
        c->detached[j].n_units = pi[j].size;
        size[pi[j].root] = (uint32_t)j;
    }
    for (size_t i = 0; i < n; i++) { /* the first units of each detached piece, ascending */
        int32_t d = district[i];
        if (!in_plan(d, k) || c->components[d] <= c->land_masses[d]) continue;
        uint32_t s = size[slot[i]];
        if (s == UINT32_MAX) continue;
        gm_piece *p = &c->detached[s];
        if (p->n_shown < GM_PIECE_UNITS_SHOWN) p->unit[p->n_shown++] = (uint32_t)i;
    }
    goto done;
nomem:
    rc = gm_fail(err, GM_E_NOMEM, "out of memory (contiguity of %zu districts)", k);
done:
    gm_contiguity_ctx_destroy(x);
    free(size);
    free(slot);
    free(pi);
    if (rc == GM_OK) *out = c;
    else gm_contiguity_destroy(c);
    return rc;
}

/* How many districts and pieces per district a warning names. */
#define WARN_DISTRICTS 5
#define WARN_PIECES 3

gm_status gm_contiguity_warn(const gm_contiguity *c, const char *const *unit_ids,
                             const char *const *labels, gm_warnings *w)
{
    if (!c || c->n_noncontiguous == 0) return GM_OK;
    gmi_sbuf b = {0};
    size_t nb = c->n_noncontiguous;
    gmi_sbuf_printf(&b,
                    "%zu district%s %s not contiguous on the unit graph (%s adjacency: units that "
                    "%s): ",
                    nb, nb == 1 ? "" : "s", nb == 1 ? "is" : "are", c->queen ? "queen" : "rook",
                    c->queen ? "touch" : "share a boundary");
    size_t shown = 0;
    for (size_t j = 0; j < c->n_detached;) {
        int32_t d = c->detached[j].district;
        size_t e = j;
        while (e < c->n_detached && c->detached[e].district == d) e++;
        if (shown == WARN_DISTRICTS) {
            gmi_sbuf_puts(&b, "; ...");
            break;
        }
        gmi_sbuf_printf(&b, "%sdistrict %s is in %u pieces (detached: ", shown ? "; " : "",
                        labels ? labels[d] : "?", (unsigned)c->components[d]);
        for (size_t q = j; q < e && q < j + WARN_PIECES; q++) {
            const gm_piece *p = &c->detached[q];
            gmi_sbuf_printf(&b, "%s%zu unit%s: ", q > j ? "; " : "", p->n_units,
                            p->n_units == 1 ? "" : "s");
            for (size_t u = 0; u < p->n_shown; u++)
                gmi_sbuf_printf(&b, "%s%s", u ? ", " : "", unit_ids ? unit_ids[p->unit[u]] : "?");
            if (p->n_units > p->n_shown) gmi_sbuf_puts(&b, ", ...");
        }
        if (e - j > WARN_PIECES) gmi_sbuf_printf(&b, "; %zu more pieces", e - j - WARN_PIECES);
        gmi_sbuf_puts(&b, ")");
        shown++;
        j = e;
    }
    gm_status rc = b.oom ? GM_E_NOMEM : gm_warn(w, "noncontiguous_districts", "%s", b.s);
    gmi_sbuf_free(&b);
    return rc;
}
