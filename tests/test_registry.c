/* test_registry.c: the metric registry (gm_metric.h). A metric registered here, with no
 * other edit anywhere, must appear in every output that iterates over the registry:
 * `partisan` JSON, CSV and text, `score` JSON, and the ensemble rows and summary. The
 * CLI is driven in-process (gmc_main) so that it sees the registered row. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

#include "cli.h"
#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_metric.h"
#include "gerrymeter/gm_partisan.h"

/* The test metric: the first party's share in its best district (a plain function of
 * district totals, as any registered metric is). */
static double best_share(const gm_metric_in *in, void *ud)
{
    (void)ud;
    double best = NAN;
    for (size_t d = 0; d < in->k; d++) {
        double t = in->a[d] + in->b[d];
        if (t > 0 && !(in->a[d] / t <= best)) best = in->a[d] / t;
    }
    return best;
}

/* A per-district test metric: the district's two-party turnout. */
static double turnout(const gm_metric_in *in, void *ud)
{
    (void)ud;
    return in->a && in->b ? in->a[in->district] + in->b[in->district] : NAN;
}

static const gm_metric_def turnout_def = {
    .key = "turnout_test", .label = "Turnout (test)", .unit = GM_UNIT_COUNT, .lo = 0, .hi = NAN,
    .anchor = "registry", .reading = "test metric", .offset = -1, .why_offset = -1, .fn = turnout,
    .decimals = 0, .flags = GM_MD_VOTES};

static const gm_metric_def best_def = {
    .key = "best_share_test", .label = "Best district share (test)", .unit = GM_UNIT_SHARE,
    .sign = GM_SIGN_NONE, .lo = 0, .hi = 1, .anchor = "registry", .reading = "test metric",
    .flags = GM_MD_PLAN, .offset = -1, .why_offset = -1, .fn = best_share};


/* Run `gerrymeter ARGS... -o OUT` in-process and return OUT's text (caller frees). */
static char *run(const char *out, const char *const *args)
{
    char *argv[32];
    int argc = 0;
    argv[argc++] = (char *)"gerrymeter";
    for (; *args; args++) argv[argc++] = (char *)*args;
    argv[argc++] = (char *)"-o";
    argv[argc++] = (char *)out;
    argv[argc] = NULL;
    optind = 0; /* a fresh getopt scan for each command */
    assert_int_equal(gmc_main(argc, argv), 0);
    return tu_read_file(out);
}

static void test_registry_lookup(void **state)
{
    (void)state;
    size_t i, n = gm_metric_count(GM_MF_PARTISAN);
    assert_true(n >= 19);
    const gm_metric_def *eg = gm_metric_find(GM_MF_PARTISAN, "efficiency_gap", &i);
    assert_non_null(eg);
    assert_ptr_equal(gm_metric_get(GM_MF_PARTISAN, i), eg);
    assert_int_equal(eg->sign, GM_SIGN_B);
    gm_partisan p;
    memset(&p, 0, sizeof p);
    p.efficiency_gap = 0.125;
    assert_true(gm_metric_value(eg, &p, NULL) == 0.125);
    /* every row has a key, a label, a docs anchor and a reading; keys are unique */
    for (int f = 0; f < GM_MF_COUNT; f++)
        for (size_t a = 0; a < gm_metric_count((gm_metric_family)f); a++) {
            const gm_metric_def *m = gm_metric_get((gm_metric_family)f, a);
            assert_true(m->key && *m->key && m->label && m->anchor && m->reading);
            assert_true(m->offset >= 0 || m->fn);
            size_t at;
            assert_ptr_equal(gm_metric_find((gm_metric_family)f, m->key, &at), m);
            assert_int_equal(at, a);
        }
    /* the compactness rows are the gm_compact_metric list, in its order */
    assert_int_equal(gm_metric_count(GM_MF_COMPACT), GM_CM_COUNT);
    for (size_t m = 0; m < GM_CM_COUNT; m++)
        assert_int_equal(gm_metric_get(GM_MF_COMPACT, m)->offset, (int)m);
    assert_string_equal(gm_compact_metric_name(GM_CM_POLSBY_POPPER), "polsby_popper");
    gm_error err;
    gm_error_clear(&err);
    gm_metric_def dup = best_def;
    dup.key = "efficiency_gap";
    assert_int_equal(gm_metric_register(GM_MF_PARTISAN, &dup, &err), GM_E_ARG);
    dup.fn = NULL;
    dup.key = "no_function";
    assert_int_equal(gm_metric_register(GM_MF_PARTISAN, &dup, &err), GM_E_ARG);
}

