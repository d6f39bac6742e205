/* units_int.h: engine-internal access to the layer a gm_units was read from. */
#ifndef GM_UNITS_INT_H
#define GM_UNITS_INT_H

#include "gerrymeter/gm_units.h"

#include <ogr_api.h>

/* What gmi_units_reread calls for the feature f of unit i (idx[c]: the index of the c-th
 * field named), and once more with f NULL and i = u->n after the last one while the
 * layer is still open (path: the layer's path for messages). A status other than GM_OK
 * stops the walk and is returned. */
typedef gm_status (*gmi_units_row_fn)(void *ctx, OGRFeatureH f, size_t i, const int *idx,
                                      const char *path, gm_error *err);

/* Walk the features the units were loaded from again (same source, layer and filter),
 * reading only the nf (<= 16) fields named, no geometry (columns.c); `what` names the
 * fields in the message of a missing one ("plan", "id", "demographic"). Feature i
 * belongs to unit i: a feature that is not the unit's, or a count other than u->n (the
 * layer changed since the load), is GM_E_DATA. Errors: GM_E_ARG (no layer source, too
 * many fields), GM_E_FIELD (the message lists the fields), GM_E_IO, and row's. */
gm_status gmi_units_reread(const gm_units *u, const char *const *fields, size_t nf,
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

/* The loader's pick of the order key (order_key.c; gm_units.h, "Unit order"): start with
 * the features' definition (it must stay valid until finish: the layer's), add every
 * feature read, finish with the units (sets u->order_key and u->order_fp when a field
 * qualifies; frees the tracker; t NULL is a no-op). free: after an error. */
typedef struct gmi_order_track gmi_order_track;
gm_status gmi_order_track_start(OGRFeatureDefnH d, gmi_order_track **out, gm_error *err);
gm_status gmi_order_track_add(gmi_order_track *t, OGRFeatureH f, gm_error *err);
gm_status gmi_order_track_finish(gmi_order_track *t, gm_units *u, gm_error *err);
void gmi_order_track_free(gmi_order_track *t);

#endif
