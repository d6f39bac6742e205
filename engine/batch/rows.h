/* rows.h: engine-internal side of the per-plan rows codec (rows.c).
 *
 * A CSV of per-plan scores is read column by column: a column's role comes from its
 * header name (gmi_rows_layout_init) and every cell is read by one function for its role.
 * The strict reader of `ensemble score` rows (gm_ens_row_parse, used by merge and
 * --resume) and the report's reader of any per-plan scores CSV (report/ensemble_csv.c)
 * are both this code: the first with the layout of our own header, the second with the
 * layout of whatever header the file has. */
#ifndef GM_ROWS_H
#define GM_ROWS_H

#include <stdio.h>

#include "gerrymeter/gm_driver.h"

/* Column roles. A metric column has its row index in the registry (GM_MF_PLAN, >= 0). */
enum {
    GMI_COL_OTHER = -1,   /* any other score column: read as a number into other[] */
    GMI_COL_PLAN = -2,    /* "plan": the plan number, or "reference" */
    GMI_COL_SAMPLE = -3,  /* "sample" */
    GMI_COL_SKIP = -4,    /* not read: "step", "id" (number the plans), or set by a reader */
    GMI_COL_SHARE = -5    /* "share_N" (also sorted_share_N, shareN, shares_N): a share */
};

typedef struct gmi_rows_layout {
    size_t n;             /* columns */
    int *role;            /* [n] metric index or GMI_COL_*; NULL: our own header (below) */
    int version;          /* our own header: of this rows version (GM_ROWS_VERSION or 1) */
    size_t *slot;         /* [n] a share's place (rank - lowest rank), an other's index */
    size_t k;             /* share columns */
    size_t n_other;       /* GMI_COL_OTHER columns */
    bool strict;          /* our rows: plan and sample must be numbers (or "reference") */
} gmi_rows_layout;

/* The layout of a header: names[0..n). The first column of each metric name is that
 * metric (its key, or the column gm_metric_column gives it for the parties pa and pb,
 * which may be NULL); a repeat, and any name not known, is an "other" column. Share
 * columns must be numbered without gaps or repeats (GM_E_FORMAT naming `what`). Free
 * with gmi_rows_layout_free. Lenient: the plan column is read only for "reference". */
gm_status gmi_rows_layout_init(gmi_rows_layout *L, const char *const *names, size_t n,
                               const char *pa, const char *pb, const char *what, gm_error *err);
void gmi_rows_layout_free(gmi_rows_layout *L);

/* One row read under a layout. The caller provides shares [k] and other [n_other]. */
typedef struct gmi_row {
    int64_t plan;         /* plan number; -1 the reference row; -2 not given */
    gm_plan_scores s;     /* metrics of the row's metric columns (others 0), s.sample */
    double *shares;       /* [k] in column rank order (not sorted here) */
    double *other;        /* [n_other] */
} gmi_row;

/* Read the cells of one CSV row (cells[j] of length len[j]; n must equal L->n). Returns
 * -1, or the 0-based column of the first cell that its column cannot hold. */
long gmi_rows_parse_cells(const gmi_rows_layout *L, const char *const *cells, const size_t *len,
                          size_t n, gmi_row *row);

/* A metadata line of a CSV rows file ("# key: value", or the "# gerrymeter ensemble
 * rows N" line that starts them, or the end line): true when line starts with '#'; the
 * metadata is added to ri (the first line sets ri->version; the end line sets
 * ri->ended). Lines it does not know are ignored. */
bool gmi_rows_meta_line(gm_rows_info *ri, const char *line);

/* The CSV header line of ri's rows, without its line break. */
void gmi_rows_csv_header(FILE *f, const gm_rows_info *ri);
/* The column of registry row m (GM_MF_PLAN) in rows of ri's version and parties, in
 * buf or a static name; NULL when that version has no such column. */
const char *gmi_rows_column(const gm_rows_info *ri, size_t m, char *buf, size_t cap);
/* k of a CSV header line of ri's version and parties, or -1 when it is not one. */
long gmi_rows_csv_header_k(const char *line, const gm_rows_info *ri);
/* Number of shares of a JSONL row, or -1 when it has none. */
long gmi_rows_jsonl_k(const char *line);

/* A number as the rows write it: %.17g, integers without a decimal point, nothing for
 * NaN and infinities (CSV). */
void gmi_rows_csv_num(FILE *f, double v);

#endif
