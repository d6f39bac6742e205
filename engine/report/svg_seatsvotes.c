/* svg_seatsvotes.c: the seats-votes chart. A 640 x 480 SVG: plot area with a light
 * grid every 5 points, the 50% vote and seat lines dashed, party a's curve (solid),
 * the mirrored curve 1 - S(1 - x) (dashed: where a's curve would be if the map treated
 * both parties alike), the actual point and its mirror (1 - V, 1 - S), a title, axis
 * labels and a legend, so the chart reads without a caption. Units on both axes: share of the two-party vote or
 * of the seats, in percent. */
#include "gerrymeter/gm_report.h"

#include <math.h>
#include <stdlib.h>

#include "core/sbuf.h"
#include "report/svg.h"

#define W 640.0
#define H 480.0
#define ML 70.0   /* margins: left, right, top, bottom */
#define MR 20.0
#define MT 60.0
#define MB 60.0

typedef struct frame {
    double x0, x1;  /* vote-share range */
} frame;

static double px(const frame *f, double x)
{
    return ML + (x - f->x0) / (f->x1 - f->x0) * (W - ML - MR);
}

static double py(double s)
{
    return H - MB - s * (H - MT - MB);
}

static void polyline(gm_sink *f, const frame *fr, const double *x, const double *s, size_t n,
                     const char *style)
{
    gm_sink_printf(f, "<polyline fill=\"none\" %s points=\"", style);
    for (size_t i = 0; i < n; i++)
        if (isfinite(s[i])) gm_sink_printf(f, "%.2f,%.2f ", px(fr, x[i]), py(s[i]));
    gm_sink_puts(f, "\"/>\n");
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
    double *x = malloc(3 * n * sizeof *x);
    if (!x) return gm_fail(err, GM_E_NOMEM, "out of memory");
    double *s = x + n, *m = s + n;
    for (size_t i = 0; i < n; i++) {
        x[i] = o->curve_lo + (double)i * o->curve_step;
        s[i] = gm_sv_seat_share(v, k, V, x[i], o->curve_swing, o->curve_seats, o->sigma, false);
        m[i] = 1.0 - gm_sv_seat_share(v, k, V, 1.0 - x[i], o->curve_swing, o->curve_seats, o->sigma, false);
    }
    gmi_sbuf buf = {0};
    gm_sink sink, *f = &sink;
    gmi_sink_sbuf(f, &buf);
    frame fr = {x[0], x[n - 1]};
    gm_sink_printf(f,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                   "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
                   W, H, W, H);
    gm_sink_puts(f, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    gm_sink_puts(
        f, "<text x=\"320\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">"
           "Seats-votes curve");
    if (title && *title) {
        gm_sink_puts(f, ": ");
        gmi_xml_text(f, title);
    }
    gm_sink_puts(f, "</text>\n<text x=\"320\" y=\"42\" text-anchor=\"middle\" fill=\"#555\">");
    gm_sink_printf(f, "%s swing, %s seats; ",
                   o->curve_swing == GM_SWING_UNIFORM ? "uniform" : "proportional",
                   o->curve_seats == GM_SEATS_FPTP ? "first-past-the-post" : "probabilistic");
    gm_sink_puts(f, "dashed: mirrored curve (equal treatment)</text>\n");
    /* Grid every 5 points, labels every 10. */
    for (int g = 0; g <= 100; g += 5) {
        double t = g / 100.0;
        double a = g % 10 ? 0.15 : 0.35;
        gm_sink_printf(
            f,
            "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\" stroke-opacity=\"%.2f\"/>\n",
            ML, py(t), W - MR, py(t), a);
        if (g % 10 == 0)
            gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%d%%</text>\n",
                           ML - 6, py(t) + 4, g);
        if (t >= fr.x0 - 1e-9 && t <= fr.x1 + 1e-9) {
            gm_sink_printf(
                f,
                "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#999\" stroke-opacity=\"%.2f\"/>\n",
                px(&fr, t), py(0), px(&fr, t), py(1), a);
            if (g % 10 == 0)
                gm_sink_printf(f,
                               "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%d%%</text>\n",
                               px(&fr, t), py(0) + 16, g);
        }
    }
    /* 50% lines. */
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"black\" stroke-dasharray=\"2,3\"/>\n",
        ML, py(0.5), W - MR, py(0.5));
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"black\" stroke-dasharray=\"2,3\"/>\n",
        px(&fr, 0.5), py(0), px(&fr, 0.5), py(1));
    gm_sink_printf(
        f,
        "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"black\"/>\n",
        ML, MT, W - ML - MR, H - MT - MB);
    polyline(f, &fr, x, m, n, "stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"7,4\"");
    polyline(f, &fr, x, s, n, "stroke=\"#1f4e9c\" stroke-width=\"2.5\"");
    if (isfinite(V) && isfinite(S) && V >= fr.x0 && V <= fr.x1) {
        gm_sink_printf(f, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"black\"/>\n", px(&fr, V),
                       py(S));
        gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\">actual: %.1f%% votes, %.1f%% seats</text>\n",
                       px(&fr, V) + 8, py(S) - 8, 100 * V, 100 * S);
        /* The mirror point (1 - V, 1 - S): b's actual result in a's terms. It lies on
         * the mirrored curve; a plan that treats both parties alike has a's curve
         * through it as well. */
        if (1 - V >= fr.x0 && 1 - V <= fr.x1) {
            gm_sink_printf(
                f,
                "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"white\" stroke=\"black\" stroke-width=\"2\"/>\n",
                px(&fr, 1 - V), py(1 - S));
            gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">mirror (",
                           px(&fr, 1 - V) - 8, py(1 - S) + 16);
            gmi_xml_text(f, party_b);
            gm_sink_printf(f, "'s result): %.1f%% votes, %.1f%% seats</text>\n", 100 * (1 - V),
                           100 * (1 - S));
        }
    }
    /* Axis labels. */
    gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">", (ML + W - MR) / 2,
                   H - 18);
    gmi_xml_text(f, party_a);
    gm_sink_puts(f, " share of the two-party vote</text>\n");
    gm_sink_printf(f, "<text transform=\"translate(18,%.2f) rotate(-90)\" text-anchor=\"middle\">",
                   (MT + H - MB) / 2);
    gmi_xml_text(f, party_a);
    gm_sink_puts(f, " share of the seats</text>\n");
    /* Legend, top left inside the plot. */
    double lx = ML + 10, ly = MT + 16;
    gm_sink_printf(
        f,
        "<rect x=\"%.2f\" y=\"%.2f\" width=\"250\" height=\"40\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n",
        lx - 4, ly - 13);
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#1f4e9c\" stroke-width=\"2.5\"/>\n",
        lx, ly - 4, lx + 24, ly - 4);
    gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\">", lx + 30, ly);
    gmi_xml_text(f, party_a);
    gm_sink_puts(f, " seats at each vote share</text>\n");
    gm_sink_printf(
        f,
        "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"7,4\"/>\n",
        lx, ly + 14, lx + 24, ly + 14);
    gm_sink_printf(f, "<text x=\"%.2f\" y=\"%.2f\">", lx + 30, ly + 18);
    gmi_xml_text(f, party_b);
    gm_sink_puts(f, " seats at the same share (mirrored)</text>\n");
    gm_sink_puts(f, "</svg>\n");
    free(x);
    *svg = gmi_sbuf_take(&buf);
    if (!*svg) return gm_fail(err, GM_E_NOMEM, "out of memory writing the chart");
    return GM_OK;
}
