/* report.h: the report's model (everything computed about one plan before any page
 * is written) and the renderers that turn it into SVG, HTML and Markdown.
 * Engine-internal. */
#ifndef GM_REPORT_INT_H
#define GM_REPORT_INT_H

#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_report.h"
#include "gerrymeter/gm_sink.h"
#include "gerrymeter/gm_tally.h"

/* Layer name of the units made from district-level results (results_units.c). */
#define GMI_RESULTS_LAYER "district results"

/* Winner codes in gmi_rplan.winner: a party index (0 = a, 1 = b, 2.. = other parties
 * named) or GM_WINNER_NONE / GM_WINNER_TIE (gm_district_winner, gm_tally.h). */
enum { GMI_WIN_A = 0, GMI_WIN_B = 1, GMI_WIN_NONE = GM_WINNER_NONE, GMI_WIN_TIE = GM_WINNER_TIE };

/* District outlines for the map, in SVG user units (y down). */
typedef struct gmi_map {
    double w, h;            /* viewBox size */
    char **d;               /* [k] path data ("M.. ..Z"), NULL when the district has no area */
    double *lx, *ly;        /* [k] label anchor (a point inside the district) */
    double *lw;             /* [k] width of the district's bounding box, for label sizing */
    double tol_m;           /* simplification tolerance used, metres */
    size_t vertices;        /* vertices written, all districts */
    bool coverage;          /* true: borders simplified once, shared by both neighbours */
    struct gmi_map *inset;  /* enlarged view of the most crowded area, or NULL (owned) */
    double ix0, iy0, iside; /* the inset's window on this map, SVG units */
} gmi_map;

/* Font size of district d's label on map m (0: too small to label). */
double gmi_label_font(const gmi_map *m, size_t d, const char *label);

/* Everything the page says about one plan. */
typedef struct gmi_rplan {
    const gm_units *u;
    const gm_plan *p;
    const char *name; /* heading */
    gm_tally *t;      /* owned */
    gm_popdev pd;
    bool have_pop;          /* a population field was read: the population sections exist */
    bool partisan;          /* at least two parties: the partisan sections exist */
    gm_partisan ps;         /* gm_partisan_score of parties 0 and 1 */
    double *share;          /* [k] a's two-party share, NaN without votes */
    int *winner;            /* [k] party index or GMI_WIN_NONE / GMI_WIN_TIE (plurality) */
    unsigned char *uncontested; /* [k] exactly one of a, b is 0 (gm_district_summary) */
    size_t *order;          /* [k] districts by ascending share (NaN last) */
    double impute;          /* winner share given to uncontested races, or 0 (off) */
    double *ia;             /* [2k] imputed votes of parties 0 and 1 (impute > 0), owned */
    unsigned char *imputed; /* [k] 1 = changed by the imputation (impute > 0), owned */
    size_t n_imputed;       /* districts changed */
    bool have_map;
    gmi_map map;
    struct gm_compact *cp; /* compactness (gm_compact_from_plan), owned; NULL when absent */
    struct gm_contiguity *contig; /* pieces per district on the unit graph, owned; NULL when
                                     not checked (no geometry, or the graph failed) */
    const struct gm_graph *graph; /* the unit graph while the model is built, else NULL */
    char geo_note[512];    /* why the map or compactness is missing, or "" */
    gm_warnings warnings;  /* the units', the plan's, compactness' and the model's own */
} gmi_rplan;

/* Build the model of one plan. impute > 0 gives uncontested races that winner share
 * (gm_impute_uncontested) before shares and metrics are computed. */
gm_status gmi_rplan_build(const gm_report_plan *in, double map_px, double impute, gmi_rplan *r,
                          gm_error *err);
void gmi_rplan_free(gmi_rplan *r);

/* One sentence on the districts' contiguity for the pages: all contiguous, which are not,
 * or why it was not checked ("" for district-level results, which have no units). */
void gmi_contiguity_sentence(const gmi_rplan *r, char *buf, size_t cap);

/* The plan's geography (the units carry geometry): dissolve the units into districts
 * once, then draw the map's outlines (r->map, r->have_map; borders simplified, projected
 * to SVG, map_px wide) and measure compactness (r->cp) from the same districts. What
 * cannot be done is said in r->geo_note; the numbers never depend on it. */
void gmi_rplan_geography(gmi_rplan *r, double map_px);
void gmi_map_free(gmi_map *m, size_t k);

