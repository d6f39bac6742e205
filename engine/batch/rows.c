/* rows.c: the per-plan rows of an ensemble run (docs/ensembles.md, "Per-plan metrics"),
 * written and read back; what comes before and after them is rows_meta.c.
 *
 * CSV: a header "plan,sample,<metric>...,share_1..share_k", then one line per plan; the
 * reference plan's line starts "reference," and has no sample. JSONL: one object per
 * plan with the same keys and "shares": [...]. A metric's column is its registry key,
 * or for a per-party metric the key with the party's name (gm_metric_column:
 * "seats_D"). Reals are written with %.17g (integers without a decimal point in CSV),
 * so what is read back is what was computed, bit for bit; undefined values are empty
 * (CSV) or null (JSONL). A version-1 file (gerrymeter before the columns named the
 * parties) has the parties "a" and "b" and no GM_MD_ROWS2 columns.
 *
 * Reading goes column by column through one cell reader (cell()), driven either by the
 * layout of our own header (gm_ens_row_parse: merge and --resume) or by the layout of any
 * per-plan scores CSV (gmi_rows_layout_init: the report's --ensemble input). This file
 * and the summary are the only places that go through the metrics one by one. */
#include "batch/rows.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- writing ----------------------------------------------------------------------- */

void gmi_rows_csv_num(FILE *f, double v)
{
    if (!isfinite(v)) return;
    if (v == floor(v) && fabs(v) < 1e15) fprintf(f, "%.0f", v);
    else fprintf(f, "%.17g", v);
}

static void json_num(FILE *f, double v)
{
    if (isfinite(v)) fprintf(f, "%.17g", v);
    else fputs("null", f);
}

static gm_status write_status(FILE *f, gm_error *err)
{
    return ferror(f) ? gm_fail(err, GM_E_IO, "cannot write the per-plan rows: %s", strerror(errno))
                     : GM_OK;
}

/* Registry row m has a column in rows of this version (GM_MD_ROWS2: not in version 1). */
static bool has_column(int version, size_t m)
{
    return version >= 2 || !(gm_metric_get(GM_MF_PLAN, m)->flags & GM_MD_ROWS2);
}

static const char *column(const gm_rows_info *ri, size_t m, char *buf, size_t cap)
{
    return gm_metric_column(gm_metric_get(GM_MF_PLAN, m), ri->party[0], ri->party[1], buf, cap);
}

const char *gmi_rows_column(const gm_rows_info *ri, size_t m, char *buf, size_t cap)
{
    return has_column(ri->version, m) ? column(ri, m, buf, cap) : NULL;
}

void gmi_rows_csv_header(FILE *f, const gm_rows_info *ri)
{
    char c[GM_ROWS_NAME + 64];
    fputs("plan,sample", f);
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++)
        if (has_column(ri->version, m)) fprintf(f, ",%s", column(ri, m, c, sizeof c));
    for (size_t r = 0; r < ri->k; r++) fprintf(f, ",share_%zu", r + 1);
}

gm_status gm_ens_row_write(FILE *f, const gm_rows_info *ri, int64_t plan, const gm_plan_scores *s,
                           const double *sh, gm_error *err)
{
    size_t k = ri->k;
    if (ri->fmt == GM_ROWS_CSV) {
        if (plan < 0) fputs("reference,", f);
        else fprintf(f, "%lld,%lld", (long long)plan, (long long)s->sample);
        for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
            if (!has_column(ri->version, m)) continue;
            fputc(',', f);
            gmi_rows_csv_num(f, gm_plan_scores_get(s, m));
        }
        for (size_t r = 0; r < k; r++) {
            fputc(',', f);
            gmi_rows_csv_num(f, sh[r]);
        }
        fputc('\n', f);
        return write_status(f, err);
    }
    char c[GM_ROWS_NAME + 64];
    if (plan < 0) fputs("{\"plan\": \"reference\", \"sample\": null", f);
    else fprintf(f, "{\"plan\": %lld, \"sample\": %lld", (long long)plan, (long long)s->sample);
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        if (!has_column(ri->version, m)) continue;
        fprintf(f, ", \"%s\": ", column(ri, m, c, sizeof c));
        json_num(f, gm_plan_scores_get(s, m));
    }
    fputs(", \"shares\": [", f);
    for (size_t r = 0; r < k; r++) {
        if (r) fputs(", ", f);
        json_num(f, sh[r]);
    }
    fputs("]}\n", f);
    return write_status(f, err);
}

