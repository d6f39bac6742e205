/* report.h: the report's model (everything computed about one plan before any page
 * is written) and the renderers that turn it into SVG, HTML and Markdown.
 * Engine-internal. */
#ifndef GM_REPORT_INT_H
#define GM_REPORT_INT_H

#include "gerrymeter/gm_driver.h"
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
    double declared_a;      /* seats of party a decided by a declared winner (in ps.seats_a,
                               not in any share) */
    bool have_map;
    gmi_map map;
    struct gm_compact *cp; /* compactness (gm_compact_from_plan), owned; NULL when absent */
    struct gm_contiguity *contig; /* pieces per district on the unit graph, owned; NULL when
                                     not checked (no geometry, or the graph failed) */
    const struct gm_graph *graph; /* the unit graph while the model is built, else NULL */
    char geo_note[512];    /* why the map or compactness is missing, or "" */
    gm_warnings warnings;  /* the units', the plan's, compactness' and the model's own */
    const gm_plan_extras *extras; /* splits and demographics, or NULL (page_splits.c) */
    gm_plan_compare *cmp;  /* the second plan of a report of two over one unit layer: how it
                              redraws the first (gm_plan_compare_compute), owned; else NULL */
} gmi_rplan;

/* Build the model of one plan. impute > 0 gives uncontested races that winner share
 * (gm_impute_uncontested) before shares and metrics are computed. */
gm_status gmi_rplan_build(const gm_report_plan *in, double map_px, double impute, gmi_rplan *r,
                          gm_error *err);
void gmi_rplan_free(gmi_rplan *r);

/* The section "How the second plan redraws the first" (page_compare.c) of a report of two
 * plans r[0], r[1] whose r[1].cmp is set (nothing otherwise): people moved, and core
 * retention of every district both ways; HTML or Markdown. */
void gmi_compare_section(gm_sink *f, const gmi_rplan *r, bool html);

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
    int row[GMI_ENS_MAX_METRICS];       /* registry row (GM_MF_PLAN) the reader matched
                                           the column to by its key, or -1 */
    double ref[GMI_ENS_MAX_METRICS];    /* the reference row's value ("reference" in the
                                           plan column), NaN without one */
    size_t k;                           /* sorted-share columns (0 = none) */
    double *shares;                     /* [n * k], row-major, each row sorted ascending */
    /* what the rows say they were scored with (rows of `ensemble score`) */
    gm_rows_info info;                  /* metadata ("# " lines); version 1 without */
    double vote_share[2];               /* the statewide shares of the vote_share columns,
                                           NaN without them */
    bool has_ref;                       /* a "reference" row (plan column) */
    char swapped[80];                   /* without metadata: a column named for the parties
                                           in the other order ("seats_R"), or "" */
    double *ref_shares;                 /* [k] its shares, sorted ascending (owned) */
    /* The reported plan scored as the ensemble's rows are (gmi_ensemble_score_plan). */
    gm_plan_scores plan;
    bool have_plan;  /* plan holds the scores */
    bool plan_graph; /* with the unit graph: cut edges and Polsby-Popper are defined */
} gmi_ensemble;

/* pa, pb: the report's parties, which name the per-party columns of a file whose
 * metadata does not (may be NULL). */
gm_status gmi_ensemble_read(const char *path, const char *pa, const char *pb, gmi_ensemble *e,
                            gm_error *err);
void gmi_ensemble_free(gmi_ensemble *e);

/* Check that the rows were scored like the report's plan r: on its units in the same
 * order (the rows' "unit order" line, gm_units_check_order), the same number of
 * districts, the parties in the same order, the same vote fields and statewide vote
 * share, and (when the rows' reference plan is r's plan) the same district shares.
 * GM_E_DATA naming the file and both values on a mismatch. Rows that do not record
 * what they were scored with (older or hand-made files) and cannot be checked by their
 * reference row give a warning in r->warnings ("rows_unchecked"). */
gm_status gmi_ensemble_check(const gmi_ensemble *e, gmi_rplan *r, gm_error *err);

/* Score the reported plan r as `ensemble score` scores every plan (gm_score_one, the
 * reference implementation of the batch kernel, on the plan's unit assignment, with the
 * votes as reported: an ensemble is not imputed), into e->plan. Cut edges and
 * Polsby-Popper need the unit graph: it is built from the layer's geometry with the
 * default options (as `--graph auto`); without geometry they stay NaN. Only running out
 * of memory is an error; a plan that cannot be scored leaves have_plan false. */
gm_status gmi_ensemble_score_plan(gmi_ensemble *e, const gmi_rplan *r, gm_error *err);

