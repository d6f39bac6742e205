/* test_partisan_results.c: the district-results reader on the MEDSL US House table
 * (../shared/data/medsl_us_house) and on small hand-written files: grouping, negative
 * sentinels, zero-vote districts, missing columns, bad numbers, repeated districts;
 * and the one reader under both result tables (gm_results_read, gm_results_table_load). */
#include "partisan_testlib.h"

#include <unistd.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_results.h"
#include "gerrymeter/gm_tally.h"

static const char *const medsl_votes[] = {"dem_votes", "rep_votes"};
static const char *const medsl_groups[] = {"state_po", "year"};

static gm_results_opts medsl_opts(int neg)
{
    gm_results_opts o = {"district", medsl_votes, 2, medsl_groups, 2, neg, NULL, NULL, NULL};
    return o;
}

static void test_medsl_negative_is_an_error(void **state)
{
    (void)state;
    const char *path = tu_shared_path("medsl_us_house/us_house_2012_2020_by_district.csv");
    gm_results_opts o = medsl_opts(GM_NEG_ERROR);
    gm_results *r = NULL;
    gm_error err;
    assert_int_equal(gm_results_read(path, &o, &r, &err), GM_E_DATA);
    assert_null(r);
    /* FL-25 2020 has -1 Republican votes on line 1854. */
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "line 1854"));
    assert_non_null(strstr(err.msg, "rep_votes"));
    assert_non_null(strstr(err.msg, "-1"));
    assert_non_null(strstr(err.msg, "read negative votes as 0"));
    assert_int_equal(err.hint, GM_HINT_NEGATIVE_VOTES_ZERO);
}

static void test_medsl_all_state_years(void **state)
{
    (void)state;
    const char *path = tu_shared_path("medsl_us_house/us_house_2012_2020_by_district.csv");
    gm_results_opts o = medsl_opts(GM_NEG_ZERO);
    gm_results *r = NULL;
    gm_error err;
    assert_int_equal(gm_results_read(path, &o, &r, &err), GM_OK);
    assert_int_equal(r->n_rows, 2176);
    assert_int_equal(r->n_groups, 251); /* 50 states x 5 years + DC in 2020 */
    assert_int_equal(r->n_negative_zeroed, 1);
    assert_string_equal(r->group_value[0], "AK");
    assert_string_equal(r->group_value[1], "2012");
    /* Seats by year, ties and empty districts; published House results: 2012 201 D /
     * 234 R, 2014 188/247, 2016 194/241 (FL-24's unopposed D has 0/0 here), 2018
     * 235/199 plus NC-9 (uncertified; R led the count), 2020 222/213 plus DC's
     * delegate race (D) here, and FL-25 (unopposed R, 0/-1 here) empty. */
    static const struct {
        const char *year;
        double d, r, zero;
    } want[] = {{"2012", 201, 234, 0}, {"2014", 188, 247, 0}, {"2016", 193, 241, 1},
                {"2018", 235, 200, 0}, {"2020", 223, 212, 1}};
    double seats[5][3] = {{0}};
    size_t unc = 0;
    for (size_t g = 0; g < r->n_groups; g++) {
        size_t k = r->group_start[g + 1] - r->group_start[g];
        gm_partisan p;
        assert_int_equal(gm_partisan_score(gm_results_group_votes(r, g, 0), gm_results_group_votes(r, g, 1),
                                           k, NULL, &p, &err),
                         GM_OK);
        const char *yr = r->group_value[g * 2 + 1];
        for (size_t y = 0; y < 5; y++)
            if (strcmp(yr, want[y].year) == 0) {
                seats[y][0] += p.seats_a;
                seats[y][1] += p.seats_b;
                seats[y][2] += (double)p.k_zero;
            }
        unc += p.uncontested;
        if (strcmp(r->group_value[g * 2], "FL") == 0 && strcmp(yr, "2016") == 0) {
            assert_int_equal(p.k_zero, 1);
            assert_int_equal(p.k, 27);
            assert_near(p.ties, 0, 0);
        }
    }
    for (size_t y = 0; y < 5; y++) {
        assert_near(seats[y][0], want[y].d, 0);
        assert_near(seats[y][1], want[y].r, 0);
        assert_near(seats[y][2], want[y].zero, 0);
    }
    assert_true(unc > 100); /* MANIFEST: many uncontested House races */
    gm_results_destroy(r);
}

