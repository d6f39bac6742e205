/* ens_out.h: the files `gerrymeter ensemble` writes beside its rows: the summary and the
 * sorted-share chart (each written atomically; the formats are the engine's,
 * gm_report.h), and the merge of row files that `ensemble merge` and an MPI run share. */
#ifndef GM_CLI_ENS_OUT_H
#define GM_CLI_ENS_OUT_H

#include <stddef.h>

#include "gerrymeter/gm_ensemble.h"

/* Write each output that is named (NULL: not wanted): the summary JSON (with the run's
 * warnings w, may be NULL), the chart SVG, the chart's CSV. pa/pb name parties a and
 * b. Returns 0 or an exit code (printed). */
int gmc_ens_write_summaries(const gm_ens_summary *s, const char *pa, const char *pb,
                            const gm_warnings *w, const char *summary, const char *chart,
                            const char *chart_data);

/* Merge the row files paths[0..n) (gm_ens_merge) into `out` (NULL or "-": standard
 * output, "none": no rows), then write the summaries as above, with the warnings the
 * rows recorded (also shown on standard error). The party names are the rows'; pa/pb
 * (NULL: D, R) name them for rows of version 1, which do not, and must agree with the
 * rows' when given for newer ones. Returns 0 or an exit code (printed). */
int gmc_ens_merge_files(const char *const *paths, size_t n, const char *out, const char *pa,
                        const char *pb, const char *summary, const char *chart,
                        const char *chart_data);

#endif
