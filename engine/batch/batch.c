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
#include "gerrymeter/gm_graph.h"
#include "gerrymeter/gm_partisan.h"
#include "gerrymeter/gm_tally.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Plans per block: 8 keeps 8 plans x 5 columns x k totals in L1 for k <= 64 and gives
 * the out-of-order core 8 independent additions per unit and column. */
#define PB 8

/* Width of a packed unit record: (pop, votes a, votes b, area, exterior length, 1, 0, 0)
 * with a graph, (pop, votes a, votes b, 1, ...) without one: the 1 counts the district's
 * units, in a lane that is added anyway. Eight doubles = one 64-byte cache line per
 * unit; the adds over a record are independent lanes, so the compiler turns them into
 * vector adds (SSE2: 4, AVX: 2 per record). */
#define W 8
/* The lane that counts units. */
#define COUNT_LANE(g) ((g) ? 5 : 3)

typedef struct worker {
    gm_partisan_batch *pk; /* the engine's partisan kernel (NULL without votes) */
    double *va, *vb;  /* [PB*k] the block's vote totals, plans x districts, for pk */
    double *tot;      /* [PB][k][W] district totals of the block's plans */
    int32_t *at;      /* [n][PB] the block's assignments, unit-major (transposed) */
    double *shares;   /* [k] */
    double *col;      /* [5][k] one plan's totals as columns */
    gm_contiguity_ctx *contig; /* with a graph: contiguity of one plan at a time */
    gm_extras_work *xw; /* with extras: their scratch */
    double *aux;      /* [PB][n_aux] the block's split and demographic values */
    double *dpop;     /* [PB][k] the block's district populations, for the extras */
    double *dtot;     /* [PB][k][demo lanes] the block's demographic totals (demo_lanes) */
    double *etot;     /* [PB][k][ew] totals of elections 1.. (elections record) */
    double *et;       /* [PB][n_elections][2][k] every election's totals, per plan */
    double *esh;      /* [PB][n_elections][k] their district shares */
    double *ev;       /* [PB][(n_elections + 1) * values] the block's election values */
} worker;

/* The first lane of the elections' votes when they ride in the record. */
#define ELECTION_LANE 4

/* Votes of the elections after the first per unit, at most (padded to groups of 4). */
#define GMI_EW_MAX (2 * GM_ELECTIONS_MAX)

/* The first lane of the demographics (VAP, then each group) when they ride in the
 * packed record: without a graph lanes 4..7 are free, so up to 4 values. */
#define DEMO_LANE 4

struct gm_batch {
    gm_batch_spec s;
    size_t demo_lanes;  /* VAP and groups carried in lanes DEMO_LANE.. (no graph), or 0:
                           the extras sum them in a pass of their own */
    size_t n_threads;
    worker *w;        /* [n_threads] */
    double *unit;     /* [n_units][W] packed unit columns */
    size_t elanes;    /* votes of elections 1.. in the record's lanes ELECTION_LANE.. (no
                         graph, no demographics): 0, 2 or 4 */
    size_t ew;        /* the other votes of elections 1.. per unit, padded to a multiple
                         of 4 */
    double *evotes;   /* [n_units][ew] packed: a then b of each election after the first,
                         added in the same pass over the units as the record */
    size_t n_ev;      /* election values per plan: (n_elections + 1) * gm_election_values */
};

