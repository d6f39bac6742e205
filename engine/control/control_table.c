/* control_table.c: read the control table (who drew each map) and name its groups. */
#include "control/control.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

static const char *const drawer_label[GM_DRAWER_N] = {
    "Republican legislature", "Democratic legislature", "Split control",
    "Independent commission", "Political commission", "Court", "At-large (no map)"};
static const char *const drawer_key[GM_DRAWER_N] = {
    "rep_legislature", "dem_legislature", "split", "independent_commission",
    "political_commission", "court", "at_large"};

const char *gm_drawer_label(gm_drawer d)
{
    return (unsigned)d < GM_DRAWER_N ? drawer_label[d] : "?";
}

const char *gm_drawer_key(gm_drawer d)
{
    return (unsigned)d < GM_DRAWER_N ? drawer_key[d] : "?";
}

const char *gm_uncontested_name(gm_uncontested u)
{
    return u == GM_UNCONTESTED_IMPUTE ? "impute" : "reported";
}

void gm_control_opts_init(gm_control_opts *o)
{
    memset(o, 0, sizeof *o);
    o->uncontested = GM_UNCONTESTED_REPORTED;
    o->impute_share = 0.75; /* Gelman-King's conventional share for an unopposed winner */
    o->bootstrap_reps = 2000;
    o->seed = 20121106;     /* the 2012 general election day */
    o->ci_level = 0.95;
    o->swing = NAN;         /* no swing */
}

/* Group of a map: drawn_by first; a legislature's map goes by the party that held both
 * chambers when it passed (split and Nebraska's nonpartisan chamber go together). */
static int classify(const char *drawn_by, const char *control, gm_drawer *out)
{
    if (!strcasecmp(drawn_by, "legislature")) {
        if (!strcasecmp(control, "R")) *out = GM_DRAWER_REP_LEGISLATURE;
        else if (!strcasecmp(control, "D")) *out = GM_DRAWER_DEM_LEGISLATURE;
        else if (!strcasecmp(control, "split") || !strcasecmp(control, "nonpartisan"))
            *out = GM_DRAWER_SPLIT;
        else return -2;
    } else if (!strcasecmp(drawn_by, "independent_commission")) {
        *out = GM_DRAWER_INDEPENDENT_COMMISSION;
    } else if (!strcasecmp(drawn_by, "political_commission")) {
        *out = GM_DRAWER_POLITICAL_COMMISSION;
    } else if (!strcasecmp(drawn_by, "court")) {
        *out = GM_DRAWER_COURT;
    } else if (!strcasecmp(drawn_by, "at_large")) {
        *out = GM_DRAWER_AT_LARGE;
    } else {
        return -1;
    }
    return 0;
}

/* Parse a whole non-negative integer field; empty gives *v = 0 when allow_empty. */
static int parse_int(const char *s, bool allow_empty, int *v)
{
    if (!*s) {
        *v = 0;
        return allow_empty ? 0 : -1;
    }
    errno = 0;
    char *end;
    long x = strtol(s, &end, 10);
    if (errno || *end || x < 0 || x > 100000) return -1;
    *v = (int)x;
    return 0;
}

static bool is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i])) return false;
    return true;
}

enum { C_STATE, C_CYCLE, C_LAST, C_START, C_END, C_SEATS, C_DRAWN, C_LEG, C_GOV, C_TRI,
       C_CHAMBER, C_NOTES, C_SOURCE, C_CAVEAT, C_N };
static const char *const col_name[C_N] = {
    "state", "cycle", "last_year", "start_date", "end_date", "seats", "drawn_by",
    "legislature_control", "governor_party", "trifecta", "chamber", "notes", "source", "caveat"};

