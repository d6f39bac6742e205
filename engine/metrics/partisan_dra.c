/* partisan_dra.c: Dave's Redistricting App's partisan scorecard, as the published
 * package computes it (dra2020/dra-analytics lib/partisan: method.ts, bias.ts,
 * responsiveness.ts), for --convention dra. Inputs: v[0..n) D shares of the districts
 * with votes and the statewide share V; + = R (b) throughout, as in DRA. Runs once per
 * plan (not in the batch kernel) and may branch freely. */
#include "metrics/partisan_internal.h"

#include <math.h>

#include "core/constants.h"

#define DRA_EPS 1e-6        /* DRA's U.EPSILON (utils/settings.ts) */
#define DRA_NPTS_MAX 128 /* DRA's grid has 101 points */

/* ---- DRA (dra2020/dra-analytics lib/partisan/ *.ts) ------------------------------- */

typedef struct svpt {
    double v, s;
} svpt;

/* DRA's grid: v = 0.25, then v += 0.005 while v <= 0.75 + 1e-6, accumulated in
 * floating point exactly as inferSVpoints does (101 points). */
static size_t dra_grid(double *x)
{
    size_t n = 0;
    for (double v = 0.25; v <= 0.75 + DRA_EPS && n < DRA_NPTS_MAX; v += 0.005) x[n++] = v;
    return n;
}

/* Last point (in order) with key <= t, stopping at the first point above t; first
 * point with key >= t. key 0 = v, 1 = s. NULL when absent. */
static const svpt *bracket_lo(const svpt *p, size_t n, double t, int key)
{
    const svpt *r = NULL;
    for (size_t i = 0; i < n; i++) {
        double q = key ? p[i].s : p[i].v;
        if (q <= t)
            r = &p[i];
        else
            break;
    }
    return r;
}

static const svpt *bracket_hi(const svpt *p, size_t n, double t, int key)
{
    for (size_t i = 0; i < n; i++) {
        double q = key ? p[i].s : p[i].v;
        if (q >= t) return &p[i];
    }
    return NULL;
}

/* Minimal inverse responsiveness (DRA calcMinimalInverseResponsiveness): 1/r minus
 * the ideal, 0.1 when V is in DRA's competitive range [0.45, 0.55], else 0.2; floored
 * at 0. NaN when |r| < 1e-6. */
double gmi_dra_mir(double V, double r)
{
    if (isnan(r) || fabs(r) < DRA_EPS) return NAN;
    double ideal = (V >= 0.45 && V <= 0.55) ? 0.1 : 0.2;
    return fmax(1.0 / r - ideal, 0.0);
}

/* District competitiveness (DRA estDistrictCompetitiveness): 1 - 4 (P(v') - 1/2)^2,
 * v' = v clipped to [0.25, 0.75] and rescaled to [0, 1] when compressed, else v
 * clipped to [0, 1]. */
double gmi_dra_competitiveness(double v, bool compressed)
{
    double lo = compressed ? 0.25 : 0.0, hi = compressed ? 0.75 : 1.0;
    double u = (fmin(fmax(v, lo), hi) - lo) / (hi - lo);
    double P = gm_seat_probability_dra(u);
    return 1.0 - 4.0 * (P - 0.5) * (P - 0.5);
}

