/* test_majority.c: the majority threshold and the uniform swing (gm_majority_threshold,
 * gm_swing_seats, gm_swing_flip_step, gm_seats_votes_curve, gm_swing_parse, gm_swing_table_load), in partisan
 * scoring and in control, against hand computations. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_tally.h"

#define EPS 1e-12

/* Five districts, D shares 0.7 0.6 0.45372 0.4 0.3, V = 0.5: k = 5, m = 3.
 *   D's 3rd best share 0.45372 -> D needs 0.5 + 0.5 - 0.45372 = 0.54628.
 *   R's own shares 0.3 0.4 0.54628 0.6 0.7: 3rd best 0.54628 -> R needs 0.5 + 0.5 - 0.54628
 *   = 0.45372; k odd: the two sum to 1. R holds 3 seats: flip swing +0.04628 (towards D). */
static void test_threshold_odd(void **state)
{
    (void)state;
    const double v[] = {0.4, 0.7, 0.3, 0.45372, 0.6};
    gm_majority mj;
    gm_error err = {0};
    assert_int_equal(gm_majority_threshold(v, 5, 0, 0, 0, 0.5, &mj, &err), GM_OK);
    assert_int_equal(mj.k, 5);
    assert_int_equal(mj.m, 3);
    assert_true(fabs(mj.v_a - 0.45372) < EPS);
    assert_true(fabs(mj.share_a - 0.54628) < EPS);
    assert_true(fabs(mj.share_b - 0.45372) < EPS);
    assert_true(fabs(mj.share_a + mj.share_b - 1) < EPS);
    assert_int_equal(mj.holder, 'b');
    assert_true(fabs(mj.flip_swing - 0.04628) < EPS);
    /* the boundary: a swing just short of it leaves R's majority, just beyond gives D one */
    gm_swing_count c;
    gm_swing_seats(v, 5, 0.04628 - 1e-9, 2, 3, &c);
    assert_true(c.seats_a == 2 && c.to_a == 0);
    gm_swing_seats(v, 5, 0.04628 + 1e-9, 2, 3, &c);
    assert_true(c.seats_a == 3 && c.seats_b == 2 && c.to_a == 1 && c.to_b == 0);
    /* in 0.01-point steps: 4.63 points flips it, 4.62 does not */
    double s = gm_swing_flip_step(v, 5, 2, 3, 5, 1e-4);
    assert_true(fabs(s - 0.0463) < EPS);
    gm_swing_seats(v, 5, s, 2, 3, &c);
    assert_true(c.seats_a > 2.5);
    gm_swing_seats(v, 5, s - 1e-4, 2, 3, &c);
    assert_true(c.seats_a < 2.5);
    /* no swing changes nothing */
    gm_swing_seats(v, 5, 0, 2, 3, &c);
    assert_true(c.seats_a == 2 && c.seats_b == 3 && c.to_a + c.to_b + c.tied == 0);
    /* a swing to exactly 1/2 ties the district: half a seat each, no majority */
    const double w[] = {0.75, 0.25, 0.375};
    gm_swing_seats(w, 3, 0.125, 1, 2, &c);
    assert_true(c.seats_a == 1.5 && c.seats_b == 1.5 && c.tied == 1);
}

/* Four districts 0.7 0.6 0.45 0.4, V = 0.52: k = 4, m = 3 (two each is no majority).
 *   D: 3rd best 0.45 -> 0.52 + 0.5 - 0.45 = 0.57. R: own shares 0.6 0.55 0.4 0.3, 3rd best
 *   0.4 -> 0.48 + 0.5 - 0.4 = 0.58. Sum 1.15 >= 1; at V neither holds a majority. */
