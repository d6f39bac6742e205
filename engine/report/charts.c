/* charts.c: the report's pictures as inline SVG: the district map and its inset, the
 * sorted district vote-share chart, and the seats-votes curve (drawn by the partisan
 * module's gm_svg_seats_votes). Ensemble charts are in charts_ens.c.
 *
 * Colours: districts are filled by margin class (gmi_margin_class); the page's CSS
 * gives each class the colour of the party it leans to, by the party's name
 * (colours.c), so the order the parties were given changes no colour. Every mark
 * carries a <title>, so hovering shows the numbers without any script. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"

/* "District 5: D 52.3%, won by D (uncontested)" into buf. */
static void district_tip(const gmi_rplan *r, size_t d, char *buf, size_t cap)
{
    char s[32];
    const char *pa = r->partisan ? r->u->party[0] : NULL;
    if (!r->partisan || !isfinite(r->share[d])) {
        snprintf(buf, cap, "District %s: no two-party votes", r->p->label[d]);
        return;
    }
    int w = r->winner[d];
    snprintf(buf, cap, "District %s: %s %s, %s%s%s", r->p->label[d], pa,
             gmi_pct(r->share[d], 1, s, sizeof s), w == GMI_WIN_TIE ? "tied" : "won by ",
             w >= 0 ? r->u->party[w] : "",
             r->uncontested[d] ? " (uncontested)" : "");
}

/* One view of the map (the whole plan, or the inset) as an <svg> of class cls. */
static void map_view(gm_sink *f, const gmi_rplan *r, const gmi_map *m, const char *cls,
                     const char *title)
{
    size_t k = r->t->k;
    char tip[512], b1[32], b2[32], b3[32], b4[32];
    /* Natural size (width/height attributes), so a tall state is not blown up to the
     * column width; CSS still shrinks it on narrow screens. */
    gm_sink_printf(
        f,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %s %s\" width=\"%s\" height=\"%s\" class=\"%s\" role=\"img\"><title>",
        gmi_num(m->w, 1, b1, sizeof b1), gmi_num(m->h, 1, b2, sizeof b2), b1, b2, cls);
    gmi_xml_text(f, title);
    gm_sink_puts(f, "</title>\n<g class=\"districts\">\n");
    for (size_t d = 0; d < k; d++) {
        if (!m->d[d]) continue;
        gm_sink_puts(f, "<path data-district=\"");
        gmi_xml_text(f, r->p->label[d]);
        gm_sink_printf(f, "\" class=\"%s\" d=\"%s\"><title>", gmi_margin_class(r->share[d]),
                       m->d[d]);
        district_tip(r, d, tip, sizeof tip);
        gmi_xml_text(f, tip);
        gm_sink_puts(f, "</title></path>\n");
    }
    gm_sink_puts(f, "</g>\n<g class=\"labels\">");
    /* Districts too small for a 6-unit label stay unlabelled (their path still has a
     * title, and the inset shows them larger). */
    for (size_t d = 0; d < k; d++) {
        double fs;
        if (!m->d[d] || (fs = gmi_label_font(m, d, r->p->label[d])) == 0.0) continue;
        gm_sink_printf(f, "<text x=\"%s\" y=\"%s\" style=\"font-size:%spx\">",
                       gmi_num(m->lx[d], 1, b1, sizeof b1),
                       gmi_num(m->ly[d] + 0.35 * fs, 1, b2, sizeof b2),
                       gmi_num(fs, 1, b3, sizeof b3));
        gmi_xml_text(f, r->p->label[d]);
        gm_sink_puts(f, "</text>");
    }
    gm_sink_puts(f, "</g>\n");
    if (m->inset)
        gm_sink_printf(f, "<rect class=\"insetbox\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"/>",
                       gmi_num(m->ix0, 1, b1, sizeof b1), gmi_num(m->iy0, 1, b2, sizeof b2),
                       gmi_num(m->iside, 1, b3, sizeof b3), gmi_num(m->iside, 1, b4, sizeof b4));
    gmi_svg_end(f);
}

void gmi_chart_map(gm_sink *f, const gmi_rplan *r)
{
    char tip[512];
    snprintf(tip, sizeof tip,
             "Map of the %zu districts of %s, coloured by %s share of the two-party vote", r->t->k,
             r->name, r->partisan ? r->u->party[0] : "no");
    map_view(f, r, &r->map, "map", tip);
}

void gmi_chart_map_inset(gm_sink *f, const gmi_rplan *r)
{
    char tip[512];
    snprintf(tip, sizeof tip, "Inset: the most crowded part of the map of %s, enlarged", r->name);
    map_view(f, r, r->map.inset, "inset", tip);
}

void gmi_chart_map_legend(gm_sink *f, const gmi_rplan *r)
{
    const char *pa = r->partisan ? r->u->party[0] : "a", *pb = r->partisan ? r->u->party[1] : "b";
    char t[160], lo[16], hi[16];
    gmi_svg_begin(f, 420, 44, "legend", "Colour scale of the map");
    for (int i = 0; i < 8; i++) {
        double a, b;
        gmi_margin_range(i, &a, &b);
        gm_sink_printf(f, "<rect x=\"%d\" y=\"4\" width=\"50\" height=\"14\" class=\"m%d\"/>",
                       10 + 50 * i, i);
        snprintf(t, sizeof t, "%s\u2013%s", gmi_num(a * 100, 0, lo, sizeof lo),
                 gmi_num(b * 100, 0, hi, sizeof hi));
        gmi_svg_text(f, 35 + 50 * i, 30, "middle", "small", t);
    }
    snprintf(t, sizeof t, "\u2190 %s wins", pb);
    gmi_svg_text(f, 10, 42, "start", "small", t);
    snprintf(t, sizeof t, "%s share of the two-party vote, %% \u00b7 %s wins \u2192", pa, pa);
    gmi_svg_text(f, 410, 42, "end", "small", t);
    gmi_svg_end(f);
}

