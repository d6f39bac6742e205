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
    gmi_md_text(&c.f, "3 | *x* _y_ [l](u) `c` #h <b>\nnext 'q' \"q\"");
    char *s = cap_close(&c);
    assert_string_equal(s, "3 \\| \\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\#h &lt;b&gt; next 'q' \"q\"");
    free(s);
    /* A code span shows its text verbatim: no backslashes, a fence longer than any run. */
    cap_open(&c);
    gmi_md_code(&c.f, "/data/mn_16.zip");
    s = cap_close(&c);
    assert_string_equal(s, "`/data/mn_16.zip`");
    free(s);
    cap_open(&c);
    gmi_md_code(&c.f, "a``b");
    s = cap_close(&c);
    assert_string_equal(s, "```a``b```");
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

/* Colours follow the party's name, never the order the parties were given. */
static void test_report_party_colours(void **state)
{
    (void)state;
    const char *dem[] = {"D", "dem", "DFL", "Democrat", " Democratic ", "Democrats",
                         "Democratic-Farmer-Labor"};
    const char *rep[] = {"R", "rep", "GOP", "Republican", "REPUBLICANS"};
    for (size_t i = 0; i < sizeof dem / sizeof dem[0]; i++)
        assert_int_equal(gm_party_kind_of(dem[i]), GM_PARTY_DEM);
    for (size_t i = 0; i < sizeof rep / sizeof rep[0]; i++)
        assert_int_equal(gm_party_kind_of(rep[i]), GM_PARTY_REP);
    assert_int_equal(gm_party_kind_of("I"), GM_PARTY_OTHER);
    assert_int_equal(gm_party_kind_of("DR"), GM_PARTY_OTHER);
    gmi_hue a, b;
    gmi_party_hues("D", "R", &a, &b);
    assert_true(a == GMI_HUE_BLUE && b == GMI_HUE_RED);
    gmi_party_hues("R", "D", &a, &b);
    assert_true(a == GMI_HUE_RED && b == GMI_HUE_BLUE);
    gmi_party_hues("DFL", "GOP", &a, &b);
    assert_true(a == GMI_HUE_BLUE && b == GMI_HUE_RED);
    gmi_party_hues("Yes", "No", &a, &b); /* unknown pair: purple and orange */
    assert_true(a == GMI_HUE_PURPLE && b == GMI_HUE_ORANGE);
    gmi_party_hues("D", "I", &a, &b); /* an unknown party never takes the other's hue */
    assert_true(a == GMI_HUE_BLUE && b == GMI_HUE_ORANGE);
    gmi_party_hues("I", "R", &a, &b);
    assert_true(a == GMI_HUE_PURPLE && b == GMI_HUE_RED);
    gmi_party_hues("D", "DEM", &a, &b); /* two Democratic names: neither is blue */
    assert_true(a == GMI_HUE_PURPLE && b == GMI_HUE_ORANGE);
    /* The margin scale: the safe end of each party is that party's darkest colour. */
    assert_string_equal(gmi_margin_fill("D", "R", 7), "#2166ac");
    assert_string_equal(gmi_margin_fill("D", "R", 0), "#b2182b");
    assert_string_equal(gmi_margin_fill("R", "D", 7), "#b2182b");
    assert_string_equal(gmi_margin_fill("R", "D", 0), "#2166ac");
    assert_string_equal(gmi_margin_fill("R", "D", 4), "#fddbc7");
    assert_string_equal(gmi_party_colour("R", "D"), gmi_party_colour("REP", "DFL"));
}

