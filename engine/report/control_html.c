/* control_html.c: the `gerrymeter control` report as one self-contained HTML page.
 *
 * No scripts, fonts or external files: inline CSS and one inline SVG bar chart per group
 * (net seats by election year, bars up for Republican advantage, down for Democratic).
 * Every text that comes from an input table is HTML-escaped. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_report.h"
#include "report/report.h"
#include "report/svg.h"

/* A signed number with a fixed number of decimals, or an en dash for NaN. */
static void num(gm_sink *s, double v, int decimals)
{
    if (isnan(v)) gm_sink_puts(s, "&ndash;");
    else /* a value that rounds to zero prints +0.0, never -0.0 */
        gm_sink_printf(s, "%+.*f", decimals, fabs(v) < 0.5 * pow(10, -decimals) ? 0.0 : v);
}

/* The per-state table has 14 columns: at a desktop width they fit with compact cells and
 * wrapping headers; below 760 px every table's rows become cards of "label: value" lines
 * (each cell carries its column's label), so no table runs wider than the page (measured
 * in headless Chromium by tests/cli/control_page.sh). */
static const char *const css =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}"
    "th:first-child,td:first-child{text-align:left}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}"
    ".chart{border:1px solid #ddd;padding:.5em;max-width:100%}.chart svg{max-width:100%;height:auto}"
    ".note{color:#555;font-size:.9em}.wide{max-width:100%}"
    "ul.group-legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.4em}"
    "ol.notes{font-size:.9em;color:#333}sup{font-size:.75em}"
    "table.states{font-size:.82em;width:100%}table.states th,table.states td{padding:.2em .3em}"
    "table.states th{vertical-align:bottom}"
    "@media (max-width:760px){"
    "table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}"
    "table.cards tr.head{display:none}table.cards tr{border-bottom:2px solid #bbb;padding:.3em 0}"
    "table.cards td{border:0;text-align:right;padding:.05em .2em}"
    "table.cards td::before{content:attr(data-label);float:left;color:#555;font-weight:600}"
    "table.cards td:first-child{text-align:left;font-weight:700}"
    "table.cards td:first-child::before{content:none}}"
    "td{white-space:nowrap}td:first-child,table.states td:nth-child(3){white-space:normal;text-align:left}"
    "svg text{font-size:11px;font-family:sans-serif}";

/* The footnote marks of group g ("<sup>[1]</sup>"), nothing without notes. */
static void group_marks(gm_sink *s, const gm_control_result *r, int g)
{
    for (size_t i = 0; i < r->n_notes; i++)
        if ((int)r->notes[i].drawer == g)
            gm_sink_printf(s, "<sup><a href=\"#note%zu\">[%zu]</a></sup>", i + 1, i + 1);
}

/* One group's bar chart: net seats (EG x seats) per year; scale shared by all charts. */
static void chart(gm_sink *s, const gm_control_result *r, int g, double scale)
{
    const int w = 300, h = 200, mid = 95, half = 65, barw = 36;
    gm_sink_printf(s,
                   "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                   "height=\"%d\" role=\"img\" aria-label=\"net seats by year: ",
                   w, h);
    gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
    gm_sink_printf(s, "\">");
    gm_sink_printf(s, "<text x=\"4\" y=\"14\" font-weight=\"bold\">");
    gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
    for (size_t i = 0; i < r->n_notes; i++) /* the group's footnotes, as in the tables */
        if ((int)r->notes[i].drawer == g) gm_sink_printf(s, " [%zu]", i + 1);
    gm_sink_printf(s, "</text>");
    gm_sink_printf(s, "<line x1=\"30\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#888\"/>", w - 4, mid,
                   mid);
    gm_sink_printf(s, "<text x=\"2\" y=\"%d\">%+.0f</text><text x=\"2\" y=\"%d\">%+.0f</text>",
                   mid - half + 4, scale, mid + half + 4, -scale);
    for (size_t y = 0; y < r->n_years; y++) {
        double v = r->years[y].net_seats[g];
        int x = 40 + (int)y * (barw + 12);
        if (isfinite(v) && scale > 0) {
            int len = (int)lround(fabs(v) / scale * half);
            int y0 = v >= 0 ? mid - len : mid;
            gm_sink_printf(s,
                           "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                           "<title>%d: %+.2f seats</title></rect>",
                           x, y0, barw, len,
                           v >= 0 ? gmi_party_colour("R", "D") : gmi_party_colour("D", "R"),
                           r->years[y].year, v);
            gm_sink_printf(s, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%+.1f</text>",
                           x + barw / 2, v >= 0 ? y0 - 3 : y0 + len + 11, v);
        }
        gm_sink_printf(s, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>", x + barw / 2,
                       h - 4, r->years[y].year);
    }
    gm_sink_printf(s, "</svg></div>\n");
}

