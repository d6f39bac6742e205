/* partisan_score.c: gm_partisan_score, the single entry point for one plan. It checks
 * the votes, runs the batch kernel on a batch of one (so the core metrics are the
 * ensemble's), then adds the per-plan extras: seats-votes curve metrics, declination
 * variants, Wang's lopsided-margins test, the tau gap, and the peer conventions. */
#include "metrics/partisan_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void set_all_nan(gm_partisan *o)
{
    o->seats_a_expected = o->vote_share = o->mean_district_share = NAN;
    o->efficiency_gap = o->efficiency_gap_equal_turnout = o->mean_median = NAN;
    o->mean_median_statewide = o->partisan_bias = o->seats_bias = o->votes_bias = NAN;
    o->global_symmetry = o->responsiveness = o->declination = NAN;
    o->declination_scaled = o->declination_degrees = o->lopsided_t = o->lopsided_p = NAN;
    o->tau_gap = o->partisan_gini = o->declination_simple = NAN;
    o->lopsided_wins = o->dilution_asymmetry = o->talisman = NAN;
    o->smoothed_seat_deviation = o->mean_thirdian = NAN;
    o->majority_share = o->majority_share_b = o->majority_swing = NAN;
    double *d = &o->dra.bestS;
    for (size_t i = 0; i < sizeof o->dra / sizeof(double); i++) d[i] = NAN;
}

/* Wang (2016): two-sample Student t (pooled variance) of a's share in the districts
 * a won against b's share in the districts b won; exact ties are left out. A positive
 * t means a wins by larger margins (is packed), which favours b. Needs at least two
 * wins per party. */
static void lopsided(const double *v, size_t n, gm_partisan *o)
{
    double na = 0, sa = 0, qa = 0, nb = 0, sb = 0, qb = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] > 0.5) {
            na++;
            sa += v[i];
        } else if (v[i] < 0.5) {
            nb++;
            sb += 1.0 - v[i];
        }
    }
    if (na < 2 || nb < 2) {
        o->lopsided_t = o->lopsided_p = NAN;
        o->lopsided_why = "each party needs at least two wins";
        return;
    }
    double ma = sa / na, mb = sb / nb;
    for (size_t i = 0; i < n; i++) {
        if (v[i] > 0.5) qa += (v[i] - ma) * (v[i] - ma);
        if (v[i] < 0.5) qb += (1.0 - v[i] - mb) * (1.0 - v[i] - mb);
    }
    double df = na + nb - 2.0;
    double sp2 = (qa + qb) / df;
    double se = sqrt(sp2 * (1.0 / na + 1.0 / nb));
    if (se == 0) {
        o->lopsided_t = o->lopsided_p = NAN;
        o->lopsided_why = "no spread in the winning shares";
        return;
    }
    o->lopsided_t = (ma - mb) / se;
    o->lopsided_p = gmi_student_p2(o->lopsided_t, df);
    o->lopsided_why = NULL;
}

/* Warrington tau gap, x_i = 2 v_i - 1:
 * 2 (sum sgn(x_i)|x_i|^(tau+1) / N + 1/2 - m/N), m = #(x_i > 0). + favours b. */
static double tau_gap(const double *v, size_t n, double tau)
{
    double s = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        double x = 2.0 * v[i] - 1.0;
        s += (double)((x > 0) - (x < 0)) * pow(fabs(x), tau + 1.0);
        m += x > 0;
    }
    return 2.0 * (s / (double)n + 0.5 - m / (double)n);
}

/* Talisman competitiveness (redistmetrics compet_talisman, alpha = beta = 1):
 * mean|1/2 - v| * (1 + |#(v < 1/2)/N - 1/2|). Lower is more competitive. */
static double talisman(const double *v, size_t n)
{
    double dev = 0, nb = 0;
    for (size_t i = 0; i < n; i++) {
        dev += fabs(0.5 - v[i]);
        nb += v[i] < 0.5;
    }
    double N = (double)n;
    return dev / N * (1.0 + fabs(nb / N - 0.5));
}

