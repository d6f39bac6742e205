/* test_partisan_peers.c: PlanScore, GerryChain and redistmetrics vectors from their own
 * test suites (../shared/vectors/peer_unit_vectors.json, VECTORS.md B-D), and the
 * cross-peer table (cross_peer.json), each run through the matching --convention with
 * the upstream tolerance. The PlanScore and GerryChain inputs are transcribed below
 * (they are a few small integers each); expected values too, with the source line. */
#include "partisan_testlib.h"

#include "gerrymeter/gm_partisan.h"
#include "io/csv.h"
#include "metrics/partisan_internal.h"

static gm_partisan score(const double *a, const double *b, size_t k, gm_convention c, double swing)
{
    gm_partisan_opts o;
    gm_partisan_opts_init(&o);
    o.convention = c;
    o.vote_swing = swing;
    gm_partisan p;
    gm_error err;
    gm_status rc = gm_partisan_score(a, b, k, &o, &p, &err);
    if (rc != GM_OK) fail_msg("score failed: %s", err.msg);
    return p;
}

/* PlanScore inputs are (red, blue); blue is the first party (a), + = blue. */
typedef struct ps_case {
    size_t k;
    double red[12], blue[12];
    double swing;
    double expected;
    double tol;
} ps_case;

/* assertAlmostEqual(places=p): |d| < 0.5e-p. */
#define P7 5e-8
#define P3 5e-4
#define P2 5e-3

static void test_planscore_eg(void **state)
{
    (void)state;
    static const ps_case c[] = {
        {4, {2, 3, 5, 6}, {6, 5, 3, 2}, 0, 0, P7},
        {4, {2, 3, 5, 6}, {6, 5, 3, 2}, -0.1, 0.2, P7},
        {4, {2, 3, 5, 6}, {6, 5, 3, 2}, 0.1, -0.2, P7},
        {5, {2, 3, 5, 6, 0}, {6, 5, 3, 2, 0}, 0, 0, P7},   /* zero-vote district dropped */
        {4, {2, 3, 5, 6}, {6, 5, 3, 2}, 0.25, -0.25, P7},
        {4, {2, 3, 5, 6}, {6, 5, 3, 2}, 0.30, -0.25, P7},  /* clamp: same as 0.25 */
        {4, {1, 5, 5, 5}, {7, 3, 3, 3}, 0, -0.25, P7},
        {4, {1, 5, 5, 5}, {7, 3, 3, 3}, -0.1, -0.05, P7},
        {4, {1, 5, 5, 5}, {7, 3, 3, 3}, 0.1, -0.45, P7},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        gm_partisan p = score(c[i].blue, c[i].red, c[i].k, GM_CONV_PLANSCORE, c[i].swing);
        assert_false(p.positive_favours_b);
        assert_near(p.efficiency_gap, c[i].expected, c[i].tol);
    }
}

static void test_planscore_mmd_pb(void **state)
{
    (void)state;
    /* calculate_MMD (median - mean of blue shares), places=2, and the exec'd values. */
    static const ps_case mmd[] = {
        {5, {6, 6, 4, 4, 4}, {5, 5, 5, 8, 8}, 0, -0.004040404040403955, 1e-12},
        {5, {6, 6, 6, 6, 6}, {4, 4, 4, 4, 4}, 0, 0.0, 1e-12},
        {5, {6, 6, 6, 1, 1}, {5, 5, 5, 10, 10}, 0, -0.18181818181818182, 1e-12},
        {5, {6, 6, 6, 6, 1}, {5, 5, 5, 5, 10}, 0, -0.09090909090909088, 1e-12},
        {5, {6, 6, 1, 1, 1}, {5, 5, 7, 10, 10}, 0, 0.15454545454545454, 1e-12},
        {6, {6, 6, 4, 4, 4, 0}, {5, 5, 5, 8, 8, 0}, 0, -0.004040404040403955, 1e-12},
    };
    static const double mmd_upstream[] = {0, 0, -0.18, -0.09, 0.15, 0};
    for (size_t i = 0; i < sizeof mmd / sizeof mmd[0]; i++) {
        gm_partisan p = score(mmd[i].blue, mmd[i].red, mmd[i].k, GM_CONV_PLANSCORE, 0);
        assert_near(p.mean_median, mmd[i].expected, mmd[i].tol);
        assert_near(p.mean_median, mmd_upstream[i], P2);
    }
    static const ps_case pb[] = {
        {4, {6, 6, 4, 4}, {4, 4, 6, 6}, 0, 0, P2},
        {5, {6, 6, 6, 3, 3}, {2, 2, 2, 5, 5}, 0, -0.1, P2},
        {5, {6, 6, 6, 3, 3}, {4, 4, 4, 12, 12}, 0, -0.1, P2},
        {5, {4, 4, 4, 12, 12}, {6, 6, 6, 3, 3}, 0, 0.1, P2},
        {5, {6, 6, 4, 4, 0}, {4, 4, 6, 6, 0}, 0, 0, P2},
    };
    for (size_t i = 0; i < sizeof pb / sizeof pb[0]; i++) {
        gm_partisan p = score(pb[i].blue, pb[i].red, pb[i].k, GM_CONV_PLANSCORE, 0);
        assert_near(p.partisan_bias, pb[i].expected, pb[i].tol);
    }
}

