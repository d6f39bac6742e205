/* gm_splits.h: administrative splits and demographics of plans.
 *
 * An administrative layer (counties, municipalities, any field of the unit layer that
 * names an area) is one value per unit: gm_admin_open() reads it. Demographics are a
 * voting-age population column and any number of group columns (gm_demo_open()). A
 * gm_plan_extras holds what every plan is scored against besides the tallies: its
 * per-plan values (docs/metrics.md, "Splits" and "Minority opportunity") are
 *
 *   per administrative layer, over every unit (population ignored, as redistmetrics
 *   counts them): units split (touching two or more districts), split into three or
 *   more, and extra pieces (the sum over units of the districts touching - 1); and
 *   Dave's Redistricting App's population-weighted county splitting and district
 *   splitting scores (1.0 when nothing is split);
 *   per group: majority-minority districts (share of VAP > 1/2), the same for the
 *   coalition of the groups, DRA's opportunity and coalition district estimates and
 *   its proportional benchmarks.
 *
 * gm_plan_extras_register() adds them as rows of the registry's ensemble family (keys
 * from the templates of GM_MF_OPTIONAL: "county_splits", "majority_black", ...), so the
 * batch kernel, ensemble rows and summaries carry them. The generator's county limit
 * counts the same "units split" (engine/metrics/touch.h). */
#ifndef GM_SPLITS_H
#define GM_SPLITS_H

#include "gm_metric.h"
#include "gm_units.h"

GM_BEGIN_DECLS

#define GM_ADMIN_MAX 4   /* administrative layers per run */
#define GM_GROUP_MAX 8   /* population groups per run */

/* One administrative layer over the units. */
typedef struct gm_admin {
    char *name;              /* what it is called in keys: "county", "municipality", ... */
    char *field;             /* the unit field it was read from */
    size_t n_units;
    size_t n;                /* distinct values */
    int32_t *of;             /* [n_units] index of each unit's value, 0..n-1 */
    char **label;            /* [n] the values, in natural order (gm_label_cmp) */
} gm_admin;

/* Read field `field` of the units' layer as administrative layer `name` (a lower-case
 * word: letters, digits, '_'). Errors: GM_E_FIELD (no such field: the message lists
 * them), GM_E_DATA (a unit with a null or empty value: names up to 5 units by id and
 * the count), GM_E_ARG (a bad name). */
gm_status gm_admin_open(const gm_units *u, const char *name, const char *field, gm_admin **out,
                        gm_error *err);
void gm_admin_destroy(gm_admin *a);

/* Voting-age population and groups of it, per unit. */
typedef struct gm_demo {
    size_t n_units;
    char *vap_field;
    double *vap;             /* [n_units] */
    size_t n_groups;
    char *name[GM_GROUP_MAX];   /* "black", "hispanic", ... ("white" is special: below) */
    char *field[GM_GROUP_MAX];
    double *group[GM_GROUP_MAX]; /* [n_units] each */
    int white;               /* index of the group named "white", or -1. With it the
                                coalition is everyone but that group (VAP - white, DRA's
                                "minority"); without it, the sum of the groups named. It
                                is no minority group itself. */
} gm_demo;

/* Read the VAP field and n groups name[i]=field[i] (names: lower-case words, distinct;
 * at most GM_GROUP_MAX). Errors: GM_E_FIELD, GM_E_DATA naming the units and the field:
 * a null, non-numeric or negative value, a group larger than the VAP of its unit (also
 * naming the two fields), GM_E_ARG (a bad or repeated name). */
gm_status gm_demo_open(const gm_units *u, const char *vap_field, size_t n, const char *const *name,
                       const char *const *field, gm_demo **out, gm_error *err);
void gm_demo_destroy(gm_demo *d);

/* The coalition of d's groups for a VAP and group counts g[0..n_groups) of one area. */
double gm_demo_coalition(const gm_demo *d, double vap, const double *g);

/* ---- Per-plan values ------------------------------------------------------------- */

typedef struct gm_plan_extras gm_plan_extras;

/* Administrative layers (n_admin, borrowed) and demographics (or NULL, borrowed) for
 * plans over the units; pop (may be NULL: zeros; borrowed) weighs DRA's splitting
 * scores. Read-only once created: threads share it, each with its own work. */
gm_status gm_plan_extras_create(size_t n_units, const double *pop,
                                const gm_admin *const *admin, size_t n_admin,
                                const gm_demo *demo, gm_plan_extras **out, gm_error *err);
void gm_plan_extras_destroy(gm_plan_extras *x);

/* The layers and demographics x was created with. */
size_t gm_plan_extras_n_admin(const gm_plan_extras *x);
const gm_admin *gm_plan_extras_admin(const gm_plan_extras *x, size_t i);
const gm_demo *gm_plan_extras_demo(const gm_plan_extras *x); /* or NULL */

