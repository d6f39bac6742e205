/* cmd_control_majority.c: `gerrymeter control`'s majority thresholds and swings in text,
 * JSON and CSV (the figures are the engine's: gm_control_year, gm_control_election). */
#include "cmd_control.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *gmc_swing_text(double s, int decimals, char *buf, size_t cap)
{
    double pts = 100.0 * s;
    if (isnan(s)) snprintf(buf, cap, "-");
    else if (fabs(pts) < 0.5 * pow(10, -decimals)) snprintf(buf, cap, "%.*f", decimals, 0.0);
    else snprintf(buf, cap, "%s+%.*f", pts > 0 ? "D" : "R", decimals, fabs(pts));
    return buf;
}

static const char *party(char c)
{
    return c == 'D' ? "D" : c == 'R' ? "R" : "none";
}

void gmc_control_majority_text(const gm_control_result *r, bool flip, const char *swing_desc,
                               FILE *f)
{
    enum { NC = 10 };
    fprintf(f, "\nMajority of the chamber (all its districts as one plan; uniform swing;\n"
               "a party needs more than half the seats; uncontested races: %s):\n",
            gm_uncontested_name(r->opts.uncontested));
    gmc_table t;
    size_t nc = flip ? NC : NC - 2;
    gmc_table_init(&t, nc);
    const char *hdr[NC] = {"Year",     "Seats",   "Majority", "D seats",    "R seats",
                           "D vote",   "D needs", "R needs",  "Flip swing", "Exact"};
    gmc_table_add(&t, hdr);
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        char c[NC][32];
        const char *row[NC];
        snprintf(c[0], 32, "%d", Y->year);
        snprintf(c[1], 32, "%zu", Y->seats_total);
        snprintf(c[2], 32, "%zu", Y->majority_seats);
        snprintf(c[3], 32, "%zu", Y->seats_d);
        snprintf(c[4], 32, "%zu", Y->seats_r);
        gmc_fmt_pct(Y->vote_share_d, 2, c[5], 32);
        gmc_fmt_pct(Y->majority_share_d, 2, c[6], 32);
        gmc_fmt_pct(Y->majority_share_r, 2, c[7], 32);
        gmc_swing_text(Y->flip_step, 2, c[8], 32);
        gmc_swing_text(Y->flip_swing, 4, c[9], 32);
        for (size_t k = 0; k < nc; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
    fprintf(f, "D needs / R needs: the party's two-party share of the vote above which it wins a "
               "majority\nwhen every district moves with the national vote (docs/control.md).\n");
    if (flip)
        fprintf(f, "Flip swing: the smallest uniform swing, in steps of 0.01 points, that gives "
                   "the party\nwithout a majority one (from the seats as reported); Exact: the "
                   "boundary it lies just beyond.\n");
    if (!swing_desc) return;
    fprintf(f, "\nSwing %s:\n", swing_desc);
    enum { NS = 9 };
    const char *sh[NS] = {"Year", "To D", "To R", "Tied", "D seats", "R seats", "Majority",
                          "After", "Flips"};
    gmc_table_init(&t, NS);
    gmc_table_add(&t, sh);
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        char c[NS][32];
        const char *row[NS];
        snprintf(c[0], 32, "%d", Y->year);
        snprintf(c[1], 32, "%zu", Y->swing_to_d);
        snprintf(c[2], 32, "%zu", Y->swing_to_r);
        snprintf(c[3], 32, "%zu", Y->swing_tied);
        snprintf(c[4], 32, "%g", Y->swing_seats_d);
        snprintf(c[5], 32, "%g", Y->swing_seats_r);
        snprintf(c[6], 32, "%s", party(Y->majority));
        snprintf(c[7], 32, "%s", party(Y->swing_majority));
        snprintf(c[8], 32, "%s", Y->majority != Y->swing_majority ? "yes" : "no");
        for (size_t k = 0; k < NS; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
    if (r->swing_missing)
        fprintf(f, "%zu state-election%s of states the swing table does not list had no swing.\n",
                r->swing_missing, r->swing_missing == 1 ? "" : "s");
}

static void json_swing(gmc_json *j, double swing, size_t to_d, size_t to_r, size_t tied,
                       double seats_d, double seats_r)
{
    gmc_json_obj(j, "swing");
    if (!isnan(swing)) gmc_json_num(j, "swing", swing); /* a year's: each state's own */
    gmc_json_int(j, "to_d", (long long)to_d);
    gmc_json_int(j, "to_r", (long long)to_r);
    gmc_json_int(j, "tied", (long long)tied);
    gmc_json_num(j, "seats_d", seats_d);
    gmc_json_num(j, "seats_r", seats_r);
}

void gmc_control_majority_json_year(gmc_json *j, const gm_control_year *Y)
{
    gmc_json_int(j, "seats", (long long)Y->seats_total);
    gmc_json_int(j, "majority_seats", (long long)Y->majority_seats);
    gmc_json_str(j, "majority", Y->majority ? party(Y->majority) : NULL);
    gmc_json_num(j, "majority_share_d", Y->majority_share_d);
    gmc_json_num(j, "majority_share_r", Y->majority_share_r);
    gmc_json_num(j, "flip_swing", Y->flip_swing);
    gmc_json_num(j, "flip_step", Y->flip_step);
    if (Y->swing) {
        json_swing(j, NAN, Y->swing_to_d, Y->swing_to_r, Y->swing_tied, Y->swing_seats_d,
                   Y->swing_seats_r);
        gmc_json_str(j, "majority", Y->swing_majority ? party(Y->swing_majority) : NULL);
        gmc_json_bool(j, "majority_flips", Y->swing_majority != Y->majority);
        gmc_json_end_obj(j);
    }
}

void gmc_control_majority_json_election(gmc_json *j, const gm_control_election *e)
{
    gmc_json_int(j, "majority_seats", (long long)e->majority_seats);
    gmc_json_num(j, "majority_share_d", e->majority_share_d);
    gmc_json_num(j, "majority_share_r", e->majority_share_r);
    gmc_json_num(j, "flip_swing", e->flip_swing);
    gmc_json_num(j, "flip_step", e->flip_step);
    if (!isnan(e->swing)) {
        json_swing(j, e->swing, e->swing_to_d, e->swing_to_r, e->swing_tied, e->swing_seats_d,
                   e->swing_seats_r);
        gmc_json_end_obj(j);
    }
}

void gmc_control_majority_csv_head(FILE *f, bool year)
{
    fputs(year ? ",seats,majority_seats,majority" : ",majority_seats", f);
    fputs(",majority_share_d,majority_share_r,flip_swing,flip_step,swing,swing_to_d,swing_to_r,"
          "swing_tied,swing_seats_d,swing_seats_r",
          f);
    if (year) fputs(",swing_majority", f);
}

static void num(FILE *f, double v)
{
    fputc(',', f);
    gmc_csv_num(f, v);
}

static void csv_swing(FILE *f, bool asked, double swing, size_t to_d, size_t to_r, size_t tied,
                      double seats_d, double seats_r)
{
    if (!asked) {
        fputs(",,,,,,", f);
        return;
    }
    num(f, swing);
    fprintf(f, ",%zu,%zu,%zu", to_d, to_r, tied);
    num(f, seats_d);
    num(f, seats_r);
}

void gmc_control_majority_csv_year(FILE *f, const gm_control_year *Y)
{
    fprintf(f, ",%zu,%zu,%s", Y->seats_total, Y->majority_seats, Y->majority ? party(Y->majority) : "");
    const double v[] = {Y->majority_share_d, Y->majority_share_r, Y->flip_swing, Y->flip_step};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) num(f, v[k]);
    /* a year's swing is each state's own (a table): no one value */
    csv_swing(f, Y->swing, NAN, Y->swing_to_d, Y->swing_to_r, Y->swing_tied, Y->swing_seats_d,
              Y->swing_seats_r);
    fprintf(f, ",%s", Y->swing ? (Y->swing_majority ? party(Y->swing_majority) : "none") : "");
}

void gmc_control_majority_csv_election(FILE *f, const gm_control_election *e)
{
    fprintf(f, ",%zu", e->majority_seats);
    const double v[] = {e->majority_share_d, e->majority_share_r, e->flip_swing, e->flip_step};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) num(f, v[k]);
    csv_swing(f, !isnan(e->swing), e->swing, e->swing_to_d, e->swing_to_r, e->swing_tied,
              e->swing_seats_d, e->swing_seats_r);
}

