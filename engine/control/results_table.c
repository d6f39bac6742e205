/* results_table.c: read district-level results (one row per state, year, district) into
 * a struct of arrays. */
#include "control/control.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

static int grow(gm_results_table *t, size_t cap)
{
#define GROW(p)                                                \
    do {                                                       \
        void *q = realloc((void *)t->p, cap * sizeof *t->p);   \
        if (!q) return -1;                                     \
        memcpy(&t->p, &q, sizeof q);                           \
    } while (0)
    GROW(year);
    GROW(state);
    GROW(district);
    GROW(chamber);
    GROW(dem);
    GROW(rep);
    GROW(other);
    GROW(total);
    GROW(winner);
    GROW(no_count);
    GROW(line);
#undef GROW
    return 0;
}

enum { R_YEAR, R_STATE, R_DIST, R_DEM, R_REP, R_OTHER, R_TOTAL, R_WIN, R_NOCOUNT, R_CHAMBER,
       R_PO, R_N };
static const char *const col_name[R_N] = {"year",      "state",       "district",    "dem_votes",
                                          "rep_votes", "other_votes", "total_votes", "winner_party",
                                          "no_count",  "chamber",     "state_po"};

/* What to do about a negative count (MEDSL's sentinel), at the end of its message. */
#define NEG_ADVICE "a race with no votes reported takes no_count = 1 and votes 0"

gm_status gm_results_table_load(const char *path, gm_results_table **out, gm_error *err)
{
    gm_status rc;
    long col[R_N];
    size_t cap = 0;
    gm_results_table *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
    t->path = strdup(path);
    if (!t->path) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
        goto done;
    }
    if ((rc = gmi_rrows_open(&t->rows, t->path, ',', err)) != GM_OK) goto done;
    /* MEDSL's postal-code column is preferred: its "state" holds full names. */
    bool have_po = gmi_csv_find(t->rows.csv.field, t->rows.csv.nf, "state_po") >= 0;
    bool need[R_N] = {[R_YEAR] = true, [R_STATE] = !have_po, [R_DIST] = true, [R_DEM] = true,
                      [R_REP] = true};
    if ((rc = gmi_rrows_columns(&t->rows, col_name, R_N, need, NULL, col, err)) != GM_OK) goto done;
    if (have_po) col[R_STATE] = col[R_PO];
    t->has_chamber = col[R_CHAMBER] >= 0;
    int r;
    while ((r = gmi_rrows_next(&t->rows, err)) == 1) {
        if (t->n == cap) {
            cap = cap ? cap * 2 : 1024;
            if (grow(t, cap)) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
                goto done;
            }
        }
        char *v[R_N];
        for (int c = 0; c < R_N; c++) v[c] = (char *)gmi_rrows_get(&t->rows, col[c]);
        size_t i = t->n;
        long line = (long)t->rows.csv.line;
        t->line[i] = line;
        errno = 0;
        char *end;
        long y = strtol(v[R_YEAR], &end, 10);
        if (errno || *end || !*v[R_YEAR] || y < 1789 || y > 9999) {
            rc = gm_fail(err, GM_E_DATA, "%s: line %ld: year '%s' is not an election year", path,
                         line, v[R_YEAR]);
            goto done;
        }
        t->year[i] = (int)y;
        for (char *p = v[R_STATE]; *p; p++) *p = (char)toupper((unsigned char)*p);
        if (!*v[R_STATE] || strlen(v[R_STATE]) > 7) {
            rc = gm_fail(err, GM_E_DATA, "%s: line %ld: state '%s' is not a postal code", path,
                         line, v[R_STATE]);
            goto done;
        }
        t->state[i] = v[R_STATE];
        t->district[i] = v[R_DIST];
        t->chamber[i] = v[R_CHAMBER];
        if (strlen(v[R_DIST]) > 15 || strlen(v[R_CHAMBER]) > 15) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: line %ld: district or chamber longer than 15 characters", path,
                         line);
            goto done;
        }
        const int vc[] = {R_DEM, R_REP, R_OTHER, R_TOTAL};
        double *dst[] = {&t->dem[i], &t->rep[i], &t->other[i], &t->total[i]};
        for (int k = 0; k < 4; k++)
            if ((rc = gmi_rrows_votes(&t->rows, v[vc[k]], col_name[vc[k]], v[R_DIST], k >= 2, false,
                                      NEG_ADVICE, GM_HINT_NONE, dst[k], NULL, err)) != GM_OK)
                goto done;
        if (col[R_OTHER] < 0) t->other[i] = NAN;
        if (col[R_TOTAL] < 0) t->total[i] = NAN;
        const char *w = v[R_WIN];
        if (!*w) t->winner[i] = 0;
        else if ((w[0] == 'D' || w[0] == 'R' || w[0] == 'O') && !w[1]) t->winner[i] = w[0];
        else {
            rc = gm_fail(err, GM_E_DATA, "%s: line %ld: winner_party '%s' is not D, R or O", path,
                         line, w);
            goto done;
        }
        const char *nc = v[R_NOCOUNT];
        if (!*nc || !strcmp(nc, "0")) t->no_count[i] = 0;
        else if (!strcmp(nc, "1")) t->no_count[i] = 1;
        else {
            rc = gm_fail(err, GM_E_DATA, "%s: line %ld: no_count '%s' is not 0 or 1", path, line,
                         nc);
            goto done;
        }
        if (t->no_count[i] && !t->winner[i]) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: line %ld: a race with no_count = 1 needs winner_party", path, line);
            goto done;
        }
        t->n++;
    }
    if (r < 0) {
        rc = err ? err->code : GM_E_FORMAT;
        goto done;
    }
    if (t->n == 0) {
        rc = gm_fail(err, GM_E_FORMAT, "%s: no rows; expected a header and one row per district",
                     path);
        goto done;
    }
    *out = t;
    t = NULL;
    rc = GM_OK;
