/* test_partisan.c: the gerrymeter convention on hand-computed cases, the defined
 * edge cases (zero-vote district, NaN and negative votes, one district, a sweep,
 * exact ties, N = 2), the batch kernel against a plain reference implementation, the
 * seats-votes curve, uncontested imputation and the uncertainty draws. */
#include "partisan_testlib.h"

#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_report.h" /* gm_svg_seats_votes */

static gm_partisan score_def(const double *a, const double *b, size_t k)
{
    gm_partisan p;
    gm_error err;
    gm_status rc = gm_partisan_score(a, b, k, NULL, &p, &err);
    if (rc != GM_OK) fail_msg("score failed: %s", err.msg);
    return p;
}

/* DRA's 7-district example with equal turnout (100k votes per district), D first.
 * Hand computation (in comments) of every gerrymeter default. */
static void test_defaults_hand_computed(void **state)
{
    (void)state;
    static const double D[] = {61000, 52000, 45000, 40000, 75000, 48000, 44000};
    static const double R[] = {39000, 48000, 55000, 60000, 25000, 52000, 56000};
    gm_partisan p = score_def(D, R, 7);
    assert_true(p.positive_favours_b);
    assert_int_equal(p.k_counted, 7);
    assert_near(p.seats_a, 3, 0);
    assert_near(p.seats_b, 4, 0);
    assert_near(p.ties, 0, 0);
    /* V = 365000/700000 */
    assert_near(p.vote_share, 365.0 / 700.0, 1e-15);
    assert_near(p.mean_district_share, 365.0 / 700.0, 1e-15);
    /* Wasted: D wins (61,52,75)k: A/2 - 3B/2 = -28000, -46000, 0; R wins: 3A/2 - B/2 =
     * 40000, 30000, 46000, 38000: sum 80000/700000 = 0.1142857 (+ favours R). */
    assert_near(p.efficiency_gap, 80000.0 / 700000.0, 1e-15);
    /* 2(V - 1/2) - (3/7 - 1/2) = 0.0428571 + 0.0714286 */
    assert_near(p.efficiency_gap_equal_turnout, 2 * (365.0 / 700 - 0.5) - (3.0 / 7 - 0.5), 1e-15);
    /* median 0.48: mean - median = 0.0414286 */
    assert_near(p.mean_median, 365.0 / 700.0 - 0.48, 1e-15);
    assert_near(p.votes_bias, 365.0 / 700.0 - 0.48, 1e-15);
    /* Swing to 50%: shares - 0.0214: D keeps only 0.61, 0.75 and 0.52 -> 0.4986 loses:
     * 2/7 seats; PB = 0.5 - 2/7 = 0.2142857. */
    assert_near(p.partisan_bias, 0.5 - 2.0 / 7.0, 1e-15);
    /* Seats bias at V: S(V) = 3/7, S(1-V) = 2/7: (1 - 2/7 - 3/7)/2 = 1/7. */
    assert_near(p.seats_bias, 1.0 / 7.0, 1e-15);
    /* Warrington (basic.py, cross_peer.json) */
    assert_near(p.declination, 0.21343360399254413, 1e-10); /* basic.py rounding */
    assert_near(p.declination_scaled, 0.21343360399254413 * log(7.0) / 2, 1e-10);
    assert_near(p.declination_degrees, 0.21343360399254413 * 90, 1e-8);
    assert_near(p.tau_gap, 0.20971428571428585, 1e-12);
    /* Lopsided: D wins .61 .52 .75 (mean .626667), R wins .55 .60 .52 .56 (mean .5575);
     * pooled variance .030142/5; t = 1.16637934. */
    assert_near(p.lopsided_t, 1.1663793446825264, 1e-9);
    assert_true(p.lopsided_p > 0.25 && p.lopsided_p < 0.35);
    /* |v - 0.5| <= 0.05: 0.52, 0.45, 0.48 */
    assert_near(p.competitive_districts, 3, 0);
    assert_int_equal(p.uncontested, 0);
    /* Responsiveness: finite difference of sum Phi over 7 districts; must be positive
     * and at most N*phi(0)/sigma/N = 9.97 (the steepest possible). */
    assert_true(p.responsiveness > 0 && p.responsiveness < 1 / (0.04 * sqrt(2 * GM_PI)));
    /* Global symmetry: the curve is not symmetric, sign follows the partisan bias. */
    assert_true(p.global_symmetry > 0);
}

