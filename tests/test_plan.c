/* test_plan.c: units loaded without a plan, and gm_plan_open for every plan kind
 * (a unit-layer column, an assignment file, a district layer, at large) over them, with
 * the unit-load preparation gm_plan_spec_prepare. On the sample state (testdata/sample:
 * 324 precincts, 6 districts in CD, assignment.csv keyed by PRECINCT, districts.gpkg
 * the precincts dissolved by CD), every source gives the same plan. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "gerrymeter/gm_core.h"
#include "gerrymeter/gm_plan.h"
#include "gerrymeter/gm_units.h"

/* The sample units with population and G16 votes; no plan column, no id field. */
static void sample_spec(gm_units_spec *s)
{
    memset(s, 0, sizeof *s);
    s->path = tu_testdata("sample/precincts.gpkg");
    s->pop_field = "TOTPOP";
    s->n_parties = 2;
    s->party[0] = "D";
    s->party[1] = "R";
    s->vote_field[0] = "G16D";
    s->vote_field[1] = "G16R";
}

static gm_units *load(const gm_units_spec *s)
{
    gm_units *u = NULL;
    gm_error e;
    if (gm_units_load(s, &u, &e) != GM_OK) fail_msg("%s", e.msg);
    return u;
}

static gm_plan *open_plan(const gm_units *u, const gm_plan_spec *ps)
{
    gm_plan *p = NULL;
    gm_error e;
    if (gm_plan_open(u, ps, &p, &e) != GM_OK) fail_msg("%s", e.msg);
    return p;
}

static void assert_same_plan(const gm_plan *a, const gm_plan *b)
{
    assert_int_equal(a->n_units, b->n_units);
    assert_int_equal(a->k, b->k);
    for (size_t d = 0; d < a->k; d++) assert_string_equal(a->label[d], b->label[d]);
    for (size_t i = 0; i < a->n_units; i++) assert_int_equal(a->district[i], b->district[i]);
}

