/* test_contiguity.c: pieces of each district on the unit graph (gm_contiguity_compute,
 * gm_contiguity_count, gm_contiguity_warn) and the ensemble metric built on them. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"

/* A graph of n nodes from an edge list (no geometry): what gm_graph_load gives. */
static gm_graph *graph_of(size_t n, const uint32_t (*e)[2], size_t m)
{
    gm_graph *g = calloc(1, sizeof *g);
    assert_non_null(g);
    g->n = n;
    g->n_edges = m;
    g->edge_u = malloc((m ? m : 1) * sizeof *g->edge_u);
    g->edge_v = malloc((m ? m : 1) * sizeof *g->edge_v);
    for (size_t i = 0; i < m; i++) {
        g->edge_u[i] = e[i][0];
        g->edge_v[i] = e[i][1];
    }
    gm_error err;
    assert_int_equal(gm_graph_finish(g, &err), GM_OK);
    return g;
}

/* The count by breadth-first search, the plain way: the reference for the union-find. */
static size_t bfs_noncontiguous(const gm_graph *g, const int32_t *d, size_t k)
{
    size_t n = g->n, bad = 0;
    int *seen = calloc(n, sizeof *seen);
    uint32_t *queue = malloc(n * sizeof *queue);
    size_t *pieces = calloc(k, sizeof *pieces);
    /* land masses per district: distinct graph components among its nodes */
    size_t *land = calloc(k, sizeof *land);
    bool *mark = calloc(k * (g->n_components + 1), sizeof *mark);
    for (size_t i = 0; i < n; i++) {
        if (d[i] < 0 || (size_t)d[i] >= k) continue;
        bool *m = &mark[(size_t)d[i] * (g->n_components + 1) + g->component[i]];
        if (!*m) {
            *m = true;
            land[d[i]]++;
        }
        if (seen[i]) continue;
        pieces[d[i]]++;
        size_t h = 0, t = 0;
        queue[t++] = (uint32_t)i;
        seen[i] = 1;
        while (h < t) {
            uint32_t x = queue[h++];
            for (size_t j = g->adj_off[x]; j < g->adj_off[x + 1]; j++) {
                uint32_t y = g->adj[j];
                if (!seen[y] && d[y] == d[x]) {
                    seen[y] = 1;
                    queue[t++] = y;
                }
            }
        }
    }
    for (size_t q = 0; q < k; q++) bad += pieces[q] > land[q];
    free(seen);
    free(queue);
    free(pieces);
    free(land);
    free(mark);
    return bad;
}

/* A path a-b-c-d: districts {a,c} and {b,d} are each in two pieces; {a,b},{c,d} are not. */
static void test_contiguity_path(void **state)
{
    (void)state;
    static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 3}};
    gm_graph *g = graph_of(4, e, 3);
    gm_error err;
    gm_contiguity *c = NULL;
    int32_t zigzag[4] = {0, 1, 0, 1}, halves[4] = {0, 0, 1, 1};
    assert_int_equal(gm_contiguity_compute(g, zigzag, 2, &c, &err), GM_OK);
    assert_int_equal(c->n_noncontiguous, 2);
    assert_int_equal(c->components[0], 2);
    assert_int_equal(c->components[1], 2);
    assert_int_equal(c->land_masses[0], 1);
    /* equal pieces: the one with the first node is the district's own */
    assert_int_equal(c->n_detached, 2);
    assert_int_equal(c->detached[0].district, 0);
    assert_int_equal(c->detached[0].n_units, 1);
    assert_int_equal(c->detached[0].n_shown, 1);
    assert_int_equal(c->detached[0].unit[0], 2);
    assert_int_equal(c->detached[1].district, 1);
    assert_int_equal(c->detached[1].unit[0], 3);
    static const char *const ids[] = {"a", "b", "c", "d"}, *const labels[] = {"1", "2"};
    gm_warnings w = {0};
    assert_int_equal(gm_contiguity_warn(c, ids, labels, &w), GM_OK);
    assert_int_equal(gm_warnings_count(&w, "noncontiguous_districts"), 1);
    assert_string_equal(w.msg[0],
                        "2 districts are not contiguous on the unit graph (rook adjacency: units "
                        "that share a boundary): district 1 is in 2 pieces (detached: 1 unit: c); "
                        "district 2 is in 2 pieces (detached: 1 unit: d)");
    gm_warnings_free(&w);
    gm_contiguity_destroy(c);

    assert_int_equal(gm_contiguity_compute(g, halves, 2, &c, &err), GM_OK);
    assert_int_equal(c->n_noncontiguous, 0);
    assert_int_equal(c->n_detached, 0);
    assert_int_equal(gm_contiguity_warn(c, ids, labels, &w), GM_OK);
    assert_int_equal(w.n, 0);
    gm_contiguity_destroy(c);

    /* an empty district has no piece and is not "non-contiguous"; an unassigned node
     * belongs to none */
    int32_t gap[4] = {0, GM_NO_DISTRICT, 0, 0};
    assert_int_equal(gm_contiguity_compute(g, gap, 3, &c, &err), GM_OK);
    assert_int_equal(c->components[0], 2);
    assert_int_equal(c->components[1], 0);
    assert_int_equal(c->components[2], 0);
    assert_int_equal(c->n_noncontiguous, 1);
    assert_int_equal(c->detached[0].n_units, 1);
    assert_int_equal(c->detached[0].unit[0], 0); /* {c,d} is larger than {a} */
    gm_contiguity_destroy(c);
    gm_graph_destroy(g);
}