static void test_threshold_even(void **state)
{
    (void)state;
    const double v[] = {0.7, 0.6, 0.45, 0.4};
    gm_majority mj;
    assert_int_equal(gm_majority_threshold(v, 4, 0, 0, 0, 0.52, &mj, NULL), GM_OK);
    assert_int_equal(mj.m, 3);
    assert_true(fabs(mj.share_a - 0.57) < EPS);
    assert_true(fabs(mj.share_b - 0.58) < EPS);
    assert_int_equal(mj.holder, 0);
    assert_true(isnan(mj.flip_swing));
    assert_true(isnan(gm_swing_flip_step(v, 4, 2, 2, 4, 1e-4)));
    /* a locked D seat (no votes) makes k = 5, m = 3: D needs its 2nd best share, 0.6 */
    const double u[] = {0.7, 0.6, 0.45, NAN, 0.4};
    assert_int_equal(gm_majority_threshold(u, 5, 1, 0, 0, 0.52, &mj, NULL), GM_OK);
    assert_int_equal(mj.k, 5);
    assert_int_equal(mj.n_shares, 4);
    assert_true(fabs(mj.v_a - 0.6) < EPS);
    assert_true(fabs(mj.share_a - (0.52 + 0.5 - 0.6)) < EPS);
    /* R needs 3 of the 4 with shares: its 3rd best own share is 1 - 0.6 */
    assert_true(fabs(mj.share_b - (0.48 + 0.5 - 0.4)) < EPS);
    assert_int_equal(mj.holder, 'a'); /* 0.7, 0.6 and the locked seat */
    /* no district: nothing defined */
    assert_int_equal(gm_majority_threshold(u, 0, 0, 0, 0, NAN, &mj, NULL), GM_OK);
    assert_int_equal(mj.m, 0);
    assert_true(isnan(mj.share_a) && isnan(mj.share_b));
}

/* gm_partisan_score fills the registry's majority rows; declared seats lock districts. */
static void test_partisan_rows(void **state)
{
    (void)state;
    /* votes: D shares 0.7, 0.4 (V = 110/200); a third district without votes, won by R */
    const double a[] = {70, 40, 0}, b[] = {30, 60, 0};
    gm_partisan p;
    gm_error err = {0};
    assert_int_equal(gm_partisan_score(a, b, 3, NULL, &p, &err), GM_OK);
    /* two districts with votes: m = 2, D needs its 2nd best 0.4: 0.55 + 0.5 - 0.4 = 0.65 */
    assert_true(fabs(p.majority_share - 0.65) < EPS);
    assert_true(fabs(p.majority_share_b - (0.45 + 0.5 - 0.3)) < EPS);
    assert_true(isnan(p.majority_swing)); /* one seat each */
    const gm_metric_def *d = gm_metric_find(GM_MF_PARTISAN, "majority_share", NULL);
    assert_non_null(d);
    assert_true(fabs(gm_metric_value(d, &p, NULL) - 0.65) < EPS);
    /* with the declared R seat: k = 3, m = 2, D still needs 0.4's district (0.65); R needs
     * only one more: its best own share 0.6 -> 0.45 + 0.5 - 0.6 = 0.35; R holds 2 of 3 and
     * loses the majority beyond +0.10 */
    const int winner[] = {0, 1, 1};
    gm_partisan_add_declared_seats(&p, a, b, winner, 3);
    assert_true(fabs(p.majority_share - 0.65) < EPS);
    assert_true(fabs(p.majority_share_b - 0.35) < EPS);
    assert_true(fabs(p.majority_swing - 0.10) < EPS);
}

static void test_swing_parse(void **state)
{
    (void)state;
    double s;
    gm_error err = {0};
    assert_int_equal(gm_swing_parse("3", &s, &err), GM_OK);
    assert_true(fabs(s - 0.03) < EPS);
    assert_int_equal(gm_swing_parse("D+2.5", &s, &err), GM_OK);
    assert_true(fabs(s - 0.025) < EPS);
    assert_int_equal(gm_swing_parse("R+1.5", &s, &err), GM_OK);
    assert_true(fabs(s + 0.015) < EPS);
    assert_int_equal(gm_swing_parse("-4", &s, &err), GM_OK);
    assert_true(fabs(s + 0.04) < EPS);
    assert_int_equal(gm_swing_parse("0", &s, &err), GM_OK);
    assert_true(s == 0);
    assert_int_equal(gm_swing_parse("D3", &s, &err), GM_E_ARG);
    assert_int_equal(gm_swing_parse("3%", &s, &err), GM_E_ARG);
    assert_int_equal(gm_swing_parse("150", &s, &err), GM_E_ARG);
    assert_int_equal(gm_swing_parse("", &s, &err), GM_E_ARG);
}

/* Control: a state with a no-count race (locked to R), per state and for the chamber. */
static const char *ctl_csv = "state,cycle,seats,drawn_by,legislature_control\n"
                             "XD,2012,3,political_commission,D\n"
                             "XE,2012,2,legislature,R\n";
static const char *res_csv = "year,state,district,dem_votes,rep_votes,winner_party,no_count\n"
                             "2012,XD,1,70,30,,0\n"
                             "2012,XD,2,40,60,,0\n"
                             "2012,XD,3,0,0,R,1\n"
                             "2012,XE,1,55,45,,0\n"
                             "2012,XE,2,48,52,,0\n";

