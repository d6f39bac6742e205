/* partisan_curve.c: the seats-votes curve. District shares are moved so that the
 * statewide share becomes x (uniform or proportional swing), then turned into seats
 * (first past the post or probabilistic). Units: shares and seat shares are
 * fractions in [0, 1]. */
#include "metrics/partisan_internal.h"

#include <math.h>

static double swing_share(double v, double V, double x, gm_swing swing)
{
    if (swing == GM_SWING_UNIFORM) return v + (x - V);
    /* Proportional (DRA method.ts): scale a's share down, or b's share down, by the
     * ratio of the target to the actual share of the party losing ground. */
    if (x < V) return v * (x / V);
    if (x > V) return 1.0 - (1.0 - v) * ((1.0 - x) / (1.0 - V));
    return v;
}

double gm_sv_flip_share(double v, double V, gm_swing swing)
{
    if (!isfinite(v) || !isfinite(V)) return NAN;
    /* uniform: V + 1/2 - v, the expression gm_majority_threshold and gm_seats_votes_curve
     * take from here, so a threshold is the share of its step bit for bit */
    if (swing == GM_SWING_UNIFORM) return V + 0.5 - v;
    if (!(V > 0 && V < 1)) return NAN;
    /* swing_share is continuous and increasing in x; solve it for 1/2 on the side of V
     * where the district's share moves towards 1/2. */
    if (v > 0.5) return V / (2.0 * v);
    if (v < 0.5) return 1.0 - (1.0 - V) / (2.0 * (1.0 - v));
    return V;
}

double gm_sv_seat_share(const double *v, size_t k, double V, double x, gm_swing swing,
                        gm_seat_rule rule, double sigma, bool dra_erf)
{
    if (k == 0) return NAN;
    double s = 0.0;
    for (size_t i = 0; i < k; i++) {
        double u = swing_share(v[i], V, x, swing);
        if (rule == GM_SEATS_FPTP)
            s += (double)(u > 0.5) + 0.5 * (double)(u == 0.5);
        else
            s += dra_erf ? gm_seat_probability_dra(u) : gm_seat_probability(u, sigma);
    }
    return s / (double)k;
}

size_t gm_sv_grid_size(double lo, double hi, double step)
{
    if (!(step > 0) || !(hi >= lo)) return 0;
    /* + 1e-9 so that a grid ending exactly on hi keeps its last point. */
    return (size_t)floor((hi - lo) / step + 1e-9) + 1;
}

void gm_sv_curve(const double *v, size_t k, double V, gm_swing swing, gm_seat_rule rule,
                 double sigma, double lo, double step, size_t n, double *x, double *s)
{
    for (size_t i = 0; i < n; i++) {
        double xi = lo + (double)i * step;
        if (x) x[i] = xi;
        s[i] = gm_sv_seat_share(v, k, V, xi, swing, rule, sigma, false);
    }
}
