/* test_core.c: the small shared helpers of engine/core: constants and angle
 * conversions. */
#include "testutil.h"

#include <math.h>

#include "core/constants.h"

static void test_core_pi(void **state)
{
    (void)state;
    assert_true(GM_PI == acos(-1.0));
    assert_true(gmi_deg2rad(180) == GM_PI);
    assert_true(gmi_rad2deg(GM_PI) == 180);
    assert_true(gmi_deg2rad(90) == GM_PI / 2);
    /* the forms every caller relied on before they shared one */
    double d = 43.123456789;
    assert_true(gmi_deg2rad(d) == d * 3.14159265358979323846 / 180);
    assert_true(gmi_rad2deg(0.7) == 0.7 * (180.0 / 3.14159265358979323846));
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_core_pi),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
