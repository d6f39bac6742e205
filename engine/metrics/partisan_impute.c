/* partisan_impute.c: replacing uncontested races. A race is uncontested when the two
 * parties do not both have votes. Its votes say nothing about how the district would
 * have voted in a contest, so (as Gelman-King and the Princeton tests do with 0.75) the
 * winner is given `share` of a turnout and the loser the rest. Which party won and
 * which turnout is the caller's rule (gm_partisan.h, gm_impute_rule); by default the
 * party with votes won and the turnout is the mean two-party total of the contested
 * races in the same plan. Off unless asked for. */
#include "gerrymeter/gm_partisan.h"

size_t gm_impute_uncontested_rule(double *a, double *b, size_t k, double share,
                                  const gm_impute_rule *rule, unsigned char *changed)
{
    const char *winner = rule ? rule->winner : NULL;
    const double *turnout = rule ? rule->turnout : NULL;
    double tot = 0, nc = 0; /* the contested races' two-party total and count */
    for (size_t d = 0; d < k && !turnout; d++)
        if (a[d] > 0 && b[d] > 0) {
            tot += a[d] + b[d];
            nc++;
        }
    double mean_t = nc > 0 ? tot / nc : 0.0;
    size_t n = 0;
    for (size_t d = 0; d < k; d++) {
        if (changed) changed[d] = 0;
        if (a[d] > 0 && b[d] > 0) continue; /* contested */
        char w = winner ? winner[d] : a[d] > 0 ? 'a' : b[d] > 0 ? 'b' : 0;
        if (w != 'a' && w != 'b') continue;
        double t = turnout ? turnout[d] : nc > 0 ? mean_t : a[d] + b[d];
        if (!(t > 0)) continue;
        double win = share * t, lose = (1.0 - share) * t;
        a[d] = w == 'a' ? win : lose;
        b[d] = w == 'a' ? lose : win;
        if (changed) changed[d] = 1;
        n++;
    }
    return n;
}

size_t gm_impute_uncontested(double *a, double *b, size_t k, double share, unsigned char *changed)
{
    return gm_impute_uncontested_rule(a, b, k, share, NULL, changed);
}
