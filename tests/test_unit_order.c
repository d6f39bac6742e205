/* test_unit_order.c: the unit-order fingerprint (gm_units.h, "Unit order"): its value, the
 * loader's choice of the order key, the text form, the check, and the GMEN header and CSV
 * realignment of gm_ens_check_units. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_driver.h"
#include "gerrymeter/gm_ensemble.h"

/* FNV-1a 64 over "a\0b\0" then 2 as 8 little-endian bytes; the values were computed by an
 * independent few lines of Python. The order and the separators count. */
static void test_fingerprint_value(void **state)
{
    (void)state;
    const char *ab[] = {"a", "b"}, *ba[] = {"b", "a"}, *one[] = {"ab"}, *abe[] = {"a", "b", ""};
    assert_true(gm_ids_fingerprint(ab, 2) == 0xbcfcf3e8cebe16f4ULL);
    assert_true(gm_ids_fingerprint(ba, 2) == 0x7c205ca02940ec6cULL);
    assert_true(gm_ids_fingerprint(one, 1) == 0x3d2a1449575375ffULL);
    assert_true(gm_ids_fingerprint(abe, 3) == 0xe7c34c496b47a2a1ULL);
    assert_true(gm_ids_fingerprint(NULL, 0) == 0xa8c7f832281a39c5ULL);
}

static void test_format_parse(void **state)
{
    (void)state;
    gm_unit_order o = {4120, 0x0e5f41caef69f413ULL, false, "VTD"}, p;
    char t[400];
    gm_unit_order_format(&o, t, sizeof t);
    assert_string_equal(t, "units=4120 unit_fingerprint=0e5f41caef69f413 unit_key=VTD");
    assert_true(gm_unit_order_parse(t, &p));
    assert_true(p.n == 4120 && p.fp == o.fp && !p.positional);
    assert_string_equal(p.key, "VTD");
    /* a key with blanks, a line break after it */
    assert_true(gm_unit_order_parse("units=3 unit_fingerprint=00000000000000ff unit_key=Precinct Name\n", &p));
    assert_string_equal(p.key, "Precinct Name");
    assert_true(p.fp == 255);
    o.positional = true;
    gm_unit_order_format(&o, t, sizeof t);
    assert_non_null(strstr(t, "unit_key=(feature ids)"));
    assert_true(gm_unit_order_parse(t, &p) && p.positional && p.key[0] == '\0');
    assert_false(gm_unit_order_parse("units=3 unit_fingerprint=00ff unit_key=x", &p));
    assert_false(gm_unit_order_parse("units=0 unit_fingerprint=00000000000000ff unit_key=x", &p));
    assert_false(gm_unit_order_parse("plan,sample", &p));
    /* the rows' first line, both formats */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    o.positional = false;
    snprintf(o.key, sizeof o.key, "a \"q\"");
    assert_int_equal(gm_ens_rows_meta(f, GM_ROWS_JSONL, &o, NULL), GM_OK);
    fclose(f);
    assert_true(gm_ens_rows_meta_parse(buf, &p));
    assert_string_equal(p.key, "a \"q\"");
    free(buf);
}

/* A unit layer as CSV with its field types (.csvt): county repeats, name and code are
 * distinct; code comes first but names (text) are preferred. */
static gm_units *load_csv(const char *name, const char *rows)
{
    char csvt[256];
    snprintf(csvt, sizeof csvt, "%.200s", name);
    char *dot = strrchr(csvt, '.');
    strcpy(dot, ".csvt");
    tu_write_tmp(csvt, "Integer,String,String,Real\n");
    const char *path = tu_write_tmp(name, rows);
    gm_units_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.path = path;
    sp.pop_field = "pop";
    gm_units *u = NULL;
    gm_error e;
    if (gm_units_load(&sp, &u, &e) != GM_OK) fail_msg("%s", e.msg);
    return u;
}

