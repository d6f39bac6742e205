/* page_html.c: the report as one self-contained HTML page.
 *
 * Inline CSS and SVG only. A Content-Security-Policy meta tag forbids scripts and every
 * fetch, so the page is inert even if a district name slipped through unescaped (none
 * does: every input-derived string goes through gmi_xml_text). Key numbers carry their
 * exact value in a data-value attribute (%.17g), so a test can compare the page with
 * `gerrymeter score --format json` digit for digit. */
#include "report/report.h"

#include <math.h>
#include <string.h>

#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_units.h"
#include "geo/geo.h"
#include "report/svg.h"

static const char css[] =
    "*{box-sizing:border-box}"
    "body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;"
    "color:#1d2430;background:#fff;margin:0 auto;max-width:1280px;padding:16px 24px 40px}"
    "h1{font-size:1.9em;margin:.3em 0 .1em}h2{font-size:1.4em;margin:1.6em 0 .4em;border-bottom:2px solid #e2e6ec}"
    "h3{font-size:1.1em;margin:1.2em 0 .3em}.sub{color:#5a6472;margin:0 0 1em}"
    ".headline{font-size:1.3em;font-weight:600;margin:.4em 0 .8em;max-width:46em}"
    ".plans{display:grid;gap:28px;grid-template-columns:repeat(var(--n),minmax(0,1fr))}"
    "@media (max-width:900px){.plans{grid-template-columns:1fr}}"
    ".kpi{display:flex;flex-wrap:wrap;gap:10px;margin:0;padding:0}"
    ".kpi div{background:#f3f5f8;border-radius:6px;padding:6px 12px;max-width:16em}.kpi dt{font-size:.8em;color:#5a6472}"
    ".kpi dd{margin:0;font-size:1.25em;font-weight:600}"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}"
    "th,td{padding:3px 9px;border-bottom:1px solid #e2e6ec;text-align:left;vertical-align:top}"
    "th{background:#f3f5f8}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tbody tr:nth-child(even){background:#fafbfc}.metrics td{max-width:30em}"
    ".fav{display:block;font-size:.85em;color:#5a6472}.scroll{overflow-x:auto}"
    "svg{display:block;width:100%;height:auto;font-family:inherit}"
    "svg.map,svg.inset{width:auto;max-width:100%}.insetbox{fill:none;stroke:#1d2430;stroke-width:1.2}svg.legend{max-width:420px}svg.shares,svg.boxplot{max-width:720px}"
    ".sv svg{max-width:560px}svg.hist{max-width:330px}"
    ".hists{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}"
    ".figs{display:grid;gap:8px 28px;grid-template-columns:repeat(auto-fit,minmax(400px,1fr))}"
    ".districts path{stroke:#fff;stroke-width:.7;stroke-linejoin:round;fill-rule:evenodd}"
    ".labels text{font-size:11px;text-anchor:middle;fill:#111;paint-order:stroke;stroke:#fff;stroke-width:2.2px;"
    "stroke-linejoin:round;font-weight:600}"
    ".mt{fill:#f0f0f0}.mn{fill:#cfcfcf}"
    GMI_CSS_SMALL ".halo{paint-order:stroke;stroke:#fff;stroke-width:3px;fill:#7a3fa0;font-weight:600}" GMI_CSS_GRID
    GMI_CSS_AXIS50 ".statewide{stroke:#7a3fa0;stroke-width:1.5}"
    GMI_CSS_PLANPT
    ".hbar{fill:#8896aa}.planline{stroke:#e08214;stroke-width:2.5}"
    GMI_CSS_BOX
    ".note{color:#5a6472;font-size:.9em}"
    ".warnings{border-left:4px solid #b8860b;background:#fdf6e3;padding:.4em 1em;margin:1em 0}"
    ".warnings h2{font-size:1.05em;margin:.3em 0}ul.method li{margin:.3em 0}code{font-size:.92em}"
    "footer{margin-top:2em;color:#5a6472;font-size:.85em}"
    "@media print{body{max-width:none;padding:0}h2{break-after:avoid}svg,table{break-inside:avoid}}";

