/* gm_plan.h: a districting plan is one district index per unit.
 *
 * district[i] is in 0..k-1, the index into labels[] (sorted in natural order: "2"
 * before "10", "1A" before "1B"). Three sources: a column of the unit layer, a
 * district polygon layer (largest-area overlay), or an assignment CSV. */
#ifndef GM_PLAN_H
#define GM_PLAN_H

#include "gm_units.h"

GM_BEGIN_DECLS

#define GM_NO_DISTRICT (-1)

/* A unit that the polygon overlay split between districts. */
typedef struct gm_split {
    size_t unit;          /* unit index */
    int32_t district;     /* district it was assigned to (largest share) */
    double share;         /* share of the unit's area in that district, 0..1 */
    int32_t second;       /* next-largest district, or GM_NO_DISTRICT */
    double second_share;  /* its share */
} gm_split;

typedef struct gm_plan {
    size_t n_units;       /* equals the units' n */
    size_t k;             /* number of districts */
    int32_t *district;    /* [n_units] district index, 0..k-1 */
    char **label;         /* [k] district labels in natural sort order */
    size_t n_split;       /* overlay only: units whose area is shared by >1 district */
    gm_split *split;      /* [n_split] */
    char *source;         /* description: "column CD", "districts.gpkg:cds", "assign.csv" */
} gm_plan;

/* Plan from the unit layer's plan column (units loaded with spec.plan_field).
 * Errors: GM_E_DATA when a unit has an empty/null district (names up to 5 and the count). */
gm_status gm_plan_from_column(const gm_units *u, gm_plan **out, gm_error *err);

/* Plan from an assignment CSV (block-assignment-file style: "id,district", header
 * optional, comma/tab/pipe/semicolon separated). join_field is the unit id field the
 * first column matches (units must be loaded with that id field). Errors name the
 * unknown, duplicate and missing ids (up to 5 each) with their counts. */
gm_status gm_plan_from_csv(const gm_units *u, const char *csv_path, gm_plan **out, gm_error *err);

/* Plan from a district polygon layer. Each unit goes to the district covering the
 * largest part of its area; units split between districts are listed in plan->split.
 * Units outside every district are an error listing them. The layers may be in
 * different CRSs. Units must be loaded with geometry. */
typedef struct gm_plan_layer_spec {
    const char *path;         /* OGR source; "PATH:LAYER" accepted */
    const char *layer;        /* or NULL */
    const char *id_field;     /* district id field (required) */
    const char *where;        /* attribute filter, or NULL */
    double split_tolerance;   /* share below which a split is ignored (default 0.001) */
} gm_plan_layer_spec;
gm_status gm_plan_from_layer(const gm_units *u, const gm_plan_layer_spec *spec, gm_plan **out,
                             gm_error *err);

/* Plan from district indices already in memory (e.g. an ensemble row). Copies dist.
 * labels may be NULL (labels become "0".."k-1"). */
gm_status gm_plan_from_array(size_t n_units, const int32_t *dist, size_t k, const char *const *labels,
                             gm_plan **out, gm_error *err);

void gm_plan_destroy(gm_plan *p);

/* What a --plan argument names: an existing .csv/.tsv/.txt file is an assignment
 * file, any other existing path (or PATH:LAYER) a district layer, anything else a
 * column of the unit layer. */
typedef enum gm_plan_kind { GM_PLAN_COLUMN = 0, GM_PLAN_CSV, GM_PLAN_LAYER } gm_plan_kind;
gm_plan_kind gm_plan_detect(const char *arg);

/* Natural-order comparison of district labels ("2" < "10", "1A" < "1B"). */
int gm_label_cmp(const char *a, const char *b);

GM_END_DECLS
#endif /* GM_PLAN_H */
