/* gm_ensemble.h: streaming ensembles of plans and scoring them in batches.
 *
 * An ensemble is a sequence of plans over the same n units, each plan one district
 * index (0..k-1) per unit. Readers stream: one plan is in memory at a time, whatever the
 * ensemble's size. Formats (docs/ensembles.md):
 *   JSONL  one JSON object per line with "assignment": [d0, d1, ...] and optional
 *          "sample": N (GerryChain / frcw style). ".xz" files are read through `xz -dc`.
 *   CSV    one plan per row: "sample,<unit id>,<unit id>,..." header, then N,d0,d1,...
 *   GMEN   gerrymeter's binary format: fixed-size records, random access.
 *   BEN    MGGG's binary-ensemble stream (Standard and MkvChain variants): run-length
 *          encoded, bit-packed assignments (docs/ensembles.md).
 * The path "-" reads standard input (format from the caller, JSONL by default). */
#ifndef GM_ENSEMBLE_H
#define GM_ENSEMBLE_H

#include <stdio.h>

#include "gm_core.h"
#include "gm_graph.h"
#include "gm_units.h"
#include "gm_metric.h"
#include "gm_splits.h"

GM_BEGIN_DECLS

typedef enum gm_ens_format {
    GM_ENS_AUTO = 0, /* from the name: .csv -> CSV, .gmen -> GMEN, .ben -> BEN, else JSONL
                        (a trailing .xz is looked through) */
    GM_ENS_JSONL,
    GM_ENS_CSV,
    GM_ENS_GMEN,
    GM_ENS_BEN
} gm_ens_format;

/* Parse "jsonl", "csv", "gmen", "ben" (GM_E_ARG otherwise). */
gm_status gm_ens_format_parse(const char *name, gm_ens_format *out, gm_error *err);
/* Format implied by a file name (GM_ENS_JSONL when nothing matches). */
gm_ens_format gm_ens_format_guess(const char *path);

typedef struct gm_ens_reader gm_ens_reader;

/* Open an ensemble. n_units is the number of units every plan must have (0 = take it
 * from the first plan). Owned by the caller: gm_ens_close(). GM_E_IO names the path. */
gm_status gm_ens_open(const char *path, gm_ens_format fmt, size_t n_units, gm_ens_reader **out,
                      gm_error *err);

/* An ensemble whose plans come from a function instead of a file (a generator): next()
 * fills district[0..n_units) and *sample, or sets *got false at the end, as gm_ens_next.
 * name is used in messages. Counting and seeking are refused as for a pipe. Owned by
 * the caller: gm_ens_close() (which does not call next again). */
typedef gm_status (*gm_ens_source_fn)(void *ctx, int32_t *district, int64_t *sample, bool *got,
                                      gm_error *err);
gm_status gm_ens_open_source(size_t n_units, const char *name, gm_ens_source_fn next, void *ctx,
                             gm_ens_reader **out, gm_error *err);

/* Read the next plan into district[0..n_units) and its sample number (the file's
 * "sample" when present, else the 0-based plan index) into *sample. *got is false at the
 * end. Errors (GM_E_FORMAT) name the file and the line/record: wrong length, a district
 * that is not an integer in 0..65535. */
gm_status gm_ens_next(gm_ens_reader *r, int32_t *district, int64_t *sample, bool *got,
                      gm_error *err);

/* Skip the next plan without decoding it (for --shard). *got as above. */
gm_status gm_ens_skip(gm_ens_reader *r, bool *got, gm_error *err);

/* GMEN files only (random access): the number of plans, from the file size, and a seek
 * so that the next gm_ens_next() reads plan `index` (0-based). GM_E_ARG for other
 * formats or a pipe. Together they split a file into byte ranges without reading it. */
gm_status gm_ens_count(gm_ens_reader *r, uint64_t *n_plans, gm_error *err);
gm_status gm_ens_seek(gm_ens_reader *r, uint64_t index, gm_error *err);

/* Units per plan (known after the first plan when opened with 0). */
size_t gm_ens_n_units(const gm_ens_reader *r);

/* Close; for ".xz" input this also reports a failed decompressor (GM_E_IO). NULL-safe. */
gm_status gm_ens_close(gm_ens_reader *r, gm_error *err);

/* ---- Unit order (gm_units.h, docs/ensembles.md "Unit order") --------------------------
 * Plans are positional: value i belongs to unit i of the layer they were drawn on. A
 * GMEN file (version 2) records that layer's unit order in its header; a CSV may name the
 * unit ids in its header; JSONL and BEN have no room, and a sidecar PATH.units (one line,
 * gm_unit_order_format) records it when gerrymeter wrote the file from a unit layer. */

