/* page_splits.c: the report's section on administrative splits and demographics
 * (gm_splits.h): per plan, each layer's counts and DRA scores with the administrative
 * units split (their districts and population), and a table of each district's VAP,
 * group shares and DRA opportunity probability, with the plan's majority-minority and
 * opportunity counts. The values are gm_plan_extras_plan's: those of `score`. HTML, or
 * Markdown. */
#include "report/report.h"
#include "report/svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_splits.h"

/* Text for people: escaped for the page's format. */
static void txt(gm_sink *f, bool md, const char *s)
{
    if (md) gmi_md_text(f, s);
    else gmi_xml_text(f, s);
}

static double share(double x, double vap) { return vap > 0 ? x / vap : NAN; }

static void layer_block(gm_sink *f, const gmi_rplan *r, const gm_admin *a, const double *v, bool md)
{
    char b1[64], b2[64], b3[64];
    const gm_plan *p = r->p;
    if (!md) gm_sink_puts(f, "<p>");
    gm_sink_puts(f, md ? "**" : "<strong>");
    txt(f, md, a->name);
    gm_sink_puts(f, md ? "** (" : "</strong> (");
    txt(f, md, a->field);
    gm_sink_printf(f, ", %zu): %s split, %s into three or more districts, %s extra pieces; "
                      "DRA splitting %s, district splitting %s (1 = nothing split).",
                   a->n, gmi_int(v[GM_SPLIT_UNITS], b1, sizeof b1), gmi_int(v[GM_SPLIT_MULTI], b2, sizeof b2),
                   gmi_int(v[GM_SPLIT_PIECES], b3, sizeof b3),
                   gmi_num(v[GM_SPLIT_DRA_COUNTY], 4, (char[64]){0}, 64),
                   gmi_num(v[GM_SPLIT_DRA_DISTRICT], 4, (char[64]){0}, 64));
    gm_sink_puts(f, md ? "\n\n" : "</p>\n");
    gm_admin_cell *c = NULL;
    size_t n = 0;
    gm_error err;
    if (v[GM_SPLIT_UNITS] == 0 ||
        gm_admin_cells(a, p->district, p->k, r->have_pop ? r->u->pop : NULL, &c, &n, &err) != GM_OK)
        return;
    if (md) gm_sink_puts(f, "| Split | Districts (population) |\n|---|---|\n");
    else gm_sink_puts(f, "<div class=\"scroll\"><table class=\"splits\"><thead><tr><th>Split</th>"
                         "<th>Districts (population)</th></tr></thead><tbody>\n");
    for (size_t i = 0, e = 0; i < n; i = e) {
        for (e = i; e < n && c[e].admin == c[i].admin; e++) {}
        if (e - i < 2) continue;
        gm_sink_puts(f, md ? "| " : "<tr><td>");
        txt(f, md, a->label[c[i].admin]);
        gm_sink_puts(f, md ? " | " : "</td><td>");
        for (size_t q = i; q < e; q++) {
            if (q > i) gm_sink_puts(f, "; ");
            txt(f, md, p->label[c[q].district]);
            gm_sink_printf(f, " (%s)", gmi_int(c[q].pop, b1, sizeof b1));
        }
        gm_sink_puts(f, md ? " |\n" : "</td></tr>\n");
    }
    gm_sink_puts(f, md ? "\n" : "</tbody></table></div>\n");
    free(c);
}

/* Fill of a group share on the demographic map: six steps of one hue, from 0-10 % to
 * 50 % and more (a majority). */
static const char *const shade[6] = {"#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#756bb1", "#54278f"};

static int shade_step(double s)
{
    if (!(s >= 0)) return -1;
    int i = (int)(s * 10);
    return i > 5 ? 5 : i;
}

