/* control_html.c: the `gerrymeter control` report as one self-contained HTML page.
 *
 * No scripts, fonts or external files: inline CSS and one inline SVG bar chart per group
 * (net seats by election year, bars up for Republican advantage, down for Democratic).
 * Every text that comes from an input table is HTML-escaped. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_control.h"
#include "gerrymeter/gm_report.h"

/* A growing string. On allocation failure it stops growing and remembers it. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_vprintf(sbuf *b, const char *fmt, va_list ap)
{
    if (b->oom) return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->oom = true;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 8192;
        while (nc < b->len + (size_t)n + 1) nc *= 2;
        char *t = realloc(b->s, nc);
        if (!t) {
            b->oom = true;
            return;
        }
        b->s = t;
        b->cap = nc;
    }
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)n;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

/* Append text with <, >, &, " escaped. */
static void sb_escape(sbuf *b, const char *t)
{
    for (; *t; t++) {
        switch (*t) {
        case '<': sb_printf(b, "&lt;"); break;
        case '>': sb_printf(b, "&gt;"); break;
        case '&': sb_printf(b, "&amp;"); break;
        case '"': sb_printf(b, "&quot;"); break;
        default: sb_printf(b, "%c", *t);
        }
    }
}

/* A signed number with a fixed number of decimals, or an en dash for NaN. */
static void sb_num(sbuf *b, double v, int decimals)
{
    if (isnan(v)) sb_printf(b, "&ndash;");
    else /* a value that rounds to zero prints +0.0, never -0.0 */
        sb_printf(b, "%+.*f", decimals, fabs(v) < 0.5 * pow(10, -decimals) ? 0.0 : v);
}

static const char *const css =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}"
    "th:first-child,td:first-child{text-align:left}"
    ".charts{display:flex;flex-wrap:wrap;gap:1em}"
    ".chart{border:1px solid #ddd;padding:.5em}"
    ".note{color:#555;font-size:.9em}.wide{overflow-x:auto}"
    "svg text{font-size:11px;font-family:sans-serif}";

/* One group's bar chart: net seats (EG x seats) per year; scale shared by all charts. */
static void chart(sbuf *b, const gm_control_result *r, int g, double scale)
{
    const int w = 300, h = 200, mid = 95, half = 65, barw = 36;
    sb_printf(b, "<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                 "height=\"%d\" role=\"img\" aria-label=\"net seats by year: ",
              w, h);
    sb_escape(b, gm_drawer_label((gm_drawer)g));
    sb_printf(b, "\">");
    sb_printf(b, "<text x=\"4\" y=\"14\" font-weight=\"bold\">");
    sb_escape(b, gm_drawer_label((gm_drawer)g));
    sb_printf(b, "</text>");
    sb_printf(b, "<line x1=\"30\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#888\"/>", w - 4, mid,
              mid);
    sb_printf(b, "<text x=\"2\" y=\"%d\">%+.0f</text><text x=\"2\" y=\"%d\">%+.0f</text>",
              mid - half + 4, scale, mid + half + 4, -scale);
    for (size_t y = 0; y < r->n_years; y++) {
        double v = r->years[y].net_seats[g];
        int x = 40 + (int)y * (barw + 12);
        if (isfinite(v) && scale > 0) {
            int len = (int)lround(fabs(v) / scale * half);
            int y0 = v >= 0 ? mid - len : mid;
            sb_printf(b,
                      "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                      "<title>%d: %+.2f seats</title></rect>",
                      x, y0, barw, len, v >= 0 ? "#c0392b" : "#2e6da4", r->years[y].year, v);
            sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%+.1f</text>",
                      x + barw / 2, v >= 0 ? y0 - 3 : y0 + len + 11, v);
        }
        sb_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>", x + barw / 2,
                  h - 4, r->years[y].year);
    }
    sb_printf(b, "</svg></div>\n");
}

