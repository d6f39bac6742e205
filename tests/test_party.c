/* test_party.c: what party labels and vote field names say (gm_party_kind_of, the check
 * of the fields given for the parties), on every field name of the shared data's
 * layers and tables and on VEST's naming: one field for two parties is refused, fields
 * that hold the parties named are never warned about, swapped ones always are. */
#include "testutil.h"

#include "gerrymeter/gerrymeter.h"
#include "io/ogr_layer.h"
#include "units/units_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_label_kinds(void **state)
{
    (void)state;
    const char *dem[] = {"D", "d", "DEM", "Dem", "DFL", "Democrat", "Democratic", "Democrats",
                         "Democratic-Farmer-Labor", "DEMOCRATIC-NPL", " dem "};
    const char *rep[] = {"R", "r", "REP", "Rep", "GOP", "Republican", "REPUBLICANS"};
    const char *oth[] = {"I", "L", "G", "IND", "Green", "A", "B", "Yes", "Dems and Reps", "", "DR"};
    for (size_t i = 0; i < sizeof dem / sizeof *dem; i++) assert_int_equal(gm_party_kind_of(dem[i]), GM_PARTY_DEM);
    for (size_t i = 0; i < sizeof rep / sizeof *rep; i++) assert_int_equal(gm_party_kind_of(rep[i]), GM_PARTY_REP);
    for (size_t i = 0; i < sizeof oth / sizeof *oth; i++) assert_int_equal(gm_party_kind_of(oth[i]), GM_PARTY_OTHER);
    assert_int_equal(gm_party_kind_of(NULL), GM_PARTY_OTHER);
}

/* The number of "vote_fields_look_swapped" warnings for these labels and fields. */
static size_t swapped(const char *la, const char *fa, const char *lb, const char *fb)
{
    const char *party[] = {la, lb}, *field[] = {fa, fb};
    int idx[] = {0, 1};
    gm_warnings w = {0};
    gm_error err;
    assert_int_equal(gmi_party_fields_check("t", "votes field", party, field, idx, 2, &w, &err), GM_OK);
    size_t n = gm_warnings_count(&w, "vote_fields_look_swapped");
    gm_warnings_free(&w);
    return n;
}

/* Names from conventions the shared data does not hold. */
static void test_named_conventions(void **state)
{
    (void)state;
    /* VEST: the party letter after the office; "PRE" and the candidate hold D and R */
    assert_int_equal(swapped("D", "G16PREDCli", "R", "G16PRERTru"), 0);
    assert_int_equal(swapped("D", "G16PRERTru", "R", "G16PREDCli"), 1);
    assert_int_equal(swapped("D", "G18USHDRos", "R", "G18USHRDun"), 0); /* R and D in names */
    assert_int_equal(swapped("D", "G16PRELJoh", "R", "G16PREGSte"), 0);  /* other parties */
    assert_int_equal(swapped("Dem", "G20PREDBid", "Rep", "G20PRERTru"), 0);
    /* words */
    assert_int_equal(swapped("D", "dem_votes", "R", "rep_votes"), 0);
    assert_int_equal(swapped("D", "rep_votes", "R", "dem_votes"), 1);
    assert_int_equal(swapped("DEM", "votesDem", "REP", "votesRep"), 0);
    assert_int_equal(swapped("D", "votes_gop", "R", "votes_dem"), 1);
    assert_int_equal(swapped("D", "US_REP_DEM", "R", "US_REP_GOP"), 0); /* REP = representative */
    assert_int_equal(swapped("D", "US_REP_GOP", "R", "US_REP_DEM"), 1);
    assert_int_equal(swapped("R", "US_REP_DEM", "D", "SMITH"), 0); /* both words: says nothing */
    /* candidate names and neutral names say nothing */
    assert_int_equal(swapped("D", "Smith", "R", "Jones"), 0);
    assert_int_equal(swapped("D", "TOTPOP", "R", "VAP"), 0);
    /* labels of other parties are never checked */
    assert_int_equal(swapped("A", "USH16R", "B", "USH16D"), 0);
    /* one field looking like the other party's is enough */
    assert_int_equal(swapped("D", "USH16R", "R", "SEN16R"), 1);
}

