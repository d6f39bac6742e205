/* analyze.c: match every election to its map, score it, group by who drew the map and
 * summarise by year. */
#include "control/control.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool state_in_table(const gm_control_table *ct, const char *state)
{
    for (size_t i = 0; i < ct->n; i++)
        if (!strcmp(ct->row[i].state, state)) return true;
    return false;
}

/* Add a state to the space-separated summary of unmatched states, once each; a list too
 * long for the buffer stops growing (unmatched_rows still counts every row). */
static void note_unmatched(gm_control_result *r, const char *state)
{
    size_t len = strlen(r->unmatched_states), sl = strlen(state);
    for (const char *p = r->unmatched_states; (p = strstr(p, state)); p += sl) {
        bool start = p == r->unmatched_states || p[-1] == ' ';
        bool end = p[sl] == '\0' || p[sl] == ' ';
        if (start && end) return;
    }
    if (len + sl + 2 >= sizeof r->unmatched_states) return;
    snprintf(r->unmatched_states + len, sizeof r->unmatched_states - len, "%s%s", len ? " " : "",
             state);
}

static gm_status check_opts(const gm_control_opts *o, gm_error *err)
{
    if (!(o->impute_share > 0.5 && o->impute_share <= 1.0))
        return gm_fail(err, GM_E_ARG, "impute share %g is not in (0.5, 1]; 0.75 is the usual value",
                       o->impute_share);
    if (!(o->ci_level > 0 && o->ci_level < 1))
        return gm_fail(err, GM_E_ARG, "confidence level %g is not in (0, 1)", o->ci_level);
    if (!isnan(o->swing) && !(o->swing > -1 && o->swing < 1))
        return gm_fail(err, GM_E_ARG, "swing %g is not a share between -1 and 1 (3 points is 0.03)",
                       o->swing);
    for (size_t i = 0; i < o->n_swing; i++)
        if (!(o->swing_value[i] > -1 && o->swing_value[i] < 1))
            return gm_fail(err, GM_E_ARG,
                           "swing %g for %s is not a share between -1 and 1 (3 points is 0.03)",
                           o->swing_value[i], o->swing_state[i]);
    if (o->year_from && o->year_to && o->year_from > o->year_to)
        return gm_fail(err, GM_E_ARG, "first year %d is after last year %d", o->year_from,
                       o->year_to);
    return GM_OK;
}

