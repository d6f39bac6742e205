/* test_bad_inputs.c: every faulty input in tests/bad_inputs/ gives a defined result or
 * a clear error (see docs/reliability.md for the list).
 *
 * Reference layout (tests/bad_inputs/make_bad_inputs.py): four 0.01-degree squares
 * a..d east of (-90, 40); POP 10 20 30 40, D 5 6 7 8, R 1 2 3 4; districts "1" = {a, b}
 * and "2" = {c, d}, so a correct load gives population 30 / 70, D 11 / 15, R 3 / 7. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "geo/geo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka 1.1.5's assert_float_equal works in float; these values need double. */
#define assert_double_eq(a, b, eps) assert_double_eq_((a), (b), (eps), #a, __LINE__)
static void assert_double_eq_(double a, double b, double eps, const char *what, int line)
{
    if (!(fabs(a - b) <= eps)) fail_msg("line %d: %s = %.17g, expected %.17g (+-%g)", line, what, a, b, eps);
}

static const char *bad(const char *name)
{
    static char buf[4][1024];
    static int slot;
    slot = (slot + 1) % 4;
    snprintf(buf[slot], sizeof buf[slot], "%s/tests/bad_inputs/%s", GM_SOURCE_DIR, name);
    return buf[slot];
}

static gm_status load(const char *name, bool geom, const char *crs, int neg, gm_units **u,
                      gm_error *err)
{
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = bad(name);
    s.pop_field = "POP";
    s.id_field = "ID";
    s.plan_field = "CD";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "D";
    s.vote_field[1] = "R";
    s.negative_votes = neg;
    s.load_geometry = geom;
    s.crs = crs;
    gm_error_clear(err);
    *u = NULL;
    return gm_units_load(&s, u, err);
}

static gm_units *load_ok(const char *name, bool geom)
{
    gm_units *u;
    gm_error e;
    gm_status rc = load(name, geom, NULL, GM_NEG_ERROR, &u, &e);
    if (rc != GM_OK) fail_msg("%s: %s", name, e.msg);
    return u;
}

static gm_plan *overlay(const gm_units *u, const char *districts, gm_status want, gm_error *e)
{
    gm_plan_layer_spec ls = {bad(districts), NULL, "DIST", NULL, 0};
    gm_plan *p = NULL;
    gm_error_clear(e);
    gm_status rc = gm_plan_from_layer(u, &ls, &p, e);
    if (rc != want) fail_msg("overlay on %s: status %d, expected %d: %s", districts, rc, want, e->msg);
    return p;
}

static double unit_area(const gm_units *u, size_t i)
{
    double a = -1;
    assert_int_equal(GEOSArea_r(u->geom->ctx.h, u->geom->g[i], &a), 1);
    return a;
}

/* The reference tallies: population 30 / 70, D 11 / 15, R 3 / 7. */
static void assert_reference_tally(const gm_units *u, const gm_plan *p)
{
    gm_tally *t;
    gm_error e;
    assert_int_equal(p->k, 2);
    assert_string_equal(p->label[0], "1");
    assert_int_equal(gm_tally_compute(u, p, &t, &e), GM_OK);
    assert_double_eq(t->pop[0], 30, 0);
    assert_double_eq(t->pop[1], 70, 0);
    assert_double_eq(gm_tally_party(t, 0)[0], 11, 0);
    assert_double_eq(gm_tally_party(t, 0)[1], 15, 0);
    assert_double_eq(gm_tally_party(t, 1)[0], 3, 0);
    assert_double_eq(gm_tally_party(t, 1)[1], 7, 0);
    gm_tally_destroy(t);
}

