/* test_graph.c: the unit adjacency graph. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_graph.h"

static gm_units *load_mn(void)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = tu_shared_path("mggg_MN/mn_08_16.zip");
    s.pop_field = "TOTPOP";
    s.load_geometry = true;
    gm_error e;
    gm_units *u = NULL;
    if (gm_units_load(&s, &u, &e) != GM_OK) fail_msg("%s", e.msg);
    return u;
}

/* GerryChain's Graph.from_file on the same layer (rook, shared perimeter > 0):
 * 4,120 nodes and 9,835 edges, no islands (ensembles/README.md). */
static void test_graph_mn_rook(void **state)
{
    (void)state;
    gm_init();
    gm_units *u = load_mn();
    gm_graph *g = NULL;
    gm_error e;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (gm_graph_build(u, NULL, &g, &e) != GM_OK) fail_msg("%s", e.msg);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("MN graph: %zu nodes, %zu edges, %zu components, %zu islands, %zu fallback, %.3f s\n",
                  g->n, g->n_edges, g->n_components, g->n_islands, g->n_fallback,
                  (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    assert_int_equal(g->n, 4120);
    assert_int_equal(g->n_edges, 9835);
    assert_int_equal(g->n_islands, 0);
    assert_int_equal(g->n_components, 1);
    gm_graph_destroy(g);
    gm_units_destroy(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graph_mn_rook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
