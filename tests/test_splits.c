/* test_splits.c: administrative splits and demographics (gm_splits.h): the
 * redistmetrics-style counts and DRA's splitting scores of a plan computed by hand, DRA's
 * opportunity probabilities at the values its README gives, and on the Minnesota
 * congressional ensemble the batch kernel's per-plan values equal the one-plan path and a
 * plain recount over the county x district matrix. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gerrymeter.h"

/* A layer built in memory: values of[] over n units. */
static gm_admin mem_admin(const int32_t *of, size_t n, size_t nv)
{
    static char *labels[] = {"A", "B", "C", "D"};
    gm_admin a = {.name = "county", .field = "C", .n_units = n, .n = nv, .of = (int32_t *)of,
                  .label = labels};
    return a;
}

static void values_of(const gm_admin *a, const double *pop, const int32_t *plan, size_t k,
                      double *v)
{
    gm_error e;
    gm_plan_extras *x = NULL;
    const gm_admin *const ad[] = {a};
    assert_int_equal(gm_plan_extras_create(a->n_units, pop, ad, 1, NULL, &x, &e), GM_OK);
    assert_int_equal(gm_plan_extras_n(x), GM_SPLIT_N);
    gm_extras_work *w = NULL;
    assert_int_equal(gm_extras_work_create(x, k, &w, &e), GM_OK);
    double dpop[8] = {0};
    for (size_t i = 0; i < a->n_units; i++) dpop[plan[i]] += pop[i];
    gm_plan_extras_plan(x, w, plan, dpop, v);
    gm_extras_work_destroy(w);
    gm_plan_extras_destroy(x);
}

/* Counties A = units 0-2, B = 3-4, C = 5-7. The plan puts A in districts {0, 1}, B in
 * {1, 2} and C in {0, 1, 2}: 3 counties split, 1 into three districts, 1 + 1 + 2 = 4
 * extra pieces. Unit 7 has no population: it still splits C (redistmetrics counts
 * every unit). */
static void test_counts_by_hand(void **state)
{
    (void)state;
    const int32_t of[] = {0, 0, 0, 1, 1, 2, 2, 2};
    const int32_t plan[] = {0, 1, 1, 1, 2, 0, 1, 2};
    const double pop[] = {10, 20, 30, 40, 50, 60, 70, 0};
    gm_admin a = mem_admin(of, 8, 3);
    double v[GM_SPLIT_N];
    values_of(&a, pop, plan, 3, v);
    assert_true(v[GM_SPLIT_UNITS] == 3);
    assert_true(v[GM_SPLIT_MULTI] == 1);
    assert_true(v[GM_SPLIT_PIECES] == 4);
    /* nothing split: 0, 0, 0 and DRA's 1.0 both ways */
    const int32_t whole[] = {0, 0, 0, 1, 1, 2, 2, 2};
    values_of(&a, pop, whole, 3, v);
    assert_true(v[GM_SPLIT_UNITS] == 0 && v[GM_SPLIT_MULTI] == 0 && v[GM_SPLIT_PIECES] == 0);
    assert_true(fabs(v[GM_SPLIT_DRA_COUNTY] - 1) < 1e-15 && fabs(v[GM_SPLIT_DRA_DISTRICT] - 1) < 1e-15);
}

/* DRA's splitting by hand (../shared/peers/dra/README.md): county A (100 people) is
 * split 60 / 40 between districts 0 and 1; county B (100) lies in district 1. District
 * 0 (60) is a whole district inside A, so A scores sqrt(0.6) (the whole-district cell)
 * + sqrt(0.4); B scores 1. County B is a whole county of district 1 (140): district 1
 * scores sqrt(40/140) + sqrt(100/140), district 0 scores sqrt(60/60) = 1. */
static void test_dra_splitting_by_hand(void **state)
{
    (void)state;
    const int32_t of[] = {0, 0, 0, 1};
    const int32_t plan[] = {0, 0, 1, 1};
    const double pop[] = {25, 35, 40, 100};
    gm_admin a = mem_admin(of, 4, 2);
    double v[GM_SPLIT_N];
    values_of(&a, pop, plan, 2, v);
    double county = 0.5 * (sqrt(0.6) + sqrt(0.4)) + 0.5 * 1.0;
    double district = 0.3 * 1.0 + 0.7 * (sqrt(40.0 / 140) + sqrt(100.0 / 140));
    assert_true(fabs(v[GM_SPLIT_DRA_COUNTY] - county) < 1e-14);
    assert_true(fabs(v[GM_SPLIT_DRA_DISTRICT] - district) < 1e-14);
    assert_true(v[GM_SPLIT_UNITS] == 1 && v[GM_SPLIT_MULTI] == 0 && v[GM_SPLIT_PIECES] == 1);
}

