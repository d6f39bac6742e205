/* test_partisan_dra.c: every DRA partisan vector in ../shared/vectors, run through
 * --convention dra: the 23 scorecards (266 field expectations, flat CSV), the PA
 * SCOPA-7S seats-votes curve (101 points + scalars) and the seat-probability,
 * responsiveness and estSeats unit vectors. Tolerances are the upstream jest ones
 * (abs_tol column / toBeCloseTo); each value is also held to DRA's own npm output at
 * 1e-6, which the jest tolerance alone would not catch. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_partisan.h"
#include "io/csv.h"
#include "metrics/partisan_internal.h"

/* cmocka's assert_float_equal works in float; these tolerances need doubles. */
#define assert_near(a, b, eps)                                                                 \
    do {                                                                                       \
        double a_ = (a), b_ = (b);                                                             \
        if (!(fabs(a_ - b_) <= (eps)))                                                         \
            fail_msg("%s = %.12g, expected %.12g (tol %g)", #a, a_, b_, (double)(eps));        \
    } while (0)

/* Tight agreement with DRA's own outputs (same erf approximation, same grid). */
#define NPM_TOL 1e-6

static double dra_field(const gm_partisan *p, const char *f)
{
    const gm_partisan_dra *d = &p->dra;
    static const struct {
        const char *name;
        size_t off;
    } map[] = {
        {"bias.bestS", offsetof(gm_partisan_dra, bestS)},
        {"bias.bestSf", offsetof(gm_partisan_dra, bestSf)},
        {"bias.estS", offsetof(gm_partisan_dra, estS)},
        {"bias.estSf", offsetof(gm_partisan_dra, estSf)},
        {"bias.deviation", offsetof(gm_partisan_dra, deviation)},
        {"bias.tOf", offsetof(gm_partisan_dra, tOf)},
        {"bias.bS50", offsetof(gm_partisan_dra, bS50)},
        {"bias.bV50", offsetof(gm_partisan_dra, bV50)},
        {"bias.bSV", offsetof(gm_partisan_dra, bSV)},
        {"bias.decl", offsetof(gm_partisan_dra, decl)},
        {"bias.gSym", offsetof(gm_partisan_dra, gSym)},
        {"bias.gamma", offsetof(gm_partisan_dra, gamma)},
        {"bias.eG", offsetof(gm_partisan_dra, eG)},
        {"bias.mMs", offsetof(gm_partisan_dra, mMs)},
        {"bias.mMd", offsetof(gm_partisan_dra, mMd)},
        {"bias.lO", offsetof(gm_partisan_dra, lO)},
        {"responsiveness.littleR", offsetof(gm_partisan_dra, littleR)},
        {"responsiveness.bigR", offsetof(gm_partisan_dra, bigR)},
        {"responsiveness.mIR", offsetof(gm_partisan_dra, mIR)},
        {"responsiveness.rD", offsetof(gm_partisan_dra, rD)},
        {"responsiveness.rDf", offsetof(gm_partisan_dra, rDf)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].name, f) == 0) return *(const double *)((const char *)d + map[i].off);
    fail_msg("unknown DRA field %s", f);
    return NAN;
}

/* Score D shares v[n] with DRA's statewide share. */
static void score_shares(const double *v, size_t n, double V, gm_partisan *p)
{
    double a[128], b[128];
    assert_true(n <= 128);
    for (size_t i = 0; i < n; i++) {
        a[i] = v[i];
        b[i] = 1.0 - v[i];
    }
    gm_partisan_opts o;
    gm_partisan_opts_init(&o);
    o.convention = GM_CONV_DRA;
    o.statewide_share = V;
    gm_error err;
    assert_int_equal(gm_partisan_score(a, b, n, &o, p, &err), GM_OK);
    assert_true(p->positive_favours_b);
}

