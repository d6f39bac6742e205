/* csv.c: in-place CSV tokenizer. */
#include "io/csv.h"
#include "io/path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/sbuf.h"
#include "core/str.h"

static char detect_sep(const char *s, size_t n)
{
    static const char cand[] = {',', '\t', '|', ';'};
    size_t best = 0, cnt[4] = {0, 0, 0, 0};
    int inq = 0;
    for (size_t i = 0; i < n && s[i] != '\n'; i++) {
        if (s[i] == '"') inq = !inq;
        if (inq) continue;
        for (int j = 0; j < 4; j++) cnt[j] += s[i] == cand[j];
    }
    for (int j = 1; j < 4; j++)
        if (cnt[j] > cnt[best]) best = (size_t)j;
    return cand[best];
}

static gm_status start(gmi_csv *c, char sep)
{
    size_t off = 0;
    if (c->len >= 3 && (unsigned char)c->buf[0] == 0xEF && (unsigned char)c->buf[1] == 0xBB &&
        (unsigned char)c->buf[2] == 0xBF)
        off = 3; /* UTF-8 byte order mark */
    c->pos = off;
    c->sep = sep ? sep : detect_sep(c->buf + off, c->len - off);
    c->line = 0;
    return GM_OK;
}

gm_status gmi_csv_open(gmi_csv *c, const char *path, char sep, gm_error *err)
{
    memset(c, 0, sizeof *c);
    c->path = path;
    gm_status rc = gmi_path_check_local(path, err);
    if (rc) return rc;
    gmi_sbuf text = {0};
    if ((rc = gmi_sbuf_read_file(&text, path, "", err)) != GM_OK) {
        gmi_sbuf_free(&text);
        return rc;
    }
    size_t n = text.len;
    char *b = gmi_sbuf_take(&text);
    c->buf = b;
    c->len = n;
    return start(c, sep);
}

gm_status gmi_csv_open_mem(gmi_csv *c, const char *data, size_t len, const char *name, char sep,
                           gm_error *err)
{
    memset(c, 0, sizeof *c);
    c->path = name;
    c->buf = malloc(len + 1);
    if (!c->buf) return gm_fail(err, GM_E_NOMEM, "out of memory");
    memcpy(c->buf, data, len);
    c->buf[len] = '\0';
    c->len = len;
    return start(c, sep);
}

static int push(gmi_csv *c, char *f)
{
    if (c->nf == c->capf) {
        size_t nc = c->capf ? c->capf * 2 : 16;
        char **t = realloc(c->field, nc * sizeof *t);
        if (!t) return -1;
        c->field = t;
        c->capf = nc;
    }
    c->field[c->nf++] = f;
    return 0;
}

int gmi_csv_next(gmi_csv *c, gm_error *err)
{
    char *b = c->buf;
    c->nf = 0;
    /* skip blank lines */
    while (c->pos < c->len && (b[c->pos] == '\n' || b[c->pos] == '\r')) {
        if (b[c->pos] == '\n') c->line++;
        c->pos++;
    }
    if (c->pos >= c->len) return 0;
    c->line++;
    size_t start_line = c->line;
    for (;;) {
        char *out = b + c->pos, *fstart = out;
        if (b[c->pos] == '"') {
            c->pos++;
            for (;;) {
                if (c->pos >= c->len) {
                    gm_fail(err, GM_E_FORMAT, "%s: line %zu: a quoted field is never closed",
                            c->path, start_line);
                    return -1;
                }
                char ch = b[c->pos++];
                if (ch == '"') {
                    if (c->pos < c->len && b[c->pos] == '"') {
                        *out++ = '"';
                        c->pos++;
                        continue;
                    }
                    break;
                }
                if (ch == '\n') c->line++;
                *out++ = ch;
            }
            /* anything between the closing quote and the separator is kept */
            while (c->pos < c->len && b[c->pos] != c->sep && b[c->pos] != '\n' &&
                   b[c->pos] != '\r')
                *out++ = b[c->pos++];
        } else {
            while (c->pos < c->len && b[c->pos] != c->sep && b[c->pos] != '\n' &&
                   b[c->pos] != '\r')
                *out++ = b[c->pos++];
        }
        char term = c->pos < c->len ? b[c->pos] : '\0';
        if (c->pos < c->len) c->pos++;
        *out = '\0';
        if (push(c, fstart)) {
            gm_fail(err, GM_E_NOMEM, "out of memory");
            return -1;
        }
        if (term == c->sep) continue;
        if (term == '\r' && c->pos < c->len && b[c->pos] == '\n') c->pos++;
        return 1;
    }
}

void gmi_csv_close(gmi_csv *c)
{
    free(c->buf);
    free(c->field);
    memset(c, 0, sizeof *c);
}

long gmi_csv_find(char *const *fields, size_t nf, const char *name)
{
    for (size_t i = 0; i < nf; i++) {
        size_t n;
        const char *f = gmi_trim_span(fields[i], &n);
        if (strlen(name) == n && strncasecmp(f, name, n) == 0) return (long)i;
    }
    return -1;
}

/* Append sep and item (in quotes when quote) to the list in buf, keeping room for a
 * closing ", ..."; an item that would not leave that room ends the list with "...". */
static void append_item(char *buf, size_t cap, size_t *len, const char *sep, bool quote,
                        const char *item)
{
    enum { MORE = 6 }; /* ", ..." and the NUL */
    if (*len + MORE > cap) return; /* the list already ends in "..." */
    int w = snprintf(buf + *len, cap - *len, quote ? "%s'%s'" : "%s%s", sep, item);
    if (w >= 0 && *len + (size_t)w + MORE <= cap) {
        *len += (size_t)w;
        return;
    }
    snprintf(buf + *len, cap - *len, "%s...", sep);
    *len = cap;
}

gm_status gmi_csv_columns(const gmi_csv *c, const char *const *names, size_t n,
                          const bool *required, const char *what, long *col, gm_error *err)
{
    char missing[300] = "", header[600] = "";
    size_t lm = 0, lh = 0, n_missing = 0;
    for (size_t i = 0; i < n; i++) {
        col[i] = gmi_csv_find(c->field, c->nf, names[i]);
        long again = col[i] >= 0 ? gmi_csv_find(c->field + col[i] + 1, c->nf - (size_t)col[i] - 1,
                                                 names[i])
                                 : -1;
        if (again >= 0) /* which one holds the numbers meant? not ours to guess */
            return gm_fail(err, GM_E_FORMAT,
                           "%s: line %zu: two columns are named '%s' (columns %ld and %ld); "
                           "rename one so the table says which holds the %s%svalues",
                           c->path, c->line, names[i], col[i] + 1, col[i] + again + 2,
                           what ? what : "", what ? " " : "");
        if (col[i] >= 0 || (required && !required[i])) continue;
        append_item(missing, sizeof missing, &lm, n_missing++ ? ", " : "", true, names[i]);
    }
    if (!n_missing) return GM_OK;
    for (size_t j = 0; j < c->nf; j++)
        append_item(header, sizeof header, &lh, j ? ", " : "", false, c->field[j]);
    return gm_fail(err, GM_E_FIELD, "%s: line %zu: no %s%scolumn%s %s; the columns are: %s",
                   c->path, c->line, what ? what : "", what ? " " : "", n_missing > 1 ? "s" : "",
                   missing, header);
}
