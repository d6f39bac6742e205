/* fmt.c: numbers for people, grouped in thousands (gm_sink.h): the report pages'
 * gmi_int / gmi_num_sep and the CLI's gmc_fmt_int / gmc_fmt_sep are these. */
#include "gerrymeter/gm_sink.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *gm_fmt_thousands(const char *num, char *buf, size_t cap)
{
    if (cap == 0) return buf;
    const char *digits = num[0] == '-' ? num + 1 : num;
    size_t ni = strcspn(digits, "."), o = 0;
    if (num[0] == '-' && o + 1 < cap) buf[o++] = '-';
    for (size_t i = 0; i < ni && o + 1 < cap; i++) {
        if (i && (ni - i) % 3 == 0) {
            buf[o++] = ',';
            if (o + 1 >= cap) break;
        }
        buf[o++] = digits[i];
    }
    for (const char *p = digits + ni; *p && o + 1 < cap; p++) buf[o++] = *p;
    buf[o] = '\0';
    return buf;
}

const char *gm_fmt_int(double v, const char *undefined, char *buf, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, "%s", undefined);
        return buf;
    }
    char raw[400]; /* "%.0f" of the largest double: 309 digits */
    snprintf(raw, sizeof raw, "%.0f", v);
    return gm_fmt_thousands(strcmp(raw, "-0") == 0 ? "0" : raw, buf, cap);
}
