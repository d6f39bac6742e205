/* test_ensemble.c: ensemble readers/writers and the batch scorer against the one-plan path. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"

#ifndef N_PLANS
#define N_PLANS 300 /* the first few hundred plans keep the CI run short; -DN_PLANS=10001 checks all */
#endif

/* Four units by hand. Plan {0,0,1,1}: both districts have a = 7, b = 13 (share 0.35),
 * populations 30 and 70 (ideal 50: max |dev| 20/50 = 0.4). EG: b wins each district with
 * 3 surplus votes over half of 20, a wastes 7: (14 - 6)/40 = 0.2. MM 0. Partisan bias
 * (engine definition: swing to a 50 % turnout-weighted share; a share equal to the
 * statewide V = 0.35 counts 1/2): 1/2 - (1/2 + 1/2)/2 = 0. Declination undefined (a
 * wins nothing). A district index >= k is an error. */
static void test_batch_by_hand(void **state)
{
    (void)state;
    double pop[4] = {10, 20, 30, 40}, a[4] = {6, 1, 5, 2}, b[4] = {4, 9, 5, 8};
    gm_batch_spec bs = {4, 2, pop, a, b, NULL};
    gm_batch *bt = NULL;
    gm_error e;
    assert_int_equal(gm_batch_create(&bs, 1, &bt, &e), GM_OK);
    int32_t A[2][4] = {{0, 0, 1, 1}, {0, 1, 0, 1}};
    int64_t smp[2] = {7, 8};
    gm_plan_scores sc[2];
    double sh[4];
    assert_int_equal(gm_batch_score(bt, &A[0][0], smp, 2, sc, sh, &e), GM_OK);
    assert_int_equal(sc[0].sample, 7);
    assert_true(sc[0].seats_a == 0);
    assert_true(fabs(sc[0].pop_dev - 0.4) < 1e-15);
    assert_true(fabs(sc[0].efficiency_gap - 0.2) < 1e-15);
    assert_true(sc[0].mean_median == 0 && sc[0].partisan_bias == 0);
    assert_true(isnan(sc[0].declination) && isnan(sc[0].cut_edges));
    assert_true(sh[0] == 0.35 && sh[1] == 0.35);
    /* plan {0,1,0,1}: d0 = units 0,2: a 11 b 9 (a wins, share .55); d1 = units 1,3: a 3 b 17
     * (.15). pop 40/60: dev 0.2. EG: d0 wa = 11-10 = 1, wb = 9; d1 wa = 3, wb = 17-10 = 7:
     * (4 - 16)/40 = -0.3. mean share .35 = median: MM 0; V = 14/40 = .35 and one share
     * (.55) above it: PB = 1/2 - 1/2 = 0. Declination: theta = atan((1 - 2(.15)) 2/1),
     * gamma = atan((2(.55) - 1) 2/1), delta = 2(gamma - theta)/pi. */
    assert_true(sc[1].seats_a == 1 && fabs(sc[1].pop_dev - 0.2) < 1e-15);
    assert_true(fabs(sc[1].efficiency_gap + 0.3) < 1e-15);
    assert_true(fabs(sc[1].mean_median) < 1e-15 && sc[1].partisan_bias == 0);
    assert_true(fabs(sh[2] - 0.15) < 1e-15 && fabs(sh[3] - 0.55) < 1e-15);
    assert_true(fabs(sc[1].declination - 2 * (atan(0.2) - atan(1.4)) / GM_PI) < 1e-14);
    int32_t bad[4] = {0, 1, 2, 0};
    assert_int_equal(gm_batch_score(bt, bad, smp, 1, sc, sh, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "unit 2 has district 2"));
    gm_batch_destroy(bt);
}

/* Eleven plans with efficiency gaps 0, 0.01, ..., 0.10 and a reference at 0.08. Quantile
 * q is the value of 0-based rank floor(10 q): median 0.05, q25 0.02, q75 0.07; mean 0.05,
 * sample SD sqrt(0.011 / 10). The reference has 8 plans below, 1 equal, 2 above:
 * percentile 100 * 8.5 / 11, and 3 plans as or more extreme (it is above the median). */
