/* test_control.c: gm_control on hand-computed tables and on the shipped 2012-2020 tables. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_report.h" /* gm_control_html */
#include "control/control.h"
#include "io/csv.h"

/* Vote arithmetic here is exact in binary up to the last bit or two of a quotient. */
#define EPS 1e-12

static gm_status load_ct(const char *name, const char *text, gm_control_table **ct,
                         gm_error *err)
{
    return gm_control_table_load(tu_write_tmp(name, text), ct, err);
}

static gm_status load_rt(const char *name, const char *text, gm_results_table **rt,
                         gm_error *err)
{
    return gm_results_table_load(tu_write_tmp(name, text), rt, err);
}

/* ---- hand-computed cases ------------------------------------------------------------ */

/* Two states. XA (3 seats, Republican legislature, map from 2012; court map from 2016):
 *   d1 D 60 R 40: D wins, wasted D 10, R 40
 *   d2 D 30 R 70: R wins, wasted D 30, R 20
 *   d3 D 45 R 55: R wins, wasted D 45, R  5
 *   wasted D 85, R 65, total 300 -> EG = 20/300 = 0.0666..., + favours R.
 *   net seats = EG x 3 = 0.2; D share 135/300 = 0.45; seat excess R = 2 - 0.55*3 = 0.35.
 * XB (2 seats, Democratic legislature):
 *   d1 D 0 R 100 (other 10, total 110): uncontested. Reported: wasted D 0, R 50.
 *      Imputed at 0.75 of 110: D 27.5, R 82.5 -> wasted D 27.5, R 27.5.
 *   d2 D 80 R 20: wasted D 30, R 20.
 *   Reported: wasted D 30, R 70, total 200 -> EG = -40/200 = -0.2.
 *   Imputed:  wasted D 57.5, R 47.5, total 210 -> EG = 10/210.
 * XC: at-large (one seat). DC-like ZZ: in the results, not in the control table. */
static const char *control_csv =
    "# comment line\n"
    "state,cycle,last_year,seats,drawn_by,legislature_control,governor_party,trifecta\n"
    "XA,2012,2014,3,legislature,R,R,R\n"
    "XA,2016,,3,court,R,D,none\n"
    "XB,2012,,2,legislature,D,D,D\n"
    "XC,2012,,1,at_large,split,R,none\n";

static const char *results_csv =
    "# comment\n"
    "year,state,district,dem_votes,rep_votes,other_votes,total_votes,winner_party,no_count\n"
    "2012,XA,1,60,40,0,100,D,0\n"
    "2012,XA,2,30,70,0,100,R,0\n"
    "2012,XA,3,45,55,0,100,R,0\n"
    "2012,XB,1,0,100,10,110,R,0\n"
    "2012,XB,2,80,20,0,100,D,0\n"
    "2012,XC,0,51,49,0,100,D,0\n"
    "2012,ZZ,0,90,10,0,100,D,0\n"
    "2016,XA,1,60,40,0,100,D,0\n"
    "2016,XA,2,50,50,0,100,O,0\n"
    "2016,XA,3,40,60,0,100,R,0\n";

static void load_hand(gm_control_table **ct, gm_results_table **rt)
{
    gm_error err = {0};
    assert_int_equal(gm_control_table_load(tu_write_tmp("c.csv", control_csv), ct, &err), GM_OK);
    assert_int_equal(gm_results_table_load(tu_write_tmp("r.csv", results_csv), rt, &err), GM_OK);
}

static const gm_control_election *find(const gm_control_result *r, const char *st, int year)
{
    for (size_t i = 0; i < r->n_elections; i++)
        if (!strcmp(r->elections[i].state, st) && r->elections[i].year == year)
            return &r->elections[i];
    return NULL;
}

