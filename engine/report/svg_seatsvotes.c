/* svg_seatsvotes.c: the seats-votes chart. A 640 x 480 SVG: plot area with a light
 * grid every 5 points, the 50% vote and seat lines dashed, party a's curve (solid),
 * the mirrored curve 1 - S(1 - x) (dashed: where a's curve would be if the map treated
 * both parties alike), the actual point and its mirror (1 - V, 1 - S), a title, axis
 * labels and a legend, so the chart reads without a caption. Units on both axes: share
 * of the two-party vote or of the seats, in percent.
 *
 * Under first past the post the curves are drawn exactly: a staircase that rises by 1/k
 * at each district's flip share (gm_sv_flip_share; V - (v_i - 1/2) under uniform swing),
 * with vertical risers at exactly those shares. Probabilistic seats give a smooth curve,
 * sampled on the grid of the options (gmi_sv_method says which).
 *
 * The legend and the two point labels are placed by the label layout (svg_layout.c):
 * inside the plot frame, clear of the tick labels, both curves, the markers and each
 * other. */
#include "gerrymeter/gm_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"
#include "report/report.h"
#include "report/svg.h"

#define W 640.0
#define H 480.0
#define ML 70.0 /* margins: left, right, top, bottom */
#define MR 20.0
#define MT 60.0
#define MB 60.0
#define FS 12.0      /* font size of labels and ticks */
#define LINE 15.0    /* line height of the legend and two-line labels */
#define MARK_R 5.0   /* radius of the point markers */

typedef struct frame {
    double x0, x1; /* vote-share range */
} frame;

static double px(const frame *f, double x)
{
    return ML + (x - f->x0) / (f->x1 - f->x0) * (W - ML - MR);
}

static double py(double s)
{
    return H - MB - s * (H - MT - MB);
}

/* Ascending, NaN last. */
static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x) || isnan(y)) return isnan(x) - isnan(y);
    return (x > y) - (x < y);
}

/* The staircase S(x) = #{t_i < x} / k over [x0, x1] from the sorted step shares t[0..k)
 * (NaN last), as SVG points into xy (at most 2k + 2 points, 2 doubles each). Returns the
 * number of points. */
static size_t staircase(const double *t, size_t k, const frame *fr, double *xy)
{
    size_t n = 0, i = 0;
    while (i < k && t[i] < fr->x0) i++;
    double level = (double)i / (double)k;
    xy[n++] = px(fr, fr->x0);
    xy[n++] = py(level);
    while (i < k && t[i] <= fr->x1) {
        double x = t[i];
        while (i < k && t[i] == x) i++; /* districts that flip at the same share */
        double X = px(fr, x);
        xy[n++] = X;
        xy[n++] = py(level);
        level = (double)i / (double)k;
        xy[n++] = X;
        xy[n++] = py(level);
    }
    xy[n++] = px(fr, fr->x1);
    xy[n++] = py(level);
    return n / 2;
}

static void polyline(gm_sink *f, const double *xy, size_t n, const char *curve, const char *style)
{
    gm_sink_printf(f, "<polyline class=\"sv-curve\" data-curve=\"%s\" fill=\"none\" %s points=\"",
                   curve, style);
    for (size_t i = 0; i < n; i++)
        if (isfinite(xy[2 * i + 1])) gm_sink_printf(f, "%.2f,%.2f ", xy[2 * i], xy[2 * i + 1]);
    gm_sink_puts(f, "\"/>\n");
}

