/* batch.c: score many plans per pass over the unit columns.
 *
 * Plans are taken PB at a time. For each unit the kernel loads the unit's population,
 * votes, area and exterior length once and adds them into the PB plans' district totals
 * (plans x units blocking): the column loads are shared by PB plans and the PB additions
 * are independent, so they overlap instead of waiting on one another when neighbouring
 * units fall in the same district. Each plan's totals are still summed in unit order, so
 * they are bit-identical to gm_tally_compute(). Then the graph's edges are walked once
 * for the PB plans (cut edges, cut boundary into district perimeters).
 *
 * Threads split a call's plans into contiguous chunks; every worker owns its scratch,
 * allocated once in gm_batch_create(): nothing is allocated per plan. */
#include "batch/batch.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Plans per block: 8 keeps 8 plans x 5 columns x k totals in L1 for k <= 64 and gives
 * the out-of-order core 8 independent additions per unit and column. */
#define PB 8

typedef struct worker {
    double *tot;      /* [PB][5][k]: pop, a, b, area, perimeter */
    double *shares;   /* [k] */
} worker;

struct gm_batch {
    gm_batch_spec s;
    size_t n_threads;
    worker *w;        /* [n_threads] */
    double *zero;     /* [n_units] zeros standing in for absent columns */
};

void gm_batch_destroy(gm_batch *b)
{
    if (!b) return;
    if (b->w)
        for (size_t t = 0; t < b->n_threads; t++) {
            free(b->w[t].tot);
            free(b->w[t].shares);
        }
    free(b->w);
    free(b->zero);
    free(b);
}

gm_status gm_batch_create(const gm_batch_spec *spec, size_t n_threads, gm_batch **out,
                          gm_error *err)
{
    *out = NULL;
    if (spec->k == 0 || spec->n_units == 0)
        return gm_fail(err, GM_E_ARG, "batch scoring needs units and at least one district");
    if (spec->graph && spec->graph->n != spec->n_units)
        return gm_fail(err, GM_E_ARG, "the graph has %zu nodes but there are %zu units",
                       spec->graph->n, spec->n_units);
    if (n_threads == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        n_threads = c > 0 ? (size_t)c : 1;
    }
    gm_batch *b = calloc(1, sizeof *b);
    if (!b) return gm_fail(err, GM_E_NOMEM, "out of memory");
    b->s = *spec;
    b->n_threads = n_threads;
    b->w = calloc(n_threads, sizeof *b->w);
    b->zero = calloc(spec->n_units, sizeof *b->zero);
    if (!b->w || !b->zero) goto nomem;
    for (size_t t = 0; t < n_threads; t++) {
        b->w[t].tot = malloc(PB * 5 * spec->k * sizeof(double));
        b->w[t].shares = malloc(spec->k * sizeof(double));
        if (!b->w[t].tot || !b->w[t].shares) goto nomem;
    }
    if (!b->s.votes_a || !b->s.votes_b) b->s.votes_a = b->s.votes_b = NULL;
    *out = b;
    return GM_OK;
nomem:
    gm_batch_destroy(b);
    return gm_fail(err, GM_E_NOMEM, "out of memory");
}

/* Score np <= PB plans (rows of A). */
static void score_block(const gm_batch *b, worker *w, const int32_t *A, const int64_t *samples,
                        size_t np, gm_plan_scores *out, double *shares)
{
    const gm_batch_spec *s = &b->s;
    size_t n = s->n_units, k = s->k;
    double *tot = w->tot;
    memset(tot, 0, PB * 5 * k * sizeof *tot);
    const double *pop = s->pop ? s->pop : b->zero;
    const double *va = s->votes_a ? s->votes_a : b->zero;
    const double *vb = s->votes_b ? s->votes_b : b->zero;
    const int32_t *row[PB];
    for (size_t p = 0; p < np; p++) row[p] = A + p * n;
    if (np == PB) {
        /* Full block: constant trip count so the compiler unrolls the plan loop. */
        for (size_t i = 0; i < n; i++) {
            double x = pop[i], ya = va[i], yb = vb[i];
            for (size_t p = 0; p < PB; p++) {
                double *t = tot + p * 5 * k + (size_t)row[p][i];
                t[0] += x;
                t[k] += ya;
                t[2 * k] += yb;
            }
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            double x = pop[i], ya = va[i], yb = vb[i];
            for (size_t p = 0; p < np; p++) {
                double *t = tot + p * 5 * k + (size_t)row[p][i];
                t[0] += x;
                t[k] += ya;
                t[2 * k] += yb;
            }
        }
    }
    double cut[PB] = {0};
    const gm_graph *g = s->graph;
    if (g) {
        for (size_t i = 0; i < n; i++) {
            double ar = g->area_m2[i], ex = g->ext_len_m[i];
            for (size_t p = 0; p < np; p++) {
                double *t = tot + p * 5 * k + 3 * k + (size_t)row[p][i];
                t[0] += ar;
                t[k] += ex;
            }
        }
        const uint32_t *eu = g->edge_u, *ev = g->edge_v;
        const double *el = g->edge_len_m;
        for (size_t e = 0; e < g->n_edges; e++) {
            uint32_t a = eu[e], c = ev[e];
            for (size_t p = 0; p < np; p++) {
                int32_t da = row[p][a], dc = row[p][c];
                if (da != dc) {
                    double *per = tot + p * 5 * k + 4 * k;
                    cut[p] += 1.0;
                    per[da] += el[e];
                    per[dc] += el[e];
                }
            }
        }
    }
    for (size_t p = 0; p < np; p++) {
        double *t = tot + p * 5 * k;
        double *sh = shares ? shares + p * k : w->shares;
        gmi_scores_from_tallies(s, t, t + k, t + 2 * k, t + 3 * k, t + 4 * k, cut[p], &out[p], sh);
        out[p].sample = samples ? samples[p] : 0;
    }
}

