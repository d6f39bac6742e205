/* gm_metric.h: the metric registry.
 *
 * Every metric gerrymeter reports is one row of a descriptor table, one table per
 * family. The JSON, CSV and text writers, the report's catalogue, the ensemble rows,
 * summaries and merge, and the metric tables of docs/metrics.md iterate over these
 * tables: nothing lists metrics by hand. A row says what the metric is called, its unit,
 * which party a positive value favours, its usual range, whether it is an integer, where
 * docs/metrics.md defines it and how to read it; and how to get its value: a field of the
 * family's result struct (built-in metrics, computed together by the engine's kernels) or
 * a function of one plan's district totals (any metric, including one a caller
 * registers).
 *
 * Adding a built-in metric: compute it (a field of gm_partisan or gm_plan_scores, or a
 * gm_metric_fn), add its row to the family's table in engine/metrics/registry.c, and test
 * it; every output then has it. docs/architecture.md shows an example.
 *
 * Threading: the tables are read-only once scoring starts. gm_metric_register() changes
 * them: call it before any scoring, from one thread (not thread-safe). */
#ifndef GM_METRIC_H
#define GM_METRIC_H

#include "gm_partisan.h"
#include "gm_sink.h"

GM_BEGIN_DECLS

typedef enum gm_metric_family {
    GM_MF_PARTISAN = 0, /* plan-level partisan metrics of one plan (gm_partisan) */
    GM_MF_PLAN,         /* per-plan metrics of ensembles (gm_plan_scores) */
    GM_MF_COMPACT,      /* per-district compactness (gm_compact; offset = the
                           gm_compact_metric index: c->m[offset][district]) */
    GM_MF_DISTRICT,     /* per-district values of one plan (gm_district_values) */
    GM_MF_OPTIONAL,     /* templates of per-plan rows added when administrative layers or
                           population groups are named (gm_splits.h): "{admin}" and
                           "{group}" in a key stand for the layer's or group's name */
    GM_MF_COMPARE,      /* per-district values of a plan compared with another over the same
                           units (gm_compare_values, from gm_plan_compare) */
    GM_MF_COUNT
} gm_metric_family;

/* Which party a positive value favours, in the gerrymeter convention. */
typedef enum gm_metric_sign {
    GM_SIGN_NONE = 0,   /* unsigned: a count, a share or a shape favours no party */
    GM_SIGN_B           /* positive favours b, the second party named (R by default) */
} gm_metric_sign;

/* How a value is shown to people. */
typedef enum gm_metric_unit {
    GM_UNIT_NUMBER = 0, /* a plain number */
    GM_UNIT_SHARE,      /* a share of votes or seats (0.05 reads "5%") */
    GM_UNIT_COUNT,      /* districts, seats, edges */
    GM_UNIT_T,          /* a test statistic */
    GM_UNIT_RATIO,      /* a ratio of lengths or areas (compactness) */
    GM_UNIT_M2,         /* square metres */
    GM_UNIT_M           /* metres */
} gm_metric_unit;

/* Flags of a row. */
#define GM_MD_HEADER 0x1u   /* partisan: printed in the text header lines, not the table */
#define GM_MD_REPORT 0x2u   /* partisan: in the report's catalogue (what/usual needed) */
#define GM_MD_PLAN 0x4u     /* partisan: also scored for every plan of an ensemble */
#define GM_MD_SEATS 0x8u    /* plan: range 0..k (districts) instead of lo..hi */
#define GM_MD_EDGES 0x10u   /* plan: range 0..graph edges instead of lo..hi */
#define GM_MD_VOTES 0x20u   /* computed only with votes (NaN without); set for partisan rows
                               (plan: the rows repeated per election, gm_tally.h) */
#define GM_MD_PCT 0x40u     /* district: shown to people as a percentage */
#define GM_MD_PARTY_A 0x80u /* a value of the first party: its key ends in "_a", and the
                               column written (gm_metric_column) ends in that party's name
                               instead ("seats_a" -> "seats_D") */
#define GM_MD_PARTY_B 0x100u /* the same for the second party ("_b") */
#define GM_MD_RUN 0x200u    /* plan: the same for every plan of a run (it describes the
                               run's data, e.g. the statewide vote share): not charted; a
                               reader compares it with its own data */
#define GM_MD_ROWS2 0x400u  /* plan: a column of per-plan rows since rows version 2 (absent
                               from version-1 rows, which are still read) */

/* One plan's district totals: what a computed metric sees. */
typedef struct gm_metric_in {
    size_t k;                /* districts */
    const double *pop;       /* [k] population, or NULL */
    const double *a, *b;     /* [k] votes of the first two parties (never NULL for a
                                partisan or GM_MD_VOTES metric), or NULL */
    const double *area_m2;   /* [k] district areas from the unit graph, or NULL */
    const double *perim_m;   /* [k] district perimeters from the unit graph, or NULL */
    double cut_edges;        /* cut edges of the plan, NaN without a graph */
    size_t district;         /* GM_MF_DISTRICT: the district to compute (0..k-1) */
    const double *aux;       /* the plan's splits and demographics (gm_plan_extras_plan),
                                or NULL */
    const double *elections; /* the plan's values per election and of their composite
                                (gm_elections_register, gm_tally.h), or NULL */
    size_t n_elections;      /* values in elections[] */
} gm_metric_in;

