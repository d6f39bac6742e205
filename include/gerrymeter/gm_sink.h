/* gm_sink.h: where the engine's text output goes.
 *
 * Every engine writer (the report pages and their charts, the seats-votes and control
 * pages, the graph writers) writes to a gm_sink: a write callback and its context, with
 * an error state. A failed write records its status, and every later write is skipped,
 * so a writer checks once, at the end (gm_sink_status). Adapters: gm_sink_file writes
 * to a FILE*; a caller with its own buffer (a Python module, a socket) passes its own
 * callback to gm_sink_init. A sink is not safe to share between threads. */
#ifndef GM_SINK_H
#define GM_SINK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "gm_core.h"

GM_BEGIN_DECLS

/* Write n bytes of data (n >= 1; data holds no terminating NUL). Returns GM_OK, or the
 * status to record (GM_E_IO, GM_E_NOMEM, ...). */
typedef gm_status (*gm_sink_write_fn)(void *ctx, const char *data, size_t n);

typedef struct gm_sink {
    gm_sink_write_fn write; /* the callback */
    void *ctx;              /* its context (borrowed) */
    gm_status status;       /* GM_OK until a write fails; then that write's status */
} gm_sink;

/* A sink over a callback and its context (borrowed: it must outlive the sink). */
void gm_sink_init(gm_sink *s, gm_sink_write_fn write, void *ctx);

/* A sink over an open stream (borrowed): fwrite; a short write is GM_E_IO. The stream
 * is neither flushed nor closed. */
void gm_sink_file(gm_sink *s, FILE *f);

/* Write n bytes / a NUL-terminated string / one character / formatted text. Nothing
 * happens once the sink has failed. */
void gm_sink_write(gm_sink *s, const char *data, size_t n);
void gm_sink_puts(gm_sink *s, const char *str);
void gm_sink_putc(gm_sink *s, char c);
void gm_sink_vprintf(gm_sink *s, const char *fmt, va_list ap);
void gm_sink_printf(gm_sink *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* GM_OK, or the status of the first write that failed. */
gm_status gm_sink_status(const gm_sink *s);

/* ---- text both the engine's writers and the CLI produce -------------------------- */

/* str as a JSON string, quotes included: quote, backslash, line feed, carriage return
 * and tab as two-character escapes, other control bytes as \u00XX, and the "/" of
 * "</" as "\/" so JSON embedded in an HTML page stays inert. Other bytes (UTF-8
 * included) are written as they are. The one JSON string writer of the engine's pages
 * and of every command's JSON output (sink.c). */
void gm_sink_json_string(gm_sink *s, const char *str);

/* An integer with thousands separators: 1316470.4 -> "1,316,470", -0.4 -> "0" (never a
 * negative zero); NaN and infinities give `undefined` ("n/a" on the pages, "-" in the
 * CLI's tables). At most cap - 1 bytes are written. Returns buf (fmt.c). */
const char *gm_fmt_int(double v, const char *undefined, char *buf, size_t cap);

/* num, a number already formatted ("-662661.75", "12"), with thousands separators in
 * its integer part: "-662,661.75". At most cap - 1 bytes are written. Returns buf. */
const char *gm_fmt_thousands(const char *num, char *buf, size_t cap);

/* ---- a JSON document's calls, whoever builds it ------------------------------------ */

/* The calls of a streaming JSON writer: open an object or array (with its key inside an
 * object, NULL inside an array or at the top), close it, and the values (str NULL is
 * null; num writes null for NaN and infinities). The CLI writes text through them
 * (cli/out.c gmc_json_out) and the Python module builds dicts and lists (python/src/json.c
 * gmpy_json_out), so the parts of a document the engine writes (gm_compact_json,
 * gm_partisan_json_metrics, gm_partisan_json_favours) have one key order everywhere. */
typedef struct gm_json_ops {
    void (*obj)(void *ctx, const char *key);
    void (*end_obj)(void *ctx);
    void (*arr)(void *ctx, const char *key);
    void (*end_arr)(void *ctx);
    void (*str)(void *ctx, const char *key, const char *v);
    void (*num)(void *ctx, const char *key, double v);
    void (*integer)(void *ctx, const char *key, long long v);
    void (*boolean)(void *ctx, const char *key, bool v);
    void (*null)(void *ctx, const char *key);
} gm_json_ops;

/* A writer: its calls and their context (borrowed). */
typedef struct gm_json_out {
    const gm_json_ops *ops;
    void *ctx;
} gm_json_out;

static inline void gm_jo_obj(const gm_json_out *o, const char *key) { o->ops->obj(o->ctx, key); }
static inline void gm_jo_end_obj(const gm_json_out *o) { o->ops->end_obj(o->ctx); }
static inline void gm_jo_arr(const gm_json_out *o, const char *key) { o->ops->arr(o->ctx, key); }
static inline void gm_jo_end_arr(const gm_json_out *o) { o->ops->end_arr(o->ctx); }
static inline void gm_jo_str(const gm_json_out *o, const char *key, const char *v)
{
    o->ops->str(o->ctx, key, v);
}
static inline void gm_jo_num(const gm_json_out *o, const char *key, double v)
{
    o->ops->num(o->ctx, key, v);
}
static inline void gm_jo_int(const gm_json_out *o, const char *key, long long v)
{
    o->ops->integer(o->ctx, key, v);
}
static inline void gm_jo_bool(const gm_json_out *o, const char *key, bool v)
{
    o->ops->boolean(o->ctx, key, v);
}
static inline void gm_jo_null(const gm_json_out *o, const char *key) { o->ops->null(o->ctx, key); }

/* ---- the JSON text writer ----------------------------------------------------------- */

/* A streaming JSON writer over a sink, pretty printed (two-space indent, one member or
 * element a line, "key": value), the one layout of every JSON text gerrymeter writes:
 * the engine's (ensemble summaries) and the CLI's (cli/out.c gmc_json_*). Keys and
 * strings go through gm_sink_json_string; numbers: NaN and infinities are null, whole
 * numbers below 1e15 are written without a decimal point, everything else with %.17g (so
 * it reads back exactly). Nesting deeper than GM_JSON_DEPTH - 1 is not indented further.
 * Key NULL inside arrays and at the top (json_writer.c). */
#define GM_JSON_DEPTH 64

typedef struct gm_json_writer {
    gm_sink *s; /* borrowed */
    int depth;
    bool first[GM_JSON_DEPTH];
} gm_json_writer;

void gm_json_writer_init(gm_json_writer *w, gm_sink *s);
void gm_json_obj(gm_json_writer *w, const char *key);
void gm_json_end_obj(gm_json_writer *w);
void gm_json_arr(gm_json_writer *w, const char *key);
void gm_json_end_arr(gm_json_writer *w);
void gm_json_str(gm_json_writer *w, const char *key, const char *v); /* v NULL: null */
void gm_json_num(gm_json_writer *w, const char *key, double v);
void gm_json_int(gm_json_writer *w, const char *key, long long v);
void gm_json_bool(gm_json_writer *w, const char *key, bool v);
void gm_json_null(gm_json_writer *w, const char *key);
/* The closing newline. */
void gm_json_finish(gm_json_writer *w);
/* The writer's calls as a gm_json_out (w must outlive it). */
gm_json_out gm_json_writer_out(gm_json_writer *w);

GM_END_DECLS
#endif /* GM_SINK_H */