/* <td class="n" data-col="col" data-value="%.17g">text</td> */
static void td_num(gm_sink *f, const char *col, double v, const char *text)
{
    gm_sink_printf(f, "<td class=\"n\" data-col=\"%s\"", col);
    if (isfinite(v)) gm_sink_printf(f, " data-value=\"%.17g\"", v);
    gm_sink_putc(f, '>');
    gmi_xml_text(f, text);
    gm_sink_puts(f, "</td>");
}

static void esc(gm_sink *f, const char *s)
{
    gmi_xml_text(f, s);
}

/* Text with its file paths cut to file names unless asked (gmi_public_text), escaped. */
static void pub(gm_sink *f, const gm_report_opts *o, const char *s)
{
    char buf[2048];
    gmi_xml_text(f, gmi_public_text(o, s, buf, sizeof buf));
}

/* Headline, key figures and the three pictures of one plan. */
static void plan_block(gm_sink *f, const gmi_rplan *r, size_t i, const gmi_ensemble *e,
                       const gm_report_opts *o)
{
    char hl[1024], b1[64], b2[64];
    gm_sink_printf(f, "<article class=\"plan\" data-plan=\"%zu\">\n<h2>", i);
    esc(f, r->name);
    gm_sink_puts(f, "</h2>\n<p class=\"headline\">");
    gmi_headline(r, e, hl, sizeof hl);
    esc(f, hl);
    gm_sink_puts(f, "</p>\n<dl class=\"kpi\">");
    gm_sink_printf(
        f, "<div><dt>Districts</dt><dd data-key=\"districts\" data-value=\"%zu\">%zu</dd></div>",
        r->t->k, r->t->k);
    if (r->partisan) {
        gm_sink_puts(f, "<div><dt>");
        esc(f, r->u->party[0]);
        gm_sink_printf(
            f, " vote share</dt><dd data-key=\"vote_share\" data-value=\"%.17g\">%s</dd></div>",
            r->ps.vote_share, gmi_pct(r->ps.vote_share, 1, b1, sizeof b1));
        for (size_t q = 0; q < 2; q++) {
            double s = q == 0 ? r->ps.seats_a : r->ps.seats_b;
            gm_sink_puts(f, "<div><dt>");
            esc(f, r->u->party[q]);
            gm_sink_printf(f, " seats</dt><dd data-key=\"seats\" data-party=\"");
            esc(f, r->u->party[q]);
            gm_sink_printf(f, "\" data-value=\"%.17g\">%s</dd></div>", s,
                           gmi_num(s, 0, b1, sizeof b1));
        }
        gmi_verdict ev = gmi_metric_verdict(r, e, "efficiency_gap");
        const char *fav = gmi_verdict_text(&ev, hl, sizeof hl);
        if (gmi_at_large(r)) {
            gm_sink_puts(f, "<div><dt>Efficiency gap</dt><dd data-key=\"efficiency_gap\">\u2013"
                            " <span class=\"fav\">one district</span>");
        } else {
            gm_sink_printf(
                f,
                "<div><dt>Efficiency gap</dt><dd data-key=\"efficiency_gap\" data-value=\"%.17g\">%s",
                r->ps.efficiency_gap, gmi_pct(r->ps.efficiency_gap, 1, b1, sizeof b1));
        }
        if (fav) {
            gm_sink_puts(f, " <span class=\"fav\">");
            esc(f, fav);
            gm_sink_puts(f, "</span>");
        }
        gm_sink_puts(f, "</dd></div>");
    }
    if (r->have_pop)
        gm_sink_printf(
            f,
            "<div><dt>Population range</dt><dd data-key=\"population_range\" data-value=\"%.17g\">%s"
            " <span class=\"fav\">%s people</span></dd></div>",
            r->pd.range, gmi_pct(r->pd.range, 2, b2, sizeof b2),
            gmi_int(r->pd.max_dev - r->pd.min_dev, b1, sizeof b1));
    gm_sink_puts(f, "</dl>\n");

    gm_sink_puts(f, "<div class=\"figs\"><figure><h3>Map</h3>\n");
    if (r->have_map) {
        gmi_chart_map(f, r);
        if (r->partisan) gmi_chart_map_legend(f, r);
        if (r->map.inset) {
            gm_sink_puts(
                f,
                "<h3>Inset: the most crowded area, enlarged</h3>\n<p class=\"note\">The square on the map above, "
                "where districts are too small to label at the state's scale.</p>\n");
            gmi_chart_map_inset(f, r);
        }
    } else {
        gm_sink_puts(f, "<p class=\"note\">No map: ");
        pub(f, o, r->geo_note);
        gm_sink_puts(f, ".</p>\n");
    }
    gm_sink_puts(f, "</figure>\n");
    if (r->partisan) {
        gm_sink_puts(
            f,
            "<figure><h3>District vote shares, sorted</h3>\n<p class=\"note\">Each bar is a district. A party that is "
            "packed wins a few districts by huge margins (tall bars at one end); a party that is cracked "
            "loses many districts narrowly (a run of bars just short of 50%).</p>\n");
        gmi_chart_shares(f, r);
        gm_sink_puts(
            f,
            "<h3>Seats and votes</h3>\n<p class=\"note\">The solid curve shows the share of seats ");
        esc(f, r->u->party[0]);
        gm_sink_puts(
            f,
            " would win at each statewide vote share if every district swung by the same amount; the dashed "
            "curve is the same for the other party, mirrored. The filled dot is this plan's result, the hollow "
            "dot its mirror (the other party's result). A plan that treats both parties alike has the two "
            "curves on top of each other.</p>\n");
        gmi_chart_seats_votes(f, r);
        gm_sink_puts(f, "</figure>\n");
    }
    gm_sink_puts(f, "</div></article>\n");
}

