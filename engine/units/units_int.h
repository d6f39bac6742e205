/* units_int.h: engine-internal access to the layer a gm_units was read from. */
#ifndef GM_UNITS_INT_H
#define GM_UNITS_INT_H

#include "gerrymeter/gm_units.h"

/* Read one more text column of the features the units were loaded from (same source,
 * layer and filter; only that field is read, no geometry). Value i belongs to unit i: a
 * feature that is not the unit's (the layer changed since the load) is GM_E_DATA. With
 * `label`, values are district labels (leading blanks dropped, null = ""), else ids as
 * written. *out is [u->n] malloc'd strings, freed with gmi_units_free_column. Errors:
 * GM_E_FIELD (the message lists the fields), GM_E_IO. */
gm_status gmi_units_read_column(const gm_units *u, const char *field, bool label, char ***out,
                                gm_error *err);
void gmi_units_free_column(char **v, size_t n);

/* The check of the fields (or columns) given for n parties, once their indices idx[] in
 * the source are known: one field for two parties is GM_E_ARG naming it; a field whose
 * name looks like the other major party's (gm_party_kind_of of the label against the
 * name's conventions: VEST's G16PREDCli, MGGG's USH16D, words such as dem_votes) adds
 * the warning "vote_fields_look_swapped" to w. `what` names a field in messages ("votes
 * field", "vote column"); source names the file. GM_E_NOMEM when w cannot grow. */
gm_status gmi_party_fields_check(const char *source, const char *what, const char *const *party,
                                 const char *const *field, const int *idx, size_t n,
                                 gm_warnings *w, gm_error *err);

#endif