void gm_batch_destroy(gm_batch *b)
{
    if (!b) return;
    if (b->w)
        for (size_t t = 0; t < b->n_threads; t++) {
            gm_partisan_batch_destroy(b->w[t].pk);
            free(b->w[t].va);
            free(b->w[t].vb);
            free(b->w[t].tot);
            free(b->w[t].at);
            free(b->w[t].shares);
            free(b->w[t].col);
            gm_contiguity_ctx_destroy(b->w[t].contig);
            gm_extras_work_destroy(b->w[t].xw);
            free(b->w[t].aux);
            free(b->w[t].dpop);
            free(b->w[t].dtot);
            free(b->w[t].etot);
            free(b->w[t].et);
            free(b->w[t].esh);
            free(b->w[t].ev);
        }
    free(b->w);
    free(b->unit);
    free(b->evotes);
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
    size_t n = spec->n_units, k = spec->k, ne = spec->n_elections;
    if (ne && (!spec->votes_a || !spec->votes_b || !spec->election || ne > GM_ELECTIONS_MAX ||
               spec->election[0] != spec->votes_a || spec->election[1] != spec->votes_b))
        return gm_fail(err, GM_E_ARG, "several elections need 1 to %d elections, the first one's "
                       "votes as a and b", GM_ELECTIONS_MAX);
    gm_batch *b = calloc(1, sizeof *b);
    if (!b) return gm_fail(err, GM_E_NOMEM, "out of memory");
    b->s = *spec;
    if (!b->s.votes_a || !b->s.votes_b) b->s.votes_a = b->s.votes_b = NULL;
    b->n_threads = n_threads;
    b->w = calloc(n_threads, sizeof *b->w);
    b->unit = calloc(n * W, sizeof *b->unit);
    if (!b->w || !b->unit) goto nomem;
    for (size_t i = 0; i < n; i++) {
        double *x = b->unit + i * W;
        x[0] = spec->pop ? spec->pop[i] : 0;
        x[1] = b->s.votes_a ? spec->votes_a[i] : 0;
        x[2] = b->s.votes_b ? spec->votes_b[i] : 0;
        x[3] = spec->graph ? spec->graph->area_m2[i] : 0;
        x[4] = spec->graph ? spec->graph->ext_len_m[i] : 0;
        x[COUNT_LANE(spec->graph)] = 1;
    }
    const gm_demo *dm = spec->extras ? gm_plan_extras_demo(spec->extras) : NULL;
    if (dm && !spec->graph && 1 + dm->n_groups <= W - DEMO_LANE) {
        b->demo_lanes = 1 + dm->n_groups;
        for (size_t i = 0; i < n; i++) {
            double *x = b->unit + i * W + DEMO_LANE;
            x[0] = dm->vap[i];
            for (size_t g = 0; g < dm->n_groups; g++) x[1 + g] = dm->group[g][i];
        }
    }
    if (ne) {
        /* the votes of the elections after the first: up to two elections in the free
         * lanes 4..7 of the record (no graph, no demographics), the rest beside it */
        size_t used = 2 * (ne - 1);
        b->elanes = !spec->graph && !b->demo_lanes ? (used < 4 ? used : 4) : 0;
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < b->elanes; c++)
                b->unit[i * W + ELECTION_LANE + c] = spec->election[2 + c][i];
        used -= b->elanes;
        b->ew = (used + 3) / 4 * 4; /* padded with zeros to whole groups of 4 lanes */
        b->n_ev = (ne + 1) * gm_election_values();
        if (b->ew && !(b->evotes = calloc(n * b->ew, sizeof *b->evotes))) goto nomem;
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < used; c++)
                b->evotes[i * b->ew + c] = spec->election[2 + b->elanes + c][i];
    }
    for (size_t t = 0; t < n_threads; t++) {
        b->w[t].tot = malloc(PB * k * W * sizeof(double));
        b->w[t].at = malloc(n * PB * sizeof(int32_t));
        b->w[t].shares = malloc(k * sizeof(double));
        b->w[t].col = malloc(5 * k * sizeof(double));
        b->w[t].va = malloc(PB * k * sizeof(double));
        b->w[t].vb = malloc(PB * k * sizeof(double));
        if (!b->w[t].tot || !b->w[t].at || !b->w[t].shares || !b->w[t].col || !b->w[t].va ||
            !b->w[t].vb)
            goto nomem;
        if (spec->graph && !spec->no_contiguity &&
            gm_contiguity_ctx_create(spec->graph, k, &b->w[t].contig, err) != GM_OK) {
            gm_batch_destroy(b);
            return err ? err->code : GM_E_NOMEM;
        }
        if (spec->extras) {
            if (gm_extras_work_create(spec->extras, k, &b->w[t].xw, err) != GM_OK) {
                gm_batch_destroy(b);
                return err ? err->code : GM_E_NOMEM;
            }
            if (!(b->w[t].aux = malloc(PB * (gm_plan_extras_n(spec->extras) + 1) * sizeof(double))) ||
                !(b->w[t].dpop = malloc(PB * k * sizeof(double))) ||
                !(b->w[t].dtot = malloc(PB * k * (W - DEMO_LANE) * sizeof(double))))
                goto nomem;
        }
        if (ne && (!(b->w[t].etot = malloc((PB * k * b->ew + 1) * sizeof(double))) ||
                   !(b->w[t].et = malloc(PB * ne * 2 * k * sizeof(double))) ||
                   !(b->w[t].esh = malloc(PB * ne * k * sizeof(double))) ||
                   !(b->w[t].ev = malloc(PB * b->n_ev * sizeof(double)))))
            goto nomem;
        if (b->s.votes_a && gm_partisan_batch_create(k, NULL, &b->w[t].pk, err) != GM_OK) {
            gm_batch_destroy(b);
            return err ? err->code : GM_E_NOMEM;
        }
    }
    *out = b;
    return GM_OK;