gm_status gm_control_table_load(const char *path, gm_control_table **out, gm_error *err)
{
    gm_status rc;
    gm_control_table *t = calloc(1, sizeof *t);
    long col[C_N];
    size_t cap = 0;
    *out = NULL;
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
    t->path = strdup(path);
    if (!t->path) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
        goto done;
    }
    if ((rc = gmi_csv_open(&t->csv, t->path, ',', err)) != GM_OK) goto done;
    int r;
    bool header = false;
    while ((r = gmi_csv_next(&t->csv, err)) == 1) {
        char **f = t->csv.field;
        size_t nf = t->csv.nf;
        if (f[0][0] == '#') continue;
        if (!header) {
            static const bool need[C_N] = {[C_STATE] = true, [C_SEATS] = true,
                                           [C_DRAWN] = true, [C_LEG] = true};
            if ((rc = gmi_csv_columns(&t->csv, col_name, C_N, need, NULL, col, err)) != GM_OK)
                goto done;
            t->dated = col[C_CYCLE] < 0 && col[C_START] >= 0;
            if (col[C_CYCLE] < 0 && col[C_START] < 0) {
                rc = gm_fail(err, GM_E_FIELD,
                             "%s: line %zu: no column 'cycle' (first election year of the map) "
                             "nor 'start_date'; add one of them",
                             path, t->csv.line);
                goto done;
            }
            t->has_chamber = col[C_CHAMBER] >= 0;
            header = true;
            continue;
        }
        if (t->n == cap) {
            size_t nc = cap ? cap * 2 : 128;
            gm_control_row *nr = realloc(t->row, nc * sizeof *nr);
            if (!nr) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
                goto done;
            }
            t->row = nr;
            cap = nc;
        }
        char *v[C_N];
        for (int c = 0; c < C_N; c++)
            v[c] = (col[c] >= 0 && (size_t)col[c] < nf) ? gmi_trim(f[col[c]]) : (char *)"";
        gm_control_row *row = &t->row[t->n];
        memset(row, 0, sizeof *row);
        row->line = (long)t->csv.line;
        for (char *p = v[C_STATE]; *p; p++) *p = (char)toupper((unsigned char)*p);
        row->state = v[C_STATE];
        if (!*row->state) {
            rc = gm_fail(err, GM_E_DATA, "%s: line %ld: empty state", path, row->line);
            goto done;
        }
        row->chamber = v[C_CHAMBER];
        if (t->dated) {
            row->start_date = v[C_START];
            row->end_date = v[C_END];
            if (!is_date(row->start_date) || (*row->end_date && !is_date(row->end_date))) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s: line %ld: start_date '%s' / end_date '%s' are not YYYY-MM-DD",
                             path, row->line, row->start_date, row->end_date);
                goto done;
            }
        } else {
            row->start_date = row->end_date = "";
            if (parse_int(v[C_CYCLE], false, &row->cycle) || row->cycle < 1789) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s: line %ld: cycle '%s' is not an election year; give the first "
                             "general election the map was used in",
                             path, row->line, v[C_CYCLE]);
                goto done;
            }
            if (parse_int(v[C_LAST], true, &row->last_year) ||
                (row->last_year && row->last_year < row->cycle)) {
                rc = gm_fail(err, GM_E_DATA,
                             "%s: line %ld: last_year '%s' is not a year >= cycle %d", path,
                             row->line, v[C_LAST], row->cycle);
                goto done;
            }
        }
        if (parse_int(v[C_SEATS], false, &row->seats) || row->seats < 1) {
            rc = gm_fail(err, GM_E_DATA, "%s: line %ld: seats '%s' is not a positive integer",
                         path, row->line, v[C_SEATS]);
            goto done;
        }
        row->drawn_by = v[C_DRAWN];
        row->legislature_control = v[C_LEG];
        row->governor_party = v[C_GOV];
        row->trifecta = v[C_TRI];
        row->notes = v[C_NOTES];
        row->source = v[C_SOURCE];
        row->caveat = v[C_CAVEAT];
        int cr = classify(row->drawn_by, row->legislature_control, &row->drawer);
        if (cr == -1) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: line %ld: drawn_by '%s' is not one of legislature, "
                         "independent_commission, political_commission, court, at_large",
                         path, row->line, row->drawn_by);
            goto done;
        }
        if (cr == -2) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: line %ld: legislature_control '%s' of a legislature-drawn map is "
                         "not D, R, split or nonpartisan",
                         path, row->line, row->legislature_control);
            goto done;
        }
        t->n++;
    }
    if (r < 0) {
        rc = err ? err->code : GM_E_FORMAT;
        goto done;
    }
    if (!header || t->n == 0) {
        rc = gm_fail(err, GM_E_FORMAT, "%s: no rows; expected a header and one row per map", path);
        goto done;
    }
    *out = t;
    t = NULL;
    rc = GM_OK;
done:
    gm_control_table_destroy(t);
    return rc;
}

void gm_control_table_destroy(gm_control_table *t)
{
    if (!t) return;
    gmi_csv_close(&t->csv);
    free(t->row);
    free(t->path);
    free(t);
}

size_t gm_control_table_count(const gm_control_table *t)
{
    return t ? t->n : 0;
}

const gm_control_row *gm_control_table_get(const gm_control_table *t, size_t i)
{
    return (t && i < t->n) ? &t->row[i] : NULL;
}