static void test_control_hand_reported(void **state)
{
    (void)state;
    gm_control_table *ct;
    gm_results_table *rt;
    gm_control_result *r;
    gm_error err = {0};
    load_hand(&ct, &rt);
    assert_int_equal(gm_control_table_count(ct), 4);
    assert_int_equal(gm_results_table_count(rt), 10);
    gm_control_opts o;
    gm_control_opts_init(&o);
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    assert_int_equal(r->n_elections, 4); /* XA 2012, XA 2016, XB 2012, XC 2012 */
    assert_int_equal(r->seat_mismatches, 0);
    assert_int_equal(r->unmatched_rows, 1);
    assert_string_equal(r->unmatched_states, "ZZ");

    const gm_control_election *e = find(r, "XA", 2012);
    assert_non_null(e);
    assert_int_equal(e->drawer, GM_DRAWER_REP_LEGISLATURE);
    assert_int_equal(e->map_cycle, 2012);
    assert_int_equal(e->seats, 3);
    assert_int_equal(e->seats_d, 1);
    assert_int_equal(e->seats_r, 2);
    assert_true(fabs(e->efficiency_gap - 20.0 / 300.0) < EPS);
    assert_true(fabs(e->net_seats_r - 0.2) < EPS);
    assert_true(fabs(e->vote_share_d - 0.45) < EPS);
    assert_true(fabs(e->seat_excess_r - 0.35) < EPS);
    assert_int_equal(e->uncontested, 0);
    /* D shares 0.6, 0.3, 0.45: mean 0.45 = median -> mean-median 0. V = 0.45, so after the
     * uniform swing D keeps 0.6 and half of 0.45 (v = V): S' = 1.5/3, bias 0. Declination:
     * R-won mean 0.375 over 2 seats, D-won 0.6 over 1: theta = atan((1 - 0.75) x 3/2),
     * gamma = atan((1.2 - 1) x 3/1), delta = 2(gamma - theta)/pi = +0.1156. */
    assert_true(fabs(e->mean_median) < EPS);
    assert_true(fabs(e->partisan_bias) < EPS);
    assert_true(fabs(e->declination - 2.0 * (atan(0.6) - atan(0.375)) / GM_PI) < 1e-12);

    /* 2016: the court map (cycle 2016) replaced the legislature's (last_year 2014).
     * d1 wasted D 10 R 40; d2 tie: D 25 R 25; d3 D 40 R 10 -> (75-75)/300 = 0. */
    e = find(r, "XA", 2016);
    assert_non_null(e);
    assert_int_equal(e->drawer, GM_DRAWER_COURT);
    assert_int_equal(e->map_cycle, 2016);
    assert_int_equal(e->seats_other, 1);
    assert_true(fabs(e->efficiency_gap) < EPS);

    e = find(r, "XB", 2012);
    assert_non_null(e);
    assert_int_equal(e->drawer, GM_DRAWER_DEM_LEGISLATURE);
    assert_true(fabs(e->efficiency_gap - (-0.2)) < EPS);
    assert_int_equal(e->uncontested, 1);
    assert_int_equal(e->imputed, 0);
    assert_true(fabs(e->votes_d - 80) < EPS && fabs(e->votes_r - 120) < EPS);

    e = find(r, "XC", 2012);
    assert_int_equal(e->drawer, GM_DRAWER_AT_LARGE);

    /* Groups: two election years (2012, 2016). */
    assert_int_equal(r->n_years, 2);
    const gm_control_group *g = &r->groups[GM_DRAWER_REP_LEGISLATURE];
    assert_int_equal(g->maps, 1);
    assert_int_equal(g->elections, 1);
    assert_int_equal(g->seats, 3);
    assert_true(fabs(g->net_seats - 0.2) < EPS);
    assert_true(fabs(g->net_seats_per_year - 0.1) < EPS);
    /* One map: every bootstrap replicate is that map, so the interval is a point. */
    assert_true(fabs(g->ci_lo - 0.1) < EPS && fabs(g->ci_hi - 0.1) < EPS);
    g = &r->groups[GM_DRAWER_DEM_LEGISLATURE];
    assert_true(fabs(g->weighted_eg - (-0.2)) < EPS);
    assert_true(fabs(g->net_seats - (-0.4)) < EPS);
    g = &r->groups[GM_DRAWER_AT_LARGE];
    assert_int_equal(g->seats, 1);
    assert_true(isnan(g->weighted_eg) && isnan(g->net_seats));

    /* Year 2012: seats D = XA 1 + XB 1 + XC 1 = 3, R = 2 + 1 = 3 (ZZ not counted). */
    assert_int_equal(r->years[0].year, 2012);
    assert_int_equal(r->years[0].seats_d, 3);
    assert_int_equal(r->years[0].seats_r, 3);
    assert_int_equal(r->years[1].seats_other, 1);
    assert_true(fabs(r->years[0].net_seats[GM_DRAWER_REP_LEGISLATURE] - 0.2) < EPS);
    assert_true(isnan(r->years[1].net_seats[GM_DRAWER_REP_LEGISLATURE]));

    gm_control_result_destroy(r);
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
}