/* Group and year summaries from the scored elections. */
static gm_status summarise(const gm_control_table *ct, gm_control_result *r, gm_error *err)
{
    gm_status rc = GM_OK;
    const gm_control_opts *o = &r->opts;
    double *map_net = calloc(ct->n ? ct->n : 1, sizeof *map_net);
    unsigned char *map_seen = calloc(ct->n ? ct->n : 1, 1);
    double *x = malloc((ct->n ? ct->n : 1) * sizeof *x);
    int years[64];
    size_t ny = 0;
    if (!map_net || !map_seen || !x) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory summarising %zu elections", r->n_elections);
        goto done;
    }
    for (size_t i = 0; i < r->n_elections; i++) {
        int y = r->elections[i].year;
        size_t j = 0;
        while (j < ny && years[j] != y) j++;
        if (j == ny) {
            if (ny == sizeof years / sizeof years[0]) {
                rc = gm_fail(err, GM_E_ARG,
                             "more than 64 election years in the results; restrict the years");
                goto done;
            }
            years[ny++] = y;
        }
    }
    for (size_t a = 1; a < ny; a++) /* insertion sort: a handful of years */
        for (size_t b = a; b > 0 && years[b - 1] > years[b]; b--) {
            int t = years[b];
            years[b] = years[b - 1];
            years[b - 1] = t;
        }
    r->years = calloc(ny ? ny : 1, sizeof *r->years);
    if (!r->years) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    r->n_years = ny;
    double sum_eg[GM_DRAWER_N] = {0}, sum_egs[GM_DRAWER_N] = {0};
    size_t n_eg[GM_DRAWER_N] = {0}, seats_eg[GM_DRAWER_N] = {0};
    double y_egs[64][GM_DRAWER_N], y_votes_d[64], y_votes[64];
    size_t y_seats_eg[64][GM_DRAWER_N];
    memset(y_egs, 0, sizeof y_egs);
    memset(y_seats_eg, 0, sizeof y_seats_eg);
    memset(y_votes_d, 0, sizeof y_votes_d);
    memset(y_votes, 0, sizeof y_votes);
    for (size_t yi = 0; yi < ny; yi++) r->years[yi].year = years[yi];
    for (int g = 0; g < GM_DRAWER_N; g++) r->groups[g].drawer = (gm_drawer)g;

    for (size_t i = 0; i < r->n_elections; i++) {
        const gm_control_election *e = &r->elections[i];
        gm_control_group *g = &r->groups[e->drawer];
        size_t yi = 0;
        while (years[yi] != e->year) yi++;
        gm_control_year *y = &r->years[yi];
        g->elections++;
        g->seats += e->seats;
        g->seats_d += e->seats_d;
        g->seats_r += e->seats_r;
        g->votes_d += e->votes_d;
        g->votes_r += e->votes_r;
        if (!map_seen[e->map_row]) {
            map_seen[e->map_row] = 1;
            g->maps++;
        }
        y->seats_d += e->seats_d;
        y->seats_r += e->seats_r;
        y->seats_other += e->seats_other;
        y->seats[e->drawer] += e->seats;
        r->seats_d += e->seats_d;
        r->seats_r += e->seats_r;
        r->seats_other += e->seats_other;
        y_votes_d[yi] += e->votes_d;
        y_votes[yi] += e->votes_d + e->votes_r;
        if (isfinite(e->efficiency_gap)) {
            sum_eg[e->drawer] += e->efficiency_gap;
            n_eg[e->drawer]++;
            sum_egs[e->drawer] += e->net_seats_r;
            seats_eg[e->drawer] += e->seats;
            y_egs[yi][e->drawer] += e->net_seats_r;
            y_seats_eg[yi][e->drawer] += e->seats;
            map_net[e->map_row] += e->net_seats_r;
        }
    }
    for (size_t yi = 0; yi < ny; yi++) {
        gm_control_year *y = &r->years[yi];
        y->vote_share_d = y_votes[yi] > 0 ? y_votes_d[yi] / y_votes[yi] : NAN;
        for (int g = 0; g < GM_DRAWER_N; g++) {
            bool none = y_seats_eg[yi][g] == 0 || g == GM_DRAWER_AT_LARGE;
            y->weighted_eg[g] = none ? NAN : y_egs[yi][g] / (double)y_seats_eg[yi][g];
            y->net_seats[g] = none ? NAN : y_egs[yi][g];
        }
    }
    for (int gi = 0; gi < GM_DRAWER_N; gi++) {
        gm_control_group *g = &r->groups[gi];
        g->seats_per_year = ny ? (double)g->seats / (double)ny : NAN;
        g->ci_lo = g->ci_hi = NAN;
        /* A single seat has no lines to draw: its "gap" measures the vote, not a map. */
        if (gi == GM_DRAWER_AT_LARGE || n_eg[gi] == 0) {
            g->mean_eg = g->weighted_eg = g->net_seats = g->net_seats_per_year = NAN;
            continue;
        }
        g->mean_eg = sum_eg[gi] / (double)n_eg[gi];
        g->weighted_eg = sum_egs[gi] / (double)seats_eg[gi];
        g->net_seats = sum_egs[gi];
        g->net_seats_per_year = sum_egs[gi] / (double)ny;
        size_t nx = 0;
        for (size_t m = 0; m < ct->n; m++)
            if (map_seen[m] && ct->row[m].drawer == (gm_drawer)gi) x[nx++] = map_net[m];
        /* One stream per group, so adding a group never changes another's interval. */
        rc = gmi_bootstrap_sum(x, nx, (double)ny, o->bootstrap_reps, o->seed + (uint64_t)gi,
                               o->ci_level, &g->ci_lo, &g->ci_hi, err);
        if (rc != GM_OK) goto done;
    }
    /* Footnotes: the caveat of every map used, once, in control-table order. */
    size_t nn = 0;
    for (size_t m = 0; m < ct->n; m++) nn += map_seen[m] && ct->row[m].caveat && *ct->row[m].caveat;
    if (nn && !(r->notes = calloc(nn, sizeof *r->notes))) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t m = 0; m < ct->n && nn; m++) {
        const gm_control_row *row = &ct->row[m];
        if (!map_seen[m] || !row->caveat || !*row->caveat) continue;
        gm_control_note *t = &r->notes[r->n_notes];
        t->map_row = m;
        snprintf(t->state, sizeof t->state, "%s", row->state);
        snprintf(t->chamber, sizeof t->chamber, "%s", row->chamber ? row->chamber : "");
        t->drawer = row->drawer;
        for (size_t i = 0; i < r->n_elections; i++) {
            const gm_control_election *e = &r->elections[i];
            if (e->map_row != m) continue;
            if (!t->first_year || e->year < t->first_year) t->first_year = e->year;
            if (e->year > t->last_year) t->last_year = e->year;
        }
        if (!(t->text = strdup(row->caveat))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
        r->n_notes++;
    }
done:
    free(map_net);
    free(map_seen);
    free(x);
    return rc;
}

size_t gm_control_note_of(const gm_control_result *r, size_t map_row)
{
    for (size_t i = 0; r && i < r->n_notes; i++)
        if (r->notes[i].map_row == map_row) return i + 1;
    return 0;
}