/* ---- cells ------------------------------------------------------------------------- */

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static void trim(const char **c, size_t *len)
{
    while (*len && blank(**c)) {
        (*c)++;
        (*len)--;
    }
    while (*len && blank((*c)[*len - 1])) (*len)--;
}

static bool is_word(const char *c, size_t len, const char *w)
{
    return len == strlen(w) && strncasecmp(c, w, len) == 0;
}

/* A number, or an undefined value: an empty cell, null, NaN or NA. The whole cell must
 * be the number; an overflow to infinity is refused. The cell ends at a separator, so
 * strtod cannot read past it. */
static bool number(const char *c, size_t len, double *v)
{
    trim(&c, &len);
    if (!len || is_word(c, len, "null") || is_word(c, len, "nan") || is_word(c, len, "na")) {
        *v = NAN;
        return true;
    }
    char *e;
    errno = 0;
    double x = strtod(c, &e);
    if (e != c + len || (errno == ERANGE && isinf(x))) return false;
    *v = x;
    return true;
}

/* A whole-cell integer. */
static bool integer(const char *c, size_t len, long long *v)
{
    trim(&c, &len);
    if (!len) return false;
    char *e;
    errno = 0;
    long long x = strtoll(c, &e, 10);
    if (e != c + len || errno == ERANGE) return false;
    *v = x;
    return true;
}

/* Column j's role and slot. Without a role table the layout is our own header:
 * plan, sample, the metrics in registry order (GM_MF_PLAN), then the k shares. */
static int role_of(const gmi_rows_layout *L, size_t j, size_t *slot)
{
    if (L->role) {
        *slot = L->slot[j];
        return L->role[j];
    }
    *slot = 0;
    if (j == 0) return GMI_COL_PLAN;
    if (j == 1) return GMI_COL_SAMPLE;
    size_t nm = gm_metric_count(GM_MF_PLAN), c = 2;
    for (size_t m = 0; m < nm; m++) {
        if (!has_column(L->version, m)) continue;
        if (c++ == j) return (int)m;
    }
    *slot = j - c;
    return GMI_COL_SHARE;
}

/* Metric columns of rows of this version. */
static size_t n_columns(int version)
{
    size_t n = 0;
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) n += has_column(version, m);
    return n;
}

/* Read cell j of a row into r. False when the column cannot hold it. */
static bool cell(const gmi_rows_layout *L, size_t j, const char *c, size_t len, gmi_row *r)
{
    size_t slot;
    int role = role_of(L, j, &slot);
    double v;
    long long x;
    switch (role) {
    case GMI_COL_PLAN: {
        const char *t = c;
        size_t tl = len;
        trim(&t, &tl);
        if (is_word(t, tl, "reference")) {
            r->plan = -1;
            return true;
        }
        if (!L->strict) return true;
        if (!integer(c, len, &x) || x < 0) return false;
        r->plan = x;
        return true;
    }
    case GMI_COL_SAMPLE:
        if (!L->strict) return true;
        if (r->plan == -1) return len == 0; /* the reference plan has no sample */
        if (!integer(c, len, &x)) return false;
        r->s.sample = x;
        return true;
    case GMI_COL_SKIP: return true;
    case GMI_COL_SHARE: return number(c, len, &r->shares[slot]);
    case GMI_COL_OTHER: return number(c, len, &r->other[slot]);
    default:
        if (!number(c, len, &v)) return false;
        gm_plan_scores_set(&r->s, (size_t)role, v);
        return true;
    }
}

static void row_start(gmi_row *r)
{
    r->plan = -2;
    memset(&r->s, 0, sizeof r->s);
}

long gmi_rows_parse_cells(const gmi_rows_layout *L, const char *const *cells, const size_t *len,
                          size_t n, gmi_row *row)
{
    row_start(row);
    for (size_t j = 0; j < n && j < L->n; j++)
        if (!cell(L, j, cells[j], len[j], row)) return (long)j;
    return n == L->n ? -1 : (long)(n < L->n ? n : L->n);
}

/* ---- layouts ------------------------------------------------------------------------ */

