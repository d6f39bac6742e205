/* test_partisan_results.c: the district-results reader on the MEDSL US House table
 * (../shared/data/medsl_us_house) and on small hand-written files: grouping, negative
 * sentinels, zero-vote districts, missing columns, bad numbers, repeated districts;
 * and the one reader under both result tables (gm_results_read, gm_results_table_load). */
#include "partisan_testlib.h"

#include <unistd.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_results.h"

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
        cmocka_unit_test(test_one_reader),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
