/* str.c: trimming (str.h). */
#include "core/str.h"

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
