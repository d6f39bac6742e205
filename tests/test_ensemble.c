/* test_ensemble.c: ensemble readers/writers and the batch scorer against the one-plan path. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/batch.h"
#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_driver.h"
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"
#include "gerrymeter/gm_report.h"

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
    gm_batch_spec bs = {.n_units = 4, .k = 2, .pop = pop, .votes_a = a, .votes_b = b};
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
    size_t i_eg, i_cut, i_decl;
    assert_non_null(gm_metric_find(GM_MF_PLAN, "efficiency_gap", &i_eg));
    assert_non_null(gm_metric_find(GM_MF_PLAN, "cut_edges", &i_cut));
    assert_non_null(gm_metric_find(GM_MF_PLAN, "declination", &i_decl));
    gm_ens_summary_metric(s, i_eg, &m);
    assert_int_equal(m.n, 11);
    assert_true(fabs(m.mean - 0.05) < 1e-15);
    assert_true(fabs(m.sd - sqrt(0.011 / 10)) < 1e-15);
    assert_true(m.q[3] == 0.05 && m.q[2] == 0.02 && m.q[4] == 0.07 && m.min == 0 && m.max == 0.1);
    assert_int_equal(m.below, 8);
    assert_int_equal(m.equal, 1);
    assert_int_equal(m.above, 2);
    assert_true(fabs(m.percentile - 100 * 8.5 / 11) < 1e-12);
    assert_int_equal(m.as_extreme, 3);
    gm_ens_summary_metric(s, i_cut, &m); /* cut edges 20..30: grows past the 11 initial bins */
    assert_true(m.q[3] == 25 && m.max == 30 && m.above == 11 && m.as_extreme == 0);
    gm_ens_summary_metric(s, i_decl, &m); /* declination: undefined everywhere */
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
    assert_int_equal(gm_ens_writer_open(f, fmt, 5, fmt == GM_ENS_GMEN ? 301 : 0, NULL, NULL, &w, &e), GM_OK);
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
            assert_int_equal(gm_ens_writer_open(g, GM_ENS_BEN, 8, 4, NULL, NULL, &w, &e), GM_OK);
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
    assert_int_equal(gm_ens_writer_open(f, GM_ENS_BEN, n, 0, NULL, NULL, &w, &e), GM_OK);
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
    tu_mn mn;
    tu_mn_load(&mn, N_PLANS, TU_MN_VOTES | TU_MN_GEOMETRY);
    const gm_units *u = mn.u;
    gm_error e;
    gm_graph *g = NULL;
    if (gm_graph_build(u, NULL, &g, &e) != GM_OK) fail_msg("%s", e.msg);
    size_t n = mn.n, k = mn.k, np = mn.np;
    const int32_t *A = mn.plan;
    const int64_t *smp = mn.sample;
    gm_batch_spec bs = {.n_units = n, .k = k, .pop = u->pop, .votes_a = u->votes,
                        .votes_b = u->votes + n, .graph = g};
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
        assert_true(sc[p].noncontiguous == 0); /* ReCom keeps every district contiguous */
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
    gm_graph_destroy(g);
    tu_mn_free(&mn);
}


/* ---- The ensemble driver (gm_driver.h), driven directly -------------------------------- */

#define N_DRV 1500 /* two blocks of GM_ENS_BLOCK: the second is read while the first is scored */
#define K_DRV 6

/* What a run hands its row callback, caught. */
typedef struct caught {
    size_t k, n, begins, blocks;
    int64_t plan[N_DRV + 1];
    gm_plan_scores sc[N_DRV + 1];
    double sh[(N_DRV + 1) * K_DRV];
    FILE *out;       /* the rows are also written here as CSV, or NULL */
    gm_rows_info ri; /* their head */
    char part[64];   /* their "shard" or "range" metadata line ("key=value"), or "" */
    size_t stop_at;  /* the row callback stops the run at this row (0: never) */
} caught;

static int c_begin(void *ctx, size_t k)
{
    caught *c = ctx;
    c->k = k;
    c->begins++;
    if (!c->out) return 0;
    assert_int_equal(gm_rows_info_init(&c->ri, GM_ROWS_CSV, k, "D", "R", NULL), GM_OK);
    assert_int_equal(gm_rows_info_add(&c->ri, NULL, "votes", "G16D,G16R"), GM_OK);
    char *eq = strchr(c->part, '=');
    if (eq) {
        *eq = '\0';
        assert_int_equal(gm_rows_info_add(&c->ri, NULL, c->part, "%s", eq + 1), GM_OK);
        *eq = '=';
    }
    assert_int_equal(gm_ens_rows_header(c->out, &c->ri, NULL), GM_OK);
    return 0;
}

