/* splits.c: administrative layers (gm_admin_open), the per-plan values of splits and
 * demographics (gm_plan_extras: redistmetrics-style split counts, Dave's Redistricting
 * App's county and district splitting, the minority values of minority.c) and their rows
 * in the metric registry.
 *
 * DRA's splitting (lib/splitting/county-district.ts of @dra2020/dra-analytics 3.3.3,
 * ../shared/peers/dra/README.md): with C[i][j] the population of district i in county j,
 * c_j and d_i the county and district totals and P the total,
 *   county   = sum_j (c_j / P) (sum_{i not whole} sqrt(C[i][j] / c_j) + sqrt(W_j / c_j))
 *   district = sum_i (d_i / P) (sum_{j not whole} sqrt(C[i][j] / d_i) + sqrt(V_i / d_i))
 * where a cell is a whole district in its county when |C[i][j] - d_i| < 15 (W_j: those
 * cells of county j together) and a whole county in its district when |C[i][j] - c_j| <
 * 15 (V_i). Cells of zero population count for nothing there; the redistmetrics counts
 * count every unit.
 *
 * A plan is walked county by county (the units sorted by county once), so a plan costs
 * one pass over the units and the non-empty cells, whatever the number of districts. */
#include "metrics/splits_int.h"
#include "metrics/touch.h"
#include "units/units_int.h"

#include "gerrymeter/gm_plan.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gm_admin_destroy(gm_admin *a)
{
    if (!a) return;
    free(a->name);
    free(a->field);
    free(a->of);
    if (a->label)
        for (size_t i = 0; i < a->n; i++) free(a->label[i]);
    free(a->label);
    free(a);
}

typedef struct lab {
    const char *s;
    uint32_t unit;
} lab;

static int lab_cmp(const void *x, const void *y)
{
    const lab *a = x, *b = y;
    int c = gm_label_cmp(a->s, b->s);
    if (!c) c = strcmp(a->s, b->s);
    return c ? c : (a->unit > b->unit) - (a->unit < b->unit);
}

static bool name_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 40) return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_')) return false;
    return true;
}

gm_status gm_admin_open(const gm_units *u, const char *name, const char *field, gm_admin **out,
                        gm_error *err)
{
    *out = NULL;
    if (!name_ok(name))
        return gm_fail(err, GM_E_ARG, "administrative layer '%s': its name must be a lower-case "
                                      "word (letters, digits, '_')", name ? name : "");
    if (!field || !*field) return gm_fail(err, GM_E_ARG, "administrative layer '%s' needs a field", name);
    if (u->n > UINT32_MAX) return gm_fail(err, GM_E_ARG, "too many units");
    char **v = NULL;
    gm_status rc = gmi_units_read_column(u, field, true, &v, err);
    if (rc != GM_OK) return rc;
    size_t nbad = 0;
    char list[256] = "";
    for (size_t i = 0; i < u->n; i++)
        if (!v[i][0] && nbad++ < 5) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s'%s'", l ? ", " : "", u->id ? u->id[i] : "?");
        }
    if (nbad) {
        rc = gm_fail(err, GM_E_DATA,
                     "%s: the %s field '%s' is null or empty for %zu unit%s (%s%s); every unit "
                     "needs its %s: fill it in or leave those units out with an attribute filter",
                     u->source ? u->source : "units", name, field, nbad, nbad == 1 ? "" : "s", list,
                     nbad > 5 ? ", ..." : "", name);
        gmi_units_free_column(v, u->n);
        return rc;
    }
    gm_admin *a = calloc(1, sizeof *a);
    lab *L = malloc((u->n ? u->n : 1) * sizeof *L);
    if (!a || !L || !(a->of = malloc((u->n ? u->n : 1) * sizeof *a->of)) ||
        !(a->label = calloc(u->n ? u->n : 1, sizeof *a->label)) || !(a->name = strdup(name)) ||
        !(a->field = strdup(field))) {
        free(L);
        gm_admin_destroy(a);
        gmi_units_free_column(v, u->n);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    a->n_units = u->n;
    for (size_t i = 0; i < u->n; i++) L[i] = (lab){v[i], (uint32_t)i};
    qsort(L, u->n, sizeof *L, lab_cmp);
    for (size_t i = 0; i < u->n; i++) {
        if (i == 0 || strcmp(L[i].s, L[i - 1].s)) {
            a->label[a->n++] = v[L[i].unit];
            v[L[i].unit] = NULL; /* moved */
        }
        a->of[L[i].unit] = (int32_t)(a->n - 1);
    }
    free(L);
    gmi_units_free_column(v, u->n);
    *out = a;
    return GM_OK;
}

