/* gm_tally.h: district totals (plan x unit columns -> per-district arrays).
 *
 * Every metric takes tallies, so scoring one plan and a batch of plans share one
 * code path. Votes are party-major: votes[p*k + d]. */
#ifndef GM_TALLY_H
#define GM_TALLY_H

#include "gm_metric.h"
#include "gm_plan.h"

GM_BEGIN_DECLS

typedef struct gm_tally {
    size_t k;             /* districts */
    size_t n_parties;     /* parties */
    double *pop;          /* [k] population */
    double *votes;        /* [n_parties * k] votes per party per district */
    size_t *n_units;      /* [k] units per district */
} gm_tally;

/* Sum the units' columns by the plan. *out is owned by the caller. */
gm_status gm_tally_compute(const gm_units *u, const gm_plan *p, gm_tally **out, gm_error *err);

/* Tally from district totals already known (district-level results). Copies the arrays;
 * pop may be NULL. votes is party-major [n_parties*k]. */
gm_status gm_tally_from_totals(size_t k, size_t n_parties, const double *pop, const double *votes,
                               gm_tally **out, gm_error *err);

void gm_tally_destroy(gm_tally *t);

/* Pointer to party p's k district totals (borrowed). */
static inline const double *gm_tally_party(const gm_tally *t, size_t p)
{
    return t->votes + p * t->k;
}

/* ---- The district winner: one rule for every command ------------------------------ */

#define GM_WINNER_NONE (-1) /* no party has a vote in the district */
#define GM_WINNER_TIE (-2)  /* two or more parties share the most votes */
#define GM_WINNER_OTHER (-3) /* a party not among those given won (a declared winner:
                                GM_DECLARED_OTHER of gm_results.h) */

/* Winner of district d: the party with the most votes among all n_parties parties
 * given (plurality, as the race is decided), GM_WINNER_TIE on an exact tie for the
 * most, GM_WINNER_NONE when no party has a vote. votes is party-major with stride k:
 * votes[p*k + d] (a gm_tally's votes, or one district's n_parties votes with k = 1,
 * d = 0). NaN votes count as none. The partisan metrics compare only the first two
 * parties (seats_a in gm_partisan is a > b); a district won by a third party is a seat
 * for neither of them. docs/metrics.md "District winner". */
int gm_district_winner(const double *votes, size_t n_parties, size_t k, size_t d);

/* The per-district summary every command shows, one rule each, into caller arrays of k
 * entries (any may be NULL):
 *   share[d]        a's two-party share a/(a+b); NaN when a+b = 0 or n_parties < 2
 *   winner[d]       gm_district_winner over every party
 *   uncontested[d]  1 when exactly one of a, b has no votes (docs/metrics.md)
 * votes is party-major [n_parties*k]; a and b (may be NULL) replace parties 0 and 1,
 * e.g. by imputed votes. */
void gm_district_summary(const double *votes, size_t n_parties, size_t k, const double *a,
                         const double *b, double *share, int *winner, unsigned char *uncontested);

/* Winners when some races are decided by a declared winner (a results table's winner
 * column, gm_results.winner) as well as by votes: winner[d] is gm_district_winner over
 * the votes, or the declared winner declared[d] (a party index, GM_WINNER_OTHER or
 * GM_WINNER_NONE) when no party given has a vote there (an unopposed race whose votes
 * were not counted). The votes decide every district that has them; where a declared
 * winner says otherwise the warning "winner_column_differs" names the districts.
 * label[d] names district d (NULL: its 1-based number); context (may be NULL) starts
 * each message, e.g. "FL 2016". GM_E_NOMEM when w cannot grow. */
gm_status gm_district_winners_declared(const double *votes, size_t n_parties, size_t k,
                                       const int *declared, const char *const *party,
                                       const char *const *label, const char *context,
                                       int *winner, gm_warnings *w);

/* The warning "other_party_wins" when a party other than the first two (winner[d] >= 2
 * or GM_WINNER_OTHER) wins districts: the two-party metrics then describe a
 * hypothetical contest between the first two parties named. It names the districts of
 * each such party. party[0..n_parties) as given; label and context as above. */
gm_status gm_district_others_warn(const int *winner, size_t k, const char *const *party,
                                  size_t n_parties, const char *const *label, const char *context,
                                  gm_warnings *w);

/* Add to p (scored from a and b) the seats of the districts the two-party votes do not
 * decide: d with a[d] + b[d] == 0 whose winner[d] is party 0 (seats_a) or party 1
 * (seats_b); a third party's seat goes to neither. Such districts are counted in
 * p->k_declared, add a certain seat to seats_a_expected when a won, and stay out of
 * every share and every other metric (they have no share), except the majority threshold
 * (majority_share, _b, majority_swing), recomputed with these seats locked to their
 * winners (gm_majority_threshold). */
void gm_partisan_add_declared_seats(gm_partisan *p, const double *a, const double *b,
                                    const int *winner, size_t k);

/* Population balance of a plan. */
typedef struct gm_popdev {
    double total;         /* total population */
    double ideal;         /* total / k */
    double max_dev;       /* largest positive deviation from ideal, persons */
    double min_dev;       /* most negative deviation, persons */
    double range;         /* (max - min) / ideal: the "overall range" used by courts */
    double max_abs_pct;   /* max |pop - ideal| / ideal */
    size_t max_district;  /* district with the largest population */
    size_t min_district;  /* district with the smallest population */
} gm_popdev;

/* Population deviation of k districts. k >= 1; total 0 gives zeros. */
void gm_popdev_compute(const double *pop, size_t k, gm_popdev *out);

/* District d's values for the district family of the registry (gm_metric.h): units,
 * population, deviation from pd's ideal, and a's share from share[] (may be NULL: NaN). */
void gm_district_values_get(const gm_tally *t, const gm_popdev *pd, const double *share,
                            size_t d, gm_district_values *out);


GM_END_DECLS
#endif /* GM_TALLY_H */