/* Seats-votes curve metrics in the gerrymeter convention (party a's curve S(x)). */
static void curve_metrics(const double *v, size_t n, double V, double median,
                          const gm_partisan_opts *opt, gm_partisan *o)
{
    gm_swing sw = opt->curve_swing;
    gm_seat_rule rule = opt->curve_seats;
    double sg = opt->sigma;
    /* Seats bias at V: (S_b(V) - S_a(V))/2 with S_b(V) = 1 - S_a(1 - V). */
    double s_v = gm_sv_seat_share(v, n, V, V, sw, rule, sg, false);
    double s_1v = gm_sv_seat_share(v, n, V, 1.0 - V, sw, rule, sg, false);
    o->seats_bias = 0.5 * ((1.0 - s_1v) - s_v);
    /* Votes bias: the share x* at which a wins half the seats, minus 1/2. Under a
     * uniform swing with FPTP seats x* = V + 1/2 - median exactly (the median district
     * sits at 1/2 there; for even N the midpoint of the interval where S = 1/2). */
    if (sw == GM_SWING_UNIFORM && rule == GM_SEATS_FPTP) {
        o->votes_bias = V - median;
    } else {
        double lo = opt->curve_lo, st = opt->curve_step, xl = NAN, sl = NAN;
        size_t np = gm_sv_grid_size(lo, opt->curve_hi, st);
        o->votes_bias = NAN;
        for (size_t i = 0; i < np; i++) {
            double x = lo + (double)i * st, s = gm_sv_seat_share(v, n, V, x, sw, rule, sg, false);
            if (s >= 0.5 && i > 0 && sl < 0.5) {
                o->votes_bias = xl + (x - xl) * (0.5 - sl) / (s - sl) - 0.5;
                break;
            }
            if (s >= 0.5 && i == 0) break;
            xl = x;
            sl = s;
        }
    }
    /* Global symmetry: mean over the grid of |S_a(x) - S_b(x)|/2, S_b(x) = 1 - S_a(1-x),
     * signed like the partisan bias. */
    size_t np = gm_sv_grid_size(opt->curve_lo, opt->curve_hi, opt->curve_step);
    double g = 0;
    for (size_t i = 0; i < np; i++) {
        double x = opt->curve_lo + (double)i * opt->curve_step;
        double sa = gm_sv_seat_share(v, n, V, x, sw, rule, sg, false);
        double sb = 1.0 - gm_sv_seat_share(v, n, V, 1.0 - x, sw, rule, sg, false);
        g += fabs(sa - sb) / 2.0;
    }
    g = np ? g / (double)np : NAN;
    o->global_symmetry = o->partisan_bias < 0 ? -g : g;
    /* Responsiveness at V: central difference of the probabilistic curve (FPTP seats
     * make the slope 0 or a spike), seat share per unit of vote share. */
    double h = opt->resp_bandwidth;
    double up = gm_sv_seat_share(v, n, V, V + h / 2.0, sw, GM_SEATS_PROB, sg, false);
    double dn = gm_sv_seat_share(v, n, V, V - h / 2.0, sw, GM_SEATS_PROB, sg, false);
    o->responsiveness = (up - dn) / h;
}