/* Rank of a share column ("share_12" -> 12; also sorted_share_N, shares_N, shareN), or -1. */
static long share_rank(const char *name)
{
    const char *p = name;
    if (strncasecmp(p, "sorted_", 7) == 0) p += 7;
    if (strncasecmp(p, "shares", 6) == 0)
        p += 6;
    else if (strncasecmp(p, "share", 5) == 0)
        p += 5;
    else
        return -1;
    if (*p == '_') p++;
    if (!isdigit((unsigned char)*p)) return -1;
    char *end;
    errno = 0;
    long r = strtol(p, &end, 10);
    return *end || errno == ERANGE || r > (1L << 30) ? -1 : r;
}

gm_status gmi_rows_layout_init(gmi_rows_layout *L, const char *const *names, size_t n,
                               const char *pa, const char *pb, const char *what, gm_error *err)
{
    char col[GM_ROWS_NAME + 64];
    gm_status rc = GM_OK;
    bool seen_metric[GM_PLAN_METRICS_MAX] = {false};
    bool *seen = NULL;
    memset(L, 0, sizeof *L);
    L->n = n;
    L->role = malloc((n ? n : 1) * sizeof *L->role);
    L->slot = calloc(n ? n : 1, sizeof *L->slot);
    if (!L->role || !L->slot) {
        rc = gm_fail(err, GM_E_NOMEM, "out of memory reading %s", what);
        goto done;
    }
    long rmin = -1, rmax = -1;
    size_t n_share = 0;
    for (size_t j = 0; j < n; j++) {
        const char *nm = names[j];
        long r = share_rank(nm);
        int role = GMI_COL_OTHER;
        if (!strcasecmp(nm, "plan")) role = GMI_COL_PLAN;
        else if (!strcasecmp(nm, "sample")) role = GMI_COL_SAMPLE;
        else if (!strcasecmp(nm, "step") || !strcasecmp(nm, "id")) role = GMI_COL_SKIP;
        else if (r >= 0) role = GMI_COL_SHARE;
        else
            for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++)
                if (!seen_metric[m] &&
                    (!strcasecmp(nm, gm_metric_get(GM_MF_PLAN, m)->key) ||
                     !strcasecmp(nm, gm_metric_column(gm_metric_get(GM_MF_PLAN, m), pa, pb, col,
                                                      sizeof col)))) {
                    seen_metric[m] = true;
                    role = (int)m;
                    break;
                }
        L->role[j] = role;
        if (role == GMI_COL_SHARE) {
            n_share++;
            L->slot[j] = (size_t)r; /* made relative below */
            rmin = rmin < 0 || r < rmin ? r : rmin;
            rmax = r > rmax ? r : rmax;
        } else if (role == GMI_COL_OTHER) {
            L->slot[j] = L->n_other++;
        }
    }
    if (n_share) {
        L->k = (size_t)(rmax - rmin + 1);
        seen = L->k == n_share ? calloc(L->k, sizeof *seen) : NULL;
        bool ok = seen != NULL;
        for (size_t j = 0; ok && j < n; j++) {
            if (L->role[j] != GMI_COL_SHARE) continue;
            L->slot[j] -= (size_t)rmin;
            ok = !seen[L->slot[j]];
            seen[L->slot[j]] = true;
        }
        if (!ok) {
            rc = gm_fail(err, GM_E_FORMAT,
                         "%s: share columns must be numbered %ld..%ld without gaps or repeats "
                         "(%zu found)",
                         what, rmin, rmax, n_share);
            goto done;
        }
    }
done:
    free(seen);
    if (rc != GM_OK) gmi_rows_layout_free(L);
    return rc;
}

void gmi_rows_layout_free(gmi_rows_layout *L)
{
    if (!L) return;
    free(L->role);
    free(L->slot);
    memset(L, 0, sizeof *L);
}

/* ---- our own rows -------------------------------------------------------------------- */

long gmi_rows_csv_header_k(const char *line, const gm_rows_info *ri)
{
    char c[GM_ROWS_NAME + 64];
    const char *p = line;
    if (strncmp(p, "plan,sample", 11) != 0) return -1;
    p += 11;
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        if (!has_column(ri->version, m)) continue;
        const char *name = column(ri, m, c, sizeof c);
        size_t l = strlen(name);
        if (*p != ',' || strncmp(p + 1, name, l) != 0) return -1;
        p += 1 + l;
    }
    long k = 0;
    while (!strncmp(p, ",share_", 7)) {
        char *e;
        errno = 0;
        long r = strtol(p + 7, &e, 10);
        if (e == p + 7 || r != k + 1 || errno == ERANGE) return -1;
        k++;
        p = e;
    }
    if (*p == '\r') p++;
    if (*p == '\n') p++;
    return *p ? -1 : k;
}

