/* partisan_peers.c: PlanScore's, GerryChain's and redistmetrics' own definitions,
 * selected by --convention (DRA's scorecard is in partisan_dra.c). Each
 * function overwrites the fields of gm_partisan that the peer defines, in the peer's
 * sign and units, and flips the sign of the gerrymeter values it leaves in place so
 * that one sign holds for every field of a convention. The definitions and their
 * sources (repository paths) are in docs/metrics.md and ../shared/vectors/METRICS.md.
 *
 * Inputs: v[0..n) shares of party a in the districts with votes, a[], b[] their votes
 * in the same order, n >= 1. These functions run once per plan (not in the batch
 * kernel) and may branch freely. */
#include "metrics/partisan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Flip the sign of every signed gerrymeter metric (used when a convention's positive
 * direction is party a). */
static void flip_signs(gm_partisan *o)
{
    o->efficiency_gap = -o->efficiency_gap;
    o->efficiency_gap_equal_turnout = -o->efficiency_gap_equal_turnout;
    o->mean_median = -o->mean_median;
    o->mean_median_statewide = -o->mean_median_statewide;
    o->partisan_bias = -o->partisan_bias;
    o->seats_bias = -o->seats_bias;
    o->votes_bias = -o->votes_bias;
    o->global_symmetry = -o->global_symmetry;
    o->declination = -o->declination;
    o->declination_scaled = -o->declination_scaled;
    o->declination_degrees = -o->declination_degrees;
    o->lopsided_t = -o->lopsided_t;
    o->tau_gap = -o->tau_gap;
    o->declination_simple = -o->declination_simple;
    o->lopsided_wins = -o->lopsided_wins;
    o->dilution_asymmetry = -o->dilution_asymmetry;
    o->positive_favours_b = !o->positive_favours_b;
}

static double sum_arr(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s;
}


/* ---- PlanScore (planscore/score.py) ---------------------------------------------- */

/* PlanScore's swing_vote: move every district's blue share by `amount` keeping its
 * total: blue' = blue + amount t, red' = red - amount t. */
void gmi_planscore_swing(const double *red, const double *blue, size_t n, double amount,
                         double *red_out, double *blue_out)
{
    for (size_t i = 0; i < n; i++) {
        double t = red[i] + blue[i];
        blue_out[i] = blue[i] + amount * t;
        red_out[i] = red[i] - amount * t;
    }
}

/* Warrington delta with PlanScore's sweep values: +1 when a (blue) wins nothing, -1
 * when b (red) wins nothing (share <= 1/2 is a red win). */
static double planscore_delta(const double *v, size_t n)
{
    size_t wa = 0;
    for (size_t i = 0; i < n; i++) wa += v[i] > 0.5;
    if (wa == 0) return 1.0;
    if (wa == n) return -1.0;
    return gmi_declination(v, n, NULL);
}

void gmi_partisan_planscore(const double *a, const double *b, const double *v, size_t n,
                            const gm_partisan_opts *opt, gm_partisan *o)
{
    flip_signs(o); /* + = blue = a from here on */
    double N = (double)n, sa = sum_arr(a, n), sb = sum_arr(b, n), T = sa + sb;
    double V = sa / T;
    /* EG (calculate_EG): swing every district's share by vote_swing keeping its total,
     * then, if the statewide share left [0.25, 0.75], swing it back to the bound;
     * EG = (S - 1/2) - 2(V - 1/2), S = share of districts blue wins (ties red). */
    double sw = opt->vote_swing;
    double V1 = V + sw; /* a uniform share swing moves the weighted share by as much */
    if (V1 < 0.25) sw += 0.25 - V1;
    if (V1 > 0.75) sw += 0.75 - V1;
    double seats = 0, sa1 = 0;
    for (size_t i = 0; i < n; i++) {
        double rd, bl;
        gmi_planscore_swing(&b[i], &a[i], 1, sw, &rd, &bl);
        seats += bl > rd;
        sa1 += bl;
    }
    double Vs = sa1 / T;
    o->efficiency_gap = (seats / N - 0.5) - 2.0 * (Vs - 0.5);
    double s0 = 0;
    for (size_t i = 0; i < n; i++) s0 += a[i] > b[i];
    o->efficiency_gap_equal_turnout = (s0 / N - 0.5) - 2.0 * (V - 0.5);
    /* MMD: median - mean of blue shares. */
    o->mean_median = gmi_median_copy(v, n) - sum_arr(v, n) / N;
    /* PB: swing by -margin/2 (margin = 2V - 1) to a 50% statewide share; blue seat
     * share - 1/2. */
    double margin = (sa - sb) / T, up = 0;
    for (size_t i = 0; i < n; i++) {
        double t = a[i] + b[i];
        double bl = a[i] - margin / 2.0 * t, rd = b[i] + margin / 2.0 * t;
        up += bl > rd;
    }
    o->partisan_bias = up / N - 0.5;
    /* D2 = -delta ln(N)/2 (calculate_D2), defined on sweeps. */
    double delta = planscore_delta(v, n);
    o->declination = -delta * log(N) / 2.0;
    o->declination_why = NULL;
    o->declination_scaled = o->declination;
    o->declination_degrees = -delta * 90.0;
}