/* Check the ensemble against the units u it is to be scored on, before its first plan is
 * read. A recorded order (GMEN, sidecar) must match (gm_units_check_order, GM_E_DATA). A
 * CSV header of unit ids that equals the units' ids (their id field, else their order key,
 * else their feature ids) passes; the same ids in another order realign every plan to u's
 * order as it is read; other ids are refused (GM_E_DATA naming an unknown and a missing
 * id). A GMEN file with no order adds the warning "unit_order_unchecked" to w (may be
 * NULL). Nothing to compare (JSONL, BEN without a sidecar) passes unchecked. */
gm_status gm_ens_check_units(gm_ens_reader *r, const gm_units *u, gm_warnings *w, gm_error *err);

/* True when gm_ens_check_units compared the ensemble's unit order with the units' (by a
 * recorded fingerprint or by ids of a field), false when nothing showed it. */
bool gm_ens_order_checked(const gm_ens_reader *r);

/* The unit order the file records (GMEN header, sidecar once checked); o->n 0: none. */
void gm_ens_order(const gm_ens_reader *r, gm_unit_order *o);

/* The unit ids a CSV header names, in the order plans are delivered (after a
 * realignment: the units'), or NULL. Valid until gm_ens_close. */
const char *const *gm_ens_unit_ids(const gm_ens_reader *r);

typedef struct gm_ens_writer gm_ens_writer;

/* Write an ensemble to a stream the caller owns (and closes after gm_ens_writer_close).
 * unit_ids (may be NULL: "u0,u1,...") label the CSV header columns; order (may be NULL)
 * is the unit order the plans are in, stamped into a GMEN header (JSONL and BEN have no
 * room for it: the caller writes the sidecar, gm_unit_order_format() into PATH.units).
 * k_max is an upper bound on the number of districts (GMEN stores one byte per unit when
 * k_max <= 256, else two; 0 = unknown, two bytes). */
gm_status gm_ens_writer_open(FILE *f, gm_ens_format fmt, size_t n_units, size_t k_max,
                             const char *const *unit_ids, const gm_unit_order *order,
                             gm_ens_writer **out, gm_error *err);
gm_status gm_ens_write(gm_ens_writer *w, const int32_t *district, int64_t sample, gm_error *err);
/* The same with the chain that made the plan (chain >= 0): JSON Lines then hold
 * {"sample": s, "chain": c, "assignment": [...]}; the other formats store no chain. */
gm_status gm_ens_write_chain(gm_ens_writer *w, const int32_t *district, int64_t sample, int chain,
                             gm_error *err);
/* Flush and free the writer (the stream stays open). NULL-safe. */
gm_status gm_ens_writer_close(gm_ens_writer *w, gm_error *err);


/* ---- Batch scoring ------------------------------------------------------------------ */

/* What every plan is scored against. Arrays are borrowed and must outlive the batch. */
typedef struct gm_batch_spec {
    size_t n_units;
    size_t k;                /* districts per plan: every district index is < k */
    const double *pop;       /* [n_units] population, or NULL: none (pop_dev undefined) */
    const double *votes_a;   /* [n_units] party a (e.g. D), or NULL: no partisan metrics */
    const double *votes_b;   /* [n_units] party b (e.g. R) */
    const gm_graph *graph;   /* adjacency graph, or NULL: no cut edges / Polsby-Popper /
                                contiguity */
    bool no_contiguity;      /* with a graph: leave noncontiguous_districts NaN (saves about
                                30 us per plan of 4,120 units; bench/README.md) */
    const gm_plan_extras *extras; /* administrative splits and demographics (gm_splits.h),
                                or NULL; created for the same units and k; its rows must
                                be registered (gm_plan_extras_register) */
    size_t n_elections;      /* 0, or elections scored one by one and as a composite
                                (their rows registered with gm_elections_register, in
                                this order): election e's votes per unit are election[2e]
                                (party a) and election[2e + 1] (b); election 0's must be
                                votes_a and votes_b. At most GM_ELECTIONS_MAX */
    const double *const *election;
} gm_batch_spec;

/* gm_plan_scores, one plan's scores, is defined with the registry in gm_metric.h. */

/* The per-plan metrics are the rows of the registry's ensemble family (gm_metric.h,
 * GM_MF_PLAN): gm_metric_count(GM_MF_PLAN) of them, in row and summary order. */
/* Metric m of s: the value of registry row m of GM_MF_PLAN. */
double gm_plan_scores_get(const gm_plan_scores *s, size_t m);
/* Set metric m of s. */
void gm_plan_scores_set(gm_plan_scores *s, size_t m, double v);

