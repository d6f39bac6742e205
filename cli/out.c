/* out.c: output sinks, JSON, CSV and text tables. */
#include "out.h"
#include "opts.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gerrymeter/gm_sink.h"

/* ---- pending temp files, removed by the signal handler ---------------------- */

#define GMC_MAX_TMP 32
static char *volatile g_tmp[GMC_MAX_TMP];

void gmc_tmp_register(const char *path)
{
    /* a slot is published only once its string is complete (the handler may run) */
    for (int i = 0; i < GMC_MAX_TMP; i++)
        if (!g_tmp[i]) {
            g_tmp[i] = strdup(path);
            return;
        }
}

void gmc_tmp_unregister(const char *path)
{
    for (int i = 0; i < GMC_MAX_TMP; i++)
        if (g_tmp[i] && strcmp(g_tmp[i], path) == 0) {
            char *p = g_tmp[i];
            g_tmp[i] = NULL;
            free(p);
            return;
        }
}

static char g_note[1024]; /* what the handler says instead of "no output was written" */
static volatile sig_atomic_t g_note_len;

void gmc_signals_note(const char *msg)
{
    g_note_len = 0;
    if (!msg) return;
    int n = snprintf(g_note, sizeof g_note, "gerrymeter: interrupted; %s\n", msg);
    g_note_len = n < 0 ? 0 : n >= (int)sizeof g_note ? (int)sizeof g_note - 1 : n;
}

static void on_signal(int sig)
{
    for (int i = 0; i < GMC_MAX_TMP; i++)
        if (g_tmp[i]) unlink(g_tmp[i]); /* async-signal-safe */
    static const char m[] = "gerrymeter: interrupted; no output was written\n";
    ssize_t w = g_note_len ? write(2, g_note, (size_t)g_note_len) : write(2, m, sizeof m - 1);
    (void)w;
    _exit(128 + sig);
}

void gmc_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* temporary files the engine's writers create (GeoPackage outputs) are removed too */
    gm_set_tmp_hooks(gmc_tmp_register, gmc_tmp_unregister);
}

int gmc_sink_open(gmc_sink *s, const char *path)
{
    memset(s, 0, sizeof *s);
    if (!path || !strcmp(path, "-")) {
        s->f = stdout;
        return 0;
    }
    gm_error err;
    gm_error_clear(&err);
    /* the temporary file is registered for removal on a signal by the engine's hook
     * (gmc_signals_install), atomically with its creation */
    if (gm_atomic_open(&s->a, path, &err) != GM_OK) return gmc_fail(&err);
    s->f = s->a.f;
    s->is_file = true;
    return 0;
}

int gmc_sink_close(gmc_sink *s, bool ok)
{
    if (!s->is_file) {
        if (fflush(stdout) != 0) {
            gmc_msg("cannot write to standard output");
            return GMC_EDATA;
        }
        return 0;
    }
    int rc = 0;
    if (ok) {
        gm_error err;
        gm_error_clear(&err);
        if (gm_atomic_commit(&s->a, &err) != GM_OK) rc = gmc_fail(&err);
    } else {
        gm_atomic_abort(&s->a);
    }
    return rc;
}

/* ---- JSON: the engine's writer (gm_sink.h) over the stream ----------------------- */

void gmc_json_init(gmc_json *j, FILE *f)
{
    gm_sink_file(&j->sink, f);
    gm_json_writer_init(&j->w, &j->sink);
}

void gmc_json_obj(gmc_json *j, const char *key) { gm_json_obj(&j->w, key); }
void gmc_json_end_obj(gmc_json *j) { gm_json_end_obj(&j->w); }
void gmc_json_arr(gmc_json *j, const char *key) { gm_json_arr(&j->w, key); }
void gmc_json_end_arr(gmc_json *j) { gm_json_end_arr(&j->w); }
void gmc_json_str(gmc_json *j, const char *key, const char *v) { gm_json_str(&j->w, key, v); }
void gmc_json_num(gmc_json *j, const char *key, double v) { gm_json_num(&j->w, key, v); }
void gmc_json_int(gmc_json *j, const char *key, long long v) { gm_json_int(&j->w, key, v); }
void gmc_json_bool(gmc_json *j, const char *key, bool v) { gm_json_bool(&j->w, key, v); }
void gmc_json_null(gmc_json *j, const char *key) { gm_json_null(&j->w, key); }
void gmc_json_finish(gmc_json *j) { gm_json_finish(&j->w); }