gm_status gm_partisan_score(const double *a, const double *b, size_t k, const gm_partisan_opts *opt,
                            gm_partisan *out, gm_error *err)
{
    gm_partisan_opts def;
    if (!opt) {
        gm_partisan_opts_init(&def);
        opt = &def;
    }
    memset(out, 0, sizeof *out);
    out->convention = opt->convention;
    out->positive_favours_b = true;
    set_all_nan(out);
    if (k == 0) return gm_fail(err, GM_E_ARG, "no districts to score");
    for (size_t d = 0; d < k; d++) {
        if (!isfinite(a[d]) || !isfinite(b[d]) || a[d] < 0 || b[d] < 0)
            return gm_fail(err, GM_E_DATA,
                           "district %zu: votes %g and %g are not both non-negative numbers; "
                           "fix the input or drop the district",
                           d + 1, a[d], b[d]);
    }
    out->k = k;
    for (size_t d = 0; d < k; d++) {
        double t = a[d] + b[d];
        if (t <= 0) {
            out->k_zero++;
            continue;
        }
        out->k_counted++;
        out->uncontested += a[d] == 0 || b[d] == 0;
        out->seats_a += a[d] > b[d];
        out->seats_b += b[d] > a[d];
        out->ties += a[d] == b[d];
    }
    size_t n = out->k_counted;
    if (n == 0) {
        out->declination_why = "no district has votes";
        out->lopsided_why = "no district has votes";
        return GM_OK;
    }

    gm_status rc = GM_OK;
    gm_partisan_batch *bt = NULL;
    double *ca = malloc(3 * n * sizeof *ca);
    if (!ca) return gm_fail(err, GM_E_NOMEM, "out of memory");
    double *cb = ca + n, *cv = cb + n;
    for (size_t d = 0, i = 0; d < k; d++)
        if (a[d] + b[d] > 0) {
            ca[i] = a[d];
            cb[i] = b[d];
            cv[i] = a[d] / (a[d] + b[d]);
            i++;
        }

    /* Core metrics: the batch kernel on one plan. */
    if ((rc = gm_partisan_batch_create(k, opt, &bt, err)) != GM_OK) goto done;
    double seats_half, V, eg, eget, mm, pb, decl, comp;
    gm_partisan_batch_out bo = {&seats_half, &V, &eg, &eget, &mm, &pb, &decl, &comp};
    gm_partisan_batch_score(bt, a, b, 1, &bo);

    double sv = 0, sexp = 0;
    for (size_t i = 0; i < n; i++) {
        sv += cv[i];
        sexp += gm_seat_probability(cv[i], opt->sigma);
    }
    if (!isnan(opt->statewide_share)) {
        V = opt->statewide_share;
        eget = 2.0 * (V - 0.5) - (seats_half / (double)n - 0.5);
    }
    out->vote_share = V;
    out->mean_district_share = sv / (double)n;
    out->seats_a_expected = sexp;
    out->efficiency_gap = eg;
    out->efficiency_gap_equal_turnout = eget;
    out->mean_median = mm;
    out->partisan_bias = pb;
    out->competitive_districts = comp;
    out->declination = decl;
    out->declination_why = NULL;
    if (isnan(decl)) gmi_declination(cv, n, &out->declination_why);
    out->declination_scaled = decl * log((double)n) / 2.0;
    out->declination_degrees = decl * 90.0;
    double median = out->mean_district_share - mm;
    out->mean_median_statewide = V - median;
    curve_metrics(cv, n, V, median, opt, out);
    lopsided(cv, n, out);
    /* the majority threshold of the districts with votes (gm_partisan_add_declared_seats
     * adds the seats of those without) */
    gm_majority mj;
    if ((rc = gm_majority_threshold(cv, n, 0, 0, 0, V, &mj, err)) != GM_OK) goto done;
    gmi_partisan_set_majority(out, &mj);
    out->tau_gap = tau_gap(cv, n, opt->tau);
    out->talisman = talisman(cv, n);

    switch (opt->convention) {
    case GM_CONV_GERRYMETER: break;
    case GM_CONV_DRA: gmi_partisan_dra(cv, n, V, out); break;
    case GM_CONV_PLANSCORE: gmi_partisan_planscore(ca, cb, cv, n, opt, out); break;
    case GM_CONV_GERRYCHAIN: gmi_partisan_gerrychain(ca, cb, cv, n, out->k_zero, out); break;
    case GM_CONV_REDISTMETRICS: gmi_partisan_redistmetrics(ca, cb, cv, n, out->k_zero, opt, out); break;
    }
done:
    gm_partisan_batch_destroy(bt);
    free(ca);
    return rc;
}
