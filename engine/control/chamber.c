/* chamber.c: one chamber under one plan and one election: every partisan metric of the
 * district votes, the majority threshold of each party, the smallest swing that flips the
 * majority and the seats after a swing asked for (gm_partisan_score, gm_majority_threshold,
 * gm_swing_flip_step and gm_swing_seats of gm_partisan.h). A district with no votes for
 * either party is a seat neither party won: it stays in the chamber's seats, so a majority
 * is still more than half of all of them. docs/control.md, "State chambers". */
#include <math.h>
#include <stdlib.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_tally.h"

/* One step of the flip swing: 0.01 points (as control's). */
#define FLIP_STEP 1e-4

static char holder_of(double sa, double sb, size_t k)
{
    double half = 0.5 * (double)k;
    return sa > half ? 'a' : sb > half ? 'b' : 0;
}

gm_status gm_chamber_score(const double *a, const double *b, size_t k, const gm_partisan_opts *po,
                           double swing, gm_chamber_row *out, gm_error *err)
{
    out->seats = k;
    out->vacant = 0;
    out->swing = swing;
    out->flip_step = NAN;
    gm_status rc = gm_partisan_score(a, b, k, po, &out->ps, err);
    if (rc != GM_OK) return rc;
    double *v = malloc(k * sizeof *v);
    int *winner = malloc(k * sizeof *winner);
    if (!v || !winner) {
        free(v);
        free(winner);
        return gm_fail(err, GM_E_NOMEM, "out of memory for %zu districts", k);
    }
    for (size_t d = 0; d < k; d++) {
        double t = a[d] + b[d];
        v[d] = t > 0 ? a[d] / t : NAN;
        winner[d] = t > 0 ? GM_WINNER_NONE : GM_WINNER_OTHER;
        out->vacant += !(t > 0);
    }
    /* the registry's majority_* rows with the vacant seats in the chamber (locked to no
     * party), so every output gives one threshold */
    if (out->vacant) gm_partisan_add_declared_seats(&out->ps, a, b, winner, k);
    gm_majority mj;
    rc = gm_majority_threshold(v, k, 0, 0, out->vacant, out->ps.vote_share, &mj, err);
    if (rc == GM_OK) {
        out->majority_seats = mj.m;
        out->seats_a = mj.seats_a;
        out->seats_b = mj.seats_b;
        out->majority = mj.holder;
        out->flip_step = gm_swing_flip_step(v, k, mj.seats_a, mj.seats_b, k, FLIP_STEP);
        gm_swing_count c = {swing, mj.seats_a, mj.seats_b, 0, 0, 0};
        if (isfinite(swing)) gm_swing_seats(v, k, swing, mj.seats_a, mj.seats_b, &c);
        out->to_a = c.to_a;
        out->to_b = c.to_b;
        out->tied = c.tied;
        out->swing_seats_a = c.seats_a;
        out->swing_seats_b = c.seats_b;
        out->swing_majority = holder_of(c.seats_a, c.seats_b, k);
    }
    free(v);
    free(winner);
    return rc;
}
