/* csv.h: a small RFC 4180 reader (quotes, doubled quotes, CRLF, UTF-8 BOM), with the
 * separator detected from the first line when not given. The file is read whole and
 * parsed in place: field strings point into the buffer and live until close.
 * Engine-internal; used by every table reader (assignments, results, control). */
#ifndef GM_CSV_H
#define GM_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "gerrymeter/gm_core.h"

typedef struct gmi_csv {
    char *buf;          /* whole file, NUL-terminated (owned) */
    size_t len;         /* bytes in buf */
    size_t pos;         /* parse position */
    char sep;           /* field separator */
    size_t line;        /* 1-based line number of the current record's start */
    char **field;       /* current record's fields (point into buf) */
    size_t nf;          /* fields in the current record */
    size_t capf;        /* capacity of field[] */
    const char *path;   /* for messages (borrowed) */
} gmi_csv;

/* Open a file (sep 0 = detect among , TAB | ;). GM_E_IO names the path. */
gm_status gmi_csv_open(gmi_csv *c, const char *path, char sep, gm_error *err);
/* Parse from memory (the buffer is copied). */
gm_status gmi_csv_open_mem(gmi_csv *c, const char *data, size_t len, const char *name, char sep,
                           gm_error *err);
/* Next record: 1 = a record is in field[0..nf), 0 = end, -1 = error (unterminated quote). */
int gmi_csv_next(gmi_csv *c, gm_error *err);
void gmi_csv_close(gmi_csv *c);

/* Index of a header field by name (case-insensitive, trimmed), or -1. */
long gmi_csv_find(char *const *fields, size_t nf, const char *name);

/* Look the columns names[0..n) up in the header, which is the current record: col[i]
 * is the index of names[i], or -1. names[i] must be there when required[i] is true
 * (required NULL: all must be). Fails with GM_E_FIELD naming every missing column and
 * listing the header: "PATH: line L: no WHAT column 'x'; the columns are: a, b, c"
 * (what, e.g. "vote", may be NULL), and with GM_E_FORMAT when a name is the header of
 * two columns (which one is meant cannot be told). */
gm_status gmi_csv_columns(const gmi_csv *c, const char *const *names, size_t n,
                          const bool *required, const char *what, long *col, gm_error *err);

#endif
