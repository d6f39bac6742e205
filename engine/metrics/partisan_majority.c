/* partisan_majority.c: the vote share a party needs for a majority of seats, and the seats
 * that change hands, under a uniform swing. A uniform swing s adds s to party a's share in
 * every district (v_i + s), so a district changes hands when its share crosses 1/2; the
 * threshold and the flip swing are read exactly off the sorted district shares, with no
 * grid. docs/metrics.md (majority_share) and docs/control.md define them. */
#include "metrics/partisan_internal.h"

#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <stdlib.h>

static int cmp_desc(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a < b) - (a > b);
}

gm_status gm_majority_threshold(const double *v, size_t n, size_t locked_a, size_t locked_b,
                                size_t locked_other, double V, gm_majority *out, gm_error *err)
{
    out->k = locked_a + locked_b + locked_other;
    out->n_shares = 0;
    out->m = 0;
    out->vote_share = V;
    out->v_a = out->v_b = out->share_a = out->share_b = out->flip_swing = NAN;
    out->seats_a = (double)locked_a;
    out->seats_b = (double)locked_b;
    out->holder = 0;
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return gm_fail(err, GM_E_NOMEM, "out of memory for %zu district shares", n);
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) s[c++] = v[i];
    out->n_shares = c;
    out->k += c;
    if (out->k == 0) {
        free(s);
        return GM_OK;
    }
    out->m = out->k / 2 + 1;
    qsort(s, c, sizeof *s, cmp_desc);
    for (size_t i = 0; i < c; i++) {
        out->seats_a += (double)(s[i] > 0.5) + 0.5 * (double)(s[i] == 0.5);
        out->seats_b += (double)(s[i] < 0.5) + 0.5 * (double)(s[i] == 0.5);
    }
    double half = 0.5 * (double)out->k;
    out->holder = out->seats_a > half ? 'a' : out->seats_b > half ? 'b' : 0;
    /* a needs r_a = m - locked_a of the districts with shares: the r_a-th best of them
     * reaches 1/2 when a's statewide share is V + 1/2 - v_(r_a). b likewise with its own
     * shares 1 - v: its r_b-th best is 1 - (the r_b-th smallest v). */
    if (isfinite(V)) {
        if (out->m > locked_a && out->m - locked_a <= c) {
            out->v_a = s[out->m - locked_a - 1];
            out->share_a = gm_sv_flip_share(out->v_a, V, GM_SWING_UNIFORM);
        }
        if (out->m > locked_b && out->m - locked_b <= c) {
            out->v_b = 1.0 - s[c - (out->m - locked_b)];
            out->share_b = gm_sv_flip_share(out->v_b, 1.0 - V, GM_SWING_UNIFORM);
        }
        /* the swing of a's share at which the other party gains a majority: b holds it
         * until a's share passes share_a; a holds it until a's share falls below 1 -
         * share_b (b's share passes share_b) */
        if (out->holder == 'b') out->flip_swing = out->share_a - V;
        else if (out->holder == 'a') out->flip_swing = (1.0 - out->share_b) - V;
    }
    free(s);
    return GM_OK;
}

/* -1: b ahead, 0: exact tie, 1: a ahead. */
static int side(double v)
{
    return (v > 0.5) - (v < 0.5);
}

void gm_swing_seats(const double *v, size_t n, double s, double base_a, double base_b,
                    gm_swing_count *out)
{
    out->swing = s;
    out->seats_a = base_a;
    out->seats_b = base_b;
    out->to_a = out->to_b = out->tied = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue; /* no share: the seat stays with its winner */
        int before = side(v[i]), after = side(v[i] + s);
        if (before == after) continue;
        /* a's seat: 1 ahead, 1/2 tied, 0 behind */
        double d = 0.5 * (double)(after - before);
        out->seats_a += d;
        out->seats_b -= d;
        out->to_a += after == 1;
        out->to_b += after == -1;
        out->tied += after == 0;
    }
}

