/* partisan_impute.c: replacing uncontested races. A race is uncontested when exactly
 * one party has votes. Its votes say nothing about how the district would have voted
 * in a contest, so (as Gelman-King and the Princeton tests do with 0.75) the winner is
 * given `share` of a two-party total equal to the mean total of the contested races
 * in the same plan, the loser the rest. Off unless asked for. */
#include "gerrymeter/gm_partisan.h"

size_t gm_impute_uncontested(double *a, double *b, size_t k, double share, unsigned char *changed)
{
    double tot = 0, nc = 0;
    for (size_t d = 0; d < k; d++)
        if (a[d] > 0 && b[d] > 0) {
            tot += a[d] + b[d];
            nc++;
        }
    double mean_t = nc > 0 ? tot / nc : 0.0;
    size_t n = 0;
    for (size_t d = 0; d < k; d++) {
        if (changed) changed[d] = 0;
        bool unc = (a[d] > 0) != (b[d] > 0);
        if (!unc) continue;
        double t = nc > 0 ? mean_t : a[d] + b[d];
        double w = share * t, l = (1.0 - share) * t;
        if (a[d] > 0) {
            a[d] = w;
            b[d] = l;
        } else {
            a[d] = l;
            b[d] = w;
        }
        if (changed) changed[d] = 1;
        n++;
    }
    return n;
}