static void test_student_t(void **state)
{
    (void)state;
    /* Symmetric margins: t = 0, p = 1. */
    static const double D[] = {60, 70, 40, 30}, R[] = {40, 30, 60, 70};
    gm_partisan p = score_def(D, R, 4);
    assert_near(p.lopsided_t, 0, 1e-12);
    assert_near(p.lopsided_p, 1, 1e-12);
    /* D wins 0.6, 0.8 (mean 0.7, ss 0.02), R wins R shares 0.6, 0.6 (ss 0): sp^2 =
     * 0.01, se = sqrt(0.01 * 1) = 0.1, t = 1, df = 2: p = 1 - 1/sqrt(1.5)... for df=2
     * the t CDF is closed-form: p = 1 - t/sqrt(2 + t^2) = 0.42264973. */
    static const double D2[] = {60, 80, 40, 40}, R2[] = {40, 20, 60, 60};
    p = score_def(D2, R2, 4);
    assert_near(p.lopsided_t, 1.0, 1e-12);
    assert_near(p.lopsided_p, 1.0 - 1.0 / sqrt(3.0), 1e-10);
}

static void test_edge_zero_district(void **state)
{
    (void)state;
    static const double a[] = {10, 0, 5}, b[] = {0, 0, 5};
    gm_partisan p = score_def(a, b, 3);
    assert_int_equal(p.k, 3);
    assert_int_equal(p.k_zero, 1);
    assert_int_equal(p.k_counted, 2);
    assert_int_equal(p.uncontested, 1);
    assert_near(p.ties, 1, 0);
    assert_near(p.seats_a, 1, 0);
    assert_near(p.vote_share, 0.75, 1e-15);
    assert_near(p.mean_district_share, 0.75, 1e-15);
    /* EG: d1 a wins: 5 - 0 = 5; tie: 0; /20 = 0.25 */
    assert_near(p.efficiency_gap, 0.25, 1e-15);
    /* median of (1, .5) = .75: MM 0 */
    assert_near(p.mean_median, 0, 1e-15);
    /* no district with votes at all */
    static const double z[] = {0, 0};
    p = score_def(z, z, 2);
    assert_int_equal(p.k_zero, 2);
    assert_true(isnan(p.vote_share) && isnan(p.efficiency_gap) && isnan(p.declination));
    assert_non_null(p.declination_why);
}

static void test_edge_bad_votes(void **state)
{
    (void)state;
    gm_partisan p;
    gm_error err;
    static const double a[] = {10, NAN, 5}, b[] = {1, 2, 3};
    assert_int_equal(gm_partisan_score(a, b, 3, NULL, &p, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "district 2"));
    static const double c[] = {10, 1, 5}, d[] = {1, 2, -1};
    assert_int_equal(gm_partisan_score(c, d, 3, NULL, &p, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "district 3"));
    static const double e[] = {INFINITY};
    assert_int_equal(gm_partisan_score(e, d, 1, NULL, &p, &err), GM_E_DATA);
    assert_int_equal(gm_partisan_score(a, b, 0, NULL, &p, &err), GM_E_ARG);
}

static void test_edge_one_district(void **state)
{
    (void)state;
    static const double a[] = {60}, b[] = {40};
    gm_partisan p = score_def(a, b, 1);
    assert_near(p.seats_a, 1, 0);
    assert_near(p.efficiency_gap, -0.3, 1e-15); /* (30 - 60)/100 */
    assert_near(p.mean_median, 0, 0);
    assert_near(p.partisan_bias, 0, 0);         /* v == V counts 1/2 */
    assert_true(isnan(p.declination));
    assert_string_equal(p.declination_why, "the second party won no district");
    assert_true(isnan(p.lopsided_t));
}

