/* ensemble_kernel.c: plans/s of the batch kernel beside a plain one-plan-at-a-time loop.
 *
 * Loads the Minnesota precincts, builds the graph, reads up to N plans of an ensemble
 * into memory (so file parsing is not timed), then scores them repeatedly:
 *   plain   gm_score_one() per plan: one plan at a time, no blocking, no threads
 *   batch   gm_batch_score() with 1 thread, then with T threads
 * each without the graph (population + votes -> seats, EG, mean-median, bias,
 * declination, population deviation), with it (+ cut edges, Polsby-Popper) and with it
 * and the contiguity count (+ noncontiguous_districts, the default with a graph).
 * Usage: ensemble_kernel UNITS.zip PLANS [N_PLANS] [THREADS] [SECONDS_PER_CASE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gerrymeter/gerrymeter.h"
#include "gerrymeter/gm_ensemble.h"
#include "gerrymeter/gm_graph.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile double sink;

/* CPU seconds of the whole process (all threads): plans per CPU second is plans/s per
 * core, and is far less disturbed by other work on a shared machine than wall time. */
static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct rate {
    double wall;  /* plans per wall-clock second */
    double core;  /* plans per CPU second */
} rate;

/* Plans per second of one configuration, repeating passes for at least `secs`. */
static rate run(const gm_batch_spec *bs, gm_batch *b, const int32_t *A, const int64_t *smp,
                size_t np, gm_plan_scores *sc, double *sh, double secs)
{
    gm_error e;
    size_t done = 0;
    double t0 = now_s(), c0 = cpu_s(), t;
    do {
        if (b) {
            gm_batch_score(b, A, smp, np, sc, sh, &e);
        } else {
            for (size_t p = 0; p < np; p++) gm_score_one(bs, A + p * bs->n_units, smp[p], &sc[p], sh + p * bs->k, &e);
        }
        done += np;
        sink += sc[np - 1].efficiency_gap;
        t = now_s();
    } while (t - t0 < secs);
    rate r = {(double)done / (t - t0), (double)done / (cpu_s() - c0)};
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s UNITS PLANS [N_PLANS] [THREADS] [SECONDS]\n", argv[0]);
        return 2;
    }
    size_t want = argc > 3 ? (size_t)atol(argv[3]) : 10001;
    size_t T = argc > 4 ? (size_t)atol(argv[4]) : 0;
    double secs = argc > 5 ? atof(argv[5]) : 2.0;
    gm_init();
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = argv[1];
    s.pop_field = "TOTPOP";
    s.n_parties = 2;
    s.party[0] = "D";
    s.party[1] = "R";
    s.vote_field[0] = "USH16D";
    s.vote_field[1] = "USH16R";
    s.load_geometry = true;
    gm_error e;
    gm_units *u = NULL;
    gm_graph *g = NULL;
    if (gm_units_load(&s, &u, &e) != GM_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t0 = now_s();
    if (gm_graph_build(u, NULL, &g, &e) != GM_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    double t_graph = now_s() - t0;
    for (int r = 0; r < 4; r++) { /* best of 5 graph builds */
        gm_graph *g2 = NULL;
        t0 = now_s();
        gm_graph_build(u, NULL, &g2, &e);
        double t = now_s() - t0;
        if (t < t_graph) t_graph = t;
        gm_graph_destroy(g2);
    }
    size_t n = u->n, k = 8;
    gm_ens_reader *rd = NULL;
    if (gm_ens_open(argv[2], GM_ENS_AUTO, n, &rd, &e) != GM_OK) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    int32_t *A = malloc(want * n * sizeof *A);
    int64_t *smp = malloc(want * sizeof *smp);
    size_t np = 0;
    bool got = true;
    t0 = now_s();
    while (np < want && gm_ens_next(rd, A + np * n, &smp[np], &got, &e) == GM_OK && got) np++;
    double t_read = now_s() - t0;
    gm_ens_close(rd, NULL);
    gm_plan_scores *sc = malloc(np * sizeof *sc);
    double *sh = malloc(np * k * sizeof *sh);
    gm_batch_spec nog = {.n_units = n, .k = k, .pop = u->pop, .votes_a = u->votes,
                         .votes_b = u->votes + n};
    gm_batch_spec wg = nog, wc = nog;
    wg.graph = g;
    wg.no_contiguity = true;
    wc.graph = g;
    const gm_batch_spec *spec[3] = {&nog, &wg, &wc};
    gm_batch *b1[3] = {NULL, NULL, NULL}, *bT[3] = {NULL, NULL, NULL};
    for (int c = 0; c < 3; c++) {
        gm_batch_create(spec[c], 1, &b1[c], &e);
        gm_batch_create(spec[c], T, &bT[c], &e);
    }
    printf("units %zu, districts %zu, plans in memory %zu (read in %.3f s: %.0f plans/s)\n", n, k,
           np, t_read, (double)np / t_read);
    printf("graph build (best of 5): %.4f s, %zu edges\n", t_graph, g->n_edges);
    printf("plans per CPU-second (= per core) and per wall-second\n");
    static const char *const name[3] = {"population + partisan:", "+ cut edges, Polsby-Popper:",
                                        "+ contiguity:"};
    for (int cfg = 0; cfg < 3; cfg++) {
        rate a = run(spec[cfg], NULL, A, smp, np, sc, sh, secs);
        rate b = run(spec[cfg], b1[cfg], A, smp, np, sc, sh, secs);
        rate c = run(spec[cfg], bT[cfg], A, smp, np, sc, sh, secs);
        printf("%-28s plain %8.0f/core | batch 1 thread %8.0f/core (x%.2f) | batch %zu threads %8.0f/core %8.0f/s wall\n",
               name[cfg], a.core, b.core, b.core / a.core, T ? T : (size_t)0, c.core, c.wall);
    }
    for (int c = 0; c < 3; c++) {
        gm_batch_destroy(b1[c]);
        gm_batch_destroy(bT[c]);
    }
    free(A);
    free(smp);
    free(sc);
    free(sh);
    gm_graph_destroy(g);
    gm_units_destroy(u);
    gm_shutdown();
    return (int)(sink * 0);
}
