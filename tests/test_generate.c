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

/* Under valgrind (which preloads its own library) the long chains would take many
 * minutes: run them short and check only what holds for any length. */
static bool under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "vgpreload");
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
static void test_reversible_exact_4x4(void **state)
{
    (void)state;
    gm_graph *g = grid(4, 4);
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
    enum { R = 16 };
    const bool quick = under_valgrind();
    const uint64_t N = quick ? 2000 : 400000;
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
    print_message("reversible ReCom 4x4: TV %.4f, bound %.4f (%d chains of %llu steps)\n", tv,
                  bound, R, (unsigned long long)N);
    if (!quick) {
        assert_true(tv < bound);
        assert_true(tv < 0.03);
    }
    free(freq);
    free(p);
    gm_graph_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enumeration_4x4),
        cmocka_unit_test(test_reversible_exact_4x4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
