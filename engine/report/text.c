/* text.c: the words of the report: the metric catalogue (what each metric measures,
 * which way it leans, what values are usual), the headline and party names. */
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/svg.h"

size_t gmi_metric_list(gmi_metric_info *out, size_t cap)
{
    size_t n = 0, nm = gm_metric_count(GM_MF_PARTISAN);
    for (size_t i = 0; i < nm && n < cap; i++) {
        const gm_metric_def *m = gm_metric_get(GM_MF_PARTISAN, i);
        if (!(m->flags & GM_MD_REPORT)) continue;
        out[n++] = (gmi_metric_info){m->key, m->label, m->reading, m->usual ? m->usual : "",
                                     m->sign != GM_SIGN_NONE, m->unit == GM_UNIT_SHARE};
    }
    return n;
}

/* The registry row of a partisan metric shown with a direction, or NULL. */
static const gm_metric_def *signed_def(const char *key)
{
    const gm_metric_def *m = gm_metric_find(GM_MF_PARTISAN, key, NULL);
    return m && m->sign != GM_SIGN_NONE ? m : NULL;
}

bool gmi_at_large(const gmi_rplan *r)
{
    return r->partisan && r->ps.k_counted < 2;
}

/* The partisan metric `key` of the plan (a registry row), or NaN. With fewer than two
 * districts with votes the signed metrics measure no district lines: NaN (shown "–"). */
double gmi_metric_value(const gmi_rplan *r, const char *key)
{
    if (!r->partisan) return NAN;
    if (!strcmp(key, "seats_a")) return r->ps.seats_a;
    const gm_metric_def *m = gm_metric_find(GM_MF_PARTISAN, key, NULL);
    if (!m) return NAN;
    if (gmi_at_large(r) && m->sign != GM_SIGN_NONE) return NAN;
    gm_metric_in in = {.k = r->t->k, .pop = r->t->pop, .a = r->ia ? r->ia : gm_tally_party(r->t, 0),
                       .b = r->ia ? r->ia + r->t->k : gm_tally_party(r->t, 1), .cut_edges = NAN};
    return gm_metric_value(m, &r->ps, &in);
}

const char *gmi_metric_why(const gmi_rplan *r, const char *key)
{
    if (!r->partisan) return "no votes were given";
    const gm_metric_def *m = gm_metric_find(GM_MF_PARTISAN, key, NULL);
    if (m && gmi_at_large(r) && m->sign != GM_SIGN_NONE)
        return "one district: there are no district lines to measure";
    return m ? gm_metric_why(m, &r->ps) : NULL;
}

/* ---- directions: the one wording rule ------------------------------------------------ */

/* Percentile (0..100) of x among the finite values of v[0..n): the share below it, ties
 * counted half. NaN when there is none. */
static double percentile_of(const double *v, size_t n, double x)
{
    double below = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue;
        m++;
        below += v[i] < x ? 1.0 : v[i] == x ? 0.5 : 0.0;
    }
    return m > 0 ? 100.0 * below / m : NAN;
}

gmi_verdict gmi_metric_verdict(const gmi_rplan *r, const gmi_ensemble *e, const char *key)
{
    gmi_verdict v = {GM_LEAN_UNDEFINED, NULL, GMI_WEAK_NONE, NAN, NAN, 0, 0};
    const gm_metric_def *m = signed_def(key);
    if (!m || !r->partisan) return v;
    if (gmi_at_large(r)) {
        v.weak = GMI_WEAK_ONE_DISTRICT;
        return v;
    }
    double x = gmi_metric_value(r, key);
    v.lean = gm_lean_of(x, r->ps.positive_favours_b);
    if (v.lean == GM_LEAN_A) v.party = r->u->party[0];
    if (v.lean == GM_LEAN_B) v.party = r->u->party[1];
    if (v.lean != GM_LEAN_A && v.lean != GM_LEAN_B) return v;
    /* One seat moves the gap by 1/k: in a small plan it mostly measures the vote share. */
    if (!strncmp(key, "efficiency_gap", 14) && r->ps.k_counted < GMI_SMALL_PLAN) {
        v.weak = GMI_WEAK_SMALL;
        v.k = r->ps.k_counted;
    }
    if (!strcmp(key, "lopsided_t")) {
        v.p = r->ps.lopsided_p;
        if (!(v.p < GMI_SIGNIFICANT_P)) v.weak = GMI_WEAK_P;
    }
    for (size_t c = 0; e && c < e->n_metrics; c++) {
        if (strcasecmp(e->metric[c], key)) continue;
        v.pctl = percentile_of(e->value[c], e->n, x);
        v.n_ens = e->n;
        if (v.pctl >= GMI_ENSEMBLE_TAIL && v.pctl <= 100 - GMI_ENSEMBLE_TAIL && !v.weak)
            v.weak = GMI_WEAK_ENSEMBLE;
    }
    return v;
}

