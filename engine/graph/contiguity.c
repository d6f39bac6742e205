/* contiguity.c: the connected pieces of each district of a plan on the unit graph.
 *
 * One implementation for every command: `score` and the report list the pieces
 * (gm_contiguity_compute), ensembles count the non-contiguous districts of each plan
 * (gm_graph_noncontiguous, no allocation per plan). Both run pieces() below: a
 * union-find over the edges whose two units lie in the same district, then a count of
 * the roots per district.
 *
 * A district is non-contiguous when it has more pieces than the land masses it lies on
 * (the components of the whole graph: islands, or parts of a layer with no unit between
 * them, can never be joined, so a district spanning two islands is as contiguous as the
 * units allow). On a connected graph that is simply "more than one piece". */
#include "core/sbuf.h"
#include "gerrymeter/gm_graph.h"

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

size_t gm_contiguity_scratch_size(const gm_graph *g, size_t k)
{
    size_t n = g->n, s = n + 2 * k;
    if (g->n_components > 1) s += n + g->n_components + 1 + k;
    return s ? s : 1;
}

/* The pieces of every district. scratch: gm_contiguity_scratch_size(g, k) entries; on
 * return its first n entries are each node's parent in a forest whose roots are the
 * pieces (the smallest node of each), the next k the pieces per district, the next k
 * the land masses per district. Returns the districts with more pieces than land
 * masses. */
static size_t pieces(const gm_graph *g, const int32_t *district, size_t k, uint32_t *scratch)
{
    size_t n = g->n;
    uint32_t *parent = scratch, *npieces = scratch + n, *land = scratch + n + k;
    for (size_t i = 0; i < n; i++) parent[i] = (uint32_t)i;
    const uint32_t *eu = g->edge_u, *ev = g->edge_v;
    for (size_t e = 0; e < g->n_edges; e++) {
        uint32_t a = eu[e], b = ev[e];
        if (district[a] != district[b]) continue;
        a = find(parent, a);
        b = find(parent, b);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
    }
    memset(npieces, 0, 2 * k * sizeof *npieces);
    for (size_t i = 0; i < n; i++) {
        int32_t d = district[i];
        if (in_plan(d, k) && find(parent, (uint32_t)i) == i) npieces[d]++;
    }
    if (g->n_components <= 1) {
        for (size_t d = 0; d < k; d++) land[d] = npieces[d] > 0;
    } else {
        /* the land masses of each district: visit the nodes land mass by land mass
         * (a counting sort on the graph's components) and count each district once per
         * land mass it appears on */
        size_t nc = g->n_components;
        uint32_t *order = land + k, *start = order + n, *last = start + nc + 1;
        memset(start, 0, (nc + 1) * sizeof *start);
        for (size_t i = 0; i < n; i++) start[g->component[i] + 1]++;
        for (size_t c = 0; c < nc; c++) start[c + 1] += start[c];
        for (size_t i = 0; i < n; i++) order[start[g->component[i]]++] = (uint32_t)i;
        memset(last, 0, k * sizeof *last);
        for (size_t j = 0; j < n; j++) {
            uint32_t i = order[j];
            int32_t d = district[i];
            uint32_t mark = g->component[i] + 1;
            if (in_plan(d, k) && last[d] != mark) {
                last[d] = mark;
                land[d]++;
            }
        }
    }
    size_t bad = 0;
    for (size_t d = 0; d < k; d++) bad += npieces[d] > land[d];
    return bad;
}

size_t gm_graph_noncontiguous(const gm_graph *g, const int32_t *district, size_t k,
                              uint32_t *scratch)
{
    return pieces(g, district, k, scratch);
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
    uint32_t root, size, land;
    int32_t district;
} pinfo;

/* By district, land mass, then largest first (the first node on a tie). */
static int cmp_by_land(const void *x, const void *y)
{
    const pinfo *a = x, *b = y;
    if (a->district != b->district) return a->district < b->district ? -1 : 1;
    if (a->land != b->land) return a->land < b->land ? -1 : 1;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->root > b->root) - (a->root < b->root);
}

/* By district, then largest first. */
static int cmp_by_size(const void *x, const void *y)
{
    const pinfo *a = x, *b = y;
    if (a->district != b->district) return a->district < b->district ? -1 : 1;
    if (a->size != b->size) return a->size > b->size ? -1 : 1;
    return (a->root > b->root) - (a->root < b->root);
}

gm_status gm_contiguity_compute(const gm_graph *g, const int32_t *district, size_t k,
                                gm_contiguity **out, gm_error *err)
{
    *out = NULL;
    size_t n = g->n;
    gm_contiguity *c = calloc(1, sizeof *c);
    uint32_t *scratch = malloc(gm_contiguity_scratch_size(g, k) * sizeof *scratch);
    uint32_t *size = calloc(n ? n : 1, sizeof *size), *slot = NULL;
    pinfo *pi = NULL;
    gm_status rc = GM_OK;
    if (!c || !scratch || !size) goto nomem;
    c->k = k;
    c->queen = g->queen;
    c->components = malloc((k ? k : 1) * sizeof *c->components);
    c->land_masses = malloc((k ? k : 1) * sizeof *c->land_masses);
    if (!c->components || !c->land_masses) goto nomem;
    c->n_noncontiguous = pieces(g, district, k, scratch);
    uint32_t *parent = scratch;
    memcpy(c->components, scratch + n, k * sizeof *c->components);
    memcpy(c->land_masses, scratch + n + k, k * sizeof *c->land_masses);
    if (c->n_noncontiguous == 0) goto done;

    /* the pieces of the non-contiguous districts, by size */
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t d = district[i];
        if (!in_plan(d, k) || c->components[d] <= c->land_masses[d]) continue;
        uint32_t r = find(parent, (uint32_t)i);
        if (size[r]++ == 0) np++;
    }
    pi = malloc(np * sizeof *pi);
    slot = malloc(n * sizeof *slot);
    if (!pi || !slot) goto nomem;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (size[i] && parent[i] == i)
            pi[m++] = (pinfo){(uint32_t)i, size[i], g->n_components > 1 ? g->component[i] : 0,
                              district[i]};
    /* on each land mass of a district the largest piece is the district's own; the others
     * are detached */
    qsort(pi, m, sizeof *pi, cmp_by_land);
    size_t nd = 0;
    for (size_t j = 0; j < m; j++) {
        bool first = j == 0 || pi[j].district != pi[j - 1].district || pi[j].land != pi[j - 1].land;
        if (!first) pi[nd++] = pi[j];
    }
    qsort(pi, nd, sizeof *pi, cmp_by_size);
    c->detached = calloc(nd ? nd : 1, sizeof *c->detached);
    if (!c->detached) goto nomem;
    c->n_detached = nd;
    for (size_t i = 0; i < n; i++) slot[i] = UINT32_MAX;
    for (size_t j = 0; j < nd; j++) {
        c->detached[j].district = pi[j].district;
        c->detached[j].n_units = pi[j].size;
        slot[pi[j].root] = (uint32_t)j;
    }
    for (size_t i = 0; i < n; i++) {
        if (!in_plan(district[i], k) || c->components[district[i]] <= c->land_masses[district[i]])
            continue;
        uint32_t s = slot[find(parent, (uint32_t)i)];
        if (s == UINT32_MAX) continue;
        gm_piece *p = &c->detached[s];
        if (p->n_shown < GM_PIECE_UNITS_SHOWN) p->unit[p->n_shown++] = (uint32_t)i;
    }
    goto done;
nomem:
    rc = gm_fail(err, GM_E_NOMEM, "out of memory (contiguity of %zu districts)", k);
done:
    free(scratch);
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
