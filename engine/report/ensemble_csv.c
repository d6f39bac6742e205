/* ensemble_csv.c: an ensemble's per-plan scores from a CSV, for the report's
 * histograms and box plot.
 *
 * One row per plan, a header naming the columns. A column "sample" (or "plan", "step",
 * "id") numbers the plans and is not charted; a row whose "plan" is "reference" is the
 * reference plan of `gerrymeter ensemble score --reference`, not a member of the
 * ensemble, and is skipped. Columns named share_1..share_k (also
 * sorted_share_N, shareN; 0- or 1-based) are the plan's district shares of party a;
 * each row is sorted ascending here, so unsorted shares are fine. Every other column is
 * a per-plan metric (efficiency_gap, mean_median, seats_a, ...): numbers, with an empty
 * cell meaning "undefined for this plan". docs/report.md describes the format. */
#include "report/report.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/csv.h"

/* Rank of a share column ("share_12" -> 12), or -1. */
static long share_rank(const char *name)
{
    const char *p = name;
    if (strncasecmp(p, "sorted_", 7) == 0) p += 7;
    if (strncasecmp(p, "shares", 6) == 0)
        p += 6;
    else if (strncasecmp(p, "share", 5) == 0)
        p += 5;
    else
        return -1;
    if (*p == '_') p++;
    if (!isdigit((unsigned char)*p)) return -1;
    char *end;
    long r = strtol(p, &end, 10);
    return *end ? -1 : r;
}

static bool is_id_column(const char *name)
{
    return !strcasecmp(name, "sample") || !strcasecmp(name, "plan") || !strcasecmp(name, "step") ||
           !strcasecmp(name, "id");
}

/* Parse a cell: empty -> NaN; otherwise the whole cell must be a number. */
static bool parse_cell(const char *s, double *v)
{
    while (isspace((unsigned char)*s)) s++;
    if (!*s || !strcasecmp(s, "nan") || !strcasecmp(s, "null") || !strcasecmp(s, "na")) {
        *v = NAN;
        return true;
    }
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    while (isspace((unsigned char)*end)) end++;
    return end != s && !*end && errno != ERANGE;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    bool nx = isnan(x), ny = isnan(y);
    if (nx || ny) return nx - ny;
    return (x > y) - (x < y);
}

gm_status gmi_ensemble_read(const char *path, gmi_ensemble *e, gm_error *err)
{
    memset(e, 0, sizeof *e);
    gmi_csv c;
    gm_status rc = gmi_csv_open(&c, path, 0, err);
    if (rc != GM_OK) return rc;
    long *col_metric = NULL, *col_rank = NULL; /* per column: metric index / share slot, or -1 */
    long col_plan = -1;                        /* the "plan" column, or -1 */
    size_t cap = 0, ncol = 0;
    long rmin = 0;
    int got = gmi_csv_next(&c, err);
    if (got <= 0) {
        rc = got < 0 ? err->code
                     : gm_fail(err, GM_E_FORMAT,
                               "%s: empty file; expected a header row of per-plan scores", path);
        goto done;
    }
    ncol = c.nf;
    col_metric = malloc(ncol * sizeof *col_metric);
    col_rank = malloc(ncol * sizeof *col_rank);
    e->path = strdup(path);
    if (!col_metric || !col_rank || !e->path) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", path);
        goto done;
    }
    long rmax = -1;
    rmin = 1L << 30;
    for (size_t j = 0; j < ncol; j++) {
        long r = share_rank(c.field[j]);
        col_metric[j] = col_rank[j] = -1;
        if (!strcasecmp(c.field[j], "plan")) col_plan = (long)j;
        if (r >= 0) {
            col_rank[j] = r;
            rmin = r < rmin ? r : rmin;
            rmax = r > rmax ? r : rmax;
        } else if (!is_id_column(c.field[j]) && e->n_metrics < GMI_ENS_MAX_METRICS) {
            col_metric[j] = (long)e->n_metrics;
            if (!(e->metric[e->n_metrics++] = strdup(c.field[j]))) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", path);
                goto done;
            }
        }
    }
    if (rmax >= 0) {
        e->k = (size_t)(rmax - rmin + 1);
        size_t seen = 0;
        for (size_t j = 0; j < ncol; j++) seen += col_rank[j] >= 0;
        if (seen != e->k) {
            rc = gm_fail(
                err, GM_E_FORMAT,
                "%s: share columns must be numbered %ld..%ld without gaps or repeats (%zu found)",
                path, rmin, rmax, seen);
            goto done;
        }
    }
    if (e->n_metrics == 0 && e->k == 0) {
        rc = gm_fail(
            err, GM_E_FORMAT,
            "%s: no per-plan score columns (expected e.g. efficiency_gap, mean_median, share_1..share_k)",
            path);
        goto done;
    }
    while ((got = gmi_csv_next(&c, err)) == 1) {
        if (c.nf == 1 && c.field[0][0] == '\0') continue; /* blank line */
        if (c.nf != ncol) {
            rc = gm_fail(err, GM_E_FORMAT, "%s:%zu: %zu fields, but the header has %zu", path,
                         c.line, c.nf, ncol);
            goto done;
        }
        if (col_plan >= 0 && !strcasecmp(c.field[col_plan], "reference")) continue;
        if (e->n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            for (size_t m = 0; m < e->n_metrics; m++) {
                double *v = realloc(e->value[m], nc * sizeof *v);
                if (!v) goto oom;
                e->value[m] = v;
            }
            if (e->k) {
                double *v = realloc(e->shares, nc * e->k * sizeof *v);
                if (!v) goto oom;
                e->shares = v;
            }
            cap = nc;
        }
        for (size_t j = 0; j < ncol; j++) {
            if (col_metric[j] < 0 && col_rank[j] < 0) continue;
            double v;
            if (!parse_cell(c.field[j], &v)) {
                rc = gm_fail(
                    err, GM_E_FORMAT,
                    "%s:%zu: column %zu (%s) holds '%.40s', which is not a number; leave the cell empty for an undefined value",
                    path, c.line, j + 1, col_metric[j] >= 0 ? e->metric[col_metric[j]] : "a share",
                    c.field[j]);
                goto done;
            }
            if (col_metric[j] >= 0)
                e->value[col_metric[j]][e->n] = v;
            else
                e->shares[e->n * e->k + (size_t)(col_rank[j] - rmin)] = v;
        }
        if (e->k) qsort(e->shares + e->n * e->k, e->k, sizeof(double), cmp_double);
        e->n++;
    }
    if (got < 0) {
        rc = err->code;
        goto done;
    }
    if (e->n == 0) rc = gm_fail(err, GM_E_FORMAT, "%s: a header but no plans", path);
    goto done;
oom:
    rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s (%zu plans)", path, e->n);
done:
    free(col_metric);
    free(col_rank);
    gmi_csv_close(&c);
    if (rc != GM_OK) gmi_ensemble_free(e);
    return rc;
}

void gmi_ensemble_free(gmi_ensemble *e)
{
    if (!e) return;
    free(e->path);
    for (size_t m = 0; m < e->n_metrics; m++) {
        free(e->metric[m]);
        free(e->value[m]);
    }
    free(e->shares);
    memset(e, 0, sizeof *e);
}
