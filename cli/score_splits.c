/* score_splits.c: score's outputs of administrative splits and demographics
 * (splits_opts.h): the plan's values (rows of the registry), the administrative units
 * it splits with the districts and population of each piece, the administrative units
 * each district touches, and each district's VAP and group shares. */
#include "splits_opts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The cells of layer a of plan p (NULL when out of memory: message printed). */
static gm_admin_cell *cells_of(const gm_admin *a, const gm_units *u, const gm_plan *p, size_t *n)
{
    gm_admin_cell *c = NULL;
    gm_error err;
    if (gm_admin_cells(a, p->district, p->k, u->pop_field ? u->pop : NULL, &c, n, &err) != GM_OK) {
        gmc_fail(&err);
        return NULL;
    }
    return c;
}

/* District shares of plan p: vap[k], grp[G*k], coal[k] in one allocation (free vap). */
static double *demo_of(const gm_demo *d, const gm_plan *p, double **grp, double **coal)
{
    size_t k = p->k, G = d->n_groups;
    double *v = malloc((k * (G + 2) + 1) * sizeof *v);
    if (!v) return NULL;
    *grp = v + k;
    *coal = v + k + G * k;
    gm_demo_tally(d, p->district, k, v, *grp);
    for (size_t i = 0; i < k; i++) {
        double g[GM_GROUP_MAX];
        for (size_t q = 0; q < G; q++) g[q] = (*grp)[q * k + i];
        (*coal)[i] = gm_demo_coalition(d, v[i], g);
    }
    return v;
}

static double share(double x, double vap) { return vap > 0 ? x / vap : NAN; }

static void json_values(gmc_json *j, const gmc_splits *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const gm_metric_def *m = gm_plan_extras_row(s->x, i);
        if (m) gmc_json_num(j, m->key, s->aux[i]);
    }
}