static int c_row(void *ctx, int64_t plan, const gm_plan_scores *s, const double *sh, size_t k)
{
    caught *c = ctx;
    assert_true(c->n <= N_DRV && k == K_DRV);
    if (c->stop_at && c->n == c->stop_at) return 1;
    c->plan[c->n] = plan;
    c->sc[c->n] = *s;
    memcpy(c->sh + c->n * k, sh, k * sizeof *sh);
    c->n++;
    if (c->out) assert_int_equal(gm_ens_row_write(c->out, &c->ri, plan, s, sh, NULL), GM_OK);
    return 0;
}

static int c_block(void *ctx, uint64_t scored)
{
    caught *c = ctx;
    (void)scored;
    c->blocks++;
    return 0;
}


/* The summary as its JSON (what two summaries are compared by). */
static char *summary_json(const gm_ens_summary *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(gm_ens_summary_write_json(f, s, "D", "R", NULL, NULL), GM_OK);
    fclose(f);
    return buf;
}

typedef struct drv_fixture {
    gm_units *u;
    gm_plan *ref;
    gm_graph *g;
    int32_t *plans;      /* [N_DRV * n] */
    char path[512];      /* the ensemble, JSONL */
} drv_fixture;

/* The sample state (324 precincts) with its enacted plan CD as the reference, its graph,
 * and N_DRV plans d[i] = (i * m + c) mod 6 (m = 1, 5, 7, 11, 13: every district has
 * units), written as JSONL with samples 100, 101, ... */
