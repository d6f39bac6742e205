/* page_md.c: the report as Markdown: the same words and tables as the HTML page,
 * without the pictures. Input-derived text goes through gmi_md_text(), which escapes
 * both Markdown punctuation and HTML, so a district name cannot become a link, a table
 * cell break or raw HTML in a renderer. */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "gerrymeter/gm_compact.h"
#include "report/svg.h"

static void md(FILE *f, const char *s)
{
    gmi_md_text(f, s);
}

static void plan_md(FILE *f, const gmi_rplan *r)
{
    char hl[1024], b[64];
    fputs("## ", f);
    md(f, r->name);
    fputs("\n\n**", f);
    gmi_headline(r, hl, sizeof hl);
    md(f, hl);
    fputs("**\n\n", f);
    size_t k = r->t->k;
    fputs(r->have_pop ? "| District | Population | Deviation | Dev. % |" : "| District |", f);
    if (r->partisan) {
        for (size_t q = 0; q < 2; q++) {
            fputc(' ', f);
            md(f, r->u->party[q]);
            fputs(" votes |", f);
        }
        fputc(' ', f);
        md(f, r->u->party[0]);
        fputs(" share | Winner |", f);
    }
    fputs(r->have_pop ? "\n|---|--:|--:|--:|" : "\n|---|", f);
    fputs(r->partisan ? "--:|--:|--:|---|\n" : "\n", f);
    for (size_t d = 0; d < k; d++) {
        double dev = r->t->pop[d] - r->pd.ideal;
        fputs("| ", f);
        md(f, r->p->label[d]);
        fputs(" |", f);
        if (r->have_pop) {
            fprintf(f, " %s |", gmi_int(r->t->pop[d], b, sizeof b));
            fprintf(f, " %s |", gmi_int(dev, b, sizeof b));
            fprintf(f, " %s |", gmi_pct(r->pd.ideal > 0 ? dev / r->pd.ideal : NAN, 2, b, sizeof b));
        }
        if (r->partisan) {
            for (size_t q = 0; q < 2; q++)
                fprintf(f, " %s |", gmi_int(r->t->votes[q * k + d], b, sizeof b));
            fprintf(f, " %s | ", gmi_pct(r->share[d], 1, b, sizeof b));
            md(f, gmi_winner_name(r, d, "-"));
            if (r->uncontested[d])
                fputs(r->imputed && r->imputed[d] ? " (uncontested; imputed)" : " (uncontested)",
                      f);
            fputs(" |", f);
        }
        fputc('\n', f);
    }
    char b1[64], b2[64];
    if (r->have_pop)
        fprintf(
            f,
            "\nTotal population %s; ideal district %s; overall range %s; largest deviation %s.\n",
            gmi_int(r->pd.total, b1, sizeof b1), gmi_num(r->pd.ideal, 1, b2, sizeof b2),
            gmi_pct(r->pd.range, 2, b, sizeof b), gmi_pct(r->pd.max_abs_pct, 2, hl, sizeof hl));
    fputc('\n', f);
    if (r->cp) {
        const gm_compact *c = r->cp;
        fputs(
            "Compactness (0 to 1; higher is more compact):\n\n"
            "| District | Area, km² | Polsby–Popper | Reock | Convex hull |\n|---|--:|--:|--:|--:|\n",
            f);
        for (size_t d = 0; d < c->k; d++) {
            fputs("| ", f);
            md(f, c->district[d]);
            fprintf(f, " | %s", gmi_int(c->m[GM_CM_AREA_M2][d] / 1e6, b, sizeof b));
            fprintf(f, " | %s", gmi_num(c->m[GM_CM_POLSBY_POPPER][d], 3, b, sizeof b));
            fprintf(f, " | %s", gmi_num(c->m[GM_CM_REOCK][d], 3, b, sizeof b));
            fprintf(f, " | %s |\n", gmi_num(c->m[GM_CM_CONVEX_HULL][d], 3, b, sizeof b));
        }
        fputc('\n', f);
    }
    if (r->geo_note[0]) {
        fputs("_No map: ", f);
        md(f, r->geo_note);
        fputs("._\n\n", f);
    }
}

