/* row_filter.h: a row filter for CSV tables, the attribute filter of a vector layer
 * brought to district-result tables. Engine-internal.
 *
 * The expression is the part of OGR SQL that selects rows by their values: comparisons
 * joined by AND,
 *     COLUMN = VALUE      (also ==, <> or !=, <, <=, >, >=)
 *     COLUMN IN (V1, V2, ...)      COLUMN NOT IN (...)
 * A column is a bare name or "double quoted"; a value is 'single quoted' ('' for a
 * quote), a number, or a bare word. A row value and a filter value that both read
 * wholly as numbers compare as numbers (year = 2016 matches "2016.0"), otherwise as
 * text, case-sensitively (as OGR SQL does). */
#ifndef GM_ROW_FILTER_H
#define GM_ROW_FILTER_H

#include "io/results_rows.h"

typedef struct gmi_row_term gmi_row_term;

typedef struct gmi_row_filter {
    size_t n;          /* comparisons, all of which must hold */
    gmi_row_term *t;   /* [n] */
} gmi_row_filter;

/* Parse expr against the table's header (t's current record) and look its columns up
 * (they count in t->need). A zeroed filter (expr NULL or blank) matches every row.
 * Errors: GM_E_ARG (syntax; hint GM_HINT_WHERE), GM_E_FIELD (no such column: the
 * columns are listed; hint GM_HINT_WHERE). */
gm_status gmi_row_filter_parse(gmi_row_filter *f, const char *expr, gmi_rrows *t, gm_error *err);

/* True when the current row of t passes. */
bool gmi_row_filter_match(const gmi_row_filter *f, const gmi_rrows *t);

void gmi_row_filter_free(gmi_row_filter *f);

#endif