void gmc_splits_json(gmc_json *j, const gmc_splits *s, const gm_units *u, const gm_plan *p)
{
    if (!s->x) return;
    gmc_json_arr(j, "splits");
    for (size_t a = 0; a < s->n_admin; a++) {
        const gm_admin *ad = s->admin[a];
        gmc_json_obj(j, NULL);
        gmc_json_str(j, "layer", ad->name);
        gmc_json_str(j, "field", ad->field);
        gmc_json_int(j, "units", (long long)ad->n);
        json_values(j, s, a * GM_SPLIT_N, (a + 1) * GM_SPLIT_N);
        size_t n = 0;
        gm_admin_cell *c = cells_of(ad, u, p, &n);
        /* the administrative units split: their districts with the units and population
         * of each piece */
        gmc_json_arr(j, "split");
        for (size_t i = 0, e = 0; c && i < n; i = e) {
            double pop = 0;
            for (e = i; e < n && c[e].admin == c[i].admin; e++) pop += c[e].pop;
            if (e - i < 2) continue;
            gmc_json_obj(j, NULL);
            gmc_json_str(j, ad->name, ad->label[c[i].admin]);
            gmc_json_num(j, "population", pop);
            gmc_json_arr(j, "districts");
            for (size_t q = i; q < e; q++) {
                gmc_json_obj(j, NULL);
                gmc_json_str(j, "district", p->label[c[q].district]);
                gmc_json_int(j, "units", (long long)c[q].units);
                gmc_json_num(j, "population", c[q].pop);
                gmc_json_end_obj(j);
            }
            gmc_json_end_arr(j);
            gmc_json_end_obj(j);
        }
        gmc_json_end_arr(j);
        /* each district's administrative units */
        gmc_json_arr(j, "districts");
        for (size_t d = 0; c && d < p->k; d++) {
            gmc_json_obj(j, NULL);
            gmc_json_str(j, "district", p->label[d]);
            gmc_json_arr(j, "touches");
            for (size_t i = 0; i < n; i++)
                if (c[i].district == d) gmc_json_str(j, NULL, ad->label[c[i].admin]);
            gmc_json_end_arr(j);
            gmc_json_end_obj(j);
        }
        gmc_json_end_arr(j);
        free(c);
        gmc_json_end_obj(j);
    }
    gmc_json_end_arr(j);
    const gm_demo *d = s->demo;
    if (!d) return;
    gmc_json_obj(j, "demographics");
    gmc_json_str(j, "vap_field", d->vap_field);
    gmc_json_arr(j, "groups");
    for (size_t g = 0; g < d->n_groups; g++) {
        gmc_json_obj(j, NULL);
        gmc_json_str(j, "name", d->name[g]);
        gmc_json_str(j, "field", d->field[g]);
        gmc_json_end_obj(j);
    }
    gmc_json_end_arr(j);
    gmc_json_str(j, "coalition", d->white >= 0 ? "VAP minus white" : "sum of the groups");
    json_values(j, s, s->n_admin * GM_SPLIT_N, gm_plan_extras_n(s->x));
    double *grp, *coal, *vap = demo_of(d, p, &grp, &coal);
    if (vap) {
        double sv = 0, sg[GM_GROUP_MAX] = {0}, sc = 0;
        for (size_t i = 0; i < p->k; i++) {
            sv += vap[i];
            sc += coal[i];
            for (size_t g = 0; g < d->n_groups; g++) sg[g] += grp[g * p->k + i];
        }
        gmc_json_obj(j, "statewide");
        gmc_json_num(j, "vap", sv);
        gmc_json_obj(j, "shares");
        for (size_t g = 0; g < d->n_groups; g++) gmc_json_num(j, d->name[g], share(sg[g], sv));
        gmc_json_num(j, "coalition", share(sc, sv));
        gmc_json_end_obj(j);
        gmc_json_end_obj(j);
        gmc_json_arr(j, "districts");
        for (size_t i = 0; i < p->k; i++) {
            gmc_json_obj(j, NULL);
            gmc_json_str(j, "district", p->label[i]);
            gmc_json_num(j, "vap", vap[i]);
            gmc_json_obj(j, "shares");
            for (size_t g = 0; g < d->n_groups; g++)
                gmc_json_num(j, d->name[g], share(grp[g * p->k + i], vap[i]));
            gmc_json_num(j, "coalition", share(coal[i], vap[i]));
            gmc_json_end_obj(j);
            /* DRA's probability that the district is an opportunity district, per group */
            gmc_json_obj(j, "opportunity");
            for (size_t g = 0; g < d->n_groups; g++)
                if ((int)g != d->white)
                    gmc_json_num(j, d->name[g], gm_dra_opportunity(share(grp[g * p->k + i], vap[i]),
                                                                   gm_dra_shift(d->name[g])));
            gmc_json_num(j, "coalition", gm_dra_opportunity(share(coal[i], vap[i]), gm_dra_shift(NULL)));
            gmc_json_end_obj(j);
            gmc_json_end_obj(j);
        }
        gmc_json_end_arr(j);
        free(vap);
    }
    gmc_json_end_obj(j);
}

void gmc_splits_csv(FILE *f, const gmc_splits *s, const gm_plan *p, size_t d, bool excel_safe)
{
    if (!s->x) return;
    char col[96];
    for (size_t a = 0; a < s->n_admin; a++) {
        const gm_admin *ad = s->admin[a];
        fputc(',', f);
        if (d == SIZE_MAX) {
            snprintf(col, sizeof col, "%s_touched", ad->name);
            gmc_csv_field(f, col, excel_safe);
            continue;
        }
        /* administrative units the district touches */
        unsigned char *seen = calloc(ad->n ? ad->n : 1, 1);
        size_t n = 0;
        for (size_t i = 0; seen && i < ad->n_units; i++)
            if ((size_t)p->district[i] == d && !seen[ad->of[i]]) {
                seen[ad->of[i]] = 1;
                n++;
            }
        free(seen);
        fprintf(f, "%zu", n);
    }
    const gm_demo *dm = s->demo;
    if (!dm) return;
    if (d == SIZE_MAX) {
        fputs(",vap", f);
        for (size_t g = 0; g < dm->n_groups; g++) {
            fputc(',', f);
            snprintf(col, sizeof col, "share_%s", dm->name[g]);
            gmc_csv_field(f, col, excel_safe);
        }
        fputs(",share_coalition", f);
        return;
    }
    double *grp, *coal, *vap = demo_of(dm, p, &grp, &coal);
    if (!vap) return;
    fputc(',', f);
    gmc_csv_num(f, vap[d]);
    for (size_t g = 0; g < dm->n_groups; g++) {
        fputc(',', f);
        gmc_csv_num(f, share(grp[g * p->k + d], vap[d]));
    }
    fputc(',', f);
    gmc_csv_num(f, share(coal[d], vap[d]));
    free(vap);
}