/* One ensemble column as the report shows it. */
typedef struct gmi_ens_col {
    char label[160];     /* for people: the registry's label with the parties named, or
                            the column's name when the registry has no row for it */
    gm_metric_unit unit; /* how its values read */
    double plan;         /* the reported plan's value; NaN when it cannot be given */
    const char *why;     /* static text: why plan is NaN, or NULL */
} gmi_ens_col;

/* Describe column m of e for plan r. The column is matched to the registry by its key
 * (seats_a, efficiency_gap, pp_min...), by a party-named form of a first-party key
 * (seats_D for seats_a, seats_R for the second party's seats, vote_share_D), or by a
 * plan-level partisan key (vote_share, lopsided_t...). The plan's value comes from
 * e->plan (the ensemble family), from r's partisan scores (the partisan family), and
 * otherwise from the file's reference row. */
void gmi_ens_describe(const gmi_ensemble *e, size_t m, const gmi_rplan *r, gmi_ens_col *out);

/* Charts. Each writes one complete <svg>. */
void gmi_chart_map(gm_sink *f, const gmi_rplan *r);
void gmi_chart_map_inset(gm_sink *f, const gmi_rplan *r); /* needs r->map.inset */
void gmi_chart_map_legend(gm_sink *f, const gmi_rplan *r);
void gmi_chart_shares(gm_sink *f, const gmi_rplan *r);
/* Seats-votes curve: gm_svg_seats_votes (engine/report/svg_seatsvotes.c) of the
 * plan's district shares, default options; writes a note instead when it fails. */
void gmi_chart_seats_votes(gm_sink *f, const gmi_rplan *r);
/* How the seats-votes curve of options o is computed and drawn, one plain-text phrase
 * for the method notes (the swing, the seat rule, the range, exact steps or the grid
 * spacing, all from o). */
void gmi_sv_method(const gm_partisan_opts *o, char *buf, size_t cap);
/* Histogram of one per-plan score across an ensemble. */
typedef struct gmi_hist {
    const char *title;   /* accessible title */
    gm_metric_unit unit; /* how values read: shares in percent, counts whole */
    const double *v;     /* [n] values, NaN = undefined for that plan */
    size_t n;
    double plan; /* the reported plan's value, marked; NaN: no mark */
    const char *why; /* why there is no mark (plan NaN), or NULL */
} gmi_hist;
/* The histogram (bins: charts_ens.c, Freedman-Diaconis; docs/report.md), value ticks,
 * the plan's line with a "this plan" label, and a caption: the plan's value and how many
 * plans lie below and at it. */
void gmi_chart_histogram(gm_sink *f, const gmi_hist *h);
/* One <figure> per column of e: its label (gmi_ens_describe) and histogram. */
void gmi_chart_ens_hists(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r);
/* Box plot of the ensemble's sorted shares by rank, with the plan's sorted shares. */
void gmi_chart_boxplot(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r);

/* ---- party colours (colours.c): one rule for every chart, legend and map ---------- */

/* Which party a name is comes from gm_party_kind_of (gm_units.h, units/party.c). */

/* Colour families, each a ramp of four steps from light (0) to dark (3). */
typedef enum { GMI_HUE_BLUE, GMI_HUE_RED, GMI_HUE_PURPLE, GMI_HUE_ORANGE, GMI_HUE_N } gmi_hue;

/* The hues of the two parties a and b of a page, by name whatever their order:
 * Democratic blue, Republican red; another name purple or orange (never the other
 * party's hue; two unknown names: a purple, b orange). */
void gmi_party_hues(const char *a, const char *b, gmi_hue *ha, gmi_hue *hb);
/* "#rrggbb" of step 0..3 of hue h. */
const char *gmi_hue_colour(gmi_hue h, int step);
/* The strong (darkest) colour of party `name` when drawn against party `other` (lines,
 * bars, markers): gmi_party_hues(name, other) step 3. */
const char *gmi_party_colour(const char *name, const char *other);

/* CSS class of a district's share for party a on the diverging 8-step margin scale
 * ("m0".."m7", m7 = a's safest; "mt" exact tie, "mn" no votes). */
const char *gmi_margin_class(double share);
/* Fill of class "m<i>" (i in 0..7) for parties a and b: m0..m3 b's ramp from dark to
 * light, m4..m7 a's from light to dark. */
const char *gmi_margin_fill(const char *a, const char *b, int i);
/* Share range [lo, hi) of class "m<i>". */
void gmi_margin_range(int i, double *lo, double *hi);
/* CSS rules "<scope> .m<i>{fill:...}" for the eight classes (scope may be NULL). */
void gmi_margin_css(gm_sink *f, const char *scope, const char *a, const char *b);

