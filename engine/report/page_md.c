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

/* Text with its file paths cut to file names (gmi_public_text), escaped. */
static void pub(gm_sink *f, const gm_report_opts *o, const char *s)
{
    char buf[2048];
    md(f, gmi_public_text(o, s, buf, sizeof buf));
}

/* The same as a code span. */
static void pub_code(gm_sink *f, const gm_report_opts *o, const char *s)
{
    char buf[2048];
    gmi_md_code(f, gmi_public_text(o, s, buf, sizeof buf));
}

static void plan_md(gm_sink *f, const gmi_rplan *r, const gmi_ensemble *e, const gm_report_opts *o)
{
    char hl[1024], b[64];
    gm_sink_puts(f, "## ");
    pub(f, o, r->name);
    gm_sink_puts(f, "\n\n**");
    gmi_headline(r, e, hl, sizeof hl);
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
    char b1[64], b2[64], b3[64], b4[64];
    if (r->have_pop)
        gm_sink_printf(
            f,
            "\nTotal population %s; ideal district %s; overall range %s (%s people); largest deviation %s (%s people).\n",
            gmi_int(r->pd.total, b1, sizeof b1), gmi_num_sep(r->pd.ideal, 1, b2, sizeof b2),
            gmi_pct(r->pd.range, 2, b, sizeof b), gmi_int(r->pd.max_dev - r->pd.min_dev, b3, sizeof b3),
            gmi_pct(r->pd.max_abs_pct, 2, hl, sizeof hl),
            gmi_int(fmax(fabs(r->pd.max_dev), fabs(r->pd.min_dev)), b4, sizeof b4));
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
        pub(f, o, r->geo_note);
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
            pub(f, o, w.msg[i]);
            gm_sink_putc(f, '\n');
        }
        gm_sink_putc(f, '\n');
    }
    gm_warnings_free(&w);
    for (size_t i = 0; i < n; i++) plan_md(f, &r[i], i == 0 ? e : NULL, o);
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
            gm_sink_puts(f, "| ");
            md(f, M[m].name);
            gm_sink_puts(f, " |");
            for (size_t i = 0; i < n; i++) {
                double v = gmi_metric_value(&r[i], M[m].key);
                gm_sink_putc(f, ' ');
                md(f, gmi_at_large(&r[i]) && M[m].signed_metric ? "\u2013"
                      : !isfinite(v)                           ? "not defined"
                      : M[m].percent ? gmi_pct(v, 1, b, sizeof b)
                                     : gmi_num(v, M[m].signed_metric ? 2 : 0, b, sizeof b));
                if (isfinite(v) && !strcmp(M[m].key, "lopsided_t"))
                    gm_sink_printf(f, " (p = %s)", gmi_num(r[i].ps.lopsided_p, 2, b, sizeof b));
                gmi_verdict vd = gmi_metric_verdict(&r[i], i == 0 ? e : NULL, M[m].key);
                const char *fav = isfinite(v) ? gmi_verdict_text(&vd, b, sizeof b) : NULL;
                if (fav) {
                    gm_sink_puts(f, " (");
                    md(f, fav);
                    gm_sink_putc(f, ')');
                }
                gm_sink_puts(f, " |");
            }
            gm_sink_puts(f, " ");
            md(f, M[m].explain);
            gm_sink_puts(f, " | ");
            md(f, M[m].usual);
            gm_sink_puts(f, " |\n");
        }
        gm_sink_putc(f, '\n');
    }
    gmi_splits_section(f, r, n, true);
    if (n == 2) gmi_compare_section(f, r, false);
    if (e) {
        gm_sink_printf(f, "## Compared with an ensemble\n\n%s plans from ", gmi_int((double)e->n, b, sizeof b));
        pub_code(f, o, e->path);
        gm_sink_puts(f, ".\n\n| Score | Plans | Min | Max | This plan |\n|---|--:|--:|--:|--:|\n");
        for (size_t m = 0; m < e->n_metrics; m++) {
            gmi_ens_col col;
            gmi_ens_describe(e, m, &r[0], &col);
            double mn = INFINITY, mx = -INFINITY;
            size_t c = 0;
            for (size_t i = 0; i < e->n; i++)
                if (isfinite(e->value[m][i])) {
                    mn = fmin(mn, e->value[m][i]);
                    mx = fmax(mx, e->value[m][i]);
                    c++;
                }
            gm_sink_puts(f, "| ");
            md(f, col.label);
            char b2[64], b3[64];
            gm_sink_printf(f, " | %s | %s | %s | ", gmi_int((double)c, b3, sizeof b3),
                           c ? gmi_num_sep(mn, 4, b, sizeof b) : "", c ? gmi_num_sep(mx, 4, b2, sizeof b2) : "");
            md(f, isfinite(col.plan) ? gmi_num_sep(col.plan, 4, b3, sizeof b3) : col.why);
            gm_sink_puts(f, " |\n");
        }
        gm_sink_putc(f, '\n');
    }
    gm_sink_puts(f, "## Method notes\n\n");
    gm_sink_puts(
        f,
        "- Two-party shares a/(a+b); statewide share turnout-weighted. Efficiency gap = (wasted a - wasted b) / all two-party votes.\n");
    if (!(r[0].impute > 0))
        gm_sink_puts(f, "- Uncontested races are used as reported (0 for the absent party); no votes are imputed.\n");
    for (size_t i = 0; i < n; i++) {
        gm_sink_puts(f, "- ");
        pub(f, o, r[i].name);
        gm_sink_puts(f, ": units from ");
        pub_code(f, o, r[i].u->source);
        gm_sink_puts(f, ", plan from ");
        pub(f, o, r[i].p->source);
        size_t nu = 0;
        for (size_t d = 0; d < r[i].t->k; d++) nu += r[i].uncontested[d];
        gm_sink_printf(f, "; %zu uncontested district(s)", nu);
        if (r[i].impute > 0)
            gm_sink_printf(
                f,
                ", imputed (winner share %s of the mean contested total; metrics use the imputed votes)",
                gmi_pct(r[i].impute, 1, b, sizeof b));
        gm_sink_puts(f, ".");
        if (r[i].partisan && r[i].ps.k_zero) {
            gm_sink_printf(f, " %zu district%s had no votes for either party and %s left out of the shares and seats: ",
                           r[i].ps.k_zero, r[i].ps.k_zero == 1 ? "" : "s",
                           r[i].ps.k_zero == 1 ? "is" : "are");
            gmi_no_vote_districts(f, &r[i], md);
            gm_sink_puts(f, ".");
        }
        gm_sink_putc(f, '\n');
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
