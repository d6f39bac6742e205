/* fuzz_results.c: district-level results tables (engine/units/results.c, gm_results.h).
 *
 * The input is written to a file and read with a district column, two party columns
 * and two grouping columns; the first byte picks how negative counts are treated.
 * Properties on success: groups partition the rows in order, every vote is finite
 * and non-negative, every row has a district label and a line number. On failure: a
 * message and no table. */
#include "gerrymeter/gm_results.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/gm-fuzz-results-%ld.csv", (long)getpid());
    if (size < 1) return 0;
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    static const char *const parties[] = {"D", "R", "O"};
    static const char *const groups[] = {"state", "year"};
    gm_results_opts o = {"district", parties, 2 + (data[0] & 1), groups, (data[0] >> 1) % 3,
                         (data[0] & 8) ? GM_NEG_ZERO : GM_NEG_ERROR, parties,
                         (data[0] & 16) ? "winner" : NULL,
                         (data[0] & 32) ? "state IN ('a', 'b') AND year >= 2000" : NULL};
    gm_results *r = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_results_read(path, &o, &r, &err) != GM_OK) {
        if (r || !err.msg[0]) abort();
        return 0;
    }
    if (!r || r->n_parties != o.n_parties || r->group_start[0] != 0 ||
        r->group_start[r->n_groups] != r->n_rows)
        abort();
    for (size_t g = 0; g < r->n_groups; g++)
        if (r->group_start[g] > r->group_start[g + 1]) abort();
    for (size_t i = 0; i < r->n_rows; i++) {
        if (!r->district[i] || r->line[i] == 0) abort();
        for (size_t p = 0; p < r->n_parties; p++) {
            double v = r->votes[p * r->n_rows + i];
            if (!isfinite(v) || v < 0) abort();
        }
    }
    gm_results_destroy(r);
    return 0;
}
