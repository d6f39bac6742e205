/* pen.c: who holds the legislatures that draw the maps. NCSL seat tables summed per table
 * year (seats, legislatures, trifectas), and the pen of each redistricting cycle: who drew
 * the congressional and the state legislative maps, and how many seats each drew. */
#include "control/control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

typedef struct seats_row {
    char state[8];
    int year;
    char as_of[48];
    long total, dem, rep;
    char legis[12], state_control[12];
} seats_row;

typedef struct national_row {
    int year;
    long dem, rep;
} national_row;

struct gm_leg_seats {
    size_t n, n_nat;
    seats_row *row;
    national_row *nat;
};

void gm_leg_seats_destroy(gm_leg_seats *t)
{
    if (!t) return;
    free(t->row);
    free(t->nat);
    free(t);
}

static int parse_long(const char *s, long lo, long hi, long *v)
{
    errno = 0;
    char *end;
    long x = strtol(s, &end, 10);
    if (!*s || *end || errno || x < lo || x > hi) return -1;
    *v = x;
    return 0;
}

/* Read one table: cols names[0..nc) (all required); row() takes each record. */
static gm_status read_table(const char *path, const char *const *names, size_t nc,
                            gm_status (*row)(gm_leg_seats *t, const char *path, size_t line,
                                             char **v, gm_error *err),
                            gm_leg_seats *t, gm_error *err)
{
    gmi_csv csv;
    long col[16];
    gm_status rc = gmi_csv_open(&csv, path, ',', err);
    if (rc != GM_OK) return rc;
    bool header = false;
    size_t rows = 0;
    int r;
    while ((r = gmi_csv_next(&csv, err)) == 1) {
        if (csv.field[0][0] == '#') continue;
        if (!header) {
            if ((rc = gmi_csv_columns(&csv, names, nc, NULL, NULL, col, err)) != GM_OK) goto done;
            header = true;
            continue;
        }
        char *v[16];
        for (size_t c = 0; c < nc; c++)
            v[c] = (size_t)col[c] < csv.nf ? gmi_trim(csv.field[col[c]]) : (char *)"";
        if ((rc = row(t, path, csv.line, v, err)) != GM_OK) goto done;
        rows++;
    }
    if (r < 0) {
        rc = err ? err->code : GM_E_FORMAT;
        goto done;
    }
    if (!rows) rc = gm_fail(err, GM_E_FORMAT, "%s: no rows; expected a header and a row per table", path);
done:
    gmi_csv_close(&csv);
    return rc;
}

static const char *const state_cols[] = {"state", "table_year", "as_of", "total_seats", "dem_seats",
                                         "rep_seats", "legis_control", "state_control"};
static const char *const nat_cols[] = {"table_year", "dem_seats", "rep_seats"};

static gm_status bad(gm_error *err, const char *path, size_t line, const char *col, const char *v)
{
    return gm_fail(err, GM_E_DATA, "%s: line %zu: %s '%s' is not a whole number of seats (or a year)",
                   path, line, col, v);
}

static gm_status add_state(gm_leg_seats *t, const char *path, size_t line, char **v, gm_error *err)
{
    if (!(t->n & (t->n + 1)) || !t->row) { /* grow at 0, 1, 3, 7, ... */
        seats_row *nr = realloc(t->row, (2 * t->n + 2) * sizeof *nr);
        if (!nr) return gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
        t->row = nr;
    }
    seats_row *r = &t->row[t->n];
    memset(r, 0, sizeof *r);
    long y;
    if (!*v[0] || strlen(v[0]) >= sizeof r->state)
        return gm_fail(err, GM_E_DATA, "%s: line %zu: state '%s' is not a postal code", path, line, v[0]);
    snprintf(r->state, sizeof r->state, "%s", v[0]);
    if (parse_long(v[1], 1789, 9999, &y)) return bad(err, path, line, "table_year", v[1]);
    r->year = (int)y;
    snprintf(r->as_of, sizeof r->as_of, "%s", v[2]);
    r->total = -1; /* not given (NCSL's 2021 table as digitised) */
    if (*v[3] && parse_long(v[3], 0, 100000, &r->total))
        return bad(err, path, line, "total_seats", v[3]);
    if (parse_long(v[4], 0, 100000, &r->dem)) return bad(err, path, line, "dem_seats", v[4]);
    if (parse_long(v[5], 0, 100000, &r->rep)) return bad(err, path, line, "rep_seats", v[5]);
    if (r->total >= 0 && r->dem + r->rep > r->total)
        return gm_fail(err, GM_E_DATA, "%s: line %zu: %s has %ld D and %ld R seats, more than its %ld",
                       path, line, r->state, r->dem, r->rep, r->total);
    snprintf(r->legis, sizeof r->legis, "%s", v[6]);
    snprintf(r->state_control, sizeof r->state_control, "%s", v[7]);
    t->n++;
    return GM_OK;
}

static gm_status add_national(gm_leg_seats *t, const char *path, size_t line, char **v,
                              gm_error *err)
{
    national_row *nr = realloc(t->nat, (t->n_nat + 1) * sizeof *nr);
    if (!nr) return gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
    t->nat = nr;
    long y;
    national_row *r = &t->nat[t->n_nat];
    if (parse_long(v[0], 1789, 9999, &y)) return bad(err, path, line, "table_year", v[0]);
    r->year = (int)y;
    if (parse_long(v[1], 0, 1000000, &r->dem)) return bad(err, path, line, "dem_seats", v[1]);
    if (parse_long(v[2], 0, 1000000, &r->rep)) return bad(err, path, line, "rep_seats", v[2]);
    for (size_t i = 0; i < t->n_nat; i++)
        if (t->nat[i].year == r->year)
            return gm_fail(err, GM_E_DATA, "%s: line %zu: table year %d is listed twice", path, line,
                           r->year);
    t->n_nat++;
    return GM_OK;
}