/* Published text names files, not directories; numbers carry separators. */
static void test_report_public_text(void **state)
{
    (void)state;
    gm_report_opts o;
    gm_report_opts_init(&o);
    char b[256];
    assert_string_equal(gmi_public_text(&o, "column of /home/me/data/mn_16.zip", b, sizeof b),
                        "column of mn_16.zip");
    assert_string_equal(gmi_public_text(&o, "file '/tmp/x/a.csv': 3 rows", b, sizeof b),
                        "file 'a.csv': 3 rows");
    assert_string_equal(gmi_public_text(&o, "see https://example.org/a/b", b, sizeof b),
                        "see https://example.org/a/b");
    assert_string_equal(gmi_public_text(&o, "C:\\data\\nh.zip", b, sizeof b), "nh.zip");
    const char *plain = "Plan CD";
    assert_ptr_equal(gmi_public_text(&o, plain, b, sizeof b), plain);
    o.full_paths = true;
    assert_string_equal(gmi_public_text(&o, "/home/me/mn.zip", b, sizeof b), "/home/me/mn.zip");
    assert_string_equal(gmi_num_sep(662661.75, 1, b, sizeof b), "662,661.8");
    assert_string_equal(gmi_num_sep(-1234567, 0, b, sizeof b), "-1,234,567");
    assert_string_equal(gmi_num_sep(-0.01, 1, b, sizeof b), "0");
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
    gm_report_plan in = {.units = u, .plan = p, .name = "Tiny"};
    gmi_rplan r;
    gm_error err;
    if (gmi_rplan_build(&in, 640, 0, &r, &err) != GM_OK) fail_msg("%s", err.msg);
    char hl[512];
    gmi_headline(&r, NULL, hl, sizeof hl);
    /* 4 districts: a small plan, where one seat moves the gap by 25 points */
    assert_string_equal(
        hl, "Democrats won 50.0% of the two-party vote and 1 of 4 seats. With only 4 districts, "
            "one seat moves the efficiency gap by 25 points, so its 25.0% (towards Republicans) "
            "mostly measures the vote share, not the district lines.");
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
    gmi_boxplot bp = {"T & t", 2, box, dot, dot_tip, NULL, NULL, "ranks", "the dots", false};
    cap c;
    cap_open(&c);
    gmi_svg_boxplot(&c.f, &bp);
    char *s = cap_close(&c);
    /* the axis spans the whiskers (20-80 %) rounded out to the 10-point grid with a
     * point of margin: 10-90 %, over the plot's 238 units from y 12; rank 1 centred at
     * 190.5 */
    assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 296\" "
                              "class=\"chart boxplot\""));
    assert_non_null(strstr(s, "class=\"plotarea\" data-lo=\"0.10000000000000001\" "
                              "data-hi=\"0.90000000000000002\" x=\"44\" y=\"12\" width=\"586\" "
                              "height=\"238\""));
    char want[256], a[32], b[32];
    snprintf(want, sizeof want,
             "<line x1=\"190.5\" y1=\"%s\" x2=\"190.5\" y2=\"%s\" class=\"whisker\"/>",
             gmi_num(12 + 238 * (0.9 - 0.8) / 0.8, 1, a, sizeof a),
             gmi_num(12 + 238 * (0.9 - 0.2) / 0.8, 1, b, sizeof b));
    assert_non_null(strstr(s, want));
    assert_non_null(strstr(s, ">10%</text>"));
    assert_non_null(strstr(s, ">90%</text>"));
    assert_null(strstr(s, ">100%</text>")); /* not a fixed 0-100 % axis */
    assert_non_null(strstr(s, "<title>rank 1: median 50.0%, middle half 40.0%\u201360.0%</title>"));
    assert_null(strstr(s, "rank 2:")); /* no box where lo is NaN */
    assert_non_null(strstr(s, "<title>dot &lt;0&gt;</title></circle>"));
    assert_null(strstr(s, "dot &lt;1")); /* no dot where the value is NaN */
    /* the whisker convention, stated by the chart from the constants it draws with */
    assert_non_null(strstr(s, ">box: the middle half of the plans (25\u201375%); whiskers: "
                              "5\u201395%; line: the median; dots: the dots</text>"));
    free(s);
    bp.standalone = true;
    cap_open(&c);
    gmi_svg_boxplot(&c.f, &bp);
    s = cap_close(&c);
    assert_non_null(strstr(s, "<style>" GMI_CSS_SMALL GMI_CSS_GRID GMI_CSS_AXIS50 GMI_CSS_PLANPT
                              GMI_CSS_BOX "</style>"));
    assert_non_null(strstr(s, ">T &amp; t</text>")); /* the title shown */
    snprintf(want, sizeof want,
             "<line x1=\"190.5\" y1=\"%s\" x2=\"190.5\" y2=\"%s\" class=\"whisker\"/>",
             gmi_num(40 + 238 * (0.9 - 0.8) / 0.8, 1, a, sizeof a),
             gmi_num(40 + 238 * (0.9 - 0.2) / 0.8, 1, b, sizeof b));
    assert_non_null(strstr(s, want));
    assert_non_null(strstr(s, "; dots: the dots</text>"));
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
    char q2[32], q3[32], q4[32];
    /* the whiskers are the summary's 5 % and 95 % quantiles (gm_summary_q[1] and [5]) on
     * the axis the chart chose */
    assert_true(gm_summary_q[1] == GMI_BOX_WHISKER_LO);
    assert_true(gm_summary_q[5] == GMI_BOX_WHISKER_HI);
    const char *pa = strstr(buf, "class=\"plotarea\" data-lo=\"");
    assert_non_null(pa);
    double lo, hi;
    assert_int_equal(sscanf(pa, "class=\"plotarea\" data-lo=\"%lf\" data-hi=\"%lf\"", &lo, &hi), 2);
    snprintf(want, sizeof want,
             "<line x1=\"190.5\" y1=\"%s\" x2=\"190.5\" y2=\"%s\" class=\"whisker\"/>",
             gmi_num(40 + 238 * (hi - m.q[5]) / (hi - lo), 1, a, sizeof a),
             gmi_num(40 + 238 * (hi - m.q[1]) / (hi - lo), 1, b, sizeof b));
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, "; dots: the reference plan</text>"));
    snprintf(want, sizeof want, "<title>rank 1: median %s, middle half %s\u2013%s</title>",
             gmi_pct(m.q[3], 1, q3, sizeof q3), gmi_pct(m.q[2], 1, q2, sizeof q2),
             gmi_pct(m.q[4], 1, q4, sizeof q4));
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, "<title>reference plan, rank 2: 60.0%, percentile 50.0</title>"));
    free(buf);
    gm_ens_summary_destroy(sum);
}

