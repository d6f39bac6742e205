/* fuzz_rows.c: the reader of `ensemble score` rows (engine/batch/rows.c), which
 * `ensemble merge` and `ensemble score --resume` use on files they did not write
 * themselves.
 *
 * The first byte picks the format (bit 0: CSV, else JSONL) and the number of shares
 * (1 + (byte >> 1) % 16); the rest is split into lines. Properties checked: no crash;
 * a row accepted is a plan row (number >= 0) or the reference row; writing an accepted
 * row back and reading it again gives the same plan, sample and values (non-finite
 * values are written as empty/null, so they come back as NaN); a unit-order line accepted
 * (gm_ens_rows_meta_parse) writes back to a line read as the same order. */
#include "gerrymeter/gm_driver.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(double a, double b) { return isfinite(a) ? a == b : !isfinite(b); }

static void check_round_trip(gm_rows_format fmt, size_t k, int64_t plan, const gm_plan_scores *s,
                             const double *sh)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return;
    gm_ens_row_write(f, fmt, plan, s, sh, k, NULL);
    fclose(f);
    int64_t plan2;
    gm_plan_scores s2;
    double sh2[16];
    if (gm_ens_row_parse(buf, fmt, k, &plan2, &s2, sh2) != GM_OK) abort();
    if (plan2 != plan || (plan >= 0 && s2.sample != s->sample)) abort();
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++)
        if (!same(gm_plan_scores_get(s, m), gm_plan_scores_get(&s2, m))) abort();
    for (size_t r = 0; r < k; r++)
        if (!same(sh[r], sh2[r])) abort();
    if (fmt == GM_ROWS_CSV && gm_ens_rows_header_k(buf) != -1) abort(); /* a row is never a header */
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    gm_rows_format fmt = data[0] & 1 ? GM_ROWS_CSV : GM_ROWS_JSONL;
    size_t k = 1 + (size_t)(data[0] >> 1) % 16;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        (void)gm_ens_rows_header_k(line);
        (void)gm_ens_rows_jsonl_k(line);
        gm_unit_order o, o2;
        if (gm_ens_rows_meta_parse(line, &o)) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            if (!f) continue;
            gm_ens_rows_meta(f, fmt, &o, NULL);
            fclose(f);
            if (!gm_ens_rows_meta_parse(buf, &o2) || o2.n != o.n || o2.fp != o.fp ||
                o2.positional != o.positional || strcmp(o2.key, o.key))
                abort();
            free(buf);
        }
        int64_t plan;
        gm_plan_scores s;
        double sh[16];
        if (gm_ens_row_parse(line, fmt, k, &plan, &s, sh) != GM_OK) continue;
        if (plan < -1) abort();
        check_round_trip(fmt, k, plan, &s, sh);
    }
    free(text);
    return 0;
}
