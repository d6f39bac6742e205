/* gm_tally.h: district totals (plan x unit columns -> per-district arrays).
 *
 * Every metric takes tallies, so scoring one plan and a batch of plans share one
 * code path. Votes are party-major: votes[p*k + d]. */
#ifndef GM_TALLY_H
#define GM_TALLY_H

#include "gm_graph.h"
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

/* ---- One plan scored as `score` reports it (engine/metrics/plan_summary.c) ------------
 * The tally, population deviation, the district summary (gm_district_summary: winners,
 * shares, uncontested; a party beyond the first two winning is warned,
 * gm_district_others_warn) and, with two parties or more, the partisan metrics of the
 * first two (gm_partisan_score, default options): what `score` and the Python module's
 * score() compute before their own parts. */
typedef struct gm_plan_summary {
    gm_tally *t;
    gm_popdev pd;
    int *winner;                /* [k] party index, GM_WINNER_NONE, GM_WINNER_TIE */
    double *share;              /* [k] the first party's two-party share */
    unsigned char *uncontested; /* [k] */
    bool have_partisan;         /* at least two parties named: ps is set */
    gm_partisan ps;
} gm_plan_summary;

/* Fill *s (zeroed first) for plan p over u; warnings go to w. On error what was made is
 * freed. Errors: those of gm_tally_compute and gm_partisan_score, GM_E_NOMEM. */
gm_status gm_plan_summary_compute(const gm_units *u, const gm_plan *p, gm_plan_summary *s,
                                  gm_warnings *w, gm_error *err);
/* Free what s holds (a zeroed s too) and zero it. */
void gm_plan_summary_free(gm_plan_summary *s);

/* ---- One plan's score as a JSON document (engine/metrics/score_json.c) ---------------
 * What `score --format json` writes and the Python module's score() returns, written once
 * through a gm_json_out (gm_sink.h): the caller opens the top object, writes the head and
 * the districts, then its own parts (splits, compactness, elections, warnings). Every
 * pointer is borrowed. */
typedef struct gm_score_doc {
    const gm_units *u;
    const gm_plan *p;
    const gm_plan_summary *sum;
    const gm_contiguity *contig;      /* NULL: contiguity not checked, for no_contiguity */
    const gm_graph *graph;            /* the graph contig was computed on */
    const char *graph_source;         /* where that graph comes from */
    const char *no_contiguity;        /* why contiguity was not checked */
} gm_score_doc;

/* "gerrymeter" (gm_version), the "units" object and the "plan" object (seats, ties,
 * votes, the partisan rows and favoured parties, population deviation, split units,
 * contiguity). */
void gm_score_json_head(const gm_json_out *o, const gm_score_doc *s);
/* The "districts" array: each district's registry rows (GM_MF_DISTRICT; those needing
 * votes after the votes), votes, winner, uncontested, connected pieces. */
void gm_score_json_districts(const gm_json_out *o, const gm_score_doc *s);

/* ---- Several elections over one plan (engine/metrics/elections.c) -------------------
 * One tally holds every election as a pair of parties: election e is parties 2e (a) and
 * 2e+1 (b). Each election is scored as one election alone is (gm_district_summary over
 * its two parties, gm_partisan_score of its two columns), so its numbers equal a run
 * with that election's votes only. The composite (docs/metrics.md "Composite of
 * several elections", after DRA's composite) gives each district the mean of its
 * two-party shares of a over the elections with votes there, and scores those shares
 * with equal turnout in every district (a = share, b = 1 - share): a composite has no
 * vote counts, so its vote share is the mean district share and its efficiency gap the
 * equal-turnout one. */
typedef struct gm_election_score {
    const char *name;           /* the election's name (borrowed from the caller) */
    const double *a, *b;        /* [k] district votes of its two parties (borrowed from the
                                   tally; the composite's own: share and 1 - share) */
    double *share;              /* [k] a's two-party share; NaN without votes */
    int *winner;                /* [k] 0 (a), 1 (b), GM_WINNER_TIE or GM_WINNER_NONE */
    unsigned char *uncontested; /* [k] exactly one of a, b has no votes (none for the
                                   composite) */
    gm_partisan ps;             /* every partisan metric of the election */
} gm_election_score;

typedef struct gm_elections {
    size_t n;                    /* elections */
    size_t k;                    /* districts */
    gm_election_score *e;        /* [n] */
    gm_election_score composite; /* the mean of the elections' district shares */
    double *composite_votes;     /* [2k] the composite's a and b (owned) */
} gm_elections;

/* Score n >= 1 elections of t (t->n_parties >= 2n; names[e] names election e and must
 * outlive the result). o may be NULL (defaults). *out is owned by the caller
 * (gm_elections_destroy). Errors: GM_E_ARG (n = 0 or too few parties), those of
 * gm_partisan_score (bad votes, naming the district), GM_E_NOMEM. */
