/* fuzz_control.c: control tables and election-results tables (engine/control/,
 * gm_control.h). The first byte picks the table kind; the rest is the file.
 * Properties: a table is created only on success, with rows readable up to its count
 * (and NULL past it); failures carry a message. */
#include "gerrymeter/gm_control.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/gm-fuzz-control-%ld.csv", (long)getpid());
    if (size < 1) return 0;
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    gm_error err;
    gm_error_clear(&err);
    if (data[0] & 1) {
        gm_results_table *t = NULL;
        if (gm_results_table_load(path, &t, &err) != GM_OK) {
            if (t || !err.msg[0]) abort();
            return 0;
        }
        (void)gm_results_table_count(t);
        gm_results_table_destroy(t);
    } else {
        gm_control_table *t = NULL;
        if (gm_control_table_load(path, &t, &err) != GM_OK) {
            if (t || !err.msg[0]) abort();
            return 0;
        }
        size_t n = gm_control_table_count(t);
        for (size_t i = 0; i < n; i++) {
            const gm_control_row *r = gm_control_table_get(t, i);
            if (!r || !r->state || !r->drawn_by || r->line < 1) abort();
        }
        if (gm_control_table_get(t, n) != NULL) abort();
        gm_control_table_destroy(t);
    }
    return 0;
}
