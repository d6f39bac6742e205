/* sbuf.c: the growable string of sbuf.h. */
#include "core/sbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Make room for n more bytes and the NUL. Returns false (and sets oom) on failure. */
static bool reserve(gmi_sbuf *b, size_t n)
{
    if (b->oom) return false;
    if (n > SIZE_MAX - b->len - 1) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + n + 1;
    if (need <= b->cap) return true;
    size_t c = b->cap ? b->cap : 256;
    while (c < need) c = c > SIZE_MAX / 2 ? need : 2 * c;
    char *t = realloc(b->s, c);
    if (!t) {
        b->oom = true;
        return false;
    }
    b->s = t;
    b->cap = c;
    return true;
}

void gmi_sbuf_add(gmi_sbuf *b, const char *p, size_t n)
{
    if (!reserve(b, n)) return;
    memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void gmi_sbuf_puts(gmi_sbuf *b, const char *str)
{
    gmi_sbuf_add(b, str, strlen(str));
}

void gmi_sbuf_putc(gmi_sbuf *b, char c)
{
    gmi_sbuf_add(b, &c, 1);
}

void gmi_sbuf_vprintf(gmi_sbuf *b, const char *fmt, va_list ap)
{
    if (b->oom) return;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->oom = true; /* an encoding error: the text would be incomplete */
        return;
    }
    if (!reserve(b, (size_t)n)) return;
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)n;
}

void gmi_sbuf_printf(gmi_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gmi_sbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

int gmi_sbuf_read(gmi_sbuf *b, FILE *f)
{
    enum { CHUNK = 65536 };
    for (;;) {
        if (!reserve(b, CHUNK)) return -1;
        size_t r = fread(b->s + b->len, 1, CHUNK, f);
        b->len += r;
        b->s[b->len] = '\0';
        if (r < CHUNK) {
            if (ferror(f)) {
                if (!errno) errno = EIO;
                return -1;
            }
            if (feof(f)) return 0;
        }
    }
}

gm_status gmi_sbuf_read_file(gmi_sbuf *b, const char *path, const char *what, gm_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return gm_fail(err, GM_E_IO, "cannot open %s'%s': %s", what, path, strerror(errno));
    int rd = gmi_sbuf_read(b, f);
    int read_errno = errno;
    fclose(f);
    if (rd == 0) return GM_OK;
    if (b->oom) return gm_fail(err, GM_E_NOMEM, "out of memory reading '%s'", path);
    return gm_fail(err, GM_E_IO, "cannot read %s'%s': %s", what, path, strerror(read_errno));
}

char *gmi_sbuf_take(gmi_sbuf *b)
{
    char *s = b->oom ? NULL : b->s;
    if (b->oom) free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
    return s;
}

void gmi_sbuf_free(gmi_sbuf *b)
{
    if (!b) return;
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

static gm_status sbuf_write(void *ctx, const char *data, size_t n)
{
    gmi_sbuf *b = ctx;
    gmi_sbuf_add(b, data, n);
    return b->oom ? GM_E_NOMEM : GM_OK;
}

void gmi_sink_sbuf(gm_sink *s, gmi_sbuf *b)
{
    gm_sink_init(s, sbuf_write, b);
}
