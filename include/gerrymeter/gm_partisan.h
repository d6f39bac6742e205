/* gm_partisan.h: partisan metrics over district vote totals.
 *
 * Inputs are two arrays of k district totals: a[] for the first party named (by
 * default D) and b[] for the second (by default R). Shares are a's two-party share
 * a/(a+b). Sign convention (gerrymeter default): a positive efficiency gap,
 * mean-median, partisan bias or declination favours party b (by default R).
 * Conventions of peers (DRA, PlanScore, GerryChain, redistmetrics) are selected with
 * gm_partisan_opts.convention; see docs/metrics.md.
 *
 * The functions are pure: no allocation in the per-plan path, no I/O. */
#ifndef GM_PARTISAN_H
#define GM_PARTISAN_H

#include "gm_core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gm_convention {
    GM_CONV_GERRYMETER = 0,
    GM_CONV_DRA,
    GM_CONV_PLANSCORE,
    GM_CONV_GERRYCHAIN,
    GM_CONV_REDISTMETRICS
} gm_convention;

typedef struct gm_partisan_opts {
    gm_convention convention;   /* default GM_CONV_GERRYMETER */
    double competitive_band;    /* |share - 0.5| <= band is competitive; default 0.05 */
    double sigma;               /* probabilistic seats sigma; default 0.04 */
} gm_partisan_opts;

/* Fill opts with the defaults. */
void gm_partisan_opts_init(gm_partisan_opts *o);

/* Parse "dra", "planscore", ... Returns GM_E_ARG for an unknown name. */
gm_status gm_convention_parse(const char *name, gm_convention *out, gm_error *err);
const char *gm_convention_name(gm_convention c);

/* Plan-level partisan summary. NaN marks an undefined value; *_why says why. */
typedef struct gm_partisan {
    size_t k;                      /* districts given */
    size_t k_counted;              /* districts with a + b > 0 (others are left out of shares) */
    size_t k_zero;                 /* districts with no two-party votes */
    size_t uncontested;            /* districts where one of a, b is 0 and the other > 0 */
    double seats_a;                /* districts a won (strictly more votes) */
    double seats_b;                /* districts b won */
    double ties;                   /* exact ties */
    double vote_share;             /* turnout-weighted: sum a / sum (a+b) */
    double mean_district_share;    /* unweighted mean of a/(a+b) */
    double efficiency_gap;         /* wasted-vote EG: (wasted a - wasted b)/sum(a+b); + favours b */
    double efficiency_gap_equal_turnout; /* 2(V-1/2) - (S-1/2); + favours b */
    double mean_median;            /* mean - median of a's district shares; + favours b */
    double partisan_bias;          /* seat bias at 50% under uniform swing; + favours b */
    double declination;            /* Warrington delta; + favours b; NaN if undefined */
    const char *declination_why;   /* reason when undefined, else NULL (static string) */
    double competitive_districts;  /* count with |share - 1/2| <= band */
} gm_partisan;

/* Compute the summary for one plan. Errors (GM_E_DATA) for NaN/negative/inf votes,
 * naming the district index; k == 0 is GM_E_ARG. */
gm_status gm_partisan_score(const double *a, const double *b, size_t k, const gm_partisan_opts *o,
                            gm_partisan *out, gm_error *err);

/* Wasted-vote efficiency gap alone (gerrymeter convention, + favours b); the hot-path
 * kernel. A district's winner wastes votes beyond half its two-party total, the loser
 * all of its votes; an exact tie wastes half of each side. Returns NaN when sum(a+b)==0. */
double gm_eg_wasted(const double *a, const double *b, size_t k);

#ifdef __cplusplus
}
#endif
#endif /* GM_PARTISAN_H */