/* Every field of every shared layer. fields: n names (caller frees each and the array). */
static char **layer_fields(const char *path, size_t *n)
{
    gmi_layer L;
    gm_error err;
    *n = 0;
    if (gmi_layer_open(path, NULL, NULL, &L, &err) != GM_OK) fail_msg("%s: %s", path, err.msg);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(L.lyr);
    int nf = OGR_FD_GetFieldCount(d);
    char **out = calloc((size_t)nf + 1, sizeof *out);
    assert_non_null(out);
    for (int i = 0; i < nf; i++) out[(*n)++] = strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)));
    gmi_layer_close(&L);
    return out;
}

/* The field of `names` equal to stem + suffix, or NULL. */
static const char *find(char **names, size_t n, const char *stem, size_t sl, const char *suffix)
{
    char want[128];
    snprintf(want, sizeof want, "%.*s%s", (int)sl, stem, suffix);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], want)) return names[i];
    return NULL;
}

/* The shared data's own names: every D/R pair (USH16D/USH16R, USREPDFL/USREPR, ...) in
 * its order gives no warning and swapped gives one; every other field (TOTPOP,
 * SEN18I, PRES16G, USREPTOTAL, H_BLACK, ...) under either label with a neutral partner
 * gives none. */
static void test_shared_field_names(void **state)
{
    (void)state;
    static const char *const layers[] = {
        "mggg_CT/CT_precincts.zip", "mggg_DE/DE_precincts.zip", "mggg_HI/HI_precincts.zip",
        "mggg_IA/IA_counties.zip",  "mggg_ME/Maine.zip",        "mggg_MN/mn_08_16.zip",
        "mggg_MN/mn_16.zip",        "mggg_NH/NH.zip",           "wi_assembly_2022/Assembly_EversLeastChange.geojson",
        "us_congressional_districts/cds_2016.gpkg"};
    /* the CSV tables' headers */
    static const char *const tables[] = {
        "year,state_po,state_fips,district,dem_votes,rep_votes,other_votes,total_votes,n_dem_cands,"
        "n_rep_cands,winner,winner_party,contested_DR,unopposed_no_count",
        "plan,office,district,DEM,REP,TOT,margin,winner"};
    gm_init();
    size_t pairs = 0, neutral = 0;
    for (size_t l = 0; l < sizeof layers / sizeof *layers + sizeof tables / sizeof *tables; l++) {
        size_t n = 0;
        char **names;
        const char *src = l < sizeof layers / sizeof *layers ? layers[l] : "a results table";
        if (l < sizeof layers / sizeof *layers) {
            names = layer_fields(tu_shared_path(layers[l]), &n);
        } else {
            char *h = strdup(tables[l - sizeof layers / sizeof *layers]), *save = NULL;
            names = calloc(32, sizeof *names);
            for (char *t = strtok_r(h, ",", &save); t; t = strtok_r(NULL, ",", &save)) names[n++] = strdup(t);
            free(h);
        }
        unsigned char *in_pair = calloc(n + 1, 1);
        /* the pairs: a D-side name (..D, ..DFL, dem_.., DEM) and its R-side twin */
        static const char *const dsuf[] = {"D", "DFL"};
        for (size_t i = 0; i < n; i++) {
            const char *f = names[i], *r = NULL;
            size_t len = strlen(f);
            for (size_t s = 0; s < 2 && !r; s++) {
                size_t sl = strlen(dsuf[s]);
                if (len > sl && !strcmp(f + len - sl, dsuf[s])) r = find(names, n, f, len - sl, "R");
            }
            if (!strcmp(f, "dem_votes")) r = find(names, n, "rep_votes", 9, "");
            if (!strcmp(f, "DEM")) r = find(names, n, "REP", 3, "");
            if (!r) continue;
            for (size_t j = 0; j < n; j++)
                if (names[j] == r) in_pair[j] = 1;
            in_pair[i] = 1;
            pairs++;
            if (swapped("D", f, "R", r) != 0) fail_msg("%s: D=%s,R=%s warns", src, f, r);
            if (swapped("DFL", f, "R", r) != 0) fail_msg("%s: DFL=%s,R=%s warns", src, f, r);
            if (swapped("D", r, "R", f) != 1) fail_msg("%s: D=%s,R=%s (swapped) does not warn", src, r, f);
        }
        /* everything else is neutral: no warning whatever label it is given; except
         * counts named for a party (n_dem_cands), which warn only under the other's label */
        for (size_t i = 0; i < n; i++) {
            if (in_pair[i]) continue;
            if (strstr(names[i], "_dem_") || strstr(names[i], "_rep_")) {
                bool dem = strstr(names[i], "_dem_") != NULL;
                assert_int_equal(swapped(dem ? "D" : "R", names[i], dem ? "R" : "D", "TOTPOP"), 0);
                assert_int_equal(swapped(dem ? "R" : "D", names[i], dem ? "D" : "R", "TOTPOP"), 1);
                continue;
            }
            neutral++;
            if (swapped("D", names[i], "R", "TOTPOP") || swapped("R", names[i], "D", "TOTPOP") ||
                swapped("D", "TOTPOP", "R", names[i]))
                fail_msg("neutral field %s warns", names[i]);
        }
        free(in_pair);
        for (size_t i = 0; i < n; i++) free(names[i]);
        free(names);
    }
    /* the shared data holds 100 D/R pairs and 344 other fields: every one was seen */
    if (pairs < 100 || neutral < 344) fail_msg("only %zu pairs and %zu other fields seen", pairs, neutral);
}