nomem:
    gm_batch_destroy(b);
    return gm_fail(err, GM_E_NOMEM, "out of memory");
}

/* t[0..4) += x[0..4) and t[0..8) += x[0..8), written out lane by lane: the compiler
 * pairs the lanes into vector adds (as a loop over the lanes it kept them scalar). */
static inline void add4(double *restrict t, const double *restrict x)
{
    t[0] += x[0];
    t[1] += x[1];
    t[2] += x[2];
    t[3] += x[3];
}

static inline void add8(double *restrict t, const double *restrict x)
{
    t[0] += x[0];
    t[1] += x[1];
    t[2] += x[2];
    t[3] += x[3];
    t[4] += x[4];
    t[5] += x[5];
    t[6] += x[6];
    t[7] += x[7];
}

/* Score np <= PB plans (rows of A). Each plan's totals are sums over units in unit order
 * (one lane of the packed record per column), the same additions as gm_tally_compute().
 * Returns false, scoring nothing, when a district index is outside 0..k-1 (checked
 * during the transpose, so the rows are read once) or a district has no unit (from the
 * count lane of its totals). */
static bool score_block(const gm_batch *b, worker *w, const int32_t *A, const int64_t *samples,
                        size_t np, gm_plan_scores *out, double *shares)
{
    const gm_batch_spec *s = &b->s;
    size_t n = s->n_units, k = s->k;
    double *tot = w->tot;
    int32_t *at = w->at;
    memset(tot, 0, PB * k * W * sizeof *tot);
    /* Transpose the block to unit-major; pad missing plans with district 0 (their totals
     * are computed and ignored). */
    uint32_t bad = 0;
    /* Unit by unit, the PB plans' ids of a unit written side by side: the writes are
     * contiguous and the PB rows are read as PB sequential streams (writing one plan's
     * row at a time instead scattered 4-byte stores over the whole block, 8 passes over
     * an array larger than L1: a third of the kernel's time with splits). */
    const int32_t *row[PB];
    for (size_t p = 0; p < PB; p++) row[p] = A + (p < np ? p : 0) * n;
    for (size_t i = 0; i < n; i++) {
        int32_t *o = at + i * PB;
        for (size_t p = 0; p < PB; p++) {
            int32_t v = row[p][i];
            o[p] = v;
            bad |= (uint32_t)v >= (uint32_t)k;
        }
    }
    if (bad) return false;
    const double *unit = b->unit;
    const gm_graph *g = s->graph;
    size_t lanes = g ? 5 : 3;
    /* Each unit's record is copied into locals before its PB additions: the compiler
     * then knows that the totals written do not alias it, keeps it in registers and adds
     * it two lanes at a time (a vector store per two lanes instead of a scalar one per
     * lane; the sums, lane by lane and in unit order, are the same). */
    if (b->ew || b->elanes) {
        /* several elections: the record's lanes and every further election's two votes
         * in one pass over the units */
        size_t ew = b->ew;
        double *et = w->etot;
        memset(et, 0, PB * k * ew * sizeof *et);
        /* Fixed widths the compiler turns into vector adds: the record's first four
         * lanes (population, votes, the count) or, with a graph or demographic lanes,
         * the whole record (its unused lanes are 0), and the elections four lanes at a
         * time (ew is padded to a multiple of 4 with zeros). Every lane added is a
         * store: adding no lane that is not used is what keeps this pass fast. */
        if (!g && !b->demo_lanes && !b->elanes) {
            for (size_t i = 0; i < n; i++) {
                double x[W], y[GMI_EW_MAX];
                memcpy(x, unit + i * W, sizeof x);
                if (ew) memcpy(y, b->evotes + i * ew, ew * sizeof *y);
                const int32_t *d = at + i * PB;
                for (size_t p = 0; p < PB; p++) {
                    double *t = tot + ((size_t)p * k + (size_t)d[p]) * W;
                    add4(t, x);
                    double *u = et + ((size_t)p * k + (size_t)d[p]) * ew;
                    for (size_t c = 0; c < ew; c += 4) add4(u + c, y + c);
                }
            }
        } else {
            for (size_t i = 0; i < n; i++) {
                double x[W], y[GMI_EW_MAX];
                memcpy(x, unit + i * W, sizeof x);
                if (ew) memcpy(y, b->evotes + i * ew, ew * sizeof *y);
                const int32_t *d = at + i * PB;
                for (size_t p = 0; p < PB; p++) {
                    double *t = tot + ((size_t)p * k + (size_t)d[p]) * W;
                    add8(t, x);
                    double *u = et + ((size_t)p * k + (size_t)d[p]) * ew;
                    for (size_t c = 0; c < ew; c += 4) add4(u + c, y + c);
                }
            }
        }
    } else if (lanes == 3 && b->demo_lanes) {
        /* the demographics ride along in lanes 4..7: eight independent lanes per record */
        for (size_t i = 0; i < n; i++) {
            double x[W];
            memcpy(x, unit + i * W, sizeof x);
            const int32_t *d = at + i * PB;
            for (size_t p = 0; p < PB; p++) {
                double *t = tot + ((size_t)p * k + (size_t)d[p]) * W;
                add8(t, x);
            }
        }
    } else if (lanes == 3) {
        for (size_t i = 0; i < n; i++) {
            double x[W];
            memcpy(x, unit + i * W, sizeof x);
            const int32_t *d = at + i * PB;
            for (size_t p = 0; p < PB; p++) {
                double *t = tot + ((size_t)p * k + (size_t)d[p]) * W;
                t[0] += x[0];
                t[1] += x[1];
                t[2] += x[2];
                t[3] += x[3]; /* zero: keeps the record a pair of 2-lane vectors */
            }
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            double x[W];
            memcpy(x, unit + i * W, sizeof x);
            const int32_t *d = at + i * PB;
            for (size_t p = 0; p < PB; p++) {
                double *t = tot + ((size_t)p * k + (size_t)d[p]) * W;
                t[0] += x[0];
                t[1] += x[1];
                t[2] += x[2];
                t[3] += x[3];
                t[4] += x[4];
                t[5] += x[5];
            }
        }
    }
    double cut[PB] = {0};
    if (g) {
        /* Cut edges: the shared length goes into both districts' perimeters (lane 4). */
        const uint32_t *eu = g->edge_u, *ev = g->edge_v;
        const double *el = g->edge_len_m;
        for (size_t e = 0; e < g->n_edges; e++) {
            const int32_t *da = at + (size_t)eu[e] * PB, *dc = at + (size_t)ev[e] * PB;
            for (size_t p = 0; p < PB; p++) {
                if (da[p] != dc[p]) {
                    cut[p] += 1.0;
                    tot[((size_t)p * k + (size_t)da[p]) * W + 4] += el[e];
                    tot[((size_t)p * k + (size_t)dc[p]) * W + 4] += el[e];
                }
            }
        }
    }
    for (size_t p = 0; p < np; p++)
        for (size_t d = 0; d < k; d++)
            if (tot[((size_t)p * k + d) * W + COUNT_LANE(g)] == 0) return false;
    /* splits and demographics of the block's plans together, from the transposed
     * assignments and the plans' district populations */
    size_t nx = w->xw ? gm_plan_extras_n(s->extras) : 0;
    if (w->xw) {
        size_t dl = b->demo_lanes;
        for (size_t p = 0; p < np; p++)
            for (size_t d = 0; d < k; d++) {
                const double *t = tot + (p * k + d) * W;
                w->dpop[p * k + d] = t[0];
                for (size_t c = 0; c < dl; c++) w->dtot[(p * k + d) * dl + c] = t[DEMO_LANE + c];
            }
        gm_plan_extras_block(s->extras, w->xw, at, PB, np, w->dpop, dl ? w->dtot : NULL, w->aux);
    }
    /* Seats, efficiency gap, mean-median, partisan bias, declination: the engine's
     * partisan kernel over the block's district totals. */
    double seats[PB], eg[PB], mm[PB], pbias[PB], decl[PB];
    gm_partisan_batch_out po = {.seats_a = seats, .efficiency_gap = eg, .mean_median = mm,
                                .partisan_bias = pbias, .declination = decl};
    if (w->pk) {
        for (size_t p = 0; p < np; p++)
            for (size_t d = 0; d < k; d++) {
                w->va[p * k + d] = tot[(p * k + d) * W + 1];
                w->vb[p * k + d] = tot[(p * k + d) * W + 2];
            }
        gm_partisan_batch_score(w->pk, w->va, w->vb, np, &po);
    }
    size_t ne = s->n_elections;
    if (ne) {
        /* each election's totals side by side, then every election and the composite */
        size_t ew = b->ew;
        for (size_t p = 0; p < np; p++)
            for (size_t e = 0; e < ne; e++) {
                double *ea = w->et + (p * ne + e) * 2 * k, *eb = ea + k;
                for (size_t d = 0; d < k; d++) {
                    size_t l = 2 * (e - 1); /* e >= 1: its lane among the elections' */
                    const double *t = !e            ? tot + (p * k + d) * W + 1
                                      : l < b->elanes ? tot + (p * k + d) * W + ELECTION_LANE + l
                                                      : w->etot + (p * k + d) * ew + l - b->elanes;
                    ea[d] = t[0];
                    eb[d] = t[1];
                }
            }
        gmi_elections_values(w->pk, ne, k, np, w->et, &po, w->va, w->vb, w->esh, w->ev);
    }
    double *col = w->col;
    for (size_t p = 0; p < np; p++) {
        const double *t = tot + p * k * W;
        for (size_t c = 0; c < 5; c++)
            for (size_t d = 0; d < k; d++) col[c * k + d] = t[d * W + c];
        double *sh = shares ? shares + p * k : w->shares;
        /* contiguity from the plan's own row: the row, the union-find forest and the
         * edge list stay in cache for this one walk */
        double nc = w->contig ? (double)gm_contiguity_count(w->contig, A + p * n) : NAN;
        gmi_scores_from_tallies(s, col, col + k, col + 2 * k, col + 3 * k, col + 4 * k, cut[p], nc,
                                w->xw ? w->aux + p * nx : NULL,
                                ne ? w->ev + p * b->n_ev : NULL, b->n_ev,
                                &out[p], sh);
        out[p].sample = samples ? samples[p] : 0;
        if (w->pk) {
            out[p].seats_a = seats[p];
            out[p].efficiency_gap = eg[p];
            out[p].mean_median = mm[p];
            out[p].partisan_bias = pbias[p];
            out[p].declination = decl[p];
        }
    }
    return true;
}

