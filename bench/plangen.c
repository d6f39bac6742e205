/* plangen.c: write a stream of N generated plans to standard output, for streaming tests
 * (bench/stream.sh, tests/cli/ensemble_memory.sh). Nothing is stored: plans are made one
 * at a time from a base plan and written as they are made.
 *
 *   plangen BASE.csv N [gmen|jsonl] [SEED]
 *
 * BASE.csv: a header, then one row per unit in layer order whose last field is the unit's
 * district, 1..k (testdata/sample/assignment.csv). Plan p is the base plan with 1..48
 * units (drawn by a xorshift generator seeded with SEED) moved to a random district, so
 * every plan is valid (ids 0..k-1, every unit assigned) and the metrics vary from plan
 * to plan. Sample numbers are 0..N-1. Output: GMEN (one byte per id) or JSONL. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) p[i] = (unsigned char)(v >> (8 * i));
}

/* Read the last field of every row after the header; returns the unit count. */
static size_t read_base(const char *path, unsigned char **out, int *k)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t n = 0, cap = 1024;
    unsigned char *d = malloc(cap);
    char line[4096];
    int header = 1;
    *k = 0;
    while (d && fgets(line, sizeof line, f)) {
        if (header) {
            header = 0;
            continue;
        }
        char *c = strrchr(line, ',');
        long v = strtol(c ? c + 1 : line, NULL, 10);
        if (v < 1 || v > 256) {
            fprintf(stderr, "plangen: %s: row %zu: district %ld outside 1..256\n", path, n + 2, v);
            exit(2);
        }
        if (n == cap) d = realloc(d, cap *= 2);
        if (!d) break;
        d[n++] = (unsigned char)(v - 1);
        if (v > *k) *k = (int)v;
    }
    fclose(f);
    if (!d || n == 0) {
        fprintf(stderr, "plangen: %s: no units\n", path);
        exit(2);
    }
    *out = d;
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: plangen BASE.csv N [gmen|jsonl] [SEED]\n", stderr);
        return 2;
    }
    int k;
    unsigned char *base;
    size_t n = read_base(argv[1], &base, &k);
    unsigned long long np = strtoull(argv[2], NULL, 10);
    int jsonl = argc > 3 && !strcmp(argv[3], "jsonl");
    if (argc > 4) rng_state ^= strtoull(argv[4], NULL, 10) * 0xBF58476D1CE4E5B9ULL;
    if (!rng_state) rng_state = 1;
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    /* one record: GMEN = u64 sample + n bytes; JSONL <= 40 + 4 chars per unit */
    size_t cap = 64 + 4 * n;
    unsigned char *rec = malloc(cap), *plan = malloc(n);
    if (!rec || !plan) return 2;
    if (!jsonl) {
        unsigned char h[32] = {'G', 'M', 'E', 'N'};
        put_le(h + 4, 1, 2);
        put_le(h + 6, 1, 2);
        put_le(h + 8, n, 4);
        fwrite(h, 1, sizeof h, stdout);
    }
    for (unsigned long long p = 0; p < np; p++) {
        memcpy(plan, base, n);
        int moves = 1 + (int)(rng() % 48);
        for (int m = 0; m < moves; m++) {
            uint64_t r = rng();
            plan[(r >> 8) % n] = (unsigned char)(r % (uint64_t)k);
        }
        size_t len;
        if (!jsonl) {
            put_le(rec, p, 8);
            memcpy(rec + 8, plan, n);
            len = 8 + n;
        } else {
            len = (size_t)sprintf((char *)rec, "{\"sample\": %llu, \"assignment\": [", p);
            for (size_t i = 0; i < n; i++) {
                unsigned v = plan[i];
                if (i) rec[len++] = ',';
                if (v >= 100) rec[len++] = (unsigned char)('0' + v / 100);
                if (v >= 10) rec[len++] = (unsigned char)('0' + v / 10 % 10);
                rec[len++] = (unsigned char)('0' + v % 10);
            }
            rec[len++] = ']';
            rec[len++] = '}';
            rec[len++] = '\n';
        }
        if (fwrite(rec, 1, len, stdout) != len) return 1; /* reader gone */
    }
    free(rec);
    free(plan);
    free(base);
    return fflush(stdout) ? 1 : 0;
}
