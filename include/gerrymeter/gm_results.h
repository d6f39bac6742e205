/* gm_results.h: district-level election results from a CSV table (one row per
 * district, optionally many states/years told apart by grouping columns), for scoring
 * partisan metrics without any geography: official results in, every metric out.
 *
 * The table is read whole; rows are grouped by the values of the grouping columns
 * (groups in order of first appearance, rows in file order within a group). */
#ifndef GM_RESULTS_H
#define GM_RESULTS_H

#include "gm_core.h"
#include "gm_units.h" /* GM_NEG_ERROR, GM_NEG_ZERO */

GM_BEGIN_DECLS

typedef struct gm_results_opts {
    const char *district_col;           /* column naming the district (required) */
    const char *const *party_cols;      /* [n_parties] vote columns, in party order */
    size_t n_parties;                   /* >= 2; the first two are compared */
    const char *const *group_cols;      /* [n_group_cols] grouping columns (may be 0) */
    size_t n_group_cols;
    int negative;                       /* negative counts (MEDSL marks uncounted unopposed
                                           races with -1): GM_NEG_ERROR (default) fails
                                           naming file, line, column and value; GM_NEG_ZERO
                                           reads 0 and counts it in n_negative_zeroed */
    /* Optional (zero/NULL: none). */
    const char *const *party_names;     /* [n_parties] party labels ("D", "R"): matched with
                                           the winner column, named in messages and in the
                                           check that the columns fit their parties */
    const char *winner_col;             /* column naming each race's winner (MEDSL's
                                           winner_party): read into winner[] */
    const char *where;                  /* row filter (io/row_filter.h: COLUMN = VALUE,
                                           COLUMN IN (...), ... joined by AND): other rows
                                           are left out before grouping */
} gm_results_opts;

/* A race's declared winner (gm_results.winner): a party index 0..n_parties-1, or: */
#define GM_DECLARED_NONE (-1)  /* the winner column is blank for this row */
#define GM_DECLARED_OTHER (-3) /* a party not among those named (the value is in
                                  gm_results.winner_value) */

/* The parsed table. Read-only for callers; all arrays are owned by the struct. */
typedef struct gm_results {
    char *path;                 /* file read */
    size_t n_rows;              /* districts (data rows) */
    size_t n_parties;
    size_t n_group_cols;
    size_t n_groups;
    size_t *group_start;        /* [n_groups + 1]: rows of group g are [start[g], start[g+1]) */
    char **group_value;         /* [n_groups * n_group_cols] grouping values of each group */
    char **district;            /* [n_rows] district labels */
    size_t *line;               /* [n_rows] 1-based line of the row in the file */
    double *votes;              /* [n_parties * n_rows], party-major: votes[p*n_rows + r] */
    size_t n_negative_zeroed;   /* negative counts read as 0 (GM_NEG_ZERO) */
    int *winner;                /* [n_rows] declared winner (GM_DECLARED_*), or NULL without
                                   a winner column */
    char **winner_value;        /* [n_rows] the winner column as written, or NULL */
    size_t n_filtered_out;      /* rows the filter left out */
    gm_warnings warnings;       /* doubtful input ("vote_fields_look_swapped",
                                   "winner_not_a_party", a vote column of shares) */
} gm_results;

/* Read FILE into *out (caller owns it: gm_results_destroy). Errors: GM_E_IO (file),
 * GM_E_FIELD (a named column is missing; the message lists the columns),
 * GM_E_FORMAT (a vote is not a number: file, line, column, value), GM_E_DATA
 * (negative or NaN votes under GM_NEG_ERROR, with the fix; a district repeated within
 * a group; no row passes the filter), GM_E_ARG (one column given for two parties; a bad
 * filter). A winner column value is matched with the party names case-insensitively
 * (a value that names none of them is GM_DECLARED_OTHER, and the warning
 * "winner_not_a_party" lists such values). */
gm_status gm_results_read(const char *path, const gm_results_opts *o, gm_results **out,
                          gm_error *err);
void gm_results_destroy(gm_results *r); /* NULL-safe */

/* Party p's votes of group g: a pointer to (start[g+1] - start[g]) values (borrowed). */
static inline const double *gm_results_group_votes(const gm_results *r, size_t g, size_t p)
{
    return r->votes + p * r->n_rows + r->group_start[g];
}

GM_END_DECLS
#endif /* GM_RESULTS_H */