/* A metric computed from district totals; NaN when undefined. ud: the row's ud. */
typedef double (*gm_metric_fn)(const gm_metric_in *in, void *ud);

typedef struct gm_metric_def {
    const char *key;         /* JSON key and CSV column ("efficiency_gap") */
    const char *label;       /* for people ("Efficiency gap") */
    const char *abbrev;      /* short column header for text tables, or NULL (label);
                                compactness: the rows that have one are the text table */
    gm_metric_unit unit;     /* how the value reads */
    gm_metric_sign sign;     /* which party a positive value favours */
    bool integer;            /* integer-valued (counts): no decimals, exact quantiles */
    double lo, hi;           /* usual range; ensemble histograms span it (see flags) */
    const char *anchor;      /* docs/metrics.md anchor, e.g. "efficiency-gap" */
    const char *reading;     /* how to read it: one sentence for people */
    const char *usual;       /* what values are usual, for the report (or NULL) */
    unsigned flags;          /* GM_MD_* */
    int offset;              /* byte offset of the double in the family's result struct
                                (gm_partisan, gm_plan_scores), or -1: use fn */
    int why_offset;          /* partisan: offset of a `const char *` saying why the value
                                is undefined (declination_why), or -1 */
    const char *why_key;     /* JSON key of that reason ("declination_why"), written once
                                after the first row that names it, or NULL */
    gm_metric_fn fn;         /* value from district totals when offset < 0 */
    void *ud;                /* passed to fn */
    int decimals;            /* digits shown to people (text tables; percentages count
                                percent digits), or -1: the writer's default */
} gm_metric_def;

/* Rows of a family, built-in first, then registered ones, in output order. */
size_t gm_metric_count(gm_metric_family f);
const gm_metric_def *gm_metric_get(gm_metric_family f, size_t i);
/* Row of a key, or NULL; *index (may be NULL) set to its position. */
const gm_metric_def *gm_metric_find(gm_metric_family f, const char *key, size_t *index);

/* Add a metric computed by def->fn (def->offset is ignored) at the end of family f. The
 * row is copied; its strings are borrowed and must outlive their use. A partisan metric
 * with GM_MD_PLAN is also added to the ensemble family (GM_MF_PLAN). Errors: GM_E_ARG
 * (no key or fn, key already present, table full). Not thread-safe: before scoring. */
gm_status gm_metric_register(gm_metric_family f, const gm_metric_def *def, gm_error *err);
/* Remove every registered row (built-in rows stay). */
void gm_metric_unregister_all(void);

/* The name a row is written under: its key, or for a per-party row (GM_MD_PARTY_A/B)
 * the key with its final "a"/"b" replaced by the party's name (party_a / party_b; NULL
 * keeps the letter). Characters of a name that would break a CSV header or a JSON key
 * (anything but letters, digits, '_', '-', '.') are written '_'. Returns buf (cap bytes;
 * the name is cut to fit). */
const char *gm_metric_column(const gm_metric_def *def, const char *party_a, const char *party_b,
                             char *buf, size_t cap);

/* Value of row def: the field of `result` (a gm_partisan or gm_plan_scores, by family)
 * or def->fn(in). result or in may be NULL when that source is not needed; NaN when the
 * source needed is missing. */
double gm_metric_value(const gm_metric_def *def, const void *result, const gm_metric_in *in);
/* Why the value is undefined (partisan rows with why_offset), else NULL. */
const char *gm_metric_why(const gm_metric_def *def, const void *result);

/* The partisan rows of a JSON document, as `score` and `partisan` write them (the CLI's
 * JSON, the Python module's dicts): every row of GM_MF_PARTISAN in registry order, the
 * value of p (in: the plan's district totals, for registered rows), each reason key
 * (why_key) once, after the first row it explains (partisan_json.c). */
void gm_partisan_json_metrics(const gm_json_out *o, const gm_partisan *p, const gm_metric_in *in);
/* "favours" (the party the efficiency gap favours), "positive_favours" and the object
 * "favours_by_metric" (every signed row: gm_lean_name, null when undefined). */
void gm_partisan_json_favours(const gm_json_out *o, const gm_partisan *p, const gm_metric_in *in,
                              const char *party_a, const char *party_b);
/* The values only p's convention reports, after the registry rows: GerryChain's
 * partisan_gini and mean_thirdian; redistmetrics' declination_simple, lopsided_wins,
 * dilution_asymmetry, talisman, smoothed_seat_deviation; DRA's scorecard as the object
 * "dra" under DRA's own names (bestS ... cDf); nothing under the others. */