static const gm_control_election *find(const gm_control_result *r, const char *st)
{
    for (size_t i = 0; i < r->n_elections; i++)
        if (!strcmp(r->elections[i].state, st)) return &r->elections[i];
    return NULL;
}

static void test_control_majority(void **state)
{
    (void)state;
    gm_control_table *ct;
    gm_results_table *rt;
    gm_control_result *r;
    gm_error err = {0};
    assert_int_equal(gm_control_table_load(tu_write_tmp("mc.csv", ctl_csv), &ct, &err), GM_OK);
    assert_int_equal(gm_results_table_load(tu_write_tmp("mr.csv", res_csv), &rt, &err), GM_OK);
    gm_control_opts o;
    gm_control_opts_init(&o);
    o.bootstrap_reps = 0;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    /* XD: shares 0.7, 0.4 and a no-count R seat; V = 110/200 = 0.55; k = 3, m = 2.
     * D needs 0.55 + 0.5 - 0.4 = 0.65; R needs 0.45 + 0.5 - 0.6 = 0.35 (as partisan above).
     * R holds 2 of 3: the exact flip is +0.10, in steps 10.00 or 10.01 points. */
    const gm_control_election *e = find(r, "XD");
    assert_int_equal(e->majority_seats, 2);
    assert_true(fabs(e->majority_share_d - 0.65) < EPS);
    assert_true(fabs(e->majority_share_r - 0.35) < EPS);
    assert_true(fabs(e->flip_swing - 0.10) < EPS);
    assert_true(e->flip_step >= 0.10 - EPS && e->flip_step <= 0.1001 + EPS);
    assert_true(isnan(e->swing));
    /* XE: 0.55, 0.48, V = 103/200 = 0.515; k = 2, m = 2: D needs 0.515 + 0.5 - 0.48 = 0.535,
     * R (own shares 0.52, 0.45) 0.485 + 0.5 - 0.45 = 0.535. One each: no majority. */
    e = find(r, "XE");
    assert_true(fabs(e->majority_share_d - 0.535) < EPS);
    assert_true(fabs(e->majority_share_r - 0.535) < EPS);
    assert_true(isnan(e->flip_swing) && isnan(e->flip_step));
    /* The chamber: shares 0.7 0.55 0.48 0.4 + R locked; V = 213/400; k = 5, m = 3.
     * D: 3rd best 0.48 -> 213/400 + 0.5 - 0.48. R: needs 2 more, 2nd best own 0.52 ->
     * 187/400 + 0.5 - 0.52. Seats D 2, R 3: R holds; flip = D's threshold - V = 0.02. */
    assert_int_equal(r->n_years, 1);
    const gm_control_year *y = &r->years[0];
    assert_int_equal(y->seats_total, 5);
    assert_int_equal(y->majority_seats, 3);
    assert_int_equal(y->majority, 'R');
    assert_true(fabs(y->majority_share_d - (213.0 / 400 + 0.5 - 0.48)) < EPS);
    assert_true(fabs(y->majority_share_r - (187.0 / 400 + 0.5 - 0.52)) < EPS);
    assert_true(fabs(y->flip_swing - 0.02) < EPS);
    assert_false(y->swing);
    /* per group: the R legislature drew XE: 0.55, 0.48, V 0.515 -> 0.535 */
    assert_true(fabs(y->group_majority_share_d[GM_DRAWER_REP_LEGISLATURE] - 0.535) < EPS);
    assert_true(isnan(y->group_majority_share_d[GM_DRAWER_COURT]));
    assert_int_equal(r->n_districts, 5);
    gm_control_result_destroy(r);

    /* a uniform swing of 3 points towards D: XE's 0.48 -> 0.51 flips; XD's 0.4 does not;
     * the chamber goes 3 D, 2 R: the majority flips */
    o.swing = 0.03;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    e = find(r, "XE");
    assert_int_equal(e->swing_to_d, 1);
    assert_true(e->swing_seats_d == 2 && e->swing_seats_r == 0);
    y = &r->years[0];
    assert_true(y->swing);
    assert_int_equal(y->swing_to_d, 1);
    assert_int_equal(y->swing_majority, 'D');
    gm_control_result_destroy(r);

    /* the swing 0: nothing changes */
    o.swing = 0;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    y = &r->years[0];
    assert_true(y->swing && y->swing_to_d == 0 && y->swing_to_r == 0 && y->swing_tied == 0);
    assert_true(y->swing_seats_d == 2 && y->swing_seats_r == 3 && y->swing_majority == 'R');
    gm_control_result_destroy(r);

    /* a swing table: XD 15 points towards D (0.4 -> 0.55 flips), XE not listed */
    gm_swing_table *st;
    assert_int_equal(gm_swing_table_load(tu_write_tmp("sw.csv", "# special elections\n"
                                                                "state,swing\nxd,D+15\n"),
                                         &st, &err),
                     GM_OK);
    o.swing = NAN;
    o.n_swing = st->n;
    o.swing_state = (const char *const *)st->state;
    o.swing_value = st->swing;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    assert_int_equal(find(r, "XD")->swing_to_d, 1);
    assert_true(find(r, "XE")->swing == 0);
    assert_int_equal(r->swing_missing, 1);
    assert_int_equal(r->years[0].swing_majority, 'D');
    gm_control_result_destroy(r);
    gm_swing_table_destroy(st);

    /* impute: the no-count race gets the state's mean contested turnout (100) at 25/75:
     * shares 0.7, 0.4, 0.25, V = 135/300 = 0.45: D needs 0.45 + 0.5 - 0.4 = 0.55, R
     * (own 0.3 0.6 0.75, 2nd best 0.6) 0.55 + 0.5 - 0.6 = 0.45 */
    o.n_swing = 0;
    o.uncontested = GM_UNCONTESTED_IMPUTE;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    e = find(r, "XD");
    assert_true(fabs(e->majority_share_d - 0.55) < EPS);
    assert_true(fabs(e->majority_share_r - 0.45) < EPS);
    gm_control_result_destroy(r);
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
}