long gmi_rows_jsonl_k(const char *line)
{
    const char *q = strstr(line, "\"shares\": [");
    if (!q) return -1;
    q += 11;
    while (*q == ' ') q++;
    if (*q == ']') return 0;
    long k = 1;
    for (; *q && *q != ']'; q++) k += *q == ',';
    return k;
}

/* A JSON value token starting at q (blanks skipped): up to , ] } or a blank. */
static const char *token(const char *q, size_t *len)
{
    while (*q == ' ') q++;
    size_t l = 0;
    while (q[l] && q[l] != ',' && q[l] != ']' && q[l] != '}' && !blank(q[l])) l++;
    *len = l;
    return q;
}

static gm_status parse_jsonl(const char *p, const gm_rows_info *ri, int64_t *plan,
                             gm_plan_scores *s, double *sh)
{
    size_t len, k = ri->k;
    long long x;
    const char *q = strstr(p, "\"plan\": ");
    if (!q) return GM_E_FORMAT;
    q += 8;
    if (!strncmp(q, "\"reference\"", 11)) {
        *plan = -1;
    } else {
        q = token(q, &len);
        if (!integer(q, len, &x) || x < 0) return GM_E_FORMAT;
        *plan = x;
    }
    q = strstr(p, "\"sample\": ");
    if (q) {
        q = token(q + 10, &len);
        if (is_word(q, len, "null")) s->sample = 0;
        else if (integer(q, len, &x)) s->sample = x;
        else return GM_E_FORMAT;
    }
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++) {
        if (!has_column(ri->version, m)) continue;
        char key[GM_ROWS_NAME + 80], c[GM_ROWS_NAME + 64];
        double v;
        snprintf(key, sizeof key, "\"%s\": ", column(ri, m, c, sizeof c));
        q = strstr(p, key);
        if (!q) return GM_E_FORMAT;
        q = token(q + strlen(key), &len);
        if (!len || !number(q, len, &v)) return GM_E_FORMAT; /* JSON has null, not "" */
        gm_plan_scores_set(s, (size_t)m, v);
    }
    q = strstr(p, "\"shares\": [");
    if (!q) return GM_E_FORMAT;
    q += 11;
    for (size_t r = 0; r < k; r++) {
        q = token(q, &len);
        if (!len || !number(q, len, &sh[r])) return GM_E_FORMAT;
        q += len;
        while (*q == ' ') q++;
        if (*q != (r + 1 < k ? ',' : ']')) return GM_E_FORMAT; /* exactly k shares */
        q++;
    }
    while (*q == ' ') q++;
    return k || *q == ']' ? GM_OK : GM_E_FORMAT;
}

gm_status gm_ens_row_parse(const char *line, const gm_rows_info *ri, int64_t *plan,
                           gm_plan_scores *s, double *shares)
{
    memset(s, 0, sizeof *s);
    /* the columns an older file does not have are undefined */
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++)
        if (!has_column(ri->version, m)) gm_plan_scores_set(s, m, NAN);
    if (ri->fmt != GM_ROWS_CSV) return parse_jsonl(line, ri, plan, s, shares);
    /* our header's layout: cells are split at commas (the rows never quote) */
    size_t k = ri->k;
    gmi_rows_layout L = {.n = 2 + n_columns(ri->version) + k, .k = k, .strict = true,
                         .version = ri->version};
    gmi_row r = {.shares = shares, .s = *s};
    r.plan = -2;
    size_t end = strlen(line);
    if (end && line[end - 1] == '\n') end--;
    if (end && line[end - 1] == '\r') end--;
    size_t j = 0, at = 0;
    for (;;) {
        const char *c = line + at, *comma = memchr(c, ',', end - at);
        size_t len = comma ? (size_t)(comma - c) : end - at;
        if (j >= L.n || !cell(&L, j, c, len, &r)) return GM_E_FORMAT;
        j++;
        if (!comma) break;
        at += len + 1;
    }
    if (j != L.n) return GM_E_FORMAT;
    *plan = r.plan;
    *s = r.s;
    return GM_OK;
}

