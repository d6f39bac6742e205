/* json_scan.h: the one small JSON scanner of the engine, over a whole file held in
 * memory (io/json_scan.c). Engine-internal, no GDAL types.
 *
 * A recursive-descent reader for the networkx graph files gerrymeter reads (the unit
 * graph, gm_graph_load; units whose columns are node attributes, gm_units_load): the
 * caller walks the structure it expects with gmi_json_array / gmi_json_object and
 * decodes the values it needs; gmi_json_skip passes over any other value whatever its
 * type. Every function returns 0, or -1 after the first error, which sets *err once
 * (GM_E_FORMAT naming the file and the byte offset) and makes every later call fail. */
#ifndef GM_IO_JSON_SCAN_H
#define GM_IO_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "gerrymeter/gm_core.h"
#include "core/sbuf.h"

typedef struct gmi_json {
    const char *s;    /* next byte */
    const char *end;  /* one past the last byte */
    const char *base; /* the first byte (offsets in messages) */
    const char *path; /* the file, for messages */
    gm_error *err;
    bool bad;         /* an error was set */
} gmi_json;

/* Start scanning len bytes of text read from path. */
void gmi_json_init(gmi_json *c, const char *text, size_t len, const char *path, gm_error *err);

/* Skip blanks. */
void gmi_json_ws(gmi_json *c);

/* The next byte after blanks, or 0 at the end of the text. */
char gmi_json_peek(gmi_json *c);

/* Fail at the current byte: "PATH: byte N: expected WHAT; is this a unit graph in
 * gerrymeter's JSON (networkx adjacency) format?" (GM_E_FORMAT, hint: the graph file).
 * Returns -1. */
int gmi_json_fail(gmi_json *c, const char *what);

/* Consume the byte ch (after blanks), or fail. */
int gmi_json_expect(gmi_json *c, char ch);

/* Consume ch when it is next (after blanks): true when it was. */
bool gmi_json_accept(gmi_json *c, char ch);

/* A string into buf, decoded (\uXXXX as UTF-8), cut to cap-1 bytes. */
int gmi_json_str(gmi_json *c, char *buf, size_t cap);

/* A string of any length appended, decoded, to b (its text stays NUL-terminated). */
int gmi_json_str_sbuf(gmi_json *c, gmi_sbuf *b);

/* A number (strtod's syntax, so NaN and Infinity as Python writes them too). */
int gmi_json_num(gmi_json *c, double *v);

/* Any value, not decoded. */
int gmi_json_skip(gmi_json *c);

/* An array: item(c, i, ud) reads element i. */
int gmi_json_array(gmi_json *c, int (*item)(gmi_json *, size_t, void *), void *ud);

/* An object: member(c, key, i, ud) reads the value of the i-th member, named key (cut
 * to 255 bytes). */
int gmi_json_object(gmi_json *c, int (*member)(gmi_json *, const char *, size_t, void *),
                    void *ud);

#endif /* GM_IO_JSON_SCAN_H */
