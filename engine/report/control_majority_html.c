/* control_majority_html.c: the majority section of the `gerrymeter control` page: the
 * national seats-votes curve of every election year under the maps in force (uniform
 * swing, first past the post: the engine's exact step functions, gm_seats_votes), with the
 * majority line and each year's thresholds marked; one small chart per year of the curves
 * of the districts each drawer group drew; and the table of thresholds and flip swings. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_partisan.h"
#include "report/report.h"
#include "report/svg.h"

#define CW 640.0   /* chart width, px */
#define CH 380.0   /* chart height */
#define CL 56.0    /* left margin */
#define CR 16.0
#define CT 28.0
#define CB 44.0
#define X0 0.40    /* D's national share shown */
#define X1 0.60
#define Y0 0.30    /* D's seat share shown */
#define Y1 0.70

static double cx(double x)
{
    return CL + (x - X0) / (X1 - X0) * (CW - CL - CR);
}

static double cy(double s)
{
    return CT + (Y1 - s) / (Y1 - Y0) * (CH - CT - CB);
}

/* Greys from light (first year) to black (last). */
static void year_colour(size_t i, size_t n, char *buf, size_t cap)
{
    int g = n > 1 ? (int)(170 - 170 * (double)i / (double)(n - 1)) : 0;
    snprintf(buf, cap, "#%02x%02x%02x", g, g, g);
}

/* A frame of a chart: its box and margins (px) and the shares shown. */
typedef struct frame {
    double w, h, l, r, t, b;
    double x0, x1, y0, y1;
} frame;

static double fx(const frame *f, double x)
{
    return f->l + (x - f->x0) / (f->x1 - f->x0) * (f->w - f->l - f->r);
}

static double fy(const frame *f, double y)
{
    return f->t + (f->y1 - y) / (f->y1 - f->y0) * (f->h - f->t - f->b);
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* The points of a polyline drawing the step function c (seat share = seats / k) over the
 * frame's shares: flat between steps, vertical at each. */
static void step_points(gm_sink *s, const frame *f, const gm_seats_votes *c)
{
    double k = c->k ? (double)c->k : 1.0, y = c->seats_start / k;
    gm_sink_printf(s, "%.1f,%.1f", fx(f, f->x0), fy(f, clamp(y, f->y0, f->y1)));
    for (size_t i = 0; i < c->n_steps; i++) {
        double x = c->share[i], y2 = c->seats[i] / k;
        if (x > f->x1) break;
        if (x > f->x0)
            gm_sink_printf(s, " %.1f,%.1f %.1f,%.1f", fx(f, x), fy(f, clamp(y, f->y0, f->y1)),
                           fx(f, x), fy(f, clamp(y2, f->y0, f->y1)));
        y = y2;
    }
    gm_sink_printf(s, " %.1f,%.1f", fx(f, f->x1), fy(f, clamp(y, f->y0, f->y1)));
}

static void curve_chart(gm_sink *s, const gm_control_result *r)
{
    gm_sink_printf(s,
                   "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
                   "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Seats-votes "
                   "curves of the House by year\">\n<rect width=\"100%%\" height=\"100%%\" "
                   "fill=\"white\"/>\n",
                   CW, CH, CW, CH);
    for (int p = 40; p <= 60; p += 5) { /* vote grid */
        gm_sink_printf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d%%</text>\n",
                       cx(p / 100.0), cy(Y0), cx(p / 100.0), cy(Y1), cx(p / 100.0), cy(Y0) + 16, p);
    }
    for (int p = 30; p <= 70; p += 10) { /* seat grid */
        gm_sink_printf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
                       cx(X0), cy(p / 100.0), cx(X1), cy(p / 100.0), cx(X0) - 4, cy(p / 100.0) + 4, p);
    }
    /* the majority line: m of k seats (218 of 435) */
    double maj = r->n_years && r->years[0].seats_total
                     ? (double)r->years[0].majority_seats / (double)r->years[0].seats_total
                     : 0.5;
    gm_sink_printf(s, "<line class=\"majority\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"black\" stroke-dasharray=\"4,3\"/><text x=\"%.1f\" y=\"%.1f\" "
                      "text-anchor=\"end\">majority</text>\n",
                   cx(X0), cy(maj), cx(X1), cy(maj), cx(X1) - 2, cy(maj) - 4);
    for (size_t yi = 0; yi < r->n_years; yi++) {
        const gm_control_year *Y = &r->years[yi];
        char col[16];
        year_colour(yi, r->n_years, col, sizeof col);
        gm_sink_printf(s, "<polyline class=\"curve\" data-year=\"%d\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"1.6\" points=\"",
                       Y->year, col);
        const frame F = {CW, CH, CL, CR, CT, CB, X0, X1, Y0, Y1};
        step_points(s, &F, &Y->curve);
        gm_sink_puts(s, "\"/>\n");
        /* the thresholds: D's share for a majority, and 1 - R's (below it R has one) */
        /* (an odd chamber: the same point; R's open ring under D's dot) */
        const double t[2] = {1.0 - Y->majority_share_r, Y->majority_share_d};
        for (int k = 0; k < 2; k++) {
            if (!(t[k] >= X0 && t[k] <= X1)) continue;
            gm_sink_printf(s, "<circle class=\"threshold\" data-year=\"%d\" data-party=\"%s\" "
                              "cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" stroke=\"%s\"/>\n",
                           Y->year, k ? "D" : "R", cx(t[k]), cy(maj), k ? "2.5" : "4.5",
                           k ? col : "white", col);
        }
        /* the year's actual national vote and seats */
        double S = (double)Y->seats_d / (double)(Y->seats_total ? Y->seats_total : 1);
        gm_sink_printf(s, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%d</text>\n",
                       cx(X0) + 6, cy(Y1) + 14 + 13.0 * (double)yi, col, Y->year);
        if (Y->vote_share_d >= X0 && Y->vote_share_d <= X1 && S >= Y0 && S <= Y1)
            gm_sink_printf(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"5\" height=\"5\" fill=\"%s\"/>\n",
                           cx(Y->vote_share_d) - 2.5, cy(S) - 2.5, col);
    }
    gm_sink_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">Democratic share of the "
                      "two-party vote (uniform swing)</text>\n<text transform=\"translate(14,%.1f) "
                      "rotate(-90)\" text-anchor=\"middle\">Democratic share of the seats</text>\n"
                      "</svg></div>\n",
                   (cx(X0) + cx(X1)) / 2, CH - 8, (cy(Y0) + cy(Y1)) / 2);
}

