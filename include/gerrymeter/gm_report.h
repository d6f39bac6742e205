/* gm_report.h: a report people read, as one self-contained HTML page or Markdown.
 *
 * gm_report_write() scores one plan (or two, side by side) from units and plans that
 * are already loaded, and writes: a headline in plain words; every partisan metric with
 * a one-sentence explanation, the party it favours and its usual values; a map of the
 * districts coloured by margin; the sorted district vote-share chart; the seats-votes
 * curve with the plan's point and its mirror; population and compactness tables;
 * histograms and a sorted-share box plot when an ensemble of per-plan scores is given;
 * and method notes. The HTML has inline CSS and SVG only: no script, no external
 * resource (a Content-Security-Policy forbids both). Text from input files is escaped.
 *
 * The numbers are those of `gerrymeter score` for the same inputs: the report calls
 * the same tally and metric functions. */
#ifndef GM_REPORT_H
#define GM_REPORT_H

#include <stdio.h>

#include "gm_control.h"
#include "gm_ensemble.h"
#include "gm_generate.h"
#include "gm_partisan.h"
#include "gm_plan.h"
#include "gm_results.h"
#include "gm_sink.h"

GM_BEGIN_DECLS

typedef enum gm_report_format {
    GM_REPORT_HTML = 0, /* one HTML file, inline CSS and SVG */
    GM_REPORT_MD        /* Markdown (tables and text; no pictures) */
} gm_report_format;

/* One plan to report: units (with votes, population and, for the map, geometry) and
 * the plan over them. Borrowed for the duration of gm_report_write(). */
typedef struct gm_report_plan {
    const gm_units *units; /* at least two parties for the partisan sections */
    const gm_plan *plan;
    const char *name; /* heading, e.g. "Enacted plan"; NULL = the plan's source */
    const int *declared_winner; /* [k] or NULL: each district's declared winner (a party
                                   index, GM_WINNER_OTHER or GM_WINNER_NONE; a results
                                   table's winner column, gm_results.winner), which decides
                                   the seat of a district without votes
                                   (gm_district_winners_declared) */
    const gm_plan_extras *extras; /* administrative splits and demographics (gm_splits.h)
                                     of these units, or NULL: the page's "Splits and
                                     demographics" section (engine/report/page_splits.c) */
} gm_report_plan;

typedef struct gm_report_opts {
    gm_report_format format;
    const char *title;         /* page title; NULL = "Redistricting plan report" */
    const char *source_note;   /* where the data came from, in the user's words; or NULL */
    const char *ensemble;      /* per-plan scores CSV (docs/report.md), or NULL */
    double map_px;             /* map width in SVG units (CSS pixels at 100%); 0 = 640 */
    double impute_uncontested; /* 0 = off (votes as reported); else the winner share in
                                  (0.5, 1] given to uncontested races before any share or
                                  metric is computed (gm_impute_uncontested) */
    /* How the caller's own interface names two inputs, shown in the method notes next to
     * the condition they change (NULL: not named). The CLI passes its options. */
    const char *hint_votes;    /* where votes are given ("--votes") */
    const char *hint_impute;   /* how uncontested races are imputed ("--impute-uncontested") */
    /* The caller's own warnings about its inputs, or NULL. The page shows them at the top
     * with those of each plan's units, plan and compactness and the report's own. */
    const gm_warnings *warnings;
    gm_warnings *shown;        /* when not NULL, receives every warning the page shows */
    bool full_paths;           /* false (default): file paths on the page are cut to their
                                  file names, so a published page reveals no local
                                  directories; true: shown as given */
} gm_report_opts;

/* Defaults: HTML, no title, no note, no ensemble, 640 px map. */
void gm_report_opts_init(gm_report_opts *o);

/* Write the report of n (1 or 2) plans to f. The unit geometry is used for the map and
 * compactness when loaded (spec.load_geometry); without it those sections say so.
 * Errors: GM_E_ARG (n not 1 or 2, plans of different unit layers), GM_E_DATA (bad
 * votes, naming the district), GM_E_IO / GM_E_FORMAT (ensemble CSV, naming the file
 * and line), GM_E_GEOM (a district outline cannot be built). Nothing is written to f
 * before every plan has been scored; on error f may hold a partial page, so write to
 * a temporary file (gm_atomic_open) and discard it. */
gm_status gm_report_write(FILE *f, const gm_report_plan *plans, size_t n, const gm_report_opts *o,
                          gm_error *err);
/* The same, to any sink (gm_sink.h); a failed write is reported with its status. */
gm_status gm_report_write_sink(gm_sink *s, const gm_report_plan *plans, size_t n,
                               const gm_report_opts *o, gm_error *err);

