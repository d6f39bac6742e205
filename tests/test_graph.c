/* test_graph.c: the unit adjacency graph. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_graph.h"

#include <geodesic.h>

static gm_units *load_mn(void)
{
    return tu_load_shared_units("mggg_MN/mn_08_16.zip", "TOTPOP", NULL);
}

/* GerryChain's Graph.from_file on the same layer (rook, shared perimeter > 0):
 * 4,120 nodes and 9,835 edges, no islands (ensembles/README.md). Ours has 9,837: units
 * whose areas overlap are joined, as in GerryChain (an intersection of non-zero length):
 * precincts 982 and 1513 overlap by 69 m^2 and share no boundary stretch; without that
 * edge 377 of the 10,001 ReCom plans GerryChain drew (all contiguous on its graph) had a
 * "non-contiguous" district here. The two graphs still differ in a few pairs the
 * snapping pass joins (boundaries within 1 cm) and shapely does not. */
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
    assert_int_equal(g->n_edges, 9837);
    assert_int_equal(g->n_islands, 0);
    assert_int_equal(g->n_components, 1);
    bool joined = false;
    for (size_t j = g->adj_off[982]; j < g->adj_off[983]; j++) joined |= g->adj[j] == 1513;
    assert_true(joined);
    gm_graph_destroy(g);
    gm_units_destroy(u);
}

static gm_units *load_tj(void)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = tu_testdata("graph_tjunction.geojson");
    s.id_field = "uid";
    s.load_geometry = true;
    gm_error e;
    gm_units *u = NULL;
    if (gm_units_load(&s, &u, &e) != GM_OK) fail_msg("%s", e.msg);
    return u;
}

static double geod(double lon1, double lat1, double lon2, double lat2)
{
    struct geod_geodesic g;
    double s12;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
    return s12;
}

static double edge_len(const gm_graph *g, uint32_t a, uint32_t b)
{
    for (size_t e = 0; e < g->n_edges; e++)
        if (g->edge_u[e] == a && g->edge_v[e] == b) return g->edge_len_m[e];
    return -1;
}

/* testdata/graph_tjunction.geojson, cells of 0.001 degree at (-93, 45):
 *   B C . .      A = [0,2]x[0,1]: its top edge has no vertex where B and C meet,
 *   A A . D      so A-B and A-C are found by the snapping pass (T-junction).
 *   E touches C at one corner (queen only); D is an island. */
static void test_graph_tjunction(void **state)
{
    (void)state;
    gm_init();
    gm_units *u = load_tj();
    gm_graph *g = NULL;
    gm_error e;
    gm_graph_opts o;
    gm_graph_opts_init(&o);
    assert_int_equal(gm_graph_build(u, &o, &g, &e), GM_OK);
    assert_int_equal(g->n_edges, 3); /* A-B, A-C, B-C */
    assert_int_equal(g->n_components, 3);
    assert_int_equal(g->n_islands, 2);
    assert_int_equal(g->n_fallback, 3);
    double ab = geod(-93.0, 45.001, -92.999, 45.001);   /* B's bottom edge */
    double ac = geod(-92.999, 45.001, -92.998, 45.001); /* C's bottom edge */
    double bc = geod(-92.999, 45.001, -92.999, 45.002); /* the B|C meridian */
    /* T-junction lengths are a share of A's top edge: equal to 1e-6 relative */
    assert_true(tu_near(edge_len(g, 0, 1), ab, 1e-6));
    assert_true(tu_near(edge_len(g, 0, 2), ac, 1e-6));
    assert_true(tu_near(edge_len(g, 1, 2), bc, 1e-9));
    /* D's whole boundary is exterior: 2 parallels + 2 meridians */
    double d_perim = geod(-92.997, 45.0, -92.996, 45.0) + geod(-92.997, 45.001, -92.996, 45.001) +
                     2 * geod(-92.997, 45.0, -92.997, 45.001);
    assert_true(tu_near(g->ext_len_m[3], d_perim, 1e-9));
    assert_true(tu_near(g->perim_m[3], d_perim, 1e-9));
    /* B: exterior = left and top edges */
    double b_ext = geod(-93.0, 45.001, -93.0, 45.002) + geod(-93.0, 45.002, -92.999, 45.002);
    assert_true(tu_near(g->ext_len_m[1], b_ext, 1e-6));
    /* area of a 0.001 x 0.001 degree cell at 45 N: ~ 111.1 m x 78.7 m */
    assert_true(fabs(g->area_m2[3] - 8743.0) < 30.0);
    gm_graph_destroy(g);

    o.queen = true;
    assert_int_equal(gm_graph_build(u, &o, &g, &e), GM_OK);
    assert_int_equal(g->n_edges, 4);
    assert_true(edge_len(g, 2, 4) == 0.0); /* C-E corner */
    assert_int_equal(g->n_components, 2);
    assert_int_equal(g->n_islands, 1);
    gm_graph_destroy(g);

    o.queen = false;
    o.snap_m = 0; /* exact matching only: the T-junction edges disappear */
    assert_int_equal(gm_graph_build(u, &o, &g, &e), GM_OK);
    assert_int_equal(g->n_edges, 1);
    gm_graph_destroy(g);
    gm_units_destroy(u);
}

