/* gm_units.h: the unit table (precincts, blocks, counties) as a struct of arrays.
 *
 * A gm_units holds, for n units, population, votes per party, ids and (only when a
 * step needs it) geometry. Columns are contiguous arrays so that tallying and batch
 * scoring loop over them without pointer chasing. The struct's fields are public
 * and read-only for callers; gm_units_load() creates it, gm_units_destroy() frees it.
 *
 * Units need no plan: load them once, then open any number of plans against them with
 * gm_plan_open() (gm_plan.h). gm_plan_spec_prepare() adds to a gm_units_spec what one
 * plan needs (its district column, its join field, geometry for a district layer), so
 * that the units and that plan come from one pass over the layer. */
#ifndef GM_UNITS_H
#define GM_UNITS_H

#include "gm_core.h"
#include "gm_io.h" /* gm_split_path_layer, gm_resolve_source (source paths) */

GM_BEGIN_DECLS

#define GM_MAX_PARTIES 16

/* Opaque geometry store (GEOS geometries in a projected CRS); see engine/geo/geo.h. */
typedef struct gm_geoms gm_geoms;

typedef struct gm_units {
    size_t n;                 /* number of units */
    size_t n_parties;         /* number of vote columns (0 if none requested) */
    char *party[GM_MAX_PARTIES];       /* party names as given, e.g. "D", "R" */
    char *vote_field[GM_MAX_PARTIES];  /* source field names, e.g. "USH12D" */
    double *pop;              /* [n] population; 0 when no population field given */
    double *votes;            /* [n_parties * n], party-major: votes[p*n + i] */
    char **id;                /* [n] unit ids as strings (from --id field, else the FID) */
    int64_t *fid;             /* [n] OGR feature id of each unit, in read order */
    char **plan_label;        /* [n] district label from the plan column, or NULL */
    char *plan_field;         /* the field plan_label was read from, or NULL */
    gm_geoms *geom;           /* geometry, NULL unless loaded with GM_LOAD_GEOMETRY */
    char *source;             /* path as the user gave it */
    char *layer;              /* layer name read */
    char *pop_field;          /* population field name, or NULL */
    char *id_field;           /* id field name, or NULL (ids are FIDs) */
    char *where;              /* attribute filter the units were read with, or NULL */
    gm_warnings warnings;     /* doubtful input found while loading (gm_core.h) */
    char *order_key;          /* the field whose values identify the units in the unit-order
                                 fingerprint (gm_units_fingerprint), or NULL: the loader found
                                 no text or integer field with a distinct value per unit */
    uint64_t order_fp;        /* that fingerprint (valid when order_key is set) */
    char *no_geometry;        /* why geometry asked for as optional was not loaded (no
                                 geometry column, no usable CRS), or NULL */
    bool from_graph;          /* source is a networkx graph file (gm_units_is_graph_file):
                                 the units are its nodes, their columns node attributes
                                 (re-read from it, without GDAL), and they have no shapes;
                                 the file's graph is the units' graph (gm_graph_load) */
} gm_units;

/* What to read from a unit source. Unset pointers mean "not needed". */
typedef struct gm_units_spec {
    const char *path;          /* any OGR source (.zip is opened through /vsizip/), or a
                                  networkx graph file (gm_units_is_graph_file) */
    const char *layer;         /* layer name; NULL = "PATH:LAYER" suffix or the first layer */
    const char *where;         /* OGR attribute filter, or NULL */
    const char *pop_field;     /* population field, or NULL */
    const char *id_field;      /* unit id field, or NULL */
    const char *plan_field;    /* district column read in the same pass (plan_label), or NULL;
                                  gm_plan_open reads any other column when it needs it */
    size_t n_parties;
    const char *party[GM_MAX_PARTIES];      /* party names */
    const char *vote_field[GM_MAX_PARTIES]; /* vote field per party */
    int negative_votes;        /* GM_NEG_ERROR (default) or GM_NEG_ZERO */
    bool load_geometry;        /* read and project geometries */
    bool geometry_optional;    /* with load_geometry: a layer without a geometry column or
                                  without a usable CRS loads without geometry (geom NULL,
                                  the reason in no_geometry) instead of failing */
    const char *crs;           /* CRS to assume when the layer has none (e.g. "EPSG:26915"), or NULL */
    size_t election_parties;   /* the vote fields hold several elections of this many parties
                                  each, in order (two: election e is parties 2e, 2e+1), or 0:
                                  one election. The check of votes against the population
                                  then takes each election's total alone */
} gm_units_spec;

enum { GM_NEG_ERROR = 0, GM_NEG_ZERO = 1 };

/* Load units. On success *out is a new gm_units owned by the caller (free with
 * gm_units_destroy). Errors: GM_E_IO (cannot open), GM_E_FIELD (missing field: the
 * message lists the fields that exist), GM_E_DATA (null, non-numeric, negative or
 * NaN votes/population: names the feature), GM_E_CRS (no CRS while geometry needed),
 * GM_E_ARG (one votes field given for two parties). A votes field whose name looks like
 * the other major party's (USH16R given for D) is loaded with the warning
 * "vote_fields_look_swapped" in warnings. */