static const char *const dr[] = {"D", "R"};

/* With the winner column, a race whose votes were not counted (FL-24 2016: unopposed, 0/0;
 * FL-25 2020: 0/-1) counts for its winner, and the national seats are the published
 * ones: 2012 201/234, 2014 188/247, 2016 194/241, 2018 235/200, 2020 222/213 plus DC's
 * delegate (D). Such a district stays out of every share. */
static void test_medsl_winner_column(void **state)
{
    (void)state;
    const char *path = tu_shared_path("medsl_us_house/us_house_2012_2020_by_district.csv");
    gm_results_opts o = medsl_opts(GM_NEG_ZERO);
    o.party_names = dr;
    o.winner_col = "winner_party";
    gm_results *r = NULL;
    gm_error err;
    assert_int_equal(gm_results_read(path, &o, &r, &err), GM_OK);
    assert_non_null(r->winner);
    assert_int_equal(r->warnings.n, 0); /* every winner is D or R */
    static const struct {
        const char *year;
        double d, r, declared;
    } want[] = {{"2012", 201, 234, 0}, {"2014", 188, 247, 0}, {"2016", 194, 241, 1},
                {"2018", 235, 200, 0}, {"2020", 223, 213, 1}};
    double seats[5][3] = {{0}};
    for (size_t g = 0; g < r->n_groups; g++) {
        size_t k = r->group_start[g + 1] - r->group_start[g];
        const double *a = gm_results_group_votes(r, g, 0), *b = gm_results_group_votes(r, g, 1);
        double *v = malloc(2 * k * sizeof *v);
        int *w = malloc(k * sizeof *w);
        memcpy(v, a, k * sizeof *v);
        memcpy(v + k, b, k * sizeof *v);
        gm_warnings warn = {0};
        assert_int_equal(gm_district_winners_declared(v, 2, k, r->winner + r->group_start[g], dr,
                                                      NULL, NULL, w, &warn),
                         GM_OK);
        assert_int_equal(warn.n, 0); /* the column agrees with the votes everywhere */
        gm_partisan p, plain;
        assert_int_equal(gm_partisan_score(a, b, k, NULL, &p, &err), GM_OK);
        plain = p;
        gm_partisan_add_declared_seats(&p, a, b, w, k);
        /* shares and every other metric are those of the districts with votes */
        assert_true(p.vote_share == plain.vote_share || (isnan(p.vote_share) && isnan(plain.vote_share)));
        assert_true(p.efficiency_gap == plain.efficiency_gap ||
                    (isnan(p.efficiency_gap) && isnan(plain.efficiency_gap)));
        assert_int_equal(p.k_counted, plain.k_counted);
        const char *st = r->group_value[g * 2], *yr = r->group_value[g * 2 + 1];
        if (!strcmp(st, "FL") && !strcmp(yr, "2016")) {
            assert_near(p.seats_a, 11, 0);
            assert_near(p.seats_b, 16, 0);
            assert_int_equal(p.k_declared, 1);
            assert_near(p.seats_a_expected, plain.seats_a_expected + 1, 1e-12);
        }
        for (size_t y = 0; y < 5; y++)
            if (!strcmp(yr, want[y].year)) {
                seats[y][0] += p.seats_a;
                seats[y][1] += p.seats_b;
                seats[y][2] += (double)p.k_declared;
            }
        free(v);
        free(w);
        gm_warnings_free(&warn);
    }
    for (size_t y = 0; y < 5; y++) {
        assert_near(seats[y][0], want[y].d, 0);
        assert_near(seats[y][1], want[y].r, 0);
        assert_near(seats[y][2], want[y].declared, 0);
    }
    gm_results_destroy(r);
}