/* The probabilities DRA's README gives (computed there with @dra2020/dra-analytics). */
static void test_dra_opportunity(void **state)
{
    (void)state;
    double b = gm_dra_shift("black"), h = gm_dra_shift("hispanic");
    assert_true(b == 0.15 && h == 0.075 && gm_dra_shift(NULL) == 0.15);
    assert_true(fabs(gm_dra_opportunity(0.37, b) - 0.6915) < 5e-5);
    assert_true(fabs(gm_dra_opportunity(0.50, b) - 0.99991) < 5e-6);
    assert_true(fabs(gm_dra_opportunity(0.37, h) - 0.0846) < 5e-5);
    assert_true(fabs(gm_dra_opportunity(0.50, h) - 0.9696) < 5e-5);
    assert_true(gm_dra_opportunity(0.3699, b) == 0);
    assert_true(gm_dra_opportunity(0.95, b) <= 1);
}

/* A plan of 2 districts with VAP 100 each: district 0 is 60% black (majority-black,
 * coalition 70%), district 1 is 30% black and 30% hispanic (coalition 60%). */
static void test_minority_by_hand(void **state)
{
    (void)state;
    double vap[] = {50, 50, 100}, black[] = {30, 30, 30}, hisp[] = {5, 5, 30};
    gm_demo d = {.n_units = 3, .vap_field = "VAP", .vap = vap, .n_groups = 2,
                 .name = {"black", "hispanic"}, .field = {"BVAP", "HVAP"},
                 .group = {black, hisp}, .white = -1};
    const int32_t plan[] = {0, 0, 1};
    gm_error e;
    gm_plan_extras *x = NULL;
    assert_int_equal(gm_plan_extras_create(3, NULL, NULL, 0, &d, &x, &e), GM_OK);
    assert_int_equal(gm_plan_extras_n(x), 2 + GM_MINORITY_N);
    gm_extras_work *w = NULL;
    assert_int_equal(gm_extras_work_create(x, 2, &w, &e), GM_OK);
    double v[2 + GM_MINORITY_N], dpop[2] = {0, 0};
    gm_plan_extras_plan(x, w, plan, dpop, v);
    assert_true(v[0] == 1 && v[1] == 0);                     /* majority black, hispanic */
    assert_true(v[2 + GM_MIN_COALITION_MM] == 2);            /* 70% and 60% */
    double opp = gm_dra_opportunity(0.6, 0.15) + gm_dra_opportunity(0.0, 0.075) +
                 gm_dra_opportunity(0.3, 0.15) + gm_dra_opportunity(0.3, 0.075);
    assert_true(fabs(v[2 + GM_MIN_OPPORTUNITY] - opp) < 1e-15);
    assert_true(fabs(v[2 + GM_MIN_COALITION] - (gm_dra_opportunity(0.7, 0.15) +
                                                 gm_dra_opportunity(0.6, 0.15))) < 1e-15);
    /* statewide: black 90/200 = 0.45 -> round(0.9) = 1, hispanic 40/200 -> round(0.4) = 0;
     * coalition 130/200 -> round(1.3) = 1 */
    assert_true(v[2 + GM_MIN_PROP_OPPORTUNITY] == 1 && v[2 + GM_MIN_PROP_COALITION] == 1);
    gm_extras_work_destroy(w);
    gm_plan_extras_destroy(x);
}

#define N_PLANS 300

/* The Minnesota congressional ensemble: per plan, the batch kernel (2 threads) gives the
 * same splits and minority values as gm_score_one, bit for bit, and the split counts
 * equal a plain recount over the county x district matrix of the plan. */