/* Count of non-overlapping occurrences of what in s. */
static size_t count_of(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *q = strstr(s, what); q; q = strstr(q + strlen(what), what)) n++;
    return n;
}

/* Ensemble columns: each named by the registry (also after a party renaming), each with
 * the plan's value computed as the ensemble's rows are; histograms with integer bins by
 * Freedman-Diaconis and the plan marked. */
static void test_report_ensemble_columns(void **state)
{
    (void)state;
    gm_plan *p = NULL;
    gm_units *u = load_tiny(&p);
    gm_report_plan in = {.units = u, .plan = p, .name = "Tiny"};
    gmi_rplan r;
    gm_error err;
    if (gmi_rplan_build(&in, 640, 0, &r, &err) != GM_OK) fail_msg("%s", err.msg);
    const char *path = tu_write_tmp(
        "cols.csv", "plan,sample,seats_D,seats_R,vote_share_R,cut_edges,pp_min,foo\n"
                    "reference,,1,3,0.5,8,0.7,42\n"
                    "0,1,1,3,0.5,8,0.7,41\n"
                    "1,2,2,2,0.5,10,0.6,40\n");
    gmi_ensemble e;
    assert_int_equal(gmi_ensemble_read(path, u->party[0], u->party[1], &e, &err), GM_OK);
    assert_int_equal(e.n, 2);
    assert_true(e.has_ref);
    assert_int_equal(gmi_ensemble_score_plan(&e, &r, &err), GM_OK);
    assert_true(e.have_plan && e.plan_graph);
    gmi_ens_col c;
    /* the statewide vote share is the same for every plan of a run: read for the check of
     * the rows (gmi_ensemble_check), not charted */
    assert_int_equal(e.n_metrics, 5);
    assert_true(e.vote_share[1] == 0.5);
    static const char *const label[] = {"Seats of D", "Seats of R", "Cut edges",
                                        "Polsby\u2013Popper (minimum)", "foo"};
    for (size_t m = 0; m < 5; m++) {
        gmi_ens_describe(&e, m, &r, &c);
        assert_string_equal(c.label, label[m]);
        assert_true(isfinite(c.plan));
        assert_null(c.why);
    }
    gmi_ens_describe(&e, 0, &r, &c);
    assert_true(c.plan == r.ps.seats_a); /* 1 of 4 (hand-worked: the tiny README) */
    gmi_ens_describe(&e, 1, &r, &c);
    assert_true(c.plan == 4 - r.ps.seats_a);
    gmi_ens_describe(&e, 2, &r, &c);
    assert_true(c.plan == (double)r.cp->cut_edges_total); /* the one unit graph */
    gmi_ens_describe(&e, 3, &r, &c);
    assert_true(c.plan == e.plan.pp_min);
    gmi_ens_describe(&e, 4, &r, &c);
    assert_true(c.plan == 42); /* not a gerrymeter score: the reference row's value */
    gmi_ensemble_free(&e);

    /* integer values 100..140: IQR 20, Freedman-Diaconis 2 * 20 / 41^(1/3) = 11.6 ->
     * 12-wide bins centred on the integers, from 99.5: [99.5, 111.5) ... 4 bins */
    double v[41];
    for (int i = 0; i < 41; i++) v[i] = 100 + i;
    gmi_hist h = {"T", GM_UNIT_COUNT, v, 41, 117, NULL};
    cap cp;
    cap_open(&cp);
    gmi_chart_histogram(&cp.f, &h);
    char *s = cap_close(&cp);
    assert_int_equal(count_of(s, "class=\"hbar\""), 4);
    assert_non_null(strstr(s, "<title>12 plans at 100\u2013111</title>"));
    assert_non_null(strstr(s, "<title>5 plans at 136\u2013147</title>"));
    assert_int_equal(count_of(s, "class=\"planline\" data-value=\"117\""), 1);
    assert_non_null(strstr(s, ">this plan: 117</text>"));
    assert_non_null(strstr(s, ">17 of 41 plans lower, 1 equal</text>"));
    free(s);
    /* no value for the plan: no line, and the reason instead */
    h.plan = NAN;
    h.why = "needs the unit geometry";
    cap_open(&cp);
    gmi_chart_histogram(&cp.f, &h);
    s = cap_close(&cp);
    assert_null(strstr(s, "planline"));
    assert_non_null(strstr(s, ">this plan: needs the unit geometry</text>"));
    free(s);
    gmi_rplan_free(&r);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* Text measure and label layout: widths from the per-character table; a label placed
 * nearest its point, clear of a curve and of a box, inside the frame. */
static void test_report_label_layout(void **state)
{
    (void)state;
    assert_true(fabs(gmi_text_width("0%", 10, false) - (0.64 + 0.95) * 10) < 1e-12);
    assert_true(fabs(gmi_text_width("\u2013", 10, false) - 5) < 1e-12); /* en dash */
    assert_true(fabs(gmi_text_width("i", 10, true) - 0.28 * 10 * 1.12) < 1e-12);
    gmi_rect t = gmi_text_box("ab", 100, 50, "end", 10, false);
    assert_true(fabs(t.x1 - 100) < 1e-12);
    assert_true(fabs(t.x0 - (100 - 12.6)) < 1e-12);
    assert_true(fabs(t.y0 - (50 - 9.3)) < 1e-12);
    assert_true(fabs(t.y1 - (50 + 2.4)) < 1e-12);

    gmi_layout L;
    gmi_layout_init(&L, (gmi_rect){0, 0, 200, 100});
    double diag[4] = {0, 100, 200, 0}; /* a curve from bottom left to top right */
    gmi_layout_add_line(&L, diag, 2);
    gmi_layout_add_box(&L, (gmi_rect){95, 45, 105, 55}); /* a marker at (100, 50) */
    gmi_rect r;
    assert_true(gmi_layout_place(&L, 100, 50, 40, 12, 8, &r));
    assert_true(gmi_layout_fits(&L, r));
    double d = gmi_rect_dist(r, 100, 50, NULL, NULL);
    assert_true(d >= 8 && d < 30); /* near the point, off the marker */
    /* not across the diagonal: the box lies wholly on one side of y = 100 - x/2 */
    bool above = r.y1 < 100 - r.x1 / 2, below = r.y0 > 100 - r.x0 / 2;
    assert_true(above || below);
    /* a box that cannot fit: false, and the least-bad position */
    assert_false(gmi_layout_place(&L, 100, 50, 300, 12, 8, &r));
    assert_false(L.oom);
    gmi_layout_free(&L);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_report_xml_escape), cmocka_unit_test(test_report_md_escape),
        cmocka_unit_test(test_report_numbers),    cmocka_unit_test(test_report_margin_scale),
        cmocka_unit_test(test_report_party_colours), cmocka_unit_test(test_report_public_text),
        cmocka_unit_test(test_report_tiny_plan),  cmocka_unit_test(test_report_ensemble_csv),
        cmocka_unit_test(test_report_one_boxplot), cmocka_unit_test(test_report_ensemble_columns),
        cmocka_unit_test(test_report_label_layout),
    };
    return cmocka_run_group_tests(t, setup, teardown);
}