static void test_summary_by_hand(void **state)
{
    (void)state;
    gm_ens_summary *s = NULL;
    gm_error e;
    assert_int_equal(gm_ens_summary_create(2, 10, &s, &e), GM_OK);
    gm_plan_scores ref = {.efficiency_gap = 0.08, .cut_edges = 4};
    double rsh[2] = {0.3, 0.6};
    gm_ens_summary_set_reference(s, &ref, rsh);
    for (int i = 0; i <= 10; i++) {
        gm_plan_scores p = {.sample = i, .efficiency_gap = i / 100.0, .cut_edges = 30 - i,
                            .declination = NAN};
        double sh[2] = {0.3 + 0.01 * i, 0.6};
        gm_ens_summary_add(s, &p, sh);
    }
    gm_metric_summary m;
    gm_ens_summary_metric(s, 1, &m); /* efficiency_gap */
    assert_int_equal(m.n, 11);
    assert_true(fabs(m.mean - 0.05) < 1e-15);
    assert_true(fabs(m.sd - sqrt(0.011 / 10)) < 1e-15);
    assert_true(m.q[3] == 0.05 && m.q[2] == 0.02 && m.q[4] == 0.07 && m.min == 0 && m.max == 0.1);
    assert_int_equal(m.below, 8);
    assert_int_equal(m.equal, 1);
    assert_int_equal(m.above, 2);
    assert_true(fabs(m.percentile - 100 * 8.5 / 11) < 1e-12);
    assert_int_equal(m.as_extreme, 3);
    gm_ens_summary_metric(s, 6, &m); /* cut edges 20..30: grows past the 11 initial bins */
    assert_true(m.q[3] == 25 && m.max == 30 && m.above == 11 && m.as_extreme == 0);
    gm_ens_summary_metric(s, 4, &m); /* declination: undefined everywhere */
    assert_int_equal(m.n, 0);
    gm_ens_summary_rank(s, 1, &m);
    assert_true(m.q[0] == 0.6 && m.equal == 11 && fabs(m.percentile - 50) < 1e-12);
    assert_int_equal(m.hist[0], 11); /* min == max: everything in the first bin */
    gm_ens_summary_destroy(s);
}

static void roundtrip(gm_ens_format fmt)
{
    int32_t plans[3][5] = {{0, 0, 1, 1, 2}, {2, 1, 0, 0, 1}, {300, 0, 1, 2, 3}};
    FILE *f = tmpfile();
    gm_ens_writer *w = NULL;
    gm_error e;
    assert_int_equal(gm_ens_writer_open(f, fmt, 5, fmt == GM_ENS_GMEN ? 301 : 0, NULL, &w, &e), GM_OK);
    for (int p = 0; p < 3; p++) assert_int_equal(gm_ens_write(w, plans[p], 10 + p, &e), GM_OK);
    assert_int_equal(gm_ens_writer_close(w, &e), GM_OK);
    rewind(f);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
    gm_ens_reader *r = NULL;
    assert_int_equal(gm_ens_open(path, fmt, 5, &r, &e), GM_OK);
    int32_t d[5];
    int64_t s;
    bool got;
    for (int p = 0; p < 3; p++) {
        assert_int_equal(gm_ens_next(r, d, &s, &got, &e), GM_OK);
        assert_true(got);
        assert_int_equal(s, 10 + p);
        assert_memory_equal(d, plans[p], sizeof d);
    }
    assert_int_equal(gm_ens_next(r, d, &s, &got, &e), GM_OK);
    assert_false(got);
    uint64_t count = 0;
    if (fmt == GM_ENS_GMEN) { /* random access: count from the size, seek to a plan */
        assert_int_equal(gm_ens_count(r, &count, &e), GM_OK);
        assert_int_equal(count, 3);
        assert_int_equal(gm_ens_seek(r, 1, &e), GM_OK);
        assert_int_equal(gm_ens_next(r, d, &s, &got, &e), GM_OK);
        assert_true(got && s == 11);
        assert_memory_equal(d, plans[1], sizeof d);
    } else {
        assert_int_equal(gm_ens_count(r, &count, &e), GM_E_ARG);
    }
    assert_int_equal(gm_ens_close(r, &e), GM_OK);
    fclose(f);
}

static void test_roundtrip_formats(void **state)
{
    (void)state;
    roundtrip(GM_ENS_JSONL);
    roundtrip(GM_ENS_CSV);
    roundtrip(GM_ENS_GMEN);
}

/* BEN: the worked example of MGGG's format description. [1,1,1,2,2,2,2,3] has runs
 * (1,3) (2,4) (3,1): 2 value bits, 3 length bits, 15 bits -> 2 bytes 0x5D 0x32. The
 * MkvChain variant adds a repeat count (here 4) after the payload. */