/* ---- GerryChain (gerrychain/metrics/partisan.py) --------------------------------- */

/* wasted_votes(p1, p2): p1 > p2: p1 wastes p1 - T/2 and p2 all of p2; otherwise p2
 * wastes p2 - T/2 and p1 all of p1 (so on a tie p2 counts as the winner). */
void gmi_gerrychain_wasted(double p1, double p2, double *w1, double *w2)
{
    double t = p1 + p2;
    if (p1 > p2) {
        *w1 = p1 - t / 2.0;
        *w2 = p2;
    } else {
        *w2 = p2 - t / 2.0;
        *w1 = p1;
    }
}

void gmi_partisan_gerrychain(const double *a, const double *b, const double *v, size_t n,
                             size_t k_zero, gm_partisan *o)
{
    flip_signs(o); /* + = the first party = a */
    double N = (double)n;
    /* efficiency_gap: wasted_votes(p1, p2): p1 > p2: p1 wastes p1 - T/2, p2 wastes p2;
     * otherwise p2 wastes p2 - T/2 and p1 wastes p1 (so a tie counts p2 as winner).
     * EG = sum(waste2 - waste1)/sum(T). */
    double num = 0, T = 0;
    for (size_t i = 0; i < n; i++) {
        double w1, w2;
        gmi_gerrychain_wasted(a[i], b[i], &w1, &w2);
        num += w2 - w1;
        T += a[i] + b[i];
    }
    o->efficiency_gap = num / T;
    double mean = sum_arr(v, n) / N;
    /* A district without votes gives NaN shares in GerryChain, which propagate. */
    double nan_if_zero = k_zero ? NAN : 0.0;
    o->mean_median = gmi_median_copy(v, n) - mean + nan_if_zero;
    double above = 0;
    for (size_t i = 0; i < n; i++) above += v[i] > mean;
    o->partisan_bias = above / N - 0.5 + nan_if_zero;
    /* partisan_gini: seats-votes points overall - r + 1/2 over shares sorted
     * descending, against their reflection 1 - s reversed; mean |difference|. */
    double stackbuf[512];
    double *w = n <= 512 ? stackbuf : malloc(n * sizeof *w);
    if (w) {
        memcpy(w, v, n * sizeof *w);
        gmi_median_inplace(w, n); /* ascending */
        double V = sum_arr(a, n) / T, g = 0;
        for (size_t i = 0; i < n; i++) {
            double s = V - w[n - 1 - i] + 0.5;   /* i-th largest share */
            double r = 1.0 - (V - w[i] + 0.5);   /* reflection, reversed */
            g += fabs(s - r);
        }
        o->partisan_gini = g / N + nan_if_zero;
        /* mean_thirdian: the share at rank round(N/3) (0-based, ascending) minus the
         * mean (N/3 never ends in .5, so Python's rounding is plain rounding). */
        o->mean_thirdian = w[(size_t)floor(N / 3.0 + 0.5)] - mean + nan_if_zero;
        if (w != stackbuf) free(w);
    }
}

/* ---- redistmetrics (R/partisan.R, src/partisan.cpp) ------------------------------ */

