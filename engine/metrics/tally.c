/* tally.c: plan x unit columns -> district totals, and population balance. */
#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/partisan_internal.h"

void gm_tally_destroy(gm_tally *t)
{
    if (!t) return;
    free(t->pop);
    free(t->votes);
    free(t->n_units);
    free(t);
}

static gm_tally *tally_alloc(size_t k, size_t np)
{
    gm_tally *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->k = k;
    t->n_parties = np;
    t->pop = calloc(k ? k : 1, sizeof *t->pop);
    t->votes = calloc(np * k > 0 ? np * k : 1, sizeof *t->votes);
    t->n_units = calloc(k ? k : 1, sizeof *t->n_units);
    if (!t->pop || !t->votes || !t->n_units) {
        gm_tally_destroy(t);
        return NULL;
    }
    return t;
}

gm_status gm_tally_compute(const gm_units *u, const gm_plan *p, gm_tally **out, gm_error *err)
{
    *out = NULL;
    if (p->n_units != u->n)
        return gm_fail(err, GM_E_ARG, "plan has %zu units but the unit layer has %zu", p->n_units,
                       u->n);
    gm_tally *t = tally_alloc(p->k, u->n_parties);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    const int32_t *d = p->district;
    for (size_t i = 0; i < u->n; i++) {
        if (d[i] < 0 || (size_t)d[i] >= p->k) {
            gm_tally_destroy(t);
            return gm_fail(err, GM_E_DATA, "unit %s has no district", u->id[i]);
        }
        t->pop[d[i]] += u->pop[i];
        t->n_units[d[i]]++;
    }
    /* One column at a time: the inner loop streams one contiguous array. */
    for (size_t q = 0; q < u->n_parties; q++) {
        const double *v = u->votes + q * u->n;
        double *dst = t->votes + q * p->k;
        for (size_t i = 0; i < u->n; i++) dst[d[i]] += v[i];
    }
    *out = t;
    return GM_OK;
}

gm_status gm_tally_from_totals(size_t k, size_t np, const double *pop, const double *votes,
                               gm_tally **out, gm_error *err)
{
    *out = NULL;
    gm_tally *t = tally_alloc(k, np);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    if (pop) memcpy(t->pop, pop, k * sizeof *pop);
    if (votes && np * k > 0) memcpy(t->votes, votes, np * k * sizeof *votes);
    *out = t;
    return GM_OK;
}

void gm_popdev_compute(const double *pop, size_t k, gm_popdev *o)
{
    memset(o, 0, sizeof *o);
    if (k == 0) return;
    double total = 0, mx = pop[0], mn = pop[0];
    size_t imx = 0, imn = 0;
    for (size_t d = 0; d < k; d++) {
        total += pop[d];
        if (pop[d] > mx) { mx = pop[d]; imx = d; }
        if (pop[d] < mn) { mn = pop[d]; imn = d; }
    }
    o->total = total;
    o->ideal = total / (double)k;
    o->max_dev = mx - o->ideal;
    o->min_dev = mn - o->ideal;
    o->max_district = imx;
    o->min_district = imn;
    if (o->ideal > 0) {
        o->range = (mx - mn) / o->ideal;
        o->max_abs_pct = fmax(fabs(o->max_dev), fabs(o->min_dev)) / o->ideal;
    }
}

int gm_district_winner(const double *votes, size_t n_parties, size_t k, size_t d)
{
    int best = GM_WINNER_NONE;
    double most = 0;
    for (size_t q = 0; q < n_parties; q++) {
        double v = votes[q * k + d];
        if (!(v > 0)) continue; /* 0 or NaN: no votes */
        if (v > most) {
            most = v;
            best = (int)q;
        } else if (v == most) {
            best = GM_WINNER_TIE;
        }
    }
    return best;
}

void gm_district_summary(const double *votes, size_t n_parties, size_t k, const double *a,
                         const double *b, double *share, int *winner, unsigned char *uncontested)
{
    bool two = n_parties >= 2;
    if (two && !a) a = votes;
    if (two && !b) b = votes + k;
    double v[GM_MAX_PARTIES];
    size_t np = n_parties < GM_MAX_PARTIES ? n_parties : GM_MAX_PARTIES;
    for (size_t d = 0; d < k; d++) {
        double t = two ? a[d] + b[d] : 0;
        if (share) share[d] = two && t > 0 ? a[d] / t : NAN;
        if (uncontested) uncontested[d] = two && (a[d] == 0) != (b[d] == 0);
        if (winner) {
            for (size_t q = 0; q < np; q++) v[q] = q == 0 && two ? a[d] : q == 1 && two ? b[d] : votes[q * k + d];
            winner[d] = gm_district_winner(v, np, 1, 0);
        }
    }
}