static void test_planscore_d2(void **state)
{
    (void)state;
    double red[12], blue[12];
    /* GA 1972: 9 x 0.584617612075026 + 1 x 0.240871024240908 (blue shares as votes). */
    for (int i = 0; i < 9; i++) {
        blue[i] = 0.584617612075026;
        red[i] = 0.41538238792497395;
    }
    blue[9] = 0.240871024240908;
    red[9] = 0.759128975759092;
    assert_near(score(blue, red, 10, GM_CONV_PLANSCORE, 0).declination, 0.875356731786882, P3);
    /* LA 2020 */
    blue[0] = 0.809097511747074;
    red[0] = 0.190902488252926;
    for (int i = 1; i < 6; i++) {
        blue[i] = 0.27072066577579;
        red[i] = 0.72927933422421;
    }
    assert_near(score(blue, red, 6, GM_CONV_PLANSCORE, 0).declination, -0.458779909309412, P3);
    /* NC 1998 */
    for (int i = 0; i < 12; i++) {
        blue[i] = i < 5 ? 0.598085862963535 : 0.357068466446836;
        red[i] = i < 5 ? 0.40191413703646495 : 0.642931533553164;
    }
    assert_near(score(blue, red, 12, GM_CONV_PLANSCORE, 0).declination, 0.012363560105669, P3);
    /* Symmetric with a zero district; red and blue sweeps of N = 3 (ln(3)/2). */
    static const double r1[] = {1, 2, 3, 4, 0}, b1[] = {4, 3, 2, 1, 0};
    assert_near(score(b1, r1, 5, GM_CONV_PLANSCORE, 0).declination, 0, P3);
    static const double r2[] = {3, 4, 5}, b2[] = {2, 1, 0};
    assert_near(score(b2, r2, 3, GM_CONV_PLANSCORE, 0).declination, -0.54930614, P7);
    assert_near(score(r2, b2, 3, GM_CONV_PLANSCORE, 0).declination, 0.54930614, P7);
}

static void test_planscore_swing_vote(void **state)
{
    (void)state;
    /* swing_vote: red (1,2,3), blue (3,2,1), +0.1 and -0.1 (assertEqual). */
    static const double red[] = {1, 2, 3}, blue[] = {3, 2, 1};
    double r[3], b[3];
    gmi_planscore_swing(red, blue, 3, 0.1, r, b);
    static const double r1[] = {0.6, 1.6, 2.6}, b1[] = {3.4, 2.4, 1.4};
    for (int i = 0; i < 3; i++) {
        assert_near(r[i], r1[i], 1e-15);
        assert_near(b[i], b1[i], 1e-15);
    }
    gmi_planscore_swing(red, blue, 3, -0.1, r, b);
    static const double r2[] = {1.4, 2.4, 3.4}, b2[] = {2.6, 1.6, 0.6};
    for (int i = 0; i < 3; i++) {
        assert_near(r[i], r2[i], 1e-15);
        assert_near(b[i], b2[i], 1e-15);
    }
}

