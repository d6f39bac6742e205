/* majority.c: the majority threshold and the uniform swing of control's state-elections
 * and of the whole chamber per year (gm_majority_threshold, gm_swing_seats,
 * gm_swing_flip_step of gm_partisan.h on the scored district shares). */
#include "control/control.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_partisan.h"

/* One step of the flip swing: 0.01 points. */
#define FLIP_STEP 1e-4

double gmi_control_state_swing(const gm_control_opts *o, const char *state, bool *listed)
{
    *listed = true;
    if (o->n_swing) {
        for (size_t i = 0; i < o->n_swing; i++)
            if (!strcmp(o->swing_state[i], state)) return o->swing_value[i];
        *listed = false;
        return 0.0;
    }
    return o->swing;
}

/* D shares and locked seats of districts [0, k): shares of those with votes into v. */
static void shares(const double *a, const double *b, const char *winner, size_t k, double *v,
                   size_t locked[3])
{
    locked[0] = locked[1] = locked[2] = 0;
    for (size_t j = 0; j < k; j++) {
        double t = a ? a[j] + b[j] : 0;
        v[j] = a ? (t > 0 ? a[j] / t : NAN) : v[j];
        if (isfinite(v[j])) continue;
        locked[winner[j] == 'D' ? 0 : winner[j] == 'R' ? 1 : 2]++;
    }
}

gm_status gmi_control_majority(const gm_results_table *rt, const size_t *idx, const double *a,
                               const double *b, size_t k, double swing, double *share,
                               char *winner, gm_control_election *e, gm_error *err)
{
    size_t locked[3];
    for (size_t j = 0; j < k; j++) winner[j] = gmi_control_winner(rt, idx[j]);
    shares(a, b, winner, k, share, locked);
    gm_majority mj;
    gm_status rc = gm_majority_threshold(share, k, locked[0], locked[1], locked[2],
                                         e->vote_share_d, &mj, err);
    if (rc != GM_OK) return rc;
    e->majority_seats = mj.m;
    e->majority_share_d = mj.share_a;
    e->majority_share_r = mj.share_b;
    e->flip_swing = mj.flip_swing;
    e->flip_step = gm_swing_flip_step(share, k, (double)e->seats_d, (double)e->seats_r, k,
                                      FLIP_STEP);
    e->swing = swing;
    e->swing_seats_d = (double)e->seats_d;
    e->swing_seats_r = (double)e->seats_r;
    if (isfinite(swing)) {
        gm_swing_count c;
        gm_swing_seats(share, k, swing, (double)e->seats_d, (double)e->seats_r, &c);
        e->swing_to_d = c.to_a;
        e->swing_to_r = c.to_b;
        e->swing_tied = c.tied;
        e->swing_seats_d = c.seats_a;
        e->swing_seats_r = c.seats_b;
    }
    return GM_OK;
}

static char majority_of(double d, double r, size_t k)
{
    return d > 0.5 * (double)k ? 'D' : r > 0.5 * (double)k ? 'R' : 0;
}

gm_status gmi_control_majority_years(gm_control_result *r, gm_error *err)
{
    size_t nd = r->n_districts;
    double *v = malloc((nd ? nd : 1) * sizeof *v);
    char *w = malloc(nd ? nd : 1);
    if (!v || !w) {
        free(v);
        free(w);
        return gm_fail(err, GM_E_NOMEM, "out of memory for %zu districts", nd);
    }
    gm_status rc = GM_OK;
    for (size_t yi = 0; yi < r->n_years && rc == GM_OK; yi++) {
        gm_control_year *y = &r->years[yi];
        /* the whole chamber, then each group, as one plan */
        for (int g = -1; g < GM_DRAWER_N && rc == GM_OK; g++) {
            size_t n = 0, sd = 0;
            double vd = 0, vt = 0;
            for (size_t i = 0; i < r->n_elections; i++) {
                const gm_control_election *e = &r->elections[i];
                if (e->year != y->year || (g >= 0 && (int)e->drawer != g)) continue;
                memcpy(v + n, r->district_share + e->first_district, e->seats * sizeof *v);
                memcpy(w + n, r->district_winner + e->first_district, e->seats);
                n += e->seats;
                sd += e->seats_d;
                vd += e->votes_d;
                vt += e->votes_d + e->votes_r;
            }
            size_t locked[3];
            shares(NULL, NULL, w, n, v, locked);
            gm_majority mj;
            double V = vt > 0 ? vd / vt : NAN;
            if ((rc = gm_majority_threshold(v, n, locked[0], locked[1], locked[2], V, &mj, err)) !=
                GM_OK)
                break;
            gm_seats_votes *c = g >= 0 ? &y->group_curve[g] : &y->curve;
            if ((rc = gm_seats_votes_curve(v, n, locked[0], locked[1], locked[2], V, c, err)) !=
                GM_OK)
                break;
            if (g >= 0) {
                y->group_majority_share_d[g] = n ? mj.share_a : NAN;
                y->group_vote_share_d[g] = V;
                y->group_seats_d[g] = sd;
                continue;
            }
            y->seats_total = n;
            y->majority_seats = mj.m;
            y->majority = majority_of((double)y->seats_d, (double)y->seats_r, n);
            y->majority_share_d = mj.share_a;
            y->majority_share_r = mj.share_b;
            y->flip_swing = mj.flip_swing;
            y->flip_step = gm_swing_flip_step(v, n, (double)y->seats_d, (double)y->seats_r, n,
                                              FLIP_STEP);
        }
        /* the swing asked for: each state's own, summed */
        y->swing_seats_d = (double)y->seats_d;
        y->swing_seats_r = (double)y->seats_r;
        for (size_t i = 0; i < r->n_elections; i++) {
            const gm_control_election *e = &r->elections[i];
            if (e->year != y->year || !isfinite(e->swing)) continue;
            y->swing = true;
            y->swing_to_d += e->swing_to_d;
            y->swing_to_r += e->swing_to_r;
            y->swing_tied += e->swing_tied;
            y->swing_seats_d += e->swing_seats_d - (double)e->seats_d;
            y->swing_seats_r += e->swing_seats_r - (double)e->seats_r;
        }
        y->swing_majority = majority_of(y->swing_seats_d, y->swing_seats_r, y->seats_total);
    }
    free(v);
    free(w);
    return rc;
}
