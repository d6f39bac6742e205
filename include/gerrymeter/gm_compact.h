/* gm_compact.h: compactness of districts (shape and population measures).
 *
 * District shapes come from a district polygon layer (gm_compact_from_layer), from
 * geometries in memory (gm_compact_from_wkb), or are dissolved from units by a plan
 * (gm_compact_from_plan, which also gives the population measures and cut edges).
 *
 * By default (GM_CONV_GERRYMETER) area and perimeter are geodesic on the WGS84
 * ellipsoid, and the circle, hull and rectangle measures are taken in a Lambert
 * azimuthal equal-area projection centred on each district. opts.crs measures every
 * quantity in one chosen projected CRS instead; opts.convention reproduces a peer
 * (DRA, PlanScore, redistmetrics). docs/metrics.md gives every formula.
 *
 * Results are a struct of arrays, one entry per district. NaN marks a measure that
 * is undefined (zero area, no population) or that the chosen peer does not define. */
#ifndef GM_COMPACT_H
#define GM_COMPACT_H

#include "gm_check.h"    /* GM_SLIVER_M2 */
#include "gm_metric.h"   /* gm_compact_metric */
#include "gm_partisan.h" /* gm_convention */
#include "gm_graph.h"
#include "gm_plan.h"

GM_BEGIN_DECLS

/* The measures (gm_compact_metric) are listed in gm_metric.h with the registry. */

/* JSON/CSV key of a metric ("polsby_popper", ...). Static string. */
const char *gm_compact_metric_name(gm_compact_metric m);

/* What the dissolve of units into districts found. Areas in square metres; a sliver is
 * an area of at most GM_SLIVER_M2 (gm_check.h). Units and districts are indices. */
typedef struct gm_dissolve_report {
    size_t n_coverage;      /* districts dissolved by the fast coverage union */
    size_t n_fallback;      /* districts that needed the general (overlay) union */
    size_t n_overlaps;      /* districts whose units overlap one another */
    double overlap_m2;      /* total overlapping area (sum of unit areas - union area) */
    size_t worst_overlap;   /* the district with the most overlap (when n_overlaps) */
    double worst_overlap_m2;
    size_t n_gaps;          /* holes larger than a sliver in the whole plan: ground inside
                               the plan that no unit covers */
    double gap_m2;          /* their total area */
    double worst_gap_m2;    /* the largest */
    size_t n_gap_near;      /* units bordering the largest gap, in gap_near[] */
    size_t gap_near[GM_GAP_NEAR];
    size_t n_slivers;       /* detached district parts of at most a sliver's area */
    double sliver_m2;       /* their total area */
    size_t first_sliver;    /* the first district with one (when n_slivers) */
} gm_dissolve_report;

/* Options. Zero-initialise or call gm_compact_opts_init. */
typedef struct gm_compact_opts {
    gm_convention convention; /* GM_CONV_GERRYMETER (default), _DRA, _PLANSCORE, _REDISTMETRICS */
    const char *crs;          /* measure planar in this projected CRS ("EPSG:3437"), or NULL */
    const char *layer;        /* district layer name, or NULL (first layer / "PATH:LAYER") */
    const char *id_field;     /* district id field, or NULL (ids are feature ids) */
    const char *where;        /* attribute filter on the district layer, or NULL */
    bool keep_geometry;       /* keep each district's WKB for gm_compact_write_gpkg */
    const gm_graph *graph;    /* gm_compact_from_plan: the units' adjacency graph for cut
                                 edges (borrowed), or NULL to build it (gm_graph_build,
                                 default options) */
} gm_compact_opts;

void gm_compact_opts_init(gm_compact_opts *o);

/* Compactness of k districts. Every array has k entries. Owned by the caller; free
 * with gm_compact_destroy. */
typedef struct gm_compact {
    size_t k;                    /* districts */
    char **district;             /* [k] district labels */
    double *m[GM_CM_COUNT];      /* m[metric][district]; NaN = undefined */
    int64_t *cut_edges;          /* [k] cut edges touching the district; -1 = not computed */
    int32_t *n_parts;            /* [k] polygons (islands) in the district */
    int32_t *n_holes;            /* [k] interior rings measured */
    int32_t *n_holes_dropped;    /* [k] sliver holes left out before measuring (below) */
    double sliver_hole_m2;       /* holes of at most this area are left out: GM_SLIVER_M2
                                    (gerrymeter convention), 0 (peers: every hole kept) */
    size_t holes_dropped;        /* sliver holes left out, all districts */
    double holes_dropped_m2;     /* their area (added to the districts' areas) */
    double holes_dropped_boundary_m; /* their boundary (left out of the perimeters) */
    int64_t cut_edges_total;     /* undirected unit adjacencies cut by the plan; -1 = n/a */
    int64_t adjacent_pairs;      /* undirected rook adjacencies among units; -1 = n/a */
    size_t n_repaired;           /* invalid input geometries repaired (make-valid); each is
                                    named in warnings (a unit layer's, in gm_units.warnings) */
    bool dissolved;              /* shapes were dissolved from units */
    gm_dissolve_report dissolve; /* valid when dissolved */
    gm_convention convention;    /* convention used */
    char *method;                /* how lengths and areas were measured (one line) */
    char *source;                /* where the districts came from */
    unsigned char **wkb;         /* [k] ISO WKB, EPSG:4326 lon/lat, or NULL (keep_geometry) */
    size_t *wkb_len;             /* [k] */
    gm_warnings warnings;        /* doubtful shapes measured anyway (gm_core.h): codes
                                    geometry_repaired, features_without_geometry (district
                                    layers), units_without_geometry, dissolve_overlaps,
                                    dissolve_gaps, dissolve_slivers (dissolved plans) */
} gm_compact;

