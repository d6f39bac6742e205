/* test_generate.c: plan chains (gm_generate.h) against exact enumerations and their
 * invariants. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gerrymeter.h"

/* ---- a w x h grid graph, cell i = y * w + x ------------------------------------- */

static gm_graph *grid(int w, int h)
{
    gm_graph *g = calloc(1, sizeof *g);
    assert_non_null(g);
    g->n = (size_t)(w * h);
    size_t m = (size_t)((w - 1) * h + w * (h - 1)), e = 0;
    g->edge_u = calloc(m, sizeof *g->edge_u);
    g->edge_v = calloc(m, sizeof *g->edge_v);
    g->edge_len_m = calloc(m, sizeof *g->edge_len_m);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t i = (uint32_t)(y * w + x);
            if (x + 1 < w) g->edge_u[e] = i, g->edge_v[e++] = i + 1;
            if (y + 1 < h) g->edge_u[e] = i, g->edge_v[e++] = i + (uint32_t)w;
        }
    g->n_edges = e;
    gm_error err;
    if (gm_graph_finish(g, &err) != GM_OK) fail_msg("%s", err.msg);
    return g;
}

/* The same grid with one diagonal in every square (cell (x, y) to (x+1, y+1)): inner
 * cells have 6 neighbours, so Wilson's step table holds the cell itself in 4 of 16
 * entries (a lazy walk) and the law of its trees is tested where it differs from a
 * simple walk's. */
static gm_graph *grid_diagonal(int w, int h)
{
    gm_graph *g = calloc(1, sizeof *g);
    assert_non_null(g);
    g->n = (size_t)(w * h);
    size_t m = (size_t)((w - 1) * h + w * (h - 1) + (w - 1) * (h - 1)), e = 0;
    g->edge_u = calloc(m, sizeof *g->edge_u);
    g->edge_v = calloc(m, sizeof *g->edge_v);
    g->edge_len_m = calloc(m, sizeof *g->edge_len_m);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t i = (uint32_t)(y * w + x);
            if (x + 1 < w) g->edge_u[e] = i, g->edge_v[e++] = i + 1;
            if (y + 1 < h) g->edge_u[e] = i, g->edge_v[e++] = i + (uint32_t)w;
            if (x + 1 < w && y + 1 < h) g->edge_u[e] = i, g->edge_v[e++] = i + (uint32_t)w + 1;
        }
    g->n_edges = e;
    gm_error err;
    if (gm_graph_finish(g, &err) != GM_OK) fail_msg("%s", err.msg);
    return g;
}

/* ---- exact enumeration of the balanced plans of a small grid ---------------------- */

/* A partition as a key: each cell's piece, pieces numbered in order of their first cell
 * (so the key ignores labels). 2 bits per cell for up to 4 pieces, 16 cells. */
static uint64_t canon(const int32_t *a, size_t n)
{
    int map[64];
    for (int i = 0; i < 64; i++) map[i] = -1;
    int next = 0;
    uint64_t key = 0;
    for (size_t i = 0; i < n; i++) {
        if (map[a[i]] < 0) map[a[i]] = next++;
        key = key * 8 + (uint64_t)map[a[i]];
    }
    return key;
}

/* Number of spanning trees of the cells in set (bitmask) of graph g: Kirchhoff's
 * theorem, the determinant of the Laplacian with one row and column removed. */
static double spanning_trees(const gm_graph *g, uint32_t set)
{
    int idx[32], n = 0;
    for (int i = 0; i < (int)g->n; i++) idx[i] = (set >> i & 1) ? n++ : -1;
    if (n <= 1) return 1;
    double L[32][32] = {{0}};
    for (size_t e = 0; e < g->n_edges; e++) {
        int a = idx[g->edge_u[e]], b = idx[g->edge_v[e]];
        if (a < 0 || b < 0) continue;
        L[a][a] += 1, L[b][b] += 1, L[a][b] -= 1, L[b][a] -= 1;
    }
    int d = n - 1; /* drop the last row and column; Gaussian elimination with pivoting */
    double det = 1;
    for (int c = 0; c < d; c++) {
        int p = c;
        for (int r = c + 1; r < d; r++)
            if (fabs(L[r][c]) > fabs(L[p][c])) p = r;
        if (fabs(L[p][c]) < 1e-12) return 0;
        if (p != c) {
            for (int j = 0; j < d; j++) {
                double t = L[p][j];
                L[p][j] = L[c][j];
                L[c][j] = t;
            }
            det = -det;
        }
        det *= L[c][c];
        for (int r = c + 1; r < d; r++) {
            double f = L[r][c] / L[c][c];
            for (int j = c; j < d; j++) L[r][j] -= f * L[c][j];
        }
    }
    return round(det);
}

