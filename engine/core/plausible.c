/* plausible.c: plausibility tests on columns of numbers (plausible.h). */
#include "core/plausible.h"

bool gmi_looks_like_shares(const double *v, size_t n, size_t stride, size_t *at)
{
    bool frac = false;
    for (size_t i = 0; i < n; i++) {
        double x = v[i * stride];
        if (!(x >= 0 && x <= 1)) return false;
        if (x > 0 && x < 1 && !frac) {
            frac = true;
            if (at) *at = i;
        }
    }
    return frac;
}
