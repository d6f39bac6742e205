/* charts_ens.c: ensemble pictures: a histogram of each per-plan score with the reported
 * plan marked, and the box plot of the sorted district shares (rank by rank: the
 * ensemble's box, whiskers and median, svg.h GMI_BOX_*, and the plan's own sorted shares
 * as dots). A plan whose dots leave the boxes at the ends and in the middle is the
 * packing-and-cracking signature.
 *
 * Histogram bins (docs/report.md, "Ensemble charts"): the Freedman-Diaconis width
 * 2 IQR n^(-1/3); for values on a grain (every value an integer, as cut edges, or a
 * multiple of 1/2, as seats with ties counted half) the width is rounded to a whole
 * number of grains, at least one, and the bins are centred on the grain's values. An
 * IQR of 0 gives one grain (or Sturges' rule, range / (log2 n + 1), for continuous
 * values); at most HIST_MAX_BINS bins. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/svg.h"

#define HIST_MAX_BINS 60
#define HIST_FS 11.0 /* font size of the histograms' text (class "small") */

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

/* The grain of sorted x[0..m) and the plan's value: the step of values that take few
 * distinct values evenly spaced (seats; the partisan bias, in steps of 1/k), else 1 when
 * all are integers (cut edges), 1/2 when all are multiples of 1/2, else 0 (continuous). */
#define GRAIN_MAX_DISTINCT 40
static double grain(const double *x, size_t m, double plan)
{
    double d[GRAIN_MAX_DISTINCT];
    size_t nd = 0;
    bool few = true;
    for (size_t i = 0; i <= m && few; i++) {
        double v = i < m ? x[i] : plan;
        if (!isfinite(v)) continue;
        bool seen = false;
        for (size_t j = 0; j < nd && !seen; j++) seen = d[j] == v;
        if (seen) continue;
        if (nd == GRAIN_MAX_DISTINCT) few = false;
        else d[nd++] = v;
    }
    if (few && nd >= 2) {
        qsort(d, nd, sizeof *d, cmp_d);
        double g = INFINITY;
        for (size_t j = 1; j < nd; j++) g = fmin(g, d[j] - d[j - 1]);
        bool even = true; /* every gap a whole number of g (to rounding) */
        for (size_t j = 1; j < nd && even; j++) {
            double q = (d[j] - d[j - 1]) / g;
            even = fabs(q - round(q)) < 1e-6;
        }
        if (even) return g;
    }
    double g = 1;
    for (size_t i = 0; i <= m; i++) {
        double v = i < m ? x[i] : plan;
        if (!isfinite(v)) continue;
        if (g == 1 && v != floor(v)) g = 0.5;
        if (g == 0.5 && 2 * v != floor(2 * v)) return 0;
    }
    return g;
}

/* Bins of sorted x[0..m): first edge, width and count (see the file comment). */
typedef struct bins {
    double lo, w;
    size_t n;
    double g; /* grain of the values (0 continuous) */
} bins;

static bins make_bins(const double *x, size_t m, double plan)
{
    bins b;
    double mn = x[0], mx = x[m - 1];
    if (isfinite(plan)) {
        mn = fmin(mn, plan);
        mx = fmax(mx, plan);
    }
    b.g = grain(x, m, plan);
    double iqr = quantile(x, m, 0.75) - quantile(x, m, 0.25);
    double w = 2.0 * iqr * pow((double)m, -1.0 / 3.0);
    if (b.g > 0) {
        w = fmax(b.g, round(w / b.g) * b.g);
        /* at most HIST_MAX_BINS: widen to whole grains */
        if ((mx - mn) / w + 1 > HIST_MAX_BINS)
            w = ceil((mx - mn) / (HIST_MAX_BINS - 1) / b.g) * b.g;
        b.lo = mn - b.g / 2;
    } else {
        if (!(w > 0)) w = (mx - mn) / (ceil(log2((double)m)) + 1);
        if (!(w > 0)) w = fmax(fabs(mx) * 1e-3, 1e-6); /* all values equal */
        if ((mx - mn) / w > HIST_MAX_BINS) w = (mx - mn) / HIST_MAX_BINS;
        b.lo = mn;
    }
    b.w = w;
    b.n = (size_t)floor((mx - b.lo) / w) + 1;
    return b;
}

