/* test_plausible.c: the checks behind the loaders' plausibility errors and warnings:
 * the equality key of district labels agrees with the plans' natural order (so "1" and
 * "01" are one district in results tables too), and shares are told from counts. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "core/plausible.h"
#include "core/str.h"

#include <stdio.h>
#include <string.h>

static void test_label_key(void **state)
{
    (void)state;
    static const struct { const char *in, *key; } t[] = {
        {"1", "1"},       {"01", "1"},      {"001", "1"},   {"0", "0"},     {"00", "0"},
        {"10", "10"},     {"100", "100"},   {"CD07", "CD7"}, {"CD70", "CD70"}, {"10A", "10A"},
        {"010A", "10A"},  {"A0B0", "A0B0"}, {"1.05", "1.5"}, {"", ""},      {"x", "x"},
    };
    char out[32];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        gmi_label_key(t[i].in, out);
        if (strcmp(out, t[i].key) != 0) fail_msg("key of '%s' is '%s', expected '%s'", t[i].in, out, t[i].key);
    }
    /* one rule: equal keys exactly when the natural order finds the labels equal */
    static const char *const l[] = {"1", "01", "001", "0", "00", "10", "010", "CD1", "CD01",
                                    "cd1", "2", "02A", "2A", "A", "", "1 ", "0001.0", "1.0"};
    size_t n = sizeof l / sizeof l[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            char a[32], b[32];
            gmi_label_key(l[i], a);
            gmi_label_key(l[j], b);
            if ((strcmp(a, b) == 0) != (gm_label_cmp(l[i], l[j]) == 0))
                fail_msg("'%s' and '%s': key and natural order disagree", l[i], l[j]);
        }
}

static void test_looks_like_shares(void **state)
{
    (void)state;
    const double shares[] = {0.62, 0.45, 1.0, 0.0};
    const double counts[] = {245791, 0, 1, 35000.5};
    const double flags[] = {0, 1, 1, 0}; /* 0/1 counts: not shares */
    const double tiny[] = {0.5};
    size_t at = 99;
    assert_true(gmi_looks_like_shares(shares, 4, 1, &at));
    assert_int_equal(at, 0);
    assert_false(gmi_looks_like_shares(counts, 4, 1, NULL));
    assert_false(gmi_looks_like_shares(flags, 4, 1, NULL));
    assert_true(gmi_looks_like_shares(tiny, 1, 1, NULL));
    const double neg[] = {0.5, -0.1};
    assert_false(gmi_looks_like_shares(neg, 2, 1, NULL));
    /* a stride reads one column of a row-major table */
    const double rows[] = {0.2, 100, 0.3, 200};
    assert_true(gmi_looks_like_shares(rows, 2, 2, &at));
    assert_false(gmi_looks_like_shares(rows + 1, 2, 2, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_key),
        cmocka_unit_test(test_looks_like_shares),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
