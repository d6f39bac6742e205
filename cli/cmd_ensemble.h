/* cmd_ensemble.h: the subcommands of `gerrymeter ensemble` (dispatched by
 * ens_dispatch.c): convert and merge (cmd_ensemble_io.c), score (cmd_ensemble.c),
 * generate (cmd_generate.c), and what they share. */
#ifndef GM_CLI_CMD_ENSEMBLE_H
#define GM_CLI_CMD_ENSEMBLE_H

#include <stdbool.h>

#include "gerrymeter/gm_driver.h"

/* `gerrymeter ensemble convert` and `gerrymeter ensemble merge`: argv[0] is the
 * subcommand; each returns the exit code. */
int gmc_ens_convert(int argc, char **argv);
int gmc_ens_merge(int argc, char **argv);

/* Write OUT.units, the sidecar that records the unit order of a JSONL, BEN or id-less CSV
 * ensemble (cmd_ensemble_io.c), or remove a stale one when o is NULL or empty. Returns 0
 * or an exit code (printed). */
int gmc_ens_write_sidecar(const char *out, const gm_unit_order *o);

/* `gerrymeter ensemble score` (cmd_ensemble.c). */
int gmc_ens_score(int argc, char **argv);
/* `gerrymeter ensemble generate` (cmd_generate.c). */
int gmc_ens_generate(int argc, char **argv);


/* Where an ensemble's scores go (the output options of `ensemble score`). */
typedef struct gmc_ens_outputs {
    const char *rows;        /* per-plan rows file, NULL/"-" standard output, "none" */
    bool jsonl;              /* rows as JSON Lines instead of CSV */
    const char *summary, *chart, *chart_data; /* or NULL */
    bool quiet;
    long threads;            /* scoring threads, 0 = one per CPU */
    /* called with every ensemble plan's scores in plan order (not the reference), or NULL */
    void (*row_hook)(void *ctx, int64_t plan, const gm_plan_scores *s);
    void *row_ctx;
    const struct gmc_source *src; /* what the rows record of the inputs: the units' options,
                                     and the reference plan as src->plan (or NULL) */
    const char *graph_arg;        /* the graph file, "auto", or NULL */
    const gm_warnings *warnings;  /* the caller's own (beside the units' and reference's), or NULL */
    const gm_plan_extras *extras; /* splits and demographics per plan (rows registered), or NULL */
    const struct gmc_splits_opts *so; /* the options they come from, recorded in the rows */
    const struct gmc_ens_elections *elections; /* the elections of src, loaded (rows
                                                  registered), or NULL: loaded from src */
} gmc_ens_outputs;

/* Score the plans of an open reader (a generator's, gm_ens_open_source) as `ensemble
 * score` scores a file, with units, graph (or NULL) and reference plan (or NULL) already
 * loaded; k districts. Returns the exit code. */
int gmc_ens_score_reader(gm_ens_reader *reader, const char *name, const gm_units *u,
                         const gm_graph *g, const gm_plan *ref, size_t k,
                         const gmc_ens_outputs *out);

#endif