/* JSON out and back in: the same edges, lengths, areas and boundary lengths (%.17g). */
static void test_graph_json_roundtrip(void **state)
{
    (void)state;
    gm_init();
    gm_units *u = load_mn();
    gm_graph *g = NULL, *h = NULL;
    gm_error e;
    assert_int_equal(gm_graph_build(u, NULL, &g, &e), GM_OK);
    char path[] = "/tmp/gm_graph_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    assert_int_equal(gm_graph_write_json(g, f, &e), GM_OK);
    fclose(f);
    if (gm_graph_load(path, &h, &e) != GM_OK) fail_msg("%s", e.msg);
    unlink(path);
    assert_int_equal(h->n, g->n);
    assert_int_equal(h->n_edges, g->n_edges);
    assert_memory_equal(h->edge_u, g->edge_u, g->n_edges * sizeof *g->edge_u);
    assert_memory_equal(h->edge_v, g->edge_v, g->n_edges * sizeof *g->edge_v);
    assert_memory_equal(h->edge_len_m, g->edge_len_m, g->n_edges * sizeof *g->edge_len_m);
    assert_memory_equal(h->area_m2, g->area_m2, g->n * sizeof *g->area_m2);
    assert_memory_equal(h->ext_len_m, g->ext_len_m, g->n * sizeof *g->ext_len_m);
    assert_string_equal(h->id[17], g->id[17]);
    /* Minnesota: about 225,000 km^2 of precincts (land and water) */
    double area = 0;
    for (size_t i = 0; i < g->n; i++) area += g->area_m2[i];
    print_message("MN area %.1f km2\n", area / 1e6);
    assert_true(area > 2.0e11 && area < 2.3e11);
    gm_graph_destroy(g);
    gm_graph_destroy(h);
    gm_units_destroy(u);
}

/* Units from a graph file (engine/units/units_graph.c): a path of three nodes whose
 * attributes hold escapes, numbers written as strings and as reals, a null; the graph
 * of the same file; and what is not one. */
