/* chamber_html.c: `gerrymeter control chamber` as one self-contained HTML page: for every
 * plan and election of a chamber, a lane of the vote share with the zone where each party
 * holds the majority under a uniform swing and the actual vote marked in it, then the table
 * of seats, thresholds and flip swings side by side. No scripts, fonts or external files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "gerrymeter/gm_report.h"
#include "report/report.h"
#include "report/svg.h"

static const char *const css =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:78em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0;font-size:.85em}"
    "th,td{padding:.2em .35em;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}"
    "th:first-child,td:first-child{text-align:left}th{white-space:normal;vertical-align:bottom}"
    ".note{color:#555;font-size:.9em}.wide{max-width:100%;overflow-x:auto}"
    ".chart svg{max-width:100%;height:auto}"
    "aside.warnings{border:1px solid #c90;background:#fff8e6;padding:.3em 1em;margin:1em 0}"
    "aside.warnings h2{font-size:1em;margin:.3em 0}"
    "@media (max-width:1100px){table{font-size:.78em}}"
    "@media (max-width:760px){"
    "table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}"
    "table.cards tr.head{display:none}table.cards tr{border-bottom:2px solid #bbb;padding:.3em 0}"
    "table.cards td{border:0;text-align:right;padding:.05em .2em}"
    "table.cards td::before{content:attr(data-label);float:left;color:#555;font-weight:600}"
    "table.cards td:first-child{text-align:left;font-weight:700}"
    "table.cards td:first-child::before{content:none}}";

#define CW 760.0  /* chart width, px */
#define LW 230.0  /* row labels */
#define RW 70.0   /* flip swing, right of the lane */
#define LANE 24.0 /* one row */
#define TOP 34.0
#define BOT 46.0
#define X0 0.30   /* D's share shown */
#define X1 0.70

static double cx(double x)
{
    x = x < X0 ? X0 : x > X1 ? X1 : x;
    return LW + (x - X0) / (X1 - X0) * (CW - LW - RW);
}

/* "D+4.48" (towards D), "R+0.11", "-" */
static const char *swing_pts(double s, char *buf, size_t cap)
{
    if (!isfinite(s)) snprintf(buf, cap, "&ndash;");
    else snprintf(buf, cap, "%s+%.2f", s > 0 ? "D" : "R", fabs(100 * s));
    return buf;
}

/* s escaped for element text and attributes (malloc'd; NULL out of memory). */
static char *escaped(const char *s)
{
    gmi_sbuf b = {0};
    gm_sink k;
    gmi_sink_sbuf(&k, &b);
    gmi_xml_text(&k, s);
    gmi_sbuf_putc(&b, '\0'); /* an empty name still gives a string */
    return gmi_sbuf_take(&b);
}