gm_json_out gmc_json_out(gmc_json *j)
{
    return gm_json_writer_out(&j->w);
}

/* ---- CSV --------------------------------------------------------------------- */

static bool looks_numeric(const char *s)
{
    char *end;
    if (!*s) return false;
    (void)strtod(s, &end);
    return *end == '\0';
}

void gmc_csv_field(FILE *f, const char *s, bool excel_safe)
{
    if (!s) return;
    bool guard = excel_safe && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                s[0] == '\t' || s[0] == '\r') && !looks_numeric(s);
    bool quote = guard || strpbrk(s, ",\"\n\r") != NULL || s[0] == ' ';
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (guard) fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void gmc_csv_num(FILE *f, double v)
{
    if (!isfinite(v)) return;
    if (v == floor(v) && fabs(v) < 1e15) fprintf(f, "%.0f", v);
    else fprintf(f, "%.17g", v);
}

/* ---- text tables ------------------------------------------------------------- */

void gmc_table_init(gmc_table *t, size_t ncol)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
}

void gmc_table_add(gmc_table *t, const char *const *cells)
{
    if (t->nrow == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        char **c = realloc(t->cell, nc * t->ncol * sizeof *c);
        if (!c) return;
        t->cell = c;
        t->cap = nc;
    }
    for (size_t i = 0; i < t->ncol; i++)
        t->cell[t->nrow * t->ncol + i] = strdup(cells[i] ? cells[i] : "");
    t->nrow++;
}

static bool right_align(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!strchr("0123456789.,-+%e ", *s)) return false;
    return true;
}

/* Display width of a UTF-8 string (code points; good enough for labels). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

void gmc_table_print(const gmc_table *t, FILE *f, const char *ind)
{
    size_t *w = calloc(t->ncol, sizeof *w);
    if (!w) return;
    for (size_t r = 0; r < t->nrow; r++)
        for (size_t c = 0; c < t->ncol; c++) {
            size_t x = width(t->cell[r * t->ncol + c]);
            if (x > w[c]) w[c] = x;
        }
    for (size_t r = 0; r < t->nrow; r++) {
        fputs(ind ? ind : "", f);
        for (size_t c = 0; c < t->ncol; c++) {
            const char *s = t->cell[r * t->ncol + c];
            size_t pad = w[c] - width(s);
            bool right = r > 0 && right_align(s);
            if (c) fputs("  ", f);
            if (right)
                for (size_t i = 0; i < pad; i++) fputc(' ', f);
            fputs(s, f);
            if (!right && c + 1 < t->ncol)
                for (size_t i = 0; i < pad; i++) fputc(' ', f);
        }
        fputc('\n', f);
        if (r == 0) {
            fputs(ind ? ind : "", f);
            for (size_t c = 0; c < t->ncol; c++) {
                if (c) fputs("  ", f);
                for (size_t i = 0; i < w[c]; i++) fputc('-', f);
            }
            fputc('\n', f);
        }
    }
    free(w);
}

void gmc_table_free(gmc_table *t)
{
    for (size_t i = 0; i < t->nrow * t->ncol; i++) free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* "-0", "-0.00%" after rounding read as a sign where there is none: drop the minus. */
static const char *no_negative_zero(char *buf)
{
    if (buf[0] != '-' || buf[1] != '0') return buf; /* "-" alone means undefined */
    for (const char *p = buf + 1; *p && *p != '%'; p++)
        if (*p != '0' && *p != '.' && *p != ',') return buf;
    memmove(buf, buf + 1, strlen(buf));
    return buf;
}

const char *gmc_fmt_int(double v, char *buf, size_t cap)
{
    return gm_fmt_int(v, "-", buf, cap);
}

const char *gmc_fmt_pct(double v, int d, char *buf, size_t cap)
{
    if (!isfinite(v)) snprintf(buf, cap, "-");
    else snprintf(buf, cap, "%.*f%%", d, 100.0 * v);
    return no_negative_zero(buf);
}

const char *gmc_fmt_fix(double v, int d, char *buf, size_t cap)
{
    if (!isfinite(v)) snprintf(buf, cap, "-");
    else snprintf(buf, cap, "%.*f", d, v);
    return no_negative_zero(buf);
}

const char *gmc_fmt_sep(double v, int d, char *buf, size_t cap)
{
    char fix[96];
    gmc_fmt_fix(v, d, fix, sizeof fix);
    if (!isfinite(v)) return snprintf(buf, cap, "%s", fix), buf;
    return gm_fmt_thousands(fix, buf, cap);
}
