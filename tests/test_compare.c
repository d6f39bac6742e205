/* test_compare.c: gm_plan_compare_compute (engine/metrics/compare.c): the transfer
 * matrix and core retention of two plans over the same units, checked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "gerrymeter/gerrymeter.h"

/* Six units in memory: populations 10, 20, 30, 40, 50, 60 (total 210). */
static double pop6[6] = {10, 20, 30, 40, 50, 60};
static char *id6[6] = {"u0", "u1", "u2", "u3", "u4", "u5"};

static gm_units units6(bool with_pop)
{
    gm_units u;
    memset(&u, 0, sizeof u);
    u.n = 6;
    u.pop = pop6;
    u.id = id6;
    u.pop_field = with_pop ? "POP" : NULL;
    return u;
}

static gm_plan *plan(const int32_t *d, size_t k, const char *const *labels)
{
    gm_plan *p = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_plan_from_array(6, d, k, labels, &p, &err), GM_OK);
    return p;
}

/* A plan against itself: every district is its own best match and keeps all of its
 * population; nothing moves. */
static void test_compare_self(void **state)
{
    (void)state;
    gm_units u = units6(true);
    const int32_t d[6] = {0, 0, 1, 1, 2, 2};
    gm_plan *a = plan(d, 3, NULL);
    gm_plan_compare *c = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_plan_compare_compute(&u, a, a, &c, &err), GM_OK);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(c->match_a[i], (int32_t)i);
        assert_int_equal(c->match_b[i], (int32_t)i);
        assert_true(c->retention_a[i] == 1.0);
        assert_true(c->retention_b[i] == 1.0);
    }
    assert_true(c->moved == 0);
    assert_int_equal(c->moved_units, 0);
    assert_true(c->retained_a == 210 && c->retained_b == 210 && c->total == 210);
    gm_plan_compare_destroy(c);
    gm_plan_destroy(a);
}

/* A = {u0,u1 | u2,u3 | u4,u5} (30, 70, 110); B moves u3 (40) from A's district 1 to B's
 * district 2 and relabels: B's labels are "X", "Y", "Z" over the same groups.
 *   matrix (A rows, B columns): [30 0 0; 0 30 40; 0 0 110]
 *   A: 0 -> X (30/30 = 1), 1 -> Z (40/70, more than the 30 in Y), 2 -> Z (110/110 = 1)
 *   B: X <- 0 (1), Y <- 1 (30/30 = 1), Z <- 2 (110/150)
 *   moved: A district 1's best match is Z, so u2 (30, in Y) moved: 30 people, 1 unit. */
static void test_compare_hand(void **state)
{
    (void)state;
    gm_units u = units6(true);
    const int32_t da[6] = {0, 0, 1, 1, 2, 2}, db[6] = {0, 0, 1, 2, 2, 2};
    const char *lb[3] = {"X", "Y", "Z"};
    gm_plan *a = plan(da, 3, NULL), *b = plan(db, 3, lb);
    gm_plan_compare *c = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_plan_compare_compute(&u, a, b, &c, &err), GM_OK);
    const double m[9] = {30, 0, 0, 0, 30, 40, 0, 0, 110};
    for (size_t i = 0; i < 9; i++) assert_true(c->pop[i] == m[i]);
    assert_int_equal(c->units[1 * 3 + 2], 1);
    assert_int_equal(c->match_a[0], 0);
    assert_int_equal(c->match_a[1], 2);
    assert_int_equal(c->match_a[2], 2);
    assert_true(c->retention_a[0] == 1.0);
    assert_true(c->retention_a[1] == 40.0 / 70.0);
    assert_true(c->retention_a[2] == 1.0);
    assert_int_equal(c->match_b[0], 0);
    assert_int_equal(c->match_b[1], 1);
    assert_int_equal(c->match_b[2], 2);
    assert_true(c->retention_b[1] == 1.0);
    assert_true(c->retention_b[2] == 110.0 / 150.0);
    assert_true(c->moved == 30);
    assert_int_equal(c->moved_units, 1);
    assert_true(c->retained_a == 180 && c->retained_b == 170);
    gm_plan_compare_destroy(c);
    gm_plan_destroy(b);
    gm_plan_destroy(a);
}

/* Ties: A district 0 = {u0 (10), u1 (20)} meets B's "2" = {u1} and B's "1" = {u0, ...}
 * with equal weight when weights are units: the district with A's own label wins the
 * tie; without one the first in label order. No population field: units count 1. */
static void test_compare_ties_units(void **state)
{
    (void)state;
    gm_units u = units6(false);
    const int32_t da[6] = {0, 0, 1, 1, 1, 1}, db[6] = {1, 0, 0, 0, 1, 1};
    const char *la[2] = {"2", "9"}, *lb[2] = {"1", "2"};
    gm_plan *a = plan(da, 2, la), *b = plan(db, 2, lb);
    gm_plan_compare *c = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_plan_compare_compute(&u, a, b, &c, &err), GM_OK);
    assert_true(c->by_units);
    assert_true(c->total == 6);
    /* A "2": one unit in B "1", one in B "2": the tie goes to B "2" (same label) */
    assert_int_equal(c->match_a[0], 1);
    assert_true(c->retention_a[0] == 0.5);
    /* A "9": two units in each of B "1" and B "2": no same label, the first (B "1") */
    assert_int_equal(c->match_a[1], 0);
    assert_true(c->retention_a[1] == 0.5);
    gm_plan_compare_destroy(c);
    gm_plan_destroy(b);
    gm_plan_destroy(a);
}

/* Plans over different unit sets are refused, naming both counts. */
static void test_compare_other_units(void **state)
{
    (void)state;
    gm_units u = units6(true);
    const int32_t d[6] = {0, 0, 1, 1, 2, 2};
    gm_plan *a = plan(d, 3, NULL), *b = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_plan_from_array(5, d, 3, NULL, &b, &err), GM_OK);
    gm_plan_compare *c = NULL;
    assert_int_equal(gm_plan_compare_compute(&u, a, b, &c, &err), GM_E_ARG);
    assert_null(c);
    assert_non_null(strstr(err.msg, "covers 5 units but the unit layer has 6"));
    gm_plan_destroy(b);
    gm_plan_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_self),
        cmocka_unit_test(test_compare_hand),
        cmocka_unit_test(test_compare_ties_units),
        cmocka_unit_test(test_compare_other_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