/* A and B: the parties' names, escaped. */
static void lanes(gm_sink *s, const gm_chamber_table *t, const char *A, const char *B)
{
    const char *cd = gmi_party_colour(t->party_a, t->party_b);
    const char *cr = gmi_party_colour(t->party_b, t->party_a);
    double h = TOP + LANE * (double)t->n + BOT;
    gm_sink_printf(s,
                   "<div class=\"chart\"><svg class=\"thresholds\" xmlns=\"http://www.w3.org/2000/svg\" "
                   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                   "aria-label=\"The vote share each party needs for a majority, per plan and "
                   "election\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                   CW, h, CW, h);
    gm_sink_printf(s, "<text x=\"%.1f\" y=\"14\" text-anchor=\"end\" font-size=\"12\">Swing that "
                      "flips it</text>\n",
                   CW - 2);
    /* the legend: the three zones and the vote */
    gm_sink_printf(s, "<g class=\"legend\" font-size=\"12\"><rect x=\"%.1f\" y=\"4\" width=\"14\" "
                      "height=\"12\" fill=\"%s\" fill-opacity=\"0.35\"/><text x=\"%.1f\" y=\"14\">%s "
                      "majority</text><rect x=\"%.1f\" y=\"4\" width=\"14\" height=\"12\" "
                      "fill=\"#999\" fill-opacity=\"0.35\"/><text x=\"%.1f\" y=\"14\">neither</text>"
                      "<rect x=\"%.1f\" y=\"4\" width=\"14\" height=\"12\" fill=\"%s\" "
                      "fill-opacity=\"0.35\"/><text x=\"%.1f\" y=\"14\">%s majority</text><path "
                      "d=\"M%.1f 4l6 6l-6 6l-6 -6z\" fill=\"black\"/><text x=\"%.1f\" y=\"14\">the "
                      "actual vote</text></g>\n",
                   LW, cr, LW + 18, B, LW + 110, LW + 128, LW + 190, cd, LW + 208, A, LW + 310,
                   LW + 320);
    for (size_t i = 0; i < t->n; i++) {
        const gm_chamber_row *c = &t->row[i];
        double y = TOP + LANE * (double)i;
        double r_edge = 1.0 - c->ps.majority_share_b; /* below it, b holds a majority */
        double d_edge = c->ps.majority_share;         /* above it, a does */
        char lab[256], sw[32];
        snprintf(lab, sizeof lab, "%s", t->label[i]);
        gm_sink_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12\">",
                       LW - 6, y + 15);
        gmi_xml_text(s, lab);
        gm_sink_puts(s, "</text>\n");
        /* b's zone, the zone where neither has a majority (even seats), a's zone */
        if (isfinite(r_edge))
            gm_sink_printf(s, "<rect class=\"zone\" data-row=\"%zu\" data-party=\"%s\" x=\"%.1f\" "
                              "y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\" "
                              "fill-opacity=\"0.35\"/>\n",
                           i, B, cx(X0), y + 4, cx(r_edge) - cx(X0), cr);
        if (isfinite(r_edge) && isfinite(d_edge) && d_edge > r_edge)
            gm_sink_printf(s, "<rect class=\"zone\" data-row=\"%zu\" data-party=\"none\" x=\"%.1f\" "
                              "y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"#999\" "
                              "fill-opacity=\"0.35\"/>\n",
                           i, cx(r_edge), y + 4, cx(d_edge) - cx(r_edge));
        if (isfinite(d_edge))
            gm_sink_printf(s, "<rect class=\"zone\" data-row=\"%zu\" data-party=\"%s\" x=\"%.1f\" "
                              "y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\" "
                              "fill-opacity=\"0.35\"/>\n",
                           i, A, cx(d_edge), y + 4, cx(X1) - cx(d_edge), cd);
        /* the actual vote: a black diamond */
        double v = c->ps.vote_share;
        if (isfinite(v))
            gm_sink_printf(s, "<path class=\"vote\" data-row=\"%zu\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" "
                              "fill=\"black\"/>\n",
                           i, cx(v), y + 6);
        gm_sink_printf(s, "<text class=\"flip\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                          "font-size=\"12\">%s</text>\n",
                       CW - 2, y + 15, swing_pts(c->flip_step, sw, sizeof sw));
    }
    double yb = TOP + LANE * (double)t->n;
    for (int p = 30; p <= 70; p += 5) {
        double x = cx(p / 100.0);
        gm_sink_printf(s, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                          "stroke-width=\"%s\"/><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                          "font-size=\"12\">%d%%</text>\n",
                       x, TOP - 4, x, yb, p == 50 ? "#333" : "#ccc", p == 50 ? "1.2" : "0.6", x,
                       yb + 14, p);
    }
    gm_sink_printf(s, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\">", (cx(X0) + cx(X1)) / 2,
                   yb + 34);
    gm_sink_printf(s, "%s share of the two-party vote</text>\n</svg></div>\n", A);
}

/* A bar of a's seats against b's, with the majority line (m of k). */
static void seat_bar(gm_sink *s, const gm_chamber_table *t, const gm_chamber_row *c, const char *A)
{
    double k = c->seats ? (double)c->seats : 1;
    double fa = c->seats_a / k, fb = c->seats_b / k, fm = (double)c->majority_seats / k;
    gm_sink_printf(s,
                   "<svg width=\"90\" height=\"12\" viewBox=\"0 0 120 12\" role=\"img\" "
                   "aria-label=\"%s %g of %zu seats\"><rect width=\"120\" height=\"12\" "
                   "fill=\"#ddd\"/><rect width=\"%.1f\" height=\"12\" fill=\"%s\"/><rect x=\"%.1f\" "
                   "width=\"%.1f\" height=\"12\" fill=\"%s\"/><line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" "
                   "y2=\"12\" stroke=\"black\"/></svg>",
                   A, c->seats_a, c->seats, 120 * fa, gmi_party_colour(t->party_a, t->party_b),
                   120 * (1 - fb), 120 * fb, gmi_party_colour(t->party_b, t->party_a), 120 * fm,
                   120 * fm);
}

static void table(gm_sink *s, const gm_chamber_table *t, const char *A, const char *B)
{
    gm_sink_printf(s, "<div class=\"wide\"><table class=\"chambers cards\"><tr class=\"head\">"
                      "<th>Plan and election</th><th>Seats</th><th>Majority</th><th>%s seats</th>"
                      "<th>%s seats</th><th>%s : %s</th><th>%s vote</th><th>%s needs</th><th>%s "
                      "needs</th><th>Swing that flips it</th><th>Efficiency gap</th>"
                      "<th>Mean&ndash;median</th><th>Uncontested</th></tr>\n",
                   A, B, A, B, A, A, B);
    for (size_t i = 0; i < t->n; i++) {
        const gm_chamber_row *c = &t->row[i];
        char v[32], na[32], nb[32], sw[32];
        gm_sink_puts(s, "<tr><td data-label=\"Plan and election\">");
        gmi_xml_text(s, t->label[i]);
        gm_sink_printf(s, "</td><td data-label=\"Seats\">%zu%s</td><td data-label=\"Majority\">%zu</td>"
                          "<td data-label=\"%s seats\">%g</td><td data-label=\"%s seats\">%g</td>"
                          "<td data-label=\"%s : %s\">",
                       c->seats, c->vacant ? "*" : "", c->majority_seats, A, c->seats_a, B,
                       c->seats_b, A, B);
        seat_bar(s, t, c, A);
        gm_sink_printf(s, "</td><td data-label=\"%s vote\">%s</td><td data-label=\"%s needs\">%s</td>"
                          "<td data-label=\"%s needs\">%s</td><td data-label=\"Swing that flips "
                          "it\">%s</td><td data-label=\"Efficiency gap\">%+.3f</td>"
                          "<td data-label=\"Mean&ndash;median\">%+.3f</td>"
                          "<td data-label=\"Uncontested\">%zu</td></tr>\n",
                       A, gmi_pct(c->ps.vote_share, 1, v, sizeof v), A,
                       gmi_pct(c->ps.majority_share, 2, na, sizeof na), B,
                       gmi_pct(c->ps.majority_share_b, 2, nb, sizeof nb),
                       swing_pts(c->flip_step, sw, sizeof sw), c->ps.efficiency_gap,
                       c->ps.mean_median, (size_t)c->ps.uncontested);
    }
    gm_sink_puts(s, "</table></div>\n");
}

