/* fuzz_graph.c: the adjacency-graph JSON loader (gm_graph_load, engine/graph/graph_io.c)
 * and units read from the same bytes as a graph file (gm_units_load ->
 * engine/units/units_graph.c; both over engine/io/json_scan.c).
 *
 * Properties on success: edges (u < v) and CSR neighbours index existing nodes, the
 * CSR offsets grow, every node's component is below the component count; units loaded
 * from a file the graph loader also read are as many as its nodes, each with an id and a
 * non-negative population. A failure always says why. */
#include "gerrymeter/gm_graph.h"

#include <stdbool.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/gm-fuzz-graph-%ld.json", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    gm_graph *g = NULL;
    gm_error err;
    gm_error_clear(&err);
    gm_units *u = NULL;
    gm_units_spec us = {.path = path, .pop_field = "TOTPOP", .id_field = "NAME",
                        .plan_field = "DIST", .n_parties = 2, .party = {"D", "R"},
                        .vote_field = {"D16", "R16"}};
    bool as_units = gm_units_is_graph_file(path);
    gm_status urc = as_units ? gm_units_load(&us, &u, &err) : GM_E_ARG;
    if (as_units && urc != GM_OK && (u || !err.msg[0])) abort();
    for (size_t i = 0; u && i < u->n; i++)
        if (!u->id[i] || !(u->pop[i] >= 0) || !u->plan_label[i]) abort();
    gm_error_clear(&err);
    if (gm_graph_load(path, &g, &err) != GM_OK) {
        if (g || !err.msg[0]) abort();
        gm_units_destroy(u);
        return 0;
    }
    if (u && u->n != g->n) abort();
    gm_units_destroy(u);
    for (size_t e = 0; e < g->n_edges; e++)
        if (g->edge_u[e] >= g->edge_v[e] || g->edge_v[e] >= g->n) abort();
    if (g->adj_off[0] != 0 || g->adj_off[g->n] != 2 * g->n_edges) abort();
    for (size_t i = 0; i < g->n; i++) {
        if (g->adj_off[i] > g->adj_off[i + 1]) abort();
        if (g->component[i] >= g->n_components) abort();
    }
    for (size_t j = 0; j < 2 * g->n_edges; j++)
        if (g->adj[j] >= g->n || g->adj_edge[j] >= g->n_edges) abort();
    gm_graph_destroy(g);
    return 0;
}