/* Winner column values: the party's label in any case, or a name of the same major
 * party; anything else is another party, listed in a warning. A declared winner the
 * votes contradict is named; a third party's win is named. */
static void test_winner_values(void **state)
{
    (void)state;
    const char *p = tu_write_tmp("w.csv", "district,d,r,w\n1,0,0,DEMOCRAT\n2,0,0,r\n3,0,0,O\n"
                                          "4,5,3,REPUBLICAN\n5,2,1,\n");
    static const char *const cols[] = {"d", "r"};
    gm_results_opts o = {"district", cols, 2, NULL, 0, GM_NEG_ERROR, dr, "w", NULL};
    gm_results *r = NULL;
    gm_error err;
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_OK);
    int want[] = {0, 1, GM_DECLARED_OTHER, 1, GM_DECLARED_NONE};
    for (size_t i = 0; i < 5; i++) assert_int_equal(r->winner[i], want[i]);
    assert_int_equal(gm_warnings_count(&r->warnings, "winner_not_a_party"), 1);
    assert_non_null(strstr(r->warnings.msg[0], "'O' in 1 row"));
    int w[5];
    gm_warnings warn = {0};
    double v[10];
    memcpy(v, r->votes, sizeof v);
    assert_int_equal(gm_district_winners_declared(v, 2, 5, r->winner, dr,
                                                  (const char *const *)r->district, "T", w, &warn),
                     GM_OK);
    int want_w[] = {0, 1, GM_WINNER_OTHER, 0, 0}; /* 4: the votes decide */
    for (size_t i = 0; i < 5; i++) assert_int_equal(w[i], want_w[i]);
    assert_int_equal(gm_warnings_count(&warn, "winner_column_differs"), 1);
    assert_non_null(strstr(warn.msg[0], "T: the winner column names another winner than the votes in district 4"));
    assert_int_equal(gm_district_others_warn(w, 5, dr, 2, (const char *const *)r->district, "T", &warn), GM_OK);
    assert_int_equal(gm_warnings_count(&warn, "other_party_wins"), 1);
    assert_non_null(strstr(warn.msg[1], "T: a party not named won district 3: the two-party metrics compare D and R only"));
    gm_partisan ps;
    assert_int_equal(gm_partisan_score(v, v + 5, 5, NULL, &ps, &err), GM_OK);
    gm_partisan_add_declared_seats(&ps, v, v + 5, w, 5);
    assert_near(ps.seats_a, 3, 0); /* 1 declared, 4 and 5 by votes */
    assert_near(ps.seats_b, 1, 0); /* 2 declared */
    assert_int_equal(ps.k_declared, 2);
    gm_warnings_free(&warn);
    gm_results_destroy(r);
}

/* The row filter: comparisons joined by AND, numbers as numbers, IN lists, quotes; bad
 * filters and unknown columns are refused with the filter's hint. */