typedef struct job {
    const gm_batch *b;
    worker *w;
    const int32_t *A;
    const int64_t *samples;
    size_t n_plans;
    gm_plan_scores *out;
    double *shares;
    bool ok;         /* false: a plan of this chunk has a district index >= k or an empty
                        district */
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    size_t n = j->b->s.n_units, k = j->b->s.k;
    j->ok = true;
    for (size_t p = 0; p < j->n_plans; p += PB) {
        size_t np = j->n_plans - p < PB ? j->n_plans - p : PB;
        if (!score_block(j->b, j->w, j->A + p * n, j->samples ? j->samples + p : NULL, np,
                         j->out + p, j->shares ? j->shares + p * k : NULL)) {
            j->ok = false;
            break;
        }
    }
    return NULL;
}

gm_status gm_batch_score(gm_batch *b, const int32_t *A, const int64_t *samples, size_t n_plans,
                         gm_plan_scores *out, double *shares, gm_error *err)
{
    size_t n = b->s.n_units, k = b->s.k;
    size_t T = b->n_threads;
    /* Below a few blocks per thread, threads cost more than they save. */
    if (T > 1 && n_plans < 4 * PB * T) T = n_plans / (4 * PB) > 1 ? n_plans / (4 * PB) : 1;
    if (T > 256) T = 256;
    job jobs[256];
    pthread_t tid[256];
    bool started[256] = {false};
    /* Chunks are whole blocks so every worker runs full blocks except the last. */
    size_t blocks = (n_plans + PB - 1) / PB, per = (blocks + T - 1) / T, nj = 0;
    for (size_t t = 0; t < T; t++) {
        size_t lo = t * per * PB, hi = (t + 1) * per * PB;
        if (lo >= n_plans) break;
        if (hi > n_plans) hi = n_plans;
        jobs[t] = (job){b, &b->w[t], A + lo * n, samples ? samples + lo : NULL, hi - lo, out + lo,
                        shares ? shares + lo * k : NULL, true};
        nj = t + 1;
        if (t > 0) /* the caller's thread runs chunk 0; without a thread, run it here */
            started[t] = pthread_create(&tid[t], NULL, run_job, &jobs[t]) == 0;
    }
    if (nj > 0) run_job(&jobs[0]);
    for (size_t t = 1; t < nj; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        else run_job(&jobs[t]);
    }
    for (size_t t = 0; t < nj; t++) {
        if (jobs[t].ok) continue;
        /* Find the offending plan for the message. */
        for (size_t p = 0; p < jobs[t].n_plans; p++) {
            char why[160];
            if (gm_batch_plan_check(jobs[t].A + p * n, n, k, why, sizeof why))
                return gm_fail(err, GM_E_DATA, "plan %lld: %s",
                               jobs[t].samples ? (long long)jobs[t].samples[p] : (long long)p, why);
        }
    }
    return GM_OK;
}