void gmi_partisan_redistmetrics(const double *a, const double *b, const double *v, size_t n,
                                size_t k_zero, const gm_partisan_opts *opt, gm_partisan *o)
{
    double N = (double)n;
    /* part_egap (effgap): minimum winning total floor(T/2) + 1; the total vote is an
     * int in the C++ (truncated). + = R (b). */
    double dw = 0, rw = 0, T = 0, sa = 0, sb = 0;
    for (size_t i = 0; i < n; i++) {
        double t = a[i] + b[i], minwin = floor(t / 2.0) + 1.0;
        if (a[i] > b[i]) {
            dw += a[i] - minwin;
            rw += b[i];
        } else {
            dw += a[i];
            rw += b[i] - minwin;
        }
        T += t;
        sa += a[i];
        sb += b[i];
    }
    /* A district with no votes is not a win (0 > 0 is false), so R "wastes"
     * 0 - (floor(0/2) + 1) = -1 there: redistmetrics' arithmetic, kept. */
    rw -= (double)k_zero;
    o->efficiency_gap = (dw - rw) / trunc(T);
    o->dilution_asymmetry = dw / sa - rw / sb; /* part_dil_asym */
    /* dseats: D >= R. */
    double kd = 0, yd = 0, yr = 0;
    for (size_t i = 0; i < n; i++) {
        kd += a[i] >= b[i];
        if (v[i] >= 0.5)
            yd += v[i];
        else
            yr += v[i];
    }
    double kr = N - kd, S = kd / N, Vm = sum_arr(v, n) / N;
    o->seats_a = kd + (double)k_zero; /* dseats: 0 >= 0 is a D seat */
    o->seats_b = kr;
    o->ties = 0;
    /* part_egap_ep: 2V - S - 1/2 with V the mean district share. */
    o->efficiency_gap_equal_turnout = 2.0 * Vm - S - 0.5;
    o->mean_median = Vm - gmi_median_copy(v, n);
    /* part_bias(v = 0.5) and part_resp(v = 0.5, bw): uniform shift of the shares to
     * the mean x; seats = #(share > 1/2) (dseatsDVS). */
    double sx = 0, sl = 0, sh = 0, h = opt->resp_bandwidth;
    for (size_t i = 0; i < n; i++) {
        sx += v[i] - Vm + 0.5 > 0.5;
        sl += v[i] - Vm + (0.5 - h / 2.0) > 0.5;
        sh += v[i] - Vm + (0.5 + h / 2.0) > 0.5;
    }
    o->partisan_bias = ((1.0 - sx / N) - sx / N) / 2.0;
    o->responsiveness = (sh / N - sl / N) / h;
    /* part_decl (normalize, adjust): atan((yD - 1/2)/(kD/N)) - atan((1/2 - yR)/(kR/N)),
     * times 2/pi, times ln(N)/2; part_decl_simple and part_lop_wins. NaN on sweeps. */
    if (kd > 0 && kr > 0) {
        double mD = yd / kd, mR = yr / kr;
        double dl = gmi_declination_core(mD, kd, mR, kr, N / 2.0); /* no factor 2: N/2 */
        o->declination = dl * log(N) / 2.0;
        o->declination_why = NULL;
        o->declination_simple = (mD - 0.5) / S - (0.5 - mR) / (1.0 - S);
        o->lopsided_wins = mD + mR - 1.0;
    } else {
        o->declination = o->declination_simple = o->lopsided_wins = NAN;
        o->declination_why = "redistmetrics: a sweep";
    }
    /* part_tau_gap: 2 (sum sgn(x)|x|^(tau+1) / 2 + 1/2 - S), x = 2v - 1 (divides by 2,
     * not N: the source's normalisation). */
    double tg = 0;
    for (size_t i = 0; i < n; i++) {
        double xi = 2.0 * v[i] - 1.0;
        tg += (double)((xi > 0) - (xi < 0)) * pow(fabs(xi), opt->tau + 1.0);
    }
    o->tau_gap = 2.0 * (tg / 2.0 + 0.5 - S);
    /* part_sscd (smoothseat): with m_D the smallest D share among D wins (>= 1/2, 1 if
     * none) and M_R the largest among R wins (0 if none): the point between the two
     * districts closest to flipping where a 50% R share falls,
     * (1/2 - (1 - m_D)) / ((1 - M_R) - (1 - m_D)). */
    double mind = 1.0, maxr = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] >= 0.5)
            mind = fmin(mind, v[i]);
        else
            maxr = fmax(maxr, v[i]);
    }
    o->smoothed_seat_deviation = (0.5 - (1.0 - mind)) / ((1.0 - maxr) - (1.0 - mind));
    /* A district with no votes has share 0/0 = NaN in redistmetrics, which propagates
     * into every share-based measure. */
    if (k_zero) {
        o->efficiency_gap_equal_turnout = o->mean_median = o->partisan_bias = NAN;
        o->responsiveness = o->declination = o->declination_simple = o->lopsided_wins = NAN;
        o->tau_gap = o->smoothed_seat_deviation = NAN;
        o->declination_why = "redistmetrics: a district without votes makes the shares NaN";
    }
}

gm_status gm_ranked_marginal_deviation(const double *v, size_t n, size_t k, double *out,
                                       gm_error *err)
{
    if (n == 0 || k == 0) return gm_fail(err, GM_E_ARG, "ranked marginal deviation needs plans and districts");
    double *s = malloc(n * k * sizeof *s), *mean = calloc(k, sizeof *mean);
    if (!s || !mean) {
        free(s);
        free(mean);
        return gm_fail(err, GM_E_NOMEM, "out of memory for %zu plans of %zu districts", n, k);
    }
    for (size_t p = 0; p < n; p++) {
        for (size_t d = 0; d < k; d++) s[p * k + d] = 100.0 * v[p * k + d];
        gmi_median_inplace(s + p * k, k); /* sorts ascending */
        for (size_t d = 0; d < k; d++) mean[d] += s[p * k + d] / (double)n;
    }
    for (size_t p = 0; p < n; p++) {
        double q = 0;
        for (size_t d = 0; d < k; d++) q += (s[p * k + d] - mean[d]) * (s[p * k + d] - mean[d]);
        out[p] = q;
    }
    free(s);
    free(mean);
    return GM_OK;
}