typedef struct cell_key {
    uint64_t key; /* admin << 32 | district */
    double pop;
} cell_key;

static int cell_cmp(const void *x, const void *y)
{
    uint64_t a = ((const cell_key *)x)->key, b = ((const cell_key *)y)->key;
    return (a > b) - (a < b);
}

gm_status gm_admin_cells(const gm_admin *a, const int32_t *district, size_t k, const double *pop,
                         gm_admin_cell **cells, size_t *n, gm_error *err)
{
    *cells = NULL;
    *n = 0;
    size_t N = a->n_units;
    cell_key *c = malloc((N ? N : 1) * sizeof *c);
    gm_admin_cell *o = malloc((N ? N : 1) * sizeof *o);
    if (!c || !o) {
        free(c);
        free(o);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < N; i++) {
        if (district[i] < 0 || (size_t)district[i] >= k) {
            free(c);
            free(o);
            return gm_fail(err, GM_E_DATA, "unit %zu has district %d, outside 0..%zu", i,
                           (int)district[i], k - 1);
        }
        c[i] = (cell_key){((uint64_t)(uint32_t)a->of[i] << 32) | (uint32_t)district[i], pop ? pop[i] : 0};
    }
    /* a stable order of the units within a cell is not needed: sums of integers in
     * practice, and only shown */
    qsort(c, N, sizeof *c, cell_cmp);
    size_t m = 0;
    for (size_t i = 0; i < N; i++) {
        if (m == 0 || o[m - 1].admin != (uint32_t)(c[i].key >> 32) ||
            o[m - 1].district != (uint32_t)c[i].key)
            o[m++] = (gm_admin_cell){(uint32_t)(c[i].key >> 32), (uint32_t)c[i].key, 0, 0};
        o[m - 1].units++;
        o[m - 1].pop += c[i].pop;
    }
    free(c);
    *cells = o;
    *n = m;
    return GM_OK;
}

/* ---- Per-plan values ------------------------------------------------------------- */

typedef struct admin_idx {
    const gm_admin *a;
    uint32_t *unit;          /* [n_units] units sorted by value (stable) */
    uint32_t *off;           /* [a->n + 1] each value's first entry of unit */
    double *pop;             /* [a->n] population of each value */
    double *upop;            /* [n_units] population of unit[e], in that order */
} admin_idx;

struct gm_plan_extras {
    size_t n, n_admin, n_aux, n_min;
    const double *pop;       /* [n] or NULL */
    double total;            /* sum of pop */
    admin_idx ad[GM_ADMIN_MAX];
    const gm_demo *demo;
    size_t dw;               /* demographic record width: VAP + groups */
    double *rec;             /* [n][dw] VAP and groups, unit-major */
    double sw[1 + GM_GROUP_MAX]; /* statewide VAP and groups */
    const gm_metric_def *row[GM_PLAN_EXTRA_MAX]; /* registry rows, once registered */
};

struct gm_extras_work {
    size_t k;                /* districts per plan */
    /* per plan of a block (GM_EXTRAS_BLOCK of them), k each: */
    uint32_t *cnt;           /* units of the current value per district */
    double *cpop;            /* their population */
    uint32_t *touched;       /* districts the current value touches */
    double *vsum, *sroot;    /* DRA district splitting: whole counties, roots */
    double *dsum;            /* [k][dw] demographic district totals: VAP, then groups */
    double *cols;            /* [dw * k] the same as columns: VAP [k], then each group */
};

void gm_plan_extras_destroy(gm_plan_extras *x)
{
    if (!x) return;
    for (size_t i = 0; i < x->n_admin; i++) {
        free(x->ad[i].unit);
        free(x->ad[i].off);
        free(x->ad[i].pop);
        free(x->ad[i].upop);
    }
    free(x->rec);
    free(x);
}

