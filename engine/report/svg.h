/* svg.h: writing SVG and HTML text safely.
 *
 * Everything that came from an input file (district labels, field names, paths, the
 * user's title) passes through gmi_xml_text() before it reaches the page, so markup in
 * a name shows as text. Numbers are written with a fixed number of decimals and no
 * trailing zeros, which keeps path data short. Engine-internal. */
#ifndef GM_REPORT_SVG_H
#define GM_REPORT_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "gerrymeter/gm_sink.h"

/* Write s with & < > " ' replaced by entities; safe in element text and in quoted
 * attribute values. Bytes below 0x20 other than tab and newline are dropped (XML 1.0
 * cannot hold them). NULL writes nothing. */
void gmi_xml_text(gm_sink *f, const char *s);

/* Write s for Markdown: the XML escapes above (but quotes, which need none once no
 * raw HTML can start) plus a backslash before the characters
 * Markdown gives a meaning (\ ` * _ [ ] # | ~), and newlines as spaces, so a name can
 * neither start a table cell, a link nor raw HTML. */
void gmi_md_text(gm_sink *f, const char *s);

/* Write s as a Markdown code span: a fence of backticks longer than any run inside s,
 * the text verbatim (a code span shows backslashes and entities literally, so nothing is
 * escaped; newlines become spaces, control bytes are dropped). */
void gmi_md_code(gm_sink *f, const char *s);

/* Format v with at most `dec` decimals, trailing zeros and "-0" removed, into buf.
 * Returns buf. NaN and infinities give "NaN" (never used inside path data). */
const char *gmi_num(double v, int dec, char *buf, size_t cap);

/* Percent with `dec` decimals: 0.1234 -> "12.3%" (dec 1). NaN gives "n/a". */
const char *gmi_pct(double v, int dec, char *buf, size_t cap);

/* gmi_num with thousands separators in the integer part: 662661.75 -> "662,661.8" (dec 1). */
const char *gmi_num_sep(double v, int dec, char *buf, size_t cap);

/* Integer with thousands separators: 1316470 -> "1,316,470". NaN gives "n/a". */
const char *gmi_int(double v, char *buf, size_t cap);

/* Open an <svg> element of the given size (viewBox 0 0 w h, width 100%), with an
 * accessible title (escaped) and a class for CSS. Close with gmi_svg_end(). */
void gmi_svg_begin(gm_sink *f, double w, double h, const char *cls, const char *title);
void gmi_svg_end(gm_sink *f);

/* A <text> element at (x, y), anchor "start" | "middle" | "end", escaped content. */
void gmi_svg_text(gm_sink *f, double x, double y, const char *anchor, const char *cls,
                  const char *text);

/* A line from (x1, y1) to (x2, y2) with a CSS class. */
void gmi_svg_line(gm_sink *f, double x1, double y1, double x2, double y2, const char *cls);

/* ---- label layout (svg_layout.c) --------------------------------------------------- */

/* An axis-aligned box in SVG user units, y down: x0 <= x1, y0 <= y1. */
typedef struct gmi_rect {
    double x0, y0, x1, y1;
} gmi_rect;

/* Where a text's box lies around its baseline, in em: the ascent above and the descent
 * below (DejaVu Sans, the widest of the common sans-serif fonts; Arial, Helvetica,
 * Segoe UI and Roboto fit inside). */
#define GMI_TEXT_ASCENT 0.93
#define GMI_TEXT_DESCENT 0.24

/* Estimated advance width of UTF-8 text s at font_px: the sum of per-character widths
 * (DejaVu Sans, rounded up; a character outside ASCII counts 1 em), times 1.12 for bold.
 * Every chart that places a label measures it with this one function. */
double gmi_text_width(const char *s, double font_px, bool bold);

/* The box of a one-line <text> at baseline (x, y) with text-anchor `anchor` ("start",
 * "middle", "end"). */
gmi_rect gmi_text_box(const char *s, double x, double y, const char *anchor, double font_px,
                      bool bold);

/* What labels must keep clear of: a frame they stay inside, boxes (tick labels, markers,
 * labels already placed, a legend) and polylines (curves). The arrays grow as needed; if
 * memory runs out, oom is set and later obstacles are not recorded. */
typedef struct gmi_layout {
    gmi_rect frame;
    gmi_rect *box;
    size_t n_box, cap_box;
    double *seg; /* [4 n_seg]: x0 y0 x1 y1 of each segment */
    size_t n_seg, cap_seg;
    bool oom;
} gmi_layout;