static void test_gerrychain(void **state)
{
    (void)state;
    /* wasted_votes(A_i, B_i) = (45,5), (40,10), (25,25), (45,5), (45,5) */
    {
        static const double A[] = {95, 40, 75, 45, 45}, B[] = {5, 60, 25, 55, 55};
        static const double w[5][2] = {{45, 5}, {40, 10}, {25, 25}, {45, 5}, {45, 5}};
        for (int i = 0; i < 5; i++) {
            double w1, w2;
            gmi_gerrychain_wasted(A[i], B[i], &w1, &w2);
            assert_near(w1, w[i][0], 0);
            assert_near(w2, w[i][1], 0);
        }
    }
    /* tests/metrics/test_partisan.py: parties ["B", "A"], + favours B (the first). */
    static const double B[] = {5, 60, 25, 55, 55}, A[] = {95, 40, 75, 45, 45};
    gm_partisan p = score(B, A, 5, GM_CONV_GERRYCHAIN, 0);
    assert_false(p.positive_favours_b);
    assert_near(p.efficiency_gap, 0.3, 1e-15);     /* assert == 0.3 */
    assert_near(p.mean_median, 0.15, 1e-5);
    assert_near(p.partisan_bias, 0.1, 1e-5);
    assert_near(p.partisan_gini, 0.12, 1e-5);
    assert_near(p.mean_thirdian, 0.15000000000000002, 1e-12); /* exec'd GerryChain */
    /* Ties: party 1 wastes all its votes, party 2 none (wasted_votes quirk). */
    static const double t1[] = {50, 70}, t2[] = {50, 30};
    p = score(t1, t2, 2, GM_CONV_GERRYCHAIN, 0);
    /* d1 tie: w1 = 50, w2 = 0; d2 p1 wins: w1 = 70 - 50 = 20, w2 = 30: (0-50 + 30-20)/200 */
    assert_near(p.efficiency_gap, -40.0 / 200.0, 1e-15);
}

/* redistmetrics NH (tests/testthat/test-partisan.R), district totals of the two plans
 * (redistmetrics_nh/district_totals.csv), tolerance 1e-4 relative. */
static void nh_totals(const char *plan, double *dem20, double *rep20, double *dem16, double *rep16)
{
    gmi_csv c;
    gm_error err;
    assert_int_equal(gmi_csv_open(&c, tu_shared_path("../vectors/redistmetrics_nh/district_totals.csv"),
                                  ',', &err),
                     GM_OK);
    assert_int_equal(gmi_csv_next(&c, &err), 1);
    long fp = gmi_csv_find(c.field, c.nf, "plan"), fd = gmi_csv_find(c.field, c.nf, "district");
    long f1 = gmi_csv_find(c.field, c.nf, "dem_votes_pre20"), f2 = gmi_csv_find(c.field, c.nf, "rep_votes_pre20");
    long f3 = gmi_csv_find(c.field, c.nf, "dem_votes_pre16"), f4 = gmi_csv_find(c.field, c.nf, "rep_votes_pre16");
    int found = 0;
    while (gmi_csv_next(&c, &err) == 1) {
        if (strcmp(c.field[fp], plan) != 0) continue;
        long d = strtol(c.field[fd], NULL, 10) - 1;
        assert_true(d == 0 || d == 1);
        dem20[d] = strtod(c.field[f1], NULL);
        rep20[d] = strtod(c.field[f2], NULL);
        dem16[d] = strtod(c.field[f3], NULL);
        rep16[d] = strtod(c.field[f4], NULL);
        found++;
    }
    gmi_csv_close(&c);
    assert_int_equal(found, 2);
}

