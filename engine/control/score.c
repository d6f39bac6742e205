/* score.c: one state-election under the map in force: the uncontested treatment, seats,
 * and the partisan metrics of gm_partisan.h. */
#include "control/control.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_tally.h"

bool gmi_control_uncontested(const gm_results_table *rt, size_t i)
{
    return rt->no_count[i] || rt->dem[i] == 0 || rt->rep[i] == 0;
}

char gmi_control_winner(const gm_results_table *rt, size_t i)
{
    if (rt->winner[i]) return rt->winner[i]; /* the winner the table reports */
    /* else the engine's one rule: plurality over D, R and other votes (gm_district_winner) */
    double v[3] = {rt->dem[i], rt->rep[i], rt->other[i]};
    int w = gm_district_winner(v, 3, 1, 0);
    return w == 0 ? 'D' : w == 1 ? 'R' : 'O'; /* other, a tie or no votes: no major-party seat */
}

double gmi_results_mean_contested(const gm_results_table *rt, int year, const char *state)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < rt->n; i++) {
        if (rt->year[i] != year || gmi_control_uncontested(rt, i)) continue;
        if (state && strcmp(rt->state[i], state)) continue;
        sum += rt->dem[i] + rt->rep[i];
        n++;
    }
    return n ? sum / (double)n : NAN;
}

size_t gmi_control_score_votes(const gm_results_table *rt, const size_t *idx, size_t k,
                               const gm_control_opts *o, double fallback_turnout, double *a,
                               double *b, unsigned char *imputed, double *turnout_used)
{
    double state_mean = NAN;
    size_t n_imputed = 0;
    if (turnout_used) *turnout_used = 0;
    for (size_t j = 0; j < k; j++) {
        size_t i = idx[j];
        a[j] = rt->no_count[i] ? 0 : rt->dem[i];
        b[j] = rt->no_count[i] ? 0 : rt->rep[i];
        if (imputed) imputed[j] = 0;
        if (o->uncontested != GM_UNCONTESTED_IMPUTE || !gmi_control_uncontested(rt, i)) continue;
        char w = gmi_control_winner(rt, i);
        if (w != 'D' && w != 'R') continue; /* neither major party won: nothing to impute */
        /* Turnout of the race: its total (all candidates) when reported, else the major
         * parties' votes plus others, else the state's (or nation's) contested mean. */
        double t = 0;
        if (!rt->no_count[i]) {
            double other = isfinite(rt->other[i]) ? rt->other[i] : 0;
            t = isfinite(rt->total[i]) && rt->total[i] > 0 ? rt->total[i] : a[j] + b[j] + other;
        }
        if (!(t > 0)) {
            if (isnan(state_mean))
                state_mean = gmi_results_mean_contested(rt, rt->year[i], rt->state[i]);
            t = isfinite(state_mean) && state_mean > 0 ? state_mean : fallback_turnout;
            if (turnout_used) *turnout_used = t;
        }
        /* the one imputation, with control's rule: this race's winner and turnout */
        char wab = w == 'D' ? 'a' : 'b';
        gm_impute_rule rule = {&wab, &t};
        n_imputed += gm_impute_uncontested_rule(&a[j], &b[j], 1, o->impute_share, &rule,
                                                imputed ? &imputed[j] : NULL);
    }
    return n_imputed;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

gm_status gmi_control_score_election(const gm_control_table *ct, const gm_results_table *rt,
                                     size_t m, const size_t *idx, size_t k,
                                     const gm_control_opts *o, double fallback_turnout,
                                     double *a, double *b, gm_control_election *e, gm_error *err)
{
    const gm_control_row *row = &ct->row[m];
    size_t i0 = idx[0];
    memset(e, 0, sizeof *e);
    copy_str(e->state, sizeof e->state, rt->state[i0]);
    copy_str(e->chamber, sizeof e->chamber, rt->chamber[i0]);
    e->year = rt->year[i0];
    e->map_row = m;
    e->map_cycle = row->cycle;
    e->drawer = row->drawer;
    copy_str(e->drawn_by, sizeof e->drawn_by, row->drawn_by);
    copy_str(e->legislature_control, sizeof e->legislature_control, row->legislature_control);
    copy_str(e->governor_party, sizeof e->governor_party, row->governor_party);
    copy_str(e->trifecta, sizeof e->trifecta, row->trifecta);
    e->seats = k;
    e->seats_map = row->seats;

    e->imputed = gmi_control_score_votes(rt, idx, k, o, fallback_turnout, a, b, NULL, NULL);
    for (size_t j = 0; j < k; j++) {
        size_t i = idx[j];
        char w = gmi_control_winner(rt, i);
        e->seats_d += w == 'D';
        e->seats_r += w == 'R';
        e->seats_other += w != 'D' && w != 'R';
        e->uncontested += gmi_control_uncontested(rt, i);
        e->no_count += rt->no_count[i];
        e->votes_d += a[j];
        e->votes_r += b[j];
    }
    gm_partisan p;
    gm_status rc = gm_partisan_score(a, b, k, NULL, &p, err);
    if (rc != GM_OK)
        return gm_fail(err, rc, "%s %d: %s", e->state, e->year, err ? err->msg : "scoring failed");
    e->vote_share_d = p.vote_share;
    e->efficiency_gap = p.efficiency_gap;
    e->mean_median = p.mean_median;
    e->partisan_bias = p.partisan_bias;
    e->declination = p.declination;
    /* Seats won minus proportional seats, in Republican seats: positive when R won more
     * seats than its two-party vote share times the seats. */
    e->seat_excess_r = (double)e->seats_r - (1.0 - p.vote_share) * (double)k;
    /* EG x seats: the seat advantage the gap represents (EG is a share of all seats'
     * votes, so EG x seats is in seats). */
    e->net_seats_r = p.efficiency_gap * (double)k;
    if (k < 2) /* one seat: no district lines, so no districting metric (shown "–") */
        e->efficiency_gap = e->mean_median = e->partisan_bias = e->declination =
            e->net_seats_r = NAN;
    return GM_OK;
}
