/* gm_driver.h: the ensemble pipeline: score a stream of plans, write and read back the
 * per-plan rows, merge the rows of split runs.
 *
 * gm_ens_run() reads plans from an ensemble (gm_ensemble.h) in blocks of
 * GM_ENS_BLOCK, reading the next block on a second thread while the current one is
 * scored by the batch kernel; it keeps a streaming summary and hands each plan's scores
 * to the caller's row callback in plan order. A run can score one shard of the plans
 * (i mod N = K-1), a range of plan indices (a GMEN file split by position), or start
 * after a plan (resuming). gm_ens_merge() joins the rows of such runs into the rows and
 * summary of one run, byte for byte. The rows format (CSV or JSONL, docs/ensembles.md)
 * is written and read here and nowhere else.
 *
 * Threads: gm_ens_run uses its own threads (the reader and the batch workers) and calls
 * every callback on the calling thread, one at a time. Different runs may go on at once
 * on different threads when they share nothing but read-only units. */
#ifndef GM_DRIVER_H
#define GM_DRIVER_H

#include <stdio.h>

#include "gm_ensemble.h"
#include "gm_plan.h"

GM_BEGIN_DECLS

/* Plans read, then scored together, per block (and the rows between two block
 * callbacks). */
#define GM_ENS_BLOCK 1024

/* ---- Per-plan rows --------------------------------------------------------------- */

typedef enum gm_rows_format { GM_ROWS_CSV = 0, GM_ROWS_JSONL } gm_rows_format;

/* The CSV header line for k shares ("plan,sample,<metrics>,share_1..share_k"); nothing
 * for JSONL. GM_E_IO when the stream reports a write error. */
gm_status gm_ens_rows_header(FILE *f, gm_rows_format fmt, size_t k, gm_error *err);

/* One row: plan is the plan's 0-based index in the ensemble, or -1 for the reference
 * plan (written "reference", with no sample); s its scores (s->sample its sample
 * number), shares its k sorted shares. Reals with 17 significant digits, so they read
 * back exactly; undefined values empty (CSV) or null (JSONL). GM_E_IO on a write error. */
gm_status gm_ens_row_write(FILE *f, gm_rows_format fmt, int64_t plan, const gm_plan_scores *s,
                           const double *shares, size_t k, gm_error *err);

/* Read back a row written by gm_ens_row_write (a trailing newline is allowed). Fills
 * *plan (-1: the reference row), *s and shares[0..k). GM_E_FORMAT when the line is not
 * such a row with k shares (no message: the caller names the file and line). */
gm_status gm_ens_row_parse(const char *line, gm_rows_format fmt, size_t k, int64_t *plan,
                           gm_plan_scores *s, double *shares);

/* The line that opens the rows and records the unit order they were scored on
 * (gm_units.h, "Unit order"), written before the header: CSV
 * "# gerrymeter ensemble rows: units=N unit_fingerprint=HEX unit_key=KEY" (read it with
 * a comment character, e.g. pandas.read_csv(path, comment="#")), JSONL
 * {"gerrymeter": "ensemble rows", "unit_order": "units=N unit_fingerprint=HEX unit_key=KEY"}.
 * GM_E_IO on a write error. */
gm_status gm_ens_rows_meta(FILE *f, gm_rows_format fmt, const gm_unit_order *o, gm_error *err);

/* True when line is such a line (either format); *o gets the order. */
bool gm_ens_rows_meta_parse(const char *line, gm_unit_order *o);

/* k of a CSV header line written by gm_ens_rows_header, or -1 when it is not one. */
long gm_ens_rows_header_k(const char *line);
/* Number of shares of a JSONL row, or -1 when it has none. */
long gm_ens_rows_jsonl_k(const char *line);

/* ---- Scoring an ensemble ---------------------------------------------------------- */

/* The batch spec of loaded units (borrowed: they must outlive the run): their
 * population, the first two parties' votes as a and b (no partisan metrics with fewer
 * than two parties) and a graph (NULL: no cut edges or Polsby-Popper). k is left 0. */
void gm_batch_spec_init(gm_batch_spec *bs, const gm_units *u, const gm_graph *g);

