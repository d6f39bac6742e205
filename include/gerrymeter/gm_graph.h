/* gm_graph.h: the unit adjacency (dual) graph with shared-boundary lengths.
 *
 * Node i is unit i of the gm_units it was built from. An edge joins two units that
 * share boundary (rook, the default) or, on request, that touch at a point (queen), and
 * two units whose areas overlap (edge length 0; GerryChain's graph joins them too).
 * Lengths are geodesic metres on the WGS84 ellipsoid; areas are square metres in the
 * units' equal-area working CRS (true areas). The graph is what Polsby-Popper of a
 * district needs without any district geometry:
 *   area(D)      = sum of area_m2[i] over units i in D
 *   perimeter(D) = sum of ext_len_m[i] over i in D + sum of edge_len_m over cut edges of D
 *
 * Export: a CSV edge list, and networkx adjacency JSON (GerryChain Graph.from_json).
 * gm_graph_load() reads back the JSON written by gm_graph_write_json(). */
#ifndef GM_GRAPH_H
#define GM_GRAPH_H

#include <stdio.h>

#include "gm_units.h"

GM_BEGIN_DECLS

typedef struct gm_graph_opts {
    bool queen;            /* also join units that touch only at a point (edge_len_m 0) */
    double snap_m;         /* tolerance for boundaries that do not match vertex for vertex,
                              in working-CRS metres; default 0.01 (1 cm). Units whose areas
                              overlap by more than snap_m^2 are joined too (a layer that is
                              not a clean coverage). 0 = exact only */
} gm_graph_opts;

/* Fill o with the defaults (rook, 1 cm snap tolerance). */
void gm_graph_opts_init(gm_graph_opts *o);

typedef struct gm_graph {
    size_t n;              /* nodes = units */
    size_t n_edges;        /* undirected edges */
    uint32_t *edge_u;      /* [n_edges] smaller endpoint; edges sorted by (u, v) */
    uint32_t *edge_v;      /* [n_edges] larger endpoint */
    double *edge_len_m;    /* [n_edges] shared boundary, geodesic metres (0: queen corner) */
    double *area_m2;       /* [n] unit area, m^2 (equal-area CRS) */
    double *ext_len_m;     /* [n] boundary not shared with any unit (state border), metres */
    double *perim_m;       /* [n] whole boundary, geodesic metres */
    size_t *adj_off;       /* [n+1] CSR offsets into adj/adj_edge */
    uint32_t *adj;         /* [2*n_edges] neighbours of node i: adj[adj_off[i]..adj_off[i+1]) */
    uint32_t *adj_edge;    /* [2*n_edges] edge index of each neighbour entry */
    uint32_t *component;   /* [n] connected component of each node, 0-based, by first node */
    size_t n_components;   /* connected components */
    size_t n_islands;      /* nodes with no neighbour */
    char **id;             /* [n] unit ids (owned copies) */
    char *id_field;        /* the units' id field those ids are values of, or NULL (feature
                              ids, or not recorded) */
    size_t n_fallback;     /* units whose boundary needed the GEOS (snapping) pass */
    bool queen;            /* built with queen adjacency */
    gm_unit_order order;   /* the unit order it was built for (gm_units.h); n 0 when read
                              from a file that records none */
} gm_graph;

/* Build the graph of units loaded with geometry. *out is owned by the caller
 * (gm_graph_destroy). Errors: GM_E_ARG when units have no geometry, GM_E_GEOM/GM_E_CRS
 * when a geometry or the inverse projection fails (names the unit id). */
gm_status gm_graph_build(const gm_units *u, const gm_graph_opts *o, gm_graph **out, gm_error *err);

void gm_graph_destroy(gm_graph *g);

/* CSV edge list: header "source,target,source_id,target_id,shared_perim_m", one row per
 * edge (0-based node indices, u < v), %.17g lengths. Writes to the caller's stream (the
 * caller opens, and atomically renames, the file); GM_E_IO when a write fails. */
gm_status gm_graph_write_csv(const gm_graph *g, FILE *f, gm_error *err);

/* networkx adjacency JSON (nx.readwrite.json_graph.adjacency_data layout):
 * {"directed":false,"multigraph":false,"graph":{"components":..,"queen":..,"islands":[..],
 *  "units":n,"unit_fingerprint":"16 hex digits","unit_key":"VTD" or null (positional),
 *  "unit_id_field":"GEOID" or null (unit_id holds feature ids)},
 *  "nodes":[{"id":i,"unit_id":..,"area":..,"boundary_node":..,"boundary_perim":..},...],
 *  "adjacency":[[{"id":j,"shared_perim":..},...],...]}
 * GerryChain's Graph.from_json reads it. Writes to the caller's stream. */
gm_status gm_graph_write_json(const gm_graph *g, FILE *f, gm_error *err);

/* The same with unit columns as node attributes (GerryChain keeps a unit's data on its
 * node): the columns fields[0..nf) of the units u the graph was built from, re-read from
 * their source, after the node's own keys: a text value as a string, a number as a
 * number, null (and a value that is not a finite number) as null. The units' order key
 * is written too, first, when it is not named, so that units loaded from the file
 * (gm_units_load) are identified by the same field. Nothing is written on an error:
 * GM_E_ARG (a name of a node's own keys: id, unit_id, area, boundary_node,
 * boundary_perim, component; a name given twice; other units), GM_E_FIELD (a column the
 * units' source lacks), those of reading it, GM_E_IO. */