static void test_control_hand_impute(void **state)
{
    (void)state;
    gm_control_table *ct;
    gm_results_table *rt;
    gm_control_result *r;
    gm_error err = {0};
    load_hand(&ct, &rt);
    gm_control_opts o;
    gm_control_opts_init(&o);
    o.uncontested = GM_UNCONTESTED_IMPUTE;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    assert_int_equal(r->opts.uncontested, GM_UNCONTESTED_IMPUTE);
    const gm_control_election *e = find(r, "XB", 2012);
    assert_int_equal(e->imputed, 1);
    assert_true(fabs(e->efficiency_gap - 10.0 / 210.0) < EPS);
    assert_true(fabs(e->votes_d - 107.5) < EPS && fabs(e->votes_r - 102.5) < EPS);
    /* A contested state is unchanged. */
    assert_true(fabs(find(r, "XA", 2012)->efficiency_gap - 20.0 / 300.0) < EPS);
    gm_control_result_destroy(r);

    /* A different share: 0.6 of 110 -> D 44, R 66; wasted D 44, R 11; with d2 (30, 20):
     * (74 - 31) / 210. */
    o.impute_share = 0.6;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    assert_true(fabs(find(r, "XB", 2012)->efficiency_gap - 43.0 / 210.0) < EPS);
    gm_control_result_destroy(r);

    o.impute_share = 0.4;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_E_ARG);
    assert_non_null(strstr(err.msg, "impute share"));
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
}

/* A race with no count (Florida's unopposed races): reported mode gives the seat and no
 * votes; impute mode gives it the state's mean contested two-party turnout.
 * XD: d1 D 70 R 30 (contested, turnout 100), d2 D 40 R 60, d3 no count, won by R.
 *   reported: wasted D 20+40+0, R 30+10+0 -> (60-40)/200 = 0.1, seats D1 R2.
 *   impute: d3 turnout = mean(100, 100) = 100 -> D 25 R 75: wasted D 25, R 25
 *           -> (85 - 65)/300 = 0.0666... */
static void test_control_no_count(void **state)
{
    (void)state;
    gm_control_table *ct;
    gm_results_table *rt;
    gm_control_result *r;
    gm_error err = {0};
    assert_int_equal(gm_control_table_load(
                         tu_write_tmp("c2.csv", "state,cycle,seats,drawn_by,legislature_control\n"
                                                "XD,2012,3,political_commission,D\n"),
                         &ct, &err),
                     GM_OK);
    assert_int_equal(
        gm_results_table_load(tu_write_tmp("r2.csv", "year,state,district,dem_votes,rep_votes,"
                                                     "winner_party,no_count\n"
                                                     "2012,XD,1,70,30,,0\n"
                                                     "2012,XD,2,40,60,,0\n"
                                                     "2012,XD,3,0,0,R,1\n"),
                              &rt, &err),
        GM_OK);
    gm_control_opts o;
    gm_control_opts_init(&o);
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    const gm_control_election *e = find(r, "XD", 2012);
    assert_int_equal(e->drawer, GM_DRAWER_POLITICAL_COMMISSION);
    assert_int_equal(e->seats_d, 1);
    assert_int_equal(e->seats_r, 2);
    assert_int_equal(e->no_count, 1);
    assert_true(fabs(e->efficiency_gap - 0.1) < EPS);
    gm_control_result_destroy(r);

    o.uncontested = GM_UNCONTESTED_IMPUTE;
    assert_int_equal(gm_control_analyze(ct, rt, &o, &r, &err), GM_OK);
    e = find(r, "XD", 2012);
    assert_int_equal(e->imputed, 1);
    assert_true(fabs(e->efficiency_gap - 20.0 / 300.0) < EPS);
    gm_control_result_destroy(r);

    gm_control_explain *x;
    assert_int_equal(gm_control_explain_state(ct, rt, &o, "xd", 2012, &x, &err), GM_OK);
    assert_int_equal(x->n_districts, 3);
    assert_true(x->districts[2].no_count && x->districts[2].imputed);
    assert_true(fabs(x->impute_turnout - 100) < EPS);
    assert_true(fabs(x->districts[2].a - 25) < EPS && fabs(x->districts[2].b - 75) < EPS);
    assert_true(fabs((x->wasted_a - x->wasted_b) / x->total - x->election.efficiency_gap) < EPS);
    assert_int_equal(x->districts[0].line, 2);
    gm_control_explain_destroy(x);
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
}

