/* polsby_popper.c: the one Polsby-Popper, 4 pi A / P^2, that the gerrymeter and DRA
 * compactness measures and the ensembles' graph-based pp_mean/pp_min all call. In a file
 * of its own so that compact_measure.c and compact_dra.c do not call each other. */
#include "compact/compact.h"

#include <math.h>

#include "core/constants.h"

double gmi_polsby_popper(double area, double perim)
{
    if (!(perim > 0) || !(area >= 0)) return NAN;
    return 4 * GM_PI * area / (perim * perim);
}