static void page(gm_sink *s, const gm_control_result *r, const char *title)
{
    const gm_control_opts *o = &r->opts;
    gm_sink_printf(s, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>");
    gmi_xml_text(s, title ? title : "gerrymeter control");
    gm_sink_printf(s, "</title><style>%s</style></head><body>\n<h1>", css);
    gmi_xml_text(s, title ? title : "gerrymeter control");
    gm_sink_printf(s,
                   "</h1>\n<p class=\"note\">Elections %d&ndash;%d, %zu state-elections; "
                   "uncontested races: %s",
                   o->year_from, o->year_to, r->n_elections, gm_uncontested_name(o->uncontested));
    if (o->uncontested == GM_UNCONTESTED_IMPUTE)
        gm_sink_printf(s, " (winner %.0f%% of turnout)", 100 * o->impute_share);
    gm_sink_printf(s,
                   ". Positive figures favour the Republican party, negative the Democratic "
                   "party. Net seats = efficiency gap &times; seats, per election year; "
                   "%.0f%% interval from %u bootstrap resamples of maps (seed %llu).",
                   100 * o->ci_level, o->bootstrap_reps, (unsigned long long)o->seed);
    if (r->unmatched_rows) {
        gm_sink_printf(s, " Left out (no map in the control table): ");
        gmi_xml_text(s, r->unmatched_states);
        gm_sink_printf(s, ".");
    }
    gm_sink_printf(s, "</p>\n<h2>By who drew the map</h2>\n<div class=\"wide\"><table class=\"groups cards\"><tr class=\"head\"><th>Group</th><th>Maps</th>"
                      "<th>Seats/yr</th><th>D seats</th><th>R seats</th><th>Mean EG</th>"
                      "<th>Seat-weighted EG</th><th>Net seats/yr</th><th>Interval</th></tr>\n");
    double scale = 0;
    for (int g = 0; g < GM_DRAWER_N; g++) {
        const gm_control_group *G = &r->groups[g];
        gm_sink_printf(s, "<tr data-group=\"%s\"><td data-label=\"Group\">",
                       gm_drawer_key((gm_drawer)g));
        gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
        group_marks(s, r, g);
        gm_sink_printf(s,
                       "</td><td data-label=\"Maps\">%zu</td><td data-label=\"Seats/yr\">%.1f</td>"
                       "<td data-label=\"D seats\">%zu</td><td data-label=\"R seats\">%zu</td>"
                       "<td data-label=\"Mean EG\">",
                       G->maps, G->seats_per_year, G->seats_d, G->seats_r);
        num(s, G->mean_eg, 3);
        gm_sink_printf(s, "</td><td data-label=\"Seat-weighted EG\">");
        num(s, G->weighted_eg, 3);
        gm_sink_printf(s, "</td><td data-label=\"Net seats/yr\">");
        num(s, G->net_seats_per_year, 1);
        gm_sink_printf(s, "</td><td data-label=\"Interval\">");
        if (isfinite(G->ci_lo)) {
            gm_sink_printf(s, "[");
            num(s, G->ci_lo, 1);
            gm_sink_printf(s, ", ");
            num(s, G->ci_hi, 1);
            gm_sink_printf(s, "]");
        } else {
            gm_sink_printf(s, "&ndash;");
        }
        gm_sink_printf(s, "</td></tr>\n");
        for (size_t y = 0; y < r->n_years && g != GM_DRAWER_AT_LARGE; y++)
            if (isfinite(r->years[y].net_seats[g]) && fabs(r->years[y].net_seats[g]) > scale)
                scale = fabs(r->years[y].net_seats[g]);
    }
    gm_sink_printf(s, "</table></div>\n");
    if (r->n_notes) {
        gm_sink_puts(s, "<ol class=\"notes\">");
        for (size_t i = 0; i < r->n_notes; i++) {
            const gm_control_note *t = &r->notes[i];
            gm_sink_printf(s, "<li id=\"note%zu\">", i + 1);
            gmi_xml_text(s, gm_drawer_label(t->drawer));
            gm_sink_puts(s, " (");
            gmi_xml_text(s, t->state);
            gm_sink_printf(s, " %d&ndash;%d): ", t->first_year, t->last_year);
            gmi_xml_text(s, t->text);
            gm_sink_puts(s, "</li>");
        }
        gm_sink_puts(s, "</ol>\n");
    }
    gm_sink_printf(s, "<h2>Net seats by election year</h2>\n<div class=\"charts\">\n");
    for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) chart(s, r, g, scale > 0 ? scale : 1);
    gm_sink_printf(s, "</div>\n<h2>By year</h2>\n<div class=\"wide\"><table class=\"years cards\"><tr class=\"head\"><th>Year</th><th>D seats</th>"
                      "<th>R seats</th><th>D vote share</th>");
    for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) {
        gm_sink_printf(s, "<th>");
        gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
        group_marks(s, r, g);
        gm_sink_printf(s, "</th>");
    }
    gm_sink_printf(s, "</tr>\n");
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        gm_sink_printf(s,
                       "<tr><td data-label=\"Year\">%d</td><td data-label=\"D seats\">%zu</td>"
                       "<td data-label=\"R seats\">%zu</td><td data-label=\"D vote share\">%.3f</td>",
                       Y->year, Y->seats_d, Y->seats_r, Y->vote_share_d);
        for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) {
            gm_sink_puts(s, "<td data-label=\"");
            gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
            gm_sink_puts(s, "\">");
            num(s, Y->net_seats[g], 1);
            gm_sink_printf(s, "</td>");
        }
        gm_sink_printf(s, "</tr>\n");
    }
    gm_sink_printf(s, "</table></div>\n");
    gmi_control_majority_html(s, r);
    gm_sink_printf(s, "<h2>By state and election</h2>\n<div class=\"wide\"><table class=\"states cards\"><tr class=\"head\">");
    static const char *const heads[14] = {
        "State", "Year", "Drawn by", "Map", "Seats", "D", "R", "D vote share", "EG",
        "Mean&minus;median", "Bias", "Declination", "Seats &minus; proportional (R)", "Uncontested"};
    static const char *const labels[14] = {
        "State", "Year", "Drawn by", "Map", "Seats", "D seats", "R seats", "D vote share",
        "Efficiency gap", "Mean\u2212median", "Bias", "Declination",
        "Seats \u2212 proportional (R)", "Uncontested"};
    for (int k = 0; k < 14; k++) gm_sink_printf(s, "<th>%s</th>", heads[k]);
    gm_sink_puts(s, "</tr>\n");
    for (size_t i = 0; i < r->n_elections; i++) {
        const gm_control_election *e = &r->elections[i];
        size_t nt = gm_control_note_of(r, e->map_row);
        gm_sink_printf(s, "<tr><td data-label=\"%s\">", labels[0]);
        gmi_xml_text(s, e->state);
        if (nt) gm_sink_printf(s, "<sup><a href=\"#note%zu\">[%zu]</a></sup>", nt, nt);
        gm_sink_printf(s, "</td><td data-label=\"%s\">%d</td><td data-label=\"%s\">", labels[1],
                       e->year, labels[2]);
        gmi_xml_text(s, gm_drawer_label(e->drawer));
        gm_sink_printf(s,
                       "</td><td data-label=\"%s\">%d</td><td data-label=\"%s\">%zu</td>"
                       "<td data-label=\"%s\">%zu</td><td data-label=\"%s\">%zu</td>"
                       "<td data-label=\"%s\">%.3f</td>",
                       labels[3], e->map_cycle, labels[4], e->seats, labels[5], e->seats_d,
                       labels[6], e->seats_r, labels[7], e->vote_share_d);
        const double v[] = {e->efficiency_gap, e->mean_median, e->partisan_bias, e->declination};
        for (int k = 0; k < 4; k++) {
            gm_sink_printf(s, "<td data-label=\"%s\">", labels[8 + k]);
            num(s, v[k], 3);
            gm_sink_puts(s, "</td>");
        }
        gm_sink_printf(s, "<td data-label=\"%s\">", labels[12]);
        num(s, e->seat_excess_r, 2);
        gm_sink_printf(s, "</td><td data-label=\"%s\">%zu</td></tr>\n", labels[13], e->uncontested);
    }
    gm_sink_printf(s,
                   "</table></div>\n<footer class=\"note\">Generated by gerrymeter %s. Method and "
                   "caveats: docs/control.md.</footer>\n</body></html>\n",
                   gm_version());
}

gm_status gm_control_html(const gm_control_result *r, const char *title, char **html, gm_error *err)
{
    gmi_sbuf b = {0};
    gm_sink s;
    gmi_sink_sbuf(&s, &b);
    page(&s, r, title);
    *html = gmi_sbuf_take(&b);
    if (!*html) return gm_fail(err, GM_E_NOMEM, "out of memory writing the HTML report");
    return GM_OK;
}