static void test_edge_sweep(void **state)
{
    (void)state;
    static const double a[] = {60, 70, 55}, b[] = {40, 30, 45};
    gm_partisan p = score_def(a, b, 3);
    assert_near(p.seats_a, 3, 0);
    assert_near(p.efficiency_gap, -80.0 / 300.0, 1e-15);
    assert_true(isnan(p.declination));
    assert_non_null(p.declination_why);
    /* The other way round. */
    p = score_def(b, a, 3);
    assert_near(p.seats_b, 3, 0);
    assert_near(p.efficiency_gap, 80.0 / 300.0, 1e-15);
    assert_string_equal(p.declination_why, "the first party won no district");
}

static void test_edge_ties(void **state)
{
    (void)state;
    static const double a[] = {50, 50}, b[] = {50, 50};
    gm_partisan p = score_def(a, b, 2);
    assert_near(p.ties, 2, 0);
    assert_near(p.seats_a, 0, 0);
    assert_near(p.seats_b, 0, 0);
    assert_near(p.efficiency_gap, 0, 0);
    assert_near(p.efficiency_gap_equal_turnout, 0, 0);
    assert_near(p.partisan_bias, 0, 0);
    assert_near(p.competitive_districts, 2, 0);
    assert_true(isnan(p.declination)); /* a tie counts as a b win (Warrington): a sweep */
}

static void test_edge_two_districts(void **state)
{
    (void)state;
    static const double a[] = {60, 30}, b[] = {40, 70};
    gm_partisan p = score_def(a, b, 2);
    assert_near(p.vote_share, 0.45, 1e-15);
    /* d1: 30 - 60 = -30, d2: 45 - 35 = 10: -20/200 */
    assert_near(p.efficiency_gap, -0.1, 1e-15);
    assert_near(p.efficiency_gap_equal_turnout, -0.1, 1e-15);
    assert_near(p.mean_median, 0, 1e-15);
    assert_near(p.partisan_bias, 0, 0);
    /* theta = atan(0.4 * 2), gamma = atan(0.2 * 2): 2(gamma - theta)/pi */
    assert_near(p.declination, 2 * (atan(0.4) - atan(0.8)) / GM_PI, 1e-15);
}

/* ---- batch kernel vs a plain implementation -------------------------------------- */

