/* results.c: read district-level election results (one row per district) from a CSV
 * table, grouped by state/year or any other columns. Two passes: parse every row into
 * growable arrays, then number the groups (hash of the joined grouping values) and
 * place each group's rows contiguously with a counting sort. */
#include "gerrymeter/gm_results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/plausible.h"
#include "core/str.h"
#include "core/strmap.h"
#include "io/results_rows.h"
#include "io/row_filter.h"
#include "units/units_int.h"

#define KEY_SEP '\x1f' /* joins grouping values; cannot occur in a sane CSV field */

void gm_results_destroy(gm_results *r)
{
    if (!r) return;
    if (r->district)
        for (size_t i = 0; i < r->n_rows; i++) free(r->district[i]);
    if (r->group_value)
        for (size_t i = 0; i < r->n_groups * r->n_group_cols; i++) free(r->group_value[i]);
    free(r->path);
    free(r->group_start);
    free(r->group_value);
    free(r->district);
    free(r->line);
    free(r->votes);
    free(r->winner);
    if (r->winner_value)
        for (size_t i = 0; i < r->n_rows; i++) free(r->winner_value[i]);
    free(r->winner_value);
    gm_warnings_free(&r->warnings);
    free(r);
}

/* Rows as parsed, before grouping (row-major votes). */
typedef struct rows {
    size_t n, cap, np;
    bool want_win;   /* a winner column is read */
    char **key;      /* joined grouping values */
    char **district;
    char **win;      /* winner column values, or NULL without one */
    size_t *line;
    double *votes;   /* [cap * np] row-major */
} rows;

static void rows_free(rows *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->key[i]);
        free(w->district[i]);
        if (w->win) free(w->win[i]);
    }
    free(w->win);
    free(w->key);
    free(w->district);
    free(w->line);
    free(w->votes);
}

static int rows_grow(rows *w)
{
    size_t cap = w->cap ? 2 * w->cap : 256;
    char **k = realloc(w->key, cap * sizeof *k);
    if (k) w->key = k;
    char **d = realloc(w->district, cap * sizeof *d);
    if (d) w->district = d;
    size_t *l = realloc(w->line, cap * sizeof *l);
    if (l) w->line = l;
    double *v = realloc(w->votes, cap * w->np * sizeof *v);
    if (v) w->votes = v;
    if (!k || !d || !l || !v) return -1;
    if (w->want_win) {
        char **x = realloc(w->win, cap * sizeof *x);
        if (!x) return -1;
        w->win = x;
    }
    w->cap = cap;
    return 0;
}

/* The party a winner column value names: a party label equal to it (case aside), else the
 * one label of the same major party (gm_party_kind_of: "DEMOCRAT" is D's), else
 * GM_DECLARED_OTHER; blank is GM_DECLARED_NONE. */
static int declared_party(const char *v, const gm_results_opts *o)
{
    if (!*v) return GM_DECLARED_NONE;
    const char *const *names = o->party_names ? o->party_names : o->party_cols;
    for (size_t p = 0; p < o->n_parties; p++)
        if (!strcasecmp(v, names[p])) return (int)p;
    gm_party_kind k = gm_party_kind_of(v);
    int hit = GM_DECLARED_OTHER;
    if (k == GM_PARTY_OTHER) return hit;
    for (size_t p = 0; p < o->n_parties; p++)
        if (gm_party_kind_of(names[p]) == k) {
            if (hit != GM_DECLARED_OTHER) return GM_DECLARED_OTHER; /* two labels fit */
            hit = (int)p;
        }
    return hit;
}

/* r->winner from r->winner_value, and the warning "winner_not_a_party" listing the
 * values that name none of the parties (their seats go to no party compared). */