static void test_loader_key(void **state)
{
    (void)state;
    gm_units *a = load_csv("a.csv", "code,county,name,pop\n7,X,n1,10\n9,X,n2,20\n8,Y,n3,30\n");
    gm_units *b = load_csv("b.csv", "code,county,name,pop\n9,X,n2,20\n7,X,n1,10\n8,Y,n3,30\n");
    gm_units *c = load_csv("c.csv", "code,county,name,pop\n7,X,n1,10\n9,X,n1,20\n8,Y,n3,30\n");
    gm_units *d = load_csv("d.csv", "code,county,name,pop\n7,X,n1,10\n7,X,n1,20\n8,Y,n3,30\n");
    assert_string_equal(a->order_key, "name");
    const char *ids[] = {"n1", "n2", "n3"};
    assert_true(gm_units_fingerprint(a) == gm_ids_fingerprint(ids, 3));
    /* the same units sorted otherwise: another fingerprint, though the feature ids of
     * both files run 1, 2, 3 */
    assert_string_equal(b->order_key, "name");
    assert_true(gm_units_fingerprint(a) != gm_units_fingerprint(b));
    assert_string_equal(c->order_key, "code"); /* names repeat: the integer field */
    assert_null(d->order_key);                 /* nothing distinct: feature ids */
    gm_unit_order o;
    gm_units_order(d, &o);
    assert_true(o.positional && o.n == 3);

    /* the check: counts, fingerprints, positional orders */
    gm_unit_order oa, ob;
    gm_units_order(a, &oa);
    gm_units_order(b, &ob);
    gm_error e;
    bool v = false;
    assert_int_equal(gm_units_check_order(a, &oa, "x.gmen", NULL, &v, &e), GM_OK);
    assert_true(v);
    assert_int_equal(gm_units_check_order(a, &ob, "x.gmen", NULL, &v, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "x.gmen was made for the units in another order"));
    char hex[20];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)ob.fp);
    assert_non_null(strstr(e.msg, hex));
    assert_non_null(strstr(e.msg, "regenerate it from this unit layer, or use the layer it was made from"));
    const char *fids[] = {"n2", "n1", "n3"};
    assert_int_equal(gm_units_check_order(a, &ob, "g.json", fids, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "first difference: unit 0 is 'n2' there")); /* the caller's ids */
    ob.n = 4;
    assert_int_equal(gm_units_check_order(a, &ob, "x.gmen", NULL, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "made for 4 units but the unit layer has 3"));
    assert_int_equal(gm_units_check_order(a, &o, "x.gmen", NULL, &v, &e), GM_OK);
    assert_false(v); /* positional: nothing to compare */
    gm_units_destroy(a);
    gm_units_destroy(b);
    gm_units_destroy(c);
    gm_units_destroy(d);
}

/* GMEN stamped with a's order: b refuses it; a version-1 file is read with a warning. A
 * CSV naming b's ids is realigned to a's order; one with an unknown id is refused. */