static void test_swing_table_bad(void **state)
{
    (void)state;
    gm_swing_table *st = NULL;
    gm_error err = {0};
    assert_int_equal(gm_swing_table_load(tu_write_tmp("sw2.csv", "state,swing\nPA,3\npa,4\n"), &st,
                                         &err),
                     GM_E_DATA);
    assert_non_null(strstr(err.msg, "listed twice"));
    assert_int_equal(gm_swing_table_load(tu_write_tmp("sw3.csv", "state,swing\nPA,three\n"), &st,
                                         &err),
                     GM_E_DATA);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_int_equal(gm_swing_table_load(tu_write_tmp("sw4.csv", "state,points\nPA,3\n"), &st,
                                         &err),
                     GM_E_FIELD);
    assert_null(st);
}

/* The pen on hand tables: two states, two NCSL tables; congressional maps of 2012 and
 * 2022; state legislative plans in force on election day 2012 (XB's only from 2013: 2014). */
static void test_pen(void **state)
{
    (void)state;
    gm_error err = {0};
    gm_leg_seats *ls;
    assert_int_equal(
        gm_leg_seats_load(
            tu_write_tmp("ps.csv",
                         "# NCSL\nstate,table_year,as_of,total_seats,dem_seats,rep_seats,"
                         "legis_control,gov_party,state_control\n"
                         "XA,2009,2009-01-26,100,60,40,Dem,Dem,Dem\n"
                         "XB,2009,2009-01-26,50,20,30,Rep,Dem,Divided\n"
                         "XA,2011,2011-01-31,100,45,55,Split,Rep,Divided\n"
                         "XB,2011,2011-01-31,50,10,40,Rep,Rep,Rep\n"),
            tu_write_tmp("pn.csv", "table_year,dem_seats,rep_seats\n2009,80,70\n2011,55,95\n"), &ls,
            &err),
        GM_OK);
    gm_control_table *cong, *leg;
    assert_int_equal(gm_control_table_load(
                         tu_write_tmp("pc.csv", "state,cycle,seats,drawn_by,legislature_control\n"
                                                "XA,2012,3,legislature,R\nXB,2012,1,at_large,R\n"
                                                "XA,2022,4,court,split\n"),
                         &cong, &err),
                     GM_OK);
    assert_int_equal(
        gm_control_table_load(
            tu_write_tmp("pl.csv", "state,chamber,seats,drawn_by,legislature_control,start_date,end_date\n"
                                   "XA,lower,80,legislature,D,2001-06-01,2011-06-01\n"
                                   "XA,lower,80,legislature,R,2011-06-01,\n"
                                   "XA,upper,20,independent_commission,split,2011-07-01,\n"
                                   "XB,lower,50,court,R,2013-03-01,\n"),
            &leg, &err),
        GM_OK);
    gm_pen_result *r;
    assert_int_equal(gm_pen_analyze(ls, cong, leg, &r, &err), GM_OK);
    assert_int_equal(r->n_years, 2);
    const gm_pen_year *y = gm_pen_year_of(r, 2011);
    assert_non_null(y);
    assert_true(y->dem == 55 && y->rep == 95 && y->ncsl_dem == 55 && y->ncsl_rep == 95);
    assert_true(y->leg_r == 1 && y->leg_split == 1 && y->tri_r == 1 && y->divided == 1);
    y = gm_pen_year_of(r, 2009);
    assert_true(y->dem == 80 && y->leg_d == 1 && y->tri_d == 1);
    const gm_pen_cycle *c = &r->cycles[0];
    assert_int_equal(c->census, 2010);
    assert_int_equal(c->cong_total, 4);
    assert_int_equal(c->cong_seats[GM_DRAWER_REP_LEGISLATURE], 3);
    assert_int_equal(c->cong_seats[GM_DRAWER_AT_LARGE], 1);
    assert_int_equal(c->leg_seats[GM_DRAWER_REP_LEGISLATURE], 80); /* not the 2001 map */
    assert_int_equal(c->leg_seats[GM_DRAWER_INDEPENDENT_COMMISSION], 20);
    assert_int_equal(c->leg_seats[GM_DRAWER_COURT], 50); /* in force for 2014 */
    assert_int_equal(c->leg_missing, 0);
    assert_int_equal(r->cycles[1].cong_seats[GM_DRAWER_COURT], 4);
    assert_int_equal(r->cycles[1].leg_missing, 3); /* no plan started after 2020 */
    gm_pen_result_destroy(r);
    gm_control_table_destroy(leg);
    gm_control_table_destroy(cong);
    gm_leg_seats_destroy(ls);
    /* bad tables: the file and line named */
    const char *hdr = "state,table_year,as_of,total_seats,dem_seats,rep_seats,legis_control,"
                      "gov_party,state_control\n";
    char text[512];
    snprintf(text, sizeof text, "%sXA,2009,x,100,sixty,40,Dem,Dem,Dem\n", hdr);
    assert_int_equal(gm_leg_seats_load(tu_write_tmp("pb.csv", text), NULL, &ls, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "line 2: dem_seats 'sixty'"));
    snprintf(text, sizeof text, "%sXA,2009,x,100,60,50,Dem,Dem,Dem\n", hdr);
    assert_int_equal(gm_leg_seats_load(tu_write_tmp("pb2.csv", text), NULL, &ls, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "more than its 100"));
    assert_int_equal(gm_leg_seats_load(tu_write_tmp("pb3.csv", "state,dem_seats\nXA,1\n"), NULL, &ls,
                                       &err),
                     GM_E_FIELD);
}