static void test_control_bad_input(void **state)
{
    (void)state;
    gm_control_table *ct = NULL;
    gm_results_table *rt = NULL;
    gm_control_result *r = NULL;
    gm_error err = {0};
    assert_int_equal(load_ct("b1.csv",
                             "state,seats,drawn_by,legislature_control\n"
                             "XA,3,legislature,R\n",
                             &ct, &err),
                     GM_E_FIELD);
    assert_non_null(strstr(err.msg, "cycle"));
    assert_null(ct);
    assert_int_equal(load_ct("b2.csv",
                             "state,cycle,seats,drawn_by,legislature_control\n"
                             "XA,2012,3,wizard,R\n",
                             &ct, &err),
                     GM_E_DATA);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_non_null(strstr(err.msg, "wizard"));
    assert_int_equal(load_rt("b3.csv",
                             "year,state,district,dem_votes,rep_votes\n"
                             "2012,XA,1,10,-1\n",
                             &rt, &err),
                     GM_E_DATA);
    assert_non_null(strstr(err.msg, "line 2"));
    assert_int_equal(load_ct("c3.csv",
                             "state,cycle,seats,drawn_by,legislature_control\n"
                             "XA,2016,3,court,R\n",
                             &ct, &err),
                     GM_OK);
    assert_int_equal(load_rt("r3.csv",
                             "year,state,district,dem_votes,rep_votes\n"
                             "2012,XA,1,10,20\n",
                             &rt, &err),
                     GM_OK);
    /* XA is in the control table, but no map was in force in 2012. */
    assert_int_equal(gm_control_analyze(ct, rt, NULL, &r, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "XA 2012"));
    assert_null(r);
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
}

/* A header without the needed columns: every missing one is named, the header listed. */
static void test_control_missing_columns(void **state)
{
    (void)state;
    gm_control_table *ct = NULL;
    gm_results_table *rt = NULL;
    gm_error err = {0};
    assert_int_equal(load_ct("m1.csv", "state,cycle,notes\nXA,2012,x\n", &ct, &err), GM_E_FIELD);
    assert_string_equal(strstr(err.msg, "line 1"),
                        "line 1: no columns 'seats', 'drawn_by', 'legislature_control'; "
                        "the columns are: state, cycle, notes");
    assert_null(ct);
    /* state_po stands in for state; rep_votes is still needed */
    assert_int_equal(load_rt("m2.csv", "year,state_po,district,dem_votes\n2012,XA,1,3\n", &rt, &err),
                     GM_E_FIELD);
    assert_string_equal(strstr(err.msg, "line 1"),
                        "line 1: no column 'rep_votes'; the columns are: year, state_po, "
                        "district, dem_votes");
    assert_null(rt);
}

/* gmi_csv_columns: optional columns are -1, a long header ends in "...". */
static void test_csv_columns(void **state)
{
    (void)state;
    gmi_csv c;
    gm_error err = {0};
    static const char *const names[] = {"b", "x", "A"};
    static const bool need[] = {true, false, true};
    long col[3];
    const char *text = "a, b ,c\n1,2,3\n";
    assert_int_equal(gmi_csv_open_mem(&c, text, strlen(text), "t.csv", 0, &err), GM_OK);
    assert_int_equal(gmi_csv_next(&c, &err), 1);
    assert_int_equal(gmi_csv_columns(&c, names, 3, need, NULL, col, &err), GM_OK);
    assert_int_equal(col[0], 1);
    assert_int_equal(col[1], -1);
    assert_int_equal(col[2], 0);
    assert_int_equal(gmi_csv_columns(&c, names, 3, NULL, "vote", col, &err), GM_E_FIELD);
    assert_string_equal(err.msg, "t.csv: line 1: no vote column 'x'; the columns are: a,  b , c");
    gmi_csv_close(&c);

    char big[4000] = "";
    for (int i = 0; i < 100; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big), "%scolumn_%03d", i ? "," : "", i);
    strcat(big, "\n");
    assert_int_equal(gmi_csv_open_mem(&c, big, strlen(big), "big.csv", 0, &err), GM_OK);
    assert_int_equal(gmi_csv_next(&c, &err), 1);
    assert_int_equal(gmi_csv_columns(&c, names, 1, NULL, NULL, col, &err), GM_E_FIELD);
    assert_non_null(strstr(err.msg, "big.csv: line 1: no column 'b'; the columns are: column_000, "));
    size_t n = strlen(err.msg);
    if (!(n > 500 && n < 700)) fail_msg("%zu: %s", n, err.msg);
    assert_string_equal(err.msg + n - 3, "...");
    gmi_csv_close(&c);
}

