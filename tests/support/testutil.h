/* testutil.h: helpers shared by the cmocka suites. */
#ifndef GM_TESTUTIL_H
#define GM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>

/* Directory of the shared real data (GM_SHARED_DATA, else ../shared/data beside the
 * checkout). Returns NULL when it does not exist; tests then skip with a notice, unless
 * GM_REQUIRE_SHARED_DATA=1 (set by .ci/run), which turns the skip into a failure. */
const char *tu_shared_data(void);

/* Build "<shared>/<rel>" into a static buffer (rotating among 4) or skip the test. */
const char *tu_shared_path(const char *rel);

/* "<testdata>/<rel>" (static buffer, rotating among 4). */
const char *tu_testdata(const char *rel);

/* The suite's directory for temporary files: made on first use, removed with all it
 * holds when the program exits. */
const char *tu_tmpdir(void);

/* Write text to "<tu_tmpdir()>/<name>" (replacing it) and return that path (static
 * buffer, rotating among 4). Fails the test when the file cannot be written. */
const char *tu_write_tmp(const char *name, const char *text);

/* The whole of a file, NUL-terminated; the caller frees it. Fails the test when the file
 * cannot be read. */
char *tu_read_file(const char *path);

/* A layer of the shared data ("<shared>/<rel>", or skip) loaded with its geometry, the
 * population field pop and the plan field plan_field (either may be NULL). Fails the test
 * on an error. */
struct gm_units;
struct gm_units *tu_load_shared_units(const char *rel, const char *pop, const char *plan_field);

/* The Minnesota congressional ensemble (ReCom, 8 districts) over its units: the precincts
 * of mggg_MN/mn_08_16.zip with population TOTPOP (flags TU_MN_VOTES: parties D and R from
 * USH16D and USH16R; TU_MN_GEOMETRY: with the geometry), and the first np plans of
 * ensembles/mn_congdist_recom_10000.jsonl.xz (plan 0 is the enacted CONGDIST). Fails the
 * test on an error or when the ensemble holds fewer plans; free with tu_mn_free. */
#define TU_MN_VOTES 0x1u
#define TU_MN_GEOMETRY 0x2u
typedef struct tu_mn {
    struct gm_units *u;
    size_t n, k, np;  /* units, districts, plans */
    int32_t *plan;    /* [np * n]: plan p's district of unit i at p * n + i */
    int64_t *sample;  /* [np]: the plans' sample numbers */
} tu_mn;
void tu_mn_load(tu_mn *m, size_t np, unsigned flags);
void tu_mn_free(tu_mn *m);

/* Relative comparison with a floor of 1 for small magnitudes. */
bool tu_near(double a, double b, double rel);

#include "core/constants.h" /* GM_PI */

#endif