static int cmpd(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

typedef struct plain {
    double seats, V, eg, eget, mm, pb, decl, comp;
} plain;

/* One plan, written the obvious way (branches, qsort). */
static plain plain_score(const double *a, const double *b, size_t k)
{
    plain r = {0, 0, 0, 0, 0, 0, 0, 0};
    double v[512], sa = 0, st = 0, wa = 0, wb = 0, sv = 0;
    size_t n = 0;
    for (size_t d = 0; d < k; d++) {
        double t = a[d] + b[d];
        sa += a[d];
        st += t;
        if (a[d] > b[d]) {
            wa += a[d] - t / 2;
            wb += b[d];
            r.seats += 1;
        } else if (b[d] > a[d]) {
            wa += a[d];
            wb += b[d] - t / 2;
        } else {
            wa += a[d] / 2;
            wb += b[d] / 2;
            if (t > 0) r.seats += 0.5;
        }
        if (t > 0) {
            v[n++] = a[d] / t;
            sv += a[d] / t;
            if (fabs(a[d] / t - 0.5) <= 0.05) r.comp++;
        }
    }
    r.V = sa / st;
    r.eg = (wa - wb) / st;
    if (n == 0) { /* no votes: every share metric undefined */
        r.eget = r.mm = r.pb = r.decl = r.V = r.eg = NAN;
        return r;
    }
    r.eget = 2 * (r.V - 0.5) - (r.seats / (double)n - 0.5);
    double up = 0;
    for (size_t i = 0; i < n; i++) up += v[i] > r.V ? 1 : (v[i] == r.V ? 0.5 : 0);
    r.pb = 0.5 - up / (double)n;
    double vv[512];
    memcpy(vv, v, n * sizeof *v);
    qsort(v, n, sizeof *v, cmpd);
    r.mm = sv / (double)n - (v[(n - 1) / 2] + v[n / 2]) / 2;
    /* Warrington */
    double na = 0, ya = 0, nb = 0, yb = 0;
    for (size_t i = 0; i < n; i++) {
        if (vv[i] > 0.5) {
            na++;
            ya += vv[i];
        } else {
            nb++;
            yb += vv[i];
        }
    }
    r.decl = (na > 0 && nb > 0) ? 2 * (atan((2 * ya / na - 1) * (double)n / na) -
                                       atan((1 - 2 * yb / nb) * (double)n / nb)) / GM_PI
                                : NAN;
    return r;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

static void check_batch(size_t k, size_t n)
{
    double *a = malloc(n * k * sizeof *a), *b = malloc(n * k * sizeof *b);
    double *o = malloc(8 * n * sizeof *o);
    assert_true(a && b && o);
    uint64_t s = 12345 + k;
    for (size_t i = 0; i < n * k; i++) {
        uint64_t r = lcg(&s);
        a[i] = (double)(r % 1000);
        b[i] = (double)(lcg(&s) % 1000);
        if (r % 97 == 0) b[i] = a[i];          /* exact ties */
        if (r % 89 == 0) a[i] = b[i] = 0;      /* empty districts */
    }
    gm_partisan_batch *bt;
    gm_error err;
    assert_int_equal(gm_partisan_batch_create(k, NULL, &bt, &err), GM_OK);
    gm_partisan_batch_out out = {o, o + n, o + 2 * n, o + 3 * n, o + 4 * n, o + 5 * n, o + 6 * n, o + 7 * n};
    gm_partisan_batch_score(bt, a, b, n, &out);
    for (size_t p = 0; p < n; p++) {
        plain r = plain_score(a + p * k, b + p * k, k);
        assert_near(out.seats_a[p], r.seats, 0);
        assert_near(out.vote_share[p], r.V, 1e-12);
        assert_near(out.efficiency_gap[p], r.eg, 1e-12);
        assert_near(out.efficiency_gap_equal_turnout[p], r.eget, 1e-12);
        assert_near(out.mean_median[p], r.mm, 1e-12);
        assert_near(out.partisan_bias[p], r.pb, 1e-12);
        assert_near(out.competitive[p], r.comp, 0);
        if (isnan(r.decl))
            assert_true(isnan(out.declination[p]));
        else
            assert_near(out.declination[p], r.decl, 1e-12);
        /* One plan through gm_partisan_score gives the same numbers. */
        if (p < 20) {
            gm_partisan q = score_def(a + p * k, b + p * k, k);
            assert_true(q.efficiency_gap == out.efficiency_gap[p]);
            assert_true(q.mean_median == out.mean_median[p]);
            assert_true(q.partisan_bias == out.partisan_bias[p]);
        }
    }
    gm_partisan_batch_destroy(bt);
    free(a);
    free(b);
    free(o);
}

static void test_batch_matches_plain(void **state)
{
    (void)state;
    static const size_t ks[] = {1, 2, 3, 5, 8, 13, 17, 53, 134, 435};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) check_batch(ks[i], 203); /* 203: a tail block */
}

/* ---- curve, imputation, draws ---------------------------------------------------- */

static void test_sv_curve(void **state)
{
    (void)state;
    static const double v[] = {0.3, 0.45, 0.6, 0.7};
    double V = 0.5125;
    /* uniform: x = 0.5 shifts by -0.0125: 0.2875 0.4375 0.5875 0.6875 -> 2/4 */
    assert_near(gm_sv_seat_share(v, 4, V, 0.5, GM_SWING_UNIFORM, GM_SEATS_FPTP, 0.04, false), 0.5, 0);
    /* x = 0.45: shift -0.0625: 0.5375, 0.6375 win */
    assert_near(gm_sv_seat_share(v, 4, V, 0.45, GM_SWING_UNIFORM, GM_SEATS_FPTP, 0.04, false), 0.5, 0);
    /* x = 0.40: shift -0.1125: 0.4875, 0.5875 -> 1/4 */
    assert_near(gm_sv_seat_share(v, 4, V, 0.40, GM_SWING_UNIFORM, GM_SEATS_FPTP, 0.04, false), 0.25, 0);
    /* proportional, x = 0.6 > V: 1 - (1-v)(0.4/0.4875): 0.4256.. 0.5487 0.6718 0.7538 -> 3/4 */
    assert_near(gm_sv_seat_share(v, 4, V, 0.6, GM_SWING_PROPORTIONAL, GM_SEATS_FPTP, 0.04, false), 0.75, 0);
    /* exact tie at 1/2 counts half */
    static const double h[] = {0.5};
    assert_near(gm_sv_seat_share(h, 1, 0.5, 0.5, GM_SWING_UNIFORM, GM_SEATS_FPTP, 0.04, false), 0.5, 0);
    assert_near(gm_sv_seat_share(h, 1, 0.5, 0.5, GM_SWING_UNIFORM, GM_SEATS_PROB, 0.04, false), 0.5, 1e-15);
    /* probabilistic seat at 0.54 with sigma 0.04 = Phi(1) = 0.841344746 */
    assert_near(gm_seat_probability(0.54, 0.04), 0.8413447460685429, 1e-12);
    assert_int_equal(gm_sv_grid_size(0.25, 0.75, 0.005), 101);
    double x[101], s[101];
    gm_sv_curve(v, 4, V, GM_SWING_UNIFORM, GM_SEATS_FPTP, 0.04, 0.25, 0.005, 101, x, s);
    assert_near(x[100], 0.75, 1e-12);
    assert_near(s[0], 0, 0);   /* 0.25: shift -0.2625: max 0.4375 */
    assert_near(s[100], 1, 0); /* 0.75: shift +0.2375: min 0.5375 */
}

static void test_impute(void **state)
{
    (void)state;
    double a[] = {0, 60, 30, 80}, b[] = {100, 40, 70, 0};
    unsigned char ch[4];
    assert_int_equal(gm_impute_uncontested(a, b, 4, 0.75, ch), 2);
    /* mean contested total 100: d1 b wins 75-25, d4 a wins 75-25 */
    assert_near(a[0], 25, 1e-12);
    assert_near(b[0], 75, 1e-12);
    assert_near(a[3], 75, 1e-12);
    assert_near(b[3], 25, 1e-12);
    assert_true(ch[0] == 1 && ch[1] == 0 && ch[2] == 0 && ch[3] == 1);
    assert_near(a[1], 60, 0);
    /* nothing contested: own totals */
    double c[] = {0, 10}, d[] = {20, 0};
    assert_int_equal(gm_impute_uncontested(c, d, 2, 0.75, NULL), 2);
    assert_near(c[0], 5, 1e-12);
    assert_near(c[1], 7.5, 1e-12);
}

/* The rule of the one imputation: control's (the reported winner, each race's own
 * turnout) against the default (the party with votes, the mean contested total). */
static void test_impute_rule(void **state)
{
    (void)state;
    /* d0: b unopposed; d1 contested; d2 no count (no votes), a reported winner;
     * d3: a unopposed but the table says b won; d4 uncontested, turnout unknown */
    double a[] = {0, 60, 0, 80, 10}, b[] = {100, 40, 0, 0, 0};
    const char win[] = {'b', 'a', 'a', 'b', 'a'};
    const double turn[] = {120, 100, 90, 200, 0};
    gm_impute_rule rule = {win, turn};
    unsigned char ch[5];
    assert_int_equal(gm_impute_uncontested_rule(a, b, 5, 0.75, &rule, ch), 3);
    assert_near(a[0], 30, 1e-12); /* 0.25 x 120 */
    assert_near(b[0], 90, 1e-12);
    assert_near(a[1], 60, 0); /* contested races are never touched */
    assert_near(a[2], 67.5, 1e-12); /* a race without votes, imputed from its turnout */
    assert_near(b[2], 22.5, 1e-12);
    assert_near(a[3], 50, 1e-12); /* the reported winner, not the party with votes */
    assert_near(b[3], 150, 1e-12);
    assert_near(a[4], 10, 0); /* no turnout: as reported */
    assert_true(ch[0] && !ch[1] && ch[2] && ch[3] && !ch[4]);
    /* the default rule on the same votes: d2 has no winner, d3 goes to a, d4 too, all
     * at the mean contested total (100) */
    double c[] = {0, 60, 0, 80, 10}, d[] = {100, 40, 0, 0, 0};
    gm_impute_rule none = {NULL, NULL};
    assert_int_equal(gm_impute_uncontested_rule(c, d, 5, 0.75, &none, ch), 3);
    assert_near(c[2], 0, 0);
    assert_near(c[3], 75, 1e-12);
    assert_near(c[4], 75, 1e-12);
    assert_true(ch[0] && !ch[1] && !ch[2] && ch[3] && ch[4]);
    /* winner 0: neither major party won, the race stays */
    double e[] = {0}, f[] = {50};
    const char no[] = {0};
    gm_impute_rule rn = {no, NULL};
    assert_int_equal(gm_impute_uncontested_rule(e, f, 1, 0.75, &rn, NULL), 0);
    assert_near(f[0], 50, 0);
}

static void test_draws(void **state)
{
    (void)state;
    static const double D[] = {61000, 52000, 45000, 40000, 75000, 48000, 44000};
    static const double R[] = {39000, 48000, 55000, 60000, 25000, 52000, 56000};
    gm_partisan_draws_opts o = {0.03, 0.015, 2000, 42};
    gm_partisan_draws d1, d2, d3;
    gm_error err;
    assert_int_equal(gm_partisan_draws_run(D, R, 7, &o, &d1, &err), GM_OK);
    assert_int_equal(gm_partisan_draws_run(D, R, 7, &o, &d2, &err), GM_OK);
    assert_true(memcmp(&d1, &d2, sizeof d1) == 0); /* the seed reproduces every draw */
    o.seed = 43;
    assert_int_equal(gm_partisan_draws_run(D, R, 7, &o, &d3, &err), GM_OK);
    assert_true(d3.efficiency_gap.mean != d1.efficiency_gap.mean);
    assert_int_equal(d1.efficiency_gap.n_defined, 2000);
    assert_true(d1.efficiency_gap.sd > 0);
    assert_near(d1.efficiency_gap.p_favours_a + d1.efficiency_gap.p_favours_b, 1.0, 1e-12);
    /* No noise: every draw is the plan itself. */
    gm_partisan_draws_opts z = {0, 0, 10, 1};
    assert_int_equal(gm_partisan_draws_run(D, R, 7, &z, &d1, &err), GM_OK);
    gm_partisan p = score_def(D, R, 7);
    assert_near(d1.efficiency_gap.mean, p.efficiency_gap, 1e-12);
    assert_near(d1.efficiency_gap.sd, 0, 1e-9);
    assert_near(d1.efficiency_gap.p_favours_b, 1, 0);
    assert_near(d1.seats_a.mean, 3, 1e-12);
    assert_near(d1.seats_a.p_favours_b, 1, 0);
    /* One 50-50 district under swing only: a wins half the draws (+-3 SE). */
    static const double h[] = {50}, g[] = {50};
    gm_partisan_draws_opts s = {0.05, 0, 20000, 7};
    assert_int_equal(gm_partisan_draws_run(h, g, 1, &s, &d1, &err), GM_OK);
    assert_near(d1.seats_a.p_favours_a, 0.5, 3 * 0.5 / sqrt(20000.0));
    /* SD of the statewide share equals the swing SD: seats_a mean 1/2. */
    assert_near(d1.seats_a.mean, 0.5, 0.012);
    assert_int_equal(gm_partisan_draws_run(h, g, 1, &(gm_partisan_draws_opts){0.1, 0, 0, 1}, &d1, &err),
                     GM_E_ARG);
}

static size_t count_str(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *q = strstr(s, what); q; q = strstr(q + 1, what)) n++;
    return n;
}

