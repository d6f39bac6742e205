/* ensemble_csv.c: an ensemble's per-plan scores from a CSV, for the report's
 * histograms and box plot.
 *
 * One row per plan, a header naming the columns. A column "sample" (or "plan", "step",
 * "id") numbers the plans and is not charted; a row whose "plan" is "reference" is the
 * reference plan of `gerrymeter ensemble score --reference`, not a member of the
 * ensemble, and is skipped. Columns named share_1..share_k (also
 * sorted_share_N, shareN; 0- or 1-based) are the plan's district shares of party a;
 * each row is sorted ascending here, so unsorted shares are fine. Every other column is
 * a per-plan metric (efficiency_gap, mean_median, seats_D, ...): numbers, with an empty
 * cell meaning "undefined for this plan", charted but for the statewide vote shares.
 * Lines starting with '#' are the metadata of `ensemble score` rows. docs/report.md
 * describes the format. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "batch/rows.h"
#include "io/csv.h"
#include "report/svg.h"

#include "gerrymeter/gm_units.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    bool nx = isnan(x), ny = isnan(y);
    if (nx || ny) return nx - ny;
    return (x > y) - (x < y);
}

/* Columns and cells are read by the rows codec (batch/rows.c), which also reads back the
 * rows of `ensemble score`: the header gives each column its role, each row's cells are
 * read by role. The "# " lines before the header (and the end line after the rows) are
 * the rows' metadata: what they were scored with, for gmi_ensemble_check. */
