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

/* The version of the rows this build writes. Version 1 (before the rows named their
 * parties: no metadata, a column "seats_a", no vote shares, no end line) is still read. */
#define GM_ROWS_VERSION 2
#define GM_ROWS_META_MAX 64
#define GM_ROWS_NAME 64

/* What a rows file holds besides its rows: its layout (format, districts, the parties
 * its per-party columns are named after) and what it was scored with, as "key: value"
 * metadata in order (docs/ensembles.md lists the keys; "warning CODE" lines carry the
 * warnings of the run). CSV
 * writes the metadata as "# key: value" lines before the header, JSONL as one first
 * line {"gerrymeter_rows": 2, "meta": [[key, value], ...]}; both end with an end line
 * saying how many plans were read and scored, so that a file cut short (an interrupted
 * run) is told from a finished one. */
typedef struct gm_rows_info {
    gm_rows_format fmt;
    size_t k;                       /* share columns: districts per plan */
    int version;                    /* GM_ROWS_VERSION, or 1: an older file */
    char party[2][GM_ROWS_NAME];    /* the names in per-party columns (gm_metric_column):
                                       seats_<a>, vote_share_<a>, vote_share_<b>; "a", "b"
                                       in version 1 */
    size_t n_meta;
    char *key[GM_ROWS_META_MAX];    /* metadata, in order (owned) */
    char *value[GM_ROWS_META_MAX];
    bool ended;                     /* read back: the end line was seen */
    uint64_t end_read;              /* its count of plans read from the ensemble (the
                                       index of the first plan not read) */
    uint64_t end_scored;            /* and of plans scored (the reference plan aside) */
} gm_rows_info;

/* Start the description of this build's rows: format, k districts, the two parties
 * (NULL: "a", "b"), and the metadata "districts" and "parties". GM_E_ARG for a party
 * name that is empty or longer than GM_ROWS_NAME - 1. */
gm_status gm_rows_info_init(gm_rows_info *ri, gm_rows_format fmt, size_t k, const char *party_a,
                            const char *party_b, gm_error *err);
/* Add one metadata line (printf-style value; line breaks become spaces). GM_E_ARG when
 * the key is not a lower-case word (letters, digits, '_', ' ') or the table is full. */