/* "38th" */
static const char *ordinal(double pctl, char *buf, size_t cap)
{
    long n = lround(pctl);
    const char *suf = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                      : n % 10 == 1                   ? "st"
                      : n % 10 == 2                   ? "nd"
                      : n % 10 == 3                   ? "rd"
                                                      : "th";
    snprintf(buf, cap, "%ld%s", n, suf);
    return buf;
}

const char *gmi_verdict_text(const gmi_verdict *v, char *buf, size_t cap)
{
    char b[32];
    switch (v->weak) {
    case GMI_WEAK_ONE_DISTRICT: return NULL;
    case GMI_WEAK_P: return "no clear direction";
    case GMI_WEAK_SMALL:
        snprintf(buf, cap, "leans %s; with %zu districts it mostly measures the vote share",
                 v->party, v->k);
        return buf;
    case GMI_WEAK_ENSEMBLE:
        snprintf(buf, cap, "leans %s; typical of the ensemble (%s percentile)", v->party,
                 ordinal(v->pctl, b, sizeof b));
        return buf;
    default: break;
    }
    if (v->lean == GM_LEAN_NEITHER) return "favours neither";
    if (!v->party) return NULL;
    snprintf(buf, cap, "favours %s", v->party);
    return buf;
}

const char *gmi_party_plural(const char *name)
{
    if (!strcasecmp(name, "D") || !strcasecmp(name, "DEM") || !strcasecmp(name, "Democratic") ||
        !strcasecmp(name, "Democrat") || !strcasecmp(name, "Democrats"))
        return "Democrats";
    if (!strcasecmp(name, "R") || !strcasecmp(name, "REP") || !strcasecmp(name, "GOP") ||
        !strcasecmp(name, "Republican") || !strcasecmp(name, "Republicans"))
        return "Republicans";
    return name;
}

const char *gmi_favours(const gmi_rplan *r, double v)
{
    if (!r->partisan) return NULL;
    return gm_lean_name(v, r->ps.positive_favours_b, r->u->party[0], r->u->party[1]);
}

const char *gmi_winner_name(const gmi_rplan *r, size_t d, const char *none)
{
    int w = r->winner[d];
    return w >= 0 ? r->u->party[w] : w == GMI_WIN_TIE ? "tie" : none;
}

/* "the efficiency gap" from "Efficiency gap" (the label with a small first letter). */
static void lower_label(const char *label, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", label);
    if (buf[0] >= 'A' && buf[0] <= 'Z') buf[0] = (char)(buf[0] - 'A' + 'a');
}

/* Append printf text to buf at *n (bounded). */
static void addf(char *buf, size_t cap, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void addf(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
    if (*n >= cap) return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *n, cap - *n, fmt, ap);
    va_end(ap);
    if (w > 0) *n += (size_t)w < cap - *n ? (size_t)w : cap - *n - 1;
}

/* Append "a, b and c": the metrics whose verdict has this weakness and (lean >= 0) this
 * lean, the efficiency gap with its value, a weak one with its p or percentile. Returns
 * how many; with buf NULL only counts. */