static void test_redistmetrics_nh(void **state)
{
    (void)state;
    double dvs[2][2];
    static const struct {
        const char *plan;
        double egap, egap_ep, decl, decl_simple, lop_wins, tau, dil, talisman, resp05, dseats, sscd;
        double dvs[2];
    } e[] = {
        {"r_2020", 0.0817197636722627, 0.0762356007425145, 0.0332887482661483, 0.152471201485029,
         0.0762356007425145, 0.0284448215286677, 0.0889622939876797, 0.0512151870528045, 0, 1,
         0.90859786336743, {0.491471811541016, 0.58477584986199}},
        {"d_2020", -0.425023874363298, -0.424981492869942, NAN, NAN, NAN, -0.98850905428411,
         -0.930254640596044, 0.00872398279100295, 20, 2, 0.0603019836926911,
         {0.532085831110753, 0.542936682110054}},
    };
    for (size_t i = 0; i < 2; i++) {
        double d20[2], r20[2], d16[2], r16[2];
        nh_totals(e[i].plan, d20, r20, d16, r16);
        gm_partisan_opts o;
        gm_partisan_opts_init(&o);
        o.convention = GM_CONV_REDISTMETRICS;
        gm_partisan p;
        gm_error err;
        assert_int_equal(gm_partisan_score(d20, r20, 2, &o, &p, &err), GM_OK);
        assert_true(p.positive_favours_b);
        assert_rel(d20[0] / (d20[0] + r20[0]), e[i].dvs[0], 1e-4);
        assert_rel(d20[1] / (d20[1] + r20[1]), e[i].dvs[1], 1e-4);
        assert_near(p.seats_a, e[i].dseats, 0);
        assert_rel(p.efficiency_gap, e[i].egap, 1e-4);
        assert_rel(p.efficiency_gap_equal_turnout, e[i].egap_ep, 1e-4);
        assert_near(p.mean_median, 0, 1e-12);
        assert_near(p.partisan_bias, 0, 1e-12);
        assert_near(p.responsiveness, 0, 1e-12); /* bandwidth 0.01 */
        if (isnan(e[i].decl)) {
            assert_true(isnan(p.declination) && isnan(p.declination_simple) && isnan(p.lopsided_wins));
            assert_non_null(p.declination_why);
        } else {
            assert_rel(p.declination, e[i].decl, 1e-4);
            assert_rel(p.declination_simple, e[i].decl_simple, 1e-4);
            assert_rel(p.lopsided_wins, e[i].lop_wins, 1e-4);
        }
        assert_rel(p.tau_gap, e[i].tau, 1e-4);
        assert_rel(p.dilution_asymmetry, e[i].dil, 1e-4);
        assert_rel(p.smoothed_seat_deviation, e[i].sscd, 1e-4);
        dvs[i][0] = d20[0] / (d20[0] + r20[0]);
        dvs[i][1] = d20[1] / (d20[1] + r20[1]);
        /* part_resp with bandwidth 0.05: 0 and 20. */
        o.resp_bandwidth = 0.05;
        assert_int_equal(gm_partisan_score(d20, r20, 2, &o, &p, &err), GM_OK);
        assert_near(p.responsiveness, e[i].resp05, 1e-9);
        /* compet_talisman on the 2016 presidential votes. */
        assert_int_equal(gm_partisan_score(d16, r16, 2, &o, &p, &err), GM_OK);
        assert_rel(p.talisman, e[i].talisman, 1e-4);
    }
    /* A district without votes: redistmetrics' NaN shares and its -1 "wasted" R vote. */
    {
        static const double D[] = {7, 3, 3, 3, 0}, R[] = {1, 5, 5, 5, 0};
        gm_partisan z = score(D, R, 5, GM_CONV_REDISTMETRICS, 0);
        assert_near(z.efficiency_gap, (11.0 - 0.0) / 32.0, 1e-15); /* rw = 1 - 1 */
        assert_near(z.seats_a, 2, 0);
        assert_true(isnan(z.mean_median) && isnan(z.declination) && isnan(z.efficiency_gap_equal_turnout));
    }
    /* part_rmd of the two plans together: 8.49534111881552 for each. */
    double rmd[2];
    gm_error err;
    assert_int_equal(gm_ranked_marginal_deviation(&dvs[0][0], 2, 2, rmd, &err), GM_OK);
    assert_rel(rmd[0], 8.49534111881552, 1e-4);
    assert_rel(rmd[1], 8.49534111881552, 1e-4);
    /* The C++ comment's talisman examples. */
    static const double v1[] = {0.4, 0.5, 0.51, 0.53, 0.7}, v2[] = {0.2, 0.3, 0.4, 0.8, 0.9};
    double a[5], b[5];
    for (int j = 0; j < 5; j++) {
        a[j] = v1[j];
        b[j] = 1 - v1[j];
    }
    assert_near(score(a, b, 5, GM_CONV_REDISTMETRICS, 0).talisman, 0.0884, 5e-5);
    for (int j = 0; j < 5; j++) {
        a[j] = v2[j];
        b[j] = 1 - v2[j];
    }
    assert_near(score(a, b, 5, GM_CONV_REDISTMETRICS, 0).talisman, 0.2860, 5e-5);
}

/* Cross-peer table: the same four inputs through every convention. */
static const char *const cross_cases[] = {"planscore_EG_unfair", "gerrychain_mock_DisB",
                                          "dra_example_votes", "unequal_turnout"};

