/* control.h: engine-internal layout of the control and results tables (gm_control.h) and
 * the helpers shared by the files of engine/control/. */
#ifndef GM_CONTROL_INTERNAL_H
#define GM_CONTROL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gerrymeter/gm_control.h"
#include "io/csv.h"
#include "io/results_rows.h"

struct gm_control_table {
    gmi_csv csv;            /* keeps the parsed file: every row string points into it */
    char *path;             /* file name for messages (owned) */
    size_t n;               /* rows */
    gm_control_row *row;    /* [n] (owned) */
    bool has_chamber;       /* the file has a chamber column */
    bool dated;             /* rows use start_date/end_date instead of cycle */
};

/* Results: struct of arrays, one entry per district row, in file order. */
struct gm_results_table {
    gmi_rrows rows;         /* keeps the parsed file (strings point into it) */
    char *path;             /* owned */
    size_t n;               /* rows */
    int *year;              /* [n] */
    const char **state;     /* [n] upper-cased in place, borrowed from csv */
    const char **district;  /* [n] borrowed */
    const char **chamber;   /* [n] "" when no chamber column */
    double *dem, *rep;      /* [n] major-party votes as read */
    double *other, *total;  /* [n] NaN when the column is absent */
    char *winner;           /* [n] 'D', 'R', 'O', or 0 = decide from votes */
    unsigned char *no_count;/* [n] 1 = unopposed race with no votes reported */
    long *line;             /* [n] 1-based line in the file */
    bool has_chamber;
};

/* Index of the control row for the map in force for (state, chamber, year), or -1.
 * Chamber is compared only when the control table has a chamber column. */
long gmi_control_map_in_force(const gm_control_table *ct, const char *state, const char *chamber,
                              int year);

/* Day of the U.S. general election in year y as "YYYY-MM-DD" (the Tuesday after the
 * first Monday of November). buf holds at least 11 bytes. */
void gmi_election_day(int y, char *buf);

/* One state-election's districts scored under the uncontested treatment.
 * idx[0..k) are result rows; a[], b[] receive the scored D and R votes; imputed[] (may
 * be NULL) receives 1 for rows whose votes were imputed; returns how many were.
 * *turnout_used (may be NULL) receives the turnout given to no-count races (0 if none).
 * fallback_turnout is the two-party turnout given to a no-count race when the state has
 * no contested race that year. */
size_t gmi_control_score_votes(const gm_results_table *rt, const size_t *idx, size_t k,
                               const gm_control_opts *o, double fallback_turnout, double *a,
                               double *b, unsigned char *imputed, double *turnout_used);

/* True when a race was not contested by one of the two major parties. */
bool gmi_control_uncontested(const gm_results_table *rt, size_t i);

/* Winner of row i: the table's winner_party, else the party with more scored votes. */
char gmi_control_winner(const gm_results_table *rt, size_t i);

/* Score one state-election (rows idx[0..k), map row m) into *e. a, b are scratch
 * arrays of k doubles. */
gm_status gmi_control_score_election(const gm_control_table *ct, const gm_results_table *rt,
                                     size_t m, const size_t *idx, size_t k,
                                     const gm_control_opts *o, double fallback_turnout,
                                     double *a, double *b, gm_control_election *e, gm_error *err);

/* Sort result rows idx[0..n) by state, chamber, year, district (numeric-aware). */
gm_status gmi_results_sort(const gm_results_table *rt, size_t *idx, size_t n, gm_error *err);

/* Mean two-party turnout (dem + rep) of the contested races of one year, in one state
 * (state non-NULL) or nationally (NULL). NaN when there is none. */
double gmi_results_mean_contested(const gm_results_table *rt, int year, const char *state);

/* Percentile bootstrap of sum(x[j] for j resampled with replacement) / div over n clusters.
 * reps replicates from seed; lo/hi at (1-level)/2 and (1+level)/2. NaN when n == 0 or
 * reps == 0. Returns GM_E_NOMEM on allocation failure. */
gm_status gmi_bootstrap_sum(const double *x, size_t n, double div, unsigned reps, uint64_t seed,
                            double level, double *lo, double *hi, gm_error *err);

/* The swing of a state's elections: its swing_value when o has a swing table (*listed
 * false and 0 when the table does not name it), else o->swing (NaN: none). */
double gmi_control_state_swing(const gm_control_opts *o, const char *state, bool *listed);

/* The majority threshold, flip swing and asked-for swing of one scored state-election
 * (rows idx[0..k), scored votes a, b): writes the D shares and winners of its districts
 * into share[0..k), winner[0..k) and the majority and swing fields of *e (whose seats and
 * vote share are set). GM_E_NOMEM. */
gm_status gmi_control_majority(const gm_results_table *rt, const size_t *idx, const double *a,
                               const double *b, size_t k, double swing, double *share,
                               char *winner, gm_control_election *e, gm_error *err);

/* The chamber's and each group's majority thresholds and the summed swing of every year
 * of r (its elections, districts and years are filled). GM_E_NOMEM. */
gm_status gmi_control_majority_years(gm_control_result *r, gm_error *err);

#endif