static void test_units_from_graph_file(void **state)
{
    (void)state;
    gm_init();
    const char *text =
        "{\"directed\": false, \"multigraph\": false, \"graph\": {},\n"
        "\"nodes\": [{\"id\": 0, \"NAME\": \"Saint-Andr\\u00e9 \\\"N\\\"\", \"POP\": 12, \"D\": 5,"
        " \"R\": 1.5e1, \"CD\": 1, \"extra\": [1, {\"a\": null}]},\n"
        " {\"id\": 1, \"NAME\": \"b\\\\2\", \"POP\": \"30\", \"D\": 20, \"R\": 10, \"CD\": 2.0},\n"
        " {\"R\": 0, \"CD\": \" 2\", \"id\": 2, \"NAME\": \"c\", \"POP\": null, \"D\": 0}],\n"
        "\"adjacency\": [[{\"id\": 1}], [{\"id\": 0}, {\"id\": 2}], [{\"id\": 1}]]}\n";
    const char *path = tu_write_tmp("units_graph.json", text);
    assert_true(gm_units_is_graph_file(path));
    gm_units_spec sp = {.path = path, .pop_field = "pop", .id_field = "NAME", .plan_field = "CD",
                        .n_parties = 2, .party = {"D", "R"}, .vote_field = {"D", "R"},
                        .load_geometry = true, .geometry_optional = true};
    gm_units *u = NULL;
    gm_error e;
    if (gm_units_load(&sp, &u, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_true(u->from_graph);
    assert_int_equal(u->n, 3);
    assert_string_equal(u->id[0], "Saint-Andr\xc3\xa9 \"N\"");
    assert_string_equal(u->id[1], "b\\2");
    /* a string holding a number is a number; null is 0 persons, as from a layer */
    assert_true(u->pop[0] == 12 && u->pop[1] == 30 && u->pop[2] == 0);
    assert_true(u->votes[0] == 5 && u->votes[3] == 15 && u->votes[4] == 10);
    /* labels as a layer's: 2.0 reads "2", leading blanks dropped */
    assert_string_equal(u->plan_label[0], "1");
    assert_string_equal(u->plan_label[1], "2");
    assert_string_equal(u->plan_label[2], "2");
    assert_null(u->geom);
    assert_non_null(u->no_geometry);
    /* the order key: the text attribute with distinct values, not the node ids */
    assert_string_equal(u->order_key, "NAME");
    const char *ids[] = {u->id[0], u->id[1], u->id[2]};
    assert_true(gm_units_fingerprint(u) == gm_ids_fingerprint(ids, 3));
    /* a column read later comes from the nodes too */
    gm_graph *g = NULL;
    if (gm_graph_load(path, &g, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(g->n, 3);
    assert_int_equal(g->n_edges, 2);
    int32_t d[3] = {0, 1, 1};
    assert_int_equal(gm_graph_cut_edges(g, d), 1);
    gm_graph_destroy(g);
    gm_units_destroy(u);

    /* shapes asked for: refused, naming the file */
    sp.geometry_optional = false;
    assert_int_equal(gm_units_load(&sp, &u, &e), GM_E_ARG);
    assert_non_null(strstr(e.msg, "is a graph file, which carries no shapes"));
    /* a vote that is not a number, named with its node */
    sp.load_geometry = false;
    sp.vote_field[1] = "extra";
    assert_int_equal(gm_units_load(&sp, &u, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "node 0: votes attribute 'extra' (party R) is '[1, {\"a\": null}]', not a number"));
    /* GeoJSON is a layer, not a graph file */
    const char *gj = tu_write_tmp("fc.json", "{\"type\": \"FeatureCollection\", \"features\": []}");
    assert_false(gm_units_is_graph_file(gj));
    const char *links = tu_write_tmp("links.json",
                                     "{\"nodes\": [{\"id\": 0}, {\"id\": 1}], \"links\": [{\"source\": 1, \"target\": 0}]}");
    assert_true(gm_units_is_graph_file(links));
    if (gm_graph_load(links, &g, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(g->n_edges, 1);
    assert_true(g->edge_u[0] == 0 && g->edge_v[0] == 1);
    gm_graph_destroy(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graph_mn_rook),
        cmocka_unit_test(test_graph_tjunction),
        cmocka_unit_test(test_graph_json_roundtrip),
        cmocka_unit_test(test_units_from_graph_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
