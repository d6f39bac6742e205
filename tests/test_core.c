/* test_core.c: the small shared helpers of engine/core: constants and angle
 * conversions, the string builder, the output sink, the random number generator,
 * trimming and the equal-area projection's definition. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/constants.h"
#include "core/rng.h"
#include "core/sbuf.h"
#include "core/str.h"
#include "geo/geo.h"
#include "io/csv.h"
#include "gerrymeter/gm_sink.h"

static void test_core_pi(void **state)
{
    (void)state;
    assert_true(GM_PI == acos(-1.0));
    assert_true(gmi_deg2rad(180) == GM_PI);
    assert_true(gmi_rad2deg(GM_PI) == 180);
    assert_true(gmi_deg2rad(90) == GM_PI / 2);
    /* the forms every caller relied on before they shared one */
    double d = 43.123456789;
    assert_true(gmi_deg2rad(d) == d * 3.14159265358979323846 / 180);
    assert_true(gmi_rad2deg(0.7) == 0.7 * (180.0 / 3.14159265358979323846));
}

static void test_core_sbuf(void **state)
{
    (void)state;
    gmi_sbuf b = {0};
    assert_null(gmi_sbuf_take(&b)); /* nothing appended: no text */
    gmi_sbuf_puts(&b, "ab");
    gmi_sbuf_putc(&b, 'c');
    gmi_sbuf_add(&b, "d\0e", 3); /* bytes, NUL included */
    gmi_sbuf_printf(&b, "%d-%s", 42, "x");
    assert_int_equal(b.len, 10);
    assert_memory_equal(b.s, "abcd\0e42-x", 11);
    /* growth far beyond the first block keeps every byte */
    for (int i = 0; i < 5000; i++) gmi_sbuf_printf(&b, "%04d", i);
    assert_int_equal(b.len, 10 + 4 * 5000);
    assert_memory_equal(b.s + 10 + 4 * 4999, "4999", 5);
    char *t = gmi_sbuf_take(&b);
    assert_non_null(t);
    assert_null(b.s);
    assert_int_equal(b.len, 0);
    free(t);
    /* out of memory is sticky: later appends are ignored and take gives NULL */
    gmi_sbuf_puts(&b, "kept");
    b.oom = true;
    gmi_sbuf_puts(&b, "lost");
    gmi_sbuf_printf(&b, "%s", "lost");
    assert_int_equal(b.len, 4);
    assert_null(gmi_sbuf_take(&b));
    assert_false(b.oom);
    gmi_sbuf_free(&b);
    gmi_sbuf_free(NULL);
}

static void test_core_sbuf_read(void **state)
{
    (void)state;
    char big[200000];
    for (size_t i = 0; i < sizeof big; i++) big[i] = (char)('a' + i % 26);
    big[sizeof big - 1] = '\0';
    const char *path = tu_write_tmp("sbuf_read.txt", big);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    gmi_sbuf b = {0};
    gmi_sbuf_puts(&b, ">");
    assert_int_equal(gmi_sbuf_read(&b, f), 0);
    fclose(f);
    assert_int_equal(b.len, 1 + strlen(big));
    assert_string_equal(b.s + 1, big);
    gmi_sbuf_free(&b);
    /* an empty file reads as empty text */
    f = fopen(tu_write_tmp("sbuf_empty.txt", ""), "rb");
    assert_non_null(f);
    assert_int_equal(gmi_sbuf_read(&b, f), 0);
    fclose(f);
    assert_int_equal(b.len, 0);
    gmi_sbuf_free(&b);
    /* a whole file by path, and the error naming a missing one */
    gm_error err = {0};
    assert_int_equal(gmi_sbuf_read_file(&b, path, "", &err), GM_OK);
    assert_string_equal(b.s, big);
    gmi_sbuf_free(&b);
    assert_int_equal(gmi_sbuf_read_file(&b, "/nonexistent/g.json", "graph ", &err), GM_E_IO);
    assert_string_equal(err.msg,
                        "cannot open graph '/nonexistent/g.json': No such file or directory");
    gmi_sbuf_free(&b);
}

/* A sink callback that takes `left` writes, then fails with GM_E_IO. */
typedef struct flaky {
    int left, calls;
} flaky;

static gm_status flaky_write(void *ctx, const char *data, size_t n)
{
    flaky *fl = ctx;
    (void)data;
    (void)n;
    fl->calls++;
    return fl->left-- > 0 ? GM_OK : GM_E_IO;
}