/* One field for two parties is refused by the units and by the results reader alike,
 * naming the field; the same field in another case is the same field. */
static void test_one_field_two_parties(void **state)
{
    (void)state;
    gm_init();
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/bad_inputs/squares.geojson", GM_SOURCE_DIR);
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = path;
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "D";
    s.vote_field[1] = "d";
    gm_units *u = NULL;
    gm_error err;
    assert_int_equal(gm_units_load(&s, &u, &err), GM_E_ARG);
    assert_null(u);
    assert_non_null(strstr(err.msg, "votes field 'D' is given for two parties (D and R)"));
    s.vote_field[1] = "R"; /* and the right fields load, no warning */
    assert_int_equal(gm_units_load(&s, &u, &err), GM_OK);
    assert_int_equal(u->warnings.n, 0);
    gm_units_destroy(u);
    s.vote_field[0] = "R"; /* swapped: loaded, with the warning */
    s.vote_field[1] = "D";
    assert_int_equal(gm_units_load(&s, &u, &err), GM_OK);
    assert_int_equal(gm_warnings_count(&u->warnings, "vote_fields_look_swapped"), 1);
    gm_units_destroy(u);

    const char *csv = tu_write_tmp("r.csv", "district,dem,rep\n1,5,3\n2,4,6\n");
    const char *cols[] = {"dem", "DEM"}, *names[] = {"D", "R"};
    gm_results_opts o;
    memset(&o, 0, sizeof o);
    o.district_col = "district";
    o.party_cols = cols;
    o.n_parties = 2;
    o.party_names = names;
    gm_results *r = NULL;
    assert_int_equal(gm_results_read(csv, &o, &r, &err), GM_E_ARG);
    assert_non_null(strstr(err.msg, "vote column 'dem' is given for two parties (D and R)"));
    const char *sw[] = {"rep", "dem"};
    o.party_cols = sw;
    assert_int_equal(gm_results_read(csv, &o, &r, &err), GM_OK);
    assert_int_equal(gm_warnings_count(&r->warnings, "vote_fields_look_swapped"), 1);
    gm_results_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_label_kinds),
        cmocka_unit_test(test_named_conventions),
        cmocka_unit_test(test_shared_field_names),
        cmocka_unit_test(test_one_field_two_parties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
