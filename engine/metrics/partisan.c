/* partisan.c: partisan metrics over district vote totals (see docs/metrics.md). */
#include "gerrymeter/gm_partisan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void gm_partisan_opts_init(gm_partisan_opts *o)
{
    memset(o, 0, sizeof *o);
    o->convention = GM_CONV_GERRYMETER;
    o->competitive_band = 0.05;
    o->sigma = 0.04;
}

static const char *const conv_names[] = {"gerrymeter", "dra", "planscore", "gerrychain",
                                         "redistmetrics"};

gm_status gm_convention_parse(const char *name, gm_convention *out, gm_error *err)
{
    for (int i = 0; i < 5; i++)
        if (strcasecmp(name, conv_names[i]) == 0) {
            *out = (gm_convention)i;
            return GM_OK;
        }
    return gm_fail(err, GM_E_ARG,
                   "unknown convention '%s'; use gerrymeter, dra, planscore, gerrychain or "
                   "redistmetrics",
                   name);
}

const char *gm_convention_name(gm_convention c)
{
    return (unsigned)c < 5 ? conv_names[c] : "?";
}

/* Branch-free wasted-vote EG. Winner wastes (own - T/2), loser wastes all of its
 * votes; in an exact tie both "winner" formulas give 0 surplus and both lose T/2,
 * which cancels in the difference. wasted_a - wasted_b simplifies per district to
 * a - b - T/2*(a>b) ... we write it out plainly and let the compiler vectorise. */
double gm_eg_wasted(const double *a, const double *b, size_t k)
{
    double diff = 0, total = 0;
    for (size_t d = 0; d < k; d++) {
        double t = a[d] + b[d];
        double half = 0.5 * t;
        double wa = a[d] > b[d] ? a[d] - half : a[d];
        double wb = b[d] > a[d] ? b[d] - half : b[d];
        /* exact tie: each wastes half its votes, symmetric */
        double tie = (a[d] == b[d]) ? 1.0 : 0.0;
        wa = tie * (0.5 * a[d]) + (1.0 - tie) * wa;
        wb = tie * (0.5 * b[d]) + (1.0 - tie) * wb;
        diff += wa - wb;
        total += t;
    }
    return total > 0 ? diff / total : NAN;
}

gm_status gm_partisan_score(const double *a, const double *b, size_t k, const gm_partisan_opts *o,
                            gm_partisan *out, gm_error *err)
{
    gm_partisan_opts def;
    if (!o) {
        gm_partisan_opts_init(&def);
        o = &def;
    }
    memset(out, 0, sizeof *out);
    if (k == 0) return gm_fail(err, GM_E_ARG, "no districts to score");
    for (size_t d = 0; d < k; d++) {
        if (!isfinite(a[d]) || !isfinite(b[d]) || a[d] < 0 || b[d] < 0)
            return gm_fail(err, GM_E_DATA, "district %zu: votes %g and %g are not both non-negative numbers",
                           d + 1, a[d], b[d]);
    }
    out->k = k;
    double sa = 0, sb = 0, share_sum = 0;
    for (size_t d = 0; d < k; d++) {
        double t = a[d] + b[d];
        if (t <= 0) {
            out->k_zero++;
            continue;
        }
        out->k_counted++;
        if (a[d] == 0 || b[d] == 0) out->uncontested++;
        out->seats_a += a[d] > b[d];
        out->seats_b += b[d] > a[d];
        out->ties += a[d] == b[d];
        sa += a[d];
        sb += b[d];
        double v = a[d] / t;
        share_sum += v;
        out->competitive_districts += fabs(v - 0.5) <= o->competitive_band;
    }
    out->vote_share = (sa + sb) > 0 ? sa / (sa + sb) : NAN;
    out->mean_district_share = out->k_counted ? share_sum / (double)out->k_counted : NAN;
    out->efficiency_gap = gm_eg_wasted(a, b, k);
    double S = out->k_counted ? (out->seats_a + 0.5 * out->ties) / (double)out->k_counted : NAN;
    out->efficiency_gap_equal_turnout = 2.0 * (out->vote_share - 0.5) - (S - 0.5);
    out->mean_median = NAN;
    out->partisan_bias = NAN;
    out->declination = NAN;
    out->declination_why = "not computed";
    return GM_OK;
}
