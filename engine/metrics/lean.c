/* lean.c: which party a signed metric favours, the one rule every command and writer
 * uses (score, partisan, report, control, the registry's writers). */
#include "gerrymeter/gm_partisan.h"

#include <math.h>

gm_lean gm_lean_of(double v, bool positive_favours_b)
{
    if (!isfinite(v)) return GM_LEAN_UNDEFINED; /* NaN: undefined; inf: no meaningful side */
    if (fabs(v) <= GM_LEAN_EPS) return GM_LEAN_NEITHER;
    return (v > 0) == positive_favours_b ? GM_LEAN_B : GM_LEAN_A;
}

const char *gm_lean_name(double v, bool positive_favours_b, const char *party_a,
                         const char *party_b)
{
    switch (gm_lean_of(v, positive_favours_b)) {
    case GM_LEAN_A: return party_a;
    case GM_LEAN_B: return party_b;
    case GM_LEAN_NEITHER: return "neither";
    default: return NULL;
    }
}