static void test_row_filter(void **state)
{
    (void)state;
    const char *p = tu_write_tmp("f.csv", "st,year,district,d,r\nFL,2016,1,5,3\nFL,2016.0,2,4,6\n"
                                          "FL,2018,1,1,1\nAL,2016,1,2,2\nO'K,2016,1,3,3\n");
    static const char *const cols[] = {"d", "r"};
    static const char *const grp[] = {"st", "year"};
    gm_results_opts o = {"district", cols, 2, grp, 2, GM_NEG_ERROR, dr, NULL, NULL};
    gm_results *r = NULL;
    gm_error err;
    static const struct {
        const char *where;
        size_t rows;
    } ok[] = {{"st='FL' AND year=2016", 2},  {"st = 'FL' and year = 2016.0", 2},
              {"year > 2016", 1},            {"year>=2016 AND st<>'FL'", 2},
              {"st IN ('AL', 'O''K')", 2},   {"st NOT IN ('FL')", 2},
              {"\"st\" == FL AND year != 2018", 2}, {"  ", 5}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        o.where = ok[i].where;
        if (gm_results_read(p, &o, &r, &err) != GM_OK) fail_msg("%s: %s", ok[i].where, err.msg);
        if (r->n_rows != ok[i].rows) fail_msg("%s: %zu rows", ok[i].where, r->n_rows);
        assert_int_equal(r->n_filtered_out, 5 - ok[i].rows);
        gm_results_destroy(r);
    }
    static const char *const bad[] = {"st = ", "st 'FL'", "st='FL' OR st='AL'", "st IN ('FL'", "(st='FL')",
                                      "st='FL"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        o.where = bad[i];
        if (gm_results_read(p, &o, &r, &err) != GM_E_ARG) fail_msg("%s accepted", bad[i]);
        assert_int_equal(err.hint, GM_HINT_WHERE);
        assert_non_null(strstr(err.msg, "bad row filter"));
    }
    o.where = "state='FL'";
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_FIELD);
    assert_int_equal(err.hint, GM_HINT_WHERE);
    assert_non_null(strstr(err.msg, "no filter column 'state'"));
    o.where = "st='TX'";
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_DATA);
    assert_int_equal(err.hint, GM_HINT_WHERE);
    assert_non_null(strstr(err.msg, "none of its 5 district rows passes the filter"));
}

