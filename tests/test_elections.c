/* test_elections.c: gm_elections_score (engine/metrics/elections.c): each election equals
 * its one-election score, and the composite is the mean of the district shares, checked
 * by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "gerrymeter/gerrymeter.h"

/* Three districts, two elections (party-major: E1 a, E1 b, E2 a, E2 b):
 *   E1: a = 60, 30, 10; b = 40, 70, 90  -> shares .6, .3, .1
 *   E2: a = 30, 45, 0;  b = 10, 55, 0   -> shares .75, .45, none (no votes)
 * composite: (.6+.75)/2 = .675, (.3+.45)/2 = .375, .1 (E1 alone) */
static gm_tally *tally(void)
{
    const double votes[12] = {60, 30, 10, 40, 70, 90, 30, 45, 0, 10, 55, 0};
    gm_tally *t = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_tally_from_totals(3, 4, NULL, votes, &t, &err), GM_OK);
    return t;
}

static void test_elections_each_alone(void **state)
{
    (void)state;
    gm_tally *t = tally();
    const char *names[2] = {"E1", "E2"};
    gm_elections *x = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_elections_score(t, names, 2, NULL, &x, &err), GM_OK);
    assert_int_equal(x->n, 2);
    for (size_t e = 0; e < 2; e++) {
        gm_partisan one;
        assert_int_equal(gm_partisan_score(gm_tally_party(t, 2 * e), gm_tally_party(t, 2 * e + 1), 3,
                                           NULL, &one, &err),
                         GM_OK);
        const gm_partisan *p = &x->e[e].ps;
        assert_true(p->seats_a == one.seats_a && p->vote_share == one.vote_share);
        assert_true(p->efficiency_gap == one.efficiency_gap && p->mean_median == one.mean_median);
        assert_string_equal(x->e[e].name, names[e]);
    }
    assert_true(x->e[0].share[1] == 30.0 / 100.0);
    assert_int_equal(x->e[0].winner[0], 0);
    assert_int_equal(x->e[0].winner[1], 1);
    assert_true(isnan(x->e[1].share[2]));
    assert_int_equal(x->e[1].winner[2], GM_WINNER_NONE);
    gm_elections_destroy(x);
    gm_tally_destroy(t);
}

static void test_elections_composite(void **state)
{
    (void)state;
    gm_tally *t = tally();
    const char *names[2] = {"E1", "E2"};
    gm_elections *x = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_elections_score(t, names, 2, NULL, &x, &err), GM_OK);
    const gm_election_score *c = &x->composite;
    assert_true(c->share[0] == (0.6 + 0.75) / 2);
    assert_true(c->share[1] == (0.3 + 0.45) / 2);
    assert_true(c->share[2] == 0.1);
    assert_int_equal(c->winner[0], 0);
    assert_int_equal(c->winner[1], 1);
    assert_int_equal(c->winner[2], 1);
    assert_true(c->ps.seats_a == 1 && c->ps.seats_b == 2);
    /* equal turnout: the vote share is the mean district share (.675+.375+.1)/3 = .38333 */
    assert_true(fabs(c->ps.vote_share - (0.675 + 0.375 + 0.1) / 3) < 1e-12);
    /* efficiency gap by hand, turnout 1 per district: wasted a = .175 + .375 + .1 = .65,
     * wasted b = .325 + (.625 - .5) + (.9 - .5) = .85; (.65 - .85) / 3 */
    assert_true(fabs(c->ps.efficiency_gap - (0.65 - 0.85) / 3) < 1e-12);
    assert_true(fabs(c->ps.efficiency_gap - c->ps.efficiency_gap_equal_turnout) < 1e-12);
    gm_elections_destroy(x);
    gm_tally_destroy(t);
}

static void test_elections_bad(void **state)
{
    (void)state;
    gm_tally *t = tally();
    const char *names[3] = {"E1", "E2", "E3"};
    gm_elections *x = NULL;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_elections_score(t, names, 3, NULL, &x, &err), GM_E_ARG);
    assert_null(x);
    assert_int_equal(gm_elections_score(t, names, 0, NULL, &x, &err), GM_E_ARG);
    gm_tally_destroy(t);
}

/* The district layer's format comes from the extension; ".json" stays JSON output. */
static void test_layer_driver(void **state)
{
    (void)state;
    assert_string_equal(gm_district_layer_driver("a/d.gpkg"), "GPKG");
    assert_string_equal(gm_district_layer_driver("D.GeoJSON"), "GeoJSON");
    assert_string_equal(gm_district_layer_driver("x.fgb"), "FlatGeobuf");
    assert_null(gm_district_layer_driver("x.json"));
    assert_null(gm_district_layer_driver("x.csv"));
    assert_null(gm_district_layer_driver(".gpkg.txt"));
    assert_null(gm_district_layer_driver(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_elections_each_alone),
        cmocka_unit_test(test_elections_composite),
        cmocka_unit_test(test_elections_bad),
        cmocka_unit_test(test_layer_driver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
