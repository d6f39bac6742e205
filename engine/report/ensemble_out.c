/* ensemble_out.c: the outputs of an ensemble summary: the summary JSON, and the
 * sorted-district-share chart as a picture (SVG) and as numbers (CSV). Formats in
 * docs/ensembles.md ("Summary", "Sorted-district-share chart"). */
#include "gerrymeter/gm_report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/rows.h"
#include "gerrymeter/gm_sink.h"
#include "report/svg.h"

static gm_status written(FILE *f, const char *what, gm_error *err)
{
    return ferror(f) ? gm_fail(err, GM_E_IO, "cannot write the %s: %s", what, strerror(errno))
                     : GM_OK;
}

/* One metric's (or one rank's) summary object. */
static void metric_json(gm_json_writer *j, const char *key, const gm_metric_summary *m, bool ref,
                        size_t rank)
{
    gm_json_obj(j, key);
    if (rank) gm_json_int(j, "rank", (long long)rank);
    gm_json_int(j, "n", (long long)m->n);
    gm_json_num(j, "mean", m->mean);
    gm_json_num(j, "sd", m->sd);
    gm_json_num(j, "min", m->min);
    gm_json_num(j, "max", m->max);
    gm_json_obj(j, "quantiles");
    for (int i = 0; i < 7; i++) {
        char q[16];
        snprintf(q, sizeof q, "%g", gm_summary_q[i]);
        gm_json_num(j, q, m->q[i]);
    }
    gm_json_end_obj(j);
    gm_json_arr(j, "histogram");
    for (int i = 0; i < 20; i++) gm_json_int(j, NULL, (long long)m->hist[i]);
    gm_json_end_arr(j);
    if (ref) {
        gm_json_obj(j, "reference");
        gm_json_num(j, "value", m->ref);
        gm_json_num(j, "percentile", m->percentile);
        gm_json_int(j, "below", (long long)m->below);
        gm_json_int(j, "equal", (long long)m->equal);
        gm_json_int(j, "above", (long long)m->above);
        gm_json_int(j, "as_or_more_extreme", (long long)m->as_extreme);
        gm_json_end_obj(j);
    }
    gm_json_end_obj(j);
}

gm_status gm_ens_summary_write_json(FILE *f, const gm_ens_summary *s, const char *pa,
                                    const char *pb, const gm_warnings *warnings, gm_error *err)
{
    gm_sink out;
    gm_sink_file(&out, f);
    gm_json_writer j;
    gm_json_writer_init(&j, &out);
    bool ref = gm_ens_summary_has_reference(s);
    size_t k = gm_ens_summary_k(s);
    gm_json_obj(&j, NULL);
    gm_json_int(&j, "plans", (long long)gm_ens_summary_count(s));
    gm_json_int(&j, "districts", (long long)k);
    gm_json_str(&j, "party_a", pa);
    gm_json_str(&j, "party_b", pb);
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
    gm_json_str(&j, "sign", sign);
    gm_json_str(&j, "histogram", "20 equal bins from min to max");
    gm_json_obj(&j, "metrics");
    for (size_t m = 0; m < gm_ens_summary_n_metrics(s); m++) {
        gm_metric_summary ms;
        char col[160];
        gm_ens_summary_metric(s, m, &ms);
        metric_json(&j, gm_metric_column(gm_metric_get(GM_MF_PLAN, m), pa, pb, col, sizeof col), &ms,
                    ref, 0);
    }
    gm_json_end_obj(&j);
    gm_json_arr(&j, "sorted_shares");
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary ms;
        gm_ens_summary_rank(s, r, &ms);
        metric_json(&j, NULL, &ms, ref, r + 1); /* rank r+1: the (r+1)-th smallest share */
    }
    gm_json_end_arr(&j);
    gm_json_arr(&j, "warnings");
    for (size_t i = 0; warnings && i < warnings->n; i++) {
        gm_json_obj(&j, NULL);
        gm_json_str(&j, "code", warnings->code[i]);
        gm_json_str(&j, "message", warnings->msg[i]);
        gm_json_end_obj(&j);
    }
    gm_json_end_arr(&j);
    gm_json_end_obj(&j);
    gm_json_finish(&j);
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

/* Tooltip of the reference plan's dot at rank r. */
static void ref_dot_tip(const void *ctx, size_t r, char *buf, size_t cap)
{
    gm_metric_summary m;
    char b[32];
    gm_ens_summary_rank(ctx, r, &m);
    snprintf(buf, cap, "reference plan, rank %zu: %s, percentile %.1f", r + 1,
             gmi_pct(m.ref, 1, b, sizeof b), m.percentile);
}

/* Index of quantile q among the summary's gm_summary_q. The box plot's quantiles are
 * all there (a test pins it); q not there gives the nearest. */
static size_t q_index(double q)
{
    size_t best = 0;
    for (size_t i = 1; i < sizeof gm_summary_q / sizeof gm_summary_q[0]; i++)
        if (fabs(gm_summary_q[i] - q) < fabs(gm_summary_q[best] - q)) best = i;
    return best;
}

/* The report's box plot (gmi_svg_boxplot) as a file of its own: per rank the box of
 * the middle half of the plans, the whiskers of svg.h (GMI_BOX_WHISKER_*), the median;
 * the reference plan's sorted shares as dots. */
gm_status gm_ens_chart_write_svg(FILE *f, const gm_ens_summary *s, const char *pa, gm_error *err)
{
    size_t k = gm_ens_summary_k(s);
    gmi_box *box = malloc((k ? k : 1) * sizeof *box);
    double *dot = malloc((k ? k : 1) * sizeof *dot);
    if (!box || !dot) {
        free(box);
        free(dot);
        return gm_fail(err, GM_E_NOMEM, "out of memory for the chart of %zu ranks", k);
    }
    /* the summary's quantiles gm_summary_q (1, 5, 25, 50, 75, 95, 99 %) hold the box
     * plot's: whiskers at GMI_BOX_WHISKER_LO and _HI, the box and the median */
    size_t qi[5] = {q_index(GMI_BOX_WHISKER_LO), q_index(0.25), q_index(0.5), q_index(0.75),
                    q_index(GMI_BOX_WHISKER_HI)};
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary m;
        gm_ens_summary_rank(s, r, &m);
        box[r] = m.n ? (gmi_box){m.q[qi[0]], m.q[qi[1]], m.q[qi[2]], m.q[qi[3]], m.q[qi[4]]}
                     : (gmi_box){NAN, NAN, NAN, NAN, NAN};
        dot[r] = m.ref;
    }
    char title[256], xl[160];
    snprintf(title, sizeof title,
             "Districts sorted by %s share: ensemble (%llu plans) and reference plan", pa,
             (unsigned long long)gm_ens_summary_count(s));
    snprintf(xl, sizeof xl, "districts ranked from lowest to highest %s share", pa);
    gmi_boxplot bp = {title, k, box, dot, ref_dot_tip, s, NULL, xl, "the reference plan", true};
    gm_sink out;
    gm_sink_file(&out, f);
    gmi_svg_boxplot(&out, &bp);
    free(box);
    free(dot);
    return written(f, "chart", err);
}