gm_status gm_units_load(const gm_units_spec *spec, gm_units **out, gm_error *err);

/* True when path is a local networkx graph file (JSON whose top-level object has
 * "nodes", "adjacency" or "links", "directed" or "multigraph" among its first members,
 * as gerrymeter graph and GerryChain's Graph.to_json write it; GeoJSON is not). Units
 * loaded from it are its nodes in order, their columns the node attributes (numbers and
 * strings), ids the id field's attribute (else the node ids 0, 1, ...); no attribute
 * filter, no layer, no shapes: geometry asked for is GM_E_ARG naming the file (optional
 * geometry is left out, the reason in no_geometry). A node without an attribute read is
 * GM_E_DATA naming the node and the attribute; a file without "nodes" or without
 * "adjacency"/"links" is GM_E_FORMAT. Nothing of this calls GDAL. */
bool gm_units_is_graph_file(const char *path);

/* Free units. NULL is a no-op. */
void gm_units_destroy(gm_units *u);

/* What a party label names: the Democratic party (D, DEM, DFL, Democrat, Democratic,
 * Democratic-Farmer-Labor, ...), the Republican party (R, REP, GOP, Republican, ...) or
 * another party (GM_PARTY_OTHER); case, blanks and punctuation are ignored. */
typedef enum gm_party_kind { GM_PARTY_OTHER = 0, GM_PARTY_DEM, GM_PARTY_REP } gm_party_kind;
gm_party_kind gm_party_kind_of(const char *label);

/* Total votes of party p over all units. */
double gm_units_party_total(const gm_units *u, size_t p);

/* ---- Unit order ---------------------------------------------------------------------
 * Plans, graphs and per-plan rows hold one value per unit by position. Every such file
 * gerrymeter writes records the unit order it was made for, and a reader checks it
 * against the units in use (docs/ensembles.md, "Unit order"): a layer re-sorted or
 * re-exported in another order would otherwise scramble every plan without a word.
 *
 * The units are identified by their order key: the first text field of the layer (in
 * field order), else the first integer field, whose values are set and distinct over the
 * loaded units (gm_units_load picks it: order_key). A layer with none falls back to the
 * ids of u->id; when those are feature ids the fingerprint is "positional": a re-sorted
 * copy of the layer has the same one, so it shows only a change in the number of units. */

/* The fingerprint of n ids in order: FNV-1a 64 over each id's bytes followed by a 0
 * byte, then n as 8 little-endian bytes. Printed as 16 lower-case hex digits. */
uint64_t gm_ids_fingerprint(const char *const *ids, size_t n);

/* The units' order fingerprint: gm_ids_fingerprint of the order key's values in unit
 * order (u->order_fp), or of u->id when the layer has no order key. */
uint64_t gm_units_fingerprint(const gm_units *u);

/* The ids the fingerprint is taken over, in unit order: the order key's values (read
 * again from the layer) or u->id. *ids is [u->n] malloc'd strings, freed with
 * gm_units_free_ids. Errors: those of reading the layer (GM_E_IO, GM_E_DATA when it
 * changed since the units were loaded). */
gm_status gm_units_order_ids(const gm_units *u, char ***ids, gm_error *err);
void gm_units_free_ids(char **ids, size_t n);

/* The unit order a file records. */
typedef struct gm_unit_order {
    size_t n;                /* units; 0 = the file records no order */
    uint64_t fp;             /* their fingerprint */
    bool positional;         /* the ids were feature ids: fp tells nothing about the order */
    char key[128];           /* what the ids are: the order key or id field ("" unknown) */
} gm_unit_order;

/* The order of the units u (the order key, or u->id and its field). */
void gm_units_order(const gm_units *u, gm_unit_order *o);

/* The one-line text form "units=N unit_fingerprint=HEX unit_key=KEY" (KEY last, as it
 * may hold blanks; "(feature ids)" when positional), into buf (always terminated). */
void gm_unit_order_format(const gm_unit_order *o, char *buf, size_t cap);

/* Parse that text (a trailing line break is allowed). False when s is not one. */
bool gm_unit_order_parse(const char *s, gm_unit_order *o);

/* Check a file's recorded unit order against units u. `what` names the file in the
 * message. The numbers of units must agree; the fingerprints must agree unless either is
 * positional. ids (NULL or [n]) are the file's own unit ids, when it holds them: the first
 * that differs from u->id is named. *verified (may be NULL) tells whether the order was
 * compared (false: positional, or nothing recorded). GM_E_DATA: one line naming the file,
 * both fingerprints and keys (or counts), and the fix: regenerate the file from these
 * units, or use the units it was made from. */
gm_status gm_units_check_order(const gm_units *u, const gm_unit_order *file, const char *what,
                               const char *const *ids, bool *verified, gm_error *err);

GM_END_DECLS
#endif /* GM_UNITS_H */