static void test_dra_scorecards(void **state)
{
    (void)state;
    const char *path = tu_shared_path("../vectors/dra_partisan_expectations.csv");
    gmi_csv c;
    gm_error err;
    assert_int_equal(gmi_csv_open(&c, path, ',', &err), GM_OK);
    assert_int_equal(gmi_csv_next(&c, &err), 1);
    long f_case = gmi_csv_find(c.field, c.nf, "case"), f_v = gmi_csv_find(c.field, c.nf, "statewide");
    long f_by = gmi_csv_find(c.field, c.nf, "byDistrict"), f_f = gmi_csv_find(c.field, c.nf, "field");
    long f_e = gmi_csv_find(c.field, c.nf, "expected"), f_t = gmi_csv_find(c.field, c.nf, "abs_tol");
    long f_act = gmi_csv_find(c.field, c.nf, "active_upstream");
    long f_npm = gmi_csv_find(c.field, c.nf, "npm_3_3_3_actual");
    assert_true(f_case >= 0 && f_v >= 0 && f_by >= 0 && f_f >= 0 && f_e >= 0 && f_t >= 0 &&
                f_act >= 0 && f_npm >= 0);
    size_t n_rows = 0, n_active = 0, n_npm = 0;
    while (gmi_csv_next(&c, &err) == 1) {
        double v[128];
        size_t n = 0;
        for (char *s = c.field[f_by]; *s && n < 128;) {
            char *end;
            v[n++] = strtod(s, &end);
            s = *end == ';' ? end + 1 : end;
        }
        gm_partisan p;
        score_shares(v, n, strtod(c.field[f_v], NULL), &p);
        double got = dra_field(&p, c.field[f_f]);
        double exp = strtod(c.field[f_e], NULL), tol = strtod(c.field[f_t], NULL);
        double npm = strtod(c.field[f_npm], NULL);
        bool active = strcmp(c.field[f_act], "True") == 0;
        if (active) {
            if (!(fabs(got - exp) <= (tol > 0 ? tol : 1e-12)))
                fail_msg("%s %s: got %.9g, expected %.9g (tol %g)", c.field[f_case], c.field[f_f],
                         got, exp, tol);
            n_active++;
        }
        if (!(fabs(got - npm) <= NPM_TOL * fmax(1.0, fabs(npm))))
            fail_msg("%s %s: got %.12g, DRA npm gives %.12g", c.field[f_case], c.field[f_f], got, npm);
        n_npm++;
        n_rows++;
    }
    gmi_csv_close(&c);
    print_message("DRA scorecards: %zu expectations, %zu active upstream within jest tolerance, "
                  "%zu within %g of DRA's npm output\n",
                  n_rows, n_active, n_npm, NPM_TOL);
    assert_int_equal(n_rows, 266);
    assert_int_equal(n_active, 262);
}

/* ---- a very small reader for the number lists in the JSON vector files ---------- */


/* After the first occurrence of "section" (a quoted key), collect the numbers that
 * follow each "key": up to max, stopping at the next top-level section end (']').
 * Returns the count. */
static size_t json_nums(const char *doc, const char *section, const char *key, double *out,
                        size_t max)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\"", section);
    const char *s = strstr(doc, pat);
    assert_non_null(s);
    s += strlen(pat);
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *end = strchr(s, ']');
    size_t n = 0;
    while (n < max) {
        const char *q = strstr(s, pat);
        if (!q || (end && q > end)) break;
        out[n++] = strtod(q + strlen(pat), NULL);
        s = q + strlen(pat);
    }
    return n;
}

