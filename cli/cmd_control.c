/* cmd_control.c: `gerrymeter control`: who drew the map, and what the map did.
 * The engine (gm_control.h) does the matching and the arithmetic; this file finds the
 * shipped tables, parses options and writes text, JSON, CSV or HTML. */
#include "cli.h"
#include "cmd_control.h"
#include "opts.h"
#include "out.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_partisan.h"

static const char help[] =
    "Usage: gerrymeter control [OPTIONS]\n"
    "       gerrymeter control --explain STATE YEAR [OPTIONS]\n"
    "       gerrymeter control legislatures [OPTIONS]   (who holds the pen; --help)\n"
    "       gerrymeter control chamber [OPTIONS]        (a chamber under each plan; --help)\n\n"
    "Match every election to the map in force that year, score each state's election\n"
    "(seats, votes, efficiency gap, mean-median, partisan bias, declination, seats won\n"
    "minus proportional seats) and group them by who drew the map: Republican or\n"
    "Democratic legislature, split control, independent or political commission, court.\n"
    "With no options it uses the shipped tables: U.S. House 2012-2020 (MEDSL) and who drew\n"
    "each congressional map (All About Redistricting, NCSL).\n\n"
    "Inputs:\n"
    "  --control FILE         control table (state, cycle, seats, drawn_by,\n"
    "                         legislature_control, ...; or start_date/end_date)\n"
    "  --results FILE         district results (year, state, district, dem_votes, rep_votes,\n"
    "                         winner_party, no_count, ...)\n"
    "  --years FROM[-TO]      elections analysed (default: all in the results)\n"
    "  --chamber NAME         only results rows of this chamber (state legislative tables)\n\n"
    "Method:\n"
    "  --uncontested reported|impute  uncontested races as reported (default), or the\n"
    "                         winner given --impute-share of the race's turnout\n"
    "  --impute-share S       default 0.75\n"
    "  --bootstrap N          resamples of maps for the net-seat interval (default 2000; 0 off)\n"
    "  --seed N               bootstrap seed (default 20121106)\n"
    "  --ci LEVEL             interval level (default 0.95)\n\n"
    "Majority and swing (uniform swing of every district's two-party share):\n"
    "  --swing X              move D's share by X points in every district (3 or D+3 towards\n"
    "                         D, -3 or R+3 towards R): seats that change hands, per state and\n"
    "                         per year, and whether the chamber's majority flips\n"
    "  --swing-table FILE     a swing per state (CSV: state,swing; e.g. from special elections)\n"
    "  --flip-majority        text: add the smallest swing (0.01-point steps) that flips each\n"
    "                         year's majority (JSON and CSV always carry it)\n\n"
    "Output:\n"
    "  --explain STATE YEAR   every input row and step behind one state's figures\n"
    "  --by-state             text: add the per-state table\n"
    "  --table groups|years|states|curves  CSV: which table (default groups; curves:\n"
    "                         each drawer group's seats-votes curve per year, long form)\n"
    "  --format text|json|csv|html  (default text)\n"
    "  --full-paths           name the input tables with their directories (default: file\n"
    "                         names only, so a published output reveals no local paths)\n"
    "  -o, --output FILE      write to FILE (atomically) instead of standard output\n"
    "  -h, --help             show this help\n\n"
    "Signs: positive figures favour the Republican party. Net seats = efficiency gap x seats.\n"
    "Method and sources: docs/control.md.\n";

static const char *const ctl_name = "congress_control.csv";
static const char *const res_name = "us_house_2012_2020.csv";

static const char *lc_party(const char *s)
{
    return *s ? s : "-";
}

/* A signed value with d decimals; a value that rounds to zero prints as +0.0, not -0.0. */
static const char *sgn(double v, int d, char *buf, size_t cap)
{
    if (isnan(v)) snprintf(buf, cap, "-");
    else snprintf(buf, cap, "%+.*f", d, fabs(v) < 0.5 * pow(10, -d) ? 0.0 : v);
    return buf;
}

/* ---- footnotes (coding caveats of the control table) ----------------------------------- */

/* " [1]" (or " [1][2]") for the footnotes of group g, or "" when it has none. */
static const char *group_marks(const gm_control_result *r, int g, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_notes && n + 8 < cap; i++)
        if ((int)r->notes[i].drawer == g)
            n += (size_t)snprintf(buf + n, cap - n, "%s[%zu]", n ? "" : " ", i + 1);
    return buf;
}

/* Every footnote of group g (all groups: g < 0), "[1] ...; [2] ..." into f as one text. */
static void note_text(const gm_control_result *r, int g, FILE *f, bool numbered)
{
    bool first = true;
    for (size_t i = 0; i < r->n_notes; i++) {
        const gm_control_note *t = &r->notes[i];
        if (g >= 0 && (int)t->drawer != g) continue;
        if (!first) fputs(numbered ? "\n" : " | ", f);
        if (numbered) fprintf(f, "[%zu] ", i + 1);
        fprintf(f, "%s (%s %d-%d): %s", gm_drawer_label(t->drawer), t->state, t->first_year,
                t->last_year, t->text);
        first = false;
    }
}

/* The footnote text of the group g as one string (CSV cell), in buf. */
static const char *note_cell(const gm_control_result *r, int g, char *buf, size_t cap)
{
    FILE *m = fmemopen(buf, cap, "w");
    buf[0] = '\0';
    if (!m) return buf;
    note_text(r, g, m, false);
    fclose(m);
    buf[cap - 1] = '\0';
    return buf;
}