/* Each drawer group's colour (colour-blind safe, Okabe-Ito; away from the party hues where
 * they could be read as a party) and dash, by gm_drawer. */
static const struct {
    const char *colour, *dash;
} GROUP_STYLE[GM_DRAWER_N] = {
    {"#d55e00", ""},    {"#0072b2", ""},    {"#e69f00", ""}, {"#009e73", ""},
    {"#cc79a7", ""},    {"#000000", ""},    {"#888888", "5,3"},
};

#define GW 300.0 /* a group chart's size, px */
#define GH 270.0

/* One year's chart: each group's seats-votes curve against its own D vote, with the 50%
 * lines and the group's actual result. */
static void group_chart(gm_sink *s, const gm_control_year *Y)
{
    const frame F = {GW, GH, 46, 10, 26, 40, 0.25, 0.75, 0.0, 1.0};
    gm_sink_printf(s,
                   "<div class=\"chart\"><svg class=\"group-curves\" data-year=\"%d\" "
                   "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                   "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"Seats-votes curves "
                   "of each drawer group, %d\">\n<rect width=\"100%%\" height=\"100%%\" "
                   "fill=\"white\"/>\n<text x=\"%.1f\" y=\"16\" text-anchor=\"middle\" "
                   "font-weight=\"bold\">%d</text>\n",
                   Y->year, GW, GH, GW, GH, Y->year, (fx(&F, F.x0) + fx(&F, F.x1)) / 2, Y->year);
    for (int p = 30; p <= 70; p += 10) /* vote grid */
        gm_sink_printf(s, "<line class=\"grid-vote\" data-share=\"%d\" x1=\"%.1f\" y1=\"%.1f\" "
                          "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
                          "text-anchor=\"middle\" font-size=\"11\">%d%%</text>\n",
                       p, fx(&F, p / 100.0), fy(&F, 0), fx(&F, p / 100.0), fy(&F, 1),
                       fx(&F, p / 100.0), fy(&F, 0) + 14, p);
    for (int p = 0; p <= 100; p += 25) /* seat grid */
        gm_sink_printf(s, "<line class=\"grid-seats\" data-share=\"%d\" x1=\"%.1f\" "
                          "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text "
                          "x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%d%%</text>\n",
                       p, fx(&F, F.x0), fy(&F, p / 100.0), fx(&F, F.x1), fy(&F, p / 100.0),
                       fx(&F, F.x0) - 3, fy(&F, p / 100.0) + 4, p);
    /* the 50% lines: half the vote, half the seats */
    gm_sink_printf(s, "<line class=\"half-vote\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                      "y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"4,3\"/>\n<line "
                      "class=\"half-seats\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                      "stroke=\"#555\" stroke-dasharray=\"4,3\"/>\n",
                   fx(&F, 0.5), fy(&F, 0), fx(&F, 0.5), fy(&F, 1), fx(&F, F.x0), fy(&F, 0.5),
                   fx(&F, F.x1), fy(&F, 0.5));
    for (int g = 0; g < GM_DRAWER_N; g++) {
        const gm_seats_votes *c = &Y->group_curve[g];
        if (!c->k) continue;
        gm_sink_printf(s, "<polyline class=\"group-curve\" data-year=\"%d\" data-group=\"%s\" "
                          "fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s%s%s points=\"",
                       Y->year, gm_drawer_key((gm_drawer)g), GROUP_STYLE[g].colour,
                       *GROUP_STYLE[g].dash ? " stroke-dasharray=\"" : "", GROUP_STYLE[g].dash,
                       *GROUP_STYLE[g].dash ? "\"" : "");
        step_points(s, &F, c);
        gm_sink_puts(s, "\"/>\n");
        double V = Y->group_vote_share_d[g], S = (double)Y->group_seats_d[g] / (double)c->k;
        if (V >= F.x0 && V <= F.x1)
            gm_sink_printf(s, "<circle class=\"group-actual\" data-year=\"%d\" "
                              "data-group=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
                              "fill=\"%s\" stroke=\"white\"/>\n",
                           Y->year, gm_drawer_key((gm_drawer)g), fx(&F, V), fy(&F, S),
                           GROUP_STYLE[g].colour);
    }
    gm_sink_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">"
                      "Democratic share of the group's vote</text>\n<text "
                      "transform=\"translate(11,%.1f) rotate(-90)\" text-anchor=\"middle\" "
                      "font-size=\"11\">Democratic share of its seats</text>\n</svg></div>\n",
                   (fx(&F, F.x0) + fx(&F, F.x1)) / 2, GH - 8, (fy(&F, 0) + fy(&F, 1)) / 2);
}

