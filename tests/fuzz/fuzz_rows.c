/* fuzz_rows.c: the reader of `ensemble score` rows (engine/batch/rows.c), which
 * `ensemble merge` and `ensemble score --resume` use on files they did not write
 * themselves.
 *
 * The first byte picks the format (bit 0: CSV, else JSONL) and the number of shares
 * (1 + (byte >> 1) % 16), the parties are D and R; the rest is split into lines. Properties checked: no crash;
 * a row accepted is a plan row (number >= 0) or the reference row; writing an accepted
 * row back and reading it again gives the same plan, sample and values (non-finite
 * values are written as empty/null, so they come back as NaN); a line that reads as a
 * unit order (gm_unit_order_parse), recorded as the rows' "unit order" metadata, is read
 * back from the head as the same order. */
#include "gerrymeter/gm_driver.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(double a, double b) { return isfinite(a) ? a == b : !isfinite(b); }

static void check_round_trip(const gm_rows_info *ri, int64_t plan, const gm_plan_scores *s,
                             const double *sh)
{
    char *buf = NULL;
    size_t len = 0, k = ri->k;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return;
    gm_ens_row_write(f, ri, plan, s, sh, NULL);
    fclose(f);
    int64_t plan2;
    gm_plan_scores s2;
    double sh2[16];
    if (gm_ens_row_parse(buf, ri, &plan2, &s2, sh2) != GM_OK) abort();
    if (plan2 != plan || (plan >= 0 && s2.sample != s->sample)) abort();
    for (size_t m = 0; m < gm_metric_count(GM_MF_PLAN); m++)
        if (!same(gm_plan_scores_get(s, m), gm_plan_scores_get(&s2, m))) abort();
    for (size_t r = 0; r < k; r++)
        if (!same(sh[r], sh2[r])) abort();
    gm_rows_info e = *ri;
    if (gm_ens_rows_end_parse(buf, &e)) abort(); /* a row is never an end line */
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    gm_rows_format fmt = data[0] & 1 ? GM_ROWS_CSV : GM_ROWS_JSONL;
    size_t k = 1 + (size_t)(data[0] >> 1) % 16;
    gm_rows_info ri;
    if (gm_rows_info_init(&ri, fmt, k, "D", "R", NULL) != GM_OK) return 0;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        gm_rows_info e = ri;
        (void)gm_ens_rows_end_parse(line, &e);
        gm_unit_order o, o2;
        if (gm_unit_order_parse(line, &o)) {
            /* the unit order as rows metadata: written in the head, read back the same */
            gm_rows_info w, back;
            char *buf = NULL, *l = NULL;
            size_t len = 0, cap = 0;
            unsigned long long no = 0;
            if (gm_rows_info_init(&w, fmt, k, "D", "R", NULL) != GM_OK) continue;
            FILE *f = open_memstream(&buf, &len);
            if (!f) {
                gm_rows_info_free(&w);
                continue;
            }
            if (gm_rows_info_add_order(&w, &o, NULL) != GM_OK) abort();
            gm_ens_rows_header(f, &w, NULL);
            fclose(f);
            f = fmemopen(buf, len, "rb");
            if (!f || gm_ens_rows_read_head(f, "fuzz", &back, &l, &cap, &no, NULL) != GM_OK ||
                !gm_rows_info_order(&back, &o2) || o2.n != o.n || o2.fp != o.fp ||
                o2.positional != o.positional || strcmp(o2.key, o.key))
                abort();
            fclose(f);
            gm_rows_info_free(&back);
            gm_rows_info_free(&w);
            free(l);
            free(buf);
        }
        int64_t plan;
        gm_plan_scores s;
        double sh[16];
        if (gm_ens_row_parse(line, &ri, &plan, &s, sh) != GM_OK) continue;
        if (plan < -1) abort();
        check_round_trip(&ri, plan, &s, sh);
    }
    gm_rows_info_free(&ri);
    free(text);
    return 0;
}