double gm_swing_flip_step(const double *v, size_t n, double base_a, double base_b, size_t k,
                          double step)
{
    double half = 0.5 * (double)k;
    if (!(step > 0) || k == 0) return NAN;
    int dir = base_a > half ? -1 : base_b > half ? 1 : 0;
    if (!dir) return NAN;
    /* seats change only where a share crosses 1/2, and more with every step: the first
     * step that gives the other party a majority is the answer (at most 1/step steps) */
    size_t steps = (size_t)ceil(1.0 / step);
    for (size_t q = 1; q <= steps; q++) {
        double s = (double)dir * (double)q * step;
        gm_swing_count c;
        gm_swing_seats(v, n, s, base_a, base_b, &c);
        if (dir > 0 ? c.seats_a > half : c.seats_b > half) return s;
    }
    return NAN;
}

gm_status gm_seats_votes_curve(const double *v, size_t n, size_t locked_a, size_t locked_b,
                               size_t locked_other, double V, gm_seats_votes *out,
                               gm_error *err)
{
    out->k = locked_a + locked_b + locked_other;
    out->vote_share = V;
    out->seats_start = (double)locked_a;
    out->n_steps = 0;
    out->share = out->seats = NULL;
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return gm_fail(err, GM_E_NOMEM, "out of memory for %zu district shares", n);
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) s[c++] = v[i];
    out->k += c;
    if (!isfinite(V) || c == 0) {
        free(s);
        return GM_OK;
    }
    out->share = malloc(c * sizeof *out->share);
    out->seats = malloc(c * sizeof *out->seats);
    if (!out->share || !out->seats) {
        free(s);
        gm_seats_votes_free(out);
        return gm_fail(err, GM_E_NOMEM, "out of memory for %zu district shares", n);
    }
    /* best share first: the r-th best changes hands at V + 1/2 - v_(r), as in
     * gm_majority_threshold */
    qsort(s, c, sizeof *s, cmp_desc);
    size_t q = 0;
    for (size_t i = 0; i < c; i++) {
        if (i + 1 < c && s[i + 1] == s[i]) continue; /* equal shares: one step */
        out->share[q] = gm_sv_flip_share(s[i], V, GM_SWING_UNIFORM);
        out->seats[q] = (double)locked_a + (double)(i + 1);
        q++;
    }
    out->n_steps = q;
    free(s);
    return GM_OK;
}

double gm_seats_votes_at(const gm_seats_votes *c, double x)
{
    double before = c->seats_start;
    for (size_t i = 0; i < c->n_steps; i++) {
        if (x < c->share[i]) return before;
        if (x == c->share[i]) return 0.5 * (before + c->seats[i]);
        before = c->seats[i];
    }
    return before;
}

void gm_seats_votes_free(gm_seats_votes *c)
{
    free(c->share);
    free(c->seats);
    c->share = c->seats = NULL;
    c->n_steps = 0;
}

void gmi_partisan_set_majority(gm_partisan *p, const gm_majority *mj)
{
    p->majority_share = mj->share_a;
    p->majority_share_b = mj->share_b;
    p->majority_swing = mj->flip_swing;
}

void gmi_partisan_majority_declared(gm_partisan *p, const double *a, const double *b,
                                    const int *winner, size_t k)
{
    size_t locked[3] = {0, 0, 0}; /* a, b, another party */
    double *v = malloc((k ? k : 1) * sizeof *v);
    if (!v) { /* out of memory: no threshold rather than one without the locked seats */
        p->majority_share = p->majority_share_b = p->majority_swing = NAN;
        return;
    }
    for (size_t d = 0; d < k; d++) {
        double t = a[d] + b[d];
        v[d] = t > 0 ? a[d] / t : NAN;
        if (t > 0) continue;
        if (winner[d] == 0 || winner[d] == 1) locked[winner[d]]++;
        else if (winner[d] >= 2 || winner[d] == GM_WINNER_OTHER) locked[2]++;
    }
    gm_majority mj;
    if (gm_majority_threshold(v, k, locked[0], locked[1], locked[2], p->vote_share, &mj, NULL) ==
        GM_OK)
        gmi_partisan_set_majority(p, &mj);
    free(v);
}
