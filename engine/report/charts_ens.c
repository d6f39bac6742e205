/* charts_ens.c: ensemble pictures: a histogram of one per-plan metric with the
 * reported plan marked, and the box plot of the sorted district shares (rank by rank:
 * the ensemble's 25-75 % box, 5-95 % whiskers and median, and the plan's own sorted
 * shares as dots). A plan whose dots leave the boxes at the ends and in the middle is
 * the packing-and-cracking signature. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"

#define HIST_BINS 24

/* q-quantile of sorted x[0..n) by linear interpolation between order statistics
 * (type 7, the default of R and NumPy). */
static double quantile(const double *x, size_t n, double q)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * q;
    size_t i = (size_t)floor(h);
    if (i + 1 >= n) return x[n - 1];
    return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void gmi_chart_histogram(gm_sink *f, const char *title, const double *v, size_t n,
                         double plan_value, bool integer_bins)
{
    const double W = 310, H = 180, L = 10, R = 10, T = 14, B = 34;
    double pw = W - L - R, ph = H - T - B;
    double lo = INFINITY, hi = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
            m++;
        }
    char t[256], b1[32], b2[32], b3[32], b4[32];
    gmi_svg_begin(f, W, H, "chart hist", title);
    if (m == 0) {
        gmi_svg_text(f, W / 2, H / 2, "middle", "small", "no defined values");
        gmi_svg_end(f);
        return;
    }
    if (isfinite(plan_value)) {
        lo = fmin(lo, plan_value);
        hi = fmax(hi, plan_value);
    }
    size_t nb = HIST_BINS;
    double bw;
    if (integer_bins) { /* one bin per whole number: seats */
        lo = floor(lo) - 0.5;
        hi = ceil(hi) + 0.5;
        nb = (size_t)(hi - lo);
        bw = 1.0;
    } else {
        if (hi == lo) {
            lo -= 0.5e-3;
            hi += 0.5e-3;
        }
        bw = (hi - lo) / (double)nb;
    }
    size_t *cnt = calloc(nb, sizeof *cnt);
    if (!cnt) {
        gmi_svg_end(f);
        return;
    }
    size_t cmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue;
        size_t b = (size_t)fmin((double)(nb - 1), floor((v[i] - lo) / bw));
        if (++cnt[b] > cmax) cmax = cnt[b];
    }
    double cw = pw / (double)nb;
    for (size_t b = 0; b < nb; b++) {
        if (!cnt[b]) continue;
        double hgt = ph * (double)cnt[b] / (double)cmax;
        gm_sink_printf(
            f,
            "<rect class=\"hbar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>%zu plans in [%s, %s)</title></rect>",
            gmi_num(L + cw * (double)b, 2, b1, sizeof b1), gmi_num(T + ph - hgt, 1, b2, sizeof b2),
            gmi_num(cw * 0.92, 2, b3, sizeof b3), gmi_num(hgt, 1, b4, sizeof b4), cnt[b],
            gmi_num(lo + bw * (double)b, 4, t, 64),
            gmi_num(lo + bw * (double)(b + 1), 4, t + 64, 64));
    }
    gmi_svg_line(f, L, T + ph, W - R, T + ph, "grid");
    gmi_svg_text(f, L, T + ph + 14, "start", "small",
                 gmi_num(integer_bins ? lo + 0.5 : lo, 3, b1, sizeof b1));
    gmi_svg_text(f, W - R, T + ph + 14, "end", "small",
                 gmi_num(integer_bins ? hi - 0.5 : hi, 3, b1, sizeof b1));
    if (isfinite(plan_value)) {
        size_t below = 0, equal = 0;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(v[i])) continue;
            below += v[i] < plan_value;
            equal += v[i] == plan_value;
        }
        double x = L + pw * (plan_value - lo) / (hi - lo);
        gmi_svg_line(f, x, T - 4, x, T + ph, "planline");
        snprintf(t, sizeof t, "this plan %s: %s of %zu plans lower, %s equal",
                 gmi_num(plan_value, 4, b1, sizeof b1), gmi_int((double)below, b2, sizeof b2), m,
                 gmi_int((double)equal, b3, sizeof b3));
        gmi_svg_text(f, W / 2, H - 4, "middle", "small", t);
    } else {
        snprintf(t, sizeof t, "%zu plans", m);
        gmi_svg_text(f, W / 2, H - 4, "middle", "small", t);
    }
    free(cnt);
    gmi_svg_end(f);
}