static void test_dra_scopa_curve(void **state)
{
    (void)state;
    char *doc = tu_read_file(tu_shared_path("../vectors/dra_unit_vectors.json"));
    const char *sec = strstr(doc, "\"svcurve_PA_SCOPA_7S\"");
    assert_non_null(sec);
    double v[18];
    const char *by = strstr(sec, "\"byDistrict\": [");
    assert_non_null(by);
    by += strlen("\"byDistrict\": [");
    for (size_t i = 0; i < 18; i++) {
        char *e;
        v[i] = strtod(by, &e);
        by = e + 1;
    }
    double V = 0.5487;
    double xs[128], es[128], npm[128];
    size_t ne = json_nums(sec, "expected_SVpoints", "s", es, 128);
    size_t nn = json_nums(sec, "npm_SVpoints", "s", npm, 128);
    json_nums(sec, "npm_SVpoints", "v", xs, 128);
    assert_int_equal(ne, 101);
    assert_int_equal(nn, 101);
    /* The curve through the public API: proportional swing, DRA's probabilities. */
    for (size_t i = 0; i < 101; i++) {
        double s = gm_sv_seat_share(v, 18, V, xs[i], GM_SWING_PROPORTIONAL, GM_SEATS_PROB, 0.04, true);
        if (!(fabs(s - es[i]) <= 5e-7)) fail_msg("S(%g) = %.9g, expected %.9g", xs[i], s, es[i]);
        assert_near(s, npm[i], 1e-12);
    }
    /* Scalars: responsive districts 6.57, littleR 3.76, seat bias 2.0 seats, votes
     * bias 0.0310 (toBeCloseTo default 0.005, seat bias numDigits 0 -> 0.5). */
    gm_partisan p;
    score_shares(v, 18, V, &p);
    assert_near(p.dra.rD, 6.57, 0.005);
    assert_near(p.dra.littleR, 3.76, 0.005);
    assert_near(p.dra.bS50 * 18, 2.0, 0.5);
    assert_near(p.dra.bS50 * 18, 1.9950861192453395, 1e-9);
    assert_near(p.dra.bV50, 0.031, 0.005);
    assert_near(p.dra.bV50, 0.03098566311312556, 1e-9);
    /* EG with probabilistic seats 0.033 and with FPTP seats 0.0418. */
    assert_near(p.dra.eG, 0.033, 0.005);
    assert_near(p.dra.eG, 0.03303958172338839, 1e-9);
    assert_near(p.efficiency_gap_equal_turnout, 0.04184444444444435, 1e-9);
    free(doc);
}

static void test_dra_unit_functions(void **state)
{
    (void)state;
    char *doc = tu_read_file(tu_shared_path("../vectors/dra_unit_vectors.json"));
    /* Upstream asserts these with jest's default toBeCloseTo (0.005); DRA's npm output
     * is held to 1e-9 (same erf approximation). */
    double x[128], e[128], m[128];
    size_t n = json_nums(doc, "estSeatProbability", "Vf", x, 128);
    assert_int_equal(json_nums(doc, "estSeatProbability", "expected", e, 128), n);
    assert_int_equal(json_nums(doc, "estSeatProbability", "npm", m, 128), n);
    assert_int_equal(n, 100);
    for (size_t i = 0; i < n; i++) {
        assert_near(gm_seat_probability_dra(x[i]), e[i], 0.005);
        assert_near(gm_seat_probability_dra(x[i]), m[i], 1e-9);
        assert_near(gm_seat_probability(x[i], 0.04), e[i], 1e-5); /* exact erfc */
    }
    n = json_nums(doc, "estDistrictResponsiveness", "Vf", x, 128);
    assert_int_equal(json_nums(doc, "estDistrictResponsiveness", "expected", e, 128), n);
    assert_int_equal(json_nums(doc, "estDistrictResponsiveness", "npm", m, 128), n);
    assert_int_equal(n, 100);
    for (size_t i = 0; i < n; i++) {
        double P = gm_seat_probability_dra(x[i]);
        assert_near(1.0 - 4.0 * (P - 0.5) * (P - 0.5), e[i], 0.005);
        assert_near(1.0 - 4.0 * (P - 0.5) * (P - 0.5), m[i], 1e-9);
    }
    /* estSeats of 7 districts: 3.5536888476972255 (Python benchmark, jest default). */
    static const double v7[] = {0.678999, 0.575848, 0.480675, 0.389881, 0.361222, 0.491961, 0.540539};
    gm_partisan p;
    score_shares(v7, 7, 0.5, &p);
    assert_near(p.dra.estS, 3.5536888476972255, 0.005);
    assert_near(p.dra.estS, 3.553689030346099, 1e-9); /* npm */
    /* FPTP: ties go to R (v > 0.5 strictly). */
    static const struct {
        double v[3];
        double seats;
    } fp[] = {{{0.4, 0.4, 0.4}, 0},
              {{0.6, 0.6, 0.6}, 3},
              {{0.499999, 0.499999, 0.500001}, 1},
              {{0.500001, 0.500001, 0.499999}, 2},
              {{0.5, 0.5, 0.5}, 0}};
    for (size_t i = 0; i < 5; i++) {
        score_shares(fp[i].v, 3, 0.5, &p);
        assert_near(p.dra.fptpS, fp[i].seats, 0);
    }
    free(doc);
}