static void test_ensemble_files(void **state)
{
    (void)state;
    gm_units *a = load_csv("a.csv", "code,county,name,pop\n7,X,n1,10\n9,X,n2,20\n8,Y,n3,30\n");
    gm_units *b = load_csv("b.csv", "code,county,name,pop\n9,X,n2,20\n7,X,n1,10\n8,Y,n3,30\n");
    gm_unit_order oa;
    gm_units_order(a, &oa);
    char path[4200];
    snprintf(path, sizeof path, "%s/o.gmen", tu_tmpdir());
    FILE *f = fopen(path, "wb");
    gm_ens_writer *w = NULL;
    gm_error e;
    int32_t plan[3] = {0, 1, 1};
    assert_int_equal(gm_ens_writer_open(f, GM_ENS_GMEN, 3, 2, NULL, &oa, &w, &e), GM_OK);
    assert_int_equal(gm_ens_write(w, plan, 0, &e), GM_OK);
    assert_int_equal(gm_ens_writer_close(w, &e), GM_OK);
    fclose(f);
    gm_ens_reader *r = NULL;
    gm_warnings wn = {0};
    assert_int_equal(gm_ens_open(path, GM_ENS_AUTO, 3, &r, &e), GM_OK);
    assert_int_equal(gm_ens_check_units(r, a, &wn, &e), GM_OK);
    assert_true(gm_ens_order_checked(r));
    gm_ens_close(r, NULL);
    assert_int_equal(gm_ens_open(path, GM_ENS_AUTO, 3, &r, &e), GM_OK);
    assert_int_equal(gm_ens_check_units(r, b, &wn, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "o.gmen was made for the units in another order"));
    gm_ens_close(r, NULL);
    /* version 1: no fingerprint (the old header: version 1, reserved bytes zero) */
    f = fopen(path, "r+b");
    unsigned char v1[2] = {1, 0}, zero[9] = {0};
    fseek(f, 4, SEEK_SET);
    fwrite(v1, 1, 2, f);
    fseek(f, 12, SEEK_SET);
    fwrite(zero, 1, 9, f);
    fclose(f);
    assert_int_equal(gm_ens_open(path, GM_ENS_AUTO, 3, &r, &e), GM_OK);
    assert_int_equal(gm_ens_check_units(r, b, &wn, &e), GM_OK);
    assert_false(gm_ens_order_checked(r));
    assert_int_equal(gm_warnings_count(&wn, "unit_order_unchecked"), 1);
    assert_non_null(strstr(wn.msg[0], "no unit fingerprint: unit order cannot be checked"));
    gm_ens_close(r, NULL);
    gm_warnings_free(&wn);

    /* CSV in b's order, read on a: realigned to a's order (n1 n2 n3) */
    const char *csv = tu_write_tmp("p.csv", "sample,n2,n1,n3\n5,1,0,1\n");
    int32_t d[3];
    int64_t smp;
    bool got;
    assert_int_equal(gm_ens_open(csv, GM_ENS_AUTO, 3, &r, &e), GM_OK);
    assert_int_equal(gm_ens_check_units(r, a, NULL, &e), GM_OK);
    assert_true(gm_ens_order_checked(r));
    assert_int_equal(gm_ens_next(r, d, &smp, &got, &e), GM_OK);
    assert_true(got && smp == 5 && d[0] == 0 && d[1] == 1 && d[2] == 1);
    assert_string_equal(gm_ens_unit_ids(r)[0], "n1");
    gm_ens_close(r, NULL);
    csv = tu_write_tmp("q.csv", "sample,n2,n9,n3\n5,1,0,1\n");
    assert_int_equal(gm_ens_open(csv, GM_ENS_AUTO, 3, &r, &e), GM_OK);
    assert_int_equal(gm_ens_check_units(r, a, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "1 unit ids the unit layer does not have (e.g. 'n9')"));
    assert_non_null(strstr(e.msg, "lacks 1 of the layer's (e.g. 'n1'"));
    gm_ens_close(r, NULL);
    /* ids with a comma and a quote, quoted in the header as RFC 4180 has it */
    char *hid[3] = {"n\"1", "n,2", "n3"};
    gm_units h = {0};
    h.n = 3;
    h.id = hid;
    h.id_field = "x";
    csv = tu_write_tmp("h.csv", "sample,\"n,2\",\"n\"\"1\",n3\n5,1,0,1\n");
    assert_int_equal(gm_ens_open(csv, GM_ENS_AUTO, 3, &r, &e), GM_OK);
    assert_int_equal(gm_ens_check_units(r, &h, NULL, &e), GM_OK);
    assert_int_equal(gm_ens_next(r, d, &smp, &got, &e), GM_OK);
    assert_true(got && d[0] == 0 && d[1] == 1 && d[2] == 1);
    gm_ens_close(r, NULL);
    gm_units_destroy(a);
    gm_units_destroy(b);
}

int main(void)
{
    gm_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fingerprint_value),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_loader_key),
        cmocka_unit_test(test_ensemble_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
