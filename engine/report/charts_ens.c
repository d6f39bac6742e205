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

/* Tooltip of the plan's dot at rank j: its j-th smallest district share. */
static void plan_dot_tip(const void *ctx, size_t j, char *buf, size_t cap)
{
    const gmi_rplan *r = ctx;
    char b[32];
    snprintf(buf, cap, "this plan, rank %zu: district %s, %s", j + 1, r->p->label[r->order[j]],
             gmi_pct(r->share[r->order[j]], 1, b, sizeof b));
}

void gmi_chart_boxplot(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r)
{
    size_t k = e->k;
    double *col = malloc((e->n ? e->n : 1) * sizeof *col);
    gmi_box *box = malloc((k ? k : 1) * sizeof *box);
    double *dot = malloc((k ? k : 1) * sizeof *dot);
    char title[256], note[160], xl[160];
    snprintf(title, sizeof title,
             "Sorted district shares of %s: ensemble of %zu plans (boxes) and this plan (dots)",
             r->u->party[0], e->n);
    snprintf(xl, sizeof xl, "districts ranked from lowest to highest %s share", r->u->party[0]);
    gmi_boxplot bp = {title, 0, box, NULL, plan_dot_tip, r, NULL, xl, NULL, false};
    if (col && box && dot) {
        bp.k = k;
        for (size_t j = 0; j < k; j++) {
            size_t m = 0;
            for (size_t i = 0; i < e->n; i++) {
                double v = e->shares[i * k + j];
                if (isfinite(v)) col[m++] = v;
            }
            box[j].lo = NAN;
            if (!m) continue;
            qsort(col, m, sizeof *col, cmp_d);
            box[j] = (gmi_box){quantile(col, m, GMI_BOX_WHISKER_LO), quantile(col, m, 0.25),
                               quantile(col, m, 0.5), quantile(col, m, 0.75),
                               quantile(col, m, GMI_BOX_WHISKER_HI)};
        }
        /* The plan's own sorted shares: rank j is the j-th smallest district share. */
        size_t kc = 0;
        for (size_t j = 0; j < r->t->k; j++) kc += isfinite(r->share[r->order[j]]);
        if (kc == k) {
            for (size_t j = 0; j < k; j++) dot[j] = r->share[r->order[j]];
            bp.dot = dot;
        } else {
            snprintf(note, sizeof note,
                     "this plan has %zu districts with votes; the ensemble has %zu: not drawn", kc,
                     k);
            bp.note = note;
        }
    }
    gmi_svg_boxplot(f, &bp);
    free(col);
    free(box);
    free(dot);
}
