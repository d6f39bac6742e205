/* test_report.c: the report's building blocks, on hand-worked cases: escaping for
 * HTML/SVG and Markdown, number formatting, the margin scale, the headline and the map of the tiny 4x4 grid (testdata/tiny/README.md), and the
 * ensemble CSV reader. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_compact.h"
#include "gerrymeter/gm_core.h"
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_plan.h"
#include "gerrymeter/gm_units.h"
#include "core/sbuf.h"
#include "report/report.h"
#include "report/svg.h"

/* Capture what a writer prints (a sink over a string builder). The caller frees the
 * string. */
typedef struct cap {
    gmi_sbuf b;
    gm_sink f;
} cap;

static void cap_open(cap *c)
{
    memset(&c->b, 0, sizeof c->b);
    gmi_sink_sbuf(&c->f, &c->b);
}

static char *cap_close(cap *c)
{
    assert_int_equal(gm_sink_status(&c->f), GM_OK);
    char *s = gmi_sbuf_take(&c->b);
    return s ? s : strdup("");
}

static void test_report_xml_escape(void **state)
{
    (void)state;
    cap c;
    cap_open(&c);
    gmi_xml_text(&c.f, "<script>alert(1)</script> \" onmouseover=\"x & 'y'\x01\t");
    char *s = cap_close(&c);
    assert_string_equal(
        s, "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x &amp; &#39;y&#39;\t");
    free(s);
}

static void test_report_md_escape(void **state)
{
    (void)state;
    cap c;
    cap_open(&c);
    gmi_md_text(&c.f, "3 | *x* _y_ [l](u) `c` #h <b>\nnext");
    char *s = cap_close(&c);
    assert_string_equal(s, "3 \\| \\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\#h &lt;b&gt; next");
    free(s);
}

static void test_report_numbers(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(gmi_num(12.340, 3, b, sizeof b), "12.34");
    assert_string_equal(gmi_num(12.0, 3, b, sizeof b), "12");
    assert_string_equal(gmi_num(-0.0001, 2, b, sizeof b), "0");
    assert_string_equal(gmi_num(NAN, 2, b, sizeof b), "NaN");
    assert_string_equal(gmi_pct(0.2492375607, 1, b, sizeof b), "24.9%");
    assert_string_equal(gmi_pct(-0.455116839651, 1, b, sizeof b), "-45.5%");
    assert_string_equal(gmi_pct(-1.5e-5, 2, b, sizeof b), "0.00%"); /* no "-0.00%" */
    assert_string_equal(gmi_pct(NAN, 1, b, sizeof b), "n/a");
    assert_string_equal(gmi_int(1316470, b, sizeof b), "1,316,470");
    assert_string_equal(gmi_int(-1125, b, sizeof b), "-1,125");
    assert_string_equal(gmi_int(999, b, sizeof b), "999");
    assert_string_equal(gmi_int(-0.4, b, sizeof b), "0");
}

static void test_report_margin_scale(void **state)
{
    (void)state;
    assert_string_equal(gmi_margin_class(0.0), "m0");
    assert_string_equal(gmi_margin_class(0.3499), "m0");
    assert_string_equal(gmi_margin_class(0.35), "m1");
    assert_string_equal(gmi_margin_class(0.4999), "m3");
    assert_string_equal(gmi_margin_class(0.5), "mt");
    assert_string_equal(gmi_margin_class(0.5001), "m4");
    assert_string_equal(gmi_margin_class(0.65), "m7");
    assert_string_equal(gmi_margin_class(1.0), "m7");
    assert_string_equal(gmi_margin_class(NAN), "mn");
}

static gm_units *load_tiny(gm_plan **p)
{
    gm_units_spec s;
    gm_units *u = NULL;
    gm_error err;
    memset(&s, 0, sizeof s);
    s.path = tu_testdata("tiny/precincts.gpkg");
    s.pop_field = "TOTPOP";
    s.plan_field = "CD";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "G16D";
    s.vote_field[1] = "G16R";
    s.load_geometry = true;
    if (gm_units_load(&s, &u, &err) != GM_OK) fail_msg("tiny: %s", err.msg);
    if (gm_plan_from_column(u, p, &err) != GM_OK) fail_msg("tiny plan: %s", err.msg);
    return u;
}

