/* charts_trace.c: the trace chart of generated chains (gm_report_trace_svg): one panel
 * per per-plan metric, one line per chain, the sample number across. */
#include "gerrymeter/gm_generate.h"
#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_report.h"
#include "report/svg.h"

#include <math.h>
#include <stdio.h>

/* Chain colours: a colour-blind-safe qualitative set (Okabe and Ito), repeated. */
static const char *const chain_colour[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                           "#56b4e9", "#d55e00", "#f0e442", "#000000"};

gm_status gm_report_trace_svg(FILE *out, const gm_gen_diag *d, gm_error *err)
{
    gm_sink sk, *f = &sk;
    gm_sink_file(f, out);
    size_t M = gm_metric_count(GM_MF_PLAN), C = gm_gen_diag_chains(d);
    const double W = 720, ph = 110, top = 30, gap = 34, left = 70, right = 16;
    double H = top + (double)M * (ph + gap) + 10;
    char b1[32], b2[32];
    gmi_svg_begin(f, W, H, "trace", "Trace of every per-plan metric, one line per chain");
    gm_sink_puts(f, "<style>" GMI_CSS_SMALL GMI_CSS_GRID
                    ".ttl{font-size:13px;font-weight:600;fill:#1d2430}"
                    ".tr{fill:none;stroke-width:1}</style>\n");
    for (size_t c = 0; c < C && c < 8; c++) {
        snprintf(b1, sizeof b1, "chain %zu", c);
        gm_sink_printf(f, "<rect x=\"%.0f\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                       left + 80.0 * (double)c, chain_colour[c % 8]);
        gmi_svg_text(f, left + 80.0 * (double)c + 14, 17, "start", "small", b1);
    }
    for (size_t m = 0; m < M; m++) {
        const gm_metric_def *def = gm_metric_get(GM_MF_PLAN, m);
        double y0 = top + (double)m * (ph + gap) + 18, lo = INFINITY, hi = -INFINITY;
        uint64_t smax = 1;
        for (size_t c = 0; c < C; c++) {
            const uint64_t *s;
            const double *v;
            size_t n = gm_gen_diag_trace(d, c, m, &s, &v);
            for (size_t i = 0; i < n; i++) {
                if (isfinite(v[i])) lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
                if (s[i] > smax) smax = s[i];
            }
        }
        gm_gen_diag_metric dm;
        gm_gen_diag_get(d, m, &dm);
        char ttl[256];
        snprintf(ttl, sizeof ttl, "%s   (R-hat %s, ESS %s)", def->label,
                 isfinite(dm.rhat) ? gmi_num(dm.rhat, 3, b1, sizeof b1) : "n/a",
                 isfinite(dm.ess) ? gmi_int(dm.ess, b2, sizeof b2) : "n/a");
        gmi_svg_text(f, left, y0 - 6, "start", "ttl", ttl);
        if (!(hi >= lo)) {
            gmi_svg_text(f, left, y0 + ph / 2, "start", "small", "no values");
            continue;
        }
        if (hi == lo) hi = lo + 1, lo -= 1;
        double pad = (hi - lo) * 0.05;
        lo -= pad, hi += pad;
        double x0 = left, x1 = W - right;
        gmi_svg_line(f, x0, y0 + ph, x1, y0 + ph, "grid");
        gmi_svg_line(f, x0, y0, x0, y0 + ph, "grid");
        gmi_svg_text(f, x0 - 4, y0 + 8, "end", "small", gmi_num(hi, 4, b1, sizeof b1));
        gmi_svg_text(f, x0 - 4, y0 + ph, "end", "small", gmi_num(lo, 4, b1, sizeof b1));
        snprintf(b2, sizeof b2, "sample %llu", (unsigned long long)smax);
        gmi_svg_text(f, x1, y0 + ph + 13, "end", "small", b2);
        for (size_t c = 0; c < C; c++) {
            const uint64_t *s;
            const double *v;
            size_t n = gm_gen_diag_trace(d, c, m, &s, &v);
            gm_sink_printf(f, "<path class=\"tr\" stroke=\"%s\" d=\"", chain_colour[c % 8]);
            bool pen = false;
            for (size_t i = 0; i < n; i++) {
                if (!isfinite(v[i])) {
                    pen = false;
                    continue;
                }
                double x = x0 + (x1 - x0) * (double)s[i] / (double)smax;
                double y = y0 + ph * (hi - v[i]) / (hi - lo);
                gm_sink_printf(f, "%c%s %s", pen ? 'L' : 'M', gmi_num(x, 1, b1, sizeof b1),
                               gmi_num(y, 1, b2, sizeof b2));
                pen = true;
            }
            gm_sink_puts(f, "\"/>\n");
        }
    }
    gmi_svg_end(f);
    return gm_sink_status(f) != GM_OK ? gm_fail(err, gm_sink_status(f), "cannot write the trace chart")
                                      : GM_OK;
}