/* Party display names: "D" -> "Democrats", "R" -> "Republicans", otherwise the name. */
const char *gmi_party_plural(const char *name);

/* Page writers. */
/* Every warning of the page: the caller's (o->warnings) and each plan's, once each. */
gm_status gmi_report_warnings(const gmi_rplan *r, size_t n, const gm_report_opts *o,
                              gm_warnings *out);

/* The section on administrative splits and demographics of the plans that have them
 * (page_splits.c): HTML, or Markdown with md. Nothing when none has. */
void gmi_splits_section(gm_sink *f, const gmi_rplan *r, size_t n, bool md);
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

/* ---- directions: the one wording rule (text.c), used by every page -------------------
 *
 * A signed metric "favours" a party only when nothing says its direction is noise:
 *  - one district with votes (at large): no district lines, no direction (shown "–");
 *  - Wang's lopsided-outcomes test with p >= GMI_SIGNIFICANT_P: "no clear direction";
 *  - with an ensemble that has the metric's column, a plan between the ensemble's
 *    GMI_ENSEMBLE_TAIL and 100 - GMI_ENSEMBLE_TAIL percentiles: "typical of the ensemble";
 *  - the efficiency gap of a plan with fewer than GMI_SMALL_PLAN districts: "leans D;
 *    with 2 districts it mostly measures the vote share".
 * The headline names the efficiency gap only when the measures agree: when two of them
 * point to different parties it says so and lists both sides; with fewer than
 * GMI_SMALL_PLAN districts (one seat then moves the gap by more than 16 points, twice the
 * usual 7-8 % threshold) it says the gap mostly measures the vote share. */
#define GMI_SIGNIFICANT_P GM_SIGNIFICANT_P
#define GMI_ENSEMBLE_TAIL 5.0
#define GMI_SMALL_PLAN    7

enum { GMI_WEAK_NONE = 0, GMI_WEAK_P, GMI_WEAK_ENSEMBLE, GMI_WEAK_ONE_DISTRICT, GMI_WEAK_SMALL };
typedef struct gmi_verdict {
    gm_lean lean;      /* the value's sign (gm_lean_of); UNDEFINED when NaN or unsigned */
    const char *party; /* the party it leans to, or NULL */
    int weak;          /* GMI_WEAK_*: why the direction is not stated as "favours" */
    double p;          /* lopsided outcomes' p-value, else NaN */
    double pctl;       /* the plan's percentile in the ensemble (0..100), else NaN */
    size_t n_ens;      /* ensemble plans, 0 without one */
    size_t k;          /* districts with votes (GMI_WEAK_SMALL) */
} gmi_verdict;

/* One district with votes: the signed metrics measure no lines (NaN on the page). */
bool gmi_at_large(const gmi_rplan *r);
/* The verdict of signed partisan metric `key` for the plan; e: the ensemble compared
 * with this plan, or NULL. */
gmi_verdict gmi_metric_verdict(const gmi_rplan *r, const gmi_ensemble *e, const char *key);
/* "favours D", "favours neither", "no clear direction" (p shown beside it), "leans D;
 * typical of the ensemble (38th percentile)", "leans D; with 2 districts it mostly
 * measures the vote share"; NULL when there is nothing to say. Uses buf. */
const char *gmi_verdict_text(const gmi_verdict *v, char *buf, size_t cap);

/* s as a published page shows it: unless o->full_paths, every word of s that is a file
 * path ("/home/me/data/mn.zip", "C:\\x\\y.csv") is cut to its file name ("mn.zip");
 * URLs stay whole. Returns s itself when nothing changes, else buf. */
const char *gmi_public_text(const gm_report_opts *o, const char *s, char *buf, size_t cap);

/* The labels of the districts with no two-party votes ("32B, 60A"), each written with
 * `text` (the page's escaper); past GMI_LIST_MAX, " and N more". */
#define GMI_LIST_MAX 20
void gmi_no_vote_districts(gm_sink *f, const gmi_rplan *r, void (*text)(gm_sink *, const char *));

/* Headline in plain words into buf (no markup); e: the ensemble compared with r, or NULL. */
void gmi_headline(const gmi_rplan *r, const gmi_ensemble *e, char *buf, size_t cap);

/* The majority section of the control page (control_majority_html.c): each year's
 * seats-votes curve with the majority line and thresholds, and their table. */
void gmi_control_majority_html(gm_sink *s, const gm_control_result *r);

#endif