/* A path as the outputs show it: its file name, unless --full-paths. */
static const char *shown_path(const char *path, bool full)
{
    const char *s = full ? NULL : strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ---- text ----------------------------------------------------------------------------- */

static void text_groups(const gm_control_result *r, FILE *f)
{
    char c[9][48], lvl[32];
    snprintf(lvl, sizeof lvl, "%.0f%% interval", 100 * r->opts.ci_level);
    gmc_table t;
    gmc_table_init(&t, 9);
    const char *hdr[] = {"Drawn by", "Maps", "Seats/yr", "D seats", "R seats", "Mean EG",
                         "Seat-wtd EG", "Net seats/yr", lvl};
    gmc_table_add(&t, hdr);
    for (int g = 0; g < GM_DRAWER_N; g++) {
        const gm_control_group *G = &r->groups[g];
        const char *row[9];
        char mk[24];
        snprintf(c[0], 48, "%s%s", gm_drawer_label((gm_drawer)g), group_marks(r, g, mk, sizeof mk));
        snprintf(c[1], 48, "%zu", G->maps);
        snprintf(c[2], 48, "%.1f", G->seats_per_year);
        snprintf(c[3], 48, "%zu", G->seats_d);
        snprintf(c[4], 48, "%zu", G->seats_r);
        sgn(G->mean_eg, 3, c[5], 48);
        sgn(G->weighted_eg, 3, c[6], 48);
        sgn(G->net_seats_per_year, 1, c[7], 48);
        if (isnan(G->ci_lo)) snprintf(c[8], 48, "-");
        else {
            char lo[24], hi[24];
            snprintf(c[8], 48, "[%s, %s]", sgn(G->ci_lo, 1, lo, sizeof lo),
                     sgn(G->ci_hi, 1, hi, sizeof hi));
        }
        for (int k = 0; k < 9; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
}

static void text_years(const gm_control_result *r, FILE *f)
{
    enum { NC = 4 + GM_DRAWER_AT_LARGE };
    static const char *const short_label[GM_DRAWER_AT_LARGE] = {
        "R legislature", "D legislature", "Split", "Ind. comm.", "Pol. comm.", "Court"};
    gmc_table t;
    gmc_table_init(&t, NC);
    const char *hdr[NC] = {"Year", "D seats", "R seats", "D vote"};
    char lab[GM_DRAWER_AT_LARGE][48];
    for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) {
        char mk[24];
        snprintf(lab[g], sizeof lab[g], "%s%s", short_label[g], group_marks(r, g, mk, sizeof mk));
        hdr[4 + g] = lab[g];
    }
    gmc_table_add(&t, hdr);
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        char c[NC][32];
        const char *row[NC];
        snprintf(c[0], 32, "%d", Y->year);
        snprintf(c[1], 32, "%zu", Y->seats_d);
        snprintf(c[2], 32, "%zu", Y->seats_r);
        gmc_fmt_pct(Y->vote_share_d, 1, c[3], 32);
        for (int g = 0; g < GM_DRAWER_AT_LARGE; g++)
            sgn(Y->net_seats[g], 1, c[4 + g], 32);
        for (int k = 0; k < NC; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
}

static void text_states(const gm_control_result *r, bool flip, bool swing, FILE *f)
{
    enum { NC = 19 };
    gmc_table t;
    size_t nc = 15 + (flip ? 1 : 0) + (swing ? 3 : 0);
    gmc_table_init(&t, nc);
    const char *hdr[NC] = {"State", "Year", "Drawn by", "Map", "Seats", "D", "R", "D vote",
                           "EG", "Mean-med", "Bias", "Decl.", "Seats-prop R", "Uncont.",
                           "D needs"};
    size_t h = 15;
    if (flip) hdr[h++] = "Flip swing";
    if (swing) {
        hdr[h++] = "Swing";
        hdr[h++] = "To D";
        hdr[h++] = "To R";
    }
    gmc_table_add(&t, hdr);
    for (size_t i = 0; i < r->n_elections; i++) {
        const gm_control_election *e = &r->elections[i];
        char c[NC][40];
        const char *row[NC];
        size_t nt = gm_control_note_of(r, e->map_row);
        char mk[16] = "";
        if (nt) snprintf(mk, sizeof mk, " [%zu]", nt);
        snprintf(c[0], 40, "%s%s%s%s", e->state, *e->chamber ? " " : "", e->chamber, mk);
        snprintf(c[1], 40, "%d", e->year);
        snprintf(c[2], 40, "%s", gm_drawer_label(e->drawer));
        snprintf(c[3], 40, "%d", e->map_cycle);
        snprintf(c[4], 40, "%zu", e->seats);
        snprintf(c[5], 40, "%zu", e->seats_d);
        snprintf(c[6], 40, "%zu", e->seats_r);
        gmc_fmt_pct(e->vote_share_d, 1, c[7], 40);
        const double v[] = {e->efficiency_gap, e->mean_median, e->partisan_bias, e->declination};
        for (int k = 0; k < 4; k++)
            sgn(v[k], 3, c[8 + k], 40);
        sgn(e->seat_excess_r, 2, c[12], 40);
        snprintf(c[13], 40, "%zu", e->uncontested);
        gmc_fmt_pct(e->majority_share_d, 2, c[14], 40);
        size_t k0 = 15;
        if (flip) gmc_swing_text(e->flip_step, 2, c[k0++], 40);
        if (swing) {
            gmc_swing_text(e->swing, 2, c[k0++], 40);
            snprintf(c[k0++], 40, "%zu", e->swing_to_d);
            snprintf(c[k0++], 40, "%zu", e->swing_to_r);
        }
        for (size_t k = 0; k < nc; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "");
    gmc_table_free(&t);
}

static void method_line(const gm_control_result *r, FILE *f)
{
    const gm_control_opts *o = &r->opts;
    fprintf(f, "Uncontested races: %s", gm_uncontested_name(o->uncontested));
    if (o->uncontested == GM_UNCONTESTED_IMPUTE)
        fprintf(f, " (winner given %.0f%% of the race's turnout)", 100 * o->impute_share);
    else
        fprintf(f, " (votes as reported; races with no count add a seat, no votes)");
    fprintf(f, ".\n");
}

static void write_text(const gm_control_result *r, const char *ctl, const char *res,
                       bool by_state, bool flip, const char *swing_desc, FILE *f)
{
    fprintf(f, "Who drew the map: elections %d-%d, %zu state-elections\n", r->opts.year_from,
            r->opts.year_to, r->n_elections);
    fprintf(f, "Control table: %s\nResults: %s\n", ctl, res);
    method_line(r, f);
    fprintf(f, "Positive = favours Republicans. Net seats = efficiency gap x seats, per election "
               "year;\ninterval: %u bootstrap resamples of maps, seed %llu.\n\n",
            r->opts.bootstrap_reps, (unsigned long long)r->opts.seed);
    text_groups(r, f);
    if (r->n_notes) {
        fputs("\n", f);
        note_text(r, -1, f, true);
        fputs("\n", f);
    }
    fprintf(f, "\nSeats: D %zu, R %zu", r->seats_d, r->seats_r);
    if (r->seats_other) fprintf(f, ", other %zu", r->seats_other);
    fprintf(f, " (all years)");
    if (r->unmatched_rows)
        fprintf(f, "; left out, no map in the control table: %s (%zu row%s)", r->unmatched_states,
                r->unmatched_rows, r->unmatched_rows == 1 ? "" : "s");
    fprintf(f, "\n");
    if (r->seat_mismatches)
        fprintf(f, "Note: %zu state-election%s ha%s a number of districts different from the map's "
                   "seats (see --by-state, --explain).\n",
                r->seat_mismatches, r->seat_mismatches == 1 ? "" : "s",
                r->seat_mismatches == 1 ? "s" : "ve");
    fprintf(f, "\nNet seats (EG x seats) by election year:\n");
    text_years(r, f);
    gmc_control_majority_text(r, flip, swing_desc, f);
    if (by_state) {
        fprintf(f, "\nBy state and election (D needs: D's share for a majority of the state's "
                   "seats):\n");
        text_states(r, flip, swing_desc != NULL, f);
    }
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_opts(gmc_json *j, const gm_control_result *r)
{
    const gm_control_opts *o = &r->opts;
    gmc_json_obj(j, "method");
    gmc_json_str(j, "uncontested", gm_uncontested_name(o->uncontested));
    if (o->uncontested == GM_UNCONTESTED_IMPUTE) gmc_json_num(j, "impute_share", o->impute_share);
    gmc_json_int(j, "year_from", o->year_from);
    gmc_json_int(j, "year_to", o->year_to);
    gmc_json_int(j, "bootstrap_reps", o->bootstrap_reps);
    gmc_json_int(j, "seed", (long long)o->seed);
    gmc_json_num(j, "ci_level", o->ci_level);
    gmc_json_str(j, "positive_favours", "R");
    gmc_json_str(j, "net_seats", "efficiency_gap x seats");
    gmc_json_str(j, "majority", "uniform swing of every district's two-party share");
    gmc_json_num(j, "swing", o->swing);
    gmc_json_int(j, "swing_table_states", (long long)o->n_swing);
    gmc_json_int(j, "swing_missing", (long long)r->swing_missing);
    gmc_json_end_obj(j);
}

static const char *election_note(const gm_control_result *r, const gm_control_election *e);

static void json_election(gmc_json *j, const char *key, const gm_control_election *e,
                          const gm_control_result *r)
{
    gmc_json_obj(j, key);
    gmc_json_str(j, "state", e->state);
    if (*e->chamber) gmc_json_str(j, "chamber", e->chamber);
    gmc_json_int(j, "year", e->year);
    gmc_json_str(j, "group", gm_drawer_key(e->drawer));
    gmc_json_int(j, "map_cycle", e->map_cycle);
    gmc_json_str(j, "drawn_by", e->drawn_by);
    gmc_json_str(j, "legislature_control", e->legislature_control);
    gmc_json_str(j, "governor_party", e->governor_party);
    gmc_json_str(j, "trifecta", e->trifecta);
    gmc_json_int(j, "seats", (long long)e->seats);
    gmc_json_int(j, "seats_map", e->seats_map);
    gmc_json_int(j, "seats_d", (long long)e->seats_d);
    gmc_json_int(j, "seats_r", (long long)e->seats_r);
    gmc_json_int(j, "seats_other", (long long)e->seats_other);
    gmc_json_num(j, "votes_d", e->votes_d);
    gmc_json_num(j, "votes_r", e->votes_r);
    gmc_json_num(j, "vote_share_d", e->vote_share_d);
    gmc_json_num(j, "efficiency_gap", e->efficiency_gap);
    gmc_json_num(j, "mean_median", e->mean_median);
    gmc_json_num(j, "partisan_bias", e->partisan_bias);
    gmc_json_num(j, "declination", e->declination);
    gmc_json_num(j, "seat_excess_r", e->seat_excess_r);
    gmc_json_num(j, "net_seats_r", e->net_seats_r);
    gmc_json_int(j, "uncontested", (long long)e->uncontested);
    gmc_json_int(j, "no_count", (long long)e->no_count);
    gmc_json_int(j, "imputed", (long long)e->imputed);
    gmc_control_majority_json_election(j, e);
    if (r) gmc_json_str(j, "note", election_note(r, e));
    gmc_json_end_obj(j);
}

/* An election's footnote text, "" without one. */
static const char *election_note(const gm_control_result *r, const gm_control_election *e)
{
    size_t nt = r ? gm_control_note_of(r, e->map_row) : 0;
    return nt ? r->notes[nt - 1].text : "";
}

static void write_json(const gm_control_result *r, const char *ctl, const char *res, FILE *f)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_obj(&j, "inputs");
    gmc_json_str(&j, "control", ctl);
    gmc_json_str(&j, "results", res);
    gmc_json_end_obj(&j);
    json_opts(&j, r);
    gmc_json_arr(&j, "notes");
    for (size_t i = 0; i < r->n_notes; i++) {
        const gm_control_note *t = &r->notes[i];
        gmc_json_obj(&j, NULL);
        gmc_json_int(&j, "number", (long long)(i + 1));
        gmc_json_str(&j, "group", gm_drawer_key(t->drawer));
        gmc_json_str(&j, "state", t->state);
        if (*t->chamber) gmc_json_str(&j, "chamber", t->chamber);
        gmc_json_int(&j, "first_year", t->first_year);
        gmc_json_int(&j, "last_year", t->last_year);
        gmc_json_str(&j, "text", t->text);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_arr(&j, "groups");
    for (int g = 0; g < GM_DRAWER_N; g++) {
        const gm_control_group *G = &r->groups[g];
        gmc_json_obj(&j, NULL);
        gmc_json_str(&j, "group", gm_drawer_key((gm_drawer)g));
        gmc_json_str(&j, "label", gm_drawer_label((gm_drawer)g));
        gmc_json_int(&j, "maps", (long long)G->maps);
        gmc_json_int(&j, "elections", (long long)G->elections);
        gmc_json_int(&j, "seats", (long long)G->seats);
        gmc_json_num(&j, "seats_per_year", G->seats_per_year);
        gmc_json_int(&j, "seats_d", (long long)G->seats_d);
        gmc_json_int(&j, "seats_r", (long long)G->seats_r);
        gmc_json_num(&j, "votes_d", G->votes_d);
        gmc_json_num(&j, "votes_r", G->votes_r);
        gmc_json_num(&j, "mean_eg", G->mean_eg);
        gmc_json_num(&j, "weighted_eg", G->weighted_eg);
        gmc_json_num(&j, "net_seats", G->net_seats);
        gmc_json_num(&j, "net_seats_per_year", G->net_seats_per_year);
        gmc_json_num(&j, "ci_lo", G->ci_lo);
        gmc_json_num(&j, "ci_hi", G->ci_hi);
        char nb[2048];
        gmc_json_str(&j, "note", note_cell(r, g, nb, sizeof nb));
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_arr(&j, "years");
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        gmc_json_obj(&j, NULL);
        gmc_json_int(&j, "year", Y->year);
        gmc_json_int(&j, "seats_d", (long long)Y->seats_d);
        gmc_json_int(&j, "seats_r", (long long)Y->seats_r);
        gmc_json_int(&j, "seats_other", (long long)Y->seats_other);
        gmc_json_num(&j, "vote_share_d", Y->vote_share_d);
        gmc_control_majority_json_year(&j, Y);
        gmc_json_obj(&j, "groups");
        for (int g = 0; g < GM_DRAWER_N; g++) {
            gmc_json_obj(&j, gm_drawer_key((gm_drawer)g));
            gmc_json_int(&j, "seats", (long long)Y->seats[g]);
            gmc_json_num(&j, "weighted_eg", Y->weighted_eg[g]);
            gmc_json_num(&j, "net_seats", Y->net_seats[g]);
            gmc_json_num(&j, "majority_share_d", Y->group_majority_share_d[g]);
            gmc_control_curve_json(&j, Y, g);
            gmc_json_end_obj(&j);
        }
        gmc_json_end_obj(&j);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_arr(&j, "elections");
    for (size_t i = 0; i < r->n_elections; i++) json_election(&j, NULL, &r->elections[i], r);
    gmc_json_end_arr(&j);
    gmc_json_int(&j, "seat_mismatches", (long long)r->seat_mismatches);
    gmc_json_obj(&j, "unmatched");
    gmc_json_int(&j, "rows", (long long)r->unmatched_rows);
    gmc_json_str(&j, "states", r->unmatched_states);
    gmc_json_end_obj(&j);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void csv_sep_num(FILE *f, double v)
{
    fputc(',', f);
    gmc_csv_num(f, v);
}

static void write_csv(const gm_control_result *r, const char *table, FILE *f)
{
    const char *unc = gm_uncontested_name(r->opts.uncontested);
    if (!strcmp(table, "years")) {
        fputs("year,seats_d,seats_r,seats_other,vote_share_d", f);
        for (int g = 0; g < GM_DRAWER_N; g++)
            fprintf(f, ",seats_%s,weighted_eg_%s,net_seats_%s", gm_drawer_key((gm_drawer)g),
                    gm_drawer_key((gm_drawer)g), gm_drawer_key((gm_drawer)g));
        gmc_control_majority_csv_head(f, true);
        for (int g = 0; g < GM_DRAWER_N; g++)
            fprintf(f, ",majority_share_d_%s", gm_drawer_key((gm_drawer)g));
        fputs(",uncontested,note\n", f);
        for (size_t y = 0; y < r->n_years; y++) {
            const gm_control_year *Y = &r->years[y];
            fprintf(f, "%d,%zu,%zu,%zu", Y->year, Y->seats_d, Y->seats_r, Y->seats_other);
            csv_sep_num(f, Y->vote_share_d);
            for (int g = 0; g < GM_DRAWER_N; g++) {
                fprintf(f, ",%zu", Y->seats[g]);
                csv_sep_num(f, Y->weighted_eg[g]);
                csv_sep_num(f, Y->net_seats[g]);
            }
            gmc_control_majority_csv_year(f, Y);
            for (int g = 0; g < GM_DRAWER_N; g++) csv_sep_num(f, Y->group_majority_share_d[g]);
            fprintf(f, ",%s,", unc);
            char nb[2048] = "";
            size_t n = 0;
            for (size_t i = 0; i < r->n_notes; i++) /* the caveats of maps in force that year */
                if (Y->year >= r->notes[i].first_year && Y->year <= r->notes[i].last_year)
                    n += (size_t)snprintf(nb + n, n < sizeof nb ? sizeof nb - n : 0, "%s%s (%s %d-%d): %s",
                                          n ? " | " : "", gm_drawer_label(r->notes[i].drawer),
                                          r->notes[i].state, r->notes[i].first_year,
                                          r->notes[i].last_year, r->notes[i].text);
            gmc_csv_field(f, nb, false);
            fputc('\n', f);
        }
    } else if (!strcmp(table, "curves")) {
        gmc_control_curves_csv(f, r);
    } else if (!strcmp(table, "states")) {
        fputs("state,chamber,year,group,map_cycle,drawn_by,legislature_control,governor_party,"
              "trifecta,seats,seats_d,seats_r,seats_other,votes_d,votes_r,vote_share_d,"
              "efficiency_gap,mean_median,partisan_bias,declination,seat_excess_r,net_seats_r,"
              "uncontested_races,no_count,imputed",
              f);
        gmc_control_majority_csv_head(f, false);
        fputs(",uncontested,note\n", f);
        for (size_t i = 0; i < r->n_elections; i++) {
            const gm_control_election *e = &r->elections[i];
            gmc_csv_field(f, e->state, false);
            fputc(',', f);
            gmc_csv_field(f, e->chamber, false);
            fprintf(f, ",%d,%s,%d,", e->year, gm_drawer_key(e->drawer), e->map_cycle);
            gmc_csv_field(f, e->drawn_by, false);
            fputc(',', f);
            gmc_csv_field(f, e->legislature_control, false);
            fputc(',', f);
            gmc_csv_field(f, e->governor_party, false);
            fputc(',', f);
            gmc_csv_field(f, e->trifecta, false);
            fprintf(f, ",%zu,%zu,%zu,%zu", e->seats, e->seats_d, e->seats_r, e->seats_other);
            const double v[] = {e->votes_d,       e->votes_r,     e->vote_share_d,
                                e->efficiency_gap, e->mean_median, e->partisan_bias,
                                e->declination,   e->seat_excess_r, e->net_seats_r};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) csv_sep_num(f, v[k]);
            fprintf(f, ",%zu,%zu,%zu", e->uncontested, e->no_count, e->imputed);
            gmc_control_majority_csv_election(f, e);
            fprintf(f, ",%s,", unc);
            gmc_csv_field(f, election_note(r, e), false);
            fputc('\n', f);
        }
    } else {
        fputs("group,maps,elections,seats,seats_per_year,seats_d,seats_r,mean_eg,weighted_eg,"
              "net_seats,net_seats_per_year,ci_lo,ci_hi,uncontested,note\n",
              f);
        for (int g = 0; g < GM_DRAWER_N; g++) {
            const gm_control_group *G = &r->groups[g];
            fprintf(f, "%s,%zu,%zu,%zu", gm_drawer_key((gm_drawer)g), G->maps, G->elections,
                    G->seats);
            csv_sep_num(f, G->seats_per_year);
            fprintf(f, ",%zu,%zu", G->seats_d, G->seats_r);
            const double v[] = {G->mean_eg, G->weighted_eg, G->net_seats, G->net_seats_per_year,
                                G->ci_lo, G->ci_hi};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) csv_sep_num(f, v[k]);
            char nb[2048];
            fprintf(f, ",%s,", unc);
            gmc_csv_field(f, note_cell(r, g, nb, sizeof nb), false);
            fputc('\n', f);
        }
    }
}

/* ---- --explain ------------------------------------------------------------------------ */

/* The party a control figure favours (+ favours R): the engine's one rule. */
static const char *lean(double v)
{
    const char *p = gm_lean_name(v, true, "D", "R");
    return p ? p : "-";
}

static void write_explain(const gm_control_explain *x, const gm_control_table *ct,
                          const gm_control_opts *o, const char *ctl, const char *res, FILE *f)
{
    const gm_control_election *e = &x->election;
    char b1[48], b2[48];
    fprintf(f, "%s %d%s%s\n\n", e->state, e->year, *e->chamber ? " " : "", e->chamber);
    fprintf(f, "1. Maps for %s in %s (the map in force is the row with the largest cycle <= %d\n"
               "   whose last_year, if any, is >= %d; dated tables: in force on election day):\n",
            e->state, ctl, e->year, e->year);
    for (size_t i = 0; i < x->n_candidates; i++) {
        const gm_control_row *row = gm_control_table_get(ct, x->candidate_rows[i]);
        fprintf(f, "   %s line %ld: ", x->candidate_rows[i] == x->chosen ? "->" : "  ", row->line);
        if (*row->start_date)
            fprintf(f, "%s to %s", row->start_date, *row->end_date ? row->end_date : "open");
        else if (row->last_year)
            fprintf(f, "cycle %d, last_year %d", row->cycle, row->last_year);
        else
            fprintf(f, "cycle %d", row->cycle);
        fprintf(f, "%s%s, %d seats, drawn_by %s, legislature %s, governor %s, trifecta %s\n",
                *row->chamber ? ", chamber " : "", row->chamber, row->seats, row->drawn_by,
                lc_party(row->legislature_control), lc_party(row->governor_party),
                lc_party(row->trifecta));
    }
    const gm_control_row *m = gm_control_table_get(ct, x->chosen);
    if (*m->notes) fprintf(f, "   notes: %s\n", m->notes);
    if (*m->source) fprintf(f, "   source: %s\n", m->source);
    fprintf(f, "   group: %s\n\n", gm_drawer_label(e->drawer));

    fprintf(f, "2. District results from %s\n   uncontested races: %s", res,
            gm_uncontested_name(o->uncontested));
    if (o->uncontested == GM_UNCONTESTED_IMPUTE) {
        fprintf(f, " (winner %.0f%% of the race's turnout", 100 * o->impute_share);
        if (x->impute_turnout > 0)
            fprintf(f, "; races with no count use %s, the state's mean contested turnout",
                    gmc_fmt_int(x->impute_turnout, b1, sizeof b1));
        fprintf(f, ")");
    }
    fprintf(f, "\n");
    gmc_table t;
    gmc_table_init(&t, 11);
    const char *hdr[] = {"Line", "District", "Dem", "Rep", "Other", "Winner", "Flags",
                         "D scored", "R scored", "D wasted", "R wasted"};
    gmc_table_add(&t, hdr);
    for (size_t i = 0; i < x->n_districts; i++) {
        const gm_control_explain_district *d = &x->districts[i];
        char c[11][48];
        const char *row[11];
        snprintf(c[0], 48, "%ld", d->line);
        snprintf(c[1], 48, "%s", d->district);
        gmc_fmt_int(d->dem_votes, c[2], 48);
        gmc_fmt_int(d->rep_votes, c[3], 48);
        gmc_fmt_int(d->other_votes, c[4], 48);
        snprintf(c[5], 48, "%c", d->winner_party);
        snprintf(c[6], 48, "%s%s%s", d->uncontested ? "uncontested " : "",
                 d->no_count ? "no-count " : "", d->imputed ? "imputed" : "");
        if (!c[6][0]) snprintf(c[6], 48, "-");
        gmc_fmt_fix(d->a, 1, c[7], 48);
        gmc_fmt_fix(d->b, 1, c[8], 48);
        gmc_fmt_fix(d->wasted_a, 1, c[9], 48);
        gmc_fmt_fix(d->wasted_b, 1, c[10], 48);
        for (int k = 0; k < 11; k++) row[k] = c[k];
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "   ");
    gmc_table_free(&t);

    fprintf(f, "\n3. Steps\n");
    fprintf(f, "   seats: %zu districts (control table: %d); won D %zu, R %zu", e->seats,
            e->seats_map, e->seats_d, e->seats_r);
    if (e->seats_other) fprintf(f, ", other %zu", e->seats_other);
    fprintf(f, "\n   two-party votes scored: D %s, R %s; D share = D / (D + R) = %.6f\n",
            gmc_fmt_fix(e->votes_d, 1, b1, sizeof b1), gmc_fmt_fix(e->votes_r, 1, b2, sizeof b2),
            e->vote_share_d);
    fprintf(f, "   wasted votes (loser: all; winner: beyond half the district's two-party "
               "votes): D %.1f, R %.1f\n",
            x->wasted_a, x->wasted_b);
    fprintf(f, "   efficiency gap = (wasted D - wasted R) / total = (%.1f - %.1f) / %.1f = %+.6f"
               " (+ favours R; favours %s)\n",
            x->wasted_a, x->wasted_b, x->total, e->efficiency_gap, lean(e->efficiency_gap));
    fprintf(f, "   net seats = EG x seats = %+.6f x %zu = %+.4f\n", e->efficiency_gap, e->seats,
            e->net_seats_r);
    fprintf(f, "   seats won minus proportional (R) = %zu - (1 - %.6f) x %zu = %+.4f\n", e->seats_r,
            e->vote_share_d, e->seats, e->seat_excess_r);
    fprintf(f, "   mean-median %s (favours %s), partisan bias %s (favours %s), declination %s "
               "(favours %s) (+ favours R; a bare '-' means undefined)\n",
            sgn(e->mean_median, 4, b1, sizeof b1), lean(e->mean_median),
            sgn(e->partisan_bias, 4, b2, sizeof b2), lean(e->partisan_bias),
            sgn(e->declination, 4, (char[48]){0}, 48), lean(e->declination));
    fprintf(f, "   uncontested races %zu (no count %zu), imputed %zu\n", e->uncontested,
            e->no_count, e->imputed);
    fprintf(f, "   majority: %zu of %zu seats; under a uniform swing D needs %s of the two-party "
               "vote, R needs %s\n   (V + 1/2 - the share of the district that gives the "
               "majority; a race without votes keeps its winner)\n",
            e->majority_seats, e->seats, gmc_fmt_pct(e->majority_share_d, 2, b1, sizeof b1),
            gmc_fmt_pct(e->majority_share_r, 2, b2, sizeof b2));
    fprintf(f, "   swing that flips the majority: %s (0.01-point steps), exact boundary %s\n",
            gmc_swing_text(e->flip_step, 2, b1, sizeof b1),
            gmc_swing_text(e->flip_swing, 4, b2, sizeof b2));
    if (!isnan(e->swing))
        fprintf(f, "   swing %s: %zu seat%s to D, %zu to R, %zu tied; seats after: D %g, R %g\n",
                gmc_swing_text(e->swing, 2, b1, sizeof b1), e->swing_to_d,
                e->swing_to_d == 1 ? "" : "s", e->swing_to_r, e->swing_tied, e->swing_seats_d,
                e->swing_seats_r);
}

static void write_explain_json(const gm_control_explain *x, const gm_control_opts *o, FILE *f)
{
    gmc_json j;
    gmc_json_init(&j, f);
    gmc_json_obj(&j, NULL);
    gmc_json_str(&j, "uncontested", gm_uncontested_name(o->uncontested));
    json_election(&j, "election", &x->election, NULL);
    const gm_control_election *e = &x->election;
    gmc_json_obj(&j, "favours");
    gmc_json_str(&j, "efficiency_gap", gm_lean_name(e->efficiency_gap, true, "D", "R"));
    gmc_json_str(&j, "mean_median", gm_lean_name(e->mean_median, true, "D", "R"));
    gmc_json_str(&j, "partisan_bias", gm_lean_name(e->partisan_bias, true, "D", "R"));
    gmc_json_str(&j, "declination", gm_lean_name(e->declination, true, "D", "R"));
    gmc_json_end_obj(&j);
    gmc_json_arr(&j, "districts");
    for (size_t i = 0; i < x->n_districts; i++) {
        const gm_control_explain_district *d = &x->districts[i];
        gmc_json_obj(&j, NULL);
        gmc_json_int(&j, "line", d->line);
        gmc_json_str(&j, "district", d->district);
        gmc_json_num(&j, "dem_votes", d->dem_votes);
        gmc_json_num(&j, "rep_votes", d->rep_votes);
        gmc_json_str(&j, "winner_party", (char[2]){d->winner_party, 0});
        gmc_json_bool(&j, "uncontested", d->uncontested);
        gmc_json_bool(&j, "no_count", d->no_count);
        gmc_json_bool(&j, "imputed", d->imputed);
        gmc_json_num(&j, "d_scored", d->a);
        gmc_json_num(&j, "r_scored", d->b);
        gmc_json_num(&j, "d_wasted", d->wasted_a);
        gmc_json_num(&j, "r_wasted", d->wasted_b);
        gmc_json_num(&j, "d_share", d->share);
        gmc_json_end_obj(&j);
    }
    gmc_json_end_arr(&j);
    gmc_json_num(&j, "wasted_d", x->wasted_a);
    gmc_json_num(&j, "wasted_r", x->wasted_b);
    gmc_json_num(&j, "total", x->total);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

/* ---- main ----------------------------------------------------------------------------- */

int gmc_cmd_control(int argc, char **argv)
{
    enum { O_CONTROL = 1, O_RESULTS, O_YEARS, O_UNC, O_SHARE, O_BOOT, O_SEED, O_CI, O_EXPLAIN,
           O_BYSTATE, O_TABLE, O_CHAMBER, O_FULLPATHS, O_SWING, O_SWING_TABLE, O_FLIP };
    static const struct option lo[] = {{"control", required_argument, 0, O_CONTROL},
                                       {"results", required_argument, 0, O_RESULTS},
                                       {"years", required_argument, 0, O_YEARS},
                                       {"uncontested", required_argument, 0, O_UNC},
                                       {"impute-share", required_argument, 0, O_SHARE},
                                       {"bootstrap", required_argument, 0, O_BOOT},
                                       {"seed", required_argument, 0, O_SEED},
                                       {"ci", required_argument, 0, O_CI},
                                       {"explain", required_argument, 0, O_EXPLAIN},
                                       {"by-state", no_argument, 0, O_BYSTATE},
                                       {"table", required_argument, 0, O_TABLE},
                                       {"chamber", required_argument, 0, O_CHAMBER},
                                       {"full-paths", no_argument, 0, O_FULLPATHS},
                                       {"swing", required_argument, 0, O_SWING},
                                       {"swing-table", required_argument, 0, O_SWING_TABLE},
                                       {"flip-majority", no_argument, 0, O_FLIP},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
    if (argc > 1 && !strcmp(argv[1], "legislatures"))
        return gmc_cmd_control_legislatures(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "chamber")) return gmc_cmd_control_chamber(argc - 1, argv + 1);
    gm_control_opts opts;
    gm_control_opts_init(&opts);
    gmc_format fmt = GMC_TEXT;
    const char *output = NULL, *ctl = NULL, *res = NULL, *explain_state = NULL;
    const char *swing_text = NULL, *swing_file = NULL;
    bool flip = false;
    const char *table = "groups";
    long explain_year = 0, v;
    double d;
    bool by_state = false, full_paths = false, have_share = false, have_table = false,
         have_seed = false, have_ci = false, have_boot = false;
    char ctl_buf[4096], res_buf[4096];
    gmc_getopt args = {.cmd = "control", .shortopts = ":ho:f:", .longopts = lo, .help = help};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg,
                                 1u << GMC_TEXT | 1u << GMC_JSON | 1u << GMC_CSV | 1u << GMC_HTML,
                                 &fmt))
                return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case O_CONTROL: ctl = optarg; break;
        case O_RESULTS: res = optarg; break;
        case O_YEARS: {
            char *end;
            long a = strtol(optarg, &end, 10), b = a;
            if (*end == '-') b = strtol(end + 1, &end, 10);
            if (*end || a < 1789 || b < a || b > 9999)
                return gmc_usage_error("control", "--years: expected YEAR or FROM-TO, got '%s'",
                                       optarg);
            opts.year_from = (int)a;
            opts.year_to = (int)b;
            break;
        }
        case O_UNC:
            if (!strcmp(optarg, "reported")) opts.uncontested = GM_UNCONTESTED_REPORTED;
            else if (!strcmp(optarg, "impute")) opts.uncontested = GM_UNCONTESTED_IMPUTE;
            else
                return gmc_usage_error("control",
                                       "--uncontested: expected reported or impute, got '%s'",
                                       optarg);
            break;
        case O_SHARE:
            if (gmc_parse_double("--impute-share", optarg, 0.5000001, 1.0, &d)) return GMC_EUSAGE;
            opts.impute_share = d;
            have_share = true;
            break;
        case O_BOOT:
            if (gmc_parse_long("--bootstrap", optarg, 0, 1000000, &v)) return GMC_EUSAGE;
            opts.bootstrap_reps = (unsigned)v;
            have_boot = v != 0; /* --bootstrap 0 (none) is compatible with everything */
            break;
        case O_SEED:
            if (gmc_parse_long("--seed", optarg, 0, 2147483647L, &v)) return GMC_EUSAGE;
            opts.seed = (uint64_t)v;
            have_seed = true;
            break;
        case O_CI:
            if (gmc_parse_double("--ci", optarg, 0.5, 0.999, &d)) return GMC_EUSAGE;
            opts.ci_level = d;
            have_ci = true;
            break;
        case O_EXPLAIN:
            explain_state = optarg;
            if (optind >= argc)
                return gmc_usage_error("control",
                                       "--explain needs STATE YEAR, e.g. --explain PA 2018");
            if (gmc_parse_long("--explain YEAR", argv[optind], 1789, 9999, &explain_year))
                return GMC_EUSAGE;
            optind++;
            break;
        case O_BYSTATE: by_state = true; break;
        case O_FULLPATHS: full_paths = true; break;
        case O_CHAMBER: opts.chamber = optarg; break;
        case O_SWING: {
            gm_error e;
            gm_error_clear(&e);
            if (gm_swing_parse(optarg, &opts.swing, &e))
                return gmc_usage_error("control", "--swing: %s", e.msg);
            swing_text = optarg;
            break;
        }
        case O_SWING_TABLE: swing_file = optarg; break;
        case O_FLIP: flip = true; break;
        case O_TABLE:
            if (strcmp(optarg, "groups") && strcmp(optarg, "years") && strcmp(optarg, "states") &&
                strcmp(optarg, "curves"))
                return gmc_usage_error("control",
                                       "--table: expected groups, years, states or curves, got '%s'",
                                       optarg);
            table = optarg;
            have_table = true;
            break;
        }
    }
    if (args.rc >= 0) return args.rc;
    /* An option that cannot change this run's output is a mistake to point out, not to
     * pass over: the user believes it did something. */
    if (have_share && opts.uncontested != GM_UNCONTESTED_IMPUTE)
        return gmc_usage_error("control", "--impute-share applies only with --uncontested impute "
                                          "(uncontested races are taken as reported)");
    if (explain_state && (have_table || by_state || have_boot || have_seed || have_ci))
        return gmc_usage_error("control", "--explain shows one state's rows and steps; %s has no "
                                          "effect on it",
                               have_table ? "--table" : by_state ? "--by-state"
                                          : have_boot ? "--bootstrap" : have_seed ? "--seed" : "--ci");
    if (have_table && fmt != GMC_CSV)
        return gmc_usage_error("control", "--table picks the table of CSV output; add --format csv "
                                          "(text, JSON and HTML hold every table)");
    if (by_state && fmt != GMC_TEXT)
        return gmc_usage_error("control", "--by-state adds the per-state table to text output; "
                                          "%s output holds it already%s",
                               fmt == GMC_JSON ? "JSON" : fmt == GMC_CSV ? "CSV" : "HTML",
                               fmt == GMC_CSV ? " (--table states)" : "");
    if ((have_seed || have_ci) && opts.bootstrap_reps == 0)
        return gmc_usage_error("control", "%s sets the bootstrap, which --bootstrap 0 turns off",
                               have_seed ? "--seed" : "--ci");
    if (swing_text && swing_file)
        return gmc_usage_error("control", "--swing and --swing-table both set the swing; give one "
                                          "(a state the table does not list gets no swing)");
    if (flip && (fmt != GMC_TEXT || explain_state))
        return gmc_usage_error("control", "--flip-majority adds the flip swing to the text tables; "
                                          "%s holds it already (flip_step, flip_swing)",
                               explain_state ? "--explain" : "JSON, CSV and HTML output");
    if (explain_state && (fmt == GMC_CSV || fmt == GMC_HTML))
        return gmc_usage_error("control", "--explain writes text or JSON, not %s",
                               fmt == GMC_CSV ? "CSV" : "HTML");
    if (!ctl && !(ctl = gmc_control_shipped(ctl_name, ctl_buf, sizeof ctl_buf))) {
        gmc_msg("the shipped control table %s was not found (looked in $GERRYMETER_DATA, %s, %s); "
                "pass --control FILE",
                ctl_name, GM_SOURCE_DATA_DIR "/control", GM_DATA_DIR "/control");
        return GMC_EDATA;
    }
    if (!res && !(res = gmc_control_shipped(res_name, res_buf, sizeof res_buf))) {
        gmc_msg("the shipped results table %s was not found; pass --results FILE", res_name);
        return GMC_EDATA;
    }
    const char *inputs[] = {ctl, res, swing_file};
    int rc = gmc_check_output(output, inputs, swing_file ? 3 : 2);
    if (rc) return rc;

    gm_error err;
    gm_error_clear(&err);
    gm_control_table *ct = NULL;
    gm_results_table *rt = NULL;
    gm_control_result *r = NULL;
    gm_control_explain *x = NULL;
    gm_swing_table *st = NULL;
    char *html = NULL, swing_desc[4200] = "";
    if (gm_control_table_load(ctl, &ct, &err) || gm_results_table_load(res, &rt, &err) ||
        (swing_file && gm_swing_table_load(swing_file, &st, &err))) {
        rc = gmc_fail(&err);
        goto done;
    }
    if (st) {
        opts.n_swing = st->n;
        opts.swing_state = (const char *const *)st->state;
        opts.swing_value = st->swing;
        snprintf(swing_desc, sizeof swing_desc, "per state from %s (%zu states listed)",
                 shown_path(swing_file, full_paths), st->n);
    } else if (swing_text) {
        char b[32];
        snprintf(swing_desc, sizeof swing_desc, "%s points in every district",
                 gmc_swing_text(opts.swing, 2, b, sizeof b));
    }
    if (explain_state) {
        if (gm_control_explain_state(ct, rt, &opts, explain_state, (int)explain_year, &x, &err)) {
            rc = gmc_fail(&err);
            goto done;
        }
    } else {
        if (gm_control_analyze(ct, rt, &opts, &r, &err) ||
            (fmt == GMC_HTML && gm_control_html(r, "Who drew the map, and what the map did", &html,
                                                &err))) {
            rc = gmc_fail(&err);
            goto done;
        }
    }
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (x) {
        if (fmt == GMC_JSON) write_explain_json(x, &opts, sink.f);
        else write_explain(x, ct, &opts, shown_path(ctl, full_paths), shown_path(res, full_paths), sink.f);
    } else if (fmt == GMC_JSON) {
        write_json(r, shown_path(ctl, full_paths), shown_path(res, full_paths), sink.f);
    } else if (fmt == GMC_CSV) {
        write_csv(r, table, sink.f);
    } else if (fmt == GMC_HTML) {
        fputs(html, sink.f);
    } else {
        write_text(r, shown_path(ctl, full_paths), shown_path(res, full_paths), by_state, flip,
                   *swing_desc ? swing_desc : NULL, sink.f);
    }
    rc = gmc_sink_close(&sink, true);
done:
    free(html);
    gm_control_explain_destroy(x);
    gm_control_result_destroy(r);
    gm_results_table_destroy(rt);
    gm_control_table_destroy(ct);
    gm_swing_table_destroy(st);
    return rc;
}