/* Districts from a polygon layer: one district per distinct id (features sharing an
 * id are merged). Errors: GM_E_IO/GM_E_FIELD/GM_E_CRS as for any layer; GM_E_GEOM
 * names the feature whose geometry cannot be read or repaired. */
gm_status gm_compact_from_layer(const char *path, const gm_compact_opts *o, gm_compact **out,
                                gm_error *err);

/* Districts from k ISO/OGC WKB polygons in src_crs (NULL = EPSG:4326 lon/lat).
 * labels may be NULL ("1".."k"). */
gm_status gm_compact_from_wkb(size_t k, const unsigned char *const *wkb, const size_t *wkb_len,
                              const char *src_crs, const char *const *labels,
                              const gm_compact_opts *o, gm_compact **out, gm_error *err);

/* Districts dissolved from units by a plan. Units must carry geometry
 * (spec.load_geometry); the population measures need a population field. Adds cut
 * edges (from the unit graph, gm_graph_cut_edges_by_district: the same count as every
 * other command) and the dissolve report.
 * opts.layer/id_field/where are ignored. */
gm_status gm_compact_from_plan(const gm_units *u, const gm_plan *p, const gm_compact_opts *o,
                               gm_compact **out, gm_error *err);

void gm_compact_destroy(gm_compact *c);

/* Summary of one metric over the districts (NaN entries skipped). */
typedef struct gm_compact_stat {
    size_t n;    /* districts with a value */
    double mean; /* NaN when n == 0 */
    double min, max;
    size_t argmin; /* district index of min (k when n == 0) */
    size_t argmax;
} gm_compact_stat;

gm_compact_stat gm_compact_summarize(const gm_compact *c, gm_compact_metric m);

/* The "compactness" object of a JSON document (key NULL inside an array or at the top),
 * as `compactness` and `score --compactness` write it and the Python module returns it:
 * source, convention, method, repairs, sliver holes, the dissolve's report, the summary
 * of every measure and one object per district (compact_json.c). */
void gm_compact_json(const gm_json_out *o, const char *key, const gm_compact *c);

/* Write the districts with their measures as attributes to a GeoPackage (layer
 * layer_name, default "compactness"), EPSG:4326. Needs keep_geometry. The file is
 * written beside its target and renamed into place. Errors: GM_E_ARG, GM_E_IO. */
gm_status gm_compact_write_gpkg(const gm_compact *c, const char *path, const char *layer_name,
                                gm_error *err);

/* ---- The plan's districts as a layer (engine/compact/district_layer.c) ------------- */

/* The GDAL driver a district layer is written with, from the path's extension (case
 * ignored): ".gpkg" GeoPackage ("GPKG"), ".geojson" GeoJSON ("GeoJSON"), ".fgb" FlatGeobuf
 * ("FlatGeobuf"); NULL for any other path (".json" too: it names JSON output). Static
 * string. */
const char *gm_district_layer_driver(const char *path);

/* Write the plan's districts to path as one layer (named "districts", EPSG:4326 lon/lat,
 * MultiPolygon), the format by gm_district_layer_driver, with every per-district value
 * as attributes, as `score` reports them: "district" (label), the district family of the
 * registry (gm_metric.h, GM_MF_DISTRICT: units, population, deviation, deviation_pct;
 * the vote-dependent rows such as share only with two parties), "votes_<party>" for
 * every party, "winner" (gm_district_winner's party, "tie", or null) and "uncontested"
 * (with two parties), then the compactness of c: its GM_MF_COMPACT measures,
 * "cut_edges", "parts", "holes", "holes_dropped". c is gm_compact_from_plan(u, p) with
 * keep_geometry. The file is written under a temporary name beside the target and
 * renamed into place when complete: a failed write leaves no file and the old one, if
 * any, untouched. Errors: GM_E_ARG (an extension no driver takes, no geometry kept,
 * c not of this plan), GM_E_IO (naming the path), GM_E_NOMEM. */
gm_status gm_district_layer_write(const gm_units *u, const gm_plan *p, const gm_compact *c,
                                  const char *path, gm_error *err);

/* A column a caller adds to a district table: one value per district of the
 * gm_compact (its order): num[k] (NaN: null; integer: a bigint column) or text[k]
 * (NULL or "": null). */
typedef struct gm_table_column {
    const char *name;
    const double *num;           /* or NULL */
    const char *const *text;     /* or NULL */
    bool integer;
} gm_table_column;

/* The same districts and columns as a new table (or SCHEMA.TABLE) of a PostGIS
 * database conn ("PG:..."; a server on this machine unless the network is allowed):
 * "district", the n_extra columns extra (may be NULL), the measures, cut_edges, parts,
 * holes, holes_dropped and geometry column "geom" (MultiPolygon, EPSG:4326), written
 * by COPY in one transaction: the table appears whole or not at all. An existing table
 * is GM_E_ARG (GM_HINT_OVERWRITE) unless overwrite (then replaced in the same
 * transaction); a database without PostGIS is GM_E_FORMAT; connection and server
 * failures GM_E_IO. Needs keep_geometry. */
gm_status gm_compact_write_table(const gm_compact *c, const char *conn, const char *table,
                                 bool overwrite, const gm_table_column *extra, size_t n_extra,
                                 gm_error *err);

GM_END_DECLS
#endif /* GM_COMPACT_H */
