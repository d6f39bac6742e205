/* rows_table.c: the per-plan rows of an ensemble run in a database table (gm_driver.h,
 * "Per-plan rows into a database table"): the columns of rows.c, one row per plan, sent
 * by io/db_table.c (COPY, one transaction). */
#include "gerrymeter/gm_driver.h"

#include "batch/rows.h"
#include "io/db_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gm_rows_table {
    gmi_dbt t;
    size_t k;
    int version;
    size_t n_metric;      /* metric columns: those the rows' version has */
    size_t *metric;       /* [n_metric] their registry rows */
};

/* The rows' head as the table's comment: the first line of a rows file and every
 * metadata line, as "key: value". */
static char *comment_of(const gm_rows_info *ri)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    fprintf(f, "gerrymeter ensemble rows %d", ri->version);
    for (size_t i = 0; i < ri->n_meta; i++) fprintf(f, "\n%s: %s", ri->key[i], ri->value[i]);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

gm_status gm_rows_table_open(const char *conn, const char *table, bool overwrite,
                             const gm_rows_info *ri, gm_rows_table **out, gm_error *err)
{
    *out = NULL;
    gm_rows_table *w = calloc(1, sizeof *w);
    size_t nm = gm_metric_count(GM_MF_PLAN);
    char *comment = comment_of(ri);
    if (!w || !comment || !(w->metric = malloc((nm ? nm : 1) * sizeof *w->metric))) {
        free(comment);
        if (w) free(w->metric);
        free(w);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    w->k = ri->k;
    w->version = ri->version;
    /* the columns: plan, sample, the metrics of this rows version, share_1..share_k */
    enum { NAME = GM_ROWS_NAME + 64 };
    size_t ncol = 2 + nm + w->k;
    gmi_dbt_col *col = calloc(ncol, sizeof *col);
    char (*names)[NAME] = calloc(nm + w->k + 1, sizeof *names);
    gm_status rc = GM_OK;
    if (!col || !names) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    size_t n = 0, nn = 0;
    col[n++] = (gmi_dbt_col){"plan", OFTInteger64};
    col[n++] = (gmi_dbt_col){"sample", OFTInteger64};
    for (size_t m = 0; m < nm; m++) {
        const char *name = gmi_rows_column(ri, m, names[nn], NAME);
        if (!name) continue;
        if (name != names[nn]) snprintf(names[nn], NAME, "%s", name);
        w->metric[w->n_metric++] = m;
        col[n++] = (gmi_dbt_col){names[nn++], OFTReal};
    }
    for (size_t r = 0; r < w->k; r++) {
        snprintf(names[nn], NAME, "share_%zu", r + 1);
        col[n++] = (gmi_dbt_col){names[nn++], OFTReal};
    }
    rc = gmi_dbt_open(&w->t, conn, table, overwrite, wkbNone, NULL, comment, col, n, err);
done:
    free(comment);
    free(col);
    free(names);
    if (rc != GM_OK) {
        free(w->metric);
        free(w);
        return rc;
    }
    *out = w;
    return GM_OK;
}

gm_status gm_rows_table_write(gm_rows_table *w, int64_t plan, const gm_plan_scores *s,
                              const double *sh, gm_error *err)
{
    OGRFeatureH f = gmi_dbt_row(&w->t);
    if (!f) return gm_fail(err, GM_E_NOMEM, "out of memory");
    int i = 0;
    if (plan >= 0) {
        OGR_F_SetFieldInteger64(f, i++, plan);
        OGR_F_SetFieldInteger64(f, i++, s->sample);
    } else { /* the reference plan */
        OGR_F_SetFieldNull(f, i++);
        OGR_F_SetFieldNull(f, i++);
    }
    for (size_t j = 0; j < w->n_metric; j++)
        gmi_dbt_set_real(f, i++, gm_plan_scores_get(s, w->metric[j]));
    for (size_t r = 0; r < w->k; r++) gmi_dbt_set_real(f, i++, sh[r]);
    gm_status rc = gmi_dbt_write(&w->t, f, err);
    OGR_F_Destroy(f);
    return rc;
}

gm_status gm_rows_table_commit(gm_rows_table *w, gm_error *err)
{
    gm_status rc = gmi_dbt_commit(&w->t, err);
    free(w->metric);
    free(w);
    return rc;
}

void gm_rows_table_abort(gm_rows_table *w)
{
    if (!w) return;
    gmi_dbt_abort(&w->t);
    free(w->metric);
    free(w);
}
