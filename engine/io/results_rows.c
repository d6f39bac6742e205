/* results_rows.c: the district-result table reader of results_rows.h. */
#include "io/results_rows.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"

/* A comment line, or a record that holds nothing but one blank field. */
static bool skipped(const gmi_csv *c)
{
    if (c->nf && c->field[0][0] == '#') return true;
    size_t n;
    return c->nf == 1 && (gmi_trim_span(c->field[0], &n), n == 0);
}

gm_status gmi_rrows_open(gmi_rrows *t, const char *path, char sep, gm_error *err)
{
    t->need = 0;
    gm_status rc = gmi_csv_open(&t->csv, path, sep, err);
    if (rc != GM_OK) return rc;
    int st;
    while ((st = gmi_csv_next(&t->csv, err)) == 1 && skipped(&t->csv)) continue;
    if (st == 1) return GM_OK;
    gmi_csv_close(&t->csv);
    if (st < 0) return err ? err->code : GM_E_FORMAT;
    return gm_fail(err, GM_E_FORMAT, "%s: no header: the file is empty or holds only comments",
                   path);
}

gm_status gmi_rrows_columns(gmi_rrows *t, const char *const *names, size_t n, const bool *required,
                            const char *what, long *col, gm_error *err)
{
    gm_status rc = gmi_csv_columns(&t->csv, names, n, required, what, col, err);
    if (rc != GM_OK) return rc;
    for (size_t i = 0; i < n; i++)
        if (col[i] >= 0 && (size_t)col[i] + 1 > t->need) t->need = (size_t)col[i] + 1;
    return GM_OK;
}

int gmi_rrows_next(gmi_rrows *t, gm_error *err)
{
    gmi_csv *c = &t->csv;
    int st;
    while ((st = gmi_csv_next(c, err)) == 1 && skipped(c)) continue;
    if (st != 1) return st;
    if (c->nf < t->need) {
        gm_fail(err, GM_E_FORMAT, "%s line %zu: %zu fields, but the columns named need %zu",
                c->path, c->line, c->nf, t->need);
        return -1;
    }
    for (size_t i = 0; i < c->nf; i++) c->field[i] = gmi_trim(c->field[i]);
    return 1;
}

const char *gmi_rrows_get(const gmi_rrows *t, long col)
{
    return col >= 0 && (size_t)col < t->csv.nf ? t->csv.field[col] : "";
}

gm_status gmi_rrows_votes(const gmi_rrows *t, const char *s, const char *col, const char *district,
                          bool allow_empty, bool zero_negative, const char *neg_advice,
                          gm_hint neg_hint, double *v, size_t *n_zeroed, gm_error *err)
{
    const gmi_csv *c = &t->csv;
    if (!*s && allow_empty) {
        *v = 0;
        return GM_OK;
    }
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE)
        return gm_fail(err, GM_E_FORMAT,
                       "%s line %zu: column '%s' of district %s is '%s', not a number of votes",
                       c->path, c->line, col, district, s);
    if (!isfinite(x))
        return gm_fail(err, GM_E_DATA,
                       "%s line %zu: column '%s' of district %s is '%s'; votes must be finite",
                       c->path, c->line, col, district, s);
    if (x < 0) {
        if (!zero_negative)
            return gm_fail_hint(err, GM_E_DATA, neg_hint,
                                "%s line %zu: column '%s' of district %s has negative votes (%s); %s",
                                c->path, c->line, col, district, s, neg_advice);
        x = 0;
        if (n_zeroed) (*n_zeroed)++;
    }
    *v = x;
    return GM_OK;
}

void gmi_rrows_close(gmi_rrows *t)
{
    gmi_csv_close(&t->csv);
    t->need = 0;
}
