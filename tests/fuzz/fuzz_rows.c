/* fuzz_rows.c: the reader of `ensemble score` rows (cli/ens_out.c), which `ensemble
 * merge` and `ensemble score --resume` use on files they did not write themselves.
 *
 * The first byte picks the format (bit 0: CSV, else JSONL) and the number of shares
 * (1 + (byte >> 1) % 16); the rest is split into lines. Properties checked: no crash;
 * a row accepted is a plan row (number >= 0) or the reference row; writing an accepted
 * row back and reading it again gives the same plan, sample and values (non-finite
 * values are written as empty/null, so they come back as NaN). */
#include "ens_out.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(double a, double b) { return isfinite(a) ? a == b : !isfinite(b); }

static void check_round_trip(bool csv, size_t k, long long plan, const gm_plan_scores *s,
                             const double *sh)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return;
    gmc_ens_row(f, csv, plan, s, sh, k);
    fclose(f);
    long long plan2;
    gm_plan_scores s2;
    double sh2[16];
    if (gmc_ens_row_parse(buf, csv, k, &plan2, &s2, sh2) != 0) abort();
    if (plan2 != plan || (plan >= 0 && s2.sample != s->sample)) abort();
    for (int m = 0; m < GM_N_METRICS; m++)
        if (!same(gm_plan_scores_get(s, m), gm_plan_scores_get(&s2, m))) abort();
    for (size_t r = 0; r < k; r++)
        if (!same(sh[r], sh2[r])) abort();
    if (csv && gmc_ens_header_k(buf) != -1) abort(); /* a row is never a header */
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    bool csv = data[0] & 1;
    size_t k = 1 + (size_t)(data[0] >> 1) % 16;
    char *text = malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        (void)gmc_ens_header_k(line);
        (void)gmc_ens_jsonl_k(line);
        long long plan;
        gm_plan_scores s;
        double sh[16];
        if (gmc_ens_row_parse(line, csv, k, &plan, &s, sh) != 0) continue;
        if (plan < -1) abort();
        check_round_trip(csv, k, plan, &s, sh);
    }
    free(text);
    return 0;
}