typedef struct gm_ens_run_spec {
    gm_batch_spec batch;        /* the units' arrays and graph (borrowed). batch.k: districts
                                   per plan; 0 = the reference plan's, else the largest
                                   district id in the first block of plans + 1 */
    const char *plans;          /* ensemble path ("-": standard input), named in messages */
    gm_ens_format format;       /* GM_ENS_AUTO: from the name */
    gm_ens_reader *reader;      /* or an open reader to take plans from (borrowed: the
                                   caller closes it); NULL = open `plans` */
    uint64_t shard_k, shard_n;  /* score plans i with i mod shard_n = shard_k - 1;
                                   0/0 = every plan */
    bool use_range;             /* score only plans [range_lo, range_hi) (seeks in GMEN) */
    uint64_t range_lo, range_hi;
    uint64_t start;             /* plans before this index are skipped (resuming) */
    size_t threads;             /* scoring threads; 0 = one per CPU */
    const gm_plan *reference;   /* a plan to compare (scored first, row -1), or NULL */
    const gm_units *units;      /* the units batch's arrays come from, or NULL: the plans'
                                   unit order is checked against them (gm_ens_check_units;
                                   a CSV is realigned) before any row, and warnings go to
                                   `warnings` */
    double pop_dev_limit;       /* with units that have a population field and an ensemble
                                   whose unit order could not be checked: the run stops
                                   before any row when the median plan of the first block
                                   deviates more than this from the ideal district
                                   population (unit order is the likely cause). 0 = the
                                   default GM_ENS_POP_DEV_LIMIT; negative or infinite = no
                                   such check (plans drawn unbalanced on purpose) */
    gm_warnings *warnings;      /* where the run adds its warnings, or NULL */
} gm_ens_run_spec;

/* The default pop_dev_limit: 0.20. Real plans are within a few percent of the ideal
 * population (ReCom ensembles 2-6 %, enacted precinct plans up to 6 %); plans read on
 * units in another order are 23 % off or more in the median plan of the first block
 * (Minnesota, New Hampshire; docs/ensembles.md, "Unit order"). */
#define GM_ENS_POP_DEV_LIMIT 0.20

/* What the run tells its caller, in order: begin (once), then for each block the rows of
 * its plans in plan order and the block callback. Each returns 0 to go on; anything else
 * stops the run, which then returns GM_E_INTERRUPTED (the caller knows why). Any may be
 * NULL. The pointers a callback receives are valid during the call only. */
typedef struct gm_ens_run_cb {
    void *ctx;
    /* k is known (before the reference row and any plan row). */
    int (*begin)(void *ctx, size_t k);
    /* One scored plan: plan index (-1: the reference plan), scores, k sorted shares. */
    int (*row)(void *ctx, int64_t plan, const gm_plan_scores *s, const double *shares, size_t k);
    /* A block's rows are all delivered (flush them here); scored counts the plans scored
     * so far in this run. Called before the run waits for the next block. */
    int (*block)(void *ctx, uint64_t scored);
    /* Polled between blocks: true stops the run (GM_E_INTERRUPTED). */
    bool (*stop)(void *ctx);
} gm_ens_run_cb;

typedef struct gm_ens_run_stats {
    size_t k;                   /* districts per plan used */
    uint64_t scored;            /* plans scored by this run */
    uint64_t next_plan;         /* index of the first plan not read */
} gm_ens_run_stats;

/* Score the plans the spec selects. *sum: the summary to add them to (with rows kept
 * from an earlier run, as --resume does), or NULL to have one created once k is known
 * (k districts, the graph's edge count); either way the caller owns it after the call,
 * also after an error. sum itself may be NULL (no summary wanted), and so may cb and
 * stats. The reference plan's scores are set on the
 * summary. Errors: those of the reader and the kernel (a district id >= k: GM_E_DATA,
 * saying when k was inferred), GM_E_DATA for a reference plan with another k or an
 * ensemble with no plans at all, for plans made on units in another order (spec.units)
 * and for a first block far off balance (pop_dev_limit, hint GM_HINT_POP_DEV_LIMIT),
 * GM_E_INTERRUPTED when a callback stops the run. begin and the first rows are called
 * only after the first block passed these checks. */
gm_status gm_ens_run(const gm_ens_run_spec *spec, const gm_ens_run_cb *cb, gm_ens_summary **sum,
                     gm_ens_run_stats *stats, gm_error *err);

/* Districts per plan as gm_ens_run infers them: the largest district id in the first
 * GM_ENS_BLOCK plans of the ensemble + 1 (1 for an empty ensemble). For a process that
 * must agree on k before the runs that split the plans start (MPI rank 0). */
gm_status gm_ens_guess_k(const char *plans, gm_ens_format fmt, size_t *k, gm_error *err);

/* ---- Merging the rows of split runs ----------------------------------------------- */

/* Merge the row files of runs over disjoint parts of one ensemble (shards, plan ranges)
 * into the rows and summary of one run: files in one format (CSV with one header, or
 * JSONL), the unit-order line (gm_ens_rows_meta) and the reference row equal in every
 * file and written once, plan rows in
 * increasing plan order in each file. Rows are copied byte for byte to `out` (NULL: none)
 * in plan order, and the summary is rebuilt by adding them in that order, so both equal
 * those of a single run. Refused (GM_E_FORMAT/GM_E_DATA, naming the file and line): a
 * line that is not a row, files of different runs (header, format, unit order, reference), a plan in
 * two files, and a gap in the plan numbers (0, 1, 2, ... none missing: a shard left out).
 * *sum is created (owned by the caller). GM_E_IO names a file that cannot be read. */
gm_status gm_ens_merge(const char *const *paths, size_t n_paths, FILE *out, gm_ens_summary **sum,
                       gm_error *err);

GM_END_DECLS
#endif /* GM_DRIVER_H */
