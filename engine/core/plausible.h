/* plausible.h: is a column of numbers what it claims to be? Checks for the loaders'
 * warnings (a vote column that holds shares). Engine-internal. */
#ifndef GM_PLAUSIBLE_H
#define GM_PLAUSIBLE_H

#include <stdbool.h>
#include <stddef.h>

/* True when every value lies in [0, 1] and at least one strictly between: shares or
 * fractions, not counts (a count column of 0s and 1s is not taken for shares). *at
 * (may be NULL) receives the index of the first value strictly between 0 and 1. */
bool gmi_looks_like_shares(const double *v, size_t n, size_t stride, size_t *at);

#endif
