/* ens_resume.h: the checkpoint of `gerrymeter ensemble score --resume`.
 *
 * With --resume the per-plan rows go to "<output>.partial", flushed after every block of
 * plans, and "<output>.resume" records what run writes them (the options and the
 * ensemble file's size and time). An interrupted run leaves both; the same command run
 * again checks the record, keeps every complete row of the partial file (a torn last
 * line is cut off), feeds them to the summary and scores the plans after the last one.
 * At the end the partial file is renamed to the output and the record removed, so the
 * output and the summary are those of one uninterrupted run. */
#ifndef GM_CLI_ENS_RESUME_H
#define GM_CLI_ENS_RESUME_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "gerrymeter/gm_ensemble.h"

typedef struct gmc_resume {
    char *part;         /* "<output>.partial" */
    char *record;       /* "<output>.resume" */
    char *output;       /* the final name */
    FILE *f;            /* the partial file, open for appending */
    long k;             /* share columns of the kept rows (0: none kept yet) */
    bool has_meta;      /* the unit-order line (gm_ens_rows_meta) is already there */
    bool has_header;    /* the CSV header is already there */
    bool has_ref;       /* the reference row is already there */
    long long last;     /* plan number of the last kept row (-1: none) */
    uint64_t rows;      /* plan rows kept */
    long long shard_k, shard_n; /* rows are plans shard_k-1, +shard_n, ... */
    off_t flushed;      /* end of the rows known to be on disk */
    bool failed;        /* a write failed: cut back to `flushed` on close */
    bool fresh;         /* this run made the checkpoint (neither file was there) */
} gmc_resume;

/* The record's line that holds the unit order ("unit-order=" gm_unit_order_format). */
#define GMC_RESUME_ORDER "unit-order="

/* Start or continue. key: the run's description (one "name=value" a line, one of them
 * GMC_RESUME_ORDER); csv: the row format; k: the districts the run expects (0 if it will
 * learn them from the plans); shard K/N: which plans have rows (every plan i with
 * i mod N = K-1, none missing); n_edges: for the summary; order: the units' order, which
 * the kept rows' first line must record. A record that differs in the unit order is
 * refused naming both; one written before records held it is taken with the warning
 * "unit_order_unchecked" in w. When rows are kept, *sum is created and holds them. The
 * partial file is locked: a second run on the same output is refused.
 * Returns 0, or an exit code after printing the reason. */
int gmc_resume_open(gmc_resume *r, const char *output, const char *key, bool csv, size_t k,
                    long shard_k, long shard_n, size_t n_edges, const gm_unit_order *order,
                    gm_warnings *w, gm_ens_summary **sum);

/* Flush the rows written so far (after each block). Returns 0 or an exit code. */
int gmc_resume_flush(gmc_resume *r);

/* The run is complete: make the partial file the output and forget the record.
 * Returns 0 or an exit code. */
int gmc_resume_finish(gmc_resume *r);

/* Remove a checkpoint this run made (r->fresh) before any of its rows were flushed, so
 * that a run refused at its start leaves nothing. Otherwise nothing is done. */
void gmc_resume_discard(gmc_resume *r);

/* Close, keeping the checkpoint for a later run (after an error); after a failed write
 * the file is cut back to the last complete flush. Frees r. NULL-safe. */
void gmc_resume_close(gmc_resume *r);

#endif
