/* page_compare.c: the report's "How the second plan redraws the first" section, for a
 * report of two plans over one unit layer: people moved and core retention of every
 * district both ways, from the comparison `gerrymeter compare` prints
 * (gm_plan_compare_compute, kept in the second plan's model). HTML or Markdown. */
#include "report/report.h"

#include <math.h>

#include "report/svg.h"

static void text(gm_sink *f, bool html, const char *s)
{
    if (html) gmi_xml_text(f, s);
    else gmi_md_text(f, s);
}

/* One side's table: its districts, their population, best match, retention. */
static void side_table(gm_sink *f, const gmi_rplan *r, int side, bool html)
{
    const gm_plan_compare *c = r[1].cmp;
    const gm_plan *p = r[side].p, *o = r[!side].p;
    size_t k = side ? c->kb : c->ka;
    const char *wt = c->by_units ? "Units" : "Population";
    const char *h[5] = {"District", wt, side ? "Best match (first plan)" : "Best match (second plan)",
                        side ? "Taken from it" : "Kept in it", "Core retention"};
    char b[64];
    if (html) {
        gm_sink_printf(f, "<div class=\"scroll\"><table class=\"retention\" data-plan=\"%d\"><thead><tr>", side);
        for (int i = 0; i < 5; i++) gm_sink_printf(f, "<th%s>%s</th>", i == 1 || i > 2 ? " class=\"n\"" : "", h[i]);
        gm_sink_puts(f, "</tr></thead><tbody>\n");
    } else {
        gm_sink_printf(f, "| %s | %s | %s | %s | %s |\n|---|--:|---|--:|--:|\n", h[0], h[1], h[2], h[3], h[4]);
    }
    for (size_t d = 0; d < k; d++) {
        int32_t m = side ? c->match_b[d] : c->match_a[d];
        double w = side ? c->pop_b[d] : c->pop_a[d];
        double shared = m < 0 ? 0 : side ? c->pop[(size_t)m * c->kb + d] : c->pop[d * c->kb + (size_t)m];
        double ret = side ? c->retention_b[d] : c->retention_a[d];
        gm_sink_puts(f, html ? "<tr><td>" : "| ");
        text(f, html, p->label[d]);
        gm_sink_puts(f, html ? "</td><td class=\"n\">" : " | ");
        gm_sink_puts(f, gmi_int(w, b, sizeof b));
        gm_sink_puts(f, html ? "</td><td>" : " | ");
        text(f, html, m >= 0 ? o->label[m] : "\u2013");
        gm_sink_puts(f, html ? "</td><td class=\"n\">" : " | ");
        gm_sink_puts(f, gmi_int(shared, b, sizeof b));
        gm_sink_puts(f, html ? "</td><td class=\"n\">" : " | ");
        text(f, html, isfinite(ret) ? gmi_pct(ret, 1, b, sizeof b) : "\u2013");
        gm_sink_puts(f, html ? "</td></tr>\n" : " |\n");
    }
    gm_sink_puts(f, html ? "</tbody></table></div>\n" : "\n");
}

void gmi_compare_section(gm_sink *f, const gmi_rplan *r, bool html)
{
    const gm_plan_compare *c = r[1].cmp;
    if (!c) return;
    char b1[64], b2[64], b3[64], b4[64];
    const char *who = c->by_units ? "units" : "people";
    gm_sink_puts(f, html ? "<h2>How the second plan redraws the first</h2>\n<p>"
                         : "## How the second plan redraws the first\n\n");
    gm_sink_printf(f, "%s of the %s %s (%s) stay with the district of ",
                   gmi_int(c->total - c->moved, b1, sizeof b1), gmi_int(c->total, b2, sizeof b2), who,
                   gmi_pct(c->total > 0 ? c->retained_a / c->total : NAN, 1, b3, sizeof b3));
    text(f, html, r[1].name);
    gm_sink_puts(f, " that best matches their district of ");
    text(f, html, r[0].name);
    gm_sink_printf(f, " (the one holding most of it); %s units (%s %s) move to another. Core "
                      "retention of a district is the share of its %s that stays with its best "
                      "match; the second table reads it from the new plan's side (the share of a new "
                      "district drawn from its best-matching old one).",
                   gmi_int((double)c->moved_units, b4, sizeof b4), gmi_int(c->moved, b1, sizeof b1), who,
                   who);
    gm_sink_puts(f, html ? "</p>\n" : "\n\n");
    gm_sink_puts(f, html ? "<section class=\"plans\" style=\"--n:2\">\n<div><h3>" : "### ");
    text(f, html, r[0].name);
    gm_sink_puts(f, html ? "</h3>" : "\n\n");
    side_table(f, r, 0, html);
    gm_sink_puts(f, html ? "</div>\n<div><h3>" : "### ");
    text(f, html, r[1].name);
    gm_sink_puts(f, html ? "</h3>" : "\n\n");
    side_table(f, r, 1, html);
    if (html) gm_sink_puts(f, "</div>\n</section>\n");
}