gm_status gm_leg_seats_load(const char *states_path, const char *national_path,
                            gm_leg_seats **out, gm_error *err)
{
    *out = NULL;
    gm_leg_seats *t = calloc(1, sizeof *t);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    gm_status rc = read_table(states_path, state_cols, 8, add_state, t, err);
    if (rc == GM_OK && national_path) rc = read_table(national_path, nat_cols, 3, add_national, t, err);
    if (rc != GM_OK) {
        gm_leg_seats_destroy(t);
        return rc;
    }
    *out = t;
    return GM_OK;
}

void gm_pen_result_destroy(gm_pen_result *r)
{
    if (!r) return;
    free(r->years);
    free(r);
}

const gm_pen_year *gm_pen_year_of(const gm_pen_result *r, int year)
{
    for (size_t i = 0; r && i < r->n_years; i++)
        if (r->years[i].year == year) return &r->years[i];
    return NULL;
}

/* Year of an ISO date "YYYY-..." (0 when it is not one). */
static int date_year(const char *d)
{
    return (int)strtol(d, NULL, 10);
}

static void pen_cycle(const gm_control_table *cong, const gm_control_table *leg, int census,
                      gm_pen_cycle *c)
{
    memset(c, 0, sizeof *c);
    c->census = census;
    c->first_year = census + 2;
    for (size_t i = 0; cong && i < cong->n; i++) {
        const gm_control_row *r = &cong->row[i];
        if (r->cycle != c->first_year) continue;
        c->cong_maps[r->drawer]++;
        c->cong_seats[r->drawer] += (size_t)r->seats;
        c->cong_total += (size_t)r->seats;
    }
    if (!leg) return;
    /* every state and chamber of the table once (rows are grouped by state and chamber) */
    for (size_t i = 0; i < leg->n; i++) {
        const gm_control_row *r = &leg->row[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = !strcmp(leg->row[j].state, r->state) && !strcmp(leg->row[j].chamber, r->chamber);
        if (seen) continue;
        long m = -1;
        for (int y = census + 2; y <= census + 4 && m < 0; y += 2) {
            m = gmi_control_map_in_force(leg, r->state, r->chamber, y);
            if (m >= 0 && date_year(leg->row[m].start_date) <= census) m = -1; /* an older map */
        }
        if (m < 0) {
            c->leg_missing++;
            continue;
        }
        c->leg_chambers[leg->row[m].drawer]++;
        c->leg_seats[leg->row[m].drawer] += (size_t)leg->row[m].seats;
        c->leg_total += (size_t)leg->row[m].seats;
    }
}

gm_status gm_pen_analyze(const gm_leg_seats *s, const gm_control_table *congress,
                         const gm_control_table *legislative, gm_pen_result **out,
                         gm_error *err)
{
    *out = NULL;
    if (legislative && (!legislative->dated || !legislative->has_chamber))
        return gm_fail(err, GM_E_DATA, "'%s' is not a state legislative control table: it needs "
                                       "start_date, end_date and chamber columns",
                       legislative->path);
    gm_pen_result *r = calloc(1, sizeof *r);
    if (!r || !(r->years = calloc(s->n ? s->n : 1, sizeof *r->years))) {
        free(r);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < s->n; i++) {
        const seats_row *x = &s->row[i];
        gm_pen_year *y = NULL;
        for (size_t j = 0; j < r->n_years && !y; j++)
            if (r->years[j].year == x->year) y = &r->years[j];
        if (!y) {
            size_t j = r->n_years++;
            while (j > 0 && r->years[j - 1].year > x->year) { /* keep them ascending */
                r->years[j] = r->years[j - 1];
                j--;
            }
            y = &r->years[j];
            memset(y, 0, sizeof *y);
            y->year = x->year;
            snprintf(y->as_of, sizeof y->as_of, "%s", x->as_of);
            y->ncsl_dem = y->ncsl_rep = -1;
        }
        y->dem += x->dem;
        y->rep += x->rep;
        if (x->total < 0 || y->total < 0) y->total = -1; /* unknown once a state's is */
        else y->total += x->total;
        if (!strcasecmp(x->legis, "Dem")) y->leg_d++;
        else if (!strcasecmp(x->legis, "Rep")) y->leg_r++;
        else if (!strcasecmp(x->legis, "N/A")) y->leg_none++;
        else y->leg_split++; /* Split (and one table's "Divided") */
        if (!strcasecmp(x->state_control, "Dem")) y->tri_d++;
        else if (!strcasecmp(x->state_control, "Rep")) y->tri_r++;
        else if (!strcasecmp(x->state_control, "N/A")) y->tri_none++;
        else y->divided++;
    }
    for (size_t i = 0; i < s->n_nat; i++)
        for (size_t j = 0; j < r->n_years; j++)
            if (r->years[j].year == s->nat[i].year) {
                r->years[j].ncsl_dem = s->nat[i].dem;
                r->years[j].ncsl_rep = s->nat[i].rep;
            }
    pen_cycle(congress, legislative, 2010, &r->cycles[0]);
    pen_cycle(congress, legislative, 2020, &r->cycles[1]);
    *out = r;
    return GM_OK;
}