/* One chamber (gm_chamber_score): five districts, one with no votes (vacant). D votes of
 * 100: 70, 60.375, 52, 30 and 0/0. k = 5 (the vacant seat counts), m = 3. D won 3, R 1.
 *   V = 212.375 / 400 = 0.5309375; shares 0.7 0.60375 0.52 0.3.
 *   D needs V + 1/2 - 0.52 = 0.5109375; R's own shares 0.3 0.39625 0.48 0.7, its 3rd best
 *   0.39625 -> R needs 0.4690625 + 1/2 - 0.39625 = 0.5728125 (the two sum to more than 1:
 *   the vacant seat is neither's). D holds it: exact flip (1 - 0.5728125) - V = -0.10375;
 *   the 0.01-point step beyond it -0.1038 (0.60375 - 0.1038 = 0.49995: R's third seat). */
static void test_chamber(void **state)
{
    (void)state;
    const double a[] = {70, 60.375, 52, 30, 0}, b[] = {30, 39.625, 48, 70, 0};
    gm_chamber_row c;
    gm_error err = {0};
    assert_int_equal(gm_chamber_score(a, b, 5, NULL, NAN, &c, &err), GM_OK);
    assert_int_equal(c.seats, 5);
    assert_int_equal(c.vacant, 1);
    assert_int_equal(c.majority_seats, 3);
    assert_true(c.seats_a == 3 && c.seats_b == 1 && c.majority == 'a');
    assert_true(fabs(c.ps.vote_share - 0.5309375) < EPS);
    assert_true(fabs(c.ps.majority_share - 0.5109375) < EPS);
    assert_true(fabs(c.ps.majority_share_b - 0.5728125) < EPS);
    assert_true(fabs(c.ps.majority_swing - -0.10375) < EPS);
    assert_true(fabs(c.flip_step - -0.1038) < EPS);
    assert_true(isnan(c.swing) && c.swing_seats_a == 3 && c.swing_majority == 'a');
    /* the step flips it, one step less does not; no swing moves the vacant seat */
    assert_int_equal(gm_chamber_score(a, b, 5, NULL, -0.1038, &c, &err), GM_OK);
    assert_true(c.to_b == 2 && c.to_a == 0 && c.swing_seats_a == 1 && c.swing_seats_b == 3);
    assert_int_equal(c.swing_majority, 'b');
    /* 0.52 went at -0.02: 2 seats each and the vacant one, so neither has a majority */
    assert_int_equal(gm_chamber_score(a, b, 5, NULL, -0.1037, &c, &err), GM_OK);
    assert_true(c.to_b == 1 && c.swing_seats_a == 2 && c.swing_seats_b == 2 && c.swing_majority == 0);
    assert_int_equal(gm_chamber_score(a, b, 5, NULL, 0.0, &c, &err), GM_OK);
    assert_true(c.to_a == 0 && c.to_b == 0 && c.tied == 0 && c.swing_seats_a == 3);
    assert_int_equal(gm_chamber_score(a, b, 5, NULL, -0.45, &c, &err), GM_OK);
    assert_true(c.swing_seats_a == 0 && c.swing_seats_b == 4); /* 4 of 5: the vacant stays */
}