typedef struct job {
    const gm_batch *b;
    worker *w;
    const int32_t *A;
    const int64_t *samples;
    size_t n_plans;
    gm_plan_scores *out;
    double *shares;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    size_t n = j->b->s.n_units, k = j->b->s.k;
    for (size_t p = 0; p < j->n_plans; p += PB) {
        size_t np = j->n_plans - p < PB ? j->n_plans - p : PB;
        score_block(j->b, j->w, j->A + p * n, j->samples ? j->samples + p : NULL, np, j->out + p,
                    j->shares ? j->shares + p * k : NULL);
    }
    return NULL;
}

gm_status gm_batch_score(gm_batch *b, const int32_t *A, const int64_t *samples, size_t n_plans,
                         gm_plan_scores *out, double *shares, gm_error *err)
{
    size_t n = b->s.n_units;
    uint32_t k = (uint32_t)b->s.k;
    /* Validate first so the kernel can index without checks. */
    for (size_t p = 0; p < n_plans; p++) {
        const int32_t *r = A + p * n;
        uint32_t bad = 0;
        for (size_t i = 0; i < n; i++) bad |= (uint32_t)r[i] >= k;
        if (bad) {
            for (size_t i = 0; i < n; i++)
                if ((uint32_t)r[i] >= k)
                    return gm_fail(err, GM_E_DATA, "plan %lld: unit %zu has district %d; expected 0..%u",
                                   samples ? (long long)samples[p] : (long long)p, i, (int)r[i], k - 1);
        }
    }
    size_t T = b->n_threads;
    /* Below a few blocks per thread, threads cost more than they save. */
    if (T > 1 && n_plans < 4 * PB * T) T = n_plans / (4 * PB) > 1 ? n_plans / (4 * PB) : 1;
    if (T <= 1) {
        job j = {b, &b->w[0], A, samples, n_plans, out, shares};
        run_job(&j);
        return GM_OK;
    }
    job jobs[256];
    pthread_t tid[256];
    if (T > 256) T = 256;
    /* Chunks are whole blocks so every worker runs full blocks except the last. */
    size_t blocks = (n_plans + PB - 1) / PB, per = (blocks + T - 1) / T;
    size_t started = 0;
    for (size_t t = 0; t < T; t++) {
        size_t lo = t * per * PB, hi = (t + 1) * per * PB;
        if (lo >= n_plans) break;
        if (hi > n_plans) hi = n_plans;
        jobs[t] = (job){b, &b->w[t], A + lo * n, samples ? samples + lo : NULL, hi - lo, out + lo,
                        shares ? shares + lo * k : NULL};
        if (t == 0) continue; /* the caller's thread runs chunk 0 */
        if (pthread_create(&tid[t], NULL, run_job, &jobs[t]) != 0) {
            run_job(&jobs[t]); /* no thread: do it here */
            tid[t] = 0;
        }
        started = t + 1;
    }
    run_job(&jobs[0]);
    for (size_t t = 1; t < started; t++)
        if (tid[t]) pthread_join(tid[t], NULL);
    return GM_OK;
}

gm_status gm_score_one(const gm_batch_spec *s, const int32_t *A, int64_t sample,
                       gm_plan_scores *out, double *shares, gm_error *err)
{
    size_t n = s->n_units, k = s->k;
    double *t = calloc(5 * k + k, sizeof *t);
    if (!t) return gm_fail(err, GM_E_NOMEM, "out of memory");
    double *pop = t, *a = t + k, *b = t + 2 * k, *ar = t + 3 * k, *per = t + 4 * k;
    double *sh = shares ? shares : t + 5 * k;
    for (size_t i = 0; i < n; i++) {
        if (A[i] < 0 || (size_t)A[i] >= k) {
            free(t);
            return gm_fail(err, GM_E_DATA, "plan %lld: unit %zu has district %d; expected 0..%zu",
                           (long long)sample, i, (int)A[i], k - 1);
        }
        pop[A[i]] += s->pop ? s->pop[i] : 0;
    }
    if (s->votes_a && s->votes_b)
        for (size_t i = 0; i < n; i++) {
            a[A[i]] += s->votes_a[i];
            b[A[i]] += s->votes_b[i];
        }
    double cut = 0;
    if (s->graph) {
        const gm_graph *g = s->graph;
        for (size_t i = 0; i < n; i++) {
            ar[A[i]] += g->area_m2[i];
            per[A[i]] += g->ext_len_m[i];
        }
        for (size_t e = 0; e < g->n_edges; e++) {
            int32_t da = A[g->edge_u[e]], dc = A[g->edge_v[e]];
            if (da != dc) {
                cut += 1.0;
                per[da] += g->edge_len_m[e];
                per[dc] += g->edge_len_m[e];
            }
        }
    }
    gm_batch_spec s2 = *s;
    if (!s2.votes_a || !s2.votes_b) s2.votes_a = s2.votes_b = NULL;
    gmi_scores_from_tallies(&s2, pop, a, b, ar, per, cut, out, sh);
    out->sample = sample;
    free(t);
    return GM_OK;
}