/* District shares 0.1, 0.2, 0.3, 0.7: the best is 0.7. */
static void test_registered_metric_everywhere(void **state)
{
    (void)state;
    gm_error err;
    gm_error_clear(&err);
    assert_int_equal(gm_metric_register(GM_MF_PARTISAN, &best_def, &err), GM_OK);
    assert_non_null(gm_metric_find(GM_MF_PLAN, "best_share_test", NULL));
    assert_int_equal(gm_metric_register(GM_MF_DISTRICT, &turnout_def, &err), GM_OK);
    const char *res = tu_write_tmp("r.csv", "district,dem,rep\n1,1,9\n2,2,8\n3,3,7\n4,7,3\n");
    char out[512];

    snprintf(out, sizeof out, "%s/p.json", tu_tmpdir());
    const char *a1[] = {"partisan", "--results", res, "--votes", "D=dem,R=rep", "--format", "json", NULL};
    char *s = run(out, a1);
    assert_non_null(strstr(s, "\"best_share_test\": 0.69999999999999996"));
    free(s);

    snprintf(out, sizeof out, "%s/p.csv", tu_tmpdir());
    const char *a2[] = {"partisan", "--results", res, "--votes", "D=dem,R=rep", "--format", "csv", NULL};
    s = run(out, a2);
    assert_non_null(strstr(s, ",best_share_test,"));
    assert_non_null(strstr(s, ",0.69999999999999996,"));
    free(s);

    snprintf(out, sizeof out, "%s/p.txt", tu_tmpdir());
    const char *a3[] = {"partisan", "--results", res, "--votes", "D=dem,R=rep", NULL};
    s = run(out, a3);
    assert_non_null(strstr(s, "best_share_test"));
    assert_non_null(strstr(s, "0.7000"));
    free(s);

    const char *units = tu_write_tmp("u.csv", "id,district,dem,rep,pop\n1,1,1,9,10\n2,2,2,8,10\n"
                                              "3,3,3,7,10\n4,4,7,3,10\n");
    snprintf(out, sizeof out, "%s/s.json", tu_tmpdir());
    const char *a4[] = {"score", "--units", units, "--plan", "district", "--votes", "D=dem,R=rep",
                        "--pop", "pop", "--format", "json", NULL};
    s = run(out, a4);
    assert_non_null(strstr(s, "\"best_share_test\": 0.69999999999999996"));
    assert_non_null(strstr(s, "\"share\": 0.69999999999999996,\n      \"turnout_test\": 10"));
    free(s);
    /* the district metric in score's CSV and text rows */
    snprintf(out, sizeof out, "%s/s.csv", tu_tmpdir());
    const char *a6[] = {"score", "--units", units, "--plan", "district", "--votes", "D=dem,R=rep",
                        "--pop", "pop", "--format", "csv", NULL};
    s = run(out, a6);
    assert_non_null(strstr(s, "votes_R,share,turnout_test,winner\n"));
    assert_non_null(strstr(s, "\n4,1,10,0,0,7,3,0.69999999999999996,10,D\n"));
    free(s);
    snprintf(out, sizeof out, "%s/s.txt", tu_tmpdir());
    const char *a7[] = {"score", "--units", units, "--plan", "district", "--votes", "D=dem,R=rep",
                        "--pop", "pop", NULL};
    s = run(out, a7);
    assert_non_null(strstr(s, "D turnout_test"));
    free(s);

    /* ensemble score: a column of the rows and a metric of the summary. Two districts
     * (units' D shares 0.1, 0.2, 0.3, 0.7); best shares: plan 0 (units 1-3 together:
     * 6/30 = 0.2, unit 4: 0.7) 0.7; plan 1 (3/20, 10/20) 0.5; plan 2 (0.1, 12/30) 0.4. */
    const char *plans = tu_write_tmp("p.jsonl", "{\"assignment\": [0, 0, 0, 1]}\n"
                                                "{\"assignment\": [0, 0, 1, 1]}\n"
                                                "{\"assignment\": [0, 1, 1, 1]}\n");
    char sum[512];
    snprintf(sum, sizeof sum, "%s/sum.json", tu_tmpdir());
    snprintf(out, sizeof out, "%s/rows.csv", tu_tmpdir());
    const char *a5[] = {"ensemble", "score", "--units", units, "--pop", "pop", "--votes", "D=dem,R=rep",
                         "--plans", plans, "--districts", "2", "--threads", "1", "-q",
                         "--summary", sum, "--pop-dev-limit", "none", NULL}; /* plans far off */
    s = run(out, a5);
    assert_non_null(strstr(s, ",pp_min,noncontiguous_districts,best_share_test,share_1,"));
    assert_non_null(strstr(s, "\n2,2,"));
    free(s);
    s = tu_read_file(sum);
    const char *m = strstr(s, "\"best_share_test\": {");
    assert_non_null(m);
    assert_non_null(strstr(m, "\"n\": 3"));
    assert_non_null(strstr(m, "\"min\": 0.40000000000000002"));
    assert_non_null(strstr(m, "\"max\": 0.69999999999999996"));
    free(s);
    gm_metric_unregister_all();
    assert_null(gm_metric_find(GM_MF_PLAN, "best_share_test", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_lookup),
        cmocka_unit_test(test_registered_metric_everywhere),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