/* The seats-votes curve: D shares 0.7 0.6 0.6 0.45372 NaN (a no-count race won by D), 0.3,
 * V = 0.5, locked D 1. Steps at V + 1/2 - v: 0.3 (1 + 1 seats), 0.4 (the two 0.6: 4),
 * 0.54628 (5), 0.7 (6); below 0.3 D holds its locked seat. k = 6 (5 shares + 1 locked),
 * m = 4: the step to 4 seats lies at 0.4, which is gm_majority_threshold's share_a. At a
 * step the districts are tied: at 0.4 D holds 2 + 2 x 1/2 = 3 seats. The curve agrees
 * with gm_swing_seats at every share. */
static void test_seats_votes_curve(void **state)
{
    (void)state;
    const double v[] = {0.45372, 0.6, 0.7, NAN, 0.3, 0.6};
    gm_seats_votes c;
    gm_error err = {0};
    assert_int_equal(gm_seats_votes_curve(v, 6, 1, 0, 0, 0.5, &c, &err), GM_OK);
    assert_int_equal(c.k, 6);
    assert_true(c.seats_start == 1);
    assert_int_equal(c.n_steps, 4);
    const double want_x[] = {0.3, 0.4, 0.54628, 0.7}, want_s[] = {2, 4, 5, 6};
    for (size_t i = 0; i < 4; i++) {
        assert_true(fabs(c.share[i] - want_x[i]) < EPS);
        assert_true(c.seats[i] == want_s[i]);
    }
    gm_majority mj;
    assert_int_equal(gm_majority_threshold(v, 6, 1, 0, 0, 0.5, &mj, &err), GM_OK);
    assert_int_equal(mj.m, 4);
    assert_true(c.share[1] == mj.share_a); /* bit for bit */
    assert_true(gm_seats_votes_at(&c, 0.2) == 1);
    assert_true(gm_seats_votes_at(&c, 0.4) == 3);
    assert_true(gm_seats_votes_at(&c, 0.5) == 4);
    assert_true(gm_seats_votes_at(&c, 0.9) == 6);
    for (int q = 0; q <= 100; q++) {
        double x = q / 100.0 + 0.003; /* off the steps */
        gm_swing_count sc;
        gm_swing_seats(v, 6, x - 0.5, 1 + 3, 2, &sc); /* at V: D 0.7 0.6 0.6 + locked */
        assert_true(fabs(gm_seats_votes_at(&c, x) - sc.seats_a) < EPS);
    }
    gm_seats_votes_free(&c);
    assert_null(c.share);
    /* no share (NaN V): no steps */
    assert_int_equal(gm_seats_votes_curve(v, 6, 1, 0, 0, NAN, &c, &err), GM_OK);
    assert_int_equal(c.n_steps, 0);
    gm_seats_votes_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_odd),      cmocka_unit_test(test_threshold_even),
        cmocka_unit_test(test_seats_votes_curve),
        cmocka_unit_test(test_partisan_rows),      cmocka_unit_test(test_swing_parse),
        cmocka_unit_test(test_control_majority),   cmocka_unit_test(test_swing_table_bad),
        cmocka_unit_test(test_pen),                cmocka_unit_test(test_chamber),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
