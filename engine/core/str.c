/* str.c: trimming, the equality key of district labels and reals as text (str.h). */
#include "core/str.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

const char *gmi_trim_span(const char *s, size_t *n)
{
    while (blank(*s)) s++;
    size_t len = strlen(s);
    while (len && blank(s[len - 1])) len--;
    if (n) *n = len;
    return s;
}

char *gmi_trim(char *s)
{
    size_t n;
    char *t = (char *)gmi_trim_span(s, &n);
    t[n] = '\0';
    return t;
}

char *gmi_trim_dup(const char *s)
{
    size_t n;
    const char *t = gmi_trim_span(s, &n);
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, t, n);
        r[n] = '\0';
    }
    return r;
}

void gmi_label_key(const char *s, char *out)
{
    bool in_digits = false;
    for (; *s; s++) {
        bool digit = *s >= '0' && *s <= '9';
        /* a zero that starts a run of digits and is followed by a digit says nothing */
        if (digit && !in_digits && *s == '0' && s[1] >= '0' && s[1] <= '9') continue;
        in_digits = digit;
        *out++ = *s;
    }
    *out = '\0';
}

const char *gmi_real_text(double v, char *buf, size_t cap)
{
    if (v == floor(v) && fabs(v) < 9007199254740992.0) snprintf(buf, cap, "%.0f", v == 0 ? 0.0 : v);
    else snprintf(buf, cap, "%.15g", v);
    return buf;
}
