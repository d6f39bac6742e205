/* ens_elections.h: `ensemble score --election` (several elections per plan): the
 * elections' registry rows (gm_elections_register), their columns for the batch kernel,
 * and the same rows registered again from what a rows file records ("election" lines),
 * so that merge and report --ensemble read them. */
#ifndef GM_CLI_ENS_ELECTIONS_H
#define GM_CLI_ENS_ELECTIONS_H

#include "opts.h"

typedef struct gmc_ens_elections {
    size_t n;                                 /* elections, 0 without --election */
    const double *col[2 * GMC_MAX_ELECTIONS]; /* votes per unit: a, b of each election */
} gmc_ens_elections;

/* Register the rows of src's elections over u (loaded with them: two parties per
 * election) and fill out. Nothing without --election. Returns 0, or prints the error
 * and returns the exit code. */
int gmc_ens_elections_load(const gmc_source *src, const gm_units *u, gmc_ens_elections *out);

/* Rows of an ensemble run (CSV or JSON Lines at path) that record elections in their
 * metadata: register the same rows. Returns 0 (also when the file records none or
 * cannot be read: the reader then says why), or prints the error and returns 1 or 2. */
int gmc_ens_elections_register_rows(const char *path);

/* The row files paths[0..n) record the same elections (names and parties, in order)?
 * Returns 0, or prints which files differ and how and returns 1. */
int gmc_ens_elections_check_rows(const char *const *paths, size_t n);

#endif