static void test_core_sink(void **state)
{
    (void)state;
    /* string-builder adapter, with a formatted line longer than the stack buffer */
    gmi_sbuf b = {0};
    gm_sink s;
    gmi_sink_sbuf(&s, &b);
    char lng[2000];
    memset(lng, 'z', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    gm_sink_puts(&s, "<a>");
    gm_sink_putc(&s, '!');
    gm_sink_printf(&s, "[%s]", lng);
    gm_sink_write(&s, "", 0);
    assert_int_equal(gm_sink_status(&s), GM_OK);
    assert_int_equal(b.len, 4 + 2 + strlen(lng));
    assert_memory_equal(b.s, "<a>![zz", 7);
    assert_string_equal(b.s + b.len - 2, "z]");
    gmi_sbuf_free(&b);

    /* FILE* adapter */
    FILE *f = tmpfile();
    assert_non_null(f);
    gm_sink_file(&s, f);
    gm_sink_printf(&s, "%s=%d\n", "k", 7);
    assert_int_equal(gm_sink_status(&s), GM_OK);
    rewind(f);
    char line[16] = "";
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "k=7\n");
    fclose(f);

    /* the first failure is kept and later writes are skipped */
    flaky fl = {1, 0};
    gm_sink_init(&s, flaky_write, &fl);
    gm_sink_puts(&s, "one");
    gm_sink_puts(&s, "two");
    gm_sink_printf(&s, "%s", "three");
    assert_int_equal(gm_sink_status(&s), GM_E_IO);
    assert_int_equal(fl.calls, 2);
}

/* The JSON string writer shared by the pages and the CLI, byte for byte. */
static void test_core_json_string(void **state)
{
    (void)state;
    gmi_sbuf b = {0};
    gm_sink s;
    gmi_sink_sbuf(&s, &b);
    gm_sink_json_string(&s, "a\"b\\c\n\r\t\x01</x>/y \xc3\xa9");
    assert_int_equal(gm_sink_status(&s), GM_OK);
    assert_string_equal(b.s, "\"a\\\"b\\\\c\\n\\r\\t\\u0001<\\/x>/y \xc3\xa9\"");
    gmi_sbuf_free(&b);
}

/* The JSON text writer's layout, directly and through its gm_json_out. */
static void test_core_json_writer(void **state)
{
    (void)state;
    gmi_sbuf b = {0};
    gm_sink s;
    gmi_sink_sbuf(&s, &b);
    gm_json_writer w;
    gm_json_writer_init(&w, &s);
    gm_json_out o = gm_json_writer_out(&w);
    gm_json_obj(&w, NULL);
    gm_json_str(&w, "a</b", NULL);
    gm_jo_num(&o, "n", 2.0);
    gm_jo_num(&o, "x", 0.1);
    gm_jo_num(&o, "nan", NAN);
    gm_jo_obj(&o, "empty");
    gm_jo_end_obj(&o);
    gm_jo_arr(&o, "l");
    gm_jo_int(&o, NULL, -3);
    gm_jo_bool(&o, NULL, true);
    gm_jo_null(&o, NULL);
    gm_jo_str(&o, NULL, "q\"");
    gm_jo_end_arr(&o);
    gm_json_end_obj(&w);
    gm_json_finish(&w);
    assert_int_equal(gm_sink_status(&s), GM_OK);
    assert_string_equal(b.s, "{\n  \"a<\\/b\": null,\n  \"n\": 2,\n  \"x\": 0.10000000000000001,\n"
                             "  \"nan\": null,\n  \"empty\": {},\n  \"l\": [\n    -3,\n    true,\n"
                             "    null,\n    \"q\\\"\"\n  ]\n}\n");
    gmi_sbuf_free(&b);
}

/* Numbers grouped in thousands, with each layer's word for an undefined value. */
static void test_core_fmt_int(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(gm_fmt_int(1316470.4, "n/a", b, sizeof b), "1,316,470");
    assert_string_equal(gm_fmt_int(-1125, "-", b, sizeof b), "-1,125");
    assert_string_equal(gm_fmt_int(999, "-", b, sizeof b), "999");
    assert_string_equal(gm_fmt_int(-0.4, "-", b, sizeof b), "0");
    assert_string_equal(gm_fmt_int(NAN, "n/a", b, sizeof b), "n/a");
    assert_string_equal(gm_fmt_int(-INFINITY, "-", b, sizeof b), "-");
    assert_string_equal(gm_fmt_int(1234567, "-", b, 6), "1,234"); /* cut at cap - 1 bytes */
    assert_string_equal(gm_fmt_thousands("-662661.75", b, sizeof b), "-662,661.75");
    assert_string_equal(gm_fmt_thousands("100", b, sizeof b), "100");
    assert_string_equal(gm_fmt_thousands("1000.5", b, sizeof b), "1,000.5");
}