void gm_partisan_json_convention(const gm_json_out *o, const gm_partisan *p);

/* ---- The ensemble family (GM_MF_PLAN): values held by gm_plan_scores ---------------- */

/* Upper bound on per-plan metrics (built-in + registered), and on registered ones, whose
 * values gm_plan_scores.extra holds. */
#define GM_PLAN_METRICS_MAX 112
#define GM_PLAN_EXTRA_MAX 96
/* Elections an ensemble run scores one by one beside their composite (gm_tally.h,
 * gm_elections_register): (8 + 1) x 7 rows, with room left for splits and groups. */
#define GM_ELECTIONS_MAX 8

/* One plan's scores. The partisan ones are the engine's (gm_partisan_batch_score, as in
 * gm_partisan_score): + favours party b, NaN = undefined. */
typedef struct gm_plan_scores {
    int64_t sample;          /* the plan's sample number */
    double seats_a;          /* districts a won (a > b; an exact tie counts 1/2) */
    double vote_share_a;     /* a's share of the two-party vote statewide (the same for
                                every plan of one election: it names the election) */
    double vote_share_b;     /* b's share, 1 - vote_share_a */
    double efficiency_gap;   /* wasted-vote EG */
    double mean_median;      /* mean - median of a's district shares */
    double partisan_bias;    /* 1/2 - a's seat share after a uniform swing to a 50 % turnout-
                                weighted share */
    double declination;      /* Warrington delta in [-1, 1]; NaN when a party wins no seat */
    double pop_dev;          /* max |pop - ideal| / ideal */
    double cut_edges;        /* graph edges joining two districts */
    double pp_mean;          /* mean Polsby-Popper over districts (from the graph) */
    double pp_min;           /* smallest district Polsby-Popper */
    double noncontiguous;    /* districts not contiguous on the graph (gm_contiguity_count) */
    double extra[GM_PLAN_EXTRA_MAX]; /* metrics registered with gm_metric_register, in
                                        registry order */
} gm_plan_scores;

/* ---- The district family (GM_MF_DISTRICT) ----------------------------------------- */

/* One district's values: the built-in rows of GM_MF_DISTRICT read these fields
 * (gm_district_values_get fills them from a tally and the district summary). */
typedef struct gm_district_values {
    double units;            /* units in the district */
    double population;       /* its population */
    double deviation;        /* population - ideal */
    double deviation_pct;    /* (population - ideal) / ideal; NaN when the ideal is 0 */
    double share;            /* a's two-party share; NaN without two-party votes */
} gm_district_values;

/* ---- The comparison family (GM_MF_COMPARE) ---------------------------------------- */

/* One district of a plan compared with another plan over the same units (`compare`,
 * the report's --compare section): the built-in rows of GM_MF_COMPARE read these fields
 * (gm_plan_compare_values fills them, gm_tally.h). Weights are population, or units when
 * the units have no population field. */
typedef struct gm_compare_values {
    double units;              /* units of the district */
    double population;         /* its weight */
    double shared_population;  /* the weight it shares with its best match in the other plan */
    double core_retention;     /* shared_population / population, in [0, 1]; NaN when empty */
    double unshared_population; /* population - shared_population: for a district of the first
                                  plan the weight moved to other districts, for one of the
                                  second the weight taken from other districts */
} gm_compare_values;

/* ---- The compactness family (GM_MF_COMPACT) --------------------------------------- */

/* Per-district measures, in the fixed order used for output columns and keys. */
typedef enum gm_compact_metric {
    GM_CM_AREA_M2 = 0,          /* area, square metres */
    GM_CM_PERIMETER_M,          /* perimeter, metres (holes included) */
    GM_CM_POLSBY_POPPER,        /* 4 pi A / P^2, in (0, 1] */
    GM_CM_SCHWARTZBERG,         /* P / (2 sqrt(pi A)) = 1/sqrt(PP), >= 1 (Schwartzberg 1965, DRA) */
    GM_CM_SCHWARTZBERG_INVERSE, /* 2 sqrt(pi A) / P = sqrt(PP), <= 1 (redistmetrics comp_schwartz)
                                 */
    GM_CM_REOCK,                /* A / area of the minimum bounding circle */
    GM_CM_CONVEX_HULL,          /* A / area of the convex hull */
    GM_CM_LENGTH_WIDTH,         /* width / length of the minimum-area rectangle, <= 1 */
    GM_CM_BOUNDING_BOX,         /* A / area of the minimum-area rectangle */
    GM_CM_POPULATION_POLYGON,   /* district pop / pop inside the convex hull */
    GM_CM_POPULATION_CIRCLE,    /* district pop / pop inside the minimum bounding circle */
    GM_CM_COUNT
} gm_compact_metric;


GM_END_DECLS
#endif /* GM_METRIC_H */