static bool connected(const gm_graph *g, uint32_t set)
{
    if (!set) return false;
    uint32_t seen = set & (~set + 1), grow = 1;
    while (grow) {
        grow = 0;
        for (size_t e = 0; e < g->n_edges; e++) {
            uint32_t a = 1u << g->edge_u[e], b = 1u << g->edge_v[e];
            if (!(set & a) || !(set & b)) continue;
            if ((seen & a) && !(seen & b)) seen |= b, grow = 1;
            if ((seen & b) && !(seen & a)) seen |= a, grow = 1;
        }
    }
    return seen == set;
}

typedef struct plans {
    size_t n;
    uint64_t key[4096];
    double weight[4096]; /* product of the pieces' spanning-tree counts */
} plans;

/* Every partition of the cells not in `used` into connected pieces of `size` cells. */
static void enumerate(const gm_graph *g, uint32_t used, int size, int32_t *a, int piece,
                      double weight, plans *out)
{
    int n = (int)g->n, first = -1;
    for (int i = 0; i < n && first < 0; i++)
        if (!(used >> i & 1)) first = i;
    if (first < 0) {
        assert_true(out->n < 4096);
        out->key[out->n] = canon(a, g->n);
        out->weight[out->n++] = weight;
        return;
    }
    /* pieces containing `first`: subsets of the free cells after it, size - 1 of them */
    int free_cells[32], nf = 0;
    for (int i = first + 1; i < n; i++)
        if (!(used >> i & 1)) free_cells[nf++] = i;
    int pick[8];
    int r = size - 1;
    for (int i = 0; i < r; i++) pick[i] = i;
    while (r <= nf) {
        uint32_t set = 1u << first;
        for (int i = 0; i < r; i++) set |= 1u << free_cells[pick[i]];
        if (connected(g, set)) {
            for (int i = 0; i < n; i++)
                if (set >> i & 1) a[i] = piece;
            enumerate(g, used | set, size, a, piece + 1, weight * spanning_trees(g, set), out);
        }
        int i = r - 1; /* next combination */
        while (i >= 0 && pick[i] == nf - r + i) i--;
        if (i < 0) break;
        pick[i]++;
        for (int j = i + 1; j < r; j++) pick[j] = pick[j - 1] + 1;
    }
}

static long find_plan(const plans *p, uint64_t key)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->key[i] == key) return (long)i;
    return -1;
}

/* Under valgrind (which preloads its own library) or in a sanitizer build the long
 * chains would take minutes: run them short and check only what holds for any length
 * (the first CI stage checks the statistics with an ordinary build). */
static bool under_valgrind(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "vgpreload");
#endif
}

/* ---- tests ---------------------------------------------------------------------- */

/* The 4 x 4 grid has 117 partitions into 4 connected pieces of 4 cells (a published
 * count: the tetromino tilings of the 4 x 4 square, OEIS-style enumerations and
 * Cannon et al. 2022 use it). */
static void test_enumeration_4x4(void **state)
{
    (void)state;
    gm_graph *g = grid(4, 4);
    plans *p = calloc(1, sizeof *p);
    int32_t a[16];
    enumerate(g, 0, 4, a, 0, 1, p);
    assert_int_equal(p->n, 117);
    /* a straight tetromino has 1 spanning tree, a square 4, an L, S or T 1 */
    double rows = 0;
    for (size_t i = 0; i < p->n; i++) rows = fmax(rows, p->weight[i]);
    assert_true(rows == 4.0 * 4 * 4 * 4); /* four 2x2 squares */
    free(p);
    gm_graph_destroy(g);
}

/* Reversible ReCom samples plans in proportion to the product of their districts'
 * spanning-tree counts. Chains: R independent chains of N steps from the plan of four
 * rows; each visited state is counted. The bound: the R chains are independent, so the
 * spread of a plan's frequency across them gives its standard error se_i without any
 * model of the autocorrelation; the total variation of the pooled frequencies is held
 * to 0.5 * sum_i 4 se_i (every plan within four standard errors on average) and, so
 * that the bound cannot be loose by accident, to 0.03 absolutely. */