size_t gm_plan_extras_n(const gm_plan_extras *x) { return x->n_aux; }
size_t gm_plan_extras_n_admin(const gm_plan_extras *x) { return x->n_admin; }
const gm_admin *gm_plan_extras_admin(const gm_plan_extras *x, size_t i)
{
    return i < x->n_admin ? x->ad[i].a : NULL;
}
const gm_demo *gm_plan_extras_demo(const gm_plan_extras *x) { return x->demo; }


gm_status gm_plan_extras_create(size_t n_units, const double *pop,
                                const gm_admin *const *admin, size_t n_admin,
                                const gm_demo *demo, gm_plan_extras **out, gm_error *err)
{
    *out = NULL;
    if (n_admin > GM_ADMIN_MAX)
        return gm_fail(err, GM_E_ARG, "at most %d administrative layers (got %zu)", GM_ADMIN_MAX, n_admin);
    for (size_t i = 0; i < n_admin; i++) {
        if (admin[i]->n_units != n_units)
            return gm_fail(err, GM_E_ARG, "administrative layer '%s' has %zu units, the plans %zu",
                           admin[i]->name, admin[i]->n_units, n_units);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(admin[i]->name, admin[j]->name))
                return gm_fail(err, GM_E_ARG, "administrative layer '%s' is named twice", admin[i]->name);
    }
    if (demo && demo->n_units != n_units)
        return gm_fail(err, GM_E_ARG, "the demographics have %zu units, the plans %zu", demo->n_units, n_units);
    gm_plan_extras *x = calloc(1, sizeof *x);
    if (!x) return gm_fail(err, GM_E_NOMEM, "out of memory");
    x->n = n_units;
    x->pop = pop;
    x->n_admin = n_admin;
    x->demo = demo;
    for (size_t i = 0; i < n_units; i++) x->total += pop ? pop[i] : 0;
    for (size_t i = 0; i < n_admin; i++) {
        admin_idx *ai = &x->ad[i];
        const gm_admin *a = admin[i];
        ai->a = a;
        ai->unit = malloc((n_units ? n_units : 1) * sizeof *ai->unit);
        ai->off = calloc(a->n + 1, sizeof *ai->off);
        ai->pop = calloc(a->n ? a->n : 1, sizeof *ai->pop);
        ai->upop = malloc((n_units ? n_units : 1) * sizeof *ai->upop);
        if (!ai->unit || !ai->off || !ai->pop || !ai->upop) {
            x->n_admin = i + 1;
            gm_plan_extras_destroy(x);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        /* counting sort by value, stable in unit order */
        for (size_t u = 0; u < n_units; u++) ai->off[a->of[u] + 1]++;
        for (size_t v = 0; v < a->n; v++) ai->off[v + 1] += ai->off[v];
        for (size_t u = 0; u < n_units; u++) {
            uint32_t v = (uint32_t)a->of[u];
            ai->pop[v] += pop ? pop[u] : 0;
        }
        uint32_t *at = malloc((a->n ? a->n : 1) * sizeof *at);
        if (!at) {
            x->n_admin = i + 1;
            gm_plan_extras_destroy(x);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        memcpy(at, ai->off, a->n * sizeof *at);
        for (size_t u = 0; u < n_units; u++) ai->unit[at[a->of[u]]++] = (uint32_t)u;
        free(at);
        for (size_t e = 0; e < n_units; e++) ai->upop[e] = pop ? pop[ai->unit[e]] : 0;
    }
    x->n_aux = n_admin * GM_SPLIT_N;
    if (demo) {
        x->n_min = gmi_demo_minorities(demo);
        x->n_aux += x->n_min + GM_MINORITY_N;
        x->dw = 1 + demo->n_groups;
        x->rec = malloc((n_units ? n_units : 1) * x->dw * sizeof *x->rec);
        if (!x->rec) {
            gm_plan_extras_destroy(x);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        for (size_t u = 0; u < n_units; u++) {
            double *r = x->rec + u * x->dw;
            r[0] = demo->vap[u];
            for (size_t g = 0; g < demo->n_groups; g++) r[1 + g] = demo->group[g][u];
            for (size_t c = 0; c < x->dw; c++) x->sw[c] += r[c];
        }
    }
    if (x->n_aux > GM_PLAN_EXTRA_MAX) {
        size_t got = x->n_aux;
        gm_plan_extras_destroy(x);
        return gm_fail(err, GM_E_ARG,
                       "%zu split and demographic values per plan, more than the %d the ensemble "
                       "rows hold; name fewer administrative layers or groups",
                       got, GM_PLAN_EXTRA_MAX);
    }
    *out = x;
    return GM_OK;
}

void gm_extras_work_destroy(gm_extras_work *w)
{
    if (!w) return;
    free(w->cnt);
    free(w->cpop);
    free(w->touched);
    free(w->vsum);
    free(w->sroot);
    free(w->dsum);
    free(w->cols);
    free(w);
}

gm_status gm_extras_work_create(const gm_plan_extras *x, size_t k, gm_extras_work **out,
                                gm_error *err)
{
    *out = NULL;
    if (k == 0) return gm_fail(err, GM_E_ARG, "plans need at least one district");
    gm_extras_work *w = calloc(1, sizeof *w);
    if (w) w->k = k;
    size_t bk = GM_EXTRAS_BLOCK * k;
    if (!w || !(w->cnt = calloc(bk, sizeof *w->cnt)) || !(w->cpop = calloc(bk, sizeof *w->cpop)) ||
        !(w->touched = malloc(bk * sizeof *w->touched)) || !(w->vsum = malloc(bk * sizeof *w->vsum)) ||
        !(w->sroot = malloc(bk * sizeof *w->sroot)) ||
        !(w->dsum = malloc((x->dw ? x->dw : 1) * bk * sizeof *w->dsum)) ||
        !(w->cols = malloc((x->dw ? x->dw : 1) * k * sizeof *w->cols))) {
        gm_extras_work_destroy(w);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    *out = w;
    return GM_OK;
}

/* One administrative layer's values of np plans (unit-major at, stride) into
 * aux[p * n_aux + off ..] (GM_SPLIT_N each). The plans are walked together, unit by
 * unit in the layer's order, so their additions are independent and overlap; each
 * plan's sums are still taken in that one order, whatever np. */
static void split_values(const gm_plan_extras *x, const admin_idx *ai, gm_extras_work *w,
                         const int32_t *at, size_t stride, size_t np, const double *dpop,
                         double *aux, size_t off)
{
    size_t k = w->k;
    double P = x->total;
    uint32_t nd[GM_EXTRAS_BLOCK];
    size_t nt[GM_EXTRAS_BLOCK];
    double county[GM_EXTRAS_BLOCK];
    gmi_touch t[GM_EXTRAS_BLOCK];
    for (size_t p = 0; p < np; p++) {
        t[p] = (gmi_touch){.n_admin = 1, .k = k, .cell = w->cnt + p * k, .ndist = &nd[p]};
        county[p] = 0;
    }
    memset(w->vsum, 0, np * k * sizeof *w->vsum);
    memset(w->sroot, 0, np * k * sizeof *w->sroot);
    for (size_t v = 0; v < ai->a->n; v++) {
        for (size_t p = 0; p < np; p++) nt[p] = nd[p] = 0;
        if (k <= 64) {
            /* the districts each plan's units of v lie in, as a bit set (no counts to
             * keep); each district met enters the touch counter once, in order */
            uint64_t m[GM_EXTRAS_BLOCK] = {0};
            for (uint32_t e = ai->off[v]; e < ai->off[v + 1]; e++) {
                const int32_t *dd = at + (size_t)ai->unit[e] * stride;
                double pu = ai->upop[e];
                for (size_t p = 0; p < np; p++) {
                    size_t d = (size_t)dd[p];
                    m[p] |= (uint64_t)1 << d;
                    w->cpop[p * k + d] += pu;
                }
            }
            for (size_t p = 0; p < np; p++)
                for (uint64_t b = m[p]; b; b &= b - 1) {
                    size_t d = (size_t)__builtin_ctzll(b);
                    w->touched[p * k + nt[p]++] = (uint32_t)d;
                    gmi_touch_add(&t[p], 0, d);
                }
        } else {
            for (uint32_t e = ai->off[v]; e < ai->off[v + 1]; e++) {
                const int32_t *dd = at + (size_t)ai->unit[e] * stride;
                double pu = ai->upop[e];
                for (size_t p = 0; p < np; p++) {
                    size_t d = (size_t)dd[p];
                    if (w->cnt[p * k + d] == 0) w->touched[p * k + nt[p]++] = (uint32_t)d;
                    gmi_touch_add(&t[p], 0, d);
                    w->cpop[p * k + d] += pu;
                }
            }
        }
        double c = ai->pop[v];
        for (size_t p = 0; p < np; p++) {
            double whole = 0, roots = 0;
            const double *dp = dpop + p * k;
            for (size_t q = 0; q < nt[p]; q++) {
                size_t d = w->touched[p * k + q];
                double sc = w->cpop[p * k + d];
                w->cnt[p * k + d] = 0;
                w->cpop[p * k + d] = 0;
                if (!(sc > 0)) continue;
                if (fabs(sc - dp[d]) < GMI_DRA_WHOLE) whole += sc;
                else roots += sqrt(sc / c);
                if (fabs(sc - c) < GMI_DRA_WHOLE) w->vsum[p * k + d] += sc;
                else w->sroot[p * k + d] += sqrt(sc / dp[d]);
            }
            if (c > 0) county[p] += (c / P) * (roots + sqrt(whole / c));
        }
    }
    for (size_t p = 0; p < np; p++) {
        double dist = 0;
        const double *dp = dpop + p * k;
        for (size_t d = 0; d < k; d++)
            if (dp[d] > 0) dist += (dp[d] / P) * (w->sroot[p * k + d] + sqrt(w->vsum[p * k + d] / dp[d]));
        double *o = aux + p * x->n_aux + off;
        o[GM_SPLIT_UNITS] = (double)t[p].split;
        o[GM_SPLIT_MULTI] = (double)t[p].multi;
        o[GM_SPLIT_PIECES] = (double)t[p].pieces;
        o[GM_SPLIT_DRA_COUNTY] = P > 0 ? county[p] : NAN;
        o[GM_SPLIT_DRA_DISTRICT] = P > 0 ? dist : NAN;
    }
}

/* The demographic district totals of np plans, unit by unit: s[p][k][dw]. */
static void demo_sums(const gm_plan_extras *x, const int32_t *at, size_t stride, size_t np,
                      size_t k, double *s)
{
    size_t dw = x->dw;
    memset(s, 0, np * k * dw * sizeof *s);
    if (dw == 3) { /* VAP and two groups, the usual case: a fixed width unrolls */
        for (size_t u = 0; u < x->n; u++) {
            const double *r = x->rec + u * 3;
            const int32_t *dd = at + u * stride;
            for (size_t p = 0; p < np; p++) {
                double *t = s + (p * k + (size_t)dd[p]) * 3;
                t[0] += r[0];
                t[1] += r[1];
                t[2] += r[2];
            }
        }
    } else {
        for (size_t u = 0; u < x->n; u++) {
            const double *r = x->rec + u * dw;
            const int32_t *dd = at + u * stride;
            for (size_t p = 0; p < np; p++) {
                double *t = s + (p * k + (size_t)dd[p]) * dw;
                for (size_t c = 0; c < dw; c++) t[c] += r[c];
            }
        }
    }
}

void gm_plan_extras_block(const gm_plan_extras *x, gm_extras_work *w, const int32_t *at,
                          size_t stride, size_t np, const double *dpop, const double *dtot,
                          double *aux)
{
    if (np > GM_EXTRAS_BLOCK) np = GM_EXTRAS_BLOCK;
    for (size_t i = 0; i < x->n_admin; i++)
        split_values(x, &x->ad[i], w, at, stride, np, dpop, aux, i * GM_SPLIT_N);
    if (!x->demo) return;
    size_t k = w->k, dw = x->dw;
    if (!dtot) {
        demo_sums(x, at, stride, np, k, w->dsum);
        dtot = w->dsum;
    }
    for (size_t p = 0; p < np; p++) {
        const double *sp = dtot + p * k * dw;
        for (size_t d = 0; d < k; d++)
            for (size_t c = 0; c < dw; c++) w->cols[c * k + d] = sp[d * dw + c];
        gmi_minority_values(x->demo, k, w->cols, w->cols + k, x->sw,
                            aux + p * x->n_aux + x->n_admin * GM_SPLIT_N);
    }
}

void gm_plan_extras_plan(const gm_plan_extras *x, gm_extras_work *w, const int32_t *district,
                         const double *dpop, double *aux)
{
    gm_plan_extras_block(x, w, district, 1, 1, dpop, NULL, aux);
}

/* ---- Registry rows --------------------------------------------------------------- */

static char key_buf[GM_PLAN_EXTRA_MAX][96];
static char label_buf[GM_PLAN_EXTRA_MAX][128];
static size_t n_buf;

/* s with every "{what}" replaced by name, into buf. */
static void fill(char *buf, size_t cap, const char *s, const char *what, const char *name)
{
    size_t wl = strlen(what), o = 0;
    while (*s && o + 1 < cap) {
        if (!strncmp(s, what, wl)) {
            o += (size_t)snprintf(buf + o, cap - o, "%s", name);
            if (o >= cap) o = cap - 1;
            s += wl;
        } else {
            buf[o++] = *s++;
        }
    }
    buf[o] = '\0';
}

static gm_status add_row(gm_plan_extras *x, size_t i, size_t tmpl, const char *what,
                         const char *name, gm_error *err)
{
    const gm_metric_def *t = gm_metric_get(GM_MF_OPTIONAL, tmpl);
    char key[96], label[128];
    fill(key, sizeof key, t->key, what, name ? name : "");
    fill(label, sizeof label, t->label, what, name ? name : "");
    void *ud = (void *)(uintptr_t)(i + 1);
    const gm_metric_def *have = gm_metric_find(GM_MF_PLAN, key, NULL);
    if (have && have->fn == t->fn && have->ud == ud) { /* registered before, the same */
        x->row[i] = have;
        return GM_OK;
    }
    /* the key's slot from an earlier registration (since unregistered), else a new one */
    size_t b = 0;
    while (b < n_buf && strcmp(key_buf[b], key)) b++;
    if (b == GM_PLAN_EXTRA_MAX)
        return gm_fail(err, GM_E_ARG, "metric '%s': the registry is full", key);
    gm_metric_def d = *t;
    snprintf(key_buf[b], sizeof key_buf[b], "%s", key);
    snprintf(label_buf[b], sizeof label_buf[b], "%s", label);
    d.key = key_buf[b];
    d.label = label_buf[b];
    d.ud = ud;
    gm_status rc = gm_metric_register(GM_MF_PLAN, &d, err);
    if (rc != GM_OK) return rc;
    if (b == n_buf) n_buf++;
    x->row[i] = gm_metric_find(GM_MF_PLAN, key, NULL);
    return GM_OK;
}

gm_status gm_plan_extras_register(gm_plan_extras *x, gm_error *err)
{
    size_t i = 0;
    gm_status rc;
    for (size_t a = 0; a < x->n_admin; a++)
        for (size_t v = 0; v < GM_SPLIT_N; v++, i++)
            if ((rc = add_row(x, i, v, "{admin}", x->ad[a].a->name, err)) != GM_OK) return rc;
    if (!x->demo) return GM_OK;
    for (size_t g = 0; g < x->demo->n_groups; g++) {
        if ((int)g == x->demo->white) continue;
        if ((rc = add_row(x, i++, GM_SPLIT_N, "{group}", x->demo->name[g], err)) != GM_OK) return rc;
    }
    for (size_t v = 0; v < GM_MINORITY_N; v++, i++)
        if ((rc = add_row(x, i, GM_SPLIT_N + 1 + v, "{group}", NULL, err)) != GM_OK) return rc;
    return GM_OK;
}

const gm_metric_def *gm_plan_extras_row(const gm_plan_extras *x, size_t i)
{
    return i < x->n_aux ? x->row[i] : NULL;
}