/* Two land masses 0-1-2 and 3-4: a district on both is contiguous as far as the units
 * allow; two pieces on one land mass are not. */
static void test_contiguity_land_masses(void **state)
{
    (void)state;
    static const uint32_t e[][2] = {{0, 1}, {1, 2}, {3, 4}};
    gm_graph *g = graph_of(5, e, 3);
    assert_int_equal(g->n_components, 2);
    gm_error err;
    gm_contiguity *c = NULL;
    int32_t islands[5] = {0, 0, 1, 0, 1};
    assert_int_equal(gm_contiguity_compute(g, islands, 2, &c, &err), GM_OK);
    assert_int_equal(c->components[0], 2); /* {0,1} and {3} */
    assert_int_equal(c->land_masses[0], 2);
    assert_int_equal(c->components[1], 2); /* {2} and {4} */
    assert_int_equal(c->n_noncontiguous, 0);
    gm_contiguity_destroy(c);
    int32_t split[5] = {0, 1, 0, 0, 1};
    assert_int_equal(gm_contiguity_compute(g, split, 2, &c, &err), GM_OK);
    assert_int_equal(c->components[0], 3); /* {0}, {2}, {3} */
    assert_int_equal(c->land_masses[0], 2);
    assert_int_equal(c->n_noncontiguous, 1);
    assert_int_equal(c->n_detached, 1); /* {2}: {0} is the district's own on that mass */
    assert_int_equal(c->detached[0].unit[0], 2);
    gm_contiguity_destroy(c);
    gm_contiguity_ctx *cx = NULL;
    assert_int_equal(gm_contiguity_ctx_create(g, 2, &cx, &err), GM_OK);
    assert_int_equal(gm_contiguity_count(cx, split), 1);
    assert_int_equal(gm_contiguity_count(cx, islands), 0);
    gm_contiguity_ctx_destroy(cx);
    gm_graph_destroy(g);
}

/* On a 12 x 12 grid cut in two by a missing column of edges, random plans: the
 * union-find count equals a plain breadth-first search, and the detail agrees. */
