/* sbuf.h: a growable string (string builder). Engine-internal.
 *
 * Append with gmi_sbuf_add / _puts / _putc / _printf; the text stays NUL-terminated.
 * An allocation failure does not stop the caller: the builder sets its sticky `oom`
 * flag and ignores every later append, so a writer checks once at the end. A builder
 * starts zeroed (gmi_sbuf b = {0}) and is released with gmi_sbuf_free or handed over
 * with gmi_sbuf_take. It is also a gm_sink target (gmi_sink_sbuf). */
#ifndef GM_SBUF_H
#define GM_SBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "gerrymeter/gm_sink.h"

typedef struct gmi_sbuf {
    char *s;    /* text, NUL-terminated; NULL until the first append (owned) */
    size_t len; /* bytes of text, without the NUL */
    size_t cap; /* bytes allocated */
    bool oom;   /* an allocation failed: the text is incomplete and appends are ignored */
} gmi_sbuf;

/* Append n bytes of p (p may hold NULs). */
void gmi_sbuf_add(gmi_sbuf *b, const char *p, size_t n);
/* Append a NUL-terminated string. */
void gmi_sbuf_puts(gmi_sbuf *b, const char *str);
void gmi_sbuf_putc(gmi_sbuf *b, char c);
void gmi_sbuf_vprintf(gmi_sbuf *b, const char *fmt, va_list ap);
void gmi_sbuf_printf(gmi_sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Append everything left in f (binary). Returns 0, or -1 on a read error (errno set)
 * or out of memory (b->oom). */
int gmi_sbuf_read(gmi_sbuf *b, FILE *f);

/* Append the whole file at path. Errors name it, `what` (e.g. "graph ", or "") before
 * the quoted path: GM_E_IO "cannot open WHAT'PATH': reason" or "cannot read ...",
 * GM_E_NOMEM "out of memory reading 'PATH'". */
gm_status gmi_sbuf_read_file(gmi_sbuf *b, const char *path, const char *what, gm_error *err);

/* Hand the text over: returns b->s (the caller frees it) and leaves b empty. Returns
 * NULL, freeing the text, when b->oom is set; also NULL when nothing was appended. */
char *gmi_sbuf_take(gmi_sbuf *b);

/* Release the text and reset b (oom cleared). NULL-safe. */
void gmi_sbuf_free(gmi_sbuf *b);

/* A sink that appends to b (a failed append is GM_E_NOMEM). b must outlive s. */
void gmi_sink_sbuf(gm_sink *s, gmi_sbuf *b);

#endif