void gmc_splits_text(FILE *f, const gmc_splits *s, const gm_units *u, const gm_plan *p)
{
    if (!s->x) return;
    char b1[64], b2[64];
    for (size_t a = 0; a < s->n_admin; a++) {
        const gm_admin *ad = s->admin[a];
        const double *v = s->aux + a * GM_SPLIT_N;
        fprintf(f, "\nSplits by %s (%s, %zu): %.0f split, %.0f into three or more districts, %.0f "
                   "extra pieces; DRA %s splitting %s, district splitting %s (1 = none split)\n",
                ad->name, ad->field, ad->n, v[GM_SPLIT_UNITS], v[GM_SPLIT_MULTI], v[GM_SPLIT_PIECES],
                ad->name, gmc_fmt_fix(v[GM_SPLIT_DRA_COUNTY], 4, b1, sizeof b1),
                gmc_fmt_fix(v[GM_SPLIT_DRA_DISTRICT], 4, b2, sizeof b2));
        size_t n = 0, shown = 0;
        gm_admin_cell *c = cells_of(ad, u, p, &n);
        for (size_t i = 0, e = 0; c && i < n; i = e) {
            for (e = i; e < n && c[e].admin == c[i].admin; e++) {}
            if (e - i < 2) continue;
            if (shown++ == 20) {
                fputs("  ... (JSON lists every one)\n", f);
                break;
            }
            fprintf(f, "  %s: %zu districts (", ad->label[c[i].admin], e - i);
            for (size_t q = i; q < e; q++)
                fprintf(f, "%s%s %s", q > i ? "; " : "", p->label[c[q].district],
                        gmc_fmt_int(c[q].pop, b1, sizeof b1));
            fputs(")\n", f);
        }
        free(c);
    }
    const gm_demo *d = s->demo;
    if (!d) return;
    double *grp, *coal, *vap = demo_of(d, p, &grp, &coal);
    if (!vap) return;
    fprintf(f, "\nDemographics (shares of %s; coalition: %s):\n", d->vap_field,
            d->white >= 0 ? "VAP minus white" : "the groups together");
    size_t nc = 3 + d->n_groups;
    gmc_table t;
    gmc_table_init(&t, nc);
    const char *hdr[3 + GM_GROUP_MAX];
    hdr[0] = "District";
    hdr[1] = "VAP";
    for (size_t g = 0; g < d->n_groups; g++) hdr[2 + g] = d->name[g];
    hdr[2 + d->n_groups] = "coalition";
    gmc_table_add(&t, hdr);
    for (size_t i = 0; i < p->k; i++) {
        char cell[3 + GM_GROUP_MAX][64];
        const char *row[3 + GM_GROUP_MAX];
        snprintf(cell[0], 64, "%s", p->label[i]);
        row[0] = cell[0];
        row[1] = gmc_fmt_int(vap[i], cell[1], 64);
        for (size_t g = 0; g < d->n_groups; g++)
            row[2 + g] = gmc_fmt_pct(share(grp[g * p->k + i], vap[i]), 1, cell[2 + g], 64);
        row[2 + d->n_groups] = gmc_fmt_pct(share(coal[i], vap[i]), 1, cell[2 + d->n_groups], 64);
        gmc_table_add(&t, row);
    }
    gmc_table_print(&t, f, "  ");
    gmc_table_free(&t);
    free(vap);
    size_t m = s->n_admin * GM_SPLIT_N;
    fputs("Majority-minority districts:", f);
    for (size_t g = 0, q = 0; g < d->n_groups; g++)
        if ((int)g != d->white) fprintf(f, " %s %.0f,", d->name[g], s->aux[m + q++]);
    size_t b = m + d->n_groups - (d->white >= 0 ? 1 : 0);
    fprintf(f, " coalition %.0f\n", s->aux[b + GM_MIN_COALITION_MM]);
    fprintf(f, "DRA: %.2f opportunity districts (proportional %.0f), %.2f coalition districts "
               "(proportional %.0f)\n",
            s->aux[b + GM_MIN_OPPORTUNITY], s->aux[b + GM_MIN_PROP_OPPORTUNITY],
            s->aux[b + GM_MIN_COALITION], s->aux[b + GM_MIN_PROP_COALITION]);
}