typedef struct gm_batch gm_batch;

/* Create a scorer with n_threads workers (0 = one per online CPU). Owned by the caller. */
gm_status gm_batch_create(const gm_batch_spec *spec, size_t n_threads, gm_batch **out,
                          gm_error *err);
void gm_batch_destroy(gm_batch *b);

/* Score n_plans plans: assign is plan-major [n_plans * n_units], samples [n_plans].
 * Fills out[n_plans]; shares (may be NULL) gets each plan's k district a-shares sorted
 * ascending, [n_plans * k]. No allocation per call beyond thread start-up. Every plan
 * must give every unit a district 0..k-1 and every district a unit: GM_E_DATA names
 * the first plan (by sample) that does not, and why (gm_batch_plan_check). */
gm_status gm_batch_score(gm_batch *b, const int32_t *assign, const int64_t *samples,
                         size_t n_plans, gm_plan_scores *out, double *shares, gm_error *err);

/* Check one plan of n units against k districts: 0 when every unit has a district in
 * 0..k-1 and every district has a unit; 1 for a district id outside 0..k-1, 2 for an
 * empty district. why (may be NULL) receives the reason, naming the unit or the
 * district ("unit 17 has district 9, outside 0..7"). */
int gm_batch_plan_check(const int32_t *district, size_t n, size_t k, char *why, size_t cap);

/* The same scores by the plain path, one plan at a time (no blocking, no threads):
 * the reference implementation the batch kernel is tested and benchmarked against. */
gm_status gm_score_one(const gm_batch_spec *spec, const int32_t *assign, int64_t sample,
                       gm_plan_scores *out, double *shares, gm_error *err);

/* ---- Summaries and comparison with a reference plan ---------------------------------- */

/* Streaming summary of per-plan scores: count, mean, SD, min, max and quantiles of every
 * metric, the distribution of each rank of the sorted district shares, and, when a
 * reference plan is set, how many plans fall below / equal / above it. Plans must be
 * added in plan order; the result depends only on the values added and their order, so
 * a merge of shard outputs that re-adds the same rows gives the same summary.
 * Quantiles come from fixed fine histograms that keep the smallest value of each bin:
 * exact for metrics with few distinct values (seats, cut edges, partisan bias), else
 * low by less than one bin (1e-5 of the metric's range; 1e-4 for shares). */
typedef struct gm_ens_summary gm_ens_summary;

/* k districts; n_edges bounds cut edges (0 without a graph). Owned by the caller. */
gm_status gm_ens_summary_create(size_t k, size_t n_edges, gm_ens_summary **out, gm_error *err);
void gm_ens_summary_destroy(gm_ens_summary *s);
/* Set the reference plan's scores and sorted shares (k, may be NULL) before adding plans. */
void gm_ens_summary_set_reference(gm_ens_summary *s, const gm_plan_scores *ref, const double *shares);
/* Add one plan (shares: its k sorted shares, or NULL). */
void gm_ens_summary_add(gm_ens_summary *s, const gm_plan_scores *sc, const double *shares);

typedef struct gm_metric_summary {
    uint64_t n;              /* plans where the metric is defined */
    double mean, sd;         /* sd: sample standard deviation (n - 1) */
    double min, max;
    double q[7];             /* quantiles at gm_summary_q[] */
    uint64_t hist[20];       /* counts in 20 equal bins from min to max */
    /* reference plan (when set): */
    double ref;              /* its value */
    uint64_t below, equal, above; /* ensemble plans below / equal to / above it */
    double percentile;       /* 100 (below + equal/2) / n */
    uint64_t as_extreme;     /* plans as far as or further from the median, on its side */
} gm_metric_summary;

extern const double gm_summary_q[7]; /* 0.01 0.05 0.25 0.5 0.75 0.95 0.99 */

/* Results so far: metric m (0..gm_ens_summary_n_metrics()-1, the GM_MF_PLAN registry
 * rows when the summary was created); rank r (0..k-1) of sorted shares. */
void gm_ens_summary_metric(const gm_ens_summary *s, size_t m, gm_metric_summary *out);
size_t gm_ens_summary_n_metrics(const gm_ens_summary *s);
void gm_ens_summary_rank(const gm_ens_summary *s, size_t r, gm_metric_summary *out);
uint64_t gm_ens_summary_count(const gm_ens_summary *s);
bool gm_ens_summary_has_reference(const gm_ens_summary *s);
size_t gm_ens_summary_k(const gm_ens_summary *s);

GM_END_DECLS
#endif /* GM_ENSEMBLE_H */