done:
    gm_results_table_destroy(t);
    return rc;
}

void gm_results_table_destroy(gm_results_table *t)
{
    if (!t) return;
    gmi_rrows_close(&t->rows);
    free(t->year);
    free((void *)t->state);
    free((void *)t->district);
    free((void *)t->chamber);
    free(t->dem);
    free(t->rep);
    free(t->other);
    free(t->total);
    free(t->winner);
    free(t->no_count);
    free(t->line);
    free(t->path);
    free(t);
}

size_t gm_results_table_count(const gm_results_table *t)
{
    return t ? t->n : 0;
}

/* Compare two district labels: numerically when both are whole numbers, else as text. */
static int cmp_district(const char *x, const char *y)
{
    char *ex, *ey;
    long a = strtol(x, &ex, 10), b = strtol(y, &ey, 10);
    if (*x && *y && !*ex && !*ey) return (a > b) - (a < b);
    return strcmp(x, y);
}

/* Sort key of one row: copies of the row's strings' addresses so that the comparator
 * needs no context (qsort has no user argument in C11). */
typedef struct row_key {
    const char *state, *chamber, *district;
    int year;
    size_t i;
} row_key;

static int cmp_rows(const void *pa, const void *pb)
{
    const row_key *x = pa, *y = pb;
    int c = strcmp(x->state, y->state);
    if (c) return c;
    if ((c = strcmp(x->chamber, y->chamber))) return c;
    if (x->year != y->year) return (x->year > y->year) - (x->year < y->year);
    if ((c = cmp_district(x->district, y->district))) return c;
    return (x->i > y->i) - (x->i < y->i);
}

gm_status gmi_results_sort(const gm_results_table *rt, size_t *idx, size_t n, gm_error *err)
{
    row_key *k = malloc((n ? n : 1) * sizeof *k);
    if (!k) return gm_fail(err, GM_E_NOMEM, "out of memory sorting %zu result rows", n);
    for (size_t j = 0; j < n; j++) {
        size_t i = idx[j];
        k[j] = (row_key){rt->state[i], rt->chamber[i], rt->district[i], rt->year[i], i};
    }
    qsort(k, n, sizeof *k, cmp_rows);
    for (size_t j = 0; j < n; j++) idx[j] = k[j].i;
    free(k);
    return GM_OK;
}
