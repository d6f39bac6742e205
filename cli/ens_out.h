/* ens_out.h: per-plan rows, summaries and the sorted-share chart of `gerrymeter ensemble`. */
#ifndef GM_CLI_ENS_OUT_H
#define GM_CLI_ENS_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "gerrymeter/gm_ensemble.h"

/* Header line of CSV rows (nothing for JSONL). */
void gmc_ens_rows_header(FILE *f, bool csv, size_t k);
/* One row. plan < 0 writes the reference row ("reference" in the plan column). */
void gmc_ens_row(FILE *f, bool csv, long long plan, const gm_plan_scores *s, const double *shares,
                 size_t k);
/* Parse a row written by gmc_ens_row (the line is modified). Returns 0, or -1 when it is
 * not a row of k shares. *plan is -1 for the reference row. */
int gmc_ens_row_parse(char *line, bool csv, size_t k, long long *plan, gm_plan_scores *s,
                      double *shares);
/* Number of share columns of a CSV header (-1 when it is not our header). */
long gmc_ens_header_k(const char *line);
/* Number of shares of a JSONL row (-1 when it has none). */
long gmc_ens_jsonl_k(const char *line);

/* Summary as JSON. party_a/party_b name the parties (signs in docs/ensembles.md). */
void gmc_ens_summary_json(FILE *f, const gm_ens_summary *s, const char *party_a, const char *party_b);
/* The sorted-district-share chart: data (CSV) and picture (SVG). */
void gmc_ens_chart_csv(FILE *f, const gm_ens_summary *s);
void gmc_ens_chart_svg(FILE *f, const gm_ens_summary *s, const char *party_a);

#endif
