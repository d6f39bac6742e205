/* ens_out.c: formatting of `gerrymeter ensemble` outputs (rows, summary, chart). */
#include "ens_out.h"
#include "out.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void gmc_ens_rows_header(FILE *f, bool csv, size_t k)
{
    if (!csv) return;
    fputs("plan,sample", f);
    for (int m = 0; m < GM_N_METRICS; m++) fprintf(f, ",%s", gm_metric_names[m]);
    for (size_t r = 0; r < k; r++) fprintf(f, ",share_%zu", r + 1);
    fputc('\n', f);
}

static void jnum(FILE *f, double v)
{
    if (isfinite(v)) fprintf(f, "%.17g", v);
    else fputs("null", f);
}

void gmc_ens_row(FILE *f, bool csv, long long plan, const gm_plan_scores *s, const double *sh,
                 size_t k)
{
    if (csv) {
        if (plan < 0) fputs("reference,", f);
        else fprintf(f, "%lld,%lld", plan, (long long)s->sample);
        for (int m = 0; m < GM_N_METRICS; m++) {
            fputc(',', f);
            gmc_csv_num(f, gm_plan_scores_get(s, m));
        }
        for (size_t r = 0; r < k; r++) {
            fputc(',', f);
            gmc_csv_num(f, sh[r]);
        }
        fputc('\n', f);
        return;
    }
    if (plan < 0) fputs("{\"plan\": \"reference\", \"sample\": null", f);
    else fprintf(f, "{\"plan\": %lld, \"sample\": %lld", plan, (long long)s->sample);
    for (int m = 0; m < GM_N_METRICS; m++) {
        fprintf(f, ", \"%s\": ", gm_metric_names[m]);
        jnum(f, gm_plan_scores_get(s, m));
    }
    fputs(", \"shares\": [", f);
    for (size_t r = 0; r < k; r++) {
        if (r) fputs(", ", f);
        jnum(f, sh[r]);
    }
    fputs("]}\n", f);
}

long gmc_ens_header_k(const char *line)
{
    if (strncmp(line, "plan,sample,", 12) != 0) return -1;
    long k = 0;
    for (const char *p = strstr(line, ",share_"); p; p = strstr(p + 1, ",share_")) k++;
    return k;
}

long gmc_ens_jsonl_k(const char *line)
{
    const char *q = strstr(line, "\"shares\": [");
    if (!q) return -1;
    q += 11;
    if (*q == ']') return 0;
    long k = 1;
    for (; *q && *q != ']'; q++) k += *q == ',';
    return k;
}

static void set_metric(gm_plan_scores *s, int m, double v)
{
    switch (m) {
    case 0: s->seats_a = v; break;
    case 1: s->efficiency_gap = v; break;
    case 2: s->mean_median = v; break;
    case 3: s->partisan_bias = v; break;
    case 4: s->declination = v; break;
    case 5: s->pop_dev = v; break;
    case 6: s->cut_edges = v; break;
    case 7: s->pp_mean = v; break;
    default: s->pp_min = v; break;
    }
}

/* A number or an empty CSV field / JSON null (NaN). Advances *p past the value. */
static int value(const char **p, double *v)
{
    const char *s = *p;
    while (*s == ' ') s++;
    if (*s == ',' || *s == '\0' || *s == ']' || *s == '}' || *s == '\n' || *s == '\r') {
        *v = NAN;
        *p = s;
        return 0;
    }
    if (!strncmp(s, "null", 4)) {
        *v = NAN;
        *p = s + 4;
        return 0;
    }
    char *e;
    *v = strtod(s, &e);
    if (e == s) return -1;
    *p = e;
    return 0;
}

int gmc_ens_row_parse(char *line, bool csv, size_t k, long long *plan, gm_plan_scores *s,
                      double *sh)
{
    memset(s, 0, sizeof *s);
    const char *p = line;
    double v;
    if (csv) {
        if (!strncmp(p, "reference,", 10)) {
            *plan = -1;
            p += 10;
        } else {
            char *e;
            errno = 0;
            *plan = strtoll(p, &e, 10);
            if (e == p || *e != ',' || *plan < 0 || errno == ERANGE) return -1;
            p = e + 1;
            s->sample = strtoll(p, &e, 10);
            if (e == p) return -1;
            p = e;
        }
        for (int m = 0; m < GM_N_METRICS; m++) {
            if (*p != ',') return -1;
            p++;
            if (value(&p, &v)) return -1;
            set_metric(s, m, v);
        }
        for (size_t r = 0; r < k; r++) {
            if (*p != ',') return -1;
            p++;
            if (value(&p, &sh[r])) return -1;
        }
        return *p == '\0' || *p == '\n' || *p == '\r' ? 0 : -1;
    }
    const char *q = strstr(p, "\"plan\": ");
    if (!q) return -1;
    q += 8;
    if (!strncmp(q, "\"reference\"", 11)) {
        *plan = -1;
    } else {
        char *e;
        errno = 0;
        *plan = strtoll(q, &e, 10);
        if (e == q || *plan < 0 || errno == ERANGE) return -1;
    }
    q = strstr(p, "\"sample\": ");
    if (q && strncmp(q + 10, "null", 4)) s->sample = strtoll(q + 10, NULL, 10);
    for (int m = 0; m < GM_N_METRICS; m++) {
        char key[64];
        snprintf(key, sizeof key, "\"%s\": ", gm_metric_names[m]);
        q = strstr(p, key);
        if (!q) return -1;
        q += strlen(key);
        if (value(&q, &v)) return -1;
        set_metric(s, m, v);
    }
    q = strstr(p, "\"shares\": [");
    if (!q) return -1;
    q += 11;
    for (size_t r = 0; r < k; r++) {
        if (value(&q, &sh[r])) return -1;
        while (*q == ' ') q++;
        if (*q == ',') q++;
    }
    return 0;
}

