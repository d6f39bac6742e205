/* json.c: the engine's JSON writer (see json.h). */
#include "report/json.h"

#include <math.h>
#include <string.h>

static void escape(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        case '/':
            if (p > (const unsigned char *)s && p[-1] == '<') fputs("\\/", f);
            else fputc('/', f);
            break;
        default:
            if (*p < 0x20) fprintf(f, "\\u%04x", *p);
            else fputc(*p, f);
        }
    }
    fputc('"', f);
}

void gmi_json_init(gmi_json *j, FILE *f)
{
    memset(j, 0, sizeof *j);
    j->f = f;
    j->first[0] = true;
}

static void indent(gmi_json *j)
{
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
}

/* Separator, newline and indent before a member, then its key. */
static void member(gmi_json *j, const char *key)
{
    if (j->depth > 0) {
        if (!j->first[j->depth]) fputc(',', j->f);
        indent(j);
    }
    j->first[j->depth] = false;
    if (key) {
        escape(j->f, key);
        fputs(": ", j->f);
    }
}

static void open_(gmi_json *j, const char *key, char c)
{
    member(j, key);
    fputc(c, j->f);
    if (j->depth + 1 < GMI_JSON_DEPTH) j->depth++;
    j->first[j->depth] = true;
}

static void close_(gmi_json *j, char c)
{
    bool empty = j->first[j->depth];
    if (j->depth > 0) j->depth--;
    if (!empty) indent(j);
    fputc(c, j->f);
}

void gmi_json_obj(gmi_json *j, const char *key) { open_(j, key, '{'); }
void gmi_json_end_obj(gmi_json *j) { close_(j, '}'); }
void gmi_json_arr(gmi_json *j, const char *key) { open_(j, key, '['); }
void gmi_json_end_arr(gmi_json *j) { close_(j, ']'); }

void gmi_json_str(gmi_json *j, const char *key, const char *v)
{
    member(j, key);
    if (v) escape(j->f, v);
    else fputs("null", j->f);
}

void gmi_json_num(gmi_json *j, const char *key, double v)
{
    member(j, key);
    if (!isfinite(v)) fputs("null", j->f);
    else if (v == floor(v) && fabs(v) < 1e15) fprintf(j->f, "%.0f", v);
    else fprintf(j->f, "%.17g", v);
}

void gmi_json_int(gmi_json *j, const char *key, long long v)
{
    member(j, key);
    fprintf(j->f, "%lld", v);
}

void gmi_json_finish(gmi_json *j) { fputc('\n', j->f); }