/* Values per plan (the length of aux below). Their order: per administrative layer
 * GM_SPLIT_N values (gm_split_value), then per minority group one majority-minority
 * count, then GM_MINORITY_N values (gm_minority_value). */
size_t gm_plan_extras_n(const gm_plan_extras *x);

typedef enum gm_split_value {
    GM_SPLIT_UNITS = 0,      /* units touching >= 2 districts */
    GM_SPLIT_MULTI,          /* units touching >= 3 districts */
    GM_SPLIT_PIECES,         /* sum over units of (districts touching - 1) */
    GM_SPLIT_DRA_COUNTY,     /* DRA county splitting (reduced), 1 = nothing split */
    GM_SPLIT_DRA_DISTRICT,   /* DRA district splitting (reduced), 1 = nothing split */
    GM_SPLIT_N
} gm_split_value;

typedef enum gm_minority_value {
    GM_MIN_COALITION_MM = 0, /* districts where the coalition is > 1/2 of the VAP */
    GM_MIN_OPPORTUNITY,      /* DRA's opportunity districts (sum of probabilities) */
    GM_MIN_COALITION,        /* DRA's coalition districts */
    GM_MIN_PROP_OPPORTUNITY, /* DRA's proportional opportunities (statewide) */
    GM_MIN_PROP_COALITION,   /* DRA's proportional coalitions (statewide) */
    GM_MINORITY_N
} gm_minority_value;

/* Plans scored together by gm_plan_extras_block. */
#define GM_EXTRAS_BLOCK 8

/* Scratch for plans of k districts (a block of them), for one thread
 * (gm_plan_extras_plan is not thread-safe on one work). */
typedef struct gm_extras_work gm_extras_work;
gm_status gm_extras_work_create(const gm_plan_extras *x, size_t k, gm_extras_work **out,
                                gm_error *err);
void gm_extras_work_destroy(gm_extras_work *w);

/* The values of one plan (district[0..n_units) in 0..k-1, k the work's; dpop its k
 * district populations, the sums of pop) into aux[0..gm_plan_extras_n). */
void gm_plan_extras_plan(const gm_plan_extras *x, gm_extras_work *w, const int32_t *district,
                         const double *dpop, double *aux);

/* The same for np <= GM_EXTRAS_BLOCK plans at once, given unit-major: the district of
 * unit i in plan p is at[i * stride + p]; dpop [np][k], aux [np][gm_plan_extras_n]. The
 * plans are walked together (their additions overlap) and each plan's numbers are those
 * of gm_plan_extras_plan, bit for bit: its sums are taken in the same order. dtot: the
 * plans' demographic district totals [np][k][1 + n_groups] (VAP, then each group), each
 * summed over the units in unit order (as a caller's kernel sums them beside the
 * population), or NULL: summed here. */
void gm_plan_extras_block(const gm_plan_extras *x, gm_extras_work *w, const int32_t *at,
                          size_t stride, size_t np, const double *dpop, const double *dtot,
                          double *aux);

/* Add the rows of x's values to the registry's ensemble family (GM_MF_PLAN), their keys
 * made from the GM_MF_OPTIONAL templates with the layer and group names; a row reads
 * its value from gm_metric_in.aux. Call once, before scoring (not thread-safe). */
gm_status gm_plan_extras_register(gm_plan_extras *x, gm_error *err);

/* Registry row of value i of x (after gm_plan_extras_register), or NULL. */
const gm_metric_def *gm_plan_extras_row(const gm_plan_extras *x, size_t i);

/* ---- One plan's details (score) --------------------------------------------------- */

/* A non-empty (administrative value, district) cell of a plan. */
typedef struct gm_admin_cell {
    uint32_t admin;          /* index of the value (admin->label) */
    uint32_t district;
    size_t units;
    double pop;
} gm_admin_cell;

/* The cells of a plan, sorted by value then district: *cells ([*n], malloc'd) owned by
 * the caller. pop may be NULL. */
gm_status gm_admin_cells(const gm_admin *a, const int32_t *district, size_t k, const double *pop,
                         gm_admin_cell **cells, size_t *n, gm_error *err);

/* District totals of a plan: vap[k] and group[g * k + d] (n_groups * k). */
void gm_demo_tally(const gm_demo *d, const int32_t *district, size_t k, double *vap, double *group);

/* DRA's probability that a district with share s of its VAP is an opportunity district
 * for a group: 0 below 0.37, else Phi-like ((s + shift - 0.5) / 0.04) with DRA's erf
 * approximation. shift 0.15 for the coalition and for "black", 0.075 for other groups. */
double gm_dra_opportunity(double s, double shift);
/* The shift DRA gives a group of this name (NULL: the coalition). */
double gm_dra_shift(const char *group);

GM_END_DECLS
#endif /* GM_SPLITS_H */