/* A dated table (state legislative style): the map in force on election day. */
static void test_control_dated(void **state)
{
    (void)state;
    gm_control_table *ct;
    gm_error err = {0};
    assert_int_equal(load_ct("d.csv",
                             "state,chamber,start_date,end_date,seats,drawn_by,"
                             "legislature_control\n"
                             "XE,lower,2011-06-01,2016-02-19,5,legislature,R\n"
                             "XE,lower,2016-02-19,,5,court,R\n"
                             "XE,upper,2011-06-01,,3,legislature,D\n",
                             &ct, &err),
                     GM_OK);
    gm_results_table *rt;
    assert_int_equal(load_rt("dr.csv",
                             "year,state,chamber,district,dem_votes,rep_votes\n"
                             "2014,XE,lower,1,10,20\n"
                             "2016,XE,lower,1,10,20\n"
                             "2016,XE,upper,1,30,20\n",
                             &rt, &err),
                     GM_OK);
    gm_control_result *r;
    assert_int_equal(gm_control_analyze(ct, rt, NULL, &r, &err), GM_OK);
    assert_int_equal(r->n_elections, 3);
    /* sorted by state, chamber, year: lower 2014, lower 2016, upper 2016 */
    assert_int_equal(r->elections[0].drawer, GM_DRAWER_REP_LEGISLATURE);
    assert_int_equal(r->elections[1].drawer, GM_DRAWER_COURT);
    assert_int_equal(r->elections[2].drawer, GM_DRAWER_DEM_LEGISLATURE);
    assert_string_equal(r->elections[2].chamber, "upper");
    gm_control_result_destroy(r);
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
}

/* The bootstrap on a case with a known distribution: two clusters worth 0 and 1, the sum
 * of two draws is 0, 1 or 2 with probabilities 1/4, 1/2, 1/4, so the 2.5% and 97.5%
 * percentiles of 10,000 replicates are 0 and 2, and the 30% and 70% ones are 1. */
static void test_control_bootstrap_known(void **state)
{
    (void)state;
    const double x[] = {0.0, 1.0};
    double lo, hi;
    gm_error err = {0};
    assert_int_equal(gmi_bootstrap_sum(x, 2, 1.0, 10000, 42, 0.95, &lo, &hi, &err), GM_OK);
    assert_true(lo == 0.0 && hi == 2.0);
    assert_int_equal(gmi_bootstrap_sum(x, 2, 2.0, 10000, 42, 0.4, &lo, &hi, &err), GM_OK);
    assert_true(lo == 0.5 && hi == 0.5); /* divided by 2 */
    const double same[] = {3.0, 3.0, 3.0};
    assert_int_equal(gmi_bootstrap_sum(same, 3, 3.0, 100, 1, 0.95, &lo, &hi, &err), GM_OK);
    assert_true(lo == 3.0 && hi == 3.0);
    assert_int_equal(gmi_bootstrap_sum(x, 0, 1.0, 100, 1, 0.95, &lo, &hi, &err), GM_OK);
    assert_true(isnan(lo) && isnan(hi));
}

/* ---- the shipped 2012-2020 tables --------------------------------------------------- */

static gm_control_table *ship_ct;
static gm_results_table *ship_rt;

