/* row_filter.c: the row filter of row_filter.h: a small recursive-descent parser over
 * the expression text, and the test of one row. */
#include "io/row_filter.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOT_IN };

struct gmi_row_term {
    char *col;      /* column name as written */
    long idx;       /* its index in the header */
    int op;
    size_t nv;      /* values (1 unless IN) */
    char **v;
};

/* What a filter looks like, at the end of every syntax error. */
#define FILTER_FORM                                                                            \
    "a filter is COLUMN = VALUE, COLUMN IN (V1, V2) or COLUMN < VALUE, joined by AND"

typedef struct parser {
    const char *path; /* the table, for messages */
    const char *s, *p;
    gm_error *err;
} parser;

static void skip_blank(parser *q)
{
    while (isspace((unsigned char)*q->p)) q->p++;
}

static gm_status syntax(parser *q, const char *what)
{
    return gm_fail_hint(q->err, GM_E_ARG, GM_HINT_WHERE,
                        "%s: bad row filter \"%s\": %s at \"%.40s\"; " FILTER_FORM, q->path, q->s, what,
                        *q->p ? q->p : "the end");
}

/* A keyword (AND, IN, NOT) as a whole word, case-insensitive. */
static bool keyword(parser *q, const char *kw)
{
    skip_blank(q);
    size_t n = strlen(kw);
    if (strncasecmp(q->p, kw, n) != 0) return false;
    char c = q->p[n];
    if (isalnum((unsigned char)c) || c == '_') return false;
    q->p += n;
    return true;
}

/* A quoted run ('...' or "...", the quote doubled inside) or a bare word or number,
 * as a malloc'd string; *ok false (and NULL) when there is none. */
static char *token(parser *q, bool *ok)
{
    skip_blank(q);
    *ok = false;
    const char *p = q->p;
    char *out = malloc(strlen(p) + 1);
    if (!out) return NULL;
    size_t o = 0;
    if (*p == '\'' || *p == '"') {
        char quote = *p++;
        for (;;) {
            if (!*p) {
                free(out);
                return NULL; /* unterminated */
            }
            if (*p == quote) {
                if (p[1] == quote) {
                    out[o++] = quote;
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            out[o++] = *p++;
        }
    } else {
        while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-' ||
                      *p == '+'))
            out[o++] = *p++;
        if (o == 0) {
            free(out);
            return NULL;
        }
    }
    out[o] = '\0';
    q->p = p;
    *ok = true;
    return out;
}

static int comparison(parser *q)
{
    skip_blank(q);
    static const struct { const char *s; int op; } ops[] = {
        {"==", OP_EQ}, {"!=", OP_NE}, {"<>", OP_NE}, {"<=", OP_LE}, {">=", OP_GE},
        {"=", OP_EQ},  {"<", OP_LT},  {">", OP_GT}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        size_t n = strlen(ops[i].s);
        if (!strncmp(q->p, ops[i].s, n)) {
            q->p += n;
            return ops[i].op;
        }
    }
    if (keyword(q, "IN")) return OP_IN;
    const char *save = q->p;
    if (keyword(q, "NOT") && keyword(q, "IN")) return OP_NOT_IN;
    q->p = save;
    return -1;
}

static gm_status push_value(gmi_row_term *t, char *v, gm_error *err)
{
    char **nv = realloc(t->v, (t->nv + 1) * sizeof *nv);
    if (!nv) {
        free(v);
        return gm_fail(err, GM_E_NOMEM, "out of memory");
    }
    t->v = nv;
    t->v[t->nv++] = v;
    return GM_OK;
}