/* Labels keep this far (SVG units) from every obstacle and inside the frame. */
#define GMI_LABEL_PAD 3.0

void gmi_layout_init(gmi_layout *L, gmi_rect frame);
void gmi_layout_free(gmi_layout *L);
void gmi_layout_add_box(gmi_layout *L, gmi_rect r);
/* The polyline through xy[0..2n) (x, y pairs); non-finite points break it. */
void gmi_layout_add_line(gmi_layout *L, const double *xy, size_t n);
/* True when r, grown by GMI_LABEL_PAD, lies inside the frame and meets no box or
 * segment. */
bool gmi_layout_fits(const gmi_layout *L, gmi_rect r);
/* Place a w x h box near the point (ax, ay), at least `gap` from it: the free position
 * nearest the point (positions on a 2-unit grid over the frame). Returns true with the
 * box in *out, or false with the position that meets the fewest obstacles (nothing
 * fits). The box is not added to the layout: add it when it is drawn. */
bool gmi_layout_place(const gmi_layout *L, double ax, double ay, double w, double h, double gap,
                      gmi_rect *out);
/* Distance from (x, y) to the box r (0 inside), and the point of r nearest to it. */
double gmi_rect_dist(gmi_rect r, double x, double y, double *nx, double *ny);

/* ---- the box-plot chart (svg_boxplot.c) ------------------------------------------- */

/* The CSS of the classes the box plot draws with. The report page's stylesheet is built
 * from the same macros (page_html.c); a standalone chart embeds them. */
#define GMI_CSS_SMALL  ".small{font-size:11px;fill:#3b4350}"
#define GMI_CSS_GRID   ".grid{stroke:#e2e6ec;stroke-width:1}"
#define GMI_CSS_AXIS50 ".axis50{stroke:#5a6472;stroke-width:1;stroke-dasharray:4 3}"
#define GMI_CSS_PLANPT ".planpt{fill:#e08214;stroke:#fff;stroke-width:1}"
#define GMI_CSS_BOX                                                                            \
    ".box{fill:#d5dbe4;stroke:#8896aa}.whisker{stroke:#8896aa}"                                \
    ".median{stroke:#1d2430;stroke-width:1.5}"

/* The distribution at one position of a box plot: whisker ends, quartiles, median (in
 * 0..1, drawn from 0 % at the bottom to 100 % at the top). lo NaN: no box there. */
typedef struct gmi_box {
    double lo, q25, q50, q75, hi;
} gmi_box;

/* The one whisker convention of every box plot: the 5 % and 95 % quantiles (a streaming
 * ensemble summary keeps these, gm_summary_q; Tukey's 1.5 IQR fences would need every
 * value). The box is the middle half, 25-75 %. */
#define GMI_BOX_WHISKER_LO 0.05
#define GMI_BOX_WHISKER_HI 0.95

/* The convention in words, for the chart's key line and the page's note:
 * "box: the middle half of the plans (25–75 %); whiskers: 5–95 %; line: the median". */
const char *gmi_box_convention(char *buf, size_t cap);

typedef struct gmi_boxplot {
    const char *title;  /* the chart's title (escaped); a standalone chart also shows it */
    size_t k;           /* positions, left to right (district ranks) */
    const gmi_box *box; /* [k] */
    const double *dot;  /* [k] one plan's value at each position (NaN: none), or NULL */
    /* The tooltip of dot j into buf (plain text; escaped when written). */
    void (*dot_tip)(const void *ctx, size_t j, char *buf, size_t cap);
    const void *ctx;
    const char *note;    /* a line written where the dots would be (dot NULL), or NULL */
    const char *x_label; /* under the plot */
    const char *dots;    /* what the dots are ("this plan"), for the key line under the
                            axis label, which also states the box and whisker convention */
    bool standalone;     /* a file of its own: xmlns, the CSS above, a white background */
} gmi_boxplot;

/* The one box-plot chart (the report's sorted shares against an ensemble, and the
 * ensemble's --chart): per position a whisker, a box with a title giving the median and
 * middle half, a median line; the plan's dots; a key line. The share axis spans the
 * whiskers, the dots and 50 %, rounded out to grid lines every 5 or 10 points (the
 * plot's data-lo / data-hi), so the boxes are not squashed into a full 0-100 % axis. */
void gmi_svg_boxplot(gm_sink *f, const gmi_boxplot *b);

#endif