static void test_svg_chart(void **state)
{
    (void)state;
    static const double v[] = {0.3, 0.45, 0.6, 0.7};
    char *svg = NULL;
    gm_error err;
    assert_int_equal(gm_svg_seats_votes(v, 4, 0.5125, 0.5, NULL, "X <&> Y", "D", "R", &svg, &err), GM_OK);
    assert_non_null(svg);
    assert_int_equal(strncmp(svg, "<svg ", 5), 0);
    assert_non_null(strstr(svg, "</svg>"));
    assert_int_equal(count_str(svg, "<polyline"), 2); /* curve and mirror */
    assert_int_equal(count_str(svg, "<circle"), 2);    /* the actual point and its mirror */
    /* the mirror label, on one line or two */
    assert_non_null(strstr(svg, "mirror (R&#39;s result):"));
    assert_non_null(strstr(svg, "48.8% votes, 50.0% seats"));
    assert_non_null(strstr(svg, "Seats-votes curve: X &lt;&amp;&gt; Y")); /* escaped title */
    assert_non_null(strstr(svg, "actual: 51.2% votes, 50.0% seats"));
    assert_non_null(strstr(svg, "D share of the two-party vote"));
    assert_non_null(strstr(svg, "R seats at the same share (mirrored)"));
    assert_int_equal(count_str(svg, "stroke-dasharray=\"2,3\""), 2); /* the 50% lines */
    free(svg);
    assert_int_equal(gm_svg_seats_votes(v, 0, 0.5, 0.5, NULL, NULL, "D", "R", &svg, &err), GM_E_ARG);
}

