/* ensemble_out.c: the outputs of an ensemble summary: the summary JSON, and the
 * sorted-district-share chart as a picture (SVG) and as numbers (CSV). Formats in
 * docs/ensembles.md ("Summary", "Sorted-district-share chart"). */
#include "gerrymeter/gm_report.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "batch/rows.h"
#include "report/json.h"

static gm_status written(FILE *f, const char *what, gm_error *err)
{
    return ferror(f) ? gm_fail(err, GM_E_IO, "cannot write the %s: %s", what, strerror(errno))
                     : GM_OK;
}

/* One metric's (or one rank's) summary object. */
static void metric_json(gmi_json *j, const char *key, const gm_metric_summary *m, bool ref,
                        size_t rank)
{
    gmi_json_obj(j, key);
    if (rank) gmi_json_int(j, "rank", (long long)rank);
    gmi_json_int(j, "n", (long long)m->n);
    gmi_json_num(j, "mean", m->mean);
    gmi_json_num(j, "sd", m->sd);
    gmi_json_num(j, "min", m->min);
    gmi_json_num(j, "max", m->max);
    gmi_json_obj(j, "quantiles");
    for (int i = 0; i < 7; i++) {
        char q[16];
        snprintf(q, sizeof q, "%g", gm_summary_q[i]);
        gmi_json_num(j, q, m->q[i]);
    }
    gmi_json_end_obj(j);
    gmi_json_arr(j, "histogram");
    for (int i = 0; i < 20; i++) gmi_json_int(j, NULL, (long long)m->hist[i]);
    gmi_json_end_arr(j);
    if (ref) {
        gmi_json_obj(j, "reference");
        gmi_json_num(j, "value", m->ref);
        gmi_json_num(j, "percentile", m->percentile);
        gmi_json_int(j, "below", (long long)m->below);
        gmi_json_int(j, "equal", (long long)m->equal);
        gmi_json_int(j, "above", (long long)m->above);
        gmi_json_int(j, "as_or_more_extreme", (long long)m->as_extreme);
        gmi_json_end_obj(j);
    }
    gmi_json_end_obj(j);
}

gm_status gm_ens_summary_write_json(FILE *f, const gm_ens_summary *s, const char *pa,
                                    const char *pb, gm_error *err)
{
    gm_sink out;
    gm_sink_file(&out, f);
    gmi_json j;
    gmi_json_init(&j, &out);
    bool ref = gm_ens_summary_has_reference(s);
    size_t k = gm_ens_summary_k(s);
    gmi_json_obj(&j, NULL);
    gmi_json_int(&j, "plans", (long long)gm_ens_summary_count(s));
    gmi_json_int(&j, "districts", (long long)k);
    gmi_json_str(&j, "party_a", pa);
    gmi_json_str(&j, "party_b", pb);
    /* "positive efficiency_gap, mean_median, ... favour party_b": the signed registry rows */
    char sign[512] = "positive";
    size_t nsg = 0, used = strlen(sign);
    for (size_t m = 0; m < gm_ens_summary_n_metrics(s); m++) {
        const gm_metric_def *d = gm_metric_get(GM_MF_PLAN, m);
        if (d->sign == GM_SIGN_NONE) continue;
        int w = snprintf(sign + used, sizeof sign - used, "%s %s", nsg++ ? "," : "", d->key);
        if (w > 0 && (size_t)w < sizeof sign - used) used += (size_t)w;
    }
    snprintf(sign + used, sizeof sign - used, " favour party_b");
    gmi_json_str(&j, "sign", sign);
    gmi_json_str(&j, "histogram", "20 equal bins from min to max");
    gmi_json_obj(&j, "metrics");
    for (size_t m = 0; m < gm_ens_summary_n_metrics(s); m++) {
        gm_metric_summary ms;
        gm_ens_summary_metric(s, m, &ms);
        metric_json(&j, gm_metric_get(GM_MF_PLAN, m)->key, &ms, ref, 0);
    }
    gmi_json_end_obj(&j);
    gmi_json_arr(&j, "sorted_shares");
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary ms;
        gm_ens_summary_rank(s, r, &ms);
        metric_json(&j, NULL, &ms, ref, r + 1); /* rank r+1: the (r+1)-th smallest share */
    }
    gmi_json_end_arr(&j);
    gmi_json_end_obj(&j);
    gmi_json_finish(&j);
    return written(f, "ensemble summary", err);
}

