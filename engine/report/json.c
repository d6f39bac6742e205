/* json.c: the engine's JSON writer (see json.h). */
#include "report/json.h"

#include <math.h>
#include <string.h>

void gmi_json_init(gmi_json *j, gm_sink *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->first[0] = true;
}

static void indent(gmi_json *j)
{
    gm_sink_putc(j->f, '\n');
    for (int i = 0; i < j->depth; i++) gm_sink_puts(j->f, "  ");
}

/* Separator, newline and indent before a member, then its key. */
static void member(gmi_json *j, const char *key)
{
    if (j->depth > 0) {
        if (!j->first[j->depth]) gm_sink_putc(j->f, ',');
        indent(j);
    }
    j->first[j->depth] = false;
    if (key) {
        gm_sink_json_string(j->f, key);
        gm_sink_puts(j->f, ": ");
    }
}

static void open_(gmi_json *j, const char *key, char c)
{
    member(j, key);
    gm_sink_putc(j->f, c);
    if (j->depth + 1 < GMI_JSON_DEPTH) j->depth++;
    j->first[j->depth] = true;
}

static void close_(gmi_json *j, char c)
{
    bool empty = j->first[j->depth];
    if (j->depth > 0) j->depth--;
    if (!empty) indent(j);
    gm_sink_putc(j->f, c);
}

void gmi_json_obj(gmi_json *j, const char *key) { open_(j, key, '{'); }
void gmi_json_end_obj(gmi_json *j) { close_(j, '}'); }
void gmi_json_arr(gmi_json *j, const char *key) { open_(j, key, '['); }
void gmi_json_end_arr(gmi_json *j) { close_(j, ']'); }

void gmi_json_str(gmi_json *j, const char *key, const char *v)
{
    member(j, key);
    if (v) gm_sink_json_string(j->f, v);
    else gm_sink_puts(j->f, "null");
}

void gmi_json_num(gmi_json *j, const char *key, double v)
{
    member(j, key);
    if (!isfinite(v)) gm_sink_puts(j->f, "null");
    else if (v == floor(v) && fabs(v) < 1e15) gm_sink_printf(j->f, "%.0f", v);
    else gm_sink_printf(j->f, "%.17g", v);
}

void gmi_json_int(gmi_json *j, const char *key, long long v)
{
    member(j, key);
    gm_sink_printf(j->f, "%lld", v);
}

void gmi_json_finish(gmi_json *j) { gm_sink_putc(j->f, '\n'); }