void gmc_control_curve_json(gmc_json *j, const gm_control_year *Y, int group)
{
    const gm_seats_votes *c = &Y->group_curve[group];
    gmc_json_num(j, "vote_share_d", Y->group_vote_share_d[group]);
    gmc_json_int(j, "seats_d", (long long)Y->group_seats_d[group]);
    gmc_json_obj(j, "curve");
    gmc_json_int(j, "seats", (long long)c->k);
    gmc_json_num(j, "seats_start", c->seats_start);
    gmc_json_arr(j, "vote_share_d");
    for (size_t i = 0; i < c->n_steps; i++) gmc_json_num(j, NULL, c->share[i]);
    gmc_json_end_arr(j);
    gmc_json_arr(j, "seats_d");
    for (size_t i = 0; i < c->n_steps; i++) gmc_json_num(j, NULL, c->seats[i]);
    gmc_json_end_arr(j);
    gmc_json_end_obj(j);
}

/* One row of the curves table: point is start (seats below the first step: no share),
 * step or actual. */
static void curve_row(FILE *f, int year, int group, const char *point, double share,
                      double seats, size_t k)
{
    fprintf(f, "%d,%s,%s", year, gm_drawer_key((gm_drawer)group), point);
    num(f, share);
    num(f, seats);
    num(f, seats / (double)k);
    fputc('\n', f);
}

void gmc_control_curves_csv(FILE *f, const gm_control_result *r)
{
    fputs("year,group,point,vote_share_d,seats_d,seat_share_d\n", f);
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        for (int g = 0; g < GM_DRAWER_N; g++) {
            const gm_seats_votes *c = &Y->group_curve[g];
            if (!c->k) continue; /* the group drew none of that year's districts */
            curve_row(f, Y->year, g, "start", NAN, c->seats_start, c->k);
            for (size_t i = 0; i < c->n_steps; i++)
                curve_row(f, Y->year, g, "step", c->share[i], c->seats[i], c->k);
            curve_row(f, Y->year, g, "actual", Y->group_vote_share_d[g],
                      (double)Y->group_seats_d[g], c->k);
        }
    }
}