gm_status gmi_ensemble_read(const char *path, const char *pa, const char *pb, gmi_ensemble *e,
                            gm_error *err)
{
    memset(e, 0, sizeof *e);
    e->vote_share[0] = e->vote_share[1] = NAN;
    e->info.version = 1;
    strcpy(e->info.party[0], "a");
    strcpy(e->info.party[1], "b");
    gmi_csv c;
    gm_status rc = gmi_csv_open(&c, path, 0, err);
    if (rc != GM_OK) return rc;
    gmi_rows_layout L;
    memset(&L, 0, sizeof L);
    long *col_metric = NULL; /* per column: index of its charted metric, or -1 */
    size_t *len = NULL;
    double *other = NULL;
    size_t cap = 0, ncol = 0, vs[2];
    bool have_vs[2] = {gm_metric_find(GM_MF_PLAN, "vote_share_a", &vs[0]) != NULL,
                       gm_metric_find(GM_MF_PLAN, "vote_share_b", &vs[1]) != NULL};
    const char *meta;
    while ((meta = gmi_csv_comment(&c, '#'))) gmi_rows_meta_line(&e->info, meta);
    int got = gmi_csv_next(&c, err);
    if (got <= 0) {
        rc = got < 0 ? err->code
                     : gm_fail(err, GM_E_FORMAT,
                               "%s: empty file; expected a header row of per-plan scores", path);
        goto done;
    }
    ncol = c.nf;
    e->path = strdup(path);
    col_metric = malloc(ncol * sizeof *col_metric);
    len = malloc(ncol * sizeof *len);
    if (!col_metric || !len || !e->path) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", path);
        goto done;
    }
    bool named = e->info.version >= 2;
    if (!named && pa && pb) {
        /* no metadata: the per-party columns are read for the report's parties, and a
         * first party's column named for the other party (seats_R and no seats_D when the
         * report compares D,R: rows scored with the parties the other way round) is
         * remembered, to be refused. A file with both is a table of each party's seats. */
        char col[GM_ROWS_NAME + 64], own[GM_ROWS_NAME + 64];
        const gm_metric_def *seats = gm_metric_find(GM_MF_PLAN, "seats_a", NULL);
        const char *flip = seats ? gm_metric_column(seats, pb, pa, col, sizeof col) : "";
        const char *mine = seats ? gm_metric_column(seats, pa, pb, own, sizeof own) : "";
        if (strcmp(pa, pb) && gmi_csv_find(c.field, ncol, flip) >= 0 &&
            gmi_csv_find(c.field, ncol, mine) < 0)
            snprintf(e->swapped, sizeof e->swapped, "%s", flip);
    }
    if ((rc = gmi_rows_layout_init(&L, (const char *const *)c.field, ncol,
                                   named ? e->info.party[0] : pa, named ? e->info.party[1] : pb,
                                   path, err)) != GM_OK)
        goto done;
    /* Every score column (a known metric or any other) is charted, the first
     * GMI_ENS_MAX_METRICS in header order, but the columns that are the same for every
     * plan (the statewide vote shares: read for the check); the rest are not read. */
    for (size_t j = 0; j < ncol; j++) {
        col_metric[j] = -1;
        if (L.role[j] < 0 && L.role[j] != GMI_COL_OTHER) continue;
        if (L.role[j] >= 0 && (gm_metric_get(GM_MF_PLAN, (size_t)L.role[j])->flags & GM_MD_RUN)) continue;
        if (e->n_metrics == GMI_ENS_MAX_METRICS) {
            L.role[j] = GMI_COL_SKIP;
            continue;
        }
        col_metric[j] = (long)e->n_metrics;
        e->row[e->n_metrics] = L.role[j] >= 0 ? L.role[j] : -1;
        e->ref[e->n_metrics] = NAN;
        if (!(e->metric[e->n_metrics++] = strdup(c.field[j]))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", path);
            goto done;
        }
    }
    e->k = L.k;
    if (e->n_metrics == 0 && e->k == 0) {
        rc = gm_fail(
            err, GM_E_FORMAT,
            "%s: no per-plan score columns (expected e.g. efficiency_gap, mean_median, share_1..share_k)",
            path);
        goto done;
    }
    if (!(other = malloc((L.n_other ? L.n_other : 1) * sizeof *other))) goto oom;
    if (e->k && !(e->ref_shares = malloc(e->k * sizeof *e->ref_shares))) goto oom;
    for (;;) {
        while ((meta = gmi_csv_comment(&c, '#'))) gmi_rows_meta_line(&e->info, meta); /* the end line */
        if ((got = gmi_csv_next(&c, err)) != 1) break;
        if (c.nf == 1 && c.field[0][0] == '\0') continue; /* blank line */
        if (c.nf != ncol) {
            rc = gm_fail(err, GM_E_FORMAT, "%s:%zu: %zu fields, but the header has %zu", path,
                         c.line, c.nf, ncol);
            goto done;
        }
        if (e->n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            for (size_t m = 0; m < e->n_metrics; m++) {
                double *v = realloc(e->value[m], nc * sizeof *v);
                if (!v) goto oom;
                e->value[m] = v;
            }
            if (e->k) {
                double *v = realloc(e->shares, nc * e->k * sizeof *v);
                if (!v) goto oom;
                e->shares = v;
            }
            cap = nc;
        }
        for (size_t j = 0; j < ncol; j++) len[j] = strlen(c.field[j]);
        gmi_row row = {.shares = e->k ? e->shares + e->n * e->k : NULL, .other = other};
        long bad = gmi_rows_parse_cells(&L, (const char *const *)c.field, len, ncol, &row);
        if (bad >= 0) {
            size_t j = (size_t)bad;
            rc = gm_fail(
                err, GM_E_FORMAT,
                "%s:%zu: column %zu (%s) holds '%.40s', which is not a number; leave the cell empty for an undefined value",
                path, c.line, j + 1,
                col_metric[j] >= 0 ? e->metric[col_metric[j]] : L.role[j] >= 0 ? c.field[0] : "a share",
                c.field[j]);
            goto done;
        }
        /* the statewide vote shares: the same in every row of one run */
        for (int q = 0; q < 2; q++)
            for (size_t j = 0; have_vs[q] && isnan(e->vote_share[q]) && j < ncol; j++)
                if (L.role[j] == (int)vs[q]) e->vote_share[q] = gm_plan_scores_get(&row.s, vs[q]);
        if (e->k) qsort(row.shares, e->k, sizeof(double), cmp_double);
        if (row.plan == -1) { /* the reference plan is not a member of the ensemble */
            e->has_ref = true;
            if (e->k) memcpy(e->ref_shares, row.shares, e->k * sizeof *row.shares);
            for (size_t j = 0; j < ncol; j++)
                if (col_metric[j] >= 0)
                    e->ref[col_metric[j]] = L.role[j] >= 0
                                                ? gm_plan_scores_get(&row.s, (size_t)L.role[j])
                                                : other[L.slot[j]];
            continue;
        }
        for (size_t j = 0; j < ncol; j++) {
            if (col_metric[j] < 0) continue;
            int role = L.role[j];
            e->value[col_metric[j]][e->n] =
                role >= 0 ? gm_plan_scores_get(&row.s, (size_t)role) : other[L.slot[j]];
        }
        e->n++;
    }
    if (got < 0) {
        rc = err->code;
        goto done;
    }
    if (e->n == 0) rc = gm_fail(err, GM_E_FORMAT, "%s: a header but no plans", path);
    goto done;
oom:
    rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s (%zu plans)", path, e->n);
done:
    free(col_metric);
    free(len);
    free(other);
    gmi_rows_layout_free(&L);
    gmi_csv_close(&c);
    if (rc != GM_OK) gmi_ensemble_free(e);
    return rc;
}

/* The rows of another election or party order would put the plan among plans scored
 * on other votes, or read every signed number for the wrong party: refused. */
