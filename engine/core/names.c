/* names.c: names and areas in one-line messages (names.h). */
#include "core/names.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void gmi_names_add(gmi_names *l, const char *fmt, ...)
{
    if (l->n++ >= GMI_NAMES_MAX) return;
    size_t len = strlen(l->text);
    if (len + 3 >= sizeof l->text) return;
    if (len) {
        memcpy(l->text + len, ", ", 3);
        len += 2;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text + len, sizeof l->text - len, fmt, ap);
    va_end(ap);
}

const char *gmi_names_more(const gmi_names *l)
{
    return l->n > GMI_NAMES_MAX ? ", ..." : "";
}

const char *gmi_fmt_m2(char *buf, double m2)
{
    if (!isfinite(m2) || fabs(m2) >= 1e15) {
        snprintf(buf, GMI_M2_BUF, "%.3g", m2);
    } else if (fabs(m2) >= 100) {
        char d[24];
        int n = snprintf(d, sizeof d, "%.0f", fabs(m2)), o = 0;
        if (m2 < 0) buf[o++] = '-';
        for (int i = 0; i < n; i++) {
            if (i && (n - i) % 3 == 0) buf[o++] = ',';
            buf[o++] = d[i];
        }
        buf[o] = '\0';
    } else if (fabs(m2) >= 1) {
        snprintf(buf, GMI_M2_BUF, "%.1f", m2);
    } else {
        snprintf(buf, GMI_M2_BUF, "%.2g", m2);
    }
    return buf;
}