/* The flip share: one district of share v changes hands exactly there, under both
 * swings (the curve is 0 just below it and 1 just above). */
static void test_sv_flip_share(void **state)
{
    (void)state;
    static const double vs[] = {0.05, 0.3, 0.45, 0.5, 0.55, 0.7, 0.97};
    static const double Vs[] = {0.35, 0.5125, 0.6};
    assert_near(gm_sv_flip_share(0.3, 0.5125, GM_SWING_UNIFORM), 0.7125, 1e-15);
    assert_near(gm_sv_flip_share(0.7, 0.5, GM_SWING_PROPORTIONAL), 0.5 / 1.4, 1e-15);
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++)
        for (size_t j = 0; j < sizeof Vs / sizeof Vs[0]; j++)
            for (int sw = 0; sw < 2; sw++) {
                double x = gm_sv_flip_share(vs[i], Vs[j], (gm_swing)sw);
                assert_near(gm_sv_seat_share(&vs[i], 1, Vs[j], x - 1e-9, (gm_swing)sw,
                                             GM_SEATS_FPTP, 0, false), 0, 0);
                assert_near(gm_sv_seat_share(&vs[i], 1, Vs[j], x + 1e-9, (gm_swing)sw,
                                             GM_SEATS_FPTP, 0, false), 1, 0);
            }
    assert_true(isnan(gm_sv_flip_share(0.4, 0, GM_SWING_PROPORTIONAL)));
}