void gmi_sv_method(const gm_partisan_opts *o, char *buf, size_t cap)
{
    char lo[32], hi[32], st[32], sg[32];
    gmi_num(100 * o->curve_lo, 2, lo, sizeof lo);
    gmi_num(100 * o->curve_hi, 2, hi, sizeof hi);
    gmi_num(100 * o->curve_step, 3, st, sizeof st);
    gmi_num(100 * o->sigma, 2, sg, sizeof sg);
    bool uni = o->curve_swing == GM_SWING_UNIFORM;
    const char *sw = uni ? "by the same amount (uniform swing)" : "in proportion (proportional swing)";
    if (o->curve_seats == GM_SEATS_FPTP)
        snprintf(buf, cap,
                 "every district's share moved %s, first past the post, from %s%% to %s%% of the "
                 "vote. It is drawn exactly, as steps: a district changes hands when its share "
                 "crosses 50%%, which happens at the statewide share %s (v the district's share, V "
                 "the statewide share), and the curve rises by one seat at each of those shares. "
                 "The numbers computed from the curve (global symmetry) average it over a grid "
                 "every %s points",
                 sw, lo, hi,
                 uni ? "V \u2212 (v \u2212 \u00bd)"
                     : "V/(2v) for a district the first party wins and "
                       "1 \u2212 (1 \u2212 V)/(2(1 \u2212 v)) for one it loses",
                 st);
    else
        snprintf(buf, cap,
                 "every district's share moved %s, each seat won with the probability "
                 "\u03a6((v \u2212 \u00bd)/\u03c3), \u03c3 = %s points; computed at a grid of "
                 "shares every %s points from %s%% to %s%%",
                 sw, sg, st, lo, hi);
}

/* A label of one or two lines, anchored at a point. */
typedef struct label {
    const char *line[2];
    size_t n;
} label;

static double label_w(const label *l)
{
    double w = 0;
    for (size_t i = 0; i < l->n; i++) w = fmax(w, gmi_text_width(l->line[i], FS, false));
    return w;
}

static double label_h(const label *l)
{
    return (GMI_TEXT_ASCENT + GMI_TEXT_DESCENT) * FS + LINE * (double)(l->n - 1);
}

/* Place the first of the variants that fits nearest the point (ax, ay); write it with
 * a leader line when it sits away from the point; add its box to the layout. */
static void place_label(gm_sink *f, gmi_layout *L, double ax, double ay, const label *var,
                        size_t nvar)
{
    gmi_rect best = {0, 0, 0, 0}, r;
    size_t pick = 0;
    double bd = INFINITY;
    bool any = false;
    for (size_t v = 0; v < nvar; v++) {
        bool ok = gmi_layout_place(L, ax, ay, label_w(&var[v]), label_h(&var[v]), MARK_R + 3, &r);
        double d = gmi_rect_dist(r, ax, ay, NULL, NULL);
        /* a fitting box beats any that does not; among fitting ones the nearest, and a
         * two-line variant only when it is clearly nearer */
        if ((ok && !any) || (ok == any && d + (v ? 20 : 0) < bd)) {
            best = r;
            pick = v;
            bd = d;
            any = ok;
        }
    }
    const label *l = &var[pick];
    double nx, ny;
    if (gmi_rect_dist(best, ax, ay, &nx, &ny) > MARK_R + 14)
        gm_sink_printf(f,
                       "<line class=\"leader\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                       "stroke=\"#777\" stroke-width=\"0.8\"/>\n",
                       ax, ay, nx, ny);
    gm_sink_printf(f,
                   "<text class=\"svlabel\" x=\"%.2f\" y=\"%.2f\" stroke=\"white\" "
                   "stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">",
                   best.x0, best.y0 + GMI_TEXT_ASCENT * FS);
    for (size_t i = 0; i < l->n; i++) {
        if (i) gm_sink_printf(f, "<tspan x=\"%.2f\" dy=\"%.2f\">", best.x0, LINE);
        gmi_xml_text(f, l->line[i]);
        if (i) gm_sink_puts(f, "</tspan>");
    }
    gm_sink_puts(f, "</text>\n");
    gmi_layout_add_box(L, best);
}

/* Tick label: written, and recorded as an obstacle. */
static void tick(gm_sink *f, gmi_layout *L, double x, double y, const char *anchor, int pct)
{
    char t[16];
    snprintf(t, sizeof t, "%d%%", pct);
    gm_sink_printf(f, "<text class=\"tick\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\">%s</text>\n", x,
                   y, anchor, t);
    gmi_layout_add_box(L, gmi_text_box(t, x, y, anchor, FS, false));
}

/* The legend: a box with the two curve samples and their names, in the first corner of
 * the plot where it fits (else wherever the layout finds room). */
