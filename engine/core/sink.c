/* sink.c: the output sink of gm_sink.h, its FILE* adapter (the string-builder adapter is
 * gmi_sink_sbuf in sbuf.c) and the JSON string writer. */
#include "gerrymeter/gm_sink.h"

#include <stdlib.h>
#include <string.h>

void gm_sink_init(gm_sink *s, gm_sink_write_fn write, void *ctx)
{
    s->write = write;
    s->ctx = ctx;
    s->status = GM_OK;
}

static gm_status file_write(void *ctx, const char *data, size_t n)
{
    return fwrite(data, 1, n, (FILE *)ctx) == n ? GM_OK : GM_E_IO;
}

void gm_sink_file(gm_sink *s, FILE *f)
{
    gm_sink_init(s, file_write, f);
}

void gm_sink_write(gm_sink *s, const char *data, size_t n)
{
    if (s->status != GM_OK || n == 0) return;
    s->status = s->write(s->ctx, data, n);
}

void gm_sink_puts(gm_sink *s, const char *str)
{
    gm_sink_write(s, str, strlen(str));
}

void gm_sink_putc(gm_sink *s, char c)
{
    gm_sink_write(s, &c, 1);
}

void gm_sink_vprintf(gm_sink *s, const char *fmt, va_list ap)
{
    if (s->status != GM_OK) return;
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        s->status = GM_E_ARG; /* an encoding error in the format or its arguments */
        return;
    }
    if ((size_t)n < sizeof small) {
        gm_sink_write(s, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        s->status = GM_E_NOMEM;
        return;
    }
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    gm_sink_write(s, big, (size_t)n);
    free(big);
}

void gm_sink_printf(gm_sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gm_sink_vprintf(s, fmt, ap);
    va_end(ap);
}

gm_status gm_sink_status(const gm_sink *s)
{
    return s->status;
}

void gm_sink_json_string(gm_sink *s, const char *str)
{
    gm_sink_putc(s, '"');
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        switch (*p) {
        case '"': gm_sink_puts(s, "\\\""); break;
        case '\\': gm_sink_puts(s, "\\\\"); break;
        case '\n': gm_sink_puts(s, "\\n"); break;
        case '\r': gm_sink_puts(s, "\\r"); break;
        case '\t': gm_sink_puts(s, "\\t"); break;
        case '/':
            if (p > (const unsigned char *)str && p[-1] == '<') gm_sink_puts(s, "\\/");
            else gm_sink_putc(s, '/');
            break;
        default:
            if (*p < 0x20) gm_sink_printf(s, "\\u%04x", *p);
            else gm_sink_putc(s, (char)*p);
        }
    }
    gm_sink_putc(s, '"');
}