static size_t list_metrics(const gmi_rplan *r, const gmi_metric_info *M, const gmi_verdict *V,
                           size_t nm, int lean, int weak, char *buf, size_t cap, size_t *n)
{
    size_t total = 0, done = 0;
    for (size_t m = 0; m < nm; m++) total += V[m].weak == weak && (lean < 0 || (int)V[m].lean == lean);
    if (!buf) return total; /* count only */
    for (size_t m = 0; m < nm; m++) {
        if (V[m].weak != weak || (lean >= 0 && (int)V[m].lean != lean)) continue;
        char name[96], b[32];
        lower_label(M[m].name, name, sizeof name);
        bool the = !strcmp(M[m].key, "efficiency_gap") || !strcmp(M[m].key, "mean_median");
        addf(buf, cap, n, "%s%s%s", done == 0 ? "" : done + 1 == total ? " and " : ", ",
             the ? "the " : "", name);
        double v = gmi_metric_value(r, M[m].key);
        if (!strcmp(M[m].key, "efficiency_gap"))
            addf(buf, cap, n, " (%s)", gmi_pct(fabs(v), 1, b, sizeof b));
        if (weak == GMI_WEAK_P) addf(buf, cap, n, " (p = %s)", gmi_num(V[m].p, 2, b, sizeof b));
        if (weak == GMI_WEAK_ENSEMBLE) {
            char o[16];
            addf(buf, cap, n, " (%s percentile)", ordinal(V[m].pctl, o, sizeof o));
        }
        done++;
    }
    return total;
}

void gmi_headline(const gmi_rplan *r, const gmi_ensemble *e, char *buf, size_t cap)
{
    char b1[32], b2[32], b3[32];
    size_t k = r->t->k, n = 0;
    buf[0] = '\0';
    if (!r->partisan) {
        addf(buf, cap, &n,
             "The plan has %zu districts; their populations differ by %s of the ideal district population",
             k, gmi_pct(r->pd.range, 2, b1, sizeof b1));
        if (r->have_pop) addf(buf, cap, &n, " (%s people)", gmi_int(r->pd.max_dev - r->pd.min_dev, b2, sizeof b2));
        addf(buf, cap, &n, ".");
        return;
    }
    const gm_partisan *ps = &r->ps;
    const char *A = gmi_party_plural(r->u->party[0]);
    addf(buf, cap, &n, "%s won %s of the two-party vote and %.0f of %zu seat%s", A,
         gmi_pct(ps->vote_share, 1, b1, sizeof b1), ps->seats_a, k, k == 1 ? "" : "s");
    if (ps->ties > 0) addf(buf, cap, &n, " (%.0f tied)", ps->ties);
    addf(buf, cap, &n, ".");
    size_t kc = ps->k_counted;
    double eg = ps->efficiency_gap;
    if (gmi_at_large(r)) {
        addf(buf, cap, &n,
             " With one district there are no district lines to measure: the efficiency gap and "
             "the other measures of partisan advantage do not apply.");
        return;
    }
    if (!isfinite(eg)) return;
    gm_lean eg_lean = gm_lean_of(eg, ps->positive_favours_b);
    const char *eg_party = eg_lean == GM_LEAN_A ? r->u->party[0] : r->u->party[1];
    if (kc < GMI_SMALL_PLAN) {
        /* One seat moves the gap by 1/k: with few districts that dwarfs any threshold. */
        addf(buf, cap, &n,
             " With only %zu districts, one seat moves the efficiency gap by %s points, so its %s",
             kc, gmi_num(100.0 / (double)kc, 0, b1, sizeof b1), gmi_pct(fabs(eg), 1, b2, sizeof b2));
        if (eg_lean == GM_LEAN_A || eg_lean == GM_LEAN_B)
            addf(buf, cap, &n, " (towards %s)", gmi_party_plural(eg_party));
        addf(buf, cap, &n, " mostly measures the vote share, not the district lines.");
        return;
    }
    /* Every signed metric of the report, with its verdict. */
    gmi_metric_info M[GM_PLAN_METRICS_MAX];
    gmi_verdict V[GM_PLAN_METRICS_MAX];
    size_t nm = 0, na = 0, nb = 0;
    {
        gmi_metric_info all[GM_PLAN_METRICS_MAX];
        size_t n_all = gmi_metric_list(all, GM_PLAN_METRICS_MAX);
        for (size_t m = 0; m < n_all; m++) {
            if (!all[m].signed_metric) continue;
            gmi_verdict v = gmi_metric_verdict(r, e, all[m].key);
            if (v.lean != GM_LEAN_A && v.lean != GM_LEAN_B) continue;
            M[nm] = all[m];
            V[nm++] = v;
            na += v.weak == GMI_WEAK_NONE && v.lean == GM_LEAN_A;
            nb += v.weak == GMI_WEAK_NONE && v.lean == GM_LEAN_B;
        }
    }
    if (na && nb) {
        addf(buf, cap, &n, " The measures of partisan advantage disagree: ");
        size_t c = list_metrics(r, M, V, nm, GM_LEAN_A, GMI_WEAK_NONE, buf, cap, &n);
        addf(buf, cap, &n, " favour%s %s; ", c == 1 ? "s" : "", gmi_party_plural(r->u->party[0]));
        c = list_metrics(r, M, V, nm, GM_LEAN_B, GMI_WEAK_NONE, buf, cap, &n);
        addf(buf, cap, &n, " favour%s %s", c == 1 ? "s" : "", gmi_party_plural(r->u->party[1]));
        if (list_metrics(r, M, V, nm, -1, GMI_WEAK_P, NULL, 0, &n)) {
            addf(buf, cap, &n, "; no clear direction: ");
            list_metrics(r, M, V, nm, -1, GMI_WEAK_P, buf, cap, &n);
        }
        if (list_metrics(r, M, V, nm, -1, GMI_WEAK_ENSEMBLE, NULL, 0, &n)) {
            addf(buf, cap, &n, "; typical of the ensemble: ");
            list_metrics(r, M, V, nm, -1, GMI_WEAK_ENSEMBLE, buf, cap, &n);
        }
        addf(buf, cap, &n, ".");
        return;
    }
    gmi_verdict ev = gmi_metric_verdict(r, e, "efficiency_gap");
    double seats = fabs(eg) * (double)kc; /* EG x districts = seats' worth */
    if (eg_lean == GM_LEAN_NEITHER) {
        addf(buf, cap, &n, " The efficiency gap is 0: it favours neither party.");
    } else if (ev.weak == GMI_WEAK_ENSEMBLE) {
        addf(buf, cap, &n,
             " The efficiency gap of %s leans towards %s, but it is typical of the %s plans of the "
             "ensemble (%s percentile), so it does not show that the map favours them.",
             gmi_pct(fabs(eg), 1, b2, sizeof b2), gmi_party_plural(eg_party),
             gmi_int((double)ev.n_ens, b3, sizeof b3), ordinal(ev.pctl, b1, sizeof b1));
    } else if (seats < 0.5) {
        addf(buf, cap, &n, " The efficiency gap of %s favours %s: less than half a seat.",
             gmi_pct(fabs(eg), 1, b2, sizeof b2), gmi_party_plural(eg_party));
    } else {
        addf(buf, cap, &n, " The efficiency gap of %s favours %s: about %s seat%s.",
             gmi_pct(fabs(eg), 1, b2, sizeof b2), gmi_party_plural(eg_party),
             gmi_num(round(seats), 0, b3, sizeof b3), round(seats) == 1 ? "" : "s");
    }
}

