/* cmd_graph.c: `gerrymeter graph`: build the unit adjacency graph and save it. */
#include "cli.h"
#include "opts.h"
#include "out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_graph.h"

static const char help[] =
    "Usage: gerrymeter graph --units PATH [--queen] [--snap METRES] [--format json|csv]\n"
    "                        [--attributes FIELD,...] [-o FILE]\n\n"
    "Build the unit adjacency (dual) graph with shared-boundary lengths in geodesic metres,\n"
    "each unit's area and its boundary with the outside. Islands and disconnected\n"
    "components are reported on standard error by unit id.\n\n"
    "%s\n"
    "Graph:\n"
    "  --queen                  also join units touching at a single point (rook by default)\n"
    "  --snap METRES            tolerance for boundaries that do not share vertices (0.01)\n"
    "Output:\n"
    "  --format json|csv        networkx adjacency JSON (GerryChain Graph.from_json; the\n"
    "                           default) or a CSV edge list\n"
    "  --attributes F1,F2,...   also write these unit columns on each node of the JSON (as\n"
    "                           GerryChain keeps them; the unit order key is added); such a\n"
    "                           file can be given as --units without the shapes\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
    "  -h, --help               show this help\n\n"
    "Example:\n"
    "  gerrymeter graph --units mn_08_16.zip -o mn_graph.json\n"
    "  gerrymeter graph --units mn_08_16.zip --id VTD --attributes TOTPOP,CONGDIST -o mn.json\n";

/* Islands and the units outside the largest component, by unit id (at most 10 each). */
static void report(const gm_graph *g)
{
    gmc_msg("graph: %zu units, %zu edges (%s), %zu component%s, %zu island%s%s", g->n, g->n_edges,
            g->queen ? "queen" : "rook", g->n_components, g->n_components == 1 ? "" : "s",
            g->n_islands, g->n_islands == 1 ? "" : "s",
            g->n_fallback ? "" : "; every shared boundary matched vertex for vertex");
    if (g->n_fallback)
        gmc_msg("graph: %zu units share boundary without common vertices (joined within --snap)",
                g->n_fallback);
    size_t shown = 0;
    for (size_t i = 0; i < g->n && shown < 10; i++)
        if (g->adj_off[i + 1] == g->adj_off[i]) {
            gmc_msg("graph: island: unit %s has no neighbour", g->id[i]);
            shown++;
        }
    if (g->n_components > 1) {
        size_t *size = calloc(g->n_components, sizeof *size);
        if (!size) return;
        for (size_t i = 0; i < g->n; i++) size[g->component[i]]++;
        size_t big = 0;
        for (size_t c = 1; c < g->n_components; c++)
            if (size[c] > size[big]) big = c;
        shown = 0;
        for (size_t i = 0; i < g->n && shown < 10; i++)
            if (g->component[i] != big && g->adj_off[i + 1] > g->adj_off[i]) {
                gmc_msg("graph: unit %s is in component %u (%zu units), not the largest (%zu units)",
                        g->id[i], g->component[i], size[g->component[i]], size[big]);
                shown++;
            }
        free(size);
    }
}

int gmc_cmd_graph(int argc, char **argv)
{
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"queen", no_argument, 0, 'q'},
                                       {"snap", required_argument, 0, 's'},
                                       {"format", required_argument, 0, 'f'},
                                       {"attributes", required_argument, 0, 'A'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    gmc_source src;
    memset(&src, 0, sizeof src);
    gm_graph_opts go;
    gm_graph_opts_init(&go);
    gmc_format fmt = GMC_JSON;
    const char *output = NULL, *attributes = NULL;
    gmc_getopt args = {.cmd = "graph", .shortopts = ":ho:f:", .longopts = lo, .help = help,
                       .help_fmt = true, .src = &src};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'q': go.queen = true; break;
        case 's':
            if (gmc_parse_double("--snap", optarg, 0, 1000, &go.snap_m)) return GMC_EUSAGE;
            break;
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_JSON | 1u << GMC_CSV, &fmt)) return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case 'A': attributes = optarg; break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (src.plan) return gmc_usage_error("graph", "the graph needs no --plan");
    enum { MAX_ATTRS = 256 };
    const char *attr[MAX_ATTRS];
    size_t n_attr = 0;
    char attr_buf[4096];
    if (attributes) {
        if (fmt == GMC_CSV)
            return gmc_usage_error("graph", "--attributes writes node attributes, which the CSV edge "
                                            "list has no place for; write the JSON graph");
        if (strlen(attributes) >= sizeof attr_buf)
            return gmc_usage_error("graph", "--attributes: the list is too long");
        strcpy(attr_buf, attributes);
        char *save = NULL;
        for (char *t = strtok_r(attr_buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            if (n_attr == MAX_ATTRS)
                return gmc_usage_error("graph", "--attributes: at most %d columns", MAX_ATTRS);
            attr[n_attr++] = t;
        }
        if (!n_attr) return gmc_usage_error("graph", "--attributes: name the unit columns, e.g. TOTPOP,CONGDIST");
    }
    const char *inputs[] = {src.units};
    if (gmc_check_output(output, inputs, 1)) return GMC_EUSAGE;
    src.need_geometry = true;
    gm_units *u = NULL;
    int rc = gmc_load_units(&src, &u);
    if (rc) return rc;
    gmc_warnings_stderr(&u->warnings); /* e.g. repaired shapes, named */
    gm_graph *g = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_graph_build(u, &go, &g, &err) != GM_OK) {
        rc = gmc_fail(&err);
        goto done;
    }
    report(g);
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    gm_status st = fmt == GMC_CSV ? gm_graph_write_csv(g, sink.f, &err)
                   : attributes   ? gm_graph_write_json_attrs(g, u, attr, n_attr, sink.f, &err)
                                  : gm_graph_write_json(g, sink.f, &err);
    if (st != GM_OK) {
        gmc_sink_close(&sink, false);
        rc = gmc_fail(&err);
        goto done;
    }
    rc = gmc_sink_close(&sink, true);
done:
    gm_graph_destroy(g);
    gm_units_destroy(u);
    return rc;
}
