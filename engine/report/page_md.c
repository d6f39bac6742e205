/* page_md.c: the report as Markdown: the same words and tables as the HTML page,
 * without the pictures. Input-derived text goes through gmi_md_text(), which escapes
 * both Markdown punctuation and HTML, so a district name cannot become a link, a table
 * cell break or raw HTML in a renderer. */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "gerrymeter/gm_compact.h"
#include "report/svg.h"

static void md(gm_sink *f, const char *s)
{
    gmi_md_text(f, s);
}

static void plan_md(gm_sink *f, const gmi_rplan *r)
{
    char hl[1024], b[64];
    gm_sink_puts(f, "## ");
    md(f, r->name);
    gm_sink_puts(f, "\n\n**");
    gmi_headline(r, hl, sizeof hl);
    md(f, hl);
    gm_sink_puts(f, "**\n\n");
    size_t k = r->t->k;
    gm_sink_puts(f,
                 r->have_pop ? "| District | Population | Deviation | Dev. % |" : "| District |");
    if (r->partisan) {
        for (size_t q = 0; q < 2; q++) {
            gm_sink_putc(f, ' ');
            md(f, r->u->party[q]);
            gm_sink_puts(f, " votes |");
        }
        gm_sink_putc(f, ' ');
        md(f, r->u->party[0]);
        gm_sink_puts(f, " share | Winner |");
    }
    gm_sink_puts(f, r->have_pop ? "\n|---|--:|--:|--:|" : "\n|---|");
    gm_sink_puts(f, r->partisan ? "--:|--:|--:|---|\n" : "\n");
    for (size_t d = 0; d < k; d++) {
        double dev = r->t->pop[d] - r->pd.ideal;
        gm_sink_puts(f, "| ");
        md(f, r->p->label[d]);
        gm_sink_puts(f, " |");
        if (r->have_pop) {
            gm_sink_printf(f, " %s |", gmi_int(r->t->pop[d], b, sizeof b));
            gm_sink_printf(f, " %s |", gmi_int(dev, b, sizeof b));
            gm_sink_printf(f, " %s |",
                           gmi_pct(r->pd.ideal > 0 ? dev / r->pd.ideal : NAN, 2, b, sizeof b));
        }
        if (r->partisan) {
            for (size_t q = 0; q < 2; q++)
                gm_sink_printf(f, " %s |", gmi_int(r->t->votes[q * k + d], b, sizeof b));
            gm_sink_printf(f, " %s | ", gmi_pct(r->share[d], 1, b, sizeof b));
            md(f, gmi_winner_name(r, d, "-"));
            if (r->uncontested[d])
                gm_sink_puts(f, r->imputed && r->imputed[d] ? " (uncontested; imputed)"
                                                            : " (uncontested)");
            gm_sink_puts(f, " |");
        }
        gm_sink_putc(f, '\n');
    }
    char b1[64], b2[64];
    if (r->have_pop)
        gm_sink_printf(
            f,
            "\nTotal population %s; ideal district %s; overall range %s; largest deviation %s.\n",
            gmi_int(r->pd.total, b1, sizeof b1), gmi_num(r->pd.ideal, 1, b2, sizeof b2),
            gmi_pct(r->pd.range, 2, b, sizeof b), gmi_pct(r->pd.max_abs_pct, 2, hl, sizeof hl));
    gmi_contiguity_sentence(r, hl, sizeof hl);
    gm_sink_putc(f, '\n');
    if (hl[0]) {
        md(f, hl);
        gm_sink_puts(f, "\n\n");
    }
    if (r->cp) {
        const gm_compact *c = r->cp;
        gm_sink_puts(
            f,
            "Compactness (0 to 1; higher is more compact):\n\n"
            "| District | Area, km² | Polsby–Popper | Reock | Convex hull |\n|---|--:|--:|--:|--:|\n");
        for (size_t d = 0; d < c->k; d++) {
            gm_sink_puts(f, "| ");
            md(f, c->district[d]);
            gm_sink_printf(f, " | %s", gmi_int(c->m[GM_CM_AREA_M2][d] / 1e6, b, sizeof b));
            gm_sink_printf(f, " | %s", gmi_num(c->m[GM_CM_POLSBY_POPPER][d], 3, b, sizeof b));
            gm_sink_printf(f, " | %s", gmi_num(c->m[GM_CM_REOCK][d], 3, b, sizeof b));
            gm_sink_printf(f, " | %s |\n", gmi_num(c->m[GM_CM_CONVEX_HULL][d], 3, b, sizeof b));
        }
        gm_sink_putc(f, '\n');
    }
    if (r->geo_note[0]) {
        gm_sink_puts(f, "_No map: ");
        md(f, r->geo_note);
        gm_sink_puts(f, "._\n\n");
    }
}