static void legend(gm_sink *f, gmi_layout *L, const char *party_a, const char *party_b)
{
    char t1[200], t2[200];
    snprintf(t1, sizeof t1, "%s seats at each vote share", party_a);
    snprintf(t2, sizeof t2, "%s seats at the same share (mirrored)", party_b);
    double w = 36 + fmax(gmi_text_width(t1, FS, false), gmi_text_width(t2, FS, false)) + 8;
    double h = 2 * LINE + 10;
    gmi_rect fr = L->frame, r = {0, 0, 0, 0};
    double in = 8;
    double corner[4][2] = {{fr.x0 + in, fr.y0 + in},
                           {fr.x1 - in - w, fr.y1 - in - h},
                           {fr.x1 - in - w, fr.y0 + in},
                           {fr.x0 + in, fr.y1 - in - h}};
    bool ok = false;
    for (int i = 0; i < 4 && !ok; i++) {
        r = (gmi_rect){corner[i][0], corner[i][1], corner[i][0] + w, corner[i][1] + h};
        ok = gmi_layout_fits(L, r);
    }
    if (!ok) gmi_layout_place(L, fr.x0, fr.y0, w, h, 0, &r);
    gmi_layout_add_box(L, r);
    double lx = r.x0 + 6, ly = r.y0 + 5 + GMI_TEXT_ASCENT * FS;
    gm_sink_printf(
        f,
        "<g class=\"legend\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"white\" "
        "fill-opacity=\"0.9\" stroke=\"#ccc\"/>\n",
        r.x0, r.y0, w, h);
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"2.5\"/>\n",
        lx, ly - 4, lx + 24, ly - 4, gmi_party_colour(party_a, party_b));
    gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\">", lx + 30, ly);
    gmi_xml_text(f, t1);
    gm_sink_puts(f, "</text>\n");
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"7,4\"/>\n",
        lx, ly + LINE - 4, lx + 24, ly + LINE - 4, gmi_party_colour(party_b, party_a));
    gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\">", lx + 30, ly + LINE);
    gmi_xml_text(f, t2);
    gm_sink_puts(f, "</text></g>\n");
}

/* The title, shrunk (down to 12 px) to fit the width; a title that still does not fit
 * loses the plan's name. */
static void title_line(gm_sink *f, const char *title)
{
    char t[400];
    snprintf(t, sizeof t, "Seats-votes curve%s%s", title && *title ? ": " : "",
             title && *title ? title : "");
    double fs = 16;
    while (fs > 12 && gmi_text_width(t, fs, true) > W - 20) fs -= 1;
    if (gmi_text_width(t, fs, true) > W - 20) snprintf(t, sizeof t, "Seats-votes curve");
    gm_sink_printf(f,
                   "<text class=\"svtitle\" x=\"%.0f\" y=\"24\" text-anchor=\"middle\" "
                   "font-size=\"%.0f\" font-weight=\"bold\">",
                   W / 2, fs);
    gmi_xml_text(f, t);
    gm_sink_puts(f, "</text>\n");
}

