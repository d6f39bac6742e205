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

/* Build "<shared>/<rel>" into a static buffer (one at a time) or skip the test. */
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

/* Relative comparison with a floor of 1 for small magnitudes. */
bool tu_near(double a, double b, double rel);

#include "core/constants.h" /* GM_PI */

#endif
