/* metric_cells.c: registry rows as CSV cells and JSON members (see metric_cells.h). */
#include "metric_cells.h"

static const gm_metric_def *row(const gmc_metric_rows *r, size_t i)
{
    const gm_metric_def *m = gm_metric_get(r->fam, i);
    return (m->flags & r->mask) == r->want ? m : NULL;
}

void gmc_csv_metric_keys(FILE *f, const gmc_metric_rows *r)
{
    for (size_t i = 0; i < gm_metric_count(r->fam); i++) {
        const gm_metric_def *m = row(r, i);
        if (!m) continue;
        fputc(',', f);
        fputs(m->key, f);
    }
}

void gmc_csv_metric_values(FILE *f, const gmc_metric_rows *r)
{
    for (size_t i = 0; i < gm_metric_count(r->fam); i++) {
        const gm_metric_def *m = row(r, i);
        if (!m) continue;
        fputc(',', f);
        gmc_csv_num(f, gm_metric_value(m, r->result, r->in));
    }
}

void gmc_json_metric_values(gmc_json *j, const gmc_metric_rows *r)
{
    for (size_t i = 0; i < gm_metric_count(r->fam); i++) {
        const gm_metric_def *m = row(r, i);
        if (m) gmc_json_num(j, m->key, gm_metric_value(m, r->result, r->in));
    }
}