gm_status gm_rows_info_add(gm_rows_info *ri, gm_error *err, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* The first value of key, or NULL. */
const char *gm_rows_info_get(const gm_rows_info *ri, const char *key);
/* The unit order the rows were scored on (gm_units.h, "Unit order") is one metadata
 * line, GM_ROWS_UNIT_ORDER: "units=N unit_fingerprint=HEX unit_key=KEY"
 * (gm_unit_order_format). Merges compare it as any other line; report --ensemble and
 * --resume check it against their units (gm_units_check_order). */
#define GM_ROWS_UNIT_ORDER "unit order"
/* Add o as that line. GM_E_ARG when the table is full. */
gm_status gm_rows_info_add_order(gm_rows_info *ri, const gm_unit_order *o, gm_error *err);
/* True when ri records a unit order that reads (*o gets it); false for rows that
 * record none (version 1, hand-made) or a damaged one (*o zeroed: n 0). */
bool gm_rows_info_order(const gm_rows_info *ri, gm_unit_order *o);
/* Free the metadata (the struct is zeroed). NULL-safe. */
void gm_rows_info_free(gm_rows_info *ri);

/* A fingerprint of a plan (FNV-1a over n and the district of each unit, in unit
 * order): the rows record their reference plan's ("reference plan fingerprint"), so
 * that a reader can tell whether that row is of its own plan. */
uint64_t gm_ens_plan_fingerprint(const int32_t *district, size_t n);

/* Write what comes before the rows: the metadata and, for CSV, the header line
 * "plan,sample,<metric columns>,share_1..share_k". GM_E_IO on a write error. */
gm_status gm_ens_rows_header(FILE *f, const gm_rows_info *ri, gm_error *err);

/* One row: plan is the plan's 0-based index in the ensemble, or -1 for the reference
 * plan (written "reference", with no sample); s its scores (s->sample its sample
 * number), shares its ri->k sorted shares. Reals with 17 significant digits, so they
 * read back exactly; undefined values empty (CSV) or null (JSONL). GM_E_IO on a write
 * error. */
gm_status gm_ens_row_write(FILE *f, const gm_rows_info *ri, int64_t plan, const gm_plan_scores *s,
                           const double *shares, gm_error *err);

/* The end line: `read` plans read from the ensemble (the index of the first plan not
 * read), `scored` of them scored. GM_E_IO on a write error. */
gm_status gm_ens_rows_end(FILE *f, const gm_rows_info *ri, uint64_t read, uint64_t scored,
                          gm_error *err);

/* Read the head of a rows file from f (path names it in messages): the metadata and,
 * for CSV, the header line, into ri (gm_rows_info_free it). *line (a getline buffer of
 * *cap bytes) then holds the first line after the head, or "" at the end of the file;
 * *lineno counts the lines read. An empty file gives ri->k == 0 and "". GM_E_FORMAT
 * names the file and line: not rows of an ensemble run, a newer version, a header
 * other than this build's (or version 1's) for its parties and k. */
gm_status gm_ens_rows_read_head(FILE *f, const char *path, gm_rows_info *ri, char **line,
                                size_t *cap, unsigned long long *lineno, gm_error *err);

/* True when line is an end line (ri->ended, end_read and end_scored are then set). */
bool gm_ens_rows_end_parse(const char *line, gm_rows_info *ri);

/* Read back a row written by gm_ens_row_write under ri (a trailing newline is
 * allowed). Fills *plan (-1: the reference row), *s and shares[0..ri->k); columns a
 * version-1 file lacks are NaN. GM_E_FORMAT when the line is not such a row (no
 * message: the caller names the file and line). */
gm_status gm_ens_row_parse(const char *line, const gm_rows_info *ri, int64_t *plan,
                           gm_plan_scores *s, double *shares);

/* ---- Scoring an ensemble ---------------------------------------------------------- */

/* The batch spec of loaded units (borrowed: they must outlive the run): their
 * population (NULL when the units were loaded without a population field), the first two parties' votes as a and b (no partisan metrics with fewer
 * than two parties) and a graph (NULL: no cut edges or Polsby-Popper). k is left 0. */
void gm_batch_spec_init(gm_batch_spec *bs, const gm_units *u, const gm_graph *g);

typedef struct gm_ens_run_spec {
    gm_batch_spec batch;        /* the units' arrays and graph (borrowed). batch.k: districts
                                   per plan; 0 = the summary's (resuming), else the largest
                                   district id in the first block of plans + 1. Every plan
                                   must use every id 0..k-1, and the reference plan must
                                   have k districts (docs/ensembles.md, "Districts") */
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
 * summary. Errors: those of the reader; GM_E_DATA naming the plan (index and sample)
 * with a district id outside 0..k-1 (and the unit) or an empty district, and saying
 * where k came from; GM_E_DATA for a reference plan with another k (both counts named)
 * or an ensemble with no plans at all, for plans made on units in another order
 * (spec.units) and for a first block far off balance (pop_dev_limit, hint
 * GM_HINT_POP_DEV_LIMIT); GM_E_INTERRUPTED when a callback stops the run. begin and the
 * first rows are called only after the first block passed these checks. */
gm_status gm_ens_run(const gm_ens_run_spec *spec, const gm_ens_run_cb *cb, gm_ens_summary **sum,
                     gm_ens_run_stats *stats, gm_error *err);

/* Districts per plan as gm_ens_run infers them: the largest district id in the first
 * GM_ENS_BLOCK plans of the ensemble + 1 (1 for an empty ensemble). For a process that
 * must agree on k before the runs that split the plans start (MPI rank 0). */
gm_status gm_ens_guess_k(const char *plans, gm_ens_format fmt, size_t *k, gm_error *err);

/* ---- Merging the rows of split runs ----------------------------------------------- */

/* Merge the row files of runs over disjoint parts of one ensemble (shards, plan ranges)
 * into the rows and summary of one run: files in one format (CSV or JSONL), the
 * reference row equal in every file and written once, plan rows in increasing plan
 * order in each file. Rows are copied byte for byte to `out` (NULL: none) in plan
 * order, after the run's head and before its end line, and the summary is rebuilt by
 * adding them in that order, so both equal those of a single run. Refused
 * (GM_E_FORMAT/GM_E_DATA, naming the files): a line that is not a row; files of
 * different runs (their metadata differ but for the "shard" or "range" each holds:
 * the message names the line; another "unit order" is named as such); an incomplete
 * split (a shard missing or given twice, shards of different N, ranges that overlap or leave plans out); a file without an end
 * line (its run did not finish); runs that read different numbers of plans; a plan in
 * two files, and a gap in the plan numbers. Version-1 files (no metadata) are merged
 * by the plan numbers alone. *sum is created (owned by the caller); *info (may be NULL)
 * receives the merged head (gm_rows_info_free it). GM_E_IO names a file that cannot
 * be read. */
gm_status gm_ens_merge(const char *const *paths, size_t n_paths, FILE *out, gm_ens_summary **sum,
                       gm_rows_info *info, gm_error *err);

/* Record warnings in ri: one metadata line "warning CODE: message" each. */
gm_status gm_rows_info_add_warnings(gm_rows_info *ri, const gm_warnings *w, gm_error *err);
/* The warnings recorded in ri added to w. Their codes point into ri, which must outlive
 * w's use of them. */
gm_status gm_rows_info_warnings(const gm_rows_info *ri, gm_warnings *w);

/* ---- Per-plan rows into a database table ------------------------------------------- */

/* The rows of gm_ens_row_write in a new PostgreSQL table instead of a file: columns
 * "plan" and "sample" (bigint; both null in the reference plan's row), one double
 * precision column per metric named as in the CSV header (gm_metric_column: "seats_D",
 * case kept), "share_1".."share_k"; undefined values are null; the metadata lines (and
 * the "gerrymeter ensemble rows N" line) are the table's comment. The rows travel by
 * COPY in one transaction: the table appears only at gm_rows_table_commit, and any
 * failure before (a lost connection among them) leaves the database as it was. */
typedef struct gm_rows_table gm_rows_table;

/* Connect to conn ("PG:dbname=... host=..."; a server on this machine unless the
 * network is allowed, gm_set_allow_network) and create table (or SCHEMA.TABLE) for
 * ri's rows. An existing table is GM_E_ARG (hint GM_HINT_OVERWRITE) unless overwrite,
 * when it is replaced at the commit. GM_E_IO names the database and libpq's reason. */
gm_status gm_rows_table_open(const char *conn, const char *table, bool overwrite,
                             const gm_rows_info *ri, gm_rows_table **out, gm_error *err);
/* One row, as gm_ens_row_write: plan -1 is the reference plan. GM_E_IO on a failure
 * of the server or the connection (then only gm_rows_table_abort is left). */
gm_status gm_rows_table_write(gm_rows_table *t, int64_t plan, const gm_plan_scores *s,
                              const double *shares, gm_error *err);
/* Commit and free t (also on error, when nothing is written). */
gm_status gm_rows_table_commit(gm_rows_table *t, gm_error *err);
/* Roll back and free t. NULL-safe. */
void gm_rows_table_abort(gm_rows_table *t);

GM_END_DECLS
#endif /* GM_DRIVER_H */