static void check_overlay_reference(const char *units_file, size_t repaired)
{
    gm_units *u = load_ok(units_file, true);
    gm_error e;
    assert_int_equal(u->geom->n_repaired, repaired);
    gm_plan *p = overlay(u, "districts.geojson", GM_OK, &e);
    assert_reference_tally(u, p);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* ---- geometry faults ------------------------------------------------------------- */

static void test_bowtie_repaired(void **st)
{
    (void)st;
    gm_units *u = load_ok("bowtie.geojson", true);
    assert_int_equal(u->geom->n_repaired, 1);
    /* named by unit id and feature (before: only counted; `score --compactness` printed
     * "first: ?") */
    assert_int_equal(gm_warnings_count(&u->warnings, "geometry_repaired"), 1);
    assert_non_null(strstr(u->warnings.msg[0], "bowtie.geojson: 1 invalid unit geometry repaired "
                                               "with make-valid (b (feature 1))"));
    /* a bow-tie over a square is two triangles: half the square */
    assert_true(tu_near(unit_area(u, 1), unit_area(u, 0) / 2, 1e-3));
    gm_units_destroy(u);
    check_overlay_reference("bowtie.geojson", 1);
}

static void test_self_intersection_repaired(void **st)
{
    (void)st;
    gm_units *u = load_ok("self_intersection.geojson", true);
    assert_int_equal(u->geom->n_repaired, 1);
    /* the hole crossing the shell keeps the part inside: a quarter of the square */
    assert_true(tu_near(unit_area(u, 2), 0.75 * unit_area(u, 3), 1e-3));
    gm_units_destroy(u);
    check_overlay_reference("self_intersection.geojson", 1);
}

static void test_repeated_points_valid(void **st)
{
    (void)st;
    gm_units *u = load_ok("repeated_points.geojson", true);
    gm_units *ref = load_ok("squares.geojson", true);
    assert_int_equal(u->geom->n_repaired, 0);
    assert_true(tu_near(unit_area(u, 0), unit_area(ref, 0), 1e-9));
    gm_units_destroy(u);
    gm_units_destroy(ref);
    check_overlay_reference("repeated_points.geojson", 0);
}

static void test_unclosed_ring_closed(void **st)
{
    (void)st;
    gm_units *u = load_ok("unclosed_ring.geojson", true);
    gm_units *ref = load_ok("squares.geojson", true);
    assert_int_equal(u->geom->n_repaired, 1);
    assert_true(tu_near(unit_area(u, 0), unit_area(ref, 0), 1e-9));
    gm_units_destroy(u);
    gm_units_destroy(ref);
    check_overlay_reference("unclosed_ring.geojson", 1);
}

static void test_empty_and_null_geometry(void **st)
{
    (void)st;
    gm_units *u = load_ok("empty_null.geojson", true);
    gm_error e;
    assert_int_equal(u->n, 4);
    assert_int_equal(u->geom->n_empty, 2);
    /* the column plan does not need shapes: the reference result */
    gm_plan *p;
    assert_int_equal(gm_plan_from_column(u, &p, &e), GM_OK);
    assert_reference_tally(u, p);
    gm_plan_destroy(p);
    /* a district layer cannot place them: named, with the way out */
    assert_null(overlay(u, "districts.geojson", GM_E_GEOM, &e));
    assert_non_null(strstr(e.msg, "2 units of"));
    assert_non_null(strstr(e.msg, "unit ids: c, d"));
    assert_non_null(strstr(e.msg, "no geometry"));
    gm_units_destroy(u);
}

static void test_layers_in_different_crs(void **st)
{
    (void)st;
    gm_units *m = load_ok("squares_3857.geojson", true);
    gm_units *ref = load_ok("squares.geojson", true);
    /* the same ground in Web Mercator: equal areas in the working equal-area CRS */
    for (size_t i = 0; i < 4; i++) assert_true(tu_near(unit_area(m, i), unit_area(ref, i), 1e-6));
    gm_units_destroy(m);
    gm_units_destroy(ref);
    check_overlay_reference("squares_3857.geojson", 0); /* districts are in EPSG:4326 */
}

static void test_lonlat_labelled_projected(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    assert_int_equal(load("lonlat_as_utm.geojson", true, NULL, 0, &u, &e), GM_E_CRS);
    assert_null(u);
    assert_non_null(strstr(e.msg, "lonlat_as_utm.geojson"));
    assert_non_null(strstr(e.msg, "look like longitude/latitude degrees"));
    assert_non_null(strstr(e.msg, "UTM zone 16N"));
    assert_non_null(strstr(e.msg, "give the layer's real CRS (EPSG:4326 for longitude/latitude)"));
    assert_int_equal(e.hint, GM_HINT_CRS);
    /* the way out works */
    assert_int_equal(load("lonlat_as_utm.geojson", true, "EPSG:4326", 0, &u, &e), GM_OK);
    gm_units_destroy(u);
    /* attributes alone need no CRS: a column plan still loads */
    assert_int_equal(load("lonlat_as_utm.geojson", false, NULL, 0, &u, &e), GM_OK);
    gm_units_destroy(u);
}

static void test_district_layer_crs_mislabelled(void **st)
{
    (void)st;
    gm_units *u = load_ok("squares.geojson", true);
    gm_error e;
    /* without the check every unit would be "outside every district" */
    assert_null(overlay(u, "districts_lonlat_as_utm.geojson", GM_E_CRS, &e));
    assert_non_null(strstr(e.msg, "districts_lonlat_as_utm.geojson: layer"));
    assert_non_null(strstr(e.msg, "look like longitude/latitude degrees"));
    assert_non_null(strstr(e.msg, "fix the district layer's CRS"));
    gm_units_destroy(u);
}

static void test_projected_labelled_lonlat(void **st)
{
    (void)st;
    gm_units *u;
    gm_error e;
    assert_int_equal(load("utm_as_lonlat.geojson", true, NULL, 0, &u, &e), GM_E_CRS);
    assert_non_null(strstr(e.msg, "utm_as_lonlat.geojson"));
    assert_non_null(strstr(e.msg, "look like projected metres or feet"));
    assert_int_equal(load("utm_as_lonlat.geojson", true, "EPSG:32616", 0, &u, &e), GM_OK);
    gm_units_destroy(u);
}

static void test_unit_outside_every_district(void **st)
{
    (void)st;
    gm_units *u = load_ok("outside.geojson", true);
    gm_error e;
    assert_null(overlay(u, "districts.geojson", GM_E_DATA, &e));
    assert_non_null(strstr(e.msg, "1 unit lies outside every district"));
    assert_non_null(strstr(e.msg, "unit ids: e)"));
    gm_units_destroy(u);
}

static void test_gaps_and_overlaps(void **st)
{
    (void)st;
    gm_units *u = load_ok("gaps_overlaps.geojson", true);
    gm_coverage c;
    gm_error e;
    /* "shifted" has vertices where its neighbour above has none; projected edges are
     * chords, so the two top edges cross and overlap by a 1.3 m^2 sliver: noise, below
     * the 10 m^2 threshold. */
    assert_int_equal(gm_units_coverage(u, 1.0, &c, &e), GM_OK);
    assert_int_equal(c.n_overlaps, 3);
    assert_true(c.worst_overlap[2].area_m2 > 1.0 && c.worst_overlap[2].area_m2 < 2.0);
    assert_int_equal(gm_units_coverage(u, 10.0, &c, &e), GM_OK);
    /* nine equal cells (within 0.1 % at these latitudes): 8 in a ring, 1 shifted */
    double cellA = c.units_area_m2 / 9;
    assert_true(cellA > 9.0e5 && cellA < 1.0e6); /* 0.01 deg x 0.01 deg at 40 N */
    assert_int_equal(c.n_overlaps, 2);
    assert_true(tu_near(c.overlap_area_m2, cellA, 2e-3));  /* half a cell twice */
    assert_int_equal(c.n_worst_overlap, 2);
    assert_true(tu_near(c.worst_overlap[0].area_m2, cellA / 2, 2e-3));
    const char *pa = u->id[c.worst_overlap[0].a], *pb = u->id[c.worst_overlap[0].b];
    assert_true(!strcmp(pa, "shifted") || !strcmp(pb, "shifted"));
    assert_int_equal(c.n_gaps, 1);
    assert_true(tu_near(c.gap_area_m2, cellA, 2e-3));     /* the missing centre cell */
    assert_int_equal(c.worst_gap[0].n_near, GM_GAP_NEAR);
    /* every unit of this layer touches the hole (edge or corner); three distinct are named */
    assert_true(c.worst_gap[0].near[0] != c.worst_gap[0].near[1]);
    assert_true(c.worst_gap[0].near[1] != c.worst_gap[0].near[2]);
    assert_true(c.worst_gap[0].near[0] != c.worst_gap[0].near[2]);
    /* the findings as warnings, naming the units */
    gm_warnings w = {0};
    assert_int_equal(gm_coverage_warnings(u, &c, 10.0, &w), GM_OK);
    assert_int_equal(w.n, 2);
    assert_string_equal(w.code[0], "unit_overlaps");
    assert_non_null(strstr(w.msg[0], "2 pairs of units overlap by more than 10 m2"));
    assert_non_null(strstr(w.msg[0], "shifted"));
    assert_string_equal(w.code[1], "coverage_gaps");
    assert_non_null(strstr(w.msg[1], "1 gap larger than 10 m2 enclosed by units"));
    assert_non_null(strstr(w.msg[1], u->id[c.worst_gap[0].near[0]]));
    gm_warnings_free(&w);
    gm_units_destroy(u);
    /* units without geometry are a finding too, named */
    u = load_ok("empty_null.geojson", true);
    assert_int_equal(gm_units_coverage(u, 10.0, &c, &e), GM_OK);
    assert_int_equal(c.n_empty, 2);
    assert_int_equal(gm_coverage_warnings(u, &c, 10.0, &w), GM_OK);
    assert_int_equal(gm_warnings_count(&w, "units_without_geometry"), 1);
    assert_non_null(strstr(w.msg[0], "2 units without geometry (null or empty; unit ids: c, d)"));
    gm_warnings_free(&w);
    gm_units_destroy(u);

    /* the clean reference: nothing found */
    u = load_ok("squares.geojson", true);
    assert_int_equal(gm_units_coverage(u, 10.0, &c, &e), GM_OK);
    assert_int_equal(c.n_overlaps, 0);
    assert_int_equal(c.n_gaps, 0);
    assert_int_equal(gm_coverage_warnings(u, &c, 10.0, &w), GM_OK);
    assert_int_equal(w.n, 0);
    gm_units_destroy(u);
    /* without geometry: an argument error, not a crash */
    u = load_ok("squares.geojson", false);
    assert_int_equal(gm_units_coverage(u, 1.0, &c, &e), GM_E_ARG);
    gm_units_destroy(u);
}

/* A thin shape spanning 90 degrees of longitude (found by fuzz_wkb): valid in lon/lat,
 * but its projected straight edges cross, and the overlapping parts made the hull
 * score A / A(hull) 1.24. The projected shape is now repaired first. */
/* Compactness of one lon/lat ring given as WKB; every ratio score must lie in [0, 1]. */
static void ratios_within_bounds(const double (*ring)[2], size_t n)
{
    unsigned char wkb[1 + 4 + 4 + 4 + 16 * 16];
    size_t o = 0;
    uint32_t v;
    assert_true(n <= 16);
    wkb[o++] = 1; /* little endian */
    v = 3;        /* polygon */
    memcpy(wkb + o, &v, 4), o += 4;
    v = 1;
    memcpy(wkb + o, &v, 4), o += 4;
    v = (uint32_t)n;
    memcpy(wkb + o, &v, 4), o += 4;
    for (size_t i = 0; i < n; i++) {
        memcpy(wkb + o, &ring[i][0], 8), o += 8;
        memcpy(wkb + o, &ring[i][1], 8), o += 8;
    }
    const unsigned char *w[1] = {wkb};
    size_t len[1] = {o};
    gm_compact_opts opts;
    gm_compact_opts_init(&opts);
    gm_compact *c = NULL;
    gm_error e;
    assert_int_equal(gm_compact_from_wkb(1, w, len, NULL, NULL, &opts, &c, &e), GM_OK);
    static const gm_compact_metric ratio[] = {GM_CM_CONVEX_HULL, GM_CM_REOCK, GM_CM_BOUNDING_BOX,
                                              GM_CM_LENGTH_WIDTH};
    for (size_t m = 0; m < sizeof ratio / sizeof ratio[0]; m++) {
        double x = c->m[ratio[m]][0];
        if (!isnan(x) && !(x >= 0 && x <= 1 + 1e-9))
            fail_msg("%s = %.17g, outside [0, 1]", gm_compact_metric_name(ratio[m]), x);
    }
    gm_compact_destroy(c);
}

static void test_long_edges_hull_ratio(void **st)
{
    (void)st;
    static const double ring[][2] = {{0.0498046875, 40.00003015995025}, {-89.0, 40.0},
                                     {8.289046e-317, 40.00009996583685},
                                     {-90.04687502980232, 40.0001}, {-90.0, 40.0},
                                     {0.0498046875, 40.00003015995025}};
    ratios_within_bounds(ring, 6);
}

/* A sliver 1e-18 m wide (found by fuzz_wkb): its area is at the edge of double
 * precision, and the hull's area came out 0.12% smaller than the shape's. */
static void test_precision_sliver_ratios(void **st)
{
    (void)st;
    static const double ring[][2] = {{7.418527072600473e-68, 6.749300603603845e-67},
                                     {6.749300603603778e-67, 6.749300603603778e-67},
                                     {6.749300603603778e-67, 6.749300603603778e-67},
                                     {6.749300603603778e-67, 6.749300603603778e-67},
                                     {-1.505144330292568e-23, 0.0}};
    ratios_within_bounds(ring, 5);
}

/* ---- data faults ------------------------------------------------------------------ */

static void expect_data_error(const char *file, int neg, const char *const *needles)
{
    gm_units *u;
    gm_error e;
    assert_int_equal(load(file, false, NULL, neg, &u, &e), GM_E_DATA);
    assert_null(u);
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(e.msg, needles[i])) fail_msg("%s: '%s' not in: %s", file, needles[i], e.msg);
}

