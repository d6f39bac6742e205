/* score_elections.h: `score --election` (several elections over one plan): every
 * partisan metric per election and the composite (gm_elections_score), in score's JSON,
 * CSV and text. */
#ifndef GM_CLI_SCORE_ELECTIONS_H
#define GM_CLI_SCORE_ELECTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "opts.h"
#include "out.h"

typedef struct gmc_elections {
    const gm_units *u;                     /* units with two parties per election */
    const gm_plan *p;
    gm_tally *t;                           /* every election's columns (owned) */
    gm_elections *x;                       /* the scores (owned) */
    char name[GMC_MAX_ELECTIONS][128];     /* the elections' names */
    const char *names[GMC_MAX_ELECTIONS];
} gmc_elections;

/* Score the elections of src (src->n_elections >= 1) over u (loaded with them) and p.
 * Returns 0, or the exit code with the error printed. gmc_elections_free after. */
int gmc_elections_compute(gmc_elections *el, const gm_units *u, const gm_plan *p,
                          const gmc_source *src);
void gmc_elections_free(gmc_elections *el);

/* JSON: "elections": [...] and "composite": {...}. */
void gmc_elections_json(gmc_json *j, const gmc_elections *el);
/* CSV: the columns after score's own, share_NAME and winner_NAME of each election, then
 * share_composite and winner_composite: the header (d = SIZE_MAX) or district d's cells,
 * each preceded by a comma. */
void gmc_elections_csv(FILE *f, const gmc_elections *el, size_t d, bool excel_safe);
/* Text: the metrics of every election and the composite side by side, then the district
 * shares. */
void gmc_elections_text(FILE *f, const gmc_elections *el);

#endif