/* Per drawer group, per year: the curves, a legend naming each group and its seats. */
static void group_charts(gm_sink *s, const gm_control_result *r)
{
    gm_sink_puts(s, "<h3>Seats-votes curves by who drew the map</h3>\n<p class=\"note\">Each "
                    "year, the districts each group drew as one plan: the Democratic share of "
                    "that group's seats as its districts all move with the group's own "
                    "Democratic vote (uniform swing). Where a curve crosses the dashed "
                    "horizontal line, Democrats win half the group's seats; a curve passing "
                    "left of the centre gives Democrats half the seats with less than half the "
                    "vote. Dots: the actual result.</p>\n<ul class=\"legend group-legend\">");
    for (int g = 0; g < GM_DRAWER_N; g++) {
        gm_sink_printf(s, "<li data-group=\"%s\"><svg width=\"22\" height=\"10\"><line x1=\"1\" "
                          "y1=\"5\" x2=\"21\" y2=\"5\" stroke=\"%s\" stroke-width=\"2.5\"%s%s%s/>"
                          "</svg> ",
                       gm_drawer_key((gm_drawer)g), GROUP_STYLE[g].colour,
                       *GROUP_STYLE[g].dash ? " stroke-dasharray=\"" : "", GROUP_STYLE[g].dash,
                       *GROUP_STYLE[g].dash ? "\"" : "");
        gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
        gm_sink_puts(s, "</li>");
    }
    gm_sink_puts(s, "</ul>\n<div class=\"charts\">\n");
    for (size_t yi = 0; yi < r->n_years; yi++) group_chart(s, &r->years[yi]);
    gm_sink_puts(s, "</div>\n");
}

void gmi_control_majority_html(gm_sink *s, const gm_control_result *r)
{
    gm_sink_printf(s, "<h2>The vote a majority needs</h2>\n<p class=\"note\">Each year's "
                      "districts as one plan: the Democratic seat share as every district moves "
                      "with the national vote (uniform swing). Filled circles: the share "
                      "Democrats need for a majority (more than half the seats); open circles: "
                      "the share below which Republicans have one. Squares: the actual result. "
                      "Uncontested races: %s.</p>\n<div class=\"charts\">\n",
                   gm_uncontested_name(r->opts.uncontested));
    curve_chart(s, r);
    gm_sink_puts(s, "</div>\n");
    group_charts(s, r);
    gm_sink_printf(s, "<div class=\"wide\"><table class=\"majority cards\"><tr "
                      "class=\"head\"><th>Year</th><th>Seats</th><th>Majority</th><th>D seats</th>"
                      "<th>D vote</th><th>D needs</th><th>R needs</th><th>Swing that flips "
                      "it</th></tr>\n");
    for (size_t yi = 0; yi < r->n_years; yi++) {
        const gm_control_year *Y = &r->years[yi];
        char a[32], b[32], c[32], d[32];
        double f = Y->flip_step;
        if (isnan(f)) snprintf(d, sizeof d, "&ndash;");
        else snprintf(d, sizeof d, "%s+%.2f", f > 0 ? "D" : "R", fabs(100 * f));
        gm_sink_printf(s,
                       "<tr><td data-label=\"Year\">%d</td><td data-label=\"Seats\">%zu</td>"
                       "<td data-label=\"Majority\">%zu</td><td data-label=\"D seats\">%zu</td>"
                       "<td data-label=\"D vote\">%s</td><td data-label=\"D needs\">%s</td>"
                       "<td data-label=\"R needs\">%s</td><td data-label=\"Swing that flips "
                       "it\">%s</td></tr>\n",
                       Y->year, Y->seats_total, Y->majority_seats, Y->seats_d,
                       gmi_pct(Y->vote_share_d, 2, a, sizeof a),
                       gmi_pct(Y->majority_share_d, 2, b, sizeof b),
                       gmi_pct(Y->majority_share_r, 2, c, sizeof c), d);
    }
    gm_sink_puts(s, "</table></div>\n");
}