static gm_status term(parser *q, gmi_row_term *t)
{
    bool ok;
    memset(t, 0, sizeof *t);
    t->idx = -1;
    t->col = token(q, &ok);
    if (!ok) return syntax(q, "expected a column name");
    if ((t->op = comparison(q)) < 0) return syntax(q, "expected =, <>, <, <=, >, >= or IN");
    gm_status rc;
    if (t->op == OP_IN || t->op == OP_NOT_IN) {
        skip_blank(q);
        if (*q->p != '(') return syntax(q, "expected '(' after IN");
        q->p++;
        for (;;) {
            char *v = token(q, &ok);
            if (!ok) return syntax(q, "expected a value");
            if ((rc = push_value(t, v, q->err)) != GM_OK) return rc;
            skip_blank(q);
            if (*q->p == ',') {
                q->p++;
                continue;
            }
            if (*q->p == ')') {
                q->p++;
                break;
            }
            return syntax(q, "expected ',' or ')'");
        }
        return GM_OK;
    }
    char *v = token(q, &ok);
    if (!ok) return syntax(q, "expected a value");
    return push_value(t, v, q->err);
}

void gmi_row_filter_free(gmi_row_filter *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->t[i].col);
        for (size_t j = 0; j < f->t[i].nv; j++) free(f->t[i].v[j]);
        free(f->t[i].v);
    }
    free(f->t);
    memset(f, 0, sizeof *f);
}

gm_status gmi_row_filter_parse(gmi_row_filter *f, const char *expr, gmi_rrows *t, gm_error *err)
{
    memset(f, 0, sizeof *f);
    if (!expr) return GM_OK;
    parser q = {t->csv.path, expr, expr, err};
    skip_blank(&q);
    if (!*q.p) return GM_OK;
    gm_status rc = GM_OK;
    for (;;) {
        gmi_row_term *nt = realloc(f->t, (f->n + 1) * sizeof *nt);
        if (!nt) {
            rc = gm_fail(err, GM_E_NOMEM, "out of memory");
            break;
        }
        f->t = nt;
        rc = term(&q, &f->t[f->n]);
        f->n++; /* freed whole on failure */
        if (rc != GM_OK) break;
        skip_blank(&q);
        if (!*q.p) break;
        if (!keyword(&q, "AND")) {
            rc = syntax(&q, keyword(&q, "OR") ? "OR is not supported (use IN)" : "expected AND");
            break;
        }
    }
    for (size_t i = 0; rc == GM_OK && i < f->n; i++) {
        const char *name = f->t[i].col;
        rc = gmi_rrows_columns(t, &name, 1, NULL, "filter", &f->t[i].idx, err);
        if (rc != GM_OK && err) err->hint = GM_HINT_WHERE;
    }
    if (rc != GM_OK) gmi_row_filter_free(f);
    return rc;
}

/* s read wholly as a number. */
static bool number(const char *s, double *v)
{
    if (!*s) return false;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *end == '\0' && errno != ERANGE && isfinite(*v);
}

/* -1, 0, 1: row value x against filter value y. */
static int cmp(const char *x, const char *y)
{
    double a, b;
    if (number(x, &a) && number(y, &b)) return (a > b) - (a < b);
    int c = strcmp(x, y);
    return (c > 0) - (c < 0);
}

bool gmi_row_filter_match(const gmi_row_filter *f, const gmi_rrows *t)
{
    for (size_t i = 0; i < f->n; i++) {
        const gmi_row_term *m = &f->t[i];
        const char *x = gmi_rrows_get(t, m->idx);
        bool hit;
        if (m->op == OP_IN || m->op == OP_NOT_IN) {
            hit = false;
            for (size_t j = 0; j < m->nv && !hit; j++) hit = cmp(x, m->v[j]) == 0;
            if (m->op == OP_NOT_IN) hit = !hit;
        } else {
            int c = cmp(x, m->v[0]);
            hit = m->op == OP_EQ   ? c == 0
                  : m->op == OP_NE ? c != 0
                  : m->op == OP_LT ? c < 0
                  : m->op == OP_LE ? c <= 0
                  : m->op == OP_GT ? c > 0
                                   : c >= 0;
        }
        if (!hit) return false;
    }
    return true;
}