static void test_bad_votes_and_population(void **st)
{
    (void)st;
    expect_data_error("nan_votes.geojson", 0,
                      (const char *[]){"nan_votes.geojson", "feature 1", "'D'", "NaN", NULL});
    expect_data_error("nan_pop.geojson", 0,
                      (const char *[]){"feature 1", "population field 'POP'", "nan", NULL});
    expect_data_error("null_votes.geojson", 0,
                      (const char *[]){"feature 3", "is null", "0 if no votes", NULL});
    expect_data_error("text_votes.geojson", 0,
                      (const char *[]){"feature 0", "'12 votes'", "not a number", NULL});
    expect_data_error("negative_votes.geojson", 0,
                      (const char *[]){"feature 2", "negative (-3)", "read negative votes as 0", NULL});
    /* the documented way out: negative counts as 0 */
    gm_units *u;
    gm_error e;
    assert_int_equal(load("negative_votes.geojson", false, NULL, GM_NEG_ZERO, &u, &e), GM_OK);
    assert_double_eq(u->votes[1 * u->n + 2], 0, 0);
    assert_double_eq(gm_units_party_total(u, 1), 1 + 2 + 0 + 4, 0);
    gm_units_destroy(u);
}

static void test_zero_population(void **st)
{
    (void)st;
    gm_units *u = load_ok("zero_pop.geojson", false);
    gm_plan *p;
    gm_tally *t;
    gm_error e;
    assert_int_equal(gm_plan_from_column(u, &p, &e), GM_OK);
    assert_int_equal(gm_tally_compute(u, p, &t, &e), GM_OK);
    gm_popdev pd;
    gm_popdev_compute(t->pop, t->k, &pd);
    /* defined: no population, no deviation (not NaN) */
    assert_double_eq(pd.total, 0, 0);
    assert_double_eq(pd.ideal, 0, 0);
    assert_double_eq(pd.range, 0, 0);
    assert_double_eq(pd.max_abs_pct, 0, 0);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

static void test_zero_vote_district(void **st)
{
    (void)st;
    gm_units *u = load_ok("zero_vote_district.geojson", false);
    gm_plan *p;
    gm_tally *t;
    gm_error e;
    gm_partisan ps;
    assert_int_equal(gm_plan_from_column(u, &p, &e), GM_OK);
    assert_int_equal(gm_tally_compute(u, p, &t, &e), GM_OK);
    assert_int_equal(gm_partisan_score(gm_tally_party(t, 0), gm_tally_party(t, 1), t->k, NULL, &ps, &e),
                     GM_OK);
    /* district 2 has no votes: left out of shares, counted in k_zero */
    assert_int_equal(ps.k_zero, 1);
    assert_int_equal(ps.k_counted, 1);
    assert_double_eq(ps.vote_share, 11.0 / 14.0, 1e-15);
    /* EG over district 1 alone: D wins 11-3, wastes 11-7 = 4; R wastes 3 -> (4-3)/14 */
    assert_double_eq(ps.efficiency_gap, 1.0 / 14.0, 1e-15);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

static void test_duplicate_unit_ids(void **st)
{
    (void)st;
    gm_units *u = load_ok("dup_ids.geojson", false);
    gm_plan *p = NULL;
    gm_error e;
    /* a join on a non-unique id is refused, naming both features */
    assert_int_equal(gm_plan_from_csv(u, bad("assign_dup_ids.csv"), &p, &e), GM_E_DATA);
    assert_null(p);
    assert_non_null(strstr(e.msg, "unit id 'a' is not unique (features 0 and 1)"));
    /* the column plan does not join, so ids need not be unique */
    assert_int_equal(gm_plan_from_column(u, &p, &e), GM_OK);
    assert_reference_tally(u, p);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    /* a unit listed twice in an assignment file */
    u = load_ok("squares.geojson", false);
    assert_int_equal(gm_plan_from_csv(u, bad("assign_dup_rows.csv"), &p, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "1 duplicate id ('b')"));
    assert_int_equal(gm_plan_from_csv(u, bad("assign_ok.csv"), &p, &e), GM_OK);
    assert_reference_tally(u, p);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* n units in memory, two per district; unit i has population i + 1 and votes (1, 2). */
typedef struct mem_units {
    gm_units u;
    char **labels;
} mem_units;

static void mem_units_make(mem_units *m, size_t n)
{
    memset(m, 0, sizeof *m);
    m->u.n = n;
    m->u.n_parties = 2;
    m->u.party[0] = "D";
    m->u.party[1] = "R";
    m->u.pop = malloc(n * sizeof *m->u.pop);
    m->u.votes = malloc(2 * n * sizeof *m->u.votes);
    m->u.id = malloc(n * sizeof *m->u.id);
    m->u.plan_label = malloc(n * sizeof *m->u.plan_label);
    m->u.source = "memory";
    assert_non_null(m->u.pop);
    assert_non_null(m->u.votes);
    assert_non_null(m->u.id);
    assert_non_null(m->u.plan_label);
    for (size_t i = 0; i < n; i++) {
        char b[32];
        m->u.pop[i] = (double)(i + 1);
        m->u.votes[i] = 1;
        m->u.votes[n + i] = 2;
        snprintf(b, sizeof b, "u%zu", i);
        m->u.id[i] = strdup(b);
        snprintf(b, sizeof b, "D%zu", i / 2 + 1); /* "D1".."D<n/2>" */
        m->u.plan_label[i] = strdup(b);
    }
}

static void mem_units_free(mem_units *m)
{
    for (size_t i = 0; i < m->u.n; i++) {
        free(m->u.id[i]);
        free(m->u.plan_label[i]);
    }
    free(m->u.id);
    free(m->u.plan_label);
    free(m->u.pop);
    free(m->u.votes);
}

static void check_many_districts(size_t k)
{
    mem_units m;
    mem_units_make(&m, 2 * k);
    gm_plan *p;
    gm_tally *t;
    gm_error e;
    /* labels "D1".."Dk" from a column: natural order, and each unit keeps its label */
    assert_int_equal(gm_plan_from_column(&m.u, &p, &e), GM_OK);
    assert_int_equal(p->k, k);
    assert_string_equal(p->label[0], "D1");
    assert_string_equal(p->label[1], "D2");
    assert_string_equal(p->label[k - 1], m.u.plan_label[2 * k - 1]);
    for (size_t i = 0; i < m.u.n; i++)
        assert_string_equal(p->label[p->district[i]], m.u.plan_label[i]);
    assert_int_equal(gm_tally_compute(&m.u, p, &t, &e), GM_OK);
    /* district d holds units 2d and 2d+1: population (2d+1) + (2d+2) = 4d + 3 */
    for (size_t d = 0; d < k; d++) {
        assert_double_eq(t->pop[d], 4.0 * (double)d + 3, 0);
        assert_int_equal(t->n_units[d], 2);
        assert_double_eq(gm_tally_party(t, 1)[d], 4, 0);
    }
    gm_popdev pd;
    gm_popdev_compute(t->pop, t->k, &pd);
    /* total = n(n+1)/2 with n = 2k; ideal = (2k+1); range = (4(k-1)+3 - 3) / ideal */
    double n = (double)(2 * k);
    assert_double_eq(pd.total, n * (n + 1) / 2, 0);
    assert_double_eq(pd.range, 4.0 * (double)(k - 1) / (n + 1), 1e-12);
    assert_int_equal(pd.max_district, k - 1);
    gm_partisan ps;
    assert_int_equal(gm_partisan_score(gm_tally_party(t, 0), gm_tally_party(t, 1), k, NULL, &ps, &e),
                     GM_OK);
    assert_int_equal(ps.seats_b, k);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    /* the same through an index array */
    int32_t *dist = malloc(m.u.n * sizeof *dist);
    assert_non_null(dist);
    for (size_t i = 0; i < m.u.n; i++) dist[i] = (int32_t)(i / 2);
    assert_int_equal(gm_plan_from_array(m.u.n, dist, k, NULL, &p, &e), GM_OK);
    assert_int_equal(gm_tally_compute(&m.u, p, &t, &e), GM_OK);
    assert_double_eq(t->pop[k - 1], 4.0 * (double)(k - 1) + 3, 0);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    free(dist);
    mem_units_free(&m);
}

static void test_more_than_255_districts(void **st)
{
    (void)st;
    check_many_districts(300);
}

static void test_more_than_65535_districts(void **st)
{
    (void)st;
    check_many_districts(70000);
}

static void test_plan_with_empty_district(void **st)
{
    (void)st;
    gm_units *u = load_ok("squares.geojson", true);
    gm_error e;
    gm_plan *p = overlay(u, "districts_empty.geojson", GM_OK, &e);
    gm_tally *t;
    /* district 3, a hole of district 1 inside unit a (a fifth of its area), lies under
     * the units but no unit is mostly in it: kept, empty, and said */
    assert_int_equal(p->k, 3);
    assert_string_equal(p->label[2], "3");
    assert_int_equal(gm_warnings_count(&p->warnings, "empty_districts"), 1);
    assert_non_null(strstr(p->warnings.msg[0], "1 district of "));
    assert_non_null(strstr(p->warnings.msg[0], "districts_empty.geojson receives no unit although "
                                              "it lies under the units: 3 (each unit"));
    assert_int_equal(p->n_split, 1); /* unit a: 4/5 in district 1, 1/5 in district 3 */
    assert_int_equal(p->split[0].unit, 0);
    assert_int_equal(p->split[0].second, 2);
    assert_true(fabs(p->split[0].second_share - 0.2) < 1e-3);
    assert_int_equal(gm_tally_compute(u, p, &t, &e), GM_OK);
    assert_int_equal(t->n_units[2], 0);
    assert_double_eq(t->pop[2], 0, 0);
    gm_popdev pd;
    gm_popdev_compute(t->pop, t->k, &pd);
    assert_double_eq(pd.ideal, 100.0 / 3, 1e-12);
    assert_int_equal(pd.min_district, 2);
    assert_double_eq(pd.range, 70.0 / (100.0 / 3), 1e-12);
    gm_partisan ps;
    assert_int_equal(gm_partisan_score(gm_tally_party(t, 0), gm_tally_party(t, 1), t->k, NULL, &ps, &e),
                     GM_OK);
    assert_int_equal(ps.k_zero, 1);
    assert_double_eq(ps.vote_share, 26.0 / 36.0, 1e-15);
    gm_tally_destroy(t);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    /* an index array may name a district no unit is in, but never one beyond k */
    int32_t d[4] = {0, 0, 1, 1}, out_of_range[4] = {0, 3, 1, 1};
    assert_int_equal(gm_plan_from_array(4, d, 3, NULL, &p, &e), GM_OK);
    assert_int_equal(p->k, 3);
    gm_plan_destroy(p);
    assert_int_equal(gm_plan_from_array(4, out_of_range, 3, NULL, &p, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "unit 1: district 3 is outside 0..2"));
}

/* A district far from the units (another state's) is left out of the plan, with a
 * warning naming it; the plan is the reference plan. */
static void test_plan_district_outside_units(void **st)
{
    (void)st;
    gm_units *u = load_ok("squares.geojson", true);
    gm_error e;
    gm_plan *p = overlay(u, "districts_far.geojson", GM_OK, &e);
    assert_int_equal(p->k, 2);
    assert_reference_tally(u, p);
    assert_int_equal(p->warnings.n, 1);
    assert_int_equal(gm_warnings_count(&p->warnings, "districts_outside_units"), 1);
    assert_non_null(strstr(p->warnings.msg[0], "districts_far.geojson receives no unit and lies "
                                              "mostly outside the units, so it is left out of the "
                                              "plan: 3; filter the district layer"));
    gm_plan_destroy(p);
    /* the clean layer: no warning */
    p = overlay(u, "districts.geojson", GM_OK, &e);
    assert_int_equal(p->warnings.n, 0);
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

/* District 1 drawn as two features: one district, a warning naming both features. */
static void test_plan_duplicate_district_ids(void **st)
{
    (void)st;
    gm_units *u = load_ok("squares.geojson", true);
    gm_error e;
    gm_plan *p = overlay(u, "districts_dup_ids.geojson", GM_OK, &e);
    assert_int_equal(p->k, 2);
    assert_reference_tally(u, p);
    assert_int_equal(p->n_split, 0);
    assert_int_equal(gm_warnings_count(&p->warnings, "duplicate_district_ids"), 1);
    assert_non_null(strstr(p->warnings.msg[0], "1 district id of "));
    assert_non_null(strstr(p->warnings.msg[0], "is held by several features, each scored as one "
                                              "district: '1' (2 features: FIDs 0, 2)"));
    gm_plan_destroy(p);
    gm_units_destroy(u);
}

static int setup(void **st)
{
    (void)st;
    gm_init();
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    gm_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_bowtie_repaired),
        cmocka_unit_test(test_self_intersection_repaired),
        cmocka_unit_test(test_repeated_points_valid),
        cmocka_unit_test(test_unclosed_ring_closed),
        cmocka_unit_test(test_empty_and_null_geometry),
        cmocka_unit_test(test_layers_in_different_crs),
        cmocka_unit_test(test_lonlat_labelled_projected),
        cmocka_unit_test(test_projected_labelled_lonlat),
        cmocka_unit_test(test_district_layer_crs_mislabelled),
        cmocka_unit_test(test_unit_outside_every_district),
        cmocka_unit_test(test_gaps_and_overlaps),
        cmocka_unit_test(test_long_edges_hull_ratio),
        cmocka_unit_test(test_precision_sliver_ratios),
        cmocka_unit_test(test_bad_votes_and_population),
        cmocka_unit_test(test_zero_population),
        cmocka_unit_test(test_zero_vote_district),
        cmocka_unit_test(test_duplicate_unit_ids),
        cmocka_unit_test(test_more_than_255_districts),
        cmocka_unit_test(test_more_than_65535_districts),
        cmocka_unit_test(test_plan_with_empty_district),
        cmocka_unit_test(test_plan_district_outside_units),
        cmocka_unit_test(test_plan_duplicate_district_ids),
    };
    return cmocka_run_group_tests(t, setup, teardown);
}