static void reversible_exact(gm_graph *g, const char *name, int R, uint64_t steps)
{
    plans *p = calloc(1, sizeof *p);
    int32_t a[16];
    enumerate(g, 0, 4, a, 0, 1, p);
    double total = 0;
    for (size_t i = 0; i < p->n; i++) total += p->weight[i];

    double pop[16];
    int32_t start[16];
    for (int i = 0; i < 16; i++) pop[i] = 1, start[i] = i / 4;
    gm_gen_spec s;
    gm_gen_spec_init(&s);
    s.graph = g;
    s.pop = pop;
    s.k = 4;
    s.start = start;
    s.tolerance = 0;
    s.method = GM_GEN_REVERSIBLE;
    s.balance_ub = 2;
    s.seed = 2026;
    const bool quick = under_valgrind();
    const uint64_t N = quick ? 2000 : steps;
    double *freq = calloc((size_t)R * p->n, sizeof *freq);
    for (int r = 0; r < R; r++) {
        gm_chain *c = NULL;
        gm_error err;
        if (gm_chain_create(&s, (uint64_t)r, &c, &err)) fail_msg("%s", err.msg);
        long cur = find_plan(p, canon(gm_chain_assignment(c), 16));
        assert_true(cur >= 0);
        for (uint64_t t = 0; t < N;) {
            uint64_t taken = 0;
            if (gm_chain_advance(c, N - t, &taken, &err)) fail_msg("%s", err.msg);
            /* the state before the move held for taken - 1 steps, the new one for one */
            freq[(size_t)r * p->n + (size_t)cur] += (double)(taken - 1);
            cur = find_plan(p, canon(gm_chain_assignment(c), 16));
            assert_true(cur >= 0); /* always a balanced, connected plan */
            freq[(size_t)r * p->n + (size_t)cur] += 1;
            t += taken;
        }
        const gm_chain_stats *st = gm_chain_get_stats(c);
        assert_int_equal(st->steps, N);
        assert_true(st->moves > N / 200);
        gm_chain_destroy(c);
    }
    double tv = 0, bound = 0;
    for (size_t i = 0; i < p->n; i++) {
        double mean = 0, var = 0;
        for (int r = 0; r < R; r++) mean += freq[(size_t)r * p->n + i] / (double)N;
        mean /= R;
        for (int r = 0; r < R; r++) {
            double d = freq[(size_t)r * p->n + i] / (double)N - mean;
            var += d * d;
        }
        double se = sqrt(var / (R - 1) / R);
        tv += fabs(mean - p->weight[i] / total) / 2;
        bound += 4 * se / 2;
    }
    print_message("reversible ReCom %s: %zu plans, TV %.4f, bound %.4f (%d chains of %llu "
                  "steps)\n",
                  name, p->n, tv, bound, R, (unsigned long long)N);
    if (!quick) {
        assert_true(tv < bound);
        assert_true(tv < 0.03);
    }
    free(freq);
    free(p);
    gm_graph_destroy(g);
}

/* Two districts of unit population, no tolerance: the merged region is the whole graph
 * at every step, so ReCom's steps are independent draws. N steps from start, each plan
 * counted by its key (canon) among the np plans of an exact law p[], and held to it by
 * Pearson's chi-square with d = np - 1 degrees of freedom: below d + 6 sqrt(2 d) (six
 * standard deviations of the statistic). Short runs (under valgrind) count without the
 * fit; np = 0: the steps only. */
static void two_district_fit(gm_graph *g, const int32_t *start, gm_gen_tree tree, uint64_t seed,
                             uint64_t N, const uint64_t *key, const double *p, size_t np,
                             bool fit, const char *what)
{
    size_t n = g->n;
    double pop[32];
    for (size_t i = 0; i < n; i++) pop[i] = 1;
    gm_gen_spec s;
    gm_gen_spec_init(&s);
    s.graph = g;
    s.pop = pop;
    s.k = 2;
    s.start = start;
    s.tolerance = 0;
    s.tree = tree;
    s.seed = seed;
    gm_chain *c = NULL;
    gm_error err;
    if (gm_chain_create(&s, 0, &c, &err)) fail_msg("%s", err.msg);
    double *count = calloc(np ? np : 1, sizeof *count);
    for (uint64_t t = 0; t < N; t++) {
        uint64_t taken = 0;
        if (gm_chain_advance(c, 1, &taken, &err)) fail_msg("%s", err.msg);
        if (!np) continue;
        uint64_t k = canon(gm_chain_assignment(c), n);
        size_t i = 0;
        while (i < np && key[i] != k) i++;
        assert_true(i < np); /* a plan the exact law gives weight to */
        count[i] += 1;
    }
    if (np && fit) {
        double chi2 = 0, d = (double)np - 1;
        for (size_t i = 0; i < np; i++) {
            double e = (double)N * p[i];
            chi2 += (count[i] - e) * (count[i] - e) / e;
        }
        print_message("ReCom with %s: %zu plans, chi-square %.1f on %.0f degrees of freedom "
                      "(%llu steps)\n",
                      what, np, chi2, d, (unsigned long long)N);
        assert_true(chi2 < d + 6 * sqrt(2 * d));
    }
    free(count);
    gm_chain_destroy(c);
}

/* Number of edges between the cells of set and the rest. */
static double cut_size(const gm_graph *g, uint32_t set)
{
    double c = 0;
    for (size_t e = 0; e < g->n_edges; e++)
        c += ((set >> g->edge_u[e]) & 1) != ((set >> g->edge_v[e]) & 1);
    return c;
}