gm_status gm_elections_score(const gm_tally *t, const char *const *names, size_t n,
                             const gm_partisan_opts *o, gm_elections **out, gm_error *err);
void gm_elections_destroy(gm_elections *x);

/* The composite's district shares from n elections' shares share[e * k + d] (NaN where
 * election e has no votes in district d): c[d] their mean over the elections with votes
 * there (NaN with none), and the composite's votes ca[d] = c[d], cb[d] = 1 - c[d] (both
 * 0 with none). Any of c, ca, cb may be NULL. gm_elections_score and the ensemble
 * kernel both take the composite from here. */
void gm_elections_composite(const double *share, size_t n, size_t k, double *c, double *ca,
                            double *cb);

/* Several elections per plan of an ensemble (docs/cli.md, "Several elections"): the
 * values per election are the built-in ensemble rows computed from votes (GM_MF_PLAN
 * rows with GM_MD_VOTES, in registry order: seats, the two vote shares, efficiency gap,
 * mean-median, partisan bias, declination); gm_election_values() of them. */
size_t gm_election_values(void);
/* Built-in GM_MF_PLAN row of value j (0 <= j < gm_election_values()). */
const gm_metric_def *gm_election_value_row(size_t j);
/* Add the rows of n <= GM_ELECTIONS_MAX elections and their composite to the registry's
 * ensemble family: for election e (name[e], parties party[2e] and party[2e + 1]) and
 * then the composite (named "composite", the first election's parties), one row per
 * value keyed "NAME.KEY", the key with the election's party names
 * ("PRES16.seats_D", "PRES16.efficiency_gap", "composite.vote_share_D"). A row reads
 * value j of election e (n: the composite) from gm_metric_in.elections[e * nv + j]
 * (nv = gm_election_values()). Registering the same elections again changes nothing.
 * Errors: GM_E_ARG (n = 0 or too many, an empty name or one named "composite", two
 * elections of one name, the registry full). Not thread-safe: before scoring. */
gm_status gm_elections_register(size_t n, const char *const *name, const char *const *party,
                                gm_error *err);

/* ---- Two plans over the same units (engine/metrics/compare.c) -------------------------
 * How plan B redistributes the people of plan A: the transfer matrix (population and
 * units of A district i that B puts in district j) and core retention in both
 * directions (docs/metrics.md "Core retention"). The weight is population, or the units
 * themselves (each counts 1) when the units were read without a population field. */
typedef struct gm_plan_compare {
    size_t n_units;       /* units of both plans */
    size_t ka, kb;        /* districts of plan A and of plan B */
    bool by_units;        /* no population field: every weight below counts units */
    double *pop;          /* [ka*kb] weight of A district i in B district j: pop[i*kb + j] */
    size_t *units;        /* [ka*kb] units of A district i in B district j */
    double *pop_a;        /* [ka] weight of each A district */
    double *pop_b;        /* [kb] weight of each B district */
    int32_t *match_a;     /* [ka] best match of A district i: the B district holding most of
                             its weight (ties: the one with the same label, else the first
                             in label order); GM_NO_DISTRICT for an empty district */
    double *retention_a;  /* [ka] core retention of A district i: pop[i][match_a[i]] /
                             pop_a[i], in [0, 1]; NaN when pop_a[i] is 0 */
    int32_t *match_b;     /* [kb] best match of B district j: the A district it takes most of
                             its weight from (same tie rule) */
    double *retention_b;  /* [kb] core retention of B district j: pop[match_b[j]][j] / pop_b[j] */
    double total;         /* weight of every unit */
    double retained_a;    /* sum over A districts of pop[i][match_a[i]]: the weight that stays
                             with the best match of its A district */
    double retained_b;    /* sum over B districts of pop[match_b[j]][j] */
    double moved;         /* total - retained_a: the weight B moves away from the best match
                             of its A district */
    size_t moved_units;   /* units whose B district is not their A district's best match */
} gm_plan_compare;

/* Compare plan b with plan a over the units u (both opened over u: gm_plan_open). *out
 * is owned by the caller (gm_plan_compare_destroy). Errors: GM_E_ARG when a plan does
 * not cover the units (their unit counts differ: the plans belong to different unit
 * sets), GM_E_DATA for a unit without a district, GM_E_NOMEM. */
gm_status gm_plan_compare_compute(const gm_units *u, const gm_plan *a, const gm_plan *b,
                                  gm_plan_compare **out, gm_error *err);
void gm_plan_compare_destroy(gm_plan_compare *c);
/* District d of the first plan (side 0: an A district) or of the second (side 1) as the
 * comparison family's values (gm_metric.h, GM_MF_COMPARE). */
void gm_plan_compare_values(const gm_plan_compare *c, int side, size_t d, gm_compare_values *out);

GM_END_DECLS
#endif /* GM_TALLY_H */