static void metrics_table(gm_sink *f, gmi_rplan *r, size_t n, const gmi_ensemble *e)
{
    gmi_metric_info M[GM_PLAN_METRICS_MAX];
    size_t nm = gmi_metric_list(M, GM_PLAN_METRICS_MAX);
    char b1[64];
    gm_sink_puts(
        f,
        "<h2>Metrics</h2>\n<p class=\"note\">Signed metrics are reported so that a positive value favours ");
    esc(f, r[0].u->party[1]);
    gm_sink_puts(f, " and a negative value favours ");
    esc(f, r[0].u->party[0]);
    gm_sink_puts(
        f,
        "; each cell names the party favoured.</p>\n<div class=\"scroll\"><table class=\"metrics\"><thead><tr><th>Metric</th>");
    for (size_t i = 0; i < n; i++) {
        gm_sink_puts(f, "<th class=\"n\">");
        esc(f, r[i].name);
        gm_sink_puts(f, "</th>");
    }
    gm_sink_puts(f, "<th>What it measures</th><th>Usual values</th></tr></thead><tbody>\n");
    for (size_t m = 0; m < nm; m++) {
        gm_sink_printf(f, "<tr data-key=\"%s\"><th>%s</th>", M[m].key, M[m].name);
        for (size_t i = 0; i < n; i++) {
            double v = gmi_metric_value(&r[i], M[m].key);
            const char *txt = gmi_at_large(&r[i]) && M[m].signed_metric ? "\u2013"
                              : !isfinite(v)                           ? "not defined"
                              : M[m].percent
                                  ? gmi_pct(v, 1, b1, sizeof b1)
                                  : gmi_num(v, M[m].signed_metric ? 2 : 0, b1, sizeof b1);
            if (isfinite(v))
                gm_sink_printf(f, "<td class=\"n\" data-plan=\"%zu\" data-value=\"%.17g\">", i, v);
            else gm_sink_printf(f, "<td class=\"n\" data-plan=\"%zu\">", i);
            esc(f, txt);
            const char *why = isfinite(v) ? NULL : gmi_metric_why(&r[i], M[m].key);
            if (why) {
                gm_sink_puts(f, "<span class=\"fav\">");
                esc(f, why);
                gm_sink_puts(f, "</span>");
            }
            if (isfinite(v) && !strcmp(M[m].key, "lopsided_t")) {
                gm_sink_printf(f, "<span class=\"fav\">p = %s</span>",
                               gmi_num(r[i].ps.lopsided_p, 2, b1, sizeof b1));
            }
            gmi_verdict vd = gmi_metric_verdict(&r[i], i == 0 ? e : NULL, M[m].key);
            const char *fav = isfinite(v) ? gmi_verdict_text(&vd, b1, sizeof b1) : NULL;
            if (fav) {
                gm_sink_puts(f, "<span class=\"fav\">");
                esc(f, fav);
                gm_sink_puts(f, "</span>");
            }
            gm_sink_puts(f, "</td>");
        }
        gm_sink_puts(f, "<td>");
        esc(f, M[m].explain);
        gm_sink_puts(f, "</td><td>");
        esc(f, M[m].usual);
        gm_sink_puts(f, "</td></tr>\n");
    }
    gm_sink_puts(f, "</tbody></table></div>\n");
}