static size_t cross_input(const char *doc, const char *name, double *dem, double *rep)
{
    const char *s = strstr(doc, name);
    assert_non_null(s);
    size_t n = 0;
    const char *d = strstr(s, "\"dem\": [") + 8, *r = strstr(s, "\"rep\": [") + 8;
    while (n < 16) {
        char *e1, *e2;
        dem[n] = strtod(d, &e1);
        rep[n] = strtod(r, &e2);
        n++;
        while (*e1 == ' ' || *e1 == '\n') e1++;
        while (*e2 == ' ' || *e2 == '\n') e2++;
        if (*e1 == ']') break;
        d = e1 + 1;
        r = e2 + 1;
    }
    return n;
}

static void test_cross_peer(void **state)
{
    (void)state;
    char *doc = tu_read_file(tu_shared_path("../vectors/cross_peer.json"));
    const double tol = 1e-9; /* produced here by running each peer: exact up to rounding */
    for (size_t c = 0; c < 4; c++) {
        const char *nm = cross_cases[c];
        const char *sec = strstr(doc, nm);
        double dem[16], rep[16];
        size_t k = cross_input(doc, nm, dem, rep);
        gm_partisan p;
        print_message("cross-peer %s (%zu districts)\n", nm, k);

        p = score(dem, rep, k, GM_CONV_PLANSCORE, 0);
        assert_near(p.efficiency_gap, pt_json3(sec, "planscore", "EG(+D)", NULL), tol);
        assert_near(p.mean_median, pt_json3(sec, "planscore", "MMD(+D)", NULL), tol);
        assert_near(p.partisan_bias, pt_json3(sec, "planscore", "PB(+D)", NULL), tol);
        assert_near(p.declination, pt_json3(sec, "planscore", "D2(+D)", NULL), tol);

        p = score(dem, rep, k, GM_CONV_GERRYCHAIN, 0);
        assert_near(p.efficiency_gap, pt_json3(sec, "gerrychain_first_party_D", "EG(+D)", NULL), tol);
        assert_near(p.mean_median, pt_json3(sec, "gerrychain_first_party_D", "MM(+D)", NULL), tol);
        assert_near(p.partisan_bias, pt_json3(sec, "gerrychain_first_party_D", "PB(+D)", NULL), tol);
        assert_near(p.partisan_gini, pt_json3(sec, "gerrychain_first_party_D", "gini", NULL), tol);

        /* Warrington basic.py is the gerrymeter default's declination and tau gap. */
        p = score(dem, rep, k, GM_CONV_GERRYMETER, 0);
        assert_true(p.positive_favours_b);
        assert_near(p.declination, pt_json3(sec, "warrington_basic_py", "declination(+R)", NULL), tol);
        assert_near(p.declination_scaled,
                    pt_json3(sec, "warrington_basic_py", "declination*ln(N)/2", NULL), tol);
        assert_near(p.tau_gap, pt_json3(sec, "warrington_basic_py", "tau_gap_tau1", NULL), tol);
        /* gerrymeter's wasted-vote EG equals GerryChain's (no ties here), sign flipped. */
        assert_near(p.efficiency_gap, -pt_json3(sec, "gerrychain_first_party_D", "EG(+D)", NULL), tol);
        /* and its equal-turnout EG equals PlanScore's S - 2V form, sign flipped. */
        assert_near(p.efficiency_gap_equal_turnout, -pt_json3(sec, "planscore", "EG(+D)", NULL), tol);

        p = score(dem, rep, k, GM_CONV_REDISTMETRICS, 0);
        assert_near(p.efficiency_gap, pt_json3(sec, "redistmetrics_reimpl", "part_egap", NULL), tol);
        assert_near(p.efficiency_gap_equal_turnout,
                    pt_json3(sec, "redistmetrics_reimpl", "part_egap_ep", NULL), tol);
        /* Warrington's equal-turnout EG is redistmetrics' egap_ep (unweighted V). */
        assert_near(p.efficiency_gap_equal_turnout,
                    pt_json3(sec, "warrington_basic_py", "EG_direct_equal_turnout(+R)", NULL), tol);
        assert_near(p.mean_median, pt_json3(sec, "redistmetrics_reimpl", "part_mean_median", NULL), tol);
        assert_near(p.declination, pt_json3(sec, "redistmetrics_reimpl", "part_decl", NULL), tol);
        assert_near(p.partisan_bias, pt_json3(sec, "redistmetrics_reimpl", "part_bias(v=0.5)", NULL), tol);
        assert_near(p.seats_a, pt_json3(sec, "redistmetrics_reimpl", "part_dseats(ties->D)", NULL), 0);

        p = score(dem, rep, k, GM_CONV_DRA, 0);
        assert_near(p.vote_share, pt_json3(sec, "dra_npm", "statewide_Vf", NULL), tol);
        assert_near(p.dra.estS, pt_json3(sec, "dra_npm", "estS(prob)", NULL), tol);
        assert_near(p.dra.fptpS, pt_json3(sec, "dra_npm", "fptpS", NULL), 0);
        assert_near(p.efficiency_gap, pt_json3(sec, "dra_npm", "eG(+R, prob seats)", NULL), tol);
        assert_near(p.efficiency_gap_equal_turnout,
                    pt_json3(sec, "dra_npm", "eG_fptp(+R, script extra)", NULL), tol);
        assert_near(p.dra.mMs, pt_json3(sec, "dra_npm", "mMs(+R)", NULL), tol);
        assert_near(p.dra.mMd, pt_json3(sec, "dra_npm", "mMd(+R)", NULL), tol);
        assert_near(p.dra.bS50, pt_json3(sec, "dra_npm", "bS50(+R)", NULL), tol);
        double decl = pt_json3(sec, "dra_npm", "decl(deg,+R)", NULL);
        if (isnan(decl))
            assert_true(isnan(p.declination) && p.declination_why != NULL);
        else
            assert_near(p.declination, decl, tol);
        assert_near(p.dra.lO, pt_json3(sec, "dra_npm", "lO", NULL), tol);
        assert_near(p.dra.tOf, pt_json3(sec, "dra_npm", "tOf", NULL), tol);
    }
    free(doc);
}

