/* partisan_bench.c: ensemble scoring throughput of the partisan kernel.
 *
 * Scores N plans (default 1,000,000) of k districts (8 and 134) from district vote
 * totals laid out plans x districts, computing seats, efficiency gap, mean-median and
 * partisan bias, three ways in the same run:
 *   plain   - one plan at a time, written the obvious way (branches per district,
 *             qsort for the median), single thread;
 *   kernel  - gm_partisan_batch_score, one thread;
 *   kernelT - gm_partisan_batch_score split over all cores (one batch per thread).
 * Prints plans/s and the ratio kernel/plain, and checks that all three agree.
 *
 * Usage: partisan_bench [N] [threads]. Build: bench/partisan.sh. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gerrymeter/gm_partisan.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Deterministic plans: each district has 100k-300k votes and a share drawn around a
 * state-level lean, so plans look like real ensembles (some close districts). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static double unit(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (double)(rng_state >> 11) * (1.0 / 9007199254740992.0);
}

static void make_plans(double *a, double *b, size_t n, size_t k)
{
    for (size_t p = 0; p < n; p++) {
        double lean = 0.42 + 0.16 * unit();
        for (size_t d = 0; d < k; d++) {
            double t = 100000.0 + 200000.0 * unit();
            double v = lean + 0.3 * (unit() - 0.5);
            a[p * k + d] = round(v * t);
            b[p * k + d] = round((1 - v) * t);
        }
    }
}

static int cmpd(const void *x, const void *y)
{
    double u = *(const double *)x, w = *(const double *)y;
    return (u > w) - (u < w);
}

/* The plain reference: the same four metrics, one plan at a time. */
static void plain_score(const double *a, const double *b, size_t n, size_t k, double *seats,
                        double *eg, double *mm, double *pb)
{
    double *v = malloc(k * sizeof *v);
    for (size_t p = 0; p < n; p++) {
        const double *x = a + p * k, *y = b + p * k;
        double sa = 0, st = 0, wa = 0, wb = 0, s = 0, sv = 0;
        size_t m = 0;
        for (size_t d = 0; d < k; d++) {
            double t = x[d] + y[d];
            sa += x[d];
            st += t;
            if (x[d] > y[d]) {
                wa += x[d] - t / 2;
                wb += y[d];
                s += 1;
            } else if (y[d] > x[d]) {
                wa += x[d];
                wb += y[d] - t / 2;
            } else {
                wa += x[d] / 2;
                wb += y[d] / 2;
                if (t > 0) s += 0.5;
            }
            if (t > 0) {
                v[m] = x[d] / t;
                sv += v[m++];
            }
        }
        double V = sa / st, up = 0;
        for (size_t i = 0; i < m; i++) up += v[i] > V ? 1.0 : (v[i] == V ? 0.5 : 0.0);
        qsort(v, m, sizeof *v, cmpd);
        seats[p] = s;
        eg[p] = (wa - wb) / st;
        mm[p] = sv / (double)m - 0.5 * (v[(m - 1) / 2] + v[m / 2]);
        pb[p] = 0.5 - up / (double)m;
    }
    free(v);
}

typedef struct job {
    const double *a, *b;
    size_t k, p0, n;
    gm_partisan_batch_out out;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    gm_partisan_batch *bt;
    gm_error err;
    if (gm_partisan_batch_create(j->k, NULL, &bt, &err) != GM_OK) {
        fprintf(stderr, "partisan_bench: %s\n", err.msg);
        exit(1);
    }
    gm_partisan_batch_out o = j->out;
    o.seats_a += j->p0;
    o.efficiency_gap += j->p0;
    o.mean_median += j->p0;
    o.partisan_bias += j->p0;
    gm_partisan_batch_score(bt, j->a + j->p0 * j->k, j->b + j->p0 * j->k, j->n, &o);
    gm_partisan_batch_destroy(bt);
    return NULL;
}

static double kernel_run(const double *a, const double *b, size_t n, size_t k, int threads,
                         const gm_partisan_batch_out *out)
{
    pthread_t tid[256];
    job jobs[256];
    double t0 = now();
    for (int t = 0; t < threads; t++) {
        size_t p0 = n * (size_t)t / (size_t)threads, p1 = n * (size_t)(t + 1) / (size_t)threads;
        jobs[t] = (job){a, b, k, p0, p1 - p0, *out};
        pthread_create(&tid[t], NULL, run_job, &jobs[t]);
    }
    for (int t = 0; t < threads; t++) pthread_join(tid[t], NULL);
    return now() - t0;
}

static size_t mismatches(const double *x, const double *y, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        if (!(fabs(x[i] - y[i]) <= 1e-12) && !(isnan(x[i]) && isnan(y[i]))) bad++;
    return bad;
}

static int bench(size_t n, size_t k, int threads)
{
    double *a = malloc(n * k * sizeof *a), *b = malloc(n * k * sizeof *b);
    double *r = malloc(12 * n * sizeof *r);
    if (!a || !b || !r) {
        fprintf(stderr, "partisan_bench: out of memory for %zu x %zu\n", n, k);
        return 1;
    }
    make_plans(a, b, n, k);
    double *ps = r, *pe = r + n, *pm = r + 2 * n, *pp = r + 3 * n;
    gm_partisan_batch_out o1 = {r + 4 * n, NULL, r + 5 * n, NULL, r + 6 * n, r + 7 * n, NULL, NULL};
    gm_partisan_batch_out oT = {r + 8 * n, NULL, r + 9 * n, NULL, r + 10 * n, r + 11 * n, NULL, NULL};

    double t0 = now();
    plain_score(a, b, n, k, ps, pe, pm, pp);
    double t_plain = now() - t0;
    double t_one = kernel_run(a, b, n, k, 1, &o1);
    double t_all = kernel_run(a, b, n, k, threads, &oT);

    size_t bad = mismatches(ps, o1.seats_a, n) + mismatches(pe, o1.efficiency_gap, n) +
                 mismatches(pm, o1.mean_median, n) + mismatches(pp, o1.partisan_bias, n) +
                 mismatches(o1.efficiency_gap, oT.efficiency_gap, n) +
                 mismatches(o1.mean_median, oT.mean_median, n);
    double N = (double)n;
    printf("k=%-4zu plans=%zu  plain %8.0f plans/s | kernel 1 thread %9.0f plans/s (%.1fx plain) | "
           "kernel %d threads %9.0f plans/s (%.1fx plain) | mismatches %zu\n",
           k, n, N / t_plain, N / t_one, t_plain / t_one, threads, N / t_all, t_plain / t_all, bad);
    free(a);
    free(b);
    free(r);
    return bad != 0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = argc > 2 ? atoi(argv[2]) : (int)(nc > 0 ? nc : 1);
    if (threads < 1 || threads > 256) threads = 1;
    int rc = bench(n, 8, threads);
    rc |= bench(n, 134, threads);
    return rc;
}
