/* partisan_testlib.h: helpers for the partisan suites: a double-precision assertion
 * (cmocka's assert_float_equal works in float) and a tiny reader for the numbers in
 * the peers' JSON vector files (they are regular enough for strstr + strtod). */
#ifndef GM_PARTISAN_TESTLIB_H
#define GM_PARTISAN_TESTLIB_H

#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define assert_near(a, b, eps)                                                                 \
    do {                                                                                       \
        double a_ = (a), b_ = (b);                                                             \
        if (!(fabs(a_ - b_) <= (eps)) && !(isnan(a_) && isnan(b_)))                             \
            fail_msg("%s = %.12g, expected %.12g (tol %g)", #a, a_, b_, (double)(eps));        \
    } while (0)

/* Relative tolerance (testthat style: |a - b| <= rel * |b|, absolute below 1). */
#define assert_rel(a, b, rel) assert_near(a, b, (rel) * fmax(1.0, fabs(b)))

/* The number after "k1" ... "k2" ... "k3": (each found after the previous); NaN for
 * null. Fails the test when a key is missing. */
static inline double pt_json3(const char *doc, const char *k1, const char *k2, const char *k3)
{
    const char *keys[3] = {k1, k2, k3};
    const char *s = doc;
    char pat[160];
    for (int i = 0; i < 3; i++) {
        if (!keys[i]) continue;
        snprintf(pat, sizeof pat, "\"%s\"", keys[i]);
        const char *q = strstr(s, pat);
        if (!q) fail_msg("key %s not found", pat);
        s = q + strlen(pat);
    }
    while (*s == ' ' || *s == ':') s++;
    if (strncmp(s, "null", 4) == 0) return NAN;
    return strtod(s, NULL);
}

#endif