/* The districts' outlines (the margin map's) shaded by group g's share of the VAP. */
static void demo_map(gm_sink *f, const gmi_rplan *r, const gm_demo *d, size_t g, const double *vap,
                     const double *grp)
{
    const gmi_map *m = &r->map;
    size_t k = r->p->k;
    char b1[32], b2[32], tip[256], pc[32];
    snprintf(tip, sizeof tip, "Map of the districts shaded by the %s share of the voting-age population",
             d->name[g]);
    gm_sink_printf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %s %s\" width=\"%s\" "
                      "height=\"%s\" class=\"map demomap\" role=\"img\"><title>",
                   gmi_num(m->w, 1, b1, sizeof b1), gmi_num(m->h, 1, b2, sizeof b2), b1, b2);
    gmi_xml_text(f, tip);
    gm_sink_puts(f, "</title>\n<g class=\"districts\">\n");
    for (size_t i = 0; i < k; i++) {
        if (!m->d[i]) continue;
        double s = share(grp[g * k + i], vap[i]);
        int st = shade_step(s);
        gm_sink_puts(f, "<path data-district=\"");
        gmi_xml_text(f, r->p->label[i]);
        gm_sink_printf(f, "\" data-share=\"%.17g\" fill=\"%s\" stroke=\"#444\" stroke-width=\"0.5\" d=\"%s\"><title>",
                       s, st < 0 ? "#ffffff" : shade[st], m->d[i]);
        snprintf(tip, sizeof tip, "District %s: %s %s of the VAP", r->p->label[i], d->name[g],
                 gmi_pct(s, 1, pc, sizeof pc));
        gmi_xml_text(f, tip);
        gm_sink_puts(f, "</title></path>\n");
    }
    gm_sink_puts(f, "</g>\n");
    gmi_svg_end(f);
    gmi_svg_begin(f, 420, 44, "legend", "Colour scale of the demographic map");
    for (int i = 0; i < 6; i++) {
        gm_sink_printf(f, "<rect x=\"%d\" y=\"4\" width=\"60\" height=\"14\" fill=\"%s\" stroke=\"#444\" "
                          "stroke-width=\"0.5\"/>", 10 + 60 * i, shade[i]);
        if (i < 5) snprintf(tip, sizeof tip, "%d\u2013%d%%", 10 * i, 10 * i + 10);
        else snprintf(tip, sizeof tip, "%d%%+", 10 * i);
        gmi_svg_text(f, 40 + 60 * i, 32, "middle", "small", tip);
    }
    gmi_svg_end(f);
}

