/* control_majority_html.c: the majority section of the `gerrymeter control` page: the
 * national seats-votes curve of every election year under the maps in force (uniform
 * swing, first past the post, from the scored district shares), with the majority line and
 * each year's thresholds marked, and the table of thresholds and flip swings. */
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

/* D's seat share at national share x: the districts with shares moved by x - V, the
 * locked ones (no votes) with their winners. */
static double seat_share(const gm_control_result *r, int year, double x, double V)
{
    double seats = 0, k = 0;
    for (size_t i = 0; i < r->n_elections; i++) {
        const gm_control_election *e = &r->elections[i];
        if (e->year != year) continue;
        for (size_t d = 0; d < e->seats; d++) {
            double v = r->district_share[e->first_district + d];
            k++;
            if (isfinite(v)) seats += (v + x - V > 0.5) + 0.5 * (v + x - V == 0.5);
            else seats += r->district_winner[e->first_district + d] == 'D';
        }
    }
    return k > 0 ? seats / k : NAN;
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
        for (int i = 0; i <= 400; i++) {
            double x = X0 + (X1 - X0) * i / 400.0;
            double sv = seat_share(r, Y->year, x, Y->vote_share_d);
            sv = sv < Y0 ? Y0 : sv > Y1 ? Y1 : sv;
            gm_sink_printf(s, "%s%.1f,%.1f", i ? " " : "", cx(x), cy(sv));
        }
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
    gm_sink_printf(s, "</div>\n<div class=\"wide\"><table class=\"majority cards\"><tr "
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