static void test_ben_spec_example(void **state)
{
    (void)state;
    static const unsigned char std_frame[] = {0x02, 0x03, 0, 0, 0, 0x02, 0x5D, 0x32};
    const int32_t want[8] = {1, 1, 1, 2, 2, 2, 2, 3};
    for (int mkv = 0; mkv < 2; mkv++) {
        FILE *f = tmpfile();
        fwrite(mkv ? "MKVCHAIN BEN FILE" : "STANDARD BEN FILE", 1, 17, f);
        fwrite(std_frame, 1, sizeof std_frame, f);
        if (mkv) fwrite("\x00\x04", 1, 2, f);
        rewind(f);
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
        gm_ens_reader *r = NULL;
        gm_error e;
        assert_int_equal(gm_ens_open(path, GM_ENS_BEN, 0, &r, &e), GM_OK);
        int32_t d[8];
        int64_t smp;
        bool got;
        for (int rep = 0; rep < (mkv ? 4 : 1); rep++) {
            assert_int_equal(gm_ens_next(r, d, &smp, &got, &e), GM_OK);
            assert_true(got);
            assert_int_equal(smp, rep);
            assert_memory_equal(d, want, sizeof want);
        }
        assert_int_equal(gm_ens_next(r, d, &smp, &got, &e), GM_OK);
        assert_false(got);
        gm_ens_close(r, NULL);
        /* our writer produces the same bytes */
        if (!mkv) {
            FILE *g = tmpfile();
            gm_ens_writer *w = NULL;
            assert_int_equal(gm_ens_writer_open(g, GM_ENS_BEN, 8, 4, NULL, &w, &e), GM_OK);
            assert_int_equal(gm_ens_write(w, want, 0, &e), GM_OK);
            assert_int_equal(gm_ens_writer_close(w, &e), GM_OK);
            unsigned char buf[64];
            rewind(g);
            assert_int_equal(fread(buf, 1, sizeof buf, g), 17 + sizeof std_frame);
            assert_memory_equal(buf + 17, std_frame, sizeof std_frame);
            fclose(g);
        }
        fclose(f);
    }
}

/* BEN round trip of long runs (> 65535 units split into two runs) and wide ids. */
static void test_ben_roundtrip(void **state)
{
    (void)state;
    size_t n = 70000;
    int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    for (size_t i = 0; i < n; i++) a[i] = i < 66000 ? 5 : (int32_t)(i % 7 == 0 ? 40000 : i % 3);
    FILE *f = tmpfile();
    gm_ens_writer *w = NULL;
    gm_error e;
    assert_int_equal(gm_ens_writer_open(f, GM_ENS_BEN, n, 0, NULL, &w, &e), GM_OK);
    assert_int_equal(gm_ens_write(w, a, 0, &e), GM_OK);
    assert_int_equal(gm_ens_write(w, a, 1, &e), GM_OK);
    assert_int_equal(gm_ens_writer_close(w, &e), GM_OK);
    rewind(f);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
    gm_ens_reader *r = NULL;
    assert_int_equal(gm_ens_open(path, GM_ENS_BEN, n, &r, &e), GM_OK);
    int64_t smp;
    bool got;
    assert_int_equal(gm_ens_skip(r, &got, &e), GM_OK);
    assert_true(got);
    assert_int_equal(gm_ens_next(r, b, &smp, &got, &e), GM_OK);
    assert_true(got && smp == 1);
    assert_memory_equal(a, b, n * sizeof *a);
    gm_ens_close(r, NULL);
    fclose(f);
    free(a);
    free(b);
}

static void test_jsonl_errors(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    fputs("{\"sample\": 0, \"assignment\": [0, 1, 2]}\n{\"sample\": 1, \"assignment\": [0, 1]}\n", f);
    rewind(f);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fileno(f));
    gm_ens_reader *r = NULL;
    gm_error e;
    assert_int_equal(gm_ens_open(path, GM_ENS_JSONL, 0, &r, &e), GM_OK);
    int32_t d[3];
    int64_t s;
    bool got;
    assert_int_equal(gm_ens_next(r, d, &s, &got, &e), GM_OK);
    assert_int_equal(gm_ens_n_units(r), 3);
    assert_int_equal(gm_ens_next(r, d, &s, &got, &e), GM_E_FORMAT);
    assert_non_null(strstr(e.msg, "line 2"));
    gm_ens_close(r, NULL);
    fclose(f);
}

/* MN congressional ensemble: the batch kernel gives, plan by plan, the same seats and
 * efficiency gap as plan -> gm_tally_compute -> gm_partisan_score, and the same cut
 * edges as gm_graph_cut_edges; integers exactly, reals to 1e-12 relative (they are in
 * fact bit-identical: the same additions in the same order). */