static int setup_ship(void **state)
{
    (void)state;
    gm_error err = {0};
    if (gm_control_table_load(tu_testdata("control/congress_control.csv"), &ship_ct, &err) ||
        gm_results_table_load(tu_testdata("control/us_house_2012_2020.csv"), &ship_rt, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int teardown_ship(void **state)
{
    (void)state;
    gm_control_table_destroy(ship_ct);
    gm_results_table_destroy(ship_rt);
    return 0;
}

static void test_control_national_totals(void **state)
{
    (void)state;
    /* Official totals (Clerk of the House), the DC delegate excluded. */
    static const struct { int year; size_t d, r; } official[] = {
        {2012, 201, 234}, {2014, 188, 247}, {2016, 194, 241}, {2018, 235, 200}, {2020, 222, 213}};
    gm_control_result *r;
    gm_error err = {0};
    for (int mode = 0; mode < 2; mode++) {
        gm_control_opts o;
        gm_control_opts_init(&o);
        o.uncontested = mode ? GM_UNCONTESTED_IMPUTE : GM_UNCONTESTED_REPORTED;
        assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &r, &err), GM_OK);
        assert_int_equal(r->n_years, 5);
        for (size_t i = 0; i < 5; i++) {
            assert_int_equal(r->years[i].year, official[i].year);
            assert_int_equal(r->years[i].seats_d, official[i].d);
            assert_int_equal(r->years[i].seats_r, official[i].r);
            assert_int_equal(r->years[i].seats_other, 0);
            size_t total = 0;
            for (int g = 0; g < GM_DRAWER_N; g++) total += r->years[i].seats[g];
            assert_int_equal(total, 435);
        }
        /* DC's 2020 delegate race is the only row without a map. */
        assert_int_equal(r->unmatched_rows, 1);
        assert_string_equal(r->unmatched_states, "DC");
        /* 50 states x 5 elections, each with as many districts as its map has seats */
        assert_int_equal(r->n_elections, 250);
        assert_int_equal(r->seat_mismatches, 0);
        gm_control_result_destroy(r);
    }
}

/* Seat counts per state and year against the independently derived MEDSL district table in
 * the shared data (us_house_2012_2020_by_district.csv: winner_party per district). */
static void test_control_state_seats_medsl(void **state)
{
    (void)state;
    const char *path = tu_shared_path("medsl_us_house/us_house_2012_2020_by_district.csv");
    gm_control_result *r;
    gm_error err = {0};
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, NULL, &r, &err), GM_OK);
    /* Counts from the shared table: [election][0=D,1=R]. */
    size_t (*cnt)[2] = calloc(r->n_elections, sizeof *cnt);
    assert_non_null(cnt);
    gmi_csv c;
    assert_int_equal(gmi_csv_open(&c, path, ',', &err), GM_OK);
    assert_int_equal(gmi_csv_next(&c, &err), 1);
    long cy = gmi_csv_find(c.field, c.nf, "year"), cs = gmi_csv_find(c.field, c.nf, "state_po");
    long cw = gmi_csv_find(c.field, c.nf, "winner_party");
    assert_true(cy >= 0 && cs >= 0 && cw >= 0);
    size_t rows = 0;
    while (gmi_csv_next(&c, &err) == 1) {
        if (!strcmp(c.field[cs], "DC")) continue;
        const gm_control_election *e = find(r, c.field[cs], atoi(c.field[cy]));
        assert_non_null(e);
        size_t k = (size_t)(e - r->elections);
        if (!strcmp(c.field[cw], "D")) cnt[k][0]++;
        else if (!strcmp(c.field[cw], "R")) cnt[k][1]++;
        rows++;
    }
    gmi_csv_close(&c);
    assert_int_equal(rows, 5 * 435);
    for (size_t k = 0; k < r->n_elections; k++) {
        const gm_control_election *e = &r->elections[k];
        if (e->seats_d != cnt[k][0] || e->seats_r != cnt[k][1])
            fail_msg("%s %d: %zu D / %zu R, MEDSL %zu / %zu", e->state, e->year, e->seats_d,
                     e->seats_r, cnt[k][0], cnt[k][1]);
        /* Every state's seat count equals the control table's seats for its map. */
        assert_int_equal(e->seats, (size_t)e->seats_map);
    }
    free(cnt);
    gm_control_result_destroy(r);
}

/* Map-drawer assignments checked by hand against ../shared/data/control/congress_control.csv. */
static void test_control_drawers(void **state)
{
    (void)state;
    static const struct { const char *st; int year; gm_drawer d; int cycle; } cases[] = {
        {"PA", 2012, GM_DRAWER_REP_LEGISLATURE, 2012},  /* 2011 map, R trifecta */
        {"PA", 2016, GM_DRAWER_REP_LEGISLATURE, 2012},
        {"PA", 2018, GM_DRAWER_COURT, 2018},            /* LWV v. Commonwealth remedial map */
        {"NC", 2014, GM_DRAWER_REP_LEGISLATURE, 2012},
        {"NC", 2016, GM_DRAWER_REP_LEGISLATURE, 2016},  /* 2016 redraw after Harris v. McCrory */
        {"NC", 2020, GM_DRAWER_REP_LEGISLATURE, 2020},  /* 2019 redraw after Harper v. Lewis */
        {"CA", 2012, GM_DRAWER_INDEPENDENT_COMMISSION, 2012},
        {"CA", 2020, GM_DRAWER_INDEPENDENT_COMMISSION, 2012},
        {"IL", 2012, GM_DRAWER_DEM_LEGISLATURE, 2012},
        {"MD", 2018, GM_DRAWER_DEM_LEGISLATURE, 2012},
        {"FL", 2014, GM_DRAWER_REP_LEGISLATURE, 2012},
        {"FL", 2016, GM_DRAWER_COURT, 2016},
        {"VA", 2016, GM_DRAWER_COURT, 2016},
        {"TX", 2012, GM_DRAWER_COURT, 2012},
        {"NJ", 2012, GM_DRAWER_POLITICAL_COMMISSION, 2012},
        {"KY", 2012, GM_DRAWER_SPLIT, 2012},
        {"NE", 2012, GM_DRAWER_SPLIT, 2012},            /* nonpartisan unicameral */
        {"VT", 2012, GM_DRAWER_AT_LARGE, 2012},
    };
    gm_control_result *r;
    gm_error err = {0};
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, NULL, &r, &err), GM_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const gm_control_election *e = find(r, cases[i].st, cases[i].year);
        assert_non_null(e);
        if (e->drawer != cases[i].d || e->map_cycle != cases[i].cycle)
            fail_msg("%s %d: drawer %s (map %d), expected %s (map %d)", cases[i].st,
                     cases[i].year, gm_drawer_key(e->drawer), e->map_cycle,
                     gm_drawer_key(cases[i].d), cases[i].cycle);
    }
    gm_control_result_destroy(r);
}