/* ReCom into two districts with uniform spanning trees: the merged region is the whole
 * graph at every step, so the steps are independent draws, and a plan {A, B} is drawn
 * with probability proportional to tau(A) tau(B) |cut(A, B)| (the spanning trees of the
 * graph that hold one edge between A and B: a tree of each side and that edge; with
 * equal populations and no tolerance a tree has at most one balanced edge). The counts of
 * N independent steps against this law: Pearson's chi-square with d = plans - 1 degrees
 * of freedom stays below d + 6 sqrt(2 d) (six standard deviations of the statistic). */
static void recom_wilson_exact(gm_graph *g, const char *name, uint64_t N)
{
    plans *p = calloc(1, sizeof *p);
    int32_t a[16];
    int n = (int)g->n;
    enumerate(g, 0, n / 2, a, 0, 1, p);
    double total = 0;
    for (size_t i = 0; i < p->n; i++) {
        uint32_t set = 0; /* piece 0 holds cell 0: decode the key */
        uint64_t key = p->key[i];
        for (int c = n - 1; c >= 0; c--, key /= 8)
            if (key % 8 == 0) set |= 1u << c;
        p->weight[i] *= cut_size(g, set);
        total += p->weight[i];
    }
    int32_t start[16];
    for (int i = 0; i < n; i++) start[i] = i < n / 2 ? 0 : 1;
    for (size_t i = 0; i < p->n; i++) p->weight[i] /= total;
    char what[80];
    snprintf(what, sizeof what, "uniform trees, %s", name);
    two_district_fit(g, start, GM_GEN_TREE_WILSON, 77, under_valgrind() ? 2000 : N, p->key,
                     p->weight, p->n, !under_valgrind(), what);
    free(p);
    gm_graph_destroy(g);
}

static void test_recom_wilson_exact(void **state)
{
    (void)state;
    recom_wilson_exact(grid(4, 4), "4x4", 200000);
    recom_wilson_exact(grid_diagonal(4, 4), "4x4 with diagonals", 200000);
}

/* ---- ReCom with Kruskal trees, exactly: every order of the edges ------------------ */

/* The law of one ReCom step into two districts with Kruskal trees (uniform weights: a
 * uniform order of the edges), computed by running Kruskal on every order of the edges
 * that lie on a cycle (a pendant edge is in every spanning tree, wherever it comes: its
 * place changes nothing, a fact of graphs, not of the code under test). For each order:
 * the tree, its balanced edges (both sides half the cells), and each of them with weight
 * 1 / (their number); orders without one are redrawn, so the weights are normalised
 * over the orders that have one. Plans are canonical keys (canon). */
typedef struct klaw {
    size_t n;
    uint64_t key[256];
    double p[256];
} klaw;

static void klaw_add(klaw *L, uint64_t key, double w)
{
    for (size_t i = 0; i < L->n; i++)
        if (L->key[i] == key) {
            L->p[i] += w;
            return;
        }
    assert_true(L->n < 256);
    L->key[L->n] = key;
    L->p[L->n++] = w;
}

static int kfind(int *uf, int x)
{
    while (uf[x] != x) x = uf[x];
    return x;
}

/* One order: Kruskal, then the balanced tree edges. */
static void kruskal_order(const gm_graph *g, const uint32_t *order, size_t m, klaw *L,
                          double *with_cut)
{
    int n = (int)g->n, uf[32], te[32], nt = 0;
    for (int i = 0; i < n; i++) uf[i] = i;
    for (size_t i = 0; i < g->n_edges; i++) { /* pendant edges first: their place is free */
        bool cyc = false;
        for (size_t j = 0; j < m && !cyc; j++) cyc = order[j] == i;
        if (cyc) continue;
        int a = kfind(uf, (int)g->edge_u[i]), b = kfind(uf, (int)g->edge_v[i]);
        if (a != b) uf[a] = b, te[nt++] = (int)i;
    }
    for (size_t j = 0; j < m; j++) {
        uint32_t e = order[j];
        int a = kfind(uf, (int)g->edge_u[e]), b = kfind(uf, (int)g->edge_v[e]);
        if (a != b) uf[a] = b, te[nt++] = (int)e;
    }
    assert_int_equal(nt, n - 1);
    uint64_t keys[32];
    int nb = 0;
    for (int cut = 0; cut < nt; cut++) { /* the side of edge_u without tree edge `cut` */
        int32_t side[32];
        for (int i = 0; i < n; i++) side[i] = 1;
        side[g->edge_u[te[cut]]] = 0;
        for (bool grew = true; grew;) {
            grew = false;
            for (int t = 0; t < nt; t++) {
                if (t == cut) continue;
                int a = (int)g->edge_u[te[t]], b = (int)g->edge_v[te[t]];
                if (side[a] != side[b]) side[a] = side[b] = 0, grew = true;
            }
        }
        int size = 0;
        for (int i = 0; i < n; i++) size += side[i] == 0;
        if (2 * size == n) keys[nb++] = canon(side, (size_t)n);
    }
    if (!nb) return;
    *with_cut += 1;
    for (int i = 0; i < nb; i++) klaw_add(L, keys[i], 1.0 / nb);
}

