/* fuzz_ensemble.c: ensemble readers (JSONL, CSV, GMEN; engine/batch/ensemble_read.c).
 *
 * The first byte picks the format and whether plans are decoded or skipped, the
 * second the number of units per plan (1..16); the rest is the file. The file is checked
 * against units whose ids are "0".."15" (a CSV header naming them in another order is
 * realigned). Properties: every district read is an integer in 0..65535, the reader ends
 * (no more plans than input bytes), and errors carry a message. */
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_units.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/gm-fuzz-ensemble-%ld.dat", (long)getpid());
    if (size < 2) return 0;
    static const gm_ens_format fmts[] = {GM_ENS_JSONL, GM_ENS_CSV, GM_ENS_GMEN};
    gm_ens_format fmt = fmts[(data[0] & 3) % 3];
    bool skip_odd = data[0] & 4;
    size_t n_units = 1 + data[1] % 16;
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 2, 1, size - 2, f);
    fclose(f);
    gm_ens_reader *r = NULL;
    gm_error err;
    gm_error_clear(&err);
    if (gm_ens_open(path, fmt, n_units, &r, &err) != GM_OK) {
        if (!err.msg[0]) abort();
        return 0;
    }
    static char names[16][4], *ids[16];
    for (int i = 0; i < 16; i++) {
        snprintf(names[i], sizeof names[i], "%d", i);
        ids[i] = names[i];
    }
    gm_units u = {0};
    u.n = n_units;
    u.id = ids;
    if (gm_ens_check_units(r, &u, NULL, &err) != GM_OK) {
        if (!err.msg[0]) abort();
        gm_ens_close(r, NULL);
        return 0;
    }
    int32_t dist[16];
    size_t plans = 0;
    for (;;) {
        bool got = false;
        int64_t sample = 0;
        gm_status rc = (skip_odd && (plans & 1)) ? gm_ens_skip(r, &got, &err)
                                                 : gm_ens_next(r, dist, &sample, &got, &err);
        if (rc != GM_OK) {
            if (!err.msg[0]) abort();
            break;
        }
        if (!got) break;
        if (!(skip_odd && (plans & 1)))
            for (size_t i = 0; i < n_units; i++)
                if (dist[i] < 0 || dist[i] > 65535) abort();
        if (++plans > size) abort(); /* more plans than bytes: not terminating */
    }
    gm_ens_close(r, &err);
    return 0;
}