/* Published figures: PA 2012 D 2,793,538 vs R 2,710,070 and 5 of 18 seats; NC 2012
 * D 2,218,357 vs R 2,137,167 and 4 of 13 (MEDSL). The EGs below are the wasted-vote
 * formula applied by hand (a short Python loop over the shipped table, all races contested):
 * PA 2012 +0.23758 (Warshaw's LWV report gives about -0.24 in his D-positive sign), PA 2018
 * +0.09268 reported / +0.06915 imputed (one uncontested race, PA-18), NC 2016 +0.19374,
 * IL 2012 -0.02324, MD 2012 -0.05794. */
static void test_control_published(void **state)
{
    (void)state;
    gm_control_result *r, *ri;
    gm_error err = {0};
    gm_control_opts o;
    gm_control_opts_init(&o);
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &r, &err), GM_OK);
    o.uncontested = GM_UNCONTESTED_IMPUTE;
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &ri, &err), GM_OK);
    const gm_control_election *e = find(r, "PA", 2012);
    assert_true(e->votes_d == 2793538 && e->votes_r == 2710070);
    assert_int_equal(e->seats_d, 5);
    assert_int_equal(e->seats_r, 13);
    assert_true(fabs(e->efficiency_gap - 0.23758214611215042) < 1e-9);
    assert_true(fabs(e->net_seats_r - 18 * 0.23758214611215042) < 1e-9);
    /* Mean-median, partisan bias and declination of PA 2012 by hand from the 18 district
     * D shares (docs/metrics.md; METRICS.md sections 3-5), all favouring R:
     * mean - median = +0.0764881; bias = 1/2 - S' where after a uniform swing to V = 0.50758
     * D keeps the 5 districts with v_i > V: 1/2 - 5/18 = 4/18; Warrington's delta =
     * 2(gamma - theta)/pi = +0.5275352. */
    assert_true(fabs(e->mean_median - 0.07648805124444791) < 1e-9);
    assert_true(fabs(e->partisan_bias - 4.0 / 18.0) < 1e-12);
    assert_true(fabs(e->declination - 0.5275351823915442) < 1e-9);
    /* NC 2016: V = 0.46681, 3 D districts above it of 13 -> 1/2 - 3/13 = 0.26923. */
    assert_true(fabs(find(r, "NC", 2016)->partisan_bias - (0.5 - 3.0 / 13.0)) < 1e-12);
    e = find(r, "NC", 2012);
    assert_true(e->votes_d == 2218357 && e->votes_r == 2137167);
    assert_int_equal(e->seats_d, 4);
    e = find(r, "PA", 2018);
    assert_true(fabs(e->efficiency_gap - 0.09268051454331994) < 1e-9);
    assert_int_equal(e->uncontested, 1);
    e = find(ri, "PA", 2018);
    assert_true(fabs(e->efficiency_gap - 0.0691517963782737) < 1e-9);
    assert_int_equal(e->imputed, 1);
    assert_true(fabs(find(r, "NC", 2016)->efficiency_gap - 0.1937390018751687) < 1e-9);
    assert_true(fabs(find(r, "IL", 2012)->efficiency_gap - (-0.02323912657123469)) < 1e-9);
    assert_true(fabs(find(r, "MD", 2012)->efficiency_gap - (-0.05794484780027966)) < 1e-9);
    gm_control_result_destroy(r);
    gm_control_result_destroy(ri);
}

