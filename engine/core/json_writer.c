/* json_writer.c: the JSON text writer of gm_sink.h, pretty printed. */
#include "gerrymeter/gm_sink.h"

#include <math.h>
#include <string.h>

void gm_json_writer_init(gm_json_writer *w, gm_sink *s)
{
    memset(w, 0, sizeof *w);
    w->s = s;
    w->first[0] = true;
}

static void indent(gm_json_writer *w)
{
    gm_sink_putc(w->s, '\n');
    for (int i = 0; i < w->depth; i++) gm_sink_puts(w->s, "  ");
}

/* Separator, newline and indent before a member, then its key. */
static void member(gm_json_writer *w, const char *key)
{
    if (w->depth > 0) {
        if (!w->first[w->depth]) gm_sink_putc(w->s, ',');
        indent(w);
    }
    w->first[w->depth] = false;
    if (key) {
        gm_sink_json_string(w->s, key);
        gm_sink_puts(w->s, ": ");
    }
}

static void open_(gm_json_writer *w, const char *key, char c)
{
    member(w, key);
    gm_sink_putc(w->s, c);
    if (w->depth + 1 < GM_JSON_DEPTH) w->depth++;
    w->first[w->depth] = true;
}

static void close_(gm_json_writer *w, char c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0) w->depth--;
    if (!empty) indent(w);
    gm_sink_putc(w->s, c);
}

void gm_json_obj(gm_json_writer *w, const char *key) { open_(w, key, '{'); }
void gm_json_end_obj(gm_json_writer *w) { close_(w, '}'); }
void gm_json_arr(gm_json_writer *w, const char *key) { open_(w, key, '['); }
void gm_json_end_arr(gm_json_writer *w) { close_(w, ']'); }

void gm_json_str(gm_json_writer *w, const char *key, const char *v)
{
    member(w, key);
    if (v) gm_sink_json_string(w->s, v);
    else gm_sink_puts(w->s, "null");
}

void gm_json_num(gm_json_writer *w, const char *key, double v)
{
    member(w, key);
    if (!isfinite(v)) gm_sink_puts(w->s, "null");
    else if (v == floor(v) && fabs(v) < 1e15) gm_sink_printf(w->s, "%.0f", v);
    else gm_sink_printf(w->s, "%.17g", v);
}

void gm_json_int(gm_json_writer *w, const char *key, long long v)
{
    member(w, key);
    gm_sink_printf(w->s, "%lld", v);
}

void gm_json_bool(gm_json_writer *w, const char *key, bool v)
{
    member(w, key);
    gm_sink_puts(w->s, v ? "true" : "false");
}

void gm_json_null(gm_json_writer *w, const char *key)
{
    member(w, key);
    gm_sink_puts(w->s, "null");
}

void gm_json_finish(gm_json_writer *w) { gm_sink_putc(w->s, '\n'); }

static void jo_obj(void *w, const char *key) { gm_json_obj(w, key); }
static void jo_end_obj(void *w) { gm_json_end_obj(w); }
static void jo_arr(void *w, const char *key) { gm_json_arr(w, key); }
static void jo_end_arr(void *w) { gm_json_end_arr(w); }
static void jo_str(void *w, const char *key, const char *v) { gm_json_str(w, key, v); }
static void jo_num(void *w, const char *key, double v) { gm_json_num(w, key, v); }
static void jo_int(void *w, const char *key, long long v) { gm_json_int(w, key, v); }
static void jo_bool(void *w, const char *key, bool v) { gm_json_bool(w, key, v); }
static void jo_null(void *w, const char *key) { gm_json_null(w, key); }

static const gm_json_ops ops = {jo_obj, jo_end_obj, jo_arr, jo_end_arr, jo_str,
                                jo_num, jo_int,     jo_bool, jo_null};

gm_json_out gm_json_writer_out(gm_json_writer *w)
{
    return (gm_json_out){&ops, w};
}