/* Sorted district vote-share chart: one bar per district, in ascending order of a's
 * share, from 0 to the share; reference lines at 50 % and at the statewide share.
 * Packed districts show as bars far from 50 %, cracked ones as a run just short of it. */
void gmi_chart_shares(gm_sink *f, const gmi_rplan *r)
{
    const double W = 640, H = 260, L = 44, R = 10, T = 12, B = 34;
    size_t k = r->t->k, kc = 0;
    for (size_t i = 0; i < k; i++) kc += isfinite(r->share[r->order[i]]);
    char tip[512], b1[32], b2[32], b3[32], b4[32];
    snprintf(tip, sizeof tip, "%s share of the two-party vote in each district, sorted",
             r->u->party[0]);
    gmi_svg_begin(f, W, H, "chart shares", tip);
    double pw = W - L - R, ph = H - T - B, bw = kc ? pw / (double)kc : pw;
    for (int g = 0; g <= 4; g++) { /* grid every 25 % */
        double y = T + ph * (1 - g / 4.0);
        gmi_svg_line(f, L, y, W - R, y, g == 2 ? "axis50" : "grid");
        snprintf(tip, sizeof tip, "%d%%", g * 25);
        gmi_svg_text(f, L - 4, y + 4, "end", "small", tip);
    }
    gm_sink_puts(f, "<g class=\"bars\">");
    size_t j = 0;
    for (size_t i = 0; i < k; i++) {
        size_t d = r->order[i];
        double v = r->share[d];
        if (!isfinite(v)) continue;
        double x = L + bw * (double)j, y = T + ph * (1 - v);
        gm_sink_puts(f, "<rect data-district=\"");
        gmi_xml_text(f, r->p->label[d]);
        gm_sink_printf(f, "\" class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>",
                       gmi_margin_class(v), gmi_num(x + bw * 0.1, 2, b1, sizeof b1),
                       gmi_num(y, 1, b2, sizeof b2), gmi_num(bw * 0.8, 2, b3, sizeof b3),
                       gmi_num(ph * v, 1, b4, sizeof b4));
        district_tip(r, d, tip, sizeof tip);
        gmi_xml_text(f, tip);
        gm_sink_puts(f, "</title></rect>");
        if (kc <= 30) { /* labels fit under the bars */
            gmi_svg_text(f, x + bw / 2, T + ph + 14, "middle", "small", r->p->label[d]);
        }
        j++;
    }
    gm_sink_puts(f, "</g>");
    double V = r->ps.vote_share;
    if (isfinite(V)) {
        double y = T + ph * (1 - V);
        gmi_svg_line(f, L, y, W - R, y, "statewide");
        snprintf(tip, sizeof tip, "statewide %s", gmi_pct(V, 1, b1, sizeof b1));
        /* Above the line when the share is under 50 % (the 50 % grid line sits just
         * above otherwise), at the left, where the lowest bars leave room. */
        gmi_svg_text(f, L + 4, V < 0.5 ? y - 5 : y + 13, "start", "small halo", tip);
    }
    snprintf(tip, sizeof tip, "districts, from lowest to highest %s share", r->u->party[0]);
    gmi_svg_text(f, L + pw / 2, H - 4, "middle", "small", tip);
    gmi_svg_end(f);
}

/* The seats-votes chart is the partisan module's (gm_svg_seats_votes): uniform swing,
 * first past the post, with the mirrored curve, the plan's point and its mirror. */
void gmi_chart_seats_votes(gm_sink *f, const gmi_rplan *r)
{
    size_t k = r->t->k, n = 0;
    double *v = malloc((k ? k : 1) * sizeof *v);
    char *svg = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (v)
        for (size_t d = 0; d < k; d++)
            if (isfinite(r->share[d])) v[n++] = r->share[d];
    /* the plan's point among the districts with votes (declared seats have no share) */
    double S = r->ps.k_counted ? (r->ps.seats_a - r->declared_a + 0.5 * r->ps.ties) / (double)r->ps.k_counted
                               : NAN;
    gm_status st = v ? gm_svg_seats_votes(v, n, r->ps.vote_share, S, NULL, r->name, r->u->party[0],
                                          r->u->party[1], &svg, &err)
                     : gm_fail(&err, GM_E_NOMEM, "out of memory");
    free(v);
    if (st != GM_OK) {
        gm_sink_puts(f, "<p class=\"note\">No seats-votes curve: ");
        gmi_xml_text(f, err.msg);
        gm_sink_puts(f, ".</p>\n");
        return;
    }
    gm_sink_puts(f, "<div class=\"sv\">");
    gm_sink_puts(f, svg);
    gm_sink_puts(f, "</div>\n");
    free(svg);
}
