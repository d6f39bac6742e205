/* splits_int.h: what splits.c and minority.c share. Engine-internal. */
#ifndef GM_SPLITS_INT_H
#define GM_SPLITS_INT_H

#include "gerrymeter/gm_splits.h"

/* DRA's "whole" tolerance: a cell within 15 people of its district's (county's) total is
 * a whole district in the county (a whole county in the district): half DRA's average
 * block of 30 (lib/utils/settings.ts EQUAL_TOLERANCE). */
#define GMI_DRA_WHOLE 15.0

/* Groups of d that are minorities (all but "white"). */
size_t gmi_demo_minorities(const gm_demo *d);

/* The minority values of a plan of k districts from its district totals vapd[k] and
 * grpd[g * k + d], and the statewide totals sw[0] = VAP, sw[1 + g] = group g: per
 * minority group its majority-minority districts, then the GM_MINORITY_N values, into
 * out. */
void gmi_minority_values(const gm_demo *d, size_t k, const double *vapd, const double *grpd,
                         const double *sw, double *out);

#endif