static gm_status declared_winners(gm_results *r, const gm_results_opts *o, gm_warnings *w,
                                  gm_error *err)
{
    char list[400];
    size_t used = 0, n_other = 0, n_listed = 0;
    list[0] = '\0';
    for (size_t i = 0; i < r->n_rows; i++) {
        r->winner[i] = declared_party(r->winner_value[i], o);
        if (r->winner[i] != GM_DECLARED_OTHER) continue;
        n_other++;
        bool seen = false; /* list each value once */
        for (size_t j = 0; j < i && !seen; j++)
            seen = r->winner[j] == GM_DECLARED_OTHER && !strcmp(r->winner_value[j], r->winner_value[i]);
        if (seen || n_listed == 8) continue;
        int m = snprintf(list + used, sizeof list - used, "%s'%s'", n_listed ? ", " : "",
                         r->winner_value[i]);
        if (m > 0 && (size_t)m < sizeof list - used) {
            used += (size_t)m;
            n_listed++;
        }
    }
    if (!n_other) return GM_OK;
    const char *const *names = o->party_names ? o->party_names : o->party_cols;
    if (gm_warn(w, "winner_not_a_party",
                "%s: winner column '%s' names %s in %zu row%s, none of the parties compared "
                "(%s, %s): those races count as won by another party; if that value means one "
                "of them, name the party as the column does",
                r->path, o->winner_col, list, n_other, n_other == 1 ? "" : "s", names[0],
                names[1]) != GM_OK)
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    return GM_OK;
}

/* What to do about a negative count, at the end of its message. */
#define NEG_ADVICE                                                                             \
    "if that marks an uncounted unopposed race (MEDSL uses -1), read negative votes as 0"