static void district_table(gm_sink *f, const gmi_rplan *r, size_t i)
{
    char b[64];
    size_t k = r->t->k;
    gm_sink_printf(
        f,
        "<div class=\"scroll\"><table class=\"districts\" data-plan=\"%zu\"><thead><tr><th>District</th>",
        i);
    if (r->have_pop)
        gm_sink_puts(
            f,
            "<th class=\"n\">Population</th><th class=\"n\">Deviation</th><th class=\"n\">Dev. %</th>");
    for (size_t q = 0; q < r->u->n_parties && q < 2; q++) {
        gm_sink_puts(f, "<th class=\"n\">");
        esc(f, r->u->party[q]);
        gm_sink_puts(f, " votes</th>");
    }
    if (r->partisan) {
        gm_sink_puts(f, "<th class=\"n\">");
        esc(f, r->u->party[0]);
        gm_sink_puts(f, " share</th><th>Winner</th>");
    }
    gm_sink_puts(f, "</tr></thead><tbody>\n");
    for (size_t d = 0; d < k; d++) {
        double dev = r->t->pop[d] - r->pd.ideal;
        gm_sink_puts(f, "<tr data-district=\"");
        esc(f, r->p->label[d]);
        gm_sink_puts(f, "\"><td>");
        esc(f, r->p->label[d]);
        gm_sink_puts(f, "</td>");
        if (r->have_pop) {
            double dp = r->pd.ideal > 0 ? dev / r->pd.ideal : NAN;
            td_num(f, "population", r->t->pop[d], gmi_int(r->t->pop[d], b, sizeof b));
            td_num(f, "deviation", dev, gmi_int(dev, b, sizeof b));
            td_num(f, "deviation_pct", dp, gmi_pct(dp, 2, b, sizeof b));
        }
        for (size_t q = 0; q < r->u->n_parties && q < 2; q++) {
            double v = r->t->votes[q * k + d];
            td_num(f, q == 0 ? "votes_a" : "votes_b", v, gmi_int(v, b, sizeof b));
        }
        if (r->partisan) {
            td_num(f, "share", r->share[d], gmi_pct(r->share[d], 1, b, sizeof b));
            gm_sink_puts(f, "<td data-col=\"winner\">");
            esc(f, gmi_winner_name(r, d, "\u2013"));
            if (r->uncontested[d])
                gm_sink_puts(f, r->imputed && r->imputed[d] ? " (uncontested; imputed)"
                                                            : " (uncontested)");
            gm_sink_puts(f, "</td>");
        }
        gm_sink_puts(f, "</tr>\n");
    }
    gm_sink_puts(f, "</tbody></table></div>\n");
    char b1[64], b2[64], b3[64], cs[1024];
    gmi_contiguity_sentence(r, cs, sizeof cs);
    if (cs[0]) {
        gm_sink_printf(f, "<p class=\"note\" data-key=\"noncontiguous_districts\" data-value=\"%lld\">",
                       r->contig ? (long long)r->contig->n_noncontiguous : -1LL);
        esc(f, cs);
        gm_sink_puts(f, "</p>\n");
    }
    if (!r->have_pop) return;
    gm_sink_printf(f, "<p class=\"note\">Total population %s; ideal district %s. Largest district ",
                   gmi_int(r->pd.total, b1, sizeof b1), gmi_num_sep(r->pd.ideal, 1, b2, sizeof b2));
    esc(f, r->p->label[r->pd.max_district]);
    gm_sink_puts(f, ", smallest ");
    esc(f, r->p->label[r->pd.min_district]);
    gm_sink_printf(f, "; the difference between them is %s of the ideal (%s people; overall range)",
                   gmi_pct(r->pd.range, 2, b3, sizeof b3),
                   gmi_int(r->pd.max_dev - r->pd.min_dev, b1, sizeof b1));
    gm_sink_printf(f, ", and no district is more than %s (%s people) from it.</p>\n",
                   gmi_pct(r->pd.max_abs_pct, 2, b1, sizeof b1),
                   gmi_int(fmax(fabs(r->pd.max_dev), fabs(r->pd.min_dev)), b2, sizeof b2));
}