static void metric_json(gmc_json *j, const char *key, const gm_metric_summary *m, bool ref,
                        size_t rank)
{
    gmc_json_obj(j, key);
    if (rank) gmc_json_int(j, "rank", (long long)rank);
    gmc_json_int(j, "n", (long long)m->n);
    gmc_json_num(j, "mean", m->mean);
    gmc_json_num(j, "sd", m->sd);
    gmc_json_num(j, "min", m->min);
    gmc_json_num(j, "max", m->max);
    gmc_json_obj(j, "quantiles");
    for (int i = 0; i < 7; i++) {
        char q[16];
        snprintf(q, sizeof q, "%g", gm_summary_q[i]);
        gmc_json_num(j, q, m->q[i]);
    }
    gmc_json_end_obj(j);
    gmc_json_arr(j, "histogram");
    for (int i = 0; i < 20; i++) gmc_json_int(j, NULL, (long long)m->hist[i]);
    gmc_json_end_arr(j);
    if (ref) {
        gmc_json_obj(j, "reference");
        gmc_json_num(j, "value", m->ref);
        gmc_json_num(j, "percentile", m->percentile);
        gmc_json_int(j, "below", (long long)m->below);
        gmc_json_int(j, "equal", (long long)m->equal);
        gmc_json_int(j, "above", (long long)m->above);
        gmc_json_int(j, "as_or_more_extreme", (long long)m->as_extreme);
        gmc_json_end_obj(j);
    }
    gmc_json_end_obj(j);
}

void gmc_ens_summary_json(FILE *f, const gm_ens_summary *s, const char *pa, const char *pb)
{
    gmc_json j;
    gmc_json_init(&j, f);
    bool ref = gm_ens_summary_has_reference(s);
    size_t k = gm_ens_summary_k(s);
    gmc_json_obj(&j, NULL);
    gmc_json_int(&j, "plans", (long long)gm_ens_summary_count(s));
    gmc_json_int(&j, "districts", (long long)k);
    gmc_json_str(&j, "party_a", pa);
    gmc_json_str(&j, "party_b", pb);
    gmc_json_str(&j, "sign", "positive efficiency_gap, mean_median, partisan_bias, declination favour party_b");
    gmc_json_str(&j, "histogram", "20 equal bins from min to max");
    gmc_json_obj(&j, "metrics");
    for (int m = 0; m < GM_N_METRICS; m++) {
        gm_metric_summary ms;
        gm_ens_summary_metric(s, m, &ms);
        metric_json(&j, gm_metric_names[m], &ms, ref, 0);
    }
    gmc_json_end_obj(&j);
    gmc_json_arr(&j, "sorted_shares");
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary ms;
        gm_ens_summary_rank(s, r, &ms);
        metric_json(&j, NULL, &ms, ref, r + 1); /* rank r+1: r+1-th smallest share */
    }
    gmc_json_end_arr(&j);
    gmc_json_end_obj(&j);
    gmc_json_finish(&j);
}

void gmc_ens_chart_csv(FILE *f, const gm_ens_summary *s)
{
    size_t k = gm_ens_summary_k(s);
    fputs("rank,n,q01,q05,q25,q50,q75,q95,q99,mean,reference,reference_percentile\n", f);
    for (size_t r = 0; r < k; r++) {
        gm_metric_summary m;
        gm_ens_summary_rank(s, r, &m);
        fprintf(f, "%zu,%llu", r + 1, (unsigned long long)m.n);
        for (int i = 0; i < 7; i++) {
            fputc(',', f);
            gmc_csv_num(f, m.q[i]);
        }
        fputc(',', f);
        gmc_csv_num(f, m.mean);
        fputc(',', f);
        gmc_csv_num(f, m.ref);
        fputc(',', f);
        gmc_csv_num(f, m.percentile);
        fputc('\n', f);
    }
}

/* Box plots per rank: box 25-75 %, whiskers 1-99 %, median line; the reference plan as
 * a red dot. y from 0 to 1 (two-party share of party a), a dashed line at 1/2. */
void gmc_ens_chart_svg(FILE *f, const gm_ens_summary *s, const char *pa)
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
}