/* Every order of the m cycle edges (Heap's algorithm). */
static void kruskal_law(const gm_graph *g, const uint32_t *cyc, size_t m, klaw *L)
{
    uint32_t a[16];
    int cnt[16] = {0};
    double with_cut = 0;
    memcpy(a, cyc, m * sizeof *a);
    kruskal_order(g, a, m, L, &with_cut);
    for (size_t i = 1; i < m;) {
        if ((size_t)cnt[i] < i) {
            size_t j = i % 2 ? (size_t)cnt[i] : 0;
            uint32_t t = a[j];
            a[j] = a[i];
            a[i] = t;
            kruskal_order(g, a, m, L, &with_cut);
            cnt[i]++;
            i = 1;
        } else {
            cnt[i++] = 0;
        }
    }
    for (size_t i = 0; i < L->n; i++) L->p[i] /= with_cut;
}

/* A 2 x 4 grid with a pendant cell on each end (cells 8 and 9 hang from 0 and 7): ten
 * cells, two districts of five; ten edges on cycles, so 10! = 3,628,800 orders. The
 * chain's steps are independent draws (the region is the whole graph), held to the
 * exact law by Pearson's chi-square as in recom_wilson_exact. */
static void test_recom_kruskal_exact(void **state)
{
    (void)state;
    gm_graph *g = calloc(1, sizeof *g);
    assert_non_null(g);
    g->n = 10;
    uint32_t eu[] = {0, 1, 2, 4, 5, 6, 0, 1, 2, 3, 0, 7};
    uint32_t ev[] = {1, 2, 3, 5, 6, 7, 4, 5, 6, 7, 8, 9};
    size_t m = sizeof eu / sizeof *eu;
    g->edge_u = malloc(sizeof eu);
    g->edge_v = malloc(sizeof ev);
    g->edge_len_m = calloc(m, sizeof *g->edge_len_m);
    memcpy(g->edge_u, eu, sizeof eu);
    memcpy(g->edge_v, ev, sizeof ev);
    g->n_edges = m;
    gm_error err;
    if (gm_graph_finish(g, &err) != GM_OK) fail_msg("%s", err.msg);
    klaw *L = calloc(1, sizeof *L);
    uint32_t cyc[10]; /* the edges on cycles (gm_graph_finish sorts the edges) */
    size_t nc = 0;
    for (uint32_t e = 0; e < g->n_edges; e++)
        if (g->edge_u[e] < 8 && g->edge_v[e] < 8) cyc[nc++] = e;
    assert_int_equal(nc, 10);
    const bool quick = under_valgrind();
    if (!quick) kruskal_law(g, cyc, 10, L);

    int32_t start[10] = {0, 0, 0, 1, 0, 1, 1, 1, 0, 1};
    two_district_fit(g, start, GM_GEN_TREE_KRUSKAL, 91, quick ? 2000 : 300000, L->key, L->p,
                     L->n, !quick, "Kruskal trees, 2x4 grid and two pendant cells");
    free(L);
    gm_graph_destroy(g);
}

static void test_reversible_exact_4x4(void **state)
{
    (void)state;
    reversible_exact(grid(4, 4), "4x4", 16, 400000);
}

/* The diagonal grid's plans are more and its regions' cells have 5 and 6 neighbours
 * (the lazy table walk); the same bound. */
static void test_reversible_exact_4x4_diagonal(void **state)
{
    (void)state;
    reversible_exact(grid_diagonal(4, 4), "4x4 with diagonals", 16, 200000);
}

/* Everything a chain keeps step by step equals a recount from its assignment: district
 * populations, the cut edges, and the plan is balanced and contiguous. */
static void check_invariants(const gm_chain *c, const gm_graph *g, const double *pop, size_t k)
{
    const int32_t *a = gm_chain_assignment(c);
    double lo, hi, dp[256] = {0};
    gm_chain_bounds(c, &lo, &hi);
    assert_true(k <= 256);
    for (size_t i = 0; i < g->n; i++) {
        assert_true(a[i] >= 0 && (size_t)a[i] < k);
        dp[a[i]] += pop[i];
    }
    for (size_t d = 0; d < k; d++) {
        assert_true(fabs(dp[d] - gm_chain_district_pop(c)[d]) < 1e-6);
        assert_true(dp[d] >= lo && dp[d] <= hi);
    }
    assert_int_equal(gm_chain_cut_edges(c), gm_graph_cut_edges(g, a));
    /* contiguity: removing the cut edges leaves exactly k components */
    uint32_t *uf = malloc(g->n * sizeof *uf);
    for (size_t i = 0; i < g->n; i++) uf[i] = (uint32_t)i;
    size_t comps = g->n;
    for (size_t e = 0; e < g->n_edges; e++) {
        uint32_t x = g->edge_u[e], y = g->edge_v[e];
        if (a[x] != a[y]) continue;
        while (uf[x] != x) x = uf[x];
        while (uf[y] != y) y = uf[y];
        if (x != y) uf[x] = y, comps--;
    }
    assert_int_equal(comps, k);
    free(uf);
}