/* Compactness columns shown, in order. */
static const struct {
    gm_compact_metric m;
    const char *head;
} ccols[] = {{GM_CM_POLSBY_POPPER, "Polsby\u2013Popper"},
             {GM_CM_REOCK, "Reock"},
             {GM_CM_CONVEX_HULL, "Convex hull"},
             {GM_CM_POPULATION_POLYGON, "Population polygon"}};

static void compact_table(gm_sink *f, const gmi_rplan *r, size_t i)
{
    const gm_compact *c = r->cp;
    char b[64];
    gm_sink_printf(
        f,
        "<div class=\"scroll\"><table class=\"compact\" data-plan=\"%zu\"><thead><tr><th>District</th>"
        "<th class=\"n\">Area, km\u00b2</th><th class=\"n\">Perimeter, km</th>",
        i);
    for (size_t j = 0; j < sizeof ccols / sizeof ccols[0]; j++)
        gm_sink_printf(f, "<th class=\"n\">%s</th>", ccols[j].head);
    gm_sink_puts(f, "</tr></thead><tbody>\n");
    for (size_t d = 0; d < c->k; d++) {
        gm_sink_puts(f, "<tr data-district=\"");
        esc(f, c->district[d]);
        gm_sink_puts(f, "\"><td>");
        esc(f, c->district[d]);
        gm_sink_puts(f, "</td>");
        td_num(f, "area_m2", c->m[GM_CM_AREA_M2][d],
               gmi_int(c->m[GM_CM_AREA_M2][d] / 1e6, b, sizeof b));
        td_num(f, "perimeter_m", c->m[GM_CM_PERIMETER_M][d],
               gmi_int(c->m[GM_CM_PERIMETER_M][d] / 1e3, b, sizeof b));
        for (size_t j = 0; j < sizeof ccols / sizeof ccols[0]; j++) {
            double v = c->m[ccols[j].m][d];
            td_num(f, gm_compact_metric_name(ccols[j].m), v,
                   isfinite(v) ? gmi_num(v, 3, b, sizeof b) : "\u2013");
        }
        gm_sink_puts(f, "</tr>\n");
    }
    gm_sink_puts(f, "</tbody><tfoot><tr><th>Mean</th><td></td><td></td>");
    for (size_t j = 0; j < sizeof ccols / sizeof ccols[0]; j++) {
        gm_compact_stat st = gm_compact_summarize(c, ccols[j].m);
        td_num(f, gm_compact_metric_name(ccols[j].m), st.mean,
               st.n ? gmi_num(st.mean, 3, b, sizeof b) : "\u2013");
    }
    gm_sink_puts(f, "</tr></tfoot></table></div>\n");
    if (c->cut_edges_total >= 0) {
        char b2[64];
        gm_sink_printf(
            f,
            "<p class=\"note\">Cut edges: %s of %s pairs of neighbouring units lie in different districts "
            "(fewer means simpler boundaries).</p>\n",
            gmi_int((double)c->cut_edges_total, b, sizeof b),
            gmi_int((double)c->adjacent_pairs, b2, sizeof b2));
    }
}

static void ensemble_section(gm_sink *f, const gmi_ensemble *e, const gmi_rplan *r,
                             const gm_report_opts *o)
{
    char t[256];
    gm_sink_puts(f, "<h2>Compared with an ensemble</h2>\n<p class=\"note\">");
    gm_sink_printf(f, "%s alternative plans from <code>", gmi_int((double)e->n, t, sizeof t));
    pub(f, o, e->path);
    gm_sink_puts(
        f, "</code>. Each histogram shows how the ensemble's plans score; the orange line marks ");
    esc(f, r->name);
    gm_sink_puts(
        f,
        ". A plan far outside the ensemble's range is an outlier among plans drawn by the same rules.</p>\n<div class=\"hists\">");
    gmi_chart_ens_hists(f, e, r);
    gm_sink_puts(f, "</div>\n");
    if (e->k && r->partisan) {
        gm_sink_puts(
            f,
            "<h3>Sorted district shares</h3>\n<p class=\"note\">For each rank (the district with the lowest ");
        esc(f, r->u->party[0]);
        gm_sink_puts(f, " share first) the chart sums up the ensemble's plans (");
        esc(f, gmi_box_convention(t, sizeof t));
        gm_sink_puts(f, "); the dots are this plan's districts.</p>\n");
        gmi_chart_boxplot(f, e, r);
    }
}