static void demo_block(gm_sink *f, const gmi_rplan *r, const gm_demo *d, const double *v, bool md)
{
    const gm_plan *p = r->p;
    size_t k = p->k, G = d->n_groups;
    double *vap = malloc((k * (G + 1) + 1) * sizeof *vap);
    if (!vap) return;
    double *grp = vap + k;
    gm_demo_tally(d, p->district, k, vap, grp);
    char b[64];
    if (md) {
        gm_sink_puts(f, "| District | VAP |");
        for (size_t g = 0; g < G; g++) {
            gm_sink_putc(f, ' ');
            txt(f, md, d->name[g]);
            gm_sink_puts(f, " |");
        }
        gm_sink_puts(f, " Coalition | DRA opportunity |\n|---|--:|");
        for (size_t g = 0; g < G; g++) gm_sink_puts(f, "--:|");
        gm_sink_puts(f, "--:|--:|\n");
    } else {
        gm_sink_puts(f, "<div class=\"scroll\"><table class=\"demographics\"><thead><tr><th>District</th>"
                        "<th class=\"n\">VAP</th>");
        for (size_t g = 0; g < G; g++) {
            gm_sink_puts(f, "<th class=\"n\">");
            txt(f, md, d->name[g]);
            gm_sink_puts(f, "</th>");
        }
        gm_sink_puts(f, "<th class=\"n\">Coalition</th><th class=\"n\">DRA opportunity</th></tr></thead><tbody>\n");
    }
    for (size_t i = 0; i < k; i++) {
        double g[GM_GROUP_MAX], opp = 0;
        for (size_t q = 0; q < G; q++) {
            g[q] = grp[q * k + i];
            if ((int)q != d->white) opp += gm_dra_opportunity(share(g[q], vap[i]), gm_dra_shift(d->name[q]));
        }
        const char *sep = md ? " | " : "</td><td class=\"n\">";
        gm_sink_puts(f, md ? "| " : "<tr><td>");
        txt(f, md, p->label[i]);
        gm_sink_printf(f, "%s%s", sep, gmi_int(vap[i], b, sizeof b));
        for (size_t q = 0; q < G; q++) gm_sink_printf(f, "%s%s", sep, gmi_pct(share(g[q], vap[i]), 1, b, sizeof b));
        gm_sink_printf(f, "%s%s", sep, gmi_pct(share(gm_demo_coalition(d, vap[i], g), vap[i]), 1, b, sizeof b));
        gm_sink_printf(f, "%s%s", sep, gmi_num(opp, 2, b, sizeof b));
        gm_sink_puts(f, md ? " |\n" : "</td></tr>\n");
    }
    gm_sink_puts(f, md ? "\n" : "</tbody></table></div>\n");
    /* the map, shaded by the first minority group named */
    for (size_t g = 0; !md && r->have_map && g < G; g++)
        if ((int)g != d->white) {
            demo_map(f, r, d, g, vap, grp);
            break;
        }
    free(vap);
    /* the plan's counts: majority-minority per group and for the coalition, DRA's */
    size_t m = 0;
    gm_sink_puts(f, md ? "" : "<p>");
    gm_sink_puts(f, "Majority-minority districts:");
    for (size_t q = 0; q < G; q++) {
        if ((int)q == d->white) continue;
        gm_sink_putc(f, ' ');
        txt(f, md, d->name[q]);
        gm_sink_printf(f, " %s,", gmi_int(v[m++], b, sizeof b));
    }
    gm_sink_printf(f, " coalition %s. ", gmi_int(v[m + GM_MIN_COALITION_MM], b, sizeof b));
    gm_sink_printf(f, "DRA's estimates: %s opportunity districts (proportional: %s) and ",
                   gmi_num(v[m + GM_MIN_OPPORTUNITY], 2, b, sizeof b),
                   gmi_int(v[m + GM_MIN_PROP_OPPORTUNITY], (char[64]){0}, 64));
    gm_sink_printf(f, "%s coalition districts (proportional: %s).",
                   gmi_num(v[m + GM_MIN_COALITION], 2, b, sizeof b),
                   gmi_int(v[m + GM_MIN_PROP_COALITION], (char[64]){0}, 64));
    gm_sink_puts(f, md ? "\n\n" : "</p>\n");
}

void gmi_splits_section(gm_sink *f, const gmi_rplan *r, size_t n, bool md)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) any |= r[i].extras != NULL;
    if (!any) return;
    gm_sink_puts(f, md ? "## Splits and demographics\n\n"
                       : "<h2>Splits and demographics</h2>\n<p class=\"note\">How the districts cut "
                         "administrative areas (counted over every unit, and Dave's Redistricting "
                         "App's population-weighted scores), and each district's voting-age "
                         "population by group with DRA's probability that it is an opportunity "
                         "district (summed over the groups).</p>\n");
    for (size_t i = 0; i < n; i++) {
        const gm_plan_extras *x = r[i].extras;
        if (!x) continue;
        if (n > 1) {
            gm_sink_puts(f, md ? "### " : "<h3>");
            txt(f, md, r[i].name);
            gm_sink_puts(f, md ? "\n\n" : "</h3>\n");
        }
        double *v = malloc((gm_plan_extras_n(x) + 1) * sizeof *v);
        gm_extras_work *w = NULL;
        gm_error err;
        if (!v || !r[i].t || gm_extras_work_create(x, r[i].p->k, &w, &err) != GM_OK) {
            free(v);
            continue;
        }
        gm_plan_extras_plan(x, w, r[i].p->district, r[i].t->pop, v);
        gm_extras_work_destroy(w);
        size_t na = gm_plan_extras_n_admin(x);
        for (size_t a = 0; a < na; a++) layer_block(f, &r[i], gm_plan_extras_admin(x, a), v + a * GM_SPLIT_N, md);
        if (gm_plan_extras_demo(x)) demo_block(f, &r[i], gm_plan_extras_demo(x), v + na * GM_SPLIT_N, md);
        free(v);
    }
}
