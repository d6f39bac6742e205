/* partisan_opts.c: option defaults and convention names for the partisan suite. */
#include "gerrymeter/gm_partisan.h"

#include <math.h>
#include <string.h>
#include <strings.h>

void gm_partisan_opts_init(gm_partisan_opts *o)
{
    memset(o, 0, sizeof *o);
    o->convention = GM_CONV_GERRYMETER;
    o->competitive_band = 0.05;   /* 45%..55%, the usual "competitive" range */
    o->sigma = 0.04;              /* DRA's seat-probability spread (method.ts) */
    o->statewide_share = NAN;     /* computed from the votes */
    o->vote_swing = 0.0;
    o->tau = 1.0;                 /* Warrington's default tau-gap */
    o->resp_bandwidth = 0.01;     /* one point of vote share, as redistmetrics */
    o->curve_swing = GM_SWING_UNIFORM;
    o->curve_seats = GM_SEATS_FPTP;
    o->curve_lo = 0.25;
    o->curve_hi = 0.75;
    o->curve_step = 0.005;
}

static const char *const conv_names[] = {"gerrymeter", "dra", "planscore", "gerrychain",
                                         "redistmetrics"};
#define N_CONV (sizeof conv_names / sizeof conv_names[0])

gm_status gm_convention_parse(const char *name, gm_convention *out, gm_error *err)
{
    for (size_t i = 0; i < N_CONV; i++)
        if (strcasecmp(name, conv_names[i]) == 0) {
            *out = (gm_convention)i;
            return GM_OK;
        }
    return gm_fail(err, GM_E_ARG,
                   "unknown convention '%s'; use gerrymeter, dra, planscore, gerrychain or "
                   "redistmetrics",
                   name);
}

const char *gm_convention_name(gm_convention c)
{
    return (unsigned)c < N_CONV ? conv_names[c] : "?";
}