gm_status gm_control_html(const gm_control_result *r, const char *title, char **html,
                          gm_error *err)
{
    sbuf b = {0};
    const gm_control_opts *o = &r->opts;
    *html = NULL;
    sb_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<title>");
    sb_escape(&b, title ? title : "gerrymeter control");
    sb_printf(&b, "</title><style>%s</style></head><body>\n<h1>", css);
    sb_escape(&b, title ? title : "gerrymeter control");
    sb_printf(&b, "</h1>\n<p class=\"note\">Elections %d&ndash;%d, %zu state-elections; "
                  "uncontested races: %s",
              o->year_from, o->year_to, r->n_elections, gm_uncontested_name(o->uncontested));
    if (o->uncontested == GM_UNCONTESTED_IMPUTE)
        sb_printf(&b, " (winner %.0f%% of turnout)", 100 * o->impute_share);
    sb_printf(&b, ". Positive figures favour the Republican party, negative the Democratic "
                  "party. Net seats = efficiency gap &times; seats, per election year; "
                  "%.0f%% interval from %u bootstrap resamples of maps (seed %llu).",
              100 * o->ci_level, o->bootstrap_reps, (unsigned long long)o->seed);
    if (r->unmatched_rows) {
        sb_printf(&b, " Left out (no map in the control table): ");
        sb_escape(&b, r->unmatched_states);
        sb_printf(&b, ".");
    }
    sb_printf(&b, "</p>\n<h2>By who drew the map</h2>\n<table><tr><th>Group</th><th>Maps</th>"
                  "<th>Seats/yr</th><th>D seats</th><th>R seats</th><th>Mean EG</th>"
                  "<th>Seat-weighted EG</th><th>Net seats/yr</th><th>Interval</th></tr>\n");
    double scale = 0;
    for (int g = 0; g < GM_DRAWER_N; g++) {
        const gm_control_group *G = &r->groups[g];
        sb_printf(&b, "<tr><td>");
        sb_escape(&b, gm_drawer_label((gm_drawer)g));
        sb_printf(&b, "</td><td>%zu</td><td>%.1f</td><td>%zu</td><td>%zu</td><td>", G->maps,
                  G->seats_per_year, G->seats_d, G->seats_r);
        sb_num(&b, G->mean_eg, 3);
        sb_printf(&b, "</td><td>");
        sb_num(&b, G->weighted_eg, 3);
        sb_printf(&b, "</td><td>");
        sb_num(&b, G->net_seats_per_year, 1);
        sb_printf(&b, "</td><td>");
        if (isfinite(G->ci_lo)) {
            sb_printf(&b, "[");
            sb_num(&b, G->ci_lo, 1);
            sb_printf(&b, ", ");
            sb_num(&b, G->ci_hi, 1);
            sb_printf(&b, "]");
        } else {
            sb_printf(&b, "&ndash;");
        }
        sb_printf(&b, "</td></tr>\n");
        for (size_t y = 0; y < r->n_years && g != GM_DRAWER_AT_LARGE; y++)
            if (isfinite(r->years[y].net_seats[g]) && fabs(r->years[y].net_seats[g]) > scale)
                scale = fabs(r->years[y].net_seats[g]);
    }
    sb_printf(&b, "</table>\n<h2>Net seats by election year</h2>\n<div class=\"charts\">\n");
    for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) chart(&b, r, g, scale > 0 ? scale : 1);
    sb_printf(&b, "</div>\n<h2>By year</h2>\n<table><tr><th>Year</th><th>D seats</th>"
                  "<th>R seats</th><th>D vote share</th>");
    for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) {
        sb_printf(&b, "<th>");
        sb_escape(&b, gm_drawer_label((gm_drawer)g));
        sb_printf(&b, "</th>");
    }
    sb_printf(&b, "</tr>\n");
    for (size_t y = 0; y < r->n_years; y++) {
        const gm_control_year *Y = &r->years[y];
        sb_printf(&b, "<tr><td>%d</td><td>%zu</td><td>%zu</td><td>%.3f</td>", Y->year, Y->seats_d,
                  Y->seats_r, Y->vote_share_d);
        for (int g = 0; g < GM_DRAWER_AT_LARGE; g++) {
            sb_printf(&b, "<td>");
            sb_num(&b, Y->net_seats[g], 1);
            sb_printf(&b, "</td>");
        }
        sb_printf(&b, "</tr>\n");
    }
    sb_printf(&b, "</table>\n<h2>By state and election</h2>\n<div class=\"wide\"><table><tr>"
                  "<th>State</th>"
                  "<th>Year</th><th>Drawn by</th><th>Map</th><th>Seats</th><th>D</th><th>R</th>"
                  "<th>D vote share</th><th>EG</th><th>Mean&minus;median</th><th>Bias</th>"
                  "<th>Declination</th><th>Seats &minus; proportional (R)</th>"
                  "<th>Uncontested</th></tr>\n");
    for (size_t i = 0; i < r->n_elections; i++) {
        const gm_control_election *e = &r->elections[i];
        sb_printf(&b, "<tr><td>");
        sb_escape(&b, e->state);
        sb_printf(&b, "</td><td>%d</td><td>", e->year);
        sb_escape(&b, gm_drawer_label(e->drawer));
        sb_printf(&b, "</td><td>%d</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%.3f</td><td>",
                  e->map_cycle, e->seats, e->seats_d, e->seats_r, e->vote_share_d);
        const double v[] = {e->efficiency_gap, e->mean_median, e->partisan_bias, e->declination};
        for (int k = 0; k < 4; k++) {
            sb_num(&b, v[k], 3);
            sb_printf(&b, "</td><td>");
        }
        sb_num(&b, e->seat_excess_r, 2);
        sb_printf(&b, "</td><td>%zu</td></tr>\n", e->uncontested);
    }
    sb_printf(&b, "</table></div>\n<p class=\"note\">Generated by gerrymeter %s. Method and "
                  "caveats: docs/control.md.</p>\n</body></html>\n",
              gm_version());
    if (b.oom) {
        free(b.s);
        return gm_fail(err, GM_E_NOMEM, "out of memory writing the HTML report");
    }
    *html = b.s;
    return GM_OK;
}