/* Counties touching two or more districts, recounted. */
static size_t count_splits(const int32_t *county, size_t nc, const int32_t *a, size_t k, size_t n)
{
    unsigned char *seen = calloc(nc * k, 1);
    size_t split = 0;
    for (size_t i = 0; i < n; i++) seen[(size_t)county[i] * k + (size_t)a[i]] = 1;
    for (size_t q = 0; q < nc; q++) {
        size_t t = 0;
        for (size_t d = 0; d < k; d++) t += seen[q * k + d];
        split += t >= 2;
    }
    free(seen);
    return split;
}

static gm_units *load_mn(void)
{
    return tu_load_shared_units("mggg_MN/mn_08_16.zip", "TOTPOP", "CONGDIST");
}

/* ReCom in every variant on the 6 x 6 grid into 4 districts of 9 (exact balance). */
static void test_recom_invariants_grid(void **state)
{
    (void)state;
    gm_graph *g = grid(6, 6);
    double pop[36];
    int32_t start[36];
    for (int i = 0; i < 36; i++) pop[i] = 1, start[i] = (i % 6) / 3 + 2 * (i / 18);
    for (int v = 0; v < 4; v++) {
        gm_gen_spec s;
        gm_gen_spec_init(&s);
        s.graph = g, s.pop = pop, s.k = 4, s.start = start, s.tolerance = 0, s.seed = 7;
        s.tree = v & 1 ? GM_GEN_TREE_WILSON : GM_GEN_TREE_KRUSKAL;
        s.pair = v & 2 ? GM_GEN_PAIR_DISTRICT : GM_GEN_PAIR_CUT_EDGE;
        gm_chain *c = NULL;
        gm_error err;
        if (gm_chain_create(&s, 0, &c, &err)) fail_msg("%s", err.msg);
        for (int t = 0; t < 2000; t++) {
            uint64_t taken;
            if (gm_chain_advance(c, 1, &taken, &err)) fail_msg("%s", err.msg);
            assert_int_equal(taken, 1);
            check_invariants(c, g, pop, 4);
        }
        assert_true(gm_chain_get_stats(c)->moves == 2000);
        gm_chain_destroy(c);
    }
    gm_graph_destroy(g);
}

/* ReCom on Minnesota (8 districts, 2 %) from the enacted plan; with counties, the
 * county-split limit holds at every step. */