static void drv_setup(drv_fixture *x)
{
    gm_units_spec s;
    gm_error e;
    gm_init();
    memset(x, 0, sizeof *x);
    memset(&s, 0, sizeof s);
    s.path = tu_testdata("sample/precincts.gpkg");
    s.pop_field = "TOTPOP";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "G16D";
    s.vote_field[1] = "G16R";
    s.load_geometry = true;
    gm_plan_spec ps = {.source = "CD"};
    assert_int_equal(gm_plan_spec_prepare(&ps, &s, &e), GM_OK);
    if (gm_units_load(&s, &x->u, &e) != GM_OK) fail_msg("%s", e.msg);
    if (gm_plan_open(x->u, &ps, &x->ref, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(x->ref->k, K_DRV);
    if (gm_graph_build(x->u, NULL, &x->g, &e) != GM_OK) fail_msg("%s", e.msg);
    size_t n = x->u->n;
    x->plans = malloc(N_DRV * n * sizeof *x->plans);
    snprintf(x->path, sizeof x->path, "%s/drv.jsonl", tu_tmpdir());
    FILE *f = fopen(x->path, "wb");
    gm_ens_writer *w = NULL;
    assert_int_equal(gm_ens_writer_open(f, GM_ENS_JSONL, n, K_DRV, NULL, NULL, &w, &e), GM_OK);
    for (size_t p = 0; p < N_DRV; p++) {
        int32_t *d = x->plans + p * n;
        static const size_t m[5] = {1, 5, 7, 11, 13};
        for (size_t i = 0; i < n; i++) d[i] = (int32_t)((i * m[p % 5] + p / 5) % K_DRV);
        assert_int_equal(gm_ens_write(w, d, (int64_t)(100 + p), &e), GM_OK);
    }
    assert_int_equal(gm_ens_writer_close(w, &e), GM_OK);
    fclose(f);
}

static void drv_teardown(drv_fixture *x)
{
    free(x->plans);
    gm_graph_destroy(x->g);
    gm_plan_destroy(x->ref);
    gm_units_destroy(x->u);
}

static void drv_spec(const drv_fixture *x, gm_ens_run_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    gm_batch_spec_init(&spec->batch, x->u, x->g);
    spec->plans = x->path;
    spec->threads = 2;
    spec->reference = x->ref;
}

/* One run with the rows caught (and written to `rows`, when named). */
static gm_status drv_run(const gm_ens_run_spec *spec, caught *c, const char *rows,
                         gm_ens_summary **sum, gm_ens_run_stats *st, gm_error *e)
{
    c->out = rows ? fopen(rows, "wb") : NULL;
    gm_ens_run_cb cb = {c, c_begin, c_row, c_block, NULL};
    gm_ens_run_stats mine;
    if (!st) st = &mine;
    gm_status rc = gm_ens_run(spec, &cb, sum, st, e);
    if (c->out && rc == GM_OK) assert_int_equal(gm_ens_rows_end(c->out, &c->ri, st->next_plan, st->scored, NULL), GM_OK);
    if (c->out) fclose(c->out);
    c->out = NULL;
    gm_rows_info_free(&c->ri);
    return rc;
}

/* gm_ens_run with a row callback: the reference row first, then every plan in plan order,
 * each row what gm_score_one gives for the plan (bit for bit); two blocks; the summary
 * holds every plan. */
static void test_driver_rows(void **state)
{
    (void)state;
    drv_fixture x;
    drv_setup(&x);
    gm_ens_run_spec spec;
    drv_spec(&x, &spec);
    caught *c = calloc(1, sizeof *c);
    gm_ens_summary *sum = NULL;
    gm_ens_run_stats st;
    gm_error e;
    if (drv_run(&spec, c, NULL, &sum, &st, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(st.k, K_DRV);
    assert_int_equal(st.scored, N_DRV);
    assert_int_equal(c->begins, 1);
    assert_int_equal(c->blocks, 2);
    assert_int_equal(c->n, N_DRV + 1);
    gm_batch_spec bs = spec.batch;
    bs.k = K_DRV;
    gm_plan_scores one;
    double sh[K_DRV];
    assert_int_equal(c->plan[0], -1);
    assert_int_equal(gm_score_one(&bs, x.ref->district, -1, &one, sh, &e), GM_OK);
    assert_memory_equal(&one, &c->sc[0], sizeof one);
    assert_memory_equal(sh, c->sh, sizeof sh);
    size_t n = x.u->n;
    for (size_t p = 0; p < N_DRV; p++) {
        assert_int_equal(c->plan[p + 1], (int64_t)p);
        assert_int_equal(gm_score_one(&bs, x.plans + p * n, (int64_t)(100 + p), &one, sh, &e), GM_OK);
        assert_memory_equal(&one, &c->sc[p + 1], sizeof one);
        assert_memory_equal(sh, c->sh + (p + 1) * K_DRV, sizeof sh);
    }
    assert_int_equal(gm_ens_summary_count(sum), N_DRV);
    assert_true(gm_ens_summary_has_reference(sum));
    gm_ens_summary_destroy(sum);

    /* Without a reference k comes from the first plans; a k too small for the plans is
     * refused; a callback that stops the run stops it. */
    spec.reference = NULL;
    memset(c, 0, sizeof *c);
    sum = NULL;
    assert_int_equal(drv_run(&spec, c, NULL, &sum, &st, &e), GM_OK);
    assert_int_equal(st.k, K_DRV);
    assert_int_equal(c->n, N_DRV);
    gm_ens_summary_destroy(sum);
    spec.batch.k = 3;
    memset(c, 0, sizeof *c);
    sum = NULL;
    assert_int_equal(drv_run(&spec, c, NULL, &sum, &st, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, x.path));
    assert_non_null(strstr(e.msg, "plan 0 (sample 100): unit 3 has district 3, outside 0..2"));
    gm_ens_summary_destroy(sum);
    /* A k larger than the plans' leaves district 6 empty in every plan: refused, naming
     * the plan and the district (it used to be scored with an empty district). */
    spec.batch.k = 7;
    memset(c, 0, sizeof *c);
    sum = NULL;
    assert_int_equal(drv_run(&spec, c, NULL, &sum, &st, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "plan 0 (sample 100): district 6 of 0..6 has no unit"));
    assert_int_equal(e.hint, GM_HINT_DISTRICTS);
    gm_ens_summary_destroy(sum);
    /* The reference plan (6 districts) with plans of 7 (ids 0..6): refused, naming both
     * counts, whether k is inferred (it used to be the reference's, the plans' ids 6
     * then refused) or given. */
    char p7[600];
    snprintf(p7, sizeof p7, "%s/k7.jsonl", tu_tmpdir());
    FILE *f7 = fopen(p7, "wb");
    gm_ens_writer *w7 = NULL;
    assert_int_equal(gm_ens_writer_open(f7, GM_ENS_JSONL, n, 7, NULL, NULL, &w7, &e), GM_OK);
    int32_t *d7 = malloc(n * sizeof *d7);
    for (size_t i = 0; i < n; i++) d7[i] = (int32_t)(i % 7);
    for (int p = 0; p < 3; p++) assert_int_equal(gm_ens_write(w7, d7, p, &e), GM_OK);
    assert_int_equal(gm_ens_writer_close(w7, &e), GM_OK);
    fclose(f7);
    free(d7);
    gm_ens_run_spec s7 = spec;
    s7.plans = p7;
    s7.reference = x.ref;
    for (size_t kk = 0; kk <= 7; kk += 7) {
        s7.batch.k = kk;
        memset(c, 0, sizeof *c);
        sum = NULL;
        assert_int_equal(drv_run(&s7, c, NULL, &sum, &st, &e), GM_E_DATA);
        assert_non_null(strstr(e.msg, "has 6 districts but the plans of"));
        assert_non_null(strstr(e.msg, "have 7"));
        assert_int_equal(c->n, 0); /* no row */
        gm_ens_summary_destroy(sum);
    }
    spec.batch.k = 0;
    memset(c, 0, sizeof *c);
    c->stop_at = 10;
    sum = NULL;
    assert_int_equal(drv_run(&spec, c, NULL, &sum, &st, &e), GM_E_INTERRUPTED);
    assert_int_equal(c->n, 10);
    gm_ens_summary_destroy(sum);
    free(c);
    drv_teardown(&x);
}

/* Two shards merged equal the unsharded run exactly (rows byte for byte, summary);
 * a merge with a shard left out, or one shard given twice, is refused; a run that starts
 * after plan 999 over a summary holding plans 0..999 (as --resume does) ends with the
 * same summary. */
static void test_driver_shards_merge(void **state)
{
    (void)state;
    drv_fixture x;
    drv_setup(&x);
    gm_ens_run_spec spec;
    drv_spec(&x, &spec);
    caught *c = calloc(1, sizeof *c);
    gm_ens_summary *full = NULL, *merged = NULL, *resumed = NULL;
    gm_error e;
    char p_all[600], p_s1[600], p_s2[600];
    snprintf(p_all, sizeof p_all, "%s/all.csv", tu_tmpdir());
    snprintf(p_s1, sizeof p_s1, "%s/s1.csv", tu_tmpdir());
    snprintf(p_s2, sizeof p_s2, "%s/s2.csv", tu_tmpdir());
    if (drv_run(&spec, c, p_all, &full, NULL, &e) != GM_OK) fail_msg("%s", e.msg);
    caught *all = c;
    c = calloc(1, sizeof *c);
    spec.shard_n = 2;
    for (uint64_t s = 1; s <= 2; s++) {
        gm_ens_summary *part = NULL;
        spec.shard_k = s;
        memset(c, 0, sizeof *c);
        snprintf(c->part, sizeof c->part, "shard=%llu/2", (unsigned long long)s);
        if (drv_run(&spec, c, s == 1 ? p_s1 : p_s2, &part, NULL, &e) != GM_OK) fail_msg("%s", e.msg);
        assert_int_equal(c->n, N_DRV / 2 + 1);
        assert_int_equal(c->plan[1], (int64_t)s - 1);
        gm_ens_summary_destroy(part);
    }
    char *mbuf = NULL;
    size_t mlen = 0;
    FILE *m = open_memstream(&mbuf, &mlen);
    const char *both[] = {p_s2, p_s1};
    if (gm_ens_merge(both, 2, m, &merged, NULL, &e) != GM_OK) fail_msg("%s", e.msg);
    fclose(m);
    char *rows_all = tu_read_file(p_all);
    assert_string_equal(mbuf, rows_all);
    char *j_full = summary_json(full), *j_merged = summary_json(merged);
    assert_string_equal(j_full, j_merged);

    /* A shard left out, one shard twice, a whole run with a shard: refused, naming them. */
    gm_ens_summary *bad = NULL;
    const char *one[] = {p_s1};
    assert_int_equal(gm_ens_merge(one, 1, NULL, &bad, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "1 of the 2 shards are given: shard 2/2 is missing"));
    gm_ens_summary_destroy(bad);
    bad = NULL;
    const char *twice[] = {p_s1, p_s1};
    assert_int_equal(gm_ens_merge(twice, 2, NULL, &bad, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "are both shard 1/2"));
    gm_ens_summary_destroy(bad);
    bad = NULL;
    const char *mixed[] = {p_all, p_s1};
    assert_int_equal(gm_ens_merge(mixed, 2, NULL, &bad, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "parts of different splits"));
    gm_ens_summary_destroy(bad);

    /* Plan ranges (what an MPI run splits a GMEN file into): [0, 700) and [700, 1500)
     * merge into the whole run; the first alone, which the plan numbers alone cannot
     * tell from a whole run of 700 plans, is refused. */
    char p_r1[600], p_r2[600];
    snprintf(p_r1, sizeof p_r1, "%s/r1.csv", tu_tmpdir());
    snprintf(p_r2, sizeof p_r2, "%s/r2.csv", tu_tmpdir());
    char p_gmen[600];
    snprintf(p_gmen, sizeof p_gmen, "%s/drv.gmen", tu_tmpdir());
    FILE *fg = fopen(p_gmen, "wb");
    gm_ens_writer *wg = NULL;
    assert_int_equal(gm_ens_writer_open(fg, GM_ENS_GMEN, x.u->n, K_DRV, NULL, NULL, &wg, &e), GM_OK);
    for (size_t p = 0; p < N_DRV; p++)
        assert_int_equal(gm_ens_write(wg, x.plans + p * x.u->n, (int64_t)(100 + p), &e), GM_OK);
    assert_int_equal(gm_ens_writer_close(wg, &e), GM_OK);
    fclose(fg);
    const char *jsonl = spec.plans;
    spec.plans = p_gmen;
    spec.shard_k = spec.shard_n = 0;
    spec.use_range = true;
    for (int r = 0; r < 2; r++) {
        gm_ens_summary *part = NULL;
        spec.range_lo = r ? 700 : 0;
        spec.range_hi = r ? N_DRV : 700;
        memset(c, 0, sizeof *c);
        snprintf(c->part, sizeof c->part, "range=[%llu, %llu) of %d", (unsigned long long)spec.range_lo,
                 (unsigned long long)spec.range_hi, N_DRV);
        if (drv_run(&spec, c, r ? p_r2 : p_r1, &part, NULL, &e) != GM_OK) fail_msg("%s", e.msg);
        gm_ens_summary_destroy(part);
    }
    spec.use_range = false;
    spec.plans = jsonl;
    free(mbuf);
    mbuf = NULL;
    m = open_memstream(&mbuf, &mlen);
    const char *ranges[] = {p_r2, p_r1};
    gm_ens_summary *rm = NULL;
    if (gm_ens_merge(ranges, 2, m, &rm, NULL, &e) != GM_OK) fail_msg("%s", e.msg);
    fclose(m);
    assert_string_equal(mbuf, rows_all);
    gm_ens_summary_destroy(rm);
    bad = NULL;
    const char *first[] = {p_r1};
    assert_int_equal(gm_ens_merge(first, 1, NULL, &bad, NULL, &e), GM_E_DATA);
    assert_non_null(strstr(e.msg, "plans 700 to 1499 of 1500 are in no file"));
    gm_ens_summary_destroy(bad);

    /* Resuming: rows 0..999 already in the summary (reference first), the run scores the
     * rest. */
    assert_int_equal(gm_ens_summary_create(K_DRV, x.g->n_edges, &resumed, &e), GM_OK);
    gm_ens_summary_set_reference(resumed, &all->sc[0], all->sh);
    for (size_t r = 1; r <= 1000; r++) gm_ens_summary_add(resumed, &all->sc[r], all->sh + r * K_DRV);
    spec.shard_k = spec.shard_n = 0;
    spec.start = 1000;
    memset(c, 0, sizeof *c);
    if (drv_run(&spec, c, NULL, &resumed, NULL, &e) != GM_OK) fail_msg("%s", e.msg);
    assert_int_equal(c->n, N_DRV - 1000 + 1);
    assert_int_equal(c->plan[1], 1000);
    char *j_resumed = summary_json(resumed);
    assert_string_equal(j_full, j_resumed);

    free(j_resumed);
    free(j_full);
    free(j_merged);
    free(rows_all);
    free(mbuf);
    gm_ens_summary_destroy(resumed);
    gm_ens_summary_destroy(merged);
    gm_ens_summary_destroy(full);
    free(all);
    free(c);
    drv_teardown(&x);
}

/* The rows codec: a head and rows read back in both formats, the per-party columns
 * named after the parties; a version-1 file (seats_a, no metadata, no vote shares) is
 * still read. */
static void test_rows_codec(void **state)
{
    (void)state;
    gm_plan_scores s = {.sample = 7, .seats_a = 2, .vote_share_a = 0.4, .vote_share_b = 0.6,
                        .efficiency_gap = 0.1, .mean_median = -1.5e-17,
                        .partisan_bias = 0.25, .declination = NAN, .pop_dev = 0.003,
                        .cut_edges = 41, .pp_mean = 0.3, .pp_min = 0.2};
    double sh[3] = {0.25, NAN, 0.75};
    for (int f = 0; f < 2; f++) {
        gm_rows_format fmt = f ? GM_ROWS_JSONL : GM_ROWS_CSV;
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        gm_rows_info ri;
        assert_int_equal(gm_rows_info_init(&ri, fmt, 3, "DEM", "REP", NULL), GM_OK);
        assert_int_equal(gm_rows_info_add(&ri, NULL, "votes", "%s", "G16D,G16R"), GM_OK);
        assert_int_equal(gm_rows_info_add(&ri, NULL, "Bad Key", "x"), GM_E_ARG);
        gm_warnings w = {0};
        gm_warn(&w, "no_population", "no population \"field\"\nat all");
        assert_int_equal(gm_rows_info_add_warnings(&ri, &w, NULL), GM_OK);
        gm_warnings_free(&w);
        assert_int_equal(gm_ens_rows_header(m, &ri, NULL), GM_OK);
        assert_int_equal(gm_ens_row_write(m, &ri, -1, &s, sh, NULL), GM_OK);
        assert_int_equal(gm_ens_row_write(m, &ri, 12, &s, sh, NULL), GM_OK);
        assert_int_equal(gm_ens_rows_end(m, &ri, 13, 1, NULL), GM_OK);
        fclose(m);
        gm_rows_info_free(&ri);
        if (fmt == GM_ROWS_CSV) {
            assert_non_null(strstr(buf, "# gerrymeter ensemble rows 2\n# districts: 3\n# parties: DEM,REP\n"));
            assert_non_null(strstr(buf, "\nplan,sample,seats_DEM,vote_share_DEM,vote_share_REP,efficiency_gap,"));
            assert_non_null(strstr(buf, "# warning no_population: no population \"field\" at all\n"));
            assert_non_null(strstr(buf, "\n# end: 13 plans read, 1 scored\n"));
        } else {
            assert_non_null(strstr(buf, "\"seats_DEM\": 2, \"vote_share_DEM\": 0.40000000000000002"));
        }
        /* read back: the head, the rows, the end line */
        FILE *in = fmemopen(buf, len, "rb");
        char *line = NULL;
        size_t cap = 0;
        unsigned long long lineno = 0;
        gm_error e;
        if (gm_ens_rows_read_head(in, "mem", &ri, &line, &cap, &lineno, &e) != GM_OK) fail_msg("%s", e.msg);
        assert_int_equal(ri.version, 2);
        assert_int_equal(ri.fmt, fmt);
        assert_int_equal(ri.k, 3);
        assert_string_equal(ri.party[0], "DEM");
        assert_string_equal(ri.party[1], "REP");
        assert_string_equal(gm_rows_info_get(&ri, "votes"), "G16D,G16R");
        gm_warnings back = {0};
        assert_int_equal(gm_rows_info_warnings(&ri, &back), GM_OK);
        assert_int_equal(gm_warnings_count(&back, "no_population"), 1);
        assert_string_equal(back.msg[0], "no population \"field\" at all");
        gm_warnings_free(&back);
        for (int r = 0; r < 2; r++) {
            int64_t plan;
            gm_plan_scores t;
            double th[3];
            assert_int_equal(gm_ens_row_parse(line, &ri, &plan, &t, th), GM_OK);
            assert_int_equal(plan, r ? 12 : -1);
            assert_int_equal(t.sample, r ? 7 : 0);
            for (size_t k = 0; k < gm_metric_count(GM_MF_PLAN); k++) {
                double a = gm_plan_scores_get(&s, k), b = gm_plan_scores_get(&t, k);
                assert_true(a == b || (isnan(a) && isnan(b)));
            }
            assert_true(th[0] == 0.25 && isnan(th[1]) && th[2] == 0.75);
            gm_rows_info r4 = ri;
            r4.k = 4;
            assert_int_equal(gm_ens_row_parse(line, &r4, &plan, &t, th), GM_E_FORMAT);
            assert_true(getline(&line, &cap, in) > 0);
        }
        assert_false(ri.ended);
        assert_true(gm_ens_rows_end_parse(line, &ri));
        assert_true(ri.ended && ri.end_read == 13 && ri.end_scored == 1);
        gm_rows_info_free(&ri);
        fclose(in);
        free(line);
        free(buf);
    }
    /* version 1, CSV and JSONL: what gerrymeter wrote before the rows named the parties */
    const char *v1[2] = {
        "plan,sample,seats_a,efficiency_gap,mean_median,partisan_bias,declination,pop_dev,cut_edges,"
        "pp_mean,pp_min,share_1,share_2\n0,5,1,0.125,0,0,,0.5,,,,0.25,0.75\n",
        "{\"plan\": 0, \"sample\": 5, \"seats_a\": 1, \"efficiency_gap\": 0.125, \"mean_median\": 0, "
        "\"partisan_bias\": 0, \"declination\": null, \"pop_dev\": 0.5, \"cut_edges\": null, "
        "\"pp_mean\": null, \"pp_min\": null, \"shares\": [0.25, 0.75]}\n"};
    for (int f = 0; f < 2; f++) {
        FILE *in = fmemopen((void *)v1[f], strlen(v1[f]), "rb");
        char *line = NULL;
        size_t cap = 0;
        unsigned long long lineno = 0;
        gm_rows_info ri;
        gm_error e;
        if (gm_ens_rows_read_head(in, "old", &ri, &line, &cap, &lineno, &e) != GM_OK) fail_msg("%s", e.msg);
        assert_int_equal(ri.version, 1);
        assert_int_equal(ri.fmt, f ? GM_ROWS_JSONL : GM_ROWS_CSV);
        assert_int_equal(ri.k, 2);
        int64_t plan;
        gm_plan_scores t;
        double th[2];
        assert_int_equal(gm_ens_row_parse(line, &ri, &plan, &t, th), GM_OK);
        assert_true(plan == 0 && t.sample == 5 && t.seats_a == 1 && t.efficiency_gap == 0.125);
        assert_true(isnan(t.vote_share_a) && isnan(t.declination) && t.pop_dev == 0.5);
        assert_true(th[0] == 0.25 && th[1] == 0.75);
        gm_rows_info_free(&ri);
        free(line);
        fclose(in);
    }
}

/* A per-party column is named after its party (only the characters a CSV header and a
 * JSON key keep); other columns keep their key. */
static void test_metric_columns(void **state)
{
    (void)state;
    char b[64];
    size_t i;
    const gm_metric_def *seats = gm_metric_find(GM_MF_PLAN, "seats_a", &i);
    assert_non_null(seats);
    assert_string_equal(gm_metric_column(seats, "D", "R", b, sizeof b), "seats_D");
    assert_string_equal(gm_metric_column(seats, "Dem, \"x\"", "R", b, sizeof b), "seats_Dem___x_");
    assert_string_equal(gm_metric_column(seats, NULL, NULL, b, sizeof b), "seats_a");
    assert_string_equal(gm_metric_column(gm_metric_find(GM_MF_PLAN, "vote_share_b", NULL), "D", "GOP", b,
                                         sizeof b),
                        "vote_share_GOP");
    assert_string_equal(gm_metric_column(gm_metric_find(GM_MF_PLAN, "efficiency_gap", NULL), "D", "R", b,
                                         sizeof b),
                        "efficiency_gap");
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
        cmocka_unit_test(test_rows_codec),
        cmocka_unit_test(test_metric_columns),
        cmocka_unit_test(test_driver_rows),
        cmocka_unit_test(test_driver_shards_merge),
        cmocka_unit_test(test_mn_batch_equals_one_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
