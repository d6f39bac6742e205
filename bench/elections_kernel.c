/* elections_kernel.c: plans/s of the batch kernel with 1 to 4 elections (ensemble score
 * --election) beside the kernel with one election (--votes), on the same plans in the
 * same run.
 *
 * Loads the Minnesota precincts with four elections (USH16, PRES16, SEN12, GOV14: eight
 * vote columns), reads up to N plans of an ensemble into memory (parsing is not timed),
 * then scores them repeatedly with gm_batch_score on one thread: the plain kernel
 * (population + the first election's partisan metrics), then with n_elections = 1..4
 * (each election's metrics and the composite's, the elections' rows registered for the
 * case). The cases alternate, three rounds, best of each. Plans per CPU-second is
 * plans/s per core.
 * Usage: elections_kernel UNITS.zip PLANS K [N_PLANS] [SECONDS_PER_CASE] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gerrymeter/gerrymeter.h"

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile double sink;

static void die(const gm_error *e)
{
    fprintf(stderr, "%s\n", e->msg);
    exit(1);
}

static const char *names[] = {"USH16", "PRES16", "SEN12", "GOV14"};
static const char *parties[] = {"D", "R", "D", "R", "D", "R", "D", "R"};

/* Plans per CPU second with m elections (0: --votes), repeating passes for secs. */
static double run(gm_batch *b, size_t m, const int32_t *A, const int64_t *smp, size_t np,
                  gm_plan_scores *sc, double secs)
{
    gm_error e;
    gm_metric_unregister_all();
    if (m && gm_elections_register(m, names, parties, &e) != GM_OK) die(&e);
    size_t done = 0;
    double c0 = cpu_s(), t;
    do {
        if (gm_batch_score(b, A, smp, np, sc, NULL, &e) != GM_OK) die(&e);
        done += np;
        sink += sc[np - 1].pop_dev + sc[np - 1].extra[0];
        t = cpu_s();
    } while (t - c0 < secs);
    return (double)done / (t - c0);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s UNITS PLANS K [N_PLANS] [SECONDS]\n", argv[0]);
        return 2;
    }
    size_t k = (size_t)atol(argv[3]);
    size_t want = argc > 4 ? (size_t)atol(argv[4]) : 10001;
    double secs = argc > 5 ? atof(argv[5]) : 3.0;
    gm_init();
    gm_units_spec s;
    memset(&s, 0, sizeof s);
    s.path = argv[1];
    s.pop_field = "TOTPOP";
    s.n_parties = 8;
    s.election_parties = 2;
    const char *fields[] = {"USH16D", "USH16R", "PRES16D", "PRES16R",
                            "SEN12D", "SEN12R", "GOV14D", "GOV14R"};
    for (size_t p = 0; p < 8; p++) {
        s.party[p] = parties[p];
        s.vote_field[p] = fields[p];
    }
    gm_error e;
    gm_units *u = NULL;
    if (gm_units_load(&s, &u, &e) != GM_OK) die(&e);
    size_t n = u->n;
    gm_ens_reader *rd = NULL;
    if (gm_ens_open(argv[2], GM_ENS_AUTO, n, &rd, &e) != GM_OK) die(&e);
    int32_t *A = malloc(want * n * sizeof *A);
    int64_t *smp = malloc(want * sizeof *smp);
    size_t np = 0;
    bool got = true;
    while (np < want && gm_ens_next(rd, A + np * n, &smp[np], &got, &e) == GM_OK && got) np++;
    gm_ens_close(rd, NULL);
    gm_plan_scores *sc = malloc(np * sizeof *sc);
    const double *col[8];
    for (size_t p = 0; p < 8; p++) col[p] = u->votes + p * n;
    gm_batch_spec spec = {.n_units = n, .k = k, .pop = u->pop, .votes_a = col[0], .votes_b = col[1],
                          .election = col};
    gm_batch *b[5];
    for (size_t m = 0; m <= 4; m++) {
        spec.n_elections = m;
        if (gm_batch_create(&spec, 1, &b[m], &e) != GM_OK) die(&e);
    }
    printf("units %zu, districts %zu, plans in memory %zu; one thread, plans per CPU-second\n", n,
           k, np);
    double r[5] = {0};
    for (int rep = 0; rep < 3; rep++)
        for (size_t m = 0; m <= 4; m++) {
            double x = run(b[m], m, A, smp, np, sc, secs / 3);
            r[m] = x > r[m] ? x : r[m];
        }
    printf("kernel, one election (--votes):     %10.0f plans/s per core\n", r[0]);
    for (size_t m = 1; m <= 4; m++)
        printf("kernel, %zu election%s + composite:   %10.0f plans/s per core (%.2fx the time of "
               "--votes; this election adds %.2fx)\n",
               m, m > 1 ? "s" : " ", r[m], r[0] / r[m], r[0] / r[m] - r[0] / r[m - 1]);
    for (size_t m = 0; m <= 4; m++) gm_batch_destroy(b[m]);
    free(A);
    free(smp);
    free(sc);
    gm_units_destroy(u);
    gm_shutdown();
    return (int)(sink * 0);
}
