/* error.c: status and hint names and the error record. */
#include "gerrymeter/gm_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *gm_status_str(gm_status s)
{
    switch (s) {
    case GM_OK: return "ok";
    case GM_E_NOMEM: return "out of memory";
    case GM_E_IO: return "i/o";
    case GM_E_FORMAT: return "format";
    case GM_E_FIELD: return "field";
    case GM_E_DATA: return "data";
    case GM_E_CRS: return "crs";
    case GM_E_GEOM: return "geometry";
    case GM_E_ARG: return "argument";
    case GM_E_INTERRUPTED: return "interrupted";
    }
    return "unknown";
}

const char *gm_hint_name(gm_hint h)
{
    switch (h) {
    case GM_HINT_NONE: return "none";
    case GM_HINT_CRS: return "crs";
    case GM_HINT_WHERE: return "where";
    case GM_HINT_PLAN_WHERE: return "plan_where";
    case GM_HINT_DISTRICT_ID: return "district_id";
    case GM_HINT_JOIN: return "join";
    case GM_HINT_ALLOW_NETWORK: return "allow_network";
    case GM_HINT_NEGATIVE_VOTES_ZERO: return "negative_votes_zero";
    case GM_HINT_POP: return "pop";
    case GM_HINT_GROUP: return "group";
    case GM_HINT_CONVENTION: return "convention";
    case GM_HINT_DRAWS: return "draws";
    case GM_HINT_GRAPH_FILE: return "graph_file";
    case GM_HINT_ENSEMBLE_GMEN: return "ensemble_gmen";
    case GM_HINT_UNIT_ID: return "unit_id";
    case GM_HINT_POP_DEV_LIMIT: return "pop_dev_limit";
    case GM_HINT_ENSEMBLE_SCORE: return "ensemble_score";
    case GM_HINT_DISTRICTS: return "districts";
    case GM_HINT_OVERWRITE: return "overwrite";
    }
    return "unknown";
}

static gm_status record(gm_error *err, gm_status code, gm_hint hint, const char *fmt, va_list ap)
{
    if (err) {
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        /* A message is one line: fold any newline a third-party library gave us. */
        for (char *c = err->msg; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' ';
        err->code = code;
        err->hint = hint;
    }
    return code;
}

gm_status gm_fail(gm_error *err, gm_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gm_status rc = record(err, code, GM_HINT_NONE, fmt, ap);
    va_end(ap);
    return rc;
}

gm_status gm_fail_hint(gm_error *err, gm_status code, gm_hint hint, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gm_status rc = record(err, code, hint, fmt, ap);
    va_end(ap);
    return rc;
}

void gm_error_clear(gm_error *err)
{
    if (!err) return;
    err->code = GM_OK;
    err->hint = GM_HINT_NONE;
    err->msg[0] = '\0';
}