void gmi_partisan_dra(const double *v, size_t n, double V, gm_partisan *o)
{
    gm_partisan_dra *d = &o->dra;
    double N = (double)n;
    double x[DRA_NPTS_MAX];
    svpt D[DRA_NPTS_MAX], R[DRA_NPTS_MAX], G[DRA_NPTS_MAX];

    /* Seats. */
    d->bestS = round(N * V - DRA_EPS);
    d->bestSf = d->bestS / N;
    d->fptpS = 0;
    d->estS = 0;
    d->rD = 0;
    d->cSimple = 0;
    double sum_v = 0, pv = 0, qv = 0;
    for (size_t i = 0; i < n; i++) {
        double P = gm_seat_probability_dra(v[i]);
        d->fptpS += v[i] > 0.5;
        d->estS += P;
        d->rD += gmi_dra_competitiveness(v[i], false); /* = 1 - 4(P - 1/2)^2 on [0, 1] */
        d->cSimple += v[i] >= 0.45 && v[i] <= 0.55;
        sum_v += v[i];
        pv += P * v[i];
        double Q = gm_seat_probability_dra(1.0 - v[i]);
        qv += Q * (1.0 - v[i]);
    }
    d->estSf = d->estS / N;
    d->deviation = d->bestSf - d->estSf;
    d->tOf = V - sum_v / N;
    d->eG = 2.0 * (V - 0.5) - (d->estSf - 0.5);
    d->prop = V - d->estSf;
    d->rDf = d->rD / N;
    d->cD = d->rD; /* the scorecard calls estCompetitiveDistricts uncompressed */
    d->cDf = d->cD / N;
    double med = gmi_median_copy(v, n);
    d->mMs = (V != 0 ? V : sum_v / N) - med; /* DRA: "Vf ? Vf : avg" */
    d->mMd = sum_v / N - med;

    /* Seats-votes curve: proportional shift, probabilistic seats; its inversion is the
     * curve of party b, (1 - v, 1 - s) sorted by v. */
    size_t np = dra_grid(x);
    for (size_t i = 0; i < np; i++) {
        D[i].v = x[i];
        D[i].s = gm_sv_seat_share(v, n, V, x[i], GM_SWING_PROPORTIONAL, GM_SEATS_PROB, 0.04, true);
    }
    for (size_t i = 0; i < np; i++) {
        R[i].v = 1.0 - D[np - 1 - i].v;
        R[i].s = 1.0 - D[np - 1 - i].s;
    }
    /* bS50: the first point within 0.001 of 1/2; (R seats - D seats)/2, over N. */
    double dseats = 0;
    for (size_t i = 0; i < np; i++)
        if (fabs(D[i].v - 0.5) < 0.001) {
            dseats = D[i].s * N;
            break;
        }
    d->bS50 = ((N - dseats) - dseats) / 2.0 / N;
    /* bV50: linear interpolation of the share where S = 1/2, minus 1/2. */
    const svpt *lo = bracket_lo(D, np, 0.5, 1), *hi = bracket_hi(D, np, 0.5, 1);
    d->bV50 = NAN;
    if (lo && hi) {
        d->bV50 = 0.0;
        if (hi->s - lo->s != 0)
            d->bV50 = lo->v + (hi->v - lo->v) / (hi->s - lo->s) * (0.5 - lo->s) - 0.5;
    }
    /* bSV: geometric seats bias 0.5 (S_R - S_D) pointwise, interpolated at V. */
    for (size_t i = 0; i < np; i++) {
        G[i].v = D[i].v;
        G[i].s = 0.5 * (R[i].s - D[i].s);
    }
    lo = bracket_lo(G, np, V, 0);
    hi = bracket_hi(G, np, V, 0);
    d->bSV = (lo && hi) ? lo->s + (hi->s - lo->s) / (hi->v - lo->v) * (V - lo->v) : NAN;
    /* gSym: sum of |S_D - S_R|/2 over the points, / 100, signed like bS50. */
    double gs = 0;
    for (size_t i = 0; i < np; i++) gs += fabs(D[i].s - R[i].s) / 2.0;
    d->gSym = (d->bS50 < 0 ? -gs : gs) / 100.0;
    /* littleR: slope between the points bracketing V. */
    lo = bracket_lo(D, np, V, 0);
    hi = bracket_hi(D, np, V, 0);
    d->littleR = NAN;
    if (lo && hi && !(fabs(hi->v - lo->v) < DRA_EPS)) d->littleR = (hi->s - lo->s) / (hi->v - lo->v);
    d->bigR = fabs(V - 0.5) < DRA_EPS ? NAN : (d->estSf - 0.5) / (V - 0.5);
    d->mIR = NAN;
    d->gamma = NAN;
    if (!isnan(d->littleR) && d->littleR != 0) { /* DRA tests littleR for truthiness */
        d->mIR = gmi_dra_mir(V, d->littleR);
        d->gamma = 0.5 + d->littleR * (V - 0.5) - d->estSf;
    }
    /* Key points of the rank-votes graph with probabilistic seats (keyRVpoints). */
    double Sb = d->estSf, Rb = Sb / 2.0, Ra = (1.0 + Sb) / 2.0;
    double Vb = fmin(1.0 - pv / d->estS, 0.5);
    double Va = fmax(qv / (N - d->estS), 0.5);
    bool sweep = Sb > 1.0 - 1.0 / N || Sb < 1.0 / N;
    d->lO = sweep ? NAN : (0.5 - Vb) - (Va - 0.5);
    if (sweep || n < 5 || fabs(Va - 0.5) < DRA_EPS || fabs(0.5 - Vb) < DRA_EPS) {
        d->decl = NAN;
    } else {
        double l = gmi_rad2deg(atan((Sb - Rb) / (0.5 - Vb)));
        double r = gmi_rad2deg(atan((Ra - Sb) / (Va - 0.5)));
        d->decl = r - l;
    }

    o->seats_a_expected = d->estS;
    o->efficiency_gap = d->eG;
    o->efficiency_gap_equal_turnout = 2.0 * (V - 0.5) - (d->fptpS / N - 0.5);
    o->mean_median = d->mMd;
    o->mean_median_statewide = d->mMs;
    o->partisan_bias = d->bS50;
    o->seats_bias = d->bSV;
    o->votes_bias = d->bV50;
    o->global_symmetry = d->gSym;
    o->responsiveness = d->littleR;
    o->declination = d->decl;
    o->declination_why = isnan(d->decl) ? (sweep ? "DRA: a sweep"
                                                 : (n < 5 ? "DRA: fewer than 5 districts"
                                                          : "DRA: a key point at 50%"))
                                        : NULL;
    o->competitive_districts = d->cSimple;
}