gm_status gm_results_read(const char *path, const gm_results_opts *o, gm_results **out,
                          gm_error *err)
{
    *out = NULL;
    if (!o->district_col || o->n_parties < 2)
        return gm_fail(err, GM_E_ARG, "results need a district column and at least two vote columns");
    gm_status rc = GM_OK;
    gmi_rrows t;
    rows w;
    memset(&w, 0, sizeof w);
    w.np = o->n_parties;
    gm_results *r = NULL;
    gmi_strmap groups = {0, 0, NULL, NULL}, seen = {0, 0, NULL, NULL};
    long *pcol = NULL, *gcol = NULL, dcol = -1, wcol = -1;
    size_t *gid = NULL, *first = NULL, *count = NULL, n_zeroed = 0, n_out = 0;
    char **dkeys = NULL;
    gmi_row_filter filter = {0, NULL};
    gm_warnings warn = {0};
    w.want_win = o->winner_col != NULL;

    if ((rc = gmi_rrows_open(&t, path, 0, err)) != GM_OK) return rc;
    int st;
    pcol = malloc(o->n_parties * sizeof *pcol);
    gcol = malloc((o->n_group_cols + 1) * sizeof *gcol);
    if (!pcol || !gcol) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    if ((rc = gmi_rrows_columns(&t, &o->district_col, 1, NULL, "district", &dcol, err)) != GM_OK ||
        (rc = gmi_rrows_columns(&t, o->party_cols, o->n_parties, NULL, "vote", pcol, err)) !=
            GM_OK ||
        (rc = gmi_rrows_columns(&t, o->group_cols, o->n_group_cols, NULL, "grouping", gcol, err)) !=
            GM_OK ||
        (o->winner_col &&
         (rc = gmi_rrows_columns(&t, &o->winner_col, 1, NULL, "winner", &wcol, err)) != GM_OK) ||
        (rc = gmi_row_filter_parse(&filter, o->where, &t, err)) != GM_OK)
        goto done;
    {
        /* one column for two parties is refused; columns that look swapped are warned of */
        int idx[GM_MAX_PARTIES];
        size_t np = o->n_parties < GM_MAX_PARTIES ? o->n_parties : GM_MAX_PARTIES;
        for (size_t p = 0; p < np; p++) idx[p] = (int)pcol[p];
        if ((rc = gmi_party_fields_check(path, "vote column",
                                         o->party_names ? o->party_names : o->party_cols,
                                         o->party_cols, idx, np, &warn, err)) != GM_OK)
            goto done;
    }

    /* Pass 1: rows (trimmed fields, comment lines skipped). */
    while ((st = gmi_rrows_next(&t, err)) == 1) {
        char **f = t.csv.field;
        if (!gmi_row_filter_match(&filter, &t)) {
            n_out++;
            continue;
        }
        if (w.n == w.cap && rows_grow(&w) != 0) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
            goto done;
        }
        size_t klen = 1;
        for (size_t g = 0; g < o->n_group_cols; g++) klen += strlen(f[gcol[g]]) + 1;
        char *key = malloc(klen), *dist = strdup(f[dcol]);
        if (!key || !dist) {
            free(key);
            free(dist);
            rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
            goto done;
        }
        key[0] = '\0';
        for (size_t g = 0, off = 0; g < o->n_group_cols; g++) {
            size_t l = strlen(f[gcol[g]]);
            memcpy(key + off, f[gcol[g]], l);
            off += l;
            key[off++] = KEY_SEP;
            key[off] = '\0';
        }
        w.key[w.n] = key;
        w.district[w.n] = dist;
        w.line[w.n] = t.csv.line;
        if (w.win) w.win[w.n] = NULL;
        w.n++;
        if (w.win && !(w.win[w.n - 1] = strdup(f[wcol]))) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
            goto done;
        }
        for (size_t p = 0; p < o->n_parties; p++)
            if ((rc = gmi_rrows_votes(&t, f[pcol[p]], o->party_cols[p], dist, false,
                                      o->negative == GM_NEG_ZERO, NEG_ADVICE,
                                      GM_HINT_NEGATIVE_VOTES_ZERO,
                                      &w.votes[(w.n - 1) * w.np + p], &n_zeroed, err)) != GM_OK)
                goto done;
    }
    if (st < 0) {
        rc = err ? err->code : GM_E_FORMAT;
        goto done;
    }
    if (w.n == 0) {
        if (n_out)
            rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_WHERE,
                              "%s: none of its %zu district rows passes the filter \"%s\"", path,
                              n_out, o->where);
        else
            rc = gm_fail(err, GM_E_DATA, "%s: no district rows after the header", path);
        goto done;
    }

    /* Pass 2: number the groups in order of first appearance. */
    gid = malloc(w.n * sizeof *gid);
    first = malloc(w.n * sizeof *first);
    count = calloc(w.n + 1, sizeof *count);
    dkeys = calloc(w.n, sizeof *dkeys);
    if (!gid || !first || !count || !dkeys || gmi_strmap_init(&groups, w.n) != 0 ||
        gmi_strmap_init(&seen, w.n) != 0) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory grouping '%s'", path);
        goto done;
    }
    size_t ng = 0;
    for (size_t i = 0; i < w.n; i++) {
        size_t old;
        if (gmi_strmap_put(&groups, w.key[i], ng, &old) == 1) {
            first[ng] = i;
            gid[i] = ng++;
        } else {
            gid[i] = old;
        }
        count[gid[i] + 1]++;
        /* One row per district within a group ("1" and "01" are one district, as in
         * every plan: gm_label_cmp). */
        size_t kl = strlen(w.key[i]), dl = strlen(w.district[i]);
        dkeys[i] = malloc(kl + dl + 1);
        if (!dkeys[i]) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory grouping '%s'", path);
            goto done;
        }
        memcpy(dkeys[i], w.key[i], kl);
        gmi_label_key(w.district[i], dkeys[i] + kl);
        if (gmi_strmap_put(&seen, dkeys[i], i, &old) == 0) {
            bool same = strcmp(w.district[i], w.district[old]) == 0;
            rc = gm_fail_hint(err, GM_E_DATA, GM_HINT_GROUP,
                         "%s line %zu: district '%s' appears again (first on line %zu%s%s%s) in "
                         "the same group%s; add the column that tells them apart to the grouping "
                         "columns",
                         path, w.line[i], w.district[i], w.line[old], same ? "" : " as '",
                         same ? "" : w.district[old], same ? "" : "'",
                         same ? "" : ": labels that differ only in leading zeros name one district");
            goto done;
        }
    }

    r = calloc(1, sizeof *r);
    if (!r) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    r->n_rows = w.n;
    r->n_parties = o->n_parties;
    r->n_group_cols = o->n_group_cols;
    r->n_groups = ng;
    r->n_negative_zeroed = n_zeroed;
    r->path = malloc(strlen(path) + 1);
    r->group_start = malloc((ng + 1) * sizeof *r->group_start);
    r->group_value = calloc(ng * o->n_group_cols + 1, sizeof *r->group_value);
    r->district = calloc(w.n, sizeof *r->district);
    r->line = malloc(w.n * sizeof *r->line);
    r->votes = malloc(w.n * w.np * sizeof *r->votes);
    if (w.win) {
        r->winner = malloc(w.n * sizeof *r->winner);
        r->winner_value = calloc(w.n, sizeof *r->winner_value);
    }
    if (!r->path || !r->group_start || !r->group_value || !r->district || !r->line || !r->votes ||
        (w.win && (!r->winner || !r->winner_value))) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory");
        goto done;
    }
    r->n_filtered_out = n_out;
    memcpy(r->path, path, strlen(path) + 1);
    /* Counting sort by group, stable within a group. */
    for (size_t g = 0; g < ng; g++) count[g + 1] += count[g];
    memcpy(r->group_start, count, (ng + 1) * sizeof *count);
    for (size_t i = 0; i < w.n; i++) {
        size_t dst = count[gid[i]]++;
        r->district[dst] = w.district[i];
        w.district[i] = NULL;
        r->line[dst] = w.line[i];
        for (size_t p = 0; p < w.np; p++) r->votes[p * w.n + dst] = w.votes[i * w.np + p];
        if (w.win) {
            r->winner_value[dst] = w.win[i];
            w.win[i] = NULL;
        }
    }
    if (w.win && (rc = declared_winners(r, o, &warn, err)) != GM_OK) goto done;
    r->warnings = warn;
    memset(&warn, 0, sizeof warn);
    /* Grouping values of each group, split from its first row's key. */
    for (size_t g = 0; g < ng; g++) {
        const char *s = w.key[first[g]];
        for (size_t q = 0; q < o->n_group_cols; q++) {
            const char *e = strchr(s, KEY_SEP);
            size_t l = (size_t)(e - s);
            char *v = malloc(l + 1);
            if (!v) {
                rc = gm_fail(err, GM_E_NOMEM, "out of memory");
                goto done;
            }
            memcpy(v, s, l);
            v[l] = '\0';
            r->group_value[g * o->n_group_cols + q] = v;
            s = e + 1;
        }
    }
    /* Shares given for counts: every statewide figure would weight districts equally. */
    for (size_t p = 0; p < w.np; p++) {
        size_t at = 0;
        if (gmi_looks_like_shares(r->votes + p * w.n, w.n, 1, &at) &&
            gm_warn(&r->warnings, "votes_look_like_shares",
                    "%s: every value of the vote column '%s' lies between 0 and 1 (%g for "
                    "district %s on line %zu): those look like vote shares, not counts; the "
                    "statewide share and the efficiency gap need the counts",
                    path, o->party_cols[p], r->votes[p * w.n + at], r->district[at],
                    r->line[at]) != GM_OK) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            goto done;
        }
    }
    *out = r;
    r = NULL;

done:
    if (dkeys)
        for (size_t i = 0; i < w.n; i++) free(dkeys[i]);
    free(dkeys);
    gmi_strmap_free(&groups);
    gmi_strmap_free(&seen);
    free(gid);
    free(first);
    free(count);
    free(pcol);
    free(gcol);
    rows_free(&w);
    gmi_row_filter_free(&filter);
    gm_warnings_free(&warn);
    gm_results_destroy(r);
    gmi_rrows_close(&t);
    return rc;
}