static void test_dra_mir_competitiveness_eg(void **state)
{
    (void)state;
    char *doc = tu_read_file(tu_shared_path("../vectors/dra_unit_vectors.json"));
    double V[32], r[32], e[32], f[32];
    /* Minimal inverse responsiveness, Nagle's Table 1 (4 decimals upstream). */
    size_t n = json_nums(doc, "minimalInverseResponsiveness", "Vf", V, 32);
    assert_int_equal(json_nums(doc, "minimalInverseResponsiveness", "r", r, 32), n);
    assert_int_equal(json_nums(doc, "minimalInverseResponsiveness", "expected", e, 32), n);
    assert_int_equal(json_nums(doc, "minimalInverseResponsiveness", "formula_value", f, 32), n);
    assert_int_equal(n, 12);
    for (size_t i = 0; i < n; i++) {
        assert_near(gmi_dra_mir(V[i], r[i]), e[i], 5e-5);
        assert_near(gmi_dra_mir(V[i], r[i]), f[i], 1e-12);
    }
    /* Competitiveness, compressed to [0.25, 0.75] or not (jest default; DRA's formula 1e-9). */
    n = json_nums(doc, "estDistrictCompetitiveness", "Vf", V, 32);
    assert_int_equal(json_nums(doc, "estDistrictCompetitiveness", "expected", e, 32), n);
    assert_int_equal(json_nums(doc, "estDistrictCompetitiveness", "npm_via_formula", f, 32), n);
    assert_int_equal(n, 18);
    const char *q = strstr(doc, "\"estDistrictCompetitiveness\"");
    for (size_t i = 0; i < n; i++) {
        q = strstr(q, "\"compressed_range_0p25_0p75\": ");
        assert_non_null(q);
        q += strlen("\"compressed_range_0p25_0p75\": ");
        bool comp = strncmp(q, "true", 4) == 0;
        assert_near(gmi_dra_competitiveness(V[i], comp), e[i], 0.005);
        assert_near(gmi_dra_competitiveness(V[i], comp), f[i], 1e-9);
    }
    /* EG seat/vote form (numDigits 1 -> 0.05): 2(V - 1/2) - (S - 1/2). */
    n = json_nums(doc, "efficiencyGap_seatvote", "Vf", V, 32);
    assert_int_equal(json_nums(doc, "efficiencyGap_seatvote", "Sf", r, 32), n);
    assert_int_equal(json_nums(doc, "efficiencyGap_seatvote", "expected", e, 32), n);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        /* 13 districts, 3 won by D, turnout equal, statewide V given. */
        double a[13], b[13];
        for (int d = 0; d < 13; d++) {
            a[d] = d < 3 ? 0.6 : 0.4;
            b[d] = 1 - a[d];
        }
        gm_partisan_opts o;
        gm_partisan_opts_init(&o);
        o.statewide_share = V[i];
        gm_partisan p;
        gm_error err;
        assert_int_equal(gm_partisan_score(a, b, 13, &o, &p, &err), GM_OK);
        assert_near(p.efficiency_gap_equal_turnout, 2 * (V[i] - 0.5) - (r[i] - 0.5), 1e-12);
        assert_near(p.efficiency_gap_equal_turnout, e[i], 0.05);
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_dra_scorecards),
        cmocka_unit_test(test_dra_scopa_curve),
        cmocka_unit_test(test_dra_unit_functions),
        cmocka_unit_test(test_dra_mir_competitiveness_eg),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