static void test_mn_kernel_equals_one_plan(void **state)
{
    (void)state;
    gm_init();
    tu_mn mn;
    tu_mn_load(&mn, N_PLANS, 0);
    const gm_units *u = mn.u;
    gm_error e;
    gm_admin *county = NULL;
    if (gm_admin_open(u, "county", "COUNTYFIPS", &county, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(county->n, 87);
    const char *nm[] = {"black", "hispanic"}, *fd[] = {"BVAP", "HVAP"};
    gm_demo *demo = NULL;
    if (gm_demo_open(u, "VAP", 2, nm, fd, &demo, &e) != GM_OK) fail_msg("%s", e.msg);
    const gm_admin *const ad[] = {county};
    gm_plan_extras *x = NULL;
    assert_int_equal(gm_plan_extras_create(u->n, u->pop, ad, 1, demo, &x, &e), GM_OK);
    assert_int_equal(gm_plan_extras_register(x, &e), GM_OK);
    assert_int_equal(gm_plan_extras_register(x, &e), GM_OK); /* again: the same rows */
    size_t nx = gm_plan_extras_n(x);
    assert_int_equal(nx, GM_SPLIT_N + 2 + GM_MINORITY_N);
    assert_string_equal(gm_plan_extras_row(x, 0)->key, "county_splits");
    assert_string_equal(gm_plan_extras_row(x, GM_SPLIT_N)->key, "majority_black");
    size_t col0;
    assert_non_null(gm_metric_find(GM_MF_PLAN, "county_splits", &col0));

    size_t n = mn.n, k = mn.k, np = mn.np;
    const int32_t *A = mn.plan;
    const int64_t *smp = mn.sample;
    gm_batch_spec bs = {.n_units = n, .k = k, .pop = u->pop, .extras = x};
    gm_batch *b = NULL;
    assert_int_equal(gm_batch_create(&bs, 2, &b, &e), GM_OK);
    gm_plan_scores *sc = malloc(np * sizeof *sc);
    assert_int_equal(gm_batch_score(b, A, smp, np, sc, NULL, &e), GM_OK);
    uint32_t *cell = malloc(county->n * k * sizeof *cell);
    for (size_t p = 0; p < np; p++) {
        gm_plan_scores one;
        assert_int_equal(gm_score_one(&bs, A + p * n, smp[p], &one, NULL, &e), GM_OK);
        for (size_t i = 0; i < nx; i++) {
            size_t m = col0 + i;
            double a = gm_plan_scores_get(&sc[p], m), c = gm_plan_scores_get(&one, m);
            assert_true(a == c || (isnan(a) && isnan(c)));
        }
        /* the plain recount */
        memset(cell, 0, county->n * k * sizeof *cell);
        for (size_t i = 0; i < n; i++) cell[(size_t)county->of[i] * k + (size_t)A[p * n + i]]++;
        double split = 0, multi = 0, pieces = 0;
        for (size_t c = 0; c < county->n; c++) {
            size_t t = 0;
            for (size_t d = 0; d < k; d++) t += cell[c * k + d] > 0;
            split += t >= 2;
            multi += t >= 3;
            pieces += (double)t - 1;
        }
        assert_true(gm_plan_scores_get(&sc[p], col0 + GM_SPLIT_UNITS) == split);
        assert_true(gm_plan_scores_get(&sc[p], col0 + GM_SPLIT_MULTI) == multi);
        assert_true(gm_plan_scores_get(&sc[p], col0 + GM_SPLIT_PIECES) == pieces);
    }
    /* plan 0 is the enacted CONGDIST: 9 counties split, 3 into three or more, 12 extra
     * pieces (../shared/peers/dra/examples/mn_splits_counts.json) */
    assert_true(gm_plan_scores_get(&sc[0], col0 + GM_SPLIT_UNITS) == 9);
    assert_true(gm_plan_scores_get(&sc[0], col0 + GM_SPLIT_MULTI) == 3);
    assert_true(gm_plan_scores_get(&sc[0], col0 + GM_SPLIT_PIECES) == 12);
    free(cell);
    free(sc);
    gm_batch_destroy(b);
    gm_metric_unregister_all();
    gm_plan_extras_destroy(x);
    gm_demo_destroy(demo);
    gm_admin_destroy(county);
    tu_mn_free(&mn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_by_hand),
        cmocka_unit_test(test_dra_splitting_by_hand),
        cmocka_unit_test(test_dra_opportunity),
        cmocka_unit_test(test_minority_by_hand),
        cmocka_unit_test(test_mn_kernel_equals_one_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