static void test_small_files(void **state)
{
    (void)state;
    gm_results *r = NULL;
    gm_error err;
    static const char *const grp[] = {"st"};
    gm_results_opts o = {"district", dr, 2, grp, 1, GM_NEG_ERROR, NULL, NULL, NULL};

    /* Grouping: groups in order of appearance, rows contiguous. */
    const char *p = tu_write_tmp("results.csv",
                                 "st,district,D,R\nB,1,10,5\nA,1,3,4\nB,2,7,7\nA,2,0,0\n\nA,3,1,0\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_OK);
    assert_int_equal(r->n_groups, 2);
    assert_string_equal(r->group_value[0], "B");
    assert_string_equal(r->group_value[1], "A");
    assert_int_equal(r->group_start[1], 2);
    assert_int_equal(r->group_start[2], 5);
    assert_string_equal(r->district[2], "1");
    assert_int_equal(r->line[4], 7);
    assert_near(gm_results_group_votes(r, 1, 0)[2], 1, 0);
    assert_near(gm_results_group_votes(r, 0, 1)[1], 7, 0);
    gm_results_destroy(r);

    /* Missing column: lists the columns. */
    p = tu_write_tmp("results.csv", "st,district,dem,R\nA,1,1,2\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_FIELD);
    assert_non_null(strstr(err.msg, "'D'"));
    assert_non_null(strstr(err.msg, "st, district, dem, R"));

    /* Not a number, NaN, negative, repeated district. */
    p = tu_write_tmp("results.csv", "st,district,D,R\nA,1,1,2\nA,2,12x,2\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, "line 3"));
    assert_non_null(strstr(err.msg, "12x"));
    p = tu_write_tmp("results.csv", "st,district,D,R\nA,1,nan,2\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "finite"));
    p = tu_write_tmp("results.csv", "st,district,D,R\nA,1,-3,2\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "line 2"));
    p = tu_write_tmp("results.csv", "st,district,D,R\nA,1,1,2\nB,1,1,2\nA,1,3,3\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, "line 4"));
    assert_non_null(strstr(err.msg, "line 2"));

    /* No grouping: one group of every row. */
    gm_results_opts o2 = {"district", dr, 2, NULL, 0, GM_NEG_ZERO, NULL, NULL, NULL};
    p = tu_write_tmp("results.csv", "district;D;R\n1;1;-1\n2;5;3\n");
    assert_int_equal(gm_results_read(p, &o2, &r, &err), GM_OK);
    assert_int_equal(r->n_groups, 1);
    assert_int_equal(r->n_rows, 2);
    assert_int_equal(r->n_negative_zeroed, 1);
    assert_near(r->votes[2], 0, 0); /* R of district 1 */
    gm_results_destroy(r);
}

/* gm_results_read and control's gm_results_table_load read district results with one
 * reader: the same comment lines, trimming, short-row check and vote messages. */
static void test_one_reader(void **state)
{
    (void)state;
    static const char *const votes[] = {"dem_votes", "rep_votes"};
    static const char *const grp[] = {"state"};
    gm_results_opts o = {"district", votes, 2, grp, 1, GM_NEG_ERROR, NULL, NULL, NULL};
    gm_results *r = NULL;
    gm_results_table *rt = NULL;
    gm_error err;
    /* '#' comments before the header and between rows, blanks around values (a tab
     * before NH used to make its own group " NH" in gm_results_read) */
    const char *p =
        tu_write_tmp("one.csv", "# source: hand-made\nyear,state,district,dem_votes,rep_votes\n"
                                "2016,NH,1,100,120\n# a note\n2016,\tNH ,2, 130 ,90\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_OK);
    assert_int_equal(r->n_rows, 2);
    assert_int_equal(r->n_groups, 1);
    assert_string_equal(r->group_value[0], "NH");
    assert_int_equal(r->line[1], 5);
    assert_near(r->votes[1], 130, 0);
    gm_results_destroy(r);
    assert_int_equal(gm_results_table_load(p, &rt, &err), GM_OK);
    assert_int_equal(gm_results_table_count(rt), 2);
    gm_results_table_destroy(rt);

    /* one message for a bad count, naming file, line, column, district and value */
    p = tu_write_tmp("one.csv", "year,state,district,dem_votes,rep_votes\n2016,NH,1,1,2\n"
                                "2016,NH,2,x,2\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_FORMAT);
    const char *want =
        "one.csv line 3: column 'dem_votes' of district 2 is 'x', not a number of votes";
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(gm_results_table_load(p, &rt, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, want));
    /* negative counts: the same message, each reader's advice after it */
    p = tu_write_tmp("one.csv", "year,state,district,dem_votes,rep_votes\n2016,NH,1,-1,2\n");
    want = "one.csv line 2: column 'dem_votes' of district 1 has negative votes (-1); ";
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, want));
    assert_int_equal(gm_results_table_load(p, &rt, &err), GM_E_DATA);
    assert_non_null(strstr(err.msg, want));
    assert_non_null(strstr(err.msg, "no_count = 1"));
    /* a row shorter than the columns: an error in both (control read the missing
     * fields as empty before) */
    p = tu_write_tmp("one.csv", "year,state,district,dem_votes,rep_votes,other_votes\n"
                                "2016,NH,1,1,2,0\n2016,NH,2,3,4\n");
    gm_results_opts o6 = o;
    assert_int_equal(gm_results_table_load(p, &rt, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, "one.csv line 3: 5 fields, but the columns named need 6"));
    static const char *const votes3[] = {"dem_votes", "other_votes"};
    o6.party_cols = votes3;
    assert_int_equal(gm_results_read(p, &o6, &r, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, "one.csv line 3: 5 fields, but the columns named need 6"));
    /* only comments: no header */
    p = tu_write_tmp("one.csv", "# nothing here\n");
    assert_int_equal(gm_results_read(p, &o, &r, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, "no header"));
    assert_int_equal(gm_results_table_load(p, &rt, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, "no header"));
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_medsl_negative_is_an_error),
        cmocka_unit_test(test_medsl_all_state_years),
        cmocka_unit_test(test_small_files),
        cmocka_unit_test(test_medsl_winner_column),
        cmocka_unit_test(test_winner_values),
        cmocka_unit_test(test_row_filter),
        cmocka_unit_test(test_one_reader),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