gm_status gmi_page_md(gm_sink *f, gmi_rplan *r, size_t n, const gmi_ensemble *e,
                      const gm_report_opts *o, gm_error *err)
{
    char b[64];
    gm_sink_puts(f, "# ");
    md(f, o->title ? o->title : "Redistricting plan report");
    gm_sink_puts(f, "\n\n");
    gm_warnings w = {0};
    if (gmi_report_warnings(r, n, o, &w) != GM_OK) {
        gm_warnings_free(&w);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    if (w.n) {
        gm_sink_puts(f, "> **Read with care**\n>\n");
        for (size_t i = 0; i < w.n; i++) {
            gm_sink_puts(f, "> - ");
            md(f, w.msg[i]);
            gm_sink_putc(f, '\n');
        }
        gm_sink_putc(f, '\n');
    }
    gm_warnings_free(&w);
    for (size_t i = 0; i < n; i++) plan_md(f, &r[i]);
    if (r[0].partisan) {
        gmi_metric_info M[GM_PLAN_METRICS_MAX];
        size_t nm = gmi_metric_list(M, GM_PLAN_METRICS_MAX);
        gm_sink_puts(f, "## Metrics\n\nSigned metrics: a positive value favours ");
        md(f, r[0].u->party[1]);
        gm_sink_puts(f, ", a negative value ");
        md(f, r[0].u->party[0]);
        gm_sink_puts(f, ".\n\n| Metric |");
        for (size_t i = 0; i < n; i++) {
            gm_sink_putc(f, ' ');
            md(f, r[i].name);
            gm_sink_puts(f, " |");
        }
        gm_sink_puts(f, " What it measures | Usual values |\n|---|");
        for (size_t i = 0; i < n; i++) gm_sink_puts(f, "--:|");
        gm_sink_puts(f, "---|---|\n");
        for (size_t m = 0; m < nm; m++) {
            gm_sink_printf(f, "| %s |", M[m].name);
            for (size_t i = 0; i < n; i++) {
                double v = gmi_metric_value(&r[i], M[m].key);
                gm_sink_putc(f, ' ');
                md(f, !isfinite(v)   ? "not defined"
                      : M[m].percent ? gmi_pct(v, 1, b, sizeof b)
                                     : gmi_num(v, M[m].signed_metric ? 2 : 0, b, sizeof b));
                const char *fav = M[m].signed_metric ? gmi_favours(&r[i], v) : NULL;
                if (fav) {
                    gm_sink_puts(f, " (favours ");
                    md(f, fav);
                    gm_sink_putc(f, ')');
                }
                gm_sink_puts(f, " |");
            }
            gm_sink_printf(f, " %s | %s |\n", M[m].explain, M[m].usual);
        }
        gm_sink_putc(f, '\n');
    }
    if (e) {
        gm_sink_printf(f, "## Compared with an ensemble\n\n%zu plans from `", e->n);
        md(f, e->path);
        gm_sink_puts(f, "`.\n\n| Column | Plans | Min | Max |\n|---|--:|--:|--:|\n");
        for (size_t m = 0; m < e->n_metrics; m++) {
            double mn = INFINITY, mx = -INFINITY;
            size_t c = 0;
            for (size_t i = 0; i < e->n; i++)
                if (isfinite(e->value[m][i])) {
                    mn = fmin(mn, e->value[m][i]);
                    mx = fmax(mx, e->value[m][i]);
                    c++;
                }
            gm_sink_puts(f, "| ");
            md(f, e->metric[m]);
            char b2[64];
            gm_sink_printf(f, " | %zu | %s | %s |\n", c, c ? gmi_num(mn, 4, b, sizeof b) : "",
                           c ? gmi_num(mx, 4, b2, sizeof b2) : "");
        }
        gm_sink_putc(f, '\n');
    }
    gm_sink_puts(f, "## Method notes\n\n");
    gm_sink_puts(
        f,
        "- Two-party shares a/(a+b); statewide share turnout-weighted. Efficiency gap = (wasted a - wasted b) / all two-party votes.\n"
        "- Uncontested races are used as reported (0 for the absent party); no votes are imputed.\n");
    for (size_t i = 0; i < n; i++) {
        gm_sink_puts(f, "- ");
        md(f, r[i].name);
        gm_sink_puts(f, ": units from `");
        md(f, r[i].u->source);
        gm_sink_puts(f, "`, plan from ");
        md(f, r[i].p->source);
        size_t nu = 0;
        for (size_t d = 0; d < r[i].t->k; d++) nu += r[i].uncontested[d];
        gm_sink_printf(f, "; %zu uncontested district(s)", nu);
        if (r[i].impute > 0)
            gm_sink_printf(
                f,
                ", imputed (winner share %s of the mean contested total; metrics use the imputed votes)",
                gmi_pct(r[i].impute, 1, b, sizeof b));
        gm_sink_puts(f, ".\n");
    }
    if (o->source_note) {
        gm_sink_puts(f, "- ");
        md(f, o->source_note);
        gm_sink_putc(f, '\n');
    }
    gm_sink_printf(f, "\n_Made with gerrymeter %s._\n", gm_version());
    return gm_sink_status(f) != GM_OK ? gm_fail(err, gm_sink_status(f), "cannot write the report")
                                      : GM_OK;
}
