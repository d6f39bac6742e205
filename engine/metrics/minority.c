/* minority.c: demographics of plans: the VAP and group columns (gm_demo_open), their
 * district totals, majority-minority districts and Dave's Redistricting App's minority
 * opportunity estimates (lib/minority/minority.ts of @dra2020/dra-analytics 3.3.3;
 * ../shared/peers/dra/README.md), which tests/cli/dra_peer.sh checks side by side. */
#include "metrics/splits_int.h"
#include "units/units_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gm_demo_destroy(gm_demo *d)
{
    if (!d) return;
    free(d->vap_field);
    free(d->vap);
    for (size_t g = 0; g < d->n_groups; g++) {
        free(d->name[g]);
        free(d->field[g]);
        free(d->group[g]);
    }
    free(d);
}

static bool word(const char *s)
{
    if (!s || !*s || strlen(s) > 40) return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) return false;
    return true;
}

gm_status gm_demo_open(const gm_units *u, const char *vap_field, size_t n, const char *const *name,
                       const char *const *field, gm_demo **out, gm_error *err)
{
    *out = NULL;
    if (!vap_field || !*vap_field) return gm_fail(err, GM_E_ARG, "groups need a voting-age population field");
    if (n == 0 || n > GM_GROUP_MAX)
        return gm_fail(err, GM_E_ARG, "give between 1 and %d population groups (got %zu)", GM_GROUP_MAX, n);
    for (size_t g = 0; g < n; g++) {
        if (!word(name[g]) || !field[g] || !*field[g])
            return gm_fail(err, GM_E_ARG,
                           "group '%s': a group is NAME=FIELD with a lower-case name (letters, "
                           "digits, '_') and a field", name[g] ? name[g] : "");
        for (size_t h = 0; h < g; h++)
            if (!strcmp(name[g], name[h]))
                return gm_fail(err, GM_E_ARG, "group '%s' is named twice; name each group once", name[g]);
    }
    gm_demo *d = calloc(1, sizeof *d);
    if (!d) return gm_fail(err, GM_E_NOMEM, "out of memory");
    d->n_units = u->n;
    d->white = -1;
    d->n_groups = n;
    d->vap_field = strdup(vap_field);
    bool nomem = !d->vap_field;
    for (size_t g = 0; g < n; g++) {
        d->name[g] = strdup(name[g]);
        d->field[g] = strdup(field[g]);
        nomem |= !d->name[g] || !d->field[g];
        if (!strcmp(name[g], "white")) d->white = (int)g;
    }
    if (nomem) {
        gm_demo_destroy(d);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    const char *fields[1 + GM_GROUP_MAX];
    double *cols[1 + GM_GROUP_MAX];
    fields[0] = vap_field;
    for (size_t g = 0; g < n; g++) fields[1 + g] = field[g];
    gm_status rc = gmi_units_read_numbers(u, fields, 1 + n, cols, err);
    if (rc != GM_OK) {
        gm_demo_destroy(d);
        return rc;
    }
    d->vap = cols[0];
    for (size_t g = 0; g < n; g++) d->group[g] = cols[1 + g];
    /* a group larger than the VAP of its unit: the fields are mixed up (a total
     * population field for the VAP) or the data is wrong */
    for (size_t g = 0; g < n; g++) {
        size_t nbad = 0;
        char list[256] = "";
        for (size_t i = 0; i < u->n; i++) {
            if (!(d->group[g][i] > d->vap[i])) continue;
            if (nbad++ < 5) {
                size_t l = strlen(list);
                snprintf(list + l, sizeof list - l, "%s'%s' (%.15g > %.15g)", l ? ", " : "",
                         u->id ? u->id[i] : "?", d->group[g][i], d->vap[i]);
            }
        }
        if (nbad) {
            rc = gm_fail(err, GM_E_DATA,
                         "%s: group field '%s' (%s) is larger than the voting-age population "
                         "field '%s' for %zu unit%s: %s%s; a group is part of the VAP: check "
                         "that both fields count voting-age people",
                         u->source ? u->source : "units", field[g], name[g], vap_field, nbad,
                         nbad == 1 ? "" : "s", list, nbad > 5 ? ", ..." : "");
            gm_demo_destroy(d);
            return rc;
        }
    }
    *out = d;
    return GM_OK;
}

double gm_demo_coalition(const gm_demo *d, double vap, const double *g)
{
    if (d->white >= 0) return vap - g[d->white];
    double s = 0;
    for (size_t i = 0; i < d->n_groups; i++) s += g[i];
    return s;
}

size_t gmi_demo_minorities(const gm_demo *d)
{
    return d->n_groups - (d->white >= 0 ? 1 : 0);
}

void gm_demo_tally(const gm_demo *d, const int32_t *district, size_t k, double *vap, double *group)
{
    memset(vap, 0, k * sizeof *vap);
    memset(group, 0, d->n_groups * k * sizeof *group);
    for (size_t i = 0; i < d->n_units; i++) {
        size_t q = (size_t)district[i];
        vap[q] += d->vap[i];
        for (size_t g = 0; g < d->n_groups; g++) group[g * k + q] += d->group[g][i];
    }
}

/* DRA's erf: Abramowitz and Stegun 7.1.26, written as lib/partisan/erf.ts writes it. */
static double dra_erf(double x)
{
    double n = fabs(x);
    const double p = 0.3275911, a1 = 0.254829592, a2 = 0.284496736 * -1, a3 = 1.421413741,
                 a4 = 1.453152027 * -1, a5 = 1.061405429;
    double t = 1 / (1 + (p * n));
    double e = 1 - ((a1 * t) + (a2 * pow(t, 2)) + (a3 * pow(t, 3)) + (a4 * pow(t, 4)) +
                    (a5 * pow(t, 5))) * pow(2.718281828459045, -1 * pow(n, 2));
    return x < 0 ? -e : e;
}

double gm_dra_shift(const char *group)
{
    /* dra-config.json: minority shift 0.15 (the coalition, Black), diluted by half for
     * the other groups */
    return !group || !strcmp(group, "black") ? 0.15 : 0.15 * 0.5;
}

double gm_dra_opportunity(double s, double shift)
{
    if (!(s >= 0.37)) return 0; /* below the range's start (and NaN) */
    double v = fmax(fmin(s + shift, 1.0), 0.0);
    double p = 0.5 * (1.0 + dra_erf((v - 0.50) / (0.02 * sqrt(8))));
    return fmin(p, 1.0);
}

/* JavaScript's Math.round: halves round up. */
static double js_round(double x) { return floor(x + 0.5); }

void gmi_minority_values(const gm_demo *d, size_t k, const double *vapd, const double *grpd,
                         const double *sw, double *out)
{
    size_t G = d->n_groups, m = 0;
    double opp = 0, coal = 0, mm_coal = 0, g[GM_GROUP_MAX];
    for (size_t q = 0; q < G; q++) {
        if ((int)q == d->white) continue;
        double mm = 0;
        for (size_t i = 0; i < k; i++)
            if (vapd[i] > 0) {
                double s = grpd[q * k + i] / vapd[i];
                mm += s > 0.5;
                /* DRA adds a group's probability only from its 35% bucket up */
                if (s >= 0.35) opp += gm_dra_opportunity(s, gm_dra_shift(d->name[q]));
            }
        out[m++] = mm;
    }
    for (size_t i = 0; i < k; i++) {
        if (!(vapd[i] > 0)) continue;
        for (size_t q = 0; q < G; q++) g[q] = grpd[q * k + i];
        double s = gm_demo_coalition(d, vapd[i], g) / vapd[i];
        mm_coal += s > 0.5;
        if (s >= 0.35) coal += gm_dra_opportunity(s, gm_dra_shift(NULL));
    }
    double prop = 0, N = (double)k;
    for (size_t q = 0; q < G; q++)
        if ((int)q != d->white) prop += sw[0] > 0 ? js_round(sw[1 + q] / sw[0] * N) : 0;
    double swc = sw[0] > 0 ? gm_demo_coalition(d, sw[0], sw + 1) / sw[0] : NAN;
    out[m + GM_MIN_COALITION_MM] = mm_coal;
    out[m + GM_MIN_OPPORTUNITY] = opp;
    out[m + GM_MIN_COALITION] = coal;
    out[m + GM_MIN_PROP_OPPORTUNITY] = prop;
    out[m + GM_MIN_PROP_COALITION] = isfinite(swc) ? js_round(swc * N) : NAN;
}