gm_status gmi_page_md(FILE *f, gmi_rplan *r, size_t n, const gmi_ensemble *e,
                      const gm_report_opts *o, gm_error *err)
{
    char b[64];
    fputs("# ", f);
    md(f, o->title ? o->title : "Redistricting plan report");
    fputs("\n\n", f);
    for (size_t i = 0; i < n; i++) plan_md(f, &r[i]);
    if (r[0].partisan) {
        gmi_metric_info M[GM_PLAN_METRICS_MAX];
        size_t nm = gmi_metric_list(M, GM_PLAN_METRICS_MAX);
        fputs("## Metrics\n\nSigned metrics: a positive value favours ", f);
        md(f, r[0].u->party[1]);
        fputs(", a negative value ", f);
        md(f, r[0].u->party[0]);
        fputs(".\n\n| Metric |", f);
        for (size_t i = 0; i < n; i++) {
            fputc(' ', f);
            md(f, r[i].name);
            fputs(" |", f);
        }
        fputs(" What it measures | Usual values |\n|---|", f);
        for (size_t i = 0; i < n; i++) fputs("--:|", f);
        fputs("---|---|\n", f);
        for (size_t m = 0; m < nm; m++) {
            fprintf(f, "| %s |", M[m].name);
            for (size_t i = 0; i < n; i++) {
                double v = gmi_metric_value(&r[i], M[m].key);
                fputc(' ', f);
                md(f, !isfinite(v)   ? "not defined"
                      : M[m].percent ? gmi_pct(v, 1, b, sizeof b)
                                     : gmi_num(v, M[m].signed_metric ? 2 : 0, b, sizeof b));
                const char *fav = M[m].signed_metric ? gmi_favours(&r[i], v) : NULL;
                if (fav) {
                    fputs(" (favours ", f);
                    md(f, fav);
                    fputc(')', f);
                }
                fputs(" |", f);
            }
            fprintf(f, " %s | %s |\n", M[m].explain, M[m].usual);
        }
        fputc('\n', f);
    }
    if (e) {
        fprintf(f, "## Compared with an ensemble\n\n%zu plans from `", e->n);
        md(f, e->path);
        fputs("`.\n\n| Column | Plans | Min | Max |\n|---|--:|--:|--:|\n", f);
        for (size_t m = 0; m < e->n_metrics; m++) {
            double mn = INFINITY, mx = -INFINITY;
            size_t c = 0;
            for (size_t i = 0; i < e->n; i++)
                if (isfinite(e->value[m][i])) {
                    mn = fmin(mn, e->value[m][i]);
                    mx = fmax(mx, e->value[m][i]);
                    c++;
                }
            fputs("| ", f);
            md(f, e->metric[m]);
            char b2[64];
            fprintf(f, " | %zu | %s | %s |\n", c, c ? gmi_num(mn, 4, b, sizeof b) : "",
                    c ? gmi_num(mx, 4, b2, sizeof b2) : "");
        }
        fputc('\n', f);
    }
    fputs("## Method notes\n\n", f);
    fputs(
        "- Two-party shares a/(a+b); statewide share turnout-weighted. Efficiency gap = (wasted a - wasted b) / all two-party votes.\n"
        "- Uncontested races are used as reported (0 for the absent party); no votes are imputed.\n",
        f);
    for (size_t i = 0; i < n; i++) {
        fputs("- ", f);
        md(f, r[i].name);
        fputs(": units from `", f);
        md(f, r[i].u->source);
        fputs("`, plan from ", f);
        md(f, r[i].p->source);
        size_t nu = 0;
        for (size_t d = 0; d < r[i].t->k; d++) nu += r[i].uncontested[d];
        fprintf(f, "; %zu uncontested district(s)", nu);
        if (r[i].impute > 0)
            fprintf(
                f,
                ", imputed (winner share %s of the mean contested total; metrics use the imputed votes)",
                gmi_pct(r[i].impute, 1, b, sizeof b));
        fputs(".\n", f);
    }
    if (o->source_note) {
        fputs("- ", f);
        md(f, o->source_note);
        fputc('\n', f);
    }
    fprintf(f, "\n_Made with gerrymeter %s._\n", gm_version());
    return ferror(f) ? gm_fail(err, GM_E_IO, "cannot write the report") : GM_OK;
}