static void test_mn_batch_equals_one_plan(void **state)
{
    (void)state;
    gm_init();
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = tu_shared_path("mggg_MN/mn_08_16.zip");
    const char *ens = tu_shared_path("ensembles/mn_congdist_recom_10000.jsonl.xz");
    s.pop_field = "TOTPOP";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "USH16D";
    s.vote_field[1] = "USH16R";
    s.load_geometry = true;
    gm_error e;
    gm_units *u = NULL;
    if (gm_units_load(&s, &u, &e) != GM_OK) fail_msg("%s", e.msg);
    gm_graph *g = NULL;
    if (gm_graph_build(u, NULL, &g, &e) != GM_OK) fail_msg("%s", e.msg);
    size_t n = u->n, k = 8;
    gm_ens_reader *r = NULL;
    if (gm_ens_open(ens, GM_ENS_AUTO, n, &r, &e) != GM_OK) fail_msg("%s", e.msg);
    int32_t *A = malloc(N_PLANS * n * sizeof *A);
    int64_t *smp = malloc(N_PLANS * sizeof *smp);
    size_t np = 0;
    bool got = true;
    while (np < N_PLANS) {
        if (gm_ens_next(r, A + np * n, &smp[np], &got, &e) != GM_OK) fail_msg("%s", e.msg);
        if (!got) break;
        np++;
    }
    assert_int_equal(np, N_PLANS);
    assert_int_equal(gm_ens_close(r, &e), GM_OK);
    gm_batch_spec bs = {n, k, u->pop, u->votes, u->votes + n, g};
    gm_batch *b = NULL;
    assert_int_equal(gm_batch_create(&bs, 2, &b, &e), GM_OK);
    gm_plan_scores *sc = malloc(np * sizeof *sc);
    double *sh = malloc(np * k * sizeof *sh);
    assert_int_equal(gm_batch_score(b, A, smp, np, sc, sh, &e), GM_OK);
    double max_pop_dev = 0;
    for (size_t p = 0; p < np; p++) {
        gm_plan *pl = NULL;
        gm_tally *t = NULL;
        gm_partisan ps;
        assert_int_equal(gm_plan_from_array(n, A + p * n, k, NULL, &pl, &e), GM_OK);
        assert_int_equal(gm_tally_compute(u, pl, &t, &e), GM_OK);
        assert_int_equal(gm_partisan_score(gm_tally_party(t, 0), gm_tally_party(t, 1), k, NULL, &ps, &e), GM_OK);
        assert_int_equal(smp[p], (int64_t)p);
        assert_true(sc[p].seats_a == ps.seats_a);
        assert_true(tu_near(sc[p].efficiency_gap, ps.efficiency_gap, 1e-12));
        /* the same partisan kernel: bit for bit */
        assert_true(sc[p].efficiency_gap == ps.efficiency_gap && sc[p].mean_median == ps.mean_median &&
                    sc[p].partisan_bias == ps.partisan_bias);
        assert_true(sc[p].declination == ps.declination ||
                    (isnan(sc[p].declination) && isnan(ps.declination)));
        assert_int_equal((size_t)sc[p].cut_edges, gm_graph_cut_edges(g, A + p * n));
        gm_popdev pd;
        gm_popdev_compute(t->pop, k, &pd);
        assert_true(sc[p].pop_dev == pd.max_abs_pct);
        max_pop_dev = fmax(max_pop_dev, sc[p].pop_dev);
        gm_plan_scores one;
        assert_int_equal(gm_score_one(&bs, A + p * n, smp[p], &one, NULL, &e), GM_OK);
        assert_memory_equal(&one, &sc[p], sizeof one);
        assert_true(sc[p].pp_min > 0 && sc[p].pp_min <= sc[p].pp_mean && sc[p].pp_mean < 1);
        gm_tally_destroy(t);
        gm_plan_destroy(pl);
    }
    /* Sample 0 is the enacted plan: max deviation 0.0031462996304565125 (meta.json). */
    assert_true(tu_near(sc[0].pop_dev, 0.0031462996304565125, 1e-12));
    /* every sample of this chain is within the 2 % bound */
    assert_true(max_pop_dev <= 0.02);
    print_message("plan 0: seats_a %g EG %.6f MM %.6f PB %.4f decl %.6f cut %g PP mean %.4f min %.4f\n",
                  sc[0].seats_a, sc[0].efficiency_gap, sc[0].mean_median, sc[0].partisan_bias,
                  sc[0].declination, sc[0].cut_edges, sc[0].pp_mean, sc[0].pp_min);
    gm_batch_destroy(b);
    free(sc);
    free(sh);
    free(A);
    free(smp);
    gm_graph_destroy(g);
    gm_units_destroy(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_by_hand),
        cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test(test_roundtrip_formats),
        cmocka_unit_test(test_ben_spec_example),
        cmocka_unit_test(test_ben_roundtrip),
        cmocka_unit_test(test_jsonl_errors),
        cmocka_unit_test(test_mn_batch_equals_one_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