static void method_notes(gm_sink *f, gmi_rplan *r, size_t n, const gmi_ensemble *e,
                         const gm_report_opts *o)
{
    char b1[64], b2[64], b3[64];
    const gmi_rplan *a = &r[0];
    gm_sink_puts(f, "<h2>Method notes</h2>\n<ul class=\"method\">\n");
    if (a->partisan) {
        gm_sink_puts(f, "<li>Vote shares are two-party shares: a district's share for ");
        esc(f, a->u->party[0]);
        gm_sink_puts(
            f,
            " is <code>a/(a+b)</code> with <code>a</code> its votes and <code>b</code> those of ");
        esc(f, a->u->party[1]);
        gm_sink_puts(
            f,
            "; other parties' votes are left out. The statewide share <code>V</code> is the sum of <code>a</code> over the sum of <code>a+b</code> (turnout-weighted).</li>\n"
            "<li>Efficiency gap <code>= (W<sub>a</sub> &minus; W<sub>b</sub>) / &Sigma;(a+b)</code>, where a district's loser wastes all its votes, "
            "its winner those beyond half the district's two-party total, and an exact tie wastes half of each side.</li>\n"
            "<li>Mean&ndash;median <code>= mean(v) &minus; median(v)</code> over the districts' shares <code>v</code>. "
            "Partisan bias: seats won above half at a 50% statewide share under uniform swing. "
            "Declination: Warrington (2018), <code>2(&gamma;&minus;&theta;)/&pi;</code> from the mean shares of the districts each party wins. "
            "Lopsided outcomes: Wang (2016), Student's t (pooled variance) of the first party's share in its wins against the second party's share in its wins.</li>\n");
        /* the curve as the chart draws it: the text comes from the options it uses */
        gm_partisan_opts po;
        gm_partisan_opts_init(&po);
        char sv[1024];
        gmi_sv_method(&po, sv, sizeof sv);
        gm_sink_puts(f, "<li>Seats&ndash;votes curve: ");
        esc(f, sv);
        gm_sink_puts(f, ".</li>\n");
        for (size_t i = 0; i < n; i++) {
            size_t k = r[i].t->k, nu = 0;
            for (size_t d = 0; d < k; d++) nu += r[i].uncontested[d];
            gm_sink_puts(f, "<li>Uncontested races (");
            esc(f, r[i].name);
            gm_sink_printf(f, "): %zu", nu);
            if (nu) {
                gm_sink_puts(f, " (");
                size_t shown = 0;
                for (size_t d = 0; d < k && shown < 20; d++)
                    if (r[i].uncontested[d]) {
                        if (shown++) gm_sink_puts(f, ", ");
                        esc(f, r[i].p->label[d]);
                    }
                if (nu > shown) gm_sink_puts(f, ", &hellip;");
                if (r[i].impute > 0) {
                    char bi[32];
                    gm_sink_printf(
                        f,
                        "). They were imputed (%zu changed): the winner was given %s of the mean "
                        "two-party total of the contested districts, the loser the rest. Shares, "
                        "seats, charts and every metric use the imputed votes; the district table "
                        "shows the votes as reported.",
                        r[i].n_imputed, gmi_pct(r[i].impute, 1, bi, sizeof bi));
                } else {
                    gm_sink_puts(
                        f,
                        "). Their votes are used as reported, with 0 for the absent party; no votes "
                        "were imputed, so the winner's share there, and the wasted votes, are "
                        "overstated. Treat metrics of plans with many uncontested races with care "
                        "(or impute them");
                    if (o->hint_impute) {
                        gm_sink_puts(f, ": ");
                        esc(f, o->hint_impute);
                    }
                    gm_sink_puts(f, ").");
                }
            } else {
                gm_sink_puts(f, ": every district had votes for both parties.");
            }
            if (r[i].ps.k_zero) {
                gm_sink_printf(f,
                               " %zu district%s had no votes for either party and %s left out of "
                               "the shares and seats: ",
                               r[i].ps.k_zero, r[i].ps.k_zero == 1 ? "" : "s",
                               r[i].ps.k_zero == 1 ? "is" : "are");
                gmi_no_vote_districts(f, &r[i], esc);
                gm_sink_puts(f, ".");
            }
            gm_sink_puts(f, "</li>\n");
        }
    } else {
        gm_sink_puts(f, "<li>No votes were given");
        if (o->hint_votes) {
            gm_sink_puts(f, " (<code>");
            esc(f, o->hint_votes);
            gm_sink_puts(f, "</code>)");
        }
        gm_sink_puts(f, ", so the partisan sections are omitted.</li>\n");
    }
    if (a->have_pop)
        gm_sink_puts(
            f,
            "<li>Population: a district's deviation is its population minus the ideal (total &divide; districts); "
            "the overall range is (largest &minus; smallest) &divide; ideal.</li>\n");
    if (a->have_map && a->u->geom) {
        gm_sink_printf(
            f,
            "<li>Map: units merged into districts and drawn in a Lambert azimuthal equal-area projection centred at %s&deg;, %s&deg; "
            "(longitude, latitude); borders simplified with GEOS TopologyPreserveSimplify to %s m, %s.</li>\n",
            gmi_num(a->u->geom->lon0, 3, b1, sizeof b1),
            gmi_num(a->u->geom->lat0, 3, b2, sizeof b2), gmi_num(a->map.tol_m, 0, b3, sizeof b3),
            a->map.coverage
                ? "each border once for both neighbours, so districts still meet exactly"
                : "district by district");
    }
    if (a->cp) {
        gm_sink_puts(f, "<li>Compactness: ");
        esc(f, a->cp->method);
        gm_sink_puts(f, ". Formulas in the gerrymeter documentation (docs/metrics.md).</li>\n");
    }
    if (e)
        gm_sink_puts(
            f,
            "<li>Ensemble values are read as given; the plan's marks use gerrymeter's definitions, so an ensemble scored "
            "under another convention (for example a different partisan-bias definition) is not directly comparable.</li>\n");
    gm_sink_puts(f, "</ul>\n<h3>Data sources</h3>\n<ul class=\"method\">\n");
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && r[i].u == r[0].u) continue;
        const gm_units *u = r[i].u;
        if (u->layer && !strcmp(u->layer, GMI_RESULTS_LAYER)) {
            gm_sink_printf(f, "<li>District-level results: %s rows of <code>",
                           gmi_int((double)u->n, b1, sizeof b1));
            pub(f, o, u->source);
            gm_sink_puts(f, "</code>");
        } else {
            gm_sink_printf(f, "<li>Units: %s features from <code>", gmi_int((double)u->n, b1, sizeof b1));
            pub(f, o, u->source);
            gm_sink_puts(f, "</code> (layer <code>");
            esc(f, u->layer);
            gm_sink_puts(f, "</code>)");
        }
        if (u->pop_field) {
            gm_sink_puts(f, "; population field <code>");
            esc(f, u->pop_field);
            gm_sink_puts(f, "</code>");
        }
        for (size_t q = 0; q < u->n_parties; q++) {
            gm_sink_puts(f, q ? ", " : "; votes ");
            esc(f, u->party[q]);
            gm_sink_puts(f, " = <code>");
            esc(f, u->vote_field[q]);
            gm_sink_puts(f, "</code>");
        }
        gm_sink_puts(f, ".</li>\n");
    }
    for (size_t i = 0; i < n; i++) {
        gm_sink_puts(f, "<li>");
        pub(f, o, r[i].name);
        gm_sink_puts(f, ": plan from ");
        pub(f, o, r[i].p->source);
        gm_sink_printf(f, ", %zu districts.</li>\n", r[i].t->k);
    }
    if (o->source_note) {
        gm_sink_puts(f, "<li>");
        esc(f, o->source_note);
        gm_sink_puts(f, "</li>\n");
    }
    gm_sink_puts(f, "</ul>\n");
}

