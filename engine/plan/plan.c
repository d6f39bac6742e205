/* plan.c: plans from labels, arrays and unit columns; label ordering. */
#include "plan/plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gm_plan_destroy(gm_plan *p)
{
    if (!p) return;
    if (p->label)
        for (size_t d = 0; d < p->k; d++) free(p->label[d]);
    free(p->label);
    free(p->district);
    free(p->split);
    free(p->source);
    gm_warnings_free(&p->warnings);
    free(p);
}

gm_plan *gmi_plan_alloc(size_t n)
{
    gm_plan *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->n_units = n;
    p->district = malloc((n ? n : 1) * sizeof *p->district);
    if (!p->district) {
        free(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) p->district[i] = GM_NO_DISTRICT;
    return p;
}

/* Natural order: runs of digits compare by value ("2" < "10", "01" == "1" then by
 * length), everything else by byte. */
int gm_label_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0' && isdigit((unsigned char)a[1])) a++;
            while (*b == '0' && isdigit((unsigned char)b[1])) b++;
            size_t la = 0, lb = 0;
            while (isdigit((unsigned char)a[la])) la++;
            while (isdigit((unsigned char)b[lb])) lb++;
            if (la != lb) return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c) return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++;
            b++;
        }
    }
    return *a ? 1 : (*b ? -1 : 0);
}

static int cmp_labelp(const void *x, const void *y)
{
    return gm_label_cmp(*(const char *const *)x, *(const char *const *)y);
}

/* Find label in the sorted table (binary search on natural order). */
static long find_label(char *const *tab, size_t k, const char *s)
{
    size_t lo = 0, hi = k;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = gm_label_cmp(tab[mid], s);
        if (c == 0) return (long)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/* A plan of about one unit per district is no districting plan: the field given is
 * most likely another (a population or a unit id field, or the plan and population
 * fields swapped). Real plans of precincts stay far below: New Hampshire's 161 floterial
 * House districts on 320 towns have k/n = 0.50 and 57 % single-unit districts. */
#define NOT_A_PLAN_SHARE 0.8 /* k >= 0.8 n and single-unit districts >= 0.8 k */
#define NOT_A_PLAN_MIN_UNITS 20

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* At most n/4 distinct values among n (a population has about as many as units). */
static bool few_values(const double *v, size_t n)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return false;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    size_t distinct = n ? 1 : 0;
    for (size_t i = 1; i < n; i++) distinct += s[i] != s[i - 1];
    free(s);
    return distinct * 4 <= n;
}

static gm_status warn_not_a_plan(const gm_units *u, gm_plan *p, const char *what)
{
    size_t n = u->n, k = p->k;
    if (n < NOT_A_PLAN_MIN_UNITS || (double)k < NOT_A_PLAN_SHARE * (double)n) return GM_OK;
    size_t *count = calloc(k, sizeof *count), single = 0;
    if (!count) return GM_E_NOMEM;
    for (size_t i = 0; i < n; i++) count[p->district[i]]++;
    for (size_t d = 0; d < k; d++) single += count[d] == 1;
    free(count);
    if ((double)single < NOT_A_PLAN_SHARE * (double)k) return GM_OK;
    char field[200] = "", pop[200] = "";
    if (u->plan_field && strncmp(what, "column of", 9) == 0)
        snprintf(field, sizeof field, " (field '%.150s')", u->plan_field);
    if (u->pop_field && few_values(u->pop, n)) /* a population of few values: labels? */
        snprintf(pop, sizeof pop,
                 "; the population field '%.150s' holds only a few values, as a district field "
                 "would: are the two swapped?",
                 u->pop_field);
    return gm_warn(&p->warnings, "not_a_districting_plan",
                   "%s%s gives %zu districts for %zu units, %zu of them with one unit only: "
                   "that is no districting plan; check that it holds the district of each unit "
                   "(a population or unit id field looks like this)%s",
                   what, field, k, n, single, pop);
}