/* The share of the vote axis at SVG x, from the plot frame's attributes. */
static double frame_share(const char *svg, double X, double *y_of_seats0, double *h)
{
    const char *fr = strstr(svg, "class=\"frame\"");
    assert_non_null(fr);
    double lo, hi, x, y, w;
    assert_int_equal(sscanf(fr, "class=\"frame\" data-lo=\"%lf\" data-hi=\"%lf\" x=\"%lf\" "
                                "y=\"%lf\" width=\"%lf\" height=\"%lf\"",
                            &lo, &hi, &x, &y, &w, h),
                     6);
    *y_of_seats0 = y + *h;
    return lo + (X - x) / w * (hi - lo);
}

/* The risers (vertical steps) of one curve of the chart: their vote shares and the seat
 * share after each, in order. Returns the count. */
static size_t risers(const char *svg, const char *curve, double *at, double *after)
{
    char key[64];
    snprintf(key, sizeof key, "data-curve=\"%s\"", curve);
    const char *p = strstr(svg, key);
    assert_non_null(p);
    p = strstr(p, "points=\"");
    assert_non_null(p);
    p += strlen("points=\"");
    double px[64], py[64];
    size_t n = 0;
    int used;
    while (n < 64 && sscanf(p, "%lf,%lf %n", &px[n], &py[n], &used) == 2) {
        p += used;
        n++;
    }
    size_t r = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (px[i] != px[i + 1]) continue;
        assert_true(py[i + 1] < py[i]); /* a riser goes up */
        double y0, h;
        at[r] = frame_share(svg, px[i], &y0, &h);
        after[r++] = (y0 - py[i + 1]) / h;
    }
    /* between risers the curve is flat: every other segment is horizontal */
    for (size_t i = 0; i + 1 < n; i++)
        assert_true(px[i] == px[i + 1] || py[i] == py[i + 1]);
    return r;
}