gm_status gm_ens_chart_write_csv(FILE *f, const gm_ens_summary *s, gm_error *err)
{
    size_t k = gm_ens_summary_k(s);
    fputs("rank,n,q01,q05,q25,q50,q75,q95,q99,mean,reference,reference_percentile\n", f);
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary m;
        gm_ens_summary_rank(s, r, &m);
        fprintf(f, "%zu,%llu", r + 1, (unsigned long long)m.n);
        for (int i = 0; i < 7; i++) {
            fputc(',', f);
            gmi_rows_csv_num(f, m.q[i]);
        }
        fputc(',', f);
        gmi_rows_csv_num(f, m.mean);
        fputc(',', f);
        gmi_rows_csv_num(f, m.ref);
        fputc(',', f);
        gmi_rows_csv_num(f, m.percentile);
        fputc('\n', f);
    }
    return written(f, "chart data", err);
}

/* Box plots per rank: box 25-75 %, whiskers 1-99 %, median line; the reference plan as a
 * red dot. y from 0 to 1 (two-party share of party a), a dashed line at 1/2. */
gm_status gm_ens_chart_write_svg(FILE *f, const gm_ens_summary *s, const char *pa, gm_error *err)
{
    size_t k = gm_ens_summary_k(s);
    const double W = 720, H = 420, L = 60, R = 20, T = 40, B = 50;
    double pw = W - L - R, ph = H - T - B, bw = pw / (double)(k ? k : 1);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W, H);
    fprintf(f, "<text x=\"%.0f\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">"
               "Districts sorted by ", W / 2);
    for (const char *c = pa; *c; c++) { /* XML text */
        if (*c == '<') fputs("&lt;", f);
        else if (*c == '&') fputs("&amp;", f);
        else fputc(*c, f);
    }
    fprintf(f, " share: ensemble (%llu plans) and reference plan</text>\n",
            (unsigned long long)gm_ens_summary_count(s));
#define Y(v) (T + ph * (1.0 - (v)))
    for (int t = 0; t <= 10; t++) {
        double v = t / 10.0;
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f%%</text>\n",
                L, L + pw, Y(v), Y(v), L - 6, Y(v) + 4, v * 100);
    }
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n",
            L, L + pw, Y(0.5), Y(0.5));
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary m;
        gm_ens_summary_rank(s, r, &m);
        double cx = L + bw * ((double)r + 0.5), hw = fmin(bw * 0.3, 14);
        if (m.n) {
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#456\"/>\n", cx, cx,
                    Y(m.q[0]), Y(m.q[6]));
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#9bc\" stroke=\"#456\"/>\n",
                    cx - hw, Y(m.q[4]), 2 * hw, fmax(0.5, Y(m.q[2]) - Y(m.q[4])));
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#123\" stroke-width=\"2\"/>\n",
                    cx - hw, cx + hw, Y(m.q[3]), Y(m.q[3]));
        }
        if (isfinite(m.ref))
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#d22\"><title>reference %.4f, "
                       "percentile %.1f</title></circle>\n",
                    cx, Y(m.ref), m.ref, m.percentile);
        if (k <= 40 || (r + 1) % 10 == 0)
            fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n", cx, T + ph + 16, r + 1);
    }
#undef Y
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">district rank (least to most)</text>\n",
            L + pw / 2, H - 12);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#d22\">&#9679; reference</text>"
               "<text x=\"%.0f\" y=\"%.0f\" fill=\"#456\">box 25-75%%, whiskers 1-99%%</text>\n",
            L, H - 12, W - 230, H - 12);
    fputs("</svg>\n", f);
    return written(f, "chart", err);
}