/* Bounding box of a path's coordinates and its vertex count. */
static size_t path_box(const char *d, double *x0, double *y0, double *x1, double *y1)
{
    size_t n = 0;
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    const char *p = d;
    while (*p) {
        if (*p == 'M' || *p == 'Z' || *p == ' ') {
            p++;
            continue;
        }
        char *e;
        double x = strtod(p, &e);
        assert_true(e != p && *e == ' ');
        double y = strtod(e + 1, &e);
        *x0 = fmin(*x0, x);
        *x1 = fmax(*x1, x);
        *y0 = fmin(*y0, y);
        *y1 = fmax(*y1, y);
        n++;
        p = e;
    }
    return n;
}

/* The 4 km x 4 km grid drawn 640 units wide: 6-unit margins, 628/4000 units per metre,
 * so each 2 km district is a 314-unit square. CD 1 is the north-west one. The grid is
 * square in UTM 14N; in the LAEA centred on it the squares turn by the difference of
 * the two projections' grid convergence (a few hundredths of a degree here), which
 * moves corners by up to 0.2 units: the tolerance. */
#define EPS_MAP 0.25
static void test_report_tiny_plan(void **state)
{
    (void)state;
    gm_plan *p = NULL;
    gm_units *u = load_tiny(&p);
    gm_report_plan in = {u, p, "Tiny"};
    gmi_rplan r;
    gm_error err;
    if (gmi_rplan_build(&in, 640, 0, &r, &err) != GM_OK) fail_msg("%s", err.msg);
    char hl[512];
    gmi_headline(&r, hl, sizeof hl);
    assert_string_equal(
        hl, "Democrats won 50.0% of the two-party vote and 1 of 4 seats. The efficiency gap "
            "of 25.0% favours Republicans: about 1 seat.");
    assert_true(r.have_map);
    assert_true(r.map.coverage);
    assert_float_equal(r.map.w, 640, EPS_MAP);
    assert_float_equal(r.map.h, 640, EPS_MAP);
    const double want[4][4] = {
        {6, 6, 320, 320}, {320, 6, 634, 320}, {6, 320, 320, 634}, {320, 320, 634, 634}};
    for (size_t d = 0; d < 4; d++) {
        double x0, y0, x1, y1;
        assert_non_null(r.map.d[d]);
        assert_int_equal(path_box(r.map.d[d], &x0, &y0, &x1, &y1), 4); /* a square: 4 corners */
        assert_float_equal(x0, want[d][0], EPS_MAP);
        assert_float_equal(y0, want[d][1], EPS_MAP);
        assert_float_equal(x1, want[d][2], EPS_MAP);
        assert_float_equal(y1, want[d][3], EPS_MAP);
        /* Label at the centre of the inscribed circle: the square's centre. */
        assert_float_equal(r.map.lx[d], (want[d][0] + want[d][2]) / 2, 1.0);
        assert_float_equal(r.map.ly[d], (want[d][1] + want[d][3]) / 2, 1.0);
    }
    /* Sorted order of shares {0.75, 0.40, 0.40, 0.45}: 2, 3 (stable), 4, 1. */
    assert_int_equal(r.order[0], 1);
    assert_int_equal(r.order[1], 2);
    assert_int_equal(r.order[2], 3);
    assert_int_equal(r.order[3], 0);
    /* One dissolve for the map and the compactness table: the latter is exactly
     * `score --compactness` (gm_compact_from_plan), dissolve report included. */
    gm_compact *c = NULL;
    gm_compact_opts co;
    gm_compact_opts_init(&co);
    assert_int_equal(gm_compact_from_plan(u, p, &co, &c, &err), GM_OK);
    assert_non_null(r.cp);
    assert_true(r.cp->dissolved && c->dissolved);
    assert_memory_equal(&r.cp->dissolve, &c->dissolve, sizeof c->dissolve);
    for (int m = 0; m < GM_CM_COUNT; m++)
        for (size_t d = 0; d < 4; d++)
            assert_true(r.cp->m[m][d] == c->m[m][d] || (isnan(r.cp->m[m][d]) && isnan(c->m[m][d])));
    gm_compact_destroy(c);
    gmi_rplan_free(&r);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

static void test_report_ensemble_csv(void **state)
{
    (void)state;
    gmi_ensemble e;
    gm_error err;
    /* As `gerrymeter ensemble score --reference` writes it: the reference row is not
     * part of the ensemble. */
    const char *path = tu_write_tmp("ensemble.csv",
                                    "plan,sample,efficiency_gap,share_2,share_1\n"
                                    "reference,,0.5,0.9,0.1\n0,1,0.1,0.6,0.4\n1,2,,0.3,0.7\n\n");
    assert_int_equal(gmi_ensemble_read(path, "D", "R", &e, &err), GM_OK);
    assert_int_equal(e.n, 2);
    assert_int_equal(e.n_metrics, 1);
    assert_string_equal(e.metric[0], "efficiency_gap");
    assert_float_equal(e.value[0][0], 0.1, 0);
    assert_true(isnan(e.value[0][1]));
    assert_int_equal(e.k, 2);
    const double sorted[4] = {0.4, 0.6, 0.3, 0.7}; /* each row sorted ascending */
    for (int i = 0; i < 4; i++) assert_float_equal(e.shares[i], sorted[i], 0);
    gmi_ensemble_free(&e);

    /* With the metadata of `ensemble score` (and the end line): the rows' parties name
     * the per-party columns, the vote shares are read but not charted. */
    path = tu_write_tmp("ensemble.csv",
                        "# gerrymeter ensemble rows 2\n# districts: 2\n# parties: DEM,REP\n"
                        "# votes: A,B\nplan,sample,seats_DEM,vote_share_DEM,vote_share_REP,share_1,share_2\n"
                        "0,1,1,0.45,0.55,0.4,0.6\n# end: 1 plans read, 1 scored\n");
    assert_int_equal(gmi_ensemble_read(path, "D", "R", &e, &err), GM_OK);
    assert_int_equal(e.info.version, 2);
    assert_string_equal(e.info.party[0], "DEM");
    assert_string_equal(gm_rows_info_get(&e.info, "votes"), "A,B");
    assert_true(e.info.ended && e.info.end_read == 1);
    assert_int_equal(e.n, 1);
    assert_int_equal(e.n_metrics, 1);
    assert_string_equal(e.metric[0], "seats_DEM");
    assert_float_equal(e.vote_share[0], 0.45, 0);
    assert_float_equal(e.vote_share[1], 0.55, 0);
    gmi_ensemble_free(&e);
    /* Without metadata a column named for the parties the other way round is noted. */
    path = tu_write_tmp("ensemble.csv", "plan,sample,seats_R,share_1\n0,1,1,0.4\n");
    assert_int_equal(gmi_ensemble_read(path, "D", "R", &e, &err), GM_OK);
    assert_string_equal(e.swapped, "seats_R");
    gmi_ensemble_free(&e);

    path = tu_write_tmp("ensemble.csv", "sample,efficiency_gap\n1,abc\n");
    assert_int_equal(gmi_ensemble_read(path, "D", "R", &e, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, ":2: column 2 (efficiency_gap) holds 'abc'"));
    path = tu_write_tmp("ensemble.csv", "sample,share_1,share_3\n1,0.4,0.6\n");
    assert_int_equal(gmi_ensemble_read(path, "D", "R", &e, &err), GM_E_FORMAT);
    assert_non_null(
        strstr(err.msg, "share columns must be numbered 1..3 without gaps or repeats (2 found)"));
    path = tu_write_tmp("ensemble.csv", "sample,efficiency_gap\n1,0.1,0.2\n");
    assert_int_equal(gmi_ensemble_read(path, "D", "R", &e, &err), GM_E_FORMAT);
    assert_non_null(strstr(err.msg, ":2: 3 fields, but the header has 2"));
}

static int setup(void **state)
{
    (void)state;
    gm_init();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    gm_shutdown();
    return 0;
}

static void dot_tip(const void *ctx, size_t j, char *buf, size_t n)
{
    (void)ctx;
    snprintf(buf, n, "dot <%zu>", j);
}

/* The one box-plot chart, embedded (report) and standalone (ensemble --chart), and the
 * ensemble chart drawn by it from a summary: whiskers at 5 % and 95 % in both. */
static void test_report_one_boxplot(void **state)
{
    (void)state;
    gmi_box box[2] = {{0.2, 0.4, 0.5, 0.6, 0.8}, {NAN, NAN, NAN, NAN, NAN}};
    double dot[2] = {0.45, NAN};
    gmi_boxplot bp = {"T & t", 2, box, dot, dot_tip, NULL, NULL, "ranks", "legend", false};
    cap c;
    cap_open(&c);
    gmi_svg_boxplot(&c.f, &bp);
    char *s = cap_close(&c);
    /* plot from y 12 to 250: 80 % at 59.6, 20 % at 202.4; rank 1 centred at 190.5 */
    assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 280\" "
                              "class=\"chart boxplot\""));
    assert_non_null(
        strstr(s, "<line x1=\"190.5\" y1=\"59.6\" x2=\"190.5\" y2=\"202.4\" class=\"whisker\"/>"));
    assert_non_null(strstr(s, "<title>rank 1: median 50.0%, middle half 40.0%\u201360.0%</title>"));
    assert_null(strstr(s, "rank 2:")); /* no box where lo is NaN */
    assert_non_null(strstr(s, "<title>dot &lt;0&gt;</title></circle>"));
    assert_null(strstr(s, "dot &lt;1")); /* no dot where the value is NaN */
    assert_null(strstr(s, "legend"));
    free(s);
    bp.standalone = true;
    cap_open(&c);
    gmi_svg_boxplot(&c.f, &bp);
    s = cap_close(&c);
    assert_non_null(strstr(s, "<style>" GMI_CSS_SMALL GMI_CSS_GRID GMI_CSS_AXIS50 GMI_CSS_PLANPT
                              GMI_CSS_BOX "</style>"));
    assert_non_null(strstr(s, ">T &amp; t</text>")); /* the title shown */
    assert_non_null(
        strstr(s, "<line x1=\"190.5\" y1=\"87.6\" x2=\"190.5\" y2=\"230.4\" class=\"whisker\"/>"));
    assert_non_null(strstr(s, ">legend</text>"));
    free(s);

    /* gm_ens_chart_write_svg: the same chart, its boxes from the summary's quantiles */
    gm_ens_summary *sum = NULL;
    gm_error e;
    assert_int_equal(gm_ens_summary_create(2, 10, &sum, &e), GM_OK);
    gm_plan_scores ref = {0};
    double rsh[2] = {0.3, 0.6};
    gm_ens_summary_set_reference(sum, &ref, rsh);
    for (int i = 0; i <= 10; i++) {
        gm_plan_scores p = {.sample = i};
        double sh[2] = {0.3 + 0.01 * i, 0.6};
        gm_ens_summary_add(sum, &p, sh);
    }
    gm_metric_summary m;
    gm_ens_summary_rank(sum, 0, &m);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(gm_ens_chart_write_svg(f, sum, "D", &e), GM_OK);
    fclose(f);
    char want[256], a[32], b[32], q2[32], q3[32], q4[32];
    snprintf(want, sizeof want,
             "<line x1=\"190.5\" y1=\"%s\" x2=\"190.5\" y2=\"%s\" class=\"whisker\"/>",
             gmi_num(40 + 238 * (1 - m.q[5]), 1, a, sizeof a),
             gmi_num(40 + 238 * (1 - m.q[1]), 1, b, sizeof b));
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof want, "<title>rank 1: median %s, middle half %s\u2013%s</title>",
             gmi_pct(m.q[3], 1, q3, sizeof q3), gmi_pct(m.q[2], 1, q2, sizeof q2),
             gmi_pct(m.q[4], 1, q4, sizeof q4));
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, "<title>reference plan, rank 2: 60.0%, percentile 50.0</title>"));
    free(buf);
    gm_ens_summary_destroy(sum);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_report_xml_escape), cmocka_unit_test(test_report_md_escape),
        cmocka_unit_test(test_report_numbers),    cmocka_unit_test(test_report_margin_scale),
        cmocka_unit_test(test_report_tiny_plan),  cmocka_unit_test(test_report_ensemble_csv),
        cmocka_unit_test(test_report_one_boxplot),
    };
    return cmocka_run_group_tests(t, setup, teardown);
}