gm_status gm_control_analyze(const gm_control_table *ct, const gm_results_table *rt,
                             const gm_control_opts *o, gm_control_result **out, gm_error *err)
{
    gm_status rc;
    gm_control_opts def;
    size_t *idx = NULL;
    double *a = NULL, *b = NULL;
    gm_control_result *r = NULL;
    *out = NULL;
    if (!o) {
        gm_control_opts_init(&def);
        o = &def;
    }
    if ((rc = check_opts(o, err)) != GM_OK) return rc;
    r = calloc(1, sizeof *r);
    idx = malloc(rt->n * sizeof *idx);
    a = malloc(rt->n * sizeof *a);
    b = malloc(rt->n * sizeof *b);
    if (!r || !idx || !a || !b) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory for %zu result rows", rt->n);
        goto done;
    }
    r->opts = *o;
    r->opts.chamber = NULL; /* borrowed from the caller: not kept in the result */
    int ymin = 0, ymax = 0;
    for (size_t i = 0; i < rt->n; i++) {
        if (!ymin || rt->year[i] < ymin) ymin = rt->year[i];
        if (rt->year[i] > ymax) ymax = rt->year[i];
    }
    if (!r->opts.year_from) r->opts.year_from = ymin;
    if (!r->opts.year_to) r->opts.year_to = ymax;
    size_t n = 0;
    for (size_t i = 0; i < rt->n; i++)
        if (rt->year[i] >= r->opts.year_from && rt->year[i] <= r->opts.year_to &&
            (!o->chamber || !strcasecmp(rt->chamber[i], o->chamber)))
            idx[n++] = i;
    if (n == 0) {
        rc = gm_fail(err, GM_E_ARG, "%s: no results between %d and %d%s%s (the table covers %d-%d)",
                     rt->path, r->opts.year_from, r->opts.year_to,
                     o->chamber ? " for chamber " : "", o->chamber ? o->chamber : "", ymin, ymax);
        goto done;
    }
    if ((rc = gmi_results_sort(rt, idx, n, err)) != GM_OK) goto done;
    r->elections = calloc(n, sizeof *r->elections); /* at most one per row */
    r->district_share = malloc(n * sizeof *r->district_share);
    r->district_winner = malloc(n);
    if (!r->elections || !r->district_share || !r->district_winner) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    for (size_t s = 0; s < n;) {
        size_t i0 = idx[s], e = s + 1;
        while (e < n && rt->year[idx[e]] == rt->year[i0] &&
               !strcmp(rt->state[idx[e]], rt->state[i0]) &&
               !strcmp(rt->chamber[idx[e]], rt->chamber[i0]))
            e++;
        long m = gmi_control_map_in_force(ct, rt->state[i0], rt->chamber[i0], rt->year[i0]);
        if (m < 0) {
            if (state_in_table(ct, rt->state[i0]) && ct->has_chamber && !rt->has_chamber) {
                rc = gm_fail(err, GM_E_DATA,
                             "'%s' lists maps per chamber but '%s' has no chamber column; add "
                             "one (e.g. lower/upper) to the results",
                             ct->path, rt->path);
                goto done;
            }
            if (state_in_table(ct, rt->state[i0])) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s %s%s%d (results line %ld): no map in force in '%s'; add a row "
                             "with cycle <= %d, or fix last_year",
                             rt->state[i0], rt->chamber[i0], *rt->chamber[i0] ? " " : "",
                             rt->year[i0], rt->line[i0], ct->path, rt->year[i0]);
                goto done;
            }
            r->unmatched_rows += e - s;
            note_unmatched(r, rt->state[i0]);
            s = e;
            continue;
        }
        double fallback = gmi_results_mean_contested(rt, rt->year[i0], NULL);
        rc = gmi_control_score_election(ct, rt, (size_t)m, idx + s, e - s, &r->opts, fallback, a, b,
                                        &r->elections[r->n_elections], err);
        if (rc != GM_OK) goto done;
        gm_control_election *el = &r->elections[r->n_elections];
        bool listed;
        double sw = gmi_control_state_swing(o, el->state, &listed);
        r->swing_missing += !listed;
        el->first_district = r->n_districts;
        rc = gmi_control_majority(rt, idx + s, a, b, e - s, sw, r->district_share + r->n_districts,
                                  r->district_winner + r->n_districts, el, err);
        if (rc != GM_OK) goto done;
        r->n_districts += e - s;
        r->seat_mismatches += r->elections[r->n_elections].seats !=
                              (size_t)r->elections[r->n_elections].seats_map;
        r->n_elections++;
        s = e;
    }
    if (r->n_elections == 0) {
        rc = gm_fail(err, GM_E_DATA,
                     "no state in '%s' appears in '%s'; check that both use postal codes",
                     rt->path, ct->path);
        goto done;
    }
    if ((rc = summarise(ct, r, err)) != GM_OK) goto done;
    if ((rc = gmi_control_majority_years(r, err)) != GM_OK) goto done;
    r->opts.swing_state = NULL; /* borrowed from the caller: not kept in the result */
    r->opts.swing_value = NULL;
    *out = r;
    r = NULL;
done:
    gm_control_result_destroy(r);
    free(idx);
    free(a);
    free(b);
    return rc;
}

void gm_control_result_destroy(gm_control_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n_notes; i++) free(r->notes[i].text);
    free(r->notes);
    free(r->elections);
    for (size_t y = 0; y < r->n_years; y++) {
        gm_seats_votes_free(&r->years[y].curve);
        for (int g = 0; g < GM_DRAWER_N; g++) gm_seats_votes_free(&r->years[y].group_curve[g]);
    }
    free(r->years);
    free(r->district_share);
    free(r->district_winner);
    free(r);
}
