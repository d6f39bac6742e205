/* gm_plan.h: a districting plan is one district index per unit.
 *
 * district[i] is in 0..k-1, the index into labels[] (sorted in natural order: "2"
 * before "10", "1A" before "1B"). Sources: a column of the unit layer, a district
 * polygon layer (largest-area overlay), an assignment CSV, an array, or at large.
 * gm_plan_open() takes a gm_plan_spec naming any of them and applies the policy
 * (kind detection, which field to read, the overlay); gm_plan_from_column / _from_csv /
 * _from_layer / _from_array are its building blocks. */
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
    gm_warnings warnings; /* doubtful input found while opening the plan (gm_core.h) */
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

/* What a plan source names. gm_plan_detect(): an existing .csv/.tsv/.txt file is an
 * assignment file, any other existing path (or PATH:LAYER) a district layer, anything
 * else a column of the unit layer (it never returns GM_PLAN_AUTO or GM_PLAN_AT_LARGE). */
typedef enum gm_plan_kind {
    GM_PLAN_AUTO = 0,   /* decide from the source with gm_plan_detect() */
    GM_PLAN_COLUMN,     /* a district column of the unit layer */
    GM_PLAN_CSV,        /* an assignment file: unit id, district */
    GM_PLAN_LAYER,      /* a district polygon layer (largest-area overlay) */
    GM_PLAN_AT_LARGE    /* one district "0" holding every unit; no source */
} gm_plan_kind;
gm_plan_kind gm_plan_detect(const char *arg);

/* ---- Opening a plan against loaded units ----------------------------------------- */

/* Everything that names one plan. Pointers are borrowed for the call. */
typedef struct gm_plan_spec {
    gm_plan_kind kind;         /* GM_PLAN_AUTO (0): gm_plan_detect(source) */
    const char *source;        /* column name, assignment file, or district layer (PATH or
                                  "PATH:LAYER"); NULL at large */
    const char *join_field;    /* assignment file: the unit id field its first column holds;
                                  NULL = the units' id field */
    const char *district_id;   /* district layer: its district id field (required there) */
    const char *where;         /* district layer: attribute filter on the districts, or NULL */
    double split_tolerance;    /* district layer: as gm_plan_layer_spec (0 = 0.001) */
} gm_plan_spec;

/* Prepare a unit load for a plan, before the units are read: resolve ps->kind (AUTO ->
 * gm_plan_detect) and add to us what gm_plan_open will need, so the units and this plan
 * come from one pass over the unit layer: the district column as us->plan_field (when
 * none is set yet), the join field as us->id_field (an assignment file is matched on the
 * unit ids, so the units take their ids from it), geometry for a district layer. Call it
 * for each plan to be opened; a need it cannot add (a second column) gm_plan_open reads
 * then. GM_E_ARG when the spec is inconsistent: no source, an assignment file with no
 * join field and no unit id field, a district id field or filter for a plan that is not
 * a district layer. */
gm_status gm_plan_spec_prepare(gm_plan_spec *ps, gm_units_spec *us, gm_error *err);

/* Open the plan ps names over loaded units: *out is a new plan owned by the caller
 * (gm_plan_destroy). A column the units were not loaded with, or a join field that is
 * not their id field, is read from the units' layer (that field only, no geometry). A
 * district layer needs the units' geometry (GM_E_ARG without it). The plan's source
 * describes it ("column of PATH", the file, "at large (one district)"). Errors are those
 * of gm_plan_from_column / _from_csv / _from_layer and GM_E_ARG as for
 * gm_plan_spec_prepare. Reads the units only: many plans may be opened over them. */
gm_status gm_plan_open(const gm_units *u, const gm_plan_spec *ps, gm_plan **out, gm_error *err);

/* Natural-order comparison of district labels ("2" < "10", "1A" < "1B"). */
int gm_label_cmp(const char *a, const char *b);

GM_END_DECLS
#endif /* GM_PLAN_H */