/* A value as the axis and the caption show it, with `dec` decimals of the value: shares
 * in percent (two fewer decimals), integers whole, others fixed (ticks of one axis line
 * up: 0.10, 0.15, 0.20). */
static const char *fmt(double v, gm_metric_unit unit, double g, int dec, char *buf, size_t cap)
{
    if (unit == GM_UNIT_SHARE) return gmi_pct(v, dec > 2 ? dec - 2 : 0, buf, cap);
    if (g == 1) return gmi_num(v, 0, buf, cap);
    snprintf(buf, cap, "%.*f", dec, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)) memmove(buf, buf + 1, strlen(buf));
    return buf;
}

/* Decimals that write g exactly (0.125 -> 3, 5 -> 0), at most 4 (1/3 -> 0.3333). */
static int exact_decimals(double g)
{
    int d = 0;
    for (double p = 1; d < 4; d++, p *= 10) {
        double x = g * p;
        if (fabs(x - round(x)) < 1e-6 * fmax(1, fabs(x))) break;
    }
    return d;
}

/* Decimals that tell apart values a width w apart (bins of continuous values). */
static int width_decimals(double w)
{
    int d = (int)ceil(-log10(w) - 1e-9) + 1;
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* The smallest 1-2-5 step >= raw. */
static double nice_step(double raw)
{
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* A caption line centred under a chart w wide: smaller type when it would not fit. */
static void caption(gm_sink *f, double w, double y, const char *text)
{
    double tw = gmi_text_width(text, HIST_FS, false);
    char b1[32], b2[32], b3[32];
    gm_sink_printf(f, "<text class=\"small caption\" x=\"%s\" y=\"%s\" text-anchor=\"middle\"",
                   gmi_num(w / 2, 1, b1, sizeof b1), gmi_num(y, 1, b2, sizeof b2));
    if (tw > w - 6)
        gm_sink_printf(f, " style=\"font-size:%spx\"",
                       gmi_num(floor(HIST_FS * (w - 6) / tw * 10) / 10, 1, b3, sizeof b3));
    gm_sink_putc(f, '>');
    gmi_xml_text(f, text);
    gm_sink_puts(f, "</text>");
}

void gmi_chart_histogram(gm_sink *f, const gmi_hist *h)
{
    const double W = 310, L = 12, R = 12, T = 18, PH = 110, H = T + PH + 50;
    double pw = W - L - R;
    char t[256], b1[64], b2[64], b3[64], b4[64];
    size_t m = 0;
    double *x = malloc((h->n ? h->n : 1) * sizeof *x);
    if (x)
        for (size_t i = 0; i < h->n; i++)
            if (isfinite(h->v[i])) x[m++] = h->v[i];
    gmi_svg_begin(f, W, H, "chart hist", h->title);
    if (m == 0) {
        gmi_svg_text(f, W / 2, H / 2, "middle", "small", x ? "no defined values" : "out of memory");
        gmi_svg_end(f);
        free(x);
        return;
    }
    qsort(x, m, sizeof *x, cmp_d);
    bool have_plan = isfinite(h->plan);
    bins b = make_bins(x, m, have_plan ? h->plan : NAN);
    size_t *cnt = calloc(b.n, sizeof *cnt);
    if (!cnt) {
        gmi_svg_end(f);
        free(x);
        return;
    }
    size_t cmax = 0;
    for (size_t i = 0; i < m; i++) {
        size_t k = (size_t)fmin((double)(b.n - 1), floor((x[i] - b.lo) / b.w));
        if (++cnt[k] > cmax) cmax = cnt[k];
    }
    double x0 = b.lo, x1 = b.lo + b.w * (double)b.n;
#define HX(v) (L + pw * ((v) - x0) / (x1 - x0))
    gmi_layout lay;
    gmi_layout_init(&lay, (gmi_rect){0, 0, W, T + PH});
    double cw = pw / (double)b.n;
    int dec = b.g > 0 ? exact_decimals(b.g) : width_decimals(b.w);
    for (size_t k = 0; k < b.n; k++) {
        if (!cnt[k]) continue;
        /* a bin of one plan still shows */
        double hgt = fmax(1, PH * (double)cnt[k] / (double)cmax), bx = L + cw * (double)k;
        double a = b.lo + b.w * (double)k, z = a + b.w;
        if (b.g > 0) /* the values in the bin, not its edges */
            snprintf(t, sizeof t, "%zu plans at %s\u2013%s", cnt[k],
                     fmt(a + b.g / 2, h->unit, b.g, dec, b3, sizeof b3),
                     fmt(z - b.g / 2, h->unit, b.g, dec, b4, sizeof b4));
        else
            snprintf(t, sizeof t, "%zu plans in [%s, %s)", cnt[k],
                     fmt(a, h->unit, 0, dec, b3, sizeof b3),
                     fmt(z, h->unit, 0, dec, b4, sizeof b4));
        gm_sink_printf(f, "<rect class=\"hbar\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"><title>",
                       gmi_num(bx, 2, b1, sizeof b1), gmi_num(T + PH - hgt, 1, b2, sizeof b2),
                       gmi_num(fmax(cw * 0.92, 0.5), 2, b3, sizeof b3),
                       gmi_num(hgt, 1, b4, sizeof b4));
        gmi_xml_text(f, t);
        gm_sink_puts(f, "</title></rect>");
        gmi_layout_add_box(&lay, (gmi_rect){bx, T + PH - hgt, bx + cw, T + PH});
    }
    gmi_svg_line(f, L, T + PH, W - R, T + PH, "grid");
    /* Ticks: the fewest 1-2-5 steps (whole grains) whose labels stand apart. */
    double span = x1 - x0, step = nice_step(span / 8);
    if (b.g > 0) step = fmax(step, b.g);
    for (int tries = 0; tries < 8; tries++) {
        int d = exact_decimals(step);
        double prev = -INFINITY;
        bool ok = true;
        for (double v = ceil(x0 / step) * step; v <= x1 + 1e-9 * span; v += step) {
            gmi_rect r = gmi_text_box(fmt(v, h->unit, b.g, d, b1, sizeof b1), HX(v), T + PH + 13,
                                      "middle", HIST_FS, false);
            if (r.x0 < prev + 6) ok = false;
            prev = r.x1;
        }
        if (ok) break;
        step = nice_step(step * 1.5);
    }
    int d = exact_decimals(step);
    for (double v = ceil(x0 / step) * step; v <= x1 + 1e-9 * span; v += step) {
        double tx = HX(v);
        const char *s = fmt(fabs(v) < 1e-12 * span ? 0 : v, h->unit, b.g, d, b1, sizeof b1);
        gmi_rect r = gmi_text_box(s, tx, T + PH + 13, "middle", HIST_FS, false);
        if (r.x0 < 1 || r.x1 > W - 1) continue; /* a label that would leave the chart */
        gmi_svg_line(f, tx, T + PH, tx, T + PH + 3, "grid");
        gm_sink_puts(f, "<text class=\"small tick\"");
        gm_sink_printf(f, " x=\"%s\" y=\"%s\" text-anchor=\"middle\">", gmi_num(tx, 1, b2, sizeof b2),
                       gmi_num(T + PH + 13, 1, b3, sizeof b3));
        gmi_xml_text(f, s);
        gm_sink_puts(f, "</text>");
    }
    /* The plan: a line, a "this plan" label beside its top, and the caption. */
    char c1[200], c2[200];
    if (have_plan) {
        size_t below = 0, equal = 0;
        for (size_t i = 0; i < m; i++) {
            below += x[i] < h->plan;
            equal += x[i] == h->plan;
        }
        double px = HX(h->plan);
        gm_sink_printf(f, "<line class=\"planline\" data-value=\"%.17g\" x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"/>",
                       h->plan, gmi_num(px, 1, b1, sizeof b1), gmi_num(T - 2, 1, b2, sizeof b2), b1,
                       gmi_num(T + PH, 1, b3, sizeof b3));
        double seg[4] = {px, T - 2, px, T + PH};
        gmi_layout_add_line(&lay, seg, 2);
        const char *lab = "this plan";
        double lw = gmi_text_width(lab, HIST_FS, false);
        gmi_rect r;
        gmi_layout_place(&lay, px, T - 2, lw, (GMI_TEXT_ASCENT + GMI_TEXT_DESCENT) * HIST_FS, 2, &r);
        gmi_svg_text(f, r.x0, r.y0 + GMI_TEXT_ASCENT * HIST_FS, "start", "small planlabel", lab);
        snprintf(c1, sizeof c1, "this plan: %s",
                 fmt(h->plan, h->unit, b.g, dec, b1, sizeof b1));
        snprintf(c2, sizeof c2, "%s of %s plans lower, %s equal", gmi_int((double)below, b2, sizeof b2),
                 gmi_int((double)m, b3, sizeof b3), gmi_int((double)equal, b4, sizeof b4));
    } else {
        snprintf(c1, sizeof c1, "this plan: %s", h->why ? h->why : "no value");
        snprintf(c2, sizeof c2, "%s plans", gmi_int((double)m, b2, sizeof b2));
    }
#undef HX
    caption(f, W, H - 18, c1);
    caption(f, W, H - 5, c2);
    gmi_layout_free(&lay);
    free(cnt);
    free(x);
    gmi_svg_end(f);
}

/* True when every finite value of column m and the plan's value are one number (*v): a
 * histogram of it would be one bar with the plan on it (a validity count such as
 * non-contiguous districts, 0 in every plan). */
static bool ens_constant(const gmi_ensemble *e, size_t m, double plan, double *v)
{
    bool any = false;
    for (size_t i = 0; i < e->n; i++) {
        double x = e->value[m][i];
        if (!isfinite(x)) continue;
        if (any && x != *v) return false;
        *v = x;
        any = true;
    }
    return any && (!isfinite(plan) || plan == *v);
}

void gmi_chart_ens_hists(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r)
{
    char t[256];
    size_t n_same = 0;
    for (size_t m = 0; m < e->n_metrics; m++) {
        gmi_ens_col c;
        gmi_ens_describe(e, m, r, &c);
        double same = 0;
        if (ens_constant(e, m, c.plan, &same)) {
            n_same++;
            continue;
        }
        snprintf(t, sizeof t, "%s across the ensemble", c.label);
        gmi_hist h = {t, c.unit, e->value[m], e->n, c.plan, c.why};
        gm_sink_printf(f, "<figure style=\"margin:0\" data-col=\"");
        gmi_xml_text(f, e->metric[m]);
        gm_sink_puts(f, "\"><figcaption class=\"histlabel\">");
        gmi_xml_text(f, c.label);
        gm_sink_puts(f, "</figcaption>");
        gmi_chart_histogram(f, &h);
        gm_sink_puts(f, "</figure>");
    }
    if (!n_same) return;
    /* the columns with one value everywhere: said in words, not drawn */
    gm_sink_puts(f, "<p class=\"note\" style=\"grid-column:1/-1\">The same in every plan and in this plan, so not charted: ");
    size_t said = 0;
    for (size_t m = 0; m < e->n_metrics; m++) {
        gmi_ens_col c;
        gmi_ens_describe(e, m, r, &c);
        double same = 0;
        if (!ens_constant(e, m, c.plan, &same)) continue;
        char b[64];
        gm_sink_printf(f, "<span data-same=\"");
        gmi_xml_text(f, e->metric[m]);
        gm_sink_puts(f, "\">");
        gm_sink_puts(f, said++ ? "; " : "");
        gmi_xml_text(f, c.label);
        gm_sink_printf(f, " %s</span>", gmi_num_sep(same, c.unit == GM_UNIT_COUNT ? 0 : 4, b, sizeof b));
    }
    gm_sink_puts(f, ".</p>");
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
    gmi_boxplot bp = {title, 0, box, NULL, plan_dot_tip, r, NULL, xl, "this plan", false};
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
