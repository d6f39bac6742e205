/* out.h: output sinks (stdout or an atomically replaced file), a JSON writer, CSV
 * fields and aligned text tables. Everything a command prints for people or
 * machines goes through here; diagnostics go to stderr through gmc_msg(). */
#ifndef GM_CLI_OUT_H
#define GM_CLI_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "gerrymeter/gm_core.h"
#include "gerrymeter/gm_io.h"
#include "gerrymeter/gm_sink.h"

/* An output destination: stdout when path is NULL or "-", else a temp file renamed on
 * gmc_sink_close(ok=true). SIGINT/SIGTERM remove a pending temp file (see main). */
typedef struct gmc_sink {
    FILE *f;
    gm_atomic a;
    bool is_file;
} gmc_sink;

int gmc_sink_open(gmc_sink *s, const char *path);          /* 0 or 1 (message printed) */
int gmc_sink_close(gmc_sink *s, bool ok);                   /* commit or abort; 0 or 1 */

/* Install SIGINT/SIGTERM handlers that remove pending temp files and exit 130/143. */
void gmc_signals_install(void);
/* What the handler says after "interrupted; " (NULL: "no output was written"). */
void gmc_signals_note(const char *msg);
/* Register/unregister a temp path for removal on a signal (at most 32). */
void gmc_tmp_register(const char *path);
void gmc_tmp_unregister(const char *path);

/* JSON writer with pretty printing: the engine's gm_json_writer (gm_sink.h) over a
 * stream. Keys and strings are escaped (control chars, quotes, backslash, and "</" so
 * JSON embedded in HTML stays inert). NaN and infinities are written as null. A
 * gmc_json is not copied once initialised (its writer points at its sink). */
typedef struct gmc_json {
    gm_sink sink;
    gm_json_writer w;
} gmc_json;

void gmc_json_init(gmc_json *j, FILE *f);
void gmc_json_obj(gmc_json *j, const char *key);   /* key NULL inside arrays / at top */
void gmc_json_end_obj(gmc_json *j);
void gmc_json_arr(gmc_json *j, const char *key);
void gmc_json_end_arr(gmc_json *j);
void gmc_json_str(gmc_json *j, const char *key, const char *v);   /* v NULL -> null */
void gmc_json_num(gmc_json *j, const char *key, double v);        /* %.17g, NaN -> null */
void gmc_json_int(gmc_json *j, const char *key, long long v);
void gmc_json_bool(gmc_json *j, const char *key, bool v);
void gmc_json_null(gmc_json *j, const char *key);
void gmc_json_finish(gmc_json *j);                 /* trailing newline */
/* The writer as a gm_json_out (gm_sink.h), for the parts of a document the engine writes
 * (gm_compact_json, gm_partisan_json_metrics, ...); j must outlive it. */
gm_json_out gmc_json_out(gmc_json *j);

/* Warnings (gm_warnings, gm_core.h). A command gathers the warnings of its units, plans
 * and scoring into one list and shows it everywhere: on standard error, one line each
 * ("gerrymeter: warning: ..."), and in the document it writes: JSON always has a
 * "warnings" array of {"code", "message"} (empty when there are none), text ends with a
 * "Warnings:" list, Markdown and HTML reports show them at the top. CSV has no place for
 * them; standard error carries them. On standard error and in text a warning whose
 * condition an option changes is followed by that option ("; see --plan-where"). */
void gmc_warnings_stderr(const gm_warnings *w);
void gmc_json_warnings(gmc_json *j, const gm_warnings *w);
void gmc_text_warnings(FILE *f, const gm_warnings *w);

/* One CSV field, quoted when needed. excel_safe prefixes a ' to values that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) unless numeric. */
void gmc_csv_field(FILE *f, const char *s, bool excel_safe);
void gmc_csv_num(FILE *f, double v);               /* %.17g, NaN -> empty */

/* Aligned text table. Cells are copied. Numeric-looking cells align right. */
typedef struct gmc_table {
    size_t ncol, nrow, cap;
    char **cell;          /* row-major, row 0 = header */
} gmc_table;

void gmc_table_init(gmc_table *t, size_t ncol);
void gmc_table_add(gmc_table *t, const char *const *cells);  /* ncol cells */
void gmc_table_print(const gmc_table *t, FILE *f, const char *indent);
void gmc_table_free(gmc_table *t);

/* Format a number for people: fixed decimals, thousands separators for integers. */
const char *gmc_fmt_int(double v, char *buf, size_t cap);
const char *gmc_fmt_pct(double v, int decimals, char *buf, size_t cap);  /* 0.123 -> "12.3%" */
const char *gmc_fmt_fix(double v, int decimals, char *buf, size_t cap);
/* gmc_fmt_fix with thousands separators: 662661.75 -> "662,661.8" (1 decimal). None of
 * these prints a negative zero ("-0", "-0.00%") after rounding. */
const char *gmc_fmt_sep(double v, int decimals, char *buf, size_t cap);

#endif
