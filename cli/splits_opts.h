/* splits_opts.h: the options of administrative splits and demographics (--county,
 * --municipality, --split NAME=FIELD, --vap, --group NAME=FIELD) shared by score, report
 * and ensemble score, and loading what they name (gm_splits.h). */
#ifndef GM_CLI_SPLITS_OPTS_H
#define GM_CLI_SPLITS_OPTS_H

#include "opts.h"
#include "out.h"

#include "gerrymeter/gm_splits.h"

typedef struct gmc_splits_opts {
    char name[GM_ADMIN_MAX][48];      /* layer names: "county", "municipality", NAME */
    const char *field[GM_ADMIN_MAX];
    size_t n_admin;
    const char *vap;
    const char *group[GM_GROUP_MAX];  /* NAME=FIELD as given */
    size_t n_group;
    bool bad;                         /* a value was refused (message printed) */
} gmc_splits_opts;

/* The long options, to append to a command's getopt table: --county and --municipality
 * (1100, 1101), --vap (1103), and the repeatable --split and --group. */
#define GMC_SPLITS_LONGOPTS                                                                  \
    {"county", required_argument, 0, 1100}, {"municipality", required_argument, 0, 1101},    \
        {"vap", required_argument, 0, 1103}, {"split", required_argument, 0, 1901},          \
        {"group", required_argument, 0, 1902}

/* Help lines for them. */
extern const char gmc_splits_help[];

/* Take a getopt result: 1 if it was one of these options, 0 if not, -1 on a bad value
 * (usage message printed naming cmd). */
int gmc_splits_opt(gmc_splits_opts *s, const char *cmd, int opt, const char *arg);

/* Whether any was given. */
bool gmc_splits_any(const gmc_splits_opts *s);

/* What they name, over loaded units. */
typedef struct gmc_splits {
    gm_admin *admin[GM_ADMIN_MAX];
    size_t n_admin;
    gm_demo *demo;                 /* or NULL */
    gm_plan_extras *x;             /* or NULL when nothing was asked */
    double aux[GM_PLAN_EXTRA_MAX]; /* one plan's values (gmc_splits_plan) */
} gmc_splits;

/* Open the layers and groups over u (population u->pop), create the plan extras and
 * register their rows. Returns 0, or prints the error and returns 1 (data) or 2. */
int gmc_splits_load(const gmc_splits_opts *o, const char *cmd, const gm_units *u, gmc_splits *out);
void gmc_splits_free(gmc_splits *s);

/* Rows of an ensemble run (CSV or JSON Lines at path) that record splits or groups in
 * their metadata ("split", "group" lines): register the same registry rows, so that
 * merge reads their columns. Returns 0 (also when the file records none or cannot be
 * read: the reader then says why), or prints the error and returns 1 or 2. */
int gmc_splits_register_rows(const char *path);

/* The values of plan p (district populations dpop) into s->aux. 0 or 1 (printed). */
int gmc_splits_plan(gmc_splits *s, const gm_plan *p, const double *dpop);

/* score's outputs of them (score_splits.c): JSON members "splits" and "demographics";
 * per-district CSV columns (d SIZE_MAX: the header); a text section. */
void gmc_splits_json(gmc_json *j, const gmc_splits *s, const gm_units *u, const gm_plan *p);
void gmc_splits_csv(FILE *f, const gmc_splits *s, const gm_plan *p, size_t d, bool excel_safe);
void gmc_splits_text(FILE *f, const gmc_splits *s, const gm_units *u, const gm_plan *p);

#endif