/* One declination: Warrington's formula (gmi_declination_core) behind the gerrymeter
 * value, the batch kernel, PlanScore's D2 and redistmetrics' part_decl (N halved: its
 * arctangents lack the factor 2). DRA's 7-district example, equal turnout. */
static void test_declination_one(void **state)
{
    (void)state;
    assert_true(isnan(gmi_declination_core(0.6, 0, 0.3, 2, 2)));
    assert_true(isnan(gmi_declination_core(0.6, 2, 0.3, 0, 2)));
    assert_near(gmi_declination_core(0.6, 1, 0.3, 1, 2), 2 * (atan(0.4) - atan(0.8)) / GM_PI,
                1e-15);
    static const double D[] = {61000, 52000, 45000, 40000, 75000, 48000, 44000};
    static const double R[] = {39000, 48000, 55000, 60000, 25000, 52000, 56000};
    double v[7], ya = 0, yb = 0, na = 0, nb = 0;
    for (int i = 0; i < 7; i++) {
        v[i] = D[i] / (D[i] + R[i]);
        if (v[i] > 0.5) {
            ya += v[i];
            na++;
        } else {
            yb += v[i];
            nb++;
        }
    }
    double delta = gmi_declination_core(ya / na, na, yb / nb, nb, 7);
    assert_true(gmi_declination(v, 7, NULL) == delta);
    assert_true(score(D, R, 7, GM_CONV_GERRYMETER, 0).declination == delta); /* batch kernel */
    assert_true(score(D, R, 7, GM_CONV_PLANSCORE, 0).declination == -delta * log(7.0) / 2.0);
    /* redistmetrics: D wins are v >= 1/2 (none is exactly 1/2 here) */
    double rm = score(D, R, 7, GM_CONV_REDISTMETRICS, 0).declination;
    assert_true(rm == gmi_declination_core(ya / na, na, yb / nb, nb, 3.5) * log(7.0) / 2.0);
    double old =
        (atan((ya / na - 0.5) / (na / 7)) - atan((0.5 - yb / nb) / (nb / 7))) * 2.0 / GM_PI;
    assert_near(rm, old * log(7.0) / 2.0, 1e-15); /* the form it was written in before */
    assert_near(rm, 0.1159, 5e-5);                /* ../shared/vectors/METRICS.md */
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_planscore_eg), cmocka_unit_test(test_planscore_mmd_pb),
        cmocka_unit_test(test_planscore_d2), cmocka_unit_test(test_planscore_swing_vote),
        cmocka_unit_test(test_gerrychain),   cmocka_unit_test(test_redistmetrics_nh),
        cmocka_unit_test(test_cross_peer),   cmocka_unit_test(test_declination_one),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