/* Group sums are consistent with the per-state figures, and the bootstrap is seeded. */
static void test_control_groups_bootstrap(void **state)
{
    (void)state;
    gm_control_result *r, *r2;
    gm_error err = {0};
    gm_control_opts o;
    gm_control_opts_init(&o);
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &r, &err), GM_OK);
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &r2, &err), GM_OK);
    size_t seats = 0, maps = 0;
    for (int g = 0; g < GM_DRAWER_N; g++) {
        const gm_control_group *G = &r->groups[g];
        seats += G->seats;
        maps += G->maps;
        double net = 0;
        size_t s = 0;
        for (size_t i = 0; i < r->n_elections; i++)
            if (r->elections[i].drawer == (gm_drawer)g) {
                net += r->elections[i].net_seats_r;
                s += r->elections[i].seats;
            }
        assert_int_equal(s, G->seats);
        if (g == GM_DRAWER_AT_LARGE) continue;
        assert_true(fabs(G->net_seats - net) < 1e-9);
        assert_true(fabs(G->weighted_eg - net / (double)s) < 1e-12);
        assert_true(fabs(G->net_seats_per_year - net / 5.0) < 1e-9);
        assert_true(G->ci_lo <= G->net_seats_per_year + 1e-9);
        assert_true(G->ci_hi >= G->net_seats_per_year - 1e-9);
        /* Same seed, same interval. */
        assert_true(G->ci_lo == r2->groups[g].ci_lo && G->ci_hi == r2->groups[g].ci_hi);
    }
    assert_int_equal(seats, 5 * 435);
    /* 2010-cycle maps used 2012-2020: 50 states + 5 mid-decade redraws (FL, NC x2, PA, VA). */
    assert_int_equal(maps, 55);
    assert_int_equal(r->groups[GM_DRAWER_AT_LARGE].maps, 7);
    gm_control_result_destroy(r2);
    o.seed = 7;
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &r2, &err), GM_OK);
    assert_true(r->groups[GM_DRAWER_REP_LEGISLATURE].ci_lo !=
                r2->groups[GM_DRAWER_REP_LEGISLATURE].ci_lo);
    gm_control_result_destroy(r2);
    /* The year range restricts the analysis. */
    o.year_from = o.year_to = 2018;
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, &o, &r2, &err), GM_OK);
    assert_int_equal(r2->n_years, 1);
    assert_int_equal(r2->seats_d, 235);
    gm_control_result_destroy(r2);
    gm_control_result_destroy(r);
}

static void test_control_html(void **state)
{
    (void)state;
    gm_control_result *r;
    gm_error err = {0};
    assert_int_equal(gm_control_analyze(ship_ct, ship_rt, NULL, &r, &err), GM_OK);
    char *html = NULL;
    assert_int_equal(gm_control_html(r, "Test <&> title", &html, &err), GM_OK);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "Test &lt;&amp;&gt; title"));
    assert_null(strstr(html, "<script"));
    /* one chart per group with a map, and the seats-votes curves of the majority section;
     * then one chart per year of the drawer groups' curves, with a line per group that drew
     * districts (2012-2020: every group every year) */
    size_t svgs = 0;
    for (const char *p = html; (p = strstr(p, "<svg xmlns")); p++) svgs++;
    assert_int_equal(svgs, 7);
    size_t charts = 0, lines = 0;
    for (const char *p = html; (p = strstr(p, "<svg class=\"group-curves\"")); p++) charts++;
    for (const char *p = html; (p = strstr(p, "class=\"group-curve\"")); p++) lines++;
    assert_int_equal(charts, 5);
    assert_int_equal(lines, 5 * GM_DRAWER_N);
    assert_non_null(strstr(html, "The vote a majority needs"));
    size_t curves = 0;
    for (const char *p = html; (p = strstr(p, "class=\"curve\"")); p++) curves++;
    assert_int_equal(curves, 5); /* 2012-2020 */
    assert_non_null(strstr(html, "Republican legislature"));
    assert_non_null(strstr(html, "uncontested races: reported"));
    free(html);
    gm_control_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest hand[] = {
        cmocka_unit_test(test_control_hand_reported),
        cmocka_unit_test(test_control_hand_impute),
        cmocka_unit_test(test_control_no_count),
        cmocka_unit_test(test_control_bad_input),
        cmocka_unit_test(test_control_missing_columns),
        cmocka_unit_test(test_csv_columns),
        cmocka_unit_test(test_control_dated),
        cmocka_unit_test(test_control_bootstrap_known),
    };
    const struct CMUnitTest ship[] = {
        cmocka_unit_test(test_control_national_totals),
        cmocka_unit_test(test_control_state_seats_medsl),
        cmocka_unit_test(test_control_drawers),
        cmocka_unit_test(test_control_published),
        cmocka_unit_test(test_control_groups_bootstrap),
        cmocka_unit_test(test_control_html),
    };
    int fails = cmocka_run_group_tests_name("control_hand", hand, NULL, NULL);
    fails += cmocka_run_group_tests_name("control_shipped", ship, setup_ship, teardown_ship);
    return fails;
}