/* The plan as CD gives it, from a load that reads the column (the building block). */
static gm_plan *reference_plan(void)
{
    gm_units_spec s;
    sample_spec(&s);
    s.plan_field = "CD";
    gm_units *u = load(&s);
    gm_plan *p = NULL;
    gm_error e;
    if (gm_plan_from_column(u, &p, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(p->k, 6);
    gm_units_destroy(u);
    return p;
}

/* Units without a plan (no column, no ids, no geometry): every kind but a district layer
 * opens over them; what the units lack (the column, the join field) is read then. */
static void test_units_without_plan(void **state)
{
    (void)state;
    gm_plan *want = reference_plan();
    gm_units_spec s;
    sample_spec(&s);
    gm_units *u = load(&s);
    assert_int_equal(u->n, 324);
    assert_null(u->plan_label);
    assert_null(u->plan_field);
    assert_null(u->geom);
    assert_null(u->id_field); /* ids are feature ids */
    char fid0[32];
    snprintf(fid0, sizeof fid0, "%lld", (long long)u->fid[0]);
    assert_string_equal(u->id[0], fid0);

    gm_plan_spec col = {.source = "CD"};
    gm_plan *p = open_plan(u, &col);
    assert_same_plan(p, want);
    char src[512];
    snprintf(src, sizeof src, "column of %s", u->source);
    assert_string_equal(p->source, src);
    gm_plan_destroy(p);

    gm_plan_spec csv = {.source = tu_testdata("sample/assignment.csv"), .join_field = "PRECINCT"};
    p = open_plan(u, &csv);
    assert_same_plan(p, want);
    assert_string_equal(p->source, csv.source);
    gm_plan_destroy(p);
    assert_string_equal(u->id[0], fid0); /* the join field was read aside */

    /* Another column of the layer: the 12 counties. */
    gm_plan_spec county = {.kind = GM_PLAN_COLUMN, .source = "COUNTY"};
    p = open_plan(u, &county);
    assert_int_equal(p->k, 12);
    gm_plan_destroy(p);

    gm_plan_spec al = {.kind = GM_PLAN_AT_LARGE};
    p = open_plan(u, &al);
    assert_int_equal(p->k, 1);
    assert_string_equal(p->label[0], "0");
    assert_string_equal(p->source, "at large (one district)");
    for (size_t i = 0; i < u->n; i++) assert_int_equal(p->district[i], 0);
    gm_plan_destroy(p);

    /* A district layer needs the geometry; a missing column is named. */
    gm_plan_spec lay = {.source = tu_testdata("sample/districts.gpkg"), .district_id = "CD"};
    gm_error e;
    p = NULL;
    assert_int_equal(gm_plan_open(u, &lay, &p, &e), GM_E_ARG);
    assert_null(p);
    assert_non_null(strstr(e.msg, "geometry"));
    gm_plan_spec nope = {.kind = GM_PLAN_COLUMN, .source = "NO_SUCH_FIELD"};
    assert_int_equal(gm_plan_open(u, &nope, &p, &e), GM_E_FIELD);
    assert_non_null(strstr(e.msg, "NO_SUCH_FIELD"));
    assert_non_null(strstr(e.msg, "COUNTY")); /* the fields that exist are listed */
    gm_units_destroy(u);
    gm_plan_destroy(want);
}

/* gm_plan_spec_prepare: kinds detected, the unit load asked for what each plan needs,
 * inconsistent specs refused before anything is read. */
static void test_prepare(void **state)
{
    (void)state;
    gm_units_spec s;
    gm_error e;
    sample_spec(&s);
    s.id_field = "COUNTY";
    gm_plan_spec col = {.source = "CD"};
    assert_int_equal(gm_plan_spec_prepare(&col, &s, &e), GM_OK);
    assert_int_equal(col.kind, GM_PLAN_COLUMN);
    assert_string_equal(s.plan_field, "CD");
    assert_false(s.load_geometry);
    gm_plan_spec csv = {.source = tu_testdata("sample/assignment.csv"), .join_field = "PRECINCT"};
    assert_int_equal(gm_plan_spec_prepare(&csv, &s, &e), GM_OK);
    assert_int_equal(csv.kind, GM_PLAN_CSV);
    assert_string_equal(s.id_field, "PRECINCT"); /* the file is matched on the unit ids */
    gm_plan_spec lay = {.source = tu_testdata("sample/districts.gpkg"), .district_id = "CD"};
    assert_int_equal(gm_plan_spec_prepare(&lay, &s, &e), GM_OK);
    assert_int_equal(lay.kind, GM_PLAN_LAYER);
    assert_true(s.load_geometry);
    gm_plan_spec al = {.kind = GM_PLAN_AT_LARGE};
    assert_int_equal(gm_plan_spec_prepare(&al, &s, &e), GM_OK);
    gm_plan_spec auto_al = {0};
    assert_int_equal(gm_plan_spec_prepare(&auto_al, &s, &e), GM_OK);
    assert_int_equal(auto_al.kind, GM_PLAN_AT_LARGE);

    gm_units_spec bare;
    sample_spec(&bare);
    gm_plan_spec nojoin = {.source = tu_testdata("sample/assignment.csv")};
    assert_int_equal(gm_plan_spec_prepare(&nojoin, &bare, &e), GM_E_ARG);
    assert_non_null(strstr(e.msg, "join"));
    gm_plan_spec colid = {.source = "CD", .district_id = "CD"};
    assert_int_equal(gm_plan_spec_prepare(&colid, &bare, &e), GM_E_ARG);
    gm_plan_spec nosrc = {.kind = GM_PLAN_COLUMN};
    assert_int_equal(gm_plan_spec_prepare(&nosrc, &bare, &e), GM_E_ARG);
    assert_null(bare.plan_field);
}

/* One load prepared for several plans (as report --compare does): the units are read
 * once, and the column, the assignment file and the district layer all give the plan
 * of CD over them. */
static void test_one_load_many_plans(void **state)
{
    (void)state;
    gm_plan *want = reference_plan();
    gm_units_spec s;
    gm_error e;
    sample_spec(&s);
    gm_plan_spec ps[4] = {
        {.source = "CD"},
        {.source = tu_testdata("sample/assignment.csv"), .join_field = "PRECINCT"},
        {.source = tu_testdata("sample/districts.gpkg"), .district_id = "CD"},
        {.kind = GM_PLAN_AT_LARGE},
    };
    for (int i = 0; i < 4; i++) assert_int_equal(gm_plan_spec_prepare(&ps[i], &s, &e), GM_OK);
    gm_units *u = load(&s);
    assert_non_null(u->plan_label);
    assert_non_null(u->geom);
    assert_string_equal(u->id_field, "PRECINCT");
    for (int i = 0; i < 3; i++) {
        gm_plan *p = open_plan(u, &ps[i]);
        assert_same_plan(p, want);
        if (i == 2) assert_int_equal(p->n_split, 0); /* the districts are unions of precincts */
        gm_plan_destroy(p);
    }
    gm_plan *p = open_plan(u, &ps[3]);
    assert_int_equal(p->k, 1);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    gm_plan_destroy(want);
}

/* The tiny grid (testdata/tiny): the assignment file matched on the loaded ids (no join
 * field given) and the district layer (GeoJSON) agree with the CD column. */
static void test_tiny_kinds(void **state)
{
    (void)state;
    gm_units_spec s;
    gm_error e;
    memset(&s, 0, sizeof s);
    s.path = tu_testdata("tiny/precincts.geojson");
    s.pop_field = "TOTPOP";
    s.id_field = "PRECINCT";
    gm_plan_spec ps[3] = {
        {.source = "CD"},
        {.source = tu_testdata("tiny/assignment.csv")},
        {.source = tu_testdata("tiny/districts.geojson"), .district_id = "CD"},
    };
    for (int i = 0; i < 3; i++) assert_int_equal(gm_plan_spec_prepare(&ps[i], &s, &e), GM_OK);
    gm_units *u = load(&s);
    gm_plan *col = open_plan(u, &ps[0]);
    assert_int_equal(col->k, 4);
    for (int i = 1; i < 3; i++) {
        gm_plan *p = open_plan(u, &ps[i]);
        assert_same_plan(p, col);
        gm_plan_destroy(p);
    }
    gm_plan_destroy(col);
    gm_units_destroy(u);
}

static int grp_setup(void **state)
{
    (void)state;
    gm_init();
    return 0;
}

static int grp_teardown(void **state)
{
    (void)state;
    gm_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(test_units_without_plan),
        cmocka_unit_test(test_prepare),
        cmocka_unit_test(test_one_load_many_plans),
        cmocka_unit_test(test_tiny_kinds),
    };
    return cmocka_run_group_tests(t, grp_setup, grp_teardown);
}