void gmi_chart_boxplot(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r)
{
    const double W = 640, H = 280, L = 44, R = 10, T = 12, B = 30;
    double pw = W - L - R, ph = H - T - B;
    size_t k = e->k;
    double *col = malloc((e->n ? e->n : 1) * sizeof *col);
    char t[256], b1[32], b2[32], b3[32], b4[32];
    snprintf(t, sizeof t,
             "Sorted district shares of %s: ensemble of %zu plans (boxes) and this plan (dots)",
             r->u->party[0], e->n);
    gmi_svg_begin(f, W, H, "chart boxplot", t);
    if (!col) {
        gmi_svg_end(f);
        return;
    }
    for (int g = 0; g <= 4; g++) {
        double y = T + ph * (1 - g / 4.0);
        gmi_svg_line(f, L, y, W - R, y, g == 2 ? "axis50" : "grid");
        snprintf(t, sizeof t, "%d%%", g * 25);
        gmi_svg_text(f, L - 4, y + 4, "end", "small", t);
    }
    double cw = pw / (double)k;
#define BY(v) (T + ph * (1 - (v)))
    for (size_t j = 0; j < k; j++) {
        size_t m = 0;
        for (size_t i = 0; i < e->n; i++) {
            double v = e->shares[i * k + j];
            if (isfinite(v)) col[m++] = v;
        }
        if (!m) continue;
        qsort(col, m, sizeof *col, cmp_d);
        double q05 = quantile(col, m, 0.05), q25 = quantile(col, m, 0.25),
               q50 = quantile(col, m, 0.5), q75 = quantile(col, m, 0.75),
               q95 = quantile(col, m, 0.95);
        double x = L + cw * (double)j, cx = x + cw / 2;
        gmi_svg_line(f, cx, BY(q95), cx, BY(q05), "whisker");
        gm_sink_printf(
            f,
            "<rect class=\"box\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>rank %zu: median %s, middle half %s\u2013%s</title></rect>",
            gmi_num(x + cw * 0.15, 2, b1, sizeof b1), gmi_num(BY(q75), 1, b2, sizeof b2),
            gmi_num(cw * 0.7, 2, b3, sizeof b3), gmi_num(BY(q25) - BY(q75), 1, b4, sizeof b4),
            j + 1, gmi_pct(q50, 1, t, 64), gmi_pct(q25, 1, t + 64, 64),
            gmi_pct(q75, 1, t + 128, 64));
        gmi_svg_line(f, x + cw * 0.15, BY(q50), x + cw * 0.85, BY(q50), "median");
    }
    /* The plan's own sorted shares: rank j is the j-th smallest district share. */
    size_t kc = 0;
    for (size_t j = 0; j < r->t->k; j++) kc += isfinite(r->share[r->order[j]]);
    if (kc == k) {
        for (size_t j = 0; j < k; j++) {
            double v = r->share[r->order[j]];
            gm_sink_printf(f, "<circle class=\"planpt\" cx=\"%s\" cy=\"%s\" r=\"%s\"><title>",
                           gmi_num(L + cw * ((double)j + 0.5), 2, b1, sizeof b1),
                           gmi_num(BY(v), 1, b2, sizeof b2),
                           gmi_num(fmin(4.0, fmax(1.5, cw * 0.3)), 1, b3, sizeof b3));
            snprintf(t, sizeof t, "this plan, rank %zu: district %s, %s", j + 1,
                     r->p->label[r->order[j]], gmi_pct(v, 1, b4, sizeof b4));
            gmi_xml_text(f, t);
            gm_sink_puts(f, "</title></circle>");
        }
    } else {
        snprintf(t, sizeof t,
                 "this plan has %zu districts with votes; the ensemble has %zu: not drawn", kc, k);
        gmi_svg_text(f, W / 2, T + 14, "middle", "small", t);
    }
#undef BY
    snprintf(t, sizeof t, "districts ranked from lowest to highest %s share", r->u->party[0]);
    gmi_svg_text(f, L + pw / 2, H - 6, "middle", "small", t);
    free(col);
    gmi_svg_end(f);
}