/* Ensemble of per-plan scores read from a CSV (docs/report.md). */
#define GMI_ENS_MAX_METRICS 12
typedef struct gmi_ensemble {
    char *path; /* as given (owned copy) */
    size_t n;   /* plans (rows) */
    size_t n_metrics;
    char *metric[GMI_ENS_MAX_METRICS];  /* column names (owned) */
    double *value[GMI_ENS_MAX_METRICS]; /* [n] per metric; NaN = empty cell */
    size_t k;                           /* sorted-share columns (0 = none) */
    double *shares;                     /* [n * k], row-major, each row sorted ascending */
} gmi_ensemble;

gm_status gmi_ensemble_read(const char *path, gmi_ensemble *e, gm_error *err);
void gmi_ensemble_free(gmi_ensemble *e);

/* Charts. Each writes one complete <svg>. */
void gmi_chart_map(gm_sink *f, const gmi_rplan *r);
void gmi_chart_map_inset(gm_sink *f, const gmi_rplan *r); /* needs r->map.inset */
void gmi_chart_map_legend(gm_sink *f, const gmi_rplan *r);
void gmi_chart_shares(gm_sink *f, const gmi_rplan *r);
/* Seats-votes curve: gm_svg_seats_votes (engine/report/svg_seatsvotes.c) of the
 * plan's district shares, default options; writes a note instead when it fails. */
void gmi_chart_seats_votes(gm_sink *f, const gmi_rplan *r);
/* Histogram of v[0..n) with the plan's value marked (NaN: no mark). */
void gmi_chart_histogram(gm_sink *f, const char *title, const double *v, size_t n,
                         double plan_value, bool integer_bins);
/* Box plot of the ensemble's sorted shares by rank, with the plan's sorted shares. */
void gmi_chart_boxplot(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r);

/* CSS class of a district share on the diverging 8-step margin scale ("m0".."m7";
 * "mt" exact tie, "mn" no votes). The page CSS gives each class its fill. */
const char *gmi_margin_class(double share);
/* Fill colour of class "m<i>" (i in 0..7) and its share range, for legends and CSS. */
const char *gmi_margin_fill(int i);
void gmi_margin_range(int i, double *lo, double *hi);

/* Party display names: "D" -> "Democrats", "R" -> "Republicans", otherwise the name. */
const char *gmi_party_plural(const char *name);

/* Page writers. */
/* Every warning of the page: the caller's (o->warnings) and each plan's, once each. */
gm_status gmi_report_warnings(const gmi_rplan *r, size_t n, const gm_report_opts *o,
                              gm_warnings *out);

gm_status gmi_page_html(gm_sink *f, gmi_rplan *r, size_t n, const gmi_ensemble *e,
                        const gm_report_opts *o, gm_error *err);
gm_status gmi_page_md(gm_sink *f, gmi_rplan *r, size_t n, const gmi_ensemble *e,
                      const gm_report_opts *o, gm_error *err);

/* Metric catalogue: the text of the metric table, shared by both pages. */
typedef struct gmi_metric_info {
    const char *key;     /* JSON-style key, e.g. "efficiency_gap" */
    const char *name;    /* "Efficiency gap" */
    const char *explain; /* one sentence */
    const char *usual;   /* what values are usual */
    bool signed_metric;  /* true: the sign names the favoured party (+ favours b) */
    bool percent;        /* shown as a percentage */
} gmi_metric_info;

/* The metrics the report explains, in order: the partisan registry rows marked
 * GM_MD_REPORT (gm_metric.h). Fills up to cap entries; returns the count. */
size_t gmi_metric_list(gmi_metric_info *out, size_t cap);
double gmi_metric_value(const gmi_rplan *r, const char *key);
/* Why a metric is undefined for this plan (static string), or NULL. */
const char *gmi_metric_why(const gmi_rplan *r, const char *key);

/* The party favoured by a signed value, or "neither"; NULL when undefined (the engine's
 * one rule, gm_lean_name). */
const char *gmi_favours(const gmi_rplan *r, double v);
/* Name of district d's winner: a party, "tie", or `none` (no votes). */
const char *gmi_winner_name(const gmi_rplan *r, size_t d, const char *none);

/* Headline in plain words into buf (no markup). */
void gmi_headline(const gmi_rplan *r, char *buf, size_t cap);

#endif
