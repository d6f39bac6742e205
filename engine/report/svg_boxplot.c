/* svg_boxplot.c: the one box-plot chart (svg.h, gmi_svg_boxplot). */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>

void gmi_svg_boxplot(gm_sink *f, const gmi_boxplot *b)
{
    /* A standalone chart has a heading band above the plot and a legend below. */
    const double W = 640, L = 44, R = 10, T = b->standalone ? 40 : 12;
    const double B = b->standalone ? 50 : 30, H = T + 238 + B;
    double pw = W - L - R, ph = H - T - B;
    size_t k = b->k;
    char t[256], b1[32], b2[32], b3[32], b4[32];
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
    for (int g = 0; g <= 4; g++) {
        double y = T + ph * (1 - g / 4.0);
        gmi_svg_line(f, L, y, W - R, y, g == 2 ? "axis50" : "grid");
        snprintf(t, sizeof t, "%d%%", g * 25);
        gmi_svg_text(f, L - 4, y + 4, "end", "small", t);
    }
    double cw = pw / (double)(k ? k : 1);
#define BY(v) (T + ph * (1 - (v)))
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
    gmi_svg_text(f, L + pw / 2, T + ph + 24, "middle", "small", b->x_label);
    if (b->standalone && b->legend)
        gmi_svg_text(f, L + pw / 2, H - 8, "middle", "small", b->legend);
    gmi_svg_end(f);
}