gm_status gmi_page_html(gm_sink *f, gmi_rplan *r, size_t n, const gmi_ensemble *e,
                        const gm_report_opts *o, gm_error *err)
{
    const char *title = o->title ? o->title : "Redistricting plan report";
    gm_sink_puts(
        f,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(f, title);
    gm_sink_printf(
        f,
        "</title>\n<meta name=\"generator\" content=\"gerrymeter %s\">\n<style>%s",
        gm_version(), css);
    /* Margin colours by party name (colours.c), per plan: plans may name other parties. */
    for (size_t i = 0; i < n; i++) {
        char scope[48];
        snprintf(scope, sizeof scope, "article[data-plan=\"%zu\"]", i);
        if (r[i].partisan) gmi_margin_css(f, scope, r[i].u->party[0], r[i].u->party[1]);
    }
    gm_sink_puts(f, "</style></head>\n<body>\n<header><h1>");
    esc(f, title);
    gm_sink_puts(f, "</h1><p class=\"sub\">");
    for (size_t i = 0; i < n; i++) {
        if (i) gm_sink_puts(f, " compared with ");
        esc(f, r[i].name);
    }
    gm_sink_puts(f, "</p></header>\n");
    gm_warnings w = {0};
    if (gmi_report_warnings(r, n, o, &w) != GM_OK) {
        gm_warnings_free(&w);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    if (w.n) {
        gm_sink_puts(f, "<aside class=\"warnings\" role=\"note\"><h2>Read with care</h2><ul>\n");
        for (size_t i = 0; i < w.n; i++) {
            gm_sink_printf(f, "<li data-code=\"%s\">", w.code[i]);
            pub(f, o, w.msg[i]);
            gm_sink_puts(f, "</li>\n");
        }
        gm_sink_puts(f, "</ul></aside>\n");
    }
    gm_warnings_free(&w);
    gm_sink_printf(f, "<section class=\"plans\" style=\"--n:%zu\">\n", n);
    for (size_t i = 0; i < n; i++) plan_block(f, &r[i], i, i == 0 ? e : NULL, o);
    gm_sink_puts(f, "</section>\n");
    if (r[0].partisan) metrics_table(f, r, n, e);
    if (n == 2) gmi_compare_section(f, r, true);
    gm_sink_puts(f, "<h2>Districts</h2>\n");
    gm_sink_printf(f, "<section class=\"plans\" style=\"--n:%zu\">\n", n);
    for (size_t i = 0; i < n; i++) {
        gm_sink_puts(f, "<div>");
        if (n > 1) {
            gm_sink_puts(f, "<h3>");
            esc(f, r[i].name);
            gm_sink_puts(f, "</h3>");
        }
        district_table(f, &r[i], i);
        gm_sink_puts(f, "</div>\n");
    }
    gm_sink_puts(f, "</section>\n");
    bool any_cp = false;
    for (size_t i = 0; i < n; i++) any_cp |= r[i].cp != NULL;
    if (any_cp) {
        gm_sink_puts(
            f,
            "<h2>Compactness</h2>\n<p class=\"note\">Shape measures of each district, from 0 (stretched or "
            "contorted) to 1 (a disc, for Polsby\u2013Popper and Reock). Polsby\u2013Popper compares the area with "
            "that of a circle of the same perimeter and punishes wiggly borders; Reock compares it with the "
            "smallest circle around the district and punishes elongation; the convex hull ratio punishes "
            "indentations; the population polygon is the share of the people inside the district's convex hull "
            "who live in the district. Coastlines and state borders lower every score, so compare plans of the "
            "same state.</p>\n");
        gm_sink_printf(f, "<section class=\"plans\" style=\"--n:%zu\">\n", n);
        for (size_t i = 0; i < n; i++) {
            gm_sink_puts(f, "<div>");
            if (n > 1) {
                gm_sink_puts(f, "<h3>");
                esc(f, r[i].name);
                gm_sink_puts(f, "</h3>");
            }
            if (r[i].cp)
                compact_table(f, &r[i], i);
            else gm_sink_puts(f, "<p class=\"note\">Not measured.</p>");
            gm_sink_puts(f, "</div>\n");
        }
        gm_sink_puts(f, "</section>\n");
    }
    gmi_splits_section(f, r, n, false);
    if (e) ensemble_section(f, e, &r[0], o);
    method_notes(f, r, n, e, o);
    gm_sink_printf(
        f,
        "<footer>Made with gerrymeter %s. This page contains no script and loads nothing from the network.</footer>\n"
        "</body></html>\n",
        gm_version());
    return gm_sink_status(f) != GM_OK ? gm_fail(err, gm_sink_status(f), "cannot write the report")
                                      : GM_OK;
}
