/* warn.c: the warnings list (gm_warnings, gm_core.h). */
#include "gerrymeter/gm_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool holds(const gm_warnings *w, const char *msg)
{
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->msg[i], msg) == 0) return true;
    return false;
}

static gm_status push(gm_warnings *w, const char *code, const char *msg)
{
    if (holds(w, msg)) return GM_OK;
    if (w->n == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 4;
        const char **c = realloc(w->code, cap * sizeof *c);
        if (!c) return GM_E_NOMEM;
        w->code = c;
        char **m = realloc(w->msg, cap * sizeof *m);
        if (!m) return GM_E_NOMEM;
        w->msg = m;
        w->cap = cap;
    }
    char *dup = strdup(msg);
    if (!dup) return GM_E_NOMEM;
    for (char *c = dup; *c; c++) /* one line */
        if (*c == '\n' || *c == '\r') *c = ' ';
    w->code[w->n] = code;
    w->msg[w->n++] = dup;
    return GM_OK;
}

gm_status gm_warn(gm_warnings *w, const char *code, const char *fmt, ...)
{
    if (!w) return GM_OK;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return push(w, code, buf);
}

gm_status gm_warnings_merge(gm_warnings *dst, const gm_warnings *src)
{
    if (!dst || !src) return GM_OK;
    for (size_t i = 0; i < src->n; i++) {
        gm_status rc = push(dst, src->code[i], src->msg[i]);
        if (rc) return rc;
    }
    return GM_OK;
}

size_t gm_warnings_count(const gm_warnings *w, const char *code)
{
    size_t k = 0;
    if (w)
        for (size_t i = 0; i < w->n; i++) k += strcmp(w->code[i], code) == 0;
    return k;
}

void gm_warnings_free(gm_warnings *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->n; i++) free(w->msg[i]);
    free(w->code);
    free(w->msg);
    memset(w, 0, sizeof *w);
}
