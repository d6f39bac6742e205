/* gm_tally.h: district totals (plan x unit columns -> per-district arrays).
 *
 * Every metric takes tallies, so scoring one plan and a batch of plans share one
 * code path. Votes are party-major: votes[p*k + d]. */
#ifndef GM_TALLY_H
#define GM_TALLY_H

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

GM_END_DECLS
#endif /* GM_TALLY_H */