gm_status gm_svg_seats_votes(const double *v, size_t k, double V, double S, const gm_partisan_opts *o,
                             const char *title, const char *party_a, const char *party_b,
                             char **svg, gm_error *err)
{
    *svg = NULL;
    gm_partisan_opts def;
    if (!o) {
        gm_partisan_opts_init(&def);
        o = &def;
    }
    size_t n = gm_sv_grid_size(o->curve_lo, o->curve_hi, o->curve_step);
    if (n < 2 || k == 0)
        return gm_fail(err, GM_E_ARG, "seats-votes chart: need districts with votes and a grid of 2+ points");
    bool steps = o->curve_seats == GM_SEATS_FPTP;
    frame fr = {o->curve_lo, o->curve_lo + (double)(n - 1) * o->curve_step};
    /* points of the two curves: a staircase has at most 2k + 2, a sampled curve n */
    size_t cap = steps ? 2 * k + 2 : n;
    double *a = malloc((4 * cap + 2 * k) * sizeof *a);
    if (!a) return gm_fail(err, GM_E_NOMEM, "out of memory");
    double *m = a + 2 * cap, *t = m + 2 * cap, *tm = t + k;
    size_t na, nm;
    if (steps) {
        /* a's seat changes hands at its flip share; the mirror 1 - S(1 - x) steps at
         * 1 - t_i. */
        for (size_t i = 0; i < k; i++) {
            t[i] = gm_sv_flip_share(v[i], V, o->curve_swing);
            tm[i] = 1.0 - t[i];
        }
        qsort(t, k, sizeof *t, cmp_d);
        qsort(tm, k, sizeof *tm, cmp_d);
        na = staircase(t, k, &fr, a);
        nm = staircase(tm, k, &fr, m);
    } else {
        for (size_t i = 0; i < n; i++) {
            double x = o->curve_lo + (double)i * o->curve_step;
            a[2 * i] = m[2 * i] = px(&fr, x);
            a[2 * i + 1] =
                py(gm_sv_seat_share(v, k, V, x, o->curve_swing, o->curve_seats, o->sigma, false));
            m[2 * i + 1] = py(1.0 - gm_sv_seat_share(v, k, V, 1.0 - x, o->curve_swing,
                                                     o->curve_seats, o->sigma, false));
        }
        na = nm = n;
    }
    gmi_sbuf buf = {0};
    gm_sink sink, *f = &sink;
    gmi_sink_sbuf(f, &buf);
    gmi_layout L;
    gmi_layout_init(&L, (gmi_rect){ML, MT, W - MR, H - MB});
    gm_sink_printf(f,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                   "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"%.0f\">\n",
                   W, H, W, H, FS);
    gm_sink_puts(f, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    title_line(f, title);
    gm_sink_printf(f, "<text class=\"svsub\" x=\"%.0f\" y=\"42\" text-anchor=\"middle\" fill=\"#555\">",
                   W / 2);
    gm_sink_printf(f, "%s swing, %s",
                   o->curve_swing == GM_SWING_UNIFORM ? "uniform" : "proportional",
                   steps ? "first past the post: exact steps"
                         : "probabilistic seats, sampled every ");
    if (!steps) {
        char st[32];
        gm_sink_printf(f, "%s points", gmi_num(100 * o->curve_step, 3, st, sizeof st));
    }
    gm_sink_puts(f, "</text>\n");
    /* Grid every 5 points, tick labels every 10. */
    for (int g = 0; g <= 100; g += 5) {
        double s = g / 100.0;
        double op = g % 10 ? 0.15 : 0.35;
        gm_sink_printf(
            f,
            "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\" stroke-opacity=\"%.2f\"/>\n",
            ML, py(s), W - MR, py(s), op);
        if (g % 10 == 0) tick(f, &L, ML - 6, py(s) + 4, "end", g);
        if (s >= fr.x0 - 1e-9 && s <= fr.x1 + 1e-9) {
            gm_sink_printf(
                f,
                "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\" stroke-opacity=\"%.2f\"/>\n",
                px(&fr, s), py(0), px(&fr, s), py(1), op);
            if (g % 10 == 0) tick(f, &L, px(&fr, s), py(0) + 16, "middle", g);
        }
    }
    /* 50% lines: labels keep off them too. */
    double h50[4] = {ML, py(0.5), W - MR, py(0.5)}, v50[4] = {px(&fr, 0.5), py(0), px(&fr, 0.5), py(1)};
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"black\" stroke-dasharray=\"2,3\"/>\n",
        h50[0], h50[1], h50[2], h50[3]);
    gmi_layout_add_line(&L, h50, 2);
    if (0.5 >= fr.x0 && 0.5 <= fr.x1) {
        gm_sink_printf(
            f,
            "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"black\" stroke-dasharray=\"2,3\"/>\n",
            v50[0], v50[1], v50[2], v50[3]);
        gmi_layout_add_line(&L, v50, 2);
    }
    gm_sink_printf(f,
                   "<rect class=\"frame\" data-lo=\"%.17g\" data-hi=\"%.17g\" x=\"%.2f\" y=\"%.2f\" "
                   "width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"black\"/>\n",
                   fr.x0, fr.x1, ML, MT, W - ML - MR, H - MT - MB);
    /* a's curve under the dashed mirror, so that a fair plan shows both */
    /* each curve in its party's colour (by name, colours.c) */
    char sa[96], sm[128];
    snprintf(sa, sizeof sa, "stroke=\"%s\" stroke-width=\"2.5\"", gmi_party_colour(party_a, party_b));
    snprintf(sm, sizeof sm, "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"7,4\"",
             gmi_party_colour(party_b, party_a));
    polyline(f, a, na, "a", sa);
    polyline(f, m, nm, "mirror", sm);
    gmi_layout_add_line(&L, a, na);
    gmi_layout_add_line(&L, m, nm);
    bool have_pt = isfinite(V) && isfinite(S) && V >= fr.x0 && V <= fr.x1;
    bool have_mirror = have_pt && 1 - V >= fr.x0 && 1 - V <= fr.x1;
    double ax = have_pt ? px(&fr, V) : 0, ay = have_pt ? py(S) : 0;
    double bx = have_mirror ? px(&fr, 1 - V) : 0, by = have_mirror ? py(1 - S) : 0;
    if (have_pt) {
        gm_sink_printf(f, "<circle class=\"svpoint\" cx=\"%.2f\" cy=\"%.2f\" r=\"%.0f\" fill=\"black\"/>\n",
                       ax, ay, MARK_R);
        gmi_layout_add_box(&L, (gmi_rect){ax - MARK_R, ay - MARK_R, ax + MARK_R, ay + MARK_R});
    }
    /* The mirror point (1 - V, 1 - S): b's actual result in a's terms. It lies on the
     * mirrored curve; a plan that treats both parties alike has a's curve through it
     * as well. */
    if (have_mirror) {
        gm_sink_printf(
            f,
            "<circle class=\"svpoint\" cx=\"%.2f\" cy=\"%.2f\" r=\"%.0f\" fill=\"white\" stroke=\"black\" stroke-width=\"2\"/>\n",
            bx, by, MARK_R);
        gmi_layout_add_box(&L, (gmi_rect){bx - MARK_R, by - MARK_R, bx + MARK_R, by + MARK_R});
    }
    /* Axis labels. */
    gm_sink_printf(f, "<text class=\"axis-title\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">",
                   (ML + W - MR) / 2, H - 18);
    gmi_xml_text(f, party_a);
    gm_sink_puts(f, " share of the two-party vote</text>\n");
    gm_sink_printf(f,
                   "<text class=\"axis-title\" transform=\"translate(18,%.2f) rotate(-90)\" "
                   "text-anchor=\"middle\">",
                   (MT + H - MB) / 2);
    gmi_xml_text(f, party_a);
    gm_sink_puts(f, " share of the seats</text>\n");
    legend(f, &L, party_a, party_b);
    if (have_pt) {
        char l1[120], l2[120];
        snprintf(l1, sizeof l1, "actual: %.1f%% votes, %.1f%% seats", 100 * V, 100 * S);
        snprintf(l2, sizeof l2, "%.1f%% votes, %.1f%% seats", 100 * V, 100 * S);
        label var[2] = {{{l1, NULL}, 1}, {{"actual:", l2}, 2}};
        place_label(f, &L, ax, ay, var, 2);
    }
    if (have_mirror) {
        char l1[300], h1[200], l2[120];
        snprintf(h1, sizeof h1, "mirror (%s's result):", party_b);
        snprintf(l2, sizeof l2, "%.1f%% votes, %.1f%% seats", 100 * (1 - V), 100 * (1 - S));
        snprintf(l1, sizeof l1, "%s %s", h1, l2);
        label var[2] = {{{l1, NULL}, 1}, {{h1, l2}, 2}};
        place_label(f, &L, bx, by, var, 2);
    }
    gm_sink_puts(f, "</svg>\n");
    gmi_layout_free(&L);
    free(a);
    *svg = gmi_sbuf_take(&buf);
    if (!*svg) return gm_fail(err, GM_E_NOMEM, "out of memory writing the chart");
    return GM_OK;
}