static void test_contiguity_random_grid(void **state)
{
    (void)state;
    enum { W = 12, N = W * W, K = 5 };
    uint32_t (*e)[2] = malloc(2 * N * sizeof *e);
    size_t m = 0;
    for (uint32_t y = 0; y < W; y++)
        for (uint32_t x = 0; x < W; x++) {
            uint32_t i = y * W + x;
            if (x + 1 < W && x != 5) { /* no edge between columns 5 and 6: two land masses */
                e[m][0] = i;
                e[m++][1] = i + 1;
            }
            if (y + 1 < W) {
                e[m][0] = i;
                e[m++][1] = i + W;
            }
        }
    gm_graph *g = graph_of(N, (const uint32_t(*)[2])e, m);
    assert_int_equal(g->n_components, 2);
    gm_contiguity_ctx *cx = NULL;
    gm_error cerr;
    assert_int_equal(gm_contiguity_ctx_create(g, K, &cx, &cerr), GM_OK);
    int32_t d[N];
    uint64_t x = 88172645463325252ull;
    size_t seen_bad = 0;
    for (int p = 0; p < 500; p++) {
        /* stripes (contiguous on each land mass) or a patchwork of 3x3 blocks, then 0 to
         * 3 cells flipped to a random district */
        for (size_t i = 0; i < N; i++) {
            size_t y = i / W, xx = i % W;
            d[i] = p % 3 ? (int32_t)((y * K / W + (size_t)p) % K)
                         : (int32_t)(((y / 3) * 7 + (xx / 3) * 3 + (size_t)p) % K);
        }
        for (int f = 0; f < p % 4; f++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            d[x % N] = (int32_t)((x >> 20) % K);
        }
        size_t want = bfs_noncontiguous(g, d, K);
        assert_int_equal(gm_contiguity_count(cx, d), want);
        gm_contiguity *c = NULL;
        gm_error err;
        assert_int_equal(gm_contiguity_compute(g, d, K, &c, &err), GM_OK);
        assert_int_equal(c->n_noncontiguous, want);
        size_t extra = 0;
        for (size_t q = 0; q < K; q++)
            if (c->components[q] > c->land_masses[q]) extra += c->components[q] - c->land_masses[q];
        assert_int_equal(c->n_detached, extra);
        gm_contiguity_destroy(c);
        seen_bad += want > 0;
    }
    print_message("%zu of 500 plans with a non-contiguous district\n", seen_bad);
    assert_true(seen_bad > 50 && seen_bad < 450); /* both kinds of plan were tried */
    gm_contiguity_ctx_destroy(cx);
    free(e);
    gm_graph_destroy(g);
}

/* The ensemble metric: the batch kernel and the one-plan path count the same pieces as
 * gm_contiguity_compute; NaN without a graph. */
static void test_contiguity_in_batch(void **state)
{
    (void)state;
    static const uint32_t e[][2] = {{0, 1}, {1, 2}, {2, 3}};
    gm_graph *g = graph_of(4, e, 3);
    g->area_m2 = calloc(4, sizeof *g->area_m2);
    g->ext_len_m = calloc(4, sizeof *g->ext_len_m);
    for (int i = 0; i < 4; i++) g->area_m2[i] = g->ext_len_m[i] = 1;
    const double pop[4] = {1, 1, 1, 1};
    enum { P = 20 };
    int32_t A[P * 4];
    for (int p = 0; p < P; p++)
        for (int i = 0; i < 4; i++) A[p * 4 + i] = p % 2 ? (i % 2) : (i / 2);
    gm_batch_spec bs = {.n_units = 4, .k = 2, .pop = pop, .graph = g};
    gm_batch *b = NULL;
    gm_error err;
    assert_int_equal(gm_batch_create(&bs, 1, &b, &err), GM_OK);
    gm_plan_scores sc[P];
    assert_int_equal(gm_batch_score(b, A, NULL, P, sc, NULL, &err), GM_OK);
    size_t m;
    assert_non_null(gm_metric_find(GM_MF_PLAN, "noncontiguous_districts", &m));
    for (int p = 0; p < P; p++) {
        assert_true(gm_plan_scores_get(&sc[p], m) == (p % 2 ? 2.0 : 0.0));
        gm_plan_scores one;
        assert_int_equal(gm_score_one(&bs, A + p * 4, 0, &one, NULL, &err), GM_OK);
        assert_true(one.noncontiguous == sc[p].noncontiguous);
    }
    gm_batch_destroy(b);
    bs.graph = NULL;
    assert_int_equal(gm_batch_create(&bs, 1, &b, &err), GM_OK);
    assert_int_equal(gm_batch_score(b, A, NULL, 1, sc, NULL, &err), GM_OK);
    assert_true(isnan(sc[0].noncontiguous));
    gm_batch_destroy(b);
    gm_graph_destroy(g);
}