/* First past the post under uniform swing: the drawn curve rises by one seat in k at
 * exactly V - (v_i - 1/2) for each district share v_i, and the mirror at 1 minus those;
 * nothing sampled on a grid. */
static void test_svg_fptp_steps(void **state)
{
    (void)state;
    static const double v[] = {0.3, 0.45, 0.6, 0.7};
    const double V = 0.5125;
    char *svg = NULL;
    gm_error err;
    assert_int_equal(gm_svg_seats_votes(v, 4, V, 0.5, NULL, NULL, "D", "R", &svg, &err), GM_OK);
    double at[16], after[16];
    /* V - (v - 1/2), ascending: 0.3125 (v 0.7), 0.4125, 0.5625, 0.7125 (v 0.3) */
    static const double want[] = {0.3125, 0.4125, 0.5625, 0.7125};
    assert_int_equal(risers(svg, "a", at, after), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_near(at[i], want[i], 2e-5); /* 0.01 SVG unit of 550 for 50 points */
        assert_near(after[i], (double)(i + 1) / 4, 1e-4);
    }
    assert_int_equal(risers(svg, "mirror", at, after), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_near(at[i], 1 - want[3 - i], 2e-5);
        assert_near(after[i], (double)(i + 1) / 4, 1e-4);
    }
    free(svg);
    /* Two districts flipping at the same share make one riser of two seats. */
    static const double w[] = {0.4, 0.4, 0.62};
    assert_int_equal(gm_svg_seats_votes(w, 3, 0.47, 1.0 / 3, NULL, NULL, "D", "R", &svg, &err), GM_OK);
    assert_int_equal(risers(svg, "a", at, after), 2);
    assert_near(at[0], 0.47 - 0.12, 2e-5);
    assert_near(after[0], 1.0 / 3, 1e-4);
    assert_near(at[1], 0.47 + 0.1, 2e-5);
    assert_near(after[1], 1.0, 1e-4);
    free(svg);
}

static void test_convention_names(void **state)
{
    (void)state;
    gm_convention c;
    gm_error err;
    assert_int_equal(gm_convention_parse("PlanScore", &c, &err), GM_OK);
    assert_int_equal(c, GM_CONV_PLANSCORE);
    assert_string_equal(gm_convention_name(GM_CONV_REDISTMETRICS), "redistmetrics");
    assert_int_equal(gm_convention_parse("mggg", &c, &err), GM_E_ARG);
    assert_non_null(strstr(err.msg, "mggg"));
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_defaults_hand_computed),
        cmocka_unit_test(test_student_t),
        cmocka_unit_test(test_edge_zero_district),
        cmocka_unit_test(test_edge_bad_votes),
        cmocka_unit_test(test_edge_one_district),
        cmocka_unit_test(test_edge_sweep),
        cmocka_unit_test(test_edge_ties),
        cmocka_unit_test(test_edge_two_districts),
        cmocka_unit_test(test_batch_matches_plain),
        cmocka_unit_test(test_sv_curve),
        cmocka_unit_test(test_impute),
        cmocka_unit_test(test_impute_rule),
        cmocka_unit_test(test_draws),
        cmocka_unit_test(test_svg_chart),
        cmocka_unit_test(test_sv_flip_share),
        cmocka_unit_test(test_svg_fptp_steps),
        cmocka_unit_test(test_convention_names),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
