/* units_int.h: engine-internal access to the layer a gm_units was read from. */
#ifndef GM_UNITS_INT_H
#define GM_UNITS_INT_H

#include "gerrymeter/gm_units.h"

#include <ogr_api.h>

/* One value of a unit's field as gmi_units_reread hands it over, whatever the source
 * (a layer's feature, a graph file's node). */
typedef struct gmi_cell {
    const char *text;  /* the value as text ("" when null; a Real holding an integer reads
                          "1", as gmi_field_text) */
    double num;        /* the value as a number, when num_rc is 1 */
    int num_rc;        /* 1 a number, 0 null (or blank), -1 not a number (gmi_field_number) */
    bool is_text;      /* a text value in its source (a text field, a JSON string), not a
                          number, a date or a boolean */
} gmi_cell;

/* What gmi_units_reread calls for unit i with the values of the fields named (cells[c]:
 * the c-th), and once more with cells NULL and i = u->n after the last one (path: the
 * source's path for messages). A status other than GM_OK stops the walk and is
 * returned. */
typedef gm_status (*gmi_units_row_fn)(void *ctx, const gmi_cell *cells, size_t i,
                                      const char *path, gm_error *err);

/* Walk the features the units were loaded from again (same source, layer and filter),
 * reading only the nf (<= 16) fields named, no geometry (columns.c); `what` names the
 * fields in the message of a missing one ("plan", "id", "demographic"). Feature i
 * belongs to unit i: a feature that is not the unit's, or a count other than u->n (the
 * layer changed since the load), is GM_E_DATA. Units from a graph file walk its nodes
 * instead (gmi_nodes_reread). Errors: GM_E_ARG (no layer source, too many fields),
 * GM_E_FIELD (the message lists the fields), GM_E_IO, and row's. */
gm_status gmi_units_reread(const gm_units *u, const char *const *fields, size_t nf,
                           const char *what, gmi_units_row_fn row, void *ctx, gm_error *err);

/* ---- Units from a graph file (units_graph.c) ----------------------------------------
 * A networkx graph file (adjacency or node-link JSON) holds the units as its nodes, in
 * order, and their columns as node attributes; it has no shapes. Nothing here calls
 * GDAL. */

/* Load units from the graph file spec->path (gm_units_load when gm_units_is_graph_file
 * says so): the same columns and checks as from a layer, node i is unit i, ids from
 * the id attribute (else the node ids), the order key among the attributes (the one
 * the file records first, gm_units.h "Unit order"). Geometry asked for is GM_E_ARG
 * (optional geometry: none, the reason in no_geometry). */
gm_status gmi_units_load_graph(const gm_units_spec *spec, gm_units **out, gm_error *err);

/* The warnings of numbers that cannot be what their field claims (units_load.c): a
 * population 0 everywhere, more votes than people, vote fields of shares (the largest
 * election's votes when the parties are several elections of election_parties each).
 * GM_E_NOMEM only. */
gm_status gmi_units_plausibility(gm_units *u, const char *path, size_t election_parties);

/* gmi_units_reread over the nodes of the graph file the units were loaded from. */
gm_status gmi_nodes_reread(const gm_units *u, const char *const *fields, size_t nf,
                           const char *what, gmi_units_row_fn row, void *ctx, gm_error *err);

/* Read one more text column of the features the units were loaded from (same source,
 * layer and filter; only that field is read, no geometry). Value i belongs to unit i: a
 * feature that is not the unit's (the layer changed since the load) is GM_E_DATA. With
 * `label`, values are district labels (leading blanks dropped, null = ""), else ids as
 * written. *out is [u->n] malloc'd strings, freed with gmi_units_free_column. Errors:
 * GM_E_FIELD (the message lists the fields), GM_E_IO. */
gm_status gmi_units_read_column(const gm_units *u, const char *field, bool label, char ***out,
                                gm_error *err);
void gmi_units_free_column(char **v, size_t n);

/* Read nf (<= 16) numeric columns of the same features in one pass (columns.c): cols[c]
 * is [u->n] malloc'd doubles of fields[c]. A null, non-numeric or negative value is
 * GM_E_DATA naming the file, the field and up to 5 units by id, with their count.
 * Errors as gmi_units_read_column otherwise; on error every cols[c] is NULL. */
gm_status gmi_units_read_numbers(const gm_units *u, const char *const *fields, size_t nf,
                                 double **cols, gm_error *err);

/* The check of the fields (or columns) given for n parties, once their indices idx[] in
 * the source are known: one field for two parties is GM_E_ARG naming it; a field whose
 * name looks like the other major party's (gm_party_kind_of of the label against the
 * name's conventions: VEST's G16PREDCli, MGGG's USH16D, words such as dem_votes) adds
 * the warning "vote_fields_look_swapped" to w. `what` names a field in messages ("votes
 * field", "vote column"); source names the file. GM_E_NOMEM when w cannot grow. */
gm_status gmi_party_fields_check(const char *source, const char *what, const char *const *party,
                                 const char *const *field, const int *idx, size_t n,
                                 gm_warnings *w, gm_error *err);

/* The fingerprint's hash (order_key.c): start from GMI_FP_START, add each id in order,
 * end with the number of ids. gm_ids_fingerprint is these three. */
#define GMI_FP_START 0xcbf29ce484222325ULL /* FNV-1a 64 offset basis */
uint64_t gmi_fp_add(uint64_t h, const char *id);
uint64_t gmi_fp_end(uint64_t h, size_t n);

/* The loader's pick of the order key (order_key.c; gm_units.h, "Unit order"). A tracker
 * has candidate fields (text or integer ones, in field order, at most 64), is given the
 * value of every candidate of every unit, and at finish picks the first text candidate
 * whose values were all set, non-empty and distinct, else the first such integer one
 * (sets u->order_key and u->order_fp; frees the tracker; t NULL is a no-op). free:
 * after an error. */
typedef struct gmi_order_track gmi_order_track;
gm_status gmi_order_track_new(gmi_order_track **out, gm_error *err);
/* Add a candidate: field (the caller's index of it, increasing), its name, text or
 * integer. Beyond 64 candidates it is ignored. */
gm_status gmi_order_track_field(gmi_order_track *t, int field, const char *name, bool text,
                                gm_error *err);
/* The value s of candidate `field` for the current unit: NULL (null or missing) or a
 * value of the other kind (text: a text value) drops it. */
gm_status gmi_order_track_value(gmi_order_track *t, int field, const char *s, bool text,
                                gm_error *err);
/* Whether field is a candidate still in the running (a reader may skip the others). */
bool gmi_order_track_wants(const gmi_order_track *t, int field);
/* The end of a unit: a candidate not given a value for it is dropped. */
void gmi_order_track_next(gmi_order_track *t);
/* Prefer the candidate named so (when it qualifies) over the first one. */
void gmi_order_track_prefer(gmi_order_track *t, const char *name);
/* The layer case: the candidates are the features' definition's text and integer
 * fields, the values a feature's. */
gm_status gmi_order_track_start(OGRFeatureDefnH d, gmi_order_track **out, gm_error *err);
gm_status gmi_order_track_add(gmi_order_track *t, OGRFeatureH f, gm_error *err);
gm_status gmi_order_track_finish(gmi_order_track *t, gm_units *u, gm_error *err);
void gmi_order_track_free(gmi_order_track *t);

#endif