/* District-level results alone (no geography): units that are the districts of group
 * g of res, one unit per row, and the plan that puts each in its own district (labels
 * from the district column, in file order). party[0..np) names the parties and col
 * their columns (as given to gm_results_read, np = res->n_parties). The report then
 * has every partisan section but no map, population or compactness. Both outputs are
 * owned by the caller (gm_units_destroy, gm_plan_destroy). Errors: GM_E_ARG (g out of
 * range), GM_E_NOMEM. */
gm_status gm_report_units_from_results(const gm_results *res, size_t g, const char *const *party,
                                       const char *const *col, gm_units **u, gm_plan **p,
                                       gm_error *err);

/* ---- Ensemble summaries (engine/report/ensemble_out.c) ------------------------------ */

/* The summary of an ensemble run as JSON (docs/ensembles.md, "Summary"): plans,
 * districts, party_a/party_b (the names of the summary's parties a and b), and for every
 * per-plan metric (keyed by its column: "seats_D") and every rank of the sorted shares
 * n, mean, sd, min, max, quantiles, a 20-bin histogram and, with a reference plan, its
 * value and percentile; last the run's warnings (may be NULL: none) as "warnings":
 * [{"code", "message"}]. Writes to the caller's stream; GM_E_IO when it reports a
 * write error. */
gm_status gm_ens_summary_write_json(FILE *f, const gm_ens_summary *s, const char *party_a,
                                    const char *party_b, const gm_warnings *warnings,
                                    gm_error *err);
/* The sorted-district-share chart: its numbers as CSV
 * (rank,n,q01,...,q99,mean,reference,reference_percentile) and the picture as SVG (box
 * 25-75 %, whiskers 5-95 %, median, the reference plan as dots: the report's box plot as a
 * file of its own). */
gm_status gm_ens_chart_write_csv(FILE *f, const gm_ens_summary *s, gm_error *err);
gm_status gm_ens_chart_write_svg(FILE *f, const gm_ens_summary *s, const char *party_a,
                                 gm_error *err);

/* ---- Pages and charts of other commands -------------------------------------------- */

/* Seats-votes chart (engine/report/svg_seatsvotes.c) as a standalone SVG document (*svg
 * is malloc'd, caller frees): party a's curve over the grid of o (swing, seat rule,
 * sigma, lo..hi), the curve mirrored through (1/2, 1/2) (what b would win at the same
 * share; a fair map has the two curves on top of each other), the 50% lines, and the
 * plan's actual point (V, S). v[0..k) are a's shares of the districts with votes. title
 * may be NULL. */
gm_status gm_svg_seats_votes(const double *v, size_t k, double V, double S, const gm_partisan_opts *o,
                             const char *title, const char *party_a, const char *party_b,
                             char **svg, gm_error *err);

/* Who drew the map (gm_control.h) as a self-contained HTML page (inline CSS and SVG,
 * no scripts, no external files; engine/report/control_html.c): the grouped table, one
 * bar chart per group of net seats by year, and the per-state table. *html is malloc'd
 * (caller frees) and NUL-terminated. */
gm_status gm_control_html(const gm_control_result *r, const char *title, char **html,
                          gm_error *err);

/* Who holds the pen (gm_pen_analyze) as a self-contained HTML page (engine/report/
 * pen_html.c): national state legislative seats per NCSL table with the legislatures and
 * trifectas, the net change from table `from` to table `to` (both in r), and the pen of
 * each cycle with the seats each drew. *html is malloc'd (caller frees). GM_E_ARG when
 * from or to is not a table year of r. */
gm_status gm_pen_html(const gm_pen_result *r, int from, int to, const char *title, char **html,
                      gm_error *err);

/* A chamber under several plans and elections (gerrymeter control chamber) as a
 * self-contained HTML page (engine/report/chamber_html.c): per row, a lane of party a's
 * vote share with the zones where each party holds the majority under a uniform swing (the
 * thresholds of gm_chamber_score) and the actual vote marked, and the table of seats,
 * thresholds and flip swings side by side. *html is malloc'd (caller frees). */
typedef struct gm_chamber_table {
    size_t n;
    const char *const *label;     /* [n] row names ("2022 GOV", "2014") */
    const gm_chamber_row *row;    /* [n] */
    const char *party_a, *party_b; /* names ("D", "R") */
    const char *source;           /* the input (its file name is shown) */
    const char *uncontested;      /* the uncontested-race treatment, one phrase */
    const gm_warnings *warnings;  /* shown in a "Read with care" box; may be NULL */
} gm_chamber_table;

gm_status gm_chamber_html(const gm_chamber_table *t, const char *title, char **html,
                          gm_error *err);

/* The trace chart of generated chains: one panel per per-plan metric (the registry's
 * plan family, in its order; d must have been created with that many metrics), one line
 * per chain over the sample number, with each metric's split R-hat and ESS. A standalone
 * SVG. GM_E_IO when a write fails. */
gm_status gm_report_trace_svg(FILE *out, const gm_gen_diag *d, gm_error *err);

GM_END_DECLS
#endif /* GM_REPORT_H */