/* Minnesota: the enacted plan is contiguous; one Minneapolis precinct (VTD 270531360,
 * CD 5) moved into CD 8 is reported as CD 8's detached piece. */
static void test_contiguity_mn(void **state)
{
    (void)state;
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = tu_shared_path("mggg_MN/mn_16.zip");
    s.id_field = "VTD";
    s.plan_field = "CONGDIST";
    s.load_geometry = true;
    gm_error err;
    gm_units *u = NULL;
    if (gm_units_load(&s, &u, &err) != GM_OK) fail_msg("%s", err.msg);
    gm_plan *p = NULL;
    assert_int_equal(gm_plan_from_column(u, &p, &err), GM_OK);
    gm_graph *g = NULL;
    if (gm_graph_build(u, NULL, &g, &err) != GM_OK) fail_msg("%s", err.msg);
    gm_contiguity *c = NULL;
    assert_int_equal(gm_contiguity_compute(g, p->district, p->k, &c, &err), GM_OK);
    assert_int_equal(c->n_noncontiguous, 0);
    gm_contiguity_destroy(c);
    size_t mpls = SIZE_MAX;
    for (size_t i = 0; i < u->n; i++)
        if (!strcmp(u->id[i], "270531360")) mpls = i;
    assert_true(mpls != SIZE_MAX);
    assert_string_equal(p->label[p->district[mpls]], "5");
    p->district[mpls] = 7; /* "8" */
    assert_int_equal(gm_contiguity_compute(g, p->district, p->k, &c, &err), GM_OK);
    assert_int_equal(c->n_noncontiguous, 1);
    assert_int_equal(c->components[7], 2);
    assert_int_equal(c->n_detached, 1);
    assert_int_equal(c->detached[0].district, 7);
    assert_int_equal(c->detached[0].n_units, 1);
    assert_int_equal(c->detached[0].unit[0], mpls);
    gm_warnings w = {0};
    assert_int_equal(gm_contiguity_warn(c, (const char *const *)u->id, (const char *const *)p->label, &w),
                     GM_OK);
    assert_non_null(strstr(w.msg[0], "district 8 is in 2 pieces (detached: 1 unit: 270531360)"));
    gm_warnings_free(&w);
    gm_contiguity_destroy(c);
    gm_graph_destroy(g);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* GerryChain drew every plan of the MN ReCom chain contiguous on its graph. Samples 537
 * and 1423 hold a precinct joined to its district only through an overlap with a
 * neighbour (982 overlaps 1513 by 69 m^2, 761 overlaps 156 by 31 m^2): contiguous here
 * too, because the graph joins units whose areas overlap. */
static void test_contiguity_recom_overlaps(void **state)
{
    (void)state;
    tu_mn mn;
    tu_mn_load(&mn, 1424, TU_MN_GEOMETRY); /* samples 0 to 1423 */
    gm_error err;
    gm_graph *g = NULL;
    if (gm_graph_build(mn.u, NULL, &g, &err) != GM_OK) fail_msg("%s", err.msg);
    gm_contiguity_ctx *cx = NULL;
    assert_int_equal(gm_contiguity_ctx_create(g, mn.k, &cx, &err), GM_OK);
    assert_int_equal(mn.sample[mn.np - 1], 1423);
    for (size_t p = 0; p < mn.np; p++)
        assert_int_equal(gm_contiguity_count(cx, mn.plan + p * mn.n), 0);
    gm_contiguity_ctx_destroy(cx);
    gm_graph_destroy(g);
    tu_mn_free(&mn);
}

static int setup(void **st)
{
    (void)st;
    gm_init();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contiguity_path),
        cmocka_unit_test(test_contiguity_land_masses),
        cmocka_unit_test(test_contiguity_random_grid),
        cmocka_unit_test(test_contiguity_in_batch),
        cmocka_unit_test(test_contiguity_mn),
        cmocka_unit_test(test_contiguity_recom_overlaps),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
