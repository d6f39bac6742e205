/* metric_cells.h: a registry family's rows (gm_metric.h) as the cells of one CSV line or
 * the members of one JSON object, in registry order: the per-district tables of score
 * and compare write their district rows through here. */
#ifndef GM_CLI_METRIC_CELLS_H
#define GM_CLI_METRIC_CELLS_H

#include <stdio.h>

#include "gerrymeter/gm_metric.h"
#include "out.h"

/* The rows of family fam whose flags & mask equal want (0, 0: every row), and where their
 * values come from: gm_metric_value(row, result, in). */
typedef struct gmc_metric_rows {
    gm_metric_family fam;
    unsigned mask, want;
    const void *result;
    const gm_metric_in *in;
} gmc_metric_rows;

/* ",key" for each row (a header line; result and in are not read). */
void gmc_csv_metric_keys(FILE *f, const gmc_metric_rows *r);
/* ",value" for each row (gmc_csv_num: NaN is an empty cell). */
void gmc_csv_metric_values(FILE *f, const gmc_metric_rows *r);
/* "key": value for each row (gmc_json_num: NaN is null). */
void gmc_json_metric_values(gmc_json *j, const gmc_metric_rows *r);

#endif
