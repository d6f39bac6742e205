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

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch/rows.h"
#include "gerrymeter/gm_driver.h"
#include "io/csv.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    bool nx = isnan(x), ny = isnan(y);
    if (nx || ny) return nx - ny;
    return (x > y) - (x < y);
}

/* Columns and cells are read by the rows codec (batch/rows.c), which also reads back the
 * rows of `ensemble score`: the header gives each column its role, each row's cells are
 * read by role. */
gm_status gmi_ensemble_read(const char *path, gmi_ensemble *e, gm_error *err)
{
    memset(e, 0, sizeof *e);
    /* Rows of `ensemble score` open with the unit order they were scored on. */
    char first[512] = "";
    FILE *ff = fopen(path, "rb");
    if (ff) {
        if (!fgets(first, sizeof first, ff)) first[0] = '\0';
        fclose(ff);
    }
    bool meta = gm_ens_rows_meta_parse(first, &e->order);
    gmi_csv c;
    gm_status rc = gmi_csv_open(&c, path, meta ? ',' : 0, err);
    if (rc != GM_OK) return rc;
    if (meta && gmi_csv_next(&c, err) < 0) { /* skip that line */
        gmi_csv_close(&c);
        return err->code;
    }
    gmi_rows_layout L;
    memset(&L, 0, sizeof L);
    long *col_metric = NULL; /* per column: index of its charted metric, or -1 */
    size_t *len = NULL;
    double *other = NULL;
    size_t cap = 0, ncol = 0;
    int got = gmi_csv_next(&c, err);
    if (got <= 0) {
        rc = got < 0 ? err->code
                     : gm_fail(err, GM_E_FORMAT,
                               "%s: empty file; expected a header row of per-plan scores", path);
        goto done;
    }
    ncol = c.nf;
    e->path = strdup(path);
    col_metric = malloc(ncol * sizeof *col_metric);
    len = malloc(ncol * sizeof *len);
    if (!col_metric || !len || !e->path) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", path);
        goto done;
    }
    if ((rc = gmi_rows_layout_init(&L, (const char *const *)c.field, ncol, path, err)) != GM_OK)
        goto done;
    /* Every score column (a known metric or any other) is charted, the first
     * GMI_ENS_MAX_METRICS in header order; the rest are not read. */
    for (size_t j = 0; j < ncol; j++) {
        col_metric[j] = -1;
        if (L.role[j] < 0 && L.role[j] != GMI_COL_OTHER) continue;
        if (e->n_metrics == GMI_ENS_MAX_METRICS) {
            L.role[j] = GMI_COL_SKIP;
            continue;
        }
        col_metric[j] = (long)e->n_metrics;
        e->row[e->n_metrics] = L.role[j] >= 0 ? L.role[j] : -1;
        e->ref[e->n_metrics] = NAN;
        if (!(e->metric[e->n_metrics++] = strdup(c.field[j]))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", path);
            goto done;
        }
    }
    e->k = L.k;
    if (e->n_metrics == 0 && e->k == 0) {
        rc = gm_fail(
            err, GM_E_FORMAT,
            "%s: no per-plan score columns (expected e.g. efficiency_gap, mean_median, share_1..share_k)",
            path);
        goto done;
    }
    if (!(other = malloc((L.n_other ? L.n_other : 1) * sizeof *other))) goto oom;
    while ((got = gmi_csv_next(&c, err)) == 1) {
        if (c.nf == 1 && c.field[0][0] == '\0') continue; /* blank line */
        if (c.nf != ncol) {
            rc = gm_fail(err, GM_E_FORMAT, "%s:%zu: %zu fields, but the header has %zu", path,
                         c.line, c.nf, ncol);
            goto done;
        }
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
        for (size_t j = 0; j < ncol; j++) len[j] = strlen(c.field[j]);
        gmi_row row = {.shares = e->k ? e->shares + e->n * e->k : NULL, .other = other};
        long bad = gmi_rows_parse_cells(&L, (const char *const *)c.field, len, ncol, &row);
        if (row.plan == -1) { /* the reference plan is not a member of the ensemble */
            for (size_t j = 0; bad < 0 && j < ncol; j++)
                if (col_metric[j] >= 0)
                    e->ref[col_metric[j]] = L.role[j] >= 0
                                                ? gm_plan_scores_get(&row.s, (size_t)L.role[j])
                                                : other[L.slot[j]];
            e->have_ref = bad < 0;
            continue;
        }
        if (bad >= 0) {
            size_t j = (size_t)bad;
            rc = gm_fail(
                err, GM_E_FORMAT,
                "%s:%zu: column %zu (%s) holds '%.40s', which is not a number; leave the cell empty for an undefined value",
                path, c.line, j + 1, col_metric[j] >= 0 ? e->metric[col_metric[j]] : "a share",
                c.field[j]);
            goto done;
        }
        for (size_t j = 0; j < ncol; j++) {
            if (col_metric[j] < 0) continue;
            int role = L.role[j];
            e->value[col_metric[j]][e->n] =
                role >= 0 ? gm_plan_scores_get(&row.s, (size_t)role) : other[L.slot[j]];
        }
        if (e->k) qsort(row.shares, e->k, sizeof(double), cmp_double);
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
    free(len);
    free(other);
    gmi_rows_layout_free(&L);
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