gm_status gm_graph_write_json_attrs(const gm_graph *g, const gm_units *u,
                                    const char *const *fields, size_t nf, FILE *f, gm_error *err);

/* Read a graph written by gm_graph_write_json, or any networkx graph in the adjacency
 * or node-link ("links": [{"source": i, "target": j}, ...]) layout (node ids must be
 * 0..n-1 in order; other attributes are skipped). Errors: GM_E_IO, GM_E_FORMAT naming
 * the byte offset. */
gm_status gm_graph_load(const char *path, gm_graph **out, gm_error *err);

/* Check that graph g (read from `path`, named in messages) was built for units u: the
 * same number of units and, when the graph records it, the same unit order
 * (gm_units_check_order; the first node whose unit id differs is named). A graph that
 * records no order (written before gerrymeter recorded it, or by another program) adds
 * the warning "unit_order_unchecked" to w unless its node ids equal u's (an id field).
 * *verified (may be NULL): the order was compared. GM_E_DATA on a mismatch. */
gm_status gm_graph_check_units(const gm_graph *g, const gm_units *u, const char *path,
                               gm_warnings *w, bool *verified, gm_error *err);

/* Finish a graph whose n, n_edges, edge_* and per-node arrays are filled: sort and
 * dedupe edges, build the CSR and the components. Used by build and load. */
gm_status gm_graph_finish(gm_graph *g, gm_error *err);

/* Number of plan edges cut by an assignment (district[i] per node): the one definition
 * of cut edges (GerryChain cut_edges) that score, compactness, report and ensembles
 * all report. */
size_t gm_graph_cut_edges(const gm_graph *g, const int32_t *district);

/* The same, also counted per district: per_district[d] (k entries, filled) is the
 * number of cut edges with an end in district d. Nodes with a district outside 0..k-1
 * (unassigned) cut no edge. Returns the total. */
size_t gm_graph_cut_edges_by_district(const gm_graph *g, const int32_t *district, size_t k,
                                      int64_t *per_district);

/* ---- Contiguity of a plan's districts (engine/graph/contiguity.c) ----------------- */

/* A district is contiguous when its units form one connected piece of the graph on each
 * land mass it lies on: a land mass is a component of the whole graph (an island, or a
 * part of the layer no unit joins to the rest), which no district can join. On a
 * connected graph: one piece. The adjacency is the graph's (rook: a shared boundary;
 * queen: a shared point as well). */

#define GM_PIECE_UNITS_SHOWN 5

/* A detached piece: the units of a district that its largest piece on their land mass
 * does not reach. */
typedef struct gm_piece {
    int32_t district;      /* district index */
    size_t n_units;        /* units in the piece */
    size_t n_shown;        /* entries of unit[] */
    uint32_t unit[GM_PIECE_UNITS_SHOWN]; /* its first units (node indices, ascending) */
} gm_piece;

typedef struct gm_contiguity {
    size_t k;                /* districts */
    uint32_t *components;    /* [k] connected pieces of the district's units (0: no unit) */
    uint32_t *land_masses;   /* [k] graph components the district's units lie on */
    size_t n_noncontiguous;  /* districts with more pieces than land masses */
    size_t n_detached;       /* pieces beyond each district's largest one per land mass */
    gm_piece *detached;      /* [n_detached] by district, then largest first */
    bool queen;              /* the graph's adjacency */
} gm_contiguity;

/* Pieces of every district of an assignment (district[i] per node; a node outside 0..k-1
 * belongs to no district). *out is owned by the caller (gm_contiguity_destroy). */
gm_status gm_contiguity_compute(const gm_graph *g, const int32_t *district, size_t k,
                                gm_contiguity **out, gm_error *err);
void gm_contiguity_destroy(gm_contiguity *c);

/* The warning "noncontiguous_districts" (gm_core.h) when c has non-contiguous districts:
 * each district by its label with its detached pieces and their first units (a few of
 * each). unit_ids: [n] ids of the nodes (the units' ids); labels: [k] district labels.
 * Nothing when all are contiguous. */
gm_status gm_contiguity_warn(const gm_contiguity *c, const char *const *unit_ids,
                             const char *const *labels, gm_warnings *w);

/* The count of non-contiguous districts alone, for many plans: a context made once for a
 * graph and a number of districts (the graph's nodes in breadth-first order, its edges
 * renumbered, and one plan's scratch; it borrows g), then one call per plan, which
 * allocates nothing. One context per thread. */
typedef struct gm_contiguity_ctx gm_contiguity_ctx;
gm_status gm_contiguity_ctx_create(const gm_graph *g, size_t k, gm_contiguity_ctx **out,
                                   gm_error *err);
void gm_contiguity_ctx_destroy(gm_contiguity_ctx *c);
/* Districts of the assignment (district[i] per node, as in gm_contiguity_compute) that
 * are not contiguous: gm_contiguity_compute's n_noncontiguous. */
size_t gm_contiguity_count(gm_contiguity_ctx *c, const int32_t *district);

GM_END_DECLS
#endif /* GM_GRAPH_H */