void gm_district_values_get(const gm_tally *t, const gm_popdev *pd, const double *share,
                            size_t d, gm_district_values *out)
{
    out->units = (double)t->n_units[d];
    out->population = t->pop[d];
    out->deviation = t->pop[d] - pd->ideal;
    out->deviation_pct = pd->ideal > 0 ? (t->pop[d] - pd->ideal) / pd->ideal : NAN;
    out->share = share ? share[d] : NAN;
}

/* "01, 02, 05" (at most 12, then "and N more") of the districts d with hit[d], into buf. */
static size_t district_list(const unsigned char *hit, size_t k, const char *const *label,
                            char *buf, size_t cap)
{
    size_t used = 0, n = 0;
    buf[0] = '\0';
    for (size_t d = 0; d < k; d++) {
        if (!hit[d]) continue;
        n++;
        if (n > 12) continue;
        char num[32];
        snprintf(num, sizeof num, "%zu", d + 1);
        int m = snprintf(buf + used, cap - used, "%s%s", n > 1 ? ", " : "",
                         label && label[d] ? label[d] : num);
        if (m > 0) used += (size_t)m < cap - used ? (size_t)m : cap - used - 1;
    }
    if (n > 12) snprintf(buf + used, cap - used, " and %zu more", n - 12);
    return n;
}

static const char *winner_word(int w, const char *const *party, size_t np)
{
    if (w >= 0 && (size_t)w < np) return party[w];
    return w == GM_WINNER_OTHER ? "another party" : w == GM_WINNER_TIE ? "a tie" : "no party";
}

gm_status gm_district_winners_declared(const double *votes, size_t n_parties, size_t k,
                                       const int *declared, const char *const *party,
                                       const char *const *label, const char *context,
                                       int *winner, gm_warnings *w)
{
    unsigned char *differ = calloc(k ? k : 1, 1);
    if (!differ) return GM_E_NOMEM;
    int first_v = GM_WINNER_NONE, first_d = GM_WINNER_NONE;
    for (size_t d = 0; d < k; d++) {
        int v = gm_district_winner(votes, n_parties, k, d);
        int c = declared ? declared[d] : GM_WINNER_NONE;
        winner[d] = v == GM_WINNER_NONE ? c : v;
        if (v != GM_WINNER_NONE && c != GM_WINNER_NONE && c != v) {
            if (!memchr(differ, 1, d)) {
                first_v = v;
                first_d = c;
            }
            differ[d] = 1;
        }
    }
    char list[600];
    size_t n = district_list(differ, k, label, list, sizeof list);
    gm_status rc = GM_OK;
    if (n)
        rc = gm_warn(w, "winner_column_differs",
                     "%s%sthe winner column names another winner than the votes in district%s %s "
                     "(first: the votes give %s, the column %s); the votes decide these seats",
                     context ? context : "", context ? ": " : "", n == 1 ? "" : "s", list,
                     winner_word(first_v, party, n_parties), winner_word(first_d, party, n_parties));
    free(differ);
    return rc;
}

gm_status gm_district_others_warn(const int *winner, size_t k, const char *const *party,
                                  size_t n_parties, const char *const *label, const char *context,
                                  gm_warnings *w)
{
    if (n_parties < 2) return GM_OK;
    unsigned char *hit = calloc(k ? k : 1, 1);
    if (!hit) return GM_E_NOMEM;
    char msg[900], list[600];
    size_t used = 0, total = 0;
    msg[0] = '\0';
    /* each party beyond the first two, then the parties not given, one clause each */
    for (int q = 2; q <= (int)n_parties; q++) {
        int who = q < (int)n_parties ? q : GM_WINNER_OTHER;
        memset(hit, 0, k ? k : 1);
        for (size_t d = 0; d < k; d++) hit[d] = winner[d] == who;
        size_t n = district_list(hit, k, label, list, sizeof list);
        if (!n) continue;
        int m = snprintf(msg + used, sizeof msg - used, "%s%s won district%s %s",
                         total ? "; " : "", who >= 0 ? party[who] : "a party not named", n == 1 ? "" : "s",
                         list);
        if (m > 0) used += (size_t)m < sizeof msg - used ? (size_t)m : sizeof msg - used - 1;
        total += n;
    }
    free(hit);
    if (!total) return GM_OK;
    return gm_warn(w, "other_party_wins",
                   "%s%s%s: the two-party metrics compare %s and %s only, so they describe a "
                   "hypothetical contest between those two, not the race as it was decided",
                   context ? context : "", context ? ": " : "", msg, party[0], party[1]);
}

void gm_partisan_add_declared_seats(gm_partisan *p, const double *a, const double *b,
                                    const int *winner, size_t k)
{
    for (size_t d = 0; d < k; d++) {
        if (a[d] + b[d] > 0 || (winner[d] != 0 && winner[d] != 1)) continue;
        if (winner[d] == 0) {
            p->seats_a += 1;
            p->seats_a_expected += 1; /* a certain seat */
        } else {
            p->seats_b += 1;
        }
        p->k_declared++;
    }
    gmi_partisan_majority_declared(p, a, b, winner, k); /* declared seats are locked */
}
