/* fuzz_csv.c: the RFC 4180 reader (engine/io/csv.c) on arbitrary bytes.
 *
 * Checks beyond "no crash": every field returned lies inside the reader's buffer and
 * is NUL-terminated there, line numbers never decrease, and the reader terminates
 * (each record consumes input). */
#include "io/csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the separator: 0 = detect, else one of the four. */
    static const char seps[] = {0, ',', '\t', '|', ';'};
    char sep = size ? seps[data[0] % 5] : 0;
    gmi_csv c;
    gm_error err;
    gm_error_clear(&err);
    if (gmi_csv_open_mem(&c, (const char *)data + (size ? 1 : 0), size ? size - 1 : 0, "fuzz.csv",
                         sep, &err) != GM_OK)
        return 0;
    size_t last_line = 0, last_pos = c.pos, records = 0;
    int r;
    while ((r = gmi_csv_next(&c, &err)) == 1) {
        if (c.line < last_line) abort();
        if (c.pos <= last_pos && c.pos < c.len) abort(); /* no progress */
        last_line = c.line;
        last_pos = c.pos;
        for (size_t i = 0; i < c.nf; i++) {
            const char *f = c.field[i];
            if (f < c.buf || f > c.buf + c.len) abort();
            if (memchr(f, '\0', (size_t)(c.buf + c.len + 1 - f)) == NULL) abort();
        }
        (void)gmi_csv_find(c.field, c.nf, "district");
        if (++records > size + 1) abort(); /* more records than bytes: a loop */
    }
    if (r < 0 && err.code == GM_OK) abort(); /* an error must say what it is */
    gmi_csv_close(&c);
    return 0;
}