gm_status gmi_plan_from_labels(const gm_units *u, const char *const *labels, const char *what,
                               gm_plan **out, gm_error *err)
{
    size_t n = u->n, n_missing = 0;
    char miss[256] = "";
    *out = NULL;
    const char **sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) return gm_fail(err, GM_E_NOMEM, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!labels[i] || !labels[i][0]) {
            if (n_missing < 5) {
                size_t l = strlen(miss);
                snprintf(miss + l, sizeof miss - l, "%s%s", n_missing ? ", " : "", u->id[i]);
            }
            n_missing++;
            continue;
        }
        sorted[m++] = labels[i];
    }
    if (n_missing) {
        free(sorted);
        return gm_fail_hint(err, GM_E_DATA, GM_HINT_WHERE,
                       "%zu unit%s ha%s no district in %s (e.g. %s); give every unit a district "
                       "or filter those units out of the unit layer",
                       n_missing, n_missing == 1 ? "" : "s", n_missing == 1 ? "s" : "ve", what, miss);
    }
    qsort(sorted, m, sizeof *sorted, cmp_labelp);
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (k == 0 || gm_label_cmp(sorted[k - 1], sorted[i]) != 0) sorted[k++] = sorted[i];
    gm_plan *p = gmi_plan_alloc(n);
    if (!p) {
        free(sorted);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    p->label = calloc(k ? k : 1, sizeof *p->label);
    if (!p->label) goto nomem;
    p->k = k;
    for (size_t d = 0; d < k; d++)
        if (!(p->label[d] = strdup(sorted[d]))) goto nomem;
    for (size_t i = 0; i < n; i++) p->district[i] = (int32_t)find_label(p->label, k, labels[i]);
    p->source = strdup(what);
    free(sorted);
    if (warn_not_a_plan(u, p, what) != GM_OK) goto nomem;
    *out = p;
    return GM_OK;
nomem:
    free(sorted);
    gm_plan_destroy(p);
    return gm_fail(err, GM_E_NOMEM, "out of memory");
}

gm_status gmi_plan_from_column_labels(const gm_units *u, const char *const *labels, gm_plan **out,
                                      gm_error *err)
{
    char what[300];
    snprintf(what, sizeof what, "column of %s", u->source ? u->source : "the unit layer");
    return gmi_plan_from_labels(u, labels, what, out, err);
}

gm_status gm_plan_from_column(const gm_units *u, gm_plan **out, gm_error *err)
{
    if (!u->plan_label)
        return gm_fail(err, GM_E_ARG, "units were loaded without a plan column");
    return gmi_plan_from_column_labels(u, (const char *const *)u->plan_label, out, err);
}

gm_status gm_plan_from_array(size_t n, const int32_t *dist, size_t k, const char *const *labels,
                             gm_plan **out, gm_error *err)
{
    *out = NULL;
    gm_plan *p = gmi_plan_alloc(n);
    if (!p) return gm_fail(err, GM_E_NOMEM, "out of memory");
    p->k = k;
    p->label = calloc(k ? k : 1, sizeof *p->label);
    if (!p->label) goto nomem;
    for (size_t i = 0; i < n; i++) {
        if (dist[i] < 0 || (size_t)dist[i] >= k) {
            gm_plan_destroy(p);
            return gm_fail(err, GM_E_DATA, "unit %zu: district %d is outside 0..%zu", i,
                           (int)dist[i], k ? k - 1 : 0);
        }
        p->district[i] = dist[i];
    }
    for (size_t d = 0; d < k; d++) {
        char b[24];
        snprintf(b, sizeof b, "%zu", d);
        if (!(p->label[d] = strdup(labels ? labels[d] : b))) goto nomem;
    }
    p->source = strdup("array");
    *out = p;
    return GM_OK;
nomem:
    gm_plan_destroy(p);
    return gm_fail(err, GM_E_NOMEM, "out of memory");
}