gm_status gmi_ensemble_check(const gmi_ensemble *e, gmi_rplan *r, gm_error *err)
{
    const gm_units *u = r->u;
    const char *path = e->path;
    bool named = e->info.version >= 2, checked = false;
    /* the unit order first: rows of another order describe other plans altogether */
    gm_unit_order o;
    const char *ov = gm_rows_info_get(&e->info, GM_ROWS_UNIT_ORDER);
    if (ov && !gm_rows_info_order(&e->info, &o))
        return gm_fail(err, GM_E_FORMAT, "%s: its %s line '%.200s' is damaged: score the ensemble again",
                       path, GM_ROWS_UNIT_ORDER, ov);
    char what[1100];
    snprintf(what, sizeof what, "per-plan rows %.1000s", path);
    gm_status rc = gm_units_check_order(u, ov ? &o : NULL, what, NULL, NULL, err);
    if (rc != GM_OK) return rc;
    if (e->k && e->k != r->p->k)
        return gm_fail(err, GM_E_DATA,
                       "%s: the ensemble's plans have %zu districts but %s has %zu: compare a plan "
                       "with an ensemble of its own map",
                       path, e->k, r->name, r->p->k);
    bool votes = u->n_parties >= 2;
    if (votes && e->swapped[0])
        return gm_fail(err, GM_E_DATA,
                       "%s: its column %s names the parties in the order %s,%s; this report compares "
                       "%s,%s: score the ensemble again with the parties in the report's order",
                       path, e->swapped, u->party[1], u->party[0], u->party[0], u->party[1]);
    if (named && votes) {
        const char *pa = e->info.party[0], *pb = e->info.party[1];
        if (strcmp(pa, u->party[0]) || strcmp(pb, u->party[1])) {
            bool swapped = !strcmp(pa, u->party[1]) && !strcmp(pb, u->party[0]);
            return gm_fail(err, GM_E_DATA,
                           "%s: the rows were scored with the parties %s,%s%s, this report "
                           "compares %s,%s%s",
                           path, pa, pb, swapped ? " (in that order)" : "", u->party[0], u->party[1],
                           swapped ? ": every signed number and share of the rows is for the other "
                                     "party; score the ensemble again with the parties in the "
                                     "report's order"
                                   : ": score the ensemble with the report's parties");
        }
        const char *v = gm_rows_info_get(&e->info, "votes");
        char mine[512];
        snprintf(mine, sizeof mine, "%s,%s", u->vote_field[0], u->vote_field[1]);
        if (v && strcmp(v, mine))
            return gm_fail(err, GM_E_DATA,
                           "%s: the rows were scored on the votes %s, this report on %s: they "
                           "describe another election; score the ensemble on the report's votes",
                           path, v, mine);
        checked = v != NULL;
    }
    if (votes && !isnan(e->vote_share[0])) {
        double ta = gm_units_party_total(u, 0), tb = gm_units_party_total(u, 1);
        double mine = ta + tb > 0 ? ta / (ta + tb) : NAN;
        char b1[32], b2[32];
        if (!(fabs(mine - e->vote_share[0]) <= 1e-9))
            return gm_fail(err, GM_E_DATA,
                           "%s: the rows' statewide two-party share of %s is %s, this report's "
                           "votes give %s: the rows were scored on another election or other "
                           "units",
                           path, u->party[0], gmi_pct(e->vote_share[0], 3, b1, sizeof b1),
                           gmi_pct(mine, 3, b2, sizeof b2));
        checked = true;
    }
    /* The reference row, when it is this plan: its shares are this plan's. */
    if (e->has_ref && e->k && r->partisan && r->impute == 0) {
        bool same = true;
        for (size_t d = 0; d < e->k && same; d++) {
            double x = e->ref_shares[d], y = r->share[r->order[d]];
            same = (isnan(x) && isnan(y)) || fabs(x - y) <= 1e-9;
        }
        const char *fp = gm_rows_info_get(&e->info, "reference plan fingerprint");
        char mine[32];
        snprintf(mine, sizeof mine, "%016llx",
                 (unsigned long long)gm_ens_plan_fingerprint(r->p->district, r->p->n_units));
        if (!same && fp && !strcmp(fp, mine))
            return gm_fail(err, GM_E_DATA,
                           "%s: the rows' reference row is %s, but its district shares differ from "
                           "this report's: the rows were scored on other units or votes",
                           path, r->name);
        checked = checked || same;
    }
    if (!checked && votes)
        gm_warn(&r->warnings, "rows_unchecked",
                "%s does not record what it was scored with (an older gerrymeter, or another "
                "program): the report cannot check that its plans were scored on the same "
                "votes and parties",
                path);
    return GM_OK;
}

void gmi_ensemble_free(gmi_ensemble *e)
{
    if (!e) return;
    free(e->path);
    free(e->ref_shares);
    gm_rows_info_free(&e->info);
    for (size_t m = 0; m < e->n_metrics; m++) {
        free(e->metric[m]);
        free(e->value[m]);
    }
    free(e->shares);
    memset(e, 0, sizeof *e);
}