static void test_core_rng_vectors(void **state)
{
    (void)state;
    /* splitmix64 from 1234567: the published first outputs */
    uint64_t x = 1234567;
    assert_true(gmi_splitmix64(&x) == 6457827717110365317ULL);
    assert_true(gmi_splitmix64(&x) == 0x2c73f08458540fa5ULL);
    assert_true(gmi_mix64(0) == 0);
    /* xoshiro256** from the state {1, 2, 3, 4}: the reference implementation's outputs */
    gmi_rng r = {{1, 2, 3, 4}, 0};
    assert_true(gmi_rng_next(&r) == 11520);
    assert_true(gmi_rng_next(&r) == 0);
    assert_true(gmi_rng_next(&r) == 1509978240);
    assert_true(gmi_rng_next(&r) == 1215971899390074240ULL);
    /* gmi_rng_seed: four splitmix64 values of the seed, as the swing draws always seeded */
    gmi_rng_seed(&r, 7);
    assert_true(gmi_rng_next(&r) == 0xb358faf74ef9765aULL);
    assert_true(gmi_rng_next(&r) == 0x475c3d964f482cd2ULL);
    assert_true(gmi_rng_next(&r) == 0xd6f1d349952c7996ULL);
    /* the splitmix kind is splitmix64 itself, as the control bootstrap always drew */
    gmi_rng_seed_splitmix(&r, 1234567);
    assert_true(gmi_rng_next(&r) == 6457827717110365317ULL);
}

static void test_core_rng_streams(void **state)
{
    (void)state;
    gmi_rng a, b;
    gmi_rng_stream(&a, 7, 0);
    gmi_rng_seed(&b, 7);
    for (int i = 0; i < 8; i++) assert_true(gmi_rng_next(&a) == gmi_rng_next(&b));
    /* stream 1 = seed 7 advanced 2^128 draws (jump polynomial of the reference code) */
    gmi_rng_stream(&a, 7, 1);
    assert_true(gmi_rng_next(&a) == 0x156617fd83df2a74ULL);
    assert_true(gmi_rng_next(&a) == 0x1ccb4975f3ae6cbcULL);
    /* a copy is a fork: the same numbers */
    gmi_rng_stream(&a, 7, 2);
    b = a;
    assert_true(gmi_rng_next(&a) == gmi_rng_next(&b));
    /* splitmix kind: a jump is 2^48 draws of its counter */
    gmi_rng_seed_splitmix(&a, 5);
    gmi_rng_jump(&a);
    assert_true(a.s[0] == 5 + (0x9e3779b97f4a7c15ULL << 48));
}

static void test_core_rng_distributions(void **state)
{
    (void)state;
    gmi_rng r;
    gmi_rng_seed(&r, 20121106);
    enum { N = 200000 };
    double su = 0, sn = 0, sn2 = 0;
    size_t cnt[3] = {0, 0, 0};
    for (int i = 0; i < N; i++) {
        double u = gmi_rng_uniform(&r), p = gmi_rng_uniform_pos(&r);
        assert_true(u >= 0 && u < 1);
        assert_true(p > 0 && p <= 1);
        su += u;
        double z = gmi_rng_normal(&r);
        sn += z;
        sn2 += z * z;
        uint64_t k = gmi_rng_below(&r, 3);
        assert_true(k < 3);
        cnt[k]++;
    }
    assert_true(fabs(su / N - 0.5) < 0.005);
    assert_true(fabs(sn / N) < 0.01);
    assert_true(fabs(sn2 / N - 1) < 0.02);
    for (int k = 0; k < 3; k++) assert_true(fabs((double)cnt[k] / N - 1.0 / 3) < 0.005);
    assert_true(gmi_rng_below(&r, 1) == 0);
    /* n above 2^63: more than a third of the draws are rejected, none is out of range */
    uint64_t big = (1ULL << 63) + 12345;
    for (int i = 0; i < 1000; i++) assert_true(gmi_rng_below(&r, big) < big);
}

