/* plan.h: engine-internal helpers shared by the plan sources. */
#ifndef GM_PLAN_INT_H
#define GM_PLAN_INT_H

#include "gerrymeter/gm_plan.h"

/* Build a plan from one label per unit (NULL or "" = unassigned). Distinct labels are
 * sorted in natural order and numbered 0..k-1. Unassigned units are an error naming
 * up to five of them by unit id, with the count; `what` names the source. */
gm_status gmi_plan_from_labels(const gm_units *u, const char *const *labels, const char *what,
                               gm_plan **out, gm_error *err);

/* A plan from a district column of the unit layer (the labels of gm_plan_from_column,
 * or a column read later); the plan's source names the unit layer. */
gm_status gmi_plan_from_column_labels(const gm_units *u, const char *const *labels, gm_plan **out,
                                      gm_error *err);

/* True when path names an ensemble of plans rather than one plan: a .jsonl, .gmen or
 * .ben file (also .xz), or a file whose first line is a JSON object with an
 * "assignment" key and no GeoJSON "type". */
bool gmi_plan_is_ensemble(const char *path);

/* Allocate a plan shell for n units (district[] set to GM_NO_DISTRICT). */
gm_plan *gmi_plan_alloc(size_t n);

#endif
