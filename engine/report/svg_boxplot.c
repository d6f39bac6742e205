/* svg_boxplot.c: the one box-plot chart (svg.h, gmi_svg_boxplot). */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>

const char *gmi_box_convention(char *buf, size_t cap)
{
    char lo[16], hi[16];
    snprintf(buf, cap,
             "box: the middle half of the plans (25\u201375%%); whiskers: %s\u2013%s%%; line: "
             "the median",
             gmi_num(100 * GMI_BOX_WHISKER_LO, 1, lo, sizeof lo),
             gmi_num(100 * GMI_BOX_WHISKER_HI, 1, hi, sizeof hi));
    return buf;
}

/* The share axis: from the lowest whisker or dot to the highest, 50 % included, rounded
 * out to the grid step (10 points over a wide range, 5 over a narrow one), within 0..1. */
static void axis_range(const gmi_boxplot *b, double *lo, double *hi, double *step)
{
    double a = 0.5, z = 0.5;
    for (size_t j = 0; j < b->k; j++) {
        const gmi_box *x = &b->box[j];
        if (!isnan(x->lo)) {
            a = fmin(a, x->lo);
            z = fmax(z, x->hi);
        }
        if (b->dot && isfinite(b->dot[j])) {
            a = fmin(a, b->dot[j]);
            z = fmax(z, b->dot[j]);
        }
    }
    *step = z - a > 0.4 ? 0.1 : 0.05;
    *lo = fmax(0, floor((a - 0.01) / *step + 1e-9) * *step);
    *hi = fmin(1, ceil((z + 0.01) / *step - 1e-9) * *step);
}

void gmi_svg_boxplot(gm_sink *f, const gmi_boxplot *b)
{
    /* A standalone chart has a heading band above the plot; both have the axis label and
     * the key line below. */
    const double W = 640, L = 44, R = 10, T = b->standalone ? 40 : 12, B = 46, H = T + 238 + B;
    double pw = W - L - R, ph = H - T - B;
    size_t k = b->k;
    char t[384], b1[32], b2[32], b3[32], b4[32];
    double lo, hi, step;
    axis_range(b, &lo, &hi, &step);
    if (b->standalone) {
        gm_sink_printf(
            f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %s %s\" width=\"%s\" "
            "height=\"%s\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\">"
            "<title>",
            gmi_num(W, 1, b1, sizeof b1), gmi_num(H, 1, b2, sizeof b2), b1, b2);
        gmi_xml_text(f, b->title);
        gm_sink_puts(f, "</title>\n<style>" GMI_CSS_SMALL GMI_CSS_GRID GMI_CSS_AXIS50 GMI_CSS_PLANPT
                            GMI_CSS_BOX "</style>\n<rect width=\"100%\" "
                        "height=\"100%\" fill=\"white\"/>\n");
        gmi_svg_text(f, W / 2, 24, "middle", NULL, b->title);
    } else {
        gmi_svg_begin(f, W, H, "chart boxplot", b->title);
    }
#define BY(v) (T + ph * (hi - (v)) / (hi - lo))
    gm_sink_printf(f,
                   "<rect class=\"plotarea\" data-lo=\"%.17g\" data-hi=\"%.17g\" x=\"%s\" y=\"%s\" "
                   "width=\"%s\" height=\"%s\" fill=\"none\"/>",
                   lo, hi, gmi_num(L, 1, b1, sizeof b1), gmi_num(T, 1, b2, sizeof b2),
                   gmi_num(pw, 1, b3, sizeof b3), gmi_num(ph, 1, b4, sizeof b4));
    int n_grid = (int)lround((hi - lo) / step);
    for (int g = 0; g <= n_grid; g++) {
        double v = lo + step * g, y = BY(v);
        gmi_svg_line(f, L, y, W - R, y, fabs(v - 0.5) < 1e-9 ? "axis50" : "grid");
        gmi_svg_text(f, L - 4, y + 4, "end", "small tick", gmi_pct(v, 0, t, sizeof t));
    }
    double cw = pw / (double)(k ? k : 1);
    for (size_t j = 0; j < k; j++) {
        const gmi_box *x = &b->box[j];
        if (isnan(x->lo)) continue;
        double x0 = L + cw * (double)j, cx = x0 + cw / 2;
        gmi_svg_line(f, cx, BY(x->hi), cx, BY(x->lo), "whisker");
        gm_sink_printf(f,
                       "<rect class=\"box\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>"
                       "rank %zu: median %s, middle half %s\u2013%s</title></rect>",
                       gmi_num(x0 + cw * 0.15, 2, b1, sizeof b1),
                       gmi_num(BY(x->q75), 1, b2, sizeof b2), gmi_num(cw * 0.7, 2, b3, sizeof b3),
                       gmi_num(BY(x->q25) - BY(x->q75), 1, b4, sizeof b4), j + 1,
                       gmi_pct(x->q50, 1, t, 64), gmi_pct(x->q25, 1, t + 64, 64),
                       gmi_pct(x->q75, 1, t + 128, 64));
        gmi_svg_line(f, x0 + cw * 0.15, BY(x->q50), x0 + cw * 0.85, BY(x->q50), "median");
    }
    if (b->dot) {
        for (size_t j = 0; j < k; j++) {
            double v = b->dot[j];
            if (!isfinite(v)) continue;
            gm_sink_printf(f, "<circle class=\"planpt\" cx=\"%s\" cy=\"%s\" r=\"%s\"><title>",
                           gmi_num(L + cw * ((double)j + 0.5), 2, b1, sizeof b1),
                           gmi_num(BY(v), 1, b2, sizeof b2),
                           gmi_num(fmin(4.0, fmax(1.5, cw * 0.3)), 1, b3, sizeof b3));
            t[0] = '\0';
            if (b->dot_tip) b->dot_tip(b->ctx, j, t, sizeof t);
            gmi_xml_text(f, t);
            gm_sink_puts(f, "</title></circle>");
        }
    } else if (b->note) {
        gmi_svg_text(f, W / 2, T + 14, "middle", "small", b->note);
    }
#undef BY
    gmi_svg_text(f, L + pw / 2, T + ph + 20, "middle", "small", b->x_label);
    char key[256];
    gmi_box_convention(key, sizeof key);
    snprintf(t, sizeof t, "%s%s%s", key, b->dots && b->dot ? "; dots: " : "",
             b->dots && b->dot ? b->dots : "");
    gmi_svg_text(f, L + pw / 2, T + ph + 38, "middle", "small boxkey", t);
    gmi_svg_end(f);
}
