/* error.c: status names and the error record. */
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

gm_status gm_fail(gm_error *err, gm_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        /* A message is one line: fold any newline a third-party library gave us. */
        for (char *c = err->msg; *c; c++)
            if (*c == '\n' || *c == '\r') *c = ' ';
        err->code = code;
    }
    return code;
}

void gm_error_clear(gm_error *err)
{
    if (!err) return;
    err->code = GM_OK;
    err->msg[0] = '\0';
}