static void test_recom_invariants_mn(void **state)
{
    (void)state;
    gm_units *u = load_mn();
    gm_plan *p = NULL;
    gm_graph *g = NULL;
    gm_error err;
    if (gm_plan_from_column(u, &p, &err)) fail_msg("%s", err.msg);
    if (gm_graph_build(u, NULL, &g, &err)) fail_msg("%s", err.msg);
    assert_int_equal(g->n_edges, 9837);
    gm_plan *counties = NULL; /* the county column opened as a plan: index per county */
    gm_plan_spec cs = {.kind = GM_PLAN_COLUMN, .source = "COUNTYFIPS"};
    if (gm_plan_open(u, &cs, &counties, &err)) fail_msg("%s", err.msg);
    assert_int_equal(counties->k, 87);
    gm_gen_spec s;
    gm_gen_spec_init(&s);
    s.graph = g, s.pop = u->pop, s.k = p->k, s.start = p->district, s.seed = 11;
    int steps = under_valgrind() ? 5 : 300;
    size_t split0 = 0;
    for (int v = 0; v < 4; v++) {
        s.tree = v == 1 ? GM_GEN_TREE_WILSON : GM_GEN_TREE_KRUSKAL;
        s.method = v == 2 ? GM_GEN_REVERSIBLE : GM_GEN_RECOM;
        s.balance_ub = 60; /* M = 30 meets a tree with 36 balanced edges on this graph */
        if (v == 3) { /* counties: weights and a limit of the start plan's splits */
            s.county = counties->district;
            s.county_weight = 1;
            split0 = count_splits(counties->district, 87, p->district, p->k, u->n);
            s.max_county_splits = (int32_t)split0;
        }
        gm_chain *c = NULL;
        if (gm_chain_create(&s, (uint64_t)v, &c, &err)) fail_msg("%s", err.msg);
        check_invariants(c, g, u->pop, p->k);
        for (int t = 0; t < steps; t++) {
            uint64_t taken;
            if (gm_chain_advance(c, 50, &taken, &err)) fail_msg("%s", err.msg);
            check_invariants(c, g, u->pop, p->k);
            if (v == 3)
                assert_true(count_splits(counties->district, 87, gm_chain_assignment(c), p->k,
                                         u->n) <= split0);
        }
        if (v == 3) print_message("MN with counties: %zu splits at the start, %llu moves, %llu over the limit\n",
                                  split0, (unsigned long long)gm_chain_get_stats(c)->moves,
                                  (unsigned long long)gm_chain_get_stats(c)->loops_county);
        gm_chain_destroy(c);
    }
    gm_plan_destroy(counties);
    gm_graph_destroy(g);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* The start plan is checked: wrong district count, a district out of bounds (named with
 * its deviation and the tolerance that would admit it), a disconnected district. */
static void test_start_plan_errors(void **state)
{
    (void)state;
    gm_graph *g = grid(4, 4);
    double pop[16];
    int32_t start[16];
    for (int i = 0; i < 16; i++) pop[i] = 1, start[i] = i / 4;
    gm_gen_spec s;
    gm_gen_spec_init(&s);
    s.graph = g, s.pop = pop, s.k = 4, s.start = start, s.tolerance = 0;
    gm_chain *c = NULL;
    gm_error err;
    s.k = 3;
    assert_int_equal(gm_chain_create(&s, 0, &c, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "outside 0..2"));
    s.k = 5;
    assert_int_equal(gm_chain_create(&s, 0, &c, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "district 4 of the start plan has no units"));
    s.k = 4;
    start[3] = 1; /* district 0 has 3 units, district 1 has 5: 25 % off */
    assert_int_equal(gm_chain_create(&s, 0, &c, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "district 0 of the start plan has population 3, -25.00%"));
    assert_non_null(strstr(err.msg, "allow at least 25.00%"));
    s.tolerance = 0.25;
    assert_int_equal(gm_chain_create(&s, 0, &c, &err), GM_OK);
    gm_chain_destroy(c);
    start[3] = 0;
    start[0] = 1, start[4] = 0; /* swap two cells: 0 and 1 no longer connected */
    s.tolerance = 0;
    assert_int_equal(gm_chain_create(&s, 0, &c, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "is not connected"));
    gm_graph_destroy(g);
}

/* Chain c of a seed depends on (seed, c) only: the same plans whether or not other
 * chains ran before it, and another seed gives others. */
static void test_reproducible(void **state)
{
    (void)state;
    gm_graph *g = grid(6, 6);
    double pop[36];
    int32_t start[36], a1[36];
    for (int i = 0; i < 36; i++) pop[i] = 1, start[i] = (i % 6) / 3 + 2 * (i / 18);
    gm_gen_spec s;
    gm_gen_spec_init(&s);
    s.graph = g, s.pop = pop, s.k = 4, s.start = start, s.tolerance = 0, s.seed = 99;
    gm_error err;
    uint64_t taken;
    gm_chain *x = NULL, *y = NULL, *z = NULL;
    assert_int_equal(gm_chain_create(&s, 3, &x, &err), GM_OK);
    for (int t = 0; t < 500; t++) gm_chain_advance(x, 1, &taken, &err);
    memcpy(a1, gm_chain_assignment(x), sizeof a1);
    assert_int_equal(gm_chain_create(&s, 0, &y, &err), GM_OK);
    for (int t = 0; t < 100; t++) gm_chain_advance(y, 1, &taken, &err);
    assert_int_equal(gm_chain_create(&s, 3, &z, &err), GM_OK);
    for (int t = 0; t < 500; t++) gm_chain_advance(z, 1, &taken, &err);
    assert_memory_equal(a1, gm_chain_assignment(z), sizeof a1);
    assert_memory_not_equal(a1, gm_chain_assignment(y), sizeof a1);
    gm_chain_destroy(x);
    gm_chain_destroy(y);
    gm_chain_destroy(z);
    gm_graph_destroy(g);
}

/* The stream's samples: the same sequence for 1 and 3 threads, in the documented order,
 * and chain c's sample s equal to chain c run alone for burn_in + s * thin steps. */
static void test_stream_threads(void **state)
{
    (void)state;
    gm_graph *g = grid(6, 6);
    double pop[36];
    int32_t start[36];
    for (int i = 0; i < 36; i++) pop[i] = 1, start[i] = (i % 6) / 3 + 2 * (i / 18);
    gm_gen_spec s;
    gm_gen_spec_init(&s);
    s.graph = g, s.pop = pop, s.k = 4, s.start = start, s.tolerance = 0, s.seed = 5;
    gm_gen_run_spec r = {.chain = &s, .chains = 3, .steps = 300, .burn_in = 7, .thin = 2};
    enum { TOTAL = 3 * 151 };
    int32_t(*out)[36] = calloc(2 * TOTAL, sizeof *out);
    size_t chain_of[TOTAL];
    uint64_t sample_of[TOTAL];
    for (int t = 0; t < 2; t++) {
        r.threads = t ? 3 : 1;
        gm_gen_stream *st = NULL;
        gm_error err;
        if (gm_gen_stream_open(&r, &st, &err)) fail_msg("%s", err.msg);
        assert_int_equal(gm_gen_stream_total(st), TOTAL);
        for (int i = 0;; i++) {
            bool got;
            size_t c;
            uint64_t smp;
            int32_t a[36];
            if (gm_gen_stream_next(st, a, &c, &smp, &got, &err)) fail_msg("%s", err.msg);
            if (!got) {
                assert_int_equal(i, TOTAL);
                break;
            }
            assert_true(i < TOTAL);
            memcpy(out[t * TOTAL + i], a, sizeof a);
            if (t == 0) chain_of[i] = c, sample_of[i] = smp;
            else assert_true(chain_of[i] == c && sample_of[i] == smp);
        }
        gm_gen_stream_close(st);
    }
    assert_memory_equal(out[0], out[TOTAL], TOTAL * sizeof out[0]);
    /* order: 64 samples of chain 0, then of chain 1, of chain 2, then the next block */
    assert_int_equal(chain_of[0], 0);
    assert_int_equal(chain_of[GM_GEN_BLOCK], 1);
    assert_int_equal(sample_of[GM_GEN_BLOCK], 0);
    assert_int_equal(chain_of[3 * GM_GEN_BLOCK], 0);
    assert_int_equal(sample_of[3 * GM_GEN_BLOCK], GM_GEN_BLOCK);
    /* chain 2 alone: sample 10 is the plan after 7 + 20 steps */
    gm_chain *c = NULL;
    gm_error err;
    uint64_t taken;
    assert_int_equal(gm_chain_create(&s, 2, &c, &err), GM_OK);
    for (int t = 0; t < 27; t++) gm_chain_advance(c, 1, &taken, &err);
    assert_memory_equal(out[2 * GM_GEN_BLOCK + 10], gm_chain_assignment(c), sizeof out[0]);
    gm_chain_destroy(c);
    free(out);
    gm_graph_destroy(g);
}

/* Diagnostics on AR(1) chains x_t = phi x_(t-1) + e_t, whose integrated autocorrelation
 * time is (1 + phi) / (1 - phi) = 19 for phi = 0.9: 4 chains of 100,000 give an ESS near
 * 400,000 / 19 = 21,053 (batch means: within 20 %) and an R-hat near 1; a chain shifted
 * by 5 standard deviations drives R-hat far above 1.1. */
static void test_diag_ar1(void **state)
{
    (void)state;
    const uint64_t N = 100000;
    for (int shift = 0; shift < 2; shift++) {
        gm_gen_diag *d = NULL;
        gm_error err;
        assert_int_equal(gm_gen_diag_create(4, N, 1, &d, &err), GM_OK);
        uint64_t x = 88172645463325252ULL + (uint64_t)shift;
        for (size_t c = 0; c < 4; c++) {
            double v = 0, sd = 1 / sqrt(1 - 0.81);
            for (uint64_t t = 0; t < N; t++) {
                double u1, u2; /* Box-Muller from xorshift64 */
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                u1 = ((double)(x >> 11) + 0.5) / 9007199254740992.0;
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                u2 = ((double)(x >> 11) + 0.5) / 9007199254740992.0;
                double e = sqrt(-2 * log(u1)) * cos(2 * GM_PI * u2);
                v = t ? 0.9 * v + e : e * sd;
                double val = v + (shift && c == 3 ? 5 * sd : 0);
                gm_gen_diag_add(d, c, t, &val);
            }
        }
        gm_gen_diag_metric m;
        gm_gen_diag_get(d, 0, &m);
        print_message("AR(1) shift %d: ESS %.0f (theory 21053), R-hat %.4f\n", shift, m.ess, m.rhat);
        if (!shift) {
            assert_true(fabs(m.ess / 21053.0 - 1) < 0.2);
            assert_true(m.rhat < 1.01);
        } else {
            assert_true(m.rhat > 1.5);
        }
        const uint64_t *sm;
        const double *vv;
        uint64_t stride = (N + GM_GEN_TRACE - 1) / GM_GEN_TRACE; /* 167: 599 points */
        assert_int_equal(gm_gen_diag_trace(d, 2, 0, &sm, &vv), (N + stride - 1) / stride);
        assert_int_equal(sm[1], stride);
        gm_gen_diag_destroy(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumeration_4x4),
        cmocka_unit_test(test_reversible_exact_4x4),
        cmocka_unit_test(test_reversible_exact_4x4_diagonal),
        cmocka_unit_test(test_recom_wilson_exact),
        cmocka_unit_test(test_recom_kruskal_exact),
        cmocka_unit_test(test_recom_invariants_grid),
        cmocka_unit_test(test_recom_invariants_mn),
        cmocka_unit_test(test_start_plan_errors),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_stream_threads),
        cmocka_unit_test(test_diag_ar1),
    };
    gm_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
