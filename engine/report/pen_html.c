/* pen_html.c: `gerrymeter control legislatures` as one self-contained HTML page: the
 * national state legislative seats of every NCSL table (with a bar of each party's share),
 * legislatures and trifectas, the net change between two tables, and the pen of each
 * redistricting cycle. No scripts, fonts or external files. */
#include <stdio.h>
#include <stdlib.h>

#include "core/sbuf.h"
#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_report.h"
#include "report/report.h"
#include "report/svg.h"

static const char *const css =
    "*{box-sizing:border-box}"
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "table{font-size:.9em}th,td{padding:.2em .35em;border-bottom:1px solid #ddd;text-align:right;"
    "white-space:nowrap}td:nth-child(2){min-width:6.5em}"
    "th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}"
    "th,td:nth-child(2){white-space:normal;vertical-align:bottom}.note{color:#555;font-size:.9em}"
    ".wide{max-width:100%;overflow-x:auto}"
    "@media (max-width:760px){"
    "table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}"
    "table.cards tr.head{display:none}table.cards tr{border-bottom:2px solid #bbb;padding:.3em 0}"
    "table.cards td{border:0;text-align:right;padding:.05em .2em}"
    "table.cards td::before{content:attr(data-label);float:left;color:#555;font-weight:600}"
    "table.cards td:first-child{text-align:left;font-weight:700}"
    "table.cards td:first-child::before{content:none}}";

/* A bar of D's share of the D + R seats (blue) against R's (red). */
static void seat_bar(gm_sink *s, long d, long r)
{
    double f = d + r > 0 ? (double)d / (double)(d + r) : 0;
    gm_sink_printf(s,
                   "<svg width=\"90\" height=\"12\" viewBox=\"0 0 120 12\" role=\"img\" "
                   "aria-label=\"D %.1f%% of the seats\"><rect width=\"120\" height=\"12\" "
                   "fill=\"%s\"/><rect width=\"%.1f\" height=\"12\" fill=\"%s\"/>"
                   "<line x1=\"60\" y1=\"0\" x2=\"60\" y2=\"12\" stroke=\"white\"/></svg>",
                   100 * f, gmi_party_colour("R", "D"), 120 * f, gmi_party_colour("D", "R"));
}

gm_status gm_pen_html(const gm_pen_result *r, int from, int to, const char *title, char **html,
                      gm_error *err)
{
    const gm_pen_year *a = gm_pen_year_of(r, from), *b = gm_pen_year_of(r, to);
    if (!a || !b)
        return gm_fail(err, GM_E_ARG, "no NCSL table of %d in the seat tables", a ? to : from);
    gmi_sbuf buf = {0};
    gm_sink sink, *s = &sink;
    gmi_sink_sbuf(s, &buf);
    const char *t = title ? title : "Who holds the pen";
    gm_sink_printf(s, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>");
    gmi_xml_text(s, t);
    gm_sink_printf(s, "</title><style>%s</style></head><body>\n<h1>", css);
    gmi_xml_text(s, t);
    gm_sink_printf(s, "</h1>\n<p class=\"note\">State legislative seats of both chambers in the "
                      "NCSL partisan composition tables (Nebraska's nonpartisan legislature has "
                      "none). From table %d to table %d: Democrats %+ld, Republicans %+ld "
                      "seats.</p>\n",
                   from, to, b->dem - a->dem, b->rep - a->rep);
    gm_sink_puts(s, "<h2>Seats, legislatures and trifectas</h2>\n<div class=\"wide\"><table "
                    "class=\"years cards\"><tr class=\"head\"><th>Table</th><th>As of</th><th>D "
                    "seats</th><th>R seats</th><th>D : R</th><th>D legislatures</th><th>R "
                    "legislatures</th><th>Split</th><th>D trifectas</th><th>R trifectas</th>"
                    "<th>Divided</th></tr>\n");
    for (size_t i = 0; i < r->n_years; i++) {
        const gm_pen_year *y = &r->years[i];
        gm_sink_printf(s, "<tr><td data-label=\"Table\">%d</td><td data-label=\"As of\">", y->year);
        gmi_xml_text(s, y->as_of);
        gm_sink_printf(s, "</td><td data-label=\"D seats\">%ld</td><td data-label=\"R seats\">%ld</td>"
                          "<td class=\"bar\" data-label=\"D : R\">",
                       y->dem, y->rep);
        seat_bar(s, y->dem, y->rep);
        gm_sink_printf(s,
                       "</td><td data-label=\"D legislatures\">%d</td><td data-label=\"R "
                       "legislatures\">%d</td><td data-label=\"Split\">%d</td><td data-label=\"D "
                       "trifectas\">%d</td><td data-label=\"R trifectas\">%d</td><td "
                       "data-label=\"Divided\">%d</td></tr>\n",
                       y->leg_d, y->leg_r, y->leg_split, y->tri_d, y->tri_r, y->divided);
    }
    gm_sink_puts(s, "</table></div>\n<h2>The pen: who drew each cycle's maps</h2>\n<p "
                    "class=\"note\">Congressional maps first used in 2012 (2022); state "
                    "legislative maps: the plan of the cycle in force on general election day "
                    "2012 (2022), else 2014 (2024). Seats: the seats of the maps each drew.</p>\n"
                    "<div class=\"wide\"><table class=\"pen cards\"><tr class=\"head\"><th>Cycle"
                    "</th><th>Drawn by</th><th>Congress maps</th><th>Congress seats</th><th>"
                    "Legislative chambers</th><th>Legislative seats</th></tr>\n");
    for (int ci = 0; ci < 2; ci++) {
        const gm_pen_cycle *c = &r->cycles[ci];
        for (int g = 0; g < GM_DRAWER_N; g++) {
            gm_sink_printf(s, "<tr><td data-label=\"Cycle\">%d</td><td data-label=\"Drawn by\">",
                           c->census);
            gmi_xml_text(s, gm_drawer_label((gm_drawer)g));
            gm_sink_printf(s,
                           "</td><td data-label=\"Congress maps\">%zu</td><td data-label=\"Congress "
                           "seats\">%zu</td><td data-label=\"Legislative chambers\">%zu</td><td "
                           "data-label=\"Legislative seats\">%zu</td></tr>\n",
                           c->cong_maps[g], c->cong_seats[g], c->leg_chambers[g], c->leg_seats[g]);
        }
        gm_sink_printf(s, "<tr><td data-label=\"Cycle\">%d</td><td data-label=\"Drawn by\">Total"
                          "</td><td></td><td data-label=\"Congress seats\">%zu</td><td></td><td "
                          "data-label=\"Legislative seats\">%zu</td></tr>\n",
                       c->census, c->cong_total, c->leg_total);
    }
    gm_sink_printf(s, "</table></div>\n<footer class=\"note\">Generated by gerrymeter %s. "
                      "Sources and method: docs/control.md (\"The pen\").</footer>\n</body></html>\n",
                   gm_version());
    *html = gmi_sbuf_take(&buf);
    if (!*html) return gm_fail(err, GM_E_NOMEM, "out of memory writing the HTML page");
    return GM_OK;
}