int gm_batch_plan_check(const int32_t *district, size_t n, size_t k, char *why, size_t cap)
{
    for (size_t i = 0; i < n; i++)
        if (district[i] < 0 || (size_t)district[i] >= k) {
            if (why) snprintf(why, cap, "unit %zu has district %d, outside 0..%zu", i, (int)district[i],
                              k - 1);
            return 1;
        }
    unsigned char *seen = calloc(k, 1);
    if (!seen) {
        if (why) snprintf(why, cap, "out of memory");
        return 1;
    }
    size_t left = k;
    for (size_t i = 0; i < n && left; i++)
        if (!seen[district[i]]) {
            seen[district[i]] = 1;
            left--;
        }
    int rc = 0;
    for (size_t d = 0; d < k && left; d++)
        if (!seen[d]) {
            if (why) snprintf(why, cap, "district %zu of 0..%zu has no unit (%zu of the %zu districts are empty)",
                              d, k - 1, left, k);
            rc = 2;
            break;
        }
    free(seen);
    return rc;
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
            return gm_fail(err, GM_E_DATA, "plan %lld: unit %zu has district %d, outside 0..%zu",
                           (long long)sample, i, (int)A[i], k - 1);
        }
        pop[A[i]] += s->pop ? s->pop[i] : 0;
    }
    if (s->votes_a && s->votes_b)
        for (size_t i = 0; i < n; i++) {
            a[A[i]] += s->votes_a[i];
            b[A[i]] += s->votes_b[i];
        }
    double cut = 0, nc = NAN;
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
        if (!s->no_contiguity) {
            gm_contiguity_ctx *cx = NULL;
            gm_status rc = gm_contiguity_ctx_create(g, k, &cx, err);
            if (rc != GM_OK) {
                free(t);
                return rc;
            }
            nc = (double)gm_contiguity_count(cx, A);
            gm_contiguity_ctx_destroy(cx);
        }
    }
    double *aux = NULL;
    if (s->extras) {
        gm_extras_work *xw = NULL;
        aux = malloc((gm_plan_extras_n(s->extras) + 1) * sizeof *aux);
        gm_status rc = aux ? gm_extras_work_create(s->extras, k, &xw, err)
                           : gm_fail(err, GM_E_NOMEM, "out of memory");
        if (rc != GM_OK) {
            free(aux);
            free(t);
            return rc;
        }
        gm_plan_extras_plan(s->extras, xw, A, pop, aux);
        gm_extras_work_destroy(xw);
    }
    gm_batch_spec s2 = *s;
    if (!s2.votes_a || !s2.votes_b) s2.votes_a = s2.votes_b = NULL;
    gm_partisan_batch *pk = NULL;
    if (s2.votes_a) {
        gm_status rc = gm_partisan_batch_create(k, NULL, &pk, err);
        if (rc != GM_OK) {
            free(aux);
            free(t);
            return rc;
        }
    }
    /* several elections: each one's totals summed in unit order, as the kernel sums them */
    size_t ne = s2.votes_a ? s->n_elections : 0;
    double *ew = NULL;
    if (ne) {
        size_t nv = (ne + 1) * gm_election_values();
        ew = calloc(2 * ne * k + 2 * k + ne * k + nv, sizeof *ew);
        if (!ew) {
            gm_partisan_batch_destroy(pk);
            free(aux);
            free(t);
            return gm_fail(err, GM_E_NOMEM, "out of memory");
        }
        double *et = ew, *va = et + 2 * ne * k, *vb = va + k, *esh = vb + k, *ev = esh + ne * k;
        for (size_t e = 0; e < ne; e++) {
            double *ea = et + e * 2 * k, *eb = ea + k;
            for (size_t i = 0; i < n; i++) {
                ea[A[i]] += s->election[2 * e][i];
                eb[A[i]] += s->election[2 * e + 1][i];
            }
        }
        gmi_elections_values(pk, ne, k, 1, et, NULL, va, vb, esh, ev);
    }
    gmi_scores_from_tallies(&s2, pop, a, b, ar, per, cut, nc, aux,
                            ne ? ew + 2 * ne * k + 2 * k + ne * k : NULL,
                            (ne + 1) * gm_election_values(), out, sh);
    free(ew);
    free(aux);
    out->sample = sample;
    if (s2.votes_a) {
        /* The engine's partisan kernel on a batch of one plan (what gm_partisan_score runs
         * for these metrics, without its per-plan extras). */
        gm_partisan_batch_out po = {.seats_a = &out->seats_a, .efficiency_gap = &out->efficiency_gap,
                                    .mean_median = &out->mean_median,
                                    .partisan_bias = &out->partisan_bias,
                                    .declination = &out->declination};
        gm_partisan_batch_score(pk, a, b, 1, &po);
        gm_partisan_batch_destroy(pk);
    }
    free(t);
    return GM_OK;
}