gm_status gm_chamber_html(const gm_chamber_table *t, const char *title, char **html, gm_error *err)
{
    char *A = escaped(t->party_a), *B = escaped(t->party_b);
    if (!A || !B) {
        free(A);
        free(B);
        return gm_fail(err, GM_E_NOMEM, "out of memory for the chamber page");
    }
    gmi_sbuf buf = {0};
    gm_sink sink, *s = &sink;
    gmi_sink_sbuf(s, &buf);
    const char *ti = title ? title : "Who can win the chamber, and with how many votes";
    const char *src = t->source ? strrchr(t->source, '/') : NULL;
    src = src ? src + 1 : t->source;
    gm_sink_puts(s, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
    gmi_xml_text(s, ti);
    gm_sink_printf(s, "</title><style>%s</style></head><body>\n<h1>", css);
    gmi_xml_text(s, ti);
    gm_sink_puts(s, "</h1>\n<p class=\"note\">Source: ");
    gmi_xml_text(s, src ? src : "");
    gm_sink_puts(s, ". Each row is one map (plan) with the votes of one election.</p>\n");
    if (t->warnings && t->warnings->n) {
        gm_sink_puts(s, "<aside class=\"warnings\" role=\"note\"><h2>Read with care</h2><ul>\n");
        for (size_t i = 0; i < t->warnings->n; i++) {
            gm_sink_printf(s, "<li data-code=\"%s\">", t->warnings->code[i]);
            gmi_xml_text(s, t->warnings->msg[i]);
            gm_sink_puts(s, "</li>\n");
        }
        gm_sink_puts(s, "</ul></aside>\n");
    }
    gm_sink_printf(s, "<h2>The vote a majority needs, map by map</h2>\n<p class=\"note\">Each "
                      "bar runs along the %s share of the two-party vote. Where the diamond (the "
                      "actual vote) sits in the %s zone (right), %s won a majority of the seats; "
                      "in the %s zone (left), %s did; in",
                   A, A, A, B, B);
    gm_sink_puts(s, " the grey zone (a chamber with an even number of "
                    "seats) neither did. The edge of a zone is the share the party needs for a "
                    "majority when every district moves with the statewide vote (a uniform "
                    "swing), so the distance from the diamond to the other zone is the swing "
                    "that flips the chamber, written at the right. The further a zone's edge "
                    "from 50%, the more votes that party needs than the other for the same "
                    "seats.</p>\n");
    lanes(s, t, A, B);
    gm_sink_puts(s, "<h2>Seats, thresholds and the swing that flips the majority</h2>\n");
    table(s, t, A, B);
    gm_sink_puts(s, "<p class=\"note\">Needs: the party's share of the two-party vote above "
                    "which it wins more than half the seats under a uniform swing. Swing that "
                    "flips it: the smallest uniform swing, in steps of 0.01 points, that gives "
                    "the party without a majority one. Efficiency gap and mean&ndash;median: "
                    "positive values favour ");
    gm_sink_puts(s, B);
    gm_sink_puts(s, ". Uncontested races: ");
    gmi_xml_text(s, t->uncontested ? t->uncontested : "as reported");
    gm_sink_puts(s, " (an uncontested race as reported has a share of 0 or 100%, which no "
                    "realistic swing overturns). * A district with no votes for either party "
                    "(an election postponed) is a seat neither party won: it counts in the "
                    "seats, so a majority is still more than half of them, and no swing moves "
                    "it. Caveats: real swings vary between districts; turnout differs between "
                    "districts, so the statewide vote weighs high-turnout districts more than "
                    "the thresholds do.</p>\n");
    gm_sink_printf(s, "<footer class=\"note\">Generated by gerrymeter %s. Method and caveats: "
                      "docs/control.md (\"State chambers\").</footer>\n</body></html>\n",
                   gm_version());
    free(A);
    free(B);
    *html = gmi_sbuf_take(&buf);
    if (!*html) return gm_fail(err, GM_E_NOMEM, "out of memory for the chamber page");
    return GM_OK;
}