static void test_core_trim(void **state)
{
    (void)state;
    char a[] = " \t x y\t \t";
    assert_string_equal(gmi_trim(a), "x y");
    char b[] = "plain";
    assert_string_equal(gmi_trim(b), "plain");
    char c[] = " \t ";
    assert_string_equal(gmi_trim(c), "");
    char d[] = "\nkeep\n"; /* only spaces and tabs are blanks */
    assert_string_equal(gmi_trim(d), "\nkeep\n");
    size_t n;
    const char *t = gmi_trim_span("  ab c  ", &n);
    assert_int_equal(n, 4);
    assert_memory_equal(t, "ab c", 4);
    char *e = gmi_trim_dup("\t 12 ");
    assert_string_equal(e, "12");
    free(e);
    /* header lookup trims the same blanks as every field reader: a tab after a column
     * name used to hide the column (only spaces were trimmed there) */
    gmi_csv csv;
    gm_error err = {0};
    const char *text = "district\t,dem ,\trep\n1,2,3\n";
    assert_int_equal(gmi_csv_open_mem(&csv, text, strlen(text), "t.csv", ',', &err), GM_OK);
    assert_int_equal(gmi_csv_next(&csv, &err), 1);
    assert_int_equal(gmi_csv_find(csv.field, csv.nf, "district"), 0);
    assert_int_equal(gmi_csv_find(csv.field, csv.nf, "DEM"), 1);
    assert_int_equal(gmi_csv_find(csv.field, csv.nf, "rep"), 2);
    gmi_csv_close(&csv);
}

/* Warnings: stored in order, identical messages once, counted by code, merged, freed. */
static void test_core_warnings(void **state)
{
    (void)state;
    gm_warnings w = {0}, v = {0};
    assert_int_equal(gm_warn(NULL, "x", "ignored"), GM_OK);
    assert_int_equal(gm_warn(&w, "empty_districts", "%d districts receive no units", 46), GM_OK);
    assert_int_equal(gm_warn(&w, "empty_districts", "46 districts receive no units"), GM_OK);
    assert_int_equal(gm_warn(&w, "same_field", "line\nbreak"), GM_OK);
    for (int i = 0; i < 9; i++) gm_warn(&v, "many", "warning %d", i);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.msg[0], "46 districts receive no units");
    assert_string_equal(w.msg[1], "line break");
    assert_int_equal(gm_warnings_count(&w, "empty_districts"), 1);
    assert_int_equal(gm_warnings_count(&v, "many"), 9);
    assert_int_equal(gm_warnings_merge(&v, &w), GM_OK);
    assert_int_equal(gm_warnings_merge(&v, &w), GM_OK);
    assert_int_equal(v.n, 11);
    assert_string_equal(v.code[10], "same_field");
    gm_warnings_free(&w);
    assert_int_equal(w.n, 0);
    assert_null(w.msg);
    gm_warnings_free(&v);
}

static void test_core_laea_def(void **state)
{
    (void)state;
    char d[GMI_LAEA_DEF_MAX];
    gmi_laea_def(d, sizeof d, -71.5812345678, 43.6812345678, GMI_LAEA_WORKING);
    assert_string_equal(d, "+proj=laea +lat_0=43.681235 +lon_0=-71.581235 +x_0=0 +y_0=0 "
                           "+datum=WGS84 +units=m +no_defs");
    gmi_laea_def(d, sizeof d, -71.5812345678, 43.6812345678, GMI_LAEA_LOCAL);
    assert_string_equal(d, "+proj=laea +lat_0=43.681234568 +lon_0=-71.581234568 +x_0=0 +y_0=0 "
                           "+datum=WGS84 +units=m +no_defs");
    /* the widest centre fits */
    gmi_laea_def(d, sizeof d, -179.999999999, -89.999999999, GMI_LAEA_LOCAL);
    assert_true(strlen(d) < sizeof d - 1);
    assert_non_null(strstr(d, "+no_defs"));
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_core_pi),
        cmocka_unit_test(test_core_sbuf),
        cmocka_unit_test(test_core_sbuf_read),
        cmocka_unit_test(test_core_sink),
        cmocka_unit_test(test_core_json_string),
        cmocka_unit_test(test_core_json_writer),
        cmocka_unit_test(test_core_fmt_int),
        cmocka_unit_test(test_core_rng_vectors),
        cmocka_unit_test(test_core_rng_streams),
        cmocka_unit_test(test_core_rng_distributions),
        cmocka_unit_test(test_core_trim),
        cmocka_unit_test(test_core_laea_def),
        cmocka_unit_test(test_core_warnings),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
