/* results_rows.h: the one reader of district-result tables: a CSV with a header and
 * one row per district (a party's votes per column). Engine-internal.
 *
 * Both result readers stand on it: gm_results_read (io/results.c: columns named by the
 * caller, grouping) and gm_results_table_load (control/results_table.c: MEDSL-style
 * year/state/district/dem_votes/... columns). It gives them the same file rules:
 * lines whose first field starts with '#' are comments (before the header too), a
 * record that is one blank field is skipped, every field is trimmed of spaces and
 * tabs, a row shorter than the columns looked up is an error, and vote counts are
 * parsed and refused with one set of messages naming the file, line, column, district
 * and value. */
#ifndef GM_RESULTS_ROWS_H
#define GM_RESULTS_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "io/csv.h"

typedef struct gmi_rrows {
    gmi_csv csv; /* the parsed file; the current record is csv.field[0..csv.nf) */
    size_t need; /* fields every row must have: 1 + the largest column looked up */
} gmi_rrows;

/* Open path (sep 0 = detect) and read up to its header, the first record that is not
 * a comment, which is then the current record. GM_E_IO, GM_E_FORMAT (no header). */
gm_status gmi_rrows_open(gmi_rrows *t, const char *path, char sep, gm_error *err);

/* Look names[0..n) up in the header (gmi_csv_columns: col[i] = index or -1; required
 * NULL = all) and raise `need` to cover the columns found. Call before the first row. */
gm_status gmi_rrows_columns(gmi_rrows *t, const char *const *names, size_t n, const bool *required,
                            const char *what, long *col, gm_error *err);

/* Next data row into csv.field (trimmed in place): 1, 0 at the end, -1 on an error
 * (unterminated quote: GM_E_FORMAT; a row shorter than `need`: GM_E_FORMAT). */
int gmi_rrows_next(gmi_rrows *t, gm_error *err);

/* Field col of the current row, or "" when col < 0 (an optional column that is absent). */
const char *gmi_rrows_get(const gmi_rrows *t, long col);

/* A vote count s of column `col` of district `district` on the current row, into *v:
 * a finite number >= 0. Empty is 0 when allow_empty. A negative count is 0 (counted
 * in *n_zeroed) when zero_negative, else GM_E_DATA whose message ends with neg_advice
 * (what to do) and whose hint is neg_hint. Errors: GM_E_FORMAT (not a number),
 * GM_E_DATA (NaN, infinite, negative). */
gm_status gmi_rrows_votes(const gmi_rrows *t, const char *s, const char *col, const char *district,
                          bool allow_empty, bool zero_negative, const char *neg_advice,
                          gm_hint neg_hint, double *v, size_t *n_zeroed, gm_error *err);

void gmi_rrows_close(gmi_rrows *t);

#endif