const char *gmi_public_text(const gm_report_opts *o, const char *s, char *buf, size_t cap)
{
    if (!s || o->full_paths || (!strchr(s, '/') && !strchr(s, '\\')) || cap == 0) return s;
    size_t n = 0;
    const char *p = s;
    while (*p && n + 1 < cap) {
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            buf[n++] = *p++;
            continue;
        }
        const char *end = p;
        while (*end && *end != ' ' && *end != '\t' && *end != '\n') end++;
        const char *from = p; /* the token, less its directories (URLs stay whole) */
        bool url = false;
        for (const char *q = p; q + 2 < end; q++)
            if (q[0] == ':' && q[1] == '/' && q[2] == '/') url = true;
        if (!url)
            for (const char *q = p; q < end; q++)
                if ((*q == '/' || *q == '\\') && q + 1 < end) from = q + 1;
        /* a quote or bracket that opened the token stays */
        if (from != p && strchr("'\"(`[", *p) && n + 1 < cap) buf[n++] = *p;
        while (from < end && n + 1 < cap) buf[n++] = *from++;
        p = end;
    }
    buf[n] = '\0';
    return buf;
}

void gmi_no_vote_districts(gm_sink *f, const gmi_rplan *r, void (*text)(gm_sink *, const char *))
{
    size_t shown = 0, total = 0;
    for (size_t d = 0; d < r->t->k; d++) {
        if (isfinite(r->share[d])) continue;
        total++;
        if (shown == GMI_LIST_MAX) continue;
        if (shown++) gm_sink_puts(f, ", ");
        text(f, r->p->label[d]);
    }
    if (total > shown) gm_sink_printf(f, " and %zu more", total - shown);
}
